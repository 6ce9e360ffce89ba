"""A plan assessed against every side: fits, gaps, separation, lean, verdicts, silence."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import negpos
from negpos import (
    BooleanIssue,
    BooleanStance,
    Firmness,
    Fit,
    Issue,
    Memorandum,
    NumericIssue,
    NumericStance,
    Position,
)
from negpos import strategies as nst

ARMY = NumericIssue(id="army", title="Army ceiling", unit="personnel", bounds=(0, 1_000_000))
NATO = BooleanIssue(id="nato", title="NATO membership")
TRUCE = BooleanIssue(id="truce", title="Truce first")
AGENDA = (ARMY, NATO, TRUCE)


def memo(party: str, red: tuple[str, ...] = (), **stances: Any) -> Memorandum:
    """A memorandum of ``party``; issues listed in ``red`` are red lines."""
    return Memorandum(
        party=party,
        positions=tuple(
            Position(
                issue=iid,
                stance=s,
                salience=0.5,
                firmness=Firmness.RED_LINE if iid in red else Firmness.FIRM,
            )
            for iid, s in stances.items()
        ),
    )


PLAN = memo(
    "us",
    army=NumericStance(max=600_000),
    nato=BooleanStance(accepts=(False,)),
    truce=BooleanStance(accepts=(True,)),
)
UA = memo(
    "ua",
    red=("nato",),
    army=NumericStance(max=800_000),
    nato=BooleanStance(accepts=(True,)),
    truce=BooleanStance(accepts=(True,)),
)
RU = memo("ru", army=NumericStance(max=85_000), nato=BooleanStance(accepts=(False,)))


def test_a_plan_by_hand() -> None:
    """Hand-worked: the army cap inside ua's range, overlapping ru's; NATO crosses ua's red line."""
    found = negpos.assess(PLAN, [UA, RU], AGENDA)
    assert ("ru", "ua") == found.sides  # by id, whatever the order given
    army = found.issue("army")
    assert Fit.INSIDE == army.side("ua").fit
    assert Fit.OVERLAPS == army.side("ru").fit
    # separations: to ua (0 + 0.2) / 2 = 0.1; to ru (0 + 0.515) / 2 = 0.2575
    assert 0.1 == pytest.approx(army.side("ua").separation)
    assert 0.2575 == pytest.approx(army.side("ru").separation)
    assert "ua" == army.toward
    # (0.2575 - 0.1) / separation(ua, ru) = 0.1575 / 0.3575
    assert 0.1575 / 0.3575 == pytest.approx(army.lean)
    nato = found.issue("nato")
    assert Fit.OUTSIDE == nato.side("ua").fit
    assert 1.0 == nato.side("ua").magnitude
    assert ("ua",) == nato.red_lines_crossed
    assert ("ru", 1.0) == (nato.toward, nato.lean)
    truce = found.issue("truce")
    assert Fit.SILENT == truce.side("ru").fit
    assert (None, None) == (truce.toward, truce.lean)
    assert not truce.inside_all


def test_verdicts_by_hand() -> None:
    """Per side: the share of the plan accepted, concessions, red lines, silence, the lean."""
    found = negpos.assess(PLAN, [UA, RU], AGENDA)
    ua, ru = found.verdict("ua"), found.verdict("ru")
    assert 2 / 3 == pytest.approx(ua.accepts)  # army and truce, equal saliences
    assert ("nato",) == ua.concessions
    assert ("nato",) == ua.red_lines_crossed
    assert 1 / 3 == pytest.approx(ru.accepts)  # nato only: silence is not acceptance
    assert ("army",) == ru.concessions
    assert ("truce",) == ru.silent
    assert 1 == ru.count("silent")
    # Two rows lean, equal weights: ua 0.1575/0.3575 on army, ru 1.0 on nato.
    assert (0.1575 / 0.3575) / 2 == pytest.approx(ua.lean)
    assert 0.5 == pytest.approx(ru.lean)
    assert "ru" == found.leans_toward
    assert 0.5 - (0.1575 / 0.3575) / 2 == pytest.approx(found.lean)


def test_issues_the_plan_leaves_out_are_listed() -> None:
    """An issue a side addresses and the plan does not is listed as unaddressed."""
    short = memo("us", army=NumericStance(max=600_000))
    found = negpos.assess(short, [UA, RU], AGENDA)
    assert ("nato", "truce") == found.unaddressed
    assert ["army"] == [r.issue.id for r in found.rows]


def test_bad_arguments() -> None:
    """One side, a side twice, the plan's party as a side: usage errors."""
    with pytest.raises(negpos.UsageError, match="at least 2"):
        negpos.assess(PLAN, [UA], AGENDA)
    with pytest.raises(negpos.UsageError, match="twice"):
        negpos.assess(PLAN, [UA, UA], AGENDA)
    with pytest.raises(negpos.UsageError, match="own party"):
        negpos.assess(PLAN, [UA, memo("us")], AGENDA)
    with pytest.raises(negpos.UsageError, match="Memorandum"):
        negpos.assess("us", [UA, RU], AGENDA)  # type: ignore[arg-type]


