"""Markdown rendering: the escaping laws, and what the tables say."""

from __future__ import annotations

from urllib.parse import unquote

from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token

import negpos
from negpos._render.markdown import escape, escape_url
from negpos._render.words import clean_text

MD = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])

# Text that stresses Markdown: its own metacharacters, HTML, entities, line starts.
markdownish = st.text(
    alphabet=st.sampled_from(list("ab1 .-+=>#|`*_[]()<>!&;\\~:/\n\t\x07\u202e\u00a0é")),
    max_size=40,
)


def inline_text(tokens: list[Token]) -> str:
    """The plain text of the inline tokens of a rendered snippet."""
    parts: list[str] = []
    for token in tokens:
        for child in token.children or ():
            if child.type in ("text", "code_inline"):
                parts.append(child.content)
            elif child.type in ("softbreak", "hardbreak"):
                parts.append("\n")
            else:
                parts.append(f"<{child.type}>")
    return "".join(parts)


@given(markdownish)
def test_escaped_text_reads_back_as_itself(text: str) -> None:
    """A paragraph of escaped text renders as exactly the cleaned, trimmed text."""
    tokens = MD.parse(escape(text))
    expected = clean_text(text).strip()
    assert expected == inline_text([t for t in tokens if t.type == "inline"])
    blocks = {t.type for t in tokens} - {"inline"}
    assert (set() if not expected else {"paragraph_open", "paragraph_close"}) == blocks


@given(markdownish, markdownish)
def test_escaped_cells_stay_in_their_cells(left: str, right: str) -> None:
    """Escaped text in a table row gives exactly two cells holding the cleaned text."""
    source = f"| a | b |\n|---|---|\n| {escape(left)} | {escape(right)} |\n"
    tokens = MD.parse(source)
    cells = [t for t in tokens if t.type == "inline"][2:]
    assert [clean_text(left).strip(), clean_text(right).strip()] == [
        inline_text([c]) for c in cells
    ]


def test_escape_examples() -> None:
    """Hand-checked escapes: pipes, HTML, backticks, line breaks, list starts."""
    assert "a \\| b" == escape("a | b")
    assert "\\<script\\>x\\</script\\>" == escape("<script>x</script>")
    assert "\\`code\\`" == escape("`code`")
    assert "one two" == escape("one\ntwo")
    assert "bell" == escape("\x07bell")
    assert "\\- item" == escape("- item")
    assert "12\\) twelve" == escape("12) twelve")
    assert "\\&amp;" == escape("&amp;")


def test_escape_url_examples() -> None:
    """Characters that end a link or split a cell are percent-encoded; others stay."""
    assert "https://e.org/a%28b%29%7Cc%5Cd%60" == escape_url("https://e.org/a(b)|c\\d`")
    assert "https://e.org/%E2%80%AEx" == escape_url("https://e.org/\u202ex")
    assert "https://e.org/é?q=1&r=2" == escape_url("https://e.org/é?q=1&r=2")


@given(st.text(alphabet=st.sampled_from(list("ab()|\\` <>\"'é")), max_size=20))
def test_links_keep_their_address(path: str) -> None:
    """A link to an escaped address renders with the address, percent-encoded, as its href."""
    url = "https://example.org/" + path
    tokens = MD.parse(f"[x]({escape_url(url)})")
    links = [c for t in tokens for c in t.children or () if c.type == "link_open"]
    assert 1 == len(links)
    href = links[0].attrs["href"]
    assert isinstance(href, str)
    assert url == unquote(href)


def test_round_report_headline() -> None:
    """The June 2025 report opens with the round, the date and the two parties."""
    text = negpos.round_report(negpos.bundled(), round_id="istanbul-2").to_markdown()
    lines = text.splitlines()
    assert "# Istanbul round 2 — the two memoranda" == lines[0]
    assert lines[2].startswith(
        "Russia–Ukraine talks, 2022–2026 · 2 June 2025 · Çırağan Palace, Istanbul, Turkey · "
        "[\\[1\\]]"
    )
    assert lines[4].startswith("Comparing **Russia** (`ru`) and **Ukraine** (`ua`)")


def test_round_report_summary_row() -> None:
    """The summary table gives the index, the mean gap and the count of every status.

    Settled, conditional and "in another option" are shown only when some issue has them:
    in June 2025 three issues are settled and eight are in another option, none conditional.
    """
    report = negpos.round_report(negpos.bundled(), round_id="istanbul-2")
    s = report.comparison.summary
    assert s.compatibility is not None
    assert s.mean_gap is not None
    optional = {"settled", "conditional", "other_option"}
    row = (
        f"| {s.compatibility:.2f} | {s.mean_gap:.2f} | "
        + " | ".join(str(n) for st, n in s.counts if n or st.value not in optional)
        + " |"
    )
    lines = report.to_markdown().splitlines()
    assert row in lines
    assert lines[lines.index(row) - 2].startswith("| Compatibility index | Mean gap | Settled")


def test_red_lines_come_first() -> None:
    """The first table after the summary lists the red lines in conflict, most severe first."""
    report = negpos.round_report(negpos.bundled(), round_id="istanbul-2")
    lines = report.to_markdown().splitlines()
    start = lines.index("### Red lines in conflict")
    rows = lines[start + 4 : start + 4 + len(report.comparison.summary.red_line_conflicts)]
    first = report.comparison.summary.red_line_conflicts[0]
    assert rows[0].startswith(f"| {escape(first.issue.title)} (`{first.issue.id}`) | 1.00 |")


def test_every_cited_source_is_listed_once() -> None:
    """The sources list numbers every source of the report exactly once, in order."""
    report = negpos.round_report(negpos.bundled(), round_id="istanbul-2")
    text = report.to_markdown()
    # An entry's passages are bullets indented under it, not entries.
    lines = text.split("## Sources\n\n", 1)[1].splitlines()
    listed = [line for line in lines if line and not line.startswith(" ")]
    assert [f"{n}." for n in range(1, len(report.sources.sources) + 1)] == [
        line.split(" ", 1)[0] for line in listed
    ]
