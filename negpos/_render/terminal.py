"""Terminal rendering: plain-text tables for a person reading a report in a shell.

Every analyst string is cleaned of control and format characters first (an escape that would
start a terminal sequence, a bell, a bidi override), so that a title cannot drive the
terminal; colours and bold come only from this module's own styles, written as ANSI codes
when the output is a colour terminal. The tables are laid out by ``text_table``: columns
fitted to the width, cells wrapped at word boundaries.
"""

from __future__ import annotations

import functools
import os
import shutil
from collections.abc import Iterable, Mapping, Sequence
from typing import IO, Any, Final

from negpos._analysis.agreement import Agreement
from negpos._analysis.changes import ChangeSet
from negpos._analysis.common import CommonGround
from negpos._analysis.comparison import Comparison, IssueComparison, Status
from negpos._analysis.matrix import Matrix
from negpos._analysis.plans import PlanAssessment
from negpos._analysis.reports import (
    Citations,
    NegotiationReport,
    RoundReport,
    SourceIndex,
    moved,
)
from negpos._analysis.robust import FigureSweep, RobustComparison
from negpos._analysis.settled import AgreedOutcome
from negpos._analysis.trajectory import Trajectory
from negpos._analysis.withdrawals import Withdrawal
from negpos._model.documents import Position, Round, Source
from negpos._render import Result, refuse
from negpos._render.text_table import RULE, Column, Line, Table, styled
from negpos._render.view import View
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
    reading_words,
    round_names,
    source_words,
    tabled_words,
    withdrawal_words,
)
from negpos.scenarios._bargain import Bargain
from negpos.scenarios._search import Exploration

__all__ = [
    "WIDTH",
    "Block",
    "blocks",
    "cite_text",
    "print_result",
    "render_for",
    "render_result",
    "sources_block",
    "use_color",
]

_STYLES: Final = {
    "settled": "bold green",
    "conditional": "yellow",
    "other_option": "dim",
    "identical": "bold green",
    "same_preference": "green",
    "overlap": "bold blue",
    "gap": "bold red",
    "one_sided": "dim",
    "uncomparable": "dim",
}

_Names = Mapping[str, str]

# Statuses a summary mentions only when some issue has them.
_SHOWN_IF_ANY = frozenset({Status.SETTLED, Status.CONDITIONAL, Status.OTHER_OPTION})

Block = Table | list[Line]
"""What a result is shown as, top to bottom: tables, and runs of lines of text."""


def _line(value: str, style: str = "") -> Line:
    return clean_text(value), style


def cite_text(numbering: SourceIndex | Citations, sources: Iterable[Source]) -> str:
    """The citations of some sources as bracketed numbers (``[1] [2]``); empty for none.

    The numbers are those of the page's index (a report's), or of the citations numbered
    as the page is written; a page without a source list (an empty index) cites nothing.
    """
    if isinstance(numbering, SourceIndex) and not numbering.sources:
        return ""
    return " ".join(f"[{n}]" for n in numbering.numbers(sources))


def sources_block(numbering: SourceIndex | Citations) -> list[Block]:
    """The numbered list of the sources cited, passages under each; nothing if none.

    Numbered as the Markdown and HTML pages number them: one number per source, its
    details merged from every citation of it.
    """
    index = numbering if isinstance(numbering, SourceIndex) else numbering.index()
    if not index.sources:
        return []
    lines = [("Sources", "bold")]
    for n, s in enumerate(index.sources, start=1):
        lines.append(_line(f"{n:>3}. {source_words(s)}"))
        for section, quote in index.passages(n):
            words = section or ""
            if quote:
                words += (": " if words else "") + f"“{quote}”"
            lines.append(_line(f"       - {words}", "dim"))
    return [lines]


def _status(
    c: IssueComparison, names: Mapping[str, str], rounds: Mapping[str, str] | None = None
) -> list[Line]:
    word = STATUS_WORDS[c.status.value]
    if c.status is Status.GAP:
        word += f" {format_fraction(c.magnitude)}"
    return [
        (word, _STYLES[c.status.value]),
        *(_line(f, "dim") for f in comparison_details(c, names, rounds)),
    ]


