"""The ``negpos`` command: argv in, data on stdout, messages on stderr, an exit status out.

Exit status: 0 when all went well; 1 when gaps were found under ``--fail-on-gaps`` (or, for
``explore``, when no scenario reached the goal); 2 for bad input or bad usage. A user's mistake
never shows a traceback.

The commands are listed once, in [`COMMANDS`][negpos._cli.main.COMMANDS]; each lives in a
small module of its own (``files.py``, ``report.py``, ``explore.py``, ``init.py``,
``completion.py``, ``agreement.py``, ``tables.py``) that imports the analyses only when it
runs, so that ``negpos --version`` and ``negpos --help`` start fast. The parser is
argparse's, with what the common command-line conventions add (clig.dev): examples in every
``--help``, ``--version``, ``--quiet``, ``--no-color`` and ``--no-pager`` before or after
the command, and a suggestion when a command, an option or a choice is mistyped.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Final

from negpos._cli import parser as parsing
from negpos._cli.agreement import AGREEMENT
from negpos._cli.assess import ASSESS
from negpos._cli.bargain import BARGAIN
from negpos._cli.common import EXIT_OK, EXIT_USAGE, Command, discard_stdout, error
from negpos._cli.completion import COMPLETION
from negpos._cli.explore import EXPLORE
from negpos._cli.files import SCHEMA, VALIDATE
from negpos._cli.ground import COMMON, REVISIONS
from negpos._cli.init import INIT
from negpos._cli.report import CHANGES, COMPARE, REPORT
from negpos._cli.robust import ROBUST
from negpos._cli.tables import IMPORT
from negpos._errors import InputError, NegposError
from negpos._version import __version__

__all__ = ["COMMANDS", "DEFAULT_COMMAND", "build_parser", "main"]

#: Every sub-command, in the order ``negpos --help`` lists them.
COMMANDS: Final[tuple[Command, ...]] = (
    REPORT,
    COMPARE,
    CHANGES,
    EXPLORE,
    BARGAIN,
    VALIDATE,
    SCHEMA,
    INIT,
    IMPORT,
    COMPLETION,
    ASSESS,
    COMMON,
    REVISIONS,
    ROBUST,
    AGREEMENT,
)

#: What ``negpos`` runs when no command is named.
DEFAULT_COMMAND: Final = REPORT.name

_BY_NAME: Final = {c.name: c for c in COMMANDS}

#: Options of the whole command that may come before a path or a command's options.
_GLOBAL_FLAGS: Final = ("-q", "--quiet", "--no-color", "--no-pager")


def build_parser() -> argparse.ArgumentParser:
    """The parser of the ``negpos`` command, with every sub-command and all their options."""
    return parsing.build(COMMANDS)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``negpos`` command with ``argv`` (default: the process's arguments).

    Returns:
        The exit status: 0 ok, 1 gaps found under ``--fail-on-gaps``, 2 bad input or usage.
    """
    status = _run(list(sys.argv[1:] if argv is None else argv))
    return _finish(status)


def _run(args_list: list[str]) -> int:
    if _asks_version(args_list):
        # Answered before any parser is built: --version is the command's quickest answer,
        # wherever it stands (``negpos report --version``), as click's eager options are.
        print(f"negpos {__version__}")
        return EXIT_OK
    args_list = _with_command(args_list)
    parser = parsing.build(COMMANDS, _command_named(args_list), every=False)
    try:
        args, extras = parser.parse_known_args(args_list)
        if extras:
            message = parsing.unrecognized(extras, parser, args.command)
            parsing.command_parser(parser, args.command).error(message)
    except SystemExit as exc:
        return int(exc.code) if isinstance(exc.code, int) else EXIT_USAGE
    command = _BY_NAME.get(args.command or "")
    if command is None:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    from negpos._cli.console import Conventions, using

    conventions = Conventions(
        quiet=bool(getattr(args, "quiet", False)),
        color=not getattr(args, "no_color", False),
        pager=not getattr(args, "no_pager", False),
    )
    with using(conventions):
        return _execute(command, args)


def _execute(command: Command, args: argparse.Namespace) -> int:
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


def _with_command(args: list[str]) -> list[str]:
    """``args`` with the default command put in where none is named.

    ``negpos``, ``negpos --format json``, ``negpos -q talks/`` and ``negpos -`` all mean
    ``negpos report ...``; so does a word that looks like a path (``talks.yaml``,
    ``data/talks``), so that a missing file is reported as missing. Another word is left
    for the parser, which names the nearest command.
    """
    leading = 0
    while leading < len(args) and args[leading] in _GLOBAL_FLAGS:
        leading += 1
    rest = args[leading:]
    if not rest:
        return [*args[:leading], DEFAULT_COMMAND] if leading else [DEFAULT_COMMAND]
    first = rest[0]
    if first in _BY_NAME or first in ("-h", "--help", "--version"):
        return args
    if first == "-" or first.startswith("-") or _looks_like_path(first):
        return [*args[:leading], DEFAULT_COMMAND, *rest]
    return args


def _asks_version(args: list[str]) -> bool:
    before = args[: args.index("--")] if "--" in args else args
    return "--version" in before and not {"-h", "--help"} & set(before)


def _command_named(args: list[str]) -> str | None:
    """The command ``args`` name (after the default one is put in), if any."""
    for word in args:
        if word not in _GLOBAL_FLAGS:
            return word if word in _BY_NAME else None
    return None


def _looks_like_path(word: str) -> bool:
    path = Path(word)
    return path.exists() or "/" in word or path.suffix.lower() in (".yaml", ".yml", ".json")
