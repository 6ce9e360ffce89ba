"""Hostile analyst text cannot inject markup, break a table or drive a terminal.

One negotiation is built twice with the same shape: once with plain words, once with text
full of markup and control characters in every field a report shows (titles, labels, party
names, notes, quotes, venues, statements). Each format must render the hostile version with
exactly the structure of the plain one, and show the hostile text as text.
"""

from __future__ import annotations

import io
import json
import re
import unicodedata
import xml.etree.ElementTree as ET
from collections.abc import Callable
from html.parser import HTMLParser
from typing import Any

import pytest
from markdown_it import MarkdownIt

import negpos
from negpos._render.json import to_data
from negpos._render.terminal import print_result

HOSTILE = (
    "<script>alert(1)</script> </table></td> | col | `tick` ``x``\nsecond line\r\n"
    "\x07bell \x1b[31mred\x1b[0m \u202eevil javascript:alert(1) [x](javascript:alert(1)) "
    "<img src=x onerror=alert(1)> \"quoted\" 'single' &amp; &lt; **bold** _u_ ~~s~~ "
    "# heading [bold]rich[/bold] {{ 7 * 7 }} \\ trailing\\"
)
# The model refuses spaces, quotes and angle brackets in URLs; these characters remain.
URL = "https://example.org/a)b|c'd(e)\\f`g"


def hostile(key: str) -> str:
    """Hostile text, different for each field so that a leak can be traced."""
    return f"{key}: {HOSTILE}"


def plain(key: str) -> str:
    """Plain text of the same role."""
    return f"{key} in plain words"


def build(text: Callable[[str], str]) -> negpos.Negotiation:
    """A two-round negotiation whose every report-visible string comes from ``text``."""

    def source(key: str) -> dict[str, Any]:
        return {
            "document": text(f"{key} document"),
            "publisher": text(f"{key} publisher"),
            "section": text(f"{key} section"),
            "quote": text(f"{key} quote"),
            "note": text(f"{key} source note"),
            "url": URL,
        }

    def element(eid: str) -> dict[str, Any]:
        return {"id": eid, "label": text(f"label {eid}")}

    def position(issue: str, stance: dict[str, Any], **extra: Any) -> dict[str, Any]:
        return {
            "issue": issue,
            "stance": stance,
            # An address in a note becomes a link: with hostile text around it and in it.
            "note": text(f"note {issue}") + f" see {URL} and https://example.org/x?<b>",
            "sources": [source(issue)],
            **extra,
        }

    issues = [
        {
            "id": "land",
            "kind": "set",
            "title": text("issue land"),
            "category": "territory",
            "items": [element("north"), element("south")],
        },
        {
            "id": "army",
            "kind": "numeric",
            "title": text("issue army"),
            "category": "security",
            "unit": text("unit"),
            "bounds": [0.0, 1000000.0],
        },
        {
            "id": "order",
            "kind": "sequence",
            "title": text("issue order"),
            "steps": [element("truce"), element("talks"), element("vote")],
        },
        {
            "id": "level",
            "kind": "ordinal",
            "title": text("issue level"),
            "levels": [element("low"), element("mid"), element("high")],
        },
        {
            "id": "choice",
            "kind": "categorical",
            "title": text("issue choice"),
            "options": [element("left"), element("right")],
        },
        {"id": "neutral", "kind": "boolean", "title": text("issue neutral")},
        {"id": "preamble", "kind": "text", "title": text("issue preamble")},
    ]
    first_a = [
        position("land", {"kind": "set", "requires": ["north"]}, firmness="red_line"),
        position("army", {"kind": "numeric", "max": 600000.0}),
        position("order", {"kind": "sequence", "precedes": [["truce", "talks"]]}),
        position("preamble", {"kind": "text", "statement": text("statement a")}),
    ]
    first_b = [
        position("land", {"kind": "set", "forbids": ["north"]}, firmness="red_line"),
        position("army", {"kind": "numeric", "min": 800000.0}),
        position("order", {"kind": "sequence", "precedes": [["talks", "truce"]]}),
        position("level", {"kind": "ordinal", "lowest": "low", "highest": "mid"}),
        position("preamble", {"kind": "text", "statement": text("statement b")}),
    ]
    # The second round rewrites the army position's note and quote: their word differences
    # reach the change reports, one added word at the front, hostile text after it.
    revised_army = {
        **position("army", {"kind": "numeric", "max": 900000.0}, salience=0.9),
        "note": text("revised note army"),
        "sources": [{**source("army"), "quote": text("new army quote")}],
    }
    second_a = [
        revised_army,
        position("level", {"kind": "ordinal", "lowest": "mid", "highest": "high"}),
        position("neutral", {"kind": "boolean", "accepts": [True]}),
    ]
    second_b = [
        position("choice", {"kind": "categorical", "accepts": ["left"]}),
        position("neutral", {"kind": "boolean", "accepts": [True, False]}),
    ]
    group = {
        "id": "options",
        "label": text("group label"),
        "options": [
            {
                "id": "one",
                "label": text("option one"),
                "positions": [position("choice", {"kind": "categorical", "accepts": ["right"]})],
            },
            {
                "id": "two",
                "label": text("option two"),
                "positions": [position("choice", {"kind": "categorical", "accepts": ["left"]})],
            },
        ],
    }
    data = {
        "title": text("negotiation title"),
        "description": text("description"),
        "parties": [
            {"id": "a", "name": text("party a")},
            {"id": "b", "name": text("party b")},
        ],
        "issues": issues,
        "rounds": [
            {
                "id": "r1",
                "date": "2025-05-16",
                "label": text("round one"),
                "venue": text("venue one"),
                "note": text("round note") + f" at {URL}.",
                "sources": [source("round")],
                "memoranda": [
                    {"party": "a", "title": text("memo a1"), "positions": first_a},
                    {"party": "b", "title": text("memo b1"), "positions": first_b},
                ],
            },
            {
                "id": "r2",
                "date": "2025-06-02",
                "label": text("round two"),
                "venue": text("venue two"),
                "memoranda": [
                    {
                        "party": "a",
                        "title": text("memo a2"),
                        "positions": second_a,
                        "alternatives": [group],
                        "sources": [source("memo")],
                    },
                    {"party": "b", "title": text("memo b2"), "positions": second_b},
                ],
            },
        ],
    }
    return negpos.Negotiation.model_validate(data)


