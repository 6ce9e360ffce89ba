"""Markdown and terminal text for a bargain: the frontier, the Nash package, the trades.

Each package lists its moves with the position each one moves, in words and cited, so that a
reader can check every concession against its source.
"""

from __future__ import annotations

from markupsafe import Markup

from negpos._analysis.reports import Citations
from negpos._model.documents import Source
from negpos._render.markdown import _code, cite_marks, escape, sources_section, table
from negpos._render.terminal import cite_text, sources_block
from negpos._render.text_table import Column, Line, Table
from negpos._render.words import clean_text, describe_stance
from negpos.scenarios._bargain import Bargain, Package, Trade

__all__ = ["bargain_blocks", "bargain_markdown", "package_lines", "scope_words", "trade_words"]


def scope_words(result: Bargain) -> str:
    """What the bargain searched, in a sentence."""
    base = result.base
    sides = ", ".join(base.parties)
    where = f" at round {base.round}" if base.round else ""
    partial = " Ranges may be widened part of the way." if result.partial else ""
    found = (
        f"{len(result.frontier)} packages on the Pareto frontier"
        if result.complete
        else f"the first {len(result.frontier)} packages of the Pareto frontier"
    )
    return (
        f"Sides {sides}{where}; every package reaches: {result.goal}. {result.candidates} "
        f"candidate moves, none touching a red line (red lines are hard limits); {found}."
        f"{partial}"
    )


def trade_words(trade: Trade) -> str:
    """A trade in a sentence."""
    return (
        f"{trade.first} gives way on {trade.first_gives} (costs it {trade.first_cost:.2f}) and "
        f"{trade.second} on {trade.second_gives} (costs it {trade.second_cost:.2f}): "
        f"{trade.first} gains {trade.first_gain:.2f} net, {trade.second} {trade.second_gain:.2f}"
    )


def package_lines(result: Bargain, package: Package) -> list[tuple[str, tuple[Source, ...]]]:
    """Each move of a package in a sentence, with the position it moves and its sources."""
    base = result.base
    out = []
    for move in package.moves:
        position = base.position(move.party, move.issue)
        issue = base.find_issue(move.issue)
        before = ""
        sources: tuple[Source, ...] = ()
        if position is not None and issue is not None:
            before = f" (from: {describe_stance(issue, position.stance)})"
            sources = position.sources
        out.append((f"{move.describe(base)}{before}", sources))
    return out


def _figures(package: Package) -> str:
    conceded = ", ".join(f"{p} {c:.2f}" for p, c in package.concessions)
    gained = ", ".join(f"{p} {g:.2f}" for p, g in package.gains)
    product = package.product
    tail = "" if product is None else f"; Nash product {product:.2f}"
    return f"concedes: {conceded}; gains: {gained}{tail}"


def bargain_markdown(result: Bargain) -> str:
    """A bargain as a Markdown document."""
    cite = Citations()
    base = result.base
    title = " and ".join(_code(p) for p in base.parties)
    lines: list[str] = [f"# The packages {title} could sign", "", escape(scope_words(result)), ""]
    lines += [
        "Stakes (what the issues in gap are worth to each side, in its salience): "
        + escape(", ".join(f"{p} {v:.2f}" for p, v in result.stakes))
        + ".",
        "",
    ]
    if not result.frontier:
        lines.append("No package reaches the goal without crossing a red line.")
        return "\n".join(lines).strip("\n") + "\n"
    lines += ["## The Pareto frontier", ""]
    header = [
        "Package",
        *(f"{p} concedes" for p in base.parties),
        *(f"{p} gains" for p in base.parties),
        "Nash product",
        "Moves",
    ]
    rows = []
    for k, package in enumerate(result.frontier, start=1):
        product = package.product
        mark = " **(Nash)**" if package is result.nash else ""
        rows.append(
            [
                Markup(f"{k}{mark}"),
                *(f"{c:.2f}" for _, c in package.concessions),
                *(f"{g:.2f}" for _, g in package.gains),
                "—" if product is None else f"{product:.2f}",
                len(package.moves),
            ]
        )
    lines.append(table(header, rows))
    lines += ["", "## The Nash package", ""]
    if result.nash is None:
        lines.append("No package gives every side a gain.")
    else:
        lines += [escape(_figures(result.nash)) + ".", ""]
        for text, sources in package_lines(result, result.nash):
            marks = cite_marks(cite, sources)
            lines.append(f"- {escape(text)}" + (f" {marks}" if marks else ""))
    if result.trades:
        lines += ["", "## Trades", ""]
        lines += [f"- {escape(trade_words(t))}." for t in result.trades]
    lines += ["", "## Every package", ""]
    for k, package in enumerate(result.frontier, start=1):
        lines += [f"### Package {k}", "", escape(_figures(package)) + ".", ""]
        for text, sources in package_lines(result, package):
            marks = cite_marks(cite, sources)
            lines.append(f"- {escape(text)}" + (f" {marks}" if marks else ""))
        lines.append("")
    lines += sources_section(cite)
    return "\n".join(str(line).rstrip("\n") for line in lines).strip("\n") + "\n"


def _line(text: str, style: str = "") -> Line:
    return (clean_text(text), style)


def bargain_blocks(result: Bargain) -> list[Table | list[Line]]:
    """A bargain as the command line shows it."""
    cite = Citations()
    base = result.base
    blocks: list[Table | list[Line]] = [
        [
            _line(f"The packages {' and '.join(base.parties)} could sign", "bold"),
            _line(scope_words(result)),
        ]
    ]
    if not result.frontier:
        blocks.append([_line("No package reaches the goal without crossing a red line.")])
        return blocks
    blocks.append(
        Table(
            "The Pareto frontier",
            (
                Column("Package", 1),
                *(Column(f"{p} concedes", right=True) for p in base.parties),
                *(Column(f"{p} gains", right=True) for p in base.parties),
                Column("Nash product", right=True),
                Column("Moves", right=True),
            ),
            (
                (
                    [_line(f"{k}{' (Nash)' if package is result.nash else ''}", "bold")],
                    *([_line(f"{c:.2f}")] for _, c in package.concessions),
                    *([_line(f"{g:.2f}")] for _, g in package.gains),
                    [_line("—" if package.product is None else f"{package.product:.2f}")],
                    [_line(str(len(package.moves)))],
                )
                for k, package in enumerate(result.frontier, start=1)
            ),
        )
    )
    if result.nash is not None:
        lines = [_line("The Nash package", "bold"), _line(_figures(result.nash))]
        for text, sources in package_lines(result, result.nash):
            marks = cite_text(cite, sources)
            lines.append(_line(f"- {text}" + (f" {marks}" if marks else "")))
        blocks.append(lines)
    if result.trades:
        trades = [_line(f"- {trade_words(t)}") for t in result.trades]
        blocks.append([_line("Trades", "bold"), *trades])
    return blocks + sources_block(cite)
