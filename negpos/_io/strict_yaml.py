"""A strict YAML reader and a stable YAML writer.

PyYAML's loaders follow YAML 1.1, where ``NO`` is false, ``on`` is true, ``010`` is 8 and
``12:30`` is 750, and they expand aliases lazily (a "billion laughs" file loads small and
explodes when walked). This reader takes the event stream from libyaml's C parser where it is
installed and builds plain values itself, so that:

- only ``true``/``false`` (any case style of those words) are booleans, only ``null``/``~`` and
  empty values are null, only plain decimal numbers are numbers: everything else is text, and
  the model's strict field types turn a surprise into a clear error;
- aliases, explicit tags other than the core ones, duplicate keys, non-text keys and several
  documents in one file are refused;
- nesting deeper than a fixed limit is refused before it can exhaust anything.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import yaml

__all__ = ["YamlError", "dump_yaml", "line_of", "read_yaml"]

_Parser: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_Dumper: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

MAX_DEPTH = 64

_NULL = frozenset({"", "~", "null", "Null", "NULL"})
_TRUE = frozenset({"true", "True", "TRUE"})
_FALSE = frozenset({"false", "False", "FALSE"})
_INT = re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|(?:0|[1-9][0-9]*)(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_SPECIAL_FLOAT = {
    ".inf": float("inf"), ".Inf": float("inf"), ".INF": float("inf"),
    "+.inf": float("inf"), "+.Inf": float("inf"), "+.INF": float("inf"),
    "-.inf": float("-inf"), "-.Inf": float("-inf"), "-.INF": float("-inf"),
    ".nan": float("nan"), ".NaN": float("nan"), ".NAN": float("nan"),
}  # fmt: skip

_CORE = "tag:yaml.org,2002:"


class YamlError(Exception):
    """A YAML document was refused; carries the 1-based line where known."""

    def __init__(self, message: str, line: int | None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


def resolve_plain(value: str) -> Any:
    """The value of a plain (unquoted) scalar under this reader's rules."""
    if value in _NULL:
        return None
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    if _INT.match(value):
        return int(value)
    if _FLOAT.match(value):
        return float(value)
    if value in _SPECIAL_FLOAT:
        return _SPECIAL_FLOAT[value]
    return value


def _line(event: Any) -> int | None:
    mark = getattr(event, "start_mark", None)
    return None if mark is None else int(mark.line) + 1


def _scalar(event: Any) -> Any:
    tag = event.tag
    value: str = event.value
    if tag is None or tag == "!":
        # Plain scalars are resolved; quoted and block scalars are always text.
        return resolve_plain(value) if event.implicit[0] and tag is None else value
    if tag == _CORE + "str":
        return value
    if tag in (_CORE + "int", _CORE + "float", _CORE + "bool", _CORE + "null"):
        resolved = resolve_plain(value)
        kind = tag[len(_CORE) :]
        ok = {
            "int": isinstance(resolved, int) and not isinstance(resolved, bool),
            "float": isinstance(resolved, (int, float)) and not isinstance(resolved, bool),
            "bool": isinstance(resolved, bool),
            "null": resolved is None,
        }[kind]
        if not ok:
            raise YamlError(f"{value!r} is not a valid !!{kind}", _line(event))
        return float(resolved) if kind == "float" else resolved
    raise YamlError(f"the YAML tag {tag!r} is not allowed", _line(event))


def _check_tag(event: Any, allowed: str) -> None:
    if event.tag not in (None, "!", _CORE + allowed):
        raise YamlError(f"the YAML tag {event.tag!r} is not allowed", _line(event))


def read_yaml(text: str) -> Any:
    """Parse one YAML document into dicts, lists, text, numbers, booleans and None.

    Raises:
        YamlError: The text is not YAML, or uses something this reader refuses.
    """
    parser = _Parser(text)
    try:
        return _build(parser)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = None if mark is None else int(mark.line) + 1
        raise YamlError(f"YAML syntax error: {exc.problem or exc.context}", line) from None
    except yaml.YAMLError as exc:
        raise YamlError(f"YAML error: {exc}", None) from None
    finally:
        parser.dispose()


