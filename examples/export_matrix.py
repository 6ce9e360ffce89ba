"""Export the matrix of every pair of parties to CSV, and to a pandas data frame if installed."""

from __future__ import annotations

import csv
import importlib.util
import sys
import tempfile
from pathlib import Path

import negpos

COLUMNS = ("round", "party_a", "party_b", "compatibility", "mean_gap", "red_line_conflicts", "gaps")


def write_csv(matrix: negpos.Matrix, path: Path) -> None:
    """One row per pair of parties, with the standard library's csv module."""
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(COLUMNS)
        for pair in matrix.pairs:
            s = pair.summary
            writer.writerow(
                (
                    matrix.round,
                    pair.party_a,
                    pair.party_b,
                    "" if s.compatibility is None else f"{s.compatibility:.4f}",
                    "" if s.mean_gap is None else f"{s.mean_gap:.4f}",
                    len(s.red_line_conflicts),
                    s.count("gap"),
                )
            )


def main(argv: list[str]) -> None:
    """Write the CSV files into the folder named on the command line, or a new temporary one."""
    folder = Path(argv[0]) if argv else Path(tempfile.mkdtemp(prefix="negpos-matrix-"))
    folder.mkdir(parents=True, exist_ok=True)
    matrix = negpos.bundled().matrix()

    plain = folder / "matrix.csv"
    write_csv(matrix, plain)
    print(f"wrote {plain} ({len(matrix.pairs)} pairs, standard library)")

    if importlib.util.find_spec("pandas") is None:
        print("pandas is not installed; pip install 'negpos[pandas]' for a data frame")
        return
    frame = matrix.to_frame()
    framed = folder / "matrix-frame.csv"
    frame.to_csv(framed, index=False)
    print(f"wrote {framed} ({len(frame.columns)} columns, pandas)")
    square = frame.pivot(index="party_a", columns="party_b", values="compatibility")
    print("\ncompatibility index of each pair:")
    square = square.rename_axis(index=None, columns=None)
    print(square.to_string(na_rep="", float_format="{:.2f}".format))


if __name__ == "__main__":
    main(sys.argv[1:])
