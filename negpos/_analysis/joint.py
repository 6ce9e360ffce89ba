"""Per-kind rules for many stances on one issue: joint zones and gaps, and how stances differ.

[`kinds`][negpos._analysis.kinds] answers questions about a pair of stances; the many-party
analyses (common ground of several parties, a plan against every side) ask about any number
of them, and about how far one stance sits from another *within* what both accept:

- [`joint_zone`][negpos._analysis.joint.joint_zone]: the outcomes every stance accepts;
- [`joint_magnitude`][negpos._analysis.joint.joint_magnitude]: how far they are from a
  common outcome (for two stances, the pairwise magnitude);
- [`largest_compatible`][negpos._analysis.joint.largest_compatible] and
  [`largest_groups`][negpos._analysis.joint.largest_groups]: the largest groups that share an
  outcome;
- [`lies_inside`][negpos._analysis.joint.lies_inside]: does one stance's accepted set lie
  inside another's;
- [`separation`][negpos._analysis.joint.separation]: how different two accepted sets are,
  0 exactly when stated alike (a metric);
- [`lean`][negpos._analysis.joint.lean]: where a stance sits between two others, signed,
  on the issue's own scale.

They reuse the pairwise rules and the graph helpers of ``kinds``, and refuse text issues
with ``ValueError`` as those do.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from typing import Any, Final

from negpos._analysis.kinds import (
    _TINY,
    Constraint,
    _acyclic,
    _components,
    _ranks,
    _refuse_text,
    _step_ids,
    contains,
    zone,
)
from negpos._model.issues import CategoricalIssue, Issue, Kind
from negpos._model.stances import Stance

__all__ = [
    "SEQUENCE_BUDGET",
    "joint_magnitude",
    "joint_zone",
    "largest_compatible",
    "largest_groups",
    "lean",
    "lies_inside",
    "separation",
]


def lies_inside(issue: Issue, inner: Stance, outer: Stance) -> bool:
    """Whether every outcome ``inner`` accepts is one ``outer`` accepts.

    [`contains`][negpos._analysis.kinds.contains] with its arguments in reading order: a
    plan's stance ``inner`` lies inside a side's accepted set ``outer``.

    Raises:
        ValueError: The issue is a text issue.

    Examples:
        >>> from negpos import NumericIssue, NumericStance
        >>> days = NumericIssue(id="ceasefire.days", title="Days", unit="days", bounds=(1, 365))
        >>> lies_inside(days, NumericStance(min=30, max=60), NumericStance(min=10))
        True
    """
    return contains(issue, outer, inner)


def joint_zone(issue: Issue, stances: Sequence[Stance]) -> Stance | None:
    """The outcomes every one of ``stances`` accepts, as a stance of the issue's kind.

    For two stances it is [`zone`][negpos._analysis.kinds.zone]; for more, the zone of the
    first two with the third, and so on (each zone is exactly the intersection, so the order
    does not change the outcomes it accepts).

    Args:
        issue: The issue all stances are on.
        stances: One or more stances.

    Returns:
        None when the stances have no outcome in common; the only stance itself when one is
        given.

    Raises:
        ValueError: The issue is a text issue, or no stance is given.

    Examples:
        >>> from negpos import NumericIssue, NumericStance
        >>> days = NumericIssue(id="ceasefire.days", title="Days", unit="days", bounds=(1, 365))
        >>> joint_zone(days, [NumericStance(min=30), NumericStance(max=90),
        ...                   NumericStance(min=60, max=120)])
        NumericStance(kind=<Kind.NUMERIC: 'numeric'>, min=60.0, max=90.0, preferred=None)
    """
    _refuse_text(issue)
    if not stances:
        raise ValueError("a joint zone needs at least one stance")
    found: Stance | None = stances[0]
    for stance in stances[1:]:
        assert found is not None
        found = zone(issue, found, stance)
        if found is None:
            return None
    return found


def joint_magnitude(issue: Issue, stances: Sequence[Stance]) -> float:
    """How far a set of stances is from a common outcome: 0 exactly when they share one.

    For two stances it equals [`magnitude`][negpos._analysis.kinds.magnitude]. For more:

    - boolean and categorical: the smallest, over the options some stance accepts, of the
      largest distance from that option to a stance's accepted options (1 unless stated);
    - ordinal and numeric: the distance from the lowest of the upper ends to the highest of
      the lower ends, as a share of the scale;
    - set: the weight of the items some stance requires and another forbids, as a share;
    - sequence: the share of pairs of steps that lie on a cycle of the union of all
      constraints.

    Args:
        issue: The issue all stances are on.
        stances: One or more stances.

    Returns:
        The joint gap in [0, 1].

    Raises:
        ValueError: The issue is a text issue, or no stance is given.

    Examples:
        >>> from negpos import OrdinalIssue, OrdinalStance
        >>> level = OrdinalIssue(id="a", title="A", levels=["none", "some", "full"])
        >>> joint_magnitude(level, [OrdinalStance(lowest="none", highest="some"),
        ...                         OrdinalStance(lowest="some", highest="full"),
        ...                         OrdinalStance(lowest="full", highest="full")])
        0.5
    """
    rule = _JOINT_MAGNITUDE.get(issue.kind)
    if rule is None:
        _refuse_text(issue)
    assert rule is not None
    if not stances:
        raise ValueError("a joint magnitude needs at least one stance")
    return rule(issue, stances)


def _joint_choice(issue: Any, stances: Sequence[Any]) -> float:
    first = set(stances[0].accepts)
    common = first.intersection(*(s.accepts for s in stances[1:]))
    if common:
        return 0.0
    if not isinstance(issue, CategoricalIssue) or not issue.distances:
        return 1.0
    accepted = [set(s.accepts) for s in stances]
    offered = set().union(*accepted)
    best = 1.0
    for option in offered:
        worst = 0.0
        for mine in accepted:
            if option in mine:
                continue
            near = min(issue.distance(option, other) for other in mine)
            worst = max(worst, near)
            if worst >= best:
                break
        best = min(best, worst)
    return max(best, _TINY)


def _joint_ordinal(issue: Any, stances: Sequence[Any]) -> float:
    rank = issue.element_index
    low = max(rank[s.lowest] for s in stances)
    high = min(rank[s.highest] for s in stances)
    if low <= high:
        return 0.0
    return float((low - high) / (len(issue.levels) - 1))


def _joint_numeric(issue: Any, stances: Sequence[Any]) -> float:
    bottom, top = issue.bounds
    low = max(bottom if s.min is None else s.min for s in stances)
    high = min(top if s.max is None else s.max for s in stances)
    if low <= high:
        return 0.0
    return float(min(1.0, max(issue.distance(high, low), _TINY)))


def _joint_set(issue: Any, stances: Sequence[Any]) -> float:
    required: set[str] = set()
    forbidden: set[str] = set()
    for s in stances:
        required.update(s.requires)
        forbidden.update(s.forbids)
    clash = required & forbidden
    if not clash:
        return 0.0
    gap = issue.weight_share(
        1.0 if item.weight is None else item.weight for item in issue.items if item.id in clash
    )
    return float(min(1.0, max(gap, _TINY)))


def _joint_sequence(issue: Any, stances: Sequence[Any]) -> float:
    union: set[Constraint] = set()
    for s in stances:
        union.update(s.precedes)
    if _acyclic(union):
        return 0.0
    steps = _step_ids(issue)
    component = _components(steps, union)
    sizes: dict[int, int] = {}
    for number in component.values():
        sizes[number] = sizes.get(number, 0) + 1
    pairs = sum(size * (size - 1) // 2 for size in sizes.values())
    n = len(steps)
    return pairs / (n * (n - 1) // 2)


_JOINT_MAGNITUDE: dict[Kind, Callable[[Any, Sequence[Any]], float]] = {
    Kind.BOOLEAN: _joint_choice,
    Kind.CATEGORICAL: _joint_choice,
    Kind.ORDINAL: _joint_ordinal,
    Kind.NUMERIC: _joint_numeric,
    Kind.SET: _joint_set,
    Kind.SEQUENCE: _joint_sequence,
}


def largest_compatible(issue: Issue, stances: Sequence[Stance]) -> tuple[tuple[int, ...], ...]:
    """The largest groups of stances that share an outcome, as tuples of their indices.

    Every group returned has the same size, the largest any group sharing an outcome can
    have; groups are listed in ascending order of their indices, each group sorted. See
    [`largest_groups`][negpos._analysis.joint.largest_groups], which also says whether the
    answer is exact (it is, except on sequence issues past the search budget).

    Raises:
        ValueError: The issue is a text issue.

    Examples:
        >>> from negpos import BooleanIssue, BooleanStance
        >>> yes, no = BooleanStance(accepts=(True,)), BooleanStance(accepts=(False,))
        >>> largest_compatible(BooleanIssue(id="a", title="A"), [yes, no, yes])
        ((0, 2),)
    """
    return largest_groups(issue, stances)[0]


#: How many groups of stances on a sequence issue the exact search tries, at most, per issue.
SEQUENCE_BUDGET: Final = 256


def largest_groups(
    issue: Issue, stances: Sequence[Stance], *, budget: int = SEQUENCE_BUDGET
) -> tuple[tuple[tuple[int, ...], ...], bool]:
    """The largest groups of stances that share an outcome, and whether the answer is exact.

    The work is ``n log n`` in the number of stances for boolean, categorical, ordinal and
    numeric issues (an interval sweep: intervals that meet pairwise share a point). On a set
    issue compatibility is pairwise (an item one requires and another forbids), so the groups
    are the largest independent sets of the graph of clashes, searched among the stances that
    clash at all. On a sequence issue groups are tried by size among the stances whose
    constraints lie on a cycle of the union, at most ``budget`` of them: a sequence issue
    torn by many parties would otherwise cost time exponential in their number. Past the
    budget the answer is one maximal group found greedily (the stances off every cycle, then
    each other stance in order if the union stays acyclic), and it is marked inexact.

    Args:
        issue: The issue all stances are on.
        stances: The stances, in any order.
        budget: The most groups a sequence search tries.

    Returns:
        ``(groups, exact)``; the groups are empty when no stance is given.

    Raises:
        ValueError: The issue is a text issue.
    """
    if issue.kind is Kind.SEQUENCE:
        if not stances:
            return (), True
        return _largest_sequence(issue, stances, budget)
    rule = _LARGEST.get(issue.kind)
    if rule is None:
        _refuse_text(issue)
    assert rule is not None
    if not stances:
        return (), True
    return rule(issue, stances), True


def _largest_choice(issue: Any, stances: Sequence[Any]) -> tuple[tuple[int, ...], ...]:
    holders: dict[Any, list[int]] = {}
    for k, s in enumerate(stances):
        for value in s.accepts:
            holders.setdefault(value, []).append(k)
    best = max(len(group) for group in holders.values())
    return tuple(sorted({tuple(group) for group in holders.values() if len(group) == best}))


def _largest_intervals(
    intervals: Sequence[tuple[float, float]],
) -> tuple[tuple[int, ...], ...]:
    # Closed intervals: at one point, starts come before ends, so touching intervals meet.
    events = sorted(
        [(low, 0, k) for k, (low, _) in enumerate(intervals)]
        + [(high, 1, k) for k, (_, high) in enumerate(intervals)]
    )
    active: set[int] = set()
    best = 0
    found: set[tuple[int, ...]] = set()
    for _, end, k in events:
        if end:
            active.discard(k)
            continue
        active.add(k)
        if len(active) > best:
            best, found = len(active), set()
        if len(active) == best:
            found.add(tuple(sorted(active)))
    return tuple(sorted(found))


def _largest_ordinal(issue: Any, stances: Sequence[Any]) -> tuple[tuple[int, ...], ...]:
    rank = issue.element_index
    return _largest_intervals([(rank[s.lowest], rank[s.highest]) for s in stances])


def _largest_numeric(issue: Any, stances: Sequence[Any]) -> tuple[tuple[int, ...], ...]:
    return _largest_intervals([s.interval(issue) for s in stances])


def _largest_set(issue: Any, stances: Sequence[Any]) -> tuple[tuple[int, ...], ...]:
    requirers: dict[str, int] = {}
    forbidders: dict[str, int] = {}
    for k, s in enumerate(stances):
        for item in s.requires:
            requirers[item] = requirers.get(item, 0) | (1 << k)
        for item in s.forbids:
            forbidders[item] = forbidders.get(item, 0) | (1 << k)
    clashes = [0] * len(stances)
    for item, required in requirers.items():
        forbidden = forbidders.get(item, 0)
        if not forbidden:
            continue
        for k in _bits(required):
            clashes[k] |= forbidden
        for k in _bits(forbidden):
            clashes[k] |= required
    every = (1 << len(stances)) - 1
    calm = sum(1 << k for k, c in enumerate(clashes) if not c)
    groups = _largest_independent(clashes, every & ~calm)
    return tuple(sorted(tuple(_bits(calm | g)) for g in groups))


def _bits(mask: int) -> list[int]:
    out = []
    k = 0
    while mask:
        if mask & 1:
            out.append(k)
        mask >>= 1
        k += 1
    return out


def _largest_independent(clashes: list[int], candidates: int) -> list[int]:
    """Every largest set of vertices among ``candidates`` with no clash between two of them."""
    best: list[int] = [0]
    found: list[int] = []

    def grow(chosen: int, left: int, size: int) -> None:
        if not left:
            if size > best[0]:
                best[0] = size
                found.clear()
            if size == best[0]:
                found.append(chosen)
            return
        if size + left.bit_count() < best[0]:
            return
        v = (left & -left).bit_length() - 1
        bit = 1 << v
        grow(chosen | bit, left & ~bit & ~clashes[v], size + 1)
        # Leaving v out can only lead to a largest set if a clash of v might be taken.
        if clashes[v] & left:
            grow(chosen, left & ~bit, size)

    grow(0, candidates, 0)
    return found


def _largest_sequence(
    issue: Any, stances: Sequence[Any], budget: int
) -> tuple[tuple[tuple[int, ...], ...], bool]:
    union: set[Constraint] = set()
    for s in stances:
        union.update(s.precedes)
    n = len(stances)
    if _acyclic(union):
        return (tuple(range(n)),), True
    component = _components(_step_ids(issue), union)
    cyclic = [
        k
        for k, s in enumerate(stances)
        if any(
            first in component and component[first] == component.get(then)
            for first, then in s.precedes
        )
    ]
    torn = set(cyclic)
    calm = [k for k in range(n) if k not in torn]
    tried = 0
    for size in range(len(cyclic) - 1, -1, -1):
        found = []
        for group in itertools.combinations(cyclic, size):
            tried += 1
            if tried > budget:
                return _greedy_sequence(stances, calm, cyclic), False
            edges: set[Constraint] = set()
            for k in (*calm, *group):
                edges.update(stances[k].precedes)
            if _acyclic(edges):
                found.append(tuple(sorted((*calm, *group))))
        if found:
            return tuple(sorted(found)), True
    return (tuple(calm),), True  # pragma: no cover - the empty group of cyclic stances is acyclic


def _greedy_sequence(
    stances: Sequence[Any], calm: list[int], cyclic: list[int]
) -> tuple[tuple[int, ...], ...]:
    """One maximal group: the calm stances, then each torn one that keeps the union acyclic."""
    chosen = list(calm)
    edges: set[Constraint] = set()
    for k in calm:
        edges.update(stances[k].precedes)
    for k in cyclic:
        more = edges | set(stances[k].precedes)
        if _acyclic(more):
            chosen.append(k)
            edges = more
    return (tuple(sorted(chosen)),)


_LARGEST: dict[Kind, Callable[[Any, Sequence[Any]], tuple[tuple[int, ...], ...]]] = {
    Kind.BOOLEAN: _largest_choice,
    Kind.CATEGORICAL: _largest_choice,
    Kind.ORDINAL: _largest_ordinal,
    Kind.NUMERIC: _largest_numeric,
    Kind.SET: _largest_set,
}


def separation(issue: Issue, a: Stance, b: Stance) -> float:
    """How different two stances' accepted sets are, in [0, 1]: a distance between stances.

    Unlike [`magnitude`][negpos._analysis.kinds.magnitude], which is 0 for any two
    compatible stances, the separation is 0 only when the two are stated alike, and it is a
    metric (symmetric, with the triangle inequality), which
    [`lean`][negpos._analysis.joint.lean] relies on. Per kind, on the issue's own scale:

    - boolean and categorical: the Jaccard distance of the accepted values,
      ``1 - |A ∩ B| / |A ∪ B|``;
    - ordinal: the mean of the distances between the two lower ends and between the two
      upper ends, in steps divided by ``levels - 1``;
    - numeric: the same on the issue's scale (linear or log) divided by its span, open ends
      at the issue's bounds;
    - set: per item, required, open and forbidden count as 1, 0 and -1; the weighted mean of
      half the absolute difference over the issue's items (required against forbidden is 1,
      either against open is 1/2);
    - sequence: the Jaccard distance of the stated constraints (two stances that imply the
      same orders through different constraints count as different).

    Preferences are left out: they do not change the accepted set.

    Raises:
        ValueError: The issue is a text issue.

    Examples:
        >>> from negpos import NumericIssue, NumericStance
        >>> size = NumericIssue(id="army", title="Army", unit="personnel", bounds=(0, 1000))
        >>> separation(size, NumericStance(min=0, max=600), NumericStance(min=0, max=800))
        0.1
    """
    rule = _SEPARATION.get(issue.kind)
    if rule is None:
        _refuse_text(issue)
    assert rule is not None
    return rule(issue, a, b)


def _jaccard(a: set[Any], b: set[Any]) -> float:
    union = len(a | b)
    return 0.0 if union == 0 else 1.0 - len(a & b) / union


def _separation_choice(issue: Any, a: Any, b: Any) -> float:
    return _jaccard(set(a.accepts), set(b.accepts))


def _separation_ordinal(issue: Any, a: Any, b: Any) -> float:
    low_a, low_b, high_a, high_b = _ranks(issue, a, b)
    return float((abs(low_a - low_b) + abs(high_a - high_b)) / (2 * (len(issue.levels) - 1)))


def _separation_numeric(issue: Any, a: Any, b: Any) -> float:
    low_a, high_a = a.interval(issue)
    low_b, high_b = b.interval(issue)
    return float((issue.distance(low_a, low_b) + issue.distance(high_a, high_b)) / 2)


def _separation_set(issue: Any, a: Any, b: Any) -> float:
    state_a = dict.fromkeys(a.requires, 1) | dict.fromkeys(a.forbids, -1)
    state_b = dict.fromkeys(b.requires, 1) | dict.fromkeys(b.forbids, -1)
    differ = {
        item: abs(state_a.get(item, 0) - state_b.get(item, 0)) / 2
        for item in state_a.keys() | state_b.keys()
    }
    if not any(differ.values()):
        return 0.0
    return float(
        issue.weight_share(
            (1.0 if item.weight is None else item.weight) * differ[item.id]
            for item in issue.items
            if differ.get(item.id)
        )
    )


def _separation_sequence(issue: Any, a: Any, b: Any) -> float:
    return _jaccard(set(a.precedes), set(b.precedes))


_SEPARATION: dict[Kind, Callable[[Any, Any, Any], float]] = {
    Kind.BOOLEAN: _separation_choice,
    Kind.CATEGORICAL: _separation_choice,
    Kind.ORDINAL: _separation_ordinal,
    Kind.NUMERIC: _separation_numeric,
    Kind.SET: _separation_set,
    Kind.SEQUENCE: _separation_sequence,
}


def lean(issue: Issue, stance: Stance, toward: Stance, away: Stance) -> float | None:
    """Where ``stance`` sits between ``toward`` and ``away``, signed, on the issue's scale.

    ``(separation(stance, away) - separation(stance, toward)) / separation(toward, away)``:
    1 when ``stance`` is stated as ``toward`` is, -1 when stated as ``away`` is, 0 halfway.
    The separation is a metric, so the figure lies in [-1, 1].

    Args:
        issue: The issue all three stances are on.
        stance: The stance placed (a plan's, say).
        toward: The stance at +1.
        away: The stance at -1.

    Returns:
        The signed position, or None when ``toward`` and ``away`` are stated alike.

    Raises:
        ValueError: The issue is a text issue.

    Examples:
        >>> from negpos import NumericIssue, NumericStance
        >>> size = NumericIssue(id="army", title="Army", unit="personnel", bounds=(0, 1000))
        >>> round(lean(size, NumericStance(max=600), NumericStance(max=500),
        ...            NumericStance(max=1000)), 6)
        0.6
    """
    span = separation(issue, toward, away)
    if span == 0.0:
        return None
    signed = (separation(issue, stance, away) - separation(issue, stance, toward)) / span
    return min(1.0, max(-1.0, signed))
