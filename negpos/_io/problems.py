"""Validation problems located: pydantic's errors as paths, files and lines of the document.

pydantic reports where a value failed as a location inside the data, with the tags of unions
mixed in; an analyst needs the field path of the document and the line of the file. This
module walks the data to keep only the real steps, words the messages for someone editing
YAML by hand, and finds the line of each problem, in the round file it came from when a
dataset folder was read.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import itertools
import math
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import pydantic

from negpos._errors import InputError, Problem
from negpos._io.strict_json import MAX_DEPTH, TOO_DEEP
from negpos._io.strict_yaml import lines_of, too_long
from negpos._model.negotiation import Negotiation

__all__ = ["collector_paused", "deep_path", "validate"]


def validate(
    model: type[Negotiation],
    data: Any,
    name: str,
    text: str | None,
    *,
    round_files: Sequence[tuple[str, str]] = (),
) -> Negotiation:
    try:
        with collector_paused():
            return model.model_validate(data)
    except pydantic.ValidationError as exc:
        deep = deep_path(data)
        if deep is not None:
            # Whatever else is wrong, a document this deep was not written for negpos.
            raise InputError(_locate([(TOO_DEEP, deep)], name, text, round_files)) from None
        errors = exc.errors(include_url=False)
        found = [_from_pydantic(err, data) for err in errors]
        # A list whose items failed also reports being "too short"; the item errors say it all.
        below = {tuple(path[:k]) for _, path in found for k in range(len(path))}
        found = [
            (message, path)
            for (message, path), err in zip(found, errors, strict=True)
            if err["type"] != "too_short" or tuple(path) not in below
        ]
    except InputError as exc:
        found = [(p.message, _split(p.field)) for p in exc.problems]
    raise InputError(_locate(found, name, text, round_files)) from None


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a document is parsed or validated.

    Both allocate many small objects and no reference cycles; the collector's passes over
    them cost more than the work itself on large documents (benchmarks/README.md).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def deep_path(data: Any) -> list[str | int] | None:
    """The path of the first container nested deeper than ``MAX_DEPTH``, or None.

    Only called on a document that failed validation: one that validates is never that deep.
    """
    if not _too_deep(data):
        return None
    stack: list[tuple[Any, list[str | int]]] = [(data, [])]
    while stack:
        node, path = stack.pop()
        if len(path) >= MAX_DEPTH:
            return path
        if isinstance(node, dict):
            stack.extend((v, [*path, k]) for k, v in reversed(node.items()) if _container(v))
        elif isinstance(node, list):
            stack.extend(
                (v, [*path, i]) for i, v in reversed(list(enumerate(node))) if _container(v)
            )
    return None


_IS_DICT = functools.partial(type.__instancecheck__, dict)
_IS_LIST = functools.partial(type.__instancecheck__, list)


def _too_deep(data: Any) -> bool:
    """Whether ``data`` nests deeper than ``MAX_DEPTH`` containers.

    Level by level, with the iteration and the type tests done by C callables; a few
    times faster than following paths in Python, which is left to the rare deep document.
    """
    dicts: list[Any] = [data] if isinstance(data, dict) else []
    lists: list[Any] = [data] if isinstance(data, list) else []
    depth = 1
    while dicts or lists:
        if depth > MAX_DEPTH:
            return True
        values = list(
            itertools.chain(
                itertools.chain.from_iterable(map(dict.values, dicts)),
                itertools.chain.from_iterable(lists),
            )
        )
        dicts = list(filter(_IS_DICT, values))
        lists = list(filter(_IS_LIST, values))
        depth += 1
    return False


def _container(value: Any) -> bool:
    return isinstance(value, (dict, list))


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
    elif err["type"] == "float_type" and type(err.get("input")) is int:
        # A whole number pydantic cannot turn into a float: beyond about 1.8e308.
        return too_long(_digits(err["input"]))
    return msg + _HINTS.get(str(err["type"]), "")


def _digits(number: int) -> int:
    # Counted without str(), which refuses numbers of more than 4,300 digits.
    size = abs(number)
    digits = int((size.bit_length() - 1) * math.log10(2)) + 1
    return digits + 1 if size >= 10**digits else digits


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
    found: Sequence[tuple[str, list[str | int]]],
    name: str,
    text: str | None,
    round_files: Sequence[tuple[str, str]],
) -> list[Problem]:
    """Each problem with its file, field and line; every file is read once for all of them."""
    # (file, its text, the path inside that file) for each problem, in the order found.
    where: list[tuple[str, str | None, list[str | int]]] = []
    for _, path in found:
        if round_files and len(path) >= 2 and path[0] == "rounds" and isinstance(path[1], int):
            file, round_text = round_files[path[1]]
            where.append((file, round_text, path[2:]))
        else:
            where.append((name, text, path))
    wanted: dict[str, list[int]] = {}
    for k, (file, content, path) in enumerate(where):
        if content is not None and (path or file != name):
            wanted.setdefault(file, []).append(k)
    lines: dict[int, int | None] = {}
    for ks in wanted.values():
        content = where[ks[0]][1]
        assert content is not None
        lines.update(zip(ks, lines_of(content, [where[k][2] for k in ks]), strict=True))
    return [
        Problem(message, field=_path_text(path), file=file, line=lines.get(k))
        for k, ((message, _), (file, _, path)) in enumerate(zip(found, where, strict=True))
    ]
