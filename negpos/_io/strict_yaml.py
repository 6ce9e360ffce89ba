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

from negpos._model.translate import too_long

__all__ = [
    "MAX_DEPTH",
    "YamlError",
    "dump_yaml",
    "event_parser",
    "line_of",
    "lines_of",
    "read_yaml",
    "too_long",
]

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


def event_parser(text: str) -> Any:
    """The libyaml event parser over ``text`` (PyYAML's own where libyaml is missing).

    The caller calls ``get_event()`` until it returns None or a stream end, then
    ``dispose()``.
    """
    return _Parser(text)


def resolve_plain(value: str) -> Any:
    """The value of a plain (unquoted) scalar under this reader's rules.

    Raises:
        ValueError: An integer longer than Python converts (4,300 digits by default).
    """
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
    try:
        return _typed_scalar(event)
    except ValueError:
        # int() refuses text longer than sys.get_int_max_str_digits() (4,300 by default).
        raise YamlError(too_long(len(event.value.lstrip("+-"))), _line(event)) from None


def _typed_scalar(event: Any) -> Any:
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
    try:
        parser = _Parser(text)
    except UnicodeEncodeError as exc:
        # A lone surrogate, which only text built in Python can hold.
        raise YamlError(
            f"the text holds a lone surrogate (U+{ord(text[exc.start]):04X})",
            text.count("\n", 0, exc.start) + 1,
        ) from None
    try:
        return _build(parser)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = None if mark is None else int(mark.line) + 1
        raise YamlError(f"YAML syntax error: {exc.problem or exc.context}", line) from None
    except yaml.reader.ReaderError as exc:
        # A character YAML does not allow. libyaml counts its position in UTF-8 bytes, the
        # pure-Python parser in characters.
        at = int(exc.position or 0)
        if _Parser is yaml.SafeLoader:
            where = text.count("\n", 0, at) + 1
        else:
            where = text.encode().count(b"\n", 0, at) + 1
        raise YamlError(
            f"the character U+{exc.character:04X} is not allowed in YAML; remove it, or write"
            f' it as the escape "{_escape(exc.character)}" inside double quotes',
            where,
        ) from None
    except yaml.YAMLError as exc:
        raise YamlError(f"YAML error: {exc}", None) from None
    finally:
        parser.dispose()


def _escape(code: int) -> str:
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


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

    For a value in a mapping the line of its key is given. To locate many paths in one
    text, use [`lines_of`][negpos._io.strict_yaml.lines_of], which reads the text once.
    """
    return lines_of(text, [path])[0]


class _Node:
    """One step of the paths being looked for: a trie over their steps."""

    __slots__ = ("children", "ends", "line", "pending")

    def __init__(self) -> None:
        self.children: dict[str | int, _Node] = {}
        self.ends = 0  # how many paths end at this step
        self.pending = 0  # how many paths through this step are not settled yet
        self.line: int | None = None


def lines_of(text: str, paths: Sequence[Sequence[str | int]]) -> list[int | None]:
    """The 1-based line of each path, as [`line_of`][negpos._io.strict_yaml.line_of] gives it.

    The text is parsed once, whatever the number of paths, and the parse stops as soon as
    every path is settled, so locating thousands of problems costs one pass over the file.
    Used only when reporting errors: nothing keeps a line for every value of a document.
    JSON text works too, since JSON is YAML for this purpose.

    Args:
        text: The YAML or JSON text.
        paths: Paths into the document, each a list of keys and indexes.

    Returns:
        One line per path, in the order given; None where even the top level has no line
        (text that does not parse).
    """
    root = _Node()
    for path in paths:
        node = root
        node.pending += 1
        for step in path:
            node = node.children.setdefault(step, _Node())
            node.pending += 1
        node.ends += 1
    _walk_lines(text, root)
    out: list[int | None] = []
    for path in paths:
        node, best = root, root.line
        for step in path:
            found = node.children.get(step)
            if found is None or found.line is None:
                break
            node, best = found, found.line
        out.append(best)
    return out


def _walk_lines(text: str, root: _Node) -> None:
    """Give every trie node the document meets its line, in one pass over the events."""
    parser = _Parser(text)
    # One frame per open container: [its trie node or None, is a mapping, key or index,
    # expecting a key]. ``chain`` holds the trie nodes of the open containers that have one.
    stack: list[list[Any]] = []
    chain: list[_Node] = []
    remaining = root.pending

    def settle(node: _Node, count: int) -> None:
        nonlocal remaining
        if count:
            node.pending -= count
            for above in chain:
                above.pending -= count
            remaining -= count

    try:
        while remaining:
            event = parser.get_event()
            kind = type(event)
            if event is None or kind is yaml.StreamEndEvent:
                return
            if kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                frame = stack.pop()
                if frame[0] is not None:
                    chain.pop()
                    # Paths that go on below this container name steps it does not have.
                    settle(frame[0], frame[0].pending)
                if stack:
                    _advance(stack[-1])
                continue
            if (
                kind is not yaml.ScalarEvent
                and kind is not yaml.MappingStartEvent
                and (kind is not yaml.SequenceStartEvent)
            ):
                continue
            line = int(event.start_mark.line) + 1
            parent = stack[-1] if stack else None
            if parent is not None and parent[1] and parent[3]:
                # A key: it names the next value, and a mapping value is located by its key.
                if kind is not yaml.ScalarEvent:
                    return  # the strict reader refuses keys that are not text
                parent[2] = event.value
                parent[3] = False
                owner = parent[0]
                hit = None if owner is None else owner.children.get(parent[2])
                if hit is not None:
                    hit.line = line
                continue
            if parent is None:
                node: _Node | None = root
                root.line = line
            elif parent[0] is None:
                node = None
            else:
                node = parent[0].children.get(parent[2])
                if node is not None and not parent[1]:
                    node.line = line
            if kind is yaml.ScalarEvent:
                if node is not None:
                    settle(node, node.pending)
                if parent is not None:
                    _advance(parent)
                else:
                    return
                continue
            if node is not None:
                settle(node, node.ends)
                chain.append(node)
            mapping = kind is yaml.MappingStartEvent
            stack.append([node, mapping, None if mapping else 0, mapping])
    except yaml.YAMLError:
        return
    finally:
        parser.dispose()


def _advance(frame: list[Any]) -> None:
    if frame[1]:
        frame[3] = True
    else:
        frame[2] += 1


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
