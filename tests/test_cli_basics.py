"""The negpos command's shared behaviour: validate, schema, --version, exit statuses."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import negpos
from negpos._cli.main import main


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    """--version prints the package version and exits 0."""
    assert 0 == main(["--version"])
    assert f"negpos {negpos.__version__}\n" == capsys.readouterr().out


def test_validate_ok(example_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A valid file is reported on stdout with its size, and the status is 0."""
    assert 0 == main(["validate", str(example_file)])
    out = capsys.readouterr()
    assert f"{example_file}: ok (2 parties, 4 issues, 1 rounds, 3 positions)\n" == out.out
    assert "" == out.err


def test_validate_bad_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A bad file gives status 2 and file:line: field: message lines on stderr, no traceback."""
    bad = tmp_path / "bad.yaml"
    bad.write_text("format: 1\ntitle: T\nparties: [{id: a, name: A}]\nextra: 1\n")
    assert 2 == main(["validate", str(bad)])
    out = capsys.readouterr()
    assert "" == out.out
    assert f"negpos: error: {bad}:4: extra: unknown field\n" == out.err


def test_validate_several_paths_keeps_going(
    example_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Every path is checked even after a bad one; the status reflects the worst."""
    assert 2 == main(["validate", str(tmp_path / "missing.yaml"), str(example_file)])
    out = capsys.readouterr()
    assert "ok" in out.out
    assert "no such file" in out.err
    assert "Traceback" not in out.err


def test_schema_is_json(capsys: pytest.CaptureFixture[str]) -> None:
    """Negpos schema prints the JSON Schema with sorted keys."""
    assert 0 == main(["schema"])
    schema = json.loads(capsys.readouterr().out)
    assert negpos.json_schema() == schema


def test_schema_to_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """-o writes the schema to a file and says so on stderr."""
    out = tmp_path / "schema.json"
    assert 0 == main(["schema", "--document", "round", "-o", str(out)])
    assert negpos.json_schema("round") == json.loads(out.read_text())
    assert "wrote" in capsys.readouterr().err


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    """An unknown command or option is a usage error with status 2."""
    assert 2 == main(["no-such-command"])
    assert 2 == main(["validate"])
    assert "usage" in capsys.readouterr().err
