"""Plain-Python floors: the comparison's arithmetic on tuples, with no models and no results.

A floor answers "how fast could this possibly be in Python?". It computes the same figures as
``negpos.compare`` computes when it runs, by the same rules as ``negpos._analysis.kinds`` and
``negpos._analysis.compare``, but on tuples prepared in advance, with no validation and no
result objects:

- per issue: the status, the magnitude, the conflicting items or constraints, the red lines in
  conflict; on an issue settled at the table, the parties that reneged on the outcome; on a
  conditional issue, the conditions that cannot be met; with alternatives, how every option
  fares on the issue;
- the summary: the counts, the salience-weighted compatibility index, the mean gap, the red
  lines in conflict and the order of the gaps;
- for each option of each group of alternatives, its figures and its rows, and each group's
  closest option.

Outcomes agreed at the table settle their issues (status ``settled``, magnitude 0, weight the
mean salience of the positions present), conditions turn compatible rows ``conditional`` when
they cannot be met, and each memorandum is read "as offered", with the closest option of each
of its groups taken, as negpos does.

What a floor does differently is the work it saves: an option changes a few issues, so its
figures are the main reading's with those issues (and the rows whose conditions depend on
them) taken out and put back in, where negpos reads the whole agenda again for every option.
The sums stay exact all the same (see [`exact_parts`][floors.exact_parts]), so that the
closest option is the one negpos picks, ties included.

Zones are left out, as negpos computes them only when a caller reads one; so are the rounds a
row's positions were tabled in and the parties that address an issue inside alternatives,
which negpos copies onto each row without computing anything. The conversion from models to
tuples ([`agenda_tuples`][floors.agenda_tuples], [`memo_tuples`][floors.memo_tuples],
[`round_tuples`][floors.round_tuples]) happens before the clock starts.

The rules are written out here rather than imported, so a floor stays a floor when the library
changes, and `tests/test_benchmarks.py` checks them against hand-worked answers and negpos.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import negpos

__all__ = [
    "CONDITIONAL",
    "GAP",
    "IDENTICAL",
    "ONE_SIDED",
    "OTHER_OPTION",
    "OVERLAP",
    "RULES",
    "SAME_PREFERENCE",
    "SETTLED",
    "STATUSES",
    "UNCOMPARABLE",
    "AgendaT",
    "MemoT",
    "PositionT",
    "Reading",
    "RoundT",
    "agenda_tuples",
    "compare",
    "contains",
    "exact_parts",
    "matrix",
    "memo_tuples",
    "reach",
    "restated",
    "round_tuples",
    "settled_tuples",
    "settlements",
    "settlements_of",
    "shared",
    "standing",
]

SETTLED = "settled"
IDENTICAL = "identical"
SAME_PREFERENCE = "same_preference"
OVERLAP = "overlap"
CONDITIONAL = "conditional"
GAP = "gap"
ONE_SIDED = "one_sided"
OTHER_OPTION = "other_option"
UNCOMPARABLE = "uncomparable"
#: Every status, in the order of ``negpos.Status`` (the order of the summary's counts).
STATUSES = (
    SETTLED, IDENTICAL, SAME_PREFERENCE, OVERLAP, CONDITIONAL, GAP, ONE_SIDED, OTHER_OPTION,
    UNCOMPARABLE,
)  # fmt: skip
_COMPATIBLE = frozenset({IDENTICAL, SAME_PREFERENCE, OVERLAP})
_UNRESOLVED = (GAP, ONE_SIDED, CONDITIONAL)
_TINY = math.ulp(0.0)

# An issue: (id, kind, domain).
IssueT = tuple[str, str, Any]
AgendaT = tuple[IssueT, ...]
# A condition: (issue id, stance fields).
ConditionT = tuple[str, tuple[Any, ...]]
# A position: (stance fields..., preferred), salience, red line, conditions.
PositionT = tuple[tuple[Any, ...], float, bool, tuple[ConditionT, ...]]
Positions = dict[str, PositionT]
# A group of alternatives: (id, options as (id, positions by issue), index of the round it was
# tabled in or None for the memorandum's own).
GroupT = tuple[str, tuple[tuple[str, Positions], ...], int | None]
# A memorandum: main positions by issue, groups, withdrawn issues, the index of the round each
# main position was tabled in (by issue; missing for the memorandum's own round), and the
# index of the memorandum's own round (None when unknown).
MemoT = tuple[Positions, tuple[GroupT, ...], tuple[str, ...], dict[str, int], int | None]
# An outcome: (issue id or None, stance fields or None, parties).
OutcomeT = tuple[str | None, tuple[Any, ...] | None, tuple[str, ...]]
# A round: its memoranda by party and its agreed outcomes.
RoundT = tuple[dict[str, MemoT], tuple[OutcomeT, ...]]
# A settlement: the agreed stance fields and the index of the round it was agreed at (None when
# unknown: then every position that departs from it reneges).
SettledT = tuple[tuple[Any, ...], int | None]
# One side of a reading: positions by issue, their rounds by issue, the default round.
SideT = tuple[Mapping[str, PositionT], Mapping[str, int], int | None]
# One issue's result: (issue id, status, magnitude, conflicts, red lines, weight, unmet
# conditions, reneged by, fares).
ResultT = tuple[
    str,
    str,
    float | None,
    tuple[Any, ...],
    tuple[str, ...],
    float,
    tuple[tuple[str, str], ...],
    tuple[str, ...],
    tuple[Any, ...],
]
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


def _positions(positions: Iterable[negpos.Position]) -> Positions:
    return {
        p.issue: (
            _stance(p.stance),
            p.salience,
            p.red_line,
            tuple((c.issue, _stance(c.stance)) for c in p.conditions),
        )
        for p in positions
    }


def memo_tuples(memo: negpos.Memorandum, rounds: Sequence[str] = ()) -> MemoT:
    """A memorandum as ``(positions, groups, withdrawn, rounds of positions, own round)``.

    Args:
        memo: The memorandum, tabled or standing.
        rounds: The negotiation's round ids in order, to give rounds as indices; without them
            every round is unknown (which only matters for reneging on a settled issue).
    """
    index = {r: k for k, r in enumerate(rounds)}
    groups = tuple(
        (
            group.id,
            tuple((option.id, _positions(option.positions)) for option in group.options),
            index.get(memo.group_tabled_in(group.id) or ""),
        )
        for group in memo.alternatives
    )
    since = {}
    if memo._tabled_in is not None:
        since = {i: index[r] for i, r in memo._tabled_in[0].items() if r in index}
    return _positions(memo.positions), groups, memo.withdrawn, since, index.get(memo.round or "")


def _outcome(outcome: negpos.Outcome) -> OutcomeT:
    stance = None if outcome.stance is None else _stance(outcome.stance)
    return outcome.issue, stance, outcome.parties


def round_tuples(negotiation: negpos.Negotiation) -> list[RoundT]:
    """Each round as ``(memoranda by party, agreed outcomes)``, rounds given as indices."""
    ids = [r.id for r in negotiation.rounds]
    return [
        (
            {m.party: memo_tuples(m, ids) for m in rnd.memoranda},
            tuple(_outcome(o) for o in rnd.agreed),
        )
        for rnd in negotiation.rounds
    ]


def settled_tuples(settled: Mapping[str, Any], rounds: Sequence[str] = ()) -> dict[str, SettledT]:
    """The settlements negpos found (``Settlement`` by issue id) as tuples."""
    index = {r: k for k, r in enumerate(rounds)}
    return {
        iid: (_stance(s.outcome.stance), None if s.later is None else index[s.round])
        for iid, s in settled.items()
    }


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


def _log_ratio(x: float, y: float) -> float:
    # log(x / y), with log1p where x and y are close, as negpos computes it.
    if y / 2 <= x <= 2 * y:
        return math.log1p((x - y) / y)
    return math.log(x) - math.log(y)


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
    span = _log_ratio(top, bottom) if log else top - bottom
    gap = (_log_ratio(low, high) if log else low - high) / span
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


def _closure(steps: Sequence[str], edges: Any) -> set[tuple[str, str]]:
    return {(x, y) for x, after in reach(steps, edges).items() for y in after}


def contains(kind: str, dom: Any, outer: tuple[Any, ...], inner: tuple[Any, ...]) -> bool:
    """Whether the stance ``outer`` accepts every outcome ``inner`` accepts (not on text)."""
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


def shared(kind: str, dom: Any, stances: Sequence[tuple[Any, ...]]) -> bool:
    """Whether some outcome lies inside every one of ``stances`` (not on text)."""
    if kind in ("boolean", "categorical"):
        return bool(set(stances[0][0]).intersection(*(s[0] for s in stances[1:])))
    if kind == "ordinal":
        rank = dom[0]
        return bool(max(rank[s[0]] for s in stances) <= min(rank[s[1]] for s in stances))
    if kind == "numeric":
        bottom, top, _ = dom
        low = max(bottom if s[0] is None else s[0] for s in stances)
        high = min(top if s[1] is None else s[1] for s in stances)
        return bool(low <= high)
    if kind == "set":
        required = set().union(*(s[0] for s in stances))
        return required.isdisjoint(set().union(*(s[1] for s in stances)))
    return _acyclic(set().union(*(s[0] for s in stances)))


# --- one issue --------------------------------------------------------------------------------

_NONE: tuple[Any, ...] = ()


def _result(issue: IssueT, pa: PositionT | None, pb: PositionT | None) -> ResultT:
    iid, kind, dom = issue
    if pa is None or pb is None:
        weight = 0.5 if pa is None and pb is None else (pa or pb)[1]  # type: ignore[index]
        return iid, ONE_SIDED, None, _NONE, _NONE, weight, _NONE, _NONE, _NONE
    weight = (pa[1] + pb[1]) / 2
    rule = RULES.get(kind)
    if rule is None:
        return iid, UNCOMPARABLE, None, _NONE, _NONE, weight, _NONE, _NONE, _NONE
    ok, same, gap, conflicts, preferred = rule(dom, pa[0], pb[0])
    if not ok:
        red = ("a",) * pa[2] + ("b",) * pb[2]
        return iid, GAP, gap, conflicts, red, weight, _NONE, _NONE, _NONE
    status = IDENTICAL if same else SAME_PREFERENCE if preferred is not None else OVERLAP
    return iid, status, 0.0, _NONE, _NONE, weight, _NONE, _NONE, _NONE


def _settle(
    issue: IssueT,
    pa: PositionT | None,
    pb: PositionT | None,
    since_a: int | None,
    since_b: int | None,
    settlement: SettledT,
) -> ResultT:
    """The row of an issue both parties settled.

    A position tabled after the agreement that does not accept the outcome reneges on it.
    """
    iid, kind, dom = issue
    agreed, at = settlement
    reneged: tuple[str, ...] = ()
    if kind != "text":
        for party, p, since in (("a", pa, since_a), ("b", pb, since_b)):
            if p is None or (at is not None and (since is None or since <= at)):
                continue
            if not contains(kind, dom, p[0], agreed):
                reneged += (party,)
    if pa is not None and pb is not None:
        weight = (pa[1] + pb[1]) / 2
    else:
        weight = 0.5 if pa is None and pb is None else (pa or pb)[1]  # type: ignore[index]
    return iid, SETTLED, 0.0, _NONE, _NONE, weight, _NONE, reneged, _NONE


def _conditions(
    candidates: Iterable[str],
    row_of: Callable[[str], ResultT | None],
    a: Callable[[str], PositionT | None],
    b: Callable[[str], PositionT | None],
    settled: Mapping[str, SettledT],
    by_id: Mapping[str, IssueT],
) -> dict[str, ResultT]:
    """The compatible rows among ``candidates`` whose conditions cannot be met, turned.

    A condition is met when its issue is settled with an outcome inside the condition's
    stance, or when its issue's row is compatible (and not itself conditional) and both
    positions and the condition share an outcome. A row that turns can leave others unmet,
    so those are looked at again; each row turns once.
    """
    turned: dict[str, ResultT] = {}

    def current(iid: str) -> ResultT | None:
        return turned.get(iid) or row_of(iid)

    dependents: dict[str, list[str]] = {}
    todo: list[str] = []
    for iid in candidates:
        row = row_of(iid)
        if row is None or row[1] not in _COMPATIBLE:
            continue
        todo.append(iid)
        for p in (a(iid), b(iid)):
            if p is not None:
                for target, _ in p[3]:
                    dependents.setdefault(target, []).append(iid)
    while todo:
        iid = todo.pop()
        row = current(iid)
        assert row is not None
        unmet: list[tuple[str, str]] = []
        for party, p in (("a", a(iid)), ("b", b(iid))):
            if p is None:
                continue
            for target, stance in p[3]:
                found = current(target)
                if found is None:
                    met = False
                else:
                    _, kind, dom = by_id[target]
                    if found[1] == SETTLED:
                        met = contains(kind, dom, stance, settled[target][0])
                    elif found[1] in _COMPATIBLE:
                        pa, pb = a(target), b(target)
                        assert pa is not None
                        assert pb is not None
                        met = shared(kind, dom, (pa[0], pb[0], stance))
                    else:
                        met = False
                if not met and (party, target) not in unmet:
                    unmet.append((party, target))
        if not unmet or tuple(unmet) == row[6]:
            continue
        if row[1] != CONDITIONAL:
            todo.extend(dependents.get(iid, ()))
        turned[iid] = (iid, CONDITIONAL, None, row[3], row[4], row[5], tuple(unmet), _NONE, _NONE)
    return turned


# --- exact sums -------------------------------------------------------------------------------


def exact_parts(terms: Sequence[float]) -> list[float]:
    """A few floats whose exact sum is the exact sum of ``terms``.

    ``math.fsum`` rounds the exact sum of its terms once, so ``fsum(parts + more)`` gives
    what ``fsum(terms + more)`` gives, at the cost of the few ``parts`` instead of all the
    terms: an option's figures are the main reading's with some terms taken out and others
    put in, summed as negpos sums the option's whole reading.
    """
    parts: list[float] = []
    while True:
        rest = math.fsum([*terms, *(-p for p in parts)])
        if rest == 0.0:
            return parts
        parts.append(rest)


def _figures(
    counts: Mapping[str, int], terms: int, weights: float, scores: float, gaps: float, red: int
) -> tuple[Any, ...]:
    mean_gap = index = None
    # Conditional issues count in the index as no common ground, never in the mean gap.
    in_index = terms + counts[CONDITIONAL]
    if terms:
        mean_gap = gaps / terms
    if in_index:
        # With every salience 0 the index falls back to the unweighted mean of (1 - gap).
        index = scores / weights if weights > 0 else (terms - gaps) / in_index
    return tuple(counts[s] for s in STATUSES), index, mean_gap, red


def _gap_order(gaps: Iterable[ResultT]) -> tuple[str, ...]:
    # Red lines in conflict first, then the other gaps; each largest first, ties in agenda
    # order (the rows come in agenda order and sorted() is stable).
    rows = list(gaps)
    red = sorted((r for r in rows if r[4]), key=lambda r: -(r[2] or 0.0))
    other = sorted((r for r in rows if not r[4]), key=lambda r: -(r[2] or 0.0))
    return tuple(r[0] for r in red) + tuple(r[0] for r in other)


# --- a reading of two sides -------------------------------------------------------------------


class Reading:
    """Two sides' positions read issue by issue: the rows, and the sums behind the summary.

    Other readings that change a few positions (an option taken, a move made) are
    [`overlay`][floors.Reading.overlay]s of this one: they cost the issues they change and
    the rows whose conditions depend on those, not the agenda.

    Args:
        agenda: From ``agenda_tuples``.
        a: The first side: positions by issue, their rounds by issue, the default round.
        b: The second side.
        settled: The issues settled between the two parties, by issue id.
    """

    def __init__(
        self, agenda: AgendaT, a: SideT, b: SideT, settled: Mapping[str, SettledT]
    ) -> None:
        self.agenda, self.a, self.b, self.settled = agenda, a, b, settled
        get_a, get_b = a[0].get, b[0].get
        rows: dict[str, ResultT] = {}
        pre: dict[str, ResultT] = {}
        for issue in agenda:
            iid = issue[0]
            pa, pb = get_a(iid), get_b(iid)
            if pa is None and pb is None:
                if settled and iid in settled:
                    rows[iid] = _settle(issue, None, None, None, None, settled[iid])
                continue
            if settled and iid in settled:
                rows[iid] = _settle(
                    issue,
                    pa,
                    pb,
                    None if pa is None else a[1].get(iid, a[2]),
                    None if pb is None else b[1].get(iid, b[2]),
                    settled[iid],
                )
                continue
            row = _result(issue, pa, pb)
            if (pa is not None and pa[3]) or (pb is not None and pb[3]):
                pre[iid] = row
            rows[iid] = row
        self._by_id: dict[str, IssueT] | None = None
        self._rank: dict[str, int] | None = None
        # The rows whose positions carry conditions, before conditions apply, and which rows
        # depend on each issue through a condition.
        self.pre = pre
        self.dependents: dict[str, list[str]] = {}
        if pre:
            for iid in pre:
                for p in (get_a(iid), get_b(iid)):
                    if p is not None:
                        for target, _ in p[3]:
                            self.dependents.setdefault(target, []).append(iid)
            rows.update(_conditions(pre, rows.get, get_a, get_b, settled, self.by_id))
        self.rows = rows
        counts = dict.fromkeys(STATUSES, 0)
        weights: list[float] = []
        scores: list[float] = []
        gaps: list[float] = []
        red = 0
        for row in rows.values():
            counts[row[1]] += 1
            m = row[2]
            if m is None and row[1] == CONDITIONAL:
                weights.append(row[5])  # in the index as no common ground
            if m is not None:
                w = row[5]
                weights.append(w)
                scores.append(w * (1.0 - m))
                gaps.append(m)
                if row[4]:
                    red += 1
        self.counts, self.terms, self.red = counts, len(gaps), red
        self._sums = (weights, scores, gaps)
        self._parts: tuple[list[float], ...] | None = None
        self._known: dict[tuple[Any, ...], ResultT] = {}

    @property
    def by_id(self) -> dict[str, IssueT]:
        """The agenda by issue id, built on first use."""
        if self._by_id is None:
            self._by_id = {issue[0]: issue for issue in self.agenda}
        return self._by_id

    @property
    def rank(self) -> dict[str, int]:
        """Each issue's place on the agenda, built on first use."""
        if self._rank is None:
            self._rank = {issue[0]: k for k, issue in enumerate(self.agenda)}
        return self._rank

    def figures(self) -> tuple[Any, ...]:
        """``(counts, index, mean gap, red lines in conflict)`` of this reading."""
        weights, scores, gaps = self._sums
        return _figures(
            self.counts,
            self.terms,
            math.fsum(weights),
            math.fsum(scores),
            math.fsum(gaps),
            self.red,
        )

    def overlay(
        self,
        over_a: Mapping[str, PositionT],
        over_b: Mapping[str, PositionT],
        since_a: Mapping[str, int | None] | None = None,
        since_b: Mapping[str, int | None] | None = None,
    ) -> dict[str, ResultT]:
        """The rows that differ when ``over_a`` and ``over_b`` replace or add positions.

        Args:
            over_a: The first side's new positions by issue.
            over_b: The second side's.
            since_a: The round of each new position of the first side (its default round
                where missing).
            since_b: The same for the second side.

        Returns:
            The new rows by issue id: those of the issues with new positions, and those of
            the rows whose conditions depend on them, in no order.
        """
        main_a, main_b = self.a[0], self.b[0]
        settled, by_id, known = self.settled, self.by_id, self._known
        fresh: dict[str, ResultT] = {}
        conditioned: list[str] = []
        for iid in {*over_a, *over_b}:
            pa = over_a.get(iid) or main_a.get(iid)
            pb = over_b.get(iid) or main_b.get(iid)
            if settled and iid in settled:
                sa = None if pa is None else self._since(self.a, since_a, iid)
                sb = None if pb is None else self._since(self.b, since_b, iid)
                fresh[iid] = _settle(by_id[iid], pa, pb, sa, sb, settled[iid])
                continue
            # A search tries the same few positions on an issue again and again.
            key = (iid, pa, pb)
            row = known.get(key)
            if row is None:
                row = known[key] = _result(by_id[iid], pa, pb)
            fresh[iid] = row
            if (pa is not None and pa[3]) or (pb is not None and pb[3]):
                conditioned.append(iid)
        # The rows whose conditions lead, through other rows, to an issue that changed: each
        # has conditions and is not settled.
        affected = set(fresh)
        if self.dependents:
            todo = list(fresh)
            while todo:
                for d in self.dependents.get(todo.pop(), ()):
                    if d not in affected:
                        affected.add(d)
                        todo.append(d)
                        conditioned.append(d)
        if not conditioned:
            return fresh

        def a(iid: str) -> PositionT | None:
            return over_a.get(iid) or main_a.get(iid)

        def b(iid: str) -> PositionT | None:
            return over_b.get(iid) or main_b.get(iid)

        pre, rows = self.pre, self.rows

        def row_of(iid: str) -> ResultT | None:
            found = fresh.get(iid)
            if found is not None:
                return found
            return pre[iid] if iid in affected else rows.get(iid)

        turned = _conditions(conditioned, row_of, a, b, settled, by_id)
        out = {iid: pre[iid] for iid in affected if iid not in fresh}
        out.update(fresh)
        out.update(turned)
        return out

    @staticmethod
    def _since(side: SideT, over: Mapping[str, int | None] | None, iid: str) -> int | None:
        if over is not None and iid in over:
            return over[iid]
        return side[1].get(iid, side[2])

    def figures_with(self, changed: Mapping[str, ResultT]) -> tuple[Any, ...]:
        """The figures of this reading with the rows ``changed`` in place of its own."""
        if self._parts is None:
            self._parts = tuple(exact_parts(s) for s in self._sums)
        counts = dict(self.counts)
        terms, red = self.terms, self.red
        weights, scores, gaps = (list(p) for p in self._parts)
        rows = self.rows
        for iid, new in changed.items():
            old = rows.get(iid)
            if old is new:
                continue
            if old is not None:
                counts[old[1]] -= 1
                m = old[2]
                if m is None and old[1] == CONDITIONAL:
                    weights.append(-old[5])
                if m is not None:
                    w = old[5]
                    weights.append(-w)
                    scores.append(-(w * (1.0 - m)))
                    gaps.append(-m)
                    terms -= 1
                    red -= bool(old[4])
            counts[new[1]] += 1
            m = new[2]
            if m is None and new[1] == CONDITIONAL:
                weights.append(new[5])
            if m is not None:
                w = new[5]
                weights.append(w)
                scores.append(w * (1.0 - m))
                gaps.append(m)
                terms += 1
                red += bool(new[4])
        return _figures(counts, terms, math.fsum(weights), math.fsum(scores), math.fsum(gaps), red)


