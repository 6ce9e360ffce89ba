"""Short reprs for documents and results: a line that says what an object is, never a dump.

A negotiation's default pydantic repr runs to hundreds of kilobytes, a comparison's too: in a
terminal or a saved notebook that is noise. Every document and result therefore has a repr
of one line, at most ``LIMIT`` characters, that names the object and its headline figures
(``<Comparison ru–ua at istanbul-2: 48 issues; …; index 0.243>``) or, for the small
building blocks, lists its fields with nested collections counted rather than expanded
(``IssueGround(issue=<SetIssue 'territory.recognition'>, rows=<4 items>, …)``).

The reprs are deterministic (no ids, no addresses), never raise (a repr that fails falls back
to the class name) and show analyst text through ``repr()``, so that a control character or
a newline in a title cannot break the line.
"""

from __future__ import annotations

import datetime as _dt
import enum
import functools
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Final, TypeVar

import attrs

__all__ = [
    "LIMIT",
    "Shown",
    "clip",
    "compact_repr",
    "counted",
    "figure",
    "guarded",
    "plural",
    "quoted",
    "short",
    "stance_brief",
    "tag",
]

#: The longest a repr gets, in characters.
LIMIT: Final = 200

_SCALARS: Final = (str, int, float, bool, type(None), enum.Enum, _dt.date)

_T = TypeVar("_T")


