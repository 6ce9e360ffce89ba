r"""JSON rendering: stable, versioned documents for scripts.

Every document is an object with a ``schema_version`` (bumped whenever a field changes
meaning or disappears) and a ``kind`` naming what it holds, beside the result's own
``to_dict()`` data. Keys are sorted, floats are rounded to six decimals, and text is written
as UTF-8 rather than ``\u`` escapes; the same result always gives the same bytes. The
exceptions are the invisible characters that could drive or mislead a terminal the document
is printed on (controls such as the C1 escape ``\u009b``, format characters such as the
right-to-left override ``\u202e``, line and paragraph separators): those are written as
``\u`` escapes, which read back as the same text.
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from typing import Any, Final

from negpos._analysis.agreement import Agreement
from negpos._analysis.changes import ChangeSet
from negpos._analysis.common import CommonGround
from negpos._analysis.comparison import Comparison
from negpos._analysis.matrix import Matrix
from negpos._analysis.plans import PlanAssessment
from negpos._analysis.reports import NegotiationReport, RoundReport
from negpos._analysis.robust import FigureSweep, RobustComparison
from negpos._analysis.trajectory import Trajectory
from negpos._render import Result, refuse
from negpos.scenarios._bargain import Bargain
from negpos.scenarios._search import Exploration

__all__ = [
    "SCHEMA_VERSION",
    "escape_char",
    "escape_invisible",
    "kind_of",
    "render_result",
    "to_data",
]

#: The version of the JSON documents' layout. 2: rows under ``rows`` (comparisons, change
#: sets, options and trajectories, the latter one row per issue with a point per round).
SCHEMA_VERSION: Final = 2

_DECIMALS = 6


@functools.singledispatch
def kind_of(result: object) -> str:
    """The ``kind`` a JSON document gives ``result``, such as ``"round_report"``.

    Raises:
        UsageError: The result is not something negpos renders.
    """
    raise refuse(result)


kind_of.register(RoundReport, lambda _: "round_report")
kind_of.register(NegotiationReport, lambda _: "negotiation_report")
kind_of.register(Comparison, lambda _: "comparison")
kind_of.register(Matrix, lambda _: "matrix")
kind_of.register(ChangeSet, lambda _: "changes")
kind_of.register(Trajectory, lambda _: "trajectory")
kind_of.register(Exploration, lambda _: "exploration")
kind_of.register(PlanAssessment, lambda _: "plan_assessment")
kind_of.register(RobustComparison, lambda _: "robust_comparison")
kind_of.register(FigureSweep, lambda _: "figure_sweep")
kind_of.register(Bargain, lambda _: "bargain")
kind_of.register(CommonGround, lambda _: "common_ground")
kind_of.register(Agreement, lambda _: "agreement")


def _rounded(value: Any) -> Any:
    # Six decimals hide the last-bit noise of float sums, which could otherwise differ
    # between platforms, while keeping every figure a report shows exact. Only floats and
    # containers need a look; text, integers and the rest pass as they are.
    kind = type(value)
    if kind is float:
        return round(value, _DECIMALS) + 0.0
    if kind is dict:
        return {k: _rounded(v) if type(v) in _WALKED else v for k, v in value.items()}
    if kind is list or kind is tuple:
        return [_rounded(v) if type(v) in _WALKED else v for v in value]
    return value


_WALKED: Final = frozenset({float, dict, list, tuple})


def to_data(result: Result) -> dict[str, Any]:
    """The JSON document of ``result`` as Python data: ``schema_version``, ``kind``, fields.

    Figures are rounded; a change set's patch is not: it is data to apply, and a rounded
    number would make another memorandum than the one the patch names.
    """
    kind = kind_of(result)
    data = result.to_dict()
    exact = {"patch": data.pop("patch")} if isinstance(result, ChangeSet) else {}
    return {"schema_version": SCHEMA_VERSION, "kind": kind, **_rounded(data), **exact}


def render_result(result: Result) -> str:
    """Render ``result`` as a JSON document with sorted keys, ending with a line break."""
    text = json.dumps(to_data(result), indent=2, sort_keys=True, ensure_ascii=False)
    return escape_invisible(text) + "\n"


_INVISIBLE: Final = ("Cc", "Cf", "Zl", "Zp")


def escape_invisible(text: str) -> str:
    r"""Write the invisible characters of JSON text as ``\u`` escapes.

    ``json.dumps`` escapes the controls below U+0020 but not DEL, the C1 controls, format
    characters or separators. Outside its strings JSON text holds only ASCII, and its only
    control there is the line break of the indentation, kept as it is; inside a string an
    escape reads back as the very character, so nothing is lost.

    Examples:
        >>> escape_invisible('{"title": "a\u202eb"}')
        '{"title": "a\\u202eb"}'
    """
    if text.isascii() and "\x7f" not in text:
        return text
    # Look at each distinct character once (the set is built in C), and rewrite the text only
    # if one of them is invisible: a character-by-character loop took 3x json.dumps itself.
    invisible = sorted(c for c in set(text) if c != "\n" and unicodedata.category(c) in _INVISIBLE)
    if not invisible:
        return text
    pattern = re.compile("|".join(map(re.escape, invisible)))
    return pattern.sub(lambda m: escape_char(m.group()), text)


def escape_char(char: str) -> str:
    r"""One character as a JSON ``\u`` escape (a surrogate pair beyond the BMP).

    Examples:
        >>> print(escape_char("ё"), escape_char("\U0001f600"))
        \u0451 \ud83d\ude00
    """
    data = char.encode("utf-16-be")
    return "".join(f"\\u{data[k]:02x}{data[k + 1]:02x}" for k in range(0, len(data), 2))
