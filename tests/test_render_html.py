"""HTML rendering: one self-contained, printable page with its charts and citations."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

import negpos
from negpos._render.html import _environment

TEMPLATES = Path(negpos.__file__).parent / "_render" / "templates" / "html"
REPORT = negpos.round_report(negpos.bundled(), round_id="istanbul-2")
PAGE = REPORT.to_html()
WHOLE = negpos.negotiation_report(negpos.bundled()).to_html()


class Links(HTMLParser):
    """Collects the tags, ids, hrefs and src attributes of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.ids: set[str] = set()
        self.hrefs: list[str] = []
        self.sources: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        for name, value in attrs:
            if name == "id" and value:
                self.ids.add(value)
            elif name == "href" and value is not None:
                self.hrefs.append(value)
            elif name == "src" and value is not None:
                self.sources.append(value)


def links(page: str) -> Links:
    """The parsed links of a page."""
    parser = Links()
    parser.feed(page)
    return parser


@pytest.mark.parametrize("page", [PAGE, WHOLE], ids=["round", "negotiation"])
def test_page_is_self_contained(page: str) -> None:
    """The page loads nothing: no script, no external style, image or font."""
    parsed = links(page)
    assert [] == parsed.sources
    assert "script" not in parsed.tags
    assert "link" not in parsed.tags
    assert "iframe" not in parsed.tags
    assert [] == re.findall(r"url\(|@import", page)
    assert 1 == parsed.tags.count("style")


@pytest.mark.parametrize("page", [PAGE, WHOLE], ids=["round", "negotiation"])
def test_page_is_printable_and_responsive(page: str) -> None:
    """The page sets a phone viewport and carries print and narrow-screen rules."""
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
    assert "@media print" in page
    assert "@media (max-width: 720px)" in page


@pytest.mark.parametrize("page", [PAGE, WHOLE], ids=["round", "negotiation"])
def test_internal_links_have_targets(page: str) -> None:
    """Every link inside the page points at an element that exists."""
    parsed = links(page)
    missing = [h for h in parsed.hrefs if h.startswith("#") and h[1:] not in parsed.ids]
    assert [] == missing


def test_every_position_cites_its_sources_as_links() -> None:
    """Each source of each position shown is linked: to its URL, or to the sources list.

    The tooltip names the source as the list does (one source, one number: its title where
    any citation of it gives one).
    """
    hrefs = set(links(PAGE).hrefs)
    for c in REPORT.comparison.rows:
        for position in (c.position_a, c.position_b):
            for source in () if position is None else position.sources:
                n = REPORT.sources.number(source)
                assert (source.url or f"#source-{n}") in hrefs
                listed = REPORT.sources.sources[n - 1]
                assert f'title="{listed.label}' in PAGE or source.url is None


def test_issue_table_has_a_row_per_issue() -> None:
    """Every compared issue has its own row, addressable by the issue id."""
    ids = links(PAGE).ids
    assert {f"issue-{c.issue.id}" for c in REPORT.comparison.rows} <= ids


def test_summary_gives_the_index_and_red_lines_first() -> None:
    """The summary box shows the index and lists the red lines in conflict before other gaps."""
    summary = PAGE.split('<section class="summary"', 1)[1].split("</section>", 1)[0]
    index = REPORT.comparison.summary.compatibility
    assert index is not None
    assert f'<span class="figure">{index:.2f}</span>' in summary
    assert summary.index("Red lines in conflict") < summary.index("Other gaps")
    first = REPORT.comparison.summary.red_line_conflicts[0].issue.title
    assert summary.index(first) < summary.index("Other gaps")


def test_closest_option_is_marked() -> None:
    """The option of an alternatives group that comes closest carries a badge."""
    group = REPORT.comparison.alternatives[0]
    closest = group.option(group.closest)
    assert closest.label is not None
    assert f'{closest.label}</span> <span class="badge closest">closest</span>' in PAGE


def test_charts_are_inline_svg() -> None:
    """The round report draws a range chart per issue; the negotiation report matrix and index."""
    assert len(negpos.charts(REPORT)) == PAGE.count("<svg") == PAGE.count('class="chart ranges"')
    assert 'class="chart gaps"' not in PAGE
    assert 'class="chart matrix"' in WHOLE
    assert 'class="chart index"' in WHOLE


def test_changes_since_the_previous_round() -> None:
    """Each side's moves since its previous round are listed under its name."""
    assert "<h3>Russia since Istanbul round 1 (16 May 2025)</h3>" in PAGE
    assert "<h3>Ukraine since Istanbul round 1 (16 May 2025)</h3>" in PAGE


def test_templates_are_autoescaped() -> None:
    """Every template ends in .html, is autoescaped, and marks nothing as safe."""
    env = _environment()
    names = sorted(p.name for p in TEMPLATES.iterdir())
    assert names
    for name in names:
        assert name.endswith(".html")
        template = env.get_template(name)
        assert template.environment.autoescape is not False
        assert env.autoescape(name) if callable(env.autoescape) else env.autoescape
        text = (TEMPLATES / name).read_text(encoding="utf-8")
        assert [] == re.findall(r"\|\s*safe|autoescape\s+false|Markup\(", text)


def test_page_starts_with_a_doctype_and_ends_with_a_line_break() -> None:
    """The page is a complete HTML document."""
    assert PAGE.startswith('<!DOCTYPE html>\n<html lang="en">')
    assert PAGE.endswith("</html>\n")