def results(neg: negpos.Negotiation) -> dict[str, Any]:
    """Every renderable result of the negotiation, by name."""
    return {
        "round": negpos.round_report(neg, round_id="r2"),
        "negotiation": negpos.negotiation_report(neg),
        "comparison": neg.compare("a", "b", round_id="r2"),
        "matrix": neg.matrix(round_id="r2"),
        "changes": neg.changes("a", from_round="r1", to_round="r2"),
        "trajectory": neg.trajectory("a", "b"),
    }


HOSTILE_RESULTS = results(build(hostile))
PLAIN_RESULTS = results(build(plain))
NAMES = sorted(HOSTILE_RESULTS)


class Structure(HTMLParser):
    """Records the tags of a page (outside SVG), the SVG elements, hrefs and attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, tuple[str, ...]]] = []
        self.svg_tags: set[str] = set()
        self.hrefs: list[str] = []
        self.attributes: set[str] = set()
        self.text: list[str] = []
        self._svg = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.attributes.update(name for name, _ in attrs)
        self.hrefs.extend(value or "" for name, value in attrs if name == "href")
        if tag == "svg":
            self._svg += 1
        if self._svg:
            self.svg_tags.add(tag)
        else:
            self.tags.append((tag, tuple(sorted(name for name, _ in attrs))))

    def handle_endtag(self, tag: str) -> None:
        if tag == "svg":
            self._svg -= 1
        if not self._svg:
            self.tags.append((f"/{tag}", ()))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(page: str) -> Structure:
    """The structure of an HTML page."""
    parser = Structure()
    parser.feed(page)
    parser.close()
    return parser


@pytest.mark.parametrize("name", NAMES)
def test_html_keeps_its_structure(name: str) -> None:
    """Hostile text gives exactly the tags and attributes that plain text gives."""
    hostile_page = parse(negpos.render(HOSTILE_RESULTS[name], "html"))
    plain_page = parse(negpos.render(PLAIN_RESULTS[name], "html"))
    assert plain_page.tags == hostile_page.tags


@pytest.mark.parametrize("name", NAMES)
def test_html_runs_nothing(name: str) -> None:
    """No script, no event handler, no javascript: link, no control character reaches the page."""
    page = negpos.render(HOSTILE_RESULTS[name], "html")
    structure = parse(page)
    assert [] == re.findall(r"<script", page, flags=re.IGNORECASE)
    assert set() == {a for a in structure.attributes if a.startswith("on")}
    assert [] == [h for h in structure.hrefs if not h.startswith(("https://", "#"))]
    assert {"svg", "g", "title", "text", "line", "rect", "circle", "polyline"} >= structure.svg_tags
    leaked = {ch for ch in page if unicodedata.category(ch) in ("Cc", "Cf") and ch != "\n"}
    assert set() == leaked


def test_html_shows_the_hostile_text_as_text() -> None:
    """The words of a hostile title come back, character for character, as page text."""
    page = negpos.render(HOSTILE_RESULTS["round"], "html")
    text = "".join(parse(page).text)
    assert "<script>alert(1)</script> </table></td> | col | `tick`" in text
    assert "<img src=x onerror=alert(1)> \"quoted\" 'single' &amp; &lt;" in text


def cells(line: str) -> int:
    """The number of cells of a Markdown table row, honouring backslash escapes."""
    count, escaped = 0, False
    for ch in line.strip():
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == "|":
            count += 1
    return count - 1


def table_shape(markdown: str) -> list[int]:
    """Cells per line: the cell count of table rows, -1 for other lines."""
    return [cells(line) if line.startswith("|") else -1 for line in markdown.splitlines()]


@pytest.mark.parametrize("name", NAMES)
def test_markdown_tables_keep_their_cells(name: str) -> None:
    """Every row of every table has as many cells as with plain text, and lines do not split."""
    hostile_md = negpos.render(HOSTILE_RESULTS[name], "markdown")
    plain_md = negpos.render(PLAIN_RESULTS[name], "markdown")
    assert table_shape(plain_md) == table_shape(hostile_md)


@pytest.mark.parametrize("name", NAMES)
def test_markdown_renders_to_the_same_html(name: str) -> None:
    """A Markdown renderer that allows raw HTML gives the same tags as for plain text."""
    md = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    hostile_html = md.render(negpos.render(HOSTILE_RESULTS[name], "markdown"))
    plain_html = md.render(negpos.render(PLAIN_RESULTS[name], "markdown"))
    structure = parse(hostile_html)
    assert parse(plain_html).tags == structure.tags
    assert [] == re.findall(r"<script", hostile_html, flags=re.IGNORECASE)
    assert [] == [h for h in structure.hrefs if not h.startswith("https://")]
    if name != "matrix":  # a bare matrix shows party ids only
        assert "<script>alert(1)</script> </table></td> | col | `tick`" in "".join(structure.text)


@pytest.mark.parametrize("name", NAMES)
def test_json_round_trips(name: str) -> None:
    """The JSON parses and gives back the hostile strings exactly, control characters too."""
    data = json.loads(negpos.render(HOSTILE_RESULTS[name], "json"))
    assert to_data(HOSTILE_RESULTS[name]) == data
    if name not in ("matrix", "trajectory"):  # these hold ids and figures only
        found = json.dumps(data, ensure_ascii=False)
        assert json.dumps(HOSTILE, ensure_ascii=False)[1:-1] in found


def test_json_keeps_titles_verbatim() -> None:
    """A hostile negotiation title is stored exactly as written."""
    data = json.loads(negpos.render(HOSTILE_RESULTS["round"], "json"))
    assert hostile("negotiation title") == data["title"]


@pytest.mark.parametrize("name", NAMES)
def test_terminal_shows_text_not_markup(name: str) -> None:
    """Markup in analyst text is printed as written; no escape sequence reaches the screen."""
    buffer = io.StringIO()
    print_result(HOSTILE_RESULTS[name], buffer)
    out = buffer.getvalue()
    assert "\x1b" not in out
    assert "\x07" not in out
    if name in ("round", "comparison", "changes"):
        assert "[bold]rich[/bold]" in out


def _note_change(before: str, after: str) -> negpos.ChangeSet:
    """A change set whose only difference is a position's note."""
    truce = negpos.BooleanIssue(id="truce", title="Truce")

    def memo(note: str) -> negpos.Memorandum:
        stance = negpos.BooleanStance(accepts=(True,))
        position = negpos.Position(issue="truce", stance=stance, note=note)
        return negpos.Memorandum(party="a", positions=(position,))

    return negpos.changes(memo(before), memo(after), None, [truce])


