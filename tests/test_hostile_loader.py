"""Hostile and careless input to the loader: refused at once, located, never dropped or hung.

Every case here is something a user's files can do to ``negpos.load``: a named pipe or a
device where a file should be, a round that would silently vanish from a folder, a file that
names one round and holds another, numbers Python cannot read or floats cannot hold, and
thousands of problems in one file. Each must end in an ``InputError`` (exit status 2 with
``negpos: error:`` lines on the command line) that names the file and, where there is one,
the line; ``negpos validate`` must answer each within seconds.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import negpos
from negpos import InputError
from negpos._cli.main import main
from negpos._io import strict_yaml
from negpos._io.strict_yaml import MAX_DEPTH

HEAD = "format: 1\ntitle: T\nparties: [{id: a, name: A}, {id: b, name: B}]\n"
ROUND = "format: 1\nid: r1\ndate: 2025-01-01\n"

Build = Callable[[Path], Path]


def _problems(path: Path, **kwargs: Any) -> tuple[negpos.Problem, ...]:
    with pytest.raises(InputError) as info:
        negpos.load(path, **kwargs)
    return info.value.problems


def _folder(tmp_path: Path, rounds: dict[str, str] | None = None) -> Path:
    folder = tmp_path / "talks"
    (folder / "rounds").mkdir(parents=True)
    (folder / "negotiation.yaml").write_text(HEAD)
    for name, text in (rounds or {"01-r1.yaml": ROUND}).items():
        (folder / "rounds" / name).write_text(text)
    return folder


# --- errors located in one pass ---------------------------------------------------------------


class _CountingParser(strict_yaml._Parser):  # type: ignore[misc]
    made = 0

    def __init__(self, text: str) -> None:
        type(self).made += 1
        super().__init__(text)


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> type[_CountingParser]:
    """Count how many times libyaml's parser is started."""
    _CountingParser.made = 0
    monkeypatch.setattr(strict_yaml, "_Parser", _CountingParser)
    return _CountingParser


def test_thousands_of_problems_are_each_located_in_one_pass(
    tmp_path: Path, parses: type[_CountingParser]
) -> None:
    """2,000 bad ids in one YAML file each get their own line, from one parse to read and one to locate."""
    lines = ["format: 1", "title: T", "parties:"]
    for i in range(2000):
        lines += [f"  - id: Bad{i}", f"    name: P{i}"]
    path = tmp_path / "many.yaml"
    path.write_text("\n".join(lines) + "\n")
    problems = _problems(path)
    assert [f"parties[{i}].id" for i in range(2000)] == [p.field for p in problems]
    assert [4 + 2 * i for i in range(2000)] == [p.line for p in problems]
    assert 2 == parses.made


def test_thousands_of_problems_in_json_are_located_in_one_pass(
    tmp_path: Path, parses: type[_CountingParser]
) -> None:
    """The same holds for a JSON file: every problem located, by one pass over the text."""
    parties = ",\n".join(json.dumps({"id": f"Bad{i}", "name": f"P{i}"}) for i in range(2000))
    path = tmp_path / "many.json"
    path.write_text('{"format": 1,\n"title": "T",\n"parties": [\n' + parties + "\n]}\n")
    problems = _problems(path)
    assert [4 + i for i in range(2000)] == [p.line for p in problems]
    assert 1 == parses.made


def test_problems_in_round_files_are_located_in_one_pass_per_file(
    tmp_path: Path, parses: type[_CountingParser]
) -> None:
    """Problems in two round files are located in those files, one locating pass each."""
    bad = ROUND + "memoranda:\n" + "".join(f"  - party: Bad{i}\n" for i in range(300))
    folder = _folder(
        tmp_path, {"01-r1.yaml": bad, "02-r2.yaml": bad.replace("r1", "r2").replace("01", "02")}
    )
    problems = _problems(folder)
    assert 600 == len(problems)
    assert {str(folder / "rounds" / "01-r1.yaml"), str(folder / "rounds" / "02-r2.yaml")} == {
        p.file for p in problems
    }
    assert [5 + i for i in range(300)] * 2 == [p.line for p in problems]
    assert 3 + 2 == parses.made


