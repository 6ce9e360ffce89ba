"""A comparison in which either memorandum offers groups of alternatives.

``_Offered`` reads both sides' main positions once; each option, and the headline with each
group's closest option taken, is that reading with the rows its options change read again.
Every row then carries how each option fares on its issue.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import attrs

from negpos._analysis.compare.reading import (
    _GAP,
    _OTHER_OPTION,
    _conditioned,
    _issue_comparison,
    _Overlay,
    _read,
    _settle,
)
from negpos._analysis.compare.side import _alternative_issues, _Marks, _Side
from negpos._analysis.compare.tally import _MergedGaps, _Tally, _tally
from negpos._analysis.comparison import (
    AlternativesComparison,
    Comparison,
    IssueComparison,
    OptionComparison,
    OptionFare,
)
from negpos._analysis.settled import Settlement
from negpos._model.documents import Memorandum, Option
from negpos._model.issues import Issue


class OfferedPatch:
    """A comparison with alternatives that can be redone at once after some positions change.

    The counterpart of [`Patch`][negpos._analysis.compare.patch.Patch] for memoranda that
    offer alternatives: a scenario search compares the same two memoranda again for every set
    of moves it tries, and a move can change which option comes closest and so the headline.
    The main reading is kept and only the moved issues (and the rows whose conditions lead to
    them) are read again; the options are then read on top of it as ``compare_memoranda``
    reads them, so a try costs the issues it moves and the options, not the agenda.

    Args:
        memo_a: The first party's memorandum.
        memo_b: The second party's memorandum.
        issues: The agenda, in order.
        settled: The issues the two parties settled at the table, by issue id.
    """

    def __init__(
        self,
        memo_a: Memorandum,
        memo_b: Memorandum,
        issues: Sequence[Issue],
        settled: Mapping[str, Settlement] | None = None,
    ) -> None:
        parties = (memo_a.party, memo_b.party)
        marks = _Marks(parties, _alternative_issues(memo_a), _alternative_issues(memo_b))
        self._offered = _Offered(
            issues,
            {i.id: i for i in issues},
            memo_a,
            memo_b,
            _Side.main(memo_a),
            _Side.main(memo_b),
            settled or {},
            marks,
        )

    def after(self, memo_a: Memorandum, memo_b: Memorandum, issues: Iterable[str]) -> Comparison:
        """The comparison of ``memo_a`` and ``memo_b``, which differ only on ``issues``.

        Returns:
            What ``compare_memoranda(memo_a, memo_b, ...)`` returns.
        """
        return self._offered.moved(memo_a, memo_b, issues).result()


class _Offered:
    """A comparison in which either memorandum offers groups of alternatives.

    Each option is read as its memorandum's main positions with the option's positions
    taken (restated where the main positions address the same issue), against the
    counterpart's main positions. The option that leaves the fewest issues unresolved is the
    group's ``closest``; the headline reads both memoranda with their closest options taken,
    and lists the issues only other options address as ``other_option``. Every row carries
    how each option fares on its issue.

    The main positions of both sides are read once. Every other reading (an option taken, or
    the closest options of all groups) differs from that one only on the issues its options
    state and on the rows whose conditions depend on them, so it is that reading with those
    rows read again (see ``_reread``), and its summary is the main one's sums with their
    terms taken out and put in: the cost of an option is the issues it states and the
    conditions on the agenda, not the agenda.
    """

    def __init__(
        self,
        issues: Sequence[Issue],
        by_id: Mapping[str, Issue],
        memo_a: Memorandum,
        memo_b: Memorandum,
        main_a: _Side,
        main_b: _Side,
        settled: Mapping[str, Settlement],
        marks: _Marks,
    ) -> None:
        self.issues, self.by_id = issues, by_id
        self.memoranda = (memo_a, memo_b)
        self.mains = (main_a, main_b)
        self.settled, self.marks = settled, marks
        # What each option changes in the main reading, by (party, group, option).
        self.readings: dict[tuple[str, str, str], dict[str, IssueComparison]] = {}
        self.unconditioned: dict[str, IssueComparison] = {}
        rows = _read(
            issues, main_a, main_b, settled, marks, by_id, unconditioned=self.unconditioned
        )
        self.rank = {issue.id: k for k, issue in enumerate(issues)}
        self.rows = rows
        self.row_of = {c.issue.id: k for k, c in enumerate(rows)}
        tally, gaps = _tally(rows)
        self.tally = tally.condensed()
        self.gaps: Iterable[IssueComparison] = gaps
        self._depend()

    def _depend(self) -> None:
        """Which conditioned rows depend on each issue through a condition."""
        self.dependents: dict[str, list[str]] = {}
        for iid, row in self.unconditioned.items():
            for position in (row.position_a, row.position_b):
                if position is not None:
                    for condition in position.conditions:
                        self.dependents.setdefault(condition.issue, []).append(iid)

    def moved(self, memo_a: Memorandum, memo_b: Memorandum, issues: Iterable[str]) -> _Offered:
        """The same comparison once the memoranda's positions on ``issues`` have changed.

        ``memo_a`` and ``memo_b`` are this comparison's memoranda with positions replaced
        on ``issues`` only (main positions, and the options' restatements of them): the
        scenarios' moves. The main reading is this one with those rows read again, and the
        rows whose conditions lead to them; nothing else is compared again, so a try costs
        the issues it moves and the options, not the agenda. Its ``result()`` equals
        ``compare_memoranda`` of the two memoranda (property-tested).
        """
        main_a, main_b = _Side.main(memo_a), _Side.main(memo_b)
        moved = set(issues)
        fresh, conditioned = self._fresh(main_a, main_b, moved)
        changed = self._conditions(fresh, conditioned)
        if any(iid not in self.row_of for iid in changed):
            # A position new to the main reading: no row to put it in; read it all.
            return _Offered(
                self.issues,
                self.by_id,
                memo_a,
                memo_b,
                main_a,
                main_b,
                self.settled,
                self.marks,
            )
        new = object.__new__(_Offered)
        new.issues, new.by_id = self.issues, self.by_id
        new.memoranda = (memo_a, memo_b)
        new.mains = (main_a, main_b)
        new.settled, new.marks = self.settled, self.marks
        new.readings = {}
        new.unconditioned = {
            iid: row for iid, row in self.unconditioned.items() if iid not in moved
        }
        new.unconditioned.update((iid, fresh[iid]) for iid in moved & conditioned)
        rows = list(self.rows)
        row_of = self.row_of
        for iid, row in changed.items():
            rows[row_of[iid]] = row
        new.rank = self.rank
        # The sums and the gaps are this reading's with the changed rows' terms taken out
        # and put in (exact, see ``_Tally``), not summed again over the agenda.
        tally, removed, added = self._tally_with(changed)
        new.rows, new.row_of = rows, row_of
        new.tally = tally.condensed()
        new.gaps = _MergedGaps(self.gaps, frozenset(removed), tuple(added), self.rank)
        if moved.isdisjoint(self.unconditioned) and moved.isdisjoint(new.unconditioned):
            new.dependents = self.dependents
        else:
            new._depend()
        return new

    def result(self) -> Comparison:
        memo_a, memo_b = self.memoranda
        main_a, main_b = self.mains
        groups_a = self._groups(memo_a, mirrored=False)
        groups_b = self._groups(memo_b, mirrored=True)
        options_a = [_option(memo_a, g) for g in groups_a]
        options_b = [_option(memo_b, g) for g in groups_b]
        side_a = main_a.taking(memo_a, options_a, (g.group for g in groups_a))
        side_b = main_b.taking(memo_b, options_b, (g.group for g in groups_b))
        stated = {p.issue for o in (*options_a, *options_b) for p in o.positions}
        changed = self._reread(side_a, side_b, stated)
        # The issues only options not taken address: no position in this reading, and no
        # row in the main one (a settled issue has one).
        taken = set(side_a.positions) | set(side_b.positions)
        party_a, party_b = memo_a.party, memo_b.party
        mark = self.marks.of
        for iid in self.marks.issues - taken:
            if iid not in self.row_of:
                changed[iid] = IssueComparison(
                    self.by_id[iid],
                    _OTHER_OPTION,
                    None,
                    None,
                    None,
                    party_a,
                    party_b,
                    in_alternatives=mark(iid),
                )
        tally, _, _ = self._tally_with(changed)
        rows = [changed.pop(c.issue.id, c) for c in self.rows]
        if changed:
            rank = self.rank
            rows += changed.values()
            rows.sort(key=lambda c: rank[c.issue.id])
        groups = (*groups_a, *groups_b)
        main = {c.issue.id: c for c in self.rows}
        rows = _with_fares(rows, groups, self.readings, main)
        gaps = [c for c in rows if c.status is _GAP]
        return Comparison(
            memo_a.party,
            memo_b.party,
            memo_a.round,
            memo_b.round,
            tuple(rows),
            tally.summary(gaps),
            groups,
        )

    def _tally_with(
        self, changed: Mapping[str, IssueComparison]
    ) -> tuple[_Tally, list[str], list[IssueComparison]]:
        """The main reading's sums with the rows ``changed`` in place of its own.

        Also the ids of the main rows replaced, and the new rows that are gaps.
        """
        rows, row_of = self.rows, self.row_of
        tally = self.tally.copy()
        removed: list[str] = []
        added: list[IssueComparison] = []
        for iid, new in changed.items():
            k = row_of.get(iid)
            if k is not None:
                old = rows[k]
                if new == old:
                    continue
                tally.add(old, -1)
                removed.append(iid)
            tally.add(new)
            if new.status is _GAP:
                added.append(new)
        return tally, removed, added

    def _reread(
        self, side_a: _Side, side_b: _Side, stated: Iterable[str]
    ) -> dict[str, IssueComparison]:
        """The rows of the reading of ``side_a`` and ``side_b`` that the main one lacks.

        The two sides differ from the main positions only on the issues ``stated``: those
        are read again, and conditions are applied again to the rows whose conditions lead,
        directly or through other rows, to one of them. The other rows come out as in the
        main reading, conditions included: nothing they depend on changed.

        Returns:
            The rows read again, by issue id: those of the issues ``stated`` (some new to
            the main reading) and of the conditioned rows that depend on them, in no order.
            A row may equal the main reading's.
        """
        fresh, conditioned = self._fresh(side_a, side_b, stated)
        return self._conditions(fresh, conditioned)

    def _fresh(
        self, side_a: _Side, side_b: _Side, stated: Iterable[str]
    ) -> tuple[dict[str, IssueComparison], set[str]]:
        """The issues ``stated`` read again before conditions, and those that carry one."""
        by_id, settled, mark = self.by_id, self.settled, self.marks.of
        get_a, get_b = side_a.positions.get, side_b.positions.get
        party_a, party_b = side_a.party, side_b.party
        fresh: dict[str, IssueComparison] = {}
        conditioned: set[str] = set()
        for iid in stated:
            a, b = get_a(iid), get_b(iid)
            row = _issue_comparison(
                by_id[iid],
                a,
                b,
                party_a,
                party_b,
                mark(iid),
                None if a is None else side_a.since_of(iid),
                None if b is None else side_b.since_of(iid),
            )
            if iid in settled:
                row = _settle(row, settled[iid])
            elif _conditioned(row):
                conditioned.add(iid)
            fresh[iid] = row
        return fresh, conditioned

    def _conditions(
        self, fresh: dict[str, IssueComparison], conditioned: set[str]
    ) -> dict[str, IssueComparison]:
        """The rows ``fresh`` with conditions applied again, and the rows that hang on them."""
        by_id = self.by_id
        unconditioned, dependents = self.unconditioned, self.dependents
        if dependents:
            todo = list(fresh)
            while todo:
                for d in dependents.get(todo.pop(), ()):
                    if d not in conditioned and d not in fresh:
                        conditioned.add(d)
                        todo.append(d)
        if not conditioned:
            return fresh
        before = {i: fresh.get(i) or unconditioned[i] for i in conditioned}
        view = _Overlay(self.rows, self.row_of, {**before, **fresh})
        view.apply(conditioned, by_id)
        return view.changed

    def _groups(self, memo: Memorandum, *, mirrored: bool) -> list[AlternativesComparison]:
        mine, theirs = (self.mains[1], self.mains[0]) if mirrored else self.mains
        rank = self.rank
        out: list[AlternativesComparison] = []
        for group in memo.alternatives:
            fared: list[OptionComparison] = []
            for option in group.options:
                side = mine.taking(memo, (option,), (group.id,))
                pair = (theirs, side) if mirrored else (side, theirs)
                stated = {p.issue for p in option.positions}
                changed = self._reread(*pair, stated)
                self.readings[memo.party, group.id, option.id] = changed
                tally, removed, added = self._tally_with(changed)
                gaps = _MergedGaps(self.gaps, frozenset(removed), tuple(added), rank)
                own = sorted((changed[i] for i in stated), key=lambda c: rank[c.issue.id])
                fared.append(
                    OptionComparison(
                        memo.party,
                        group.id,
                        option.id,
                        option.label,
                        tally.summary(gaps),
                        tuple(own),
                    )
                )
            best = max(range(len(fared)), key=lambda k: _closeness(fared[k], k))
            out.append(
                AlternativesComparison(
                    memo.party, group.id, group.label, tuple(fared), fared[best].option
                )
            )
        return out


def _option(memo: Memorandum, group: AlternativesComparison) -> Option:
    for g in memo.alternatives:
        if g.id == group.group:
            for o in g.options:
                if o.id == group.closest:
                    return o
    raise AssertionError("the closest option is one of the group's")


def _with_fares(
    rows: list[IssueComparison],
    groups: Sequence[AlternativesComparison],
    readings: Mapping[tuple[str, str, str], Mapping[str, IssueComparison]],
    main: Mapping[str, IssueComparison],
) -> list[IssueComparison]:
    """The rows, each with how every option of the groups that address its issue fares.

    An option that does not address the issue fares as its reading has it: the party's
    main position, or its silence, against the counterpart.
    """
    fares: dict[str, list[OptionFare]] = {}
    for group in groups:
        addressed = {r.issue.id for o in group.options for r in o.rows}
        for option in group.options:
            own = {r.issue.id for r in option.rows}
            # An option's reading is the main one with the rows it changes in place.
            reading = readings[group.party, group.group, option.option]
            for iid in sorted(addressed):
                row = reading.get(iid) or main.get(iid)
                fare = OptionFare(
                    group.party,
                    group.group,
                    option.option,
                    iid in own,
                    # Under this option nobody addresses the issue: only another does.
                    _OTHER_OPTION if row is None else row.status,
                    None if row is None else row.magnitude,
                    () if row is None else row.red_lines,
                )
                fares.setdefault(iid, []).append(fare)
    if not fares:
        return rows
    return [
        attrs.evolve(r, fares=tuple(fares[r.issue.id])) if r.issue.id in fares else r for r in rows
    ]


def _closeness(option: OptionComparison, k: int) -> tuple[int, float, int, int]:
    summary = option.summary
    index = summary.compatibility
    return (-summary.unresolved, -1.0 if index is None else index, -summary.red_line_count, -k)
