"""Markdown rendering: GitHub-flavoured tables and prose, every analyst string escaped.

Analyst text (titles, labels, party names, quotes) goes through
[`escape`][negpos._render_markdown.escape] before it reaches the page, so that a ``|`` cannot
split a table cell, a backtick cannot open code, ``<script>`` stays text and a line break
cannot end a table row. Ids are slugs by construction and are shown in code spans.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Final

from negpos._changes import ChangeSet
from negpos._comparison import AlternativesComparison, Comparison, IssueComparison, Status
from negpos._describe import (
    FIRMNESS_WORDS,
    MOVEMENT_WORDS,
    STATUS_WORDS,
    category_title,
    change_details,
    clean_text,
    comparison_details,
    describe_stance,
    format_date,
    format_distances,
    format_fraction,
)
from negpos._documents import Position, Round, Source
from negpos._matrix import Matrix
from negpos._render import Result
from negpos._report import (
    NegotiationReport,
    RoundReport,
    SourceIndex,
    moved,
    positions_cited,
)
from negpos._trajectory import Trajectory

__all__ = ["escape", "escape_url", "to_markdown"]

# Backslash first in spirit: every one of these is escaped by a backslash, which CommonMark
# allows before any ASCII punctuation. `&` stops entity references, `~` strikethrough.
_SPECIAL: Final = frozenset("\\`*_[]<>#|&~")
# In a link destination these would end the link, split a table cell or be read as escapes.
_URL_UNSAFE: Final = frozenset(" ()<>|\\`\"'")
# "1." or "1)" at the start of a line would open an ordered list.
_LIST_NUMBER: Final = re.compile(r"^[0-9]{1,9}[.)]")


def escape(text: str) -> str:
    r"""Escape analyst text for Markdown prose and table cells.

    Control and format characters are removed, line breaks become spaces (see
    [`clean_text`][negpos._describe.clean_text]) and the ends are trimmed; then every
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
    cleaned = clean_text(text).strip()
    out = "".join(f"\\{ch}" if ch in _SPECIAL else ch for ch in cleaned)
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
    out: list[str] = []
    for ch in url:
        if ch in _URL_UNSAFE or clean_text(ch) != ch:
            out.extend(f"%{byte:02X}" for byte in ch.encode("utf-8"))
        else:
            out.append(ch)
    return "".join(out)


def _link(text: str, url: str | None) -> str:
    """A link whose text is already Markdown; plain text where there is no web address."""
    if url is None or not url.startswith(("https://", "http://")):
        return text
    return f"[{text}]({escape_url(url)})"


def _table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines.extend("| " + " | ".join(row) + " |" for row in rows)
    return lines


def _citations(sources: Iterable[Source], index: SourceIndex) -> str:
    sources = tuple(sources)
    return " ".join(
        _link(f"\\[{n}\\]", s.url) for n, s in zip(index.numbers(sources), sources, strict=True)
    )


def _position(c: IssueComparison, position: Position | None, index: SourceIndex) -> str:
    if position is None:
        return "—"
    parts = [
        escape(describe_stance(c.issue, position.stance)),
        f"*{FIRMNESS_WORDS[position.firmness.value]}*",
        f"salience {format_fraction(position.salience)}",
    ]
    if position.sources:
        parts.append(_citations(position.sources, index))
    return " · ".join(parts)


def _issue_name(c: IssueComparison) -> str:
    return f"{escape(c.issue.title)} (`{c.issue.id}`)"


def _status(c: IssueComparison, names: Mapping[str, str]) -> str:
    word = f"**{STATUS_WORDS[c.status.value]}**"
    if c.status is Status.GAP:
        word += f" {format_fraction(c.magnitude)}"
    return " · ".join([word, *(escape(d) for d in comparison_details(c, names))])


