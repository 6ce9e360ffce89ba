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

import functools
from collections.abc import Iterable
from typing import Any, Final

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from negpos._analysis.agreement import Agreement
from negpos._analysis.changes import ChangeSet, PositionChange
from negpos._analysis.common import CommonGround
from negpos._analysis.comparison import Comparison, IssueComparison, OptionComparison, Status
from negpos._analysis.matrix import Matrix
from negpos._analysis.plans import PlanAssessment
from negpos._analysis.rawdiff import RawChangeKind
from negpos._analysis.reports import (
    NegotiationReport,
    RoundReport,
    SourceIndex,
)
from negpos._analysis.robust import FigureSweep, RobustComparison
from negpos._analysis.trajectory import Trajectory
from negpos._model.documents import Position, Source
from negpos._model.issues import Issue
from negpos._render import Result, refuse
from negpos._render.charting import page_charts
from negpos._render.fieldchanges import FieldChanges, FieldLine, PieceKind
from negpos._render.svg import RED_LINE_COLOUR, STATUS_COLOURS
from negpos._render.view import View, split_urls, web
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
    reading_words,
    round_names,
    tabled_words,
)
from negpos.scenarios._bargain import Bargain
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
        tabled_words=tabled_words,
        fraction=format_fraction,
        number=format_number,
        date=format_date,
        web=web,
        linked=lambda value: Markup(_linked(value)),
        plural=_plural,
        short_date=format_short_date,
        signed=_signed,
    )
    return env


def _signed(value: float | None, decimals: int) -> str:
    return "—" if value is None else f"{value:+.{decimals}f}"


def _plural(n: int, word: str, words: str | None = None) -> str:
    return f"{n} {word if n == 1 else (words or word + 's')}"


# The entities markupsafe writes, so that the rows read exactly as the templates' own output;
# "&" first, so that the other entities are not escaped again.
_ENTITIES = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&#34;"), ("'", "&#39;"))


def _text(value: object) -> str:
    """What ``{{ value }}`` prints for a string: its control characters removed, escaped.

    A plain ``str``, not ``Markup``: adding ``Markup`` to the row's own markup would escape
    that markup.
    """
    text = clean_text(str(value), keep_newlines=True)
    for ch, entity in _ENTITIES:
        if ch in text:  # str.replace per character beats str.translate by ten times here
            text = text.replace(ch, entity)
    return text


def _linked(value: object) -> str:
    """Prose as ``_text`` writes it, with each http or https address in it a link."""
    text = clean_text(str(value), keep_newlines=True)
    return "".join(
        f'<a href="{_text(piece)}">{_text(piece)}</a>' if url else _text(piece)
        for piece, url in split_urls(text)
    )


def _lines(parts: list[str]) -> Markup:
    # Each part ends with a line break; the template's own line break follows the last one.
    return Markup("".join(parts).removesuffix("\n"))


_TAGS: Final = {PieceKind.REMOVED: ("<del>", "</del>"), PieceKind.ADDED: ("<ins>", "</ins>")}


def _field_line(line: FieldLine) -> str:
    """One changed field: ``field: before → after``, or its word difference, escaped."""
    field = f'<span class="field">{_text(line.field)}</span>: ' if line.field else ""
    kind = line.kind
    if kind is RawChangeKind.ADDED:
        return f"{field}added <ins>{_text(line.after or '')}</ins>"
    if kind is RawChangeKind.REMOVED:
        return f"{field}removed <del>{_text(line.before or '')}</del>"
    if kind is RawChangeKind.REORDERED:
        return f"{field}new order {_text(line.after or '')}"
    if line.words:
        marked = []
        for piece in line.words:
            opening, closing = _TAGS.get(piece.kind, ("", ""))
            marked.append(f"{opening}{_text(piece.text)}{closing}")
        return field + " ".join(marked)
    return f"{field}{_text(line.before or '')} → {_text(line.after or '')}"


