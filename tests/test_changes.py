"""Changes between rounds: movement rules, attribute changes, change sets and their laws."""

from __future__ import annotations

import itertools
import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import negpos
from negpos import (
    BooleanIssue,
    BooleanStance,
    CategoricalIssue,
    CategoricalStance,
    Firmness,
    Issue,
    Kind,
    Memorandum,
    Movement,
    NumericIssue,
    NumericStance,
    OrdinalIssue,
    OrdinalStance,
    Position,
    SequenceIssue,
    SequenceStance,
    SetIssue,
    SetStance,
    Source,
    Stance,
    TextIssue,
    TextStance,
)
from negpos import strategies as nst
from negpos._analysis.changes import classify
from negpos._analysis.kinds import magnitude
from negpos._analysis.rawdiff import raw_diff

CONCESSION, HARDENING, LATERAL = Movement.CONCESSION, Movement.HARDENING, Movement.LATERAL
UNCHANGED, ADDED, DROPPED = Movement.UNCHANGED, Movement.ADDED, Movement.DROPPED


def _issue(cls: type[Issue], **fields: Any) -> Any:
    return cls.model_validate({"title": fields.get("id", "issue"), **fields})


LEASE = _issue(NumericIssue, id="lease", unit="years", bounds=[5, 60])
NEUTRAL = _issue(BooleanIssue, id="neutral")
MONITORS = _issue(CategoricalIssue, id="monitors", options=["un", "osce", "joint", "none"])
MEETING = _issue(
    OrdinalIssue, id="meeting", levels=["to_negotiate", "after_agreements", "to_sign_only"]
)
REGIONS = _issue(SetIssue, id="regions", items=["c", "d", "l"])
ORDER = _issue(SequenceIssue, id="order", steps=["truce", "talks", "vote"])
PREAMBLE = _issue(TextIssue, id="preamble")
AGENDA = (LEASE, NEUTRAL, MONITORS, MEETING, REGIONS, ORDER, PREAMBLE)


def _move(
    issue: Issue, before: Stance | None, after: Stance | None, reference: Stance | None
) -> tuple[Movement, float | None, float | None]:
    move, d0, d1 = classify(issue, before, after, reference)
    return move, None if d0 is None else round(d0, 6), None if d1 is None else round(d1, 6)


# --- the movement rules, worked by hand -------------------------------------------------------


def test_numeric_concession_measured_against_the_fixed_reference() -> None:
    """The concepts page's example: at most 25 years to at most 30, against at least 35, is a concession."""
    # Span 55 years: the gap shrinks from (35 - 25) / 55 to (35 - 30) / 55.
    assert (CONCESSION, round(10 / 55, 6), round(5 / 55, 6)) == _move(
        LEASE, NumericStance(max=25), NumericStance(max=30), NumericStance(min=35)
    )


def test_numeric_hardening_when_the_gap_grows() -> None:
    """Moving from at most 30 to at most 25 against at least 35 widens the gap: a hardening."""
    assert (HARDENING, round(5 / 55, 6), round(10 / 55, 6)) == _move(
        LEASE, NumericStance(max=30), NumericStance(max=25), NumericStance(min=35)
    )


def test_widening_at_an_equal_distance_is_a_concession() -> None:
    """Accepting more outcomes while still compatible is a concession; accepting fewer a hardening."""
    assert (CONCESSION, 0.0, 0.0) == _move(
        LEASE, NumericStance(min=10, max=20), NumericStance(min=10, max=25), NumericStance(min=15)
    )
    assert (HARDENING, 0.0, 0.0) == _move(
        LEASE, NumericStance(min=10, max=25), NumericStance(min=10, max=20), NumericStance(min=15)
    )


def test_a_larger_zone_with_the_counterpart_is_a_concession() -> None:
    """[10, 20] to [15, 30] against at least 18: neither wider nor narrower, but the zone grows."""
    # The zone with the reference grows from [18, 20] to [18, 30].
    assert (CONCESSION, 0.0, 0.0) == _move(
        LEASE, NumericStance(min=10, max=20), NumericStance(min=15, max=30), NumericStance(min=18)
    )
    assert (HARDENING, 0.0, 0.0) == _move(
        LEASE, NumericStance(min=15, max=30), NumericStance(min=10, max=20), NumericStance(min=18)
    )


def test_widening_while_still_incompatible_is_a_concession() -> None:
    """Accepting another option the counterpart rejects too keeps the gap but widens: a concession."""
    assert (CONCESSION, 1.0, 1.0) == _move(
        MONITORS,
        CategoricalStance(accepts=("un",)),
        CategoricalStance(accepts=("un", "osce")),
        CategoricalStance(accepts=("none",)),
    )


