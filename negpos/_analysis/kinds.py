"""What "compatible", "identical", "zone" and "gap" mean for each kind of issue.

A stance stands for the set of outcomes a party accepts. For two stances on one issue this
module answers, kind by kind:

- [`compatible`][negpos._analysis.kinds.compatible]: do the two sets of outcomes intersect?
- [`identical`][negpos._analysis.kinds.identical]: are they the same set?
- [`zone`][negpos._analysis.kinds.zone]: the intersection, written as a stance of the issue's kind;
- [`magnitude`][negpos._analysis.kinds.magnitude]: how far apart they are, in [0, 1], 0 exactly when
  compatible;
- [`contains`][negpos._analysis.kinds.contains]: does one stance accept every outcome the other
  accepts?

The rules follow the design's table:

- boolean and categorical: accepted values intersect; the gap is 1, or on a categorical issue
  the smallest distance between an option one side accepts and an option the other accepts;
- ordinal: the level ranges intersect; the gap is the number of steps between the ranges
  divided by (levels - 1);
- numeric: the closed intervals intersect (an open end runs to the issue's bound); the gap is
  the distance between the intervals on the issue's scale (linear or log) divided by its span;
- set: nothing one side requires is forbidden by the other; the gap is the weight of the items
  in conflict divided by the issue's total weight;
- sequence: the union of both sides' precedence constraints has no cycle. Outcomes are orders
  of all the issue's steps, so two stances accept the same outcomes exactly when the transitive
  closures of their constraints are equal;
- text: never compared; every function here refuses a text issue with ``ValueError``.

The sequence gap departs from the design's wording ("share of constraints that take part in a
cycle") on purpose. That share is not monotone: removing a constraint that lies outside every
cycle, which widens what a side accepts, makes the share of the remaining constraints that lie
on a cycle larger, so a side could seem to move away by conceding. Instead the gap is the share
of pairs of steps whose order the two sides cannot agree on: the union of both sides'
constraints is split into strongly connected components, each component of ``s`` steps
contributes ``s * (s - 1) / 2`` pairs, and the sum is divided by ``n * (n - 1) / 2`` for the
issue's ``n`` steps. It is symmetric, lies in [0, 1], is 0 exactly when the union is acyclic,
and never grows when a constraint is removed (removing an edge can only split components). The
constraints that lie inside a component are the ones reported as in conflict.

Every function assumes the stances fit the issue, as [`Stance.problems`][negpos.Stance.problems]
checks (kinds match, ids are the issue's, numbers lie within its bounds); a
[`Negotiation`][negpos.Negotiation] guarantees it for its memoranda.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Callable, Iterable
from typing import Any

from negpos._model.issues import CategoricalIssue, Issue, Kind, OrdinalIssue, SequenceIssue
from negpos._model.stances import (
    BooleanStance,
    CategoricalStance,
    NumericStance,
    OrdinalStance,
    SequenceStance,
    SetStance,
    Stance,
)

__all__ = [
    "Assessment",
    "assess",
    "assessor",
    "comparable",
    "compatible",
    "conflicting_constraints",
    "conflicting_items",
    "contains",
    "identical",
    "magnitude",
    "merged_order",
    "zone",
]

Constraint = tuple[str, str]

# An incompatible pair must never report a gap of 0: when the true gap is positive but below
# what a float can hold after rounding (two numeric bounds a few ulps apart, a tiny item
# weight), report the smallest positive float instead.
_TINY = math.ulp(0.0)

# (compatible, identical, magnitude, conflicts): everything the comparison's hot path needs,
# as a plain tuple so that comparing thousands of issues builds no objects per issue.
Assessment = tuple[bool, bool, float, tuple[Any, ...]]


def comparable(issue: Issue) -> bool:
    """Whether stances on ``issue`` can be compared at all (every kind but ``text``).

    Args:
        issue: An issue of the agenda.

    Returns:
        False for text issues, True otherwise.

    Examples:
        >>> from negpos import BooleanIssue, TextIssue
        >>> comparable(BooleanIssue(id="neutral", title="Neutrality"))
        True
        >>> comparable(TextIssue(id="preamble", title="Preamble"))
        False
    """
    return issue.kind is not Kind.TEXT


def compatible(issue: Issue, a: Stance, b: Stance) -> bool:
    """Whether some outcome is acceptable to both stances.

    Args:
        issue: The issue both stances are on.
        a: One side's stance.
        b: The other side's stance.

    Returns:
        True when the sets of accepted outcomes intersect.

    Raises:
        ValueError: The issue is a text issue.

    Examples:
        >>> from negpos import NumericIssue, NumericStance
        >>> days = NumericIssue(id="ceasefire.days", title="Days", unit="days", bounds=(1, 365))
        >>> compatible(days, NumericStance(min=30), NumericStance(max=60))
        True
    """
    return assess(issue, a, b)[0]


def identical(issue: Issue, a: Stance, b: Stance) -> bool:
    """Whether both stances accept exactly the same outcomes (preferences aside).

    Args:
        issue: The issue both stances are on.
        a: One side's stance.
        b: The other side's stance.

    Returns:
        True when the sets of accepted outcomes are equal. Open numeric ends and the issue's
        bounds count as the same; sequence stances are compared by the transitive closure of
        their constraints.

    Raises:
        ValueError: The issue is a text issue.

    Examples:
        >>> from negpos import NumericIssue, NumericStance
        >>> days = NumericIssue(id="ceasefire.days", title="Days", unit="days", bounds=(1, 365))
        >>> identical(days, NumericStance(min=1, max=90), NumericStance(max=90))
        True
    """
    return assess(issue, a, b)[1]


def magnitude(issue: Issue, a: Stance, b: Stance) -> float:
    """How far apart two stances are: 0 when compatible, otherwise in (0, 1].

    Args:
        issue: The issue both stances are on.
        a: One side's stance.
        b: The other side's stance.

    Returns:
        The gap magnitude by the rules of the issue's kind (see the module's description).

    Raises:
        ValueError: The issue is a text issue.

    Examples:
        >>> from negpos import OrdinalIssue, OrdinalStance
        >>> level = OrdinalIssue(id="autonomy", title="Autonomy", levels=["none", "some", "full"])
        >>> magnitude(level, OrdinalStance(lowest="none", highest="none"),
        ...           OrdinalStance(lowest="full", highest="full"))
        1.0
    """
    return assess(issue, a, b)[2]


def conflicting_items(issue: Issue, a: Stance, b: Stance) -> tuple[str, ...]:
    """On a set issue, the items one side requires and the other forbids, in the issue's order.

    Args:
        issue: The issue both stances are on.
        a: One side's stance.
        b: The other side's stance.

    Returns:
        The items in conflict; empty for other kinds and for compatible stances.

    Raises:
        ValueError: The issue is a text issue.

    Examples:
        >>> from negpos import SetIssue, SetStance
        >>> regions = SetIssue(id="recognition", title="Recognition", items=["c", "d", "l"])
        >>> conflicting_items(
        ...     regions, SetStance(requires=("l", "c")), SetStance(forbids=("c", "l"))
        ... )
        ('c', 'l')
    """
    if issue.kind is not Kind.SET:
        _refuse_text(issue)
        return ()
    return assess(issue, a, b)[3]


def conflicting_constraints(issue: Issue, a: Stance, b: Stance) -> tuple[Constraint, ...]:
    """On a sequence issue, the constraints that lie on a cycle of the two sides' union.

    Args:
        issue: The issue both stances are on.
        a: One side's stance.
        b: The other side's stance.

    Returns:
        The constraints ``(first, then)`` of either side whose two steps fall in the same
        strongly connected component of the union of both sides' constraints, ordered by the
        issue's step order; empty for other kinds and for compatible stances.

    Raises:
        ValueError: The issue is a text issue.

    Examples:
        >>> from negpos import SequenceIssue, SequenceStance
        >>> steps = SequenceIssue(id="order", title="Order", steps=["truce", "talks", "vote"])
        >>> conflicting_constraints(steps, SequenceStance(precedes=(("truce", "talks"),)),
        ...                         SequenceStance(precedes=(("talks", "truce"),)))
        (('truce', 'talks'), ('talks', 'truce'))
    """
    if issue.kind is not Kind.SEQUENCE:
        _refuse_text(issue)
        return ()
    return assess(issue, a, b)[3]


def contains(issue: Issue, outer: Stance, inner: Stance) -> bool:
    """Whether ``outer`` accepts every outcome that ``inner`` accepts.

    A stance that contains another is at least as wide: moving from ``inner`` to ``outer``
    widens what a side accepts, the reverse narrows it.

    Args:
        issue: The issue both stances are on.
        outer: The stance that may be the wider one.
        inner: The stance that may be the narrower one.

    Returns:
        True when the outcomes ``inner`` accepts are a subset of those ``outer`` accepts.

    Raises:
        ValueError: The issue is a text issue.

    Examples:
        >>> from negpos import NumericIssue, NumericStance
        >>> days = NumericIssue(id="ceasefire.days", title="Days", unit="days", bounds=(1, 365))
        >>> contains(days, NumericStance(min=10), NumericStance(min=30, max=60))
        True
        >>> contains(days, NumericStance(min=30, max=60), NumericStance(min=10))
        False
    """
    rule = _CONTAINS.get(issue.kind)
    if rule is None:
        _refuse_text(issue)
    assert rule is not None
    return rule(issue, outer, inner)


def zone(issue: Issue, a: Stance, b: Stance) -> Stance | None:
    """The outcomes both stances accept, as a stance of the issue's kind.

    Args:
        issue: The issue both stances are on.
        a: One side's stance.
        b: The other side's stance.

    Returns:
        None when the stances are incompatible. Otherwise a stance accepting exactly the
        outcomes both accept: the intersection of accepted values (boolean, categorical, in
        the issue's order), the common level range (ordinal), the common interval (numeric;
        an end is open only where both sides left it open), the union of requirements and of
        prohibitions (set), or the union of the constraints (sequence, ordered by the issue's
        steps). Its ``preferred`` is the value both prefer, or None when they prefer
        different values or do not say.

    Raises:
        ValueError: The issue is a text issue.

    Examples:
        >>> from negpos import NumericIssue, NumericStance
        >>> days = NumericIssue(id="ceasefire.days", title="Days", unit="days", bounds=(1, 365))
        >>> zone(days, NumericStance(min=30), NumericStance(max=60))
        NumericStance(kind=<Kind.NUMERIC: 'numeric'>, min=30.0, max=60.0, preferred=None)
    """
    rule = _ZONE.get(issue.kind)
    if rule is None:
        _refuse_text(issue)
    assert rule is not None
    if not assess(issue, a, b)[0]:
        return None
    return rule(issue, a, b)


def merged_order(issue: Issue, stance: Stance) -> tuple[str, ...]:
    """One order of all the issue's steps that respects a sequence stance's constraints.

    Applied to a comparison's zone, it gives an order both sides accept. Among the orders
    the stance allows, the one returned takes at each point the earliest step in the issue's
    own order whose predecessors have all been placed, so it is deterministic.

    Args:
        issue: A sequence issue.
        stance: A sequence stance on it (a party's stance or a zone).

    Returns:
        Every step of the issue, each once.

    Raises:
        ValueError: The issue is not a sequence issue.

    Examples:
        >>> from negpos import SequenceIssue, SequenceStance
        >>> steps = SequenceIssue(id="order", title="Order", steps=["truce", "talks", "vote"])
        >>> merged_order(steps, SequenceStance(precedes=(("vote", "truce"),)))
        ('talks', 'vote', 'truce')
    """
    if not isinstance(issue, SequenceIssue) or not isinstance(stance, SequenceStance):
        raise ValueError(f"a merged order needs a sequence issue; {issue.id!r} is {issue.kind}")
    rank = {step.id: i for i, step in enumerate(issue.steps)}
    successors: dict[str, list[str]] = {step: [] for step in rank}
    waiting = dict.fromkeys(rank, 0)
    for first, then in stance.precedes:
        successors[first].append(then)
        waiting[then] += 1
    ready = [(rank[step], step) for step, count in waiting.items() if count == 0]
    heapq.heapify(ready)
    order: list[str] = []
    while ready:
        _, step = heapq.heappop(ready)
        order.append(step)
        for then in successors[step]:
            waiting[then] -= 1
            if waiting[then] == 0:
                heapq.heappush(ready, (rank[then], then))
    return tuple(order)


def assess(issue: Issue, a: Stance, b: Stance) -> Assessment:
    """Everything about a pair of stances in one pass: the comparison's hot path.

    Args:
        issue: The issue both stances are on.
        a: One side's stance.
        b: The other side's stance.

    Returns:
        ``(compatible, identical, magnitude, conflicts)``, where ``conflicts`` holds the
        conflicting items of a set issue or the conflicting constraints of a sequence issue
        and is empty otherwise.

    Raises:
        ValueError: The issue is a text issue.
    """
    rule = _ASSESS.get(issue.kind)
    if rule is None:
        _refuse_text(issue)
    assert rule is not None
    return rule(issue, a, b)


def assessor(kind: Kind) -> Callable[[Issue, Stance, Stance], Assessment] | None:
    """The function [`assess`][negpos._analysis.kinds.assess] uses for ``kind``, or None for text.

    Looking the rule up once lets a loop over thousands of issues skip the dispatch.

    Args:
        kind: A kind of issue.

    Returns:
        A function of ``(issue, a, b)`` returning the assessment, or None for ``text``.
    """
    return _ASSESS.get(kind)


def _refuse_text(issue: Issue) -> None:
    if issue.kind is Kind.TEXT:
        raise ValueError(f"issue {issue.id!r} is a text issue; text stances are not compared")


# Zones are built with ``model_construct``: each is the intersection of two stances that were
# validated already, so it fits its issue by construction, and validating it again would cost
# more than computing it (a report shows the zone of every compatible issue).

# --- boolean and categorical: sets of accepted values -------------------------------------


def _assess_choice(issue: Any, a: Any, b: Any) -> Assessment:
    mine = set(a.accepts)
    theirs = b.accepts
    if not mine.isdisjoint(theirs):
        return True, len(mine) == len(theirs) and mine.issuperset(theirs), 0.0, ()
    if isinstance(issue, CategoricalIssue) and issue.distances:
        return False, False, max(_nearest(issue, mine, set(theirs)), _TINY), ()
    return False, False, 1.0, ()


def _nearest(issue: CategoricalIssue, mine: set[str], theirs: set[str]) -> float:
    """The smallest distance between an option of ``mine`` and one of ``theirs`` (disjoint).

    Unstated distances are 1 and stated ones at most 1, so the answer is the smallest stated
    distance between the two sets, or 1 where none is stated: one pass over the stated
    distances, rather than a lookup for every pair of options.
    """
    nearest = 1.0
    for d in issue.distances:
        x, y = d.between
        if d.value < nearest and ((x in mine and y in theirs) or (y in mine and x in theirs)):
            nearest = d.value
    return nearest


def _contains_choice(issue: Issue, outer: Any, inner: Any) -> bool:
    return set(outer.accepts).issuperset(inner.accepts)


def _common_preferred(a: Any, b: Any) -> Any:
    return a.preferred if a.preferred is not None and a.preferred == b.preferred else None


def _zone_boolean(issue: Issue, a: Any, b: Any) -> BooleanStance:
    both = [v for v in (True, False) if v in a.accepts and v in b.accepts]
    return BooleanStance.model_construct(accepts=tuple(both), preferred=_common_preferred(a, b))


def _zone_categorical(issue: Any, a: Any, b: Any) -> CategoricalStance:
    assert isinstance(issue, CategoricalIssue)
    both = [o.id for o in issue.options if o.id in a.accepts and o.id in b.accepts]
    return CategoricalStance.model_construct(accepts=tuple(both), preferred=_common_preferred(a, b))


# --- ordinal: ranges of levels --------------------------------------------------------------


def _ranks(issue: OrdinalIssue, *stances: Any) -> list[int]:
    wanted = [s.lowest for s in stances] + [s.highest for s in stances]
    rank = {level.id: i for i, level in enumerate(issue.levels)}
    return [rank[w] for w in wanted]


def _assess_ordinal(issue: Any, a: Any, b: Any) -> Assessment:
    low_a, low_b, high_a, high_b = _ranks(issue, a, b)
    low = max(low_a, low_b)
    high = min(high_a, high_b)
    if low <= high:
        return True, low_a == low_b and high_a == high_b, 0.0, ()
    return False, False, (low - high) / (len(issue.levels) - 1), ()


def _contains_ordinal(issue: Any, outer: Any, inner: Any) -> bool:
    low_o, low_i, high_o, high_i = _ranks(issue, outer, inner)
    return low_o <= low_i and high_i <= high_o


def _zone_ordinal(issue: Any, a: Any, b: Any) -> OrdinalStance:
    low_a, low_b, high_a, high_b = _ranks(issue, a, b)
    levels = issue.levels
    return OrdinalStance.model_construct(
        lowest=levels[max(low_a, low_b)].id,
        highest=levels[min(high_a, high_b)].id,
        preferred=_common_preferred(a, b),
    )


# --- numeric: closed intervals, open ends at the issue's bounds -----------------------------


def _assess_numeric(issue: Any, a: Any, b: Any) -> Assessment:
    bottom, top = issue.bounds
    low_a = bottom if a.min is None else a.min
    low_b = bottom if b.min is None else b.min
    high_a = top if a.max is None else a.max
    high_b = top if b.max is None else b.max
    low = low_a if low_a > low_b else low_b
    high = high_a if high_a < high_b else high_b
    if low <= high:
        return True, low_a == low_b and high_a == high_b, 0.0, ()
    gap = issue.distance(high, low)
    return False, False, min(1.0, max(gap, _TINY)), ()


def _contains_numeric(issue: Any, outer: NumericStance, inner: NumericStance) -> bool:
    low_o, high_o = outer.interval(issue)
    low_i, high_i = inner.interval(issue)
    return low_o <= low_i and high_i <= high_o


def _zone_numeric(issue: Any, a: Any, b: Any) -> NumericStance:
    mins = [v for v in (a.min, b.min) if v is not None]
    maxes = [v for v in (a.max, b.max) if v is not None]
    return NumericStance.model_construct(
        min=max(mins) if mins else None,
        max=min(maxes) if maxes else None,
        preferred=_common_preferred(a, b),
    )


# --- set: required and forbidden items ------------------------------------------------------


def _assess_set(issue: Any, a: Any, b: Any) -> Assessment:
    requires_a = set(a.requires)
    requires_b = set(b.requires)
    if requires_a.isdisjoint(b.forbids) and requires_b.isdisjoint(a.forbids):
        same = requires_a == requires_b and set(a.forbids) == set(b.forbids)
        return True, same, 0.0, ()
    clash = requires_a.intersection(b.forbids)
    clash.update(requires_b.intersection(a.forbids))
    items = issue.items
    conflicts = tuple(item.id for item in items if item.id in clash)
    gap = issue.weight_share(
        1.0 if item.weight is None else item.weight for item in items if item.id in clash
    )
    return False, False, min(1.0, max(gap, _TINY)), conflicts


def _contains_set(issue: Issue, outer: Any, inner: Any) -> bool:
    required: set[str] = set(inner.requires)
    forbidden: set[str] = set(inner.forbids)
    return required.issuperset(outer.requires) and forbidden.issuperset(outer.forbids)


def _zone_set(issue: Any, a: Any, b: Any) -> SetStance:
    requires = set(a.requires).union(b.requires)
    forbids = set(a.forbids).union(b.forbids)
    ids = [item.id for item in issue.items]
    return SetStance.model_construct(
        requires=tuple(i for i in ids if i in requires),
        forbids=tuple(i for i in ids if i in forbids),
    )


# --- sequence: precedence constraints -------------------------------------------------------


def _successors(edges: Iterable[Constraint]) -> dict[str, list[str]]:
    graph: dict[str, list[str]] = {}
    for first, then in edges:
        graph.setdefault(first, []).append(then)
    return graph


def _acyclic(edges: Iterable[Constraint]) -> bool:
    """Whether a set of constraints has no cycle (Kahn's algorithm, linear in the edges)."""
    successors: dict[str, list[str]] = {}
    waiting: dict[str, int] = {}
    for first, then in edges:
        successors.setdefault(first, []).append(then)
        waiting[then] = waiting.get(then, 0) + 1
    ready = [step for step in successors if step not in waiting]
    while ready:
        for then in successors.get(ready.pop(), ()):
            waiting[then] -= 1
            if not waiting[then]:
                ready.append(then)
    return not any(waiting.values())


def _reachable(edges: tuple[Constraint, ...]) -> Callable[[str, str], bool]:
    """A test of "``then`` can be reached from ``first``" in an acyclic set of constraints.

    Each step's set of reachable steps is a bit mask (a Python int), built once in reverse
    topological order: a step reaches its successors and everything they reach. The work is
    one big-int OR per constraint, so a few thousand steps take milliseconds where following
    the constraints anew for every query took seconds.
    """
    successors = _successors(edges)
    waiting: dict[str, int] = {}
    for then in (t for _, t in edges):
        waiting[then] = waiting.get(then, 0) + 1
    order = [step for step in successors if step not in waiting]
    for step in order:  # grows as steps become ready: Kahn's algorithm
        for then in successors.get(step, ()):
            waiting[then] -= 1
            if not waiting[then]:
                order.append(then)
    bit = {step: 1 << k for k, step in enumerate(order)}
    reach: dict[str, int] = {}
    for step in reversed(order):
        mask = 0
        for then in successors.get(step, ()):
            mask |= bit[then] | reach[then]
        reach[step] = mask

    def test(first: str, then: str) -> bool:
        return first in reach and then in bit and bool(reach[first] & bit[then])

    return test


def _implied(edges: Iterable[Constraint], by: tuple[Constraint, ...]) -> bool:
    """Whether every constraint of ``edges`` follows from the constraints ``by`` (acyclic)."""
    given = set(by)
    missing = [edge for edge in edges if edge not in given]
    if not missing:
        return True
    reaches = _reachable(by)
    return all(reaches(first, then) for first, then in missing)


def _components(steps: list[str], edges: set[Constraint]) -> dict[str, int]:
    """The strongly connected component of each step that lies on a cycle (Tarjan, linear).

    Returns:
        For every step in a component of two or more steps, the component's number; steps
        on no cycle are left out (a stance never has a step before itself).
    """
    successors = _successors(edges)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: dict[str, int] = {}
    count = 0
    for root in steps:
        if root in index:
            continue
        # An explicit stack of (step, position in its successors), so that long chains of
        # steps cannot exhaust Python's recursion limit.
        work = [(root, 0)]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            step, k = work[-1]
            nexts = successors.get(step, ())
            if k < len(nexts):
                work[-1] = (step, k + 1)
                then = nexts[k]
                if then not in index:
                    index[then] = low[then] = len(index)
                    stack.append(then)
                    on_stack.add(then)
                    work.append((then, 0))
                elif then in on_stack:
                    low[step] = min(low[step], index[then])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[step])
            if low[step] == index[step]:
                members = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    members.append(member)
                    if member == step:
                        break
                if len(members) > 1:
                    for member in members:
                        found[member] = count
                    count += 1
    return found


def _step_ids(issue: Any) -> list[str]:
    return [step.id for step in issue.steps]


def _assess_sequence(issue: Any, a: Any, b: Any) -> Assessment:
    mine: tuple[Constraint, ...] = a.precedes
    theirs: tuple[Constraint, ...] = b.precedes
    if mine == theirs:
        return True, True, 0.0, ()
    # Each side's own constraints are acyclic, so only a union of two non-empty sets can
    # hold a cycle; an empty side and a non-empty one never accept the same orders.
    if not mine or not theirs:
        return True, False, 0.0, ()
    union = set(mine)
    union.update(theirs)
    if _acyclic(union):
        return True, _implied(mine, theirs) and _implied(theirs, mine), 0.0, ()
    # Steps on a cycle, grouped into strongly connected components.
    steps = _step_ids(issue)
    component = _components(steps, union)
    sizes: dict[int, int] = {}
    for number in component.values():
        sizes[number] = sizes.get(number, 0) + 1
    pairs = sum(size * (size - 1) // 2 for size in sizes.values())
    n = len(steps)
    rank = {step: i for i, step in enumerate(steps)}
    conflicts = sorted(
        (
            edge
            for edge in union
            if edge[0] in component and component[edge[0]] == component.get(edge[1])
        ),
        key=lambda edge: (rank[edge[0]], rank[edge[1]]),
    )
    return False, False, pairs / (n * (n - 1) // 2), tuple(conflicts)


def _contains_sequence(issue: Any, outer: Any, inner: Any) -> bool:
    # The orders ``inner`` accepts are among those ``outer`` accepts exactly when every
    # constraint of ``outer`` follows from ``inner``'s.
    return _implied(outer.precedes, inner.precedes)


def _zone_sequence(issue: Any, a: Any, b: Any) -> SequenceStance:
    rank = {step: i for i, step in enumerate(_step_ids(issue))}
    union = sorted(set(a.precedes) | set(b.precedes), key=lambda e: (rank[e[0]], rank[e[1]]))
    return SequenceStance.model_construct(precedes=tuple(union))


_ASSESS: dict[Kind, Callable[[Any, Any, Any], Assessment]] = {
    Kind.BOOLEAN: _assess_choice,
    Kind.CATEGORICAL: _assess_choice,
    Kind.ORDINAL: _assess_ordinal,
    Kind.NUMERIC: _assess_numeric,
    Kind.SET: _assess_set,
    Kind.SEQUENCE: _assess_sequence,
}

_CONTAINS: dict[Kind, Callable[[Any, Any, Any], bool]] = {
    Kind.BOOLEAN: _contains_choice,
    Kind.CATEGORICAL: _contains_choice,
    Kind.ORDINAL: _contains_ordinal,
    Kind.NUMERIC: _contains_numeric,
    Kind.SET: _contains_set,
    Kind.SEQUENCE: _contains_sequence,
}

_ZONE: dict[Kind, Callable[[Any, Any, Any], Stance]] = {
    Kind.BOOLEAN: _zone_boolean,
    Kind.CATEGORICAL: _zone_categorical,
    Kind.ORDINAL: _zone_ordinal,
    Kind.NUMERIC: _zone_numeric,
    Kind.SET: _zone_set,
    Kind.SEQUENCE: _zone_sequence,
}
