"""What the commands share: the command record, exit statuses, arguments, output.

Nothing here imports the analyses: ``negpos --version`` and ``negpos --help`` build the
parser from these pieces and exit, and each command imports what it needs when it runs.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import IO, TYPE_CHECKING, Final, NamedTuple

from negpos._errors import InputError

if TYPE_CHECKING:
    from negpos._model.negotiation import Negotiation

__all__ = [
    "EXIT_GAPS",
    "EXIT_OK",
    "EXIT_USAGE",
    "FORMAT_CHOICES",
    "Command",
    "add_output_arguments",
    "add_pair_arguments",
    "add_path_argument",
    "choose_format",
    "load_or_bundled",
    "note",
    "pair_argument",
    "write_output",
]

EXIT_OK: Final = 0
EXIT_GAPS: Final = 1
EXIT_USAGE: Final = 2

#: The values ``--format`` accepts, in every command that writes a result.
FORMAT_CHOICES: Final = ("markdown", "html", "json", "terminal")

_SUFFIXES: Final = {".html": "html", ".htm": "html", ".json": "json", ".md": "markdown"}


class Command(NamedTuple):
    """One sub-command: its name and help, how to add its arguments, and what to run."""

    name: str
    help: str
    configure: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]


def load_or_bundled(path: str | None) -> Negotiation:
    """The negotiation at ``path``, or the bundled dataset when no path is given."""
    if path is None:
        from negpos._io.bundled import bundled

        return bundled()
    from negpos._io.reading import load

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


def add_output_arguments(p: argparse.ArgumentParser) -> None:
    """Add ``--format`` and ``-o``, the same in every command that writes a result."""
    p.add_argument(
        "--format",
        choices=FORMAT_CHOICES,
        help="output format (default: a table on a terminal, Markdown otherwise, or the "
        "-o file's extension)",
    )
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")


def pair_argument(args: argparse.Namespace) -> tuple[str | None, str | None]:
    """The pair given with ``--parties``, or ``(None, None)`` for the default pair."""
    return (None, None) if args.parties is None else (args.parties[0], args.parties[1])


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


def note(message: str) -> None:
    """Write a one-line message for the person at the terminal to standard error."""
    print(f"negpos: {message}", file=sys.stderr, flush=True)


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
    note(f"wrote {output}")
