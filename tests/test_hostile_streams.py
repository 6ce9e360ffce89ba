"""Streams: standard output that cannot take the text ends in a clear error, never a traceback.

Each case runs the real command in a fresh process with its own standard output: the null
device that is always full (``/dev/full``), an ASCII or latin-1 encoding, a pipe whose reader
goes away. A report is either written whole or refused with exit status 2; JSON, whose
escapes stand for any character exactly, is written with escapes instead; messages on
standard error are never lost to the encoding.
"""

from __future__ import annotations

import codecs
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import negpos

FULL = Path("/dev/full")

#: Commands that write data to standard output, each small enough to run in a second or two.
WRITERS = {
    "report": ["report"],
    "report html": ["report", "--format", "html"],
    "report json": ["report", "--format", "json"],
    "report terminal": ["report", "--format", "terminal"],
    "compare terminal": ["compare", "--format", "terminal"],
    "changes": ["changes"],
    # The June round, whose title ("Istanbul round 2 — the two memoranda") is not ASCII.
    "explore": ["explore", "--round", "istanbul-2", "--max-moves", "1"],
    "schema": ["schema"],
    "validate": ["validate", str(negpos.bundled_path())],
}


def run(
    argv: list[str], *, stdout: int | object = subprocess.PIPE, encoding: str | None = None
) -> subprocess.CompletedProcess[bytes]:
    """Run ``negpos argv`` in a fresh process, with PYTHONIOENCODING set to ``encoding``."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONIOENCODING"}
    if encoding is not None:
        env["PYTHONIOENCODING"] = encoding
    return subprocess.run(
        [sys.executable, "-m", "negpos", *argv],
        stdout=stdout,  # type: ignore[arg-type]
        stderr=subprocess.PIPE,
        env=env,
        check=False,
    )


def assert_no_traceback(err: str) -> None:
    """Standard error holds negpos' own lines only: no traceback, no message from Python at exit."""
    assert "Traceback" not in err
    assert "Exception ignored" not in err
    assert all(line.startswith("negpos: ") for line in err.splitlines()), err


@pytest.mark.skipif(not FULL.exists(), reason="no /dev/full on this system")
@pytest.mark.parametrize("name", WRITERS)
def test_a_full_device_is_an_error(name: str) -> None:
    """Standard output on a full device ends in exit 2 and one clear line, whatever the command."""
    with FULL.open("wb") as full:
        result = run(WRITERS[name], stdout=full)
    err = result.stderr.decode()
    assert 2 == result.returncode, err
    assert_no_traceback(err)
    assert (
        "negpos: error: standard output: cannot write: No space left on device"
        == (err.splitlines()[-1])
    )


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
@pytest.mark.parametrize("name", ["report", "report html", "report terminal", "explore"])
def test_an_encoding_that_loses_characters_is_refused(name: str, encoding: str) -> None:
    """A report whose characters the output encoding lacks is refused whole, with exit 2 and advice."""
    result = run(WRITERS[name], encoding=encoding)
    err = result.stderr.decode(encoding)
    assert 2 == result.returncode, err
    assert b"" == result.stdout
    assert_no_traceback(err)
    last = err.splitlines()[-1]
    assert f"standard output uses the {codecs.lookup(encoding).name} encoding" in last
    assert "-o" in last
    assert "PYTHONIOENCODING=utf-8" in last


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
def test_json_is_written_with_escapes(encoding: str) -> None:
    """JSON to a narrow encoding is written with escapes and reads back as the very same data."""
    narrow = run(WRITERS["report json"], encoding=encoding)
    wide = run(WRITERS["report json"], encoding="utf-8")
    assert 0 == narrow.returncode, narrow.stderr
    narrow.stdout.decode(encoding)
    assert json.loads(wide.stdout.decode("utf-8")) == json.loads(narrow.stdout.decode(encoding))


def test_messages_survive_any_encoding(tmp_path: Path) -> None:
    """An error naming a field in Cyrillic reaches an ASCII standard error, escaped, with exit 2."""
    bad = tmp_path / "талks.yaml"
    bad.write_text("format: 1\ntitle: T\nзаголовок: 1\nparties: [{id: a, name: A}]\n")
    result = run(["validate", str(bad)], encoding="ascii")
    err = result.stderr.decode("ascii")
    assert 2 == result.returncode
    assert_no_traceback(err)
    assert "\\u0437\\u0430\\u0433\\u043e\\u043b\\u043e\\u0432\\u043e\\u043a: unknown field" in err


@pytest.mark.parametrize("name", ["report html", "schema", "validate"])
def test_a_broken_pipe_stays_quiet(name: str) -> None:
    """A reader that goes away early (negpos report | head) is no error: exit 0, nothing said."""
    with subprocess.Popen(
        [sys.executable, "-m", "negpos", *WRITERS[name]],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    ) as process:
        assert process.stdout is not None
        assert process.stderr is not None
        process.stdout.read(10)
        process.stdout.close()
        err = process.stderr.read().decode()
        status = process.wait()
    assert 0 == status
    assert_no_traceback(err)
    assert "error" not in err
