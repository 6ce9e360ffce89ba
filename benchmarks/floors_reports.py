"""Plain floors for reports: the same rows, written by a hand-written loop of f-strings.

A report floor answers "what would a script cost that dumps the same rows by hand?". It reads
the report's results as any script would (the comparison's rows, each side's position, the
moves, the numbered sources), puts stances in words with the same function the reports use
(`describe_stance`, so that both sides of the ratio say the same thing), numbers citations
through a dict it builds itself, escapes every analyst string as the format requires (a
backslash per special character for Markdown, `html.escape` for HTML) and writes each row with one
f-string: no template engine, no view objects, no per-cell helpers. What negpos spends beyond
that is the price of its templates, views and the finer points of its output (the facts on
every status, the links between sections, the charts), and the targets bound it.

JSON is the same data as negpos writes (the report's ``to_dict()``, computed untimed), written
by ``json.dumps`` with the same indentation and sorted keys. The terminal floor writes the same
tables (the gaps, the issues with their facts, the moves) in fixed columns, wrapping long cells
at spaces.
"""

from __future__ import annotations

import html
import json
from typing import Any

import negpos
from negpos._render.words import (
    FIRMNESS_WORDS,
    MOVEMENT_WORDS,
    STATUS_WORDS,
    comparison_details,
    describe_stance,
    format_fraction,
)

__all__ = [
    "html_page",
    "json_text",
    "markdown",
    "negotiation_html",
    "negotiation_markdown",
    "negotiation_terminal",
    "terminal",
]

_MD = tuple((ch, f"\\{ch}") for ch in "\\`*_[]<>#|&~")


def _md(text: str) -> str:
    out = text.replace("\n", " ").strip()
    for ch, escaped in _MD:
        if ch in out:
            out = out.replace(ch, escaped)
    return out


def _numbers(report: negpos.RoundReport) -> dict[negpos.Source, int]:
    return {s: n for n, s in enumerate(report.sources.sources, start=1)}


def _md_side(
    issue: negpos.Issue, p: negpos.Position | None, numbers: dict[negpos.Source, int]
) -> str:
    if p is None:
        return "—"
    cites = " ".join(f"[\\[{numbers[s]}\\]]({s.url})" for s in p.sources)
    return (
        f"{_md(describe_stance(issue, p.stance))} · *{FIRMNESS_WORDS[p.firmness.value]}* "
        f"· salience {format_fraction(p.salience)} · {cites}"
    )


def markdown(report: negpos.RoundReport) -> str:
    """The round report's rows as Markdown: issues by category, moves, sources."""
    numbers = _numbers(report)
    a, b = report.parties
    names = {a.id: a.name, b.id: b.name}
    out = [f"# {_md(report.round.label or report.round.id)}", "", "## Issues", ""]
    category = None
    for c in report.comparison.rows:
        if c.issue.category != category:
            category = c.issue.category
            out += ["", f"### {_md(category)}", ""]
            out += [f"| Issue | Status | {_md(a.name)} | {_md(b.name)} |", "|---|---|---|---|"]
        gap = format_fraction(c.magnitude) if c.magnitude else ""
        gap += "".join(f" · {_md(fact)}" for fact in comparison_details(c, names))
        out.append(
            f"| {_md(c.issue.title)} (`{c.issue.id}`) | **{STATUS_WORDS[c.status.value]}** {gap} "
            f"| {_md_side(c.issue, c.position_a, numbers)} "
            f"| {_md_side(c.issue, c.position_b, numbers)} |"
        )
    for changes in report.changes:
        out += ["", f"### {_md(changes.party)}", "", "| Issue | Movement | Before | Now |"]
        out.append("|---|---|---|---|")
        for item in changes.rows:
            before = "—" if item.before is None else describe_stance(item.issue, item.before.stance)
            now = "—" if item.after is None else describe_stance(item.issue, item.after.stance)
            out.append(
                f"| {_md(item.issue.title)} (`{item.issue.id}`) "
                f"| **{MOVEMENT_WORDS[item.movement.value]}** | {_md(before)} | {_md(now)} |"
            )
    out += ["", "## Sources", ""]
    out += [f"{n}. {_md(s.label)}" for s, n in numbers.items()]
    return "\n".join(out) + "\n"


def _h(text: str) -> str:
    return html.escape(text, quote=True)


