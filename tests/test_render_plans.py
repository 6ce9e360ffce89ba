"""Reports of plan assessments and common grounds: every format, escaping, frames."""

from __future__ import annotations

import json

import pytest

import negpos
from negpos import BooleanIssue, BooleanStance, Memorandum, NumericIssue, NumericStance, Position

HOSTILE = "<script>alert(1)</script> | `x` **y**"
ISSUES = (
    BooleanIssue(id="truce", title=HOSTILE),
    NumericIssue(id="days", title="Days", unit="days", bounds=(0, 100)),
)


def _memo(party: str, truce: bool, low: float, high: float) -> Memorandum:
    return Memorandum(
        party=party,
        positions=(
            Position(
                issue="truce",
                stance=BooleanStance(accepts=(truce,)),
                sources=({"url": "https://example.org/a", "document": HOSTILE},),  # type: ignore[arg-type]
            ),
            Position(issue="days", stance=NumericStance(min=low, max=high)),
        ),
    )


PLAN = negpos.assess(
    _memo("m", True, 20, 40), [_memo("a", True, 0, 50), _memo("b", False, 30, 100)], ISSUES
)
GROUND = negpos.common_ground(
    [_memo("a", True, 0, 50), _memo("b", False, 30, 100), _memo("c", True, 35, 45)], ISSUES
)


@pytest.mark.parametrize("result", [PLAN, GROUND], ids=["plan", "common"])
def test_html_escapes_analyst_text_and_draws_charts(result: negpos.PlanAssessment) -> None:
    """No analyst text becomes markup; each issue with an axis has a chart."""
    page = negpos.render(result, "html")
    assert "<script>" not in page
    assert "&lt;script&gt;" in page
    assert 2 == page.count('<svg class="chart ranges"')


@pytest.mark.parametrize("result", [PLAN, GROUND], ids=["plan", "common"])
def test_markdown_escapes_and_cites(result: negpos.PlanAssessment) -> None:
    """Markdown escapes titles, cites sources by number and lists them at the end."""
    text = negpos.render(result, "markdown")
    assert "\\<script\\>" in text
    assert "[\\[1\\]](https://example.org/a)" in text
    assert "## Sources" in text


@pytest.mark.parametrize("result", [PLAN, GROUND], ids=["plan", "common"])
def test_json_and_terminal_are_deterministic(result: negpos.PlanAssessment) -> None:
    """JSON has a kind and a schema version; rendering twice gives the same text."""
    data = json.loads(result.to_json())
    assert data["kind"] in ("plan_assessment", "common_ground")
    assert result.to_json() == result.to_json()
    text = negpos.render(result, "terminal")
    assert "<script>alert(1)</script>" in text
    assert text == negpos.render(result, "terminal")


def test_plan_report_by_hand() -> None:
    """The plan's report: fits per side, the lean and what each side concedes."""
    text = PLAN.to_markdown()
    assert "| `a` | 1.00 | 2 | 0 | 0 | 0 | 0 |" in text
    assert "- `b` would have to concede on: `truce`, `days`." in text


def test_frames() -> None:
    """One row per issue and side (plan), or per issue and party (common ground)."""
    pytest.importorskip("pandas")
    plan = PLAN.to_frame()
    assert 4 == len(plan)
    assert ["inside", "outside", "inside", "overlaps"] == plan["fit"].tolist()
    ground = GROUND.to_frame()
    assert 6 == len(ground)
    assert [True, True, True] == ground.loc[ground.issue == "days", "in_largest"].tolist()
    cell = PLAN.to_frame()["title"].tolist()[0]
    assert cell == HOSTILE


