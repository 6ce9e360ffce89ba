"""Patches between memoranda: JSON Patch in an envelope that names both documents.

A patch turns one memorandum into another. [`ChangeSet.patch`][negpos.ChangeSet.patch] makes
one, [`apply_patch`][negpos.apply_patch] applies it, and it is plain JSON data so that it can
be stored or sent. It is an object of five members:

- ``format``: the version of this layout, ``2`` (`PATCH_FORMAT`);
- ``from``: the fingerprint of the memorandum the patch was made from
  (see ``negpos._analysis.canonical.fingerprint``);
- ``to``: the fingerprint of the memorandum it makes;
- ``operations``: RFC 6902 JSON Patch operations (``add``, ``remove``, ``replace`` and
  ``test``) over the canonical keyed form, in which positions, groups and options are objects
  keyed by id, so that a path such as ``/positions/ceasefire.scope/salience`` names its
  issue. Keys are written as JSON Pointer tokens (RFC 6901: ``~`` as ``~0``, ``/`` as
  ``~1``). Every ``remove`` and ``replace`` follows a ``test`` of the value it takes away, so
  the operations can be read (or reversed) without the earlier document, and a JSON Patch
  tool applying them alone stops at a document that holds other values where they change it;
- ``order``: the key order of each keyed collection that the operations would leave in
  another order (JSON objects have none, a memorandum's positions do): ``{"path": pointer,
  "keys": [...]}``, applied after the operations.

Why an envelope around plain JSON Patch: the fingerprints make the check cheap and complete.
Tests of the values a patch takes away catch most foreign documents, but not a patch that only
adds (it fits any document lacking those keys), and they say nothing about the parts of the
document the patch does not touch. Comparing fingerprints refuses every document but the one
the patch was made from, with one clear error, and checking ``to`` after applying refuses a
patch that was altered on the way.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any, Final

from negpos._analysis.canonical import dump, fingerprint_of, from_canonical, keyed
from negpos._errors import InputError
from negpos._model.documents import Memorandum

__all__ = ["PATCH_FORMAT", "apply_patch", "make_patch", "pointer_token"]

#: The version of the patch layout that [`apply_patch`][negpos.apply_patch] reads. 1: DeepDiff
#: delta rows, no fingerprints (negpos 0.1); 2: JSON Patch with fingerprints.
PATCH_FORMAT: Final = 2

_OPERATIONS: Final = ("add", "remove", "replace", "test")


def pointer_token(key: str) -> str:
    """A mapping key written as one JSON Pointer token (RFC 6901).

    Examples:
        >>> pointer_token("a/b~c")
        'a~1b~0c'
    """
    return key.replace("~", "~0").replace("/", "~1")


def _unescape(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


def make_patch(
    source: str, target: str, operations: list[dict[str, Any]], orders: list[dict[str, Any]]
) -> dict[str, Any]:
    """The envelope of a patch: format, both fingerprints, operations and key orders."""
    return {
        "format": PATCH_FORMAT,
        "from": source,
        "to": target,
        "operations": operations,
        "order": orders,
    }


def _short(fingerprint: str) -> str:
    return fingerprint[:19] + "…" if len(fingerprint) > 20 else fingerprint


def _envelope(patch: Any) -> tuple[str, str, list[Any], list[Any]]:
    """The checked parts of a patch: from, to, operations and orders (copied)."""
    if not isinstance(patch, Mapping):
        raise InputError.single("a patch is a JSON object with a 'format'")
    version = patch.get("format")
    if version == 1:
        raise InputError.single(
            "this patch has format 1 (negpos 0.1), which does not say which memorandum it "
            "was made from; make it again with this negpos",
            field="format",
        )
    if version != PATCH_FORMAT:
        raise InputError.single(
            f"unknown patch format {version!r}; this negpos reads format {PATCH_FORMAT}",
            field="format",
        )
    for name in ("from", "to"):
        if not isinstance(patch.get(name), str):
            raise InputError.single("a patch names a memorandum by fingerprint", field=name)
    try:
        # One copy through JSON text: checks that the parts are JSON data (no NaN, no sets)
        # and keeps applying the patch from changing the caller's objects.
        operations, orders = json.loads(
            json.dumps([patch.get("operations"), patch.get("order")], allow_nan=False)
        )
    except (TypeError, ValueError) as exc:
        raise InputError.single(f"a patch is JSON data: {exc}") from None
    if not isinstance(operations, list):
        raise InputError.single("a patch holds a list of operations", field="operations")
    if not isinstance(orders, list):
        raise InputError.single("a patch holds a list of key orders", field="order")
    return patch["from"], patch["to"], operations, orders


def apply_patch(memo: Memorandum, patch: Mapping[str, Any]) -> Memorandum:
    """Apply a patch made by [`ChangeSet.patch`][negpos.ChangeSet.patch] to a memorandum.

    The patch names the memorandum it was made from by fingerprint, and any other is
    refused, even one that the operations would fit. After applying, the result is checked
    against the fingerprint of the memorandum the patch was made to produce, so a patch
    altered on the way is refused too.

    Args:
        memo: The memorandum the patch was made from (its earlier document).
        patch: The patch, as made or after a round trip through JSON.

    Returns:
        The later memorandum, exactly.

    Raises:
        InputError: The patch was made from another memorandum, is malformed or of another
            format, or has been altered.

    Examples:
        >>> import negpos
        >>> from negpos._analysis.rawdiff import raw_diff
        >>> truce = negpos.Position(issue="truce", stance=negpos.BooleanStance(accepts=(True,)))
        >>> a = negpos.Memorandum(party="ua", positions=(truce,))
        >>> b = negpos.Memorandum(party="ua", title="Roadmap")
        >>> _, patch = raw_diff(a, b)
        >>> apply_patch(a, patch) == b
        True
        >>> apply_patch(b, patch)  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        negpos._errors.InputError: from: the patch was made from another memorandum ...
    """
    source, target, operations, orders = _envelope(patch)
    data = dump(memo)
    found = fingerprint_of(data)
    if found != source:
        raise InputError.single(
            f"the patch was made from another memorandum ({_short(source)}), not from this "
            f"one ({_short(found)})",
            field="from",
        )
    document: Any = keyed(data)
    for k, operation in enumerate(operations):
        document = _apply(document, operation, f"operations[{k}]")
    for k, entry in enumerate(orders):
        _reorder(document, entry, f"order[{k}]")
    result = from_canonical(document)
    if fingerprint_of(dump(result)) != target:
        raise InputError.single(
            "the patch does not make the memorandum it names: it has been altered",
            field="to",
        )
    return result


def _pointer(path: Any, where: str) -> list[str]:
    if not isinstance(path, str) or (path and not path.startswith("/")):
        raise InputError.single("a path is a JSON Pointer such as '/positions/x'", field=where)
    return [_unescape(token) for token in path.split("/")[1:]]


def _index(token: str, size: int, *, append: bool, where: str) -> int:
    if append and token == "-":
        return size
    if not token.isdigit() or (token != "0" and token.startswith("0")) or not token.isascii():
        raise InputError.single(f"{token!r} is not a list index", field=where)
    index = int(token)
    if index > size or (index == size and not append):
        raise InputError.single(f"index {index} is past the end of the list", field=where)
    return index


def _json_equal(a: Any, b: Any) -> bool:
    """Equal as JSON (RFC 6902's ``test``): numbers by value, but a boolean is no number."""
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_json_equal(v, b[k]) for k, v in a.items())
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_json_equal(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, int | float) and isinstance(b, int | float):
        return a == b
    return type(a) is type(b) and a == b


