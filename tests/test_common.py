"""Common ground of many parties: n-way zones, largest groups, blockers, the summary."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import negpos
from negpos import (
    BooleanIssue,
    BooleanStance,
    GroundStatus,
    Issue,
    Memorandum,
    NumericIssue,
    NumericStance,
    Position,
    TextIssue,
    TextStance,
)
from negpos import strategies as nst
from negpos._analysis.kinds import contains

TRUCE = BooleanIssue(id="truce", title="Truce")
DAYS = NumericIssue(id="days", title="Days", unit="days", bounds=(0, 100))
NOTE = TextIssue(id="note", title="Preamble")
AGENDA = (TRUCE, DAYS, NOTE)


def memo(party: str, **stances: Any) -> Memorandum:
    """A memorandum of ``party`` with a position per keyword (issue id: stance)."""
    return Memorandum(
        party=party,
        positions=tuple(Position(issue=iid, stance=s, salience=0.5) for iid, s in stances.items()),
    )


def yes_no(*accepts: bool) -> BooleanStance:
    """A boolean stance."""
    return BooleanStance(accepts=accepts)


# --- worked example ---------------------------------------------------------------------------

A = memo("a", truce=yes_no(True), days=NumericStance(min=10, max=60))
B = memo("b", truce=yes_no(True, False), days=NumericStance(min=30))
C = memo(
    "c", truce=yes_no(False), days=NumericStance(min=40, max=50), note=TextStance(statement="x")
)
D = memo("d", days=NumericStance(max=5))


def test_three_parties_by_hand() -> None:
    """a, b, c: no common answer on the truce; 40 to 50 days suit all three."""
    ground = negpos.common_ground([A, B, C], AGENDA)
    truce = ground.issue("truce")
    assert GroundStatus.GAP == truce.status
    assert 1.0 == truce.magnitude
    assert (("a", "b"), ("b", "c")) == truce.largest
    assert () == truce.blockers  # a and c each belong to one of the largest groups
    assert None is truce.zone
    span = ground.issue("days")
    assert GroundStatus.OVERLAP == span.status
    assert NumericStance(min=40, max=50) == span.zone
    assert (("a", "b", "c"),) == span.largest
    assert GroundStatus.UNCOMPARABLE == ground.issue("note").status
    assert ("a", "b") == ground.issue("note").silent
    # index: (1 - 1) and (1 - 0), equal weights: 0.5
    assert 0.5 == ground.summary.index
    assert 0.5 == ground.summary.mean_gap
    assert 1 == ground.summary.count("gap")
    assert (ground.issue("days"),) == ground.shared


def test_a_silent_party_makes_an_issue_partial_and_a_blocker_shows() -> None:
    """Party d is silent on the truce (partial, never agreement) and blocks on the days."""
    ground = negpos.common_ground([A, B, D], AGENDA)
    truce = ground.issue("truce")
    assert GroundStatus.PARTIAL == truce.status
    assert ("d",) == truce.silent
    assert None is truce.magnitude
    assert None is truce.zone
    span = ground.issue("days")
    assert GroundStatus.GAP == span.status
    assert (("a", "b"),) == span.largest
    assert ("d",) == span.blockers
    assert (("a", 0), ("b", 0), ("d", 1)) == ground.summary.blocking
    held = span.position("d")
    assert held is not None
    assert NumericStance(max=5) == held.stance


def test_identical_positions_are_identical() -> None:
    """Parties that accept exactly the same outcomes are identical, with one group of all."""
    same = [memo(p, truce=yes_no(True)) for p in ("a", "b", "c")]
    row = negpos.common_ground(same, [TRUCE]).issue("truce")
    assert GroundStatus.IDENTICAL == row.status
    assert yes_no(True) == row.zone


def test_the_result_renders_to_json_data() -> None:
    """to_dict holds the rows with zone, groups, blockers and silent parties."""
    data = negpos.common_ground([A, B, D], AGENDA).to_dict()
    assert ["a", "b", "d"] == data["parties"]
    days = next(r for r in data["rows"] if r["issue"] == "days")
    assert ["d"] == days["blockers"]
    assert None is days["zone"]


def test_bad_arguments() -> None:
    """Fewer than two memoranda, one party twice, a single memorandum: usage errors."""
    with pytest.raises(negpos.UsageError, match="at least 2"):
        negpos.common_ground([A], AGENDA)
    with pytest.raises(negpos.UsageError, match="twice"):
        negpos.common_ground([A, A], AGENDA)
    with pytest.raises(negpos.UsageError, match="list of Memorandum"):
        negpos.common_ground(A, AGENDA)  # type: ignore[arg-type]
    with pytest.raises(negpos.InputError, match="unknown issue"):
        negpos.common_ground([A, B], [TRUCE])


# --- the bundled dataset: November 2025 -------------------------------------------------------

NEG = negpos.bundled()


def test_november_2025_four_parties() -> None:
    """At Russia's response, on NATO the four split into ru with us and ua with e3."""
    ground = NEG.common(["ru", "ua", "us", "e3"], round_id="russia-response")
    assert ("ru", "ua", "us", "e3") == ground.parties
    nato = ground.issue("security.nato")
    assert GroundStatus.GAP == nato.status
    assert (("ru", "us"), ("ua", "e3")) == nato.largest
    baseline = ground.issue("territory.baseline")
    assert (("ua", "e3"),) == baseline.largest
    assert ("ru", "us") == baseline.blockers
    assert 0 == ground.summary.count("overlap") + ground.summary.count("identical")
    assert ("e3",) == ground.issue("security.non_nuclear").silent


