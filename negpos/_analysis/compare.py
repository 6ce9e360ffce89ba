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
from collections import ChainMap
from collections.abc import Iterable, Iterator, Mapping, Sequence

from negpos._analysis.comparison import (
    AlternativesComparison,
    Comparison,
    IssueComparison,
    OptionComparison,
    PatchedRows,
    Status,
    Summary,
)
from negpos._analysis.kinds import assessor
from negpos._errors import InputError, Problem
from negpos._model.documents import Memorandum, Option, Position
from negpos._model.issues import Issue, Kind
from negpos._model.negotiation import Negotiation, memorandum_problems
from negpos._model.selection import agenda_of, check_memorandum, resolve_pair, resolve_round
from negpos._model.standing import held

__all__ = ["Patch", "compare", "compare_in", "compare_memoranda"]


_OVERLAP, _GAP = Status.OVERLAP, Status.GAP
_IDENTICAL, _SAME_PREFERENCE = Status.IDENTICAL, Status.SAME_PREFERENCE
_ONE_SIDED, _UNCOMPARABLE = Status.ONE_SIDED, Status.UNCOMPARABLE
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
            return
        a, b = c.position_a, c.position_b
        assert a is not None
        assert b is not None
        w = (a.salience + b.salience) / 2
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
            return
        a, b = c.position_a, c.position_b
        assert a is not None
        assert b is not None
        w = (a.salience + b.salience) / 2
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
    if terms:
        mean_gap = gaps / terms
        compatibility = scores / weights if weights > 0 else 1.0 - mean_gap
    return Summary(tuple(counts.items()), compatibility, mean_gap, gap_rows, red)


def _main_positions(memo: Memorandum) -> dict[str, Position]:
    return {p.issue: p for p in memo.positions}


def _alternative_issues(memo: Memorandum) -> set[str]:
    return {p.issue for g in memo.alternatives for o in g.options for p in o.positions}


def compare_memoranda(
    memo_a: Memorandum, memo_b: Memorandum, issues: Sequence[Issue]
) -> Comparison:
    """Compare two memoranda already known to fit the agenda (no checks).

    [`compare`][negpos.compare] checks its input and then calls this; the negotiation's own
    analyses call it directly, since a [`Negotiation`][negpos.Negotiation] has already
    checked its memoranda.

    Args:
        memo_a: The first party's memorandum.
        memo_b: The second party's memorandum.
        issues: The agenda, in order.

    Returns:
        The comparison.
    """
    parties = (memo_a.party, memo_b.party)
    main_a, main_b = _main_positions(memo_a), _main_positions(memo_b)
    marks = _Marks(parties, _alternative_issues(memo_a), _alternative_issues(memo_b))
    results: list[IssueComparison] = []
    gaps: list[IssueComparison] = []
    tally = _Tally()
    # The loop below is _Tally.add written out: it runs once per issue.
    counts, weights, scores, magnitudes = tally.counts, tally.weights, tally.scores, tally.gaps
    get_a, get_b = main_a.get, main_b.get
    party_a, party_b = parties
    mark = marks.of if marks else None
    (since_a, _), (since_b, _) = _origins(memo_a), _origins(memo_b)
    round_a, round_b = memo_a.round, memo_b.round
    for issue in issues:
        iid = issue.id
        a, b = get_a(iid), get_b(iid)
        if a is None and b is None:
            continue
        c = _issue_comparison(
            issue,
            a,
            b,
            party_a,
            party_b,
            () if mark is None else mark(iid),
            None if a is None else since_a.get(iid, round_a),
            None if b is None else since_b.get(iid, round_b),
        )
        results.append(c)
        status = c.status
        counts[status] += 1
        m = c.magnitude
        if m is not None:
            # A magnitude means both sides hold a position.
            w = (a.salience + b.salience) / 2  # type: ignore[union-attr]
            weights.append(w)
            scores.append(w * (1.0 - m))
            magnitudes.append(m)
            if status is _GAP:
                gaps.append(c)
                if c.red_lines:
                    tally.red += 1
    tally.terms = len(magnitudes)
    options = _Alternatives(issues, results, tally, gaps, parties, marks)
    alternatives = options.groups(memo_a, main_b, mirrored=False)
    alternatives += options.groups(memo_b, main_a, mirrored=True)
    return Comparison(
        *parties,
        memo_a.round,
        memo_b.round,
        tuple(results),
        tally.summary(gaps),
        tuple(alternatives),
    )


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

    def of(self, issue_id: str) -> tuple[str, ...]:
        return self._flags[issue_id in self._a, issue_id in self._b]


