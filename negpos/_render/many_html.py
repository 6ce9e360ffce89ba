"""HTML pages for the many-party results, with a chart per issue on the issue's own axis.

Registered in ``html.py``, which hands over its template renderer, and imported when such a
page is rendered. The chart ([`ranges_chart`][negpos._render.many_html.ranges_chart]) draws,
per issue, one lane per party: what it accepts on the issue's own axis (the numeric scale,
the ordinal levels, the options, the items of a set), the plan's lane first and drawn darker,
so that a reader sees where the plan falls against each side's accepted range. The round
report draws the same chart for two sides, with the zone both accept or the gap between them
as a band across the lanes, and each side's preferred point (see
[`comparison_bands`][negpos._render.many_html.comparison_bands]). Like the other charts it is
built with ``Markup.format``, so analyst text is escaped.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Final, NamedTuple

from markupsafe import Markup

from negpos._analysis.common import CommonGround, GroundStatus
from negpos._analysis.plans import Fit, PlanAssessment
from negpos._analysis.reports import Citations
from negpos._model.issues import Issue, Kind, NumericIssue, OrdinalIssue
from negpos._model.stances import Stance
from negpos._render.many_text import (
    FIT_WORDS,
    GROUND_WORDS,
    ground_words,
    offered_words,
)
from negpos._render.svg import _FONT, _n, _short, _title
from negpos._render.view import cite_links, listed_sources
from negpos._render.words import clean_text, describe_stance, format_fraction, format_number

__all__ = [
    "CHARTED_KINDS",
    "FIT_COLOURS",
    "Band",
    "Lane",
    "common_page",
    "comparison_bands",
    "plan_page",
    "ranges_chart",
]

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
_GAP_COLOUR: Final = "#c2410c"

#: The kinds of issue a range chart draws: those with one axis of outcomes.
CHARTED_KINDS: Final = frozenset(
    (Kind.NUMERIC, Kind.ORDINAL, Kind.SET, Kind.BOOLEAN, Kind.CATEGORICAL)
)


class Lane(NamedTuple):
    """One row of a chart: a party's label, its stance (None when silent) and its colour."""

    label: str
    stance: Stance | None
    colour: str
    note: str = ""


class Band(NamedTuple):
    """A stretch of a chart's axis drawn across every lane: ``start`` to ``end`` in [0, 1].

    ``kind`` is ``zone`` (outcomes every side accepts) or ``gap`` (between the sides'
    ranges, or items one side requires and the other forbids); ``words`` is its tooltip.
    """

    start: float
    end: float
    kind: str
    words: str = ""


def _preferred(issue: Issue, stance: Stance) -> float | None:
    """Where a stance's preferred outcome lies on the axis, in [0, 1]; None if it has none."""
    preferred = getattr(stance, "preferred", None)
    if preferred is None:
        return None
    kind = issue.kind
    if kind is Kind.NUMERIC:
        assert isinstance(issue, NumericIssue)
        return issue.position(preferred)
    slots = len(_slots(issue))
    if kind is Kind.BOOLEAN:
        return (0.5 if preferred else 1.5) / slots
    index = issue.element_index.get(preferred)
    return None if index is None else (index + 0.5) / slots


def comparison_bands(issue: Issue, a: Stance, b: Stance) -> list[Band]:
    """The zone two stances share on an issue's axis, or the gap between them.

    Numeric issues: the overlap of the two intervals, else the stretch between them.
    Ordinal issues: the levels both ranges hold, else the levels between them. Boolean and
    categorical issues: the options both accept (no band when there is none). Set issues:
    the items both require, and, as gaps, the items one requires and the other forbids.

    Args:
        issue: The issue, of a kind in ``CHARTED_KINDS``.
        a: One side's stance.
        b: The other side's stance.

    Returns:
        The bands, left to right within each kind; empty for kinds not charted.
    """
    kind = issue.kind
    if kind not in CHARTED_KINDS:
        return []
    first, second = _segments(issue, a), _segments(issue, b)
    if kind in (Kind.NUMERIC, Kind.ORDINAL):
        (a0, a1, _), (b0, b1, _) = first[0], second[0]
        low, high = max(a0, b0), min(a1, b1)
        # Closed intervals touch at a shared value; ordinal levels cover whole slots.
        if low < high or (kind is Kind.NUMERIC and low == high):
            return [Band(low, high, "zone", "accepted by both")]
        return [Band(high, low, "gap", "accepted by neither: the gap between the ranges")]
    filled_a = {(s, e) for s, e, style in first if style == "fill"}
    filled_b = {(s, e) for s, e, style in second if style == "fill"}
    bands = [Band(s, e, "zone", "accepted by both") for s, e in sorted(filled_a & filled_b)]
    if kind is Kind.SET:
        words = "required by one side, forbidden by the other"
        forbid_a = {(s, e) for s, e, style in first if style != "fill"}
        forbid_b = {(s, e) for s, e, style in second if style != "fill"}
        clash = (filled_a & forbid_b) | (filled_b & forbid_a)
        bands += [Band(s, e, "gap", words) for s, e in sorted(clash)]
    return bands


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


