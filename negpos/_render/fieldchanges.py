"""The raw changes of a change set, made readable: grouped by position, with word differences.

[`ChangeSet.raw`][negpos.ChangeSet.raw] lists every field that differs between two memoranda
as paths into the canonical keyed form. For a report, this module turns those records into
lines a reader can take in: grouped by the position they belong to (titled by the issue's
title, not its id), each field named in words (``source 2 › quote`` rather than
``sources[1].quote``), values written out briefly, and changed prose (notes, quotes, titles,
statements) shown as a word-level difference in which only the changed words and a few words
of context around them appear. The result is format-free; the Markdown and HTML templates
mark the removed and added words in their own way, escaping everything else.

Every step is linear in the records and the text, whatever their size: a long note is
compared word by word only where it differs (its common beginning and end are trimmed first),
and a difference too large to align is shown as one replacement, cut short.
"""

from __future__ import annotations

import difflib
import enum
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Final

import attrs
import pydantic

from negpos._analysis.changes import ChangeSet, Movement
from negpos._analysis.rawdiff import PathElement, RawChange, RawChangeKind
from negpos._analysis.reports import moved
from negpos._model.documents import Position
from negpos._model.issues import Issue
from negpos._render.words import FIRMNESS_WORDS, clean_text, describe_stance, format_number

__all__ = [
    "BRIEFING",
    "FieldChanges",
    "FieldGroup",
    "FieldLine",
    "Piece",
    "PieceKind",
    "field_changes",
    "field_groups",
    "readable_value",
    "word_diff",
]

#: The most moved positions whose fields a round report shows, per side.
BRIEFING: Final = 10
#: Unchanged words shown on each side of a change.
CONTEXT: Final = 4
#: The most words shown of one removed or added run (the first and last halves of it).
RUN: Final = 24
#: The longest value written out in full, in characters.
VALUE_CHARS: Final = 160
# Above this many word pairs, the changed middles of two texts are not aligned (difflib is
# quadratic at worst) and show as one removal and one addition.
_ALIGN_LIMIT: Final = 40_000
# Texts sharing less than this share of their words were rewritten: a word difference would
# scatter a few common words ("the", "of") through the new text, so the pair shows as one
# removal and one addition instead.
_REWRITTEN: Final = 0.5
_GAP: Final = "…"

_FIELD_WORDS: Final = {
    "accepts": "accepts",
    "alternatives": "alternatives",
    "date": "date",
    "document": "document",
    "firmness": "firmness",
    "forbids": "forbids",
    "highest": "highest level",
    "issue": "issue",
    "kind": "kind",
    "label": "label",
    "language": "language",
    "links": "linked to",
    "conditions": "conditions",
    "lowest": "lowest level",
    "max": "maximum",
    "min": "minimum",
    "note": "note",
    "options": "options",
    "party": "party",
    "positions": "positions",
    "precedes": "order",
    "preferred": "preferred",
    "publisher": "publisher",
    "quote": "quote",
    "requires": "requires",
    "round": "round",
    "salience": "salience",
    "section": "section",
    "sources": "source",
    "stance": "stance",
    "statement": "statement",
    "title": "title",
    "url": "address",
    "withdrawn": "withdrawn",
}


class PieceKind(enum.StrEnum):
    """What a piece of a word difference is: kept, removed or added words, or words left out."""

    SAME = "same"
    REMOVED = "removed"
    ADDED = "added"
    GAP = "gap"


@attrs.frozen
class Piece:
    """A run of words of a word difference, all of one kind.

    Attributes:
        text: The words, separated by single spaces; ``…`` for a gap.
        kind: Kept, removed, added, or a gap where words were left out.
    """

    text: str
    kind: PieceKind


@attrs.frozen
class FieldLine:
    """One changed field of a position or of the memorandum, ready to show.

    Attributes:
        field: The field in words, such as ``source 2 › quote``; empty for a whole position
            or group added or removed.
        kind: What happened to it.
        before: The earlier value written out briefly, or None where there was none.
        after: The later value written out briefly, or None where there is none.
        words: The word-level difference where both values are prose, else empty.
    """

    field: str
    kind: RawChangeKind
    before: str | None
    after: str | None
    words: tuple[Piece, ...] = ()


@attrs.frozen
class FieldGroup:
    """The changed fields of one position (or of the memorandum, or of a group of options).

    Attributes:
        title: What the lines are about: the issue's title, or ``The memorandum``.
        issue: The issue's id when the group is a position (main or an option's), else None.
        where: Where the position sits when it is an option's, such as
            ``alternatives ceasefire, option package``; else empty.
        lines: The changed fields, in document order.
    """

    title: str
    issue: str | None
    where: str
    lines: tuple[FieldLine, ...]


