"""The charts of each HTML page, by name, and each as a standalone SVG file.

The HTML renderer asks this module for a page's charts, and [`charts`][negpos.charts] hands
the same charts out one by one, so that a chart saved for a slide is the chart of the page.
Names are stable: ``matrix`` and ``convergence`` for a whole negotiation, ``ranges-<issue id>``
for each issue a round report or comparison draws on its own axis, ``robust`` for the figures
under every reading, ``convergence`` for a trajectory.

A standalone SVG ([`standalone_svg`][negpos._render.charting.standalone_svg]) is the inline chart
with an XML declaration, the SVG version, and a width and height in pixels taken from its
``viewBox``; the font family is written on the root element, and a chart refers to nothing
outside itself (no link, image, style sheet or font file).
"""

from __future__ import annotations

import datetime as _dt
import functools
import re
from collections.abc import Iterable, Mapping
from typing import Final

from markupsafe import Markup

from negpos._analysis.comparison import Comparison, IssueComparison
from negpos._analysis.matrix import Matrix
from negpos._analysis.reports import NegotiationReport, RoundReport
from negpos._analysis.trajectory import Trajectory
from negpos._render import refuse
from negpos._render.many_html import CHARTED_KINDS, Lane, comparison_bands, ranges_chart
from negpos._render.svg import Series, _short, index_chart, matrix_chart
from negpos._render.words import STATUS_WORDS, format_fraction, format_short_date

__all__ = ["PARTY_COLOURS", "convergence_chart", "page_charts", "range_charts", "standalone_svg"]

#: The colours of the first and second party's lanes in the range charts.
PARTY_COLOURS: Final = ("#0072b2", "#8250df")


def range_charts(rows: Iterable[IssueComparison], names: Mapping[str, str]) -> dict[str, Markup]:
    """A range chart for every issue both sides address on an axis, by ``ranges-<issue id>``.

    Each chart draws the two sides' accepted outcomes on the issue's own axis, the zone both
    accept or the gap between them, and the outcome each prefers where it names one; the
    issue's title and its status head the chart. Issues one side alone addresses, and
    sequence and text issues, have none.

    Args:
        rows: The issues of a comparison, in the order to draw them.
        names: Party names by id.

    Returns:
        The charts as inline SVG markup, in the order of ``rows``.
    """
    out: dict[str, Markup] = {}
    for c in rows:
        a, b = c.position_a, c.position_b
        if a is None or b is None or c.issue.kind not in CHARTED_KINDS:
            continue
        status = STATUS_WORDS[c.status.value]
        if c.magnitude is not None and c.status.value == "gap":
            status += f" {format_fraction(c.magnitude)}"
        lanes = [
            Lane(names.get(c.party_a, c.party_a), a.stance, PARTY_COLOURS[0]),
            Lane(names.get(c.party_b, c.party_b), b.stance, PARTY_COLOURS[1]),
        ]
        out[f"ranges-{c.issue.id}"] = ranges_chart(
            c.issue,
            lanes,
            f"{c.issue.title}: each side's accepted range ({status})",
            bands=comparison_bands(c.issue, a.stance, b.stance),
            preferred=True,
            # The title gives way to the status, which must show in full.
            heading=f"{_short(c.issue.title, 53 - len(status))} — {status}",
        )
    return out


def convergence_chart(
    trajectories: Iterable[Trajectory],
    rounds: list[tuple[str, _dt.date, str]],
    names: Mapping[str, str],
) -> Markup:
    """One line per pair over the given (id, date, label) rounds, spaced by date.

    Args:
        trajectories: The pairs to draw.
        rounds: The rounds of the x axis, in date order.
        names: Party names by id.

    Returns:
        The chart as inline SVG markup.
    """
    series = []
    for t in trajectories:
        points = {p.round: p.compatibility for p in t.convergence.points}
        series.append(
            Series(
                f"{names.get(t.party_a, t.party_a)} – {names.get(t.party_b, t.party_b)}",
                tuple(points.get(r) for r, _, _ in rounds),
            )
        )
    return index_chart(
        "Compatibility index across rounds",
        [format_short_date(d) for _, d, _ in rounds],
        [label for _, _, label in rounds],
        series,
        dates=[d for _, d, _ in rounds],
    )


@functools.singledispatch
def page_charts(result: object) -> dict[str, Markup]:
    """The charts of a result's HTML page, by name, in the order the page shows them.

    Raises:
        UsageError: negpos draws no charts for such a result.
    """
    raise refuse(result)


@page_charts.register
def _round_report(report: RoundReport) -> dict[str, Markup]:
    names = {p.id: p.name for p in report.parties}
    out = range_charts(report.comparison.rows, names)
    if report.robust is not None:
        from negpos._render.robust_html import section_context

        chart = section_context(report.robust)["chart"]
        if chart:
            out["robust"] = chart
    return out


@page_charts.register
def _comparison(comparison: Comparison) -> dict[str, Markup]:
    return range_charts(comparison.rows, {})


@page_charts.register
def _negotiation_report(report: NegotiationReport) -> dict[str, Markup]:
    names = {p.id: p.name for p in report.parties}
    rounds = [(r.id, r.date, r.label or r.id) for r in report.rounds]
    return {
        "matrix": matrix_chart(report.matrix, names),
        "convergence": convergence_chart(report.trajectories, rounds, names),
    }


@page_charts.register
def _matrix(matrix: Matrix) -> dict[str, Markup]:
    return {"matrix": matrix_chart(matrix, {})}


@page_charts.register
def _trajectory(t: Trajectory) -> dict[str, Markup]:
    rounds = [(p.round, p.date, p.round) for p in t.convergence.points]
    return {"convergence": convergence_chart([t], rounds, {})}


_VIEW_BOX: Final = re.compile(r'viewBox="0 0 ([0-9.]+) ([0-9.]+)"')


def standalone_svg(chart: Markup) -> str:
    """An inline chart as an SVG file of its own: XML declaration, version, width and height.

    Args:
        chart: A chart as the pages inline it (``<svg ... viewBox="0 0 W H" ...>``).

    Returns:
        The file's text, ending with a line break.

    Examples:
        >>> text = standalone_svg(Markup('<svg viewBox="0 0 40.0 20.0"></svg>'))
        >>> print(text, end="")
        <?xml version="1.0" encoding="UTF-8"?>
        <svg version="1.1" width="40" height="20" viewBox="0 0 40.0 20.0"></svg>
    """
    text = str(chart)
    size = _VIEW_BOX.search(text)
    if size is None or not text.startswith("<svg "):
        raise ValueError("not a chart: an <svg> element with a viewBox was expected")
    width, height = (f"{float(v):g}" for v in size.groups())
    body = f'<svg version="1.1" width="{width}" height="{height}" ' + text.removeprefix("<svg ")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{body}\n'