# --- comparison -------------------------------------------------------------------------------

_STRICTER = {"red_line": 0}


def restated(main: PositionT | None, option: PositionT) -> PositionT:
    """An option's position where the main positions address the issue too.

    The option's stance and conditions, the stricter firmness (a red line stays one), the
    higher salience.
    """
    if main is None:
        return option
    return option[0], max(main[1], option[1]), main[2] or option[2], option[3]


def _taking(
    memo: MemoT, options: Iterable[tuple[Positions, int | None]]
) -> tuple[dict[str, PositionT], dict[str, int | None]]:
    """The positions (restated) and rounds that taking ``options`` puts over the main ones."""
    main = memo[0]
    over: dict[str, PositionT] = {}
    since: dict[str, int | None] = {}
    for positions, tabled in options:
        for iid, p in positions.items():
            over[iid] = restated(over.get(iid) or main.get(iid), p)
            since[iid] = memo[4] if tabled is None else tabled
    return over, since


def _side(memo: MemoT) -> SideT:
    return memo[0], memo[3], memo[4]


def _closest(fared: Sequence[tuple[Any, ...]]) -> int:
    # The fewest issues left open, then the highest index, then the fewest red lines, then
    # the earlier option.
    def key(k: int) -> tuple[int, float, int, int]:
        counts, index, _, red = fared[k][0]
        unresolved = sum(counts[STATUSES.index(s)] for s in _UNRESOLVED)
        return -unresolved, -1.0 if index is None else index, -red, -k

    return max(range(len(fared)), key=key)


