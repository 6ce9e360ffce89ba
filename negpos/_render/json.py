r"""JSON rendering: stable, versioned documents for scripts.

Every document is an object with a ``schema_version`` (bumped whenever a field changes
meaning or disappears) and a ``kind`` naming what it holds, beside the result's own
``to_dict()`` data. Keys are sorted, floats are rounded to six decimals, and text is written
as UTF-8 rather than ``\u`` escapes; the same result always gives the same bytes.
"""

from __future__ import annotations

import functools
import json
from typing import Any, Final

from negpos._analysis.changes import ChangeSet
from negpos._analysis.comparison import Comparison
from negpos._analysis.matrix import Matrix
from negpos._analysis.reports import NegotiationReport, RoundReport
from negpos._analysis.trajectory import Trajectory
from negpos._render import Result, refuse
from negpos.scenarios._search import Exploration

__all__ = ["SCHEMA_VERSION", "kind_of", "render_result", "to_data"]

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
    return json.dumps(to_data(result), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
