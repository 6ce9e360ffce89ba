"""The HTML reports in a real browser: headless Chromium renders them without console errors.

Each report is written to a file and rendered at a desktop width and at a phone width; the
screenshots must be real pictures of the requested size, Chromium must log no console
message (the page has no script, so any message is a fault), and the DOM Chromium builds
must hold the report's tables. Set ``NEGPOS_SCREENSHOTS=DIR`` to keep the screenshots.

Skipped only where no ``chromium`` is installed; CI installs Debian's package.
"""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

import negpos

CHROMIUM = shutil.which("chromium")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (CI installs it)"),
]

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--enable-logging=stderr",
    "--v=0",
]

WIDTHS = {"desktop": (1280, 2000), "phone": (390, 2000)}


def chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run headless Chromium with a fresh profile and return what it printed."""
    assert CHROMIUM is not None
    profile = tmp_path / f"profile-{len(list(tmp_path.iterdir()))}"
    return subprocess.run(
        [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


def png_size(path: Path) -> tuple[int, int]:
    """The width and height recorded in a PNG file's header."""
    data = path.read_bytes()
    assert b"\x89PNG\r\n\x1a\n" == data[:8]
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def console_messages(log: str) -> list[str]:
    """The lines of Chromium's log that report console output or uncaught errors."""
    return [line for line in log.splitlines() if ":CONSOLE" in line or "Uncaught" in line]


REPORTS: dict[str, Callable[[], negpos.RoundReport | negpos.NegotiationReport]] = {
    "round": lambda: negpos.round_report(negpos.bundled(), round_id="istanbul-2"),
    "negotiation": lambda: negpos.negotiation_report(negpos.bundled()),
}


@pytest.mark.parametrize("width", sorted(WIDTHS))
@pytest.mark.parametrize("report", sorted(REPORTS))
def test_report_renders_in_chromium(tmp_path: Path, report: str, width: str) -> None:
    """Chromium screenshots the page at the requested size and logs no console message."""
    page = tmp_path / f"{report}.html"
    page.write_text(REPORTS[report]().to_html(), encoding="utf-8")
    keep = os.environ.get("NEGPOS_SCREENSHOTS")
    folder = Path(keep) if keep else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    shot = folder / f"{report}-{width}.png"
    w, h = WIDTHS[width]
    run = chromium(tmp_path, f"--window-size={w},{h}", f"--screenshot={shot}", page.as_uri())
    assert [] == console_messages(run.stderr)
    assert (w, h) == png_size(shot)
    # A blank page compresses to a few kilobytes; a rendered report does not.
    assert shot.stat().st_size > 50_000


@pytest.mark.parametrize("report", sorted(REPORTS))
def test_chromium_builds_the_tables(tmp_path: Path, report: str) -> None:
    """The DOM Chromium builds from the page holds its title, tables and charts."""
    result = REPORTS[report]()
    page = tmp_path / f"{report}.html"
    page.write_text(result.to_html(), encoding="utf-8")
    run = chromium(tmp_path, "--dump-dom", page.as_uri())
    assert [] == console_messages(run.stderr)
    dom = run.stdout
    assert dom.count("<table") == result.to_html().count("<table")
    assert dom.count("<svg") == result.to_html().count("<svg")
    assert "Russia–Ukraine talks, 2022–2026" in dom


def pdf_pages(path: Path) -> int:
    """The number of pages of a PDF: its page objects (``/Type /Page``, not ``/Pages``)."""
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", path.read_bytes()))


# The bundled round report printed 28 A4 pages (30 US Letter) before the print style sheet,
# with a half-empty first page; it prints 19 now, with the range charts added. The bound
# leaves room for a few more issues in the dataset and for font differences between
# machines, and still fails if rows, charts or the summary stop flowing across pages.
ROUND_PAGES_AT_MOST = 23


def test_round_report_prints_compactly(tmp_path: Path) -> None:
    """Printed to PDF, the round report stays within its page bound."""
    page = tmp_path / "round.html"
    page.write_text(REPORTS["round"]().to_html(), encoding="utf-8")
    pdf = tmp_path / "round.pdf"
    run = chromium(tmp_path, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri())
    assert [] == console_messages(run.stderr)
    assert 2 <= pdf_pages(pdf) <= ROUND_PAGES_AT_MOST


def test_print_rules_keep_headings_with_what_follows() -> None:
    """The print style sheet sets the page, keeps headings with their content, and cuts no row.

    Whether a heading ends a printed page cannot be read cheaply from Chromium's PDF (its
    text is in subset fonts), so the rules that prevent it are checked instead.
    """
    html = REPORTS["round"]().to_html()
    start = html.index("@media print {")
    sheet = html[start : html.index("</style>")]
    assert "@page { size: A4;" in sheet
    assert re.search(r"h1, h2, h3, h4[^{]*\{ break-after: avoid;", sheet)
    assert re.search(r"tr, li[^{]*\{ break-inside: avoid;", sheet)
    assert "position: static !important" in sheet


@pytest.mark.parametrize("width", sorted(WIDTHS))
def test_range_charts_render_at_every_width(tmp_path: Path, width: str) -> None:
    """The round report's range charts fit the page: the section renders on a phone too."""
    result = REPORTS["round"]()
    page = tmp_path / "round.html"
    page.write_text(result.to_html(), encoding="utf-8")
    w, _ = WIDTHS[width]
    run = chromium(tmp_path, f"--window-size={w},2000", "--dump-dom", page.as_uri())
    assert [] == console_messages(run.stderr)
    assert run.stdout.count('class="chart ranges"') == len(negpos.charts(result))
    # The charts' section alone at the top of the page, so that the screenshot shows it (a
    # headless screenshot does not follow a #fragment).
    html = result.to_html()
    start, end = html.index("<main>") + len("<main>"), html.index('<h2 id="ranges">')
    page.write_text(html[:start] + html[end:], encoding="utf-8")
    keep = os.environ.get("NEGPOS_SCREENSHOTS")
    folder = Path(keep) if keep else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    shot = folder / f"ranges-{width}.png"
    run = chromium(tmp_path, f"--window-size={w},1400", f"--screenshot={shot}", page.as_uri())
    assert [] == console_messages(run.stderr)
    assert (w, 1400) == png_size(shot)
    assert shot.stat().st_size > 30_000


def test_standalone_charts_render_in_chromium(tmp_path: Path) -> None:
    """Each chart saved on its own opens in Chromium as a picture of its stated size."""
    found = negpos.charts(REPORTS["negotiation"]())
    found.update(list(negpos.charts(REPORTS["round"]()).items())[:2])
    for name, text in found.items():
        svg = tmp_path / f"{name}.svg"
        svg.write_text(text, encoding="utf-8")
        shot = tmp_path / f"{name}.png"
        run = chromium(tmp_path, "--window-size=600,600", f"--screenshot={shot}", svg.as_uri())
        assert [] == console_messages(run.stderr)
        assert shot.stat().st_size > 2_000
