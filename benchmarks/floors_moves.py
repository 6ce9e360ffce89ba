"""Plain-Python floors for movement: change detection between rounds, and trajectories.

Like [`floors`][floors], these compute on tuples prepared before the clock starts, by the
rules ``negpos.changes`` and ``Negotiation.trajectory`` follow (see ``negpos/_changes.py``):
a position's movement is measured against the counterpart's earlier stance, by the gap before
and after, then by widening or narrowing, then by the zone shared with the counterpart. Raw
document differences (DeepDiff), which negpos computes only when a caller reads them, are left
out.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from floors import RULES, AgendaT, MemoT, PositionT, _result, _Tally, compare, reach

__all__ = ["MoveT", "changes", "classify", "explore", "trajectory"]

Stance = tuple[Any, ...]


def _closure(steps: Sequence[str], edges: Any) -> set[tuple[str, str]]:
    return {(x, y) for x, after in reach(steps, edges).items() for y in after}


def _contains(kind: str, dom: Any, outer: Stance, inner: Stance) -> bool:
    if kind in ("boolean", "categorical"):
        return set(outer[0]).issuperset(inner[0])
    if kind == "ordinal":
        rank: dict[str, int] = dom[0]
        return rank[outer[0]] <= rank[inner[0]] and rank[inner[1]] <= rank[outer[1]]
    if kind == "numeric":
        bottom: float
        top: float
        bottom, top, _ = dom
        low_o = bottom if outer[0] is None else outer[0]
        high_o = top if outer[1] is None else outer[1]
        low_i = bottom if inner[0] is None else inner[0]
        high_i = top if inner[1] is None else inner[1]
        return low_o <= low_i and high_i <= high_o
    if kind == "set":
        return set(inner[0]).issuperset(outer[0]) and set(inner[1]).issuperset(outer[1])
    return _closure(dom, outer[0]) <= _closure(dom, inner[0])


def _zone(kind: str, dom: Any, a: Stance, b: Stance) -> Stance:
    # Only called on compatible stances; the zone is written as a stance of the same kind.
    preferred = a[-1] if a[-1] is not None and a[-1] == b[-1] else None
    if kind in ("boolean", "categorical"):
        theirs = set(b[0])
        return tuple(v for v in a[0] if v in theirs), preferred
    if kind == "ordinal":
        rank, _, levels = dom
        low = max(rank[a[0]], rank[b[0]])
        high = min(rank[a[1]], rank[b[1]])
        return levels[low], levels[high], preferred
    if kind == "numeric":
        mins = [v for v in (a[0], b[0]) if v is not None]
        maxes = [v for v in (a[1], b[1]) if v is not None]
        return (max(mins) if mins else None), (min(maxes) if maxes else None), preferred
    if kind == "set":
        return tuple(set(a[0]) | set(b[0])), tuple(set(a[1]) | set(b[1])), None
    return tuple(set(a[0]) | set(b[0])), None


def _wider(kind: str, dom: Any, new: Stance, old: Stance) -> bool:
    return _contains(kind, dom, new, old) and not _contains(kind, dom, old, new)


def classify(
    kind: str, dom: Any, before: Stance | None, after: Stance | None, ref: Stance | None
) -> tuple[str, float | None, float | None]:
    """The movement of one stance between two rounds, against the counterpart's earlier one.

    Args:
        kind: The issue's kind.
        dom: The issue's domain, as [`floors.agenda_tuples`][floors.agenda_tuples] gives it.
        before: The party's earlier stance tuple, or None.
        after: The party's later stance tuple, or None.
        ref: The counterpart's earlier stance tuple, or None.

    Returns:
        ``(movement, distance before, distance after)``.
    """
    rule = RULES.get(kind)
    d0 = d1 = None
    if ref is not None and rule is not None:
        d0 = None if before is None else rule(dom, before, ref)[2]
        d1 = None if after is None else rule(dom, after, ref)[2]
    if before is None:
        return "added", d0, d1
    if after is None:
        return "dropped", d0, d1
    if rule is None:
        return ("unchanged" if before == after else "lateral"), None, None
    ok, same, _, _, _ = rule(dom, before, after)
    if ok and same and before[-1] == after[-1]:
        return "unchanged", d0, d1
    if d0 is not None and d1 is not None and d0 != d1:
        return ("concession" if d1 < d0 else "hardening"), d0, d1
    if _wider(kind, dom, after, before):
        return "concession", d0, d1
    if _wider(kind, dom, before, after):
        return "hardening", d0, d1
    if ref is not None and d0 == 0.0:
        old_zone, new_zone = _zone(kind, dom, before, ref), _zone(kind, dom, after, ref)
        if _wider(kind, dom, new_zone, old_zone):
            return "concession", d0, d1
        if _wider(kind, dom, old_zone, new_zone):
            return "hardening", d0, d1
    return "lateral", d0, d1


def changes(
    agenda: AgendaT, before: MemoT, after: MemoT, reference: MemoT | None
) -> list[tuple[Any, ...]]:
    """Each addressed issue's movement between two memoranda of one party, in agenda order."""
    old, new = before[0], after[0]
    ref = {} if reference is None else reference[0]
    items: list[tuple[Any, ...]] = []
    for iid, kind, dom in agenda:
        b, a = old.get(iid), new.get(iid)
        if b is None and a is None:
            continue
        r = ref.get(iid)
        movement = classify(
            kind, dom, None if b is None else b[0], None if a is None else a[0],
            None if r is None else r[0],
        )  # fmt: skip
        items.append((iid, *movement, b, a))
    return items


