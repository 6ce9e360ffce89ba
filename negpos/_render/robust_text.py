"""Markdown and terminal text for a robust comparison: ranges, fragile issues, the readings.

The format modules register these for [`RobustComparison`][negpos.RobustComparison] and import
this module when one is rendered. Every reading is listed with its sources, numbered as in
the other reports.
"""

from __future__ import annotations

from collections.abc import Iterator

from markupsafe import Markup

from negpos._analysis.reports import Citations
from negpos._analysis.robust import FigureRange, FigureSweep, RobustComparison, RobustIssue
from negpos._render.markdown import _code, cite_marks, escape, sources_section, table
from negpos._render.terminal import cite_text, sources_block
from negpos._render.text_table import Column, Line, Table
from negpos._render.words import STATUS_WORDS, clean_text, format_fraction

__all__ = [
    "figure_rows",
    "robust_blocks",
    "robust_markdown",
    "robust_section",
    "robust_section_blocks",
    "scope_words",
    "sweep_blocks",
    "sweep_markdown",
    "sweep_rows",
    "sweep_scope",
]


def _number(value: float | None, whole: bool = False) -> str:
    if value is None:
        return "—"
    return f"{value:.0f}" if whole else f"{value:.3f}"


def figure_rows(result: RobustComparison) -> Iterator[tuple[str, str, str, str, str]]:
    """The figures of the summary as text: ``(figure, main, lowest, highest, robust)``.

    The index, the mean gap, the red lines in conflict, and each status whose count is not
    0 under every reading.
    """
    figures: list[tuple[str, FigureRange, bool]] = [
        ("Compatibility index", result.compatibility, False),
        ("Mean gap", result.mean_gap, False),
        ("Red lines in conflict", result.red_line_conflicts, True),
    ]
    figures += [
        (f"Issues {STATUS_WORDS[s.value]}", r, True)
        for s, r in result.counts
        if r.high not in (None, 0.0)
    ]
    for name, r, whole in figures:
        yield (
            name,
            _number(r.main, whole),
            _number(r.low, whole),
            _number(r.high, whole),
            "yes" if r.robust else "no",
        )


def scope_words(result: RobustComparison) -> str:
    """What was compared, in a sentence: the positions read otherwise, the combinations.

    Such as "3 positions read in more than one way; 12 combinations of readings, all
    compared: every range is exact.", or the sampled equivalent.
    """
    n = len(result.variables)
    positions = "1 position" if n == 1 else f"{n} positions"
    if not n:
        return "No position is read in more than one way: every figure is the main reading's."
    if result.exact:
        return (
            f"{positions} read in more than one way; {result.combinations:,} combinations of "
            "readings, all compared: every range is exact."
        )
    return (
        f"{positions} read in more than one way; {result.combinations:,} combinations of "
        f"readings, {result.evaluated:,} compared (every single departure from the main "
        "readings, and a reproducible sample): the ranges are inner bounds."
    )


def _statuses(row: RobustIssue) -> str:
    return ", ".join(STATUS_WORDS[s.value] for s in row.statuses if s is not row.status)


