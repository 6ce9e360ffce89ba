"""The ``negpos`` command: argv in, data on stdout, messages on stderr, an exit status out.

Exit status: 0 when all went well; 1 when gaps were found under ``--fail-on-gaps``; 2 for bad
input or bad usage. A user's mistake never shows a traceback.

Each command lives in a small module of its own that registers itself here through
[`Command`][negpos._cli.Command]; this module only parses arguments and runs them.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO, NoReturn

import attrs

from negpos._documents import Negotiation
from negpos._errors import InputError, NegposError
from negpos._loading import json_schema, load
from negpos._version import __version__

__all__ = [
    "EXIT_GAPS",
    "EXIT_OK",
    "EXIT_USAGE",
    "Command",
    "add_pair_arguments",
    "add_path_argument",
    "main",
    "parties_argument",
    "register",
]

EXIT_OK = 0
EXIT_GAPS = 1
EXIT_USAGE = 2


@attrs.frozen
class Command:
    """One sub-command: how to add its arguments, and what to run."""

    name: str
    help: str
    configure: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]


_COMMANDS: dict[str, Command] = {}
DEFAULT_COMMAND = "report"


def register(command: Command) -> Command:
    """Add a sub-command to the ``negpos`` command (later registrations of a name win)."""
    _COMMANDS[command.name] = command
    return command


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"negpos: error: {message}\n")


def _parser() -> argparse.ArgumentParser:
    _load_commands()
    parser = _Parser(
        prog="negpos",
        description="Typed negotiation positions: gaps, overlaps and changes between sides.",
    )
    parser.add_argument("--version", action="version", version=f"negpos {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for command in _COMMANDS.values():
        p = sub.add_parser(command.name, help=command.help, description=command.help)
        command.configure(p)
    return parser


#: Modules whose import registers further commands.
COMMAND_MODULES: tuple[str, ...] = ("negpos._cli_report", "negpos._cli_explore")


def _load_commands() -> None:
    for name in COMMAND_MODULES:
        importlib.import_module(name)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``negpos`` command with ``argv`` (default: the process's arguments).

    Returns:
        The exit status: 0 ok, 1 gaps found under ``--fail-on-gaps``, 2 bad input or usage.
    """
    args_list = list(sys.argv[1:] if argv is None else argv)
    parser = _parser()
    if DEFAULT_COMMAND in _COMMANDS and _wants_default(args_list):
        args_list = [DEFAULT_COMMAND, *args_list]
    try:
        args = parser.parse_args(args_list)
    except SystemExit as exc:
        return int(exc.code) if isinstance(exc.code, int) else EXIT_USAGE
    command = _COMMANDS.get(args.command or "")
    if command is None:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        return command.run(args)
    except InputError as exc:
        for problem in exc.problems:
            print(f"negpos: error: {problem}", file=sys.stderr)
        return EXIT_USAGE
    except NegposError as exc:
        print(f"negpos: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        # The reader went away (``negpos report | head``); that is not an error of ours.
        sys.stderr.close()
        return EXIT_OK
    except KeyboardInterrupt:
        print("negpos: interrupted", file=sys.stderr)
        return 130


def _wants_default(args: list[str]) -> bool:
    # ``negpos``, ``negpos --format json`` and ``negpos talks/`` all mean ``negpos report ...``;
    # a word that is neither a command nor an existing path is left for argparse to reject.
    if not args:
        return True
    first = args[0]
    if first in _COMMANDS or first in ("-h", "--help", "--version"):
        return False
    return first.startswith("-") or Path(first).exists()


# --- helpers shared by the commands ----------------------------------------------------------


def load_or_bundled(path: str | None) -> Negotiation:
    """The negotiation at ``path``, or the bundled dataset when no path is given."""
    if path is None:
        from negpos._bundled import bundled

        return bundled()
    return load(path)


def add_path_argument(p: argparse.ArgumentParser) -> None:
    """Add the optional PATH argument of commands that default to the bundled dataset."""
    p.add_argument(
        "path",
        nargs="?",
        metavar="PATH",
        help="a .yaml/.json file or a dataset folder (default: the bundled dataset)",
    )


def add_pair_arguments(p: argparse.ArgumentParser) -> None:
    """Add ``--round ID`` and ``--parties A B``; the command's epilog explains the defaults."""
    p.add_argument("--round", metavar="ID", help="the round (default: see below)")
    p.add_argument(
        "--parties", nargs=2, metavar=("A", "B"), help="the two parties (default: see below)"
    )


def parties_argument(args: argparse.Namespace) -> tuple[str, str] | None:
    """The pair given with ``--parties``, or None when the option was not given."""
    return None if args.parties is None else (args.parties[0], args.parties[1])


def write_output(text: str, output: str | None, stdout: IO[str] | None = None) -> None:
    """Write ``text`` to the file ``output``, or to standard output."""
    if output is None or output == "-":
        stream = stdout or sys.stdout
        stream.write(text)
        stream.flush()
        return
    try:
        Path(output).write_text(text, encoding="utf-8")
    except OSError as exc:
        raise InputError.single(f"cannot write: {exc.strerror or exc}", file=output) from None
    print(f"negpos: wrote {output}", file=sys.stderr)


# --- validate, schema ------------------------------------------------------------------------


def _configure_validate(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "paths", nargs="+", metavar="PATH", help="a .yaml/.json file or a dataset folder"
    )


def _run_validate(args: argparse.Namespace) -> int:
    status = EXIT_OK
    for path in args.paths:
        try:
            neg = load(path)
        except InputError as exc:
            for problem in exc.problems:
                print(f"negpos: error: {problem}", file=sys.stderr)
            status = EXIT_USAGE
            continue
        positions = sum(len(m.positions) for r in neg.rounds for m in r.memoranda)
        print(
            f"{path}: ok ({len(neg.parties)} parties, {len(neg.issues)} issues, "
            f"{len(neg.rounds)} rounds, {positions} positions)"
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
    text = json.dumps(json_schema(args.document), indent=2, sort_keys=True, ensure_ascii=False)
    write_output(text + "\n", args.output)
    return EXIT_OK


register(
    Command("validate", "check files and report every problem", _configure_validate, _run_validate)
)
register(
    Command("schema", "print the JSON Schema of the file format", _configure_schema, _run_schema)
)
