"""Krippendorff's alpha over a table of units, from the optional ``krippendorff`` package.

``_reliability`` gives alpha at a level of measurement, the pairable units and the share of
them in exact agreement, or the reason alpha is undefined (``NO_PAIRS``, ``NO_VARIATION``;
``NOT_CODED`` for text issues).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import Any, Final

from negpos._errors import NegposError

__all__ = ["INSTALL", "NOT_CODED", "NO_PAIRS", "NO_VARIATION"]


#: How to install what alpha needs.
INSTALL: Final = "pip install 'negpos[agreement]'"

#: Why alpha can be undefined.
NO_PAIRS: Final = "no unit is coded by two coders"
NO_VARIATION: Final = "no variation: every value coded is the same"
NOT_CODED: Final = "text issue: stances are not coded"


def _krippendorff() -> Any:
    try:
        import krippendorff
    except ImportError as exc:
        raise NegposError(
            f"inter-coder agreement needs the krippendorff package, which is not installed; "
            f"install it with {INSTALL}"
        ) from exc
    return krippendorff


def _reliability(
    kr: Any, level: str, table: Sequence[Sequence[Any | None]], *, exact_of: Sequence[bool]
) -> tuple[float | None, str | None, int, float | None]:
    """Alpha, its reason when undefined, the pairable units and their share in agreement.

    ``table`` holds one row per unit with one value per coder (None when missing); values
    are numbers, or any hashable value for nominal data (numbered here). ``exact_of`` says,
    per unit, whether its coders agree exactly.
    """
    pairable = [k for k, row in enumerate(table) if sum(v is not None for v in row) >= 2]
    exact = sum(exact_of[k] for k in pairable) / len(pairable) if pairable else None
    if not pairable:
        return None, NO_PAIRS, 0, exact
    codes: dict[Any, float] = {}
    columns: list[list[float]] = []
    for k in pairable:
        column = []
        for v in table[k]:
            if v is None:
                column.append(math.nan)
            elif level == "nominal":
                column.append(codes.setdefault(v, float(len(codes))))
            else:
                column.append(float(v))
        columns.append(column)
    distinct = {v for column in columns for v in column if not math.isnan(v)}
    if len(distinct) < 2:
        return None, NO_VARIATION, len(pairable), exact
    data = [list(row) for row in zip(*columns, strict=True)]  # coders by units
    value = float(kr.alpha(reliability_data=data, level_of_measurement=level))
    return value, None, len(pairable), exact


def _agree(values: Iterable[Any | None]) -> bool:
    given = [v for v in values if v is not None]
    return all(v == given[0] for v in given)
