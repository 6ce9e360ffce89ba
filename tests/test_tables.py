"""Spreadsheets in and out: positions read from CSV and XLSX, written back, results as tables."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

import negpos
from negpos import strategies as nst
from negpos._cli.main import main
from negpos._io.tables import format_stance, parse_stance

AGENDA = """\
format: 1
title: Harbour port concession
parties:
  - {id: city, name: City council}
  - {id: operator, name: Harbour Operators Ltd}
issues:
  - {id: staff.transfer, kind: boolean, title: Staff transfer}
  - {id: model, kind: categorical, title: Model, options: [lease, concession, joint]}
  - {id: control, kind: ordinal, title: Control, levels: [none, some, full]}
  - {id: years, kind: numeric, title: Years, unit: years, bounds: [-10, 60]}
  - {id: berths, kind: set, title: Berths, items: [north, south, container]}
  - {id: steps, kind: sequence, title: Steps, steps: [survey, tender, handover]}
  - {id: remarks, kind: text, title: Remarks}
rounds:
  - {id: r1, date: 2025-03-04}
  - {id: r2, date: 2025-04-08}
"""

HEADER = "round,party,issue,stance,preferred,salience,firmness,sources,note\n"


@pytest.fixture
def agenda(tmp_path: Path) -> Path:
    path = tmp_path / "agenda.yaml"
    path.write_text(AGENDA)
    return path


def _csv(tmp_path: Path, text: str, name: str = "positions.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8", newline="")
    return path


def _problems(path: Path, agenda: Path | None = None) -> list[str]:
    with pytest.raises(negpos.InputError) as info:
        negpos.load_table(path, agenda=agenda)
    return [str(p) for p in info.value.problems]


# --- the stance syntax ----------------------------------------------------------------------

STANCES: list[tuple[str, str, dict[str, Any]]] = [
    ("staff.transfer", "yes", {"accepts": (True,)}),
    ("staff.transfer", "no", {"accepts": (False,)}),
    ("staff.transfer", "yes|no", {"accepts": (True, False)}),
    ("staff.transfer", "no | yes", {"accepts": (False, True)}),
    ("model", "lease", {"accepts": ("lease",)}),
    ("model", "lease|joint", {"accepts": ("lease", "joint")}),
    ("control", "some", {"lowest": "some", "highest": "some"}),
    ("control", "none..full", {"lowest": "none", "highest": "full"}),
    ("years", ">=30", {"min": 30.0, "max": None}),
    ("years", "≥30", {"min": 30.0, "max": None}),
    ("years", "<=25", {"min": None, "max": 25.0}),
    ("years", "20..25", {"min": 20.0, "max": 25.0}),
    ("years", "-5..2.5", {"min": -5.0, "max": 2.5}),
    ("years", "30", {"min": 30.0, "max": 30.0}),
    ("years", "=30", {"min": 30.0, "max": 30.0}),
    ("years", "any", {"min": None, "max": None}),
    ("berths", "+container -north", {"requires": ("container",), "forbids": ("north",)}),
    (
        "berths",
        "-north +south +container",
        {"requires": ("south", "container"), "forbids": ("north",)},
    ),
    ("berths", "any", {"requires": (), "forbids": ()}),
    (
        "steps",
        "survey<tender, tender<handover",
        {"precedes": (("survey", "tender"), ("tender", "handover"))},
    ),
    (
        "steps",
        "survey<tender<handover",
        {"precedes": (("survey", "tender"), ("tender", "handover"))},
    ),
    ("steps", "any", {"precedes": ()}),
    (
        "remarks",
        "  Free text, even = or | or <b>  ",
        {"statement": "  Free text, even = or | or <b>  "},
    ),
    ("years", "{min: 10, max: 20}", {"min": 10.0, "max": 20.0}),
    ("berths", '{"kind": "set", "requires": ["north"]}', {"requires": ("north",)}),
]


@pytest.mark.parametrize(("issue", "cell", "expected"), STANCES)
def test_every_stance_syntax(
    tmp_path: Path, agenda: Path, issue: str, cell: str, expected: dict[str, Any]
) -> None:
    path = tmp_path / "positions.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(
            [["round", "party", "issue", "stance"], ["r1", "city", issue, cell]]
        )
    neg = negpos.load_table(path, agenda=agenda)
    stance = neg.round("r1").memoranda[0].positions[0].stance
    for field, value in expected.items():
        assert value == getattr(stance, field)
    # What negpos writes reads back as the same stance.
    assert (
        stance
        == negpos.load_table(path, agenda=agenda).round("r1").memoranda[0].positions[0].stance
    )
    again = parse_stance(neg.issue(issue), format_stance(stance))
    assert stance == type(stance).model_validate(again)


def test_preferred_salience_firmness_sources_note(tmp_path: Path, agenda: Path) -> None:
    path = _csv(
        tmp_path,
        HEADER
        + "r1,city,years,20..25,22,0.9,red_line,https://example.org/a https://example.org/b,A note\n"
        + "r1,city,staff.transfer,yes|no,no,,,,\n"
        + "r1,city,control,none..full,some,,flexible,,\n"
        + "r2,operator,model,lease|joint,joint,0.25,open,\"[{document: Minutes, section: '2.1'}]\",\n",
    )
    neg = negpos.load_table(path, agenda=agenda)
    years, staff, control = neg.round("r1").memorandum("city").positions  # type: ignore[union-attr]
    assert (22.0, 0.9, "red_line") == (years.stance.preferred, years.salience, years.firmness)  # type: ignore[union-attr]
    assert ("https://example.org/a", "https://example.org/b") == tuple(s.url for s in years.sources)
    assert "A note" == years.note
    assert staff.stance.preferred is False  # type: ignore[union-attr]
    assert (0.5, "firm") == (staff.salience, staff.firmness)
    assert "some" == control.stance.preferred  # type: ignore[union-attr]
    model = neg.round("r2").memorandum("operator").positions[0]  # type: ignore[union-attr]
    assert "Minutes" == model.sources[0].document


def test_readings_conditions_links_and_salience_range(tmp_path: Path, agenda: Path) -> None:
    rows = [
        [
            "round",
            "party",
            "issue",
            "stance",
            "salience",
            "salience_range",
            "conditions",
            "links",
            "readings",
        ],
        [
            "r1",
            "operator",
            "staff.transfer",
            "yes",
            "0.6",
            "0.4..0.8",
            "[{issue: years, stance: {kind: numeric, min: 30}}]",
            "berths model",
            '[{"id": "no", "stance": {"kind": "boolean", "accepts": [false]}, "sources": ["https://example.org/x"]}]',
        ],
    ]
    path = tmp_path / "positions.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    neg = negpos.load_table(path, agenda=agenda)
    position = neg.round("r1").memoranda[0].positions[0]
    assert (0.4, 0.8) == position.salience_range
    assert "years" == position.conditions[0].issue
    assert ("berths", "model") == position.links
    assert "no" == position.readings[0].id
    out = tmp_path / "out.csv"
    negpos.dump_table(neg, out)
    assert neg == negpos.load_table(out, agenda=agenda)


# --- errors ---------------------------------------------------------------------------------

ERRORS: list[tuple[str, str]] = [
    (
        "round,party,issue,stance,salince\nr1,city,years,30,0.5\n",
        "row 1, column salince: unknown column 'salince'; did you mean 'salience'?",
    ),
    ("round,party,issue\nr1,city,years\n", "row 1: the column 'stance' is missing"),
    ("round,party,issue,stance\nr1,,years,30\n", "row 2, column party: the party is missing"),
    ("round,party,issue,stance\nr1,city,years,\n", "row 2, column stance: the stance is missing"),
    (
        "round,party,issue,stance\nr1,city,years,30\nr1,city,years,40\n",
        "row 3, column issue: 'city' takes a position on 'years' in round 'r1' in row 2 already",
    ),
    (
        "round,party,issue,stance\nr9,city,years,30\n",
        "row 2, column round: no round 'r9' in the agenda (rounds: r1, r2)",
    ),
    (
        "round,party,issue,stance\nr1,town,years,30\n",
        "row 2, column party: no party 'town' (parties: city, operator)",
    ),
    (
        "round,party,issue,stance\nr1,city,nope,30\n",
        "row 2, column issue: no issue 'nope' on the agenda",
    ),
    (
        "round,party,issue,stance\nr1,city,years,>30\n",
        "row 2, column stance: '>30': a stance includes its limits; write >= or <= (open ends: any)",
    ),
    (
        'round,party,issue,stance\nr1,city,years,"85,000"\n',
        "row 2, column stance: expected a number, found '85,000'; write numbers without thousands separators",
    ),
    (
        "round,party,issue,stance\nr1,city,years,70\n",
        "row 2, column stance: 70.0 lies outside the issue's bounds [-10.0, 60.0] (at max)",
    ),
    (
        "round,party,issue,stance\nr1,city,staff.transfer,true\n",
        "row 2, column stance: expected yes, no, yes|no or no|yes, found 'true'",
    ),
    (
        "round,party,issue,stance\nr1,city,model,lease|rent\n",
        "row 2, column stance: option 'rent' is not one of the issue's options: concession, joint, lease (at accepts)",
    ),
    (
        "round,party,issue,stance\nr1,city,control,full..none\n",
        "row 2, column stance: the range runs backwards: 'full' is above 'none' (at highest)",
    ),
    (
        "round,party,issue,stance\nr1,city,berths,container\n",
        "row 2, column stance: 'container': write +item for an item required and -item for one forbidden, separated by spaces (nothing required or forbidden: any)",
    ),
    (
        "round,party,issue,stance\nr1,city,steps,survey tender\n",
        "row 2, column stance: 'survey tender': write step<step, as in a<b, b<c or a<b<c (no constraint: any)",
    ),
    (
        "round,party,issue,stance,preferred\nr1,city,berths,+north,north\n",
        "row 2, column preferred: a set stance has no preferred outcome; leave the cell empty",
    ),
    (
        "round,party,issue,stance,preferred\nr1,city,years,20..25,30\n",
        "row 2, column stance: preferred 30.0 is above max 25.0",
    ),
    (
        "round,party,issue,stance,salience\nr1,city,years,30,high\n",
        "row 2, column salience: expected a number, found 'high'",
    ),
    (
        "round,party,issue,stance,salience\nr1,city,years,30,1.5\n",
        "row 2, column salience: Input should be less than or equal to 1",
    ),
    ("round,party,issue,stance,firmness\nr1,city,years,30,solid\n", "row 2, column firmness:"),
    (
        'round,party,issue,stance,conditions\nr1,city,years,30,"[{issue: years"\n',
        "row 2, column conditions: not a YAML or JSON value",
    ),
    (
        "round,party,issue,stance\nr1,city,years,30,extra\n",
        "row 2: a value, 'extra', in column E, which has no name in the first row",
    ),
    ('round,party,issue,stance\nr1,city,years,"30\n', "row 2: malformed CSV"),
    (
        "round;party;issue;stance\nr1;city;years;30\n",
        "the file seems separated by semicolons, but negpos reads commas",
    ),
]


@pytest.mark.parametrize(("text", "expected"), ERRORS)
def test_errors_name_file_row_and_column(
    tmp_path: Path, agenda: Path, text: str, expected: str
) -> None:
    path = _csv(tmp_path, text)
    problems = _problems(path, agenda)
    assert any(p.startswith(f"{path}: ") and expected in p for p in problems), problems


def test_every_problem_is_reported(tmp_path: Path, agenda: Path) -> None:
    path = _csv(
        tmp_path,
        "round,party,issue,stance\nr9,city,years,30\nr1,town,years,30\nr1,city,model,\nr1,city,years,x\n",
    )
    problems = _problems(path, agenda)
    assert 4 == len(problems)
    assert ["row 2", "row 3", "row 4", "row 5"] == [
        p.split(", ")[0].split(": ")[1] for p in problems
    ]


def test_csv_needs_an_agenda(tmp_path: Path) -> None:
    with pytest.raises(negpos.UsageError, match="agenda"):
        negpos.load_table(_csv(tmp_path, HEADER), agenda=None)


def test_unknown_suffix_is_refused(tmp_path: Path) -> None:
    with pytest.raises(negpos.UsageError, match=r"use \.csv or \.xlsx"):
        negpos.load_table(tmp_path / "positions.ods")
    with pytest.raises(negpos.UsageError, match=r"use \.csv or \.xlsx"):
        negpos.dump_table(negpos.bundled(), tmp_path / "positions.txt")


def test_empty_and_binary_files_are_refused(tmp_path: Path, agenda: Path) -> None:
    assert ["the file is empty"] == [
        p.split(": ", 1)[1] for p in _problems(_csv(tmp_path, "\n\n"), agenda)
    ]
    binary = tmp_path / "binary.csv"
    binary.write_bytes(b"round,party\x00\n")
    assert "NUL" in _problems(binary, agenda)[0]


def test_agenda_positions_are_replaced_and_memoranda_kept(tmp_path: Path) -> None:
    neg = negpos.bundled()
    path = _csv(tmp_path, "round,party,issue,stance\nistanbul-1,ru,security.nato,barred\n")
    read = negpos.load_table(path, agenda=neg)
    memo = read.round("istanbul-1").memorandum("ru")
    assert memo is not None
    assert ["security.nato"] == [p.issue for p in memo.positions]
    assert memo.title == neg.round("istanbul-1").memorandum("ru").title  # type: ignore[union-attr]
    assert 1 == sum(len(m.positions) for r in read.rounds for m in r.memoranda)


# --- hostile text ---------------------------------------------------------------------------

HOSTILE = [
    '=HYPERLINK("https://evil.example","click")',
    "+1+1",
    "-2+3",
    "@SUM(A1:A9)",
    "'=already quoted",
    "''twice",
    "<script>alert(1)</script> & <b>bold</b>",
    "line one\nline two\r\nline three\rend",
    "tab\there, bell\x07, escape\x1b[2J",
    "\u202eright-to-left override",
    "   spaces around   ",
    '"quotes", commas, and | pipes < >',
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_round_trips_through_csv(tmp_path: Path, agenda: Path, text: str) -> None:
    base = negpos.load(agenda)
    neg = _with_text(base, text)
    path = negpos.dump_table(neg, tmp_path / "positions.csv")
    for row in csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")):
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    assert neg == negpos.load_table(path, agenda=base)


def _with_text(base: negpos.Negotiation, text: str) -> negpos.Negotiation:
    data = base.to_dict()
    data["rounds"][0]["memoranda"] = [
        {
            "party": "city",
            "positions": [
                {"issue": "remarks", "stance": {"kind": "text", "statement": text}, "note": text},
                {"issue": "berths", "stance": {"kind": "set", "forbids": ["north"]}, "note": text},
                {
                    "issue": "years",
                    "stance": {"kind": "numeric", "min": -5},
                    "sources": [{"document": text}],
                },
            ],
        }
    ]
    return negpos.parse(data)


# --- the round trip -------------------------------------------------------------------------


def _has(data: Any, *chars: str) -> bool:
    r"""Whether any text in ``data`` (keys and values, at any depth) holds one of ``chars``.

    The texts are walked, not searched in a JSON dump, where a carriage return, a backspace
    or a form feed would hide behind a short escape (``\r``, ``\b``, ``\f``).
    """
    if isinstance(data, str):
        return any(c in data for c in chars)
    if isinstance(data, dict):
        return any(_has(k, *chars) or _has(v, *chars) for k, v in data.items())
    if isinstance(data, (list, tuple)):
        return any(_has(item, *chars) for item in data)
    return False


def test_has_sees_characters_json_would_escape_short() -> None:
    assert _has({"parties": [{"note": "\r"}]}, "\r")
    assert _has({"a\x08": 1}, "\x08")
    assert not _has({"note": "plain", "n": 3}, "\r", "\x0c")


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(nst.negotiations(max_parties=3, max_issues=5, max_rounds=3))
def test_round_trip_through_csv(tmp_path: Path, neg: negpos.Negotiation) -> None:
    """Writing the positions and reading them back on the same agenda gives the negotiation.

    The one text a CSV file cannot carry is a NUL character, which negpos never reads from a
    file: writing such a text is refused.
    """
    path = tmp_path / "positions.csv"
    positions = [p.to_dict() for r in neg.rounds for m in r.memoranda for p in m.positions]
    if _has(positions, "\x00"):
        try:
            negpos.dump_table(neg, path)
        except negpos.UsageError as exc:
            message = str(exc)
            assert "NUL" in message
            return
    negpos.dump_table(neg, path)
    assert neg == negpos.load_table(path, agenda=neg)


BAD_FOR_XLSX = [chr(c) for c in (*range(0x00, 0x09), 0x0B, 0x0C, 0x0D, *range(0x0E, 0x20))] + [
    "\ufffe",
    "\uffff",
]


@settings(
    max_examples=25,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(nst.negotiations(max_parties=3, max_issues=5, max_rounds=3))
def test_round_trip_through_xlsx(tmp_path: Path, neg: negpos.Negotiation) -> None:
    """A workbook holds the whole negotiation and reads back alone.

    XML, and so a workbook, cannot hold most control characters, nor a carriage return
    (read back as a line feed): writing such a text into a cell is refused, naming the cell.
    A text the workbook stores inside a JSON cell (a stance's fields) is escaped there and
    round-trips. So writing either refuses a character the negotiation really holds, or
    gives back the negotiation.
    """
    pytest.importorskip("openpyxl")
    path = tmp_path / "talks.xlsx"
    if _has(neg.to_dict(), *BAD_FOR_XLSX):
        try:
            negpos.dump_table(neg, path)
        except negpos.UsageError as error:
            assert "XLSX file cannot hold" in str(error)  # noqa: PT017 (either outcome is right)
            return
    else:
        negpos.dump_table(neg, path)
    assert neg == negpos.load_table(path)


def test_a_carriage_return_in_a_party_note_is_refused_for_xlsx(tmp_path: Path) -> None:
    """Found by Hypothesis: a note of a lone carriage return, which a workbook cannot keep."""
    pytest.importorskip("openpyxl")
    neg = negpos.Negotiation(title="t", parties=(negpos.Party(id="a", name="A", note="\r"),))
    with pytest.raises(negpos.UsageError, match=r"sheet parties, row 2, column note: .*XLSX"):
        negpos.dump_table(neg, tmp_path / "talks.xlsx")


def test_bundled_round_trips_both_ways(tmp_path: Path) -> None:
    neg = negpos.bundled()
    assert neg == negpos.load_table(
        negpos.dump_table(neg, tmp_path / "p.csv"), agenda=negpos.bundled_path()
    )
    pytest.importorskip("openpyxl")
    assert neg == negpos.load_table(negpos.dump_table(neg, tmp_path / "p.xlsx"))


def test_writing_is_deterministic(tmp_path: Path) -> None:
    neg = negpos.bundled()
    a = negpos.dump_table(neg, tmp_path / "a.csv").read_bytes()
    assert a == negpos.dump_table(neg, tmp_path / "b.csv").read_bytes()
    pytest.importorskip("openpyxl")
    x = negpos.dump_table(neg, tmp_path / "a.xlsx").read_bytes()
    assert x == negpos.dump_table(neg, tmp_path / "b.xlsx").read_bytes()


# --- workbooks ------------------------------------------------------------------------------


def _workbook(path: Path, sheets: dict[str, list[list[Any]]]) -> Path:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


SHEETS: dict[str, list[list[Any]]] = {
    "negotiation": [["title", "description"], ["Harbour talks", "Two sides and a port"]],
    "parties": [
        ["id", "name", "role"],
        ["city", "City council", "party"],
        ["operator", "Operators", None],
    ],
    "issues": [
        ["id", "kind", "title", "unit", "bounds", "items"],
        ["years", "numeric", "Years", "years", "5..60", None],
        [
            "berths",
            "set",
            "Berths",
            None,
            None,
            "[north, south, {id: container, label: Container terminal, weight: 3}]",
        ],
    ],
    "rounds": [["id", "date", "label"], ["r1", "2025-03-04", "First"], ["r2", "2025-04-08", None]],
    "memoranda": [["round", "party", "title"], ["r1", "city", "Terms of reference"]],
    "positions": [
        ["round", "party", "issue", "stance", "salience"],
        ["r1", "city", "years", "<=25", 0.9],
        ["r1", "operator", "years", 35, None],
        ["r2", "operator", "berths", "+container -north", "0.7"],
    ],
}


def test_workbook_with_its_agenda(tmp_path: Path) -> None:
    neg = negpos.load_table(_workbook(tmp_path / "talks.xlsx", SHEETS))
    assert "Harbour talks" == neg.title
    assert ["city", "operator"] == [p.id for p in neg.parties]
    assert 3.0 == neg.issue("berths").elements()[2].weight
    city = neg.round("r1").memorandum("city")
    assert city is not None
    assert "Terms of reference" == city.title
    assert 0.9 == city.positions[0].salience
    operator = neg.round("r1").memorandum("operator")
    assert operator is not None
    assert negpos.NumericStance(min=35, max=35) == operator.positions[0].stance


def test_workbook_errors_name_the_sheet(tmp_path: Path) -> None:
    sheets: dict[str, list[list[Any]]] = {
        **SHEETS,
        "parties": [["id", "name", "colour"], ["city", "City", "red"]],
        "notes": [["anything"]],
        "positions": [
            ["round", "party", "issue", "stance"],
            ["r1", "city", "years", "=SUM(1,2)"],
            ["r1", "city", "berths", 3],
        ],
    }
    path = _workbook(tmp_path / "talks.xlsx", sheets)
    problems = _problems(path)
    assert any("sheet notes: unknown sheet 'notes'" in p for p in problems), problems
    assert any(
        "sheet parties, row 1, column colour: unknown column 'colour'" in p for p in problems
    ), problems
    assert any("sheet positions, row 2, column D: a formula" in p for p in problems), problems


def test_workbook_cell_errors(tmp_path: Path) -> None:
    sheets: dict[str, list[list[Any]]] = {
        **SHEETS,
        "parties": [["id", "name"], ["city", "City"], ["operator", None]],
        "positions": [
            ["round", "party", "issue", "stance"],
            ["r1", "city", "berths", 3],
            ["r1", "city", "years", "<=99"],
        ],
    }
    fixed = {**sheets, "parties": SHEETS["parties"], "positions": sheets["positions"][::2]}
    assert any(
        "sheet positions, row 2, column stance: 99.0 lies outside" in p
        for p in _problems(_workbook(tmp_path / "fixed.xlsx", fixed))
    )
    problems = _problems(_workbook(tmp_path / "talks.xlsx", sheets))
    assert (
        f"{tmp_path / 'talks.xlsx'}: sheet parties, row 3, column name: the name is missing"
        in problems
    )
    assert any(
        "sheet positions, row 2, column stance: expected text, found the number 3" in p
        for p in problems
    ), problems
    # The stance out of bounds is checked once the agenda is whole.
    assert 2 == len(problems)


def test_workbook_needs_its_sheets(tmp_path: Path) -> None:
    problems = _problems(_workbook(tmp_path / "talks.xlsx", {"positions": SHEETS["positions"]}))
    assert {
        "sheet negotiation: the workbook has no sheet 'negotiation'",
        "sheet parties: the workbook has no sheet 'parties'",
    } == {p.split(": ", 1)[1] for p in problems}


def test_workbook_with_an_agenda_holds_positions_only(tmp_path: Path, agenda: Path) -> None:
    path = _workbook(tmp_path / "talks.xlsx", SHEETS)
    problems = _problems(path, agenda)
    assert any("unknown sheet 'parties'" in p for p in problems), problems
    only = _workbook(
        tmp_path / "only.xlsx",
        {"positions": [["round", "party", "issue", "stance"], ["r1", "city", "years", ">=10"]]},
    )
    assert 1 == len(negpos.load_table(only, agenda=agenda).rounds[0].memoranda)


def test_not_a_workbook(tmp_path: Path) -> None:
    pytest.importorskip("openpyxl")
    path = tmp_path / "talks.xlsx"
    path.write_text("round,party\n")
    assert "not an XLSX workbook" in _problems(path)[0]


def test_xlsx_refuses_control_characters(tmp_path: Path, agenda: Path) -> None:
    pytest.importorskip("openpyxl")
    neg = _with_text(negpos.load(agenda), "bell\x07")
    with pytest.raises(
        negpos.UsageError, match=r"sheet positions, row 2, column stance: .* cannot hold"
    ):
        negpos.dump_table(neg, tmp_path / "talks.xlsx")
    assert not (tmp_path / "talks.xlsx").exists()


def test_xlsx_cells_are_text_not_formulas(tmp_path: Path, agenda: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    neg = _with_text(negpos.load(agenda), "=1+1")
    path = negpos.dump_table(neg, tmp_path / "talks.xlsx")
    book = openpyxl.load_workbook(path)
    cells = [c for row in book["positions"].iter_rows() for c in row]
    assert all(c.data_type != "f" for c in cells)
    assert "'=1+1" in [c.value for c in cells]
    assert neg == negpos.load_table(path)


# --- results as tables ----------------------------------------------------------------------


def _results() -> dict[str, Any]:
    neg = negpos.bundled()
    return {
        "comparison": neg.compare("ru", "ua", round_id="istanbul-2"),
        "matrix": neg.matrix(round_id="geneva"),
        "changes": neg.changes("ru", from_round="istanbul-2", to_round="istanbul-3"),
        "trajectory": neg.trajectory("ru", "ua"),
        "common": neg.common(round_id="geneva"),
        "plan": neg.assess("us", ["ru", "ua"], round_id="us-28-points"),
    }


@pytest.mark.parametrize(
    "name", ["comparison", "matrix", "changes", "trajectory", "common", "plan"]
)
@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_every_result_writes_its_table(tmp_path: Path, name: str, suffix: str) -> None:
    pd = pytest.importorskip("pandas")
    if suffix == ".xlsx":
        pytest.importorskip("openpyxl")
    result = _results()[name]
    frame = result.to_frame()
    path = negpos.write_table(result, tmp_path / f"{name}{suffix}")
    again = (
        pd.read_csv(path, keep_default_na=False)
        if suffix == ".csv"
        else pd.read_excel(path, sheet_name="table", keep_default_na=False)
    )
    assert list(frame.columns) == list(again.columns)
    assert len(frame) == len(again)
    assert path.read_bytes() == negpos.write_table(result, tmp_path / f"again{suffix}").read_bytes()


def test_a_frame_is_made_formula_safe(tmp_path: Path) -> None:
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame(
        {"text": ["=1+1", "@x", "plain", None], "value": [1.5, float("nan"), 3.0, 4.0]}
    )
    path = negpos.write_table(frame, tmp_path / "frame.csv")
    assert "text,value\r\n'=1+1,1.5\r\n'@x,\r\nplain,3\r\n,4\r\n" == path.read_bytes().decode()


def test_a_report_has_no_single_table(tmp_path: Path) -> None:
    pytest.importorskip("pandas")
    with pytest.raises(negpos.UsageError, match="several tables"):
        negpos.write_table(negpos.round_report(negpos.bundled()), tmp_path / "report.csv")


# --- the command line -----------------------------------------------------------------------


def test_cli_import_to_yaml_and_folder(
    tmp_path: Path, agenda: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _csv(tmp_path, HEADER + "r1,city,years,<=25,,0.9,firm,,\n")
    assert 0 == main(["import", str(path), "--agenda", str(agenda)])
    out = capsys.readouterr()
    assert negpos.loads(out.out) == negpos.load_table(path, agenda=agenda)
    assert 0 == main(["import", str(path), "--agenda", str(agenda), "-o", str(tmp_path / "talks")])
    assert negpos.load(tmp_path / "talks") == negpos.load_table(path, agenda=agenda)
    assert 0 == main(
        ["import", str(path), "--agenda", str(agenda), "-o", str(tmp_path / "talks.json")]
    )
    assert negpos.load(tmp_path / "talks.json") == negpos.load_table(path, agenda=agenda)


def test_cli_import_errors(
    tmp_path: Path, agenda: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _csv(tmp_path, "round,party,issue,stance\nr9,city,years,30\nr1,city,years,>30\n")
    assert 2 == main(
        ["import", str(path), "--agenda", str(agenda), "-o", str(tmp_path / "out.yaml")]
    )
    err = capsys.readouterr().err.splitlines()
    assert [
        f"negpos: error: {path}: row 2, column round: no round 'r9' in the agenda (rounds: r1, r2)",
        f"negpos: error: {path}: row 3, column stance: '>30': a stance includes its limits; write >= or <= (open ends: any)",
    ] == err
    assert not (tmp_path / "out.yaml").exists()
    assert 2 == main(["import", str(path)])
    assert "agenda" in capsys.readouterr().err
    assert 2 == main(["import", str(path), "--agenda", str(agenda), "-o", str(agenda)])
    assert "refusing to write over the input" in capsys.readouterr().err


def test_cli_results_as_tables(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("pandas")
    assert 0 == main(["compare", "--round", "istanbul-2", "--format", "csv"])
    assert capsys.readouterr().out.startswith("issue,title,category,kind,status,")
    out = tmp_path / "june.csv"
    assert 0 == main(["changes", "--party", "ua", "-o", str(out)])
    assert out.read_text().startswith("party,counterpart,")
    assert 2 == main(["report", "--format", "csv"])
    assert "several tables" in capsys.readouterr().err
    assert 2 == main(["compare", "--format", "xlsx"])
    assert "-o FILE.xlsx" in capsys.readouterr().err
    pytest.importorskip("openpyxl")
    book = tmp_path / "june.xlsx"
    assert 0 == main(["compare", "--round", "istanbul-2", "-o", str(book)])
    assert book.read_bytes().startswith(b"PK")


def test_import_negpos_loads_neither_pandas_nor_openpyxl() -> None:
    import subprocess
    import sys

    code = "import sys, negpos; negpos.load_table; negpos.dump_table; print(sorted(m for m in ('pandas', 'openpyxl') if m in sys.modules))"
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(negpos.__file__).parent.parent,
    )
    assert "[]\n" == out.stdout
