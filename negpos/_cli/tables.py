"""The ``import`` command: positions coded in a spreadsheet, written as a negotiation.

``negpos import TABLE [--agenda FILE] [-o OUT]`` reads a CSV file or an XLSX workbook of
positions (see ``docs/howto/spreadsheets.md``), checks it as ``validate`` checks a file, and
writes the negotiation as YAML or JSON (on standard output, or to a ``.yaml``, ``.yml`` or
``.json`` file) or as a dataset folder (any other ``-o``). Every problem is one
``negpos: error:`` line naming the file, the sheet, the row and the column; the status is
then 2 and nothing is written.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Literal

from negpos._cli.common import (
    EXIT_OK,
    Command,
    add_max_bytes_argument,
    check_output,
    note,
    write_output,
)
from negpos._errors import OutputError

__all__ = ["IMPORT"]

_SUFFIXES = (".yaml", ".yml", ".json")


def _configure_import(p: argparse.ArgumentParser) -> None:
    p.add_argument("table", metavar="TABLE", help="a .csv file or an .xlsx workbook of positions")
    p.add_argument(
        "--agenda",
        metavar="FILE",
        help="a negotiation file or dataset folder giving the parties, issues and rounds "
        "(required for a CSV file; a workbook may hold them in its own sheets instead); "
        "its positions are replaced by the table's",
    )
    p.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        help="a .yaml, .yml or .json file, or a dataset folder (any other name); default: "
        "YAML on standard output",
    )
    add_max_bytes_argument(p)
    p.epilog = (
        "The table has one row per party, issue and round, with the columns round, party, "
        "issue and stance, and optionally preferred, salience, firmness, salience_range, "
        "conditions, links, readings, sources and note. See the how-to 'Code positions in a "
        "spreadsheet' for the stance syntax and the sheets of a workbook."
    )


def _refuse_inputs(output: str, inputs: list[str]) -> None:
    """Refuse a dataset folder ``-o`` that is, holds or lies inside one of the inputs."""
    target = Path(os.path.realpath(output))
    for given in inputs:
        source = Path(os.path.realpath(given))
        if target == source or source.is_relative_to(target) or target.is_relative_to(source):
            raise OutputError(
                f"-o {output}: refusing to write a dataset folder over or around the input "
                f"{given}; choose another folder"
            )


def _run_import(args: argparse.Namespace) -> int:
    from negpos._io.files import DEFAULT_MAX_BYTES, Limit
    from negpos._io.tables.load import load_table_path
    from negpos._io.writing import dump, dumps

    inputs = [args.table] + ([args.agenda] if args.agenda else [])
    output: str | None = args.output
    as_file = output is None or output == "-" or Path(output).suffix.lower() in _SUFFIXES
    if as_file:
        check_output(output, inputs)
    else:
        assert output is not None
        _refuse_inputs(output, inputs)
    limit = Limit(
        DEFAULT_MAX_BYTES if args.max_bytes is None else args.max_bytes,
        "--max-bytes (for example --max-bytes {mib}M)",
    )
    neg = load_table_path(args.table, args.agenda, limit)
    positions = sum(len(m.positions) for r in neg.rounds for m in r.memoranda)
    if as_file:
        fmt: Literal["yaml", "json"] = "yaml"
        if output is not None and output.lower().endswith(".json"):
            fmt = "json"
        write_output(dumps(neg, fmt=fmt), output, inputs=inputs, fmt=fmt)
    else:
        assert output is not None
        dump(neg, output)
        note(f"wrote {output}")
    note(
        f"imported {positions} positions of {len(neg.parties)} parties in {len(neg.rounds)} rounds"
    )
    return EXIT_OK


IMPORT = Command(
    "import",
    "read positions from a CSV file or an XLSX workbook into a negotiation",
    _configure_import,
    _run_import,
)
