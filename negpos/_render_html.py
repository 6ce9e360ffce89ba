"""HTML rendering: one self-contained page per report, from Jinja2 templates.

The page carries its CSS inline and its charts as inline SVG (``negpos._svg``); it loads
nothing and runs no script, prints cleanly and reflows on a phone.

Escaping: the templates are named ``*.html`` and the environment uses
``select_autoescape(["html"])``, so every value a template prints is escaped as HTML; no
template marks analyst text ``|safe``. Before escaping, the environment's ``finalize`` removes
control and format characters (line breaks stay, shown by CSS). The only markup that reaches
the page unescaped is the SVG charts, which ``negpos._svg`` builds with ``Markup.format`` so
that their own text is escaped too. Links are written only for http and https addresses.
"""

from __future__ import annotations

import datetime as _dt
import functools
from collections.abc import Iterable, Mapping
from typing import Any

import attrs
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from negpos._changes import ChangeSet, Movement
from negpos._comparison import Comparison, IssueComparison
from negpos._describe import (
    FIRMNESS_WORDS,
    MOVEMENT_WORDS,
    STATUS_WORDS,
    category_title,
    clean_text,
    comparison_details,
    describe_stance,
    format_date,
    format_fraction,
    format_number,
    format_short_date,
)
from negpos._documents import Position, Source
from negpos._matrix import Matrix
from negpos._render import Result
from negpos._report import NegotiationReport, RoundReport, SourceIndex, moved, positions_cited
from negpos._svg import (
    RED_LINE_COLOUR,
    STATUS_COLOURS,
    Series,
    gap_chart,
    index_chart,
    matrix_chart,
)
from negpos._trajectory import Trajectory, TrajectoryRow

__all__ = ["to_html"]


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
        loader=PackageLoader("negpos", "templates"),
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
        web=_web,
        plural=_plural,
        short_date=format_short_date,
        signed=_signed,
    )
    return env


def _web(url: str | None) -> str | None:
    """The address if it is an http or https one, else None: nothing else becomes a link."""
    if url is not None and url.startswith(("https://", "http://")):
        return url
    return None


def _signed(value: float | None, decimals: int) -> str:
    return "—" if value is None else f"{value:+.{decimals}f}"


def _plural(n: int, word: str, words: str | None = None) -> str:
    return f"{n} {word if n == 1 else (words or word + 's')}"


@attrs.frozen
class _RoundRef:
    """A round known only by its id and date (a trajectory rendered on its own)."""

    id: str
    date: _dt.date
    label: str | None = None


class _View:
    """What the templates need beside the results: names, citations, details."""

    def __init__(
        self,
        names: Mapping[str, str],
        sources: SourceIndex,
        *,
        anchors: Iterable[str] = (),
    ) -> None:
        self.names = dict(names)
        self.sources = sources
        # The issues that have a row on the page, which other sections may link to.
        self.anchors = frozenset(anchors)

    def name(self, party: str) -> str:
        return self.names.get(party, party)

    def names_of(self, parties: Iterable[str]) -> str:
        return ", ".join(self.name(p) for p in parties)

    def cite(self, sources: Iterable[Source]) -> list[tuple[int, str, str]]:
        """(number, href, tooltip) for each source: the web address, or the sources list."""
        sources = tuple(sources)
        out = []
        for n, s in zip(self.sources.numbers(sources), sources, strict=True):
            tip = s.label if not s.section else f"{s.label}, {s.section}"
            out.append((n, _web(s.url) or f"#source-{n}", tip))
        return out

    def details(self, c: IssueComparison) -> tuple[str, ...]:
        return comparison_details(c, self.names)

    def own(self, c: IssueComparison, party: str) -> Position | None:
        return c.position_a if c.party_a == party else c.position_b

    def categories(
        self, issues: Iterable[IssueComparison]
    ) -> list[tuple[str, list[IssueComparison]]]:
        groups: dict[str, list[IssueComparison]] = {}
        for c in issues:
            groups.setdefault(c.issue.category, []).append(c)
        return list(groups.items())

    def moved(self, changes: ChangeSet) -> list[Any]:
        return list(moved(changes))

    def movement_counts(self, changes: ChangeSet) -> list[tuple[str, int]]:
        return [(m.value, n) for m, n in changes.counts if n and m is not Movement.UNCHANGED]

    def points(self, t: Trajectory) -> dict[str, float | None]:
        return {p.round: p.compatibility for p in t.convergence.points}

    def rounds_of(self, t: Trajectory) -> list[_RoundRef]:
        return [_RoundRef(p.round, p.date) for p in t.convergence.points]

    def cells(self, t: Trajectory) -> dict[tuple[str, str], TrajectoryRow]:
        return {(r.issue.id, r.round): r for r in t.rows}


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
        anchors=(c.issue.id for c in report.comparison.issues),
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
        SourceIndex.of(s for p in positions_cited(comparison) for s in p.sources),
        anchors=(c.issue.id for c in comparison.issues),
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
    index = SourceIndex.of(s for item in moved(changes) if item.before for s in item.before.sources)
    return _render("changes.html", changes=changes, view=_View({}, index))


def _matrix(matrix: Matrix) -> str:
    view = _View({}, SourceIndex())
    return _render(
        "matrix.html", matrix=matrix, view=view, matrix_chart=matrix_chart(matrix, view.names)
    )


def to_html(result: Result) -> str:
    """Render ``result`` as one self-contained HTML page.

    Raises:
        TypeError: The result is not something negpos renders.
    """
    if isinstance(result, RoundReport):
        return _round_report(result)
    if isinstance(result, NegotiationReport):
        return _negotiation_report(result)
    if isinstance(result, Comparison):
        return _comparison(result)
    if isinstance(result, Matrix):
        return _matrix(result)
    if isinstance(result, ChangeSet):
        return _changes(result)
    if isinstance(result, Trajectory):
        return _trajectory(result)
    raise TypeError(f"negpos cannot render a {type(result).__name__}")
