"""Regenerate the home page's picture of a report: ``docs/assets/report-june-2025.png``.

Not an mkdocs hook and not run by the build (the build must work without a browser): run it by
hand when the HTML report's look changes, then commit the new picture::

    python docs/hooks/screenshot.py            # needs negpos installed and /usr/bin/chromium

It writes the round report of the bundled June 2025 round (Russia and Ukraine at
``istanbul-2``) to a temporary file, and has headless Chromium take a picture of its first
screen at a desktop width. The picture shows the title block, the summary figures and the first
range charts (each issue on its own axis); it stays well under 400 KB.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import negpos

ROOT = Path(__file__).resolve().parents[2]
TARGET = ROOT / "docs" / "assets" / "report-june-2025.png"
WIDTH, HEIGHT = 1280, 1600
# A fresh profile, no network, no first-run pages: the picture depends on the page alone.
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
)
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def main() -> int:
    """Write the report, take the picture, and move it into place.

    Returns:
        The exit status: 0 when the picture was written, 1 when Chromium is missing or failed.
    """
    browser = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(browser).exists():
        print("screenshot: chromium is not installed", file=sys.stderr)
        return 1
    report = negpos.round_report(negpos.bundled(), "ru", "ua", round_id="istanbul-2")
    with tempfile.TemporaryDirectory() as work:
        page = Path(work) / "june-2025.html"
        page.write_text(report.to_html(), encoding="utf-8")
        shot = Path(work) / "shot.png"
        result = subprocess.run(
            [
                browser,
                *FLAGS,
                f"--user-data-dir={Path(work) / 'profile'}",
                f"--window-size={WIDTH},{HEIGHT}",
                f"--screenshot={shot}",
                page.as_uri(),
            ],
            capture_output=True,
            text=True,
            timeout=180,
            check=False,
        )
        if result.returncode != 0 or not shot.is_file():
            print(f"screenshot: chromium failed:\n{result.stderr}", file=sys.stderr)
            return 1
        data = shot.read_bytes()
    if not data.startswith(PNG_SIGNATURE):
        print("screenshot: chromium did not write a PNG", file=sys.stderr)
        return 1
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    TARGET.write_bytes(data)
    print(f"screenshot: wrote {TARGET.relative_to(ROOT)} ({len(data) // 1024} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
