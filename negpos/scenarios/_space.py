"""The space a scenario search walks: a baseline's candidate moves, priced, and their subsets.

A [`SearchSpace`][negpos.scenarios._space.SearchSpace] prices a baseline's candidate moves
once and evaluates many subsets of them cheaply, caching each verdict. The searches
(``_search.py``) and the invariant checks (``_invariants.py``) both walk it.

Subsets of candidates are drawn by Hypothesis in two ways at once: as a short list of picks
(cheapest candidates first, so that shrinking moves towards cheap moves), and as one
in-or-out choice per candidate (dense subsets, which reach goals that need many moves, and
which Hypothesis can enumerate completely when there are few candidates). Hypothesis is
imported only when such a strategy is asked for: an exact search never loads it.
"""

from __future__ import annotations

import contextlib
import math
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from negpos._analysis.common import CommonGround
from negpos._analysis.comparison import Comparison
from negpos._model.documents import Position
from negpos.scenarios._baseline import Baseline, conflicting
from negpos.scenarios._goals import IssueGoal
from negpos.scenarios._ground import GroundBaseline
from negpos.scenarios._moves import CostFunction, Move, MoveError

if TYPE_CHECKING:
    from hypothesis import settings
    from hypothesis import strategies as st

__all__ = [
    "SearchSpace",
    "Subset",
    "find_subset",
    "masks",
    "picks",
    "prune",
    "search_settings",
    "subsets",
]

T = TypeVar("T")

Subset = tuple[int, ...]
"""A set of candidate moves, as positions in a search space's ``moves``, in increasing order."""

AnyBaseline = Baseline | GroundBaseline
"""A baseline of two parties (read by comparison) or of many (read by common ground)."""

AnyGoal = Callable[[Any], bool]
"""A goal on what the baseline reads: a comparison, or a common ground."""


