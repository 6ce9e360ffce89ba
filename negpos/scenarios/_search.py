"""The search for the cheapest set of moves after which a goal holds.

[`explore`][negpos.scenarios.explore] lists the candidate moves of a baseline (or takes the
caller's), prices them, and searches the subsets of them (the optimiser, ``milp``, lives in
``_optimise``):

- **exact**: a uniform-cost search over subsets, cheapest first, that never extends a subset
  already meeting the goal and stops once every subset as cheap as the best has been seen, so
  it finds *every* cheapest solution. A goal that is a condition on each issue separately
  (an [`IssueGoal`][negpos.scenarios.IssueGoal]) is searched issue by issue and the results
  combined, which stays exact and fast with a hundred candidates;
- **local**: where ``auto``'s exact search runs out of budget, a deterministic local search
  (a first answer from the cheapest moves added one by one, or from the dearest all taken,
  or from seeded random orders; then the same exact re-choices as below) whose answer is
  proven when it costs no more than the cheapest set the exact search left unexamined;
- **hypothesis**, asked for by name: Hypothesis' ``find`` draws subsets until one meets the goal
  and shrinks it to a minimal one. Shrinking only removes moves or swaps them for earlier ones,
  so it stops at a local minimum (on the June 2025 round, at a scenario three times as dear as
  the cheapest). The search therefore improves the answer with small exact searches while the
  rest of the scenario stays fixed: the moves on one issue re-chosen, the moves on one issue
  given up for any cheaper set of moves elsewhere, the moves on two issues re-chosen together.
  Then it asks ``find`` for something cheaper still, until nothing turns up within the example
  budget. With few candidates (``2 ** n`` no more than the budget) Hypothesis tries every
  subset, so the answer is the cheapest; with many it is a good scenario, not a proven cheapest
  one.

Pivotal moves are the moves in every cheapest solution found. With the Hypothesis method they
are the moves for which no equally cheap alternative turned up when re-choosing the moves on
their issue (alone, and together with each other issue).
"""

from __future__ import annotations

import collections
import heapq
import itertools
import math
import random
from collections.abc import Callable, Iterable, Sequence
from typing import Any, Final, Generic, Literal, TypedDict, TypeVar, Unpack, overload

import attrs

from negpos._analysis.renderable import Renderable
from negpos._errors import NotFoundError, UsageError, excerpt
from negpos._model.negotiation import Negotiation
from negpos._model.reprs import guarded, plural, quoted, tag
from negpos.scenarios._baseline import Baseline, Scenario, baseline_of
from negpos.scenarios._goals import (
    IssueGoal,
    check_goal,
    describe_goal,
    no_red_line_conflicts,
)
from negpos.scenarios._ground import GroundBaseline, GroundScenario
from negpos.scenarios._moves import CostFunction, Move
from negpos.scenarios._optimise import available as optimiser_available
from negpos.scenarios._optimise import optimise
from negpos.scenarios._space import (
    AnyBaseline,
    AnyGoal,
    SearchSpace,
    Subset,
    find_subset,
    masks,
    picks,
    prune,
    subsets,
)

__all__ = [
    "AUTO_ISSUE_NODES",
    "AUTO_NODES",
    "EXACT_NODES",
    "PROGRESS_EVERY",
    "SOLUTION_LIMIT",
    "TOLERANCE",
    "Exploration",
    "ExploreOptions",
    "explore",
]

Progress = Callable[[str], None]

#: Costs closer than this count as equal: all cheapest solutions are ties within it.
TOLERANCE: Final = 1e-9
#: With ``method="auto"``, the exact search over all candidates gives up after this many sets.
AUTO_NODES: Final = 4096
#: With ``method="auto"``, the exact search of one issue gives up after this many sets.
AUTO_ISSUE_NODES: Final = 20_000
#: With ``method="exact"``, the search stops after examining this many sets in all, unless
#: ``max_nodes`` says otherwise: a few seconds of searching.
EXACT_NODES: Final = 20_000
#: The exact search reports its progress after every this many sets.
PROGRESS_EVERY: Final = 5_000
#: An exploration keeps at most this many cheapest solutions (it counts them all).
SOLUTION_LIMIT: Final = 100
#: The most sets one search of the Hypothesis method's widest neighbourhood looks at.
_WIDE_NODES: Final = 1000
#: How many times the Hypothesis search looks for something cheaper than its best.
_IMPROVEMENT_ROUNDS: Final = 6


@attrs.frozen
class _Found:
    """What one search found: positions, not moves.

    ``proven`` says the first solution is a cheapest one even where ``complete`` is False
    because the list of equally cheap ones was cut short; None means "as complete says".
    """

    solutions: tuple[Subset, ...]
    count: int
    pivotal: Subset
    complete: bool
    proven: bool | None = None
    lower: float | None = None


_NOTHING = _Found((), 0, (), True)


