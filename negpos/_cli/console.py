"""What the command does for a person at a terminal: quiet, colour, a pager, a progress line.

The conventions are the common ones (clig.dev): colour only when standard output is a
terminal, and never under ``--no-color``, ``NO_COLOR`` or ``TERM=dumb``; long output on a
terminal goes through ``PAGER`` (``less`` by default) unless ``--no-pager`` says not to, and
never when standard output is a pipe or a file; ``--quiet`` silences the notes on standard
error but never an error; progress is one line rewritten in place when standard error is a
terminal, and plain lines otherwise, so that a log keeps every one of them.

The choices of one run live in a [`Conventions`][negpos._cli.console.Conventions] record that
``main`` sets for the length of the run, so that tests calling ``main`` again start afresh.
"""

from __future__ import annotations

import contextlib
import contextvars
import os
import shutil
import sys
from collections.abc import Iterator
from typing import IO, Final, NamedTuple

from negpos._errors import clean_text

__all__ = ["Conventions", "ProgressLine", "current", "page", "use_color", "using"]

#: The pager used when ``PAGER`` is not set; ``LESS`` gets ``FRX`` unless it is set too, so
#: that output shorter than a screen is printed as it is and colours pass through.
DEFAULT_PAGER: Final = "less"


class Conventions(NamedTuple):
    """The terminal choices of one run of the command."""

    quiet: bool = False
    color: bool = True
    pager: bool = True


#: The conventions outside a run: everything a terminal allows.
DEFAULTS: Final = Conventions()

_CURRENT: contextvars.ContextVar[Conventions] = contextvars.ContextVar(
    "negpos_conventions", default=DEFAULTS
)


def current() -> Conventions:
    """The conventions of the run in progress (the defaults outside one)."""
    return _CURRENT.get()


@contextlib.contextmanager
def using(conventions: Conventions) -> Iterator[None]:
    """Apply ``conventions`` for the length of a ``with`` block."""
    token = _CURRENT.set(conventions)
    try:
        yield
    finally:
        _CURRENT.reset(token)


def _dumb() -> bool:
    return os.environ.get("TERM", "") == "dumb"


def _isatty(stream: IO[str]) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def use_color(stream: IO[str]) -> bool:
    """Whether to colour what goes to ``stream``.

    Only on a terminal, and not under ``--no-color``, a non-empty ``NO_COLOR`` (no-color.org)
    or ``TERM=dumb``.
    """
    return current().color and _isatty(stream) and not os.environ.get("NO_COLOR") and not _dumb()


def page(text: str, stream: IO[str]) -> bool:
    """Show ``text`` through the pager when that is what the person at the terminal wants.

    The pager runs when ``stream`` is a terminal, ``--no-pager`` was not given, ``PAGER`` is
    not set to the empty string, and the text is taller than the terminal. ``PAGER`` is run
    by the shell, as git and pydoc run it (``PAGER='less -S'`` works).

    Returns:
        True when the pager showed the text; False when the caller should write it itself
        (no pager wanted, or none could be started).
    """
    if not current().pager or not _isatty(stream):
        return False
    command = os.environ.get("PAGER", DEFAULT_PAGER).strip()
    if not command or command == "cat":
        return False
    if text.count("\n") < shutil.get_terminal_size().lines:
        return False
    import subprocess

    env = dict(os.environ)
    env.setdefault("LESS", "FRX")
    encoding = getattr(stream, "encoding", None) or "utf-8"
    stream.flush()
    try:
        pager = subprocess.Popen(command, shell=True, stdin=subprocess.PIPE, env=env)
    except OSError:
        return False
    assert pager.stdin is not None
    # Quitting the pager early closes its input: that is the reader's choice, not an error.
    with contextlib.suppress(BrokenPipeError, OSError):
        pager.stdin.write(text.encode(encoding, "backslashreplace"))
    with contextlib.suppress(BrokenPipeError, OSError):
        pager.stdin.close()
    while True:
        try:
            pager.wait()
        except KeyboardInterrupt:
            continue  # Ctrl-C belongs to the pager while it runs, as with git
        break
    # 127: the shell found no such pager, so the text was not shown.
    return pager.returncode != 127


class ProgressLine:
    """Progress of long work on standard error: one line rewritten in place on a terminal.

    Elsewhere (a log file, a pipe, ``TERM=dumb``) each update is a ``negpos: ...`` line of
    its own. Nothing is written under ``--quiet``. Use it as a context manager: leaving the
    block ends the line, so that what is printed next (an error, a prompt) starts afresh,
    and the last update (the outcome) stays visible.
    """

    def __init__(self, stream: IO[str] | None = None) -> None:
        self.stream = stream or sys.stderr
        self.in_place = _isatty(self.stream) and not _dumb()
        self.open = False

    def __call__(self, line: str) -> None:
        """Show ``line`` as the latest progress."""
        if current().quiet:
            return
        text = f"negpos: {clean_text(line)}"
        if not self.in_place:
            from negpos._cli.common import say

            say(text, self.stream)
            return
        # A line wider than the terminal would wrap, and the carriage return would then
        # rewrite only its last part.
        width = shutil.get_terminal_size().columns - 1
        if len(text) > width:
            text = text[: max(width - 3, 0)] + "..."
        with contextlib.suppress(OSError):
            self.stream.write(f"\r\x1b[2K{text}")
            self.stream.flush()
            self.open = True

    def __enter__(self) -> ProgressLine:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.open:
            with contextlib.suppress(OSError):
                self.stream.write("\n")
                self.stream.flush()
            self.open = False
