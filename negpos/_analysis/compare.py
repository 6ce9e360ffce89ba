"""Comparing two memoranda issue by issue: statuses, gaps, zones and a summary.

[`compare`][negpos.compare] puts two parties' memoranda side by side on a shared agenda. Each
issue that either side's main positions address gets an
[`IssueComparison`][negpos.IssueComparison] with one [`Status`][negpos.Status]; the
[`Summary`][negpos.Summary] counts them, weighs them and orders the gaps; each group of
alternatives a memorandum offers gets an
[`AlternativesComparison`][negpos.AlternativesComparison] saying how each option fares. The
per-kind rules live in `negpos._analysis.kinds`, the result classes in
`negpos._analysis.comparison`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Mapping, MutableMapping, Sequence

import attrs

from negpos._analysis.comparison import (
    AlternativesComparison,
    Comparison,
    IssueComparison,
    OptionComparison,
    OptionFare,
    PatchedRows,
    Status,
    Summary,
)
from negpos._analysis.joint import joint_magnitude
from negpos._analysis.kinds import assessor, contains
from negpos._analysis.settled import Settlement, settlements, settlements_of
from negpos._errors import InputError, Problem, UsageError
from negpos._model.documents import Condition, Firmness, Memorandum, Option, Outcome, Position
from negpos._model.issues import Issue, Kind
from negpos._model.negotiation import Negotiation, memorandum_problems
from negpos._model.selection import agenda_of, check_memorandum, resolve_pair, resolve_round
from negpos._model.standing import held

__all__ = ["Patch", "compare", "compare_in", "compare_memoranda"]


_OVERLAP, _GAP = Status.OVERLAP, Status.GAP
_IDENTICAL, _SAME_PREFERENCE = Status.IDENTICAL, Status.SAME_PREFERENCE
_ONE_SIDED, _UNCOMPARABLE = Status.ONE_SIDED, Status.UNCOMPARABLE
_SETTLED, _CONDITIONAL, _OTHER_OPTION = Status.SETTLED, Status.CONDITIONAL, Status.OTHER_OPTION
_COMPATIBLE = frozenset({_IDENTICAL, _SAME_PREFERENCE, _OVERLAP})
_SET, _SEQUENCE = Kind.SET, Kind.SEQUENCE


_RULES = {kind: assessor(kind) for kind in Kind}


def _issue_comparison(
    issue: Issue,
    a: Position | None,
    b: Position | None,
    party_a: str,
    party_b: str,
    marks: tuple[str, ...],
    since_a: str | None = None,
    since_b: str | None = None,
) -> IssueComparison:
    # The hot path: one call per issue, plain attribute access, no model built.
    if a is None or b is None:
        return IssueComparison(
            issue, _ONE_SIDED, None, a, b, party_a, party_b, (), (), (), marks, since_a, since_b
        )
    rule = _RULES[issue.kind]
    if rule is None:
        return IssueComparison(
            issue, _UNCOMPARABLE, None, a, b, party_a, party_b, (), (), (), marks, since_a, since_b
        )
    sa, sb = a.stance, b.stance
    ok, same, gap, conflicts = rule(issue, sa, sb)
    if ok:
        if same:
            status = _IDENTICAL
        else:
            # A stance's preferred outcome lies inside what it accepts, so an equal stated
            # preference is an outcome both accept.
            preferred = getattr(sa, "preferred", None)
            same = preferred is not None and preferred == getattr(sb, "preferred", None)
            status = _SAME_PREFERENCE if same else _OVERLAP
        return IssueComparison(
            issue, status, 0.0, a, b, party_a, party_b, (), (), (), marks, since_a, since_b
        )
    red = ((party_a,) if a.red_line else ()) + (
        (party_b,) if b.red_line and party_b != party_a else ()
    )
    kind = issue.kind
    items = conflicts if kind is _SET else ()
    constraints = conflicts if kind is _SEQUENCE else ()
    return IssueComparison(
        issue, _GAP, gap, a, b, party_a, party_b, red, items, constraints, marks, since_a, since_b
    )


def _weight(c: IssueComparison) -> float:
    """An issue's weight in the index: the mean salience of the positions held on it."""
    a, b = c.position_a, c.position_b
    if a is not None and b is not None:
        return (a.salience + b.salience) / 2
    if a is not None:
        return a.salience
    return 0.5 if b is None else b.salience


