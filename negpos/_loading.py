"""Loading and saving negotiations: YAML and JSON files, dataset folders, the JSON Schema.

This is the input edge of negpos. Every problem with an input becomes an
[`InputError`][negpos.InputError] naming the file, the line where it is known, and the
field path; nothing is dropped or converted silently.
"""

from __future__ import annotations

import contextlib
import gc
import json
import os
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, Literal

import pydantic

from negpos._base import FORMAT_VERSION
from negpos._documents import Negotiation, Round
from negpos._errors import InputError, Problem
from negpos._yaml import YamlError, dump_yaml, line_of, read_yaml

__all__ = ["DEFAULT_MAX_BYTES", "dump", "dumps", "json_schema", "load", "loads", "parse"]

#: The largest file ``load`` reads unless told otherwise.
DEFAULT_MAX_BYTES = 64 * 1024 * 1024

_JSON_MAX_DEPTH = 64
_YAML_SUFFIXES = (".yaml", ".yml")
Format = Literal["yaml", "json"]


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

    Examples:
        >>> import negpos
        >>> neg = negpos.load(negpos.bundled_path())
        >>> neg.party("ua").name
        'Ukraine'
    """
    p = Path(path)
    if p.is_dir():
        return _load_folder(p, max_bytes)
    if not p.exists():
        raise InputError.single("no such file or folder", file=str(p))
    text = _read_text(p, max_bytes)
    data = _parse_text(text, _format_of(p), str(p))
    _require_format(data, str(p), text)
    return _validate(Negotiation, data, str(p), text)


def loads(text: str | bytes, *, format: Format = "yaml", name: str = "<string>") -> Negotiation:
    """Load a negotiation from YAML or JSON text.

    Args:
        text: The document.
        format: ``yaml`` or ``json``.
        name: What to call the text in error messages.

    Raises:
        InputError: The text is malformed or inconsistent.
    """
    if isinstance(text, bytes):
        text = _decode(text, name)
    _check_text(text, name)
    data = _parse_text(text, format, name)
    _require_format(data, name, text)
    return _validate(Negotiation, data, name, text)


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
    return _validate(Negotiation, dict(data), name, None)


def dumps(negotiation: Negotiation, *, format: Format = "yaml") -> str:
    """Write a negotiation as YAML or JSON text.

    Keys keep the model's order, and empty or unset optional fields are left out, so that
    files stay short and diff well; loading the text gives back an equal negotiation.
    """
    data = _plain(negotiation)
    if format == "json":
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    if format == "yaml":
        return dump_yaml(data)
    raise ValueError(f"unknown format {format!r}; use 'yaml' or 'json'")


def dump(negotiation: Negotiation, path: str | os.PathLike[str]) -> Path:
    """Save a negotiation to a file, or to a dataset folder.

    A path ending in ``.yaml``, ``.yml`` or ``.json`` gets one file in that format. Any other
    path is written as a dataset folder: ``negotiation.yaml`` plus ``rounds/NN-<id>.yaml``.

    Returns:
        The path written.
    """
    p = Path(path)
    if p.suffix.lower() in (*_YAML_SUFFIXES, ".json"):
        p.write_text(dumps(negotiation, format=_format_of(p)), encoding="utf-8")
        return p
    if p.exists() and not p.is_dir():
        raise InputError.single("exists and is not a folder", file=str(p))
    rounds_dir = p / "rounds"
    rounds_dir.mkdir(parents=True, exist_ok=True)
    for old in sorted(rounds_dir.glob("*.yaml")):
        old.unlink()
    head = _plain(negotiation)
    rounds = head.pop("rounds", [])
    (p / "negotiation.yaml").write_text(dump_yaml(head), encoding="utf-8")
    width = max(2, len(str(len(rounds))))
    for i, (rnd, data) in enumerate(zip(negotiation.rounds, rounds, strict=True), start=1):
        name = f"{i:0{width}d}-{rnd.id}.yaml"
        (rounds_dir / name).write_text(
            dump_yaml({"format": FORMAT_VERSION, **data}), encoding="utf-8"
        )
    return p


def json_schema(document: Literal["negotiation", "round"] = "negotiation") -> dict[str, Any]:
    """The JSON Schema of a negotiation file, or of a round file in a dataset folder.

    Editors that understand JSON Schema (VS Code's YAML extension, for one) validate and
    complete files as they are typed.
    """
    model: type[pydantic.BaseModel] = Negotiation if document == "negotiation" else Round
    schema = model.model_json_schema(mode="validation")
    schema["properties"] = {
        "format": {
            "const": FORMAT_VERSION,
            "description": "The negpos file-format version.",
            "title": "Format",
        },
        **{k: v for k, v in schema["properties"].items() if k != "format"},
    }
    schema["required"] = ["format", *schema.get("required", [])]
    if document == "round":
        schema["additionalProperties"] = False
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://negpos.invalid/schema/{document}-{FORMAT_VERSION}.json",
        **schema,
    }


# --- reading ---------------------------------------------------------------------------------


def _format_of(path: Path) -> Format:
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


def _parse_text(text: str, fmt: Format, name: str) -> Any:
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
    head = _parse_text(head_text, _format_of(head_path), str(head_path))
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
        data = _parse_text(text, _format_of(f), str(f))
        _require_format(data, str(f), text)
        rounds.append({k: v for k, v in data.items() if k != "format"})
        sources.append((str(f), text))
    if files:
        head = {**head, "rounds": rounds}
    return _validate(Negotiation, head, str(head_path), head_text, round_files=sources)


# --- validation errors -----------------------------------------------------------------------


def _validate(
    model: type[Negotiation],
    data: Any,
    name: str,
    text: str | None,
    *,
    round_files: Sequence[tuple[str, str]] = (),
) -> Negotiation:
    try:
        with _collector_paused():
            return model.model_validate(data)
    except pydantic.ValidationError as exc:
        errors = exc.errors(include_url=False)
        found = [_from_pydantic(err, data) for err in errors]
        # A list whose items failed also reports being "too short"; the item errors say it all.
        found = [
            (message, path)
            for (message, path), err in zip(found, errors, strict=True)
            if err["type"] != "too_short"
            or not any(len(other) > len(path) and other[: len(path)] == path for _, other in found)
        ]
    except InputError as exc:
        found = [(p.message, _split(p.field)) for p in exc.problems]
    raise InputError(
        _locate(message, path, name, text, round_files) for message, path in found
    ) from None


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a document is validated.

    Validation allocates many small objects and no reference cycles; the collector's passes
    over them cost more than the validation itself on large documents (benchmarks/README.md).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


_HINTS = {
    "bool_type": " (write true or false; YAML 1.1 words such as yes, no, on and off are text here)",
    "float_type": " (write a plain number such as 600000 or 0.5, without quotes or separators)",
    "int_type": " (write a plain whole number)",
}


def _message(err: Mapping[str, Any]) -> str:
    msg = str(err["msg"])
    if err["type"] == "value_error" and msg.startswith("Value error, "):
        msg = msg[len("Value error, ") :]
    elif err["type"] == "extra_forbidden":
        msg = "unknown field"
    elif err["type"] == "missing":
        msg = "required field is missing"
    elif err["type"] == "union_tag_invalid":
        ctx = err.get("ctx") or {}
        msg = f"unknown kind {ctx.get('tag')!r}; expected one of {ctx.get('expected_tags')}"
    elif err["type"] == "string_pattern_mismatch":
        pattern = str((err.get("ctx") or {}).get("pattern", ""))
        got = err.get("input")
        if pattern.startswith("^[a-z]{2,3}"):
            msg = f"{got!r} is not a language code such as 'en' or 'uk'"
        elif "\\." in pattern:
            msg = (
                f"{got!r} is not a valid issue id: use lower-case letters, digits, '-' and '_',"
                " in dot-separated parts such as 'territory.recognition'"
            )
        else:
            msg = (
                f"{got!r} is not a valid id: use lower-case letters, digits, '-' and '_'"
                " (not at the ends), at most 64 characters"
            )
    elif err["type"] == "union_tag_not_found":
        msg = "a 'kind' field is required here"
    return msg + _HINTS.get(str(err["type"]), "")


def _from_pydantic(err: Mapping[str, Any], data: Any) -> tuple[str, list[str | int]]:
    """The message and the document path of one pydantic error.

    pydantic's locations include the tags of unions (``numeric``, ``str``...), which are not
    fields of the document; walking the data itself keeps only the steps that exist.
    """
    path: list[str | int] = []
    node = data
    loc = list(err["loc"])
    for step in loc:
        if _has_step(node, step):
            path.append(step)
            node = node[step]
        elif (
            err["type"] in ("missing", "extra_forbidden")
            and step == loc[-1]
            and isinstance(step, str)
        ):
            path.append(step)
    if err["type"] == "union_tag_invalid" and isinstance(node, dict) and "kind" in node:
        path.append("kind")
    return _message(err), path


def _has_step(node: Any, step: str | int) -> bool:
    if isinstance(node, dict):
        return isinstance(step, str) and step in node
    if isinstance(node, (list, tuple)):
        return isinstance(step, int) and 0 <= step < len(node)
    return False


def _split(field: str) -> list[str | int]:
    path: list[str | int] = []
    for part in field.replace("]", "").split("."):
        if not part:
            continue
        name, *indexes = part.split("[")
        if name:
            path.append(name)
        path.extend(int(i) for i in indexes)
    return path


def _path_text(path: Sequence[str | int]) -> str:
    out = ""
    for step in path:
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else step)
    return out


def _locate(
    message: str,
    path: list[str | int],
    name: str,
    text: str | None,
    round_files: Sequence[tuple[str, str]],
) -> Problem:
    if round_files and len(path) >= 2 and path[0] == "rounds" and isinstance(path[1], int):
        file, round_text = round_files[path[1]]
        inner = path[2:]
        return Problem(message, field=_path_text(inner), file=file, line=line_of(round_text, inner))
    line = line_of(text, path) if text is not None and path else None
    return Problem(message, field=_path_text(path), file=name, line=line)


# --- writing ---------------------------------------------------------------------------------


def _plain(negotiation: Negotiation) -> dict[str, Any]:
    data: dict[str, Any] = _prune(negotiation.model_dump(mode="json", exclude_none=True))
    for rnd in data.get("rounds", []):
        for memo in rnd.get("memoranda", []):
            # The enclosing round says which round a memorandum belongs to.
            if memo.get("round") == rnd["id"]:
                del memo["round"]
    return {"format": FORMAT_VERSION, **{k: v for k, v in data.items() if k != "format"}}


def _prune(data: Any) -> Any:
    # Empty lists are every such field's default; leaving them out keeps files short.
    if isinstance(data, dict):
        return {k: _prune(v) for k, v in data.items() if v != []}
    if isinstance(data, list):
        return [_prune(v) for v in data]
    return data