def test_locating_many_paths_at_once_gives_each_path_its_own_answer() -> None:
    """lines_of answers each path as line_of does alone, missing steps at their deepest parent."""
    text = "a: 1\nb:\n  - x: 1\n  - x: 2\n    y: [1, 2]\nc: {d: [3]}\n"
    paths: list[list[str | int]] = [
        ["b", 1, "y", 1],
        ["a"],
        ["b", 5],
        ["c", "d", 0],
        ["b", 1, "missing", 3],
        [],
        ["a", "deeper"],
    ]
    assert [5, 1, 2, 6, 4, 1, 1] == strict_yaml.lines_of(text, paths)
    assert [strict_yaml.lines_of(text, [p])[0] for p in paths] == strict_yaml.lines_of(text, paths)


# --- what is not a regular file, and rounds that would vanish -----------------------------------

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")


@needs_fifo
def test_a_named_pipe_is_refused_before_it_is_read(tmp_path: Path) -> None:
    """A FIFO named like a data file is refused without waiting for a writer."""
    fifo = tmp_path / "talks.yaml"
    os.mkfifo(fifo)
    (problem,) = _problems(fifo)
    assert "named pipe" in problem.message
    assert str(fifo) == problem.file


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero here")
def test_a_device_is_refused(tmp_path: Path) -> None:
    """A link to a device (an endless stream of bytes) is refused, not read to the limit."""
    link = tmp_path / "talks.json"
    link.symlink_to("/dev/zero")
    (problem,) = _problems(link)
    assert "character device" in problem.message


def test_a_dangling_link_among_the_rounds_is_an_error(tmp_path: Path) -> None:
    """A round file that is a link to nothing is named, instead of the round being dropped."""
    folder = _folder(tmp_path)
    link = folder / "rounds" / "02-r2.yaml"
    link.symlink_to(tmp_path / "gone.yaml")
    (problem,) = _problems(folder)
    assert str(link) == problem.file
    assert "symbolic link" in problem.message
    assert "does not exist" in problem.message


@needs_fifo
def test_a_named_pipe_among_the_rounds_is_an_error(tmp_path: Path) -> None:
    """A FIFO under rounds/ is refused, not skipped and not read."""
    folder = _folder(tmp_path)
    os.mkfifo(folder / "rounds" / "02-r2.yaml")
    (problem,) = _problems(folder)
    assert "named pipe" in problem.message


@needs_fifo
def test_a_named_pipe_as_the_head_file_is_named(tmp_path: Path) -> None:
    """A FIFO called negotiation.yaml is refused as a named pipe, not taken for a missing file."""
    folder = _folder(tmp_path)
    head = folder / "negotiation.yaml"
    head.unlink()
    os.mkfifo(head)
    (problem,) = _problems(folder)
    assert str(head) == problem.file
    assert "named pipe" in problem.message


def test_a_folder_named_like_a_round_file_is_an_error(tmp_path: Path) -> None:
    """A folder called 02-r2.yaml under rounds/ is refused, not skipped."""
    folder = _folder(tmp_path)
    (folder / "rounds" / "02-r2.yaml").mkdir()
    (problem,) = _problems(folder)
    assert "a folder" in problem.message


def test_hidden_round_files_are_refused_by_name(tmp_path: Path) -> None:
    """A hidden .yaml file among the rounds is named and refused, neither read nor skipped."""
    folder = _folder(tmp_path)
    hidden = folder / "rounds" / ".02-r2.yaml"
    hidden.write_text(ROUND.replace("r1", "r2"))
    (problem,) = _problems(folder)
    assert str(hidden) == problem.file
    assert "hidden" in problem.message


def test_other_files_among_the_rounds_are_left_alone(tmp_path: Path) -> None:
    """Notes and a README under rounds/ are not rounds and do not stop the folder loading."""
    folder = _folder(tmp_path)
    (folder / "rounds" / "README.md").write_text("# notes\n")
    (folder / "rounds" / ".DS_Store").write_bytes(b"\x00\x01")
    assert ["r1"] == [r.id for r in negpos.load(folder).rounds]


def test_two_head_files_are_an_error_naming_both(tmp_path: Path) -> None:
    """negotiation.yaml and negotiation.json side by side are both named, neither chosen."""
    folder = _folder(tmp_path)
    (folder / "negotiation.json").write_text(json.dumps({"format": 1, "title": "Other"}))
    problems = _problems(folder)
    assert [str(folder / "negotiation.yaml"), str(folder / "negotiation.json")] == [
        p.file for p in problems
    ]
    assert all("negotiation.yaml and negotiation.json" in p.message for p in problems)