def test_common_ground_frames_carry_outcomes_conditions_and_options() -> None:
    """June 2025: settled rows, Russia's conditional truce and its two routes, per party."""
    pytest.importorskip("pandas")
    frame = negpos.bundled().common(["ru", "ua"], round_id="istanbul-2").to_frame()
    settled = frame[frame.status == "settled"]
    assert settled.outcome.notna().all()
    assert set(settled.settled_in) == {"istanbul-2"}
    assert not settled.reneged.any()
    truce = frame[frame.issue == "ceasefire.duration"].set_index("party")
    assert truce.loc["ru", "unmet_conditions"] == ["territory.withdrawal"]
    assert truce.loc["ua", "unmet_conditions"] == []
    withdrawal = frame[frame.issue == "territory.withdrawal"].set_index("party")
    assert withdrawal.loc["ru", "options"] == [
        "withdrawal: gap (red line)",
        "package: not in this option",
    ]
    assert withdrawal.loc["ua", "options"] == []
    assert str(frame.dtypes["red_line"]) == "bool"
    gaps = frame[frame.status == "gap"]
    assert gaps.red_line.any()
    assert not frame[frame.status != "gap"].red_line.any()


# --- outcomes, conditions and alternatives in words ----------------------------------------------

NOTE = negpos.TextIssue(id="note", title="Note")
MORE = (*ISSUES, NOTE)


def _conditional(party: str) -> Memorandum:
    return Memorandum(
        party=party,
        positions=(
            Position(issue="truce", stance=BooleanStance(accepts=(True,))),
            Position(
                issue="days",
                stance=NumericStance(min=0, max=100),
                conditions=({"issue": "truce", "stance": {"kind": "boolean", "accepts": [False]}},),  # type: ignore[arg-type]
            ),
        ),
    )


def _offering(party: str) -> Memorandum:
    near = {
        "id": "near",
        "positions": [{"issue": "days", "stance": {"kind": "numeric", "min": 30}}],
    }
    far = {
        "id": "far",
        "positions": [
            {"issue": "days", "stance": {"kind": "numeric", "max": 1}},
            {"issue": "note", "stance": {"kind": "text", "statement": "far"}},
        ],
    }
    return Memorandum.model_validate(
        {"party": party, "alternatives": [{"id": "routes", "options": [near, far]}]}
    )


AGREED = negpos.Outcome(summary="A truce", issue="truce", stance=BooleanStance(accepts=(True,)))
RICH_GROUND = negpos.common_ground(
    [_conditional("a"), _memo("b", True, 30, 100), _offering("c")], MORE, outcomes=[AGREED]
)


def test_common_ground_words_for_the_new_statuses() -> None:
    """Settled, conditional, in another option and the option taken are said in words."""
    assert negpos.GroundStatus.SETTLED == RICH_GROUND.issue("truce").status
    assert negpos.GroundStatus.CONDITIONAL == RICH_GROUND.issue("days").status
    assert negpos.GroundStatus.OTHER_OPTION == RICH_GROUND.issue("note").status
    for fmt in ("markdown", "terminal", "html"):
        text = " ".join(negpos.render(RICH_GROUND, fmt).split())
        assert "settled at the table" in text
        assert "condition on truce is not met" in text.replace("&#39;", "'")
        assert "in another option" in text
        assert "option near of routes" in text


def test_plan_words_for_a_settled_issue_and_an_unmet_condition() -> None:
    """The plan against sides that settled the truce, one holding days under a condition."""
    plan = negpos.assess(
        _memo("m", True, 20, 40),
        [_conditional("a"), _memo("b", True, 0, 100)],
        ISSUES,
        outcomes=[AGREED],
    )
    truce = plan.issue("truce")
    assert truce.settled
    assert [negpos.Fit.INSIDE, negpos.Fit.INSIDE] == [s.fit for s in truce.sides]
    assert (None, 0.0) == (truce.toward, truce.lean)
    days = plan.issue("days").side("a")
    assert negpos.Fit.CONDITIONAL == days.fit
    assert ("truce",) == days.unmet_conditions
    assert ("days",) == plan.verdict("a").concessions
    for fmt in ("markdown", "html"):
        text = " ".join(negpos.render(plan, fmt).split())
        assert "the outcome agreed at the table" in text
        assert "does not meet its conditions on truce" in text
        assert "Conditional" in text
    text = negpos.render(plan, "terminal")
    assert "settled by every side" in text
    assert "Conditional" in text