# --- the bundled dataset: the November 2025 plans ---------------------------------------------

NEG = negpos.bundled()


def test_the_28_points_against_russia_and_ukraine() -> None:
    """The US plan: NATO inside Russia's set and outside Ukraine's; leans toward Russia overall."""
    found = NEG.assess("us", ["ua", "ru"], round_id="us-28-points")
    assert ("ru", "ua") == found.sides
    nato = found.issue("security.nato")
    assert (Fit.INSIDE, Fit.OUTSIDE) == (nato.side("ru").fit, nato.side("ua").fit)
    assert ("ru", 1.0) == (nato.toward, nato.lean)
    assert "ru" == found.leans_toward
    assert "security.nato" in found.verdict("ua").red_lines_crossed
    assert Fit.SILENT == found.issue("territory.donbas_dmz").side("ru").fit


def test_the_e3_counter_proposal_leans_toward_ukraine() -> None:
    """The E3 text: leans toward Ukraine, which accepts a larger share of it than Russia."""
    found = NEG.assess("e3", ["ru", "ua"], round_id="e3-counter-proposal")
    assert "ua" == found.leans_toward
    ua, ru = found.verdict("ua").accepts, found.verdict("ru").accepts
    assert ua is not None
    assert ru is not None
    assert ua > ru


def test_geneva_leans_less_than_the_28_points() -> None:
    """The Geneva revision still leans toward Russia, by a smaller margin."""
    first = NEG.assess("us", ["ru", "ua"], round_id="us-28-points")
    geneva = NEG.assess("us", ["ru", "ua"], round_id="geneva")
    assert "ru" == geneva.leans_toward
    assert geneva.lean is not None
    assert first.lean is not None
    assert geneva.lean < first.lean


def test_defaults() -> None:
    """Sides left out: the parties of role party; round left out: the plan's latest."""
    found = NEG.assess("us")
    assert ("ru", "ua") == found.sides
    assert "geneva-2026" == found.round


def test_negotiation_errors() -> None:
    """The same mistakes raise the same errors as elsewhere."""
    with pytest.raises(negpos.UsageError, match="own party"):
        NEG.assess("us", ["us", "ru"])
    with pytest.raises(negpos.UsageError, match="twice"):
        NEG.assess("us", ["ru", "ru"])
    with pytest.raises(negpos.NotFoundError, match="no party 'xx'"):
        NEG.assess("xx", ["ru", "ua"])
    with pytest.raises(negpos.NotFoundError, match="no round 'nope'"):
        NEG.assess("us", ["ru", "ua"], round_id="nope")
    with pytest.raises(negpos.NotFoundError, match="holds no positions"):
        NEG.assess("us", ["ru", "ua"], round_id="istanbul-1")
    with pytest.raises(negpos.UsageError, match="name the sides"):
        NEG.assess("ru")


# --- laws -------------------------------------------------------------------------------------


def _case(n: int) -> st.SearchStrategy[tuple[tuple[Issue, ...], Memorandum, list[Memorandum]]]:
    return nst.agendas(1, 5).flatmap(
        lambda agenda: st.tuples(
            st.just(agenda),
            nst.memoranda(agenda, "plan"),
            st.tuples(*(nst.memoranda(agenda, f"s{k}") for k in range(n))).map(list),
        )
    )


@given(_case(3), st.permutations(range(3)))
def test_assessments_do_not_depend_on_the_order_of_sides(
    case: tuple[tuple[Issue, ...], Memorandum, list[Memorandum]], order: list[int]
) -> None:
    """Naming the sides in another order gives the same assessment."""
    agenda, plan, sides = case
    shuffled = [sides[k] for k in order]
    assert negpos.assess(plan, sides, agenda) == negpos.assess(plan, shuffled, agenda)


@given(_case(3), st.integers(0, 2))
def test_a_plan_identical_to_a_side_leans_fully_toward_it(
    case: tuple[tuple[Issue, ...], Memorandum, list[Memorandum]], k: int
) -> None:
    """A plan stating a side's positions leans 1 toward it wherever another side differs.

    The side offers no alternatives here: with them it is read as offered, with the option
    closest to the plan taken, which may differ from its main positions. Nor does it state
    conditions: a side's own positions need not meet its conditions (a drawn side may
    demand a truce only after a withdrawal it does not itself state), and a plan copying
    them then leaves the truce conditional.
    """
    agenda, _, sides = case
    plain = tuple(p.model_copy(update={"conditions": ()}) for p in sides[k].positions)
    chosen = sides[k] = Memorandum(party=sides[k].party, positions=plain)
    plan = Memorandum(party="plan", positions=chosen.positions)
    found = negpos.assess(plan, sides, agenda)
    for row in found.rows:
        mine = row.side(chosen.party)
        others = [s for s in row.sides if s.party != chosen.party and s.separation is not None]
        if mine.separation is None or not others:
            continue
        assert Fit.INSIDE == mine.fit
        if all((s.separation or 0.0) > 0.0 for s in others):
            assert (chosen.party, 1.0) == (row.toward, row.lean)


