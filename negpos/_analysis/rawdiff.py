"""The raw difference between two memoranda: every field, provenance included.

The typed analysis ([`changes`][negpos.changes]) says who moved on what; this module says what
changed in the documents themselves, field by field, notes and citations included. It compares
the two memoranda's canonical keyed forms (``negpos._analysis.canonical``), in which positions,
groups and options are mappings keyed by id, and returns [`RawChange`][negpos.RawChange]
records and the JSON Patch ([`apply_patch`][negpos.apply_patch]) that turns one document into
the other, both from one walk.

Why a walk of our own rather than DeepDiff: the design chose DeepDiff for raw structural
differences, and the first version ran it on the canonical forms, pruned to the members that
differ. Profiled on two rounds of a 10,000-issue negotiation (about 8,500 changed positions),
DeepDiff's tree alone took 20 times the change set it belongs to, and its ``Delta`` more on top:
it builds a level object, a path and a report for every node it visits, whatever settings it
is given. One small DeepDiff per changed position costs more still (its set-up runs per call).
A canonical form is JSON data, so a direct walk does the same work in time linear in the
documents: mappings are compared key by key, members that compare equal are skipped whole,
and nothing is built for them. DeepDiff stays the reference: the tests check, on generated
memoranda, that nothing a plain DeepDiff of the two documents reports is missing from the
records (``tests/test_rawdiff.py``). negpos itself no longer imports DeepDiff.

The walk's rules:

- mappings: keys of the later document in its order (changed or added), then keys only the
  earlier one has (removed); a keyed collection whose shared keys come in another order gets
  one ``reordered`` record, and the patch carries its final key order;
- lists (sources, links, a set stance's items, a sequence's constraints): aligned on the
  longest run of elements that occur once in each list and in the same order (a patience
  alignment, n log n), after trimming the equal ends; between two aligned elements, the rest
  are paired in order and compared, and any left over are added or removed. Appending a
  source is one addition, and dropping the first of ten items one removal, not ten changes;
- anything else: two values of one JSON type that differ are ``changed``, of two types
  ``type_changed``.
"""

from __future__ import annotations

import bisect
import collections
import contextlib
import enum
import gc
import json
from collections.abc import Iterator, Mapping
from typing import Any, TypeAlias

import attrs

from negpos._analysis.canonical import dump, fingerprint_of, keyed
from negpos._analysis.patches import make_patch, pointer_token
from negpos._model.documents import Memorandum, Position
from negpos._model.reprs import compact_repr

__all__ = [
    "Json",
    "PathElement",
    "RawChange",
    "RawChangeKind",
    "position_diff",
    "raw_diff",
]

PathElement: TypeAlias = str | int
"""One step of a path into the canonical form: a mapping key or a list index."""

Json: TypeAlias = bool | int | float | str | tuple["Json", ...] | Mapping[str, "Json"] | None
"""A JSON value as a raw record holds it: lists are tuples, objects read-only mappings."""


class _FrozenMap(Mapping[str, Any]):
    """A read-only, hashable mapping: a JSON object inside a frozen record."""

    __slots__ = ("_items",)

    def __init__(self, items: Mapping[str, Any]) -> None:
        self._items = dict(items)

    def __getitem__(self, key: str) -> Any:
        return self._items[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __hash__(self) -> int:
        return hash(tuple(self._items.items()))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Mapping):
            return self._items == dict(other.items())
        return NotImplemented

    def __repr__(self) -> str:
        return repr(self._items)


def _freeze(value: Any) -> Json:
    if isinstance(value, Mapping):
        return _FrozenMap({k: _freeze(v) for k, v in value.items()})
    if isinstance(value, list | tuple):
        return tuple(_freeze(v) for v in value)
    result: Json = value
    return result


