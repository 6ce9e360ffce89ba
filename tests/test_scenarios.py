"""Baselines and scenarios: applying moves to a round, the new comparison, costs and deltas."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import negpos
import negpos.strategies as nst
from negpos import BooleanStance, Firmness, NotFoundError, SetStance, Status
from negpos.scenarios import (
    AcceptOutcome,
    AddRequirement,
    AdoptStance,
    Baseline,
    DropProhibition,
    DropRequirement,
    MoveError,
    RelaxRedLine,
    Scenario,
    WidenRange,
)

# Hand-worked figures for this negotiation (w = mean salience, m = gap):
#   neutral  boolean  m = 1                        w = (0.8 + 0.2) / 2 = 0.5   b's red line
#   days     numeric  m = (60 - 30) / 100 = 0.3    w = (0.4 + 0.6) / 2 = 0.5
#   regions  set      m = weight(east) / 4 = 0.5   w = (1.0 + 0.5) / 2 = 0.75  a's red line
#   compatibility = (0.5 * 0 + 0.5 * 0.7 + 0.75 * 0.5) / 1.75 = 0.725 / 1.75
#   mean gap = (1 + 0.3 + 0.5) / 3 = 0.6
TALKS = """\
format: 1
title: Test talks
parties: [{id: a, name: Alpha}, {id: b, name: Beta}, {id: m, name: Mediator, role: mediator}]
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

BEFORE = 0.725 / 1.75


@pytest.fixture
def talks() -> negpos.Negotiation:
    """The hand-worked negotiation above."""
    return negpos.loads(TALKS, fmt="yaml")


@pytest.fixture
def base(talks: negpos.Negotiation) -> Baseline:
    """Alpha and Beta at round r1."""
    return Baseline.of(talks, "a", "b", round_id="r1")


def test_baseline_holds_the_comparison_of_the_round(
    talks: negpos.Negotiation, base: Baseline
) -> None:
    """A baseline compares what the two parties hold, as Negotiation.compare does."""
    assert ("a", "b") == base.parties
    assert "r1" == base.round
    assert talks.compare("a", "b", round_id="r1").to_dict() == base.comparison.to_dict()
    assert pytest.approx(BEFORE) == base.comparison.summary.compatibility
    assert pytest.approx(0.6) == base.comparison.summary.mean_gap
    assert "Alpha" == base.party_name("a")
    assert "x" == base.party_name("x")


def test_baseline_defaults_to_the_two_sides_at_their_latest_round(
    talks: negpos.Negotiation,
) -> None:
    """Without parties or round, the two parties of role party at their latest shared round."""
    assert Baseline.of(talks, "a", "b", round_id="r1") == Baseline.of(talks)


def test_baseline_refuses_one_party_twice(talks: negpos.Negotiation) -> None:
    """A scenario is about two different parties."""
    with pytest.raises(ValueError, match="two different parties"):
        Baseline.of(talks, "a", "a", round_id="r1")
    with pytest.raises(NotFoundError, match="no party 'z'"):
        Baseline.of(talks, "a", "z", round_id="r1")


def test_baseline_of_memoranda_checks_them_and_takes_names(talks: negpos.Negotiation) -> None:
    """Two memoranda make a baseline; names come from the negotiation or the caller."""
    memo_a = talks.standing("a", round_id="r1")
    memo_b = talks.standing("b", round_id="r1")
    base = Baseline.of_memoranda(memo_a, memo_b, talks)
    assert "Beta" == base.party_name("b")
    plain = Baseline.of_memoranda(memo_a, memo_b, talks.issues, names={"a": "A-side"})
    assert "A-side" == plain.party_name("a")
    assert "b" == plain.party_name("b")
    with pytest.raises(ValueError, match="both memoranda"):
        Baseline.of_memoranda(memo_a, memo_a, talks)
    with pytest.raises(negpos.InputError):
        Baseline.of_memoranda(memo_a, memo_b, talks.issues[:1])


def test_candidates_in_agenda_then_party_then_kind_order(base: Baseline) -> None:
    """Every gap gets each side's closing moves, red-line relaxations and adoptions, in order."""
    neutral_a = base.position("a", "neutral")
    neutral_b = base.position("b", "neutral")
    days_a, days_b = base.position("a", "days"), base.position("b", "days")
    regions_a, regions_b = base.position("a", "regions"), base.position("b", "regions")
    assert neutral_a is not None
    assert neutral_b is not None
    assert days_a is not None
    assert days_b is not None
    assert regions_a is not None
    assert regions_b is not None
    assert (
        AcceptOutcome("a", "neutral", False),
        AdoptStance("a", "neutral", neutral_b.stance, of="b"),
        AcceptOutcome("b", "neutral", True),
        RelaxRedLine("b", "neutral"),
        AdoptStance("b", "neutral", neutral_a.stance, of="a"),
        WidenRange("a", "days", low=30.0),
        AdoptStance("a", "days", days_b.stance, of="b"),
        WidenRange("b", "days", high=60.0),
        AdoptStance("b", "days", days_a.stance, of="a"),
        DropRequirement("a", "regions", "east"),
        RelaxRedLine("a", "regions"),
        AdoptStance("a", "regions", regions_b.stance, of="b"),
        DropProhibition("b", "regions", "east"),
        AdoptStance("b", "regions", regions_a.stance, of="a"),
    ) == base.candidates()


