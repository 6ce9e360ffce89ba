"""The command on a real terminal (a pseudo-terminal from Python's ``pty`` module).

Colour only on a terminal and never under ``--no-color`` or ``NO_COLOR``; long output through
``PAGER`` when interactive and never under ``--no-pager`` or into a pipe; explore's progress
as one line rewritten in place on a terminal, and as plain lines in a pipe.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import negpos

pty = pytest.importorskip("pty")
fcntl = pytest.importorskip("fcntl")
termios = pytest.importorskip("termios")

ROOT = str(Path(negpos.__file__).resolve().parents[1])
ESC = "\x1b["


def environment(**changes: str | None) -> dict[str, str]:
    """This process's environment, with negpos importable and ``changes`` applied."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [ROOT, env.get("PYTHONPATH")]))
    env.update({"TERM": "xterm-256color", "PYTHONIOENCODING": "utf-8"})
    for key in ("NO_COLOR", "PAGER", "LESS", "COLUMNS", "LINES"):
        env.pop(key, None)
    for key, value in changes.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


def on_terminal(
    argv: list[str], env: dict[str, str], rows: int = 24, cols: int = 100, status: int = 0
) -> str:
    """Run ``negpos ARGV`` with a terminal as its stdin, stdout and stderr; what it showed.

    The command must end with exit status ``status``.
    """
    import struct

    main_end, child_end = pty.openpty()
    fcntl.ioctl(child_end, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    process = subprocess.Popen(
        [sys.executable, "-m", "negpos", *argv],
        stdin=child_end,
        stdout=child_end,
        stderr=child_end,
        env=env,
        close_fds=True,
    )
    os.close(child_end)
    chunks = []
    while True:
        try:
            data = os.read(main_end, 65536)
        except OSError:  # the terminal closes when the last process using it ends
            break
        if not data:
            break
        chunks.append(data)
    os.close(main_end)
    assert status == process.wait(timeout=120)
    return b"".join(chunks).decode("utf-8").replace("\r\n", "\n")


def piped(argv: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Run ``negpos ARGV`` with its output captured through pipes."""
    return subprocess.run(
        [sys.executable, "-m", "negpos", *argv],
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=True,
    )


def test_colour_on_a_terminal() -> None:
    """On a terminal the report is a table in colour."""
    shown = on_terminal(["report", "--no-pager"], environment())
    assert ESC in shown
    assert "Istanbul round 3" in shown


@pytest.mark.parametrize(
    ("argv", "env"),
    [
        (["report", "--no-pager", "--no-color"], {}),
        (["--no-color", "report", "--no-pager"], {}),
        (["report", "--no-pager"], {"NO_COLOR": "1"}),
        (["report", "--no-pager"], {"TERM": "dumb"}),
    ],
)
def test_no_colour_when_asked(argv: list[str], env: dict[str, str]) -> None:
    """--no-color (before or after the command), NO_COLOR and TERM=dumb: no escape codes."""
    shown = on_terminal(argv, environment(**env))
    assert ESC not in shown
    assert "Istanbul round 3" in shown


def test_no_colour_in_a_pipe() -> None:
    """Into a pipe, even the terminal format carries no escape codes."""
    result = piped(["report", "--format", "terminal"], environment())
    assert ESC not in result.stdout
    assert "Istanbul round 3" in result.stdout


def test_long_output_goes_through_the_pager(tmp_path: Path) -> None:
    """On a terminal, a report taller than the screen is handed to PAGER, whole."""
    paged = tmp_path / "paged.txt"
    shown = on_terminal(["report", "--no-color"], environment(PAGER=f"cat > '{paged}'"))
    text = paged.read_text(encoding="utf-8")
    assert "Zelensky's open letter and Moscow's answer" in text.splitlines()[:3]
    assert text.count("\n") > 24
    assert "Zelensky's open letter" not in shown  # the pager showed it, not negpos


def test_the_pager_gets_colours_through_less(tmp_path: Path) -> None:
    """LESS is set to FRX for the pager unless the user set it: colours pass through less."""
    seen = tmp_path / "less.txt"
    on_terminal(["report"], environment(PAGER=f"echo \"$LESS\" > '{seen}'; cat > /dev/null"))
    assert "FRX\n" == seen.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("argv", "env"),
    [
        (["report", "--no-pager"], {}),
        (["--no-pager", "report"], {}),
        (["report"], {"PAGER": ""}),
        (["report"], {"PAGER": "cat"}),
    ],
)
def test_no_pager_when_asked(tmp_path: Path, argv: list[str], env: dict[str, str]) -> None:
    """--no-pager, an empty PAGER or PAGER=cat: the report is printed directly."""
    paged = tmp_path / "paged.txt"
    shown = on_terminal(argv, environment(**{"PAGER": f"cat > '{paged}'", **env}))
    assert not paged.exists()
    assert "Istanbul round 3" in shown


def test_no_pager_for_output_that_fits(tmp_path: Path) -> None:
    """A short answer on a tall terminal is printed directly."""
    paged = tmp_path / "paged.txt"
    shown = on_terminal(
        ["validate", str(negpos.bundled_path())],
        environment(PAGER=f"cat > '{paged}'"),
        rows=200,
    )
    assert not paged.exists()
    assert ": ok (" in shown


def test_no_pager_in_a_pipe(tmp_path: Path) -> None:
    """Into a pipe the pager is never started, however long the output."""
    paged = tmp_path / "paged.txt"
    result = piped(["report"], environment(PAGER=f"cat > '{paged}'"))
    assert not paged.exists()
    assert result.stdout.startswith("# Zelensky's open letter and Moscow's answer")


EXACT = ["explore", "--method", "exact", "--goal", "compatibility=0.5", "--max-nodes", "10001"]


@pytest.mark.slow
def test_progress_is_one_line_on_a_terminal() -> None:
    """On a terminal, explore's progress rewrites one line, and the outcome stays on it."""
    shown = on_terminal([*EXACT, "--no-pager", "--format", "json"], environment(), status=1)
    progress = shown.split("\n", 1)[0]
    assert progress.startswith("\r\x1b[2Knegpos: candidates: ")
    assert "\r\x1b[2Knegpos: exact search: 5,000 sets examined of at most 10,001" in progress
    assert "\r\x1b[2Knegpos: exact search: 10,000 sets examined" in progress
    assert progress.split("\r\x1b[2K")[-1].startswith("negpos: done: the goal was not reached")


@pytest.mark.slow
def test_progress_is_plain_lines_in_a_pipe() -> None:
    """Into a pipe (a log), each step of the progress is a line of its own."""
    result = subprocess.run(
        [sys.executable, "-m", "negpos", *EXACT, "--format", "json"],
        env=environment(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert 1 == result.returncode
    lines = result.stderr.splitlines()
    assert "\r" not in result.stderr
    assert ESC not in result.stderr
    assert "negpos: exact search: 5,000 sets examined of at most 10,001; now at cost " in "\n".join(
        lines
    )
    assert lines[-1].startswith("negpos: done: the goal was not reached")
