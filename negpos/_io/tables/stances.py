"""Stances in the compact syntax of the table format, per issue kind, read and written.

``yes|no``; ``opt1|opt2``; ``low..high`` or one level; ``>=30``, ``<=90``, ``30..90``,
``30`` or ``any``; ``+item -item``; ``a<b, b<c``; free text. ``parse_stance`` reads a cell
(and ``_preferred`` the preferred outcome beside it), ``format_stance`` writes one.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any, Final

from negpos._errors import excerpt
from negpos._io.sheets import Cell, format_number
from negpos._io.tables.cells import _BadCellError, _number, _text, _yaml
from negpos._model.issues import Issue, Kind
from negpos._model.stances import (
    BooleanStance,
    CategoricalStance,
    NumericStance,
    OrdinalStance,
    SequenceStance,
    SetStance,
    Stance,
    TextStance,
)

__all__ = ["format_stance", "parse_stance"]


_ANY: Final = "any"
_YES_NO: Final = {"yes": True, "no": False}


def _slug_list(text: str, sep: str, what: str) -> list[str]:
    parts = [p.strip() for p in text.split(sep)]
    if any(not p for p in parts):
        raise _BadCellError(f"an empty {what} in {excerpt(text)}")
    return parts


def parse_stance(issue: Issue, value: Cell) -> dict[str, Any]:
    """A stance written in a cell, as the data of a stance on ``issue``.

    The syntax depends on the issue's kind; a cell starting with ``{`` holds the stance as
    a YAML or JSON mapping instead (its ``kind`` may be left out). Whether the ids and
    numbers fit the issue is checked when the negotiation is built.

    Raises:
        _BadCellError: The cell does not follow the syntax.

    Examples:
        >>> from negpos import NumericIssue, SetIssue
        >>> years = NumericIssue(id="years", title="Years", unit="years", bounds=(5, 60))
        >>> parse_stance(years, ">=30"), parse_stance(years, "20..25")
        ({'kind': 'numeric', 'min': 30.0}, {'kind': 'numeric', 'min': 20.0, 'max': 25.0})
        >>> berths = SetIssue(id="berths", title="Berths", items=("north", "south"))
        >>> parse_stance(berths, "+south -north")
        {'kind': 'set', 'requires': ['south'], 'forbids': ['north']}
    """
    kind = issue.kind
    if kind is Kind.TEXT:
        return {"kind": kind.value, "statement": _text(value)}
    if kind is Kind.NUMERIC and isinstance(value, (int, float)) and not isinstance(value, bool):
        number = _number(value)
        return {"kind": kind.value, "min": number, "max": number}
    text = _text(value).strip()
    if text.startswith("{"):
        data = _yaml(text)
        if not isinstance(data, dict):
            raise _BadCellError("expected a stance as a YAML or JSON mapping")
        return {"kind": kind.value, **data}
    if not text:
        raise _BadCellError("the stance is empty")
    return {"kind": kind.value, **_STANCE_READERS[kind](text)}


def _boolean(text: str) -> dict[str, Any]:
    answers = _slug_list(text, "|", "answer")
    if any(a not in _YES_NO for a in answers):
        raise _BadCellError(f"expected yes, no, yes|no or no|yes, found {excerpt(text)}")
    return {"accepts": [_YES_NO[a] for a in answers]}


def _categorical(text: str) -> dict[str, Any]:
    return {"accepts": _slug_list(text, "|", "option")}


def _ordinal(text: str) -> dict[str, Any]:
    if ".." in text:
        low, high = _slug_list(text, "..", "level") if text.count("..") == 1 else ("", "")
        if not low:
            raise _BadCellError(f"expected a level or a range low..high, found {excerpt(text)}")
        return {"lowest": low, "highest": high}
    return {"lowest": text, "highest": text}


def _numeric(text: str) -> dict[str, Any]:
    if text == _ANY:
        return {}
    if text.startswith((">=", "≥")):
        return {"min": _number(text.lstrip(">=≥"))}
    if text.startswith(("<=", "≤")):
        return {"max": _number(text.lstrip("<=≤"))}
    if text.startswith((">", "<")):
        raise _BadCellError(
            f"{excerpt(text)}: a stance includes its limits; write >= or <= (open ends: any)"
        )
    if ".." in text:
        low, _, high = text.partition("..")
        return {"min": _number(low), "max": _number(high)}
    number = _number(text[1:] if text.startswith("=") else text)
    return {"min": number, "max": number}


def _set(text: str) -> dict[str, Any]:
    if text == _ANY:
        return {}
    requires: list[str] = []
    forbids: list[str] = []
    for token in text.split():
        if token.startswith("+") and len(token) > 1:
            requires.append(token[1:])
        elif token.startswith("-") and len(token) > 1:
            forbids.append(token[1:])
        else:
            raise _BadCellError(
                f"{excerpt(token)}: write +item for an item required and -item for one "
                "forbidden, separated by spaces (nothing required or forbidden: any)"
            )
    return {"requires": requires, "forbids": forbids}


def _sequence(text: str) -> dict[str, Any]:
    if text == _ANY:
        return {}
    pairs: list[list[str]] = []
    for chain in text.split(","):
        steps = [s.strip() for s in chain.split("<")]
        if len(steps) < 2 or any(not s for s in steps):
            raise _BadCellError(
                f"{excerpt(chain.strip())}: write step<step, as in a<b, b<c or a<b<c "
                "(no constraint: any)"
            )
        pairs.extend([a, b] for a, b in itertools.pairwise(steps))
    return {"precedes": pairs}


_STANCE_READERS: Final[dict[Kind, Callable[[str], dict[str, Any]]]] = {
    Kind.BOOLEAN: _boolean,
    Kind.CATEGORICAL: _categorical,
    Kind.ORDINAL: _ordinal,
    Kind.NUMERIC: _numeric,
    Kind.SET: _set,
    Kind.SEQUENCE: _sequence,
}


def _preferred(issue: Issue, value: Cell) -> Any:
    kind = issue.kind
    if kind is Kind.NUMERIC:
        return _number(value)
    text = _text(value).strip()
    if kind is Kind.BOOLEAN:
        if text not in _YES_NO:
            raise _BadCellError(f"expected yes or no, found {excerpt(text)}")
        return _YES_NO[text]
    if kind in (Kind.CATEGORICAL, Kind.ORDINAL):
        return text
    raise _BadCellError(f"a {kind.value} stance has no preferred outcome; leave the cell empty")


def format_stance(stance: Stance) -> str:
    """A stance in the compact syntax of the table format.

    Examples:
        >>> from negpos import BooleanStance, NumericStance, SequenceStance
        >>> format_stance(NumericStance(min=30)), format_stance(NumericStance(min=5, max=5))
        ('>=30', '5')
        >>> format_stance(BooleanStance(accepts=(True, False)))
        'yes|no'
        >>> format_stance(SequenceStance(precedes=(("a", "b"), ("b", "c"))))
        'a<b, b<c'
    """
    if isinstance(stance, BooleanStance):
        return "|".join("yes" if a else "no" for a in stance.accepts)
    if isinstance(stance, CategoricalStance):
        return "|".join(stance.accepts)
    if isinstance(stance, OrdinalStance):
        if stance.lowest == stance.highest:
            return stance.lowest
        return f"{stance.lowest}..{stance.highest}"
    if isinstance(stance, NumericStance):
        low, high = stance.min, stance.max
        if low is None and high is None:
            return _ANY
        if low is not None and high is not None:
            if low == high:
                return format_number(low)
            return f"{format_number(low)}..{format_number(high)}"
        if low is not None:
            return f">={format_number(low)}"
        assert high is not None
        return f"<={format_number(high)}"
    if isinstance(stance, SetStance):
        words = [f"+{i}" for i in stance.requires] + [f"-{i}" for i in stance.forbids]
        return " ".join(words) or _ANY
    if isinstance(stance, SequenceStance):
        return ", ".join(f"{a}<{b}" for a, b in stance.precedes) or _ANY
    assert isinstance(stance, TextStance)
    return stance.statement


def _format_preferred(stance: Stance) -> Cell:
    preferred = getattr(stance, "preferred", None)
    if isinstance(preferred, bool):
        return "yes" if preferred else "no"
    return preferred if isinstance(preferred, (str, float)) else None