def _html_side(
    issue: negpos.Issue, p: negpos.Position | None, numbers: dict[negpos.Source, int]
) -> str:
    if p is None:
        return '<span class="absent">no position</span>'
    cites = "".join(
        f'<a class="cite" href="{_h(s.url or "")}">[{numbers[s]}]</a>' for s in p.sources
    )
    return (
        f'<div class="stance">{_h(describe_stance(issue, p.stance))}</div>'
        f'<div class="meta"><span class="badge">{FIRMNESS_WORDS[p.firmness.value]}</span> '
        f"salience {format_fraction(p.salience)} · {cites}</div>"
    )


def html_page(report: negpos.RoundReport) -> str:
    """The round report's rows as one HTML page: tables of issues and moves, sources."""
    numbers = _numbers(report)
    a, b = report.parties
    names = {a.id: a.name, b.id: b.name}
    out = [f"<!DOCTYPE html><html><body><main><h1>{_h(report.round.label or '')}</h1>"]
    category = None
    for c in report.comparison.rows:
        if c.issue.category != category:
            if category is not None:
                out.append("</tbody></table>")
            category = c.issue.category
            out.append(
                f"<h3>{_h(category)}</h3><table><thead><tr><th>Issue</th><th>Status</th>"
                f"<th>{_h(a.name)}</th><th>{_h(b.name)}</th></tr></thead><tbody>"
            )
        gap = format_fraction(c.magnitude) if c.magnitude else ""
        gap += "<ul>" + "".join(f"<li>{_h(f)}</li>" for f in comparison_details(c, names)) + "</ul>"
        out.append(
            f'<tr id="issue-{c.issue.id}"><td><div class="issue-title">{_h(c.issue.title)}</div>'
            f'<code>{c.issue.id}</code></td><td><span class="pill">'
            f"{STATUS_WORDS[c.status.value]}</span> {gap}</td>"
            f"<td>{_html_side(c.issue, c.position_a, numbers)}</td>"
            f"<td>{_html_side(c.issue, c.position_b, numbers)}</td></tr>"
        )
    out.append("</tbody></table>")
    for changes in report.changes:
        out.append(f"<h3>{_h(changes.party)}</h3><table><tbody>")
        for item in changes.rows:
            before = "—" if item.before is None else describe_stance(item.issue, item.before.stance)
            now = "—" if item.after is None else describe_stance(item.issue, item.after.stance)
            out.append(
                f"<tr><td>{_h(item.issue.title)}</td><td>{MOVEMENT_WORDS[item.movement.value]}"
                f"</td><td>{_h(before)}</td><td>{_h(now)}</td></tr>"
            )
        out.append("</tbody></table>")
    out.append("<ol>" + "".join(f"<li>{_h(s.label)}</li>" for s in numbers) + "</ol>")
    out.append("</main></body></html>")
    return "\n".join(out) + "\n"


def json_text(data: dict[str, Any]) -> str:
    """A report's data (its ``to_dict()``, computed untimed) written as negpos writes it."""
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def _wrap(text: str, width: int) -> list[str]:
    if len(text) <= width:
        return [text]
    lines, current = [], ""
    for word in text.split(" "):
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    lines.append(current)
    return lines


def _rows(cells: tuple[list[str], ...], widths: tuple[int, ...]) -> list[str]:
    wrapped = [
        [piece for line in cell for piece in _wrap(line, w)]
        for cell, w in zip(cells, widths, strict=True)
    ]
    height = max(len(c) for c in wrapped)
    return [
        " "
        + "   ".join(
            (c[k] if k < len(c) else "").ljust(w) for c, w in zip(wrapped, widths, strict=True)
        )
        for k in range(height)
    ]


def _side(issue: negpos.Issue, p: negpos.Position | None) -> list[str]:
    if p is None:
        return ["—"]
    return [
        describe_stance(issue, p.stance),
        FIRMNESS_WORDS[p.firmness.value],
        f"salience {format_fraction(p.salience)}",
    ]


def terminal(report: negpos.RoundReport, width: int = 120) -> str:
    """The round report's gaps, issues and moves in fixed columns, cells wrapped, as text."""
    names = {p.id: p.name for p in report.parties}
    out = [report.round.label or report.round.id, ""]
    for c in report.comparison.summary.gaps:
        red = ", ".join(names[p] for p in c.red_lines)
        out.append(f" {c.issue.title[:60]:<60}   {format_fraction(c.magnitude):>4}   {red}")
    column = (width - 13) // 4
    widths = (column, column, column, column)
    for c in report.comparison.rows:
        status = [STATUS_WORDS[c.status.value], *comparison_details(c, names)]
        cells = (
            [c.issue.title, c.issue.id],
            status,
            _side(c.issue, c.position_a),
            _side(c.issue, c.position_b),
        )
        out += ["", *_rows(cells, widths)]
    for changes in report.changes:
        out += ["", changes.party]
        for item in changes.rows:
            cells = (
                [item.issue.title],
                [MOVEMENT_WORDS[item.movement.value]],
                ["—" if item.before is None else describe_stance(item.issue, item.before.stance)],
                ["—" if item.after is None else describe_stance(item.issue, item.after.stance)],
            )
            out += _rows(cells, widths)
    return "\n".join(out) + "\n"