@attrs.frozen
class FieldChanges:
    """What a report shows of a change set's raw changes.

    Attributes:
        groups: The changed fields, grouped by position (see `FieldGroup`).
        more: Moved positions a round report leaves out (beyond `BRIEFING`); 0 otherwise.
        others: Positions changed in their text alone (sources, notes, wording), which a
            round report counts and does not show; 0 otherwise.
    """

    groups: tuple[FieldGroup, ...]
    more: int = 0
    others: int = 0


def field_changes(changes: ChangeSet, *, moved_only: bool = False) -> FieldChanges:
    """The raw changes of a change set as a report shows them.

    A change set shown on its own shows every record of ``changes.raw``, the memorandum's
    own fields and the alternatives included: that is what its report is for. A round
    report is a briefing on the comparison, and its table of moves already lists every move,
    so it shows the fields of at most `BRIEFING` moved positions per side, those that matter
    most to the party: positions held in both rounds (an added or dropped position is whole
    in the table), moves of the stance before changes of firmness, salience or links alone,
    then by the party's salience, shown in agenda order. The rest are counted, so that the
    section stays a few screens long however many positions moved, and costs the same.

    Args:
        changes: The change set.
        moved_only: Show what a round report shows (above) instead of every record.

    Returns:
        The groups, and the counts of what was left out.
    """
    issues = {row.issue.id: row.issue for row in changes.rows}
    if not moved_only:
        return FieldChanges(tuple(field_groups(changes.raw, issues)))
    listed = moved(changes)
    shown = {id(row) for row in listed}
    # A position carried forward unchanged is the same object in both standing memoranda.
    others = sum(
        1
        for row in changes.rows
        if id(row) not in shown
        and row.before is not None
        and row.before is not row.after
        and row.before != row.after
    )
    held = [row for row in listed if row.before is not None and row.after is not None]
    ranked = sorted(
        range(len(held)),
        key=lambda k: (
            held[k].movement is Movement.UNCHANGED,
            -held[k].after.salience,  # type: ignore[union-attr]
            k,
        ),
    )
    chosen = sorted(ranked[:BRIEFING])
    records = [record for k in chosen for record in held[k].raw]
    return FieldChanges(
        tuple(field_groups(records, issues)), more=len(held) - len(chosen), others=others
    )


def field_groups(records: Iterable[RawChange], issues: Mapping[str, Issue]) -> list[FieldGroup]:
    """Group raw records by what they are about and write each as a readable line.

    Args:
        records: Raw records in document order (a change set's ``raw``, or a row's).
        issues: The agenda's issues by id, for titles and element labels; an issue not
            in it is shown by its id.

    Returns:
        One group per position, group of options or the memorandum itself, in the order
        of their first record.
    """
    titles = {issue_id: issue.title for issue_id, issue in issues.items()}
    groups: dict[tuple[PathElement, ...], tuple[str, str | None, str, list[FieldLine]]] = {}
    for record in records:
        key, title, issue_id, where, rest = _locate(record.path, titles)
        if key not in groups:
            groups[key] = (title, issue_id, where, [])
        issue = None if issue_id is None else issues.get(issue_id)
        groups[key][3].append(_line(record, rest, issue, titles))
    return [
        FieldGroup(title, issue_id, where, tuple(lines))
        for title, issue_id, where, lines in groups.values()
    ]


def _locate(
    path: tuple[PathElement, ...], titles: Mapping[str, str]
) -> tuple[tuple[PathElement, ...], str, str | None, str, tuple[PathElement, ...]]:
    """The group a path belongs to: key, title, issue id, place, and the path within it."""
    if len(path) >= 2 and path[0] == "positions":
        issue = str(path[1])
        return path[:2], titles.get(issue, issue), issue, "", path[2:]
    if len(path) >= 2 and path[0] == "alternatives":
        place = f"alternatives {path[1]}"
        if len(path) >= 4 and path[2] == "options":
            place += f", option {path[3]}"
            if len(path) >= 6 and path[4] == "positions":
                issue = str(path[5])
                return path[:6], titles.get(issue, issue), issue, place, path[6:]
            return path[:4], place[:1].upper() + place[1:], None, "", path[4:]
        return path[:2], place[:1].upper() + place[1:], None, "", path[2:]
    return (), "The memorandum", None, "", path