class _View(View):
    """The shared view, writing the cells that every row of the big tables repeats.

    The templates lay the page out; a position, a status and a row's citations are written
    here with plain string formatting (each value cleaned and escaped as the templates' own
    ``{{ }}`` would), because they repeat for every issue and a template macro per cell made
    a large report many times slower than the rows themselves.
    """

    def cite(self, sources: Iterable[Source]) -> list[tuple[int, str, str]]:
        """(number, href, tooltip) for each source: the web address, or the sources list."""
        sources = tuple(sources)
        out = []
        listed = self.sources.sources
        for n, s in zip(self.sources.numbers(sources), sources, strict=True):
            # The source as listed (its title, where any citation of it gives one), and the
            # passage this citation points to.
            label = listed[n - 1].label
            tip = label if not s.section else f"{label}, {s.section}"
            out.append((n, web(s.url) or f"#source-{n}", tip))
        return out

    def cites(self, sources: Iterable[Source]) -> Markup:
        """The citations of some sources: a bracketed number each, linked."""
        return Markup(
            "".join(
                f'<a class="cite" href="{_text(href)}" title="{_text(tip)}">[{n}]</a>'
                for n, href, tip in self.cite(sources)
            )
        )

    def status(self, c: IssueComparison) -> Markup:
        """An issue's status pill, its gap, and the facts that go with it."""
        value = c.status.value
        out = f'<span class="pill {value}">{STATUS_WORDS[value]}</span>'
        if c.status is Status.GAP:
            out += f' <span class="magnitude">{format_fraction(c.magnitude)}</span>'
        out += "\n"
        facts = self.details(c)
        if facts:
            items = "".join(f"<li>{_text(fact)}</li>\n" for fact in facts)
            out += f'<ul class="details">\n{items}</ul>\n'
        return Markup(out)

    def position(self, c: IssueComparison, p: Position | None, since: str | None = None) -> Markup:
        """A side's stance, firmness, salience, standing since, citations, conditions, note."""
        if p is None:
            return Markup('<span class="absent">no position</span>\n')
        firmness = p.firmness.value
        out = (
            f'<div class="stance">{_text(describe_stance(c.issue, p.stance))}</div>\n'
            f'<div class="meta"><span class="badge {firmness}">{FIRMNESS_WORDS[firmness]}</span>'
            f" salience {format_fraction(p.salience)}"
        )
        if since is not None:
            out += f' · <span class="since">{_text(since)}</span>'

        if p.sources:
            out += f" · {self.cites(p.sources)}"
        out += "</div>\n"
        if p.conditions:
            conditions = ", ".join(f"<code>{_text(c.issue)}</code>" for c in p.conditions)
            out += f'<div class="meta">holds only under a condition on {conditions}</div>\n'
        if p.links:
            links = ", ".join(f"<code>{_text(link)}</code>" for link in p.links)
            out += f'<div class="meta">linked to {links}</div>\n'
        if p.note:
            out += f'<p class="note">{_linked(p.note)}</p>\n'
        for words in reading_words(c.issue, p):
            out += f'<div class="meta">other reading: {_text(words)}</div>\n'
        return Markup(out)

    def issue_rows(self, items: Iterable[IssueComparison], a: str, b: str) -> Markup:
        """The rows of an issues table: issue, status, and each side's position."""
        label_a, label_b = _text(self.name(a)), _text(self.name(b))
        rows = []
        for c in items:
            iid = _text(c.issue.id)
            red = " red" if c.red_lines else ""
            rows.append(
                f'<tr id="issue-{iid}" class="{c.status.value}{red}">\n'
                f'<td data-label="Issue"><div class="issue-title">{_text(c.issue.title)}</div>'
                f"<code>{iid}</code></td>\n"
                f'<td data-label="Status">{self.status(c)}</td>\n'
                f'<td data-label="{label_a}">'
                f"{self.position(c, c.position_a, self.since_words(c, first=True))}</td>\n"
                f'<td data-label="{label_b}">'
                f"{self.position(c, c.position_b, self.since_words(c, first=False))}</td>\n"
                "</tr>\n"
            )
        return _lines(rows)

    def gap_items(self, gaps: Iterable[IssueComparison], *, red: bool) -> Markup:
        """The items of a list of gaps, each linked to its issue's row."""
        items = []
        for c in gaps:
            item = (
                f'<li><a href="#issue-{_text(c.issue.id)}">{_text(c.issue.title)}</a> — gap '
                f'<span class="magnitude">{format_fraction(c.magnitude)}</span>'
            )
            if red:
                item += f", red line of {_text(self.names_of(c.red_lines))}"
            items.append(item + "</li>\n")
        return _lines(items)

    def _issue_link(self, issue: Issue, css: str) -> str:
        title = _text(issue.title)
        if issue.id in self.anchors:
            return f'<a{css} href="#issue-{_text(issue.id)}">{title}</a>'
        return f"<span{css}>{title}</span>" if css else title

    def option_items(self, option: OptionComparison) -> Markup:
        """One item per issue an option states: status, issue, the option's stance, citations."""
        items = []
        for c in option.rows:
            value = c.status.value
            item = f'<li><span class="pill {value}">{STATUS_WORDS[value]}</span>'
            if c.status is Status.GAP:
                item += f' <span class="magnitude">{format_fraction(c.magnitude)}</span>'
            item += f" {self._issue_link(c.issue, '')}: "
            p = self.own(c, option.party)
            if p is not None:
                item += _text(describe_stance(c.issue, p.stance))
                since = self.standing_since(c, option.party)
                if since is not None:
                    item += f' <span class="since">({_text(since)})</span>'
                if p.sources:
                    item += f" {self.cites(p.sources)}"
            items.append(item + "</li>\n")
        return _lines(items)

    def change_rows(self, items: Iterable[PositionChange]) -> Markup:
        """The rows of a change table: issue, movement and what else changed, stances, distance."""
        absent = '<span class="absent">no position</span>'
        rows = []
        for item in items:
            issue = item.issue
            value = item.movement.value
            extra = ""
            fb, fa = item.firmness_before, item.firmness_after
            if fb and fa and fb != fa:
                firmness = f"{FIRMNESS_WORDS[fb.value]} → {FIRMNESS_WORDS[fa.value]}"
                extra += f'<div class="meta">{firmness}</div>'
            sb, sa = item.salience_before, item.salience_after
            if sb is not None and sa is not None and sb != sa:
                salience = f"{format_fraction(sb)} → {format_fraction(sa)}"
                extra += f'<div class="meta">salience {salience}</div>'
            for words, links in (
                ("now linked to", item.links_added),
                ("no longer linked to", item.links_removed),
            ):
                if links:
                    codes = ", ".join(f"<code>{_text(link)}</code>" for link in links)
                    extra += f'<div class="meta">{words} {codes}</div>'
            before = absent
            if item.before is not None:
                before = _text(describe_stance(issue, item.before.stance))
                if item.before.sources:
                    before += f" {self.cites(item.before.sources)}"
            now = absent
            if item.after is not None:
                now = _text(describe_stance(issue, item.after.stance))
                if item.after.sources:
                    now += f" {self.cites(item.after.sources)}"
            distance = "—"
            if item.distance_before is not None or item.distance_after is not None:
                distance = (
                    f"{format_fraction(item.distance_before)} → "
                    f"{format_fraction(item.distance_after)}"
                )
            link = self._issue_link(issue, ' class="issue-title"')
            rows.append(
                "<tr>\n"
                f'<td data-label="Issue">{link}</td>\n'
                f'<td data-label="Movement"><span class="badge {value}">{MOVEMENT_WORDS[value]}'
                f"</span>\n{extra}</td>\n"
                f'<td data-label="Before">{before}</td>\n'
                f'<td data-label="Now">{now}</td>\n'
                f'<td data-label="Distance" class="num">{distance}</td>\n'
                "</tr>\n"
            )
        return _lines(rows)

    def field_items(self, shown: FieldChanges) -> Markup:
        """The raw changes as list items: a position's title, then a list of its fields."""
        items = []
        for group in shown.groups:
            head = f'<li><span class="issue-title">{_text(group.title)}</span>'
            if group.issue:
                head += f" <code>{_text(group.issue)}</code>"
            if group.where:
                head += f' <span class="muted">{_text(group.where)}</span>'
            fields = "".join(f"<li>{_field_line(line)}</li>\n" for line in group.lines)
            items.append(f"{head}<ul>\n{fields}</ul>\n</li>\n")
        return _lines(items)

    def change_note_items(self, noted: Iterable[tuple[PositionChange, Position]]) -> Markup:
        """One list item per moved position with a note: the issue, then the note."""
        return _lines(
            [
                f"<li><b>{_text(item.issue.title)}</b> <code>{_text(item.issue.id)}</code>: "
                f"{_linked(p.note or '')}</li>\n"
                for item, p in noted
            ]
        )

    def source_items(self) -> Markup:
        """The numbered list of the sources cited: title (linked), details, quote, note."""
        items = []
        for n, s in enumerate(self.sources.sources, start=1):
            address = web(s.url)
            label = _text(s.label)
            item = f'<li id="source-{n}">' + (
                f'<a href="{_text(address)}">{label}</a>' if address else label
            )
            if s.publisher and s.publisher != s.label:
                item += f", {_text(s.publisher)}"
            if s.section:
                item += f", {_text(s.section)}"
            if s.date:
                item += f", {format_date(s.date)}"
            if s.language:
                item += f" (in {_text(s.language)})"
            if s.quote:
                item += f": <q>{_text(s.quote)}</q>"
            if s.note:
                item += f' <span class="muted">— {_text(s.note)}</span>'
            if address and s.label != s.url:
                item += f'<br><span class="muted small">{_text(s.url)}</span>'
            passages = self.sources.passages(n)
            if passages:
                cited = "".join(
                    "<li>"
                    + _text(section or "")
                    + (": " if section and quote else "")
                    + (f"<q>{_text(quote)}</q>" if quote else "")
                    + "</li>"
                    for section, quote in passages
                )
                item += f'<ul class="passages small">{cited}</ul>'
            items.append(item + "</li>\n")
        return _lines(items)

    def grid_rows(self, t: Trajectory) -> Markup:
        """One row per issue of a trajectory: a cell per round, coloured by status."""
        rows = []
        for row in t.rows:
            cells = []
            for p in row.points:
                if p.status is None:
                    cells.append('<td class="cell"></td>')
                    continue
                value = p.status.value
                word = STATUS_WORDS[value]
                shown = format_fraction(p.magnitude) if p.status is Status.GAP else word
                cells.append(f'<td class="cell s-{value}" title="{word}">{shown}</td>')
            rows.append(
                f'<tr>\n<th scope="row">{_text(row.issue.title)}</th>\n{"".join(cells)}</tr>\n'
            )
        return _lines(rows)