def test_a_round_file_named_after_another_round_is_blamed(tmp_path: Path) -> None:
    """A file named 02-r2.yaml that holds round r3 is the error, on its id line."""
    folder = _folder(
        tmp_path, {"01-r1.yaml": ROUND, "02-r2.yaml": "format: 1\n\nid: r3\ndate: 2025-02-01\n"}
    )
    (problem,) = _problems(folder)
    assert str(folder / "rounds" / "02-r2.yaml") == problem.file
    assert ("id", 3) == (problem.field, problem.line)
    assert "'02-r2'" in problem.message
    assert "'r3'" in problem.message


@pytest.mark.parametrize("name", ["r1.yaml", "01-r1.yaml", "7_r1.json", "001-r1.yml"])
def test_round_files_named_after_their_round_load(tmp_path: Path, name: str) -> None:
    """The id alone, or a number and the id, names a round file."""
    text = (
        ROUND
        if not name.endswith(".json")
        else json.dumps({"format": 1, "id": "r1", "date": "2025-01-01"})
    )
    folder = _folder(tmp_path, {name: text})
    assert ["r1"] == [r.id for r in negpos.load(folder).rounds]


@pytest.mark.parametrize(
    ("text", "fmt"),
    [
        ("format: 1.0\ntitle: T\nparties: [{id: a, name: A}]\n", "yaml"),
        ("format: true\ntitle: T\nparties: [{id: a, name: A}]\n", "yaml"),
        ('{"format": 1.0, "title": "T", "parties": [{"id": "a", "name": "A"}]}', "json"),
    ],
)
def test_format_must_be_the_whole_number_one(text: str, fmt: str) -> None:
    """format: 1.0 and format: true equal 1 in Python, and are refused all the same."""
    with pytest.raises(InputError) as info:
        negpos.loads(text, fmt=fmt)  # type: ignore[arg-type]
    (problem,) = info.value.problems
    assert ("format", 1) == (problem.field, problem.line)


@pytest.mark.parametrize("version", [1.0, True])
def test_parsed_data_must_say_format_one_too(version: object) -> None:
    """Plain data given to parse() is held to the same rule."""
    with pytest.raises(InputError, match="whole number 1"):
        negpos.parse({"format": version, "title": "T", "parties": [{"id": "a", "name": "A"}]})


# --- numbers ------------------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_integers_too_long_for_python_are_input_errors(tmp_path: Path, suffix: str) -> None:
    """A 5,000-digit number is an error with its file and line, not a traceback."""
    path = tmp_path / f"big{suffix}"
    number = "9" * 5000
    if suffix == ".yaml":
        path.write_text(HEAD + f"note: {number}\n")
        line = 4
    else:
        path.write_text('{"format": 1,\n "title": "T",\n "note": ' + number + "}")
        line = 3
    (problem,) = _problems(path)
    assert line == problem.line
    assert "5,000 digits" in problem.message
    assert str(path) == problem.file


def test_integers_beyond_the_float_range_are_input_errors() -> None:
    """A 400-digit bound is refused with its field and line, saying why."""
    text = (
        HEAD
        + "issues:\n  - {id: x, kind: numeric, title: X, unit: u, bounds: [0, 1"
        + "0" * 399
        + "]}\n"
    )
    with pytest.raises(InputError) as info:
        negpos.loads(text)
    (problem,) = info.value.problems
    assert ("issues[0].bounds[1]", 5) == (problem.field, problem.line)
    assert "400 digits" in problem.message


# --- message quality ------------------------------------------------------------------------------


def test_a_raw_control_character_in_yaml_has_a_line() -> None:
    """A control character YAML forbids is reported on its line, with the escape to write."""
    with pytest.raises(InputError) as info:
        negpos.loads(HEAD + "note: caf\u00e9 \u00e9\ndescription: bell \x07 here\n")
    (problem,) = info.value.problems
    assert 5 == problem.line
    assert "U+0007" in problem.message
    assert "\\x07" in problem.message


def test_a_duplicate_json_key_has_a_line() -> None:
    """The second occurrence of a key in a JSON object is reported on its line."""
    text = '{"format": 1,\n "title": "T",\n "parties": [{"id": "a",\n "id": "b"}]}'
    with pytest.raises(InputError) as info:
        negpos.loads(text, fmt="json")
    (problem,) = info.value.problems
    assert 4 == problem.line
    assert "'id' appears twice" in problem.message


def test_a_duplicate_key_inside_a_json_string_is_not_mistaken() -> None:
    """Keys repeated in different objects, or text that looks like a key, are no duplicate."""
    data = {
        "format": 1,
        "title": 'T "title": "again"',
        "parties": [{"id": "a", "name": "A"}, {"id": "b", "name": "B"}],
    }
    assert data["title"] == negpos.loads(json.dumps(data), fmt="json").title