class Shown:
    """A value that repr() shows as the given text (for pydantic's ``__repr_args__``)."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return self.text


def _printable(text: str) -> str:
    return "".join(c if c.isprintable() else "?" for c in text)


def clip(text: str, limit: int = LIMIT) -> str:
    r"""``text`` on one line and at most ``limit`` characters, cut with an ellipsis.

    Examples:
        >>> clip("<Thing " + "x" * 300 + ">")[-4:], len(clip("<Thing " + "x" * 300 + ">"))
        ('xx…>', 200)
        >>> clip("a\nb")
        'a?b'
    """
    text = _printable(text)
    if len(text) <= limit:
        return text
    closing = text[-1] if text[-1] in ">)" else ""
    return text[: limit - 1 - len(closing)] + "…" + closing


def quoted(text: str | None, limit: int = 48) -> str:
    """Analyst text quoted as Python would, cut to ``limit`` characters.

    Examples:
        >>> quoted("Istanbul, second round"), quoted("x" * 60, 10)
        ("'Istanbul, second round'", "'xxxxxxxxx…'")
    """
    if text is None:
        return "None"
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return repr(text)


def figure(value: float | None, digits: int = 3) -> str:
    """A figure rounded for a repr; ``n/a`` when it cannot be computed.

    Examples:
        >>> figure(0.24285), figure(None), figure(0.5, 2)
        ('0.243', 'n/a', '0.50')
    """
    return "n/a" if value is None else f"{value:.{digits}f}"


def plural(count: int, word: str, words: str | None = None) -> str:
    """``count`` and the noun, in the singular or plural.

    Examples:
        >>> plural(1, "issue"), plural(48, "issue"), plural(2, "memorandum", "memoranda")
        ('1 issue', '48 issues', '2 memoranda')
    """
    return f"{count} {word if count == 1 else (words or word + 's')}"


def counted(counts: Iterable[tuple[Any, int]]) -> str:
    """The non-zero counts of ``(status, count)`` pairs, as ``16 gap, 3 settled``.

    Examples:
        >>> counted([("gap", 16), ("overlap", 0), ("one_sided", 3)])
        '16 gap, 3 one-sided'
    """
    shown = []
    for key, count in counts:
        if count:
            name = key.value if isinstance(key, enum.Enum) else str(key)
            shown.append(f"{count} {name.replace('_', '-')}")
    return ", ".join(shown) or "none"


def tag(name: str, body: str) -> str:
    """A repr of the form ``<name body>``, clipped.

    Examples:
        >>> tag("Matrix", "at geneva: 5 parties")
        '<Matrix at geneva: 5 parties>'
    """
    return clip(f"<{name} {body}>" if body else f"<{name}>")


def guarded(method: Callable[[_T], str]) -> Callable[[_T], str]:
    """Make a ``__repr__`` that cannot raise: on any error it gives ``<ClassName>``."""

    @functools.wraps(method)
    def wrapper(self: _T) -> str:
        try:
            return method(self)
        except Exception:
            return f"<{type(self).__name__}>"

    return wrapper


def _is_scalar(value: object) -> bool:
    if isinstance(value, tuple):
        return all(_is_scalar(v) for v in value)
    return isinstance(value, _SCALARS)


def short(value: object) -> str:
    """How a field's value shows inside a compact repr: small values as they are.

    Text is cut to 48 characters; a collection of plain values shows as itself when short,
    any other collection by its size; a nested object by its own repr when short, by its
    class name otherwise.

    Examples:
        >>> short(("ru", "ua")), short(tuple(range(40))), short({"a": 1})
        ("('ru', 'ua')", '<40 items>', '<1 item>')
    """
    if isinstance(value, str):
        return quoted(value)
    if isinstance(value, _SCALARS):
        return repr(value)
    if isinstance(value, (tuple, list, frozenset, set, Mapping)):
        if not value:
            return repr(value)
        if not isinstance(value, Mapping) and all(_is_scalar(v) for v in value):
            text = repr(value)
            if len(text) <= 60:
                return text
        return f"<{plural(len(value), 'item')}>"
    text = repr(value)
    if len(text) <= 80 and "\n" not in text:
        return text
    identity = getattr(value, "id", None)
    if isinstance(identity, str):
        return f"<{type(value).__name__} {quoted(identity)}>"
    return f"<{type(value).__name__}>"


def compact_repr(self: object) -> str:
    """The compact repr of an attrs object: its fields, each shown by ``short``.

    Fields marked ``repr=False`` are left out, as attrs does.
    """
    try:
        fields = attrs.fields(type(self))  # type: ignore[arg-type]
        parts = [
            f"{f.alias or f.name}={short(getattr(self, f.name))}"
            for f in fields
            if f.repr is not False
        ]
        return clip(f"{type(self).__name__}({', '.join(parts)})")
    except Exception:
        return f"<{type(self).__name__}>"


def _items(values: Iterable[object]) -> str:
    return ", ".join(str(v) for v in values)


def stance_brief(stance: object) -> str:
    """A stance in a few words, without its issue: what a position's repr shows.

    Labels and units live on the issue, so the brief names the stance's own ids and numbers;
    [`describe_stance`][negpos._render.words.describe_stance] words it fully.

    Examples:
        >>> from negpos import NumericStance, SetStance
        >>> stance_brief(SetStance(requires=("crimea", "donetsk"), forbids=("kherson",)))
        'requires crimea, donetsk; forbids kherson'
        >>> stance_brief(NumericStance(max=600000, preferred=500000))
        '≤ 600000 (prefers 500000)'
    """
    from negpos._model.stances import (
        BooleanStance,
        CategoricalStance,
        NumericStance,
        OrdinalStance,
        SequenceStance,
        SetStance,
        TextStance,
    )

    def number(value: float) -> str:
        return f"{value:g}" if abs(value) < 1e15 else repr(value)

    text: str
    if isinstance(stance, SetStance):
        parts = []
        if stance.requires:
            parts.append("requires " + _items(stance.requires))
        if stance.forbids:
            parts.append("forbids " + _items(stance.forbids))
        text = "; ".join(parts) or "anything"
    elif isinstance(stance, NumericStance):
        low, high = stance.min, stance.max
        if low is not None and high is not None:
            text = f"{number(low)}–{number(high)}"
        elif low is not None:
            text = f"≥ {number(low)}"
        elif high is not None:
            text = f"≤ {number(high)}"
        else:
            text = "any value"
    elif isinstance(stance, BooleanStance):
        text = " or ".join("yes" if v else "no" for v in stance.accepts)
    elif isinstance(stance, CategoricalStance):
        text = " or ".join(stance.accepts)
    elif isinstance(stance, OrdinalStance):
        text = (
            stance.lowest
            if stance.lowest == stance.highest
            else f"{stance.lowest} to {stance.highest}"
        )
    elif isinstance(stance, SequenceStance):
        text = ", ".join(f"{a} → {b}" for a, b in stance.precedes) or "any order"
    elif isinstance(stance, TextStance):
        text = quoted(stance.statement, 40)
    else:
        text = type(stance).__name__
    preferred = getattr(stance, "preferred", None)
    if preferred is not None:
        shown = number(preferred) if isinstance(preferred, float) else preferred
        if isinstance(preferred, bool):
            shown = "yes" if preferred else "no"
        text += f" (prefers {shown})"
    return clip(text, 80)
