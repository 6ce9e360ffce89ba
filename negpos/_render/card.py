"""The card a notebook shows for a result: headline figures, a small chart, a pointer.

A notebook (Jupyter, VS Code) calls a result's ``_repr_html_`` to display it. The whole report
would flood the notebook (a comparison's runs to a hundred kilobytes) and carry the page's
styles into it, so a result shows as a card instead: what it is, its headline figures each
with its label, one small bar chart of its counts at a fixed maximum width, and how to get
the full report and the table.

The card is self-contained (inline styles only, no script, no external resource), escapes
every text it shows (control characters are removed first, as in the reports), and is
deterministic.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from typing import Any, Final

import attrs
from markupsafe import Markup, escape

from negpos._analysis.agreement import Agreement
from negpos._analysis.changes import ChangeSet, Movement
from negpos._analysis.common import CommonGround, GroundStatus
from negpos._analysis.comparison import Comparison, Status, Summary
from negpos._analysis.matrix import Matrix
from negpos._analysis.plans import Fit, PlanAssessment
from negpos._analysis.reports import NegotiationReport, RoundReport
from negpos._analysis.robust import FigureSweep, RobustComparison
from negpos._analysis.trajectory import Trajectory
from negpos._errors import clean_text
from negpos._render.svg import STATUS_COLOURS
from negpos._render.words import MOVEMENT_WORDS, STATUS_WORDS, format_fraction
from negpos.scenarios._search import Exploration

__all__ = ["Bar", "Card", "card", "card_html"]

#: The widest the card and its chart are drawn, in CSS pixels.
MAX_WIDTH: Final = 560

#: How many bars the chart draws at most; the card says how many it left out.
MAX_BARS: Final = 12

_MUTED: Final = "#57606a"
_MOVEMENT_COLOURS: Final = {
    "added": "#2b7bb9",
    "dropped": "#8c959f",
    "into_options": "#b7791f",
    "unchanged": "#d0d7de",
    "concession": "#1a7f5a",
    "hardening": "#c2410c",
    "lateral": "#6e7781",
}
_FIT_COLOURS: Final = {
    "inside": "#1a7f5a",
    "overlaps": "#2b7bb9",
    "conditional": "#b7791f",
    "outside": "#c2410c",
    "silent": "#d0d7de",
    "uncomparable": "#a0a7b0",
}
_GROUND_COLOURS: Final = {**STATUS_COLOURS, "partial": "#d0d7de"}


@attrs.frozen
class Bar:
    """One bar of the card's chart: a label and counts, each with its name and colour."""

    label: str
    segments: tuple[tuple[str, int, str], ...]


@attrs.frozen
class Card:
    """What a card shows: a kicker, a heading, figures, bars and the ways to get more."""

    kicker: str
    heading: str
    figures: tuple[tuple[str, str], ...] = ()
    bars: tuple[Bar, ...] = ()
    hidden: int = 0
    frame: bool = True


def _words(value: str, words: dict[str, str]) -> str:
    return words.get(value, value.replace("_", " "))


def _status_bar(label: str, summary: Summary) -> Bar:
    return Bar(
        label,
        tuple(
            (_words(s.value, STATUS_WORDS), n, STATUS_COLOURS[s.value]) for s, n in summary.counts
        ),
    )


def _pair(party_a: str, party_b: str, round_a: str | None, round_b: str | None) -> str:
    if round_a == round_b:
        return f"{party_a} and {party_b}" + (f" at {round_a}" if round_a else "")
    return f"{party_a} at {round_a} and {party_b} at {round_b}"


def _comparison_figures(summary: Summary) -> tuple[tuple[str, str], ...]:
    return (
        (format_fraction(summary.compatibility), "compatibility index (0 to 1)"),
        (format_fraction(summary.mean_gap), "mean gap"),
        (str(summary.red_line_count), "red lines in conflict"),
        (str(summary.total), "issues"),
    )


def _limit(bars: Sequence[Bar]) -> tuple[tuple[Bar, ...], int]:
    return tuple(bars[:MAX_BARS]), max(0, len(bars) - MAX_BARS)


@functools.singledispatch
def card(result: object) -> Card:
    """What the notebook card of ``result`` shows.

    Args:
        result: Any result; those without figures of their own show their one-line repr.

    Returns:
        The [`Card`][negpos._render.card.Card].
    """
    return Card(type(result).__name__, repr(result), frame=False)


