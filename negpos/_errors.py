"""The exceptions negpos raises on purpose.

Everything the library raises deliberately derives from [`NegposError`][negpos.NegposError],
so a caller can catch one class, and each kind of mistake has one class, raised by every entry
point that can meet it (Python functions, methods and the command line alike)::

    NegposError
    ├── InputError        a document is malformed, inconsistent or refused
    ├── UsageError        a bad argument: also a ValueError
    │   └── MoveError     (negpos.scenarios) a move that does not fit its position
    └── NotFoundError     a lookup by an id that does not exist: also a KeyError

Input problems carry where they are: the file, the line where the parser knows it, and the
field path inside the document.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

__all__ = ["InputError", "NegposError", "NotFoundError", "Problem", "UsageError"]


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


class InputError(NegposError):
    """An input document is malformed, inconsistent or refused.

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
