"""HTML pages for the many-party results, with a chart per issue on the issue's own axis.

Registered in ``html.py``, which hands over its template renderer, and imported when such a
page is rendered. The chart ([`ranges_chart`][negpos._render.many_html.ranges_chart]) draws,
per issue, one lane per party: what it accepts on the issue's own axis (the numeric scale,
the ordinal levels, the options, the items of a set), the plan's lane first and drawn darker,
so that a reader sees where the plan falls against each side's accepted range. Like the
other charts it is built with ``Markup.format``, so analyst text is escaped.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Final, NamedTuple

from markupsafe import Markup

from negpos._analysis.common import CommonGround, GroundStatus
from negpos._analysis.plans import Fit, PlanAssessment
from negpos._model.documents import Position, Source
from negpos._model.issues import Issue, Kind, NumericIssue, OrdinalIssue
from negpos._model.stances import Stance
from negpos._render.many_text import (
    FIT_WORDS,
    GROUND_WORDS,
    ground_words,
    offered_words,
)
from negpos._render.svg import _FONT, _n, _short, _title
from negpos._render.view import web
from negpos._render.words import clean_text, describe_stance, format_fraction, format_number

__all__ = ["FIT_COLOURS", "Lane", "common_page", "plan_page", "ranges_chart"]

#: The colour of each fit, in the charts and the tables.
FIT_COLOURS: Final = {
    "inside": "#1a7f5a",
    "overlaps": "#2b7bb9",
    "conditional": "#9a6700",
    "outside": "#c2410c",
    "silent": "#6e7781",
    "uncomparable": "#a0a7b0",
}

_PLAN_COLOUR: Final = "#24292f"
_ZONE_COLOUR: Final = "#1a7f5a"
_FORBIDDEN: Final = "#f3c5b4"


class Lane(NamedTuple):
    """One row of a chart: a party's label, its stance (None when silent) and its colour."""

    label: str
    stance: Stance | None
    colour: str
    note: str = ""


def _slots(issue: Issue) -> list[str]:
    if issue.kind is Kind.BOOLEAN:
        return ["yes", "no"]
    return [e.name for e in issue.elements()]


def _segments(issue: Issue, stance: Stance) -> list[tuple[float, float, str]]:
    """Where a stance lies on the axis: (start, end, style) in [0, 1], style fill or forbid."""
    kind = issue.kind
    if kind is Kind.NUMERIC:
        assert isinstance(issue, NumericIssue)
        low, high = stance.interval(issue)  # type: ignore[attr-defined]
        return [(issue.position(low), issue.position(high), "fill")]
    slots = len(_slots(issue))
    if kind is Kind.ORDINAL:
        assert isinstance(issue, OrdinalIssue)
        lo = issue.rank(stance.lowest)  # type: ignore[attr-defined]
        hi = issue.rank(stance.highest)  # type: ignore[attr-defined]
        return [(lo / slots, (hi + 1) / slots, "fill")]
    if kind is Kind.BOOLEAN:
        index = {True: 0, False: 1}
        return [
            (index[v] / slots, (index[v] + 1) / slots, "fill")
            for v in stance.accepts  # type: ignore[attr-defined]
        ]
    rank = issue.element_index
    if kind is Kind.CATEGORICAL:
        return [
            (rank[v] / slots, (rank[v] + 1) / slots, "fill")
            for v in stance.accepts  # type: ignore[attr-defined]
        ]
    if kind is Kind.SET:
        out = [
            (rank[v] / slots, (rank[v] + 1) / slots, "fill")
            for v in stance.requires  # type: ignore[attr-defined]
        ]
        out += [
            (rank[v] / slots, (rank[v] + 1) / slots, "forbid")
            for v in stance.forbids  # type: ignore[attr-defined]
        ]
        return out
    return []


def _axis(issue: Issue, left: float, plot: float, y: float) -> list[Markup]:
    body: list[Markup] = []
    if issue.kind is Kind.NUMERIC:
        assert isinstance(issue, NumericIssue)
        low, high = issue.bounds
        for value, anchor, x in (
            (format_number(low), "start", left),
            (format_number(high), "end", left + plot),
        ):
            body.append(
                Markup(
                    '<text x="{}" y="{}" font-size="10.5" fill="#57606a" text-anchor="{}">{}</text>'
                ).format(_n(x), _n(y), anchor, f"{value} {clean_text(issue.unit)}")
            )
        return body
    slots = _slots(issue)
    width = plot / len(slots)
    for k, name in enumerate(slots):
        x = left + width * (k + 0.5)
        body.append(
            Markup(
                '<text x="{}" y="{}" font-size="9.5" fill="#57606a" '
                'text-anchor="middle">{}{}</text>'
            ).format(_n(x), _n(y), _short(name, max(3, int(width / 6))), _title(name))
        )
    return body


