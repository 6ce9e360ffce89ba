"""The exceptions negpos raises on purpose.

Everything the library raises deliberately derives from [`NegposError`][negpos.NegposError],
so a caller can catch one class, and each kind of mistake has one class, raised by every entry
point that can meet it (Python functions, methods and the command line alike)::

    NegposError
    ├── InputError        a document is malformed, inconsistent or refused: also a ValueError
    ├── UsageError        a bad argument: also a ValueError
    │   └── MoveError     (negpos.scenarios) a move that does not fit its position
    ├── NotFoundError     a lookup by an id that does not exist: also a KeyError
    └── OutputError       a file, folder or stream could not be written: also an OSError

Input problems carry where they are: the file, the line where the parser knows it, and the
field path inside the document.

This module also holds the two rules for the text of messages, so that every layer can use
them: [`excerpt`][negpos._errors.excerpt] quotes a bad value in a bounded excerpt, and
[`clean_text`][negpos._errors.clean_text] removes the control and format characters that
must never reach a terminal.
"""

from __future__ import annotations

import dataclasses
import unicodedata
from collections.abc import Iterable
from typing import Final

__all__ = [
    "EXCERPT_LIMIT",
    "InputError",
    "NegposError",
    "NotFoundError",
    "OutputError",
    "Problem",
    "UsageError",
    "check_argument",
    "clean_text",
    "excerpt",
]

#: The most characters of a bad value a message quotes.
EXCERPT_LIMIT: Final = 80

# Separators that end a line or a field in a terminal; each becomes a space.
_BREAKS: Final = frozenset("\t\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029")


def clean_text(text: str, *, keep_newlines: bool = False) -> str:
    r"""Remove control and format characters from text: the one rule for what negpos shows.

    Characters of the Unicode categories Cc (controls such as ``\x07`` or the escape that
    starts a terminal sequence) and Cf (invisible format characters such as the right-to-left
    override) could hide text, forge a line or drive a terminal; no report, message or line
    on a terminal passes them through. Tabs, line breaks and the other line and paragraph
    separators become spaces, or stay line breaks with ``keep_newlines``.

    Args:
        text: Any text.
        keep_newlines: Keep ``\n`` (``\r\n`` and lone ``\r`` become ``\n``) for formats
            that show paragraphs.

    Returns:
        The text without control and format characters.

    Examples:
        >>> clean_text("red\x07 line\nfirm")
        'red line firm'
        >>> clean_text("a\r\nb", keep_newlines=True)
        'a\nb'
        >>> clean_text("\x1b]8;;https://x.example\x1b\\link\x1b]8;;\x1b\\")
        ']8;;https://x.example\\link]8;;\\'
    """
    if text.isprintable():
        # The common case, decided in C: printable text (Cyrillic and dashes included) holds
        # no control, format or separator character other than the space: nothing to remove.
        return text
    if keep_newlines:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    out: list[str] = []
    for ch in text:
        if ch == "\n" and keep_newlines:
            out.append(ch)
        elif ch in _BREAKS:
            out.append(" ")
        elif unicodedata.category(ch) not in ("Cc", "Cf"):
            out.append(ch)
    return "".join(out)


def excerpt(value: object, limit: int = EXCERPT_LIMIT) -> str:
    r"""How a message quotes a value: its ``repr``, cut to ``limit`` characters when longer.

    ``repr`` writes control and format characters as escapes, so the quote is safe on a
    terminal; the cut keeps a one-megabyte id from making a one-megabyte message.

    Args:
        value: The value to quote.
        limit: The most characters to show.

    Returns:
        The quote, cut after ``limit`` characters (escapes count as written) and followed by
        the length of the whole value when it was cut.

    Examples:
        >>> excerpt("ru")
        "'ru'"
        >>> excerpt("x" * 1000, limit=5)
        "'xxxx… (1,000 characters)"
        >>> excerpt("\x1b[2J")
        "'\\x1b[2J'"
    """
    if isinstance(value, str):
        # Only the head is quoted: a megabyte of text is never copied into a message.
        text, length = repr(value[: limit + 1]), len(value)
    else:
        text = repr(value)
        length = len(text)
    if len(text) <= limit + 2 and (not isinstance(value, str) or length <= limit):
        return text
    return f"{text[:limit]}… ({length:,} characters)"


