"""Positions in spreadsheets: a negotiation read from CSV or XLSX, and written back.

The table format holds one row per party, issue and round in a ``positions`` table, its stance
written in a compact syntax per issue kind (see [`load_table`][negpos.load_table] and
``docs/howto/spreadsheets.md``). The agenda (the title, parties, issues and rounds) comes from
sheets of the same XLSX workbook, or from a negotiation file or dataset folder given beside
the table. What is read is validated as a loaded file is, and every problem names the file,
the sheet, the row and the column.

[`dump_table`][negpos.dump_table] writes the same format, so that writing a negotiation and
reading it back gives an equal negotiation.

The package is split by concept:

- ``cells``: the sheets and their columns, and how each cell is read;
- ``stances``: a stance in the compact syntax per issue kind, read and written;
- ``load``: the entry points that read a table, and the agenda a workbook's sheets hold;
- ``assemble``: the negotiation the agenda and the positions table make together, each
  problem placed at the sheet, row and column it came from;
- ``dump``: a negotiation written as sheets of rows, and to a file.
"""

from __future__ import annotations

from negpos._io.tables.cells import COLUMNS, SHEETS
from negpos._io.tables.dump import dump_table, table_rows
from negpos._io.tables.load import load_table, load_table_path
from negpos._io.tables.stances import format_stance, parse_stance

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
