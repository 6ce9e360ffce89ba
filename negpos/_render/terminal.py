"""Terminal rendering: rich tables for a person reading a report in a shell.

Every analyst string enters rich as a ``Text`` object, never as markup, so that text such as
``[bold]`` or ``[link=...]`` is shown as written; control characters (an escape that would
start a terminal sequence, a bell) are removed first. The console is the caller's: the
command passes one that writes to standard output.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Iterable, Mapping, Sequence
from typing import IO

from rich import box
from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from negpos._analysis.changes import ChangeSet
from negpos._analysis.comparison import Comparison, IssueComparison, Status
from negpos._analysis.matrix import Matrix
from negpos._analysis.reports import NegotiationReport, RoundReport, moved
from negpos._analysis.trajectory import Trajectory
from negpos._model.documents import Position
from negpos._render import Result, refuse
from negpos._render.words import (
    FIRMNESS_WORDS,
    MOVEMENT_WORDS,
    STATUS_WORDS,
    change_details,
    clean_text,
    comparison_details,
    describe_stance,
    exploration_words,
    format_date,
    format_distances,
    format_fraction,
)
from negpos.scenarios._search import Exploration

__all__ = ["WIDTH", "print_result", "render_for", "render_result", "renderables"]

_STYLES = {
    "agreed": "bold green",
    "overlap": "bold blue",
    "gap": "bold red",
    "one_sided": "dim",
    "uncomparable": "dim",
}


def _text(value: str, style: str = "") -> Text:
    return Text(clean_text(value), style=style)


def _status(c: IssueComparison, names: Mapping[str, str]) -> Text:
    text = Text()
    text.append(STATUS_WORDS[c.status.value], style=_STYLES[c.status.value])
    if c.status is Status.GAP:
        text.append(f" {format_fraction(c.magnitude)}", style="bold")
    for fact in comparison_details(c, names):
        text.append("\n")
        text.append(clean_text(fact), style="dim")
    return text


def _position(c: IssueComparison, p: Position | None) -> Text:
    if p is None:
        return Text("—", style="dim")
    text = _text(describe_stance(c.issue, p.stance))
    style = "bold red" if p.red_line else "dim"
    text.append(f"\n{FIRMNESS_WORDS[p.firmness.value]}", style=style)
    text.append(f" · salience {format_fraction(p.salience)}", style="dim")
    return text


def _summary(comparison: Comparison, names: Mapping[str, str]) -> RenderableType:
    s = comparison.summary
    line = Text()
    line.append("Compatibility index ", style="dim")
    line.append(format_fraction(s.compatibility), style="bold")
    line.append("   mean gap ", style="dim")
    line.append(format_fraction(s.mean_gap), style="bold")
    line.append("   ")
    for status, n in s.counts:
        line.append(f"{n} {STATUS_WORDS[status.value]}", style=_STYLES[status.value])
        line.append("  ")
    parts: list[RenderableType] = [line]
    if s.gaps:
        table = Table(
            title="Gaps, red lines in conflict first", box=box.SIMPLE, title_justify="left"
        )
        table.add_column("Issue")
        table.add_column("Gap", justify="right")
        table.add_column("Red line of")
        for c in s.gaps:
            table.add_row(
                _text(c.issue.title),
                format_fraction(c.magnitude),
                _text(", ".join(names.get(p, p) for p in c.red_lines)),
            )
        parts.append(table)
    return Group(*parts)


def _issues(comparison: Comparison, names: Mapping[str, str]) -> Table:
    a, b = comparison.party_a, comparison.party_b
    table = Table(title="Issues", box=box.SIMPLE_HEAD, title_justify="left", show_lines=True)
    table.add_column("Issue", ratio=2)
    table.add_column("Status", ratio=2)
    table.add_column(_text(names.get(a, a)), ratio=3)
    table.add_column(_text(names.get(b, b)), ratio=3)
    for c in comparison.rows:
        title = _text(c.issue.title, "bold")
        title.append(f"\n{c.issue.id}", style="dim")
        table.add_row(
            title, _status(c, names), _position(c, c.position_a), _position(c, c.position_b)
        )
    return table


def _alternatives(comparison: Comparison, names: Mapping[str, str]) -> list[RenderableType]:
    out: list[RenderableType] = []
    for group in comparison.alternatives:
        title = f"{names.get(group.party, group.party)}: {group.label or group.group}"
        table = Table(title=_text(title), box=box.SIMPLE, title_justify="left")
        table.add_column("Option")
        table.add_column("Compatibility index", justify="right")
        table.add_column("Red lines in conflict", justify="right")
        table.add_column("Gaps", justify="right")
        for o in group.options:
            label = _text(o.label or o.option)
            if o.option == group.closest:
                label.append("  closest", style="bold green")
            table.add_row(
                label,
                format_fraction(o.summary.compatibility),
                str(len(o.summary.red_line_conflicts)),
                str(o.summary.count(Status.GAP)),
            )
        out.append(table)
    return out


def _change_set(changes: ChangeSet, names: Mapping[str, str], title: str) -> Table:
    table = Table(title=_text(title), box=box.SIMPLE_HEAD, title_justify="left")
    table.add_column("Issue", ratio=2)
    table.add_column("Movement", ratio=1)
    table.add_column("Before", ratio=3)
    table.add_column("Now", ratio=3)
    table.add_column("Distance", justify="right")
    for item in moved(changes):
        movement = Text(MOVEMENT_WORDS[item.movement.value], style="bold")
        for fact in change_details(item):
            movement.append(f"\n{clean_text(fact)}", style="dim")
        before = (
            _text(describe_stance(item.issue, item.before.stance)) if item.before else Text("—")
        )
        after = _text(describe_stance(item.issue, item.after.stance)) if item.after else Text("—")
        table.add_row(
            _text(item.issue.title),
            movement,
            before,
            after,
            format_distances(item.distance_before, item.distance_after),
        )
    if not table.rows:
        table.caption = "No position moved."
    return table


def _matrix(matrix: Matrix, names: Mapping[str, str]) -> Table:
    table = Table(title=f"Every pair at round {matrix.round}", box=box.SIMPLE, title_justify="left")
    table.add_column("")
    for p in matrix.parties:
        table.add_column(_text(p), justify="right")
    for p in matrix.parties:
        cells: list[RenderableType] = [_text(names.get(p, p), "bold")]
        for q in matrix.parties:
            value = None if p == q else matrix.pair(p, q).summary.compatibility
            cells.append("—" if p == q else format_fraction(value))
        table.add_row(*cells)
    return table


def _trajectories(trajectories: Sequence[Trajectory], names: Mapping[str, str]) -> Table:
    table = Table(title="Convergence", box=box.SIMPLE, title_justify="left")
    table.add_column("Pair")
    table.add_column("First", justify="right")
    table.add_column("Last", justify="right")
    table.add_column("Slope per round", justify="right")
    for t in trajectories:
        points = [p.compatibility for p in t.convergence.points]
        slope = t.convergence.slope_per_round
        table.add_row(
            _text(f"{names.get(t.party_a, t.party_a)} – {names.get(t.party_b, t.party_b)}"),
            format_fraction(points[0] if points else None),
            format_fraction(points[-1] if points else None),
            "—" if slope is None else f"{slope:+.3f}",
        )
    return table


def _header(lines: Iterable[tuple[str, str]]) -> Text:
    text = Text()
    for value, style in lines:
        text.append(clean_text(value) + "\n", style=style)
    return text


@functools.singledispatch
def renderables(result: object) -> list[RenderableType]:
    """The rich renderables that show ``result``, top to bottom.

    Raises:
        UsageError: The result is not something negpos renders.
    """
    raise refuse(result)


@renderables.register
def _round_report(result: RoundReport) -> list[RenderableType]:
    rnd, (a, b) = result.round, result.parties
    names = {a.id: a.name, b.id: b.name}
    facts = [format_date(rnd.date), *([rnd.venue] if rnd.venue else [])]
    out: list[RenderableType] = [
        _header(
            [
                (result.title, "dim"),
                (rnd.label or rnd.id, "bold"),
                (" · ".join(facts), ""),
                (f"{a.name} and {b.name}", ""),
            ]
        ),
        _summary(result.comparison, names),
        _issues(result.comparison, names),
        *_alternatives(result.comparison, names),
    ]
    rounds = {r.id: r for r in result.earlier}
    for changes in result.changes:
        earlier = rounds.get(changes.from_round or "")
        since = earlier.label or earlier.id if earlier else changes.from_round
        title = f"{names.get(changes.party, changes.party)} since {since}"
        out.append(_change_set(changes, names, title))
    return out


@renderables.register
def _negotiation_report(result: NegotiationReport) -> list[RenderableType]:
    names = {p.id: p.name for p in result.parties}
    return [
        _header([(result.title, "bold")]),
        _matrix(result.matrix, names),
        _trajectories(result.trajectories, names),
    ]


@renderables.register
def _comparison(result: Comparison) -> list[RenderableType]:
    return [
        _header([(f"{result.party_a} and {result.party_b}", "bold")]),
        _summary(result, {}),
        _issues(result, {}),
        *_alternatives(result, {}),
    ]


@renderables.register
def _matrix_only(result: Matrix) -> list[RenderableType]:
    return [_matrix(result, {})]


@renderables.register
def _changes(result: ChangeSet) -> list[RenderableType]:
    title = f"{result.party}: {result.from_round} to {result.to_round}"
    return [_change_set(result, {}, title)]


@renderables.register
def _trajectory(result: Trajectory) -> list[RenderableType]:
    return [_trajectories([result], {})]


def print_result(result: Result, console: Console) -> None:
    """Print ``result`` to ``console`` as rich tables.

    Raises:
        TypeError: The result is not something negpos renders.
    """
    for renderable in renderables(result):
        # Plain text keeps its lines whole; tables fit the console.
        console.print(renderable, soft_wrap=isinstance(renderable, Text))


@renderables.register
def _exploration(found: Exploration) -> list[RenderableType]:
    words = exploration_words(found)
    lines = [f"# What it would take: {found.goal}", "", words.parties, words.search, ""]
    if found.best is None:
        lines.append(words.cheapest)
    else:
        lines += [f"## {words.cheapest}", ""]
        width = len(str(len(words.moves)))
        for k, (move, cost) in enumerate(words.moves, start=1):
            lines.append(f"{k:>{width}}. {move}  [{cost:.2f}]")
        if not words.moves:
            lines.append("The goal holds already: no move is needed.")
        lines += ["", "## Figures", "", f"  {'':<22}{'before':>8}{'after':>8}{'change':>9}"]
        for name, before, after, change in words.figures:
            lines.append(f"  {name:<22}{before:>8}{after:>8}{change:>9}")
        lines += ["", f"## {words.pivotal_heading}", ""]
        lines += [f"- {move}" for move in words.pivotal] or ["None: each can be avoided."]
    # Lines are kept whole (a move's sentence is never wrapped), and cleaned like every other
    # analyst string.
    text = "\n".join(clean_text(line) for line in lines)
    return [Text(text, no_wrap=True, overflow="ignore")]


#: The width of the plain text [`render_result`][negpos._render.terminal.render_result] writes.
WIDTH = 120


def render_result(result: Result) -> str:
    """``result`` as the plain text the command line prints, without colours or styles.

    Raises:
        UsageError: The result is not something negpos renders.
    """
    buffer = io.StringIO()
    print_result(result, Console(file=buffer, width=WIDTH, color_system=None))
    # The console pads every line of a table to its width; a file keeps no trailing blanks.
    lines = [line.rstrip() for line in buffer.getvalue().splitlines()]
    while lines and not lines[-1]:
        lines.pop()
    return "".join(line + "\n" for line in lines)


class _Buffer(io.StringIO):
    """A text buffer that reports the encoding of the stream its text is meant for."""

    def __init__(self, encoding: str) -> None:
        super().__init__()
        self._meant_for = encoding

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return self._meant_for


def render_for(result: Result, stream: IO[str]) -> str:
    """``result`` as rich would print it on ``stream``, returned as text instead.

    The colours, width and characters (box lines or ASCII) are those rich chooses for
    ``stream``; the text is returned whole, so that the caller can check that the stream
    takes it before writing any of it.

    Raises:
        UsageError: The result is not something negpos renders.
    """
    real = Console(file=stream)
    console = Console(
        file=_Buffer(real.encoding),
        width=real.width,
        color_system=real.color_system,  # type: ignore[arg-type]
        force_terminal=real.is_terminal,
        no_color=real.no_color,
    )
    print_result(result, console)
    buffer = console.file
    assert isinstance(buffer, io.StringIO)
    return buffer.getvalue()