def _thaw(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {k: _thaw(v) for k, v in value.items()}
    if isinstance(value, tuple | list):
        return [_thaw(v) for v in value]
    return value


class RawChangeKind(enum.StrEnum):
    """What happened at a path of the canonical form.

    - ``added``: the later document has a value where the earlier has none;
    - ``removed``: the earlier document has a value where the later has none;
    - ``changed``: both have a value, of the same JSON type, and they differ;
    - ``type_changed``: both have a value, of different JSON types;
    - ``reordered``: a keyed collection (positions, groups, options) lists the keys both
      documents share in a different order; ``before`` and ``after`` hold the two key orders.
    """

    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "changed"
    TYPE_CHANGED = "type_changed"
    REORDERED = "reordered"


@attrs.frozen
class RawChange:
    """One field-level difference between two memoranda.

    Attributes:
        path: Where, in the canonical keyed form: mapping keys and list indices, such as
            ``("positions", "territory.recognition", "stance", "requires", 2)``. Indices
            refer to the later document for additions and to the earlier one otherwise.
        before: The value in the earlier document, or None where it has none (canonical
            forms hold no None values, so None always means absent).
        after: The value in the later document, or None where it has none.
        kind: What happened.
    """

    path: tuple[PathElement, ...]
    before: Json
    after: Json
    kind: RawChangeKind

    @property
    def text(self) -> str:
        """The path written out for reading, such as ``positions[ceasefire.days].stance.min``.

        Examples:
            >>> RawChange(("positions", "a.b", "links", 0), None, "c", RawChangeKind.ADDED).text
            'positions[a.b].links[0]'
        """
        out = ""
        for step in self.path:
            if isinstance(step, int) or out.endswith(_KEYED_SUFFIXES):
                out += f"[{step}]"
            else:
                out += f".{step}" if out else step
        return out

    def to_dict(self) -> dict[str, Any]:
        """The record as JSON-ready data."""
        return {
            "path": list(self.path),
            "text": self.text,
            "kind": self.kind.value,
            "before": _thaw(self.before),
            "after": _thaw(self.after),
        }

    __repr__ = compact_repr


# Canonical paths ending with one of these names are mappings keyed by id.
_KEYED_SUFFIXES = ("positions", "alternatives", "options")


def _keyed_collection(path: tuple[PathElement, ...]) -> bool:
    """Whether the mapping at ``path`` is one of the canonical form's keyed collections."""
    n = len(path)
    if n == 1:
        return path[0] in ("positions", "alternatives")
    if n in (3, 5) and path[0] == "alternatives":
        return path[-1] == ("options" if n == 3 else "positions")
    return False


def _same(old: Any, new: Any) -> bool:
    # Equal as JSON. Python's == would take True for 1 and 1 for 1.0, so scalars must share a
    # type. For containers == is enough: the models fix the JSON type of every field, and the
    # one place two schemas meet (stances of different kinds) differs in ``kind`` itself.
    return old is new or (type(old) is type(new) and old == new)


def _json_type(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    return type(value).__name__


def _key(value: Any) -> Any:
    """A hashable stand-in for a JSON value: equal keys mean values equal as JSON."""
    if isinstance(value, dict | list):
        return json.dumps(value, sort_keys=True, ensure_ascii=False)
    return (type(value), value)


def _increasing(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest subsequence of ``pairs`` (sorted by their second index) rising in the first.

    Patience sorting: n log n, and the earliest such subsequence where there are several.
    """
    tails: list[int] = []  # tails[k]: the pair ending the best rising run of length k + 1
    tail_values: list[int] = []
    back = [-1] * len(pairs)
    for n, (i, _) in enumerate(pairs):
        k = bisect.bisect_left(tail_values, i)
        if k:
            back[n] = tails[k - 1]
        if k == len(tails):
            tails.append(n)
            tail_values.append(i)
        else:
            tails[k] = n
            tail_values[k] = i
    out: list[tuple[int, int]] = []
    n = tails[-1] if tails else -1
    while n >= 0:
        out.append(pairs[n])
        n = back[n]
    return out[::-1]


def _anchors(
    old: list[Any], new: list[Any], start: int, end_old: int, end_new: int
) -> list[tuple[int, int]]:
    """Pairs of equal elements that occur once in each middle, in order in both lists."""
    if start >= end_old or start >= end_new:
        return []
    keys_old = [_key(v) for v in old[start:end_old]]
    keys_new = [_key(v) for v in new[start:end_new]]
    count_old = collections.Counter(keys_old)
    count_new = collections.Counter(keys_new)
    where = {k: i for i, k in enumerate(keys_old, start) if count_old[k] == 1}
    pairs = [
        (where[k], j) for j, k in enumerate(keys_new, start) if count_new[k] == 1 and k in where
    ]
    return _increasing(pairs)


Step: TypeAlias = tuple[int | None, int | None]


def _gap(old: list[Any], new: list[Any], i0: int, i1: int, j0: int, j1: int) -> list[Step]:
    """Align ``old[i0:i1]`` with ``new[j0:j1]``: equal ends kept, the rest paired in order."""
    steps: list[Step] = []
    while i0 < i1 and j0 < j1 and _same(old[i0], new[j0]):
        steps.append((i0, j0))
        i0, j0 = i0 + 1, j0 + 1
    tail: list[Step] = []
    while i1 > i0 and j1 > j0 and _same(old[i1 - 1], new[j1 - 1]):
        i1, j1 = i1 - 1, j1 - 1
        tail.append((i1, j1))
    paired = min(i1 - i0, j1 - j0)
    steps.extend((i0 + t, j0 + t) for t in range(paired))
    steps.extend((i, None) for i in range(i0 + paired, i1))
    steps.extend((None, j) for j in range(j0 + paired, j1))
    steps.extend(reversed(tail))
    return steps


def _align(old: list[Any], new: list[Any]) -> list[Step]:
    """How two lists line up: ``(i, j)`` pairs, ``(i, None)`` removed, ``(None, j)`` added.

    Steps come in order of both lists. Equal ends are trimmed first (linear); the middles
    are aligned on the elements each holds once (see `_anchors`), and each stretch between
    two anchors by `_gap`.
    """
    start, end_old, end_new = 0, len(old), len(new)
    while start < end_old and start < end_new and _same(old[start], new[start]):
        start += 1
    while end_old > start and end_new > start and _same(old[end_old - 1], new[end_new - 1]):
        end_old, end_new = end_old - 1, end_new - 1
    steps: list[Step] = [(i, i) for i in range(start)]
    i, j = start, start
    for a, b in _anchors(old, new, start, end_old, end_new):
        steps.extend(_gap(old, new, i, a, j, b))
        steps.append((a, b))
        i, j = a + 1, b + 1
    steps.extend(_gap(old, new, i, end_old, j, end_new))
    shift = len(new) - len(old)
    steps.extend((k, k + shift) for k in range(end_old, len(old)))
    return steps


class _Walk:
    """One pass over two canonical forms, collecting records and patch operations.

    Records name list elements by their index in the earlier document (in the later one for
    additions); operations address the list as the operations before them leave it, as
    JSON Patch applies them in order.
    """

    __slots__ = ("operations", "orders", "records")

    def __init__(self) -> None:
        self.records: list[RawChange] = []
        self.operations: list[dict[str, Any]] = []
        self.orders: list[dict[str, Any]] = []

    def value(self, old: Any, new: Any, path: tuple[PathElement, ...], pointer: str) -> None:
        """Two values present at one place, known to differ."""
        if type(old) is dict and type(new) is dict:
            self.mapping(old, new, path, pointer)
        elif type(old) is list and type(new) is list:
            self.sequence(old, new, path, pointer)
        else:
            kind = (
                RawChangeKind.CHANGED
                if _json_type(old) == _json_type(new)
                else RawChangeKind.TYPE_CHANGED
            )
            self.records.append(RawChange(path, _freeze(old), _freeze(new), kind))
            self.operations.append({"op": "test", "path": pointer, "value": old})
            self.operations.append({"op": "replace", "path": pointer, "value": new})

    def added(self, new: Any, path: tuple[PathElement, ...], pointer: str) -> None:
        self.records.append(RawChange(path, None, _freeze(new), RawChangeKind.ADDED))
        self.operations.append({"op": "add", "path": pointer, "value": new})

    def removed(self, old: Any, path: tuple[PathElement, ...], pointer: str) -> None:
        self.records.append(RawChange(path, _freeze(old), None, RawChangeKind.REMOVED))
        self.operations.append({"op": "test", "path": pointer, "value": old})
        self.operations.append({"op": "remove", "path": pointer})

    def mapping(
        self, old: dict[str, Any], new: dict[str, Any], path: tuple[PathElement, ...], pointer: str
    ) -> None:
        if _keyed_collection(path):
            self.order(old, new, path, pointer)
        for key, value in new.items():
            here = f"{pointer}/{pointer_token(key)}"
            if key not in old:
                self.added(value, (*path, key), here)
            elif not _same(old[key], value) or _keyed_collection((*path, key)):
                # Equal keyed collections may still list their keys in another order.
                self.value(old[key], value, (*path, key), here)
        for key, value in old.items():
            if key not in new:
                self.removed(value, (*path, key), f"{pointer}/{pointer_token(key)}")

    def sequence(
        self, old: list[Any], new: list[Any], path: tuple[PathElement, ...], pointer: str
    ) -> None:
        at = 0  # where the next element sits in the list as the operations so far leave it
        for i, j in _align(old, new):
            if i is None:
                assert j is not None
                self.added(new[j], (*path, j), f"{pointer}/{at}")
                at += 1
            elif j is None:
                self.removed(old[i], (*path, i), f"{pointer}/{at}")
            else:
                if not _same(old[i], new[j]):
                    self.value(old[i], new[j], (*path, i), f"{pointer}/{at}")
                at += 1

    def order(
        self, old: dict[str, Any], new: dict[str, Any], path: tuple[PathElement, ...], pointer: str
    ) -> None:
        shared_old = [k for k in old if k in new]
        shared_new = [k for k in new if k in old]
        if shared_old != shared_new:
            self.records.append(RawChange(path, tuple(old), tuple(new), RawChangeKind.REORDERED))
        # Applying the operations keeps surviving keys in place and appends added ones in
        # the later document's order; only where that is not its order must the patch say so.
        if shared_old + [k for k in new if k not in old] != list(new):
            self.orders.append({"path": pointer, "keys": list(new)})


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a walk builds its records and operations.

    A walk allocates a few objects per changed field and no reference cycles; on large
    documents the collector's passes over them cost a third of the walk (the ``raw``
    benchmark), as they do when a document is loaded.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def raw_diff(before: Memorandum, after: Memorandum) -> tuple[tuple[RawChange, ...], dict[str, Any]]:
    """The field-level difference between two memoranda and the patch between them.

    Args:
        before: The earlier memorandum.
        after: The later memorandum.

    Returns:
        The records in document order (see [`RawChange`][negpos.RawChange]), and the patch
        that [`apply_patch`][negpos.apply_patch] turns ``before`` into ``after`` with: JSON
        Patch operations over the canonical keyed form in an envelope that names both
        documents by fingerprint (see ``negpos._analysis.patches``).

    Examples:
        >>> import negpos
        >>> truce = negpos.Position(issue="truce", stance=negpos.BooleanStance(accepts=(True,)))
        >>> a = negpos.Memorandum(party="ua", positions=(truce,))
        >>> b = negpos.Memorandum(party="ua", positions=(truce,), note="Restated.")
        >>> records, patch = raw_diff(a, b)
        >>> [(r.text, r.kind.value, r.after) for r in records]
        [('note', 'added', 'Restated.')]
        >>> patch["operations"]
        [{'op': 'add', 'path': '/note', 'value': 'Restated.'}]
    """
    with _collector_paused():
        old_data, new_data = dump(before), dump(after)
        walk = _Walk()
        if old_data != new_data:
            walk.mapping(keyed(old_data), keyed(new_data), (), "")
        patch = make_patch(
            fingerprint_of(old_data), fingerprint_of(new_data), walk.operations, walk.orders
        )
        return tuple(walk.records), patch


def position_diff(before: Position | None, after: Position | None) -> tuple[RawChange, ...]:
    """The field-level difference between two positions on one issue.

    The records are those [`raw_diff`][negpos._analysis.rawdiff.raw_diff] gives for the
    position in two memoranda, paths included (``("positions", issue, ...)``).

    Args:
        before: The earlier position, or None.
        after: The later position, or None.

    Returns:
        The records in document order; one ``added`` or ``removed`` record when only one
        position is given, none when both are None or equal.
    """
    if before is None and after is None:
        return ()
    issue = after.issue if after is not None else before.issue  # type: ignore[union-attr]
    walk = _Walk()
    path: tuple[PathElement, ...] = ("positions", issue)
    here = f"/positions/{pointer_token(issue)}"
    old = None if before is None else _position_data(before)
    new = None if after is None else _position_data(after)
    if old is None:
        walk.added(new, path, here)
    elif new is None:
        walk.removed(old, path, here)
    elif old != new:
        walk.value(old, new, path, here)
    return tuple(walk.records)


def _position_data(position: Position) -> dict[str, Any]:
    """A position as the memorandum's canonical data holds it (see ``canonical.dump``)."""
    data: dict[str, Any] = position.model_dump(mode="json", exclude_none=True)
    if not data.get("readings", True):
        del data["readings"]
    return data