def _groups(
    base: Reading, memo: MemoT, mirrored: bool
) -> list[tuple[tuple[tuple[Any, ...], ...], int]]:
    """Each group's options (figures, own rows, option index) and its closest option."""
    out = []
    for _, options, tabled in memo[1]:
        fared = []
        for k, (_, positions) in enumerate(options):
            over, since = _taking(memo, [(positions, tabled)])
            if mirrored:
                changed = base.overlay({}, over, None, since)
            else:
                changed = base.overlay(over, {}, since, None)
            own = tuple(changed[iid] for iid in sorted(positions, key=base.rank.__getitem__))
            fared.append((base.figures_with(changed), own, k, changed))
        out.append((tuple(fared), _closest(fared)))
    return out


def compare(
    agenda: AgendaT,
    memo_a: MemoT,
    memo_b: MemoT,
    settled: Mapping[str, SettledT] | None = None,
) -> tuple[Any, ...]:
    """Compare two memoranda on tuples: per-issue results, summary, and alternatives.

    Args:
        agenda: From [`agenda_tuples`][floors.agenda_tuples].
        memo_a: From [`memo_tuples`][floors.memo_tuples].
        memo_b: The other memorandum.
        settled: The issues settled between the two parties (see ``settlements``).

    Returns:
        ``(results, summary, options)``: one result per issue either side addresses (main
        positions or options) or that is settled, in agenda order, with the closest options
        taken; the summary ``(counts, index, mean gap, red lines, order of gaps)``; and for
        each group of alternatives (the first side's first), each option's
        ``(figures, rows of the issues it states, index)`` and the index of the closest.
    """
    settled = settled or {}
    base = Reading(agenda, _side(memo_a), _side(memo_b), settled)
    if not memo_a[1] and not memo_b[1]:
        found = tuple(base.rows.values())
        return found, (*base.figures(), _gap_order(r for r in found if r[1] == GAP)), ()
    groups_a = _groups(base, memo_a, False)
    groups_b = _groups(base, memo_b, True)
    # The headline: each memorandum with the closest option of each group taken.
    taken_a = [(g[1][best][1], g[2]) for g, (_, best) in zip(memo_a[1], groups_a, strict=True)]
    taken_b = [(g[1][best][1], g[2]) for g, (_, best) in zip(memo_b[1], groups_b, strict=True)]
    over_a, since_a = _taking(memo_a, taken_a)
    over_b, since_b = _taking(memo_b, taken_b)
    changed = base.overlay(over_a, over_b, since_a, since_b)
    # Issues only options not taken address.
    fares: dict[str, list[tuple[Any, ...]]] = {}
    elsewhere: set[str] = set()
    for party, memo, fared in (("a", memo_a, groups_a), ("b", memo_b, groups_b)):
        for (gid, options, _), (results, _) in zip(memo[1], fared, strict=True):
            addressed = {iid for _, positions in options for iid in positions}
            elsewhere |= addressed
            for (oid, _), (_, _, _, reading) in zip(options, results, strict=True):
                for iid in sorted(addressed):
                    # The option's reading: the main one with the rows the option changes.
                    row = reading.get(iid) or base.rows.get(iid)
                    fare = (
                        party,
                        gid,
                        oid,
                        OTHER_OPTION if row is None else row[1],
                        () if row is None else row[4],
                    )
                    fares.setdefault(iid, []).append(fare)
    rows_of = base.rows
    rows: list[ResultT] = []
    for issue in agenda:
        iid = issue[0]
        row = changed.get(iid) or rows_of.get(iid)
        if row is None:
            # No position in this reading, not settled: an issue only options not taken
            # address, or one nobody addresses.
            if iid not in elsewhere:
                continue
            row = (iid, OTHER_OPTION, None, _NONE, _NONE, 0.5, _NONE, _NONE, _NONE)
        if iid in fares:
            row = (*row[:8], tuple(fares[iid]))
        rows.append(row)
    figures = base.figures_with({**changed, **{r[0]: r for r in rows if r[1] == OTHER_OPTION}})
    order = _gap_order(r for r in rows if r[1] == GAP)
    return tuple(rows), (*figures, order), (*groups_a, *groups_b)


