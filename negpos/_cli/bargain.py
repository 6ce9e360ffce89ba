"""The ``bargain`` command: the packages two or more sides could sign.

``negpos bargain [PATH] --parties A B [C ...] --round ID --goal GOAL`` finds the Pareto
frontier of the packages that reach the goal without crossing a red line (what each side
concedes, in its own salience), the Nash bargaining package and log-rolling trades. It needs
the HiGHS solver (``pip install 'negpos[optimise]'``). Progress goes to standard error; an
interrupted search (Ctrl-C) exits with status 130 and writes nothing.
"""

from __future__ import annotations

import argparse
from typing import Final

from negpos._cli.common import (
    EXIT_OK,
    Command,
    add_output_arguments,
    add_path_argument,
    check_output,
    inputs_of,
    load_or_bundled,
)
from negpos._cli.explore import parse_goal
from negpos._errors import UsageError, excerpt

__all__ = ["BARGAIN"]

_EPILOG: Final = (
    "Defaults, as for negpos explore: with no PATH, the bundled dataset; the default pair of "
    "parties and round. Goal: every issue the sides address compatible (all-compatible); "
    "also no-red-lines, compatibility=X, issue=ID or issues=ID,ID,.... Red lines are hard "
    "limits. Format: a table on a terminal, Markdown when piped, or the -o file's extension."
)


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(
            f"expected a whole number of 1 or more, not {excerpt(text)}"
        )
    return value


def _configure(p: argparse.ArgumentParser) -> None:
    add_path_argument(p)
    p.add_argument("--round", metavar="ID", help="the round (default: see below)")
    p.add_argument(
        "--parties", nargs="+", metavar="PARTY", help="two or more sides (default: see below)"
    )
    p.add_argument(
        "--goal",
        default="all-compatible",
        metavar="GOAL",
        help="what every package must reach (default: all-compatible; see below)",
    )
    p.add_argument(
        "--max-packages",
        type=_positive,
        default=40,
        metavar="N",
        help="the most packages of the frontier to find (default: 40)",
    )
    p.add_argument(
        "--no-partial",
        action="store_true",
        help="do not widen ranges part of the way (meeting halfway)",
    )
    add_output_arguments(p)
    p.add_argument(
        "--tabled-only",
        action="store_true",
        help="use only what was tabled in the round, not the positions standing there",
    )
    p.epilog = _EPILOG


def _run(args: argparse.Namespace) -> int:
    from negpos._cli.console import ProgressLine
    from negpos._cli.report import emit
    from negpos.scenarios._bargain import bargain

    goal = parse_goal(args.goal)
    named = args.parties
    if named is not None and len(named) < 2:
        raise UsageError("--parties needs at least two sides")
    check_output(args.output, inputs_of(args.path))
    neg = load_or_bundled(args.path, args.max_bytes, args.input_format)
    with ProgressLine() as progress:
        if named is not None and len(named) > 2:
            result = bargain(
                neg,
                parties=named,
                goal=goal,
                round_id=args.round,
                partial=not args.no_partial,
                max_packages=args.max_packages,
                tabled_only=args.tabled_only,
                progress=progress,
            )
        else:
            pair = (None, None) if named is None else (named[0], named[1])
            result = bargain(
                neg,
                *pair,
                goal=goal,
                round_id=args.round,
                partial=not args.no_partial,
                max_packages=args.max_packages,
                tabled_only=args.tabled_only,
                progress=progress,
            )
    emit(result, args)
    return EXIT_OK


BARGAIN = Command(
    "bargain",
    "the packages two or more sides could sign: the Pareto frontier, the Nash package, trades",
    _configure,
    _run,
)
