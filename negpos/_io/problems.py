"""Validation problems located: pydantic's errors as paths, files and lines of the document.

pydantic reports where a value failed as a location inside the data, with the tags of unions
mixed in; an analyst needs the field path of the document and the line of the file. This
module walks the data to keep only the real steps, words the messages for someone editing
YAML by hand, and finds the line of each problem, in the round file it came from when a
dataset folder was read.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import pydantic

from negpos._errors import InputError, Problem
from negpos._io.strict_yaml import line_of
from negpos._model.negotiation import Negotiation

__all__ = ["validate"]


def validate(
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
