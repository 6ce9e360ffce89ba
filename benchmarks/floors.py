"""Plain-Python floors: the comparison's arithmetic on tuples, with no models and no results.

A floor answers "how fast could this possibly be in Python?". It computes the same figures as
``negpos.compare`` computes when it runs (per issue: status, magnitude, conflicting items or
constraints, red lines in conflict; the summary's counts, salience-weighted compatibility index,
mean gap and order of gaps; each alternative option's figures and the closest option), by the
same rules as ``negpos._analysis.kinds``, but on tuples prepared in advance, with no validation
and no result objects. Zones are left out, as negpos computes them only when a caller reads one.
The conversion from models to tuples ([`agenda_tuples`][floors.agenda_tuples],
[`memo_tuples`][floors.memo_tuples]) happens before the clock starts.

The rules are written out here rather than imported, so a floor stays a floor when the library
changes, and `tests/test_benchmarks.py` checks them against hand-worked answers.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import negpos

__all__ = [
    "GAP",
    "IDENTICAL",
    "ONE_SIDED",
    "OVERLAP",
    "RULES",
    "SAME_PREFERENCE",
    "UNCOMPARABLE",
    "AgendaT",
    "MemoT",
    "PositionT",
    "agenda_tuples",
    "compare",
    "matrix",
    "memo_tuples",
    "reach",
    "standing",
]

IDENTICAL = "identical"
SAME_PREFERENCE = "same_preference"
OVERLAP = "overlap"
GAP = "gap"
ONE_SIDED = "one_sided"
UNCOMPARABLE = "uncomparable"
_STATUSES = (IDENTICAL, SAME_PREFERENCE, OVERLAP, GAP, ONE_SIDED, UNCOMPARABLE)
_TINY = math.ulp(0.0)

# An issue: (id, kind, domain); a position: (stance fields..., preferred), salience, red line.
IssueT = tuple[str, str, Any]
AgendaT = tuple[IssueT, ...]
PositionT = tuple[tuple[Any, ...], float, bool]
# A memorandum: main positions by issue id, and groups of options, each option's positions.
MemoT = tuple[dict[str, PositionT], tuple[tuple[dict[str, PositionT], ...], ...], tuple[str, ...]]
Assessment = tuple[bool, bool, float, tuple[Any, ...], Any]


# --- models to tuples (untimed) -----------------------------------------------------------


def _domain(issue: negpos.Issue) -> Any:
    if isinstance(issue, negpos.CategoricalIssue):
        distances: dict[tuple[str, str], float] = {}
        for d in issue.distances:
            a, b = d.between
            distances[a, b] = distances[b, a] = d.value
        return tuple(o.id for o in issue.options), distances
    if isinstance(issue, negpos.OrdinalIssue):
        levels = tuple(level.id for level in issue.levels)
        return {level: i for i, level in enumerate(levels)}, len(levels), levels
    if isinstance(issue, negpos.NumericIssue):
        low, high = issue.bounds
        return low, high, issue.scale is negpos.Scale.LOG
    if isinstance(issue, negpos.SetIssue):
        weights = {e.id: 1.0 if e.weight is None else e.weight for e in issue.items}
        return tuple(weights), weights, math.fsum(weights.values())
    if isinstance(issue, negpos.SequenceIssue):
        return tuple(s.id for s in issue.steps)
    return None


def agenda_tuples(issues: Iterable[negpos.Issue]) -> AgendaT:
    """The agenda as ``(id, kind, domain)`` tuples."""
    return tuple((issue.id, str(issue.kind), _domain(issue)) for issue in issues)


def _stance(stance: negpos.Stance) -> tuple[Any, ...]:
    if isinstance(stance, (negpos.BooleanStance, negpos.CategoricalStance)):
        return stance.accepts, stance.preferred
    if isinstance(stance, negpos.OrdinalStance):
        return stance.lowest, stance.highest, stance.preferred
    if isinstance(stance, negpos.NumericStance):
        return stance.min, stance.max, stance.preferred
    if isinstance(stance, negpos.SetStance):
        return stance.requires, stance.forbids, None
    if isinstance(stance, negpos.SequenceStance):
        return stance.precedes, None
    if isinstance(stance, negpos.TextStance):
        return stance.statement, None
    return (None,)


def _positions(positions: Iterable[negpos.Position]) -> dict[str, PositionT]:
    return {p.issue: (_stance(p.stance), p.salience, p.red_line) for p in positions}


def memo_tuples(memo: negpos.Memorandum) -> MemoT:
    """A memorandum as ``(positions by issue, options by group, withdrawn issues)``."""
    groups = tuple(
        tuple(_positions(option.positions) for option in group.options)
        for group in memo.alternatives
    )
    return _positions(memo.positions), groups, memo.withdrawn


# --- the rules per kind ---------------------------------------------------------------------


def _preferred(a: tuple[Any, ...], b: tuple[Any, ...]) -> Any:
    return a[-1] if a[-1] is not None and a[-1] == b[-1] else None


def _choice(dom: Any, a: tuple[Any, ...], b: tuple[Any, ...]) -> Assessment:
    mine, theirs = set(a[0]), set(b[0])
    if not mine.isdisjoint(theirs):
        return True, mine == theirs, 0.0, (), _preferred(a, b)
    gap = 1.0
    if dom and dom[1]:
        distances = dom[1]
        gap = max(_TINY, min(distances.get((x, y), 1.0) for x in a[0] for y in b[0]))
    return False, False, gap, (), None


def _ordinal(dom: Any, a: tuple[Any, ...], b: tuple[Any, ...]) -> Assessment:
    rank, count, _ = dom
    low_a, high_a, low_b, high_b = rank[a[0]], rank[a[1]], rank[b[0]], rank[b[1]]
    low, high = max(low_a, low_b), min(high_a, high_b)
    if low <= high:
        same = low_a == low_b and high_a == high_b
        return True, same, 0.0, (), _preferred(a, b)
    return False, False, (low - high) / (count - 1), (), None


def _numeric(dom: Any, a: tuple[Any, ...], b: tuple[Any, ...]) -> Assessment:
    bottom, top, log = dom
    low_a = bottom if a[0] is None else a[0]
    low_b = bottom if b[0] is None else b[0]
    high_a = top if a[1] is None else a[1]
    high_b = top if b[1] is None else b[1]
    low, high = max(low_a, low_b), min(high_a, high_b)
    if low <= high:
        same = low_a == low_b and high_a == high_b
        return True, same, 0.0, (), _preferred(a, b)
    if log:
        span = math.log(top) - math.log(bottom)
        gap = (math.log(low) - math.log(high)) / span
    else:
        gap = (low - high) / (top - bottom)
    return False, False, min(1.0, max(gap, _TINY)), (), None


def _set(dom: Any, a: tuple[Any, ...], b: tuple[Any, ...]) -> Assessment:
    items, weights, total = dom
    requires_a, requires_b = set(a[0]), set(b[0])
    clash = (requires_a & set(b[1])) | (requires_b & set(a[1]))
    if not clash:
        same = requires_a == requires_b and set(a[1]) == set(b[1])
        return True, same, 0.0, (), None
    conflicts = tuple(i for i in items if i in clash)
    gap = math.fsum(weights[i] for i in conflicts) / total
    return False, False, min(1.0, max(gap, _TINY)), conflicts, None


def reach(steps: Sequence[str], edges: Iterable[tuple[str, str]]) -> dict[str, set[str]]:
    """For every step, the steps it precedes through one or more constraints."""
    successors: dict[str, list[str]] = {s: [] for s in steps}
    for first, then in edges:
        successors[first].append(then)
    found: dict[str, set[str]] = {}
    for start, nexts in successors.items():
        seen: set[str] = set()
        todo = list(nexts)
        while todo:
            step = todo.pop()
            if step not in seen:
                seen.add(step)
                todo.extend(successors[step])
        found[start] = seen
    return found


def _sequence(steps: Any, a: tuple[Any, ...], b: tuple[Any, ...]) -> Assessment:
    mine, theirs = set(a[0]), set(b[0])
    union = mine | theirs
    reached = reach(steps, union)
    cyclic = [s for s in steps if s in reached[s]]
    if not cyclic:
        same = mine == theirs or reach(steps, mine) == reach(steps, theirs)
        return True, same, 0.0, (), None
    component: dict[str, int] = {}
    pairs = 0
    for step in cyclic:
        if step not in component:
            members = [s for s in cyclic if s in reached[step] and step in reached[s]]
            component.update(dict.fromkeys(members, len(component)))
            pairs += len(members) * (len(members) - 1) // 2
    rank = {s: i for i, s in enumerate(steps)}
    conflicts = tuple(
        sorted(
            (e for e in union if e[0] in component and component[e[0]] == component.get(e[1])),
            key=lambda e: (rank[e[0]], rank[e[1]]),
        )
    )
    n = len(steps)
    return False, False, pairs / (n * (n - 1) // 2), conflicts, None


RULES: dict[str, Callable[[Any, tuple[Any, ...], tuple[Any, ...]], Assessment]] = {
    "boolean": _choice,
    "categorical": _choice,
    "ordinal": _ordinal,
    "numeric": _numeric,
    "set": _set,
    "sequence": _sequence,
}


# --- comparison -----------------------------------------------------------------------------

# One issue's result: (issue id, status, magnitude, conflicts, red lines, weight).
ResultT = tuple[str, str, float | None, tuple[Any, ...], tuple[str, ...], float | None]


def _result(issue: IssueT, pa: PositionT | None, pb: PositionT | None) -> ResultT:
    iid, kind, dom = issue
    if pa is None or pb is None:
        return iid, ONE_SIDED, None, (), (), None
    rule = RULES.get(kind)
    if rule is None:
        return iid, UNCOMPARABLE, None, (), (), None
    ok, same, gap, conflicts, preferred = rule(dom, pa[0], pb[0])
    weight = (pa[1] + pb[1]) / 2
    if not ok:
        red = ("a",) * pa[2] + ("b",) * pb[2]
        return iid, GAP, gap, conflicts, red, weight
    status = IDENTICAL if same else SAME_PREFERENCE if preferred is not None else OVERLAP
    return iid, status, 0.0, (), (), weight


class _Tally:
    """Running sums behind a summary, so that an option's figures need only its own issues."""

    __slots__ = ("compared", "counts", "gaps", "red", "weighted", "weights")

    def __init__(self) -> None:
        self.counts = dict.fromkeys(_STATUSES, 0)
        self.weighted = self.weights = self.gaps = 0.0
        self.compared = self.red = 0

    def add(self, result: ResultT, sign: int = 1) -> None:
        _, status, gap, _, red_lines, weight = result
        self.counts[status] += sign
        if weight is None or gap is None:
            return
        self.compared += sign
        self.weighted += sign * weight * (1.0 - gap)
        self.weights += sign * weight
        self.gaps += sign * gap
        self.red += sign * bool(red_lines)

    def copy(self) -> _Tally:
        other = _Tally()
        other.counts = dict(self.counts)
        other.weighted, other.weights, other.gaps = self.weighted, self.weights, self.gaps
        other.compared, other.red = self.compared, self.red
        return other

    def figures(self) -> tuple[Any, ...]:
        mean_gap = self.gaps / self.compared if self.compared else None
        # With every salience 0 the index falls back to the unweighted mean of (1 - gap).
        index: float | None
        if self.weights > 0:
            index = self.weighted / self.weights
        else:
            index = None if mean_gap is None else 1.0 - mean_gap
        return tuple(self.counts.values()), index, mean_gap, self.red