def _quiet(line: str) -> None:
    pass


class _Budget:
    """How many sets an exact search may examine, and its progress lines."""

    def __init__(self, limit: int | None, say: Progress = _quiet) -> None:
        self.limit = limit
        self.used = 0
        self.say = say
        # The cost of the last set offered: sets come cheapest first, so once the budget is
        # spent every set cheaper than this has been examined.
        self.reached = 0.0

    def spend(self, cost: float) -> bool:
        """Count one more set examined at ``cost``; False once the limit is passed."""
        self.used += 1
        self.reached = cost
        if self.used % PROGRESS_EVERY == 0:
            bound = "" if self.limit is None else f" of at most {self.limit:,}"
            self.say(f"exact search: {self.used:,} sets examined{bound}; now at cost {cost:.2f}")
        return self.limit is None or self.used <= self.limit


def _next(space: SearchSpace, start: int, chosen: Subset, allowed: Sequence[int]) -> int | None:
    for k in range(start, len(allowed)):
        if space.clash[allowed[k]].isdisjoint(chosen):
            return k
    return None


def _uniform_cost(
    space: SearchSpace,
    allowed: Sequence[int],
    holds: Callable[[Subset], bool],
    max_moves: int | None,
    budget: _Budget,
    *,
    limit: float = math.inf,
    first: bool = False,
) -> tuple[list[Subset], bool]:
    """Every cheapest subset of ``allowed`` (positions, cheapest first) for which ``holds``.

    Subsets come off the heap in order of cost: a popped subset spawns its next sibling
    (its last move swapped for the next candidate, never cheaper) and its first child (one
    more move, never cheaper), so every subset is generated once. Subsets dearer than
    ``limit`` are not looked at; with ``first`` the search stops at the first solution.
    Returns the solutions and whether the search ran to its end rather than out of budget.
    """
    costs = [space.costs[p] for p in allowed]
    heap: list[tuple[float, Subset]] = [(0.0, ())]
    solutions: list[Subset] = []
    best: float | None = None
    while heap:
        cost, local = heapq.heappop(heap)
        if cost > limit or (best is not None and cost > best + TOLERANCE):
            break
        chosen = tuple(allowed[k] for k in local)
        if local:
            sibling = _next(space, local[-1] + 1, chosen[:-1], allowed)
            if sibling is not None:
                nxt = (*local[:-1], sibling)
                heapq.heappush(heap, (math.fsum(costs[k] for k in nxt), nxt))
        if not budget.spend(cost):
            return [tuple(allowed[k] for k in s) for s in solutions], False
        if any(set(s) <= set(local) for s in solutions):
            continue
        if holds(chosen):
            solutions.append(local)
            best = cost if best is None else best
            if first:
                break
            continue
        if max_moves is None or len(local) < max_moves:
            child = _next(space, local[-1] + 1 if local else 0, chosen, allowed)
            if child is not None:
                nxt = (*local, child)
                heapq.heappush(heap, (math.fsum(costs[k] for k in nxt), nxt))
    return [tuple(allowed[k] for k in s) for s in solutions], True


def _exact(space: SearchSpace, goal: AnyGoal, max_moves: int | None, budget: _Budget) -> _Found:
    found, complete = _uniform_cost(
        space, range(len(space)), lambda s: space.holds(goal, s), max_moves, budget
    )
    if not complete:
        # Sets come off the heap cheapest first: a solution found before the budget ran out
        # is a cheapest one (the list of equal ones may be cut short); with none, every set
        # cheaper than the one the search stopped at fails the goal.
        pivotal = tuple(sorted(set(found[0]).intersection(*found))) if found else ()
        return _Found(
            tuple(found), len(found), pivotal, False, proven=bool(found), lower=budget.reached
        )
    return _combined([found])


def _combined(menus: Sequence[Sequence[Subset]]) -> _Found:
    """All ways to take one cheapest solution per independent part, without enumerating all."""
    count = math.prod(len(m) for m in menus)
    if count == 0:
        return _NOTHING
    pivotal = sorted(p for m in menus for p in set(m[0]).intersection(*m))
    first = itertools.islice(itertools.product(*menus), SOLUTION_LIMIT)
    solutions = tuple(tuple(sorted(p for part in combo for p in part)) for combo in first)
    return _Found(solutions, count, tuple(pivotal), True)


