"""The search for the cheapest moves that reach a goal: exact, Hypothesis, and their agreement."""

from __future__ import annotations

import datetime as dt
import inspect
import itertools
import json
import math
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import negpos
from negpos import Comparison, Memorandum, Negotiation, Party, Round, Status, scenarios
from negpos import strategies as nst
from negpos.scenarios import (
    AdoptStance,
    Baseline,
    DropProhibition,
    Move,
    RelaxRedLine,
    Scenario,
    WidenRange,
    all_compatible,
    compatibility_at_least,
    conflicting,
    explore,
    issue_compatible,
    no_red_line_conflicts,
)
from negpos.scenarios._search import PROGRESS_EVERY

# The negotiation of tests/test_scenarios.py, without the one-sided issue; hand-worked there:
# compatibility 0.725 / 1.75 before any move. Fixing neutral adds 0.5 / 1.75, days
# 0.15 / 1.75, regions 0.375 / 1.75. Candidate costs: Alpha on neutral 0.8 (accept, adopt);
# Beta on neutral 0.6 (accept, adopt, red line x3) or 0.2 (relax); Alpha on days 0.4 (widen,
# adopt); Beta on days 0.6; Alpha on regions 3.0 (drop, adopt) or 1.0 (relax); Beta on
# regions 0.5 (drop, adopt).
TALKS = """\
format: 1
title: Test talks
parties: [{id: a, name: Alpha}, {id: b, name: Beta}]
issues:
  - {id: neutral, kind: boolean, title: Neutral status}
  - {id: days, kind: numeric, title: Ceasefire days, unit: days, bounds: [0, 100]}
  - {id: regions, kind: set, title: Regions, items: [north, south, {id: east, weight: 2}]}
  - {id: venue, kind: boolean, title: Venue in Istanbul}
rounds:
  - id: r1
    date: 2025-06-02
    memoranda:
      - party: a
        positions:
          - {issue: neutral, stance: {kind: boolean, accepts: [true]}, salience: 0.8}
          - {issue: days, stance: {kind: numeric, min: 60}, salience: 0.4}
          - issue: regions
            stance: {kind: set, requires: [north, east]}
            salience: 1.0
            firmness: red_line
          - {issue: venue, stance: {kind: boolean, accepts: [true]}}
      - party: b
        positions:
          - issue: neutral
            stance: {kind: boolean, accepts: [false]}
            salience: 0.2
            firmness: red_line
          - {issue: days, stance: {kind: numeric, max: 30}, salience: 0.6}
          - {issue: regions, stance: {kind: set, forbids: [east]}, salience: 0.5}
"""


@pytest.fixture(scope="module")
def base() -> Baseline:
    """Alpha and Beta at round r1."""
    return Baseline.of(negpos.loads(TALKS, fmt="yaml"), "a", "b", round_id="r1")


@pytest.fixture(scope="module")
def june() -> Baseline:
    """Russia and Ukraine at the June 2025 round of the bundled dataset."""
    return Baseline.of(negpos.bundled(), "ru", "ua", round_id="istanbul-2")


def kinds(moves: tuple[Move, ...]) -> list[tuple[str, str, str]]:
    return [(m.party, m.issue, m.kind) for m in moves]


def test_no_red_line_conflicts_on_the_small_talks(base: Baseline) -> None:
    """Beta relaxes its neutrality red line (0.2) and gives way on the east (0.5): 0.7."""
    found = explore(base, goal=no_red_line_conflicts())
    assert found.best is not None
    assert 0.7 == found.best.cost
    assert ("exact", True) == (found.method, found.complete)
    assert [
        [("b", "neutral", "relax_red_line"), ("b", "regions", "drop_prohibition")],
        [("b", "neutral", "relax_red_line"), ("b", "regions", "adopt_stance")],
    ] == [kinds(s) for s in found.solutions]
    assert 2 == found.solution_count
    assert (RelaxRedLine("b", "neutral"),) == found.pivotal
    assert "no red line in conflict" == found.goal


