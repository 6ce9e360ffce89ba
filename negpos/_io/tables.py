"""Positions in spreadsheets: a negotiation read from CSV or XLSX, and written back.

The table format holds one row per party, issue and round in a ``positions`` table, its stance
written in a compact syntax per issue kind (see [`load_table`][negpos.load_table] and
``docs/howto/spreadsheets.md``). The agenda (the title, parties, issues and rounds) comes from
sheets of the same XLSX workbook, or from a negotiation file or dataset folder given beside
the table. What is read is validated as a loaded file is, and every problem names the file,
the sheet, the row and the column.

[`dump_table`][negpos.dump_table] writes the same format, so that writing a negotiation and
reading it back gives an equal negotiation.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import math
import os
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, Final

import pydantic

from negpos._errors import InputError, Problem, UsageError, check_argument, excerpt
from negpos._io.files import DEFAULT_MAX_BYTES, LIBRARY_LIMIT, Limit, check_limit
from negpos._io.problems import collector_paused
from negpos._io.sheets import (
    Cell,
    Row,
    Sheet,
    format_number,
    read_csv,
    read_xlsx,
    table_kind,
    where,
    write_csv,
    write_xlsx,
)
from negpos._io.strict_json import read_json
from negpos._io.strict_yaml import YamlError, read_yaml
from negpos._model.base import FORMAT_VERSION, validate_raw
from negpos._model.issues import Issue, Kind
from negpos._model.negotiation import Negotiation
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
from negpos._model.translate import path_text, problems_of

__all__ = [
    "COLUMNS",
    "SHEETS",
    "dump_table",
    "format_stance",
    "load_table",
    "load_table_path",
    "parse_stance",
    "table_rows",
]


class _BadCellError(Exception):
    """A cell that cannot be read; the message says why."""


# --- reading cells ----------------------------------------------------------------------------

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
        "stance": _text,  # read by the issue's kind (parse_stance)
        "preferred": _text,  # read by the issue's kind
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


# --- stances --------------------------------------------------------------------------------

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


# --- reading a table ------------------------------------------------------------------------


def load_table(
    path: str | os.PathLike[str],
    *,
    agenda: str | os.PathLike[str] | Negotiation | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Negotiation:
    r"""Read a negotiation from a CSV file or an XLSX workbook of positions.

    The ``positions`` table has one row per party, issue and round, with the columns
    ``round``, ``party``, ``issue`` and ``stance`` (required) and ``preferred``,
    ``salience``, ``firmness``, ``salience_range``, ``conditions``, ``links``, ``readings``,
    ``sources`` and ``note``. The stance is written in a compact syntax for its issue's kind:
    ``yes``, ``no`` or ``yes|no``; ``opt1|opt2``; ``low..high`` or one level; ``>=30``,
    ``<=90``, ``30..90``, ``30`` or ``any``; ``+item -item``; ``a<b, b<c``; free text.

    The agenda (title, parties, issues and rounds) comes from ``agenda``, a negotiation file,
    a dataset folder or a [`Negotiation`][negpos.Negotiation], or, for a workbook without
    it, from the workbook's sheets ``negotiation``, ``parties``, ``issues``, ``rounds`` and
    (optionally) ``memoranda``. The table holds every position: positions of the agenda are
    replaced, while everything else (its memoranda's titles, sources, alternatives) stays.

    Args:
        path: A ``.csv`` file or an ``.xlsx`` workbook.
        agenda: Where the parties, issues and rounds come from; required for a CSV file.
        max_bytes: The largest file read, in bytes.

    Returns:
        The negotiation, validated as a loaded file is.

    Raises:
        InputError: A file cannot be read, or a cell, a row or the whole is wrong; every
            problem names the file, the sheet, the row and the column.
        UsageError: The path is neither ``.csv`` nor ``.xlsx``, or a CSV file comes
            without an agenda.
        NegposError: An XLSX file is read without openpyxl installed.

    Examples:
        >>> import negpos, tempfile
        >>> from pathlib import Path
        >>> folder = Path(tempfile.mkdtemp())
        >>> _ = (folder / "talks.yaml").write_text(
        ...     "format: 1\ntitle: Port talks\nparties: [{id: city, name: City}]\n"
        ...     "issues: [{id: years, kind: numeric, title: Years, unit: years,"
        ...     " bounds: [5, 60]}]\nrounds: [{id: r1, date: 2025-03-04}]\n")
        >>> table = folder / "positions.csv"
        >>> _ = table.write_text("round,party,issue,stance\nr1,city,years,<=25\n")
        >>> neg = negpos.load_table(table, agenda=folder / "talks.yaml")
        >>> neg.round("r1").memorandum("city").positions[0].stance
        NumericStance(kind=<Kind.NUMERIC: 'numeric'>, min=None, max=25.0, preferred=None)
    """
    return load_table_path(path, agenda, Limit(check_limit(max_bytes), LIBRARY_LIMIT.raise_with))


def load_table_path(
    path: str | os.PathLike[str],
    agenda: str | os.PathLike[str] | Negotiation | None,
    limit: Limit,
) -> Negotiation:
    """[`load_table`][negpos.load_table] under a size limit that names how to raise it."""
    check_argument(path, (str, os.PathLike), "a path (text or a pathlib.Path)")
    check_argument(
        agenda, (str, os.PathLike, Negotiation, type(None)), "an agenda (a path or a Negotiation)"
    )
    p = Path(path)
    kind = table_kind(p)
    base: Negotiation | None
    if isinstance(agenda, Negotiation) or agenda is None:
        base = agenda
    else:
        from negpos._io.reading import load_path

        base = load_path(agenda, limit)
    if kind == "csv":
        if base is None:
            raise UsageError(
                f"{p}: a CSV file holds positions only; give the parties, issues and rounds "
                "with an agenda (a negotiation file or dataset folder)"
            )
        return _assemble(base.to_dict(), {}, read_csv(p, limit, COLUMNS["positions"]), str(p))
    known: dict[str, Sequence[str]] = dict(COLUMNS)
    if base is not None:
        known = {"positions": COLUMNS["positions"]}
    sheets = read_xlsx(p, limit, known)
    name = str(p)
    missing = [s for s in (_REQUIRED_SHEETS if base is None else ("positions",)) if s not in sheets]
    if missing:
        raise InputError(
            Problem(f"the workbook has no sheet {s!r}", field=where(s), file=name) for s in missing
        )
    if base is not None:
        return _assemble(base.to_dict(), {}, sheets["positions"], name)
    head, origins, problems = _agenda_of(sheets, name)
    return _assemble(head, origins, sheets["positions"], name, problems)


Origin = tuple[Sheet, int, str | None]
"""Where a part of the document came from: the sheet, the row, and the column when known."""


def _cells(sheet: Sheet, row: Row, problems: list[Problem]) -> dict[str, Any]:
    """A row of an agenda sheet as data, each cell read by its column's reader."""
    kind = sheet.name or "positions"
    readers = _SHEET_COLUMNS[kind]
    out: dict[str, Any] = {}
    for column, value in row.cells.items():
        try:
            out[column] = readers[column](value)
        except _BadCellError as exc:
            problems.append(sheet.problem(str(exc), row.number, column))
    for column in _REQUIRED[kind]:
        if column not in row.cells:
            problems.append(sheet.problem(f"the {column} is missing", row.number, column))
    return out


def _agenda_of(
    sheets: Mapping[str, Sheet], name: str
) -> tuple[dict[str, Any], dict[tuple[Any, ...], Origin], list[Problem]]:
    """The agenda a workbook's sheets hold, and where each of its parts came from.

    The problems of its cells come third, to be reported with those of the positions.
    """
    problems: list[Problem] = []
    origins: dict[tuple[Any, ...], Origin] = {}
    for sheet in sheets.values():
        kind = sheet.name or ""
        for column in _REQUIRED[kind]:
            if column not in sheet.columns:
                problems.append(sheet.problem(f"the column {column!r} is missing", 1))
    if problems:
        raise InputError(problems)
    head_sheet = sheets["negotiation"]
    if len(head_sheet.rows) != 1:
        raise InputError(
            [
                head_sheet.problem(
                    "the negotiation sheet holds one row below its header, with the title; "
                    f"it holds {len(head_sheet.rows)}"
                )
            ]
        )
    head_row = head_sheet.rows[0]
    head: dict[str, Any] = {"format": FORMAT_VERSION, **_cells(head_sheet, head_row, problems)}
    for column in head_row.cells:
        origins[(column,)] = (head_sheet, head_row.number, column)
    for kind in ("parties", "issues", "rounds"):
        part = sheets.get(kind)
        if part is None:
            continue
        entries = []
        for k, row in enumerate(part.rows):
            entries.append(_cells(part, row, problems))
            origins[(kind, k)] = (part, row.number, None)
        head[kind] = entries
    rounds: list[dict[str, Any]] = head.get("rounds", [])
    by_id = {r.get("id"): r for r in rounds}
    memo_sheet = sheets.get("memoranda")
    seen: dict[tuple[Any, Any], int] = {}
    for row in () if memo_sheet is None else memo_sheet.rows:
        assert memo_sheet is not None
        memo = _cells(memo_sheet, row, problems)
        rid, party = memo.get("round"), memo.get("party")
        if rid is None or party is None:
            continue
        target = by_id.get(rid)
        if target is None:
            problems.append(memo_sheet.problem(_no_round(rid, by_id), row.number, "round"))
            continue
        if (rid, party) in seen:
            problems.append(
                memo_sheet.problem(
                    f"the memorandum of {excerpt(party)} in round {excerpt(rid)} is given "
                    f"in row {seen[(rid, party)]} already",
                    row.number,
                    "party",
                )
            )
            continue
        seen[(rid, party)] = row.number
        memoranda = target.setdefault("memoranda", [])
        memo = {k: v for k, v in memo.items() if k != "round"}
        origins[("rounds", rounds.index(target), "memoranda", len(memoranda))] = (
            memo_sheet,
            row.number,
            None,
        )
        memoranda.append(memo)
    return head, origins, problems


def _no_round(rid: Any, rounds: Mapping[Any, Any]) -> str:
    known = ", ".join(str(r) for r in rounds if isinstance(r, str)) or "none"
    return f"no round {excerpt(rid)} in the agenda (rounds: {known})"


def _assemble(
    head: dict[str, Any],
    origins: dict[tuple[Any, ...], Origin],
    sheet: Sheet,
    name: str,
    earlier: Sequence[Problem] = (),
) -> Negotiation:
    """The negotiation the agenda and the positions table make together.

    ``earlier`` are the problems found in the agenda's sheets, reported with the others.
    """
    problems: list[Problem] = list(earlier)
    missing = [c for c in _REQUIRED["positions"] if c not in sheet.columns]
    if missing:
        raise InputError(
            [*problems, *(sheet.problem(f"the column {c!r} is missing", 1) for c in missing)]
        )
    issues = _issues_of(head)
    parties = {p.get("id") for p in head.get("parties", []) if isinstance(p, dict)}
    rounds: list[dict[str, Any]] = [r for r in head.get("rounds", []) if isinstance(r, dict)]
    by_round = {r.get("id"): (k, r) for k, r in enumerate(rounds)}
    memo_index: dict[tuple[Any, Any], int] = {}
    for r in rounds:
        r["memoranda"] = [{**m, "positions": []} for m in r.get("memoranda", [])]
        for j, m in enumerate(r["memoranda"]):
            memo_index[(r.get("id"), m.get("party"))] = j
    seen: dict[tuple[str, str, str], int] = {}
    for row in sheet.rows:
        cells = row.cells
        bad = len(problems)
        keys: dict[str, str] = {}
        for column in ("round", "party", "issue"):
            value = cells.get(column)
            if value is None:
                problems.append(sheet.problem(f"the {column} is missing", row.number, column))
            elif not isinstance(value, str):
                problems.append(
                    sheet.problem(f"expected an id, found {_what(value)}", row.number, column)
                )
            else:
                keys[column] = value
        if "stance" not in cells:
            problems.append(sheet.problem("the stance is missing", row.number, "stance"))
        if len(keys) < 3:
            continue
        rid, party, iid = keys["round"], keys["party"], keys["issue"]
        if rid not in by_round:
            problems.append(sheet.problem(_no_round(rid, by_round), row.number, "round"))
        if party not in parties:
            known = ", ".join(sorted(str(p) for p in parties))
            problems.append(
                sheet.problem(f"no party {excerpt(party)} (parties: {known})", row.number, "party")
            )
        issue = issues.get(iid)
        if issue is None:
            problems.append(
                sheet.problem(f"no issue {excerpt(iid)} on the agenda", row.number, "issue")
            )
        key = (rid, party, iid)
        if key in seen:
            problems.append(
                sheet.problem(
                    f"{excerpt(party)} takes a position on {excerpt(iid)} in round "
                    f"{excerpt(rid)} in row {seen[key]} already",
                    row.number,
                    "issue",
                )
            )
        else:
            seen[key] = row.number
        position: dict[str, Any] = {"issue": iid}
        if issue is not None:
            position.update(_position_cells(sheet, row, issue, problems))
        if len(problems) > bad:
            continue
        round_index, target = by_round[rid]
        memoranda = target["memoranda"]
        known_memo = memo_index.get((rid, party))
        if known_memo is None:
            j = memo_index[(rid, party)] = len(memoranda)
            memoranda.append({"party": party, "positions": []})
            origins[("rounds", round_index, "memoranda", j)] = (sheet, row.number, None)
        else:
            j = known_memo
        positions = memoranda[j]["positions"]
        origins[("rounds", round_index, "memoranda", j, "positions", len(positions))] = (
            sheet,
            row.number,
            None,
        )
        positions.append(position)
    for r in rounds:
        if not r["memoranda"]:
            del r["memoranda"]
    # A cell reported already is not reported again for what validation makes of it.
    marked = {(p.file, p.field) for p in problems}
    found = [p for p in _validate(head, origins, name) if (p.file, p.field) not in marked]
    if problems or found:
        raise InputError(sorted([*problems, *found], key=_order))
    return validate_raw(Negotiation, head)


_ROW: Final = re.compile(r"^(?:sheet (?P<sheet>[^,]+), )?row (?P<row>[0-9]+)")


def _order(problem: Problem) -> tuple[int, int]:
    """Problems sheet by sheet, in the order of the workbook, and row by row within each."""
    match = _ROW.match(problem.field)
    if match is None:
        return (-1, 0)
    sheet = match.group("sheet") or "positions"
    rank = SHEETS.index(sheet) if sheet in SHEETS else -1
    return (rank, int(match.group("row")))


def _issues_of(head: Mapping[str, Any]) -> dict[str, Issue]:
    """The agenda's issues that are valid, by id (the others are reported by validation)."""
    from negpos._model.issues import AnyIssue

    adapter: pydantic.TypeAdapter[Issue] = pydantic.TypeAdapter(AnyIssue)
    out: dict[str, Issue] = {}
    for data in head.get("issues", []):
        try:
            issue = adapter.validate_python(data)
        except (pydantic.ValidationError, ValueError):
            continue
        out.setdefault(issue.id, issue)
    return out


def _position_cells(
    sheet: Sheet, row: Row, issue: Issue, problems: list[Problem]
) -> dict[str, Any]:
    out: dict[str, Any] = {}
    stance: dict[str, Any] | None = None
    for column, value in row.cells.items():
        if column in ("round", "party", "issue"):
            continue
        try:
            if column == "stance":
                stance = parse_stance(issue, value)
            elif column == "preferred":
                out["preferred"] = _preferred(issue, value)
            else:
                out[column] = _SHEET_COLUMNS["positions"][column](value)
        except _BadCellError as exc:
            problems.append(sheet.problem(str(exc), row.number, column))
    preferred = out.pop("preferred", None)
    if stance is not None:
        if preferred is not None:
            stance["preferred"] = preferred
        out = {"stance": stance, **out}
    return out


def _validate(
    head: dict[str, Any], origins: dict[tuple[Any, ...], Origin], name: str
) -> list[Problem]:
    """The problems of the assembled document, each placed at its sheet, row and column."""
    try:
        with collector_paused():
            validate_raw(Negotiation, head)
    except pydantic.ValidationError as exc:
        found = problems_of(exc, head)
    except InputError as exc:
        return list(exc.problems)
    else:
        return []
    return [_place(message, path, origins, name) for message, path in found]


_POSITION_COLUMNS: Final = frozenset(COLUMNS["positions"])


def _place(
    message: str, path: list[str | int], origins: dict[tuple[Any, ...], Origin], name: str
) -> Problem:
    """A problem of the document at the cell it came from, or at its field path."""
    for cut in range(len(path), 0, -1):
        origin = origins.get(tuple(path[:cut]))
        if origin is None:
            continue
        sheet, number, column = origin
        rest = path[cut:]
        if column is None and rest and isinstance(rest[0], str):
            column = rest[0]
            if (
                sheet.name in (None, "positions")
                and column == "stance"
                and rest[1:2] == ["preferred"]
            ):
                column = "preferred"
            rest = rest[1:]
            if sheet.name in (None, "positions") and column not in _POSITION_COLUMNS:
                column = None
        detail = f" (at {path_text(rest)})" if rest and column is not None else ""
        return sheet.problem(message + detail, number, column)
    return Problem(message, field=path_text(path), file=name)


# --- writing a table ------------------------------------------------------------------------


def _shorthand(value: Any) -> Any:
    """An element or a source written as its id or URL alone where that is all it holds."""
    if isinstance(value, dict) and len(value) == 1:
        only = next(iter(value))
        if only in ("id", "url"):
            return value[only]
    return value


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))