def test_boolean_switch_to_the_counterparts_answer_is_a_concession() -> None:
    """Switching from yes to no when the counterpart wants no closes a gap of 1."""
    assert (CONCESSION, 1.0, 0.0) == _move(
        NEUTRAL,
        BooleanStance(accepts=(True,)),
        BooleanStance(accepts=(False,)),
        BooleanStance(accepts=(False,)),
    )


def test_ordinal_move_away_is_a_hardening() -> None:
    """Russia's July move on the leaders' meeting: one step further from Ukraine's level."""
    # Ukraine's level is rank 0; Russia moves from rank 1 to rank 2 of 3 levels (2 steps).
    assert (HARDENING, 0.5, 1.0) == _move(
        MEETING,
        OrdinalStance(lowest="after_agreements", highest="after_agreements"),
        OrdinalStance(lowest="to_sign_only", highest="to_sign_only"),
        OrdinalStance(lowest="to_negotiate", highest="to_negotiate"),
    )


def test_set_swap_at_the_same_distance_is_lateral() -> None:
    """Forbidding d instead of c, when the counterpart requires both, keeps the gap: lateral."""
    # One of three equally weighted items is in conflict before and after.
    assert (LATERAL, round(1 / 3, 6), round(1 / 3, 6)) == _move(
        REGIONS,
        SetStance(forbids=("c",)),
        SetStance(forbids=("d",)),
        SetStance(requires=("c", "d")),
    )


def test_sequence_dropping_a_conflicting_constraint_is_a_concession() -> None:
    """Dropping 'talks before truce' against 'truce before talks' resolves the cycle."""
    # Before: truce and talks form one cycle, 1 of the 3 pairs of steps is in conflict.
    assert (CONCESSION, round(1 / 3, 6), 0.0) == _move(
        ORDER,
        SequenceStance(precedes=(("talks", "truce"),)),
        SequenceStance(),
        SequenceStance(precedes=(("truce", "talks"),)),
    )


def test_a_new_preferred_outcome_alone_is_lateral() -> None:
    """Preferring another option while accepting the same ones changes nothing accepted: lateral."""
    assert (LATERAL, 0.0, 0.0) == _move(
        MONITORS,
        CategoricalStance(accepts=("un", "osce"), preferred="un"),
        CategoricalStance(accepts=("un", "osce"), preferred="osce"),
        CategoricalStance(accepts=("osce",)),
    )


def test_the_same_set_written_differently_is_unchanged() -> None:
    """An open end and the issue's bound accept the same outcomes: unchanged."""
    assert (UNCHANGED, 0.0, 0.0) == _move(
        LEASE, NumericStance(max=30), NumericStance(min=5, max=30), NumericStance(min=20)
    )


def test_without_a_reference_only_widening_and_narrowing_count() -> None:
    """With the counterpart silent: wider is a concession, narrower a hardening, else lateral."""
    wide, narrow, other = NumericStance(min=10), NumericStance(min=20), NumericStance(max=8)
    assert (CONCESSION, None, None) == _move(LEASE, narrow, wide, None)
    assert (HARDENING, None, None) == _move(LEASE, wide, narrow, None)
    assert (LATERAL, None, None) == _move(LEASE, wide, other, None)


def test_text_positions_are_unchanged_or_lateral() -> None:
    """On a text issue a restated statement is unchanged and a new one is lateral, never measured."""
    same, other = TextStance(statement="Lasting peace."), TextStance(statement="A just peace.")
    assert (UNCHANGED, None, None) == _move(PREAMBLE, same, same, other)
    assert (LATERAL, None, None) == _move(PREAMBLE, same, other, other)


def test_added_and_dropped_carry_the_distance_they_can() -> None:
    """A new position is measured after, a dropped one before; the other side is None."""
    ref = NumericStance(min=35)
    assert (ADDED, None, round(10 / 55, 6)) == _move(LEASE, None, NumericStance(max=25), ref)
    assert (DROPPED, round(10 / 55, 6), None) == _move(LEASE, NumericStance(max=25), None, ref)


def test_classify_needs_a_stance() -> None:
    """Asking for the movement of nothing to nothing is a programming error."""
    with pytest.raises(ValueError, match="needs a stance"):
        classify(LEASE, None, None, None)


# --- change sets ------------------------------------------------------------------------------


def _memo(party: str, *positions: Position, **extra: Any) -> Memorandum:
    return Memorandum(party=party, positions=positions, **extra)


