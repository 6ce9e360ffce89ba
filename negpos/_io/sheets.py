"""Spreadsheet files: CSV and XLSX read into sheets of cells, and sheets written back.

This is the lowest level of the table format (``tables/cells.py`` gives the cells their meaning).
Reading refuses rather than guesses, as the YAML reader does: a CSV file is read as UTF-8
with commas and double quotes only, an XLSX workbook's formulas and error cells are refused
(negpos reads values, never recomputes), and every problem names the file, the sheet, the
row and the column.

Writing is deterministic (the same sheets give the same bytes, an XLSX file included) and
safe to open in a spreadsheet: a text cell that a spreadsheet would run as a formula (one
starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) is written with a
leading apostrophe, the spreadsheets' own mark for "this is text", and so is a text starting
with an apostrophe; reading removes one leading apostrophe, so that what is written reads
back as it was.

openpyxl is optional (``pip install 'negpos[xlsx]'``) and imported only when an XLSX file is
read or written.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import difflib
import io
import re
import warnings
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, Final

from negpos._errors import InputError, NegposError, Problem, UsageError, excerpt
from negpos._io.files import Limit, read_bytes, read_text

__all__ = [
    "FORMULA_STARTS",
    "Cell",
    "Row",
    "Sheet",
    "TableKind",
    "from_cell",
    "openpyxl",
    "read_csv",
    "read_xlsx",
    "table_kind",
    "to_cell",
    "where",
    "write_csv",
    "write_xlsx",
    "xlsx_bytes",
]

Cell = str | int | float | bool | dt.datetime | dt.date | dt.time | dt.timedelta | None
"""A cell's value as read: text from CSV; text, a number, a boolean or a date from XLSX;
None when the cell is empty."""

TableKind = str

#: The first characters that make a spreadsheet read a text cell as a formula (OWASP's list).
FORMULA_STARTS: Final = ("=", "+", "-", "@", "\t", "\r")

_INSTALL: Final = "pip install 'negpos[xlsx]'"

# What XML 1.0, and so an XLSX file, cannot hold; a carriage return is read back as a line
# feed, so it cannot be kept either.
_NOT_XLSX: Final = re.compile(r"[\x00-\x08\x0b\x0c\x0d\x0e-\x1f\ufffe\uffff]")

#: The longest text an XLSX cell holds (Excel's limit).
XLSX_CELL_LIMIT: Final = 32_767

# The date every written workbook carries, so that the same sheets give the same bytes.
_EPOCH: Final = dt.datetime(2000, 1, 1)


@dataclasses.dataclass(frozen=True, slots=True)
class Row:
    """One row of a sheet: its 1-based number as a spreadsheet shows it, and its cells by column."""

    number: int
    cells: dict[str, Cell]


@dataclasses.dataclass(frozen=True, slots=True)
class Sheet:
    """A table read from a file: its columns and the rows that hold anything.

    Attributes:
        file: The file it was read from.
        name: The sheet's name in a workbook; None for a CSV file.
        columns: The column names of the header row, in order.
        rows: The rows below the header that hold at least one value.
    """

    file: str
    name: str | None
    columns: tuple[str, ...]
    rows: tuple[Row, ...]

    def problem(self, message: str, row: int | None = None, column: str | None = None) -> Problem:
        """A problem in this sheet, at a row and column where given."""
        return Problem(message, field=where(self.name, row, column), file=self.file)


def where(sheet: str | None, row: int | None = None, column: str | None = None) -> str:
    """Where a problem is, in the words of a spreadsheet.

    Examples:
        >>> where("positions", 3, "stance")
        'sheet positions, row 3, column stance'
        >>> where(None, 7, "salience")
        'row 7, column salience'
    """
    parts = [] if sheet is None else [f"sheet {sheet}"]
    if row is not None:
        parts.append(f"row {row}")
    if column is not None:
        parts.append(f"column {column}")
    return ", ".join(parts)


def table_kind(path: Path) -> TableKind:
    """``csv`` or ``xlsx``, by the file's suffix.

    Raises:
        UsageError: The suffix is neither.
    """
    suffix = path.suffix.lower()
    if suffix in (".csv", ".xlsx"):
        return suffix[1:]
    raise UsageError(
        f"{path}: unknown table type {path.suffix or '(no suffix)'!r}; use .csv or .xlsx"
    )


def from_cell(value: Cell) -> Cell:
    """A cell's value with the apostrophe that marks text removed, and empty text as None.

    Examples:
        >>> from_cell("'=30"), from_cell("''tis"), from_cell(""), from_cell(0.5)
        ('=30', "'tis", None, 0.5)
    """
    if isinstance(value, str):
        if value == "":
            return None
        if value.startswith("'"):
            return value[1:]
    return value


def to_cell(value: Cell) -> Cell:
    """A value as a cell should hold it: text a spreadsheet would take for a formula, quoted.

    Text starting with one of ``FORMULA_STARTS`` or with an apostrophe gets a leading
    apostrophe; [`from_cell`][negpos._io.sheets.from_cell] takes it off again.

    Examples:
        >>> to_cell("=HYPERLINK(1)"), to_cell("-kherson"), to_cell("'tis"), to_cell("yes")
        ("'=HYPERLINK(1)", "'-kherson", "''tis", 'yes')
    """
    if isinstance(value, str) and value.startswith((*FORMULA_STARTS, "'")):
        return "'" + value
    return value


def _header(sheet: str | None, file: str, cells: Sequence[Cell], known: Sequence[str]) -> list[str]:
    problems: list[Problem] = []
    names: list[str] = []
    for k, cell in enumerate(cells):
        column = _column_letter(k)
        if cell is None or (isinstance(cell, str) and not cell.strip()):
            names.append("")
            continue
        if not isinstance(cell, str):
            problems.append(
                Problem(
                    f"a column name must be text, not {excerpt(cell)}",
                    field=where(sheet, 1, column),
                    file=file,
                )
            )
            names.append("")
            continue
        name = cell.strip()
        if name in names:
            problems.append(
                Problem(f"the column {excerpt(name)} is given twice", where(sheet, 1), file)
            )
        elif name not in known:
            message = f"unknown column {excerpt(name)}"
            close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
            if close:
                message += f"; did you mean {close[0]!r}?"
            elif len(cells) == 1 and (";" in name or "\t" in name):
                sep = "semicolons" if ";" in name else "tabs"
                message += f": the file seems separated by {sep}, but negpos reads commas"
            message += f" (the columns are {', '.join(known)})"
            problems.append(Problem(message, field=where(sheet, 1, name), file=file))
        names.append(name)
    if problems:
        raise InputError(problems)
    return names


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _sheet(
    file: str,
    name: str | None,
    lines: Iterable[tuple[int, Sequence[Cell]]],
    known: Sequence[str],
) -> Sheet:
    """A sheet from numbered lines of cells, the first holding the column names."""
    problems: list[Problem] = []
    header: list[str] | None = None
    rows: list[Row] = []
    for number, raw in lines:
        cells = [from_cell(c) for c in raw]
        if header is None:
            if all(c is None for c in cells):
                continue  # blank lines above the header
            header = _header(name, file, raw, known)
            continue
        if all(c is None for c in cells):
            continue
        values: dict[str, Cell] = {}
        for k, cell in enumerate(cells):
            if cell is None:
                continue
            column = header[k] if k < len(header) else ""
            if not column:
                problems.append(
                    Problem(
                        f"a value, {excerpt(cell)}, in column {_column_letter(k)}, "
                        "which has no name in the first row",
                        field=where(name, number),
                        file=file,
                    )
                )
                continue
            values[column] = cell
        rows.append(Row(number, values))
    if header is None:
        raise InputError([Problem("the table is empty: it has no header row", where(name), file)])
    if problems:
        raise InputError(problems)
    return Sheet(file, name, tuple(c for c in header if c), tuple(rows))


def read_csv(path: Path, limit: Limit, known: Sequence[str]) -> Sheet:
    """The sheet a CSV file holds: UTF-8 text, comma-separated, double-quoted.

    Args:
        path: The file.
        limit: The size limit.
        known: The column names the table may have.

    Raises:
        InputError: The file cannot be read, is not UTF-8, is malformed (an unclosed
            quote), has an unknown, nameless or repeated column, or a value in a column
            without a name.
    """
    name = str(path)
    text = read_text(path, limit)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    lines: list[tuple[int, list[Cell]]] = []
    try:
        for number, record in enumerate(reader, start=1):
            lines.append((number, list(record)))
    except csv.Error as exc:
        raise InputError.single(
            f"malformed CSV: {exc}", field=where(None, len(lines) + 1), file=name
        ) from None
    return _sheet(name, None, lines, known)


def openpyxl() -> Any:
    """The openpyxl module, or an error that says how to install it.

    Raises:
        NegposError: openpyxl is not installed.
    """
    try:
        import openpyxl as module
    except ImportError as exc:
        raise NegposError(
            f"XLSX files need openpyxl, which is not installed; install it with {_INSTALL}"
        ) from exc
    return module


def read_xlsx(path: Path, limit: Limit, known: dict[str, Sequence[str]]) -> dict[str, Sheet]:
    """The sheets of an XLSX workbook, by name.

    Args:
        path: The file.
        limit: The size limit.
        known: The sheets the workbook may hold, each with the columns it may have.

    Raises:
        InputError: The file cannot be read or is not an XLSX workbook, holds a sheet or a
            column negpos does not know, a formula or an error value.
        NegposError: openpyxl is not installed.
    """
    xl = openpyxl()
    name = str(path)
    raw = read_bytes(path, limit)
    try:
        with warnings.catch_warnings():
            # openpyxl warns about parts of a workbook it does not read (styles, data
            # validation); the values are what negpos reads.
            warnings.simplefilter("ignore")
            book = xl.load_workbook(io.BytesIO(raw), read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError) as exc:
        raise InputError.single(
            f"not an XLSX workbook that negpos can read ({type(exc).__name__}: {exc})", file=name
        ) from None
    except Exception as exc:  # openpyxl's own errors on a damaged workbook
        raise InputError.single(
            f"not an XLSX workbook that negpos can read ({type(exc).__name__})", file=name
        ) from None
    try:
        problems: list[Problem] = []
        sheets: dict[str, Sheet] = {}
        for title in book.sheetnames:
            if title not in known:
                problems.append(
                    Problem(
                        f"unknown sheet {excerpt(title)}; the sheets are {', '.join(known)}",
                        field=where(title),
                        file=name,
                    )
                )
                continue
            try:
                sheets[title] = _sheet(name, title, _xlsx_lines(book[title], name), known[title])
            except InputError as exc:
                problems.extend(exc.problems)
        if problems:
            raise InputError(problems)
        return sheets
    finally:
        book.close()


def _xlsx_lines(sheet: Any, file: str) -> Iterable[tuple[int, list[Cell]]]:
    problems: list[Problem] = []
    lines: list[tuple[int, list[Cell]]] = []
    for number, row in enumerate(sheet.iter_rows(), start=1):
        values: list[Cell] = []
        for k, cell in enumerate(row):
            kind = getattr(cell, "data_type", "n")
            value = cell.value
            if kind == "f" or (isinstance(value, str) and value.startswith("=") and kind != "s"):
                problems.append(
                    Problem(
                        f"a formula, {excerpt(value)}: negpos reads values only; paste the "
                        "values in its place",
                        field=where(sheet.title, number, _column_letter(k)),
                        file=file,
                    )
                )
                value = None
            elif kind == "e":
                problems.append(
                    Problem(
                        f"an error value, {excerpt(value)}",
                        field=where(sheet.title, number, _column_letter(k)),
                        file=file,
                    )
                )
                value = None
            values.append(value)
        lines.append((number, values))
    if problems:
        raise InputError(problems)
    return lines


def write_csv(columns: Sequence[str], rows: Iterable[Sequence[Cell]]) -> str:
    """The text of a CSV file: the column names, then each row, text cells made formula-safe."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for k, row in enumerate(rows, start=2):
        cells = ["" if c is None else _csv_text(to_cell(c)) for c in row]
        for column, cell in zip(columns, cells, strict=True):
            if "\x00" in cell:
                raise UsageError(
                    f"{where(None, k, column)}: {excerpt(cell)} holds a NUL character, "
                    "which negpos does not read from a CSV file"
                )
        writer.writerow(cells)
    return out.getvalue()