def _field(rest: Sequence[PathElement]) -> str:
    """A path within a group in words: ``("sources", 1, "quote")`` is ``source 2 › quote``."""
    words: list[str] = []
    for step in rest:
        if isinstance(step, int):
            if words and words[-1] == "source":
                words[-1] = f"source {step + 1}"
            else:
                words.append(f"item {step + 1}")
        else:
            words.append(_FIELD_WORDS.get(step, step))
    return " › ".join(words)


Namer = Callable[[str], str]


def _namer(
    rest: Sequence[PathElement], issue: Issue | None, titles: Mapping[str, str]
) -> Namer | None:
    """How to name the ids a field holds: a stance's elements by label, links by title."""
    if rest[:1] == ("links",):
        return lambda link: titles.get(link, link)
    if rest == ("firmness",):
        return lambda firmness: FIRMNESS_WORDS.get(firmness, firmness)
    if (
        rest[:1] == ("stance",)
        and issue is not None
        and rest[-1:] not in (("kind",), ("statement",))
    ):
        found = issue

        def label(element_id: str) -> str:
            element = found.element(element_id)
            return element_id if element is None else element.name

        return label
    return None


def _line(
    record: RawChange, rest: tuple[PathElement, ...], issue: Issue | None, titles: Mapping[str, str]
) -> FieldLine:
    name = _namer(rest, issue, titles)
    before, after = record.before, record.after
    words: tuple[Piece, ...] = ()
    if (
        record.kind is RawChangeKind.CHANGED
        and isinstance(before, str)
        and isinstance(after, str)
        and name is None
        and _prose(before, after)
    ):
        words = word_diff(before, after)
    return FieldLine(
        _field(rest),
        record.kind,
        None if before is None else _shown(before, rest, issue, name),
        None if after is None else _shown(after, rest, issue, name),
        words,
    )


def _shown(value: Any, rest: Sequence[PathElement], issue: Issue | None, name: Namer | None) -> str:
    if not rest and issue is not None and isinstance(value, Mapping) and "stance" in value:
        try:
            position = Position.model_validate(_plain(value))
        except pydantic.ValidationError:
            return readable_value(value)
        return _short(
            f"{describe_stance(issue, position.stance)} · "
            f"{FIRMNESS_WORDS[position.firmness.value]} · salience {_number(position.salience)}"
        )
    return readable_value(value, name=name)


def _prose(before: str, after: str) -> bool:
    # Words worth comparing one by one: text with spaces in it, not an id, a date or a URL.
    return len(before.split()) > 1 or len(after.split()) > 1


def _plain(value: Any) -> Any:
    """A record's read-only JSON value as plain dicts and lists, as pydantic takes them."""
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    return value


def _short(text: str, limit: int = VALUE_CHARS) -> str:
    # White space only: the renderers remove control characters from whatever they print.
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + _GAP


def _number(value: float) -> str:
    # Exact, unlike a report's rounded figures: 0.50001 and 0.50002 must not both read 0.5.
    if value == int(value) and abs(value) < 1e15:
        return format_number(value)
    return repr(float(value))


def readable_value(value: Any, limit: int = VALUE_CHARS, name: Namer | None = None) -> str:
    """A JSON value of a raw record written out briefly for a reader.

    Text as it is, numbers exactly, booleans as yes or no, lists joined by commas, a
    source by its title or address, any other object by its fields; cut to ``limit``
    characters with ``…``. ``name``, where given, writes each text it holds (element and
    issue ids) by name.

    Examples:
        >>> readable_value(["north", "south"])
        'north, south'
        >>> readable_value({"url": "https://example.org/a", "section": "Point 3"})
        'https://example.org/a, Point 3'
        >>> readable_value(0.7), readable_value(600000.0), readable_value(True)
        ('0.7', '600,000', 'yes')
    """
    return _short(_written(value, name or str), limit)


def _written(value: Any, name: Namer) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return _number(value)
    if isinstance(value, str):
        return name(value)
    if isinstance(value, Mapping):
        if "document" in value or "url" in value:
            parts = [value.get("document") or value.get("url"), value.get("section")]
            return ", ".join(str(p) for p in parts if p)
        if "stance" in value and "issue" in value:
            return f"position on {value['issue']}"
        if "options" in value:
            return "group of options " + ", ".join(str(k) for k in value["options"])
        return "; ".join(f"{k}: {_written(v, name)}" for k, v in value.items() if k != "kind")
    if isinstance(value, Sequence):
        if value and all(isinstance(v, Sequence) and not isinstance(v, str) for v in value):
            return ", ".join(" before ".join(_written(x, name) for x in v) for v in value)
        return ", ".join(_written(v, name) for v in value)
    return str(value)