class _Alternatives:
    """Compares each option of a memorandum's groups against the counterpart."""

    def __init__(
        self,
        issues: Sequence[Issue],
        results: list[IssueComparison] | Mapping[str, IssueComparison],
        tally: _Tally | _ExactTally,
        gaps: Iterable[IssueComparison],
        parties: tuple[str, str],
        marks: _Marks,
        *,
        rank: Mapping[str, int] | None = None,
    ) -> None:
        """``results`` are the main rows, as a list in agenda order or already by issue id."""
        self.issues = issues
        self.results = results
        self.tally = tally
        self.gaps = gaps
        self.parties = parties
        self.marks = marks
        self._rank: Mapping[str, int] | None = rank
        self._main: Mapping[str, IssueComparison] | None = (
            results if isinstance(results, Mapping) else None
        )

    def groups(
        self, memo: Memorandum, theirs: Mapping[str, Position], *, mirrored: bool
    ) -> list[AlternativesComparison]:
        """``mirrored`` says that ``memo`` is the second party's: its positions go on side b."""
        if not memo.alternatives:
            return []
        if self._rank is None:
            self._rank = {issue.id: k for k, issue in enumerate(self.issues)}
        if self._main is None:
            results = self.results
            assert isinstance(results, list)
            self._main = {c.issue.id: c for c in results}
        out: list[AlternativesComparison] = []
        groups_since = _origins(memo)[1]
        for group in memo.alternatives:
            since = groups_since.get(group.id, memo.round)
            fared = [
                self._option(memo.party, group.id, o, theirs, mirrored, since)
                for o in group.options
            ]
            best = max(range(len(fared)), key=lambda k: _closeness(fared[k], k))
            out.append(
                AlternativesComparison(
                    memo.party, group.id, group.label, tuple(fared), fared[best].option
                )
            )
        return out

    def _option(
        self,
        party: str,
        group: str,
        option: Option,
        theirs: Mapping[str, Position],
        mirrored: bool,
        since: str | None,
    ) -> OptionComparison:
        """``since`` is the round the option's group was tabled in."""
        rank, main = self._rank, self._main
        assert rank is not None
        assert main is not None
        tally = self.tally.copy()
        own: list[IssueComparison] = []
        for position in sorted(option.positions, key=lambda p: rank[p.issue]):
            iid = position.issue
            other = theirs.get(iid)
            replaced = main.get(iid)
            # The counterpart's position is its main one, whose row carries its origin.
            other_since = None
            if other is not None and replaced is not None:
                other_since = replaced.since_a if mirrored else replaced.since_b
            a, b = (other, position) if mirrored else (position, other)
            sa, sb = (other_since, since) if mirrored else (since, other_since)
            c = _issue_comparison(
                self.issues[rank[iid]], a, b, *self.parties, self.marks.of(iid), sa, sb
            )
            own.append(c)
            if replaced is not None:
                tally.add(replaced, -1)
            tally.add(c)
        gaps = _MergedGaps(
            self.gaps,
            frozenset(c.issue.id for c in own),
            tuple(c for c in own if c.status is _GAP),
            rank,
        )
        return OptionComparison(
            party, group, option.id, option.label, tally.summary(gaps), tuple(own)
        )


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
    exact sums of the summary, the gaps) and recomputes only the issues the moves touch, so a
    try costs the same however long the agenda is.

    Args:
        comparison: The comparison of the two memoranda, as ``compare_memoranda`` made it.
        memo_a: The first party's memorandum.
        memo_b: The second party's memorandum.
        issues: The agenda, in order.
    """

    def __init__(
        self,
        comparison: Comparison,
        memo_a: Memorandum,
        memo_b: Memorandum,
        issues: Sequence[Issue],
    ) -> None:
        self.base = comparison
        self.memoranda = (memo_a, memo_b)
        self.issues = issues
        self.rank = {issue.id: k for k, issue in enumerate(issues)}
        self.rows = comparison.rows
        self.row_of = {c.issue.id: k for k, c in enumerate(self.rows)}
        self.mains = (_main_positions(memo_a), _main_positions(memo_b))
        tally = _ExactTally()
        tally.counts = dict.fromkeys(Status, 0)
        for c in comparison.rows:
            tally.add(c)
        self.tally = tally
        self.gaps = tuple(c for c in comparison.rows if c.status is _GAP)
        self.marks = _Marks(
            (memo_a.party, memo_b.party),
            _alternative_issues(memo_a),
            _alternative_issues(memo_b),
        )

    def after(
        self, moved: Mapping[tuple[str, str], Position], *, alternatives: bool = True
    ) -> Comparison:
        """The comparison once the positions ``moved`` replace the main ones.

        Args:
            moved: New main positions keyed by ``(party, issue id)``; each issue must be one
                the comparison has a row for (a party moves only where some side holds a
                position).
            alternatives: Compare the groups of alternatives again too; without them the
                comparison has none (goals that do not read them are spared the work).

        Returns:
            The comparison, equal to comparing the moved memoranda from scratch.
        """
        base = self.base
        party_a, party_b = base.party_a, base.party_b
        rows, row_of = self.rows, self.row_of
        tally = self.tally.copy()
        changed = sorted({issue for _, issue in moved}, key=self.rank.__getitem__)
        replaced: dict[int, IssueComparison] = {}
        new_gaps = []
        for issue_id in changed:
            k = row_of[issue_id]
            old = rows[k]
            a = moved.get((party_a, issue_id), old.position_a)
            b = moved.get((party_b, issue_id), old.position_b)
            # A moved position is new in the compared round; the others keep their origin.
            since_a = base.round_a if (party_a, issue_id) in moved else old.since_a
            since_b = base.round_b if (party_b, issue_id) in moved else old.since_b
            new = _issue_comparison(
                old.issue, a, b, party_a, party_b, old.in_alternatives, since_a, since_b
            )
            replaced[k] = new
            tally.add(old, -1)
            tally.add(new)
            if new.status is _GAP:
                new_gaps.append(new)
        patched = PatchedRows(rows, row_of, replaced)
        gaps = _MergedGaps(self.gaps, frozenset(changed), tuple(new_gaps), self.rank)
        groups: list[AlternativesComparison] = []
        memo_a, memo_b = self.memoranda
        if alternatives and (memo_a.alternatives or memo_b.alternatives):
            main_a, main_b = (
                ChainMap({i: p for (party, i), p in moved.items() if party == memo.party}, main)
                for memo, main in zip(self.memoranda, self.mains, strict=True)
            )
            options = _Alternatives(
                self.issues,
                patched.by_issue,
                tally,
                gaps,
                (party_a, party_b),
                self.marks,
                rank=self.rank,
            )
            groups = options.groups(memo_a, main_b, mirrored=False)
            groups += options.groups(memo_b, main_a, mirrored=True)
        return Comparison(
            party_a,
            party_b,
            base.round_a,
            base.round_b,
            patched,
            tally.summary(gaps),
            tuple(groups),
        )


def _closeness(option: OptionComparison, k: int) -> tuple[float, int, int]:
    index = option.summary.compatibility
    return (-1.0 if index is None else index, -option.summary.red_line_count, -k)


def compare(
    memo_a: Memorandum, memo_b: Memorandum, agenda: Negotiation | Iterable[Issue]
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
    if unchecked:
        _check(issues, unchecked)
    return compare_memoranda(memo_a, memo_b, issues)


def _check(issues: Sequence[Issue], memoranda: list[tuple[str, Memorandum]]) -> None:
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
    return compare_memoranda(memo_a, memo_b, negotiation.issues)