def ranges_chart(issue: Issue, lanes: Sequence[Lane], label: str) -> Markup:
    """One issue's chart: each lane's accepted outcomes on the issue's own axis.

    Numeric issues run from the lower to the upper bound on the issue's scale (linear or
    log); ordinal issues show their levels in order, categorical and boolean issues their
    options, set issues their items (required filled, forbidden pale). Sequence and text
    issues have no single axis: the function returns an empty string for them.

    Args:
        issue: The issue.
        lanes: The rows to draw, top to bottom.
        label: The chart's accessible name.

    Returns:
        The chart as inline SVG markup, or an empty ``Markup`` for sequence and text issues.
    """
    if issue.kind in (Kind.SEQUENCE, Kind.TEXT):
        return Markup("")
    width, left, plot, lane, gap = 400.0, 64.0, 320.0, 14.0, 6.0
    top = 8.0
    height = top + len(lanes) * (lane + gap) + 20.0
    body: list[Markup] = []
    y = top
    for row in lanes:
        body.append(
            Markup('<text x="{}" y="{}" font-size="11" fill="#24292f">{}</text>').format(
                _n(4), _n(y + lane - 3), _short(row.label, 10)
            )
        )
        body.append(
            Markup(
                '<rect x="{}" y="{}" width="{}" height="{}" fill="#f6f8fa" stroke="#d0d7de"/>'
            ).format(_n(left), _n(y), _n(plot), _n(lane))
        )
        if row.stance is None:
            body.append(
                Markup('<text x="{}" y="{}" font-size="10" fill="#6e7781">{}</text>').format(
                    _n(left + 4), _n(y + lane - 3), row.note or "silent"
                )
            )
        else:
            words = describe_stance(issue, row.stance)
            for start, end, style in _segments(issue, row.stance):
                x0 = left + plot * start
                w = max(plot * (end - start), 2.0)
                fill = row.colour if style == "fill" else _FORBIDDEN
                body.append(
                    Markup(
                        '<rect x="{}" y="{}" width="{}" height="{}" fill="{}" rx="2">{}</rect>'
                    ).format(
                        _n(x0),
                        _n(y + 2),
                        _n(w),
                        _n(lane - 4),
                        fill,
                        _title(f"{row.label}: {words}" + (" (forbids)" if style != "fill" else "")),
                    )
                )
        y += lane + gap
    body += _axis(issue, left, plot, y + 8)
    head = Markup(
        '<svg class="chart ranges" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" '
        'role="img" aria-label="{}" ' + _FONT + ">"
    ).format(_n(width), _n(height), clean_text(label))
    return head + Markup("").join(body) + Markup("</svg>")


class _Cite:
    """Numbers for the sources cited on the page, in order of first citation."""

    def __init__(self) -> None:
        self.numbers: dict[Source, int] = {}

    def __call__(self, position: Position | None) -> list[tuple[int, str | None]]:
        if position is None:
            return []
        return [
            (self.numbers.setdefault(s, len(self.numbers) + 1), web(s.url))
            for s in position.sources
        ]

    def listed(self) -> list[tuple[int, Source, str | None]]:
        return [(n, s, web(s.url)) for s, n in self.numbers.items()]


Render = Callable[..., str]


def plan_page(result: PlanAssessment, render: Render) -> str:
    """A plan assessment as one self-contained HTML page."""
    cite = _Cite()
    rows: list[dict[str, Any]] = []
    for row in result.rows:
        lanes = [Lane(f"plan ({result.plan})", row.plan.stance, _PLAN_COLOUR)]
        lanes += [
            Lane(
                f.party,
                None if f.position is None else f.position.stance,
                FIT_COLOURS[f.fit.value],
            )
            for f in row.sides
        ]
        chart = ranges_chart(
            row.issue, lanes, f"{row.issue.title}: the plan against each side's accepted range"
        )
        rows.append(
            {
                "row": row,
                "chart": chart,
                "plan_words": describe_stance(row.issue, row.plan.stance),
                "plan_sources": cite(row.plan),
                "sides": [
                    {
                        "fit": f,
                        "word": FIT_WORDS[f.fit.value],
                        "colour": FIT_COLOURS[f.fit.value],
                        "words": None
                        if f.position is None
                        else describe_stance(row.issue, f.position.stance),
                        "sources": cite(f.position),
                    }
                    for f in row.sides
                ],
            }
        )
    return render(
        "plan.html",
        result=result,
        rows=rows,
        sources=cite.listed(),
        fraction=format_fraction,
        Fit=Fit,
        conditional=any(v.count(Fit.CONDITIONAL) for v in result.verdicts),
    )


def common_page(result: CommonGround, render: Render) -> str:
    """A common ground as one self-contained HTML page."""
    cite = _Cite()
    rows: list[dict[str, Any]] = []
    for row in result.rows:
        lanes = []
        if row.zone is not None:
            lanes.append(Lane("all", row.zone, _ZONE_COLOUR))
        blockers = set(row.blockers)
        for party, position in zip(row.parties, row.positions, strict=True):
            colour = FIT_COLOURS["outside"] if party in blockers else FIT_COLOURS["overlaps"]
            lanes.append(Lane(party, None if position is None else position.stance, colour))
        rows.append(
            {
                "row": row,
                "status": ground_words(row),
                "chart": ranges_chart(row.issue, lanes, f"{row.issue.title}: each party's range"),
                "zone": None if row.zone is None else describe_stance(row.issue, row.zone),
                "parties": [
                    {
                        "party": party,
                        "words": None
                        if position is None
                        else describe_stance(row.issue, position.stance),
                        "red_line": position is not None and position.red_line,
                        "sources": cite(position),
                    }
                    for party, position in zip(row.parties, row.positions, strict=True)
                ],
            }
        )
    return render(
        "common.html",
        result=result,
        rows=rows,
        sources=cite.listed(),
        fraction=format_fraction,
        words=GROUND_WORDS,
        offered=offered_words(result),
        GroundStatus=GroundStatus,
    )
