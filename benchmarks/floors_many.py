"""Plain-Python floors for the many-party analyses: common ground and a plan against sides.

The same figures ``Negotiation.common`` and ``Negotiation.assess`` compute when they run, by
the same rules as ``negpos._analysis.joint`` and ``negpos._analysis.plans``, on the tuples of
``floors.agenda_tuples`` and ``floors.memo_tuples`` prepared before the clock starts, with no
result objects. Common ground, per issue: the status, the joint gap, the largest groups of
parties that share a zone and the blockers; the summary's counts, index, mean gap and blocking
counts. A plan, per issue and side: the fit, the gap, the separation and a red line crossed;
per issue the side leaned toward and the lean; per side the counts, the share accepted, the
concessions, the red lines crossed and the lean; overall the side leaned toward and the margin.
Zones are left out, as negpos computes them only when read.

Both read every memorandum "as offered", as negpos does: each option of a group read as the
party's main positions with the option's positions taken (restated: the option's stance, the
higher salience, a red line if either is one) against the other parties' main positions,
the closest option (fewest issues open, then the highest index, then the fewest gaps with red
lines, then the first) taken; an issue only options nobody takes address is ``other_option``.
Only the issues an option states change, so an option costs its issues, not the agenda. The
tuples carry no conditions and the floors take no outcomes: the measured cases have neither.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from typing import Any

from floors import RULES, AgendaT, MemoT, PositionT, reach
from floors import contains as _contains

__all__ = ["assess", "common"]

_TINY = math.ulp(0.0)
# As negpos: past this many groups tried, a sequence issue gets one greedy group.
SEQUENCE_BUDGET = 256
Stance = tuple[Any, ...]


def _distance(dom: Any, a: float, b: float) -> float:
    bottom, top, log = dom
    a, b = (a, b) if a <= b else (b, a)
    if log:
        return float((math.log(b) - math.log(a)) / (math.log(top) - math.log(bottom)))
    return float((b - a) / (top - bottom))


def _ends(dom: Any, s: Stance) -> tuple[float, float]:
    return (dom[0] if s[0] is None else s[0], dom[1] if s[1] is None else s[1])


def _acyclic(edges: set[tuple[str, str]]) -> bool:
    succ: dict[str, list[str]] = {}
    waiting: dict[str, int] = {}
    for x, y in edges:
        succ.setdefault(x, []).append(y)
        waiting[y] = waiting.get(y, 0) + 1
    ready = [s for s in succ if s not in waiting]
    while ready:
        for y in succ.get(ready.pop(), ()):
            waiting[y] -= 1
            if not waiting[y]:
                ready.append(y)
    return not any(waiting.values())


def joint_gap(kind: str, dom: Any, stances: Sequence[Stance]) -> float:
    """The joint gap of several stances on one issue."""
    if kind in ("boolean", "categorical"):
        sets = [set(s[0]) for s in stances]
        if set.intersection(*sets):
            return 0.0
        distances = dom[1] if kind == "categorical" and dom else None
        if not distances:
            return 1.0
        best = 1.0
        for option in set.union(*sets):
            worst = max(
                (
                    min(distances.get((option, o), 1.0) for o in mine)
                    for mine in sets
                    if option not in mine
                ),
                default=0.0,
            )
            best = min(best, worst)
        return max(best, _TINY)
    if kind == "ordinal":
        rank, count, _ = dom
        low = max(rank[s[0]] for s in stances)
        high = min(rank[s[1]] for s in stances)
        return 0.0 if low <= high else (low - high) / (count - 1)
    if kind == "numeric":
        low = max(_ends(dom, s)[0] for s in stances)
        high = min(_ends(dom, s)[1] for s in stances)
        return 0.0 if low <= high else min(1.0, max(_distance(dom, high, low), _TINY))
    if kind == "set":
        items, weights, total = dom
        required = set().union(*(s[0] for s in stances))
        forbidden = set().union(*(s[1] for s in stances))
        clash = required & forbidden
        if not clash:
            return 0.0
        return float(
            min(1.0, max(math.fsum(weights[i] for i in items if i in clash) / total, _TINY))
        )
    union = set().union(*(s[0] for s in stances))
    if _acyclic(union):
        return 0.0
    steps = dom
    reached = reach(steps, union)
    cyclic = [s for s in steps if s in reached[s]]
    seen: set[str] = set()
    pairs = 0
    for step in cyclic:
        if step not in seen:
            members = [s for s in cyclic if s in reached[step] and step in reached[s]]
            seen.update(members)
            pairs += len(members) * (len(members) - 1) // 2
    n = len(steps)
    return pairs / (n * (n - 1) // 2)


def _sweep(intervals: Sequence[tuple[float, float]]) -> list[tuple[int, ...]]:
    events = sorted(
        [(lo, 0, k) for k, (lo, _) in enumerate(intervals)]
        + [(hi, 1, k) for k, (_, hi) in enumerate(intervals)]
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
    return sorted(found)


def largest(kind: str, dom: Any, stances: Sequence[Stance]) -> list[tuple[int, ...]]:
    """The largest groups of stances (by index) that share an outcome."""
    n = len(stances)
    if kind in ("boolean", "categorical"):
        holders: dict[Any, list[int]] = {}
        for k, s in enumerate(stances):
            for v in s[0]:
                holders.setdefault(v, []).append(k)
        best = max(len(g) for g in holders.values())
        return sorted({tuple(g) for g in holders.values() if len(g) == best})
    if kind == "ordinal":
        rank = dom[0]
        return _sweep([(rank[s[0]], rank[s[1]]) for s in stances])
    if kind == "numeric":
        return _sweep([_ends(dom, s) for s in stances])
    if kind == "set":
        clashes = [0] * n
        for i, a in enumerate(stances):
            for j, b in enumerate(stances):
                if i < j and (set(a[0]) & set(b[1]) or set(b[0]) & set(a[1])):
                    clashes[i] |= 1 << j
                    clashes[j] |= 1 << i
        calm_bits = sum(1 << k for k in range(n) if not clashes[k])
        top = [0]
        groups: list[int] = []

        def grow(chosen: int, left: int, size: int) -> None:
            if not left:
                if size > top[0]:
                    top[0] = size
                    groups.clear()
                if size == top[0]:
                    groups.append(chosen)
                return
            if size + left.bit_count() < top[0]:
                return
            v = (left & -left).bit_length() - 1
            grow(chosen | 1 << v, left & ~(1 << v) & ~clashes[v], size + 1)
            if clashes[v] & left:
                grow(chosen, left & ~(1 << v), size)

        grow(0, ((1 << n) - 1) & ~calm_bits, 0)
        return sorted(tuple(k for k in range(n) if (calm_bits | g) >> k & 1) for g in groups)
    union = set().union(*(s[0] for s in stances))
    if _acyclic(union):
        return [tuple(range(n))]
    reached = reach(dom, union)
    torn = [k for k, s in enumerate(stances) if any(x in reached[y] for x, y in s[0])]
    calm = [k for k in range(n) if k not in torn]
    tried = 0
    for size in range(len(torn) - 1, -1, -1):
        found = []
        for g in itertools.combinations(torn, size):
            tried += 1
            if tried > SEQUENCE_BUDGET:
                chosen, edges = list(calm), set().union(*(stances[k][0] for k in calm))
                for k in torn:
                    if _acyclic(edges | set(stances[k][0])):
                        chosen.append(k)
                        edges |= set(stances[k][0])
                return [tuple(sorted(chosen))]
            if _acyclic(set().union(*(stances[k][0] for k in (*calm, *g)))):
                found.append(tuple(sorted((*calm, *g))))
        if found:
            return sorted(found)
    return [tuple(calm)]


def _term(kind: str, dom: Any, held: Sequence[PositionT | None]) -> tuple[Any, ...]:
    """One issue of one reading: (status, gap, weight, open, red)."""
    present = [p for p in held if p is not None]
    if kind not in RULES:
        return ("uncomparable", None, 0.0, len(present) < len(held), False)
    if len(present) < len(held):
        return ("partial", None, 0.0, True, False)
    stances = [p[0] for p in present]
    gap = joint_gap(kind, dom, stances)
    w = math.fsum(p[1] for p in present) / len(present)
    if gap == 0.0:
        return ("overlap", 0.0, w, False, False)
    return ("gap", gap, w, True, any(p[2] for p in present))


def _figures(terms: Sequence[tuple[Any, ...]]) -> tuple[int, float, int]:
    """What ranks an option: issues open, the index (-1 for none), gaps with red lines."""
    opened = sum(sign for sign, t in terms if t[3])
    red = sum(sign for sign, t in terms if t[4] and t[1] is not None)
    counted = sum(sign for sign, t in terms if t[1] is not None)
    if not counted:
        return opened, -1.0, red
    weights = [sign * t[2] for sign, t in terms if t[1] is not None]
    scores = [sign * t[2] * (1.0 - t[1]) for sign, t in terms if t[1] is not None]
    gaps = [sign * t[1] for sign, t in terms if t[1] is not None]
    total = math.fsum(weights)
    index = math.fsum(scores) / total if total > 0 else 1.0 - math.fsum(gaps) / counted
    return opened, index, red


def offered(
    agenda: AgendaT, memos: Sequence[MemoT], only: Sequence[int] | None = None
) -> tuple[list[dict[str, PositionT]], set[str]]:
    """Each memorandum's positions as offered, and the issues only options not taken state."""
    mains = [m[0] for m in memos]
    n = len(mains)
    chosen = range(n) if only is None else only
    if not any(memos[k][1] for k in chosen):
        return list(mains), set()
    by_issue = {issue[0]: issue for issue in agenda}
    base: dict[str, tuple[Any, ...]] = {}
    for iid, kind, dom in agenda:
        held = [m.get(iid) for m in mains]
        if any(p is not None for p in held):
            base[iid] = _term(kind, dom, held)
    everything = [(1, t) for t in base.values()]
    sides = list(mains)
    optioned: set[str] = set()
    for k in chosen:
        taken: dict[str, PositionT] = dict(mains[k])
        for _, group, _ in memos[k][1]:
            best: tuple[Any, ...] | None = None
            for j, (_, option) in enumerate(group):
                terms = list(everything)
                for iid, p in option.items():
                    optioned.add(iid)
                    main = mains[k].get(iid)
                    mine = p if main is None else (p[0], max(p[1], main[1]), p[2] or main[2], p[3])
                    held = [mine if q == k else mains[q].get(iid) for q in range(n)]
                    _, kind, dom = by_issue[iid]
                    if iid in base:
                        terms.append((-1, base[iid]))
                    terms.append((1, _term(kind, dom, held)))
                opened, index, red = _figures(terms)
                rank = (-opened, index, -red, -j)
                if best is None or rank > best[0]:
                    best = (rank, option)
            assert best is not None
            for iid, p in best[1].items():
                main = mains[k].get(iid)
                taken[iid] = (
                    p if main is None else (p[0], max(p[1], main[1]), p[2] or main[2], p[3])
                )
        sides[k] = taken
    return sides, {i for i in optioned if all(i not in side for side in sides)}


