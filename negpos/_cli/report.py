"""The ``report``, ``compare`` and ``changes`` commands.

Each reads a negotiation (the bundled dataset when no path is given), runs one analysis and
writes it in the chosen format: a table on a terminal, Markdown when standard output is
a pipe or a file, or whatever ``--format`` or the ``-o`` file's extension asks for. The data
goes to standard output; a one-line note of what was chosen by default goes to standard
error. The analyses are imported when a command runs, not when the parser is built.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from negpos._cli.common import (
    EXIT_GAPS,
    EXIT_OK,
    TABLE_FORMATS,
    Command,
    add_output_arguments,
    add_pair_arguments,
    add_path_argument,
    check_output,
    choose_format,
    inputs_of,
    load_or_bundled,
    note,
    pair_argument,
    write_output,
)
from negpos._errors import OutputError, UsageError

if TYPE_CHECKING:
    from negpos._analysis.comparison import Comparison
    from negpos._analysis.reports import NegotiationReport, RoundReport
    from negpos._render import Result

__all__ = ["CHANGES", "COMPARE", "REPORT", "emit"]

_DEFAULTS_HELP = (
    "Defaults: with no PATH, the bundled dataset (the Russia–Ukraine talks from 2022 to 2026). "
    "Parties: with exactly two parties of role 'party', those two; otherwise the first two "
    "listed. Round: the latest round in which both parties tabled positions. Format: a "
    "table on a terminal, Markdown when the output is piped, or the -o file's extension "
    "(.html, .json, .md; .csv and .xlsx write the result's table)."
)


def _add_common(p: argparse.ArgumentParser) -> None:
    add_path_argument(p)
    add_output_arguments(p)
    p.add_argument(
        "--tabled-only",
        action="store_true",
        help="compare only what was tabled in the round, not the positions standing there",
    )


def emit(result: Result, args: argparse.Namespace, inputs: Sequence[str] | None = None) -> None:
    """Write a result in the format ``--format``, ``-o`` and the terminal call for.

    ``-o`` may not name one of ``inputs``: by default the command's PATH (the bundled
    dataset's folder when there is none).
    """
    fmt = choose_format(args.format, args.output, sys.stdout.isatty())
    inputs = inputs_of(args.path) if inputs is None else inputs
    if fmt in TABLE_FORMATS:
        _emit_table(result, fmt, args.output, inputs)
        return
    if fmt == "terminal" and (args.output is None or args.output == "-"):
        from negpos._cli.console import use_color
        from negpos._render.terminal import render_for

        # Rendered whole first, so that standard output is written in one checked step.
        text = render_for(result, sys.stdout, color=use_color(sys.stdout))
        write_output(text, None, page=True)
        return
    from negpos._render import render

    text = render(result, fmt)  # type: ignore[arg-type]
    write_output(text, args.output, inputs=inputs, fmt=fmt, page=True)


def _emit_table(result: Result, fmt: str, output: str | None, inputs: Sequence[str]) -> None:
    """Write a result's table (its data frame) as CSV or XLSX.

    CSV may go to standard output; a workbook is binary and needs ``-o FILE.xlsx``.
    """
    from negpos._analysis.reports import NegotiationReport, RoundReport
    from negpos._render.tables import table_text, xlsx_table

    if isinstance(result, (RoundReport, NegotiationReport)):
        raise UsageError(
            f"--format {fmt}: a report holds several tables; write one of them with "
            f"negpos compare, changes or common (--format {fmt})"
        )
    if fmt == "csv":
        write_output(table_text(result), output, inputs=inputs, fmt=fmt)
        return
    if output is None or output == "-":
        raise UsageError("--format xlsx writes a binary workbook: name the file with -o FILE.xlsx")
    from negpos._io.atomic import write_bytes

    check_output(output, inputs)
    data = xlsx_table(result)
    write_bytes(Path(output), data)
    note(f"wrote {output}")


def _describe_defaults(args: argparse.Namespace, what: str) -> None:
    chosen = [
        name
        for name, missing in (
            ("the bundled dataset", args.path is None),
            ("default parties", args.parties is None),
            ("default round", args.round is None),
        )
        if missing
    ]
    if chosen:
        note(f"{what} ({', '.join(chosen)}; see --help)")


def _has_gaps(result: RoundReport | NegotiationReport | Comparison) -> bool:
    from negpos._analysis.comparison import Comparison, Status
    from negpos._analysis.reports import RoundReport

    if isinstance(result, RoundReport):
        return result.comparison.summary.count(Status.GAP) > 0
    if isinstance(result, Comparison):
        return result.summary.count(Status.GAP) > 0
    return any(p.summary.count(Status.GAP) > 0 for p in result.matrix.pairs)


# --- report ----------------------------------------------------------------------------------


def _configure_report(p: argparse.ArgumentParser) -> None:
    _add_common(p)
    add_pair_arguments(p)
    p.add_argument(
        "--negotiation",
        action="store_true",
        help="report on the whole negotiation instead of one round: every pair of parties "
        "at --round (default: the last round), convergence across the rounds, and --parties "
        "followed issue by issue",
    )
    p.add_argument(
        "--fail-on-gaps",
        action="store_true",
        help="exit with status 1 when the report finds at least one gap",
    )
    p.add_argument(
        "--robust",
        action="store_true",
        help="add every figure's range under every reading of the positions, and the issues "
        "whose status depends on reading (see negpos robust)",
    )
    p.add_argument(
        "--charts",
        metavar="DIR",
        help="also write each chart of the HTML report to DIR (created if need be) as an SVG "
        "file of its own, for a slide: NAME.svg, named as negpos.charts() names them",
    )
    p.epilog = _DEFAULTS_HELP


def _run_report(args: argparse.Namespace) -> int:
    from negpos._analysis.reports import negotiation_report, round_report

    check_output(args.output, inputs_of(args.path))
    neg = load_or_bundled(args.path, args.max_bytes, args.input_format)
    result: RoundReport | NegotiationReport
    if args.negotiation:
        if args.tabled_only:
            raise UsageError("--tabled-only applies to a round report, not to --negotiation")
        if args.robust:
            raise UsageError("--robust applies to a round report, not to --negotiation")
        result = negotiation_report(neg, *pair_argument(args), round_id=args.round)
        a, b = result.focus
        what = f"whole-negotiation report, matrix at {result.matrix.round}, following {a} and {b}"
    else:
        result = round_report(
            neg,
            *pair_argument(args),
            round_id=args.round,
            tabled_only=args.tabled_only,
            robust=args.robust,
        )
        a, b = (p.id for p in result.parties)
        what = f"round report: {a} and {b} at {result.round.id}"
    _describe_defaults(args, what)
    if args.charts is not None:
        write_charts(result, args.charts, inputs_of(args.path))
    emit(result, args)
    return EXIT_GAPS if args.fail_on_gaps and _has_gaps(result) else EXIT_OK


_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9._-]")


def write_charts(result: Result, folder: str, inputs: Sequence[str] = ()) -> list[Path]:
    """Write every chart of a result's HTML page into ``folder``, one ``NAME.svg`` each.

    The folder is created if need be; a chart's file is replaced if it exists. Refuses a
    folder inside one of ``inputs`` (a dataset folder).

    Returns:
        The files written, in the page's order.

    Raises:
        OutputError: The folder is an input's, or a file cannot be written.
    """
    from negpos._io.atomic import write_file
    from negpos._render import charts

    target = Path(folder)
    real = Path(os.path.realpath(target))
    for given in inputs:
        source = Path(os.path.realpath(given))
        if real == source or (source.is_dir() and real.is_relative_to(source)):
            raise OutputError(
                f"--charts {folder}: refusing to write inside the input {given}; "
                "choose a folder outside it"
            )
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"--charts {folder}: cannot create the folder: {exc.strerror}") from exc
    written = []
    for name, text in charts(result).items():
        path = target / (_UNSAFE_NAME.sub("-", name).lstrip(".") + ".svg")
        write_file(path, text)
        written.append(path)
    note(f"wrote {len(written)} chart{'' if len(written) == 1 else 's'} to {folder}")
    return written


# --- compare ---------------------------------------------------------------------------------


def _configure_compare(p: argparse.ArgumentParser) -> None:
    _add_common(p)
    add_pair_arguments(p)
    p.add_argument(
        "--fail-on-gaps",
        action="store_true",
        help="exit with status 1 when the comparison finds at least one gap",
    )
    p.epilog = _DEFAULTS_HELP


def _run_compare(args: argparse.Namespace) -> int:
    check_output(args.output, inputs_of(args.path))
    neg = load_or_bundled(args.path, args.max_bytes, args.input_format)
    comparison = neg.compare(
        *pair_argument(args), round_id=args.round, tabled_only=args.tabled_only
    )
    a, b = comparison.party_a, comparison.party_b
    _describe_defaults(args, f"comparing {a} and {b} at {comparison.round_a}")
    emit(comparison, args)
    return EXIT_GAPS if args.fail_on_gaps and _has_gaps(comparison) else EXIT_OK


# --- changes ---------------------------------------------------------------------------------


def _configure_changes(p: argparse.ArgumentParser) -> None:
    _add_common(p)
    p.add_argument("--party", metavar="ID", help="the party whose moves to list")
    p.add_argument("--from", dest="from_round", metavar="ID", help="the earlier round")
    p.add_argument("--to", dest="to_round", metavar="ID", help="the later round")
    p.add_argument(
        "--counterpart",
        metavar="ID",
        help="the party whose earlier positions the moves are measured against",
    )
    p.epilog = (
        "Defaults: with no PATH, the bundled dataset. Party: the first of the default pair "
        "(with exactly two parties of role 'party', those two; otherwise the first two "
        "listed). --to: the latest round in which the party tabled positions. --from: the "
        "party's previous such round. Counterpart: the only other party, or the only other "
        "side."
    )


def _run_changes(args: argparse.Namespace) -> int:
    from negpos._model.selection import default_parties

    check_output(args.output, inputs_of(args.path))
    neg = load_or_bundled(args.path, args.max_bytes, args.input_format)
    party = args.party or default_parties(neg)[0]
    changes = neg.changes(
        party,
        from_round=args.from_round,
        to_round=args.to_round,
        counterpart=args.counterpart,
        tabled_only=args.tabled_only,
    )
    if args.path is None or not (args.party and args.from_round and args.to_round):
        note(
            f"changes of {party} from {changes.from_round} to {changes.to_round}, against "
            f"{changes.counterpart} (defaults filled in; see --help)"
        )
    emit(changes, args)
    return EXIT_OK


REPORT = Command(
    "report",
    "a gap report of two parties at one round, or of the whole negotiation",
    _configure_report,
    _run_report,
)
COMPARE = Command(
    "compare",
    "compare two parties' positions issue by issue at one round",
    _configure_compare,
    _run_compare,
)
CHANGES = Command(
    "changes",
    "list how a party's positions moved between two rounds",
    _configure_changes,
    _run_changes,
)