def _build(parser: Any) -> Any:
    # Containers under construction: (container, pending key, line of the pending key).
    stack: list[list[Any]] = []
    root: Any = None
    documents = 0
    done = False

    def put(value: Any, event: Any) -> None:
        nonlocal root, done
        if not stack:
            root = value
            done = True
            return
        frame = stack[-1]
        container = frame[0]
        if isinstance(container, list):
            container.append(value)
        elif frame[1] is _NO_KEY:
            if not isinstance(value, str):
                raise YamlError("mapping keys must be text", _line(event))
            if value in container:
                raise YamlError(f"the key {value!r} appears twice in one mapping", _line(event))
            frame[1] = value
        else:
            container[frame[1]] = value
            frame[1] = _NO_KEY

    while True:
        event = parser.get_event()
        if event is None or isinstance(event, yaml.StreamEndEvent):
            break
        if isinstance(event, (yaml.StreamStartEvent, yaml.DocumentEndEvent)):
            continue
        if isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents > 1:
                raise YamlError("a file may hold only one YAML document", _line(event))
            continue
        if isinstance(event, yaml.AliasEvent):
            raise YamlError(
                f"YAML aliases (*{event.anchor}) are not allowed: write the value out", _line(event)
            )
        if isinstance(event, yaml.ScalarEvent):
            put(_scalar(event), event)
        elif isinstance(event, yaml.MappingStartEvent):
            _check_tag(event, "map")
            if len(stack) >= MAX_DEPTH:
                raise YamlError(
                    f"the document is nested deeper than {MAX_DEPTH} levels", _line(event)
                )
            stack.append([{}, _NO_KEY])
        elif isinstance(event, yaml.SequenceStartEvent):
            _check_tag(event, "seq")
            if len(stack) >= MAX_DEPTH:
                raise YamlError(
                    f"the document is nested deeper than {MAX_DEPTH} levels", _line(event)
                )
            stack.append([[], _NO_KEY])
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            container = stack.pop()[0]
            put(container, event)
    if documents == 0 or not done:
        raise YamlError("the file holds no YAML document", None)
    return root


class _NoKey:
    __slots__ = ()

    def __repr__(self) -> str:
        return "<no key>"


_NO_KEY = _NoKey()


def line_of(text: str, path: Sequence[str | int]) -> int | None:
    """The 1-based line of the value at ``path``, or of its deepest parent that exists.

    For a value in a mapping the line of its key is given. Used only when reporting an error,
    so it parses the text again rather than keeping a line for every value of every document.
    JSON text works too, since JSON is YAML for this purpose.
    """
    target = list(path)
    parser = _Parser(text)
    # One frame per open container: [is_mapping, current key or index, expecting a key].
    stack: list[list[Any]] = []
    best: int | None = None

    def advance() -> None:
        if stack:
            frame = stack[-1]
            if frame[0]:
                frame[2] = True
            else:
                frame[1] += 1

    try:
        while True:
            event = parser.get_event()
            if event is None or isinstance(event, yaml.StreamEndEvent):
                return best
            if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                stack.pop()
                advance()
                continue
            if not isinstance(
                event, (yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent)
            ):
                continue
            is_key = bool(stack) and stack[-1][0] and stack[-1][2]
            if is_key:
                if not isinstance(event, yaml.ScalarEvent):
                    return best
                stack[-1][1] = event.value
                stack[-1][2] = False
            here = [frame[1] for frame in stack]
            # A mapping value is located by its key; a sequence item or the root by itself.
            if (is_key or not (stack and stack[-1][0])) and here == target[: len(here)]:
                best = _line(event)
                if here == target:
                    return best
            if is_key:
                continue
            if isinstance(event, yaml.ScalarEvent):
                advance()
            else:
                stack.append(
                    [True, None, True]
                    if isinstance(event, yaml.MappingStartEvent)
                    else [False, 0, False]
                )
    except yaml.YAMLError:
        return best
    finally:
        parser.dispose()


def _represent_str(dumper: Any, value: str) -> Any:
    # Quote any text a YAML reader (this one, or a YAML 1.1 one) would take for something else.
    style = None
    if (
        resolve_plain(value) is not value and not isinstance(resolve_plain(value), str)
    ) or dumper.resolve(yaml.ScalarNode, value, (True, False)) != _CORE + "str":
        style = "'"
    elif "\n" in value:
        style = "|"
    return dumper.represent_scalar(_CORE + "str", value, style=style)


class _StableDumper(_Dumper):  # type: ignore[misc]
    pass


def _represent_list(dumper: Any, value: list[Any]) -> Any:
    flat = all(not isinstance(v, (dict, list)) for v in value)
    short = all(not isinstance(v, str) or ("\n" not in v and len(v) < 40) for v in value)
    return dumper.represent_sequence(_CORE + "seq", value, flow_style=flat and short)


_StableDumper.add_representer(str, _represent_str)
_StableDumper.add_representer(list, _represent_list)


def dump_yaml(data: Any) -> str:
    """Write plain data as YAML, keys in the order given, text quoted where it could be misread.

    Mappings are written in block style; short lists of plain values fit on one line.
    """
    text: str = yaml.dump(
        data,
        Dumper=_StableDumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=100,
        indent=2,
    )
    return text