def test_every_issue_compatible_on_the_small_talks(base: Baseline) -> None:
    """Cheapest per issue: Beta 0.6 on neutral, Alpha 0.4 on days, Beta 0.5 on regions."""
    found = explore(base, goal=all_compatible())
    assert found.best is not None
    assert 1.5 == found.best.cost
    assert 8 == found.solution_count
    assert () == found.pivotal
    assert 0 == found.best.comparison.summary.count(Status.GAP)


@pytest.mark.parametrize(
    ("threshold", "cost", "count"),
    [
        # 0.725 + 0.375 = 1.1 >= 0.6 * 1.75: Beta gives way on regions, two ways.
        (0.6, 0.5, 2),
        # Needs 0.5875 more: neutral (0.5) and days (0.15), 0.6 + 0.4, two ways each.
        (0.75, 1.0, 4),
    ],
)
def test_compatibility_threshold_on_the_small_talks(
    base: Baseline, threshold: float, cost: float, count: int
) -> None:
    """A compatibility threshold is a trade-off across issues, searched over all subsets."""
    found = explore(base, goal=compatibility_at_least(threshold))
    assert found.best is not None
    assert pytest.approx(cost) == found.best.cost
    assert count == found.solution_count
    assert found.complete


def test_both_methods_find_the_same_cost_on_the_small_talks(base: Baseline) -> None:
    """The Hypothesis search reaches the cost the exact search proves cheapest."""
    for goal in (
        no_red_line_conflicts(),
        all_compatible(),
        compatibility_at_least(0.6),
        compatibility_at_least(0.75),
    ):
        exact = explore(base, goal=goal, method="exact")
        guess = explore(base, goal=goal, method="hypothesis")
        assert exact.best is not None
        assert guess.best is not None
        assert pytest.approx(exact.best.cost) == guess.best.cost
        assert ("hypothesis", False) == (guess.method, guess.complete)


def test_unreachable_goals_give_no_scenario(base: Baseline) -> None:
    """A one-sided issue cannot become compatible; two red lines need two moves."""
    for found in (
        explore(base, goal=issue_compatible("venue")),
        explore(base, goal=no_red_line_conflicts(), max_moves=1),
    ):
        assert found.best is None
        assert () == found.solutions
        assert 0 == found.solution_count
        assert found.complete
    two = explore(base, max_moves=2)
    assert two.best is not None
    assert 0.7 == two.best.cost


def test_a_goal_that_already_holds_needs_no_move(base: Baseline) -> None:
    """When the goal holds before any move, the answer is the empty scenario."""
    found = explore(base, goal=lambda comparison: True)
    assert found.best is not None
    assert () == found.best.moves
    assert 0.0 == found.best.cost
    assert ((),) == found.solutions


def test_a_plain_function_is_a_goal(base: Baseline) -> None:
    """Any Comparison -> bool callable works; its docstring describes it."""

    def days_settled(comparison: Comparison) -> bool:
        """Ceasefire days settled."""
        return comparison.issue("days").status is not Status.GAP

    found = explore(base, goal=days_settled)
    assert "Ceasefire days settled" == found.goal
    assert found.best is not None
    assert 0.4 == found.best.cost
    assert [[("a", "days", "widen_range")], [("a", "days", "adopt_stance")]] == [
        kinds(s) for s in found.solutions
    ]


def test_a_custom_cost_changes_the_answer(base: Baseline) -> None:
    """Counting moves instead of salience: two moves, any of five per issue, none pivotal."""
    found = explore(base, cost=lambda move, position: 1.0)
    assert found.best is not None
    assert 2.0 == found.best.cost
    assert 25 == found.solution_count
    assert () == found.pivotal


def test_given_candidates_limit_the_search(base: Baseline) -> None:
    """Only the given moves are considered."""
    given_moves = [RelaxRedLine("b", "neutral"), RelaxRedLine("a", "regions")]
    found = explore(base, candidates=given_moves)
    assert found.best is not None
    assert tuple(given_moves) == found.best.moves
    assert 1.2 == found.best.cost
    assert tuple(given_moves) == found.candidates