class SearchSpace:
    """Candidate moves of one baseline, priced, ordered cheapest first, with a cached evaluator.

    Subsets of the candidates are tuples of positions in ``moves``, in increasing order.

    Args:
        base: The baseline, of two parties or of many.
        moves: The candidate moves, in the order they were generated or given.
        cost: Prices the moves; ``default_cost`` when None.
        alternatives: Compare the memoranda with their groups of alternatives when
            evaluating a subset; without them (for goals that do not read them) a comparison
            is about twice as fast.

    Attributes:
        base: The baseline.
        moves: The candidates, cheapest first (ties in the order they were given).
        costs: Their prices, in the same order.
        clash: For each position, the positions of the moves it cannot be combined with.
        evaluated: How many distinct subsets have been evaluated so far.
    """

    def __init__(
        self,
        base: AnyBaseline,
        moves: Sequence[Move],
        cost: CostFunction | None,
        *,
        alternatives: bool = True,
    ) -> None:
        prices = [base.price(m, cost) for m in moves]
        order = sorted(range(len(moves)), key=lambda k: (prices[k], k))
        self.base = base
        self.moves: tuple[Move, ...] = tuple(moves[k] for k in order)
        self.costs: tuple[float, ...] = tuple(prices[k] for k in order)
        self._given = tuple(order)
        by_issue: dict[str, list[int]] = {}
        for p, move in enumerate(self.moves):
            by_issue.setdefault(move.issue, []).append(p)
        clash: list[frozenset[int]] = [frozenset()] * len(self.moves)
        for group in by_issue.values():
            for p in group:
                clash[p] = frozenset(q for q in group if conflicting(self.moves[p], self.moves[q]))
        self.clash: tuple[frozenset[int], ...] = tuple(clash)
        self.by_issue: dict[str, tuple[int, ...]] = {k: tuple(v) for k, v in by_issue.items()}
        self.evaluated = 0
        self._alternatives = alternatives
        self._positions: dict[tuple[str, str, Subset], Position | None] = {}
        self._verdicts: dict[Subset, bool] = {}
        self._issue_verdicts: dict[tuple[str, Subset], bool] = {}
        self._failing: tuple[IssueGoal, frozenset[str]] | None = None

    def __len__(self) -> int:
        return len(self.moves)

    def cost(self, subset: Iterable[int]) -> float:
        """The total price of a subset (exactly rounded, so independent of order)."""
        return math.fsum(self.costs[p] for p in subset)

    def chosen(self, subset: Iterable[int]) -> tuple[Move, ...]:
        """The moves of a subset, in the order the candidates were given."""
        return tuple(self.moves[p] for p in sorted(subset, key=lambda p: self._given[p]))

    def decode(self, picks: Iterable[int], max_moves: int | None = None) -> Subset:
        """A valid subset from picked positions: repeats and clashing later picks are skipped.

        Args:
            picks: Positions, in order of precedence.
            max_moves: Keep at most this many.
        """
        kept: list[int] = []
        for p in picks:
            if max_moves is not None and len(kept) >= max_moves:
                break
            if p not in kept and self.clash[p].isdisjoint(kept):
                kept.append(p)
        return tuple(sorted(kept))

    def moved(self, subset: Subset) -> dict[tuple[str, str], Position] | None:
        """The positions a subset changes, or None when its moves do not combine."""
        groups: dict[tuple[str, str], list[int]] = {}
        for p in sorted(subset, key=lambda p: self._given[p]):
            move = self.moves[p]
            groups.setdefault((move.party, move.issue), []).append(p)
        out: dict[tuple[str, str], Position] = {}
        for (party, issue), group in groups.items():
            key = (party, issue, tuple(group))
            if key not in self._positions:
                try:
                    found = self.base.moved_positions(self.moves[p] for p in group)
                    self._positions[key] = found[(party, issue)]
                except MoveError:
                    self._positions[key] = None
            position = self._positions[key]
            if position is None:
                return None
            out[(party, issue)] = position
        return out

    def comparison(self, subset: Subset) -> Comparison | CommonGround | None:
        """What the baseline reads after a subset's moves, or None when they do not combine."""
        moved = self.moved(subset)
        if moved is None:
            return None
        return self.base.after(moved, alternatives=self._alternatives)

    def holds(self, goal: AnyGoal, subset: Subset) -> bool:
        """Whether the goal holds after a subset's moves (cached per subset).

        A goal that is a condition on every issue (an [`IssueGoal`][negpos.scenarios.IssueGoal]
        that keeps the default ``__call__``) is checked on the moved issues only: the others
        are as in the baseline, whose failing issues are found once.
        """
        known = self._verdicts.get(subset)
        if known is None:
            self.evaluated += 1
            known = self._evaluate(goal, subset)
            self._verdicts[subset] = known
        return known

    def _evaluate(self, goal: AnyGoal, subset: Subset) -> bool:
        moved = self.moved(subset)
        if moved is None:
            return False
        after = self.base.after(moved, alternatives=self._alternatives)
        if not (isinstance(goal, IssueGoal) and type(goal).__call__ is IssueGoal.__call__):
            return bool(goal(after))
        if self._failing is None or self._failing[0] is not goal:
            rows = self.base.start.rows
            self._failing = (goal, frozenset(c.issue.id for c in rows if not goal.holds_on(c)))
        changed = {issue for _, issue in moved}
        return self._failing[1] <= changed and all(
            goal.holds_on(after.issue(issue)) for issue in changed
        )

    def holds_on_issue(self, goal: IssueGoal, issue_id: str, subset: Subset) -> bool:
        """Whether an issue goal holds on one issue after a subset of that issue's moves."""
        known = self._issue_verdicts.get((issue_id, subset))
        if known is not None:
            return known
        self.evaluated += 1
        moved = self.moved(subset)
        known = False
        if moved is not None:
            row = self.base.issue_row(issue_id, moved)
            known = row is not None and goal.holds_on(row)
        self._issue_verdicts[(issue_id, subset)] = known
        return known


def search_settings(max_examples: int) -> settings:
    """Hypothesis settings for a reproducible search: no database, a fixed seed, no deadline.

    Args:
        max_examples: How many examples one call of ``find`` may try before giving up.

    Returns:
        Settings for ``hypothesis.find``: the same input always gives the same answer.
    """
    from hypothesis import HealthCheck, Phase, Verbosity, settings

    return settings(
        database=None,
        derandomize=True,
        max_examples=max_examples,
        phases=(Phase.generate, Phase.shrink),
        deadline=None,
        suppress_health_check=list(HealthCheck),
        verbosity=Verbosity.quiet,
        print_blob=False,
    )