def _render(template: str, **context: Any) -> str:
    text = _environment().get_template(template).render(**context)
    return text if text.endswith("\n") else text + "\n"


def _round_report(report: RoundReport) -> str:
    view = _View(
        {p.id: p.name for p in report.parties},
        report.sources,
        anchors=(c.issue.id for c in report.comparison.rows),
        compared=(report.comparison.round_a, report.comparison.round_b),
        rounds=round_names((*report.origins, *report.earlier, report.round)),
    )
    rounds = {r.id: r for r in (*report.earlier, report.round)}
    charts = page_charts(report)
    robust: dict[str, Any] | None = None
    if report.robust is not None:
        from negpos._render.robust_html import section_context

        robust = {**section_context(report.robust), "chart": charts.get("robust", Markup(""))}
    return _render(
        "round.html",
        report=report,
        comparison=report.comparison,
        view=view,
        rounds=rounds,
        ranges=_ranges(charts),
        robust=robust,
    )


def _ranges(charts: dict[str, Markup]) -> list[tuple[str, Markup]]:
    """The range charts of a page, as (issue id, chart), in the page's order."""
    return [(name.removeprefix("ranges-"), c) for name, c in charts.items() if name != "robust"]


def _comparison(comparison: Comparison) -> str:
    a, b = comparison.party_a, comparison.party_b
    view = _View(
        {a: a, b: b},
        SourceIndex.of_comparison(comparison),
        anchors=(c.issue.id for c in comparison.rows),
        compared=(comparison.round_a, comparison.round_b),
    )
    return _render(
        "comparison.html",
        comparison=comparison,
        view=view,
        ranges=_ranges(page_charts(comparison)),
    )