def _summary(comparison: Comparison, names: Mapping[str, str]) -> list[str]:
    summary = comparison.summary
    header = [
        "Compatibility index",
        "Mean gap",
        *(STATUS_WORDS[s.value] for s, _ in summary.counts),
    ]
    row = [
        format_fraction(summary.compatibility),
        format_fraction(summary.mean_gap),
        *(str(n) for _, n in summary.counts),
    ]
    lines = ["## Summary", "", *_table([h[:1].upper() + h[1:] for h in header], [row]), ""]
    two_sided = summary.total - summary.count(Status.ONE_SIDED)
    lines += [
        f"{summary.total} issues; both sides address {two_sided}. The compatibility index is "
        "the salience-weighted mean of 1 − gap over the issues both sides address and the "
        "kinds can compare: 1 when all are compatible, 0 when all are full gaps.",
        "",
    ]
    red = summary.red_line_conflicts
    if red:
        lines += ["### Red lines in conflict", ""]
        rows = [
            [_issue_name(c), format_fraction(c.magnitude), escape(_party_list(c.red_lines, names))]
            for c in red
        ]
        lines += [*_table(["Issue", "Gap", "Red line of"], rows), ""]
    other = [c for c in summary.gaps if not c.red_lines]
    if other:
        lines += ["### Other gaps", ""]
        rows = [[_issue_name(c), format_fraction(c.magnitude)] for c in other]
        lines += [*_table(["Issue", "Gap"], rows), ""]
    return lines


def _party_list(ids: Iterable[str], names: Mapping[str, str]) -> str:
    return ", ".join(names.get(p, p) for p in ids)


def _issues(comparison: Comparison, names: Mapping[str, str], index: SourceIndex) -> list[str]:
    a, b = comparison.party_a, comparison.party_b
    header = ["Issue", "Status", escape(names.get(a, a)), escape(names.get(b, b))]
    lines = ["## Issues", ""]
    for category, items in _by_category(comparison.issues):
        rows = [
            [
                _issue_name(c),
                _status(c, names),
                _position(c, c.position_a, index),
                _position(c, c.position_b, index),
            ]
            for c in items
        ]
        lines += [f"### {escape(category_title(category))}", "", *_table(header, rows), ""]
    return lines


def _by_category(
    issues: Iterable[IssueComparison],
) -> list[tuple[str, list[IssueComparison]]]:
    # Categories in the order the agenda first mentions them; issues in agenda order.
    groups: dict[str, list[IssueComparison]] = {}
    for c in issues:
        groups.setdefault(c.issue.category, []).append(c)
    return list(groups.items())


def _alternatives(
    groups: Sequence[AlternativesComparison], names: Mapping[str, str], index: SourceIndex
) -> list[str]:
    if not groups:
        return []
    lines = ["## Alternatives", ""]
    for group in groups:
        title = escape(group.label) if group.label else f"`{group.group}`"
        lines += [f"### {escape(names.get(group.party, group.party))}: {title}", ""]
        rows = []
        for option in group.options:
            s = option.summary
            rows.append(
                [
                    escape(option.label) if option.label else f"`{option.option}`",
                    format_fraction(s.compatibility),
                    format_fraction(s.mean_gap),
                    str(len(s.red_line_conflicts)),
                    str(s.count(Status.GAP)),
                    "**closest**" if option.option == group.closest else "",
                ]
            )
        header = ["Option", "Compatibility index", "Mean gap", "Red lines in conflict", "Gaps", ""]
        lines += [*_table(header, rows), ""]
        for option in group.options:
            name = escape(option.label) if option.label else f"`{option.option}`"
            lines += [f"Issues stated by {name}:", ""]
            for c in option.issues:
                own = c.position_a if c.party_a == option.party else c.position_b
                lines.append(
                    f"- {_issue_name(c)}: {_status(c, names)} — {_position(c, own, index)}"
                )
            lines.append("")
    return lines


def _change_sets(
    change_sets: Sequence[ChangeSet],
    names: Mapping[str, str],
    rounds: Mapping[str, Round],
    index: SourceIndex,
    level: int = 2,
) -> list[str]:
    hashes = "#" * level
    lines = [f"{hashes} Changes since each side's previous round", ""]
    if not change_sets:
        return [*lines, "Neither side tabled positions in an earlier round.", ""]
    for changes in change_sets:
        lines += _change_set(changes, names, rounds, index, level + 1)
    return lines


