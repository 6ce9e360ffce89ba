r"""JSON rendering: stable, versioned documents for scripts.

Every document is an object with a ``schema_version`` (bumped whenever a field changes
meaning or disappears) and a ``kind`` naming what it holds, beside the result's own
``to_dict()`` data. Keys are sorted, floats are rounded to six decimals, and text is written
as UTF-8 rather than ``\u`` escapes; the same result always gives the same bytes.
"""

from __future__ import annotations

import json
from typing import Any, Final

from negpos._render import Result

__all__ = ["SCHEMA_VERSION", "kind_of", "to_data", "to_json"]

#: The version of the JSON documents' layout.
SCHEMA_VERSION: Final = 1

_DECIMALS = 6


def kind_of(result: Result) -> str:
    """The ``kind`` a JSON document gives ``result``, such as ``"round_report"``.

    Raises:
        TypeError: The result is not something negpos renders.
    """
    from negpos._changes import ChangeSet
    from negpos._comparison import Comparison
    from negpos._matrix import Matrix
    from negpos._report import NegotiationReport, RoundReport
    from negpos._trajectory import Trajectory

    kinds: tuple[tuple[type, str], ...] = (
        (RoundReport, "round_report"),
        (NegotiationReport, "negotiation_report"),
        (Comparison, "comparison"),
        (Matrix, "matrix"),
        (ChangeSet, "changes"),
        (Trajectory, "trajectory"),
    )
    for cls, name in kinds:
        if isinstance(result, cls):
            return name
    raise TypeError(f"negpos cannot render a {type(result).__name__}")


def _rounded(value: Any) -> Any:
    # Six decimals hide the last-bit noise of float sums, which could otherwise differ
    # between platforms, while keeping every figure a report shows exact.
    if isinstance(value, float):
        return round(value, _DECIMALS) + 0.0
    if isinstance(value, dict):
        return {k: _rounded(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_rounded(v) for v in value]
    return value


def to_data(result: Result) -> dict[str, Any]:
    """The JSON document of ``result`` as Python data: ``schema_version``, ``kind``, fields."""
    kind = kind_of(result)
    data = _rounded(result.to_dict())
    return {"schema_version": SCHEMA_VERSION, "kind": kind, **data}


def to_json(result: Result) -> str:
    """Render ``result`` as a JSON document with sorted keys, ending with a line break."""
    return json.dumps(to_data(result), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