def test_bad_arguments_are_refused(base: Baseline) -> None:
    """An unknown method, a negative bound or a round with a baseline are errors."""
    with pytest.raises(ValueError, match="method"):
        explore(base, method="fastest")  # type: ignore[call-overload]
    with pytest.raises(ValueError, match="max_moves"):
        explore(base, max_moves=-1)
    with pytest.raises(ValueError, match="leave out"):
        explore(base, "r1")


def test_progress_and_json(base: Baseline) -> None:
    """Progress comes as lines of text; the result is JSON-ready."""
    lines: list[str] = []
    found = explore(base, progress=lines.append)
    assert "candidates: 14 moves on 3 issues" == lines[0]
    assert lines[-1].startswith("done: cost 0.70 with 2 moves")
    data = found.to_dict()
    assert data == json.loads(json.dumps(data))
    assert 0.7 == data["best"]["cost"]
    assert ["Beta relaxes its red line on Neutral status to firm"] == [
        m["description"] for m in data["pivotal"]
    ]


def test_june_2025_to_no_red_line_in_conflict(june: Baseline) -> None:
    """Nine red lines in conflict; the cheapest way out costs 9.2 in 12 moves, 486 ways.

    Worked by hand: on recognition, its form and withdrawal both sides hold red lines and
    relaxing both (0.9 + 0.7) is cheaper than any concession on a red line (x3); on the
    territorial baseline Ukraine widens or adopts (0.7); on the ceasefire precondition,
    neutrality, foreign troops, force limits and NATO, Russia concedes or Ukraine relaxes
    at equal cost (0.9, 0.7 x 4). Ties: 2 x 3 x 3 x 3 x 3 x 3 = 486, and only the six
    relaxations are in all of them.
    """
    found = explore(june)
    assert found.best is not None
    assert 9.2 == found.best.cost
    assert 12 == len(found.best.moves)
    assert 486 == found.solution_count
    assert 100 == len(found.solutions)
    relax = [
        RelaxRedLine(p, i)
        for i in ("territory.recognition", "territory.recognition_form", "territory.withdrawal")
        for p in ("ru", "ua")
    ]
    assert relax == list(found.pivotal)
    assert 0 == len(found.best.comparison.summary.red_line_conflicts)
    assert -9 == found.best.delta.red_line_conflicts


@pytest.mark.parametrize(
    ("max_moves", "cost", "count"),
    [
        # One pair of relaxations becomes one adoption by Ukraine (2.1 instead of 1.6):
        # recognition 1 way, its form 2 ways (widen or adopt), withdrawal 1 way: 4 x 486.
        (11, 9.7, 1944),
        # All three: 3 x 2.1 + 4.4 = 10.7, 2 x 486 ways.
        (9, 10.7, 972),
    ],
)
def test_june_2025_with_fewer_moves(
    june: Baseline, max_moves: int, cost: float, count: int
) -> None:
    """Bounding the number of moves trades relaxations for single, dearer adoptions."""
    found = explore(june, max_moves=max_moves)
    assert found.best is not None
    assert pytest.approx(cost) == found.best.cost
    assert max_moves == len(found.best.moves)
    assert count == found.solution_count
    assert explore(june, max_moves=8).best is None


@pytest.mark.slow
def test_hypothesis_finds_the_june_2025_optimum(june: Baseline) -> None:
    """With 93 candidates the Hypothesis search still reaches the proven cheapest cost."""
    exact = explore(june, method="exact")
    guess = explore(june, method="hypothesis")
    assert exact.best is not None
    assert guess.best is not None
    assert exact.best.cost == guess.best.cost
    assert set(exact.pivotal) == set(guess.pivotal)
    again = explore(june, method="hypothesis")
    assert again.best is not None
    assert guess.best.moves == again.best.moves