def _list_cell(values: Sequence[Any]) -> str:
    plain = [_shorthand(v) for v in values]
    if all(isinstance(v, str) and v and not re.search(r"\s", v) for v in plain) and not str(
        plain[0]
    ).startswith("["):
        return " ".join(plain)
    return _json(plain)


def _cell(reader: Reader, value: Any) -> Cell:
    if value is None:
        return None
    if reader is _list:
        return _list_cell(value)
    if reader is _yaml_list:
        return _json(value)
    if reader is _range:
        return f"{format_number(value[0])}..{format_number(value[1])}"
    if reader is _number:
        return float(value)
    if isinstance(value, str):
        return value
    return _json(value)


def _rows(kind: str, entries: Iterable[Mapping[str, Any]]) -> tuple[list[str], list[list[Cell]]]:
    readers = _SHEET_COLUMNS[kind]
    records = list(entries)
    used = set(_REQUIRED[kind]) | {k for e in records for k in e}
    unknown = used - set(readers)
    assert not unknown, unknown  # every field of the model has its column
    columns = [c for c in readers if c in used]
    rows = [[_cell(readers[c], e.get(c)) for c in columns] for e in records]
    return columns, rows


def table_rows(negotiation: Negotiation) -> list[tuple[str, list[str], list[list[Cell]]]]:
    """Every sheet of a negotiation's workbook: its name, columns and rows, in order.

    The last is the ``positions`` table, which is all a CSV file holds.
    """
    data = negotiation.to_dict()
    sheets: list[tuple[str, list[str], list[list[Cell]]]] = []
    head = {k: data[k] for k in COLUMNS["negotiation"] if k in data}
    sheets.append(("negotiation", *_rows("negotiation", [head])))
    sheets.append(("parties", *_rows("parties", data["parties"])))
    for kind in ("issues", "rounds"):
        if data.get(kind):
            entries = [{k: v for k, v in e.items() if k != "memoranda"} for e in data[kind]]
            sheets.append((kind, *_rows(kind, entries)))
    memoranda: list[dict[str, Any]] = []
    positions: list[dict[str, Any]] = []
    for rnd, rdata in zip(negotiation.rounds, data.get("rounds", []), strict=True):
        for memo, mdata in zip(rnd.memoranda, rdata.get("memoranda", []), strict=True):
            memoranda.append(
                {
                    "round": rnd.id,
                    **{k: v for k, v in mdata.items() if k not in ("positions", "round")},
                }
            )
            for pos, pdata in zip(memo.positions, mdata.get("positions", []), strict=True):
                row = {"round": rnd.id, "party": memo.party, **pdata}
                row["stance"] = format_stance(pos.stance)
                preferred = _format_preferred(pos.stance)
                if preferred is not None:
                    row["preferred"] = preferred
                positions.append(row)
    if memoranda:
        sheets.append(("memoranda", *_rows("memoranda", memoranda)))
    sheets.append(("positions", *_positions(positions)))
    return sheets


