"""negpos.render: the formats, the to_* shortcuts, and byte-identical output."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import negpos
from negpos import scenarios
from negpos._analysis.renderable import Renderable
from negpos._render import FORMATS, Format, Result
from negpos._render.json import SCHEMA_VERSION, kind_of, to_data


def results() -> dict[str, Result]:
    """One result of every renderable kind, from the bundled dataset."""
    neg = negpos.bundled()
    return {
        "round_report": negpos.round_report(neg, round_id="istanbul-2"),
        "negotiation_report": negpos.negotiation_report(neg),
        "comparison": neg.compare("ru", "ua", round_id="istanbul-2"),
        "matrix": neg.matrix(round_id="russia-response"),
        "changes": neg.changes("ru", from_round="istanbul-1", to_round="istanbul-2"),
        "trajectory": neg.trajectory("ru", "ua"),
        "exploration": scenarios.explore(
            neg, "ru", "ua", round_id="istanbul-2", goal=scenarios.issue_compatible("security.nato")
        ),
    }


RESULTS = results()


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("kind", sorted(RESULTS))
def test_every_result_renders_in_every_format(kind: str, fmt: Format) -> None:
    """Each kind of result renders to a document that ends with exactly one line break."""
    text = negpos.render(RESULTS[kind], fmt)
    assert text.endswith("\n")
    assert not text.endswith("\n\n")


@pytest.mark.parametrize("kind", sorted(RESULTS))
def test_shortcuts_equal_render(kind: str) -> None:
    """to_markdown, to_html and to_json give what render gives."""
    result = RESULTS[kind]
    assert isinstance(result, Renderable)
    assert negpos.render(result, "markdown") == result.to_markdown()
    assert negpos.render(result, "html") == result.to_html()
    assert negpos.render(result, "json") == result.to_json()


def test_default_format_is_markdown() -> None:
    """Rendering without a format writes Markdown."""
    report = RESULTS["round_report"]
    assert isinstance(report, Renderable)
    assert report.to_markdown() == negpos.render(report)


def test_unknown_format_is_refused() -> None:
    """An unknown format raises NegposError naming the formats there are."""
    with pytest.raises(negpos.NegposError, match="markdown, html, json"):
        negpos.render(RESULTS["comparison"], "pdf")  # type: ignore[arg-type]


@pytest.mark.parametrize("fmt", FORMATS)
def test_other_objects_are_refused(fmt: Format) -> None:
    """Something that is not a result raises UsageError."""
    with pytest.raises(negpos.UsageError, match=r"expected a result to render.*got str"):
        negpos.render("not a result", fmt)  # type: ignore[arg-type]


def test_slotted_results_stay_slotted() -> None:
    """The rendering mixin adds no instance dictionary to slotted results."""
    for result in RESULTS.values():
        assert not hasattr(result, "__dict__")


@pytest.mark.parametrize("kind", sorted(RESULTS))
def test_json_is_versioned_and_sorted(kind: str) -> None:
    """The JSON carries schema_version and kind, with keys sorted at every level."""
    text = negpos.render(RESULTS[kind], "json")
    data = json.loads(text)
    assert SCHEMA_VERSION == data["schema_version"]
    assert kind_of(RESULTS[kind]) == data["kind"]
    assert json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n" == text


def test_json_kinds() -> None:
    """Each result kind has its own JSON kind name."""
    assert {k: k for k in RESULTS} == {k: kind_of(r) for k, r in RESULTS.items()}


def test_json_floats_have_at_most_six_decimals() -> None:
    """Floats are rounded to six decimals, so float noise cannot reach the output."""
    found: list[float] = []

    def walk(value: object) -> None:
        if isinstance(value, float):
            found.append(value)
        elif isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)

    walk(to_data(RESULTS["negotiation_report"]))
    assert found
    assert [] == [x for x in found if round(x, 6) != x]


def test_json_patch_of_a_change_set_is_exact() -> None:
    """A patch read back from a change set's JSON applies: its numbers are not rounded."""
    agenda = [negpos.BooleanIssue(id="truce", title="Truce")]

    def memo(salience: float) -> negpos.Memorandum:
        position = negpos.Position(
            issue="truce", stance=negpos.BooleanStance(accepts=(True,)), salience=salience
        )
        return negpos.Memorandum(party="ua", positions=(position,))

    before, after = memo(0.123456789), memo(0.987654321)
    result = negpos.changes(before, after, None, agenda)
    patch = json.loads(result.to_json())["patch"]
    assert after == negpos.apply_patch(before, patch)


