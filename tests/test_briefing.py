"""Reports pasted into a briefing: one number per source, every position cited, links.

Links in notes are only web addresses, and every chart can be saved as an SVG of its own.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import negpos
from negpos._analysis.reports import SourceIndex, source_key
from negpos._cli.main import main
from negpos._render.markdown import _autolinked
from negpos._render.view import split_urls

PAGE_URL = "https://example.org/memo"

TALKS = negpos.loads(
    f"""
format: 1
title: Talks
parties: [{{id: a, name: Alpha}}, {{id: b, name: Beta}}]
issues:
  - {{id: days, kind: numeric, title: Days, unit: days, bounds: [0, 100]}}
  - {{id: truce, kind: boolean, title: Truce}}
rounds:
  - id: r1
    date: 2025-05-16
    sources: ["{PAGE_URL}"]
    memoranda:
      - party: a
        positions:
          - {{issue: days, stance: {{kind: numeric, max: 20}}, sources: ["{PAGE_URL}/"]}}
          - {{issue: truce, stance: {{kind: boolean, accepts: [true]}}}}
      - party: b
        positions:
          - {{issue: days, stance: {{kind: numeric, min: 70}}}}
          - {{issue: truce, stance: {{kind: boolean, accepts: [false]}}}}
  - id: r2
    date: 2025-06-02
    note: "Minutes at {PAGE_URL}/minutes. See also javascript:alert(1)."
    memoranda:
      - party: a
        positions:
          - issue: days
            stance: {{kind: numeric, max: 60}}
            note: "Reported at https://example.org/news?id=1&x=<b>."
            sources:
              - {{url: "{PAGE_URL}#p2", document: The memorandum, publisher: Ministry, section: Point 2}}
              - {{url: "https://example.org/later", document: Later article}}