def _pair(names: dict[str, str], t: negpos.Trajectory) -> str:
    return f"{names[t.party_a]} – {names[t.party_b]}"


def negotiation_markdown(report: negpos.NegotiationReport) -> str:
    """The negotiation report's tables as Markdown: parties, rounds, matrix, convergence, grid."""
    names = {p.id: p.name for p in report.parties}
    out = [f"# {_md(report.title)}", "", "| Party | Id | Role |", "|---|---|---|"]
    out += [f"| {_md(p.name)} | `{p.id}` | {p.role.value} |" for p in report.parties]
    out += ["", "| Date | Round | Venue |", "|---|---|---|"]
    out += [f"| {r.date} | {_md(r.label or r.id)} | {_md(r.venue or '')} |" for r in report.rounds]
    matrix = report.matrix
    out += ["", "| Pair | Compatibility index | Mean gap |", "|---|---|---|"]
    for pair in matrix.pairs:
        s = pair.summary
        out.append(
            f"| {_md(names[pair.party_a])} – {_md(names[pair.party_b])} "
            f"| {format_fraction(s.compatibility)} | {format_fraction(s.mean_gap)} |"
        )
    for t in report.trajectories:
        cells = " | ".join(format_fraction(p.compatibility) for p in t.convergence.points)
        out.append(f"| {_md(_pair(names, t))} | {cells} |")
    focus = report.focus_trajectory
    out += ["", "| Issue | " + " | ".join(f"`{r}`" for r in focus.rounds) + " |"]
    for row in focus.rows:
        cells = " | ".join(
            "—"
            if p.status is None
            else f"{STATUS_WORDS[p.status.value]} {format_fraction(p.magnitude)}"
            for p in row.points
        )
        out.append(f"| {_md(row.issue.title)} (`{row.issue.id}`) | {cells} |")
    return "\n".join(out) + "\n"


def negotiation_html(report: negpos.NegotiationReport) -> str:
    """The negotiation report's tables as one HTML page."""
    names = {p.id: p.name for p in report.parties}
    out = [f"<!DOCTYPE html><html><body><main><h1>{_h(report.title)}</h1><table>"]
    out += [f"<tr><td>{_h(p.name)}</td><td>{p.id}</td></tr>" for p in report.parties]
    out += [f"<tr><td>{r.date}</td><td>{_h(r.label or r.id)}</td></tr>" for r in report.rounds]
    out.append("</table><table>")
    for pair in report.matrix.pairs:
        out.append(
            f"<tr><th>{_h(names[pair.party_a])} – {_h(names[pair.party_b])}</th>"
            f"<td>{format_fraction(pair.summary.compatibility)}</td></tr>"
        )
    for t in report.trajectories:
        cells = "".join(
            f"<td>{format_fraction(p.compatibility)}</td>" for p in t.convergence.points
        )
        out.append(f"<tr><th>{_h(_pair(names, t))}</th>{cells}</tr>")
    out.append("</table><table>")
    for row in report.focus_trajectory.rows:
        cells = "".join(
            '<td class="cell"></td>'
            if p.status is None
            else f'<td class="cell s-{p.status.value}">{format_fraction(p.magnitude)}</td>'
            for p in row.points
        )
        out.append(f'<tr><th scope="row">{_h(row.issue.title)}</th>{cells}</tr>')
    out.append("</table></main></body></html>")
    return "\n".join(out) + "\n"


def negotiation_terminal(report: negpos.NegotiationReport) -> str:
    """The negotiation report's matrix and convergence as padded text."""
    names = {p.id: p.name for p in report.parties}
    out = [report.title, ""]
    for p in report.matrix.parties:
        cells = "   ".join(
            "—" if p == q else format_fraction(report.matrix.pair(p, q).summary.compatibility)
            for q in report.matrix.parties
        )
        out.append(f" {names[p]:<20}   {cells}")
    for t in report.trajectories:
        points = [p.compatibility for p in t.convergence.points]
        out.append(
            f" {_pair(names, t):<40}   {format_fraction(points[0])}   {format_fraction(points[-1])}"
        )
    return "\n".join(out) + "\n"