class _Tally:
    """The running sums behind a summary.

    Options of an alternatives group change only the issues they state, so their figures
    are the main tally with those issues' terms taken out and the options' put in. The sums
    go through ``math.fsum``, which rounds the exact sum of all its terms once: subtracting a
    term is then exact, and the figures do not depend on the order of the issues or sides.
    """

    __slots__ = ("counts", "gaps", "red", "scores", "terms", "weights")

    def __init__(self) -> None:
        self.counts = dict.fromkeys(Status, 0)
        self.terms = 0
        self.red = 0
        self.weights: list[float] = []
        self.scores: list[float] = []
        self.gaps: list[float] = []

    def add(self, c: IssueComparison, sign: int = 1) -> None:
        self.counts[c.status] += sign
        m = c.magnitude
        if m is None:
            if c.status is _CONDITIONAL:
                # In the index with its weight, as no common ground: a score of 0.
                self.weights.append(sign * _weight(c))
            return
        w = _weight(c)
        self.terms += sign
        if c.red_lines:
            self.red += sign
        self.weights.append(sign * w)
        self.scores.append(sign * w * (1.0 - m))
        self.gaps.append(sign * m)

    def copy(self) -> _Tally:
        other = _Tally()
        other.counts = dict(self.counts)
        other.terms, other.red = self.terms, self.red
        other.weights = list(self.weights)
        other.scores = list(self.scores)
        other.gaps = list(self.gaps)
        return other

    def condensed(self) -> _Tally:
        """The same sums with each list of terms replaced by a few floats of the same exact sum.

        Copying it and adding or taking out terms then costs the terms changed, not the
        agenda, and its summary is the one of the whole list with those changes.
        """
        other = _Tally()
        other.counts = dict(self.counts)
        other.terms, other.red = self.terms, self.red
        other.weights = _exact_parts(self.weights)
        other.scores = _exact_parts(self.scores)
        other.gaps = _exact_parts(self.gaps)
        return other

    def summary(self, gap_rows: Iterable[IssueComparison]) -> Summary:
        """The summary of these sums, with the gap rows given in agenda order."""
        return _summary(
            self.counts,
            self.terms,
            math.fsum(self.weights),
            math.fsum(self.scores),
            math.fsum(self.gaps),
            gap_rows,
            self.red,
        )

    def exact(self) -> _ExactTally:
        """The same sums held exactly, for adding and taking out terms in constant time."""
        exact = _ExactTally()
        exact.counts = dict(self.counts)
        exact.terms, exact.red = self.terms, self.red
        exact.weights = sum(map(_exact, self.weights))
        exact.scores = sum(map(_exact, self.scores))
        exact.gaps = sum(map(_exact, self.gaps))
        return exact


def _exact_parts(terms: Sequence[float]) -> list[float]:
    """A few floats whose exact sum is the exact sum of ``terms``.

    ``math.fsum`` rounds the exact sum of its terms once, so ``fsum(parts + more)`` equals
    ``fsum(terms + more)``. Each float found is the rounded remainder of the exact sum not
    yet covered; the remainder shrinks by 53 bits or more each time, so two or three floats
    usually cover it.
    """
    parts: list[float] = []
    while True:
        rest = math.fsum([*terms, *(-p for p in parts)])
        if rest == 0.0:
            return parts
        parts.append(rest)


# Every finite float is an integer multiple of 2**-1074, so a sum of floats held as that
# integer is exact, and dividing it back (Python divides integers with correct rounding) gives
# what math.fsum gives for the same terms.
_UNIT = 1074
_SCALE = 1 << _UNIT