def robust_section(result: RobustComparison, level: str = "##") -> list[str]:
    """The figures as ranges and the issues that depend on reading, as Markdown lines.

    Args:
        result: The robust comparison.
        level: The heading level of the two parts (``##`` in a document of its own, ``###``
            inside a round report).
    """
    lines: list[str] = [escape(scope_words(result)), "", f"{level} Figures", ""]
    lines.append(
        table(("Figure", "Main reading", "Lowest", "Highest", "Robust"), figure_rows(result))
    )
    if result.lowest or result.highest or result.weighted:
        lines.append("")
    if result.lowest or result.highest:
        low = "; ".join(result.lowest) or "the main readings"
        high = "; ".join(result.highest) or "the main readings"
        lines += [
            f"- The lowest index comes with: {escape(low)}.",
            f"- The highest index comes with: {escape(high)}.",
        ]
    if result.weighted and result.index_mean is not None and result.index_quantiles is not None:
        q = result.index_quantiles
        lines.append(
            f"- By the readings' weights the index averages {result.index_mean:.3f} "
            f"(5%: {q[0]:.3f}, median {q[1]:.3f}, 95%: {q[2]:.3f})."
        )
    lines += ["", f"{level} Issues whose status depends on reading", ""]
    fragile = result.fragile
    if not fragile:
        lines.append("None: every status is the same under every reading compared.")
        return lines
    header = ["Issue", "Main status", "Also", "Smallest change of reading that moves it"]
    if result.weighted:
        header.append("Chance of the main status")
    body = []
    for row in fragile:
        cells: list[object] = [
            Markup(f"{escape(row.issue.title)} ({_code(row.issue.id)})"),
            STATUS_WORDS[row.status.value],
            _statuses(row),
            "; ".join(row.depends_on)
            + (f" → {STATUS_WORDS[row.flipped_to.value]}" if row.flipped_to else ""),
        ]
        if result.weighted:
            cells.append(format_fraction(row.main_probability))
        body.append(cells)
    lines.append(table(header, body))
    return lines


def robust_markdown(result: RobustComparison) -> str:
    """A robust comparison as a Markdown document."""
    a, b = result.parties
    c = result.comparison
    where = f" at round {_code(c.round_a)}" if c.round_a and c.round_a == c.round_b else ""
    lines: list[str] = [f"# Robust comparison of {_code(a)} and {_code(b)}{where}", ""]
    lines += robust_section(result)
    cite = Citations()
    if result.variables:
        lines += ["", "## Readings", ""]
        readings: list[list[object]] = []
        for v in result.variables:
            for k, choice in enumerate(v.choices):
                readings.append(
                    [
                        _code(v.party),
                        _code(v.issue if v.option is None else f"{v.issue} ({v.option})"),
                        Markup(f"{escape(v.labels[k])} ({_code(choice)})"),
                        format_fraction(v.probabilities[k]),
                        Markup(cite_marks(cite, v.sources[k]) or "—"),
                        v.notes[k] or "",
                    ]
                )
        lines.append(
            table(("Party", "Issue", "Reading", "Probability", "Sources", "Note"), readings)
        )
    if len(cite):
        lines += ["", *sources_section(cite)]
    return "\n".join(str(line).rstrip("\n") for line in lines).strip("\n") + "\n"


def _line(text: str, style: str = "") -> Line:
    return (clean_text(text), style)


def robust_blocks(result: RobustComparison) -> list[Table | list[Line]]:
    """A robust comparison as the command line shows it."""
    a, b = result.parties
    c = result.comparison
    where = f" at {c.round_a}" if c.round_a and c.round_a == c.round_b else ""
    title = f"Robust comparison of {a} and {b}{where}"
    blocks = robust_section_blocks(result, title)
    cite = Citations()
    if result.variables:
        blocks.append(_readings_table(result, cite))
    return blocks + sources_block(cite)


