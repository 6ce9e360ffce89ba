"""Reading negotiations: YAML and JSON files, text, plain data and dataset folders.

This is the input edge of negpos. Every problem with an input becomes an
[`InputError`][negpos.InputError] naming the file, the line where it is known, and the
field path; nothing is dropped or converted silently.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from negpos._errors import InputError, UsageError, check_argument
from negpos._io.problems import validate
from negpos._io.strict_yaml import YamlError, line_of, read_yaml
from negpos._model.base import FORMAT_VERSION
from negpos._model.negotiation import Negotiation

__all__ = [
    "DEFAULT_MAX_BYTES",
    "SUFFIXES",
    "Syntax",
    "check_syntax",
    "load",
    "loads",
    "parse",
    "syntax_of",
]

#: The largest file ``load`` reads unless told otherwise.
DEFAULT_MAX_BYTES = 64 * 1024 * 1024

_JSON_MAX_DEPTH = 64
_YAML_SUFFIXES = (".yaml", ".yml")
#: The file suffixes negpos reads and writes, lower case.
SUFFIXES = (*_YAML_SUFFIXES, ".json")
Syntax = Literal["yaml", "json"]


def load(path: str | os.PathLike[str], *, max_bytes: int = DEFAULT_MAX_BYTES) -> Negotiation:
    """Load a negotiation from a YAML or JSON file, or from a dataset folder.

    A dataset folder holds ``negotiation.yaml`` (the parties and the agenda) and one file per
    round under ``rounds/``, read in file-name order.

    Args:
        path: A ``.yaml``, ``.yml`` or ``.json`` file, or a folder.
        max_bytes: Files larger than this are refused.

    Returns:
        The validated negotiation.

    Raises:
        InputError: The path is missing, or a file is malformed or inconsistent.
        UsageError: ``path`` is neither text nor a path.

    Examples:
        >>> import negpos
        >>> neg = negpos.load(negpos.bundled_path())
        >>> neg.party("ua").name
        'Ukraine'
    """
    check_argument(path, (str, os.PathLike), "a path (text or a pathlib.Path)")
    p = Path(path)
    if p.is_dir():
        return _load_folder(p, max_bytes)
    if not p.exists():
        raise InputError.single("no such file or folder", file=str(p))
    text = _read_text(p, max_bytes)
    data = _parse_text(text, syntax_of(p), str(p))
    _require_format(data, str(p), text)
    return validate(Negotiation, data, str(p), text)


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
        text = _decode(text, name)
    _check_text(text, name)
    data = _parse_text(text, fmt, name)
    _require_format(data, name, text)
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
        raise InputError.single(
            f"a negotiation must be a mapping, not {_describe(data)}", file=name
        )
    return validate(Negotiation, dict(data), name, None)


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
    if suffix in _YAML_SUFFIXES:
        return "yaml"
    if suffix == ".json":
        return "json"
    raise InputError.single(
        "unknown file type: use .yaml, .yml or .json, or a dataset folder", file=str(path)
    )


def _read_text(path: Path, max_bytes: int) -> str:
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError.single(
                f"the file is {size:,} bytes, over the limit of {max_bytes:,}", file=str(path)
            )
        with path.open("rb") as handle:
            # One byte more than the size says, to notice a file that grew while read.
            raw = handle.read(min(size, max_bytes) + 1)
    except OSError as exc:
        raise InputError.single(f"cannot read: {exc.strerror or exc}", file=str(path)) from None
    if len(raw) > max_bytes:
        raise InputError.single(
            f"the file is over the limit of {max_bytes:,} bytes", file=str(path)
        )
    text = _decode(raw, str(path))
    _check_text(text, str(path))
    return text


def _decode(raw: bytes, name: str) -> str:
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


def _check_text(text: str, name: str) -> None:
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise InputError.single("the text contains a NUL character", file=name, line=line)
    if not text.strip():
        raise InputError.single("the file is empty", file=name)


def _parse_text(text: str, fmt: Syntax, name: str) -> Any:
    if fmt == "json":
        return _parse_json(text, name)
    try:
        return read_yaml(text)
    except YamlError as exc:
        raise InputError.single(exc.message, file=name, line=exc.line) from None


def _parse_json(text: str, name: str) -> Any:
    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in items:
            if key in out:
                raise _DuplicateKeyError(key)
            out[key] = value
        return out

    def constant(word: str) -> Any:
        raise _BadConstantError(word)

    try:
        data = json.loads(text, object_pairs_hook=pairs, parse_constant=constant)
    except json.JSONDecodeError as exc:
        raise InputError.single(
            f"JSON syntax error: {exc.msg}", file=name, line=exc.lineno
        ) from None
    except _DuplicateKeyError as exc:
        raise InputError.single(
            f"the key {exc.args[0]!r} appears twice in one object", file=name
        ) from None
    except _BadConstantError as exc:
        raise InputError.single(f"{exc.args[0]} is not a JSON number", file=name) from None
    except RecursionError:
        raise InputError.single("the document is nested too deeply", file=name) from None
    if _depth(data) > _JSON_MAX_DEPTH:
        raise InputError.single(
            f"the document is nested deeper than {_JSON_MAX_DEPTH} levels", file=name
        )
    return data


class _DuplicateKeyError(Exception):
    pass


class _BadConstantError(Exception):
    pass


def _depth(data: Any) -> int:
    # Iterative, so a deep document cannot exhaust the stack here.
    deepest = 0
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            deepest = max(deepest, depth)
            if depth <= _JSON_MAX_DEPTH:
                stack.extend((v, depth + 1) for v in item.values())
        elif isinstance(item, list):
            deepest = max(deepest, depth)
            if depth <= _JSON_MAX_DEPTH:
                stack.extend((v, depth + 1) for v in item)
    return deepest


def _describe(value: Any) -> str:
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


def _require_format(data: Any, name: str, text: str | None) -> None:
    if not isinstance(data, dict):
        raise InputError.single(
            f"the top level must be a mapping of fields, not {_describe(data)}", file=name, line=1
        )
    if "format" not in data:
        raise InputError.single(
            f"the file has no 'format' field; add 'format: {FORMAT_VERSION}' at the top",
            file=name,
            line=1,
        )
    version = data["format"]
    if version != FORMAT_VERSION or isinstance(version, bool):
        raise InputError.single(
            f"unsupported format {version!r}: this negpos reads format {FORMAT_VERSION}",
            field="format",
            file=name,
            line=line_of(text, ["format"]) if text else None,
        )


def _load_folder(folder: Path, max_bytes: int) -> Negotiation:
    head_path = next(
        (
            folder / n
            for n in ("negotiation.yaml", "negotiation.yml", "negotiation.json")
            if (folder / n).is_file()
        ),
        None,
    )
    if head_path is None:
        raise InputError.single(
            "a dataset folder needs a negotiation.yaml (parties and agenda)", file=str(folder)
        )
    head_text = _read_text(head_path, max_bytes)
    head = _parse_text(head_text, syntax_of(head_path), str(head_path))
    _require_format(head, str(head_path), head_text)
    rounds_dir = folder / "rounds"
    files = sorted(
        f
        for f in (rounds_dir.iterdir() if rounds_dir.is_dir() else ())
        if f.is_file() and f.suffix.lower() in (*_YAML_SUFFIXES, ".json")
    )
    if files and "rounds" in head:
        raise InputError.single(
            "rounds are given both here and in the rounds/ folder; keep them in one place",
            field="rounds",
            file=str(head_path),
            line=line_of(head_text, ["rounds"]),
        )
    sources: list[tuple[str, str]] = []
    rounds: list[Any] = []
    for f in files:
        text = _read_text(f, max_bytes)
        data = _parse_text(text, syntax_of(f), str(f))
        _require_format(data, str(f), text)
        rounds.append({k: v for k, v in data.items() if k != "format"})
        sources.append((str(f), text))
    if files:
        head = {**head, "rounds": rounds}
    return validate(Negotiation, head, str(head_path), head_text, round_files=sources)
