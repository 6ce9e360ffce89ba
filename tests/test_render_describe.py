"""Stances and figures in words, shared by every report format."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

import negpos
from negpos import (
    BooleanIssue,
    BooleanStance,
    CategoricalIssue,
    CategoricalStance,
    NumericIssue,
    NumericStance,
    OrdinalIssue,
    OrdinalStance,
    SequenceIssue,
    SequenceStance,
    SetIssue,
    SetStance,
    TextIssue,
    TextStance,
)
from negpos._render.words import (
    clean_text,
    comparison_details,
    describe_order,
    describe_stance,
    format_date,
    format_fraction,
    format_number,
    format_short_date,
)

ARMY = NumericIssue(id="army", title="Army", unit="personnel", bounds=(0.0, 2_000_000.0))
LAND = SetIssue.model_validate(
    {
        "id": "land",
        "title": "Land",
        "items": [
            {"id": "crimea", "label": "Crimea"},
            {"id": "donetsk", "label": "Donetsk"},
            "kherson",
        ],
    }
)
STEPS = SequenceIssue.model_validate(
    {"id": "order", "title": "Order", "steps": ["ceasefire", "talks", "elections", "exchange"]}
)
LEVELS = OrdinalIssue.model_validate(
    {
        "id": "nato",
        "title": "NATO",
        "levels": [{"id": "barred", "label": "Barred"}, "open", "member"],
    }
)
CHOICE = CategoricalIssue.model_validate(
    {"id": "monitor", "title": "Monitor", "options": ["un", "osce", "none"]}
)


@pytest.mark.parametrize(
    ("issue", "stance", "words"),
    [
        (ARMY, NumericStance(max=600_000.0), "≤ 600,000 personnel"),
        (ARMY, NumericStance(min=30.5), "≥ 30.5 personnel"),
        (ARMY, NumericStance(min=1.0, max=2.0), "1 to 2 personnel"),
        (
            ARMY,
            NumericStance(min=5.0, max=5.0, preferred=5.0),
            "exactly 5 personnel (prefers 5 personnel)",
        ),
        (ARMY, NumericStance(), "any personnel"),
        (LAND, SetStance(requires=("crimea", "donetsk")), "requires Crimea, Donetsk; forbids —"),
        (LAND, SetStance(forbids=("kherson",)), "requires —; forbids kherson"),
        (
            STEPS,
            SequenceStance(precedes=(("ceasefire", "talks"), ("talks", "elections"))),
            "ceasefire → talks → elections",
        ),
        (
            STEPS,
            SequenceStance(precedes=(("ceasefire", "talks"), ("ceasefire", "exchange"))),
            "ceasefire → talks; ceasefire → exchange",
        ),
        (STEPS, SequenceStance(), "any order"),
        (LEVELS, OrdinalStance(lowest="barred", highest="barred"), "Barred"),
        (
            LEVELS,
            OrdinalStance(lowest="barred", highest="member", preferred="open"),
            "from “Barred” to “member” (prefers open)",
        ),
        (CHOICE, CategoricalStance(accepts=("un",)), "un"),
        (
            CHOICE,
            CategoricalStance(accepts=("un", "osce"), preferred="osce"),
            "one of un, osce (prefers osce)",
        ),
        (BooleanIssue(id="b", title="B"), BooleanStance(accepts=(True,)), "yes"),
        (
            BooleanIssue(id="b", title="B"),
            BooleanStance(accepts=(False, True), preferred=False),
            "yes or no (prefers no)",
        ),
        (TextIssue(id="t", title="T"), TextStance(statement="Peace now"), "Peace now"),
    ],
)
def test_describe_stance(issue: negpos.Issue, stance: negpos.Stance, words: str) -> None:
    """Each kind of stance reads as the hand-written words."""
    assert words == describe_stance(issue, stance)


def test_chains_name_every_constraint_once() -> None:
    """A branching order names each of its constraints exactly once."""
    stance = SequenceStance(
        precedes=(
            ("ceasefire", "talks"),
            ("talks", "elections"),
            ("ceasefire", "exchange"),
            ("exchange", "elections"),
        )
    )
    words = describe_stance(STEPS, stance)
    pairs = {
        (a.strip(), b.strip())
        for chain in words.split(";")
        for a, b in zip(chain.split("→"), chain.split("→")[1:], strict=False)
    }
    assert set(stance.precedes) == pairs


def test_describe_order() -> None:
    """A full order reads with arrows, using the steps' labels."""
    assert "Barred → open" == describe_order(LEVELS, ["barred", "open"])


@pytest.mark.parametrize(
    ("value", "text"),
    [(600000.0, "600,000"), (2.5, "2.5"), (0.00012, "0.00012"), (-3.0, "-3"), (1 / 3, "0.3333")],
)
def test_format_number(value: float, text: str) -> None:
    """Numbers read with thousands separators and no needless decimals."""
    assert text == format_number(value)


def test_format_fraction_and_dates() -> None:
    """Figures have two decimals; dates spell the month in English whatever the locale."""
    assert "0.20" == format_fraction(0.19834)
    assert "—" == format_fraction(None)
    assert "23 November 2025" == format_date(datetime.date(2025, 11, 23))
    assert "23 Nov" == format_short_date(datetime.date(2025, 11, 23))


@given(st.text())
def test_clean_text_leaves_no_control_characters(text: str) -> None:
    """After cleaning, no control or format character remains, and no line break."""
    import unicodedata

    cleaned = clean_text(text)
    assert [] == [ch for ch in cleaned if unicodedata.category(ch) in ("Cc", "Cf")]


@given(st.text())
def test_clean_text_keeps_line_breaks_on_request(text: str) -> None:
    """With keep_newlines, the only control character left is the line feed."""
    import unicodedata

    cleaned = clean_text(text, keep_newlines=True)
    assert [] == [ch for ch in cleaned if unicodedata.category(ch) in ("Cc", "Cf") and ch != "\n"]
    assert "\r" not in cleaned


def test_clean_text_examples() -> None:
    """Tabs and line breaks become spaces; bells and bidi overrides disappear."""
    assert "a b c" == clean_text("a\tb\nc")
    assert "evil" == clean_text("\u202eevil\x07")
    assert "a\nb\nc" == clean_text("a\r\nb\rc", keep_newlines=True)


def test_comparison_details_on_the_june_memoranda() -> None:
    """A red-line set gap names whose red lines and which items conflict."""
    c = negpos.bundled().compare("ru", "ua", round_id="istanbul-2").issue("territory.recognition")
    names = {"ru": "Russia", "ua": "Ukraine"}
    details = comparison_details(c, names)
    assert "red line: Russia, Ukraine" == details[0]
    assert details[1].startswith("in conflict: Crimea, ")


def test_comparison_details_give_the_common_ground() -> None:
    """A compatible issue shows the zone both sides accept.

    A conditional one shows the condition not met, and the zone if it were.
    """
    june = negpos.bundled().compare("ru", "ua", round_id="istanbul-2")
    c = june.issue("ceasefire.duration")
    assert (
        "condition not met: ru only if territory.withdrawal comes out its way",
        "common ground if met: exactly 30 days",
    ) == comparison_details(c, {})
    nuclear = june.issue("security.non_nuclear")
    assert ("common ground: yes",) == comparison_details(nuclear, {})