def test_an_exact_search_over_twelve_candidates_sees_every_subset(june: Baseline) -> None:
    """An unreachable goal over 12 candidates on 12 issues makes the search try all 4096 sets."""
    twelve: list[Move] = []
    for move in june.candidates():
        if not isinstance(move, AdoptStance) and all(move.issue != m.issue for m in twelve):
            twelve.append(move)
    twelve = twelve[:12]
    found = explore(june, goal=compatibility_at_least(1.0), method="exact", candidates=twelve)
    assert found.best is None
    assert found.complete
    assert 2**12 == found.evaluated


# --- generated spaces -------------------------------------------------------------------------


@st.composite
def small_talks(draw: st.DrawFn) -> Baseline:
    """Two parties with positions on every issue of a small generated agenda."""
    agenda = draw(nst.agendas(1, 3))
    memos = [
        Memorandum(party=p, positions=tuple(draw(nst.positions(issue)) for issue in agenda))
        for p in ("a", "b")
    ]
    negotiation = Negotiation.model_validate(
        {
            "title": "Generated talks",
            "parties": (Party(id="a", name="A"), Party(id="b", name="B")),
            "issues": agenda,
            "rounds": (Round(id="r", date=dt.date(2025, 6, 2), memoranda=tuple(memos)),),
        }
    )
    return Baseline.of(negotiation, "a", "b", round_id="r")


def goals() -> st.SearchStrategy[object]:
    return st.one_of(
        st.just(no_red_line_conflicts()),
        st.just(all_compatible()),
        st.integers(0, 20).map(lambda k: compatibility_at_least(k / 20)),
    )


def brute_force(
    base: Baseline, moves: list[Move], goal: object, max_moves: int | None
) -> tuple[float | None, set[frozenset[Move]]]:
    """The cheapest cost and every cheapest subset, by trying them all."""
    found: dict[frozenset[Move], float] = {}
    for size in range(len(moves) + 1 if max_moves is None else min(max_moves, len(moves)) + 1):
        for combo in itertools.combinations(moves, size):
            if any(conflicting(x, y) for x, y in itertools.combinations(combo, 2)):
                continue
            scenario = Scenario.of(base, combo)
            if goal(scenario.comparison):  # type: ignore[operator]
                found[frozenset(combo)] = math.fsum(base.price(m) for m in combo)
    if not found:
        return None, set()
    cheapest = min(found.values())
    return cheapest, {s for s, c in found.items() if c <= cheapest + 1e-9}


@settings(max_examples=40)
@given(small_talks(), goals(), st.sampled_from([None, 1, 2, 3]))
def test_the_exact_search_finds_every_cheapest_subset(
    base: Baseline, goal: object, max_moves: int | None
) -> None:
    """On spaces of up to seven candidates, the exact search agrees with trying every subset."""
    moves = list(base.candidates()[:7])
    found = explore(base, goal=goal, candidates=moves, max_moves=max_moves)  # type: ignore[call-overload]
    cost, cheapest = brute_force(base, moves, goal, max_moves)
    assert found.complete
    if cost is None:
        assert found.best is None
        return
    assert found.best is not None
    assert pytest.approx(cost, abs=1e-9) == found.best.cost
    assert len(cheapest) == found.solution_count
    assert cheapest == {frozenset(s) for s in found.solutions}
    assert set.intersection(*(set(s) for s in cheapest)) == set(found.pivotal)


@settings(max_examples=25, suppress_health_check=[HealthCheck.nested_given])
@given(small_talks(), goals())
def test_both_methods_agree_on_the_cheapest_cost(base: Baseline, goal: object) -> None:
    """On small generated spaces the Hypothesis search finds the exact search's minimal cost."""
    moves = list(base.candidates()[:6])
    exact = explore(base, goal=goal, candidates=moves, method="exact")  # type: ignore[call-overload]
    guess = explore(
        base,
        goal=goal,  # type: ignore[call-overload]
        candidates=moves,
        method="hypothesis",
        max_examples=64,
    )
    if exact.best is None:
        assert guess.best is None
    else:
        assert guess.best is not None
        assert pytest.approx(exact.best.cost, abs=1e-9) == guess.best.cost
        assert goal(guess.best.comparison)  # type: ignore[operator]