# --- settlements and standing positions -----------------------------------------------------


def settlements_of(outcomes: Iterable[OutcomeT], pair: Sequence[str]) -> dict[str, SettledT]:
    """The issues ``outcomes`` settle between the two parties of ``pair``, rounds unknown."""
    found: dict[str, SettledT] = {}
    for issue, stance, parties in outcomes:
        if issue is not None and stance is not None and all(p in (parties or pair) for p in pair):
            found[issue] = (stance, None)
    return found


def settlements(
    rounds: Sequence[RoundT], pair: Sequence[str], everyone: Sequence[str]
) -> dict[str, SettledT]:
    """The issues settled between the two parties of ``pair`` in the given rounds.

    An outcome that lists no parties was agreed by every party with a memorandum in its round
    (by ``everyone`` when none tabled one); a later outcome on an issue replaces an earlier.
    """
    found: dict[str, SettledT] = {}
    for k, (memos, agreed) in enumerate(rounds):
        present = tuple(memos) or tuple(everyone)
        for issue, stance, parties in agreed:
            if issue is None or stance is None:
                continue
            if all(p in (parties or present) for p in pair):
                found[issue] = (stance, k)
    return found


def _read_memo(
    memo: MemoT,
    k: int,
    positions: dict[str, PositionT],
    since: dict[str, int],
    groups: dict[str, GroupT],
) -> None:
    """One tabled memorandum (of round ``k``) applied to a party's standing positions."""
    for iid in memo[2]:
        positions.pop(iid, None)
        since.pop(iid, None)
    # Options supersede the party's earlier word on the issues they address.
    for _, options, _ in memo[1]:
        for _, stated in options:
            for iid in stated:
                positions.pop(iid, None)
                since.pop(iid, None)
    for iid, p in memo[0].items():
        positions[iid] = p
        since[iid] = k
    for gid, options, _ in memo[1]:
        groups[gid] = (gid, options, k)