def _position(
    c: IssueComparison,
    p: Position | None,
    since: str | None,
    at: str | None,
    rounds: _Names,
    index: SourceIndex,
) -> list[Line]:
    if p is None:
        return [("—", "dim")]
    out = [
        _line(describe_stance(c.issue, p.stance)),
        (FIRMNESS_WORDS[p.firmness.value], "bold red" if p.red_line else "dim"),
        (f"salience {format_fraction(p.salience)}", "dim"),
    ]
    if since is not None and since != at:
        out.append(_line(f"standing since {rounds.get(since, since)}", "dim"))
    marks = cite_text(index, p.sources)
    if marks:
        out.append((marks, "dim"))
    return out


def _summary(comparison: Comparison, names: Mapping[str, str]) -> list[Block]:
    s = comparison.summary
    counts = "  ".join(
        f"{n} {STATUS_WORDS[status.value]}"
        for status, n in s.counts
        if n or status not in _SHOWN_IF_ANY
    )
    line = (
        f"Compatibility index {format_fraction(s.compatibility)}   "
        f"mean gap {format_fraction(s.mean_gap)}   {counts}"
    )
    out: list[Block] = [[(line, "")]]
    if s.gaps:
        out.append(
            Table(
                "Gaps, red lines in conflict first",
                (Column("Issue", 3), Column("Gap", right=True), Column("Red line of", 1)),
                (
                    (
                        [_line(c.issue.title)],
                        [(format_fraction(c.magnitude), "")],
                        [_line(", ".join(names.get(p, p) for p in c.red_lines))],
                    )
                    for c in s.gaps
                ),
            )
        )
    return out


def _issues(
    comparison: Comparison, names: _Names, index: SourceIndex, rounds: _Names | None = None
) -> Table:
    """``rounds`` names the rounds earlier positions stand since, by id."""
    a, b = comparison.party_a, comparison.party_b
    at_a, at_b = comparison.round_a, comparison.round_b
    known = rounds or {}
    return Table(
        "Issues",
        (
            Column("Issue", 2),
            Column("Status", 2),
            Column(clean_text(names.get(a, a)), 3),
            Column(clean_text(names.get(b, b)), 3),
        ),
        (
            (
                [_line(c.issue.title, "bold"), (c.issue.id, "dim")],
                _status(c, names, known),
                _position(c, c.position_a, c.since_a, at_a, known, index),
                _position(c, c.position_b, c.since_b, at_b, known, index),
            )
            for c in comparison.rows
        ),
        spaced=True,
    )


def _alternatives(comparison: Comparison, names: Mapping[str, str]) -> list[Block]:
    out: list[Block] = []
    for group in comparison.alternatives:
        rows = []
        for o in group.options:
            label = [_line(o.label or o.option)]
            if o.option == group.closest:
                label.append(("closest", "bold green"))
            rows.append(
                (
                    label,
                    [(format_fraction(o.summary.compatibility), "")],
                    [(str(len(o.summary.red_line_conflicts)), "")],
                    [(str(o.summary.count(Status.GAP)), "")],
                )
            )
        out.append(
            Table(
                clean_text(f"{names.get(group.party, group.party)}: {group.label or group.group}"),
                (
                    Column("Option", 1),
                    Column("Compatibility index", right=True),
                    Column("Red lines in conflict", right=True),
                    Column("Gaps", right=True),
                ),
                rows,
            )
        )
    return out


def _change_set(changes: ChangeSet, title: str, index: SourceIndex) -> Table:
    rows = []
    for item in moved(changes):
        movement = [
            (MOVEMENT_WORDS[item.movement.value], "bold"),
            *(_line(fact, "dim") for fact in change_details(item)),
        ]
        before = [
            _line(describe_stance(item.issue, item.before.stance)) if item.before else ("—", "")
        ]
        after = [_line(describe_stance(item.issue, item.after.stance)) if item.after else ("—", "")]
        for cell, p in ((before, item.before), (after, item.after)):
            marks = "" if p is None else cite_text(index, p.sources)
            if marks:
                cell.append((marks, "dim"))
        before, after = before or [("—", "")], after or [("—", "")]
        rows.append(
            (
                [_line(item.issue.title)],
                movement,
                before,
                after,
                [(format_distances(item.distance_before, item.distance_after), "")],
            )
        )
    return Table(
        clean_text(title),
        (
            Column("Issue", 2),
            Column("Movement", 1),
            Column("Before", 3),
            Column("Now", 3),
            Column("Distance", right=True),
        ),
        rows,
        caption="" if rows else "No position moved.",
    )