def test_candidates_and_given_moves_keep_their_order(base: Baseline) -> None:
    """Solutions list their moves in candidate order, whatever their costs."""
    given_moves = [DropProhibition("b", "regions", "east"), WidenRange("a", "days", low=30)]
    found = explore(base, goal=compatibility_at_least(0.7), candidates=given_moves)
    assert found.best is not None
    assert tuple(given_moves) == found.best.moves


# --- a goal on an unknown issue, and the bound of the exact search -----------------------------


@pytest.mark.parametrize("method", ["auto", "exact", "hypothesis"])
def test_a_goal_on_an_issue_not_on_the_agenda_is_named_at_once(base: Baseline, method: str) -> None:
    """A misspelt issue in a goal is a lookup error before any search, with the near miss."""
    with pytest.raises(negpos.NotFoundError, match=r"'neutrl'.*did you mean 'neutral'") as info:
        explore(base, goal=issue_compatible("neutrl"), method=method)  # type: ignore[call-overload]
    assert isinstance(info.value, KeyError)


@pytest.mark.parametrize("invariant", [scenarios.never, scenarios.always])
def test_an_invariant_on_an_issue_not_on_the_agenda_is_named_at_once(
    base: Baseline, invariant: Callable[[Any], scenarios.Invariant]
) -> None:
    """check() refuses never(...) and always(...) of a goal on an unknown issue, as explore does."""
    with pytest.raises(negpos.NotFoundError, match="'nowhere'"):
        scenarios.check(base, invariant=invariant(issue_compatible("nowhere")))


def test_the_exact_search_is_bounded_unless_told_otherwise() -> None:
    """The exact search's default bound is EXACT_NODES sets, not None (no bound)."""
    default = inspect.signature(explore).parameters["max_nodes"].default
    assert scenarios.EXACT_NODES == default
    assert isinstance(default, int)


def test_an_exact_search_at_its_bound_says_so_and_how_to_go_on(june: Baseline) -> None:
    """Stopped at its bound, the exact search reports progress, stops, and names the way on."""
    lines: list[str] = []
    found = explore(
        june,
        goal=compatibility_at_least(0.5),
        method="exact",
        max_nodes=PROGRESS_EVERY,
        progress=lines.append,
    )
    assert (None, False, "exact") == (found.best, found.complete, found.method)
    assert PROGRESS_EVERY == found.max_nodes == found.to_dict()["max_nodes"]
    bound = f"{PROGRESS_EVERY:,}"
    assert f"exact search: {bound} sets examined of at most {bound}" in "\n".join(lines)
    stopped = [line for line in lines if "stopped at its bound" in line]
    assert 1 == len(stopped)
    assert "max_nodes" in stopped[0]
    assert "hypothesis" in stopped[0]
    assert f"stopped at its bound of {bound} sets" in found.to_markdown()


def test_max_nodes_none_searches_to_the_end(base: Baseline) -> None:
    """Without a bound the exact search runs to its end and proves its answer."""
    found = explore(base, goal=all_compatible(), method="exact", max_nodes=None)
    assert (True, None) == (found.complete, found.max_nodes)


@pytest.mark.parametrize("bad", [0, -3])
def test_max_nodes_must_be_positive(base: Baseline, bad: int) -> None:
    """A bound of no sets at all is a usage error."""
    with pytest.raises(negpos.UsageError, match="max_nodes"):
        explore(base, method="exact", max_nodes=bad)


# --- the local search auto turns to past the exact budget ---------------------------------------


def _index_at_least(threshold: float) -> Callable[[Comparison], bool]:
    """A plain callable goal: the optimiser cannot state it, so auto searches subsets."""

    def goal(comparison: Comparison) -> bool:
        index = comparison.summary.compatibility
        return index is not None and index >= threshold

    return goal


