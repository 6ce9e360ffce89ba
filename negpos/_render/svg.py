"""Inline SVG charts for the HTML reports, drawn by negpos itself.

Two charts: a line chart of an index across rounds, and the party-by-party matrix as a heat
map. Each returns a ``Markup`` string ready to sit inside an HTML page. The range chart of an
issue, on the issue's own axis, is in ``many_html.py``.

Safety and determinism: every element is built with ``Markup.format``, which escapes each
value that is not already markup, so analyst text (issue titles, party names) can never add
an element or an attribute; control characters are removed first. Coordinates are written
with one decimal and colours as fixed hex codes; nothing depends on time, randomness or the
order of a dictionary.
"""

from __future__ import annotations

import datetime as _dt
import itertools
from collections.abc import Mapping, Sequence
from typing import Final

import attrs
from markupsafe import Markup

from negpos._analysis.matrix import Matrix
from negpos._render.words import clean_text, format_fraction

__all__ = [
    "RED_LINE_COLOUR",
    "STATUS_COLOURS",
    "Series",
    "index_chart",
    "matrix_chart",
]

#: The colour of each status, shared by the charts and the page's badges.
STATUS_COLOURS: Final = {
    "settled": "#0b5d3b",
    "conditional": "#b7791f",
    "other_option": "#8c959f",
    "identical": "#1a7f5a",
    "same_preference": "#5e9c2e",
    "overlap": "#2b7bb9",
    "gap": "#c2410c",
    "one_sided": "#6e7781",
    "uncomparable": "#a0a7b0",
}

#: The colour that marks red lines.
RED_LINE_COLOUR: Final = "#a40e26"

# Line colours for several series (Okabe–Ito, readable by colour-blind readers).
_SERIES_COLOURS: Final = ("#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9")
_FONT: Final = "font-family=\"system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif\""


def _n(value: float) -> str:
    """A coordinate with one decimal: fixed text for a given value on every platform."""
    return f"{value:.1f}"


def _short(text: str, limit: int) -> str:
    text = clean_text(text)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _svg(width: float, height: float, label: str, body: list[Markup], css_class: str) -> Markup:
    head = Markup(
        '<svg class="{}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" '
        'role="img" aria-label="{}" ' + _FONT + ">"
    ).format(css_class, _n(width), _n(height), clean_text(label))
    return head + Markup("").join(body) + Markup("</svg>")


def _title(text: str) -> Markup:
    # A <title> child gives the element a tooltip with the full, untruncated text.
    return Markup("<title>{}</title>").format(clean_text(text))


@attrs.frozen
class Series:
    """One line of an index chart.

    Attributes:
        label: The line's name in the legend.
        values: One value in [0, 1] per point on the x axis; None leaves a hole.
    """

    label: str
    values: tuple[float | None, ...]


def index_chart(
    title: str,
    points: Sequence[str],
    tips: Sequence[str],
    series: Sequence[Series],
    dates: Sequence[_dt.date] | None = None,
) -> Markup:
    """A line chart of indices in [0, 1] across rounds, one line per series.

    Args:
        title: What the chart shows, for screen readers.
        points: The short labels of the x axis (such as round dates).
        tips: The full names of the points, shown as tooltips.
        series: The lines; each has one value per point.
        dates: The date of each point, in order: the points are then spaced by time, and a
            label that would run into the one before it drops to a second line (a point on
            the same date as the one before it shares its label). None spaces the points
            evenly.

    Returns:
        The chart as inline SVG markup.
    """
    width, left, right, top, plot_h = 520.0, 34.0, 28.0, 12.0, 180.0
    plot_w = width - left - right
    count = max(len(points), 1)
    step = plot_w / (count - 1) if count > 1 else 0.0
    span = (dates[-1] - dates[0]).days if dates else 0

    def x_of(i: int) -> float:
        if dates and span > 0:
            return left + plot_w * (dates[i] - dates[0]).days / span
        return left + (step * i if count > 1 else plot_w / 2)

    # Each label's line (0 or 1), or None where it repeats the date of the label before it.
    rows: list[int | None] = []
    last: list[float] = [-1e9, -1e9]
    for i in range(len(points)):
        if i and dates and dates[i] == dates[i - 1]:
            rows.append(None)
            continue
        line = 0 if x_of(i) - last[0] >= 44 else 1
        rows.append(line)
        last[line] = x_of(i)
    second = 14.0 if 1 in rows else 0.0
    legend_top = top + plot_h + 40 + second
    height = legend_top + 20 * len(series) + 4

    def y_of(v: float) -> float:
        return top + plot_h * (1 - v)

    body: list[Markup] = []
    for k in range(5):
        tick = k / 4
        body.append(
            Markup(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#d0d7de" stroke-width="1"/>'
                '<text x="{}" y="{}" font-size="11" fill="#57606a" text-anchor="end">{}</text>'
            ).format(
                _n(left),
                _n(y_of(tick)),
                _n(width - right),
                _n(y_of(tick)),
                _n(left - 6),
                _n(y_of(tick) + 4),
                f"{tick:.2f}",
            )
        )
    for i, (point, tip) in enumerate(zip(points, tips, strict=True)):
        row = rows[i]
        if dates:
            body.append(
                Markup(
                    '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#8c959f" stroke-width="1"/>'
                ).format(_n(x_of(i)), _n(top + plot_h), _n(x_of(i)), _n(top + plot_h + 5))
            )
        if row is None:
            continue
        body.append(
            Markup(
                '<g>{}<text x="{}" y="{}" font-size="11" fill="#57606a" '
                'text-anchor="middle">{}</text></g>'
            ).format(_title(tip), _n(x_of(i)), _n(top + plot_h + 18 + 14 * row), _short(point, 12))
        )
    for s_index, s in enumerate(series):
        colour = _SERIES_COLOURS[s_index % len(_SERIES_COLOURS)]
        segment: list[str] = []
        segments: list[list[str]] = []
        for i, v in enumerate(s.values):
            if v is None:
                if segment:
                    segments.append(segment)
                segment = []
                continue
            segment.append(f"{_n(x_of(i))},{_n(y_of(v))}")
        if segment:
            segments.append(segment)
        for seg in segments:
            body.append(
                Markup(
                    '<polyline points="{}" fill="none" stroke="{}" stroke-width="2.5" '
                    'stroke-linejoin="round"/>'
                ).format(" ".join(seg), colour)
            )
        for i, v in enumerate(s.values):
            if v is None:
                continue
            body.append(
                Markup('<circle cx="{}" cy="{}" r="3.5" fill="{}">{}</circle>').format(
                    _n(x_of(i)),
                    _n(y_of(v)),
                    colour,
                    _title(f"{s.label}, {tips[i]}: {format_fraction(v)}"),
                )
            )
        y = legend_top + 20 * s_index
        body.append(
            Markup(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="3"/>'
                '<text x="{}" y="{}" font-size="12" fill="#1f2328">{}</text>'
            ).format(
                _n(left),
                _n(y),
                _n(left + 22),
                _n(y),
                colour,
                _n(left + 30),
                _n(y + 4),
                _short(s.label, 60),
            )
        )
    return _svg(width, height, title, body, "chart index")


