"""The sheets of the table format, their columns, and how each cell is read.

Each column has a reader that turns a cell (text, a number, a date) into the data of the
document, or raises ``_BadCellError`` with a message that says what it found and what it
expected. ``COLUMNS`` and ``SHEETS`` give the order negpos writes them in.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable
from typing import Any, Final

from negpos._errors import excerpt
from negpos._io.problems import collector_paused
from negpos._io.sheets import Cell, format_number
from negpos._io.strict_json import read_json
from negpos._io.strict_yaml import YamlError, read_yaml

__all__ = ["COLUMNS", "SHEETS", "Reader"]


class _BadCellError(Exception):
    """A cell that cannot be read; the message says why."""


_NUMBER: Final = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


def _what(value: Cell) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return f"the number {format_number(float(value))}"
    if isinstance(value, (dt.date, dt.datetime, dt.time, dt.timedelta)):
        return f"a date or time ({value})"
    return f"the text {excerpt(value)}"


def _text(value: Cell) -> str:
    if not isinstance(value, str):
        raise _BadCellError(f"expected text, found {_what(value)}; format the cell as text")
    return value


def _number(value: Cell) -> float:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        number = float(value)
    elif isinstance(value, str):
        text = value.strip()
        if not _NUMBER.fullmatch(text):
            hint = ""
            if re.fullmatch(r"[+-]?[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?", text):
                hint = "; write numbers without thousands separators"
            elif re.fullmatch(r"[+-]?[0-9]+,[0-9]+", text):
                hint = "; write the decimal point as a dot"
            raise _BadCellError(f"expected a number, found {excerpt(value)}{hint}")
        number = float(text)
    else:
        raise _BadCellError(f"expected a number, found {_what(value)}")
    if not math.isfinite(number):
        raise _BadCellError(f"{excerpt(value)} is too large for a number negpos computes with")
    return number


def _date(value: Cell) -> Any:
    if isinstance(value, dt.datetime):
        if value.time() != dt.time():
            raise _BadCellError(f"expected a date, found a date and time ({value})")
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return _text(value)


def _yaml(value: Cell) -> Any:
    """A cell in YAML or JSON.

    JSON (which negpos writes) is read as JSON, since YAML refuses some characters that
    JSON holds as they are; anything else is read as YAML.
    """
    text = _text(value)
    try:
        with collector_paused():
            return read_json(text)
    except YamlError:
        pass
    try:
        with collector_paused():
            return read_yaml(text)
    except YamlError as exc:
        raise _BadCellError(f"not a YAML or JSON value: {exc.message}") from None


def _yaml_list(value: Cell) -> Any:
    data = _yaml(value)
    if not isinstance(data, list):
        raise _BadCellError("expected a list in YAML or JSON, such as [{...}, {...}]")
    return data


def _list(value: Cell) -> Any:
    text = _text(value)
    if text.lstrip().startswith("["):
        return _yaml_list(text)
    return text.split()


def _range(value: Cell) -> Any:
    text = _text(value)
    if text.lstrip().startswith("["):
        return _yaml_list(text)
    low, sep, high = text.partition("..")
    if not sep:
        raise _BadCellError(f"expected a range such as 0.4..0.8, found {excerpt(text)}")
    return [_number(low), _number(high)]


Reader = Callable[[Cell], Any]

# Each sheet's columns, in the order they are written, with how each cell is read.
_SHEET_COLUMNS: Final[dict[str, dict[str, Reader]]] = {
    "negotiation": {"title": _text, "description": _text, "note": _text, "sources": _list},
    "parties": {"id": _text, "name": _text, "role": _text, "note": _text},
    "issues": {
        "id": _text,
        "kind": _text,
        "title": _text,
        "category": _text,
        "description": _text,
        "note": _text,
        "options": _list,
        "distances": _yaml_list,
        "levels": _list,
        "unit": _text,
        "bounds": _range,
        "scale": _text,
        "items": _list,
        "steps": _list,
    },
    "rounds": {
        "id": _text,
        "date": _date,
        "label": _text,
        "venue": _text,
        "agreed": _yaml_list,
        "sources": _list,
        "note": _text,
    },
    "memoranda": {
        "round": _text,
        "party": _text,
        "title": _text,
        "date": _date,
        "alternatives": _yaml_list,
        "withdrawn": _list,
        "sources": _list,
        "note": _text,
    },
    "positions": {
        "round": _text,
        "party": _text,
        "issue": _text,
        "stance": _text,  # read by the kind (parse_stance)
        "preferred": _text,  # read by the kind
        "salience": _number,
        "firmness": _text,
        "salience_range": _range,
        "conditions": _yaml_list,
        "links": _list,
        "readings": _yaml_list,
        "sources": _list,
        "note": _text,
    },
}

#: The columns of each table, in the order negpos writes them.
COLUMNS: Final[dict[str, tuple[str, ...]]] = {k: tuple(v) for k, v in _SHEET_COLUMNS.items()}

#: The sheets of a workbook, in order; ``memoranda``, ``issues`` and ``rounds`` may be left out.
SHEETS: Final = tuple(COLUMNS)

_REQUIRED: Final[dict[str, tuple[str, ...]]] = {
    "negotiation": ("title",),
    "parties": ("id", "name"),
    "issues": ("id", "kind", "title"),
    "rounds": ("id", "date"),
    "memoranda": ("round", "party"),
    "positions": ("round", "party", "issue", "stance"),
}
_REQUIRED_SHEETS: Final = ("negotiation", "parties", "positions")
