"""The raw difference between two memoranda: every field, provenance included.

The typed analysis ([`changes`][negpos.changes]) says who moved on what; this module says what
changed in the documents themselves, field by field, notes and citations included. It works on
a *canonical keyed form* of a memorandum: the memorandum as JSON data, with each list of
identifiable things turned into a mapping keyed by id (positions by issue id, groups of
alternatives by group id, options by option id), so that inserting a position reports that
position as added instead of shifting every later one. Fields that are None are left out, so a
missing value and an unset one are the same thing.

DeepDiff compares the two canonical forms with ``threshold_to_diff_deeper=0`` (so that a
position whose fields all changed is still reported field by field) and without
``ignore_order`` (the order of sources and steps is part of a document). Its report becomes
[`RawChange`][negpos.RawChange] records. Its ``Delta``, serialised as flat rows (never pickled),
becomes a JSON patch that [`apply_patch`][negpos.apply_patch] applies.

Keyed mappings lose one thing lists have: order. The order of positions, groups and options
is part of a document, so it is tracked beside DeepDiff's report: when the shared keys of a
collection come in a different order, a ``reordered`` record says so, and the patch carries the
final order of every collection whose keys would otherwise land in a different place.
"""

from __future__ import annotations

import copy
import enum
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, TypeAlias

import attrs
import pydantic

from negpos._errors import InputError, Problem
from negpos._model.base import validate_raw
from negpos._model.documents import Memorandum

__all__ = [
    "PATCH_FORMAT",
    "Json",
    "PathElement",
    "RawChange",
    "RawChangeKind",
    "apply_patch",
    "canonical",
    "from_canonical",
    "raw_diff",
]

#: The version of the patch format that [`apply_patch`][negpos.apply_patch] reads.
PATCH_FORMAT = 1

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


_KIND_OF_REPORT = {
    "dictionary_item_added": RawChangeKind.ADDED,
    "iterable_item_added": RawChangeKind.ADDED,
    "set_item_added": RawChangeKind.ADDED,
    "attribute_added": RawChangeKind.ADDED,
    "dictionary_item_removed": RawChangeKind.REMOVED,
    "iterable_item_removed": RawChangeKind.REMOVED,
    "set_item_removed": RawChangeKind.REMOVED,
    "attribute_removed": RawChangeKind.REMOVED,
    "values_changed": RawChangeKind.CHANGED,
    "type_changes": RawChangeKind.TYPE_CHANGED,
}

_KIND_ORDER = {kind: i for i, kind in enumerate(RawChangeKind)}


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


# Canonical paths ending with one of these names are mappings keyed by id.
_KEYED_SUFFIXES = ("positions", "alternatives", "options")


def _dump(model: pydantic.BaseModel) -> dict[str, Any]:
    data: dict[str, Any] = model.model_dump(mode="json", exclude_none=True)
    return data


def _keyed(items: Sequence[dict[str, Any]], key: str) -> dict[str, Any]:
    return {item[key]: item for item in items}


def canonical(memo: Memorandum) -> dict[str, Any]:
    """A memorandum as JSON data with positions, groups and options keyed by their ids.

    Args:
        memo: The memorandum.

    Returns:
        Plain JSON data (dicts, lists, strings, numbers, booleans; no None): the
        memorandum's fields in model order, ``positions`` keyed by issue id, ``alternatives``
        keyed by group id, each group's ``options`` keyed by option id and each option's
        ``positions`` keyed by issue id. Each keyed entry keeps its own id field too.

    Examples:
        >>> import negpos
        >>> memo = negpos.Memorandum(party="ua", positions=(negpos.Position(
        ...     issue="truce", stance=negpos.BooleanStance(accepts=(True,))),))
        >>> list(canonical(memo)["positions"])
        ['truce']
    """
    data = _dump(memo)
    data["positions"] = _keyed(data["positions"], "issue")
    groups = []
    for group in data["alternatives"]:
        options = []
        for option in group["options"]:
            options.append({**option, "positions": _keyed(option["positions"], "issue")})
        groups.append({**group, "options": _keyed(options, "id")})
    data["alternatives"] = _keyed(groups, "id")
    return data