def common(agenda: AgendaT, memos: Sequence[MemoT]) -> tuple[Any, ...]:
    """The common ground of several memoranda: rows and the summary."""
    mains, elsewhere = offered(agenda, memos)
    n = len(mains)
    rows: list[tuple[Any, ...]] = []
    counts: dict[str, int] = {}
    blocking = [0] * n
    weights: list[float] = []
    scores: list[float] = []
    gaps: list[float] = []
    for iid, kind, dom in agenda:
        held = [m.get(iid) for m in mains]
        present = [k for k in range(n) if held[k] is not None]
        if not present:
            if iid in elsewhere:
                rows.append((iid, "other_option", None, (), ()))
                counts["other_option"] = counts.get("other_option", 0) + 1
            continue
        if kind not in RULES:
            rows.append((iid, "uncomparable", None, (), ()))
            counts["uncomparable"] = counts.get("uncomparable", 0) + 1
            continue
        stances = [held[k][0] for k in present]  # type: ignore[index]
        if len(present) == n:
            gap = joint_gap(kind, dom, stances)
            if gap == 0.0:
                rule = RULES[kind]
                same = all(rule(dom, stances[0], s)[1] for s in stances[1:])
                status, groups = ("identical" if same else "overlap"), [tuple(range(n))]
            else:
                status = "gap"
                groups = [tuple(present[k] for k in g) for g in largest(kind, dom, stances)]
            w = math.fsum(p[1] for p in held if p is not None) / n
            weights.append(w)
            scores.append(w * (1.0 - gap))
            gaps.append(gap)
        else:
            gap, status = None, "partial"
            groups = [tuple(present[k] for k in g) for g in largest(kind, dom, stances)]
        inside = {k for g in groups for k in g}
        blockers = tuple(k for k in present if k not in inside)
        for k in blockers:
            blocking[k] += 1
        counts[status] = counts.get(status, 0) + 1
        rows.append((iid, status, gap, tuple(groups), blockers))
    index = mean = None
    if gaps:
        mean = math.fsum(gaps) / len(gaps)
        total = math.fsum(weights)
        index = math.fsum(scores) / total if total > 0 else 1.0 - mean
    return tuple(rows), counts, index, mean, tuple(blocking)


