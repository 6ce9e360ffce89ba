"""The inline SVG charts: what they draw, in which order, and that their text is escaped."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import negpos
from negpos._render.svg import (
    RED_LINE_COLOUR,
    STATUS_COLOURS,
    Series,
    gap_chart,
    index_chart,
    matrix_chart,
)

SVG = "{http://www.w3.org/2000/svg}"

TALKS = negpos.loads(
    """
format: 1
title: Talks
parties: [{id: a, name: Alpha}, {id: b, name: "Beta <b>&"}]
issues:
  - {id: truce, kind: boolean, title: Truce}
  - {id: days, kind: numeric, title: "Days <i>", unit: days, bounds: [0, 100]}
  - {id: vote, kind: boolean, title: Vote}
  - {id: aid, kind: boolean, title: Aid}
rounds:
  - id: r1
    date: 2025-05-16
    memoranda:
      - party: a
        positions:
          - {issue: truce, stance: {kind: boolean, accepts: [true]}, firmness: red_line}
          - {issue: days, stance: {kind: numeric, max: 20}}
          - {issue: vote, stance: {kind: boolean, accepts: [true, false]}}
          - {issue: aid, stance: {kind: boolean, accepts: [true]}}
      - party: b
        positions:
          - {issue: truce, stance: {kind: boolean, accepts: [false]}}
          - {issue: days, stance: {kind: numeric, min: 70}}
          - {issue: vote, stance: {kind: boolean, accepts: [true]}}
          - {issue: aid, stance: {kind: boolean, accepts: [true]}}
""",
    fmt="yaml",
)
NAMES = {"a": "Alpha", "b": "Beta <b>&"}


def parse(markup: str) -> ET.Element:
    """The chart as an XML tree (it must be well-formed XML)."""
    return ET.fromstring(markup)


def test_gap_chart_orders_and_sizes_the_bars() -> None:
    """Red lines first, then gaps by size, then compatible issues; bar length = gap x 330."""
    chart = parse(str(gap_chart(TALKS.compare("a", "b", round_id="r1"), NAMES)))
    titles = [t.text or "" for t in chart.iter(f"{SVG}title")]
    assert [
        "Truce: gap, gap 1.00; red line of Alpha",
        "Days <i>: gap, gap 0.50",
        "Vote: overlap",
        "Aid: identical",
    ] == titles
    bars = list(chart.iter(f"{SVG}rect"))
    assert ["330.0", "165.0"] == [b.get("width") for b in bars]
    assert RED_LINE_COLOUR == bars[0].get("stroke")
    assert bars[1].get("stroke") is None
    assert {STATUS_COLOURS["gap"]} == {b.get("fill") for b in bars}
    dots = [c.get("fill") for c in chart.iter(f"{SVG}circle")]
    assert [STATUS_COLOURS["overlap"], STATUS_COLOURS["identical"]] == dots


def test_chart_text_is_escaped() -> None:
    """Titles with markup are escaped inside the SVG, so the chart stays well-formed."""
    markup = str(gap_chart(TALKS.compare("a", "b", round_id="r1"), NAMES))
    assert "Days &lt;i&gt;" in markup
    assert "<i>" not in markup


def test_index_chart_leaves_holes() -> None:
    """A missing value splits a line into separate segments."""
    chart = parse(
        str(
            index_chart(
                "t",
                ["1", "2", "3", "4"],
                ["a", "b", "c", "d"],
                [Series("pair", (0.0, 0.5, None, 1.0))],
            )
        )
    )
    lines = [p.get("points") for p in chart.iter(f"{SVG}polyline")]
    assert 2 == len(lines)
    assert 3 == len(list(chart.iter(f"{SVG}circle")))


def test_index_chart_scales_values() -> None:
    """Index 1 sits at the top of the plot and 0 at the bottom."""
    chart = parse(str(index_chart("t", ["x", "y"], ["x", "y"], [Series("s", (1.0, 0.0))])))
    points = [p.get("points") for p in chart.iter(f"{SVG}polyline")]
    assert ["34.0,12.0 492.0,192.0"] == points


def test_matrix_chart_colours_by_index() -> None:
    """Each off-diagonal cell shows the pair's index on a red-to-green scale."""
    matrix = TALKS.matrix(round_id="r1")
    chart = parse(str(matrix_chart(matrix, NAMES)))
    labels = [
        t.text for t in chart.iter(f"{SVG}text") if t.text and re.fullmatch(r"\d\.\d\d", t.text)
    ]
    index = matrix.pair("a", "b").summary.compatibility
    assert index is not None
    assert [f"{index:.2f}"] * 2 == labels


def test_charts_are_deterministic() -> None:
    """The same comparison draws the same bytes."""
    first = gap_chart(TALKS.compare("a", "b", round_id="r1"), NAMES)
    assert first == gap_chart(TALKS.compare("a", "b", round_id="r1"), NAMES)