def _pos(issue: Issue, stance: Any, **extra: Any) -> Position:
    return Position(issue=issue.id, stance=stance, **extra)


SOURCE_A = Source(url="https://example.org/a")
SOURCE_B = Source(url="https://example.org/b")


def test_attribute_changes_are_reported_beside_an_unchanged_movement() -> None:
    """Relaxing a red line, changing salience, links and sources leaves the stance unchanged."""
    before = _memo(
        "city",
        _pos(
            LEASE,
            NumericStance(max=25),
            salience=0.9,
            firmness=Firmness.RED_LINE,
            links=("neutral",),
            sources=(SOURCE_A,),
        ),
    )
    after = _memo(
        "city",
        _pos(
            LEASE,
            NumericStance(max=25),
            salience=0.6,
            firmness=Firmness.FIRM,
            links=("monitors",),
            sources=(SOURCE_A, SOURCE_B),
        ),
    )
    item = negpos.changes(before, after, None, AGENDA).issue("lease")
    assert UNCHANGED is item.movement
    assert (0.9, 0.6) == (item.salience_before, item.salience_after)
    assert (Firmness.RED_LINE, Firmness.FIRM) == (item.firmness_before, item.firmness_after)
    assert (("monitors",), ("neutral",)) == (item.links_added, item.links_removed)
    assert ((SOURCE_B,), ()) == (item.sources_added, item.sources_removed)
    assert item.attributes_changed


def test_change_set_items_counts_and_lookups() -> None:
    """Items follow agenda order, one per issue either memorandum addresses, with counts."""
    before = _memo(
        "city",
        _pos(REGIONS, SetStance(forbids=("c",))),
        _pos(LEASE, NumericStance(max=25)),
        _pos(NEUTRAL, BooleanStance(accepts=(True,))),
    )
    after = _memo(
        "city",
        _pos(LEASE, NumericStance(max=30)),
        _pos(REGIONS, SetStance(forbids=("c",))),
        _pos(PREAMBLE, TextStance(statement="Peace.")),
    )
    reference = _memo("operator", _pos(LEASE, NumericStance(min=35)))
    result = negpos.changes(before, after, reference, AGENDA)
    assert [
        ("lease", CONCESSION),
        ("neutral", DROPPED),
        ("regions", UNCHANGED),
        ("preamble", ADDED),
    ] == [(i.issue.id, i.movement) for i in result.rows]
    assert ("city", "operator") == (result.party, result.counterpart)
    assert 1 == result.count("concession")
    assert {
        ADDED: 1,
        DROPPED: 1,
        Movement.INTO_OPTIONS: 0,
        UNCHANGED: 1,
        CONCESSION: 1,
        HARDENING: 0,
        LATERAL: 0,
    } == dict(result.counts)
    assert (result.issue("neutral"),) == result.where(movement=Movement.DROPPED)
    with pytest.raises(negpos.NotFoundError):
        result.issue("order")


def test_change_set_carries_the_raw_difference_and_a_patch() -> None:
    """The change set's raw records are the documents' raw difference, and its patch applies."""
    before = _memo("city", _pos(LEASE, NumericStance(max=25)))
    after = _memo("city", _pos(LEASE, NumericStance(max=30)), note="Second offer.")
    result = negpos.changes(before, after, None, AGENDA)
    assert raw_diff(before, after)[0] == result.raw
    assert ["positions[lease].stance.max", "note"] == [r.text for r in result.raw]
    assert after == negpos.apply_patch(before, result.patch)


def test_the_patch_is_a_fresh_copy_each_time() -> None:
    """Changing the patch a change set hands out does not change the change set."""
    before = _memo("city", _pos(LEASE, NumericStance(max=25)))
    result = negpos.changes(before, _memo("city"), None, AGENDA)
    result.patch["operations"].clear()
    assert result.after == negpos.apply_patch(before, result.patch)


def test_to_dict_is_json_ready() -> None:
    """The whole change set, raw records and patch included, serialises to JSON."""
    before = _memo("city", _pos(LEASE, NumericStance(max=25), sources=(SOURCE_A,)))
    after = _memo("city", _pos(LEASE, NumericStance(max=30), sources=(SOURCE_B,)))
    reference = _memo("operator", _pos(LEASE, NumericStance(min=35)))
    data = json.loads(json.dumps(negpos.changes(before, after, reference, AGENDA).to_dict()))
    item = data["rows"][0]
    assert ("concession", [{"url": "https://example.org/b"}]) == (
        item["movement"],
        item["sources_added"],
    )
    assert {"format", "from", "to", "operations", "order"} == set(data["patch"])


