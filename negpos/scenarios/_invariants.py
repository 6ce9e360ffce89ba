"""Invariants over scenarios: claims about every scenario, checked by search or by Hypothesis.

An analyst states a claim about every scenario ("no scenario in which Russia keeps its
recognition demand has every red line compatible") as an *invariant*, a
``Scenario -> bool`` callable, and [`check`][negpos.scenarios.check] looks for a scenario that
breaks it, returning the smallest one Hypothesis shrinks to, or None. The same scenarios are
available as a Hypothesis strategy, [`scenarios`][negpos.scenarios.scenarios], for tests of
your own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

import attrs

from negpos._errors import UsageError
from negpos._model.negotiation import Negotiation
from negpos.scenarios._baseline import Baseline, Scenario, baseline_of
from negpos.scenarios._goals import GoalFunction, check_goal, describe_goal
from negpos.scenarios._moves import CostFunction, Move
from negpos.scenarios._search import explore
from negpos.scenarios._space import SearchSpace, Subset, find_subset, prune, subsets

if TYPE_CHECKING:
    from hypothesis import strategies as st

__all__ = ["Invariant", "always", "check", "never", "scenarios"]

Invariant = Callable[[Scenario], bool]
"""A claim about every scenario: a callable that returns True when the scenario obeys it."""


def _space(
    subject: Negotiation | Baseline,
    a: str | None,
    b: str | None,
    round_id: str | None,
    keeping: Iterable[tuple[str, str]],
    candidates: Iterable[Move] | None,
    cost: CostFunction | None,
) -> SearchSpace:
    base = baseline_of(subject, a, b, round_id=round_id)
    kept = set()
    for party, issue in keeping:
        base.position(party, issue)
        base.issue(issue)
        kept.add((party, issue))
    given = tuple(candidates) if candidates is not None else base.candidates()
    return SearchSpace(base, [m for m in given if (m.party, m.issue) not in kept], cost)


def scenarios(
    negotiation: Negotiation | Baseline,
    a: str | None = None,
    b: str | None = None,
    *,
    round_id: str | None = None,
    keeping: Iterable[tuple[str, str]] = (),
    candidates: Iterable[Move] | None = None,
    max_moves: int | None = None,
    cost: CostFunction | None = None,
) -> st.SearchStrategy[Scenario]:
    """A Hypothesis strategy of scenarios: subsets of the candidate moves, applied.

    Use it in your own ``@given`` tests; examples shrink towards fewer and cheaper moves.

    Args:
        negotiation: The negotiation, or a [`Baseline`][negpos.scenarios.Baseline] (then
            leave out the parties and ``round_id``).
        a: The first party's id; with ``b`` left out too, the default pair.
        b: The second party's id.
        round_id: The round's id; None for the latest round both parties tabled positions
            in.
        keeping: ``(party, issue)`` pairs on which the party makes no move: it keeps its
            position.
        candidates: The moves to draw from; by default the baseline's candidates.
        max_moves: The most moves in one scenario.
        cost: Prices the moves (see [`Scenario.of`][negpos.scenarios.Scenario.of]).

    Returns:
        A strategy of [`Scenario`][negpos.scenarios.Scenario] objects.

    Raises:
        NotFoundError: A party, round or issue does not exist.
        UsageError: The same party twice, or parties or a round given with a baseline.

    Examples:
        >>> import negpos
        >>> from hypothesis import given, settings
        >>> from negpos import scenarios
        >>> @settings(max_examples=20, database=None)
        ... @given(scenarios.scenarios(negpos.bundled(), "ru", "ua", round_id="istanbul-2"))
        ... def test_concessions_never_lower_compatibility(scenario):
        ...     assert scenario.delta.compatibility >= 0
        >>> test_concessions_never_lower_compatibility()
    """
    space = _space(negotiation, a, b, round_id, keeping, candidates, cost)
    base = _pair(space)
    return subsets(space, max_moves).map(lambda s: Scenario.of(base, space.chosen(s), cost=cost))


def check(
    negotiation: Negotiation | Baseline,
    a: str | None = None,
    b: str | None = None,
    *,
    invariant: Invariant,
    round_id: str | None = None,
    keeping: Iterable[tuple[str, str]] = (),
    candidates: Iterable[Move] | None = None,
    max_moves: int | None = None,
    cost: CostFunction | None = None,
    max_examples: int = 500,
) -> Scenario | None:
    """Look for a scenario that breaks ``invariant``; return the smallest one found, or None.

    An invariant made with [`never(goal)`][negpos.scenarios.never] is broken exactly by the
    scenarios that reach ``goal``, so it is checked by
    [`explore`][negpos.scenarios.explore]: the counterexample is the cheapest scenario that
    reaches the goal, and for a goal on each issue separately None proves that no scenario
    does. Random scenarios rarely reach a goal that needs many moves at once; on the June
    2025 round, 500 of them did not. Any other invariant is checked by Hypothesis on up to
    ``max_examples`` generated scenarios, and None is then evidence, not proof. Either way
    the same input gives the same answer.

    Args:
        negotiation: The negotiation, or a [`Baseline`][negpos.scenarios.Baseline] (then
            leave out the parties and ``round_id``).
        a: The first party's id; with ``b`` left out too, the default pair.
        b: The second party's id.
        invariant: A ``Scenario -> bool`` callable that should hold for every scenario; see
            [`never`][negpos.scenarios.never] and [`always`][negpos.scenarios.always].
        round_id: The round's id; None for the latest round both parties tabled positions
            in.
        keeping: ``(party, issue)`` pairs on which the party makes no move.
        candidates: The moves scenarios are made of; by default the baseline's candidates.
        max_moves: The most moves in one scenario.
        cost: Prices the moves.
        max_examples: How many scenarios to try.

    Returns:
        The smallest counterexample found, or None. For ``never(goal)`` it is the cheapest
        scenario reaching the goal; otherwise Hypothesis shrinks it, and then moves are
        taken out while it still breaks the invariant, so no move of it can be spared.

    Raises:
        NotFoundError: A party, round or issue does not exist, or the goal of a
            ``never``/``always`` invariant names an issue that is not on the agenda.
        UsageError: The invariant is not callable, the same party is named twice, or
            parties or a round are given with a baseline.

    Examples:
        >>> import negpos
        >>> from negpos import scenarios
        >>> found = scenarios.check(
        ...     negpos.bundled(), "ru", "ua", round_id="istanbul-2",
        ...     invariant=scenarios.never(scenarios.issue_compatible("territory.recognition")),
        ...     keeping=[("ru", "territory.recognition")],
        ... )
        >>> found.describe()
        ("Ukraine adopts Russia's stance on Regions recognised as Russian",)
    """
    if not callable(invariant):
        raise UsageError("check needs an invariant: a Scenario -> bool callable")
    space = _space(negotiation, a, b, round_id, keeping, candidates, cost)
    if isinstance(invariant, (_Never, _Always)):
        check_goal(invariant.goal, [i.id for i in space.base.issues])
    base = _pair(space)
    if isinstance(invariant, _Never):
        found_by_search = explore(
            base,
            goal=invariant.goal,
            candidates=space.chosen(range(len(space))),
            max_moves=max_moves,
            cost=cost,
            max_examples=max_examples,
        )
        return found_by_search.best
    cache: dict[Subset, bool] = {}

    def broken(subset: Subset) -> bool:
        if subset not in cache:
            scenario = Scenario.of(base, space.chosen(subset), cost=cost)
            cache[subset] = not invariant(scenario)
        return cache[subset]

    found = find_subset(subsets(space, max_moves), broken, max_examples)
    if found is None:
        return None
    # Shrinking usually ends at a minimal counterexample, but not always: finish the job.
    found = prune(space, found, broken)
    return Scenario.of(base, space.chosen(found), cost=cost)


def _pair(space: SearchSpace) -> Baseline:
    # Invariants are stated on two parties' comparisons: their spaces hold a pair's baseline.
    base = space.base
    assert isinstance(base, Baseline)
    return base


@attrs.frozen
class _Never:
    goal: GoalFunction

    def __call__(self, scenario: Scenario) -> bool:
        return not self.goal(scenario.comparison)

    def describe(self) -> str:
        return f"never: {describe_goal(self.goal)}"


@attrs.frozen
class _Always:
    goal: GoalFunction

    def __call__(self, scenario: Scenario) -> bool:
        return bool(self.goal(scenario.comparison))

    def describe(self) -> str:
        return f"always: {describe_goal(self.goal)}"


def never(goal: GoalFunction) -> Invariant:
    """The invariant that no scenario reaches ``goal``.

    Args:
        goal: A ``Comparison -> bool`` callable, such as a shipped goal.

    Returns:
        An invariant for [`check`][negpos.scenarios.check].

    Examples:
        >>> from negpos import scenarios
        >>> scenarios.never(scenarios.no_red_line_conflicts()).describe()
        'never: no red line in conflict'
    """
    return _Never(goal)


def always(goal: GoalFunction) -> Invariant:
    """The invariant that every scenario meets ``goal``.

    Args:
        goal: A ``Comparison -> bool`` callable.

    Returns:
        An invariant for [`check`][negpos.scenarios.check].

    Examples:
        >>> from negpos import scenarios
        >>> scenarios.always(scenarios.compatibility_at_least(0.1)).describe()
        'always: compatibility index at least 0.10'
    """
    return _Always(goal)