def _slope(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    if len(xs) < 2:
        return None
    mx, my = math.fsum(xs) / len(xs), math.fsum(ys) / len(ys)
    sxx = math.fsum((x - mx) ** 2 for x in xs)
    if sxx == 0:
        return None
    return math.fsum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sxx


def _totals(agenda: AgendaT, mine: list[MemoT], theirs: list[MemoT]) -> tuple[Any, ...]:
    counts: dict[str, int] = {}
    weights = {"concession": 0.0, "hardening": 0.0}
    for k in range(len(mine) - 1):
        for item in changes(agenda, mine[k], mine[k + 1], theirs[k]):
            counts[item[1]] = counts.get(item[1], 0) + 1
            if item[1] in weights:
                weights[item[1]] += item[4][1]
    return tuple(sorted(counts.items())), weights["concession"], weights["hardening"]


def trajectory(
    agenda: AgendaT, rounds: Sequence[Mapping[str, MemoT]], a: str, b: str
) -> tuple[Any, ...]:
    """Two parties' standing positions compared at every round, and their moves in between.

    Standing positions are carried forward round by round (one pass over the rounds, not one
    per round).

    Returns:
        ``(rows, points, slope, totals)``: a ``(issue, round, status, magnitude)`` row per
        followed issue and round, the compatibility index and mean gap per round, the index's
        least-squares slope over the rounds, and each party's movement totals.
    """
    held: dict[str, dict[str, PositionT]] = {a: {}, b: {}}
    groups: dict[str, Any] = {a: (), b: ()}
    seq_a: list[MemoT] = []
    seq_b: list[MemoT] = []
    statuses: list[dict[str, tuple[str, float | None]]] = []
    points: list[tuple[Any, ...]] = []
    for k, memos in enumerate(rounds):
        for party in (a, b):
            memo = memos.get(party)
            if memo is not None:
                current = dict(held[party])
                for iid in memo[2]:
                    current.pop(iid, None)
                current.update(memo[0])
                held[party] = current
                groups[party] = memo[1] or groups[party]
        memo_a = (held[a], groups[a], ())
        memo_b = (held[b], groups[b], ())
        if not seq_a and not ((memo_a[0] or memo_a[1]) and (memo_b[0] or memo_b[1])):
            continue
        seq_a.append(memo_a)
        seq_b.append(memo_b)
        results, summary, _ = compare(agenda, memo_a, memo_b)
        statuses.append({r[0]: (r[1], r[2]) for r in results})
        points.append((k, summary[1], summary[2]))
    addressed = set().union(*statuses) if statuses else set()
    rows = [
        (iid, k, *found.get(iid, (None, None)))
        for iid, _, _ in agenda
        if iid in addressed
        for k, found in enumerate(statuses)
    ]
    defined = [(float(k), index) for k, index, _ in points if index is not None]
    slope = _slope([x for x, _ in defined], [y for _, y in defined])
    totals = (_totals(agenda, seq_a, seq_b), _totals(agenda, seq_b, seq_a))
    return rows, points, slope, totals


# A move: which side moves (0 for the first memorandum, 1 for the second), the issue, the
# mover's position after the move, and the move's price.
MoveT = tuple[int, str, PositionT, float]


def explore(
    agenda: AgendaT, memo_a: MemoT, memo_b: MemoT, moves: Sequence[MoveT], threshold: float
) -> tuple[float | None, int | None, int]:
    """Brute force over every subset of ``moves``: the cheapest after which the index is reached.

    The same search as an exact ``negpos.scenarios.explore`` with the goal
    ``compatibility_at_least(threshold)``, on tuples: each subset's salience-weighted
    compatibility index is the baseline's, with the moved issues' results swapped for their
    results after the move, by the comparison floor's rules.

    Args:
        agenda: From ``agenda_tuples``.
        memo_a: The first party's memorandum, from ``memo_tuples``.
        memo_b: The second party's.
        moves: The candidate moves, each on a different issue.
        threshold: The compatibility index to reach.

    Returns:
        ``(cost, subset, evaluated)``: the cheapest reaching subset's cost and its bit mask
        (bit ``k`` set when it makes move ``k``), both None when no subset reaches the
        threshold, and how many subsets were evaluated.
    """
    main = (memo_a[0], memo_b[0])
    by_id = {issue[0]: issue for issue in agenda}
    tally = _Tally()
    before: dict[str, Any] = {}
    for issue in agenda:
        iid = issue[0]
        if iid in main[0] or iid in main[1]:
            before[iid] = _result(issue, main[0].get(iid), main[1].get(iid))
            tally.add(before[iid])
    swaps = []
    for side, iid, position, price in moves:
        mine = position if side == 0 else main[0].get(iid)
        theirs = position if side == 1 else main[1].get(iid)
        after = _result(by_id[iid], mine, theirs)
        swaps.append((before.get(iid), after, price))
    best: float | None = None
    best_mask: int | None = None
    evaluated = 0
    for mask in range(1 << len(swaps)):
        evaluated += 1
        current = tally.copy()
        cost = 0.0
        for k, (old, new, price) in enumerate(swaps):
            if mask >> k & 1:
                if old is not None:
                    current.add(old, -1)
                current.add(new)
                cost += price
        index = current.figures()[1]
        if index is not None and index >= threshold and (best is None or cost < best):
            best, best_mask = cost, mask
    return best, best_mask, evaluated