def test_memoranda_that_do_not_fit_are_refused() -> None:
    """Different parties, unknown issues and repeated agenda ids are all reported at once."""
    before = _memo("city", Position(issue="nowhere", stance=BooleanStance(accepts=(True,))))
    with pytest.raises(negpos.InputError) as caught:
        negpos.changes(before, _memo("operator"), None, (*AGENDA, NEUTRAL))
    assert ["agenda[7].id", "after.party", "before.positions[0].issue"] == [
        p.field for p in caught.value.problems
    ]


# --- within a negotiation ---------------------------------------------------------------------


def _negotiation(parties: list[dict[str, str]]) -> negpos.Negotiation:
    return negpos.parse(
        {
            "format": 1,
            "title": "Lease talks",
            "parties": parties,
            "issues": [
                {"id": "lease", "kind": "numeric", "title": "Lease", "unit": "years", "bounds": [5, 60]},
                {"id": "neutral", "kind": "boolean", "title": "Neutral"},
            ],
            "rounds": [
                {
                    "id": "r1",
                    "date": "2025-01-10",
                    "memoranda": [
                        {"party": "city", "positions": [
                            {"issue": "lease", "stance": {"kind": "numeric", "max": 25}},
                            {"issue": "neutral", "stance": {"kind": "boolean", "accepts": [True]}},
                        ]},
                        {"party": "operator", "positions": [
                            {"issue": "lease", "stance": {"kind": "numeric", "min": 35}},
                        ]},
                    ],
                },
                {
                    "id": "r2",
                    "date": "2025-02-10",
                    "memoranda": [
                        {"party": "city", "positions": [
                            {"issue": "lease", "stance": {"kind": "numeric", "max": 30}},
                        ]},
                        {"party": "operator", "positions": [
                            {"issue": "lease", "stance": {"kind": "numeric", "min": 28}},
                        ]},
                    ],
                },
            ],
        }
    )  # fmt: skip


TWO = [{"id": "city", "name": "City"}, {"id": "operator", "name": "Operator"}]


def test_a_negotiations_own_memoranda_give_the_same_result_as_a_checked_agenda() -> None:
    """With a negotiation as the agenda, its own memoranda give what the issue list gives."""
    neg = _negotiation(TWO)
    before, after = neg.memorandum("city", round_id="r1"), neg.memorandum("city", round_id="r2")
    reference = neg.memorandum("operator", round_id="r1")
    assert before is not None
    assert after is not None
    assert negpos.changes(before, after, reference, list(neg.issues)) == negpos.changes(
        before, after, reference, neg
    )


def test_outside_memoranda_are_checked_against_a_negotiations_agenda() -> None:
    """A memorandum the negotiation does not hold is still checked when the agenda is one."""
    neg = _negotiation(TWO)
    before = neg.memorandum("city", round_id="r1")
    assert before is not None
    after = _memo("city", Position(issue="nowhere", stance=BooleanStance(accepts=(True,))))
    with pytest.raises(negpos.InputError) as caught:
        negpos.changes(before, after, neg.memorandum("operator", round_id="r1"), neg)
    assert ["after.positions[0].issue"] == [p.field for p in caught.value.problems]


def test_a_negotiations_own_memoranda_of_different_parties_are_refused() -> None:
    """Skipping the agenda check for a negotiation's own memoranda keeps the party check."""
    neg = _negotiation(TWO)
    before, after = neg.memorandum("city", round_id="r1"), neg.memorandum("operator", round_id="r2")
    assert before is not None
    assert after is not None
    with pytest.raises(negpos.InputError) as caught:
        negpos.changes(before, after, None, neg)
    assert ["after.party"] == [p.field for p in caught.value.problems]


def test_negotiation_changes_use_standing_positions_and_the_earlier_reference() -> None:
    """The counterpart's r1 position is the reference even though it moved in r2."""
    result = _negotiation(TWO).changes("city", from_round="r1", to_round="r2")
    assert ("operator", "r1", "r2", False) == (
        result.counterpart,
        result.from_round,
        result.to_round,
        result.tabled_only,
    )
    # Against the operator's r1 floor of 35 years, not its r2 floor of 28.
    assert [("lease", CONCESSION, round(10 / 55, 6)), ("neutral", UNCHANGED, None)] == [
        (i.issue.id, i.movement, None if i.distance_before is None else round(i.distance_before, 6))
        for i in result.rows
    ]