@given(_case(2))
def test_silence_is_never_acceptance(
    case: tuple[tuple[Issue, ...], Memorandum, list[Memorandum]],
) -> None:
    """A side silent on an issue is reported silent, counts against its share, crosses nothing."""
    agenda, plan, sides = case
    found = negpos.assess(plan, sides, agenda)
    for v in found.verdicts:
        for iid in v.silent:
            row = found.issue(iid)
            fit = row.side(v.party)
            assert Fit.SILENT == fit.fit
            assert not fit.red_line_crossed
        assert v.accepts is None or 0.0 <= v.accepts <= 1.0
    for row in found.rows:
        assert row.lean is None or 0.0 <= row.lean <= 1.0


# --- outcomes, conditions and alternatives -------------------------------------------------------


def _sides_and_plan() -> tuple[Memorandum, list[Memorandum], tuple[Issue, ...]]:
    days = negpos.NumericIssue(id="days", title="Days", unit="days", bounds=(0, 100))
    truce = negpos.BooleanIssue(id="truce", title="Truce")

    def memo(party: str, low: float, high: float, **extra: object) -> Memorandum:
        data = {
            "party": party,
            "positions": [
                {"issue": "days", "stance": {"kind": "numeric", "min": low, "max": high}},
                {"issue": "truce", "stance": {"kind": "boolean", "accepts": [True]}},
            ],
            **extra,
        }
        return Memorandum.model_validate(data)

    plan = memo("plan", 20, 40)
    short = {
        "id": "short",
        "positions": [{"issue": "days", "stance": {"kind": "numeric", "max": 5}}],
    }
    long = {
        "id": "long",
        "positions": [{"issue": "days", "stance": {"kind": "numeric", "min": 10}}],
    }
    a = memo("a", 0, 100, alternatives=[{"id": "span", "options": [short, long]}])
    b = memo("b", 30, 60)
    return plan, [a, b], (days, truce)


def test_a_side_is_read_with_the_option_closest_to_the_plan() -> None:
    """Side a offers at most 5 days or at least 10: the plan's 20 to 40 fits the second."""
    plan, sides, agenda = _sides_and_plan()
    found = negpos.assess(plan, sides, agenda)
    fit = found.issue("days").side("a")
    assert Fit.INSIDE == fit.fit
    assert fit.position is not None
    assert negpos.NumericStance(min=10) == fit.position.stance


def test_an_issue_the_sides_settled_is_judged_against_the_outcome() -> None:
    """Both sides agreed 30 to 35 days: the plan's 20 to 40 overlaps the outcome for both."""
    plan, sides, agenda = _sides_and_plan()
    agreed = negpos.Outcome(
        summary="35 days", issue="days", stance=negpos.NumericStance(min=30, max=35)
    )
    found = negpos.assess(plan, sides, agenda, outcomes=[agreed])
    row = found.issue("days")
    assert row.settled
    assert agreed == row.outcome
    assert [Fit.OVERLAPS, Fit.OVERLAPS] == [s.fit for s in row.sides]
    only_a = agreed.model_copy(update={"parties": ("a", "plan")})
    assert not negpos.assess(plan, sides, agenda, outcomes=[only_a]).issue("days").settled
    # Settled between the sides and left out of the plan: unaddressed.
    silent = Memorandum(party="plan", positions=plan.positions[1:])
    assert ("days",) == negpos.assess(silent, sides, agenda, outcomes=[agreed]).unaddressed


def test_a_condition_is_met_only_by_the_plan_stance_inside_it() -> None:
    """Side b holds its days only without a truce; the plan's truce does not meet it."""
    plan, (a, b), agenda = _sides_and_plan()
    condition = {"issue": "truce", "stance": {"kind": "boolean", "accepts": [False]}}
    held = b.positions[0].model_copy(
        update={"stance": negpos.NumericStance(min=0, max=100), "conditions": ()}
    )
    bound = Memorandum.model_validate(
        {
            "party": "b",
            "positions": [
                {**held.to_dict(), "conditions": [condition]},
                b.positions[1].to_dict(),
            ],
        }
    )
    found = negpos.assess(plan, [a, bound], agenda)
    fit = found.issue("days").side("b")
    assert Fit.CONDITIONAL == fit.fit
    assert Fit.CONDITIONAL == found.issue("days").fit
    met = Memorandum(
        party="plan",
        positions=(
            plan.positions[0],
            Position(issue="truce", stance=negpos.BooleanStance(accepts=(False,))),
        ),
    )
    assert Fit.INSIDE == negpos.assess(met, [a, bound], agenda).issue("days").side("b").fit