def _by_issue(
    space: SearchSpace, goal: IssueGoal, max_moves: int | None, budget: Callable[[], _Budget]
) -> _Found | None:
    """Settle each issue on its own; None when an issue's search runs out of budget.

    ``budget`` gives each search of one issue its budget: the same one every time for a
    bound on the whole search, a fresh one for a bound on each issue.
    """
    menus: list[list[Subset]] = []
    for c in space.base.start.rows:
        if goal.holds_on(c):
            continue
        allowed = space.by_issue.get(c.issue.id, ())
        iid = c.issue.id

        def holds(subset: Subset, iid: str = iid) -> bool:
            return space.holds_on_issue(goal, iid, subset)

        bounds: list[int | None] = [None]
        if max_moves is not None:
            bounds += range(1, min(max_moves, len(allowed)) + 1)
        menu: dict[Subset, None] = {}
        for bound in bounds:
            found, complete = _uniform_cost(space, allowed, holds, bound, budget())
            if not complete:
                return None
            menu.update(dict.fromkeys(s for s in found if max_moves is None or len(s) <= max_moves))
        if not menu:
            return _NOTHING
        menus.append(sorted(menu, key=lambda s: (space.cost(s), s)))
    if max_moves is None:
        return _combined(
            [[s for s in m if space.cost(s) <= space.cost(m[0]) + TOLERANCE] for m in menus]
        )
    return _budgeted(space, menus, max_moves)