def from_canonical(data: Mapping[str, Any]) -> Memorandum:
    """Build the memorandum a canonical keyed form describes (the inverse of `canonical`).

    Args:
        data: A canonical keyed form.

    Returns:
        The memorandum, validated.

    Raises:
        InputError: The data does not describe a valid memorandum.
    """
    try:
        plain = dict(data)
        plain["positions"] = list(_values(plain.get("positions", {}), "positions"))
        groups = []
        for k, group in enumerate(_values(plain.get("alternatives", {}), "alternatives")):
            options = []
            where = f"alternatives[{k}].options"
            for j, option in enumerate(_values(group.get("options", {}), where)):
                positions = _values(option.get("positions", {}), f"{where}[{j}].positions")
                options.append({**option, "positions": list(positions)})
            groups.append({**group, "options": options})
        plain["alternatives"] = groups
        return validate_raw(Memorandum, plain)
    except pydantic.ValidationError as exc:
        raise InputError(
            Problem(str(err["msg"]), field=_loc_text(plain, err["loc"])) for err in exc.errors()
        ) from None
    except (TypeError, AttributeError) as exc:
        raise InputError.single(f"not a canonical memorandum: {exc}") from None


def _values(keyed: Any, where: str) -> list[dict[str, Any]]:
    if not isinstance(keyed, Mapping):
        raise InputError.single("expected a mapping keyed by id", field=where)
    return [dict(v) for v in keyed.values()]


def _loc_text(plain: Any, loc: Sequence[str | int]) -> str:
    """A pydantic error location written in canonical terms: list indices become ids."""
    out = ""
    node = plain
    for step in loc:
        if isinstance(step, int) and isinstance(node, list) and 0 <= step < len(node):
            item = node[step]
            name = "issue" if out.endswith("positions") else "id"
            key = item.get(name, step) if isinstance(item, Mapping) else step
            out += f"[{key}]"
            node = item
        else:
            out += f"[{step}]" if isinstance(step, int) else f".{step}"
            node = node.get(step) if isinstance(node, Mapping) else None
    return out.lstrip(".")


# --- order of keyed collections --------------------------------------------------------------


def _collections(data: Mapping[str, Any]) -> Iterator[tuple[tuple[PathElement, ...], Any]]:
    """Every keyed collection of a canonical form, with its path."""
    yield ("positions",), data.get("positions", {})
    groups = data.get("alternatives", {})
    yield ("alternatives",), groups
    for gid, group in groups.items():
        options = group.get("options", {})
        yield ("alternatives", gid, "options"), options
        for oid, option in options.items():
            yield ("alternatives", gid, "options", oid, "positions"), option.get("positions", {})


def _order_changes(
    old: Mapping[str, Any], new: Mapping[str, Any]
) -> tuple[list[RawChange], list[dict[str, Any]]]:
    """Reordered collections (records) and the key orders a patch must restore."""
    records: list[RawChange] = []
    orders: list[dict[str, Any]] = []
    old_collections = dict(_collections(old))
    for path, after in _collections(new):
        before = old_collections.get(path)
        if before is None:
            continue
        shared_before = [k for k in before if k in after]
        shared_after = [k for k in after if k in before]
        if shared_before != shared_after:
            records.append(RawChange(path, tuple(before), tuple(after), RawChangeKind.REORDERED))
        # Applying a delta keeps surviving keys in place and appends new ones at the end.
        naive = shared_before + [k for k in after if k not in before]
        if naive != list(after):
            orders.append({"path": list(path), "keys": list(after)})
    return records, orders


# --- the difference ---------------------------------------------------------------------------