def separation(kind: str, dom: Any, a: Stance, b: Stance) -> float:
    """How different two stances are (the separation of ``negpos._analysis.joint``)."""
    if kind in ("boolean", "categorical") or kind == "sequence":
        x, y = set(a[0]), set(b[0])
        union = len(x | y)
        return 0.0 if not union else 1.0 - len(x & y) / union
    if kind == "ordinal":
        rank, count, _ = dom
        return float(
            (abs(rank[a[0]] - rank[b[0]]) + abs(rank[a[1]] - rank[b[1]])) / (2 * (count - 1))
        )
    if kind == "numeric":
        (la, ha), (lb, hb) = _ends(dom, a), _ends(dom, b)
        return (_distance(dom, la, lb) + _distance(dom, ha, hb)) / 2
    items, weights, total = dom
    sa = dict.fromkeys(a[0], 1) | dict.fromkeys(a[1], -1)
    sb = dict.fromkeys(b[0], 1) | dict.fromkeys(b[1], -1)
    part = [weights[i] * abs(sa.get(i, 0) - sb.get(i, 0)) / 2 for i in items]
    return float(math.fsum(part) / total)


def assess(agenda: AgendaT, plan: MemoT, sides: Sequence[MemoT]) -> tuple[Any, ...]:
    """A plan against sides: rows, per-side verdicts and the overall lean."""
    mine = offered(agenda, [plan, *sides], only=(0,))[0][0]
    mains = [offered(agenda, [plan, side], only=(1,))[0][1] for side in sides]
    n = len(mains)
    rows: list[tuple[Any, ...]] = []
    leaning: list[tuple[float, int | None, float]] = []
    counts = [
        dict.fromkeys(("inside", "overlaps", "outside", "silent", "uncomparable"), 0)
        for _ in range(n)
    ]
    accepted: list[list[float]] = [[] for _ in range(n)]
    plan_weights: list[float] = []
    concessions: list[list[str]] = [[] for _ in range(n)]
    red: list[list[str]] = [[] for _ in range(n)]
    for iid, kind, dom in agenda:
        p: PositionT | None = mine.get(iid)
        if p is None:
            continue
        rule = RULES.get(kind)
        fits: list[tuple[Any, ...]] = []
        for k in range(n):
            s = mains[k].get(iid)
            if s is None:
                fits.append(("silent", None, None, False))
            elif rule is None:
                fits.append(("uncomparable", None, None, False))
            else:
                ok, _, gap, _, _ = rule(dom, p[0], s[0])
                apart = separation(kind, dom, p[0], s[0])
                if not ok:
                    fits.append(("outside", gap, apart, s[2]))
                else:
                    fit = "inside" if _contains(kind, dom, s[0], p[0]) else "overlaps"
                    fits.append((fit, 0.0, apart, False))
        compared = [k for k in range(n) if fits[k][2] is not None]
        toward: int | None = None
        lean: float | None = None
        if len(compared) >= 2:
            near = min(fits[k][2] for k in compared)
            closest = [k for k in compared if fits[k][2] == near]
            lean = 0.0
            if len(closest) == 1:
                best = closest[0]
                shares = []
                for k in compared:
                    if k != best:
                        span = separation(kind, dom, mains[best][iid][0], mains[k][iid][0])
                        if span > 0:
                            shares.append((fits[k][2] - near) / span)
                if shares:
                    toward, lean = best, min(1.0, max(0.0, min(shares)))
            present = [p[1]] + [mains[k][iid][1] for k in range(n) if iid in mains[k]]
            leaning.append((math.fsum(present) / len(present), toward, lean))
        rows.append((iid, tuple(fits), toward, lean))
        for k in range(n):
            fit = fits[k][0]
            counts[k][fit] += 1
            if fit in ("outside", "overlaps"):
                concessions[k].append(iid)
            if fits[k][3]:
                red[k].append(iid)
            if rule is not None:
                accepted[k].append(p[1] if fit == "inside" else 0.0)
        if rule is not None:
            plan_weights.append(p[1])
    total_w = math.fsum(w for w, _, _ in leaning)
    if leaning and total_w <= 0:
        leaning = [(1.0, t, v) for _, t, v in leaning]
        total_w = float(len(leaning))
    leans = [
        math.fsum(w * v for w, t, v in leaning if t == k and v) / total_w if leaning else 0.0
        for k in range(n)
    ]
    plan_total = math.fsum(plan_weights)
    shares = [
        (math.fsum(a) / plan_total if plan_total > 0 else None) if plan_weights else None
        for a in accepted
    ]
    ranked = sorted(leans, reverse=True)
    toward_all = None if ranked[0] == ranked[1] else leans.index(ranked[0])
    margin = ranked[0] - ranked[1]
    verdicts = tuple(zip(counts, shares, concessions, red, leans, strict=True))
    return tuple(rows), verdicts, toward_all, margin