def _summary(results: Sequence[ResultT]) -> tuple[_Tally, tuple[Any, ...]]:
    tally = _Tally()
    red: list[tuple[float, int, str]] = []
    others: list[tuple[float, int, str]] = []
    for index, result in enumerate(results):
        tally.add(result)
        if result[1] == GAP:
            (red if result[4] else others).append((-(result[2] or 0.0), index, result[0]))
    # Red lines in conflict first, then the other gaps; each largest first, ties in agenda order.
    order = tuple(iid for _, _, iid in sorted(red)) + tuple(iid for _, _, iid in sorted(others))
    return tally, (*tally.figures(), order)


def compare(agenda: AgendaT, memo_a: MemoT, memo_b: MemoT) -> tuple[Any, ...]:
    """Compare two memoranda on tuples: per-issue results, summary, and alternatives.

    Args:
        agenda: From [`agenda_tuples`][floors.agenda_tuples].
        memo_a: From [`memo_tuples`][floors.memo_tuples].
        memo_b: The other memorandum.

    Returns:
        ``(results, summary, options)``: one result per issue either side addresses, in agenda
        order; the summary figures; and for each option of each side's alternatives groups, its
        results on the issues it states and its summary figures, plus the closest option of
        each group.
    """
    main_a, groups_a, _ = memo_a
    main_b, groups_b, _ = memo_b
    results = [
        _result(issue, main_a.get(issue[0]), main_b.get(issue[0]))
        for issue in agenda
        if issue[0] in main_a or issue[0] in main_b
    ]
    tally, summary = _summary(results)
    options = _alternatives(agenda, results, tally, main_b, groups_a, False)
    options += _alternatives(agenda, results, tally, main_a, groups_b, True)
    return tuple(results), summary, tuple(options)