""",
    fmt="yaml",
)


def test_the_same_url_is_one_source() -> None:
    """A page cited bare and with a title gets one number, listing the title."""
    bare = negpos.Source(url=PAGE_URL)
    titled = negpos.Source(url=PAGE_URL + "/#p2", document="The memorandum", section="Point 2")
    other = negpos.Source(url="https://example.org/other")
    index = SourceIndex.of([bare, other, titled])
    assert 2 == len(index.sources)
    assert index.number(bare) == index.number(titled) == 1
    assert "The memorandum" == index.sources[0].label
    assert PAGE_URL == index.sources[0].url
    # One passage only: the merged source carries it.
    assert "Point 2" == index.sources[0].section
    assert () == index.passages(1)


def test_passages_of_one_source_are_listed() -> None:
    """A source cited at two sections keeps both, in the JSON and in the list."""
    one = negpos.Source(url=PAGE_URL, section="Point 1")
    two = negpos.Source(url=PAGE_URL, section="Point 2", quote="we agree")
    index = SourceIndex.of([one, two])
    assert ((("Point 1", None)), ("Point 2", "we agree")) == index.passages(1)
    assert index.sources[0].section is None
    assert [{"section": "Point 1", "quote": None}, {"section": "Point 2", "quote": "we agree"}] == (
        index.to_dict()[0]["passages"]
    )


def test_sources_without_url_are_one_by_title_and_publisher() -> None:
    """Without a URL, the title and publisher identify a source."""
    assert source_key(negpos.Source(document="Memo", section="1")) == source_key(
        negpos.Source(document="Memo", quote="q")
    )
    assert source_key(negpos.Source(document="Memo")) != source_key(
        negpos.Source(document="Memo", publisher="TASS")
    )


def test_change_reports_cite_the_new_position() -> None:
    """The moves table cites the position now as well as the one before."""
    changes = TALKS.changes("a", from_round="r1", to_round="r2")
    html = changes.to_html()
    markdown = changes.to_markdown()
    index = SourceIndex.of_changes(changes)
    assert 2 == len(index.sources)  # the memo page (before and now) and the later article
    now = re.search(r'<td data-label="Now">(.*?)</td>', html, flags=re.S)
    assert now is not None
    assert 'href="https://example.org/later"' in now.group(1)
    row = next(line for line in markdown.splitlines() if line.startswith("| Days"))
    assert "\\[2\\]](https://example.org/later)" in row


def test_round_report_numbers_a_page_once() -> None:
    """The round's bare URL and the positions' titled one are one numbered source."""
    report = negpos.round_report(TALKS, round_id="r2")
    urls = [s.url for s in report.sources.sources]
    assert len(urls) == len({u.rstrip("/") for u in urls if u})
    html = report.to_html()
    assert 1 == html.count('<li id="source-1">')


def test_notes_link_their_urls_safely() -> None:
    """An http(s) address in a note becomes a link, escaped; nothing else does."""
    report = negpos.round_report(TALKS, round_id="r2")
    html = report.to_html()
    assert (
        '<a href="https://example.org/memo/minutes">https://example.org/memo/minutes</a>.' in html
    )
    assert (
        '<a href="https://example.org/news?id=1&amp;x=">https://example.org/news?id=1&amp;x=</a>'
        "&lt;b&gt;."
    ) in html
    assert 'href="javascript' not in html
    markdown = report.to_markdown()
    assert "<https://example.org/memo/minutes>. See also javascript:alert(1)." in markdown
    assert "<https://example.org/news?id=1&x=>\\<b\\>." in markdown


@pytest.mark.parametrize(
    ("text", "urls"),
    [
        ("(see https://a.org/x_(y)).", ["https://a.org/x_(y)"]),
        ("ftp://a.org and https:// and http://b.org,", ["http://b.org"]),
        ("https://a.org/\u202e", ["https://a.org/\u202e"]),
    ],
)
def test_split_urls_finds_web_addresses_only(text: str, urls: list[str]) -> None:
    """Only http and https addresses are links; the pieces join back to the text."""
    pieces = list(split_urls(text))
    assert text == "".join(p for p, _ in pieces)
    assert urls == [p for p, url in pieces if url]


def test_markdown_autolinks_cannot_break_out() -> None:
    """An address that holds a ``>`` or ``|`` is percent-encoded inside the autolink."""
    assert "<https://a.org/x%7Cy>" in _autolinked("https://a.org/x|y")


def test_negotiation_report_cites_its_sources() -> None:
    """The whole-negotiation report numbers the rounds' and memoranda's sources."""
    report = negpos.negotiation_report(negpos.bundled())
    assert report.sources.sources
    html = report.to_html()
    assert '<h2 id="sources">Sources</h2>' in html
    assert 'class="cite"' in html
    assert "## Sources" in report.to_markdown()
    assert report.to_dict()["sources"][0]["number"] == 1


def test_charts_api_gives_standalone_svg() -> None:
    """Every chart of a report parses as XML on its own, names a size, loads nothing."""
    for result in (
        negpos.round_report(negpos.bundled(), round_id="istanbul-2"),
        negpos.negotiation_report(negpos.bundled()),
    ):
        found = negpos.charts(result)
        assert found
        assert found == negpos.charts(result)
        for name, text in found.items():
            assert re.fullmatch(r"[a-z0-9._-]+", name)
            assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<svg ')
            root = ET.fromstring(text.encode("utf-8"))
            assert root.tag == "{http://www.w3.org/2000/svg}svg"
            assert float(root.get("width") or 0) > 0
            assert float(root.get("height") or 0) > 0
            assert "font-family" in root.attrib
            assert not re.search(r"href|url\(|<image|<style|@import", text)


def test_round_report_charts_each_two_sided_issue() -> None:
    """The round report draws one range chart per issue both sides address on an axis."""
    report = negpos.round_report(negpos.bundled(), round_id="istanbul-2")
    names = list(negpos.charts(report))
    charted = [
        c.issue.id
        for c in report.comparison.rows
        if c.position_a is not None
        and c.position_b is not None
        and c.issue.kind.value not in ("sequence", "text")
    ]
    assert [f"ranges-{i}" for i in charted] == names
    assert len(names) == report.to_html().count('class="chart ranges"')


def test_charts_refuse_other_results() -> None:
    """A result without charts is refused with a usage error."""
    with pytest.raises(negpos.UsageError):
        negpos.charts(TALKS.changes("a", from_round="r1", to_round="r2"))


def test_cli_writes_the_charts(tmp_path: Path) -> None:
    """``negpos report --charts DIR`` writes one SVG per chart, byte for byte the API's."""
    out = tmp_path / "slides"
    page = tmp_path / "r.html"
    code = main(["report", "--round", "istanbul-2", "--charts", str(out), "-o", str(page), "-q"])
    assert 0 == code
    expected = negpos.charts(negpos.round_report(negpos.bundled(), round_id="istanbul-2"))
    written = {p.stem: p.read_text(encoding="utf-8") for p in out.iterdir()}
    assert expected == written
    assert page.exists()