def test_tabled_only_drops_what_the_later_memorandum_does_not_restate() -> None:
    """With tabled_only, a position not tabled again is dropped rather than standing."""
    result = _negotiation(TWO).changes("city", from_round="r1", to_round="r2", tabled_only=True)
    assert [("lease", CONCESSION), ("neutral", DROPPED)] == [
        (i.issue.id, i.movement) for i in result.rows
    ]


def test_the_counterpart_defaults_to_the_other_side() -> None:
    """Two parties: the other one; more: the only other party of role party, or name it."""
    mediated = [*TWO, {"id": "broker", "name": "Broker", "role": "mediator"}]
    assert (
        "operator"
        == _negotiation(mediated).changes("city", from_round="r1", to_round="r2").counterpart
    )
    with pytest.raises(negpos.NegposError, match="name the counterpart"):
        _negotiation(mediated).changes("broker", from_round="r1", to_round="r2")
    assert (
        "city"
        == _negotiation(mediated)
        .changes("broker", from_round="r1", to_round="r2", counterpart="city")
        .counterpart
    )
    crowded = [*TWO, {"id": "third", "name": "Third"}]
    with pytest.raises(negpos.NegposError, match="name the counterpart"):
        _negotiation(crowded).changes("city", from_round="r1", to_round="r2")


def test_rounds_must_run_forward_and_exist() -> None:
    """A later round before an earlier one, or an unknown round or party, is refused."""
    neg = _negotiation(TWO)
    with pytest.raises(negpos.NegposError, match="comes before"):
        neg.changes("city", from_round="r2", to_round="r1")
    with pytest.raises(negpos.NotFoundError):
        neg.changes("city", from_round="r1", to_round="r9")
    with pytest.raises(negpos.NotFoundError):
        neg.changes("nobody", from_round="r1", to_round="r2", counterpart="city")


# --- the bundled dataset: worked examples -----------------------------------------------------


def _by_movement(result: negpos.ChangeSet) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for item in result.rows:
        found.setdefault(item.movement.value, set()).add(item.issue.id)
    return found


def test_ukraine_from_istanbul_1_to_istanbul_2() -> None:
    """Ukraine's June memorandum adds 23 positions and restates its May five unchanged, firmer."""
    result = negpos.bundled().changes(
        "ua", from_round="istanbul-1", to_round="istanbul-2", counterpart="ru"
    )
    assert {
        "unchanged": {
            "ceasefire.precondition",
            "ceasefire.duration",
            "territory.recognition",
            "territory.withdrawal",
            "process.leaders_meeting",
        },
        "added": {
            "ceasefire.scope", "ceasefire.monitoring", "humanitarian.children",
            "humanitarian.prisoners", "humanitarian.civilians", "settlement.principles",
            "security.guarantees", "process.mediators_at_table", "security.neutrality",
            "security.nato", "economy.eu_membership", "security.force_limits",
            "security.army_size", "security.foreign_troops", "territory.recognition_form",
            "territory.baseline", "economy.sanctions", "economy.frozen_assets",
            "economy.reparations", "settlement.sequence", "security.treaties",
            "security.non_nuclear", "society.language",
        },
    } == _by_movement(result)  # fmt: skip
    precondition = result.issue("ceasefire.precondition")
    assert (Firmness.FIRM, Firmness.RED_LINE) == (
        precondition.firmness_before,
        precondition.firmness_after,
    )
    # Unconditional against Russia's withdrawal precondition: a full gap, before and after.
    assert (1.0, 1.0) == (precondition.distance_before, precondition.distance_after)
    duration = result.issue("ceasefire.duration")
    assert (Firmness.FLEXIBLE, Firmness.FIRM, None) == (
        duration.firmness_before,
        duration.firmness_after,
        duration.distance_before,
    )


def test_ukraine_from_istanbul_2_to_istanbul_3() -> None:
    """In July Ukraine adds strikes on infrastructure to the ceasefire's scope: a hardening."""
    result = negpos.bundled().changes(
        "ua", from_round="istanbul-2", to_round="istanbul-3", counterpart="ru"
    )
    moved = {k: v for k, v in _by_movement(result).items() if k != "unchanged"}
    assert {"hardening": {"ceasefire.scope"}, "added": {"process.working_groups"}} == moved
    scope = result.issue("ceasefire.scope")
    # Russia stated nothing on the scope, so the move is judged by narrowing alone.
    assert (None, None, None) == (scope.reference, scope.distance_before, scope.distance_after)
    assert (0.9, 0.7) == (scope.salience_before, scope.salience_after)
    meeting = result.issue("process.leaders_meeting")
    assert (UNCHANGED, 0.7, 0.9) == (
        meeting.movement,
        meeting.salience_before,
        meeting.salience_after,
    )


