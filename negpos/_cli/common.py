"""What the commands share: the command record, exit statuses, arguments, output.

Nothing here imports the analyses: ``negpos --version`` and ``negpos --help`` build the
parser from these pieces and exit, and each command imports what it needs when it runs.

Everything the commands print goes through two doors. Messages (errors, notes, progress,
``validate``'s verdicts) go through [`say`][negpos._cli.common.say], which applies negpos'
one rule for text on a terminal ([`clean_text`][negpos._errors.clean_text]: no control or
format character, one line each) and bounds the line's length. Data goes through
[`write_output`][negpos._cli.common.write_output], which writes a file atomically and never
over one of the command's inputs, or writes standard output only if it can take every
character, and turns a failed write into an error rather than a traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Final, NamedTuple

from negpos._errors import OutputError, clean_text

if TYPE_CHECKING:
    from negpos._model.negotiation import Negotiation

__all__ = [
    "EXIT_GAPS",
    "EXIT_OK",
    "EXIT_USAGE",
    "FORMAT_CHOICES",
    "STDIN",
    "TABLE_FORMATS",
    "Command",
    "add_max_bytes_argument",
    "add_output_arguments",
    "add_pair_arguments",
    "add_path_argument",
    "add_quiet_arguments",
    "byte_size",
    "check_output",
    "choose_format",
    "discard_stdout",
    "error",
    "inputs_of",
    "load_or_bundled",
    "load_with_limit",
    "note",
    "pair_argument",
    "say",
    "sniff_format",
    "write_output",
]

#: What a PATH of ``-`` is called in messages: standard input.
STDIN: Final = "<stdin>"

EXIT_OK: Final = 0
EXIT_GAPS: Final = 1
EXIT_USAGE: Final = 2

#: The values ``--format`` accepts, in every command that writes a result.
FORMAT_CHOICES: Final = ("markdown", "html", "json", "terminal", "csv", "xlsx")

#: The formats that write a result's table (its data frame) rather than a report.
TABLE_FORMATS: Final = ("csv", "xlsx")

_SUFFIXES: Final = {
    ".html": "html",
    ".htm": "html",
    ".json": "json",
    ".md": "markdown",
    ".csv": "csv",
    ".xlsx": "xlsx",
}

#: The longest message line printed whole; a longer one keeps its two ends, this long in all.
MESSAGE_LIMIT: Final = 2_000


class Command(NamedTuple):
    """One sub-command: its name and help, how to add its arguments, and what to run."""

    name: str
    help: str
    configure: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]


def load_or_bundled(
    path: str | None, max_bytes: int | None = None, input_format: str | None = None
) -> Negotiation:
    """The negotiation at ``path``, or the bundled dataset when no path is given.

    Args:
        path: A file or dataset folder, ``-`` for standard input, or None for the bundled
            dataset.
        max_bytes: The ``--max-bytes`` limit on each file; None for the default.
        input_format: ``yaml`` or ``json`` for standard input; None to tell from the text.
    """
    if path is None:
        from negpos._io.bundled import bundled

        return bundled()
    return load_with_limit(path, max_bytes, input_format)


def load_with_limit(
    path: str, max_bytes: int | None, input_format: str | None = None
) -> Negotiation:
    """The negotiation at ``path`` (``-``: standard input), read under ``--max-bytes``.

    A too-large input's error names the option that raises the limit.
    """
    from negpos._io.files import DEFAULT_MAX_BYTES, Limit
    from negpos._io.reading import load_path

    limit = DEFAULT_MAX_BYTES if max_bytes is None else max_bytes
    if path == "-":
        return _load_stdin(limit, input_format)
    return load_path(path, Limit(limit, "--max-bytes (for example --max-bytes {mib}M)"))


def _load_stdin(limit: int, input_format: str | None) -> Negotiation:
    from negpos._errors import InputError
    from negpos._io.reading import loads

    # A text stream without bytes beneath (a test's StringIO) is read as text.
    stream = getattr(sys.stdin, "buffer", None)
    raw = sys.stdin.read(limit + 1).encode() if stream is None else stream.read(limit + 1)
    if len(raw) > limit:
        raise InputError.single(
            f"standard input holds more than the limit of {limit:,} bytes; to read it, raise "
            "the limit with --max-bytes (for example --max-bytes 300M)",
            file=STDIN,
        )
    fmt = input_format or sniff_format(raw)
    return loads(raw, fmt="json" if fmt == "json" else "yaml", name=STDIN)


def sniff_format(raw: bytes) -> str:
    """``json`` when the text starts with ``{`` or ``[`` (after white space), else ``yaml``.

    Examples:
        >>> sniff_format(b'  {"format": 1}'), sniff_format(b"format: 1")
        ('json', 'yaml')
    """
    start = raw.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    return "json" if start in (b"{", b"[") else "yaml"


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
        help="a .yaml/.json file, a dataset folder, or - for standard input (default: the "
        "bundled dataset)",
    )
    add_max_bytes_argument(p)


def add_max_bytes_argument(p: argparse.ArgumentParser) -> None:
    """Add ``--max-bytes N``, the largest file a command reads, and ``--input-format``."""
    p.add_argument(
        "--max-bytes",
        type=byte_size,
        metavar="N",
        help="read files of up to N bytes (default: 64M); K, M and G count in 1,024s, "
        "so 300M is 300 MiB",
    )
    p.add_argument(
        "--input-format",
        choices=("yaml", "json"),
        help="the format of standard input (PATH -); default: JSON if it starts with { or [, "
        "YAML otherwise",
    )


def add_quiet_arguments(p: argparse.ArgumentParser, *, suppress: bool = False) -> None:
    """Add ``--quiet``, ``--no-color`` and ``--no-pager``, accepted before or after a command.

    Args:
        p: The parser.
        suppress: Leave the options out of the namespace unless given (for a command's
            parser, so that its defaults do not undo what was given before the command).
    """
    default: object = argparse.SUPPRESS if suppress else False
    p.add_argument(
        "-q", "--quiet", action="store_true", default=default, help="no notes on standard error"
    )
    p.add_argument(
        "--no-color",
        action="store_true",
        default=default,
        help="no colour (also: the NO_COLOR environment variable)",
    )
    p.add_argument(
        "--no-pager",
        action="store_true",
        default=default,
        help="never page long output on a terminal (also: PAGER=cat)",
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
        help="output format; csv and xlsx write the result's table (default: a table on a "
        "terminal, Markdown otherwise, or the -o file's extension)",
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
        One of ``markdown``, ``html``, ``json``, ``terminal``, ``csv`` or ``xlsx``.

    Examples:
        >>> choose_format(None, "gaps.html", terminal=True)
        'html'
        >>> choose_format(None, None, terminal=False)
        'markdown'
        >>> choose_format(None, "gaps.xlsx", terminal=True)
        'xlsx'
    """
    if requested is not None:
        return requested
    if output is not None and output != "-":
        return _SUFFIXES.get(Path(output).suffix.lower(), "markdown")
    return "terminal" if terminal else "markdown"


def say(line: str, stream: IO[str] | None = None) -> None:
    r"""Print one message line for the person at the terminal (standard error by default).

    The line goes through negpos' one rule for text on a terminal: control and format
    characters (escape sequences, bells, links, bidirectional overrides) are removed and line
    breaks become spaces, so that a crafted key, id or file name can neither drive the
    terminal nor forge a line of its own. A line longer than ``MESSAGE_LIMIT`` keeps its
    beginning and its end (where a verdict or a message says what happened) and says how much
    was left out between them. Characters the stream cannot encode are written as escapes
    (``\u0451``): a message is never lost to the stream's encoding.
    """
    stream = stream or sys.stderr
    text = clean_text(line)
    if len(text) > MESSAGE_LIMIT:
        half = MESSAGE_LIMIT // 2
        cut = len(text) - 2 * half
        text = f"{text[:half]} … ({cut:,} characters left out) … {text[-half:]}"
    encoding = getattr(stream, "encoding", None) or "utf-8"
    with contextlib.suppress(LookupError):
        text = text.encode(encoding, "backslashreplace").decode(encoding)
    try:
        print(text, file=stream, flush=True)
    except BrokenPipeError:
        raise
    except OSError as exc:
        if stream is sys.stderr:
            return  # nowhere is left to tell; a lost message must not fail the command
        discard_stdout(stream)
        raise OutputError(f"standard output: cannot write: {exc.strerror or exc}") from exc


def note(message: str) -> None:
    """Write a one-line message for the person at the terminal to standard error.

    Nothing is written under ``--quiet``; errors are written all the same.
    """
    from negpos._cli.console import current

    if not current().quiet:
        say(f"negpos: {message}")


def error(message: str) -> None:
    """Write one ``negpos: error: ...`` line to standard error."""
    say(f"negpos: error: {message}")


def inputs_of(path: str | None) -> tuple[str, ...]:
    """The files a command reads: the PATH given, or the bundled dataset's folder."""
    if path == "-":
        return ()
    if path is not None:
        return (path,)
    from negpos._io.bundled import bundled_path

    return (str(bundled_path()),)


def check_output(output: str | None, inputs: Sequence[str]) -> None:
    """Refuse an ``-o`` that names a folder or one of the command's inputs.

    Paths are compared as the files they name: relative or absolute, through symbolic and
    hard links. A file inside an input folder (a dataset's ``negotiation.yaml``, a round
    file, a README beside them) counts as an input.

    Raises:
        OutputError: ``output`` is a folder, an input, or inside an input folder.
    """
    if output is None or output == "-":
        return
    target = Path(output)
    if target.is_dir() or output.endswith(("/", os.sep)):
        raise OutputError(f"-o {output}: is a folder; name the file to write")
    real = Path(os.path.realpath(target))
    for given in inputs:
        source = Path(os.path.realpath(given))
        if source.is_dir() and real.is_relative_to(source):
            raise OutputError(
                f"-o {output}: refusing to write inside the input folder {given}; "
                "choose a file outside it"
            )
        if real == source or _same_file(target, Path(given)):
            raise OutputError(
                f"-o {output}: refusing to write over the input {given}; choose another file"
            )


def _same_file(a: Path, b: Path) -> bool:
    # Hard links and case-insensitive file systems name one file by two paths.
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def write_output(
    text: str,
    output: str | None,
    stdout: IO[str] | None = None,
    *,
    inputs: Sequence[str] = (),
    fmt: str = "",
    page: bool = False,
) -> None:
    r"""Write ``text`` to the file ``output``, or to standard output.

    A file is written atomically (a temporary file beside it, then a rename), never over one
    of ``inputs`` (see [`check_output`][negpos._cli.common.check_output]). Standard output
    is written only if its encoding can take every character; JSON (``fmt="json"``) is
    then written with escapes (``\u0451``), which read back as the same data. With ``page``,
    text taller than the terminal goes through the pager (see
    [`page`][negpos._cli.console.page]).

    Raises:
        OutputError: The file cannot be written or is an input, or standard output cannot
            take the text or fails (a full device).
    """
    if output is None or output == "-":
        _write_stdout(text, stdout or sys.stdout, fmt, page)
        return
    from negpos._io.atomic import write_file

    check_output(output, inputs)
    write_file(Path(output), text)
    note(f"wrote {output}")


def _write_stdout(text: str, stream: IO[str], fmt: str, page: bool = False) -> None:
    text = _encodable(text, stream, fmt)
    if page:
        from negpos._cli.console import page as through_pager

        if through_pager(text, stream):
            return
    try:
        stream.write(text)
        stream.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        discard_stdout(stream)
        raise OutputError(f"standard output: cannot write: {exc.strerror or exc}") from exc


def _encodable(text: str, stream: IO[str], fmt: str) -> str:
    encoding = getattr(stream, "encoding", None) or "utf-8"
    if (getattr(stream, "errors", None) or "strict") != "strict":
        return text  # the user chose what becomes of characters the encoding lacks
    try:
        text.encode(encoding)
    except LookupError:
        return text
    except UnicodeEncodeError as exc:
        if fmt == "json":
            return "".join(_json_char(c, encoding) for c in text)
        bad = text[exc.start]
        line = text.count("\n", 0, exc.start) + 1
        raise OutputError(
            f"standard output uses the {encoding} encoding, which cannot show {bad!r} "
            f"(U+{ord(bad):04X}, line {line} of the output); nothing was written, rather than "
            "a report with characters lost. Write the file with -o (always UTF-8), or set "
            "PYTHONIOENCODING=utf-8"
        ) from None
    return text


def _json_char(char: str, encoding: str) -> str:
    try:
        char.encode(encoding)
    except UnicodeEncodeError:
        from negpos._render.json import escape_char

        # Outside its strings JSON holds only ASCII, so such a character sits in a string,
        # where an escape stands for it exactly.
        return escape_char(char)
    return char


def discard_stdout(stream: IO[str] | None = None) -> None:
    """Point standard output at the null device after it failed.

    What the failed write left in the buffer would otherwise be flushed again when Python
    exits, and fail again, with a traceback-like message and another exit status.
    """
    stream = stream or sys.stdout
    try:
        fd = stream.fileno()
    except (OSError, ValueError, AttributeError):
        return  # not a real file (a test's capture): nothing is flushed at exit
    null = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(null, fd)
    finally:
        os.close(null)