@card.register(Comparison)
def _(result: Comparison) -> Card:
    return Card(
        "Comparison",
        _pair(result.party_a, result.party_b, result.round_a, result.round_b),
        _comparison_figures(result.summary),
        (_status_bar("issues", result.summary),),
    )


@card.register(RobustComparison)
def _(result: RobustComparison) -> Card:
    c = result.comparison
    index = result.compatibility
    red = result.red_line_conflicts
    span = f"{format_fraction(index.low)} to {format_fraction(index.high)}"
    reds = f"{red.low:g} to {red.high:g}" if red.low is not None and red.high is not None else "—"
    method = "all" if result.exact else f"{result.evaluated} sampled"
    return Card(
        "Robust comparison",
        _pair(c.party_a, c.party_b, c.round_a, c.round_b),
        (
            (span, f"compatibility index over the readings (main {format_fraction(index.main)})"),
            (reds, "red lines in conflict"),
            (str(result.combinations), f"combinations of readings ({method} evaluated)"),
        ),
        (_status_bar("main reading", c.summary),),
        frame=False,
    )


@card.register(RoundReport)
def _(result: RoundReport) -> Card:
    c = result.comparison
    a, b = (p.id for p in result.parties)
    return Card(
        "Round report",
        f"{result.title}: {a} and {b} at {result.round.id}",
        _comparison_figures(c.summary),
        (_status_bar("issues", c.summary),),
        frame=False,
    )


def _matrix_bars(matrix: Matrix) -> tuple[tuple[Bar, ...], int]:
    return _limit([_status_bar(f"{p.party_a}–{p.party_b}", p.summary) for p in matrix.pairs])


@card.register(Matrix)
def _(result: Matrix) -> Card:
    indices = [p.summary.compatibility for p in result.pairs]
    known = [i for i in indices if i is not None]
    bars, hidden = _matrix_bars(result)
    return Card(
        "Matrix",
        f"{len(result.parties)} parties at {result.round}",
        (
            (str(len(result.pairs)), "pairs"),
            (format_fraction(max(known) if known else None), "highest compatibility index"),
            (format_fraction(min(known) if known else None), "lowest compatibility index"),
        ),
        bars,
        hidden,
    )


@card.register(NegotiationReport)
def _(result: NegotiationReport) -> Card:
    bars, hidden = _matrix_bars(result.matrix)
    return Card(
        "Negotiation report",
        result.title,
        (
            (str(len(result.parties)), "parties"),
            (str(len(result.rounds)), "rounds"),
            (str(len(result.trajectories)), "pairs followed across the rounds"),
        ),
        bars,
        hidden,
        frame=False,
    )


@card.register(Trajectory)
def _(result: Trajectory) -> Card:
    points = result.convergence.points
    first = points[0].compatibility if points else None
    last = points[-1].compatibility if points else None
    slope = result.convergence.slope_per_round
    counts: list[dict[Status, int]] = [{} for _ in result.rounds]
    for row in result.rows:
        for k, point in enumerate(row.points):
            if point.status is not None:
                counts[k][point.status] = counts[k].get(point.status, 0) + 1
    bars = [
        Bar(
            rid,
            tuple(
                (_words(s.value, STATUS_WORDS), tally.get(s, 0), STATUS_COLOURS[s.value])
                for s in Status
            ),
        )
        for rid, tally in zip(result.rounds, counts, strict=True)
    ]
    shown, hidden = _limit(bars)
    return Card(
        "Trajectory",
        f"{result.party_a} and {result.party_b} over {len(result.rounds)} rounds",
        (
            (f"{format_fraction(first)} → {format_fraction(last)}", "compatibility index"),
            ("—" if slope is None else f"{slope:+.3f}", "change of the index per round"),
            (str(len(result.rows)), "issues"),
        ),
        shown,
        hidden,
    )