def _marked_runs(before: str, after: str) -> tuple[int, int]:
    """How many removed and added runs the word difference of two notes has."""
    from negpos._render.fieldchanges import PieceKind, word_diff

    pieces = word_diff(before, after)
    return (
        sum(p.kind is PieceKind.REMOVED for p in pieces),
        sum(p.kind is PieceKind.ADDED for p in pieces),
    )


# Hostile words inside the runs a word difference marks, not only around them.
OLD_NOTE = f"Kept words {HOSTILE} and the end"
NEW_NOTE = f"Kept words <b>new</b> ~~old~~ **x** <del>d</del> {HOSTILE} and the </ins> end"


def test_html_word_differences_mark_hostile_runs_as_text() -> None:
    """Removed and added hostile words sit as text inside <del> and <ins>, adding no other tag."""
    page = negpos.render(_note_change(OLD_NOTE, NEW_NOTE), "html")
    structure = parse(page)
    removed, added = _marked_runs(OLD_NOTE, NEW_NOTE)
    assert (removed, added) == (
        sum(tag == "del" for tag, _ in structure.tags),
        sum(tag == "ins" for tag, _ in structure.tags),
    )
    assert not {"b", "script", "img"} & {tag for tag, _ in structure.tags}
    assert "<b>new</b> ~~old~~ **x** <del>d</del>" in "".join(structure.text)