def test_russia_from_istanbul_1_to_istanbul_2() -> None:
    """Russia's June memorandum adds 19 positions and hardens nothing it said in May.

    Its May precondition for a ceasefire (withdrawal) is now one of two options: the June
    options supersede it.
    """
    result = negpos.bundled().changes(
        "ru", from_round="istanbul-1", to_round="istanbul-2", counterpart="ua"
    )
    assert {
        "into_options": {"ceasefire.precondition"},
        "unchanged": {
            "territory.withdrawal", "territory.recognition",
            "security.neutrality", "security.foreign_troops", "security.non_nuclear",
            "economy.reparations", "process.mediators_at_table", "process.leaders_meeting",
        },
        "added": {
            "territory.recognition_form", "territory.baseline", "security.nato",
            "security.treaties", "security.force_limits", "security.nationalist_units",
            "society.language", "politics.nazism_ban", "economy.bilateral_sanctions",
            "humanitarian.family_reunification", "society.church", "economy.relations",
            "economy.russian_business", "settlement.sequence", "ceasefire.duration",
            "settlement.oversight", "humanitarian.local_truces", "humanitarian.bodies",
            "humanitarian.children",
        },
    } == _by_movement(result)  # fmt: skip
    recognition = result.issue("territory.recognition")
    assert (
        (0.7, 0.9),
        (Firmness.FIRM, Firmness.RED_LINE),
        ("territory.recognition_form",),
        (1.0, 1.0),
    ) == (
        (recognition.salience_before, recognition.salience_after),
        (recognition.firmness_before, recognition.firmness_after),
        recognition.links_added,
        (recognition.distance_before, recognition.distance_after),
    )


def test_russia_from_istanbul_2_to_istanbul_3() -> None:
    """In July Russia wants the leaders to meet only to sign: a hardening against Ukraine's wish."""
    result = negpos.bundled().changes(
        "ru", from_round="istanbul-2", to_round="istanbul-3", counterpart="ua"
    )
    moved = {k: v for k, v in _by_movement(result).items() if k != "unchanged"}
    assert {
        "hardening": {"process.leaders_meeting"},
        "added": {"humanitarian.civilians", "process.working_groups"},
    } == moved
    meeting = result.issue("process.leaders_meeting")
    # Three levels, two steps: from one step away from Ukraine's level to two.
    assert (0.5, 1.0) == (meeting.distance_before, meeting.distance_after)


def test_russia_tabled_in_july_what_it_restated_only() -> None:
    """Comparing only the documents tabled, Russia's July statements drop most of June's memorandum."""
    result = negpos.bundled().changes(
        "ru", from_round="istanbul-2", to_round="istanbul-3", counterpart="ua", tabled_only=True
    )
    found = _by_movement(result)
    # The leaders' meeting was not in the June document (Russia's May word on it stood), so
    # against the June documents alone it is new rather than a hardening.
    assert {"added", "unchanged", "dropped"} == set(found)
    assert {"humanitarian.civilians", "process.working_groups", "process.leaders_meeting"} == (
        found["added"]
    )
    assert {"humanitarian.local_truces", "humanitarian.bodies", "humanitarian.children"} == (
        found["unchanged"]
    )
    # The June memorandum's 25 main positions less the three restated.
    assert 22 == len(found["dropped"])


def test_the_us_plan_from_the_28_points_to_geneva() -> None:
    """At Geneva the US drops the army cap, binding force limits and the amnesty; the rest stands."""
    neg = negpos.bundled()
    result = neg.changes("us", from_round="us-28-points", to_round="geneva", counterpart="ua")
    found = _by_movement(result)
    assert {"dropped", "unchanged"} == set(found)
    assert {"security.army_size", "security.force_limits", "politics.amnesty"} == found["dropped"]
    plan = neg.memorandum("us", round_id="us-28-points")
    assert plan is not None
    assert {p.issue for p in plan.positions} - found["dropped"] == found["unchanged"]
    army = result.issue("security.army_size")
    # 600,000 against Ukraine's "no cap" (1,200,000) on a linear scale from 50,000.
    assert (round(600_000 / 1_150_000, 9), None) == (
        round(army.distance_before or 0.0, 9),
        army.distance_after,
    )
    assert (1.0, None) == (
        result.issue("security.force_limits").distance_before,
        result.issue("politics.amnesty").distance_before,
    )
    # Standing positions are compared: the raw difference is the round and the three positions.
    assert [
        ("round", "changed"),
        ("positions[security.force_limits]", "removed"),
        ("positions[security.army_size]", "removed"),
        ("positions[politics.amnesty]", "removed"),
    ] == [(r.text, r.kind.value) for r in result.raw]