def check_argument(value: object, expected: type | tuple[type, ...], what: str) -> None:
    """Refuse an argument of the wrong type with a message saying what was expected.

    Args:
        value: The argument.
        expected: The type or types it may have.
        what: What the argument should be, in words ("memo_a, a Memorandum").

    Raises:
        UsageError: ``value`` is not an instance of ``expected``.

    Examples:
        >>> check_argument(42, str, "a party id (text such as 'ru')")
        Traceback (most recent call last):
        negpos._errors.UsageError: expected a party id (text such as 'ru'), got int 42
    """
    if not isinstance(value, expected):
        raise UsageError(f"expected {what}, got {type(value).__name__} {excerpt(value)}")


class NegposError(Exception):
    """Base class of every error negpos raises on purpose."""


# A dataclass rather than attrs: loading a file imports this module, and attrs costs the
# command's start-up tens of milliseconds before any result needs it.
@dataclasses.dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with an input document.

    Attributes:
        message: What is wrong, in a sentence.
        field: The path of the field inside the document, such as
            ``rounds[1].memoranda[0].positions[3].stance.max``; empty for the whole document.
        file: The file the document came from, if it came from a file.
        line: The 1-based line in that file, where it is known.
    """

    message: str
    field: str = ""
    file: str | None = None
    line: int | None = None

    def __str__(self) -> str:
        where = self.file or ""
        if self.line is not None:
            where = f"{where}:{self.line}" if where else f"line {self.line}"
        parts = [p for p in (where, self.field) if p]
        prefix = ": ".join(parts)
        return f"{prefix}: {self.message}" if prefix else self.message


class InputError(NegposError, ValueError):
    """An input document is malformed, inconsistent or refused.

    It is a ``ValueError`` too, as the standard library's parsers' errors are
    (``json.JSONDecodeError``, ``tomllib.TOMLDecodeError``) and pydantic's ``ValidationError``
    is: code that guarded the building of documents with ``except ValueError`` keeps working,
    and a negpos document nested in a pydantic model of your own fails that model's
    validation as any other invalid value would.

    Attributes:
        problems: Every problem found, in document order where it is known.
    """

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        if not self.problems:
            raise ValueError("an InputError needs at least one problem")
        super().__init__(self._summary())

    @classmethod
    def single(
        cls,
        message: str,
        *,
        field: str = "",
        file: str | None = None,
        line: int | None = None,
    ) -> InputError:
        """Build an error with exactly one problem."""
        return cls([Problem(message, field=field, file=file, line=line)])

    def _summary(self) -> str:
        lines = [str(p) for p in self.problems]
        if len(lines) == 1:
            return lines[0]
        return f"{len(lines)} problems:\n" + "\n".join(f"  {line}" for line in lines)

    def with_file(self, file: str) -> InputError:
        """Return a copy whose problems without a file name ``file``."""
        return InputError(
            dataclasses.replace(p, file=file) if p.file is None else p for p in self.problems
        )


class UsageError(NegposError, ValueError):
    """A function or command was called with an argument it cannot take.

    The same party named twice, a format negpos does not write, a round that comes after the
    round it should precede: mistakes in the call, not in the documents. It is a
    ``ValueError`` too, so code written against the standard library's conventions catches it.
    """


class NotFoundError(NegposError, KeyError):
    """A party, issue, round, option or pair was looked up by an id that does not exist.

    It is a ``KeyError`` too, as a failed lookup in a mapping would be.
    """

    def __str__(self) -> str:
        # KeyError quotes its argument; a message reads better plain.
        return str(self.args[0]) if self.args else ""


class OutputError(NegposError, OSError):
    """A file, a folder or a stream could not be written.

    Raised when a save fails (the disk is full, the folder is read-only), when the command
    line is asked to write over one of its own inputs, and when standard output cannot take
    the text. Whatever the cause, nothing that was there before is lost. It is an
    ``OSError`` too, as the failure of a write usually is; the operating system's own error,
    where there is one, is its ``__cause__``.
    """
