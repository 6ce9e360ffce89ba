"""Reading a table: the entry points, and the agenda a workbook's sheets hold.

[`load_table`][negpos.load_table] reads a CSV file or an XLSX workbook of positions, with the
agenda from a negotiation file, a dataset folder or a negotiation given beside it, or from
the workbook's own sheets (``_agenda_of``).
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from negpos._errors import InputError, Problem, UsageError, check_argument, excerpt
from negpos._io.files import DEFAULT_MAX_BYTES, LIBRARY_LIMIT, Limit, check_limit
from negpos._io.sheets import Row, Sheet, read_csv, read_xlsx, table_kind, where
from negpos._io.tables.assemble import Origin, _assemble, _no_round
from negpos._io.tables.cells import (
    _REQUIRED,
    _REQUIRED_SHEETS,
    _SHEET_COLUMNS,
    COLUMNS,
    _BadCellError,
)
from negpos._model.base import FORMAT_VERSION
from negpos._model.negotiation import Negotiation

__all__ = ["load_table", "load_table_path"]


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
