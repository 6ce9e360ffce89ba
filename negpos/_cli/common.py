"""What the commands share: the command record, exit statuses, arguments, output.

Nothing here imports the analyses: ``negpos --version`` and ``negpos --help`` build the
parser from these pieces and exit, and each command imports what it needs when it runs.
"""

from __future__ import annotations

import argparse
import re
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
    "add_max_bytes_argument",
    "add_output_arguments",
    "add_pair_arguments",
    "add_path_argument",
    "byte_size",
    "choose_format",
    "load_or_bundled",
    "load_with_limit",
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


def load_or_bundled(path: str | None, max_bytes: int | None = None) -> Negotiation:
    """The negotiation at ``path``, or the bundled dataset when no path is given.

    Args:
        path: A file or dataset folder, or None for the bundled dataset.
        max_bytes: The ``--max-bytes`` limit on each file; None for the default.
    """
    if path is None:
        from negpos._io.bundled import bundled

        return bundled()
    return load_with_limit(path, max_bytes)


def load_with_limit(path: str, max_bytes: int | None) -> Negotiation:
    """The negotiation at ``path``, read under ``--max-bytes``, whose error names the option."""
    from negpos._io.files import DEFAULT_MAX_BYTES, Limit
    from negpos._io.reading import load_path

    limit = DEFAULT_MAX_BYTES if max_bytes is None else max_bytes
    return load_path(path, Limit(limit, "--max-bytes (for example --max-bytes {mib}M)"))


_UNITS: Final = {"": 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40}


def byte_size(text: str) -> int:
    """A ``--max-bytes`` value in bytes: a whole number, optionally with K, M, G or T.

    The units count in 1,024s, and may be followed by ``B`` or ``iB``.

    Raises:
        argparse.ArgumentTypeError: The text is not such a size, or is 0.

    Examples:
        >>> byte_size("300M"), byte_size("2GiB"), byte_size("1500")
        (314572800, 2147483648, 1500)
    """
    match = re.fullmatch(r"\s*([0-9]{1,15})\s*([KMGT]?)(?:I?B)?\s*", text.upper())
    if match is None or (match.group(2) == "" and text.strip().upper().endswith("IB")):
        raise argparse.ArgumentTypeError(
            f"expected a size such as 300000000, 300M or 2G, not {text[:40]!r}"
        )
    size = int(match.group(1)) * _UNITS[match.group(2)]
    if size < 1:
        raise argparse.ArgumentTypeError("the size must be 1 byte or more")
    return size


def add_path_argument(p: argparse.ArgumentParser) -> None:
    """Add the optional PATH argument of commands that default to the bundled dataset.

    ``--max-bytes``, the size limit on the files PATH names, comes with it.
    """
    p.add_argument(
        "path",
        nargs="?",
        metavar="PATH",
        help="a .yaml/.json file or a dataset folder (default: the bundled dataset)",
    )
    add_max_bytes_argument(p)


def add_max_bytes_argument(p: argparse.ArgumentParser) -> None:
    """Add ``--max-bytes N``, the largest file a command reads."""
    p.add_argument(
        "--max-bytes",
        type=byte_size,
        metavar="N",
        help="read files of up to N bytes (default: 64M); K, M and G count in 1,024s, "
        "so 300M is 300 MiB",
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