def find_subset(
    strategy: st.SearchStrategy[T], condition: Callable[[T], bool], max_examples: int
) -> T | None:
    """The smallest example of ``strategy`` meeting ``condition`` that Hypothesis finds, or None.

    Args:
        strategy: What to draw.
        condition: What the example must satisfy.
        max_examples: How many examples to try before giving up.

    Returns:
        The shrunk example, or None when none of the examples tried met the condition.
    """
    from hypothesis import find
    from hypothesis.errors import NoSuchExample

    try:
        with _storage_aside():
            return find(strategy, condition, settings=search_settings(max_examples))
    except NoSuchExample:
        return None


@contextlib.contextmanager
def _storage_aside() -> Iterator[None]:
    # Even with no example database, Hypothesis caches what it reads from local source files
    # under ``.hypothesis/`` in the current folder: a search run for an analyst must leave
    # nothing in theirs, so its storage is a temporary folder, restored afterwards.
    from hypothesis import configuration

    before = vars(configuration).get("__hypothesis_home_directory")
    with tempfile.TemporaryDirectory(prefix="negpos-hypothesis-") as folder:
        configuration.set_hypothesis_home_dir(folder)
        try:
            yield
        finally:
            configuration.set_hypothesis_home_dir(before)


def masks(space: SearchSpace, max_moves: int | None = None) -> st.SearchStrategy[Subset]:
    """Subsets drawn as one in-or-out choice per candidate.

    The choices are laid out most expensive candidate first; Hypothesis shrinks towards "out"
    and towards the start of the layout, so a shrunk subset leaves out expensive moves first.
    With ``2 ** len(space)`` examples or more Hypothesis sees every subset.

    Args:
        space: The search space.
        max_moves: Keep at most this many moves (the cheapest chosen ones).

    Returns:
        A strategy of subsets.
    """
    from hypothesis import strategies as st

    n = len(space)
    if n == 0:
        return st.just(())

    def decode(bits: list[bool]) -> Subset:
        return space.decode(sorted(n - 1 - k for k, bit in enumerate(bits) if bit), max_moves)

    return st.lists(st.booleans(), min_size=n, max_size=n).map(decode)


def picks(
    space: SearchSpace, max_moves: int | None = None, allowed: Sequence[int] | None = None
) -> st.SearchStrategy[Subset]:
    """Subsets drawn as a short list of picks; positions shrink towards the cheapest moves.

    Args:
        space: The search space.
        max_moves: Keep at most this many moves.
        allowed: The positions to pick from (all by default), cheapest first.

    Returns:
        A strategy of subsets; a pick that clashes with an earlier one is skipped.
    """
    from hypothesis import strategies as st

    pool = list(range(len(space)) if allowed is None else allowed)
    if not pool:
        return st.just(())
    size = len(pool) if max_moves is None else min(max_moves, len(pool))
    return st.lists(st.sampled_from(pool), unique=True, max_size=size).map(
        lambda chosen: space.decode(chosen, max_moves)
    )


def subsets(space: SearchSpace, max_moves: int | None = None) -> st.SearchStrategy[Subset]:
    """Subsets drawn either as picks (sparse) or as masks (dense).

    Args:
        space: The search space.
        max_moves: Keep at most this many moves.

    Returns:
        A strategy that shrinks towards few, cheap moves.
    """
    from hypothesis import strategies as st

    return st.one_of(picks(space, max_moves), masks(space, max_moves))


def prune(space: SearchSpace, subset: Subset, holds: Callable[[Subset], bool]) -> Subset:
    """Take moves out, the dearest first, for as long as ``holds`` stays true.

    Both the search (to tidy a scenario Hypothesis found) and the invariant check (to finish
    shrinking a counterexample) end with this, so that no move of their answer can be spared.

    Args:
        space: The search space the subset lives in.
        subset: A subset for which ``holds`` is true.
        holds: The condition to keep.

    Returns:
        A subset of ``subset`` for which ``holds`` is true and from which no single move can
        be taken out without breaking it.
    """
    current = subset
    changed = True
    while changed:
        changed = False
        for p in sorted(current, key=lambda p: (-space.costs[p], -p)):
            trial = tuple(x for x in current if x != p)
            if holds(trial):
                current, changed = trial, True
                break
    return current