def standing(rounds: Sequence[RoundT], party: str) -> MemoT:
    """What ``party`` holds after the given rounds: its latest word on each issue.

    Args:
        rounds: The rounds from the first, in order.
        party: The party's id.

    Returns:
        A memorandum of the standing positions: a later position replaces an earlier one, a
        withdrawal drops it, and so do a memorandum's options on the issues they address
        (unless it restates a main position there); a later group of alternatives replaces
        the one with its id, in its place. Each position and group keeps the round it was
        tabled in.
    """
    positions: dict[str, PositionT] = {}
    since: dict[str, int] = {}
    groups: dict[str, GroupT] = {}
    for k, (memos, _) in enumerate(rounds):
        memo = memos.get(party)
        if memo is not None:
            _read_memo(memo, k, positions, since, groups)
    return positions, tuple(groups.values()), (), since, len(rounds) - 1


def matrix(agenda: AgendaT, rounds: Sequence[RoundT], parties: Sequence[str]) -> tuple[Any, ...]:
    """Compare the standing positions of every pair of parties after the given rounds."""
    held = {party: standing(rounds, party) for party in parties}
    present = [p for p in parties if held[p][0] or held[p][1]]
    return tuple(
        (
            a,
            b,
            compare(agenda, held[a], held[b], settlements(rounds, (a, b), parties))[1][:4],
        )
        for i, a in enumerate(present)
        for b in present[i + 1 :]
    )