def _apply(document: Any, operation: Any, where: str) -> Any:
    """``document`` after one operation (changed in place where it can be)."""
    if not isinstance(operation, Mapping):
        raise InputError.single("an operation is a JSON object", field=where)
    name = operation.get("op")
    if name not in _OPERATIONS:
        raise InputError.single(
            f"operation {name!r} is not one negpos patches use ({', '.join(_OPERATIONS)})",
            field=where,
        )
    if name != "remove" and "value" not in operation:
        raise InputError.single(f"a {name!r} operation needs a 'value'", field=where)
    tokens = _pointer(operation.get("path"), where)
    path = str(operation["path"])
    value = operation.get("value")
    if not tokens:
        return _whole(document, name, value, where)
    parent = document
    for token in tokens[:-1]:
        parent = _child(parent, token, where, path)
    last = tokens[-1]
    if isinstance(parent, dict):
        if name == "add":
            parent[last] = value
            return document
        if last not in parent:
            raise InputError.single(f"the memorandum has nothing at {path}", field=where)
        _act(parent, last, name, value, where, path)
    elif isinstance(parent, list):
        index = _index(last, len(parent), append=name == "add", where=where)
        if name == "add":
            parent.insert(index, value)
            return document
        _act(parent, index, name, value, where, path)
    else:
        raise InputError.single(f"the memorandum has nothing at {path}", field=where)
    return document


def _act(parent: Any, key: Any, name: str, value: Any, where: str, path: str) -> None:
    if name == "test":
        if not _json_equal(parent[key], value):
            raise InputError.single(
                f"the memorandum holds another value at {path} than the patch expects",
                field=where,
            )
    elif name == "remove":
        del parent[key]
    else:
        parent[key] = value


def _whole(document: Any, name: str, value: Any, where: str) -> Any:
    # The empty pointer is the whole document; negpos patches never use it, but JSON Patch
    # allows it and it applies as the RFC says.
    if name == "test":
        if not _json_equal(document, value):
            raise InputError.single("the memorandum is not the one the patch expects", field=where)
        return document
    if name == "remove":
        raise InputError.single("a patch cannot remove the whole memorandum", field=where)
    return value


def _child(node: Any, token: str, where: str, path: str) -> Any:
    if isinstance(node, dict) and token in node:
        return node[token]
    if isinstance(node, list):
        return node[_index(token, len(node), append=False, where=where)]
    raise InputError.single(f"the memorandum has nothing at {path}", field=where)


def _reorder(document: Any, entry: Any, where: str) -> None:
    if not isinstance(entry, Mapping) or not isinstance(entry.get("keys"), Sequence):
        raise InputError.single("a key order needs a 'path' and 'keys'", field=where)
    path = entry.get("path")
    tokens = _pointer(path, where)
    if not tokens:
        raise InputError.single("a key order names a collection, not the memorandum", field=where)
    parent = document
    for token in tokens[:-1]:
        parent = _child(parent, token, where, str(path))
    target = _child(parent, tokens[-1], where, str(path))
    keys = list(entry["keys"])
    if (
        not isinstance(parent, dict)
        or not isinstance(target, dict)
        or not all(isinstance(k, str) for k in keys)
        or len(keys) != len(target)
        or set(keys) != set(target)
    ):
        raise InputError.single(f"the key order does not fit the collection at {path}", field=where)
    parent[tokens[-1]] = {k: target[k] for k in keys}