def test_relaxing_a_red_line_takes_it_out_of_conflict(base: Baseline) -> None:
    """Relaxing Beta's red line on neutrality costs its salience and leaves the gap."""
    scenario = Scenario.of(base, [RelaxRedLine("b", "neutral")])
    assert (0.2,) == scenario.costs
    assert 0.2 == scenario.cost
    assert -1 == scenario.delta.red_line_conflicts
    assert 0 == scenario.delta.count(Status.GAP)
    assert 0.0 == scenario.delta.compatibility
    assert ("regions",) == tuple(c.issue.id for c in scenario.comparison.summary.red_line_conflicts)


def test_widening_closes_a_numeric_gap(base: Baseline) -> None:
    """Alpha accepting 30 days and more closes the days gap: compatibility 0.875 / 1.75."""
    scenario = Scenario.of(base, [WidenRange("a", "days", low=30)])
    summary = scenario.comparison.summary
    assert pytest.approx(0.5) == summary.compatibility
    assert pytest.approx(0.5 - BEFORE) == scenario.delta.compatibility
    assert pytest.approx(-0.1) == scenario.delta.mean_gap
    assert -1 == scenario.delta.count("gap")
    assert 1 == scenario.delta.count(Status.OVERLAP)
    assert 0 == scenario.delta.red_line_conflicts
    assert 0.4 == scenario.cost


def test_costs_are_priced_on_the_position_before_any_move(base: Baseline) -> None:
    """Dropping a red-line item costs three times the salience even after the red line goes."""
    scenario = Scenario.of(
        base, [RelaxRedLine("a", "regions"), DropRequirement("a", "regions", "east")]
    )
    assert (1.0, 3.0) == scenario.costs
    assert 4.0 == scenario.cost
    moved = scenario.comparison.issue("regions").position_a
    assert moved is not None
    assert SetStance(requires=("north",)) == moved.stance
    assert Firmness.FIRM is moved.firmness


def test_moves_on_one_position_apply_in_order(base: Baseline) -> None:
    """Adding then dropping a requirement works; the other way round is refused."""
    add, drop = AddRequirement("a", "regions", "south"), DropRequirement("a", "regions", "south")
    scenario = Scenario.of(base, [add, drop])
    assert base.comparison.to_dict() == scenario.comparison.to_dict()
    with pytest.raises(MoveError, match="does not say so"):
        Scenario.of(base, [drop, add])


def test_bad_moves_are_refused_with_a_reason(base: Baseline) -> None:
    """Unknown parties and issues, missing positions and free moves are refused."""
    with pytest.raises(NotFoundError, match="not one of the parties"):
        Scenario.of(base, [RelaxRedLine("m", "neutral")])
    with pytest.raises(NotFoundError, match="no issue 'nowhere'"):
        Scenario.of(base, [AcceptOutcome("a", "nowhere", True)])
    with pytest.raises(MoveError, match="Beta holds no position on Venue in Istanbul"):
        Scenario.of(base, [AcceptOutcome("b", "venue", True)])
    with pytest.raises(MoveError, match="costs must be positive"):
        Scenario.of(base, [RelaxRedLine("b", "neutral")], cost=lambda move, position: 0.0)


def test_a_scenario_without_moves_changes_nothing(base: Baseline) -> None:
    """No moves: no cost, no change, the baseline's own comparison."""
    scenario = Scenario.of(base, [])
    assert 0.0 == scenario.cost
    assert base.comparison is scenario.comparison
    assert 0.0 == scenario.delta.compatibility
    assert all(0 == n for _, n in scenario.delta.counts)


def test_a_custom_cost_prices_each_move(base: Baseline) -> None:
    """A cost function sees the move and the mover's position before any move."""
    seen: list[tuple[str, float]] = []

    def per_move(move: object, position: negpos.Position) -> float:
        seen.append((position.issue, position.salience))
        return 1.0

    scenario = Scenario.of(
        base, [RelaxRedLine("b", "neutral"), WidenRange("a", "days", low=30)], cost=per_move
    )
    assert 2.0 == scenario.cost
    assert [("neutral", 0.2), ("days", 0.4)] == seen