def _prune(old: Mapping[str, Any], new: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Two keyed collections without the members that are equal on both sides."""
    return (
        {k: v for k, v in old.items() if new.get(k) != v},
        {k: v for k, v in new.items() if old.get(k) != v},
    )


def _without_equal_members(
    old: dict[str, Any], new: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The two canonical forms with every member equal on both sides left out.

    Members are keyed, so leaving the equal ones out changes no path of the others; DeepDiff
    then spends its time on what changed, which between two rounds is usually a small part.
    """
    old, new = dict(old), dict(new)
    old["positions"], new["positions"] = _prune(old["positions"], new["positions"])
    old_groups, new_groups = _prune(old["alternatives"], new["alternatives"])
    for gid in old_groups.keys() & new_groups.keys():
        old_group, new_group = dict(old_groups[gid]), dict(new_groups[gid])
        old_options, new_options = _prune(old_group["options"], new_group["options"])
        for oid in old_options.keys() & new_options.keys():
            old_option, new_option = dict(old_options[oid]), dict(new_options[oid])
            old_option["positions"], new_option["positions"] = _prune(
                old_option["positions"], new_option["positions"]
            )
            old_options[oid], new_options[oid] = old_option, new_option
        old_group["options"], new_group["options"] = old_options, new_options
        old_groups[gid], new_groups[gid] = old_group, new_group
    old["alternatives"], new["alternatives"] = old_groups, new_groups
    return old, new


class _DocumentOrder:
    """Sort keys that follow document order: the later document's, then the earlier's."""

    def __init__(self, old: Any, new: Any) -> None:
        self._old = old
        self._new = new
        # The rank of each key of the mapping at a path, built once per mapping: sorting many
        # records of one large collection must not rescan it for every record.
        self._ranks: dict[tuple[PathElement, ...], dict[str, int]] = {}

    def _keys(self, path: tuple[PathElement, ...]) -> dict[str, int]:
        found = self._ranks.get(path)
        if found is None:
            old, new = self._old, self._new
            for step in path:
                old, new = _child(old, step), _child(new, step)
            found = dict.fromkeys(new, 0) if isinstance(new, Mapping) else {}
            if isinstance(old, Mapping):
                found.update(dict.fromkeys(k for k in old if k not in found))
            found = {k: i for i, k in enumerate(found)}
            self._ranks[path] = found
        return found

    def key(self, path: tuple[PathElement, ...]) -> tuple[tuple[int, int | str], ...]:
        """The sort key of a path: at each step the list index or the key's rank."""
        key: list[tuple[int, int | str]] = []
        for depth, step in enumerate(path):
            if isinstance(step, int):
                key.append((step, ""))
            else:
                ranks = self._keys(path[:depth])
                key.append((ranks[step], "") if step in ranks else (len(ranks), step))
        return tuple(key)


def _child(node: Any, step: PathElement) -> Any:
    if isinstance(step, int):
        return node[step] if isinstance(node, list) and 0 <= step < len(node) else None
    return node.get(step) if isinstance(node, Mapping) else None


def _row(row: Mapping[str, Any]) -> dict[str, Any]:
    # Flat rows name Python types next to values; a JSON patch keeps only the data.
    out: dict[str, Any] = {}
    for key, value in row.items():
        if key in ("type", "old_type"):
            continue
        if key == "action":
            value = getattr(value, "value", value)
        elif value is None and key not in ("value", "old_value"):
            continue
        out[key] = value
    return out


def raw_diff(before: Memorandum, after: Memorandum) -> tuple[tuple[RawChange, ...], dict[str, Any]]:
    """The field-level difference between two memoranda and the patch between them.

    Args:
        before: The earlier memorandum.
        after: The later memorandum.

    Returns:
        The records in document order (see [`RawChange`][negpos.RawChange]), and a
        JSON-serialisable patch that [`apply_patch`][negpos.apply_patch] turns ``before``
        into ``after`` with: ``{"format": 1, "delta": [...], "order": [...]}`` where
        ``delta`` holds DeepDiff's flat delta rows over the canonical keyed forms (with their
        Python type names left out) and ``order`` the final key order of each keyed
        collection whose keys would otherwise end up elsewhere.

    Examples:
        >>> import negpos
        >>> truce = negpos.Position(issue="truce", stance=negpos.BooleanStance(accepts=(True,)))
        >>> a = negpos.Memorandum(party="ua", positions=(truce,))
        >>> b = negpos.Memorandum(party="ua", positions=(truce,), note="Restated.")
        >>> records, patch = raw_diff(a, b)
        >>> [(r.text, r.kind.value, r.after) for r in records]
        [('note', 'added', 'Restated.')]
    """
    # DeepDiff is imported here, on first use: importing negpos must not load it (it pulls in
    # numpy and pandas where they are installed).
    from deepdiff import DeepDiff, Delta
    from deepdiff.helper import notpresent

    old, new = canonical(before), canonical(after)
    records, orders = _order_changes(old, new)
    rows: list[dict[str, Any]] = []
    if old != new:
        found = DeepDiff(*_without_equal_members(old, new), threshold_to_diff_deeper=0, view="tree")
        for report, items in found.items():
            kind = _KIND_OF_REPORT.get(report)
            if kind is None:  # pragma: no cover - only ignore_order produces other reports
                raise AssertionError(f"unexpected DeepDiff report {report!r}")
            for item in items:
                records.append(
                    RawChange(
                        tuple(item.path(output_format="list")),
                        None if item.t1 is notpresent else _freeze(item.t1),
                        None if item.t2 is notpresent else _freeze(item.t2),
                        kind,
                    )
                )
        delta = Delta(found, bidirectional=True)
        rows = [_row(r) for r in delta.to_flat_dicts(report_type_changes=False)]
    order = _DocumentOrder(old, new)
    records.sort(key=lambda r: (order.key(r.path), len(r.path), _KIND_ORDER[r.kind], repr(r.path)))
    # The rows hold only what the canonical forms hold (JSON values), paths and action names.
    return tuple(records), {"format": PATCH_FORMAT, "delta": rows, "order": orders}


def apply_patch(memo: Memorandum, patch: Mapping[str, Any]) -> Memorandum:
    """Apply a patch made by [`ChangeSet.patch`][negpos.ChangeSet.patch] to a memorandum.

    The patch checks, as it goes, that every value it replaces or removes is the value it
    was made from, so applying it to another memorandum fails instead of producing a
    mixture.

    Args:
        memo: The memorandum the patch was made from (its earlier document).
        patch: The patch, as made or after a round trip through JSON.

    Returns:
        The later memorandum, exactly.

    Raises:
        InputError: The patch is malformed, or does not fit ``memo``.

    Examples:
        >>> import negpos
        >>> truce = negpos.Position(issue="truce", stance=negpos.BooleanStance(accepts=(True,)))
        >>> a = negpos.Memorandum(party="ua", positions=(truce,))
        >>> b = negpos.Memorandum(party="ua", title="Roadmap")
        >>> _, patch = raw_diff(a, b)
        >>> apply_patch(a, patch) == b
        True
    """
    if not isinstance(patch, Mapping) or patch.get("format") != PATCH_FORMAT:
        raise InputError.single(f"a patch is a mapping with format {PATCH_FORMAT}")
    rows, orders = patch.get("delta"), patch.get("order")
    if not isinstance(rows, list) or not isinstance(orders, list):
        raise InputError.single("a patch needs a 'delta' list and an 'order' list")
    data: Any = canonical(memo)
    if rows:
        from deepdiff import Delta

        try:
            delta = Delta(
                flat_dict_list=copy.deepcopy(rows),
                bidirectional=True,
                raise_errors=True,
                log_errors=False,
            )
            data = delta + data
        except Exception as exc:  # DeepDiff raises several kinds on a foreign or bad patch
            raise InputError.single(
                f"the patch does not apply to this memorandum: {exc}", field="delta"
            ) from None
    for k, entry in enumerate(orders):
        data = _reorder(data, entry, f"order[{k}]")
    return from_canonical(data)


def _reorder(data: Any, entry: Any, where: str) -> Any:
    if not isinstance(entry, Mapping) or not isinstance(entry.get("path"), list):
        raise InputError.single("an order entry needs a 'path' and 'keys'", field=where)
    *parents, last = entry["path"] or [None]
    node = data
    for step in parents:
        node = _child(node, step)
    keys = entry.get("keys")
    target = _child(node, last) if last is not None else None
    if not isinstance(target, dict) or not isinstance(keys, list) or set(keys) != set(target):
        raise InputError.single("the order does not fit the patched memorandum", field=where)
    node[last] = {k: target[k] for k in keys}
    return data