# --- laws -------------------------------------------------------------------------------------


def _outcomes(issue: Issue, stance: Stance) -> frozenset[Any]:
    """Every outcome a stance accepts, enumerated: the movement rules' independent oracle."""
    if isinstance(issue, BooleanIssue):
        assert isinstance(stance, BooleanStance)
        return frozenset(stance.accepts)
    if isinstance(issue, CategoricalIssue):
        assert isinstance(stance, CategoricalStance)
        return frozenset(stance.accepts)
    if isinstance(issue, OrdinalIssue):
        assert isinstance(stance, OrdinalStance)
        return frozenset(range(issue.rank(stance.lowest), issue.rank(stance.highest) + 1))
    if isinstance(issue, SetIssue):
        assert isinstance(stance, SetStance)
        items = [i.id for i in issue.items]
        subsets = itertools.chain.from_iterable(
            itertools.combinations(items, n) for n in range(len(items) + 1)
        )
        return frozenset(
            s
            for s in map(frozenset, subsets)
            if s.issuperset(stance.requires) and s.isdisjoint(stance.forbids)
        )
    assert isinstance(issue, SequenceIssue)
    assert isinstance(stance, SequenceStance)
    return frozenset(
        order
        for order in itertools.permutations(s.id for s in issue.steps)
        if all(order.index(a) < order.index(b) for a, b in stance.precedes)
    )


def _interval(issue: NumericIssue, stance: Stance) -> tuple[float, float]:
    assert isinstance(stance, NumericStance)
    return stance.interval(issue)


def _wider(issue: Issue, new: Stance, old: Stance, within: Stance | None = None) -> bool:
    """Whether ``new`` accepts strictly more than ``old`` (within ``within``'s outcomes)."""
    if isinstance(issue, NumericIssue):
        (lo_n, hi_n), (lo_o, hi_o) = _interval(issue, new), _interval(issue, old)
        if within is not None:
            lo_w, hi_w = _interval(issue, within)
            lo_n, hi_n, lo_o, hi_o = (
                max(lo_n, lo_w),
                min(hi_n, hi_w),
                max(lo_o, lo_w),
                min(hi_o, hi_w),
            )
            if lo_o > hi_o:
                return lo_n <= hi_n
            if lo_n > hi_n:
                return False
        return lo_n <= lo_o and hi_o <= hi_n and (lo_n, hi_n) != (lo_o, hi_o)
    n, o = _outcomes(issue, new), _outcomes(issue, old)
    if within is not None:
        w = _outcomes(issue, within)
        n, o = n & w, o & w
    return n > o


_COMPARABLE: list[Kind] = [k for k in Kind if k is not Kind.TEXT]

Case = tuple[Issue, Stance, Stance, Stance]


def _cases(kinds: list[Kind]) -> st.SearchStrategy[Case]:
    def small(issue: Issue) -> bool:
        return len(issue.elements()) <= 5

    return (
        nst.issues(kinds)
        .filter(small)
        .flatmap(lambda i: st.tuples(st.just(i), nst.stances(i), nst.stances(i), nst.stances(i)))
    )


@given(_cases(_COMPARABLE))
def test_law_concession_exactly_when_closer_or_wider_toward_the_reference(case: Case) -> None:
    """A move is a concession exactly when the gap to the fixed reference shrank, or held while the set widened.

    "Widened" means the acceptable set, or its part shared with the reference, strictly grew.
    """
    issue, before, after, reference = case
    move, d0, d1 = classify(issue, before, after, reference)
    assert d0 is not None
    assert d1 is not None
    expected = d1 < d0 or (
        d1 == d0
        and (_wider(issue, after, before) or _wider(issue, after, before, within=reference))
    )
    assert expected == (move is CONCESSION)


@given(_cases(_COMPARABLE))
def test_law_hardening_mirrors_concession(case: Case) -> None:
    """Undoing a move swaps concession and hardening; unchanged and lateral stay as they are."""
    issue, before, after, reference = case
    forward = classify(issue, before, after, reference)[0]
    backward = classify(issue, after, before, reference)[0]
    mirror = {CONCESSION: HARDENING, HARDENING: CONCESSION, UNCHANGED: UNCHANGED, LATERAL: LATERAL}
    assert mirror[forward] == backward


@given(_cases(_COMPARABLE))
def test_law_without_a_reference_only_the_acceptable_set_counts(case: Case) -> None:
    """With no reference, concession means strictly wider and hardening strictly narrower."""
    issue, before, after, _ = case
    move = classify(issue, before, after, None)[0]
    assert (_wider(issue, after, before), _wider(issue, before, after)) == (
        move is CONCESSION,
        move is HARDENING,
    )


