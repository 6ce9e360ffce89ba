"""pydantic's validation errors in negpos' words: field paths and messages for an analyst.

pydantic reports where a value failed as a location inside the data, with the tags of unions
mixed in, and words its messages for programmers. Documents reach validation two ways: from a
file, through the loader (which adds the file and the line), and built in Python
(``negpos.Position(...)``, ``Negotiation.model_validate(...)``), through the model base
class. Both translate here, so that the same mistake gets the same field path and the same
message whichever way the document came in.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any, Final

import pydantic

from negpos._errors import InputError, Problem, excerpt

__all__ = ["Found", "input_error", "path_text", "problems_of", "split_field", "too_long"]

Found = tuple[str, list[str | int]]
"""One problem: its message and the path of its field inside the document."""

_HINTS: Final = {
    "bool_type": " (write true or false; YAML 1.1 words such as yes, no, on and off are text here)",
    "float_type": " (write a plain number such as 600000 or 0.5, without quotes or separators)",
    "int_type": " (write a plain whole number)",
}


def problems_of(exc: pydantic.ValidationError, data: Any) -> list[Found]:
    """Every problem of a failed validation, with the document path of its field.

    Args:
        exc: pydantic's error.
        data: The data that failed, walked to tell the document's fields from the tags of
            unions in pydantic's locations.

    Returns:
        One message and path per problem. A list whose items failed also reports being too
        short, which the item errors say already: that report is left out. An
        [`InputError`][negpos.InputError] raised by a document's own checks (a negotiation's
        cross references) gives its problems, under the path where it was raised.
    """
    entries: list[tuple[str, list[str | int], str]] = []
    for err in exc.errors(include_url=False):
        inner = (err.get("ctx") or {}).get("error")
        if err["type"] == "value_error" and isinstance(inner, InputError):
            prefix = _walk(err, data)[1]
            entries += [(p.message, prefix + split_field(p.field), "") for p in inner.problems]
        else:
            entries.append((*_walk(err, data), str(err["type"])))
    # Every proper prefix of every path, in one set: the check is linear in the problems.
    below = {tuple(path[:k]) for _, path, _ in entries for k in range(len(path))}
    return [
        (message, path)
        for message, path, kind in entries
        if kind != "too_short" or tuple(path) not in below
    ]


def input_error(exc: pydantic.ValidationError, data: Any) -> InputError:
    """The [`InputError`][negpos.InputError] of a failed validation of ``data``.

    Each problem has the field path (``rounds[1].memoranda[0].positions[3].stance.max``) and
    the message the loader would give for the same mistake in a file; no file or line, since
    the data came from Python.
    """
    return InputError(
        Problem(message, field=path_text(path)) for message, path in problems_of(exc, data)
    )


def _message(err: Mapping[str, Any]) -> str:
    msg = str(err["msg"])
    kind = err["type"]
    ctx = err.get("ctx") or {}
    if kind == "value_error" and msg.startswith("Value error, "):
        msg = msg[len("Value error, ") :]
    elif kind == "extra_forbidden":
        msg = "unknown field"
    elif kind == "missing":
        msg = "required field is missing"
    elif kind == "union_tag_invalid":
        msg = f"unknown kind {excerpt(ctx.get('tag'))}; expected one of {ctx.get('expected_tags')}"
    elif kind == "string_pattern_mismatch":
        msg = _pattern_message(str(ctx.get("pattern", "")), err.get("input"))
    elif kind == "union_tag_not_found":
        msg = "a 'kind' field is required here"
    elif kind == "float_type" and type(err.get("input")) is int:
        # A whole number pydantic cannot turn into a float: beyond about 1.8e308.
        return too_long(_digits(err["input"]))
    return msg + _HINTS.get(str(kind), "")


def too_long(digits: int) -> str:
    """What to say of a whole number of ``digits`` digits, too large to compute with."""
    return (
        f"a whole number of {digits:,} digits is beyond what negpos computes with"
        " (64-bit floating-point numbers reach about 1.8e308)"
    )


def _digits(number: int) -> int:
    # Counted without str(), which refuses numbers of more than 4,300 digits.
    size = abs(number)
    digits = int((size.bit_length() - 1) * math.log10(2)) + 1
    return digits + 1 if size >= 10**digits else digits


def _pattern_message(pattern: str, got: Any) -> str:
    if pattern.startswith("^[a-z]{2,3}"):
        return f"{excerpt(got)} is not a language code such as 'en' or 'uk'"
    if "\\." in pattern:
        return (
            f"{excerpt(got)} is not a valid issue id: use lower-case letters, digits, '-' and"
            " '_', in dot-separated parts such as 'territory.recognition'"
        )
    return (
        f"{excerpt(got)} is not a valid id: use lower-case letters, digits, '-' and '_'"
        " (not at the ends), at most 64 characters"
    )


def _walk(err: Mapping[str, Any], data: Any) -> Found:
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


def split_field(field: str) -> list[str | int]:
    """A field path written as text, back as steps.

    Examples:
        >>> split_field("rounds[1].memoranda[0].party")
        ['rounds', 1, 'memoranda', 0, 'party']
    """
    path: list[str | int] = []
    for part in field.replace("]", "").split("."):
        if not part:
            continue
        name, *indexes = part.split("[")
        if name:
            path.append(name)
        path.extend(int(i) for i in indexes)
    return path


def path_text(path: Sequence[str | int]) -> str:
    r"""A field path as text: names joined by dots, list indexes in brackets.

    A name that is not a plain word (an unknown key can be anything, a megabyte of text or
    a terminal escape) is quoted in a bounded excerpt.

    Examples:
        >>> path_text(["rounds", 1, "memoranda", 0, "party"])
        'rounds[1].memoranda[0].party'
        >>> path_text(["parties", 0, "title\x1b[2J"])
        "parties[0].'title\\x1b[2J'"
    """
    out = ""
    for step in path:
        if isinstance(step, int):
            out += f"[{step}]"
            continue
        name = step if _is_plain_name(step) else excerpt(step)
        out += f".{name}" if out else name
    return out


def _is_plain_name(step: str) -> bool:
    return 0 < len(step) <= 64 and step.isprintable() and not any(c in step for c in _QUOTED)


# Characters that would make a name read as more than one step, or hide where it ends.
_QUOTED: Final = frozenset(".[]'\" ")
