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

from floors import (
    RULES,
    AgendaT,
    MemoT,
    PositionT,
    Reading,
    RoundT,
    SettledT,
    _closest,
    _read_memo,
    compare,
    restated,
)
from floors import contains as _contains

__all__ = ["MoveT", "changes", "classify", "explore", "trajectory"]

Stance = tuple[Any, ...]


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
    # A position dropped for options on its issue went into the options.
    optional = {iid for group in after[1] for _, positions in group[1] for iid in positions}
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
        if movement[0] == "dropped" and iid in optional:
            movement = ("into_options", *movement[1:])
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
    agenda: AgendaT,
    rounds: Sequence[RoundT],
    a: str,
    b: str,
    everyone: Sequence[str] = (),
) -> tuple[Any, ...]:
    """Two parties' standing positions compared at every round, and their moves in between.

    Standing positions and the issues settled between the two parties are carried forward
    round by round (one pass over the rounds, not one per round).

    Args:
        agenda: From ``agenda_tuples``.
        rounds: From ``round_tuples``.
        a: The first party's id.
        b: The second party's id.
        everyone: Every party's id (who agreed an outcome that lists no parties in a round
            where nobody tabled a memorandum).

    Returns:
        ``(rows, points, slope, totals)``: a ``(issue, round, status, magnitude)`` row per
        followed issue and round, the compatibility index and mean gap per round, the index's
        least-squares slope over the rounds, and each party's movement totals.
    """
    held: dict[str, tuple[dict[str, PositionT], dict[str, int], dict[str, Any]]] = {
        a: ({}, {}, {}),
        b: ({}, {}, {}),
    }
    settled: dict[str, SettledT] = {}
    seq_a: list[MemoT] = []
    seq_b: list[MemoT] = []
    statuses: list[dict[str, tuple[str, float | None]]] = []
    points: list[tuple[Any, ...]] = []
    for k, (memos, agreed) in enumerate(rounds):
        for party in (a, b):
            memo = memos.get(party)
            if memo is not None:
                # A copy per round: the comparisons of earlier rounds keep theirs.
                positions, since, groups = (dict(d) for d in held[party])
                _read_memo(memo, k, positions, since, groups)
                held[party] = positions, since, groups
        present = tuple(memos) or tuple(everyone)
        for issue, stance, parties in agreed:
            if issue is None or stance is None:
                continue
            if all(p in (parties or present) for p in (a, b)):
                settled[issue] = (stance, k)
        memo_a: MemoT = (held[a][0], tuple(held[a][2].values()), (), held[a][1], k)
        memo_b: MemoT = (held[b][0], tuple(held[b][2].values()), (), held[b][1], k)
        if not seq_a and not ((memo_a[0] or memo_a[1]) and (memo_b[0] or memo_b[1])):
            continue
        seq_a.append(memo_a)
        seq_b.append(memo_b)
        results, summary, _ = compare(agenda, memo_a, memo_b, dict(settled))
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
    agenda: AgendaT,
    memo_a: MemoT,
    memo_b: MemoT,
    moves: Sequence[MoveT],
    settled: Mapping[str, SettledT],
    threshold: float,
) -> tuple[float | None, int | None, int]:
    """Brute force over every subset of ``moves``: the cheapest after which the index is reached.

    The same search as an exact ``negpos.scenarios.explore`` with the goal
    ``compatibility_at_least(threshold)``, on tuples: each subset's compatibility index is
    that of the comparison after its moves, by the comparison floor's rules (settled issues,
    conditions, and each memorandum read with the closest option of each group taken, the
    options' figures and the headline's being the baseline reading with the moved issues and
    the options' issues taken out and put back in).

    Args:
        agenda: From ``agenda_tuples``.
        memo_a: The first party's memorandum, from ``memo_tuples``.
        memo_b: The second party's.
        moves: The candidate moves, each on a different issue.
        settled: The issues settled between the two parties.
        threshold: The compatibility index to reach.

    Returns:
        ``(cost, subset, evaluated)``: the cheapest reaching subset's cost and its bit mask
        (bit ``k`` set when it makes move ``k``), both None when no subset reaches the
        threshold, and how many subsets were evaluated.
    """
    memos = (memo_a, memo_b)
    base = Reading(agenda, (memo_a[0], memo_a[3], memo_a[4]), (memo_b[0], memo_b[3], memo_b[4]),
                   settled)  # fmt: skip
    best: float | None = None
    best_mask: int | None = None
    evaluated = 0
    for mask in range(1 << len(moves)):
        evaluated += 1
        moved: tuple[dict[str, PositionT], dict[str, PositionT]] = ({}, {})
        cost = 0.0
        for k, (side, iid, position, price) in enumerate(moves):
            if mask >> k & 1:
                moved[side][iid] = position
                cost += price
        index = _index_after(base, memos, moved)
        if index is not None and index >= threshold and (best is None or cost < best):
            best, best_mask = cost, mask
    return best, best_mask, evaluated


def _index_after(
    base: Reading,
    memos: tuple[MemoT, MemoT],
    moved: tuple[dict[str, PositionT], dict[str, PositionT]],
) -> float | None:
    """The compatibility index once the ``moved`` positions replace each side's own.

    A move replaces the main position on its issue, if any, and the position of every option
    of the mover that addresses the issue.
    """
    mains = tuple({i: p for i, p in moved[s].items() if i in memos[s][0]} for s in (0, 1))
    if not memos[0][1] and not memos[1][1]:
        return base.figures_with(base.overlay(mains[0], mains[1]))[1]  # type: ignore[no-any-return]
    taken: tuple[list[dict[str, PositionT]], list[dict[str, PositionT]]] = ([], [])
    for s, memo in enumerate(memos):
        for _, options, _ in memo[1]:
            fared = []
            chosen = []
            for k, (_, positions) in enumerate(options):
                option = {i: moved[s].get(i, p) for i, p in positions.items()}
                over = _restated(memo, mains[s], [option])
                changed = base.overlay(over, mains[1]) if s == 0 else base.overlay(mains[0], over)
                fared.append((base.figures_with(changed), None, k))
                chosen.append(option)
            taken[s].append(chosen[_closest(fared)])
    over_a = _restated(memos[0], mains[0], taken[0])
    over_b = _restated(memos[1], mains[1], taken[1])
    return base.figures_with(base.overlay(over_a, over_b))[1]  # type: ignore[no-any-return]


def _restated(
    memo: MemoT, main: Mapping[str, PositionT], options: Sequence[Mapping[str, PositionT]]
) -> dict[str, PositionT]:
    # The moved main positions, and each option's positions restated over them in turn.
    over = dict(main)
    for option in options:
        for iid, p in option.items():
            over[iid] = restated(over.get(iid) or memo[0].get(iid), p)
    return over