def _change_set(
    changes: ChangeSet,
    names: Mapping[str, str],
    rounds: Mapping[str, Round],
    index: SourceIndex,
    level: int,
) -> list[str]:
    party = escape(names.get(changes.party, changes.party))
    earlier = rounds.get(changes.from_round or "")
    since = (
        f"{escape(earlier.label or earlier.id)} ({format_date(earlier.date)})"
        if earlier is not None
        else f"`{changes.from_round}`"
    )
    lines = [f"{'#' * level} {party} since {since}", ""]
    counts = [f"{n} {MOVEMENT_WORDS[m.value]}" for m, n in changes.counts if n]
    lines += [("Positions: " + ", ".join(counts) + ".") if counts else "No positions.", ""]
    items = moved(changes)
    if not items:
        return [*lines, "No position moved.", ""]
    if changes.counterpart is not None:
        other = escape(names.get(changes.counterpart, changes.counterpart))
        lines += [
            f"Distances are measured to {other}'s positions in the earlier round, which stay "
            f"fixed, so only {party}'s own moves count.",
            "",
        ]
    rows = []
    for item in items:
        before = "—"
        if item.before is not None:
            before = escape(describe_stance(item.issue, item.before.stance))
            if item.before.sources:
                before += " " + _citations(item.before.sources, index)
        after = "—"
        if item.after is not None:
            after = escape(describe_stance(item.issue, item.after.stance))
        movement = f"**{MOVEMENT_WORDS[item.movement.value]}**"
        extras = change_details(item)
        if extras:
            movement += " · " + " · ".join(escape(e) for e in extras)
        rows.append(
            [
                f"{escape(item.issue.title)} (`{item.issue.id}`)",
                movement,
                before,
                after,
                format_distances(item.distance_before, item.distance_after),
            ]
        )
    header = ["Issue", "Movement", "Before", "Now", "Distance"]
    return [*lines, *_table(header, rows), ""]


def _source_entry(n: int, source: Source) -> str:
    text = _link(escape(source.label), source.url)
    details = [escape(x) for x in (source.publisher, source.section) if x]
    if source.publisher and source.label == source.publisher:
        details = details[1:]
    if source.date is not None:
        details.append(format_date(source.date))
    if source.language:
        details.append(f"in {source.language}")
    entry = f"{n}. {text}"
    if details:
        entry += " — " + ", ".join(details)
    if source.quote:
        entry += f": “{escape(source.quote)}”"
    if source.note:
        entry += f" ({escape(source.note)})"
    return entry


def _sources(index: SourceIndex) -> list[str]:
    if not index.sources:
        return []
    lines = ["## Sources", ""]
    lines += [_source_entry(n, s) for n, s in enumerate(index.sources, start=1)]
    return [*lines, ""]


def _round_heading(rnd: Round, title: str) -> list[str]:
    facts = [escape(title), format_date(rnd.date)]
    if rnd.venue:
        facts.append(escape(rnd.venue))
    return [f"# {escape(rnd.label or rnd.id)}", "", " · ".join(facts), ""]


def _round_report(report: RoundReport) -> list[str]:
    names = {p.id: p.name for p in report.parties}
    a, b = report.parties
    basis = (
        "only what each side tabled in this round"
        if report.tabled_only
        else "the positions standing at this round (each side's latest word on every issue)"
    )
    lines = _round_heading(report.round, report.title)
    lines += [
        f"Comparing **{escape(a.name)}** (`{a.id}`) and **{escape(b.name)}** (`{b.id}`) "
        f"on {basis}.",
        "",
    ]
    tabled = [m for m in (report.round.memorandum(p.id) for p in report.parties) if m]
    if tabled:
        lines += ["Documents tabled in this round:", ""]
        for memo in tabled:
            entry = f"- {escape(names[memo.party])}: {escape(memo.title or 'memorandum')}"
            if memo.sources:
                entry += " " + _citations(memo.sources, report.sources)
            lines.append(entry)
        lines.append("")
    lines += _summary(report.comparison, names)
    lines += _issues(report.comparison, names, report.sources)
    lines += _alternatives(report.comparison.alternatives, names, report.sources)
    rounds = {r.id: r for r in (*report.earlier, report.round)}
    lines += _change_sets(report.changes, names, rounds, report.sources)
    lines += _sources(report.sources)
    return lines