def _csv_text(value: Cell) -> str:
    if isinstance(value, float):
        return format_number(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return str(value)


def format_number(value: float) -> str:
    """A number as the shortest text that reads back as the same float; whole numbers plain.

    Examples:
        >>> format_number(30.0), format_number(0.25), format_number(-1e300)
        ('30', '0.25', '-1e+300')
    """
    if value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    return repr(value)


def xlsx_bytes(sheets: Sequence[tuple[str, Sequence[str], Iterable[Sequence[Cell]]]]) -> bytes:
    """The bytes of an XLSX workbook with the given sheets, the same for the same sheets.

    Each sheet is a name, its column names and its rows. Text cells are made formula-safe
    and written as text.

    Raises:
        UsageError: A text holds a character an XLSX file cannot hold (a control character
            other than tab and line feed, or a carriage return), or is longer than an XLSX
            cell holds.
        NegposError: openpyxl is not installed.
    """
    xl = openpyxl()
    from openpyxl.writer.excel import ExcelWriter

    # Every cell is checked before the workbook is begun, so that a refusal leaves nothing
    # half written.
    checked = [
        (
            title,
            list(columns),
            [
                [_xlsx_value(to_cell(c), title, k, columns[j]) for j, c in enumerate(row)]
                for k, row in enumerate(rows, start=2)
            ],
        )
        for title, columns, rows in sheets
    ]
    book = xl.Workbook(write_only=True)
    book.properties.creator = "negpos"
    for title, columns, rows in checked:
        sheet = book.create_sheet(title)
        sheet.append(columns)
        for row in rows:
            sheet.append(row)
    book.properties.created = book.properties.modified = _EPOCH
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(book, archive).save()
    return _normalised(buffer.getvalue())


def _xlsx_value(value: Cell, sheet: str, row: int, column: str) -> Cell:
    if isinstance(value, str):
        bad = _NOT_XLSX.search(value)
        if bad is not None:
            raise UsageError(
                f"{where(sheet, row, column)}: {excerpt(value)} holds the character "
                f"{bad.group()!r}, which an XLSX file cannot hold; write CSV instead"
            )
        if len(value) > XLSX_CELL_LIMIT:
            raise UsageError(
                f"{where(sheet, row, column)}: a text of {len(value):,} characters, more "
                f"than an XLSX cell holds ({XLSX_CELL_LIMIT:,}); write CSV instead"
            )
    return value


def _normalised(data: bytes) -> bytes:
    """The archive again, every entry dated alike, so that equal workbooks are equal bytes."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            archive.writestr(entry, source.read(info.filename))
    return out.getvalue()


def write_xlsx(
    path: Path, sheets: Sequence[tuple[str, Sequence[str], Iterable[Sequence[Cell]]]]
) -> None:
    """Write an XLSX workbook atomically (see [`xlsx_bytes`][negpos._io.sheets.xlsx_bytes]).

    Raises:
        OutputError: The file cannot be written.
        UsageError: A text cannot be held in an XLSX cell.
        NegposError: openpyxl is not installed.
    """
    from negpos._io.atomic import write_bytes

    write_bytes(path, xlsx_bytes(sheets))
