"""Markdown rendering: GitHub-flavoured tables and prose, from Jinja2 templates.

The documents are laid out by templates under ``templates/markdown/``, as the HTML pages are
under ``templates/html/``, and read the results through the same view
(``negpos._render.view``). The environment escapes for Markdown instead of HTML: every value
a template prints goes through [`escape`][negpos._render.markdown.escape], so that a ``|``
cannot split a table cell, a backtick cannot open code, ``<script>`` stays text and a line
break cannot end a table row, unless it comes from a macro or from a helper here that writes
Markdown itself (numbers, code spans for ids, links, citations). Such output is marked safe
with markupsafe's ``Markup``, which here means "already Markdown", not "already HTML".
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from typing import Any, Final

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from negpos._analysis.agreement import Agreement
from negpos._analysis.changes import ChangeSet, PositionChange
from negpos._analysis.common import CommonGround
from negpos._analysis.comparison import Comparison, IssueComparison, OptionComparison, Status
from negpos._analysis.matrix import Matrix
from negpos._analysis.plans import PlanAssessment
from negpos._analysis.rawdiff import RawChangeKind
from negpos._analysis.reports import (
    Citations,
    NegotiationReport,
    RoundReport,
    SourceIndex,
)
from negpos._analysis.robust import FigureSweep, RobustComparison
from negpos._analysis.trajectory import Trajectory
from negpos._analysis.withdrawals import Withdrawal
from negpos._model.documents import Position, Round, Source
from negpos._model.issues import Issue
from negpos._render import Result, refuse
from negpos._render.fieldchanges import FieldChanges, FieldLine, PieceKind
from negpos._render.view import View, split_urls, web
from negpos._render.words import (
    FIRMNESS_WORDS,
    MOVEMENT_WORDS,
    STATUS_WORDS,
    category_title,
    change_details,
    clean_text,
    describe_stance,
    exploration_words,
    format_date,
    format_distances,
    format_fraction,
    reading_words,
    round_names,
    tabled_words,
)
from negpos.scenarios._bargain import Bargain
from negpos.scenarios._search import Exploration

__all__ = ["escape", "escape_url", "render_result"]

# Backslash first in spirit: every one of these is escaped by a backslash, which CommonMark
# allows before any ASCII punctuation. `&` stops entity references, `~` strikethrough.
_SPECIAL: Final = frozenset("\\`*_[]<>#|&~")
# Backslash first, so that the backslashes added for the others are not escaped again.
_ESCAPES: Final = tuple((ch, f"\\{ch}") for ch in "\\`*_[]<>#|&~")
# In a link destination these would end the link, split a table cell or be read as escapes.
_URL_UNSAFE: Final = frozenset(" ()<>|\\`\"'")
# "1." or "1)" at the start of a line would open an ordered list.
_LIST_NUMBER: Final = re.compile(r"^[0-9]{1,9}[.)]")


def escape(text: str) -> str:
    r"""Escape analyst text for Markdown prose and table cells.

    Control and format characters are removed, line breaks become spaces (see
    [`clean_text`][negpos._render.words.clean_text]) and the ends are trimmed; then every
    character Markdown could read as markup (``\ ` * _ [ ] < > # | & ~``) gets a backslash,
    and so does a leading ``-``, ``+``, ``=`` or list number, which could start a list or a
    rule where the text begins a line.

    Args:
        text: Any text.

    Returns:
        Text that Markdown shows exactly as written (trimmed), on one line.

    Examples:
        >>> escape("a | b\n<script>")
        'a \\| b \\<script\\>'
        >>> escape("1. first")
        '1\\. first'
    """
    out = clean_text(text).strip()
    for ch, escaped in _ESCAPES:
        if ch in out:  # str.replace per character beats str.translate by ten times here
            out = out.replace(ch, escaped)
    if out[:1] in ("-", "+", "="):
        return "\\" + out
    number = _LIST_NUMBER.match(out)
    if number:
        end = number.end() - 1
        return f"{out[:end]}\\{out[end:]}"
    return out


def escape_url(url: str) -> str:
    """Percent-encode the characters of a URL that would break a Markdown link or table.

    Examples:
        >>> escape_url("https://example.org/a (b)|c")
        'https://example.org/a%20%28b%29%7Cc'
    """
    if url.isprintable() and _URL_UNSAFE.isdisjoint(url):
        return url  # the common case: nothing to encode
    out: list[str] = []
    for ch in url:
        if ch in _URL_UNSAFE or clean_text(ch) != ch:
            out.extend(f"%{byte:02X}" for byte in ch.encode("utf-8"))
        else:
            out.append(ch)
    return "".join(out)


def _finalize(value: Any) -> Any:
    # Runs on every {{ ... }}: Markdown already (a macro's output, a helper's) passes, None
    # prints nothing, numbers print as they are, and any other text is escaped.
    if isinstance(value, Markup):
        return value
    if value is None:
        return Markup("")
    if isinstance(value, int):
        return Markup(str(value))
    return Markup(escape(str(value)))


def _inline(text: str) -> str:
    r"""Analyst text inside a line, never at its start (a field's value, words of a difference).

    As `escape`, without its line-start rules, which would only add backslashes, as in
    ``0\.7``; white space runs become one space.
    """
    out = " ".join(clean_text(text).split())
    for ch, escaped in _ESCAPES:
        if ch in out:
            out = out.replace(ch, escaped)
    return out


def _link(text: Markup, url: str | None) -> Markup:
    """A link whose text is already Markdown; the text alone where there is no web address."""
    address = web(url)
    return text if address is None else Markup(f"[{text}]({escape_url(address)})")


def _autolinked(text: str) -> Markup:
    """Prose escaped as ``escape`` does, each http or https address in it an autolink.

    An autolink (``<https://...>``) shows the address as written and takes no backslash
    escapes, so the address is percent-encoded where it would end the link or split a
    table cell.
    """
    pieces = list(split_urls(clean_text(text).strip()))
    if not any(url for _, url in pieces):
        return Markup(escape(text))
    out = ""
    for k, (piece, url) in enumerate(pieces):
        if url:
            out += f"<{escape_url(piece)}>"
            continue
        # The first piece starts the line (escape's line-start rules apply); white space
        # around a piece is kept as one space, where it meets an address.
        words = escape(piece) if k == 0 else _inline(piece)
        lead = " " if k and piece[:1].isspace() else ""
        trail = " " if piece[-1:].isspace() and words else ""
        out += lead + words + trail
    return Markup(out)


def _code(text: str) -> Markup:
    # Ids are slugs by construction; anything else that reaches a code span is escaped.
    return Markup(f"`{text}`") if "`" not in text and text.isprintable() else _finalize(text)


def _bold(text: str) -> Markup:
    return Markup(f"**{_finalize(text)}**")


def _italic(text: str) -> Markup:
    return Markup(f"*{_finalize(text)}*")


def _signed(value: float | None, decimals: int) -> Markup:
    return Markup("—" if value is None else f"{value:+.{decimals}f}")


def _source_entry(source: Source) -> Markup:
    text = _link(_finalize(source.label), source.url)
    details = [x for x in (source.publisher, source.section) if x]
    if source.publisher and source.label == source.publisher:
        details = details[1:]
    parts = [str(_finalize(x)) for x in details]
    if source.date is not None:
        parts.append(format_date(source.date))
    if source.language:
        parts.append(f"in {source.language}")
    entry = str(text)
    if parts:
        entry += " — " + ", ".join(parts)
    if source.quote:
        entry += f": “{_finalize(source.quote)}”"
    if source.note:
        entry += f" ({_finalize(source.note)})"
    return Markup(entry)


def cite_marks(cite: Citations, sources: Iterable[Source]) -> Markup:
    """The citations of some sources: a bracketed number each, linked to its web address."""
    sources = tuple(sources)
    return Markup(
        " ".join(
            _link(Markup(f"\\[{n}\\]"), s.url)
            for n, s in zip(cite.numbers(sources), sources, strict=True)
        )
    )


def source_lines(index: SourceIndex) -> Markup:
    """The numbered list of the sources of ``index``, with the passages cited of each."""
    lines = []
    for n, s in enumerate(index.sources, start=1):
        lines.append(f"{n}. {_source_entry(s)}\n")
        # Indented under the item's text, so that each passage is a bullet of the item.
        indent = " " * (len(str(n)) + 2)
        for section, quote in index.passages(n):
            words = _md(section) if section else ""
            if quote:
                words += (": " if words else "") + f"“{_md(quote)}”"
            lines.append(f"{indent}- {words}\n")
    return Markup("".join(lines))


def sources_section(cite: Citations, level: str = "##") -> list[str]:
    """A ``Sources`` heading and the numbered list of what ``cite`` numbered; none if nothing."""
    if not len(cite):
        return []
    return [f"{level} Sources", "", source_lines(cite.index()).rstrip("\n")]


def _md(value: object) -> str:
    # _finalize as plain text, for the row writers' f-strings.
    return str(_finalize(value))


def table(header: Iterable[object], rows: Iterable[Iterable[object]]) -> Markup:
    """A Markdown table: each cell escaped unless it is Markdown already (``Markup``)."""
    head = list(header)
    lines = ["| " + " | ".join(_md(cell) for cell in head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(_md(cell) for cell in row) + " |" for row in rows]
    return Markup("\n".join(lines) + "\n")


_MARKS: Final = {PieceKind.REMOVED: "~~", PieceKind.ADDED: "**"}


def _field_line(line: FieldLine) -> str:
    """One changed field: ``field: before → after``, or its word difference, escaped."""
    field = f"{escape(line.field)}: " if line.field else ""
    kind = line.kind
    if kind is RawChangeKind.ADDED:
        return f"{field}added {_inline(line.after or '')}"
    if kind is RawChangeKind.REMOVED:
        return f"{field}removed {_inline(line.before or '')}"
    if kind is RawChangeKind.REORDERED:
        return f"{field}new order {_inline(line.after or '')}"
    if line.words:
        marked = (
            f"{_MARKS.get(p.kind, '')}{_inline(p.text)}{_MARKS.get(p.kind, '')}" for p in line.words
        )
        return field + " ".join(marked)
    return f"{field}{_inline(line.before or '')} → {_inline(line.after or '')}"


class _View(View):
    """The shared view, writing the rows of the big tables and citing sources as linked numbers.

    Templates lay a document out; the rows of its tables, which grow with the agenda, are
    written here with plain string formatting, every analyst string escaped on the way.
    """

    def cites(self, sources: Iterable[Source]) -> Markup:
        sources = tuple(sources)
        numbers = self.sources.numbers(sources)
        return Markup(
            " ".join(
                _link(Markup(f"\\[{n}\\]"), s.url) for n, s in zip(numbers, sources, strict=True)
            )
        )

    def issue(self, issue: Issue) -> Markup:
        """An issue's title and id: ``Title (`id`)``."""
        return Markup(f"{escape(issue.title)} ({_code(issue.id)})")

    def status(self, c: IssueComparison) -> Markup:
        """An issue's status in bold, its gap, then the facts that go with it."""
        word = STATUS_WORDS[c.status.value]
        text = (
            f"**{word}** {format_fraction(c.magnitude)}"
            if c.status is Status.GAP
            else f"**{word}**"
        )
        facts = "".join(f" · {escape(d)}" for d in self.details(c))
        return Markup(text + facts)

    def position(self, c: IssueComparison, p: Position | None, since: str | None = None) -> Markup:
        """A side's stance in words, firmness, salience, where it stands since, citations."""
        if p is None:
            return Markup("—")
        text = (
            f"{escape(describe_stance(c.issue, p.stance))} · *{FIRMNESS_WORDS[p.firmness.value]}*"
            f" · salience {format_fraction(p.salience)}"
        )
        if since is not None:
            text += f" · {escape(since)}"
        return Markup(f"{text} · {self.cites(p.sources)}" if p.sources else text)

    def issue_rows(self, items: Iterable[IssueComparison]) -> list[list[Markup]]:
        """The rows of an issues table: issue, status, and each side's position."""
        return [
            [
                self.issue(c.issue),
                self.status(c),
                self.position(c, c.position_a, self.since_words(c, first=True)),
                self.position(c, c.position_b, self.since_words(c, first=False)),
            ]
            for c in items
        ]

    def note_lines(self, noted: Iterable[tuple[IssueComparison, str, Position]]) -> Markup:
        """One bullet per position with a note or other readings, readings as sub-bullets."""
        lines: list[str] = []
        for c, party, p in noted:
            head = f"- {self.issue(c.issue)} — {escape(self.name(party))}"
            lines.append(f"{head}: {_autolinked(p.note)}" if p.note else head)
            for k, words in enumerate(reading_words(c.issue, p)):
                line = f"  - other reading: {escape(words)}"
                offset = k - (p.salience_range is not None)
                if offset >= 0:
                    sources = p.readings[offset].sources
                    line += " — " + ", ".join(
                        str(_link(_finalize(src.label), src.url)) for src in sources
                    )
                lines.append(line)
        return Markup("\n".join(lines) + "\n")

    def change_note_lines(self, noted: Iterable[tuple[PositionChange, Position]]) -> Markup:
        """One bullet per moved position with a note: the issue, then the note."""
        return Markup(
            "".join(
                f"- {self.issue(item.issue)}: {_autolinked(p.note or '')}\n" for item, p in noted
            )
        )

    def gap_rows(self, gaps: Iterable[IssueComparison], *, red: bool) -> list[list[object]]:
        """The rows of a list of gaps: issue, gap, and with ``red`` whose red lines."""
        if red:
            return [
                [
                    self.issue(c.issue),
                    Markup(format_fraction(c.magnitude)),
                    self.names_of(c.red_lines),
                ]
                for c in gaps
            ]
        return [[self.issue(c.issue), Markup(format_fraction(c.magnitude))] for c in gaps]

    def option_lines(self, option: OptionComparison) -> Markup:
        """One bullet per issue an option states: issue, status, the option's position."""
        party = option.party
        return Markup(
            "".join(
                f"- {self.issue(c.issue)}: {self.status(c)} — "
                f"{self.position(c, self.own(c, party), self.standing_since(c, party))}\n"
                for c in option.rows
            )
        )

    def change_rows(self, changes: ChangeSet) -> list[list[Markup]]:
        """The rows of a change table: issue, movement, before (cited), now, distances."""
        rows = []
        for item in self.moved(changes):
            movement = "".join(f" · {escape(e)}" for e in change_details(item))
            before = Markup("—")
            if item.before is not None:
                before = Markup(escape(describe_stance(item.issue, item.before.stance)))
                if item.before.sources:
                    before = Markup(f"{before} {self.cites(item.before.sources)}")
            now = Markup("—")
            if item.after is not None:
                now = Markup(escape(describe_stance(item.issue, item.after.stance)))
                if item.after.sources:
                    now = Markup(f"{now} {self.cites(item.after.sources)}")
            rows.append(
                [
                    self.issue(item.issue),
                    Markup(f"**{MOVEMENT_WORDS[item.movement.value]}**{movement}"),
                    before,
                    now,
                    Markup(format_distances(item.distance_before, item.distance_after)),
                ]
            )
        return rows

    def grid_rows(self, t: Trajectory) -> list[list[Markup]]:
        """One row per issue of a trajectory: its status, and gap, at each round."""
        gap = Status.GAP
        return [
            [
                self.issue(row.issue),
                *(
                    Markup(
                        "—"
                        if p.status is None
                        else f"{STATUS_WORDS[p.status.value]} {format_fraction(p.magnitude)}"
                        if p.status is gap
                        else STATUS_WORDS[p.status.value]
                    )
                    for p in row.points
                ),
            ]
            for row in t.rows
        ]

    def field_lines(self, shown: FieldChanges) -> Markup:
        """The raw changes as a nested list: a position's title, then one line per field."""
        lines = []
        for group in shown.groups:
            head = f"- **{escape(group.title)}**"
            if group.issue:
                head += f" ({_code(group.issue)})"
            if group.where:
                head += f", {_inline(group.where)}"
            lines.append(head + "\n")
            lines.extend(f"  - {_field_line(line)}\n" for line in group.lines)
        return Markup("".join(lines))

    def source_lines(self) -> Markup:
        """The numbered list of the sources cited, with the passages cited of each."""
        return source_lines(self.sources)


def _round_name(rnd: Round) -> Markup:
    return Markup(f"{_finalize(rnd.label or rnd.id)} ({_code(rnd.id)})")


def _tabled(rnd: Round, view: _View, withdrawals: Iterable[Withdrawal]) -> Markup:
    parts = []
    for memo in rnd.memoranda:
        part = f"{_finalize(view.name(memo.party))}: {_finalize(tabled_words(memo, withdrawals))}"
        if memo.sources and view.citing:
            part += f" {view.cites(memo.sources)}"
        parts.append(part)
    return Markup("; ".join(parts) or "—")


@functools.cache
def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("negpos._render", "templates/markdown"),
        autoescape=True,
        finalize=_finalize,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        code=_code,
        bold=_bold,
        italic=_italic,
        md=Markup,
        capitalize_first=lambda text: text[:1].upper() + text[1:],
    )
    env.globals.update(
        status_word=lambda s: STATUS_WORDS[str(s)],
        status_title=lambda s: STATUS_WORDS[str(s)][:1].upper() + STATUS_WORDS[str(s)][1:],
        firmness_word=lambda f: FIRMNESS_WORDS[str(f)],
        movement_word=lambda m: MOVEMENT_WORDS[str(m)],
        category_title=category_title,
        describe=describe_stance,
        change_details=change_details,
        tabled_words=tabled_words,
        fraction=lambda v: Markup(format_fraction(v)),
        decimals=lambda v, d: Markup(f"{v:.{d}f}"),
        signed=_signed,
        distances=lambda b, a: Markup(format_distances(b, a)),
        date=lambda d: Markup(format_date(d)),
        heading=lambda level: Markup("#" * level),
        source_entry=_source_entry,
        table=table,
        round_name=_round_name,
        autolinked=_autolinked,
    )
    return env


_BLANK_RUNS: Final = re.compile(r"\n{3,}")


def _render(template: str, **context: Any) -> str:
    text = _environment().get_template(template).render(**context)
    # Paragraphs, tables and lists are separated by exactly one blank line, however the
    # template's blocks met.
    return _BLANK_RUNS.sub("\n\n", text).strip("\n") + "\n"


def _round_report(report: RoundReport) -> str:
    view = _View(
        {p.id: p.name for p in report.parties},
        report.sources,
        compared=(report.comparison.round_a, report.comparison.round_b),
        rounds=round_names((*report.origins, *report.earlier, report.round)),
    )
    rounds = {r.id: r for r in (*report.earlier, report.round)}
    robust = None
    if report.robust is not None:
        from negpos._render.robust_text import robust_section

        lines = robust_section(report.robust, "###")
        robust = Markup("\n".join(str(line).rstrip("\n") for line in lines))
    return _render(
        "round.md",
        report=report,
        comparison=report.comparison,
        view=view,
        rounds=rounds,
        robust=robust,
    )


def _comparison(comparison: Comparison) -> str:
    index = SourceIndex.of_comparison(comparison)
    view = _View({}, index, compared=(comparison.round_a, comparison.round_b))
    return _render("comparison.md", comparison=comparison, view=view)


def _negotiation_report(report: NegotiationReport) -> str:
    view = _View(
        {p.id: p.name for p in report.parties},
        report.sources,
        rounds=round_names(report.rounds),
    )
    return _render(
        "negotiation.md",
        report=report,
        view=view,
        tabled=lambda rnd: _tabled(rnd, view, report.withdrawals),
        cited_round=lambda rnd: Markup(
            f"{_round_name(rnd)} {view.cites(rnd.sources)}" if rnd.sources else _round_name(rnd)
        ),
    )


def _matrix(matrix: Matrix) -> str:
    return _render("matrix.md", matrix=matrix, view=_View({}, SourceIndex()))


def _trajectory(t: Trajectory) -> str:
    return _render("trajectory.md", trajectory=t, view=_View({}, SourceIndex()))


def _changes(changes: ChangeSet) -> str:
    index = SourceIndex.of_changes(changes)
    return _render("changes.md", changes=changes, view=_View({}, index))


def _exploration(found: Exploration[Any]) -> str:
    words = exploration_words(found)
    return _render(
        "exploration.md",
        found=found,
        view=_View({}, words.index()),
        words=words,
    )


@functools.singledispatch
def _document(result: object) -> str:
    raise refuse(result)


_document.register(RoundReport, _round_report)
_document.register(NegotiationReport, _negotiation_report)
_document.register(Comparison, _comparison)
_document.register(Matrix, _matrix)
_document.register(ChangeSet, _changes)
_document.register(Trajectory, _trajectory)
_document.register(Exploration, _exploration)


def _plan(result: PlanAssessment) -> str:
    from negpos._render.many_text import plan_markdown

    return plan_markdown(result)


def _common(result: CommonGround) -> str:
    from negpos._render.many_text import common_markdown

    return common_markdown(result)


_document.register(PlanAssessment, _plan)


def _robust(result: RobustComparison) -> str:
    from negpos._render.robust_text import robust_markdown

    return robust_markdown(result)


_document.register(RobustComparison, _robust)


def _sweep(result: FigureSweep) -> str:
    from negpos._render.robust_text import sweep_markdown

    return sweep_markdown(result)


_document.register(FigureSweep, _sweep)


def _bargain(result: Bargain) -> str:
    from negpos._render.bargain_text import bargain_markdown

    return bargain_markdown(result)


_document.register(Bargain, _bargain)
_document.register(CommonGround, _common)


def _agreement(result: Agreement) -> str:
    from negpos._render.agreements import agreement_markdown

    return agreement_markdown(result)


_document.register(Agreement, _agreement)


def render_result(result: Result) -> str:
    """Render ``result`` as a GitHub-flavoured Markdown document.

    Raises:
        UsageError: The result is not something negpos renders.
    """
    return _document(result)
