"""HTML rendering: one self-contained page per report, from Jinja2 templates.

The page carries its CSS inline and its charts as inline SVG (``negpos._render.svg``); it loads
nothing and runs no script, prints cleanly and reflows on a phone.

Escaping: the templates are named ``*.html`` and the environment uses
``select_autoescape(["html"])``, so every value a template prints is escaped as HTML; no
template marks analyst text ``|safe``. Before escaping, the environment's ``finalize`` removes
control and format characters (line breaks stay, shown by CSS). The only markup that reaches
the page unescaped is the SVG charts, which ``negpos._render.svg`` builds with ``Markup.format`` so
that their own text is escaped too. Links are written only for http and https addresses.
"""

from __future__ import annotations

import datetime as _dt
import functools
from collections.abc import Iterable
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from negpos._analysis.changes import ChangeSet
from negpos._analysis.comparison import Comparison
from negpos._analysis.matrix import Matrix
from negpos._analysis.reports import (
    NegotiationReport,
    RoundReport,
    SourceIndex,
)
from negpos._analysis.trajectory import Trajectory
from negpos._model.documents import Source
from negpos._render import Result, refuse
from negpos._render.svg import (
    RED_LINE_COLOUR,
    STATUS_COLOURS,
    Series,
    gap_chart,
    index_chart,
    matrix_chart,
)
from negpos._render.view import View, web
from negpos._render.words import (
    FIRMNESS_WORDS,
    MOVEMENT_WORDS,
    STATUS_WORDS,
    category_title,
    clean_text,
    describe_stance,
    exploration_words,
    format_date,
    format_fraction,
    format_number,
    format_short_date,
)
from negpos.scenarios._search import Exploration

__all__ = ["render_result"]


def _finalize(value: Any) -> Any:
    # Runs on every {{ ... }} before autoescaping: None prints nothing, and analyst text
    # loses the control characters that HTML cannot carry (a bell, an escape, a bidi override).
    if value is None:
        return ""
    if isinstance(value, Markup):
        return value
    if isinstance(value, str):
        return clean_text(value, keep_newlines=True)
    return value


@functools.cache
def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("negpos._render", "templates/html"),
        autoescape=select_autoescape(["html"]),
        finalize=_finalize,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals.update(
        colours=sorted(STATUS_COLOURS.items()),
        red_line_colour=RED_LINE_COLOUR,
        status_word=lambda s: STATUS_WORDS[str(s)],
        firmness_word=lambda f: FIRMNESS_WORDS[str(f)],
        movement_word=lambda m: MOVEMENT_WORDS[str(m)],
        category_title=category_title,
        describe=describe_stance,
        fraction=format_fraction,
        number=format_number,
        date=format_date,
        web=web,
        plural=_plural,
        short_date=format_short_date,
        signed=_signed,
    )
    return env


def _signed(value: float | None, decimals: int) -> str:
    return "—" if value is None else f"{value:+.{decimals}f}"


def _plural(n: int, word: str, words: str | None = None) -> str:
    return f"{n} {word if n == 1 else (words or word + 's')}"


class _View(View):
    """The shared view, citing a source as a link to its address or to the sources list."""

    def cite(self, sources: Iterable[Source]) -> list[tuple[int, str, str]]:
        """(number, href, tooltip) for each source: the web address, or the sources list."""
        sources = tuple(sources)
        out = []
        for n, s in zip(self.sources.numbers(sources), sources, strict=True):
            tip = s.label if not s.section else f"{s.label}, {s.section}"
            out.append((n, web(s.url) or f"#source-{n}", tip))
        return out


def _convergence_chart(
    trajectories: Iterable[Trajectory], rounds: list[tuple[str, _dt.date, str]], view: _View
) -> Markup:
    """One line per pair over the given (id, date, label) rounds; holes where a pair is absent."""
    series = []
    for t in trajectories:
        points = view.points(t)
        series.append(
            Series(
                f"{view.name(t.party_a)} – {view.name(t.party_b)}",
                tuple(points.get(r) for r, _, _ in rounds),
            )
        )
    return index_chart(
        "Compatibility index across rounds",
        [format_short_date(d) for _, d, _ in rounds],
        [label for _, _, label in rounds],
        series,
    )


def _render(template: str, **context: Any) -> str:
    text = _environment().get_template(template).render(**context)
    return text if text.endswith("\n") else text + "\n"


def _round_report(report: RoundReport) -> str:
    view = _View(
        {p.id: p.name for p in report.parties},
        report.sources,
        anchors=(c.issue.id for c in report.comparison.rows),
    )
    rounds = {r.id: r for r in (*report.earlier, report.round)}
    return _render(
        "round.html",
        report=report,
        comparison=report.comparison,
        view=view,
        rounds=rounds,
        gap_chart=gap_chart(report.comparison, view.names),
    )


def _comparison(comparison: Comparison) -> str:
    a, b = comparison.party_a, comparison.party_b
    view = _View(
        {a: a, b: b},
        SourceIndex.of_comparison(comparison),
        anchors=(c.issue.id for c in comparison.rows),
    )
    return _render(
        "comparison.html",
        comparison=comparison,
        view=view,
        gap_chart=gap_chart(comparison, view.names),
    )


def _negotiation_report(report: NegotiationReport) -> str:
    view = _View({p.id: p.name for p in report.parties}, SourceIndex())
    rounds = [(r.id, r.date, r.label or r.id) for r in report.rounds]
    return _render(
        "negotiation.html",
        report=report,
        matrix=report.matrix,
        view=view,
        matrix_chart=matrix_chart(report.matrix, view.names),
        convergence_chart=_convergence_chart(report.trajectories, rounds, view),
    )


def _trajectory(t: Trajectory) -> str:
    view = _View({}, SourceIndex())
    rounds = [(p.round, p.date, p.round) for p in t.convergence.points]
    return _render(
        "trajectory.html",
        trajectory=t,
        view=view,
        convergence_chart=_convergence_chart([t], rounds, view),
    )


def _changes(changes: ChangeSet) -> str:
    index = SourceIndex.of_changes(changes)
    return _render("changes.html", changes=changes, view=_View({}, index))


def _matrix(matrix: Matrix) -> str:
    view = _View({}, SourceIndex())
    return _render(
        "matrix.html", matrix=matrix, view=view, matrix_chart=matrix_chart(matrix, view.names)
    )


def _exploration(found: Exploration) -> str:
    return _render(
        "exploration.html",
        found=found,
        view=_View({}, SourceIndex()),
        words=exploration_words(found),
    )


@functools.singledispatch
def _page(result: object) -> str:
    raise refuse(result)


_page.register(RoundReport, _round_report)
_page.register(NegotiationReport, _negotiation_report)
_page.register(Comparison, _comparison)
_page.register(Matrix, _matrix)
_page.register(ChangeSet, _changes)
_page.register(Trajectory, _trajectory)
_page.register(Exploration, _exploration)


def render_result(result: Result) -> str:
    """Render ``result`` as one self-contained HTML page.

    Raises:
        UsageError: The result is not something negpos renders.
    """
    return _page(result)
