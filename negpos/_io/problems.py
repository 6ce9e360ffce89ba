"""Validation problems located: pydantic's errors as paths, files and lines of the document.

pydantic reports where a value failed as a location inside the data, with the tags of unions
mixed in; an analyst needs the field path of the document and the line of the file. The model
layer (``negpos._model.translate``) keeps only the real steps and words the messages for
someone editing YAML by hand, the same for documents built in Python; this module finds the
line of each problem, in the round file it came from when a dataset folder was read.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator, Sequence
from typing import Any

import pydantic

from negpos._errors import InputError, Problem
from negpos._io.strict_yaml import line_of
from negpos._model.base import validate_raw
from negpos._model.negotiation import Negotiation
from negpos._model.translate import path_text, problems_of

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
            return validate_raw(model, data)
    except pydantic.ValidationError as exc:
        found = problems_of(exc, data)
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
        return Problem(message, field=path_text(inner), file=file, line=line_of(round_text, inner))
    line = line_of(text, path) if text is not None and path else None
    return Problem(message, field=path_text(path), file=name, line=line)