def word_diff(before: str, after: str, *, context: int = CONTEXT) -> tuple[Piece, ...]:
    """The word-level difference of two texts, kept short.

    Words are split on white space (control characters removed first). Unchanged runs keep
    ``context`` words next to each change and show the rest as one gap; a removed or added
    run longer than `RUN` words keeps its first and last words around a gap. Texts that
    share less than half their words were rewritten, and show as one removal and one
    addition rather than a scatter of common words.

    Args:
        before: The earlier text.
        after: The later text.
        context: Unchanged words to keep on each side of a change.

    Returns:
        The pieces in reading order; adjacent pieces are separated by one space when shown.

    Examples:
        >>> pieces = word_diff("a ceasefire of 30 days", "a ceasefire of 60 days")
        >>> [(p.kind.value, p.text) for p in pieces]
        [('same', 'a ceasefire of'), ('removed', '30'), ('added', '60'), ('same', 'days')]
    """
    old = clean_text(before).split()
    new = clean_text(after).split()
    codes = _opcodes(old, new)
    kept = sum(i1 - i0 for tag, i0, i1, _, _ in codes if tag == "equal")
    if 2 * kept < _REWRITTEN * (len(old) + len(new)):
        codes = [("replace", 0, len(old), 0, len(new))]
    raw: list[tuple[PieceKind, list[str]]] = []
    for tag, i0, i1, j0, j1 in codes:
        if tag == "equal":
            raw.append((PieceKind.SAME, old[i0:i1]))
            continue
        if i1 > i0:
            raw.append((PieceKind.REMOVED, old[i0:i1]))
        if j1 > j0:
            raw.append((PieceKind.ADDED, new[j0:j1]))
    pieces: list[Piece] = []
    for k, (kind, words) in enumerate(raw):
        if kind is PieceKind.SAME:
            pieces.extend(_kept(words, context, first=k == 0, last=k == len(raw) - 1))
        else:
            pieces.extend(_run(words, kind))
    return tuple(pieces)


def _opcodes(old: list[str], new: list[str]) -> list[tuple[str, int, int, int, int]]:
    """The opcodes of difflib for two word lists, aligning only the changed middle."""
    start, end_old, end_new = 0, len(old), len(new)
    while start < end_old and start < end_new and old[start] == new[start]:
        start += 1
    while end_old > start and end_new > start and old[end_old - 1] == new[end_new - 1]:
        end_old, end_new = end_old - 1, end_new - 1
    codes: list[tuple[str, int, int, int, int]] = []
    if start:
        codes.append(("equal", 0, start, 0, start))
    middle_old, middle_new = old[start:end_old], new[start:end_new]
    if len(middle_old) * len(middle_new) <= _ALIGN_LIMIT:
        matcher = difflib.SequenceMatcher(None, middle_old, middle_new, autojunk=False)
        for tag, i0, i1, j0, j1 in matcher.get_opcodes():
            codes.append((tag, i0 + start, i1 + start, j0 + start, j1 + start))
    else:
        codes.append(("replace", start, end_old, start, end_new))
    if end_old < len(old):
        codes.append(("equal", end_old, len(old), end_new, len(new)))
    return codes


def _kept(words: list[str], context: int, *, first: bool, last: bool) -> list[Piece]:
    """An unchanged run: all of it when short, else the words next to the changes."""
    keep_head = 0 if first else context
    keep_tail = 0 if last else context
    if first and last:
        keep_head = keep_tail = context
    if len(words) <= keep_head + keep_tail + 1:
        return [Piece(" ".join(words), PieceKind.SAME)]
    out = []
    if keep_head:
        out.append(Piece(" ".join(words[:keep_head]), PieceKind.SAME))
    out.append(Piece(_GAP, PieceKind.GAP))
    if keep_tail:
        out.append(Piece(" ".join(words[-keep_tail:]), PieceKind.SAME))
    return out


def _run(words: list[str], kind: PieceKind) -> list[Piece]:
    if len(words) <= RUN:
        return [Piece(" ".join(words), kind)]
    half = RUN // 2
    return [
        Piece(" ".join(words[:half]), kind),
        Piece(_GAP, PieceKind.GAP),
        Piece(" ".join(words[-half:]), kind),
    ]