def ranges_chart(
    issue: Issue,
    lanes: Sequence[Lane],
    label: str,
    *,
    bands: Sequence[Band] = (),
    preferred: bool = False,
    heading: str | None = None,
) -> Markup:
    """One issue's chart: each lane's accepted outcomes on the issue's own axis.

    Numeric issues run from the lower to the upper bound on the issue's scale (linear or
    log); ordinal issues show their levels in order, categorical and boolean issues their
    options, set issues their items (required filled, forbidden pale). Sequence and text
    issues have no single axis: the function returns an empty string for them.

    Args:
        issue: The issue.
        lanes: The rows to draw, top to bottom.
        label: The chart's accessible name.
        bands: Stretches of the axis to shade across every lane: the zone the sides share
            (green) or the gap between them (orange); see ``comparison_bands``.
        preferred: Mark each lane's preferred outcome, where its stance names one, with a
            ring.
        heading: A line of text drawn above the lanes, so that the chart reads on its own
            (on a slide); None for none.

    Returns:
        The chart as inline SVG markup, or an empty ``Markup`` for sequence and text issues.

    Examples:
        >>> import negpos
        >>> from negpos._render.many_html import Lane, ranges_chart
        >>> issue = negpos.bundled().issue("security.army_size")
        >>> str(ranges_chart(issue, [Lane("none", None, "#000")], "cap")).startswith("<svg")
        True
    """
    if issue.kind in (Kind.SEQUENCE, Kind.TEXT):
        return Markup("")
    width, left, plot, lane, gap = 400.0, 64.0, 320.0, 14.0, 6.0
    top = 8.0 if heading is None else 26.0
    height = top + len(lanes) * (lane + gap) + 20.0
    body: list[Markup] = []
    if heading is not None:
        body.append(
            Markup(
                '<text x="{}" y="{}" font-size="12" font-weight="600" fill="#1f2328">{}{}</text>'
            ).format(_n(4), _n(15), _short(heading, 56), _title(heading))
        )
    lanes_bottom = top + len(lanes) * (lane + gap) - gap
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
            spot = _preferred(issue, row.stance) if preferred else None
            if spot is not None:
                body.append(
                    Markup(
                        '<circle cx="{}" cy="{}" r="4.5" fill="#ffffff" stroke="#1f2328" '
                        'stroke-width="2">{}</circle>'
                    ).format(
                        _n(left + plot * spot),
                        _n(y + lane / 2),
                        _title(f"{row.label} prefers {_preferred_words(issue, row.stance)}"),
                    )
                )
        y += lane + gap
    shades = []
    for band in bands:
        x0 = left + plot * band.start
        w = max(plot * (band.end - band.start), 2.0)
        if band.kind == "zone":
            look = f'fill="{_ZONE_COLOUR}" fill-opacity="0.22" stroke="{_ZONE_COLOUR}"'
        else:
            look = f'fill="{_GAP_COLOUR}" fill-opacity="0.2" stroke="{_GAP_COLOUR}"'
        shades.append(
            Markup(
                '<rect class="band {}" x="{}" y="{}" width="{}" height="{}" {} '
                'stroke-dasharray="3 2">{}</rect>'
            ).format(
                band.kind,
                _n(x0),
                _n(top - 3),
                _n(w),
                _n(lanes_bottom - top + 6),
                Markup(look),
                _title(f"{band.kind}: {band.words}"),
            )
        )
    # Drawn over the lanes, translucent, so that both ranges show through the band.
    body += shades
    body += _axis(issue, left, plot, y + 8)
    head = Markup(
        '<svg class="chart ranges" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" '
        'role="img" aria-label="{}" ' + _FONT + ">"
    ).format(_n(width), _n(height), clean_text(label))
    return head + Markup("").join(body) + Markup("</svg>")


def _preferred_words(issue: Issue, stance: Stance) -> str:
    value = getattr(stance, "preferred", None)
    if isinstance(issue, NumericIssue) and isinstance(value, int | float):
        return f"{format_number(value)} {clean_text(issue.unit)}".strip()
    if isinstance(value, bool):
        return "yes" if value else "no"
    names = {e.id: e.name for e in issue.elements()}
    return names.get(str(value), str(value))


Render = Callable[..., str]


def plan_page(result: PlanAssessment, render: Render) -> str:
    """A plan assessment as one self-contained HTML page."""
    cite = Citations()
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
                "plan_sources": cite_links(cite, row.plan.sources),
                "plan_note": row.plan.note,
                "sides": [
                    {
                        "fit": f,
                        "word": FIT_WORDS[f.fit.value],
                        "colour": FIT_COLOURS[f.fit.value],
                        "words": None
                        if f.position is None
                        else describe_stance(row.issue, f.position.stance),
                        "sources": []
                        if f.position is None
                        else cite_links(cite, f.position.sources),
                        "note": None if f.position is None else f.position.note,
                    }
                    for f in row.sides
                ],
            }
        )
    return render(
        "plan.html",
        result=result,
        rows=rows,
        sources=listed_sources(cite),
        fraction=format_fraction,
        Fit=Fit,
        conditional=any(v.count(Fit.CONDITIONAL) for v in result.verdicts),
    )


def common_page(result: CommonGround, render: Render) -> str:
    """A common ground as one self-contained HTML page."""
    cite = Citations()
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
                        "sources": [] if position is None else cite_links(cite, position.sources),
                        "note": None if position is None else position.note,
                    }
                    for party, position in zip(row.parties, row.positions, strict=True)
                ],
            }
        )
    return render(
        "common.html",
        result=result,
        rows=rows,
        sources=listed_sources(cite),
        fraction=format_fraction,
        words=GROUND_WORDS,
        offered=offered_words(result),
        GroundStatus=GroundStatus,
    )
