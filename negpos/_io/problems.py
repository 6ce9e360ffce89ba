"""Validation problems located: pydantic's errors as paths, files and lines of the document.

pydantic reports where a value failed as a location inside the data, with the tags of unions
mixed in; an analyst needs the field path of the document and the line of the file. The model
layer (``negpos._model.translate``) keeps only the real steps and words the messages for
someone editing YAML by hand, the same for documents built in Python; this module finds the
line of each problem, in the round file it came from when a dataset folder was read.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import itertools
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import pydantic

from negpos._errors import InputError, Problem
from negpos._io.strict_json import MAX_DEPTH, TOO_DEEP
from negpos._io.strict_yaml import lines_of
from negpos._model.base import validate_raw
from negpos._model.negotiation import Negotiation
from negpos._model.translate import path_text, problems_of

__all__ = ["Source", "collector_paused", "deep_path", "validate"]

Source = str | Callable[[], str | None] | None
"""A document's text, for finding the lines of its problems: the text itself, a function that
reads it again (so that a large file's text need not be held while it validates; problems are
the exception), or None when there is no text (data built in Python)."""


def validate(
    model: type[Negotiation],
    data: Any,
    name: str,
    text: Source,
    *,
    round_files: Sequence[tuple[str, Source]] = (),
) -> Negotiation:
    """Validate a parsed document, or raise an error that names the file and line of every problem.

    Args:
        model: The model to validate as.
        data: The parsed document.
        name: What to call the document (its path) in errors.
        text: Its text, for the lines of problems (see ``Source``).
        round_files: For a dataset folder, each round file's name and text, in order.

    Raises:
        InputError: The data is not a valid document.
    """
    try:
        with collector_paused():
            return validate_raw(model, data)
    except pydantic.ValidationError as exc:
        deep = deep_path(data)
        if deep is not None:
            # Whatever else is wrong, a document this deep was not written for negpos.
            raise InputError(_locate([(TOO_DEEP, deep)], name, text, round_files)) from None
        found = problems_of(exc, data)
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


def _locate(
    found: Sequence[tuple[str, list[str | int]]],
    name: str,
    text: Source,
    round_files: Sequence[tuple[str, Source]],
) -> list[Problem]:
    """Each problem with its file, field and line; every file is read once for all of them."""
    # (file, its text, the path inside that file) for each problem, in the order found.
    where: list[tuple[str, Source, list[str | int]]] = []
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
        if callable(content):
            content = content()
        if content is not None:
            lines.update(zip(ks, lines_of(content, [where[k][2] for k in ks]), strict=True))
    return [
        Problem(message, field=path_text(path), file=file, line=lines.get(k))
        for k, ((message, _), (file, _, path)) in enumerate(zip(found, where, strict=True))
    ]
