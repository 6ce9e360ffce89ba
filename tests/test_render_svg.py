"""The inline SVG charts: what they draw, in which order, and that their text is escaped."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET

import negpos
from negpos._render.charting import range_charts, standalone_svg
from negpos._render.svg import Series, index_chart, matrix_chart

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


def test_range_charts_draw_each_issue_on_its_axis() -> None:
    """One chart per issue both sides address: bars on the axis, then a zone or gap band."""
    charts = range_charts(TALKS.compare("a", "b", round_id="r1").rows, NAMES)
    assert ["ranges-truce", "ranges-days", "ranges-vote", "ranges-aid"] == list(charts)
    days = parse(str(charts["ranges-days"]))
    bands = [r for r in days.iter(f"{SVG}rect") if (r.get("class") or "").startswith("band")]
    # Alpha accepts 0 to 20 days and Beta 70 to 100 on a 0-100 axis 320 wide from x = 64:
    # the gap runs from 20 to 70.
    assert [("band gap", "128.0", "160.0")] == [
        (b.get("class"), b.get("x"), b.get("width")) for b in bands
    ]
    vote = parse(str(charts["ranges-vote"]))
    classes = [r.get("class") for r in vote.iter(f"{SVG}rect") if r.get("class")]
    assert ["band zone"] == classes
    truce = parse(str(charts["ranges-truce"]))
    assert [] == [r for r in truce.iter(f"{SVG}rect") if r.get("class")]


def test_range_charts_mark_the_preferred_point() -> None:
    """A ring marks the outcome a side prefers."""
    talks = negpos.loads(
        """
format: 1
title: T
parties: [{id: a, name: A}, {id: b, name: B}]
issues: [{id: n, kind: numeric, title: N, unit: days, bounds: [0, 100]}]
rounds:
  - id: r1
    date: 2025-01-01
    memoranda:
      - {party: a, positions: [{issue: n, stance: {kind: numeric, min: 10, max: 50, preferred: 25}}]}
      - {party: b, positions: [{issue: n, stance: {kind: numeric, min: 40}}]}
""",
        fmt="yaml",
    )
    rows = talks.compare("a", "b", round_id="r1").rows
    chart = parse(str(range_charts(rows, {"a": "A", "b": "B"})["ranges-n"]))
    rings = list(chart.iter(f"{SVG}circle"))
    assert ["144.0"] == [c.get("cx") for c in rings]
    assert ["A prefers 25 days"] == [c.findtext(f"{SVG}title") for c in rings]


def test_chart_text_is_escaped() -> None:
    """Titles with markup are escaped inside the SVG, so the chart stays well-formed."""
    markup = str(range_charts(TALKS.compare("a", "b", round_id="r1").rows, NAMES)["ranges-days"])
    assert "Days &lt;i&gt;" in markup
    assert "<i>" not in markup
    parse(markup)


def test_standalone_svg_is_a_document() -> None:
    """A standalone chart has an XML declaration, a size in pixels and the SVG namespace."""
    chart = range_charts(TALKS.compare("a", "b", round_id="r1").rows, NAMES)["ranges-days"]
    text = standalone_svg(chart)
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<svg version="1.1" width="400"')
    root = ET.fromstring(text.encode("utf-8"))
    assert f"{SVG}svg" == root.tag
    assert root.get("height") is not None
    assert "font-family" in root.attrib


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


def test_index_chart_spaces_rounds_by_date() -> None:
    """With dates, a point sits where its date falls: 6 days of 12 is half way along."""
    dates = [dt.date(2025, 1, 1), dt.date(2025, 1, 7), dt.date(2025, 1, 13)]
    chart = parse(
        str(
            index_chart(
                "t", ["a", "b", "c"], ["a", "b", "c"], [Series("s", (0.0, 0.0, 0.0))], dates
            )
        )
    )
    xs = [c.get("cx") for c in chart.iter(f"{SVG}circle")]
    assert ["34.0", "263.0", "492.0"] == xs
    close = [dt.date(2025, 1, 1), dt.date(2025, 1, 12), dt.date(2025, 1, 13)]
    chart = parse(
        str(index_chart("t", ["a", "b", "c"], ["a", "b", "c"], [Series("s", (0.0,) * 3)], close))
    )
    # The last label would run into the one before it: it drops to a second line.
    labels = [t for t in chart.iter(f"{SVG}text") if t.text in ("a", "b", "c")]
    assert ["210.0", "210.0", "224.0"] == [t.get("y") for t in labels]


def test_index_chart_shares_the_label_of_a_repeated_date() -> None:
    """Two rounds on the same date sit at the same x and print the date once."""
    dates = [dt.date(2025, 1, 1), dt.date(2025, 2, 1), dt.date(2025, 2, 1)]
    chart = parse(
        str(
            index_chart(
                "t", ["1 Jan", "1 Feb", "1 Feb"], ["a", "b", "c"], [Series("s", (0.5,) * 3)], dates
            )
        )
    )
    xs = [c.get("cx") for c in chart.iter(f"{SVG}circle")]
    assert xs[1] == xs[2]
    assert 1 == sum(1 for t in chart.iter(f"{SVG}text") if t.text == "1 Feb")


def test_charts_are_deterministic() -> None:
    """The same comparison draws the same bytes."""
    first = range_charts(TALKS.compare("a", "b", round_id="r1").rows, NAMES)
    assert first == range_charts(TALKS.compare("a", "b", round_id="r1").rows, NAMES)
