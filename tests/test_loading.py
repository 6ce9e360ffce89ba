"""Loading and saving: files, folders, and every kind of bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import negpos
from negpos import InputError


def _problem(exc: pytest.ExceptionInfo[InputError]) -> negpos.Problem:
    return exc.value.problems[0]


def test_load_yaml_file(example_file: Path) -> None:
    """A valid YAML file loads into typed, frozen models."""
    neg = negpos.load(example_file)
    assert ("a", "b") == tuple(p.id for p in neg.parties)
    memo = neg.memorandum("a", round_id="r1")
    assert memo is not None
    assert "r1" == memo.round
    position = memo.position("army.cap")
    assert position is not None
    assert isinstance(position.stance, negpos.NumericStance)
    assert 600000.0 == position.stance.max
    assert negpos.Firmness.RED_LINE == position.firmness
    assert "https://example.org/a" == position.sources[0].url
    with pytest.raises(Exception, match="frozen"):
        position.salience = 0.1  # type: ignore[misc]


def test_memorandum_of_party_that_tabled_nothing_is_none(example_file: Path) -> None:
    """Asking for a memorandum a known party did not table gives None, an unknown one an error."""
    neg = negpos.load(example_file)
    assert neg.memorandum("b", round_id="r1") is not None
    neg2 = negpos.loads(
        example_file.read_text().replace("- party: b", "- party: a\n        round: r1", 0)
    )
    assert neg2.round("r1").memorandum("zz") is None
    with pytest.raises(negpos.NotFoundError):
        neg.memorandum("zz", round_id="r1")
    with pytest.raises(negpos.NotFoundError):
        neg.round("r9")


@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_dump_then_load_is_lossless(example_file: Path, tmp_path: Path, suffix: str) -> None:
    """Saving in either format and loading again gives an equal negotiation."""
    neg = negpos.load(example_file)
    out = negpos.dump(neg, tmp_path / f"copy{suffix}")
    assert neg == negpos.load(out)


def test_dump_is_byte_identical_twice(example_file: Path) -> None:
    """The same negotiation always writes the same bytes, keys in model order."""
    neg = negpos.load(example_file)
    first = negpos.dumps(neg)
    assert first == negpos.dumps(negpos.loads(first))
    assert first.startswith("format: 1\ntitle: Example talks\nparties:\n")


def test_folder_round_trip(example_file: Path, tmp_path: Path) -> None:
    """A negotiation saved as a dataset folder loads back equal, rounds in order."""
    neg = negpos.load(example_file)
    folder = negpos.dump(neg, tmp_path / "dataset")
    assert (folder / "negotiation.yaml").is_file()
    assert ["01-r1.yaml"] == sorted(p.name for p in (folder / "rounds").iterdir())
    assert neg == negpos.load(folder)


def test_folder_errors_point_into_round_files(example_file: Path, tmp_path: Path) -> None:
    """A problem inside a round file names that file, its line and the field inside it."""
    folder = negpos.dump(negpos.load(example_file), tmp_path / "dataset")
    round_file = folder / "rounds" / "01-r1.yaml"
    round_file.write_text(round_file.read_text().replace("max: 600000.0", "max: 9000000.0"))
    with pytest.raises(InputError) as info:
        negpos.load(folder)
    problem = _problem(info)
    assert str(round_file) == problem.file
    assert "memoranda[0].positions[0].stance.max" == problem.field
    assert problem.line is not None
    assert "max: 9000000.0" in round_file.read_text().splitlines()[problem.line - 1] or (
        "stance" in round_file.read_text().splitlines()[problem.line - 1]
    )


def _error_for(tmp_path: Path, name: str, content: bytes | str) -> negpos.Problem:
    path = tmp_path / name
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    with pytest.raises(InputError) as info:
        negpos.load(path)
    problem = _problem(info)
    assert str(path) == problem.file
    return problem


HEAD = "format: 1\ntitle: T\nparties: [{id: a, name: A}, {id: b, name: B}]\n"


@pytest.mark.parametrize(
    ("name", "content", "fragment", "line"),
    [
        ("empty.yaml", "", "empty", None),
        ("blank.yaml", "  \n\n", "empty", None),
        ("syntax.yaml", "format: 1\ntitle: [\n", "syntax", 3),
        ("syntax.json", '{"format": 1,\n "title": }', "JSON syntax", 2),
        ("list.yaml", "- 1\n- 2\n", "not a list", 1),
        ("list.json", "[1, 2]", "not a list", 1),
        ("scalar.yaml", "hello\n", "not text", 1),
        ("noformat.yaml", "title: T\n", "no 'format'", 1),
        ("format2.yaml", "format: 2\ntitle: T\n", "unsupported format 2", 1),
        ("alias.yaml", HEAD + "note: &n hi\ndescription: *n\n", "aliases", 5),
        ("tag.yaml", HEAD + "note: !!python/name:os.system ''\n", "tag", 4),
        ("dupe.yaml", HEAD + "title: again\n", "appears twice", 4),
        ("dupe.json", '{"format": 1,\n "format": 1}', "appears twice", 2),
        ("nan.json", '{"format": 1,\n "x": NaN}', "NaN", 2),
        ("nul.yaml", b"format: 1\ntitle: \x00\n", "NUL", 2),
        ("latin1.yaml", "format: 1\ntitle: caf\u00e9\n".encode("latin-1"), "not UTF-8", 2),
        ("binary.yaml", bytes(range(256)), "NUL", 1),
        ("deep.json", "[" * 50_000 + "]" * 50_000, "nested", 1),
        ("deep2.json", '{"format": 1,\n "x": ' + "[" * 70 + "]" * 70 + "}", "nested", 2),
        ("deep.yaml", "a: " + "[" * 5_000 + "]" * 5_000, "nest", 1),
        ("unknown.yaml", HEAD + "colour: red\n", "unknown field", 4),
        ("type.yaml", HEAD.replace("title: T", "title: [1]"), "valid string", 2),
        ("missing.yaml", "format: 1\nparties: [{id: a, name: A}]\n", "required field", 1),
        ("bad.txt", "format: 1\n", "unknown file type", None),
    ],
)
def test_bad_files_get_clear_errors(
    tmp_path: Path, name: str, content: str | bytes, fragment: str, line: int | None
) -> None:
    """Each kind of malformed or hostile file fails with a message naming the file and line."""
    problem = _error_for(tmp_path, name, content)
    assert fragment in problem.message
    assert line == problem.line


def test_size_cap(tmp_path: Path) -> None:
    """Files over the size cap are refused before they are parsed."""
    path = tmp_path / "big.yaml"
    path.write_text(HEAD + "note: " + "x" * 5000 + "\n")
    with pytest.raises(InputError, match="over the limit"):
        negpos.load(path, max_bytes=1000)


@pytest.mark.parametrize(
    ("snippet", "field", "fragment"),
    [
        ("neutral: yes", "issues[0].kind", "unknown kind"),
        (
            "accepts: [yes]",
            "rounds[0].memoranda[0].positions[0].stance.accepts[0]",
            "true or false",
        ),
        ("accepts: [on]", "rounds[0].memoranda[0].positions[0].stance.accepts[0]", "true or false"),
        ("salience: '0.5'", "rounds[0].memoranda[0].positions[0].salience", "plain number"),
        ("salience: 010", "rounds[0].memoranda[0].positions[0].salience", "plain number"),
        ("salience: 2", "rounds[0].memoranda[0].positions[0].salience", "less than or equal"),
    ],
)
def test_yaml_11_surprises_are_errors(snippet: str, field: str, fragment: str) -> None:
    """YAML 1.1 booleans and octal-looking numbers never slip through as typed values."""
    key = snippet.split(":")[0]
    base = (
        HEAD
        + "issues: [{id: x, kind: boolean, title: X}]\n"
        + "rounds:\n  - id: r1\n    date: 2025-01-01\n    memoranda:\n      - party: a\n"
        + "        positions:\n          - issue: x\n            stance: {kind: boolean, accepts: [true]}\n"
    )
    if key == "neutral":
        text = base.replace("kind: boolean, title", "kind: yes, title")
    elif key == "accepts":
        text = base.replace("accepts: [true]", snippet)
    else:
        text = base.replace("            stance:", f"            {snippet}\n            stance:")
    with pytest.raises(InputError) as info:
        negpos.loads(text)
    problem = _problem(info)
    assert field == problem.field
    assert fragment in problem.message
    assert problem.line is not None


CROSS = (
    HEAD
    + """issues:
  - {id: n, kind: numeric, title: N, unit: days, bounds: [1, 100], scale: log}
  - {id: o, kind: ordinal, title: O, levels: [low, mid, high]}
  - {id: s, kind: set, title: S, items: [x, y]}
  - {id: q, kind: sequence, title: Q, steps: [p, r]}
  - {id: c, kind: categorical, title: C, options: [u, v]}