def _comparison(comparison: Comparison) -> list[str]:
    a, b = comparison.party_a, comparison.party_b
    names = {a: a, b: b}
    index = SourceIndex.of(s for p in positions_cited(comparison) for s in p.sources)
    rounds = dict.fromkeys(r for r in (comparison.round_a, comparison.round_b) if r)
    lines = [f"# Comparison of `{a}` and `{b}`", ""]
    if rounds:
        lines += ["Round " + " and ".join(f"`{r}`" for r in rounds) + ".", ""]
    lines += _summary(comparison, names)
    lines += _issues(comparison, names, index)
    lines += _alternatives(comparison.alternatives, names, index)
    lines += _sources(index)
    return lines


def _matrix(matrix: Matrix, names: Mapping[str, str], level: int = 1) -> list[str]:
    hashes = "#" * level
    lines = [f"{hashes} Matrix at round `{matrix.round}`", ""]
    basis = "what was tabled in that round" if matrix.tabled_only else "standing positions"
    lines += [f"Compatibility index of every pair of parties, on {basis}.", ""]
    header = ["", *(escape(names.get(p, p)) for p in matrix.parties)]
    rows = []
    for p in matrix.parties:
        row = [f"**{escape(names.get(p, p))}**"]
        for q in matrix.parties:
            row.append("—" if p == q else format_fraction(matrix.pair(p, q).summary.compatibility))
        rows.append(row)
    lines += [*_table(header, rows), ""]
    header = ["Pair", "Compatibility index", "Mean gap", "Agreed", "Overlap", "Gaps"]
    header += ["Red lines in conflict", "One-sided"]
    rows = []
    for pair in matrix.pairs:
        s = pair.summary
        rows.append(
            [
                f"{escape(names.get(pair.party_a, pair.party_a))} – "
                f"{escape(names.get(pair.party_b, pair.party_b))}",
                format_fraction(s.compatibility),
                format_fraction(s.mean_gap),
                str(s.count(Status.AGREED)),
                str(s.count(Status.OVERLAP)),
                str(s.count(Status.GAP)),
                str(len(s.red_line_conflicts)),
                str(s.count(Status.ONE_SIDED)),
            ]
        )
    return [*lines, *_table(header, rows), ""]


def _negotiation_report(report: NegotiationReport) -> list[str]:
    names = {p.id: p.name for p in report.parties}
    lines = [f"# {escape(report.title)}", ""]
    if report.description:
        lines += [escape(report.description), ""]
    lines += ["## Parties", ""]
    rows = [[escape(p.name), f"`{p.id}`", p.role.value] for p in report.parties]
    lines += [*_table(["Party", "Id", "Role"], rows), ""]
    lines += ["## Rounds", ""]
    rows = []
    for rnd in report.rounds:
        tabled = "; ".join(
            f"{escape(names.get(m.party, m.party))}: {len(m.positions)} positions"
            + (f", {len(m.alternatives)} groups of alternatives" if m.alternatives else "")
            for m in rnd.memoranda
        )
        rows.append(
            [
                format_date(rnd.date),
                f"{escape(rnd.label or rnd.id)} (`{rnd.id}`)",
                escape(rnd.venue or ""),
                tabled or "—",
            ]
        )
    lines += [*_table(["Date", "Round", "Venue", "Tabled"], rows), ""]
    lines += _matrix(report.matrix, names, level=2)
    lines += _convergence(report.trajectories, report.rounds, names)
    lines += _totals(report.trajectories, names)
    lines += _grid(report.focus_trajectory, names, level=2)
    return lines


def _pair(t: Trajectory, names: Mapping[str, str]) -> str:
    a, b = t.party_a, t.party_b
    return f"{escape(names.get(a, a))} – {escape(names.get(b, b))}"


def _convergence(
    trajectories: Sequence[Trajectory], rounds: Sequence[Round], names: Mapping[str, str]
) -> list[str]:
    lines = ["## Convergence", ""]
    lines += [
        "Compatibility index of each pair at each round, on the positions standing there, "
        "from the first round at which both hold positions. The slope is the least-squares "
        "change of the index per round: positive when the pair converges.",
        "",
    ]
    header = ["Pair", *(f"`{r.id}`" for r in rounds), "Slope per round"]
    rows = []
    for t in trajectories:
        points = {p.round: p.compatibility for p in t.convergence.points}
        cells = [format_fraction(points[r.id]) if r.id in points else "" for r in rounds]
        slope = t.convergence.slope_per_round
        rows.append([_pair(t, names), *cells, "—" if slope is None else f"{slope:+.3f}"])
    return [*lines, *_table(header, rows), ""]