def test_nan_in_json_has_a_line() -> None:
    """NaN in JSON is refused on its line; the text "NaN" in a string is fine."""
    text = '{"format": 1,\n "title": "NaN",\n "note": -Infinity}'
    with pytest.raises(InputError) as info:
        negpos.loads(text, fmt="json")
    (problem,) = info.value.problems
    assert 3 == problem.line
    assert "-Infinity" in problem.message


def test_a_bad_round_id_is_reported_once() -> None:
    """A malformed round id is one problem, not one more for every memorandum in the round."""
    text = (
        HEAD
        + "rounds:\n  - id: R1!\n    date: 2025-01-01\n    memoranda:\n"
        + "      - {party: a}\n      - {party: b}\n"
    )
    with pytest.raises(InputError) as info:
        negpos.loads(text)
    assert [("rounds[0].id", 5)] == [(p.field, p.line) for p in info.value.problems]


def test_deep_plain_data_is_one_problem() -> None:
    """Data nested deeper than the limit is reported once, at the path where it goes too deep."""
    deep: Any = "x"
    for _ in range(MAX_DEPTH + 5):
        deep = [deep]
    with pytest.raises(InputError) as info:
        negpos.parse({"format": 1, "title": "T", "parties": [], "note": deep})
    (problem,) = info.value.problems
    assert "nested deeper than 64" in problem.message
    assert problem.field.startswith("note[0][0]")


def test_no_valid_document_comes_near_the_depth_limit() -> None:
    """The schema nests far less than MAX_DEPTH, so a valid document is never measured."""

    def depth(schema: Any, defs: dict[str, Any], seen: tuple[str, ...]) -> int:
        if isinstance(schema, dict):
            ref = schema.get("$ref")
            if isinstance(ref, str):
                name = ref.rsplit("/", 1)[-1]
                assert name not in seen, f"the schema is recursive through {name}"
                return depth(defs[name], defs, (*seen, name))
            inner = [depth(v, defs, seen) for k, v in schema.items() if k != "$defs"]
            nests = schema.get("type") in ("object", "array")
            return max(inner, default=0) + (1 if nests else 0)
        if isinstance(schema, list):
            return max((depth(v, defs, seen) for v in schema), default=0)
        return 0

    for document in ("negotiation", "round"):
        schema = negpos.json_schema(document)
        assert depth(schema, schema.get("$defs", {}), ()) < MAX_DEPTH // 2


# --- the size limit -------------------------------------------------------------------------------


def test_the_size_limit_names_the_argument_that_raises_it(tmp_path: Path) -> None:
    """Over the limit, the library's error says to raise max_bytes; raising it loads the file."""
    path = tmp_path / "talks.yaml"
    path.write_text(HEAD)
    (problem,) = _problems(path, max_bytes=20)
    assert "max_bytes" in problem.message
    assert "T" == negpos.load(path, max_bytes=len(HEAD)).title


@pytest.mark.parametrize("bad", [0, -1, 1.5, True, "64M"])
def test_a_size_limit_must_be_a_positive_whole_number(tmp_path: Path, bad: object) -> None:
    """max_bytes of 0, a fraction or text is a usage error."""
    with pytest.raises(negpos.UsageError):
        negpos.load(tmp_path, max_bytes=bad)  # type: ignore[arg-type]


@pytest.mark.parametrize("command", ["report", "compare", "changes", "explore", "validate"])
def test_every_reading_command_takes_max_bytes(
    command: str, tmp_path: Path, example_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Each command that reads files refuses a file over --max-bytes and names the option."""
    assert 2 == main([command, str(example_file), "--max-bytes", "100"])
    err = capsys.readouterr().err
    assert err.startswith(f"negpos: error: {example_file}: the file is ")
    assert "--max-bytes" in err


def test_raising_max_bytes_on_the_command_line_reads_the_file(
    example_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A file over the default limit is read once --max-bytes allows it."""
    assert 2 == main(["validate", "--max-bytes", "512", str(example_file)])
    assert 0 == main(["validate", "--max-bytes", "2K", str(example_file)])
    assert "ok" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("text", "size"),
    [("1500", 1500), ("64K", 65536), ("300M", 300 << 20), ("300MiB", 300 << 20), ("2gb", 2 << 30)],
)
def test_sizes_take_units_of_1024(text: str, size: int) -> None:
    """--max-bytes reads plain numbers and K, M, G and T in 1,024s."""
    from negpos._cli.common import byte_size

    assert size == byte_size(text)


