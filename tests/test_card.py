"""What a notebook shows for a result: a short card, not the whole report.

``_repr_html_`` used to embed the full HTML report: a hundred kilobytes per cell, the page's
figures running into their labels without the page's stylesheet. The card shows the kind of
result, its headline figures each above its label, a small chart and how to get the rest.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
from typing import Any

import pytest

import negpos


@pytest.fixture(scope="module")
def talks(harbour_talks: negpos.Negotiation) -> negpos.Negotiation:
    """The hand-worked negotiation ``HARBOUR`` of conftest.py, shared by the card and frame tests."""
    return harbour_talks


def test_notebooks_show_a_card_not_the_report(talks: negpos.Negotiation) -> None:
    """_repr_html_ is a short card: figures with their labels, a small chart, no page."""
    comparison = talks.compare("a", "b", round_id="r1")
    shown = comparison._repr_html_()
    assert shown.startswith('<div class="negpos-card"')
    for absent in ("<html", "<head>", "<style", "<body", "<main", "<script"):
        assert absent not in shown
    # Each figure's value and label are separate elements: "0.20compatibility index" is gone.
    assert "compatibility index (0 to 1)</dt>" in shown
    assert "<dd" in shown
    assert 'style="display:block;max-width:560px;height:auto' in shown
    assert "to_html()" in shown
    assert "negpos.render(result" in shown
    assert len(shown) < len(comparison.to_html()) / 3
    assert shown == talks.compare("a", "b", round_id="r1")._repr_html_()


def test_every_result_displays_in_a_notebook(talks: negpos.Negotiation) -> None:
    """Every renderable result has a card, each well under ten kilobytes."""
    results = [
        talks.compare("a", "b", round_id="r1"),
        talks.matrix(round_id="r2"),
        talks.changes("a", from_round="r1", to_round="r2"),
        talks.trajectory("a", "b"),
        talks.common(["a", "b"], round_id="r1"),
        negpos.round_report(talks, "a", "b", round_id="r1"),
        negpos.negotiation_report(talks, "a", "b"),
    ]
    for result in results:
        shown = result._repr_html_()
        assert shown.startswith('<div class="negpos-card"')
        assert shown.endswith("</div>\n")
        assert len(shown) < 10_000


def test_bundled_results_display_as_cards() -> None:
    """The bundled dataset's results, the largest there are, still show as short cards."""
    from negpos import scenarios

    talks = negpos.bundled()
    results: list[Any] = [
        talks.compare("ru", "ua", round_id="istanbul-2"),
        talks.robust("ru", "ua", round_id="istanbul-2"),
        talks.assess("us", ["ru", "ua"]),
        talks.common(),
        talks.matrix(),
        talks.trajectory("ru", "ua"),
        negpos.negotiation_report(talks),
        scenarios.explore(talks, "ru", "ua", round_id="istanbul-2"),
        scenarios.bargain(
            talks,
            "ru",
            "ua",
            round_id="istanbul-2",
            goal=scenarios.issues_compatible(["humanitarian.children", "security.treaties"]),
        ),
    ]
    if importlib.util.find_spec("krippendorff") is not None:
        # Agreement needs the optional krippendorff package; the lean test run goes without.
        results.append(negpos.agreement([talks, talks], ["one", "two"]))
    for result in results:
        shown = result._repr_html_()
        assert shown.startswith('<div class="negpos-card"'), type(result)
        assert len(shown) < 12_000, type(result)


def test_a_card_escapes_hostile_text() -> None:
    """Markup, markdown and control characters in analyst text are shown, never run."""
    hostile = "<script>alert(1)</script> **bold** [x](javascript:alert(1))\x1b[31m\x00"
    talks = negpos.Negotiation(
        title=hostile,
        parties=(negpos.Party(id="a", name=hostile), negpos.Party(id="b", name="B")),
        issues=(negpos.BooleanIssue(id="x", title=hostile),),
        rounds=(
            negpos.Round(
                id="r1",
                date=dt.date(2025, 1, 1),
                label=hostile,
                memoranda=(
                    negpos.Memorandum(
                        party="a",
                        positions=(
                            negpos.Position(
                                issue="x", stance=negpos.BooleanStance(accepts=(True,))
                            ),
                        ),
                    ),
                    negpos.Memorandum(
                        party="b",
                        positions=(
                            negpos.Position(
                                issue="x", stance=negpos.BooleanStance(accepts=(False,))
                            ),
                        ),
                    ),
                ),
            ),
        ),
    )
    for result in (
        talks.compare("a", "b", round_id="r1"),
        negpos.round_report(talks, "a", "b", round_id="r1"),
        negpos.negotiation_report(talks, "a", "b"),
    ):
        shown = result._repr_html_()
        assert "<script" not in shown
        assert "\x1b" not in shown
        assert "\x00" not in shown
        if "alert" in shown:
            assert "&lt;script&gt;" in shown