def _positions(entries: list[dict[str, Any]]) -> tuple[list[str], list[list[Cell]]]:
    readers = _SHEET_COLUMNS["positions"]
    always = ("round", "party", "issue", "stance", "salience", "firmness")
    used = set(always) | {k for e in entries for k in e}
    columns = [c for c in readers if c in used]
    rows: list[list[Cell]] = []
    for e in entries:
        row: list[Cell] = []
        for c in columns:
            value = e.get(c)
            if c in ("stance", "preferred"):
                row.append(
                    float(value)
                    if isinstance(value, (int, float)) and not isinstance(value, bool)
                    else value
                )
            else:
                row.append(_cell(readers[c], value))
        rows.append(row)
    return columns, rows


def dump_table(negotiation: Negotiation, path: str | os.PathLike[str]) -> Path:
    """Write a negotiation's positions as a CSV file, or the whole negotiation as a workbook.

    A ``.csv`` file holds the ``positions`` table, one row per party, issue and round; read
    it back with the negotiation's file or folder as its agenda. An ``.xlsx`` workbook holds
    the sheets ``negotiation``, ``parties``, ``issues``, ``rounds``, ``memoranda`` and
    ``positions``, all that the negotiation holds; it reads back alone. Either way
    [`load_table`][negpos.load_table] gives back an equal negotiation. Text that a
    spreadsheet would take for a formula gets a leading apostrophe, which reading removes.
    The file is written atomically, and the same negotiation gives the same bytes.

    Args:
        negotiation: The negotiation.
        path: A ``.csv`` or ``.xlsx`` file.

    Returns:
        The path written.

    Raises:
        UsageError: The path is neither ``.csv`` nor ``.xlsx``, or a text holds a character
            an XLSX file cannot hold (a control character; write CSV instead).
        OutputError: The file cannot be written.
        NegposError: An XLSX file is written without openpyxl installed.

    Examples:
        >>> import negpos, tempfile
        >>> from pathlib import Path
        >>> path = negpos.dump_table(negpos.bundled(), Path(tempfile.mkdtemp()) / "positions.csv")
        >>> path.read_text().splitlines()[0]
        'round,party,issue,stance,preferred,salience,firmness,conditions,links,readings,sources,note'
        >>> negpos.load_table(path, agenda=negpos.bundled()) == negpos.bundled()
        True
    """
    check_argument(negotiation, Negotiation, "a Negotiation to write")
    check_argument(path, (str, os.PathLike), "a path (text or a pathlib.Path)")
    p = Path(path)
    sheets = table_rows(negotiation)
    if table_kind(p) == "csv":
        from negpos._io.atomic import write_file

        _, columns, rows = sheets[-1]
        write_file(p, write_csv(columns, rows))
    else:
        write_xlsx(p, sheets)
    return p