def _negotiation_report(report: NegotiationReport) -> str:
    view = _View(
        {p.id: p.name for p in report.parties},
        report.sources,
        rounds=round_names(report.rounds),
    )
    charts = page_charts(report)
    return _render(
        "negotiation.html",
        report=report,
        matrix=report.matrix,
        view=view,
        matrix_chart=charts["matrix"],
        convergence_chart=charts["convergence"],
    )


def _trajectory(t: Trajectory) -> str:
    return _render(
        "trajectory.html",
        trajectory=t,
        view=_View({}, SourceIndex()),
        convergence_chart=page_charts(t)["convergence"],
    )


def _changes(changes: ChangeSet) -> str:
    index = SourceIndex.of_changes(changes)
    return _render("changes.html", changes=changes, view=_View({}, index))


def _matrix(matrix: Matrix) -> str:
    return _render(
        "matrix.html",
        matrix=matrix,
        view=_View({}, SourceIndex()),
        matrix_chart=page_charts(matrix)["matrix"],
    )


def _exploration(found: Exploration[Any]) -> str:
    words = exploration_words(found)
    return _render(
        "exploration.html",
        found=found,
        view=_View({}, words.index()),
        words=words,
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


def _plan(result: PlanAssessment) -> str:
    from negpos._render.many_html import plan_page

    return plan_page(result, _render)


def _common(result: CommonGround) -> str:
    from negpos._render.many_html import common_page

    return common_page(result, _render)


def _robust(result: RobustComparison) -> str:
    from negpos._render.robust_html import robust_page

    return robust_page(result, _render)


_page.register(PlanAssessment, _plan)
_page.register(CommonGround, _common)
_page.register(RobustComparison, _robust)


def _sweep(result: FigureSweep) -> str:
    from negpos._render.robust_html import sweep_page

    return sweep_page(result, _render)


_page.register(FigureSweep, _sweep)


def _bargain(result: Bargain) -> str:
    from negpos._render.bargain_html import bargain_page

    return bargain_page(result, _render)


_page.register(Bargain, _bargain)


def _agreement(result: Agreement) -> str:
    from negpos._render.agreements import agreement_page

    return agreement_page(result, _render)


_page.register(Agreement, _agreement)


def render_result(result: Result) -> str:
    """Render ``result`` as one self-contained HTML page.

    Raises:
        UsageError: The result is not something negpos renders.
    """
    return _page(result)