def _heat(value: float) -> str:
    # Red (0) through pale yellow (0.5) to green (1): the ColorBrewer RdYlGn end points.
    stops = ((0.0, (215, 48, 39)), (0.5, (254, 224, 139)), (1.0, (26, 152, 80)))
    v = min(max(value, 0.0), 1.0)
    for (v0, c0), (v1, c1) in itertools.pairwise(stops):
        if v <= v1:
            t = (v - v0) / (v1 - v0)
            rgb = [round(a + (b - a) * t) for a, b in zip(c0, c1, strict=True)]
            return "#{:02x}{:02x}{:02x}".format(*rgb)
    return "#1a9850"


def matrix_chart(matrix: Matrix, names: Mapping[str, str]) -> Markup:
    """The compatibility index of every pair of parties as a heat map.

    Args:
        matrix: The matrix.
        names: Party names by id.

    Returns:
        The chart as inline SVG markup; column heads show party ids, rows full names.
    """
    parties = matrix.parties
    cell, left, top = 64.0, 170.0, 30.0
    width = left + cell * max(len(parties), 1) + 4
    height = top + cell * max(len(parties), 1) + 4
    body: list[Markup] = []
    for j, q in enumerate(parties):
        body.append(
            Markup(
                '<g>{}<text x="{}" y="{}" font-size="12" font-weight="600" fill="#1f2328" '
                'text-anchor="middle">{}</text></g>'
            ).format(_title(names.get(q, q)), _n(left + cell * j + cell / 2), _n(top - 10), q)
        )
    for i, p in enumerate(parties):
        y = top + cell * i
        body.append(
            Markup(
                '<g>{}<text x="{}" y="{}" font-size="12" fill="#1f2328" text-anchor="end">'
                "{}</text></g>"
            ).format(
                _title(names.get(p, p)),
                _n(left - 8),
                _n(y + cell / 2 + 4),
                _short(names.get(p, p), 24),
            )
        )
        for j, q in enumerate(parties):
            x = left + cell * j
            if p == q:
                body.append(
                    Markup(
                        '<rect x="{}" y="{}" width="{}" height="{}" fill="#f6f8fa" '
                        'stroke="#ffffff" stroke-width="2"/>'
                    ).format(_n(x), _n(y), _n(cell), _n(cell))
                )
                continue
            value = matrix.pair(p, q).summary.compatibility
            fill = "#eaeef2" if value is None else _heat(value)
            ink = "#ffffff" if value is not None and (value < 0.2 or value > 0.8) else "#1f2328"
            tip = f"{names.get(p, p)} and {names.get(q, q)}: compatibility index "
            tip += format_fraction(value)
            body.append(
                Markup(
                    '<g>{}<rect x="{}" y="{}" width="{}" height="{}" fill="{}" stroke="#ffffff" '
                    'stroke-width="2"/><text x="{}" y="{}" font-size="14" font-weight="600" '
                    'fill="{}" text-anchor="middle">{}</text></g>'
                ).format(
                    _title(tip),
                    _n(x),
                    _n(y),
                    _n(cell),
                    _n(cell),
                    fill,
                    _n(x + cell / 2),
                    _n(y + cell / 2 + 5),
                    ink,
                    format_fraction(value),
                )
            )
    return _svg(width, height, "Compatibility index of every pair of parties", body, "chart matrix")
