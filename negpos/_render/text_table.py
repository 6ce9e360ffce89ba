"""Plain-text tables for a terminal: columns fitted to a width, cells wrapped, styles optional.

A cell is a sequence of lines, each a ``(text, style)`` pair; a table fits its columns into
the width it is given (columns with a ratio share what the others leave), wraps each line of
a cell at word boundaries, and writes the rows with a rule under the header. Styles are the
few ANSI attributes a report needs (bold, dim and four colours), written only when asked for,
so the same table serves a colour terminal, a pipe and a file.

It is written for speed as much as for looks: one pass to measure, one to wrap, one to write,
all in plain string operations, so that a table of ten thousand rows is a matter of a second
rather than of minutes.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Final, NamedTuple

__all__ = ["RULE", "Column", "Line", "Table", "display_width", "styled"]

#: The character of the rule under a table's header.
RULE: Final = "─"

Line = tuple[str, str]
"""One line of a cell: its text, and its style (``""`` for none)."""

_CODES: Final = {
    "bold": "1",
    "dim": "2",
    "red": "31",
    "green": "32",
    "yellow": "33",
    "blue": "34",
}


def styled(text: str, style: str, color: bool) -> str:
    """``text`` with the ANSI codes of ``style`` (words such as ``"bold red"``), if ``color``."""
    if not color or not style or not text:
        return text
    codes = ";".join(_CODES[word] for word in style.split())
    return f"\x1b[{codes}m{text}\x1b[0m"


def display_width(text: str) -> int:
    """The columns ``text`` takes on a terminal: East Asian wide characters take two."""
    if text.isascii():
        return len(text)
    # Each distinct character is looked up once: a report's text repeats few characters.
    return len(text) + sum(text.count(ch) for ch in set(text) if _wide(ch))


@functools.lru_cache(maxsize=4096)
def _wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in "WF"


def _wrap(text: str, width: int) -> list[str]:
    """``text`` broken into lines of at most ``width`` columns, at spaces where it can be."""
    return [line for line, _ in _wrap_measured(text, width)]


def _wrap_measured(text: str, width: int) -> list[tuple[str, int]]:
    """The lines of ``_wrap``, each with its display width (which padding needs)."""
    whole = display_width(text)
    if whole <= width:
        return [(text, whole)]
    words: list[tuple[str, int]] = []
    for word in text.split(" "):
        size = display_width(word)
        while size > width:  # a word longer than the column is cut
            head, word = _cut(word, width)
            words.append((head, display_width(head)))
            size = display_width(word)
        words.append((word, size))
    lines: list[tuple[str, int]] = []
    current, used = "", 0
    for word, size in words:
        if not current:
            current, used = word, size
        elif used + 1 + size <= width:
            current, used = f"{current} {word}", used + 1 + size
        else:
            lines.append((current, used))
            current, used = word, size
    lines.append((current, used))
    return lines


def _cut(word: str, room: int) -> tuple[str, str]:
    """The longest head of ``word`` that fits ``room`` columns (at least one character)."""
    taken = 0
    for k, ch in enumerate(word):
        taken += display_width(ch)
        if taken > room:
            k = max(k, 1)
            return word[:k], word[k:]
    return word, ""


# No flexible column is made narrower than this, however little room there is.
_NARROWEST = 8


class Column(NamedTuple):
    """A column of a table.

    Attributes:
        header: The header's text.
        ratio: A share of the width left by the fixed columns; 0 for a column as wide as its
            widest line.
        right: Align the column to the right (for figures).
    """

    header: str
    ratio: int = 0
    right: bool = False


class Table:
    """A table of cells, written as lines of text.

    Args:
        title: A line above the table, or ``""``.
        columns: The columns.
        rows: The rows, each a cell per column; a cell is a sequence of lines.
        spaced: Leave a blank line between rows (for rows of several lines).
        caption: A line below the table, or ``""``.
    """

    def __init__(
        self,
        title: str,
        columns: Sequence[Column],
        rows: Iterable[Sequence[Sequence[Line]]],
        *,
        spaced: bool = False,
        caption: str = "",
    ) -> None:
        self.title = title
        self.columns = tuple(columns)
        self.rows = [tuple(row) for row in rows]
        self.spaced = spaced
        self.caption = caption

    def _widths(self, width: int) -> list[int]:
        natural = [display_width(c.header) for c in self.columns]
        # The longest word of each column: narrower, it would be cut in the middle.
        word = [max((display_width(w) for w in c.header.split()), default=0) for c in self.columns]
        for row in self.rows:
            for k, cell in enumerate(row):
                for text, _ in cell:
                    size = display_width(text)
                    if size > natural[k]:
                        natural[k] = size
                    # No word of a line is wider than the line.
                    if size > word[k]:
                        word[k] = max(word[k], *map(display_width, text.split()), 0)
        # One space on each side of every column: 2 per column, plus a leading space.
        room = width - 1 - 3 * len(self.columns)
        if sum(natural) <= room:
            return natural
        flex = [k for k, c in enumerate(self.columns) if c.ratio]
        fixed = sum(n for k, n in enumerate(natural) if k not in flex)
        left = max(room - fixed, 0)
        shares = sum(self.columns[k].ratio for k in flex)
        widths = list(natural)
        # Each flexible column takes its share of the room by ratio, but no less than its
        # longest word and no more than its widest line; what the longest words take beyond
        # their shares comes off the columns with the most room above their own longest
        # word, one character at a time.
        for k in flex:
            share = left * self.columns[k].ratio // max(shares, 1)
            widths[k] = min(natural[k], max(word[k], share, _NARROWEST))
        excess = sum(widths[k] for k in flex) - left
        while excess > 0:
            k = max(flex, key=lambda k: (widths[k] - max(word[k], _NARROWEST), -k))
            if widths[k] <= max(word[k], _NARROWEST):
                break
            widths[k] -= 1
            excess -= 1
        spare = left - sum(widths[k] for k in flex)
        while spare > 0:
            growing = [k for k in flex if widths[k] < natural[k]]
            if not growing:
                break
            weight = sum(self.columns[k].ratio for k in growing)
            handed = 0
            for k in growing:
                add = min(natural[k] - widths[k], max(spare * self.columns[k].ratio // weight, 1))
                add = min(add, spare - handed)
                widths[k] += add
                handed += add
            spare -= handed
            if not handed:
                break
        return widths

    def lines(self, width: int, *, color: bool = False) -> list[str]:
        """The table as lines of at most ``width`` columns (beyond it only for fixed columns)."""
        widths = self._widths(width)
        out: list[str] = []
        if self.title:
            out.append(styled(self.title, "bold", color))
        header = [[(c.header, "bold")] for c in self.columns]
        out += self._row(header, widths, color)
        out.append(" " + "   ".join(RULE * w for w in widths))
        for k, row in enumerate(self.rows):
            if self.spaced and k:
                out.append("")
            out += self._row(row, widths, color)
        if self.caption:
            out.append(styled(self.caption, "dim", color))
        return out

    def _row(self, row: Sequence[Sequence[Line]], widths: list[int], color: bool) -> list[str]:
        cells: list[list[tuple[str, int, str]]] = []
        for cell, w in zip(row, widths, strict=True):
            cells.append(
                [
                    (piece, size, style)
                    for text, style in cell
                    for piece, size in _wrap_measured(text, w)
                ]
            )
        height = max((len(c) for c in cells), default=1)
        lines = []
        for k in range(height):
            parts = []
            for pieces, w, column in zip(cells, widths, self.columns, strict=True):
                text, size, style = pieces[k] if k < len(pieces) else ("", 0, "")
                pad = " " * (w - size)
                shown = styled(text, style, color)
                parts.append(pad + shown if column.right else shown + pad)
            lines.append((" " + "   ".join(parts)).rstrip())
        return lines
