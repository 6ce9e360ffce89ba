"""What a robust analysis keeps of its combinations: ranges, smallest sets, quantiles.

[`FigureRange`][negpos.FigureRange] is a figure's lowest, highest and main value;
``_smallest`` finds the smallest set of readings (fewest departures from the main ones, then
the most probable) among the combinations that change a conclusion; ``_quantiles`` gives
weighted percentiles.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import Any

import attrs

from negpos._analysis.readings import Combination, ReadingVariable, probability

__all__ = ["FigureRange"]


@attrs.frozen
class FigureRange:
    """A figure over every reading: its lowest and highest value, and its main value.

    Attributes:
        main: The value under the main readings.
        low: The lowest value found.
        high: The highest value found.
    """

    main: float | None
    low: float | None
    high: float | None

    @property
    def robust(self) -> bool:
        """Whether the figure is the same under every reading tried."""
        return self.low == self.high

    def contains(self, value: float | None) -> bool:
        """Whether ``value`` lies in the range (None only in a range of None)."""
        if value is None or self.low is None or self.high is None:
            return value is None and self.low is None
        return self.low <= value <= self.high

    def to_dict(self) -> dict[str, Any]:
        """The range as JSON-ready data."""
        return {"main": self.main, "low": self.low, "high": self.high}


def _range(main: float | None, values: Iterable[float | None]) -> FigureRange:
    present = [v for v in values if v is not None]
    if not present:
        return FigureRange(main, None, None)
    return FigureRange(main, min(present), max(present))


def _first_smallest(
    variables: Sequence[ReadingVariable], combos: Sequence[Combination], picked: Iterable[int]
) -> int | None:
    """The smallest of the picked combinations, or None when none is picked.

    The smallest departs from the main readings in the fewest variables; ties go to the most
    probable, then the first.
    """
    best: tuple[int, float, int] | None = None
    for k in picked:
        combo = combos[k]
        key = (sum(1 for j in combo if j), -probability(variables, combo), k)
        if best is None or key < best:
            best = key
    return None if best is None else best[2]


def _smallest(
    variables: Sequence[ReadingVariable],
    combos: Sequence[Combination],
    picked: Iterable[int],
) -> tuple[str, ...]:
    """The readings of the smallest, then most probable, then first of the picked combos."""
    k = _first_smallest(variables, combos, picked)
    if k is None:
        return ()
    return tuple(v.describe(j) for v, j in zip(variables, combos[k], strict=True) if j)


def _quantiles(values: Sequence[tuple[float, float]]) -> tuple[float, float, float]:
    """The 5th, 50th and 95th percentiles of weighted values (the lowest value reaching each)."""
    ordered = sorted(values)
    total = math.fsum(w for _, w in ordered)
    out: list[float] = []
    for q in (0.05, 0.5, 0.95):
        running = 0.0
        for value, weight in ordered:
            running += weight
            if running >= q * total - 1e-12:
                out.append(value)
                break
    return out[0], out[1], out[2]
