"""The bundled dataset from 2022 to 2026: the key facts of the rounds before and after 2025."""

from __future__ import annotations

import pytest

import negpos
from negpos import (
    BooleanStance,
    CategoricalStance,
    Negotiation,
    NumericStance,
    OrdinalStance,
    Position,
    SetStance,
    Status,
)
from negpos._cli.main import main


@pytest.fixture(scope="module")
def neg() -> Negotiation:
    """The bundled dataset."""
    return negpos.bundled()


def _position(neg: Negotiation, party: str, round_id: str, issue: str) -> Position:
    memo = neg.memorandum(party, round_id=round_id)
    assert memo is not None
    position = memo.position(issue)
    assert position is not None
    return position


def test_the_talks_run_from_2022_to_june_2026(neg: Negotiation) -> None:
    """The first round is the 2022 communiqué, the last June 2026; the title says so."""
    assert "Russia–Ukraine talks, 2022–2026" == neg.title
    assert ("istanbul-2022", "june-2026") == (neg.rounds[0].id, neg.rounds[-1].id)
    assert ("2022-03-29", "2026-06-04") == (str(neg.rounds[0].date), str(neg.rounds[-1].date))


def test_2022_army_caps_85000_against_250000(neg: Negotiation) -> None:
    """Russia's 2022 column caps Ukraine's army at 85,000, Ukraine's at 250,000: a gap.

    The gap is the distance between the intervals over the issue's span, 1,150,000.
    """
    ru = _position(neg, "ru", "istanbul-2022", "security.army_size").stance
    ua = _position(neg, "ua", "istanbul-2022", "security.army_size").stance
    assert isinstance(ru, NumericStance)
    assert isinstance(ua, NumericStance)
    assert (85000, 85000) == (ru.max, ru.preferred)
    assert (250000, 250000) == (ua.min, ua.preferred)
    row = neg.compare("ru", "ua", round_id="istanbul-2022").issue("security.army_size")
    assert Status.GAP is row.status
    assert (250000 - 85000) / (1200000 - 50000) == pytest.approx(row.magnitude)


def test_2022_guarantors_and_the_russian_veto(neg: Negotiation) -> None:
    """Russia wanted a veto over the guarantors' response and Belarus among them; a gap."""
    ru = _position(neg, "ru", "istanbul-2022", "security.guarantors").stance
    ua = _position(neg, "ua", "istanbul-2022", "security.guarantors").stance
    assert isinstance(ru, SetStance)
    assert isinstance(ua, SetStance)
    assert {"russia", "belarus"} <= set(ru.requires)
    assert "turkey" in ua.requires
    assert "russia" not in ua.requires
    comparison = neg.compare("ru", "ua", round_id="istanbul-2022")
    assert Status.GAP is comparison.issue("security.guarantor_veto").status
    crimea = _position(neg, "ua", "istanbul-2022", "territory.crimea_deferred")
    assert isinstance(crimea.stance, BooleanStance)
    assert (True,) == tuple(crimea.stance.accepts)
    assert "15 years" in (crimea.note or "")


def test_2022_neutrality_is_offered_only_for_article5_like_guarantees(neg: Negotiation) -> None:
    """Ukraine's 2022 neutrality holds only with guarantees mirroring Article 5."""
    (condition,) = _position(neg, "ua", "istanbul-2022", "security.neutrality").conditions
    assert "security.guarantees" == condition.issue
    assert isinstance(condition.stance, OrdinalStance)
    assert ("article5_like", "article5_like") == (condition.stance.lowest, condition.stance.highest)


def test_2022_positions_lapse_at_the_first_round_of_2025(neg: Negotiation) -> None:
    """Nothing from 2022 stands in 2025 unless restated: neutrality, caps, the veto are gone."""
    for party in ("ru", "ua"):
        june = neg.standing(party, round_id="istanbul-2")
        for issue in ("security.army_size", "security.guarantor_veto", "security.guarantors"):
            assert june.position(issue) is None or june.tabled_in(issue) != "istanbul-2022"
    comparison = neg.compare("ru", "ua", round_id="istanbul-1")
    assert {r.issue.id for r in comparison.rows}.isdisjoint(
        {"security.guarantor_veto", "security.guarantors", "territory.crimea_deferred"}
    )