rounds:
  - id: r1
    date: 2025-02-01
    memoranda:
      - party: a
        positions:
          - {issue: n, stance: {kind: numeric, min: 0.5}}
          - {issue: o, stance: {kind: ordinal, lowest: high, highest: low}}
          - {issue: s, stance: {kind: set, requires: [z]}}
          - {issue: q, stance: {kind: sequence, precedes: [[p, w]]}}
          - {issue: c, stance: {kind: ordinal, lowest: u, highest: v}}
          - {issue: nope, stance: {kind: boolean, accepts: [true]}}
          - {issue: n, stance: {kind: numeric, max: 5}, links: [ghost]}
      - party: zed
  - id: r0
    date: 2025-01-01
  - id: r1
    date: 2025-03-01
"""
)


def test_cross_checks_report_every_problem_with_its_path() -> None:
    """Every inconsistency is found in one pass, each with its own field path and line."""
    with pytest.raises(InputError) as info:
        negpos.loads(CROSS, name="cross.yaml")
    found = {(p.field, p.message.split(" ")[0]) for p in info.value.problems}
    fields = {f for f, _ in found}
    # The duplicate issue in one memorandum stops that memorandum's model first.
    assert {"rounds[0].memoranda[0]"} <= {f.rsplit(".positions", 1)[0] for f in fields}
    assert all(p.line is not None for p in info.value.problems)
    assert all(p.file == "cross.yaml" for p in info.value.problems)


def test_cross_checks_each_kind_of_reference() -> None:
    """Stances outside their domain, unknown ids and out-of-order rounds are each reported."""
    text = CROSS.replace(
        "          - {issue: n, stance: {kind: numeric, max: 5}, links: [ghost]}\n", ""
    )
    with pytest.raises(InputError) as info:
        negpos.loads(text)
    by_field = {p.field: p.message for p in info.value.problems}
    assert (
        "outside the issue's bounds" in by_field["rounds[0].memoranda[0].positions[0].stance.min"]
    )
    assert "backwards" in by_field["rounds[0].memoranda[0].positions[1].stance.highest"]
    assert "'z'" in by_field["rounds[0].memoranda[0].positions[2].stance.requires"]
    assert "'w'" in by_field["rounds[0].memoranda[0].positions[3].stance.precedes"]
    assert "is categorical" in by_field["rounds[0].memoranda[0].positions[4].stance.kind"]
    assert "unknown issue" in by_field["rounds[0].memoranda[0].positions[5].issue"]
    assert "unknown party" in by_field["rounds[0].memoranda[1].party"]
    assert "date order" in by_field["rounds[1].date"]
    assert "used twice" in by_field["rounds[2].id"]


def test_duplicate_ids_are_refused() -> None:
    """Parties and issues with the same id are refused."""
    text = HEAD.replace("{id: b, name: B}", "{id: a, name: B}") + (
        "issues: [{id: x, kind: text, title: X}, {id: x, kind: text, title: Y}]\n"
    )
    with pytest.raises(InputError) as info:
        negpos.loads(text)
    assert {"parties[1].id", "issues[1].id"} == {p.field for p in info.value.problems}


def test_two_memoranda_of_one_party_in_a_round_are_refused() -> None:
    """One party tables at most one memorandum per round."""
    text = (
        HEAD
        + "rounds:\n  - id: r1\n    date: 2025-01-01\n    memoranda: [{party: a}, {party: a}]\n"
    )
    with pytest.raises(InputError, match="two memoranda"):
        negpos.loads(text)


def test_alternatives_may_restate_issues() -> None:
    """An option of an alternatives group may restate an issue the main positions address."""
    text = (
        HEAD
        + "issues: [{id: x, kind: boolean, title: X}]\n"
        + "rounds:\n  - id: r1\n    date: 2025-01-01\n    memoranda:\n      - party: a\n"
        + "        positions: [{issue: x, stance: {kind: boolean, accepts: [true]}}]\n"
        + "        alternatives:\n          - id: g\n            options:\n"
        + "              - {id: o1, positions: [{issue: x, stance: {kind: boolean, accepts: [false]}}]}\n"
        + "              - {id: o2, positions: [{issue: x, stance: {kind: boolean, accepts: [true, false]}}]}\n"
    )
    memo = negpos.loads(text).memorandum("a", round_id="r1")
    assert memo is not None
    assert ("x",) == memo.issue_ids()
    assert 2 == len(memo.alternatives[0].options)


def test_urls_must_be_http() -> None:
    """Sources with javascript: or other schemes are refused, so reports never link to them."""
    text = HEAD + "sources: ['javascript:alert(1)']\n"
    with pytest.raises(InputError, match="http"):
        negpos.loads(text)


def test_parse_plain_data_and_json_text(example_file: Path) -> None:
    """Plain data and JSON text validate like files do."""
    neg = negpos.load(example_file)
    data = json.loads(negpos.dumps(neg, fmt="json"))
    assert neg == negpos.parse(data)
    assert neg == negpos.loads(json.dumps(data), fmt="json")
    with pytest.raises(InputError, match="mapping"):
        negpos.parse([1, 2])  # type: ignore[arg-type]


def test_missing_path_and_folder_without_head(tmp_path: Path) -> None:
    """A missing path and a folder without negotiation.yaml are input errors."""
    with pytest.raises(InputError, match="no such file"):
        negpos.load(tmp_path / "nope.yaml")
    with pytest.raises(InputError, match=r"negotiation\.yaml"):
        negpos.load(tmp_path)


def test_rounds_in_both_places_are_refused(example_file: Path, tmp_path: Path) -> None:
    """A folder whose negotiation.yaml also lists rounds is ambiguous and refused."""
    folder = negpos.dump(negpos.load(example_file), tmp_path / "dataset")
    head = folder / "negotiation.yaml"
    head.write_text(head.read_text() + "rounds: []\n")
    with pytest.raises(InputError, match="both here and in the rounds"):
        negpos.load(folder)


def test_json_schema_describes_files() -> None:
    """The schema requires the format version and forbids unknown fields."""
    schema = negpos.json_schema()
    assert "format" in schema["required"]
    assert schema["additionalProperties"] is False
    round_schema = negpos.json_schema("round")
    assert {"format", "id", "date"} <= set(round_schema["required"])


def _large_file_with_a_mistake(tmp_path: Path) -> Path:
    """A JSON file over 1 MiB (long issue descriptions) with a misspelt field on its last line."""
    issue = '{{"id": "x{k}", "kind": "boolean", "title": "X", "description": "{text}"}}'
    issues = ",\n".join(issue.format(k=k, text="word " * 3_800) for k in range(60))
    lines = [
        "{",
        '"format": 1, "title": "Talks",',
        '"parties": [{"id": "a", "name": "A"}],',
        f'"issues": [{issues}],',
        '"rounds": [], "salince": 1',
        "}",
    ]
    path = tmp_path / "large.json"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def test_a_large_file_is_read_again_to_place_its_problems(tmp_path: Path) -> None:
    """The text of a large file is not held while it validates; its problems still get lines."""
    path = _large_file_with_a_mistake(tmp_path)
    assert path.stat().st_size > 1 << 20
    with pytest.raises(InputError) as caught:
        negpos.load(path)
    (problem,) = caught.value.problems
    assert ("salince", 64) == (problem.field, problem.line)


def test_a_file_changed_while_validating_gives_problems_without_lines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """If the file is not what was read, no line is guessed from the new text."""
    from negpos._io.problems import validate as real

    path = _large_file_with_a_mistake(tmp_path)

    def edited_meanwhile(*args: object, **kwargs: object) -> object:
        path.write_text("\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr("negpos._io.reading.validate", edited_meanwhile)
    with pytest.raises(InputError) as caught:
        negpos.load(path)
    (problem,) = caught.value.problems
    assert ("salince", None) == (problem.field, problem.line)
