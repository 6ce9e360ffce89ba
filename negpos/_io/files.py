"""Reading one file: regular files only, within a size limit, as UTF-8 text, strictly parsed.

Everything here refuses rather than guesses: a named pipe or a device is refused before it is
opened for reading (it could block forever or never end), a file over the size limit before
it is read, bytes that are not UTF-8 text before they are parsed, and a document without the
right ``format`` before it is validated. Each refusal is an
[`InputError`][negpos.InputError] naming the file, and the line where there is one.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any, Final, Literal, NamedTuple

from negpos._errors import InputError, UsageError
from negpos._io.problems import collector_paused
from negpos._io.strict_json import read_json
from negpos._io.strict_yaml import YamlError, line_of, read_yaml
from negpos._model.base import FORMAT_VERSION

__all__ = [
    "DEFAULT_MAX_BYTES",
    "LIBRARY_LIMIT",
    "SUFFIXES",
    "YAML_SUFFIXES",
    "Limit",
    "Syntax",
    "check_syntax",
    "check_text",
    "decode",
    "describe",
    "parse_text",
    "read_bytes",
    "read_text",
    "require_format",
    "reread",
    "syntax_of",
]

#: The largest file negpos reads unless told otherwise: 64 MiB.
DEFAULT_MAX_BYTES: Final = 64 * 1024 * 1024

YAML_SUFFIXES: Final = (".yaml", ".yml")
#: The file suffixes negpos reads and writes, lower case.
SUFFIXES: Final = (*YAML_SUFFIXES, ".json")
Syntax = Literal["yaml", "json"]


class Limit(NamedTuple):
    """The size limit on the files of one load, and how the caller raises it.

    Attributes:
        max_bytes: The largest file read, in bytes.
        raise_with: How to raise the limit, in the caller's terms: the ``max_bytes``
            argument in Python, ``--max-bytes`` on the command line. ``{bytes}`` and
            ``{mib}`` in it become the size of the refused file, in bytes and in MiB
            rounded up.
    """

    max_bytes: int
    raise_with: str


#: The limit of a library call, raised with the ``max_bytes`` argument.
LIBRARY_LIMIT: Final = Limit(
    DEFAULT_MAX_BYTES, "the max_bytes argument (for example max_bytes={bytes})"
)


def check_limit(max_bytes: object) -> int:
    """Refuse a size limit that is not a whole number of bytes of 1 or more.

    Raises:
        UsageError: ``max_bytes`` is another value.
    """
    if isinstance(max_bytes, bool) or not isinstance(max_bytes, int) or max_bytes < 1:
        raise UsageError(f"max_bytes must be a whole number of bytes, 1 or more, not {max_bytes!r}")
    return max_bytes


def check_syntax(fmt: object) -> None:
    """Refuse a document format other than ``yaml`` and ``json``.

    Raises:
        UsageError: ``fmt`` is another value.
    """
    if fmt not in ("yaml", "json"):
        raise UsageError(f"unknown document format {fmt!r}; the formats are yaml and json")


def syntax_of(path: Path) -> Syntax:
    """The syntax of a file by its suffix: ``yaml`` or ``json``.

    Raises:
        InputError: The suffix is neither.
    """
    suffix = path.suffix.lower()
    if suffix in YAML_SUFFIXES:
        return "yaml"
    if suffix == ".json":
        return "json"
    raise InputError.single(
        "unknown file type: use .yaml, .yml or .json, or a dataset folder", file=str(path)
    )


# Opening a named pipe for reading blocks until a writer comes; without blocking it does not,
# and the file's type can then be checked on the open descriptor before anything is read.
_OPEN_FLAGS: Final = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)


def _not_regular(mode: int) -> str | None:
    """What a file of this mode is, when it is not a regular file."""
    for test, what in (
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISFIFO, "a named pipe (FIFO), which could block forever"),
        (stat.S_ISCHR, "a character device, which could never end"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
    ):
        if test(mode):
            return what
    return None if stat.S_ISREG(mode) else "not a regular file"


def read_text(path: Path, limit: Limit) -> str:
    """The text of a regular file of at most ``limit.max_bytes`` bytes, as UTF-8.

    Raises:
        InputError: The file is missing, a dangling link, not a regular file, over the
            limit, unreadable, binary or not UTF-8, or empty.
    """
    name = str(path)
    text = decode(read_bytes(path, limit), name)
    check_text(text, name)
    return text


def read_bytes(path: Path, limit: Limit) -> bytes:
    """The bytes of a regular file of at most ``limit.max_bytes`` bytes.

    Raises:
        InputError: The file is missing, a dangling link, not a regular file, over the
            limit or unreadable.
    """
    name = str(path)
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        if path.is_symlink():
            raise InputError.single(
                f"a symbolic link to {os.readlink(path)!r}, which does not exist", file=name
            ) from None
        raise InputError.single("no such file", file=name) from None
    except OSError as exc:
        raise InputError.single(f"cannot read: {exc.strerror or exc}", file=name) from None
    _refuse_irregular(mode, name)
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except OSError as exc:
        raise InputError.single(f"cannot read: {exc.strerror or exc}", file=name) from None
    with os.fdopen(fd, "rb") as handle:
        try:
            info = os.fstat(fd)
            # Checked again on what was opened: the path may have been swapped meanwhile.
            _refuse_irregular(info.st_mode, name)
            _refuse_size(info.st_size, limit, name)
            # One byte more than the size says, to notice a file that grew while read.
            raw = handle.read(info.st_size + 1)
        except OSError as exc:
            raise InputError.single(f"cannot read: {exc.strerror or exc}", file=name) from None
    _refuse_size(len(raw), limit, name)
    return raw


def reread(path: Path, limit: Limit, text: str) -> Callable[[], str | None]:
    """A function that gives the text of a file read earlier, reading the file again.

    Validation holds the parsed document and builds the models from it; holding the file's
    text as well would keep a third copy of a large file for the rare case that it has
    problems to place. The loader passes this instead, and the text is read again only to
    find the lines of problems. A file that is small keeps its text (reading it again would
    cost more than it saves); one that cannot be read again, or has changed meanwhile, gives
    None, and its problems are reported without lines.

    Args:
        path: The file.
        limit: The limit it was read under.
        text: The text read the first time.
    """
    if len(text) < _KEEP_BELOW:
        return lambda: text
    length, digest = len(text), hash(text)

    def again() -> str | None:
        try:
            found = read_text(path, limit)
        except InputError:
            return None
        return found if (len(found), hash(found)) == (length, digest) else None

    return again


# Texts shorter than this (in characters) are kept rather than read again.
_KEEP_BELOW: Final = 1 << 20


def _refuse_irregular(mode: int, name: str) -> None:
    what = _not_regular(mode)
    if what is not None:
        raise InputError.single(f"negpos reads only regular files, and this is {what}", file=name)


def _refuse_size(size: int, limit: Limit, name: str) -> None:
    if size > limit.max_bytes:
        raise InputError.single(
            f"the file is {size:,} bytes, over the limit of {limit.max_bytes:,} bytes"
            f"{_human(limit.max_bytes)}; to read it, raise the limit with "
            + limit.raise_with.format(bytes=size, mib=-(-size // (1 << 20))),
            file=name,
        )


def _human(size: int) -> str:
    for unit, scale in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if size >= scale:
            return f" ({size / scale:.4g} {unit})"
    return ""


def decode(raw: bytes, name: str) -> str:
    """UTF-8 text from bytes, a byte-order mark dropped.

    Raises:
        InputError: The bytes hold a NUL byte or are not UTF-8.
    """
    if b"\x00" in raw:
        line = raw[: raw.index(b"\x00")].count(b"\n") + 1
        raise InputError.single(
            "the file contains a NUL byte: it is binary, not text", file=name, line=line
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError.single(
            f"the file is not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start})",
            file=name,
            line=line,
        ) from None


def check_text(text: str, name: str) -> None:
    """Refuse text with a NUL character, and text with nothing in it.

    Raises:
        InputError: The text holds a NUL or only white space.
    """
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise InputError.single("the text contains a NUL character", file=name, line=line)
    if not text.strip():
        raise InputError.single("the file is empty", file=name)


def parse_text(text: str, fmt: Syntax, name: str) -> Any:
    """Plain data from YAML or JSON text, by the strict readers.

    Raises:
        InputError: The text is malformed or uses something the readers refuse.
    """
    try:
        with collector_paused():
            return read_json(text) if fmt == "json" else read_yaml(text)
    except YamlError as exc:
        raise InputError.single(exc.message, file=name, line=exc.line) from None


def describe(value: Any) -> str:
    """What a value is, in a word or two, for messages."""
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    return type(value).__name__


def require_format(data: Any, name: str, text: str | None) -> dict[str, Any]:
    """The document's top level, once it is a mapping whose ``format`` is this negpos' format.

    ``format`` must be the whole number 1: ``1.0`` and ``true`` are equal to 1 in Python, but
    they are not what the format says, and a file that writes them was not written for it.

    Raises:
        InputError: The top level is not a mapping, or ``format`` is missing or not 1.
    """
    if not isinstance(data, dict):
        raise InputError.single(
            f"the top level must be a mapping of fields, not {describe(data)}", file=name, line=1
        )
    if "format" not in data:
        raise InputError.single(
            f"the file has no 'format' field; add 'format: {FORMAT_VERSION}' at the top",
            file=name,
            line=1,
        )
    version = data["format"]
    if type(version) is not int or version != FORMAT_VERSION:
        raise InputError.single(
            f"unsupported format {version!r}: this negpos reads format {FORMAT_VERSION}, "
            "written as the whole number 1",
            field="format",
            file=name,
            line=line_of(text, ["format"]) if text else None,
        )
    return data
