"""The ``report``, ``compare`` and ``changes`` commands.

Each reads a negotiation (the bundled dataset when no path is given), runs one analysis and
writes it in the chosen format: a rich table on a terminal, Markdown when standard output is
a pipe or a file, or whatever ``--format`` or the ``-o`` file's extension asks for. The data
goes to standard output; a one-line note of what was chosen by default goes to standard
error.
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path
from typing import Final

from negpos._cli import (
    EXIT_GAPS,
    EXIT_OK,
    Command,
    add_pair_arguments,
    add_path_argument,
    load_or_bundled,
    parties_argument,
    register,
    write_output,
)
from negpos._comparison import Comparison, Status
from negpos._documents import Negotiation
from negpos._errors import NegposError
from negpos._render import Result, render
from negpos._report import (
    NegotiationReport,
    RoundReport,
    default_parties,
    negotiation_report,
    previous_round,
    round_report,
)
from negpos._standing import tabled

__all__ = ["FORMAT_CHOICES", "choose_format"]

#: The values ``--format`` accepts.
FORMAT_CHOICES: Final = ("markdown", "html", "json", "terminal")

_SUFFIXES: Final = {".html": "html", ".htm": "html", ".json": "json", ".md": "markdown"}

_DEFAULTS_HELP = (
    "Defaults: with no PATH, the bundled dataset (the 2025 Russia–Ukraine talks). "
    "Parties: with exactly two parties of role 'party', those two; otherwise the first two "
    "listed. Round: the latest round in which both parties tabled positions. Format: a "
    "table on a terminal, Markdown when the output is piped, or the -o file's extension "
    "(.html, .json, .md)."
)


def choose_format(requested: str | None, output: str | None, terminal: bool) -> str:
    """The output format: the one asked for, else the output file's, else by where it goes.

    Args:
        requested: The ``--format`` value, if given.
        output: The ``-o`` file, if given (``-`` is standard output).
        terminal: Whether standard output is a terminal.

    Returns:
        One of ``markdown``, ``html``, ``json`` or ``terminal``.

    Examples:
        >>> choose_format(None, "gaps.html", terminal=True)
        'html'
        >>> choose_format(None, None, terminal=False)
        'markdown'
    """
    if requested is not None:
        return requested
    if output is not None and output != "-":
        return _SUFFIXES.get(Path(output).suffix.lower(), "markdown")
    return "terminal" if terminal else "markdown"


def _add_common(p: argparse.ArgumentParser) -> None:
    add_path_argument(p)
    p.add_argument(
        "--format",
        choices=FORMAT_CHOICES,
        help="output format (default: a table on a terminal, Markdown otherwise)",
    )
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")
    p.add_argument(
        "--tabled-only",
        action="store_true",
        help="compare only what was tabled in the round, not the positions standing there",
    )


def _emit(result: Result, fmt: str, output: str | None) -> None:
    if fmt != "terminal":
        write_output(render(result, fmt), output)  # type: ignore[arg-type]
        return
    from rich.console import Console

    from negpos._render_terminal import print_result

    if output is None or output == "-":
        console = Console(file=sys.stdout)
        print_result(result, console)
        return
    buffer = io.StringIO()
    print_result(result, Console(file=buffer, width=120, color_system=None))
    write_output(buffer.getvalue(), output)


def _note(message: str) -> None:
    print(f"negpos: {message}", file=sys.stderr)


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
        _note(f"{what} ({', '.join(chosen)}; see --help)")


def _has_gaps(result: RoundReport | NegotiationReport | Comparison) -> bool:
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
    p.epilog = _DEFAULTS_HELP


def _run_report(args: argparse.Namespace) -> int:
    neg = load_or_bundled(args.path)
    result: RoundReport | NegotiationReport
    if args.negotiation:
        if args.tabled_only:
            raise NegposError("--tabled-only applies to a round report, not to --negotiation")
        result = negotiation_report(neg, args.round, parties_argument(args))
        a, b = result.focus
        what = f"whole-negotiation report, matrix at {result.matrix.round}, following {a} and {b}"
    else:
        result = round_report(neg, args.round, parties_argument(args), tabled_only=args.tabled_only)
        a, b = (p.id for p in result.parties)
        what = f"round report: {a} and {b} at {result.round.id}"
    _describe_defaults(args, what)
    _emit(result, choose_format(args.format, args.output, sys.stdout.isatty()), args.output)
    return EXIT_GAPS if args.fail_on_gaps and _has_gaps(result) else EXIT_OK


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
    neg = load_or_bundled(args.path)
    a, b = parties_argument(args) or default_parties(neg)
    if a == b:
        raise NegposError(f"compare two different parties, got {a!r} twice")
    comparison = neg.compare(a, b, args.round, tabled_only=args.tabled_only)
    _describe_defaults(args, f"comparing {a} and {b} at {comparison.round_a}")
    _emit(comparison, choose_format(args.format, args.output, sys.stdout.isatty()), args.output)
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
        "party's previous such round. Counterpart: the other party of the default pair, or "
        "the only other side."
    )


def _latest_tabled(neg: Negotiation, party: str) -> str:
    neg.party(party)
    for rnd in reversed(neg.rounds):
        if tabled(rnd.memorandum(party)):
            return rnd.id
    raise NegposError(f"{party!r} tabled no positions in any round")


def _run_changes(args: argparse.Namespace) -> int:
    neg = load_or_bundled(args.path)
    pair = default_parties(neg)
    party = args.party or pair[0]
    to_round = args.to_round or _latest_tabled(neg, party)
    from_round = args.from_round or previous_round(neg, party, to_round)
    if from_round is None:
        raise NegposError(
            f"{party!r} tabled no positions before round {to_round!r}; name one with --from"
        )
    counterpart = args.counterpart
    if counterpart is None and party in pair:
        counterpart = pair[1] if party == pair[0] else pair[0]
    changes = neg.changes(party, from_round, to_round, counterpart, tabled_only=args.tabled_only)
    if args.path is None or not (args.party and args.from_round and args.to_round):
        _note(
            f"changes of {party} from {from_round} to {to_round}, against "
            f"{changes.counterpart} (defaults filled in; see --help)"
        )
    _emit(changes, choose_format(args.format, args.output, sys.stdout.isatty()), args.output)
    return EXIT_OK


register(
    Command(
        "report",
        "a gap report of two parties at one round, or of the whole negotiation",
        _configure_report,
        _run_report,
    )
)
register(
    Command(
        "compare",
        "compare two parties' positions issue by issue at one round",
        _configure_compare,
        _run_compare,
    )
)
register(
    Command(
        "changes",
        "list how a party's positions moved between two rounds",
        _configure_changes,
        _run_changes,
    )
)