@card.register(ChangeSet)
def _(result: ChangeSet) -> Card:
    tally = dict.fromkeys(Movement, 0)
    for row in result.rows:
        tally[row.movement] += 1
    against = f" against {result.counterpart}" if result.counterpart else ""
    return Card(
        "Changes",
        f"{result.party}, {result.from_round} → {result.to_round}{against}",
        (
            (str(tally[Movement.CONCESSION]), "concessions"),
            (str(tally[Movement.HARDENING]), "hardenings"),
            (str(len(result.rows)), "issues"),
        ),
        (
            Bar(
                "issues",
                tuple(
                    (_words(m.value, MOVEMENT_WORDS), n, _MOVEMENT_COLOURS[m.value])
                    for m, n in tally.items()
                ),
            ),
        ),
    )


@card.register(CommonGround)
def _(result: CommonGround) -> Card:
    s = result.summary
    at = f" at {result.round}" if result.round else ""
    return Card(
        "Common ground",
        ", ".join(result.parties) + at,
        (
            (format_fraction(s.index), "common-ground index (0 to 1)"),
            (format_fraction(s.mean_gap), "mean gap"),
            (str(s.red_line_count), "red lines in conflict"),
            (str(s.total), "issues"),
        ),
        (
            Bar(
                "issues",
                tuple(
                    (g.value.replace("_", " "), s.count(g), _GROUND_COLOURS.get(g.value, _MUTED))
                    for g in GroundStatus
                ),
            ),
        ),
    )


@card.register(PlanAssessment)
def _(result: PlanAssessment) -> Card:
    at = f" at {result.round}" if result.round else ""
    lean = result.leans_toward or "no side"
    bars = [
        Bar(
            v.party,
            tuple(
                (f.value.replace("_", " "), dict(v.counts).get(f, 0), _FIT_COLOURS[f.value])
                for f in Fit
            ),
        )
        for v in result.verdicts
    ]
    shown, hidden = _limit(bars)
    return Card(
        "Plan assessment",
        f"{result.plan}'s plan{at}, against {', '.join(result.sides)}",
        (
            (lean, "the plan leans toward"),
            (format_fraction(result.lean), "lean (0 is even)"),
            (str(len(result.rows)), "issues"),
        ),
        shown,
        hidden,
    )


@card.register(Agreement)
def _(result: Agreement) -> Card:
    s = result.summary
    return Card(
        "Agreement",
        f"{result.title}: {', '.join(result.coders)}",
        (
            (format_fraction(s.stance), "stance alpha"),
            (str(s.units), "units coded"),
            (str(s.disagreements), "units the coders differ on"),
        ),
    )


@card.register(FigureSweep)
def _(result: FigureSweep) -> Card:
    figures = []
    for f in result.figures[:6]:
        r = f.range
        if r is not None and r.low is not None and r.high is not None:
            figures.append((f"{r.low:.4g} to {r.high:.4g}", f.name))
        else:
            figures.append((f"{len(set(map(repr, f.values)))} values", f.name))
    return Card(
        "Figures over the readings",
        f"{len(result.figures)} figures, {result.combinations} combinations of readings",
        tuple(figures),
        frame=False,
    )


@card.register(Exploration)
def _(result: Exploration[Any]) -> Card:
    best = result.best
    return Card(
        "Exploration",
        result.goal,
        (
            ("—" if best is None else f"{best.cost:g}", "cost of the cheapest moves"),
            ("—" if best is None else str(len(best.moves)), "moves"),
            (str(result.solution_count), "cheapest solutions"),
            (str(len(result.pivotal)), "pivotal moves"),
        ),
        frame=False,
    )


def _text(value: str) -> Markup:
    return escape(clean_text(value))


def _chart(bars: Sequence[Bar]) -> Markup:
    # One stacked horizontal bar per row, proportional to the counts, labelled on the left;
    # the SVG scales down with the card and never draws wider than MAX_WIDTH.
    label_width, bar_width, row, gap = 120, 400, 16, 6
    height = len(bars) * (row + gap) - gap
    width = label_width + bar_width
    parts = [
        Markup(
            '<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {w} {h}" '
            'width="100%" style="display:block;max-width:{mw}px;height:auto;margin:0.5em 0" '
            'aria-label="counts by kind">'
        ).format(w=width, h=height, mw=MAX_WIDTH)
    ]
    for k, bar in enumerate(bars):
        y = k * (row + gap)
        label = clean_text(bar.label)
        if len(label) > 18:
            label = label[:17] + "…"
        parts.append(
            Markup(
                '<text x="{x}" y="{y}" font-size="12" text-anchor="end" fill="{c}" '
                'font-family="system-ui, sans-serif">{t}</text>'
            ).format(x=label_width - 6, y=y + row - 4, c=_MUTED, t=label)
        )
        total = sum(n for _, n, _ in bar.segments)
        x = float(label_width)
        for name, count, colour in bar.segments:
            if not count or not total:
                continue
            w = bar_width * count / total
            parts.append(
                Markup(
                    '<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{h}" fill="{c}">'
                    "<title>{n} {t}</title></rect>"
                ).format(x=x, y=y, w=w, h=row, c=colour, n=count, t=clean_text(name))
            )
            x += w
    parts.append(Markup("</svg>"))
    return Markup("").join(parts)


