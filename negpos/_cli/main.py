"""The ``negpos`` command: argv in, data on stdout, messages on stderr, an exit status out.

Exit status: 0 when all went well; 1 when gaps were found under ``--fail-on-gaps`` (or, for
``explore``, when no scenario reached the goal); 2 for bad input or bad usage. A user's mistake
never shows a traceback.

The commands are listed once, in [`COMMANDS`][negpos._cli.main.COMMANDS]; each lives in a
small module of its own (``files.py``, ``report.py``, ``explore.py``) that imports the
analyses only when it runs, so that ``negpos --version`` and ``negpos --help`` start fast.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Final, NoReturn

from negpos._cli.assess import ASSESS
from negpos._cli.common import EXIT_OK, EXIT_USAGE, Command, discard_stdout, error
from negpos._cli.explore import EXPLORE
from negpos._cli.files import SCHEMA, VALIDATE
from negpos._cli.ground import COMMON, REVISIONS
from negpos._cli.report import CHANGES, COMPARE, REPORT
from negpos._errors import InputError, NegposError
from negpos._version import __version__

__all__ = ["COMMANDS", "DEFAULT_COMMAND", "main"]

#: Every sub-command, in the order ``negpos --help`` lists them.
COMMANDS: Final[tuple[Command, ...]] = (
    *(REPORT, COMPARE, CHANGES, EXPLORE, VALIDATE, SCHEMA),
    *(ASSESS, COMMON, REVISIONS),
)

#: What ``negpos`` runs when no command is named.
DEFAULT_COMMAND: Final = REPORT.name

_BY_NAME: Final = {c.name: c for c in COMMANDS}


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        # argparse quotes the arguments it refuses as they were typed.
        error(message)
        self.exit(EXIT_USAGE)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="negpos",
        description="Typed negotiation positions: gaps, overlaps and changes between sides.",
    )
    parser.add_argument("--version", action="version", version=f"negpos {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for command in COMMANDS:
        p = sub.add_parser(command.name, help=command.help, description=command.help)
        command.configure(p)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``negpos`` command with ``argv`` (default: the process's arguments).

    Returns:
        The exit status: 0 ok, 1 gaps found under ``--fail-on-gaps``, 2 bad input or usage.
    """
    status = _run(list(sys.argv[1:] if argv is None else argv))
    return _finish(status)


def _run(args_list: list[str]) -> int:
    parser = _parser()
    if _wants_default(args_list):
        args_list = [DEFAULT_COMMAND, *args_list]
    try:
        args = parser.parse_args(args_list)
    except SystemExit as exc:
        return int(exc.code) if isinstance(exc.code, int) else EXIT_USAGE
    command = _BY_NAME.get(args.command or "")
    if command is None:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        return command.run(args)
    except InputError as exc:
        for problem in exc.problems:
            error(str(problem))
        return EXIT_USAGE
    except NegposError as exc:
        error(str(exc))
        return EXIT_USAGE
    except BrokenPipeError:
        # The reader went away (``negpos report | head``); that is not an error of ours.
        sys.stderr.close()
        return EXIT_OK
    except KeyboardInterrupt:
        print("negpos: interrupted", file=sys.stderr)
        return 130


def _finish(status: int) -> int:
    """Flush standard output, so that a failure there is an error, not a message at exit."""
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        discard_stdout()
        return status
    except OSError as exc:
        discard_stdout()
        error(f"standard output: cannot write: {exc.strerror or exc}")
        return EXIT_USAGE
    return status


def _wants_default(args: list[str]) -> bool:
    # ``negpos``, ``negpos --format json`` and ``negpos talks/`` all mean ``negpos report ...``;
    # a word that is neither a command nor an existing path is left for argparse to reject.
    if not args:
        return True
    first = args[0]
    if first in _BY_NAME or first in ("-h", "--help", "--version"):
        return False
    return first.startswith("-") or Path(first).exists()