def test_russia_ceasefire_only_after_withdrawal_from_donbas(neg: Negotiation) -> None:
    """December 2025: a ceasefire only once Ukraine leaves Donetsk and Luhansk."""
    position = _position(neg, "ru", "twenty-points", "ceasefire.precondition")
    assert isinstance(position.stance, CategoricalStance)
    assert ("withdrawal",) == tuple(position.stance.accepts)
    (condition,) = position.conditions
    assert "territory.withdrawal" == condition.issue
    assert isinstance(condition.stance, SetStance)
    assert {"donetsk", "luhansk"} == set(condition.stance.requires)


def test_ukraine_nato_concession_only_for_article5_like_guarantees(neg: Negotiation) -> None:
    """Ukraine sets its NATO bid aside only in exchange for Article-5-like guarantees."""
    position = _position(neg, "ua", "twenty-points", "security.nato")
    assert isinstance(position.stance, OrdinalStance)
    assert "barred" == position.stance.lowest
    (condition,) = position.conditions
    assert "security.guarantees" == condition.issue


def test_twenty_points_is_co_authored_with_a_variant_without_donetsk(neg: Negotiation) -> None:
    """The US and Ukraine table the same agreed points; the US adds point 14's two variants."""
    us = neg.memorandum("us", round_id="twenty-points")
    ua = neg.memorandum("ua", round_id="twenty-points")
    assert us is not None
    assert ua is not None
    for issue in ("security.guarantees", "security.army_size", "settlement.oversight"):
        assert us.position(issue).stance == ua.position(issue).stance  # type: ignore[union-attr]
    (group,) = us.alternatives
    assert ("line-of-contact", "without-donetsk") == tuple(o.id for o in group.options)
    withdrawal = {p.issue: p for p in group.options[1].positions}["territory.withdrawal"]
    assert isinstance(withdrawal.stance, SetStance)
    assert ("donetsk",) == tuple(withdrawal.stance.requires)
    plant_us = us.position("infrastructure.znpp")
    plant_ua = ua.position("infrastructure.znpp")
    assert plant_us is not None
    assert plant_ua is not None
    row = neg.compare("us", "ua", round_id="twenty-points").issue("infrastructure.znpp")
    assert Status.GAP is row.status


def test_abu_dhabi_outcomes_at_the_table(neg: Negotiation) -> None:
    """The February 2026 exchange is untyped; the military channel is typed and settled."""
    agreed = neg.round("abu-dhabi-2").agreed
    exchange = next(o for o in agreed if o.issue == "humanitarian.prisoners")
    assert exchange.stance is None
    assert "314" in exchange.summary
    assert "157" in exchange.summary
    channel = next(o for o in agreed if o.issue == "process.military_channel")
    assert ("us", "ru") == channel.parties
    row = neg.compare("us", "ru", round_id="abu-dhabi-2").issue("process.military_channel")
    assert Status.SETTLED is row.status
    assert "abu-dhabi-2" == row.settled_in


def test_readings_for_the_uncertain_reports(neg: Negotiation) -> None:
    """ZN.UA's package and the June 2026 reports are readings; robust sees them."""
    recognition = _position(neg, "us", "twenty-points", "territory.recognition")
    assert ["zn-ua"] == [r.id for r in recognition.readings]
    meeting = _position(neg, "ru", "june-2026", "process.leaders_meeting")
    assert ["not-rejected"] == [r.id for r in meeting.readings]
    result = neg.robust("ru", "ua", round_id="june-2026")
    assert result.exact
    assert "process.leaders_meeting" in {v.issue for v in result.variables}
    plain = neg.compare("ru", "ua", round_id="june-2026").summary
    assert plain.compatibility == result.compatibility.main


def test_trajectory_covers_every_round(neg: Negotiation) -> None:
    """Russia and Ukraine are compared at every round from 2022 to June 2026."""
    trajectory = neg.trajectory("ru", "ua")
    assert tuple(r.id for r in neg.rounds) == tuple(trajectory.rounds)
    veto = next(row for row in trajectory.rows if row.issue.id == "security.guarantor_veto")
    assert Status.GAP is veto.at("istanbul-2022").status


@pytest.mark.parametrize(
    "argv",
    [
        ["report"],
        ["report", "--negotiation"],
        ["report", "--round", "istanbul-2022"],
        ["assess", "--plan", "us", "--sides", "ru", "ua", "--round", "twenty-points"],
        ["robust"],
        ["robust", "--round", "twenty-points", "--parties", "us", "ua"],
    ],
)
def test_cli_runs_on_the_whole_dataset(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    """report, assess, robust and the whole-negotiation report run on 2022 to 2026."""
    assert 0 == main(["-q", *argv, "--format", "markdown"])
    assert capsys.readouterr().out.strip()