def _totals(trajectories: Sequence[Trajectory], names: Mapping[str, str]) -> list[str]:
    lines = ["## Moves", ""]
    lines += [
        "Each party's moves between consecutive rounds, measured against the other "
        "party's positions in the earlier round. Weights add up the party's own salience "
        "on the issues it moved on.",
        "",
    ]
    header = ["Party", "Against", "Concessions", "Hardenings", "Weight of concessions"]
    header += ["Weight of hardenings", "Net"]
    rows = []
    for t in trajectories:
        for total in t.totals:
            rows.append(
                [
                    escape(names.get(total.party, total.party)),
                    escape(names.get(total.counterpart, total.counterpart)),
                    str(total.concessions),
                    str(total.hardenings),
                    f"{total.concession_weight:.2f}",
                    f"{total.hardening_weight:.2f}",
                    f"{total.net_weight:+.2f}",
                ]
            )
    return [*lines, *_table(header, rows), ""]


def _grid_cell(status: Status | None, magnitude: float | None) -> str:
    if status is None:
        return "—"
    word = STATUS_WORDS[status.value]
    return f"{word} {format_fraction(magnitude)}" if status is Status.GAP else word


def _grid(t: Trajectory, names: Mapping[str, str], level: int) -> list[str]:
    lines = [f"{'#' * level} {_pair(t, names)}, issue by issue", ""]
    header = ["Issue", *(f"`{r}`" for r in t.rounds)]
    cells = {(r.issue.id, r.round): _grid_cell(r.status, r.magnitude) for r in t.rows}
    rows = [
        [
            f"{escape(issue.title)} (`{issue.id}`)",
            *(cells.get((issue.id, r), "—") for r in t.rounds),
        ]
        for issue in t.issues
    ]
    return [*lines, *_table(header, rows), ""]


def _trajectory(t: Trajectory) -> list[str]:
    lines = [f"# Trajectory of `{t.party_a}` and `{t.party_b}`", ""]
    header = ["Round", "Date", "Compatibility index", "Mean gap"]
    rows = [
        [
            f"`{p.round}`",
            format_date(p.date),
            format_fraction(p.compatibility),
            format_fraction(p.mean_gap),
        ]
        for p in t.convergence.points
    ]
    lines += [*_table(header, rows), ""]
    slope = t.convergence.slope_per_round
    if slope is not None:
        lines += [f"Least-squares slope of the index: {slope:+.3f} per round.", ""]
    lines += _totals([t], {})[2:]
    lines += _grid(t, {}, level=2)
    return lines


def _changes(changes: ChangeSet) -> list[str]:
    title = f"# Changes of `{changes.party}`"
    if changes.from_round and changes.to_round:
        title += f" from `{changes.from_round}` to `{changes.to_round}`"
    index = SourceIndex.of(s for item in moved(changes) if item.before for s in item.before.sources)
    lines = [title, "", *_change_set(changes, {}, {}, index, level=2)[2:]]
    return [*lines, *_sources(index)]


def to_markdown(result: Result) -> str:
    """Render ``result`` as a GitHub-flavoured Markdown document.

    Raises:
        TypeError: The result is not something negpos renders.
    """
    if isinstance(result, RoundReport):
        lines = _round_report(result)
    elif isinstance(result, NegotiationReport):
        lines = _negotiation_report(result)
    elif isinstance(result, Comparison):
        lines = _comparison(result)
    elif isinstance(result, Matrix):
        lines = _matrix(result, {})
    elif isinstance(result, ChangeSet):
        lines = _changes(result)
    elif isinstance(result, Trajectory):
        lines = _trajectory(result)
    else:
        raise TypeError(f"negpos cannot render a {type(result).__name__}")
    while lines and lines[-1] == "":
        lines.pop()
    return "\n".join(lines) + "\n"