@given(_cases(_COMPARABLE))
def test_law_distances_are_the_gaps_to_the_reference(case: Case) -> None:
    """The distances reported are the comparison engine's gap magnitudes to the reference."""
    issue, before, after, reference = case
    _, d0, d1 = classify(issue, before, after, reference)
    assert (magnitude(issue, before, reference), magnitude(issue, after, reference)) == (d0, d1)


def _light_memo(draw: st.DrawFn, agenda: tuple[Issue, ...], party: str) -> Memorandum:
    """A memorandum of main positions only: quick to draw, enough for the movement laws."""
    chosen = [i for i in agenda if draw(st.booleans())]
    return Memorandum(party=party, positions=tuple(draw(nst.positions(i, agenda)) for i in chosen))


Memos = tuple[tuple[Issue, ...], Memorandum, Memorandum, Memorandum]


@st.composite
def _agenda_and_memos(draw: st.DrawFn) -> Memos:
    """An agenda, a party's two memoranda on it and a counterpart's memorandum."""
    agenda = draw(nst.agendas(1, 5))
    return (
        agenda,
        _light_memo(draw, agenda, "a"),
        _light_memo(draw, agenda, "a"),
        _light_memo(draw, agenda, "b"),
    )


@given(_agenda_and_memos())
def test_law_a_memorandum_against_itself_is_all_unchanged(case: Memos) -> None:
    """changes(m, m) is unchanged on every issue and its raw difference and patch are empty."""
    agenda, memo, _, reference = case
    result = negpos.changes(memo, memo, reference, agenda)
    assert [UNCHANGED] * len(memo.positions) == [i.movement for i in result.rows]
    assert () == result.raw
    assert ([], [], result.patch["from"]) == (
        result.patch["operations"],
        result.patch["order"],
        result.patch["to"],
    )


@given(_agenda_and_memos())
def test_law_the_change_set_patch_turns_before_into_after(case: Memos) -> None:
    """Applying a change set's patch to its earlier memorandum gives the later one exactly."""
    agenda, before, after, reference = case
    result = negpos.changes(before, after, reference, agenda)
    assert after == negpos.apply_patch(result.before, json.loads(json.dumps(result.patch)))


@given(_agenda_and_memos())
def test_law_the_change_set_patch_refuses_any_other_memorandum(case: Memos) -> None:
    """A change set's patch applied to any memorandum but its earlier one raises InputError."""
    agenda, before, after, reference = case
    result = negpos.changes(before, after, reference, agenda)
    for other in (after, reference):
        if other != before:
            with pytest.raises(negpos.InputError, match="made from another memorandum"):
                negpos.apply_patch(other, result.patch)


@given(_agenda_and_memos())
def test_law_each_row_carries_its_share_of_the_raw_difference(case: Memos) -> None:
    """A row's raw records are the change set's records under that position's path."""
    agenda, before, after, reference = case
    result = negpos.changes(before, after, reference, agenda)
    for row in result.rows:
        mine = tuple(r for r in result.raw if r.path[:2] == ("positions", row.issue.id))
        assert mine == row.raw


@given(_agenda_and_memos())
def test_law_items_are_the_issues_either_side_addresses(case: Memos) -> None:
    """There is one item per issue of either memorandum's main positions, in agenda order."""
    agenda, before, after, reference = case
    result = negpos.changes(before, after, reference, agenda)
    stated = {p.issue for p in before.positions} | {p.issue for p in after.positions}
    assert [i.id for i in agenda if i.id in stated] == [c.issue.id for c in result.rows]


@given(_agenda_and_memos())
def test_law_attributes_never_change_the_movement(case: Memos) -> None:
    """New salience, firmness, links and sources on the later positions leave every movement alone."""
    agenda, before, after, reference = case
    restyled = Memorandum(
        party="a",
        positions=tuple(
            Position(
                issue=p.issue, stance=p.stance, salience=1.0 - p.salience, firmness=Firmness.OPEN
            )
            for p in after.positions
        ),
    )
    plain = negpos.changes(before, after, reference, agenda)
    styled = negpos.changes(before, restyled, reference, agenda)
    assert [i.movement for i in plain.rows] == [i.movement for i in styled.rows]


def test_docstring_examples_run() -> None:
    """The examples in the changes module's docstrings give the output they show."""
    import doctest

    import negpos._analysis.changes

    assert 0 == doctest.testmod(negpos._analysis.changes).failed