def test_default_parties_and_round() -> None:
    """Left out: every party holding positions at the last round."""
    ground = NEG.common()
    assert NEG.rounds[-1].id == ground.round
    assert ("ru", "ua", "us", "e3") == ground.parties


def test_two_parties_index_equals_the_pairwise_compatibility() -> None:
    """For ru and ua in June 2025 the common-ground index is the compatibility index."""
    ground = NEG.common(["ru", "ua"], round_id="istanbul-2")
    pair = NEG.compare("ru", "ua", round_id="istanbul-2")
    assert pair.summary.compatibility == pytest.approx(ground.summary.index, abs=1e-12)
    assert pair.summary.count("gap") == ground.summary.count("gap")


def test_negotiation_errors() -> None:
    """One party, a party twice, text for a list, unknown party or round."""
    with pytest.raises(negpos.UsageError, match="at least 2"):
        NEG.common(["ru"])
    with pytest.raises(negpos.UsageError, match="twice"):
        NEG.common(["ru", "ru"])
    with pytest.raises(negpos.UsageError, match="list of party ids"):
        NEG.common("ru")
    with pytest.raises(negpos.NotFoundError, match="no party 'xx'"):
        NEG.common(["ru", "xx"])
    with pytest.raises(negpos.NotFoundError, match="no round 'nope'"):
        NEG.common(["ru", "ua"], round_id="nope")


# --- laws -------------------------------------------------------------------------------------


def _agenda_and_memos(
    low: int, high: int
) -> st.SearchStrategy[tuple[tuple[Issue, ...], list[Memorandum]]]:
    return nst.agendas(1, 5).flatmap(
        lambda agenda: st.tuples(
            st.just(agenda),
            st.integers(low, high).flatmap(
                lambda n: st.tuples(*(nst.memoranda(agenda, f"p{k}") for k in range(n))).map(list)
            ),
        )
    )


@given(_agenda_and_memos(2, 4))
def test_the_n_way_zone_lies_inside_every_party_set(
    case: tuple[tuple[Issue, ...], list[Memorandum]],
) -> None:
    """Every zone is accepted by every party; groups and blockers split the addressing parties."""
    agenda, memos = case
    ground = negpos.common_ground(memos, agenda)
    for row in ground.rows:
        if row.zone is not None:
            for p in row.positions:
                assert p is not None
                assert contains(row.issue, p.stance, row.zone)
        if row.status is not GroundStatus.UNCOMPARABLE:
            assert row.largest
            inside = {party for group in row.largest for party in group}
            assert set(row.addressing) == inside | set(row.blockers)
    assert ground.summary.index is None or 0.0 <= ground.summary.index <= 1.0


@given(_agenda_and_memos(2, 2))
def test_for_two_parties_the_zone_is_the_pairwise_zone(
    case: tuple[tuple[Issue, ...], list[Memorandum]],
) -> None:
    """Two parties: the n-way zone is the comparison's zone, the index its compatibility."""
    agenda, (a, b) = case
    ground = negpos.common_ground([a, b], agenda)
    pair = negpos.compare(a, b, agenda)
    for row in pair.rows:
        mine = ground.issue(row.issue.id)
        assert row.zone == mine.zone
        assert row.magnitude == mine.magnitude or mine.status is GroundStatus.PARTIAL
    if pair.summary.compatibility is None:
        assert ground.summary.index is None
    else:
        assert ground.summary.index == pytest.approx(pair.summary.compatibility, abs=1e-9)


@given(_agenda_and_memos(2, 3), st.data())
def test_adding_a_party_never_widens_the_zone(
    case: tuple[tuple[Issue, ...], list[Memorandum]], data: st.DataObject
) -> None:
    """With one more party, every zone lies inside the zone without it."""
    agenda, memos = case
    extra = data.draw(nst.memoranda(agenda, "extra"))
    before = negpos.common_ground(memos, agenda)
    after = negpos.common_ground([*memos, extra], agenda)
    for row in after.rows:
        if row.zone is None:
            continue
        old = before.issue(row.issue.id)
        assert old.zone is not None
        assert contains(row.issue, old.zone, row.zone)