def _exact(value: float) -> int:
    numerator, denominator = value.as_integer_ratio()
    return numerator * (_SCALE // denominator)


class _ExactTally:
    """The sums of a ``_Tally`` held as exact integers: copies, additions and removals are O(1).

    A scenario search adjusts the sums of one comparison for every set of moves it tries;
    with float lists each try would copy them, with these integers it touches only the
    terms of the issues the moves change.
    """

    __slots__ = ("counts", "gaps", "red", "scores", "terms", "weights")

    def __init__(self) -> None:
        self.counts: dict[Status, int] = {}
        self.terms = 0
        self.red = 0
        self.weights = 0
        self.scores = 0
        self.gaps = 0

    def add(self, c: IssueComparison, sign: int = 1) -> None:
        self.counts[c.status] += sign
        m = c.magnitude
        if m is None:
            if c.status is _CONDITIONAL:
                self.weights += sign * _exact(_weight(c))
            return
        w = _weight(c)
        self.terms += sign
        if c.red_lines:
            self.red += sign
        self.weights += sign * _exact(w)
        self.scores += sign * _exact(w * (1.0 - m))
        self.gaps += sign * _exact(m)

    def copy(self) -> _ExactTally:
        other = _ExactTally()
        other.counts = dict(self.counts)
        other.terms, other.weights, other.red = self.terms, self.weights, self.red
        other.scores, other.gaps = self.scores, self.gaps
        return other

    def summary(self, gap_rows: Iterable[IssueComparison]) -> Summary:
        return _summary(
            self.counts,
            self.terms,
            self.weights / _SCALE,
            self.scores / _SCALE,
            self.gaps / _SCALE,
            gap_rows,
            self.red,
        )


def _summary(
    counts: Mapping[Status, int],
    terms: int,
    weights: float,
    scores: float,
    gaps: float,
    gap_rows: Iterable[IssueComparison],
    red: int,
) -> Summary:
    compatibility = mean_gap = None
    # Conditional issues count in the index as no common ground (score 0), never in the
    # mean gap (they have no magnitude).
    in_index = terms + counts[_CONDITIONAL]
    if terms:
        mean_gap = gaps / terms
    if in_index:
        compatibility = scores / weights if weights > 0 else (terms - gaps) / in_index
    return Summary(tuple(counts.items()), compatibility, mean_gap, gap_rows, red)


def _main_positions(memo: Memorandum) -> dict[str, Position]:
    return {p.issue: p for p in memo.positions}


def _alternative_issues(memo: Memorandum) -> set[str]:
    return {p.issue for g in memo.alternatives for o in g.options for p in o.positions}


_STRICTNESS = {f: k for k, f in enumerate(Firmness)}


def restated(main: Position | None, option: Position) -> Position:
    """An option's position on an issue the memorandum's main positions also address.

    The option's stance stands; its firmness is the stricter of the two and its salience the
    higher, so an option that restates a red line never makes it less than a red line.
    """
    if main is None:
        return option
    firmness = min(main.firmness, option.firmness, key=_STRICTNESS.__getitem__)
    salience = max(main.salience, option.salience)
    if firmness is option.firmness and salience == option.salience:
        return option
    return option.model_copy(update={"firmness": firmness, "salience": salience})


class _Side:
    """One side's reading: its positions by issue and the round each was tabled in."""

    __slots__ = ("party", "positions", "round", "since")

    def __init__(
        self,
        party: str,
        positions: Mapping[str, Position],
        since: Mapping[str, str],
        round_id: str | None,
    ) -> None:
        self.party, self.positions, self.since, self.round = party, positions, since, round_id

    @classmethod
    def main(cls, memo: Memorandum) -> _Side:
        return cls(memo.party, _main_positions(memo), _origins(memo)[0], memo.round)

    def taking(
        self, memo: Memorandum, options: Iterable[Option], group_ids: Iterable[str]
    ) -> _Side:
        """This reading with ``options`` (one per group, of groups ``group_ids``) taken."""
        positions = dict(self.positions)
        since = dict(self.since)
        groups_since = _origins(memo)[1]
        for option, gid in zip(options, group_ids, strict=True):
            tabled = groups_since.get(gid, memo.round)
            for p in option.positions:
                main = positions.get(p.issue)
                positions[p.issue] = restated(main, p)
                # A restated main position stands since the main one was tabled; a position
                # only the option states, since its group was.
                if main is not None:
                    continue
                if tabled is None:
                    since.pop(p.issue, None)
                else:
                    since[p.issue] = tabled
        return _Side(self.party, positions, since, self.round)

    def since_of(self, issue_id: str) -> str | None:
        return self.since.get(issue_id, self.round)


def _settle(row: IssueComparison, settlement: Settlement) -> IssueComparison:
    """The row of an issue both parties settled at the table."""
    issue, outcome = row.issue, settlement.outcome
    agreed = outcome.stance
    assert agreed is not None
    reneged: list[str] = []
    if issue.kind is not Kind.TEXT:
        later = settlement.later
        for party, position, since in (
            (row.party_a, row.position_a, row.since_a),
            (row.party_b, row.position_b, row.since_b),
        ):
            if position is None or party in reneged:
                continue
            if later is not None and since not in later:
                continue
            if not contains(issue, position.stance, agreed):
                reneged.append(party)
    return attrs.evolve(
        row,
        status=_SETTLED,
        magnitude=0.0,
        red_lines=(),
        conflicting_items=(),
        conflicting_constraints=(),
        outcome=outcome,
        settled_in=settlement.round,
        reneged_by=tuple(reneged),
    )


def _conditioned(row: IssueComparison) -> bool:
    a, b = row.position_a, row.position_b
    return (a is not None and bool(a.conditions)) or (b is not None and bool(b.conditions))


def _condition_met(
    condition: Condition, rows: Mapping[str, IssueComparison], issues: Mapping[str, Issue]
) -> bool:
    """Whether the comparison can meet ``condition``: its issue comes out inside its stance.

    It can when the issue is settled at the table with an outcome inside the condition's
    stance, or when both sides hold compatible, unconditional positions on it and some
    outcome both accept lies inside the condition's stance.
    """
    row = rows.get(condition.issue)
    if row is None:
        return False
    issue = issues[condition.issue]
    if row.status is _SETTLED:
        assert row.outcome is not None
        assert row.outcome.stance is not None
        return contains(issue, condition.stance, row.outcome.stance)
    if row.status not in _COMPATIBLE:
        return False
    assert row.position_a is not None
    assert row.position_b is not None
    stances = (row.position_a.stance, row.position_b.stance, condition.stance)
    return joint_magnitude(issue, stances) == 0.0


def _apply_conditions(
    rows: MutableMapping[str, IssueComparison],
    candidates: Iterable[str],
    issues: Mapping[str, Issue],
) -> list[str]:
    """Mark ``conditional`` the compatible rows whose conditions cannot be met, in place.

    ``rows`` holds every row of the comparison by issue id, before conditions; the rows of
    ``candidates`` (the issues whose positions carry conditions) are checked. A row that
    turns conditional can leave the rows that depend on it unmet in turn, so those are
    checked again: each row turns at most once, and the work is linear in the conditions.

    Returns:
        The ids of the rows that turned conditional.
    """
    dependents: dict[str, list[str]] = {}
    todo: list[str] = []
    for iid in candidates:
        row = rows[iid]
        if row.status not in _COMPATIBLE:
            continue
        todo.append(iid)
        for position in (row.position_a, row.position_b):
            if position is not None:
                for condition in position.conditions:
                    dependents.setdefault(condition.issue, []).append(iid)
    turned: list[str] = []
    while todo:
        iid = todo.pop()
        row = rows[iid]
        unmet: list[tuple[str, str]] = []
        for party, position in ((row.party_a, row.position_a), (row.party_b, row.position_b)):
            if position is None:
                continue
            for condition in position.conditions:
                if not _condition_met(condition, rows, issues):
                    pair = (party, condition.issue)
                    if pair not in unmet:
                        unmet.append(pair)
        if not unmet or tuple(unmet) == row.unmet_conditions:
            continue
        if row.status is not _CONDITIONAL:
            turned.append(iid)
            todo.extend(dependents.get(iid, ()))
        rows[iid] = attrs.evolve(
            row, status=_CONDITIONAL, magnitude=None, unmet_conditions=tuple(unmet)
        )
    return turned


def _read(
    issues: Sequence[Issue],
    side_a: _Side,
    side_b: _Side,
    settled: Mapping[str, Settlement],
    marks: _Marks,
    by_id: Mapping[str, Issue] | None,
    elsewhere: frozenset[str] = frozenset(),
    unconditioned: dict[str, IssueComparison] | None = None,
) -> list[IssueComparison]:
    """The rows of one reading of both memoranda, in agenda order.

    Every issue either side holds a position on, that is settled between them, or that is
    in ``elsewhere`` (addressed only in options this reading does not take) gets a row;
    settled issues are settled, and conditions are applied. ``unconditioned``, when given,
    receives the rows whose positions carry conditions as they were before conditions
    applied (for [`_reread`][negpos._analysis.compare._reread]).
    """
    get_a, get_b = side_a.positions.get, side_b.positions.get
    party_a, party_b = side_a.party, side_b.party
    since_a, since_b = side_a.since, side_b.since
    round_a, round_b = side_a.round, side_b.round
    mark = marks.of if marks else None
    results: list[IssueComparison] = []
    conditioned: list[str] = []
    for issue in issues:
        iid = issue.id
        a, b = get_a(iid), get_b(iid)
        if a is None and b is None:
            if iid in settled:
                row = IssueComparison(issue, _ONE_SIDED, None, None, None, party_a, party_b)
                results.append(_settle(row, settled[iid]))
            elif iid in elsewhere:
                results.append(
                    IssueComparison(
                        issue,
                        _OTHER_OPTION,
                        None,
                        None,
                        None,
                        party_a,
                        party_b,
                        in_alternatives=() if mark is None else mark(iid),
                    )
                )
            continue
        row = _issue_comparison(
            issue,
            a,
            b,
            party_a,
            party_b,
            () if mark is None else mark(iid),
            None if a is None else since_a.get(iid, round_a),
            None if b is None else since_b.get(iid, round_b),
        )
        if settled and iid in settled:
            row = _settle(row, settled[iid])
        elif (a is not None and a.conditions) or (b is not None and b.conditions):
            conditioned.append(iid)
        results.append(row)
    if conditioned:
        by_issue = {row.issue.id: row for row in results}
        if unconditioned is not None:
            unconditioned.update((iid, by_issue[iid]) for iid in conditioned)
        lookup = by_id if by_id is not None else {i.id: i for i in issues}
        if _apply_conditions(by_issue, conditioned, lookup):
            results = [by_issue[row.issue.id] for row in results]
    return results


def _tally(rows: Iterable[IssueComparison]) -> tuple[_Tally, list[IssueComparison]]:
    tally = _Tally()
    gaps: list[IssueComparison] = []
    add = tally.add
    for row in rows:
        add(row)
        if row.status is _GAP:
            gaps.append(row)
    return tally, gaps


def compare_memoranda(
    memo_a: Memorandum,
    memo_b: Memorandum,
    issues: Sequence[Issue],
    settled: Mapping[str, Settlement] | None = None,
) -> Comparison:
    """Compare two memoranda already known to fit the agenda (no checks).

    [`compare`][negpos.compare] checks its input and then calls this; the negotiation's own
    analyses call it directly, since a [`Negotiation`][negpos.Negotiation] has already
    checked its memoranda.

    Args:
        memo_a: The first party's memorandum.
        memo_b: The second party's memorandum.
        issues: The agenda, in order.
        settled: The issues the two parties settled at the table, by issue id.

    Returns:
        The comparison.
    """
    settled = settled or {}
    parties = (memo_a.party, memo_b.party)
    marks = _Marks(parties, _alternative_issues(memo_a), _alternative_issues(memo_b))
    main_a, main_b = _Side.main(memo_a), _Side.main(memo_b)
    by_id = None
    if memo_a.alternatives or memo_b.alternatives:
        by_id = {i.id: i for i in issues}
        return _Offered(issues, by_id, memo_a, memo_b, main_a, main_b, settled, marks).result()
    rows = _read(issues, main_a, main_b, settled, marks, by_id)
    tally, gaps = _tally(rows)
    return Comparison(*parties, memo_a.round, memo_b.round, tuple(rows), tally.summary(gaps))


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
        self.rows = rows
        self.row_of = {c.issue.id: k for k, c in enumerate(rows)}
        tally, gaps = _tally(rows)
        self.tally = tally.condensed()
        self.gaps = gaps
        self.rank = {issue.id: k for k, issue in enumerate(issues)}
        # Which conditioned rows depend on each issue through a condition.
        self.dependents: dict[str, list[str]] = {}
        for iid, row in self.unconditioned.items():
            for position in (row.position_a, row.position_b):
                if position is not None:
                    for condition in position.conditions:
                        self.dependents.setdefault(condition.issue, []).append(iid)

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


_NO_ORIGINS: tuple[dict[str, str], dict[str, str]] = ({}, {})


def _origins(memo: Memorandum) -> tuple[dict[str, str], dict[str, str]]:
    """The rounds a standing memorandum's positions and groups were tabled in, by id.

    Empty for any other memorandum: its positions were tabled in its own round, the default
    every lookup gives (the same answer as ``memo.tabled_in``, without a call per issue).
    """
    return memo._tabled_in or _NO_ORIGINS


class _Marks:
    """Which parties also address an issue inside their groups of alternatives."""

    __slots__ = ("_a", "_b", "_flags")

    def __init__(self, parties: tuple[str, str], a: set[str], b: set[str]) -> None:
        first, second = parties
        self._a, self._b = a, b
        self._flags = {
            (True, False): (first,),
            (False, True): (second,),
            (True, True): (first, second) if first != second else (first,),
            (False, False): (),
        }

    def __bool__(self) -> bool:
        return bool(self._a or self._b)

    @property
    def issues(self) -> set[str]:
        """Every issue either side addresses inside a group of alternatives."""
        return self._a | self._b

    def of(self, issue_id: str) -> tuple[str, ...]:
        return self._flags[issue_id in self._a, issue_id in self._b]


class _MergedGaps:
    """Gap rows in agenda order: another list's, without some issues, with others put in.

    Iterating merges them; a summary does it only when its ``gaps`` are read.
    """

    __slots__ = ("_added", "_base", "_rank", "_removed")

    def __init__(
        self,
        base: Iterable[IssueComparison],
        removed: frozenset[str],
        added: tuple[IssueComparison, ...],
        rank: Mapping[str, int],
    ) -> None:
        self._base, self._removed, self._added, self._rank = base, removed, added, rank

    def __iter__(self) -> Iterator[IssueComparison]:
        removed, rank = self._removed, self._rank
        rows = [c for c in self._base if c.issue.id not in removed]
        rows += self._added
        rows.sort(key=lambda c: rank[c.issue.id])
        return iter(rows)


class Patch:
    """A comparison that can be redone at once after some of its main positions change.

    A scenario search compares the same two memoranda again for every set of moves it
    tries, each set changing a few positions. This keeps what does not change (the rows, the
    exact sums of the summary, the gaps) and recomputes only the issues the moves touch and
    the rows whose conditions depend on them, so a try costs the same however long the
    agenda is. It is for memoranda without alternatives: with them, a move can change which
    option is closest and so the whole headline, and the comparison is redone in full.

    Args:
        comparison: The comparison of the two memoranda, as ``compare_memoranda`` made it.
        memo_a: The first party's memorandum.
        memo_b: The second party's memorandum.
        issues: The agenda, in order.
        settled: The issues the two parties settled at the table, as given to
            ``compare_memoranda``.
    """

    def __init__(
        self,
        comparison: Comparison,
        memo_a: Memorandum,
        memo_b: Memorandum,
        issues: Sequence[Issue],
        settled: Mapping[str, Settlement] | None = None,
    ) -> None:
        self.base = comparison
        self.memoranda = (memo_a, memo_b)
        self.issues = issues
        self.settled = settled or {}
        self.rank = {issue.id: k for k, issue in enumerate(issues)}
        self.by_id = {issue.id: issue for issue in issues}
        self.rows = comparison.rows
        self.row_of = {c.issue.id: k for k, c in enumerate(self.rows)}
        if memo_a.alternatives or memo_b.alternatives:
            raise ValueError("a Patch is for memoranda without alternatives")
        tally = _ExactTally()
        tally.counts = dict.fromkeys(Status, 0)
        for c in comparison.rows:
            tally.add(c)
        self.tally = tally
        self.gaps = tuple(c for c in comparison.rows if c.status is _GAP)
        # The rows whose positions carry conditions, as they are before conditions apply.
        self.unconditioned = {
            c.issue.id: _issue_comparison(
                c.issue,
                c.position_a,
                c.position_b,
                c.party_a,
                c.party_b,
                c.in_alternatives,
                c.since_a,
                c.since_b,
            )
            for c in comparison.rows
            if c.status is not _SETTLED and _conditioned(c)
        }

    def after(
        self, moved: Mapping[tuple[str, str], Position], *, alternatives: bool = True
    ) -> Comparison:
        """The comparison once the positions ``moved`` replace the main ones.

        Args:
            moved: New main positions keyed by ``(party, issue id)``; each issue must be one
                the comparison has a row for (a party moves only where some side holds a
                position).
            alternatives: Unused: the memoranda have no alternatives. Kept so that callers
                pass the same arguments as to a full comparison.

        Returns:
            The comparison, equal to comparing the moved memoranda from scratch.
        """
        base = self.base
        party_a, party_b = base.party_a, base.party_b
        rows, row_of = self.rows, self.row_of
        settled = self.settled
        changed = sorted({issue for _, issue in moved}, key=self.rank.__getitem__)
        fresh: dict[str, IssueComparison] = {}
        for issue_id in changed:
            old = rows[row_of[issue_id]]
            a = moved.get((party_a, issue_id), old.position_a)
            b = moved.get((party_b, issue_id), old.position_b)
            # A moved position is new in the compared round; the others keep their origin.
            since_a = base.round_a if (party_a, issue_id) in moved else old.since_a
            since_b = base.round_b if (party_b, issue_id) in moved else old.since_b
            new = _issue_comparison(
                old.issue, a, b, party_a, party_b, old.in_alternatives, since_a, since_b
            )
            if issue_id in settled:
                new = _settle(new, settled[issue_id])
            fresh[issue_id] = new
        conditioned = {i for i, c in fresh.items() if c.status is not _SETTLED and _conditioned(c)}
        conditioned.update(i for i in self.unconditioned if i not in fresh)
        if conditioned:
            before = {i: fresh.get(i) or self.unconditioned[i] for i in conditioned}
            view = _Overlay(rows, row_of, {**before, **fresh})
            view.apply(conditioned, self.by_id)
            for iid, row in view.changed.items():
                if row is not rows[row_of[iid]]:
                    fresh[iid] = row
        tally = self.tally.copy()
        replaced: dict[int, IssueComparison] = {}
        new_gaps = []
        for issue_id, new in fresh.items():
            k = row_of[issue_id]
            old = rows[k]
            if new == old:
                continue
            replaced[k] = new
            tally.add(old, -1)
            tally.add(new)
            if new.status is _GAP:
                new_gaps.append(new)
        patched = PatchedRows(rows, row_of, replaced)
        removed = frozenset(rows[k].issue.id for k in replaced)
        gaps = _MergedGaps(self.gaps, removed, tuple(new_gaps), self.rank)
        return Comparison(
            party_a, party_b, base.round_a, base.round_b, patched, tally.summary(gaps)
        )


class _Overlay(MutableMapping[str, IssueComparison]):
    """A comparison's rows by issue id, with some replaced, for the condition pass."""

    def __init__(
        self,
        rows: Sequence[IssueComparison],
        row_of: Mapping[str, int],
        replaced: dict[str, IssueComparison],
    ) -> None:
        self._rows, self._row_of = rows, row_of
        self.changed = replaced

    def __getitem__(self, issue_id: str) -> IssueComparison:
        found = self.changed.get(issue_id)
        if found is not None:
            return found
        return self._rows[self._row_of[issue_id]]

    def __setitem__(self, issue_id: str, row: IssueComparison) -> None:
        self.changed[issue_id] = row

    def __delitem__(self, issue_id: str) -> None:
        raise TypeError("rows are never removed")

    def __iter__(self) -> Iterator[str]:
        return iter(self._row_of)

    def __len__(self) -> int:
        return len(self._row_of)

    def apply(self, candidates: Iterable[str], issues: Mapping[str, Issue]) -> None:
        _apply_conditions(self, candidates, issues)


def _closeness(option: OptionComparison, k: int) -> tuple[int, float, int, int]:
    summary = option.summary
    index = summary.compatibility
    return (-summary.unresolved, -1.0 if index is None else index, -summary.red_line_count, -k)


def compare(
    memo_a: Memorandum,
    memo_b: Memorandum,
    agenda: Negotiation | Iterable[Issue],
    *,
    outcomes: Iterable[Outcome] = (),
) -> Comparison:
    """Compare two parties' memoranda issue by issue on a shared agenda.

    Each issue that either memorandum's main positions address gets a status, a gap
    magnitude and, where the positions are compatible, a zone; the summary counts the
    statuses, computes a salience-weighted compatibility index and lists the gaps with red
    lines in conflict first. Each group of alternatives either memorandum offers is compared
    option by option. The rules per kind of issue are those of the design's table; see
    [`Status`][negpos.Status] and [`Summary`][negpos.Summary].

    Args:
        memo_a: The first party's memorandum.
        memo_b: The second party's memorandum.
        agenda: The issues, in order, or a [`Negotiation`][negpos.Negotiation] whose agenda
            to use.
        outcomes: Outcomes agreed at the table. Each one that names an issue, types its
            stance and lists both parties (or no parties) settles its issue: the issue is
            reported ``settled`` with the outcome as its zone, and a position that does not
            accept the outcome is flagged in ``reneged_by``. (A negotiation's own
            comparisons read the outcomes of its rounds, and flag only positions tabled
            after the agreement.)

    Returns:
        The comparison, with issues in agenda order.

    Raises:
        InputError: The agenda repeats an issue id, or a memorandum does not fit the agenda
            (unknown issues, stances that do not fit their issue, unknown links); every
            problem is listed with its field path.
        UsageError: An argument is not of the type it should be.

    Examples:
        >>> import negpos
        >>> days = negpos.NumericIssue(
        ...     id="ceasefire.days", title="Ceasefire duration", unit="days", bounds=(1, 365)
        ... )
        >>> a = negpos.Memorandum(party="ua", positions=(negpos.Position(
        ...     issue="ceasefire.days", stance=negpos.NumericStance(min=30)),))
        >>> b = negpos.Memorandum(party="ru", positions=(negpos.Position(
        ...     issue="ceasefire.days", stance=negpos.NumericStance(min=2, max=3)),))
        >>> result = negpos.compare(a, b, [days])
        >>> result.issue("ceasefire.days").status
        <Status.GAP: 'gap'>
        >>> round(result.summary.mean_gap, 4)  # (30 - 3) / (365 - 1)
        0.0742
    """
    check_memorandum(memo_a, "memo_a")
    check_memorandum(memo_b, "memo_b")
    issues: Sequence[Issue] = agenda_of(agenda)
    unchecked = [("memo_a", memo_a), ("memo_b", memo_b)]
    if isinstance(agenda, Negotiation):
        # A negotiation has checked its own memoranda against its agenda when it was built
        # (and both are frozen), so only outside memoranda need checking.
        own = {id(m) for rnd in agenda.rounds for m in rnd.memoranda}
        unchecked = [(field, memo) for field, memo in unchecked if id(memo) not in own]
    agreed = tuple(outcomes)
    if unchecked or agreed:
        _check(issues, unchecked, agreed)
    settled = settlements_of(agreed, (memo_a.party, memo_b.party))
    return compare_memoranda(memo_a, memo_b, issues, settled)


def _check(
    issues: Sequence[Issue],
    memoranda: list[tuple[str, Memorandum]],
    outcomes: Sequence[Outcome] = (),
) -> None:
    by_id: dict[str, Issue] = {}
    problems: list[Problem] = []
    for k, issue in enumerate(issues):
        if issue.id in by_id:
            problems.append(
                Problem(f"issue id {issue.id!r} is used twice", field=f"agenda[{k}].id")
            )
        by_id.setdefault(issue.id, issue)
    for field, memo in memoranda:
        problems += memorandum_problems(memo, by_id, field)
    for k, outcome in enumerate(outcomes):
        if not isinstance(outcome, Outcome):
            raise UsageError(
                f"outcomes[{k}] should be a negpos.Outcome, not {type(outcome).__name__}"
            )
        if outcome.issue is None:
            continue
        settled = by_id.get(outcome.issue)
        if settled is None:
            problems.append(
                Problem(f"unknown issue {outcome.issue!r}", field=f"outcomes[{k}].issue")
            )
        elif outcome.stance is not None:
            for sub, message in outcome.stance.problems(settled):
                problems.append(Problem(message, field=f"outcomes[{k}].stance.{sub}"))
    if problems:
        raise InputError(problems)


def compare_in(
    negotiation: Negotiation,
    a: str | None = None,
    b: str | None = None,
    *,
    round_id: str | None = None,
    tabled_only: bool = False,
) -> Comparison:
    """Compare two parties of a negotiation at one round.

    The implementation of [`Negotiation.compare`][negpos.Negotiation.compare], whose
    documentation gives the defaults and the errors.
    """
    pair = resolve_pair(negotiation, a, b, what="a comparison")
    rnd = resolve_round(negotiation, round_id, pair)
    memo_a = held(negotiation, pair[0], rnd.id, tabled_only=tabled_only)
    memo_b = held(negotiation, pair[1], rnd.id, tabled_only=tabled_only)
    settled = settlements(negotiation, pair, rnd.id)
    return compare_memoranda(memo_a, memo_b, negotiation.issues, settled)