def test_auto_turns_to_a_deterministic_local_search_with_a_proven_bound(
    june: Baseline, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past its budget, auto's exact search hands over to the local search, not Hypothesis.

    The sets the exact search examined, cheapest first, all fail: the answer can cost no less
    than the cost it stopped at, and the local answer costs at least that. The same input
    gives the same answer, and no Hypothesis search runs.
    """
    import negpos.scenarios._search as search

    monkeypatch.setattr(search, "AUTO_NODES", 50)
    monkeypatch.setattr(search, "find_subset", _no_hypothesis)
    lines: list[str] = []
    found = explore(june, goal=_index_at_least(0.5), progress=lines.append)
    assert "local" == found.method
    assert found.best is not None
    assert found.lower_bound is not None
    assert found.best.cost >= found.lower_bound - 1e-9
    assert _index_at_least(0.5)(found.best.after)
    assert found.proven == (found.best.cost <= found.lower_bound + 1e-9)
    assert any("switching to a local search" in line for line in lines)
    again = explore(june, goal=_index_at_least(0.5))
    assert found.to_dict() == again.to_dict()
    assert found.to_dict()["lower_bound"] == found.lower_bound
    text = found.to_markdown()
    assert "Search: local;" in text
    if not found.proven:
        assert f"no scenario costs less than {found.lower_bound:.2f}" in text


def _no_hypothesis(*args: Any) -> None:
    raise AssertionError("auto must not search with Hypothesis")


def test_the_local_search_never_beats_the_exact_one_and_is_proven_when_it_meets_the_bound(
    base: Baseline, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On the small talks the local search reaches the exact cost; proven when it meets the bound."""
    import negpos.scenarios._search as search

    for threshold in (0.5, 0.6, 0.75):
        exact = explore(base, goal=_index_at_least(threshold), method="exact")
        with monkeypatch.context() as patched:
            patched.setattr(search, "AUTO_NODES", 2)
            local = explore(base, goal=_index_at_least(threshold))
        assert exact.best is not None
        if local.method == "exact":
            # A solution came off the heap before the budget ran out: it is the cheapest.
            assert local.proven
            assert local.best is not None
            assert pytest.approx(exact.best.cost) == local.best.cost
            continue
        assert "local" == local.method
        assert local.best is not None
        assert local.best.cost >= exact.best.cost - 1e-9
        assert local.lower_bound is not None
        assert local.lower_bound <= exact.best.cost + 1e-9
        if local.proven:
            assert pytest.approx(exact.best.cost) == local.best.cost


@given(small_talks(), goals(), st.sampled_from([1, 3, 10]))
def test_law_a_stopped_search_bounds_the_cheapest_from_below_and_local_never_beats_it(
    base: Baseline, goal: object, bound: int
) -> None:
    """Cut short at any budget, the bound never exceeds the cheapest cost (brute force).

    And the local search that auto turns to never finds anything cheaper than the cheapest,
    meets the goal with what it finds, and is proven exactly when it meets the bound.
    """
    import negpos.scenarios._search as search

    moves = list(base.candidates()[:7])
    cost, _ = brute_force(base, moves, goal, None)
    plain = _plain(goal)
    cut = explore(base, goal=plain, candidates=moves, method="exact", max_nodes=bound)
    if not (cut.complete or cut.proven):
        assert cut.lower_bound is not None
        if cost is not None:
            assert cut.lower_bound <= cost + 1e-9
    with pytest.MonkeyPatch.context() as patched:
        patched.setattr(search, "AUTO_NODES", bound)
        local = explore(base, goal=plain, candidates=moves)
    if local.best is None:
        return
    assert cost is not None
    assert plain(local.best.after)
    assert local.best.cost >= cost - 1e-9
    if local.method == "local" and local.proven:
        assert pytest.approx(cost, abs=1e-9) == local.best.cost


def _plain(goal: object) -> Callable[[Comparison], bool]:
    """The goal as a plain callable, which the optimiser cannot state."""
    return lambda comparison: bool(goal(comparison))  # type: ignore[operator]
