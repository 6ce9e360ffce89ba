"""Writing a table: a negotiation as sheets of rows, and as a CSV file or an XLSX workbook.

``table_rows`` gives every sheet of a negotiation's workbook, each cell written as its
column's reader reads it back; [`dump_table`][negpos.dump_table] writes them.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from negpos._errors import check_argument
from negpos._io.sheets import Cell, format_number, table_kind, write_csv, write_xlsx
from negpos._io.tables.cells import (
    _REQUIRED,
    _SHEET_COLUMNS,
    COLUMNS,
    Reader,
    _list,
    _number,
    _range,
    _yaml_list,
)
from negpos._io.tables.stances import _format_preferred, format_stance
from negpos._model.negotiation import Negotiation

__all__ = ["dump_table", "table_rows"]


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
