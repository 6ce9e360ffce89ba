"""The HTML page of a robust comparison, with a range bar per figure and per issue.

Registered in ``html.py``, which hands over its template renderer. The chart
([`range_chart`][negpos._render.robust_html.range_chart]) draws each figure on a 0-to-1 axis:
a bar from its lowest to its highest value over the readings, and a dot at the main
reading's value. Like the other charts it is built with ``Markup.format``, so analyst text is
escaped.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from markupsafe import Markup

from negpos._analysis.reports import Citations
from negpos._analysis.robust import FigureRange, FigureSweep, RobustComparison
from negpos._render.robust_text import figure_rows, scope_words, sweep_rows, sweep_scope
from negpos._render.svg import _n, _short, _svg, _title
from negpos._render.view import cite_links, listed_sources
from negpos._render.words import STATUS_WORDS, format_fraction

__all__ = ["range_chart", "robust_page", "section_context", "sweep_page"]

Render = Callable[..., str]


def range_chart(bars: Sequence[tuple[str, FigureRange]], label: str) -> Markup:
    """Figures on a 0-to-1 axis: a bar over each one's range, a dot at its main value.

    Args:
        bars: ``(name, range)`` for each figure, top to bottom; values outside [0, 1] are
            clamped to the axis.
        label: The chart's accessible name.

    Returns:
        The chart as inline SVG markup; an empty ``Markup`` when there is nothing to draw.
    """
    drawn = [(name, r) for name, r in bars if r.low is not None and r.high is not None]
    if not drawn:
        return Markup("")
    width, left, plot, lane, gap, top = 480.0, 150.0, 300.0, 12.0, 8.0, 6.0
    height = top + len(drawn) * (lane + gap) + 18.0

    def x(value: float) -> float:
        return left + plot * min(max(value, 0.0), 1.0)

    body: list[Markup] = []
    y = top
    for name, r in drawn:
        assert r.low is not None
        assert r.high is not None
        body.append(
            Markup('<text x="{}" y="{}" font-size="11" fill="#24292f">{}{}</text>').format(
                _n(4), _n(y + lane - 2), _short(name, 24), _title(name)
            )
        )
        body.append(
            Markup('<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#d0d7de"/>').format(
                _n(left), _n(y + lane / 2), _n(left + plot), _n(y + lane / 2)
            )
        )
        span = f"{name}: from {r.low:.3f} to {r.high:.3f}"
        if r.main is not None:
            span += f", {r.main:.3f} under the main readings"
        body.append(
            Markup(
                '<rect x="{}" y="{}" width="{}" height="{}" fill="#2b7bb9" opacity="0.45" '
                'rx="2">{}</rect>'
            ).format(
                _n(x(r.low)),
                _n(y + 2),
                _n(max(x(r.high) - x(r.low), 2.0)),
                _n(lane - 4),
                _title(span),
            )
        )
        if r.main is not None:
            body.append(
                Markup('<circle cx="{}" cy="{}" r="4" fill="#24292f">{}</circle>').format(
                    _n(x(r.main)), _n(y + lane / 2), _title(span)
                )
            )
        y += lane + gap
    for tick in (0.0, 0.5, 1.0):
        body.append(
            Markup('<text x="{}" y="{}" font-size="10" fill="#6e7781">{}</text>').format(
                _n(x(tick) - 6), _n(height - 4), f"{tick:g}"
            )
        )
    return _svg(width, height, label, body, "chart range-chart")


def section_context(result: RobustComparison) -> dict[str, Any]:
    """What a page needs to show a robust comparison's figures and fragile issues."""
    bars: list[tuple[str, FigureRange]] = [
        ("Compatibility index", result.compatibility),
        ("Mean gap", result.mean_gap),
    ]
    bars += [
        (f"{row.issue.title} (gap)", row.magnitude)
        for row in result.rows
        if not row.magnitude.robust
    ]
    return {
        "result": result,
        "scope": scope_words(result),
        "figures": list(figure_rows(result)),
        "chart": range_chart(bars, "Each figure's range over the readings"),
        "words": STATUS_WORDS,
    }


def robust_page(result: RobustComparison, render: Render) -> str:
    """A robust comparison as one self-contained HTML page."""
    cite = Citations()

    bars: list[tuple[str, FigureRange]] = [
        ("Compatibility index", result.compatibility),
        ("Mean gap", result.mean_gap),
    ]
    bars += [
        (f"{row.issue.title} (gap)", row.magnitude)
        for row in result.rows
        if not row.magnitude.robust
    ]
    readings: list[dict[str, Any]] = [
        {
            "variable": v,
            "choice": choice,
            "label": v.labels[k],
            "probability": format_fraction(v.probabilities[k]),
            "sources": cite_links(cite, v.sources[k]),
            "note": v.notes[k],
        }
        for v in result.variables
        for k, choice in enumerate(v.choices)
    ]
    return render(
        "robust.html",
        result=result,
        scope=scope_words(result),
        figures=list(figure_rows(result)),
        chart=range_chart(bars, "Each figure's range over the readings"),
        readings=readings,
        sources=listed_sources(cite),
        words=STATUS_WORDS,
        fraction=format_fraction,
    )


def sweep_page(result: FigureSweep, render: Render) -> str:
    """A figure sweep as one self-contained HTML page, numbers drawn as range bars."""
    bars = [(f.name, f.range) for f in result.figures if f.range is not None]
    return render(
        "sweep.html",
        result=result,
        scope=sweep_scope(result),
        rows=sweep_rows(result),
        chart=range_chart(bars, "Each figure's range over the readings"),
    )