@pytest.mark.parametrize("text", ["", "0", "-5", "1.5G", "lots", "5X", "9" * 20])
def test_sizes_that_are_not_sizes_are_usage_errors(
    text: str, example_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A --max-bytes value that is no size stops the command with status 2."""
    assert 2 == main(["validate", "--max-bytes", text, str(example_file)])
    assert "--max-bytes" in capsys.readouterr().err


# --- negpos validate answers every hostile input within seconds ------------------------------------


def _fifo(tmp: Path) -> Path:
    os.mkfifo(tmp / "talks.yaml")
    return tmp / "talks.yaml"


def _fifo_head(tmp: Path) -> Path:
    folder = _folder(tmp)
    (folder / "negotiation.yaml").unlink()
    os.mkfifo(folder / "negotiation.yaml")
    return folder


def _device(tmp: Path) -> Path:
    (tmp / "talks.yaml").symlink_to("/dev/zero")
    return tmp / "talks.yaml"


def _dangling(tmp: Path) -> Path:
    folder = _folder(tmp)
    (folder / "rounds" / "02-r2.yaml").symlink_to(tmp / "nowhere.yaml")
    return folder


def _hidden(tmp: Path) -> Path:
    folder = _folder(tmp)
    (folder / "rounds" / ".02-r2.yaml").write_text(ROUND.replace("r1", "r2"))
    return folder


def _two_heads(tmp: Path) -> Path:
    folder = _folder(tmp)
    (folder / "negotiation.yml").write_text(HEAD)
    return folder


def _misnamed(tmp: Path) -> Path:
    return _folder(tmp, {"01-r2.yaml": ROUND})


def _file(name: str, content: str | bytes) -> Build:
    def build(tmp: Path) -> Path:
        path = tmp / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content)
        return path

    return build


_LAUGHS = "a0: &a0 [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]\n" for i in range(1, 30)
)

HOSTILE: dict[str, Build] = {
    "fifo": _fifo,
    "fifo as the head of a folder": _fifo_head,
    "device": _device,
    "dangling round link": _dangling,
    "hidden round": _hidden,
    "two heads": _two_heads,
    "misnamed round": _misnamed,
    "format 1.0": _file("f.yaml", HEAD.replace("format: 1", "format: 1.0")),
    "format true": _file("f.json", '{"format": true}'),
    "5,000-digit integer (YAML)": _file("n.yaml", HEAD + "note: " + "7" * 5000 + "\n"),
    "5,000-digit integer (JSON)": _file("n.json", '{"format": ' + "7" * 5000 + "}"),
    "control character": _file("c.yaml", HEAD + "note: a\x1bb\n"),
    "duplicate JSON key": _file("d.json", '{"format": 1, "format": 1}'),
    "NaN": _file("nan.json", '{"format": 1, "title": NaN}'),
    "deep JSON": _file("deep.json", "[" * 100_000 + "]" * 100_000),
    "deep JSON under the parser's limit": _file(
        "deep2.json", '{"format": 1, "note": ' + "[" * 500 + "]" * 500 + "}"
    ),
    "deep YAML": _file("deep.yaml", "a: " + "[" * 100_000),
    "billion laughs": _file("laughs.yaml", _LAUGHS),
    "NUL byte": _file("nul.yaml", b"format: 1\x00\n"),
    "not UTF-8": _file("latin.yaml", "format: 1\ntitle: caf\u00e9\n".encode("latin-1")),
    "empty": _file("empty.json", ""),
    "huge id": _file("id.yaml", HEAD.replace("id: a", "id: " + "a" * 1_000_000)),
    "many problems": _file(
        "many.yaml",
        "format: 1\ntitle: T\nparties:\n"
        + "".join(f"  - {{id: Bad{i}, name: P}}\n" for i in range(6000)),
    ),
}

_POSIX_ONLY = {"fifo", "fifo as the head of a folder", "device", "dangling round link"}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_validate_answers_hostile_input_within_seconds(case: str, tmp_path: Path) -> None:
    """The validate command ends with status 2 and error lines, no traceback, and no hang."""
    if case in _POSIX_ONLY and (not hasattr(os, "mkfifo") or not Path("/dev/zero").exists()):
        pytest.skip("needs named pipes, symbolic links and /dev/zero")
    target = HOSTILE[case](tmp_path)
    done = subprocess.run(
        [sys.executable, "-m", "negpos", "validate", str(target)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert 2 == done.returncode
    assert done.stderr.startswith("negpos: error: ")
    assert "Traceback" not in done.stderr
    assert "" == done.stdout