def _budgeted(space: SearchSpace, menus: Sequence[Sequence[Subset]], budget: int) -> _Found:
    """One solution per issue at the least total cost with at most ``budget`` moves in all."""
    budget = min(budget, sum(max(len(s) for s in m) for m in menus))
    n = len(menus)
    inf = math.inf
    rest = [[0.0] * (budget + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for r in range(budget + 1):
            rest[i][r] = min(
                (space.cost(s) + rest[i + 1][r - len(s)] for s in menus[i] if len(s) <= r),
                default=inf,
            )
    if rest[0][budget] == inf:
        return _NOTHING

    def tight(i: int, r: int) -> list[Subset]:
        return [
            s
            for s in menus[i]
            if len(s) <= r and space.cost(s) + rest[i + 1][r - len(s)] <= rest[i][r] + TOLERANCE
        ]

    counts: dict[tuple[int, int], int] = {}

    def count(i: int, r: int) -> int:
        if i == n:
            return 1
        if (i, r) not in counts:
            counts[(i, r)] = sum(count(i + 1, r - len(s)) for s in tight(i, r))
        return counts[(i, r)]

    pivotal: list[int] = []
    states = {budget}
    for i in range(n):
        used = [s for r in sorted(states) for s in tight(i, r)]
        pivotal += set(used[0]).intersection(*used)
        states = {r - len(s) for r in states for s in tight(i, r)}
    solutions: list[Subset] = []

    def walk(i: int, r: int, taken: Subset) -> None:
        if len(solutions) >= SOLUTION_LIMIT:
            return
        if i == n:
            solutions.append(tuple(sorted(taken)))
            return
        for s in tight(i, r):
            walk(i + 1, r - len(s), taken + s)

    walk(0, budget, ())
    return _Found(tuple(solutions), count(0, budget), tuple(sorted(pivotal)), True)


class _Improver:
    """Exact re-choice of part of a solution while the rest stays as it is.

    Three neighbourhoods are tried in turn until none holds anything cheaper: the moves on
    one issue re-chosen among that issue's candidates; the moves on one issue given up for a
    cheaper set of candidates anywhere (at most ``_WIDE_NODES`` sets looked at); the moves
    on two issues re-chosen among those two issues' candidates.
    """

    def __init__(self, space: SearchSpace, goal: AnyGoal, max_moves: int | None) -> None:
        self.space = space
        self.goal = goal
        self.max_moves = max_moves
        self.issues = sorted(space.by_issue, key=lambda i: space.by_issue[i][0])

    def holds(self, subset: Subset) -> bool:
        return self.space.holds(self.goal, subset)

    def rechoose(
        self, best: Subset, issues: Sequence[str], wide: bool = False, without: int | None = None
    ) -> Subset | None:
        """A cheaper way (or, ``without`` a move, an equally cheap way) to replace ``issues``."""
        space = self.space
        dropped = [p for p in best if space.moves[p].issue in issues]
        rest = tuple(p for p in best if p not in dropped)
        now = space.cost(dropped)
        limit = now + TOLERANCE if without is not None else now - TOLERANCE
        pool = range(len(space)) if wide else [p for i in issues for p in space.by_issue[i]]
        allowed = [
            p
            for p in sorted(pool)
            if p != without and p not in rest and space.clash[p].isdisjoint(rest)
        ]
        room = None if self.max_moves is None else self.max_moves - len(rest)
        found, _ = _uniform_cost(
            space,
            allowed,
            lambda s: self.holds(tuple(sorted(rest + s))),
            room,
            _Budget(_WIDE_NODES if wide else AUTO_ISSUE_NODES),
            limit=limit,
            first=True,
        )
        return tuple(sorted(rest + found[0])) if found else None

    def improve(self, best: Subset) -> Subset:
        """Re-choose part by part until nothing gets cheaper."""
        best = prune(self.space, best, self.holds)
        changed = True
        while changed:
            changed = False
            for issues, wide in self._neighbourhoods(best):
                better = self.rechoose(best, issues, wide)
                if better is not None:
                    best, changed = prune(self.space, better, self.holds), True
                    break
        return best

    def _touched(self, best: Subset) -> list[str]:
        return [i for i in self.issues if any(p in best for p in self.space.by_issue[i])]

    def _neighbourhoods(self, best: Subset) -> Iterable[tuple[tuple[str, ...], bool]]:
        touched = self._touched(best)
        yield from (((i,), False) for i in touched)
        yield from (((i,), True) for i in touched)
        yield from (((i, j), False) for i, j in itertools.combinations(touched, 2))

    def alternatives(self, best: Subset) -> list[Subset]:
        """Equally cheap solutions that each leave out one move of ``best``."""
        found: list[Subset] = []
        touched = self._touched(best)
        for p in best:
            issue = self.space.moves[p].issue
            tries: list[tuple[tuple[str, ...], bool]] = [((issue,), False), ((issue,), True)]
            tries += [((issue, j), False) for j in touched if j != issue]
            for issues, wide in tries:
                other = self.rechoose(best, issues, wide, without=p)
                if other is not None:
                    found.append(prune(self.space, other, self.holds))
                    break
        return found


def _cheaper(
    space: SearchSpace, holds: Callable[[Subset], bool], than: float
) -> Callable[[Subset], bool]:
    def condition(subset: Subset) -> bool:
        return space.cost(subset) < than - TOLERANCE and holds(subset)

    return condition


def _greedy(space: SearchSpace, order: Iterable[int], max_moves: int | None) -> Iterable[Subset]:
    """The growing sets of moves taken in ``order``, skipping those that clash."""
    chosen: list[int] = []
    for p in order:
        if max_moves is not None and len(chosen) >= max_moves:
            return
        if space.clash[p].isdisjoint(chosen):
            chosen.append(p)
            yield tuple(sorted(chosen))


def _start(
    space: SearchSpace, holds: Callable[[Subset], bool], max_moves: int | None, tries: int
) -> Subset | None:
    """A first set of moves that meets the goal, found without chance playing a part.

    Tried in turn: the cheapest moves added one by one; the dearest (on most issues the
    whole way to the other side) all together; then ``tries`` orders drawn from a generator
    seeded with 0, so the same input always starts from the same set.
    """
    positions = range(len(space))
    cheap_first = sorted(positions, key=lambda p: (space.costs[p], p))
    for subset in _greedy(space, cheap_first, max_moves):
        if holds(subset):
            return subset
    # Only the whole set matters here: keep the last of the growing sets, not every one.
    whole = collections.deque(_greedy(space, reversed(cheap_first), max_moves), maxlen=1)
    if whole and holds(whole[0]):
        return whole[0]
    draw = random.Random(0)
    order = list(positions)
    for _ in range(tries):
        draw.shuffle(order)
        for subset in _greedy(space, order, max_moves):
            if holds(subset):
                return subset
    return None


def _local(
    space: SearchSpace,
    goal: AnyGoal,
    max_moves: int | None,
    tries: int,
    lower: float | None,
    say: Progress,
) -> _Found:
    """A good scenario when the exact search ran out of budget: deterministic local search.

    It starts from a first set of moves that meets the goal (see ``_start``), takes out
    every move it can spare, and re-chooses part of the answer exactly while the rest stays
    (``_Improver``) until nothing gets cheaper. The exact search that ran before proves that
    no set cheaper than ``lower`` meets the goal: an answer that costs ``lower`` is a
    cheapest one.
    """
    improver = _Improver(space, goal, max_moves)
    first = _start(space, improver.holds, max_moves, tries)
    if first is None:
        say("local search: no set of moves tried meets the goal")
        return _Found((), 0, (), False, lower=lower)
    say(f"local search: found {len(first)} moves; improving issue by issue")
    best = improver.improve(first)
    say(f"local search: best cost {space.cost(best):.2f}; checking which moves are pivotal")
    solutions = [best]
    for other in improver.alternatives(best):
        if other not in solutions:
            solutions.append(other)
    pivotal = set(best).intersection(*solutions)
    proven = lower is not None and space.cost(best) <= lower + TOLERANCE
    return _Found(tuple(solutions), len(solutions), tuple(sorted(pivotal)), False, proven, lower)


def _hypothesis(
    space: SearchSpace,
    goal: AnyGoal,
    max_moves: int | None,
    max_examples: int,
    say: Progress,
) -> _Found:
    improver = _Improver(space, goal, max_moves)
    holds = improver.holds
    # With few candidates, one in-or-out choice per candidate lets Hypothesis try every
    # subset within the budget, so the answer is the cheapest; with many, short lists of
    # cheap picks are what can come in under a cost bound.
    small = 2 ** len(space) <= max_examples
    say(f"hypothesis: looking for any scenario that meets the goal ({max_examples} examples)")
    first = find_subset(
        masks(space, max_moves) if small else subsets(space, max_moves), holds, max_examples
    )
    if first is None:
        return _Found((), 0, (), False)
    say(f"hypothesis: found {len(first)} moves; improving issue by issue")
    best = improver.improve(first)
    sparse = masks(space, max_moves) if small else picks(space, max_moves)
    for _ in range(_IMPROVEMENT_ROUNDS):
        say(f"hypothesis: best cost {space.cost(best):.2f} ({len(best)} moves); trying cheaper")
        cheaper = find_subset(sparse, _cheaper(space, holds, space.cost(best)), max_examples)
        if cheaper is None:
            break
        best = improver.improve(cheaper)
    say(f"hypothesis: checking which of the {len(best)} moves are pivotal")
    solutions = [best]
    for other in improver.alternatives(best):
        if other not in solutions:
            solutions.append(other)
    pivotal = set(best).intersection(*solutions)
    return _Found(tuple(solutions), len(solutions), tuple(sorted(pivotal)), False)


S = TypeVar("S", Scenario, GroundScenario)


@attrs.frozen
class Exploration(Renderable, Generic[S]):
    """The result of [`explore`][negpos.scenarios.explore].

    It renders like the analyses' results: ``to_markdown()``, ``to_html()``, ``to_json()``,
    or [`negpos.render`][negpos.render].

    Attributes:
        goal: The goal, in words.
        method: How the answer was found: ``milp`` (the optimiser), ``exact`` (the subset
            search), ``local`` (the local search ``auto`` turns to when the exact search runs
            out of budget) or ``hypothesis`` (asked for by name).
        base: The baseline searched from: a [`Baseline`][negpos.scenarios.Baseline] of two
            parties, or a [`GroundBaseline`][negpos.scenarios.GroundBaseline] of many.
        candidates: The moves considered, in the order they were generated or given.
        best: The cheapest scenario found, with its moves in candidate order (a
            [`GroundScenario`][negpos.scenarios.GroundScenario] on a baseline of many
            parties); None when the goal was not reached within the bounds.
        solutions: Cheapest solutions found, each a tuple of moves in candidate order; at
            most ``SOLUTION_LIMIT`` of them, ``best``'s first.
        solution_count: How many cheapest solutions there are (exact) or were found.
        pivotal: The moves in every cheapest solution, in candidate order.
        evaluated: How many sets of moves the search evaluated.
        complete: True when the search was exhaustive within the bounds: ``best`` is then a
            cheapest scenario, ``solutions`` holds them all (up to the limit), and None means
            the goal cannot be reached with these candidates and ``max_moves``.
        max_moves: The bound on the number of moves, if any.
        max_nodes: The bound on the sets of moves an exact search examines, if any (None
            for the Hypothesis method).
        movers: The parties whose moves were considered, when not every party's were.
        proven: True when ``best`` is proven a cheapest scenario: always with a complete
            search, and with the optimiser (``milp``) also when it listed only the first
            ``TIE_LIMIT`` of several equally cheap scenarios (``complete`` is then False).
        lower_bound: When an exact search stopped at its budget: every set of moves that costs
            less than this was examined and fails the goal, so no scenario is cheaper. A
            ``local`` answer that costs this much is proven a cheapest one.
    """

    goal: str
    method: str
    base: AnyBaseline = attrs.field(repr=False)
    candidates: tuple[Move, ...] = attrs.field(repr=False)
    best: S | None
    solutions: tuple[tuple[Move, ...], ...] = attrs.field(repr=False)
    solution_count: int
    pivotal: tuple[Move, ...]
    evaluated: int
    complete: bool
    max_moves: int | None = None
    max_nodes: int | None = None
    movers: tuple[str, ...] | None = None
    proven: bool = False
    lower_bound: float | None = None

    def to_dict(self) -> dict[str, Any]:
        """The exploration as JSON-ready data."""
        base = self.base
        return {
            "goal": self.goal,
            "method": self.method,
            "round": base.round,
            "parties": list(base.parties),
            "movers": list(base.parties if self.movers is None else self.movers),
            "max_moves": self.max_moves,
            "max_nodes": self.max_nodes,
            "candidates": len(self.candidates),
            "evaluated": self.evaluated,
            "complete": self.complete,
            "proven": self.proven,
            "lower_bound": self.lower_bound,
            "best": None if self.best is None else self.best.to_dict(),
            "solution_count": self.solution_count,
            "solutions": [[m.describe(base) for m in s] for s in self.solutions],
            "pivotal": [m.to_dict(base) for m in self.pivotal],
        }

    @guarded
    def __repr__(self) -> str:
        """``<Exploration 'goal' (method): best cost … with N moves; N solutions>``."""
        if self.best is None:
            found = "goal not reached" + ("" if self.complete else " within the bounds")
        else:
            found = (
                f"best cost {self.best.cost:g} with {plural(len(self.best.moves), 'move')}; "
                f"{plural(self.solution_count, 'cheapest solution')}, "
                f"{len(self.pivotal)} pivotal"
            )
        return tag(
            "Exploration",
            f"{quoted(self.goal, 60)} ({self.method}): {found}; "
            f"{plural(self.evaluated, 'set')} of moves evaluated",
        )


Method = Literal["auto", "milp", "exact", "hypothesis"]

_NO_SOLVER = (
    "the optimiser needs the HiGHS solver: pip install 'negpos[optimise]' (or choose "
    "method auto, exact or hypothesis)"
)
_NO_PROGRAM = (
    "the optimiser states only the shipped goals (an issue goal, or a compatibility index "
    "at least X) on a pair, or on many parties that offer no alternatives, with at most 12 "
    "candidate moves on an issue: choose method auto, exact or hypothesis"
)


class ExploreOptions(TypedDict, total=False):
    """The keyword arguments of [`explore`][negpos.scenarios.explore] other than the parties."""

    movers: Iterable[str] | None
    partial: bool
    goal: AnyGoal | None
    round_id: str | None
    method: Method
    max_moves: int | None
    cost: CostFunction | None
    candidates: Iterable[Move] | None
    max_examples: int
    max_nodes: int | None
    tabled_only: bool
    progress: Progress | None


@overload
def explore(
    negotiation: Negotiation | Baseline,
    a: str | None = None,
    b: str | None = None,
    *,
    parties: None = None,
    **options: Unpack[ExploreOptions],
) -> Exploration[Scenario]: ...


@overload
def explore(
    negotiation: GroundBaseline,
    a: None = None,
    b: None = None,
    *,
    parties: None = None,
    **options: Unpack[ExploreOptions],
) -> Exploration[GroundScenario]: ...


@overload
def explore(
    negotiation: Negotiation,
    a: None = None,
    b: None = None,
    *,
    parties: Iterable[str],
    **options: Unpack[ExploreOptions],
) -> Exploration[GroundScenario]: ...


def explore(
    negotiation: Negotiation | Baseline | GroundBaseline,
    a: str | None = None,
    b: str | None = None,
    *,
    parties: Iterable[str] | None = None,
    movers: Iterable[str] | None = None,
    partial: bool = False,
    goal: AnyGoal | None = None,
    round_id: str | None = None,
    method: Method = "auto",
    max_moves: int | None = None,
    cost: CostFunction | None = None,
    candidates: Iterable[Move] | None = None,
    max_examples: int = 1000,
    max_nodes: int | None = EXACT_NODES,
    tabled_only: bool = False,
    progress: Progress | None = None,
) -> Exploration[Any]:
    """The cheapest set of moves after which ``goal(comparison)`` holds.

    Two parties (``a`` and ``b``, or the default pair) are read by their comparison; two or
    more given as ``parties`` by their [`CommonGround`][negpos.CommonGround], and the goal
    is then asked of the common ground (the shipped goals read either).

    Args:
        negotiation: The negotiation, or a [`Baseline`][negpos.scenarios.Baseline] or
            [`GroundBaseline`][negpos.scenarios.GroundBaseline] already built (then the
            parties, ``round_id`` and ``tabled_only`` must be left out).
        a: The first party's id; with ``b`` left out too, the default pair.
        b: The second party's id.
        parties: Two or more parties' ids, read on their common ground (instead of ``a``
            and ``b``).
        movers: The parties whose moves are candidates; by default every party's. Leave a
            mediator out to ask what the sides would have to concede for its plan to pass.
        partial: Also consider widening a range part of the way (a quarter, half, three
            quarters of the way on a numeric issue; each level in between on an ordinal
            one), priced by the share of the way (see
            [`WidenRange`][negpos.scenarios.WidenRange]).
        goal: Any callable on a ``Comparison`` (or, with ``parties``, a ``CommonGround``)
            that answers True or False; by default
            [`no_red_line_conflicts()`][negpos.scenarios.no_red_line_conflicts].
        round_id: The round's id; None for the latest round both parties tabled positions
            in (with ``parties``, the round
            [`Negotiation.common`][negpos.Negotiation.common] reads).
        method: ``milp``, ``exact``, ``hypothesis``, or ``auto``. ``milp`` is the exact
            optimiser: an integer program solved by HiGHS (the ``optimise`` extra), each
            answer checked on the whole comparison, the cheapest proven (see
            ``negpos.scenarios._optimise``). ``exact`` searches subsets, issue by issue for
            an [`IssueGoal`][negpos.scenarios.IssueGoal]. ``auto`` searches an issue goal
            issue by issue, and any other goal with the optimiser where it can state it
            (the compatibility index) and the solver is installed; otherwise exactly over
            all candidates, cheapest sets first, for up to ``AUTO_NODES`` sets, and then
            with a deterministic local search (method ``local``) whose answer is proven
            when it costs no more than the cheapest set the exact search left unexamined
            (``lower_bound``). ``hypothesis`` uses Hypothesis' ``find`` as a randomised
            search, and only when asked for by name.
        max_moves: The most moves a scenario may have; None for no bound.
        cost: Prices a move given the mover's position before any move (positive numbers);
            by default [`default_cost`][negpos.scenarios.default_cost].
        candidates: The moves to choose from; by default the baseline's candidates.
        max_examples: How many subsets each Hypothesis ``find`` may try; for the local
            search, how many seeded random orders it tries for a first answer when neither
            the cheapest moves first nor all the dearest meet the goal.
        max_nodes: The most sets of moves the exact search examines before it stops:
            ``EXACT_NODES`` (20,000) unless given, None for no bound. A search stopped by
            its bound is reported with ``complete=False`` and a progress line that says how
            to go on. With ``auto`` each exact attempt stops sooner (``AUTO_NODES`` sets
            over all candidates, ``AUTO_ISSUE_NODES`` per issue) and the local search takes
            over.
        tabled_only: Compare only what each party tabled in the round.
        progress: Called with a line of text at each phase of the search, and every
            ``PROGRESS_EVERY`` sets during a long exact search.

    Returns:
        The [`Exploration`][negpos.scenarios.Exploration]; its ``best`` is a
        [`Scenario`][negpos.scenarios.Scenario] for two parties named as ``a`` and ``b``,
        a [`GroundScenario`][negpos.scenarios.GroundScenario] with ``parties``.

    Raises:
        NotFoundError: A party, the round, or a candidate's issue does not exist, or the
            goal names an issue that is not on the agenda (checked before searching).
        MoveError: A candidate's party holds no position on its issue, or a price is not
            positive.
        UsageError: Bad arguments (an unknown method, ``max_moves`` below 0, the same party
            twice, parties or a round given with a baseline, ``parties`` given with ``a`` or
            ``b``, a mover that is not one of the parties...).

    Examples:
        >>> import negpos
        >>> from negpos import scenarios
        >>> found = scenarios.explore(
        ...     negpos.bundled(), "ru", "ua", round_id="istanbul-2",
        ...     goal=scenarios.issue_compatible("security.nato"),
        ... )
        >>> [(move.party, move.kind) for move in found.best.moves]
        [('ru', 'widen_range')]
        >>> found.best.cost, found.solution_count
        (0.7, 2)
    """
    if method not in ("auto", "milp", "exact", "hypothesis"):
        raise UsageError(f"method must be auto, milp, exact or hypothesis, not {excerpt(method)}")
    if max_moves is not None and max_moves < 0:
        raise UsageError(f"max_moves must be 0 or more, not {max_moves}")
    if max_nodes is not None and max_nodes < 1:
        raise UsageError(f"max_nodes must be 1 or more, or None for no bound, not {max_nodes}")
    say = progress or (lambda line: None)
    base = _baseline(negotiation, a, b, parties, round_id=round_id, tabled_only=tabled_only)
    wanted = goal if goal is not None else no_red_line_conflicts()
    check_goal(wanted, [i.id for i in base.issues])
    moving = _movers(base, movers)
    given = tuple(candidates) if candidates is not None else base.candidates(partial=partial)
    if moving is not None:
        given = tuple(m for m in given if m.party in moving)
    lean = not getattr(wanted, "reads_alternatives", True)
    space = SearchSpace(base, given, cost, alternatives=not lean)
    issues = len({m.issue for m in given})
    say(f"candidates: {len(given)} moves on {issues} issues")
    found, used = _search(space, wanted, method, max_moves, max_examples, max_nodes, say)
    best: Scenario | GroundScenario | None = None
    if found.solutions:
        best = base.scenario(space.chosen(found.solutions[0]), cost=cost)
    if best is not None:
        moves = "1 move" if len(best.moves) == 1 else f"{len(best.moves)} moves"
        say(f"done: cost {best.cost:.2f} with {moves} ({used})")
    else:
        say(f"done: the goal was not reached ({used})")
    return Exploration(
        goal=describe_goal(wanted),
        method=used,
        base=base,
        candidates=given,
        best=best,
        solutions=tuple(space.chosen(s) for s in found.solutions),
        solution_count=found.count,
        pivotal=space.chosen(found.pivotal),
        evaluated=space.evaluated,
        complete=found.complete,
        max_moves=max_moves,
        max_nodes=max_nodes if used in ("exact", "local") else None,
        movers=moving,
        proven=found.complete if found.proven is None else found.proven,
        lower_bound=found.lower,
    )


def _baseline(
    subject: Negotiation | Baseline | GroundBaseline,
    a: str | None,
    b: str | None,
    parties: Iterable[str] | None,
    *,
    round_id: str | None,
    tabled_only: bool,
) -> AnyBaseline:
    if parties is None:
        if isinstance(subject, GroundBaseline):
            if a is not None or b is not None or round_id is not None or tabled_only:
                raise UsageError(
                    "a GroundBaseline fixes the parties and the round: leave out the "
                    "parties, round_id and tabled_only"
                )
            return subject
        return baseline_of(subject, a, b, round_id=round_id, tabled_only=tabled_only)
    if a is not None or b is not None:
        raise UsageError("name the parties either as a and b or as parties, not both")
    if not isinstance(subject, Negotiation):
        raise UsageError(
            "a baseline fixes the parties and the round: leave out the parties, round_id "
            "and tabled_only"
        )
    if isinstance(parties, str):
        raise UsageError("parties is a list of party ids, not one string")
    return GroundBaseline.of(subject, parties, round_id=round_id, tabled_only=tabled_only)


def _movers(base: AnyBaseline, movers: Iterable[str] | None) -> tuple[str, ...] | None:
    """The movers named, checked against the baseline's parties; None for every party."""
    if movers is None:
        return None
    if isinstance(movers, str):
        raise UsageError("movers is a list of party ids, not one string")
    named = tuple(movers)
    if not named:
        raise UsageError("movers names no party; leave it out to let every party move")
    for party in named:
        if party not in base.parties:
            raise NotFoundError(
                f"the mover {excerpt(str(party))} is not one of the parties {list(base.parties)}"
            )
    if len(set(named)) != len(named):
        raise UsageError("movers names a party more than once")
    return tuple(p for p in base.parties if p in named)


def _search(
    space: SearchSpace,
    goal: AnyGoal,
    method: Method,
    max_moves: int | None,
    max_examples: int,
    max_nodes: int | None,
    say: Progress,
) -> tuple[_Found, str]:
    # With ``exact`` one budget bounds the whole search; with ``auto`` each exact attempt has
    # a small budget of its own, and Hypothesis takes over when one runs out.
    whole = _Budget(max_nodes, say)
    if method == "milp" or (method == "auto" and not isinstance(goal, IssueGoal)):
        outcome = optimise(space, goal, max_moves, say)
        if outcome is None and method == "milp":
            raise UsageError(_NO_PROGRAM if optimiser_available() else _NO_SOLVER)
        if outcome is not None and (outcome.proven or method == "milp"):
            ordered = sorted(outcome.solutions, key=lambda s: (space.cost(s), s))
            pivotal = set(ordered[0]).intersection(*ordered) if ordered else set()
            optimal = _Found(
                tuple(ordered[:SOLUTION_LIMIT]),
                len(ordered),
                tuple(sorted(pivotal)),
                outcome.complete,
                outcome.proven,
            )
            return optimal, "milp"
    if method != "hypothesis" and isinstance(goal, IssueGoal):
        say("exact search, issue by issue")
        per_issue = min(max_nodes or AUTO_ISSUE_NODES, AUTO_ISSUE_NODES)
        found = _by_issue(
            space,
            goal,
            max_moves,
            (lambda: whole) if method == "exact" else (lambda: _Budget(per_issue)),
        )
        if found is not None and _verified(space, goal, found):
            return found, "exact"
        if found is None and method == "exact":
            say(_stopped(max_nodes))
            return _Found((), 0, (), False), "exact"
    if method != "hypothesis":
        budget = whole if method == "exact" else _Budget(min(max_nodes or AUTO_NODES, AUTO_NODES))
        bound = "" if budget.limit is None else f" (up to {budget.limit:,} sets)"
        say(f"exact search over {len(space)} candidates{bound}")
        found = _exact(space, goal, max_moves, budget)
        if found.complete or found.proven:
            return found, "exact"
        if method == "exact":
            say(_stopped(max_nodes))
            return found, "exact"
        say(
            f"exact search stopped after {budget.limit:,} sets, every set cheaper than "
            f"{budget.reached:.2f} failing; switching to a local search"
        )
        return _local(space, goal, max_moves, max_examples, found.lower, say), "local"
    return _hypothesis(space, goal, max_moves, max_examples, say), "hypothesis"


def _stopped(max_nodes: int | None) -> str:
    return (
        f"exact search stopped at its bound of {max_nodes or 0:,} sets before it could finish; "
        "raise the bound (max_nodes, or --max-nodes on the command line) or use the auto or "
        "hypothesis method"
    )


def _verified(space: SearchSpace, goal: AnyGoal, found: _Found) -> bool:
    # An issue goal may look at more than each issue (a goal on an issue nobody addresses):
    # check the combined answer on the whole comparison before trusting it.
    if not found.solutions:
        return True
    return space.holds(goal, found.solutions[0])
