"""Write the HTML and Markdown gap reports of the June 2025 round into a folder."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import negpos


def main(argv: list[str]) -> None:
    """Write the reports into the folder named on the command line, or a new temporary one."""
    folder = Path(argv[0]) if argv else Path(tempfile.mkdtemp(prefix="negpos-report-"))
    folder.mkdir(parents=True, exist_ok=True)
    report = negpos.round_report(negpos.bundled(), "ru", "ua", round_id="istanbul-2")

    page = folder / "june-2025.html"
    page.write_text(report.to_html(), encoding="utf-8")
    markdown = folder / "june-2025.md"
    markdown.write_text(report.to_markdown(), encoding="utf-8")

    print(report.round.label)
    print(f"wrote {page} ({page.stat().st_size // 1024} KB, open it in a browser)")
    print(f"wrote {markdown}")
    print(f"{len(report.sources.to_dict())} sources cited")


if __name__ == "__main__":
    main(sys.argv[1:])
