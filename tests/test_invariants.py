"""Invariant checks over generated scenarios, and the scenario strategy for users' tests."""

from __future__ import annotations

import datetime as dt
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import negpos
from negpos import Memorandum, Negotiation, NotFoundError, Party, Round
from negpos import strategies as nst
from negpos.scenarios import (
    Baseline,
    RelaxRedLine,
    Scenario,
    always,
    check,
    compatibility_at_least,
    issue_compatible,
    never,
    no_red_line_conflicts,
    scenarios,
)

JUNE = ("ru", "ua")
RECOGNITION = "territory.recognition"


@pytest.fixture(scope="module")
def june() -> Baseline:
    """Russia and Ukraine at the June 2025 round of the bundled dataset."""
    return Baseline.of(negpos.bundled(), *JUNE, round_id="istanbul-2")


def test_russia_keeping_its_recognition_demand_still_allows_no_red_line_conflicts(
    june: Baseline,
) -> None:
    """The claim "if Russia keeps its recognition demand, some red line stays in conflict" fails.

    Ukraine can give way on recognition itself, dearest of all on a red line: adopting
    Russia's stance (0.7 x 3 = 2.1) instead of both sides relaxing (1.6) makes the cheapest
    counterexample cost 9.2 - 1.6 + 2.1 = 9.7, in 11 moves.
    """
    claim = never(no_red_line_conflicts())
    found = check(june, invariant=claim, keeping=[("ru", RECOGNITION)])
    assert found is not None
    assert not claim(found)
    assert pytest.approx(9.7) == found.cost
    assert 11 == len(found.moves)
    on_recognition = [m for m in found.moves if m.issue == RECOGNITION]
    assert [("ua", "adopt_stance")] == [(m.party, m.kind) for m in on_recognition]


def test_a_random_search_shrinks_its_counterexample(june: Baseline) -> None:
    """A claim checked on random scenarios comes back shrunk: no move of it can be spared."""

    def claim(scenario: Scenario) -> bool:
        """Fewer than three gaps close."""
        return scenario.delta.count("gap") > -3

    found = check(june, invariant=claim)
    assert found is not None
    assert not claim(found)
    assert 3 == len(found.moves)
    for k in range(len(found.moves)):
        assert claim(Scenario.of(june, found.moves[:k] + found.moves[k + 1 :]))


def test_the_counterexample_is_reproducible(june: Baseline) -> None:
    """The same check on random scenarios gives the same counterexample every time."""

    def claim(scenario: Scenario) -> bool:
        """The compatibility index stays below 0.3."""
        return (scenario.comparison.summary.compatibility or 0.0) < 0.3

    first = check(june, invariant=claim)
    second = check(june, invariant=claim)
    assert first is not None
    assert second is not None
    assert first.moves == second.moves


def test_never_is_checked_by_the_search(june: Baseline) -> None:
    """A "never" claim gets the cheapest counterexample: Ukraine adopts Russia's stance."""
    found = check(
        june, invariant=never(issue_compatible(RECOGNITION)), keeping=[("ru", RECOGNITION)]
    )
    assert found is not None
    assert [("ua", RECOGNITION, "adopt_stance")] == [
        (m.party, m.issue, m.kind) for m in found.moves
    ]
    assert pytest.approx(2.1) == found.cost


def test_an_invariant_that_holds_gives_none(june: Baseline) -> None:
    """Concessions never lower the compatibility index: no counterexample turns up."""
    assert None is check(
        june,
        invariant=lambda s: s.delta.compatibility is not None and s.delta.compatibility >= 0,
        max_examples=100,
    )


def test_keeping_both_sides_still_leaves_only_their_own_moves(june: Baseline) -> None:
    """With both sides keeping recognition, nothing makes recognition compatible."""
    assert None is check(
        june,
        invariant=never(issue_compatible(RECOGNITION)),
        keeping=[("ru", RECOGNITION), ("ua", RECOGNITION)],
        max_examples=50,
    )


def test_check_refuses_bad_arguments(june: Baseline) -> None:
    """Keeping an unknown party or issue, or giving no invariant, is an error."""
    with pytest.raises(NotFoundError):
        check(june, invariant=always(no_red_line_conflicts()), keeping=[("us", RECOGNITION)])
    with pytest.raises(NotFoundError):
        check(june, invariant=always(no_red_line_conflicts()), keeping=[("ru", "nowhere")])
    with pytest.raises(ValueError, match="invariant"):
        check(june, invariant=None)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="leave out"):
        check(june, "istanbul-2", invariant=always(no_red_line_conflicts()))


def test_never_and_always_describe_themselves() -> None:
    """Invariants built from goals read as the goal with "never" or "always"."""
    assert "never: no red line in conflict" == never(no_red_line_conflicts()).describe()  # type: ignore[attr-defined]
    assert (
        "always: compatibility index at least 0.30"
        == always(  # type: ignore[attr-defined]
            compatibility_at_least(0.3)
        ).describe()
    )


@settings(max_examples=30)
@given(
    scenarios(
        negpos.bundled(), *JUNE, round_id="istanbul-2", keeping=[("ru", RECOGNITION)], max_moves=6
    )
)
def test_the_strategy_draws_scenarios_of_candidate_moves(scenario: Scenario) -> None:
    """Drawn scenarios respect what is kept and the bound, and their figures add up."""
    assert len(scenario.moves) <= 6
    assert all((m.party, m.issue) != ("ru", RECOGNITION) for m in scenario.moves)
    assert math.fsum(scenario.costs) == pytest.approx(scenario.cost)
    before, after = scenario.before.summary, scenario.comparison.summary
    assert before.compatibility is not None
    assert after.compatibility is not None
    assert pytest.approx(after.compatibility - before.compatibility) == scenario.delta.compatibility
    assert 0 == sum(n for _, n in scenario.delta.counts)


@st.composite
def generated(draw: st.DrawFn) -> Baseline:
    """Two parties with positions on every issue of a small generated agenda."""
    agenda = draw(nst.agendas(1, 4))
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


@given(generated().flatmap(lambda base: scenarios(base)))
def test_candidate_moves_never_make_things_worse(scenario: Scenario) -> None:
    """Any set of candidate moves keeps or raises compatibility and never adds a red-line gap."""
    assert scenario.delta.compatibility is None or scenario.delta.compatibility >= -1e-12
    assert scenario.delta.mean_gap is None or scenario.delta.mean_gap <= 1e-12
    assert scenario.delta.red_line_conflicts <= 0
    assert scenario.delta.count("gap") <= 0


def test_relaxing_alone_never_closes_a_gap(june: Baseline) -> None:
    """Relaxing every red line leaves every gap open: only the red-line count falls."""
    relax = [m for m in june.candidates() if isinstance(m, RelaxRedLine)]
    scenario = Scenario.of(june, relax)
    assert 0 == scenario.delta.count("gap")
    assert 0.0 == scenario.delta.compatibility
    assert -9 == scenario.delta.red_line_conflicts
