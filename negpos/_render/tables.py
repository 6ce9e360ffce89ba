"""Results as spreadsheets: a result's data frame written to a CSV file or an XLSX workbook.

One function, [`write_table`][negpos.write_table], chooses the format by the file's suffix.
The table is the result's ``to_frame()``, so that a spreadsheet holds exactly what a data
frame does; text a spreadsheet would run as a formula is quoted with an apostrophe, as the
frames do. pandas (``negpos[pandas]``) builds the frame, and openpyxl (``negpos[xlsx]``)
writes a workbook; both are imported only when a table is written.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import re
from pathlib import Path
from typing import Any, Final

from negpos._errors import UsageError, check_argument, clean_text
from negpos._io.atomic import write_file
from negpos._io.sheets import Cell, format_number, table_kind, xlsx_bytes

__all__ = ["frame_cells", "table_text", "write_table"]

#: The sheet a result's table is written to in a workbook.
SHEET: Final = "table"

# What XML, and so a workbook, cannot hold; results drop it as reports on a terminal do.
_NOT_XLSX: Final = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _frame_of(result: object) -> Any:
    """The data frame of a result, or the frame itself."""
    from negpos._render.frames import _pandas

    pd = _pandas()
    if isinstance(result, pd.DataFrame):
        return result
    to_frame = getattr(result, "to_frame", None)
    if to_frame is None:
        raise UsageError(
            f"negpos writes tables of results and data frames, not of a {type(result).__name__}"
        )
    return to_frame()


def _value(value: Any) -> Cell:
    """A frame's cell as a plain value: missing values empty, NumPy scalars as Python's."""
    if value is None:
        return None
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        value = value.item()  # NumPy scalars
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "to_pydatetime"):
        value = value.to_pydatetime()
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date()
    if isinstance(value, (str, bool, int, float, dt.date)):
        return value
    return str(value)


def frame_cells(frame: Any) -> tuple[list[str], list[list[Cell]]]:
    """A data frame's column names and rows as plain values, missing values as None."""
    columns = [str(c) for c in frame.columns]
    rows = [[_value(v) for v in record] for record in frame.itertuples(index=False, name=None)]
    return columns, rows


def _neutral(value: Cell) -> Cell:
    # The frames quote formulas already; a frame made elsewhere is quoted here.
    from negpos._render.frames import neutralise_formula

    return neutralise_formula(value)  # type: ignore[return-value]


def table_text(result: object) -> str:
    """A result's table as CSV text, as [`write_table`][negpos.write_table] writes it.

    Raises:
        NegposError: pandas is not installed.
        UsageError: The result has no single table.
    """
    import csv
    import io

    columns, rows = frame_cells(_frame_of(result))
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(["" if c is None else _csv(_neutral(c)) for c in row])
    return out.getvalue()


def _csv(value: Cell) -> str:
    if isinstance(value, float):
        return format_number(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _xlsx(value: Cell) -> Cell:
    value = _neutral(value)
    if isinstance(value, str) and _NOT_XLSX.search(value):
        return clean_text(value, keep_newlines=True)
    return value


def xlsx_table(result: object) -> bytes:
    """A result's table as the bytes of an XLSX workbook with one sheet, ``table``.

    Raises:
        NegposError: pandas or openpyxl is not installed.
        UsageError: The result has no single table.
    """
    columns, rows = frame_cells(_frame_of(result))
    # The sheet writer quotes formulas itself; control characters are dropped first.
    return xlsx_bytes([(SHEET, columns, ([_xlsx(c) for c in row] for row in rows))])


def write_table(result: object, path: str | os.PathLike[str]) -> Path:
    """Write a result's table, or a data frame, to a CSV file or an XLSX workbook.

    The table is the result's ``to_frame()``: a comparison, a change set, a plan's
    assessment or common ground give one row per issue, a matrix one per pair of parties, a
    trajectory one per issue and round. The suffix chooses the format: ``.csv`` (UTF-8,
    commas, missing values empty) or ``.xlsx`` (one sheet, ``table``). Text that a
    spreadsheet would run as a formula (starting with ``=``, ``+``, ``-`` or ``@``) gets a
    leading apostrophe, in a data frame given as well; a workbook cannot hold control
    characters, which are left out of its text as they are on a terminal. The file is
    written atomically, and the same table gives the same bytes.

    Args:
        result: A result with a ``to_frame()`` method, or a pandas data frame.
        path: A ``.csv`` or ``.xlsx`` file.

    Returns:
        The path written.

    Raises:
        NegposError: pandas (or, for a workbook, openpyxl) is not installed.
        UsageError: The suffix is neither ``.csv`` nor ``.xlsx``, or the result holds
            several tables (a report: write its comparison, changes, matrix or trajectories).
        OutputError: The file cannot be written.

    Examples:
        >>> import negpos, tempfile
        >>> from pathlib import Path
        >>> june = negpos.bundled().compare("ru", "ua", round_id="istanbul-2")
        >>> path = negpos.write_table(june, Path(tempfile.mkdtemp()) / "june.csv")
        >>> path.read_text().splitlines()[0][:32]
        'issue,title,category,kind,status'
    """
    check_argument(path, (str, os.PathLike), "a path (text or a pathlib.Path)")
    p = Path(path)
    if table_kind(p) == "csv":
        write_file(p, table_text(result))
    else:
        from negpos._io.atomic import write_bytes

        write_bytes(p, xlsx_table(result))
    return p