def _matrix(matrix: Matrix, names: Mapping[str, str]) -> Table:
    rows = []
    for p in matrix.parties:
        cells: list[list[Line]] = [[_line(names.get(p, p), "bold")]]
        for q in matrix.parties:
            value = "—" if p == q else format_fraction(matrix.pair(p, q).summary.compatibility)
            cells.append([(value, "")])
        rows.append(cells)
    return Table(
        clean_text(f"Every pair at round {matrix.round}"),
        (Column(""), *(Column(clean_text(p), right=True) for p in matrix.parties)),
        rows,
    )


def _trajectories(trajectories: Sequence[Trajectory], names: Mapping[str, str]) -> Table:
    rows = []
    for t in trajectories:
        points = [p.compatibility for p in t.convergence.points]
        slope = t.convergence.slope_per_round
        rows.append(
            (
                [_line(f"{names.get(t.party_a, t.party_a)} – {names.get(t.party_b, t.party_b)}")],
                [(format_fraction(points[0] if points else None), "")],
                [(format_fraction(points[-1] if points else None), "")],
                [("—" if slope is None else f"{slope:+.3f}", "")],
            )
        )
    return Table(
        "Convergence",
        (
            Column("Pair", 1),
            Column("First", right=True),
            Column("Last", right=True),
            Column("Slope per round", right=True),
        ),
        rows,
    )


def _withdrawn(withdrawals: Iterable[Withdrawal], names: _Names, rounds: _Names) -> list[Block]:
    """A run of lines listing the withdrawals by round and party; nothing when there are none."""
    grouped: dict[tuple[str | None, str], list[Withdrawal]] = {}
    for w in withdrawals:
        grouped.setdefault((w.round, w.party), []).append(w)
    if not grouped:
        return []
    lines = [("Withdrawn", "bold")]
    for (r, p), ws in grouped.items():
        at = f"{rounds.get(r, r)}: " if r else ""
        lines.append(_line(f"{at}{names.get(p, p)} withdrew {withdrawal_words(ws, rounds)}"))
    return [lines]


def _agreed(
    outcomes: Iterable[AgreedOutcome],
    names: _Names,
    rounds: _Names,
    index: SourceIndex,
    *,
    show_round: bool = True,
) -> list[Block]:
    """A run of lines listing the outcomes agreed at the table; nothing when there are none."""
    view = View(names, index, rounds=rounds)
    lines = view.agreed_lines(outcomes)
    if not lines:
        return []
    out = [("Agreed at the table", "bold")]
    for r, item, what in lines:
        at = f"{r}: " if show_round else ""
        marks = cite_text(index, item.outcome.sources)
        out.append(_line(f"{at}{item.outcome.summary} ({what})" + (f" {marks}" if marks else "")))
    return [out]


def _notes(comparison: Comparison, names: _Names) -> list[Block]:
    """The notes and other readings of the positions compared; nothing when there are none."""
    view = View(names, SourceIndex())
    noted = view.noted(comparison.rows)
    if not noted:
        return []
    lines = [("Notes and readings", "bold")]
    for c, party, p in noted:
        head = f"{c.issue.title} ({c.issue.id}), {names.get(party, party)}"
        lines.append(_line(f"{head}: {p.note}" if p.note else head))
        lines += [
            _line(f"  other reading: {words}", "yellow") for words in reading_words(c.issue, p)
        ]
    return [lines]


def _under_every_reading(result: RoundReport) -> list[Block]:
    if result.robust is None:
        return []
    from negpos._render.robust_text import robust_section_blocks

    return list(robust_section_blocks(result.robust, "Under every reading"))


@functools.singledispatch
def blocks(result: object) -> list[Block]:
    """The tables and lines that show ``result``, top to bottom.

    Raises:
        UsageError: The result is not something negpos renders.
    """
    raise refuse(result)


def _cited(text: str, index: SourceIndex, sources: Iterable[Source]) -> str:
    marks = cite_text(index, sources)
    return f"{text} {marks}" if marks else text