def test_markdown_word_differences_mark_hostile_runs_as_text() -> None:
    """Struck and emphasised runs are exactly the word difference's; hostile markup stays text."""
    md = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    page = md.render(negpos.render(_note_change(OLD_NOTE, NEW_NOTE), "markdown"))
    structure = parse(page)
    removed, added = _marked_runs(OLD_NOTE, NEW_NOTE)
    tags = [tag for tag, _ in structure.tags]
    # One <strong> is the position's title above its fields.
    assert (removed, added + 1) == (tags.count("s"), tags.count("strong"))
    assert not {"b", "script", "img", "del", "ins"} & set(tags)
    assert "<b>new</b> ~~old~~ **x** <del>d</del>" in "".join(structure.text)


@pytest.mark.parametrize("name", ["round", "negotiation", "comparison", "matrix", "trajectory"])
def test_standalone_charts_stay_well_formed(name: str) -> None:
    """Each chart saved on its own is well-formed XML that runs and loads nothing."""
    charts = negpos.charts(HOSTILE_RESULTS[name])
    assert charts.keys() == negpos.charts(PLAIN_RESULTS[name]).keys()
    for text in charts.values():
        root = ET.fromstring(text.encode("utf-8"))
        tags = {element.tag.rpartition("}")[2] for element in root.iter()}
        assert {"svg", "g", "title", "text", "line", "rect", "circle", "polyline"} >= tags
        assert not any(a.startswith("on") for e in root.iter() for a in e.attrib)
        assert not re.search(r"<script|href|url\(", text, flags=re.IGNORECASE)


def test_links_in_notes_are_only_web_addresses() -> None:
    """A note's http address becomes a link; its javascript: text and markup stay text."""
    page = negpos.render(HOSTILE_RESULTS["round"], "html")
    hrefs = parse(page).hrefs
    assert "https://example.org/a)b|c" in hrefs
    assert "https://example.org/x" in hrefs  # a closing "?" ends the sentence
    assert not [h for h in hrefs if h.startswith("javascript")]
    markdown = negpos.render(HOSTILE_RESULTS["round"], "markdown")
    assert "<https://example.org/a%29b%7Cc>" in markdown