def _alternatives(
    agenda: AgendaT,
    results: list[ResultT],
    tally: _Tally,
    theirs: Mapping[str, PositionT],
    groups: tuple[tuple[dict[str, PositionT], ...], ...],
    mirrored: bool,
) -> list[tuple[Any, ...]]:
    if not groups:
        return []
    # Only the issues an option states change; the rest of the summary carries over.
    by_result = {r[0]: r for r in results}
    stated = {iid for group in groups for option in group for iid in option}
    by_issue = {issue[0]: issue for issue in agenda if issue[0] in stated}
    out: list[tuple[Any, ...]] = []
    for group in groups:
        fared = []
        for k, option in enumerate(group):
            running = tally.copy()
            own = []
            for iid, position in option.items():
                pair = (theirs.get(iid), position) if mirrored else (position, theirs.get(iid))
                result = _result(by_issue[iid], *pair)
                own.append(result)
                if iid in by_result:
                    running.add(by_result[iid], -1)
                running.add(result)
            fared.append((running.figures(), tuple(own), k))
        # The closest option: the highest index, then the fewest red lines, then the first.
        best = max(fared, key=lambda f: (-1.0 if f[0][1] is None else f[0][1], -f[0][3], -f[2]))
        out.append((tuple(fared), best[2]))
    return out


def standing(rounds: Sequence[Mapping[str, MemoT]], party: str) -> MemoT:
    """What ``party`` holds after the given rounds: its latest position on each issue.

    Args:
        rounds: Each round's memoranda by party, in round order.
        party: The party's id.

    Returns:
        A memorandum of the standing positions (alternatives restated by a later round replace
        earlier ones; withdrawn issues are dropped).
    """
    positions: dict[str, PositionT] = {}
    groups: tuple[tuple[dict[str, PositionT], ...], ...] = ()
    for memos in rounds:
        memo = memos.get(party)
        if memo is None:
            continue
        positions.update(memo[0])
        for iid in memo[2]:
            positions.pop(iid, None)
        groups = memo[1] or groups
    return positions, groups, ()


def matrix(
    agenda: AgendaT, rounds: Sequence[Mapping[str, MemoT]], parties: Sequence[str]
) -> tuple[Any, ...]:
    """Compare the standing positions of every pair of parties after the given rounds."""
    held = {party: standing(rounds, party) for party in parties}
    tabled = [p for p in parties if held[p][0]]
    return tuple(
        (a, b, compare(agenda, held[a], held[b])[1][:4])
        for i, a in enumerate(tabled)
        for b in tabled[i + 1 :]
    )