def _tabled(
    rnd: Round, names: _Names, index: SourceIndex, withdrawals: Sequence[Withdrawal]
) -> str:
    return "; ".join(
        _cited(f"{names.get(m.party, m.party)}: {tabled_words(m, withdrawals)}", index, m.sources)
        for m in rnd.memoranda
    )


@blocks.register
def _round_report(result: RoundReport) -> list[Block]:
    rnd, (a, b) = result.round, result.parties
    names = {a.id: a.name, b.id: b.name}
    index = result.sources
    facts = [format_date(rnd.date), *([rnd.venue] if rnd.venue else [])]
    head = [
        _line(result.title, "dim"),
        _line(rnd.label or rnd.id, "bold"),
        _line(_cited(" · ".join(facts), index, rnd.sources)),
        _line(f"{a.name} and {b.name}"),
    ]
    if rnd.memoranda:
        head.append(_line(f"Tabled: {_tabled(rnd, names, index, result.withdrawals)}"))
    out: list[Block] = [
        head,
        *_agreed(result.agreed, names, {}, index, show_round=False),
        *_summary(result.comparison, names),
        _issues(result.comparison, names, index, round_names(result.origins)),
        *_notes(result.comparison, names),
        *_under_every_reading(result),
        *_alternatives(result.comparison, names),
    ]
    rounds = {r.id: r for r in result.earlier}
    for changes in result.changes:
        earlier = rounds.get(changes.from_round or "")
        since = earlier.label or earlier.id if earlier else changes.from_round
        title = f"{names.get(changes.party, changes.party)} since {since}"
        out.append(_change_set(changes, title, index))
    known = round_names((*result.origins, *result.earlier, result.round))
    out += _withdrawn(result.withdrawals, names, known)
    return out + sources_block(index)


def _rounds(result: NegotiationReport, names: _Names) -> Table:
    index = result.sources
    return Table(
        "Rounds",
        (Column("Date"), Column("Round", 2), Column("Venue", 1), Column("Tabled", 3)),
        (
            (
                [(format_date(rnd.date), "")],
                [_line(_cited(rnd.label or rnd.id, index, rnd.sources), "bold"), (rnd.id, "dim")],
                [_line(rnd.venue or "")],
                [_line(_tabled(rnd, names, index, result.withdrawals) or "—")],
            )
            for rnd in result.rounds
        ),
    )


@blocks.register
def _negotiation_report(result: NegotiationReport) -> list[Block]:
    names = {p.id: p.name for p in result.parties}
    return [
        [_line(result.title, "bold")],
        _rounds(result, names),
        _matrix(result.matrix, names),
        _trajectories(result.trajectories, names),
        *_withdrawn(result.withdrawals, names, round_names(result.rounds)),
        *_agreed(result.agreed, names, round_names(result.rounds), result.sources),
        *sources_block(result.sources),
    ]


@blocks.register
def _comparison(result: Comparison) -> list[Block]:
    index = SourceIndex.of_comparison(result)
    return [
        [_line(f"{result.party_a} and {result.party_b}", "bold")],
        *_summary(result, {}),
        _issues(result, {}, index),
        *_notes(result, {}),
        *_alternatives(result, {}),
        *sources_block(index),
    ]


@blocks.register
def _matrix_only(result: Matrix) -> list[Block]:
    return [_matrix(result, {})]


@blocks.register
def _changes(result: ChangeSet) -> list[Block]:
    index = SourceIndex.of_changes(result)
    noted = View({}, index).noted_changes(result)
    notes: list[Block] = []
    if noted:
        lines = [("Notes", "bold")]
        lines += [_line(f"{item.issue.title} ({item.issue.id}): {p.note}") for item, p in noted]
        notes.append(lines)
    return [
        _change_set(result, f"{result.party}: {result.from_round} to {result.to_round}", index),
        *notes,
        *_withdrawn(result.withdrawals, {}, {}),
        *_agreed(result.agreed, {}, {}, index),
        *sources_block(index),
    ]


@blocks.register
def _trajectory(result: Trajectory) -> list[Block]:
    return [
        _trajectories([result], {}),
        *_withdrawn(result.withdrawals, {}, {}),
        *_agreed(result.agreed, {}, {}, SourceIndex()),
    ]


