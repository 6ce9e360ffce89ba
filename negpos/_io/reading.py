"""Reading negotiations: YAML and JSON files, text, plain data and dataset folders.

This is the input edge of negpos. Every problem with an input becomes an
[`InputError`][negpos.InputError] naming the file, the line where it is known, and the
field path; nothing is dropped or converted silently. Reading one file is ``files.py``'s
job, reading a dataset folder ``folders.py``'s; this module is the public face of both.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from negpos._errors import InputError, check_argument
from negpos._io.files import (
    DEFAULT_MAX_BYTES,
    LIBRARY_LIMIT,
    SUFFIXES,
    Limit,
    Syntax,
    check_limit,
    check_syntax,
    check_text,
    decode,
    describe,
    parse_text,
    read_text,
    require_format,
    reread,
    syntax_of,
)
from negpos._io.folders import load_folder
from negpos._io.problems import validate
from negpos._model.negotiation import Negotiation

__all__ = [
    "DEFAULT_MAX_BYTES",
    "SUFFIXES",
    "Syntax",
    "check_syntax",
    "load",
    "load_path",
    "loads",
    "parse",
    "syntax_of",
]


def load(path: str | os.PathLike[str], *, max_bytes: int = DEFAULT_MAX_BYTES) -> Negotiation:
    """Load a negotiation from a YAML or JSON file, or from a dataset folder.

    A dataset folder holds ``negotiation.yaml`` (the parties and the agenda) and one file per
    round under ``rounds/``, read in file-name order. Only regular files are read: a named
    pipe, a device or a dangling link is refused before anything is read from it.

    Args:
        path: A ``.yaml``, ``.yml`` or ``.json`` file, or a folder.
        max_bytes: The largest file read, in bytes (64 MiB unless raised); a larger one is
            refused with an error that says how to raise this limit.

    Returns:
        The validated negotiation.

    Raises:
        InputError: The path is missing, a file is over the limit, not a regular file,
            malformed or inconsistent.
        UsageError: ``path`` is neither text nor a path, or ``max_bytes`` is not a whole
            number of 1 or more.

    Examples:
        >>> import negpos
        >>> neg = negpos.load(negpos.bundled_path())
        >>> neg.party("ua").name
        'Ukraine'
    """
    return load_path(path, Limit(check_limit(max_bytes), LIBRARY_LIMIT.raise_with))


def load_path(path: str | os.PathLike[str], limit: Limit) -> Negotiation:
    """[`load`][negpos.load] with a size limit that names how its caller raises it.

    The command line passes ``--max-bytes`` here, so that its error names its own option.

    Raises:
        InputError: As for ``load``.
        UsageError: ``path`` is neither text nor a path.
    """
    check_argument(path, (str, os.PathLike), "a path (text or a pathlib.Path)")
    p = Path(path)
    if p.is_dir():
        return load_folder(p, limit)
    if not p.exists() and not p.is_symlink():
        raise InputError.single("no such file or folder", file=str(p))
    fmt = syntax_of(p)
    text = read_text(p, limit)
    data = require_format(parse_text(text, fmt, str(p)), str(p), text)
    again = reread(p, limit, text)
    del text  # not held while the document validates: problems read the file again
    return validate(Negotiation, data, str(p), again)


def loads(text: str | bytes, *, fmt: Syntax = "yaml", name: str = "<string>") -> Negotiation:
    """Load a negotiation from YAML or JSON text.

    Args:
        text: The document.
        fmt: ``yaml`` or ``json``.
        name: What to call the text in error messages.

    Raises:
        InputError: The text is malformed or inconsistent.
        UsageError: ``fmt`` is neither ``yaml`` nor ``json``, or ``text`` is neither text
            nor bytes.
    """
    check_syntax(fmt)
    check_argument(text, (str, bytes), "the document as text or bytes")
    if isinstance(text, bytes):
        text = decode(text, name)
    check_text(text, name)
    data = require_format(parse_text(text, fmt, name), name, text)
    return validate(Negotiation, data, name, text)


def parse(data: Mapping[str, Any], *, name: str = "<data>") -> Negotiation:
    """Validate a negotiation given as plain data (dicts, lists, text and numbers).

    Args:
        data: The document, as :func:`json.load` would give it.
        name: What to call the data in error messages.

    Raises:
        InputError: The data is malformed or inconsistent.
    """
    if not isinstance(data, Mapping):
        raise InputError.single(f"a negotiation must be a mapping, not {describe(data)}", file=name)
    return validate(Negotiation, dict(data), name, None)