def test_scenario_to_dict_is_json_ready(base: Baseline) -> None:
    """A scenario's dictionary lists the moves with costs and readable descriptions."""
    data = Scenario.of(base, [RelaxRedLine("b", "neutral")]).to_dict()
    assert data == json.loads(json.dumps(data))
    assert "Beta relaxes its red line on Neutral status to firm" == data["moves"][0]["description"]
    assert 0.2 == data["moves"][0]["cost"]
    assert -1 == data["delta"]["red_line_conflicts"]
    assert ["neutral", "regions"] == data["before"]["red_line_conflicts"]
    assert ["regions"] == data["after"]["red_line_conflicts"]
    assert ("Beta relaxes its red line on Neutral status to firm",) == Scenario.of(
        base, [RelaxRedLine("b", "neutral")]
    ).describe()


def test_groups_of_alternatives_stay_as_tabled() -> None:
    """On the June 2025 round, Russia's two ceasefire options are still compared after moves."""
    base = Baseline.of(negpos.bundled(), "ru", "ua", round_id="istanbul-2")
    scenario = Scenario.of(
        base, [AdoptStance("ua", "security.neutrality", BooleanStance(accepts=(True,)), of="ru")]
    )
    assert ["ceasefire-conditions"] == [g.group for g in scenario.comparison.alternatives]
    assert -1 == scenario.delta.red_line_conflicts
    assert 93 == len(base.candidates())


def _agenda_and_memoranda() -> st.SearchStrategy[tuple[tuple[negpos.Issue, ...], Any, Any]]:
    return nst.agendas().flatmap(
        lambda agenda: st.tuples(
            st.just(agenda), nst.memoranda(agenda, "a"), nst.memoranda(agenda, "b")
        )
    )


@given(_agenda_and_memoranda(), st.data())
def test_patching_a_comparison_with_options_twice_equals_comparing_from_scratch(
    case: tuple[tuple[negpos.Issue, ...], Any, Any], data: st.DataObject
) -> None:
    """With alternatives, the patched main reading serves try after try without drifting."""
    agenda, memo_a, memo_b = case
    if not (memo_a.alternatives or memo_b.alternatives):
        memo_a = data.draw(nst.memoranda(agenda, "a").filter(lambda m: bool(m.alternatives)))
    base = Baseline.of_memoranda(memo_a, memo_b, agenda)
    offered = base.candidates()
    for _ in range(2):
        chosen = data.draw(
            st.lists(st.sampled_from(offered), max_size=4) if offered else st.just([])
        )
        try:
            moved = base.moved_positions(chosen)
        except MoveError:
            continue
        assert negpos.compare(*base.memoranda_after(moved), agenda) == base.compare_after(moved)


@given(_agenda_and_memoranda(), st.data())
def test_comparing_after_moves_equals_comparing_from_scratch(
    case: tuple[tuple[negpos.Issue, ...], Any, Any], data: st.DataObject
) -> None:
    """Redoing only the moved issues gives the comparison a fresh compare would give."""
    agenda, memo_a, memo_b = case
    base = Baseline.of_memoranda(memo_a, memo_b, agenda)
    offered = base.candidates()
    chosen = data.draw(st.lists(st.sampled_from(offered), max_size=4) if offered else st.just([]))
    try:
        moved = base.moved_positions(chosen)
    except MoveError:
        return
    scratch = negpos.compare(*base.memoranda_after(moved), agenda)
    patched = base.compare_after(moved)
    assert scratch == patched
    assert hash(scratch) == hash(patched)
    assert scratch.summary.red_line_count == len(patched.summary.red_line_conflicts)
    assert all(patched.issue(c.issue.id) == c for c in scratch.rows)
    if memo_a.alternatives or memo_b.alternatives:
        # Options shape the headline now: dropping them changes the summary by design.
        return
    lean = negpos.compare(*base.memoranda_after(moved, alternatives=False), agenda)
    # Without alternatives, only the marks of issues also offered in options may differ.
    quick = base.compare_after(moved, alternatives=False).summary
    assert (lean.summary.counts, lean.summary.compatibility, lean.summary.mean_gap) == (
        quick.counts,
        quick.compatibility,
        quick.mean_gap,
    )
    assert [g.issue.id for g in lean.summary.gaps] == [g.issue.id for g in quick.gaps]
    assert [(c.issue.id, c.status, c.magnitude) for c in lean.rows] == [
        (c.issue.id, c.status, c.magnitude)
        for c in base.compare_after(moved, alternatives=False).rows
    ]