def test_json_figures_are_the_results_figures() -> None:
    """The compatibility index in the JSON is the comparison's, rounded to six decimals."""
    report = RESULTS["round_report"]
    assert isinstance(report, negpos.RoundReport)
    data = json.loads(report.to_json())
    index = report.comparison.summary.compatibility
    assert index is not None
    assert round(index, 6) == data["comparison"]["summary"]["compatibility"]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("kind", sorted(RESULTS))
def test_rendering_twice_gives_the_same_bytes(kind: str, fmt: Format) -> None:
    """Rendering a freshly built result again gives byte-identical output."""
    again = results()[kind]
    assert negpos.render(RESULTS[kind], fmt) == negpos.render(again, fmt)


SCRIPT = """
import sys
import negpos
neg = negpos.bundled()
report = negpos.round_report(neg, round_id="istanbul-2")
whole = negpos.negotiation_report(neg)
out = sys.stdout.buffer
for result in (report, whole):
    for fmt in ("markdown", "html", "json", "terminal"):
        out.write(negpos.render(result, fmt).encode("utf-8"))
"""


def test_a_fresh_process_gives_the_same_bytes(tmp_path: Path) -> None:
    """Another interpreter, with another hash seed and locale, writes the same bytes."""
    env = {**os.environ, "PYTHONHASHSEED": "12345", "LC_ALL": "C", "TZ": "Pacific/Kiritimati"}
    run = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        capture_output=True,
        env=env,
        cwd=tmp_path,
        check=True,
        timeout=300,
    )
    report, whole = RESULTS["round_report"], RESULTS["negotiation_report"]
    here = "".join(negpos.render(r, f) for r in (report, whole) for f in FORMATS)
    assert here.encode("utf-8") == run.stdout


def _listed(text: str) -> list[tuple[int, str]]:
    """The numbered entries of a page's list of sources: (number, first web address or "")."""
    import re

    section = text.split("Sources\n", 1)[1] if "Sources\n" in text else ""
    # Markdown escapes the link text (``view\_news``): compare the addresses unescaped.
    found = re.findall(r"^ *(\d+)\. (.*)$", section.replace("\\", ""), flags=re.M)
    return [(int(n), next(iter(re.findall(r"https?://[^\s)>\]]+", rest)), "")) for n, rest in found]


@pytest.mark.parametrize("kind", ["round_report", "negotiation_report", "comparison", "changes"])
def test_the_terminal_numbers_sources_as_markdown_does(kind: str) -> None:
    """The terminal lists the sources Markdown lists, under the same numbers, and cites them."""
    result = RESULTS[kind]
    shown = _listed(negpos.render(result, "terminal"))
    listed = _listed(negpos.render(result, "markdown"))
    assert shown
    assert [n for n, _ in shown] == list(range(1, len(shown) + 1))
    assert listed == shown
    assert "[1]" in negpos.render(result, "terminal").split("\nSources\n")[0]


@pytest.mark.parametrize("fmt", ["markdown", "terminal", "html"])
def test_one_source_cited_bare_and_titled_has_one_number_on_every_page(fmt: Format) -> None:
    """A plan page cites a URL given bare and with a title once, under the title."""
    text = """\
format: 1
title: One source twice
parties:
  - {id: a, name: A}
  - {id: b, name: B}
  - {id: p, name: P, role: mediator}
issues:
  - {id: x, kind: boolean, title: X}
  - {id: y, kind: boolean, title: Y}
rounds:
  - id: r
    date: 2025-01-01
    memoranda:
      - party: a
        positions:
          - {issue: x, stance: {kind: boolean, accepts: [true]}, sources: ["https://example.org/m"]}
      - party: b
        positions:
          - issue: y
            stance: {kind: boolean, accepts: [true]}
            sources: [{url: "https://example.org/m#part-2", document: The memo}]
      - party: p
        positions:
          - {issue: x, stance: {kind: boolean, accepts: [true]}}
          - {issue: y, stance: {kind: boolean, accepts: [true]}}
"""
    neg = negpos.loads(text)
    page = negpos.render(neg.assess("p", ["a", "b"], round_id="r"), fmt)
    assert "[2]" not in page
    assert "\\[2\\]" not in page
    assert "The memo" in page
