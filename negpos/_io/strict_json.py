"""A strict JSON reader: the standard library's C parser, with the refusals negpos needs.

``json.loads`` accepts things a data file should not carry: a key given twice in one object
(the last one silently wins), ``NaN`` and ``Infinity`` (not JSON at all), and nesting of any
depth. This reader refuses the first two, and turns an integer too long for Python to convert
(more than 4,300 digits) into an error rather than a traceback. It stays close to the speed of
``json.loads``: objects are built by the C parser and checked by comparing two lengths.

Depth costs nothing here. Nesting beyond what the C parser can follow is refused at once;
anything shallower is parsed, and the validation that follows refuses it: no model of negpos
nests anywhere near ``MAX_DEPTH`` levels, so a document deeper than that never validates, and
only then is its depth measured, to report it as one clear problem
(``negpos._io.problems.validate``). Walking every value of a valid document to measure its
depth cost as much as parsing it, because every object has to be fetched from memory.

Each refusal names the line it is on. The line is found only when something is refused, by a
second pass over the text, so the common case pays nothing for it.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable
from typing import Any, NamedTuple

import yaml

from negpos._io.strict_yaml import MAX_DEPTH, YamlError, event_parser, too_long

__all__ = ["MAX_DEPTH", "TOO_DEEP", "read_json"]

_LONGEST_INT = getattr(sys, "get_int_max_str_digits", lambda: 4300)() or 4300
_CONSTANTS = frozenset({"NaN", "Infinity", "-Infinity"})


class _DuplicateKeyError(Exception):
    pass


class _BadConstantError(Exception):
    pass


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    # The dict is built in C; a key given twice leaves it shorter than the list of pairs.
    out = dict(pairs)
    if len(out) != len(pairs):
        raise _DuplicateKeyError
    return out


def _constant(word: str) -> Any:
    raise _BadConstantError(word)


_DECODER = json.JSONDecoder(object_pairs_hook=_object, parse_constant=_constant)


def read_json(text: str) -> Any:
    """Parse one JSON document into dicts, lists, text, numbers, booleans and None.

    Raises:
        YamlError: The text is not JSON, or holds something this reader refuses; the error
            carries the 1-based line where it is known. (The YAML reader's error class is
            shared so that callers handle one kind of syntax error.)
    """
    try:
        data = _DECODER.decode(text)
    except json.JSONDecodeError as exc:
        raise YamlError(f"JSON syntax error: {exc.msg}", exc.lineno) from None
    except _DuplicateKeyError:
        key, line = _first(text, _duplicate_key())
        raise YamlError(f"the key {key!r} appears twice in one object", line) from None
    except _BadConstantError as exc:
        _, line = _first(text, _plain(lambda value: value in _CONSTANTS))
        raise YamlError(
            f"{exc.args[0]} is not a JSON number (JSON has no NaN or infinity)", line
        ) from None
    except RecursionError:
        raise YamlError(TOO_DEEP, _deep_line(text)) from None
    except ValueError:
        # The only other ValueError the C parser raises: an integer too long to convert.
        number, line = _first(text, _plain(lambda value: len(value.lstrip("-")) > _LONGEST_INT))
        raise YamlError(too_long(len((number or "").lstrip("-"))), line) from None
    return data


#: Said of a document nested deeper than ``MAX_DEPTH`` levels.
TOO_DEEP = f"the document is nested deeper than {MAX_DEPTH} levels"


# --- locating a refusal: one pass over libyaml's events, only when something was refused ---


class _Place(NamedTuple):
    """Where an event sits: the keys met so far in the open mapping, and whether it is one."""

    keys: set[str] | None  # None when the open container is a list, or at the top
    is_key: bool


# A finder looks at each event in its place and returns what it found, or None to go on.
_Finder = Callable[[Any, _Place], Any]


_NODE_EVENTS = frozenset({yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent})


def _first(text: str, finder: _Finder) -> tuple[Any, int | None]:
    """What ``finder`` first returns for an event of ``text``, and that event's line."""
    parser = event_parser(text)
    # One frame per open container: [keys seen (None for a list), expecting a key].
    stack: list[list[Any]] = []
    try:
        while True:
            event: Any = parser.get_event()
            if event is None or isinstance(event, yaml.StreamEndEvent):
                return None, None
            if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                stack.pop()
                if stack and stack[-1][0] is not None:
                    stack[-1][1] = True
                continue
            if type(event) not in _NODE_EVENTS:
                continue
            frame: list[Any] = stack[-1] if stack else [None, False]
            place = _Place(frame[0], bool(frame[1]))
            found = finder(event, place)
            if found is not None:
                return found, int(event.start_mark.line) + 1
            scalar = type(event) is yaml.ScalarEvent
            if place.is_key:
                if not scalar:
                    return None, None
                frame[0].add(event.value)
                frame[1] = False
            elif scalar:
                if frame[0] is not None:
                    frame[1] = True
            else:
                mapping = isinstance(event, yaml.MappingStartEvent)
                stack.append([set() if mapping else None, mapping])
    except yaml.YAMLError:
        return None, None
    finally:
        parser.dispose()


def _duplicate_key() -> _Finder:
    def finder(event: Any, place: _Place) -> Any:
        keys = place.keys
        if place.is_key and keys is not None and isinstance(event, yaml.ScalarEvent):
            return event.value if event.value in keys else None
        return None

    return finder


def _plain(test: Callable[[str], bool]) -> _Finder:
    def finder(event: Any, place: _Place) -> Any:
        # Plain scalars only: a quoted "NaN" is text, and valid JSON.
        if type(event) is yaml.ScalarEvent and event.implicit[0] and test(event.value):
            return event.value
        return None

    return finder


_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')


def _deep_line(text: str) -> int | None:
    """The line where the nesting first goes deeper than ``MAX_DEPTH``.

    libyaml refuses deep nesting itself before it reports any event, so the brackets are
    counted here, strings skipped whole.
    """
    depth = 0
    for match in _TOKEN.finditer(text):
        token = match.group()
        if token in ("[", "{"):
            depth += 1
            if depth > MAX_DEPTH:
                return text.count("\n", 0, match.start()) + 1
        elif token in ("]", "}"):
            depth -= 1
    return None
