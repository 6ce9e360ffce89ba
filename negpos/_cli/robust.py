"""The ``robust`` command: two parties compared under every reading of their positions.

``negpos robust [PATH] --parties A B --round ID`` runs the comparison once for every
combination of the readings the positions record (``readings`` and ``salience_range`` in the
format) and writes the figures as ranges, the issues whose status depends on reading, and
the readings with their sources. ``--workers N`` runs the combinations on N processes.
"""

from __future__ import annotations

import argparse
import functools
from collections.abc import Callable
from typing import Final

from negpos._cli.common import (
    EXIT_OK,
    Command,
    add_output_arguments,
    add_pair_arguments,
    add_path_argument,
    check_output,
    inputs_of,
    load_or_bundled,
    note,
    pair_argument,
)
from negpos._errors import excerpt

__all__ = ["ROBUST"]

_EPILOG: Final = (
    "Defaults, as for negpos compare: with no PATH, the bundled dataset. Parties: with exactly "
    "two parties of role 'party', those two; otherwise the first two listed. Round: the latest "
    "round in which both parties tabled positions. Up to --limit combinations of readings "
    "(default 4,096) are all compared and the ranges are exact; past it, every single "
    "departure from the main readings and --samples more (default 2,048, drawn with --seed) "
    "are, and the ranges are inner bounds. Format: a table on a terminal, Markdown when the "
    "output is piped, or the -o file's extension (.html, .json, .md)."
)


def _count(least: int) -> Callable[[str], int]:
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            value = least - 1
        if value < least:
            raise argparse.ArgumentTypeError(
                f"expected a whole number of {least} or more, not {excerpt(text)}"
            )
        return value

    return parse


def _configure(p: argparse.ArgumentParser) -> None:
    add_path_argument(p)
    add_pair_arguments(p)
    p.add_argument(
        "--limit",
        type=_count(1),
        default=4096,
        metavar="N",
        help="compare every combination of readings up to N of them (default: 4096)",
    )
    p.add_argument(
        "--samples",
        type=_count(0),
        default=2048,
        metavar="N",
        help="past the limit, how many combinations to draw at random (default: 2048)",
    )
    p.add_argument("--seed", type=_count(0), default=0, metavar="N", help="the seed of that draw")
    p.add_argument(
        "--workers",
        type=_count(1),
        metavar="N",
        help="run the comparisons on N worker processes (default: in this process)",
    )
    add_output_arguments(p)
    p.add_argument(
        "--tabled-only",
        action="store_true",
        help="compare only what was tabled in the round, not the positions standing there",
    )
    p.epilog = _EPILOG


def _run(args: argparse.Namespace) -> int:
    from negpos._cli.report import emit

    check_output(args.output, inputs_of(args.path))
    neg = load_or_bundled(args.path, args.max_bytes, args.input_format)
    run = functools.partial(
        neg.robust,
        *pair_argument(args),
        round_id=args.round,
        tabled_only=args.tabled_only,
        limit=args.limit,
        samples=args.samples,
        seed=args.seed,
    )
    if args.workers is None:
        result = run()
    else:
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(args.workers) as pool:
            result = run(executor=pool)
    a, b = result.parties
    how = "all compared" if result.exact else f"{result.evaluated:,} compared"
    n = len(result.variables)
    positions = "1 position" if n == 1 else f"{n} positions"
    combos = (
        "1 combination" if result.combinations == 1 else f"{result.combinations:,} combinations"
    )
    note(f"robust comparison of {a} and {b}: {positions} read more than one way, {combos}, {how}")
    emit(result, args)
    return EXIT_OK


ROBUST = Command(
    "robust",
    "compare two parties under every reading of their positions: ranges, fragile statuses",
    _configure,
    _run,
)