def robust_section_blocks(result: RobustComparison, title: str) -> list[Table | list[Line]]:
    """The figures as ranges and the issues that depend on reading, as terminal blocks."""
    head = [_line(title, "bold"), _line(scope_words(result))]
    figures = Table(
        "Figures",
        (
            Column("Figure", 2),
            Column("Main", right=True),
            Column("Lowest", right=True),
            Column("Highest", right=True),
            Column("Robust"),
        ),
        (
            (
                [_line(name, "bold")],
                [_line(main)],
                [_line(low)],
                [_line(high)],
                [_line(robust, "" if robust == "yes" else "yellow")],
            )
            for name, main, low, high, robust in figure_rows(result)
        ),
    )
    blocks: list[Table | list[Line]] = [head, figures]
    notes = []
    if result.lowest or result.highest:
        notes.append(_line(f"Lowest index with: {'; '.join(result.lowest) or 'the main readings'}"))
        notes.append(
            _line(f"Highest index with: {'; '.join(result.highest) or 'the main readings'}")
        )
    if result.weighted and result.index_mean is not None and result.index_quantiles is not None:
        q = result.index_quantiles
        notes.append(
            _line(
                f"Weighted mean index {result.index_mean:.3f} (5%: {q[0]:.3f}, median "
                f"{q[1]:.3f}, 95%: {q[2]:.3f})"
            )
        )
    if notes:
        blocks.append(notes)
    fragile = result.fragile
    if fragile:
        blocks.append(
            Table(
                "Issues whose status depends on reading",
                (Column("Issue", 2), Column("Status", 1), Column("Moved by", 3)),
                (
                    (
                        [_line(row.issue.title, "bold"), _line(row.issue.id, "dim")],
                        [
                            _line(STATUS_WORDS[row.status.value]),
                            _line(f"also {_statuses(row)}", "yellow"),
                        ],
                        [_line(reading) for reading in row.depends_on],
                    )
                    for row in fragile
                ),
                spaced=True,
            )
        )
    else:
        blocks.append([_line("Every status is the same under every reading compared.")])
    return blocks


def _readings_table(result: RobustComparison, cite: Citations) -> Table:
    return Table(
        "Readings",
        (
            Column("Party", 1),
            Column("Issue", 2),
            Column("Reading", 2),
            Column("Probability", right=True),
            Column("Sources", 1),
            Column("Note", 3),
        ),
        (
            (
                [_line(v.party)],
                [_line(v.issue if v.option is None else f"{v.issue} ({v.option})")],
                [_line(f"{v.labels[k]} ({choice})")],
                [_line(format_fraction(v.probabilities[k]))],
                [_line(cite_text(cite, v.sources[k]) or "—")],
                [_line(v.notes[k] or "")],
            )
            for v in result.variables
            for k, choice in enumerate(v.choices)
        ),
    )


def _value(value: object) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


def sweep_scope(result: FigureSweep) -> str:
    n = len(result.variables)
    if not n:
        return "No position is read in more than one way: every figure is the main reading's."
    positions = "1 position" if n == 1 else f"{n} positions"
    how = (
        "all measured: every range is exact."
        if result.exact
        else f"{result.evaluated:,} measured (every single departure from the main readings, "
        "and a reproducible sample): the ranges are inner bounds."
    )
    return f"{positions} read in more than one way; {result.combinations:,} combinations, {how}"


def sweep_rows(result: FigureSweep) -> list[tuple[str, str, str, str]]:
    """``(figure, main, other values or range, smallest change)`` for each figure, as text."""
    rows = []
    for f in result.figures:
        if f.range is not None:
            spread = f"{_value(f.range.low)} to {_value(f.range.high)}"
        else:
            spread = ", ".join(_value(v) for v in f.values if v != f.main) or "—"
        moved = "; ".join(f.depends_on)
        if f.depends_on:
            moved += f" → {_value(f.changed_to)}"
        rows.append((f.name, _value(f.main), spread if not f.robust else "robust", moved or "—"))
    return rows


def sweep_markdown(result: FigureSweep) -> str:
    """A figure sweep as a Markdown document."""
    lines = ["# Figures under every reading", "", escape(sweep_scope(result)), ""]
    lines.append(
        table(
            ("Figure", "Main reading", "Over the readings", "Smallest change"), sweep_rows(result)
        )
    )
    return "\n".join(str(line).rstrip("\n") for line in lines).strip("\n") + "\n"


def sweep_blocks(result: FigureSweep) -> list[Table | list[Line]]:
    """A figure sweep as the command line shows it."""
    return [
        [_line("Figures under every reading", "bold"), _line(sweep_scope(result))],
        Table(
            "Figures",
            (
                Column("Figure", 2),
                Column("Main", 1),
                Column("Over the readings", 2),
                Column("Smallest change", 3),
            ),
            (
                ([_line(name, "bold")], [_line(main)], [_line(spread)], [_line(moved)])
                for name, main, spread, moved in sweep_rows(result)
            ),
        ),
    ]
