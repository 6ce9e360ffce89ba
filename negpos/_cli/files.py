"""The ``validate`` and ``schema`` commands: checking files, and the format for editors."""

from __future__ import annotations

import argparse
import json
import sys

from negpos._cli.common import (
    EXIT_OK,
    EXIT_USAGE,
    STDIN,
    Command,
    add_max_bytes_argument,
    error,
    load_with_limit,
    say,
    write_output,
)
from negpos._errors import InputError

__all__ = ["SCHEMA", "VALIDATE"]


def _configure_validate(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="a .yaml/.json file, a dataset folder, or - for standard input",
    )
    add_max_bytes_argument(p)


def _run_validate(args: argparse.Namespace) -> int:
    status = EXIT_OK
    for path in args.paths:
        try:
            neg = load_with_limit(path, args.max_bytes, args.input_format)
        except InputError as exc:
            for problem in exc.problems:
                error(str(problem))
            status = EXIT_USAGE
            continue
        positions = sum(len(m.positions) for r in neg.rounds for m in r.memoranda)
        name = STDIN if path == "-" else path
        say(
            f"{name}: ok ({len(neg.parties)} parties, {len(neg.issues)} issues, "
            f"{len(neg.rounds)} rounds, {positions} positions)",
            sys.stdout,
        )
    return status


def _configure_schema(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--document",
        choices=("negotiation", "round"),
        default="negotiation",
        help="the schema of a negotiation file (default) or of a round file in a dataset folder",
    )
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")


def _run_schema(args: argparse.Namespace) -> int:
    from negpos._io.schema import json_schema

    text = json.dumps(json_schema(args.document), indent=2, sort_keys=True, ensure_ascii=False)
    write_output(text + "\n", args.output, fmt="json")
    return EXIT_OK


VALIDATE = Command(
    "validate", "check files and report every problem", _configure_validate, _run_validate
)
SCHEMA = Command(
    "schema", "print the JSON Schema of the file format", _configure_schema, _run_schema
)
