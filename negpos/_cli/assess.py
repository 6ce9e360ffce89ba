"""The ``assess`` command: a party's plan assessed against two or more sides.

``negpos assess PATH --plan us --sides ru ua --round us-28-points`` reads the negotiation (the
bundled dataset when no path is given), assesses the plan party's document at the round
against each side and writes the assessment in the chosen format, as the other commands do:
a table on a terminal, Markdown when the output is piped, or what ``--format`` or the ``-o``
file's extension asks for. The analyses are imported when the command runs.
"""

from __future__ import annotations

import argparse

from negpos._cli.common import (
    EXIT_OK,
    Command,
    add_output_arguments,
    add_path_argument,
    check_output,
    inputs_of,
    load_or_bundled,
    note,
)

__all__ = ["ASSESS"]

_EPILOG = (
    "Defaults: with no PATH, the bundled dataset (the Russia–Ukraine talks from 2022 to 2026, "
    "whose plans include us-28-points, e3-counter-proposal, geneva and twenty-points). Sides: "
    "every other party of role 'party'. Round: the latest round in which the plan's party "
    "tabled a "
    "memorandum. Each side is read as the positions it holds at that round. Format: a table "
    "on a terminal, Markdown when the output is piped, or the -o file's extension (.html, "
    ".json, .md). Exit status: 0 when the assessment was written, 2 for bad input."
)


def _configure(p: argparse.ArgumentParser) -> None:
    add_path_argument(p)
    add_output_arguments(p)
    p.add_argument("--plan", required=True, metavar="PARTY", help="the party whose plan to assess")
    p.add_argument(
        "--sides", nargs="+", metavar="PARTY", help="two or more sides (default: see below)"
    )
    p.add_argument("--round", metavar="ID", help="the round (default: see below)")
    p.add_argument(
        "--tabled-only",
        action="store_true",
        help="read only what was tabled in the round, not the positions standing there",
    )
    p.epilog = _EPILOG


def _run(args: argparse.Namespace) -> int:
    from negpos._cli.report import emit

    check_output(args.output, inputs_of(args.path))
    neg = load_or_bundled(args.path, args.max_bytes)
    result = neg.assess(args.plan, args.sides, round_id=args.round, tabled_only=args.tabled_only)
    if args.sides is None or args.round is None:
        note(
            f"assessing the plan of {result.plan} at {result.round} against "
            f"{', '.join(result.sides)} (defaults filled in; see --help)"
        )
    emit(result, args)
    return EXIT_OK


ASSESS = Command(
    "assess",
    "assess a party's plan against two or more sides: inside, outside, lean, red lines",
    _configure,
    _run,
)