def _legend(bars: Iterable[Bar]) -> Markup:
    totals: dict[str, tuple[int, str]] = {}
    for bar in bars:
        for name, count, colour in bar.segments:
            seen, _ = totals.get(name, (0, colour))
            totals[name] = (seen + count, colour)
    items = [
        Markup(
            '<span style="white-space:nowrap;margin-right:1em">'
            '<span style="display:inline-block;width:0.8em;height:0.8em;background:{c};'
            'margin-right:0.3em;vertical-align:-0.1em"></span>{n}&nbsp;{t}</span> '
        ).format(c=colour, n=count, t=clean_text(name))
        for name, (count, colour) in totals.items()
        if count
    ]
    return Markup('<p style="margin:0.25em 0;font-size:0.85em">{}</p>').format(
        Markup("").join(items)
    )


def card_html(result: object) -> str:
    """The notebook card of ``result``, as an HTML fragment.

    Args:
        result: A result of the analyses, or any object with a repr.

    Returns:
        A ``<div class="negpos-card">`` with inline styles: the kind of result, its subject,
        its headline figures (each value above its label), a small stacked bar chart of its
        counts, and how to get the full report. Every text is escaped.

    Examples:
        >>> import negpos
        >>> html = card_html(negpos.bundled().compare("ru", "ua", round_id="istanbul-2"))
        >>> "<dd" in html and "compatibility index" in html and "to_html()" in html
        True
    """
    c = card(result)
    figures = Markup("").join(
        Markup(
            '<div style="min-width:7em"><dt style="font-size:0.85em;color:{m}">{label}</dt>'
            '<dd style="margin:0;font-size:1.25em;font-weight:600">{value}</dd></div>'
        ).format(m=_MUTED, label=clean_text(label), value=clean_text(value))
        for value, label in c.figures
    )
    body = [
        Markup(
            '<div class="negpos-card" style="max-width:{mw}px;border:1px solid #d0d7de;'
            'border-radius:6px;padding:0.6em 1em;margin:0.25em 0">'
        ).format(mw=MAX_WIDTH),
        Markup(
            '<p style="margin:0;font-size:0.8em;letter-spacing:0.04em;'
            'text-transform:uppercase;color:{m}">{k}</p>'
        ).format(m=_MUTED, k=_text(c.kicker)),
        Markup('<p style="margin:0.1em 0 0.5em;font-weight:600">{h}</p>').format(
            h=_text(c.heading)
        ),
    ]
    if c.figures:
        body.append(
            Markup(
                '<dl style="display:flex;flex-wrap:wrap;gap:0.4em 1.5em;margin:0 0 0.4em">{f}</dl>'
            ).format(f=figures)
        )
    if c.bars:
        body.append(_chart(c.bars))
        body.append(_legend(c.bars))
        if c.hidden:
            body.append(
                Markup('<p style="margin:0;font-size:0.85em;color:{m}">and {n} more</p>').format(
                    m=_MUTED, n=c.hidden
                )
            )
    more = (
        "The full report: <code>result.to_html()</code>, <code>result.to_markdown()</code> "
        'or <code>negpos.render(result, "html")</code>'
    )
    if c.frame:
        more += "; the table: <code>result.to_frame()</code>"
    body.append(
        Markup('<p style="margin:0.4em 0 0;font-size:0.85em;color:{m}">{t}.</p>').format(
            m=_MUTED, t=Markup(more)
        )
    )
    body.append(Markup("</div>\n"))
    return str(Markup("").join(body))