# A move on tuples: (the mover's index among the memoranda, issue id, the position after the
# move, its price).
ManyMoveT = tuple[int, str, PositionT, float]


def moved_memo(memo: MemoT, moved: dict[str, PositionT]) -> MemoT:
    """``memo`` with the ``moved`` positions in place of its main ones and its options'."""
    if not moved:
        return memo
    positions, groups, withdrawn, since, own = memo
    mains = {i: moved.get(i, p) for i, p in positions.items()}
    options = tuple(
        (gid, tuple((oid, {i: moved.get(i, p) for i, p in ps.items()}) for oid, ps in opts), at)
        for gid, opts, at in groups
    )
    return mains, options, withdrawn, {i: r for i, r in since.items() if i not in moved}, own


def explore(
    agenda: AgendaT, memos: Sequence[MemoT], moves: Sequence[ManyMoveT], threshold: float
) -> tuple[float | None, int | None, int]:
    """Brute force over every subset of ``moves``: the cheapest after which the index is reached.

    The search an exact ``negpos.scenarios.explore`` with ``parties`` and the goal
    ``compatibility_at_least(threshold)`` makes, on tuples: each subset's common-ground index
    is that of ``common`` on the memoranda with the subset's positions in place, read whole
    (as negpos reads it when a party offers alternatives).

    Returns:
        ``(cost, subset, evaluated)``: the cheapest reaching subset's cost and its bit mask,
        both None when no subset reaches the threshold, and how many subsets were evaluated.
    """
    best: float | None = None
    best_mask: int | None = None
    evaluated = 0
    for mask in range(1 << len(moves)):
        evaluated += 1
        moved: list[dict[str, PositionT]] = [{} for _ in memos]
        cost = 0.0
        for k, (side, iid, position, price) in enumerate(moves):
            if mask >> k & 1:
                moved[side][iid] = position
                cost += price
        now = [moved_memo(memo, moved[k]) for k, memo in enumerate(memos)]
        index = common(agenda, now)[2]
        if index is not None and index >= threshold and (best is None or cost < best):
            best, best_mask = cost, mask
    return best, best_mask, evaluated