@blocks.register(Exploration)
def _exploration(found: Exploration[Any]) -> list[Block]:
    words = exploration_words(found)
    lines = [f"# What it would take: {found.goal}", "", words.parties, words.search, ""]
    if found.best is None:
        lines.append(words.cheapest)
    else:
        lines += [f"## {words.cheapest}", ""]
        width = len(str(len(words.moves)))
        index = words.index()
        for k, (move, cost) in enumerate(words.moves, start=1):
            marks = cite_text(index, words.sources[k - 1]) if words.sources else ""
            lines.append(f"{k:>{width}}. {move}  [{cost:.2f}]" + (f" {marks}" if marks else ""))
        if not words.moves:
            lines.append("The goal holds already: no move is needed.")
        lines += ["", "## Figures", "", f"  {'':<22}{'before':>8}{'after':>8}{'change':>9}"]
        for name, before, after, change in words.figures:
            lines.append(f"  {name:<22}{before:>8}{after:>8}{change:>9}")
        lines += ["", f"## {words.pivotal_heading}", ""]
        lines += [f"- {move}" for move in words.pivotal] or ["None: each can be avoided."]
    # Lines are kept whole (a move's sentence is never wrapped), and cleaned like every other
    # analyst string.
    return [[_line(line) for line in lines], *sources_block(words.index())]


@blocks.register
def _bargain(result: Bargain) -> list[Block]:
    from negpos._render.bargain_text import bargain_blocks

    return list(bargain_blocks(result))


@blocks.register
def _sweep(result: FigureSweep) -> list[Block]:
    from negpos._render.robust_text import sweep_blocks

    return sweep_blocks(result)


@blocks.register
def _robust(result: RobustComparison) -> list[Block]:
    from negpos._render.robust_text import robust_blocks

    return robust_blocks(result)


@blocks.register
def _plan(result: PlanAssessment) -> list[Block]:
    from negpos._render.many_text import plan_blocks

    return plan_blocks(result)


@blocks.register
def _common(result: CommonGround) -> list[Block]:
    from negpos._render.many_text import common_blocks

    return common_blocks(result)


@blocks.register
def _agreement(result: Agreement) -> list[Block]:
    from negpos._render.agreements import agreement_blocks

    return agreement_blocks(result)


#: The width of the plain text [`render_result`][negpos._render.terminal.render_result] writes.
WIDTH: Final = 120


def _text(result: Result, width: int, color: bool) -> str:
    lines: list[str] = []
    for block in blocks(result):
        if lines:
            lines.append("")
        if isinstance(block, Table):
            lines += block.lines(width, color=color)
        else:
            lines += [styled(text, style, color) for text, style in block]
    return "".join(line.rstrip() + "\n" for line in lines)


def render_result(result: Result) -> str:
    """``result`` as the plain text the command line prints, without colours or styles.

    Raises:
        UsageError: The result is not something negpos renders.
    """
    return _text(result, WIDTH, color=False)


def use_color(stream: IO[str]) -> bool:
    """Whether to style what goes to ``stream``: a terminal, unless ``NO_COLOR`` is set."""
    return stream.isatty() and not os.environ.get("NO_COLOR")


def render_for(result: Result, stream: IO[str], *, color: bool | None = None) -> str:
    """``result`` as it should appear on ``stream``, returned whole instead of written.

    On a terminal the tables fit its width and are in colour (unless ``NO_COLOR`` is set, or
    ``color`` is False);
    elsewhere they are ``WIDTH`` columns wide, plain. Where the stream's encoding cannot
    write the box-drawing rule under a header, the rule is drawn with hyphens. Returning the
    text lets the caller check that the stream takes all of it before writing any.

    Raises:
        UsageError: The result is not something negpos renders.
    """
    tty = stream.isatty()
    width = shutil.get_terminal_size((WIDTH, 24)).columns if tty else WIDTH
    text = _text(result, width, color=use_color(stream) if color is None else color and tty)
    encoding = getattr(stream, "encoding", None) or "utf-8"
    try:
        RULE.encode(encoding)
    except (UnicodeEncodeError, LookupError):
        text = text.replace(RULE, "-")
    return text


def print_result(result: Result, stream: IO[str]) -> None:
    """Print ``result`` to ``stream`` (see [`render_for`][negpos._render.terminal.render_for]).

    Raises:
        UsageError: The result is not something negpos renders.
    """
    stream.write(render_for(result, stream))
