"""The canonical keyed form of a memorandum, and its fingerprint.

The raw difference ([`raw_diff`][negpos._analysis.rawdiff.raw_diff]) and patches
([`apply_patch`][negpos.apply_patch]) work on a memorandum written as JSON data in which each
list of identifiable things is a mapping keyed by id: positions by issue id, groups of
alternatives by group id, a group's options by option id and an option's positions by issue
id. Keyed that way, inserting a position is one addition instead of a shift of every later
position, and a path such as ``positions/territory.recognition/salience`` names the issue it
is about. Fields that are None are left out, so a missing value and an unset one are the same.

A fingerprint identifies a memorandum by its content: the SHA-256 of its plain JSON data
(lists in document order) written as compact JSON with sorted keys. Equal memoranda have equal
fingerprints, and the order of positions, groups and options is part of what is hashed.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from typing import Any

import pydantic

from negpos._errors import InputError, Problem
from negpos._model.base import validate_raw
from negpos._model.documents import Memorandum

__all__ = ["canonical", "dump", "fingerprint", "fingerprint_of", "from_canonical", "keyed"]


def dump(memo: Memorandum) -> dict[str, Any]:
    """A memorandum as plain JSON data, lists in document order, None values left out.

    A position's ``readings`` are left out too when it has none, so that a memorandum written
    before the format had readings keeps its fingerprint (and its saved patches apply).
    """
    data: dict[str, Any] = memo.model_dump(mode="json", exclude_none=True)
    _unread(data["positions"])
    for group in data["alternatives"]:
        for option in group["options"]:
            _unread(option["positions"])
    return data


def _unread(positions: list[dict[str, Any]]) -> None:
    for position in positions:
        if not position.get("readings", True):
            del position["readings"]


def _by(items: Sequence[dict[str, Any]], key: str) -> dict[str, Any]:
    return {item[key]: item for item in items}


def keyed(data: Mapping[str, Any]) -> dict[str, Any]:
    """The canonical keyed form of a memorandum's plain data (see `dump`).

    Only the collections are rebuilt; every other value is shared with ``data``.
    """
    out = dict(data)
    out["positions"] = _by(data["positions"], "issue")
    groups = []
    for group in data["alternatives"]:
        options = [
            {**option, "positions": _by(option["positions"], "issue")}
            for option in group["options"]
        ]
        groups.append({**group, "options": _by(options, "id")})
    out["alternatives"] = _by(groups, "id")
    return out


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
    return keyed(dump(memo))


def fingerprint_of(data: Mapping[str, Any]) -> str:
    """The fingerprint of a memorandum's plain data (see `dump` and `fingerprint`)."""
    text = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


def fingerprint(memo: Memorandum) -> str:
    """The content fingerprint of a memorandum.

    The SHA-256 of the memorandum's JSON data with None values left out
    (``memo.model_dump(mode="json", exclude_none=True)``), written with sorted keys, no spaces
    and text as UTF-8 (``json.dumps(data, sort_keys=True, separators=(",", ":"),
    ensure_ascii=False)``), as ``"sha256:"`` followed by 64 hexadecimal digits. Equal
    memoranda have equal fingerprints; any difference, the order of positions included, gives
    another.

    Examples:
        >>> import negpos
        >>> memo = negpos.Memorandum(party="ua")
        >>> fingerprint(memo) == fingerprint(negpos.Memorandum(party="ua"))
        True
        >>> fingerprint(memo) == fingerprint(negpos.Memorandum(party="ru"))
        False
    """
    return fingerprint_of(dump(memo))


def from_canonical(data: Mapping[str, Any]) -> Memorandum:
    """Build the memorandum a canonical keyed form describes (the inverse of `canonical`).

    Args:
        data: A canonical keyed form.

    Returns:
        The memorandum, validated.

    Raises:
        InputError: The data does not describe a valid memorandum.
    """
    plain: dict[str, Any] = {}
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
