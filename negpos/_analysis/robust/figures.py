"""Any figures of a negotiation, measured under every combination of its readings.

[`robust_figures`][negpos.robust_figures] reads the whole negotiation one way per
combination, measures it with any function, and gives a
[`FigureSweep`][negpos.FigureSweep] of [`SweptFigure`][negpos.SweptFigure]s: numbers as
ranges, text and True/False as the values seen, each with the smallest set of readings that
changes it.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from concurrent.futures import Executor
from typing import Any

import attrs

from negpos._analysis.readings import (
    Combination,
    ReadingVariable,
    combinations,
    count_of,
    probability,
    read_negotiation,
    sample_combinations,
    variables_in,
)
from negpos._analysis.renderable import Renderable
from negpos._analysis.robust.chunked import EXACT_LIMIT, SAMPLES, sweep
from negpos._analysis.robust.ranges import FigureRange, _smallest
from negpos._errors import NotFoundError, UsageError
from negpos._model.negotiation import Negotiation
from negpos._model.reprs import compact_repr, guarded, plural, tag

__all__ = ["FigureSweep", "SweptFigure", "Value", "robust_figures"]


Value = float | int | str | bool | None
"""What a measure gives for one figure: a number, a word (a status, a party), or nothing."""


@attrs.frozen
class SweptFigure:
    """One figure of a [`FigureSweep`][negpos.FigureSweep] over the readings.

    Attributes:
        name: The figure's name, as the measure gave it.
        main: Its value under the main readings.
        values: Every value seen, in the order first seen (the main value first).
        range: For a number, its lowest and highest values; None for other values.
        depends_on: The smallest set of readings found that changes the value, in words;
            empty when the value is robust.
        changed_to: The value under ``depends_on``, when it changes.
    """

    name: str
    main: Value
    values: tuple[Value, ...]
    range: FigureRange | None = None
    depends_on: tuple[str, ...] = ()
    changed_to: Value = None

    @property
    def robust(self) -> bool:
        """Whether the figure is the same under every reading tried."""
        return len(self.values) == 1

    def to_dict(self) -> dict[str, Any]:
        """The figure as JSON-ready data."""
        return {
            "name": self.name,
            "main": self.main,
            "values": list(self.values),
            "range": None if self.range is None else self.range.to_dict(),
            "robust": self.robust,
            "depends_on": list(self.depends_on),
            "changed_to": self.changed_to,
        }

    __repr__ = compact_repr


@attrs.frozen
class FigureSweep(Renderable):
    """Any figures of a negotiation, measured under every combination of its readings.

    Attributes:
        figures: One entry per figure the measure gives, in its order.
        variables: The positions read in more than one way, across the rounds.
        combinations: How many combinations there are in all.
        evaluated: How many were measured.
        exact: Whether every combination was measured (else ranges are inner bounds).
    """

    figures: tuple[SweptFigure, ...]
    variables: tuple[ReadingVariable, ...]
    combinations: int
    evaluated: int
    exact: bool

    def figure(self, name: str) -> SweptFigure:
        """The figure called ``name``.

        Raises:
            NotFoundError: The measure gave no figure of that name.
        """
        for f in self.figures:
            if f.name == name:
                return f
        raise NotFoundError(f"no figure {name!r}; the figures are {[f.name for f in self.figures]}")

    def to_dict(self) -> dict[str, Any]:
        """The sweep as JSON-ready data."""
        return {
            "combinations": self.combinations,
            "evaluated": self.evaluated,
            "exact": self.exact,
            "variables": [v.to_dict() for v in self.variables],
            "figures": [f.to_dict() for f in self.figures],
        }

    @guarded
    def __repr__(self) -> str:
        """``<FigureSweep N figures over N combinations>``, on one line."""
        method = "exact" if self.exact else f"{self.evaluated} sampled"
        return tag(
            "FigureSweep",
            f"{plural(len(self.figures), 'figure')} over "
            f"{plural(len(self.variables), 'uncertain position')}, "
            f"{plural(self.combinations, 'combination')} ({method})",
        )


class _Measure:
    """Reads a negotiation one way and measures it (picklable when the measure is)."""

    def __init__(
        self,
        negotiation: Negotiation,
        variables: tuple[ReadingVariable, ...],
        measure: Callable[[Negotiation], Any],
    ) -> None:
        self.negotiation, self.variables, self.measure = negotiation, variables, measure

    def __call__(self, combination: Combination) -> dict[str, Value]:
        read = read_negotiation(self.negotiation, self.variables, combination)
        return _figures(self.measure(read))


def _figures(measured: Any) -> dict[str, Value]:
    if isinstance(measured, Mapping):
        out = {}
        for name, value in measured.items():
            if not isinstance(name, str):
                raise UsageError(f"a measure names its figures with text, not {name!r}")
            out[name] = _value(name, value)
        return out
    return {"value": _value("value", measured)}


def _number(value: Value) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value)


def _value(name: str, value: Any) -> Value:
    if isinstance(value, enum.Enum):
        value = value.value
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    raise UsageError(
        f"figure {name!r} is a {type(value).__name__}; a measure gives numbers, text, "
        "True/False or None"
    )


def robust_figures(
    negotiation: Negotiation,
    measure: Callable[[Negotiation], Any],
    *,
    executor: Executor | None = None,
    limit: int = EXACT_LIMIT,
    samples: int = SAMPLES,
    seed: int = 0,
) -> FigureSweep:
    """Any figures of a negotiation as ranges over every reading of its positions.

    The general form of [`robust`][negpos.robust]: ``measure`` takes the negotiation, read one
    way (every position with readings, in every round, takes one of them), and returns the
    figures to follow: one value, or a mapping of names to values. Numbers become ranges;
    text and True/False (a status, the side a plan leans toward) become the set of values
    seen; each figure that changes comes with the smallest set of readings that changes it.
    Any analysis serves: a change set, a trajectory, a matrix, a plan assessment.

    Args:
        negotiation: The negotiation.
        measure: Takes a negotiation, returns a number, text, True/False, None, or a mapping
            of figure names to such values. With an executor that runs other processes it
            must be picklable (a module-level function, not a lambda).
        executor: A ``concurrent.futures.Executor`` to run the measures on; None to run them
            here.
        limit: The most combinations measured one by one; beyond, the search samples (see
            [`robust`][negpos.robust]).
        samples: How many combinations a sampled search draws at random.
        seed: The seed of that draw.

    Returns:
        The [`FigureSweep`][negpos.FigureSweep].

    Raises:
        UsageError: A figure is not a number, text, True/False or None; the measure gives
            other figures for other readings; or a bad ``limit``, ``samples`` or ``seed``.

    Examples:
        >>> import negpos
        >>> def lean(negotiation):
        ...     plan = negotiation.assess("us", ["ru", "ua"], round_id="us-28-points")
        ...     return {"leans toward": plan.leans_toward, "lean": plan.lean}
        >>> swept = negpos.robust_figures(negpos.bundled(), lean)
        >>> swept.figure("leans toward").main
        'ru'
    """
    for name, value, least in (("limit", limit, 1), ("samples", samples, 0), ("seed", seed, 0)):
        if isinstance(value, bool) or not isinstance(value, int) or value < least:
            raise UsageError(f"{name} must be a whole number of {least} or more, not {value!r}")
    if not callable(measure):
        raise UsageError(f"measure must be a function of a negotiation, not {measure!r}")
    variables = variables_in(negotiation)
    total = count_of(variables)
    exact = total <= limit
    combos: list[Combination] = (
        list(combinations(variables)) if exact else sample_combinations(variables, samples, seed)
    )
    results = sweep(_Measure(negotiation, variables, measure), combos, executor=executor)
    names = list(results[0])
    for k, found in enumerate(results):
        if list(found) != names:
            raise UsageError(
                f"the measure gave figures {names} under the main readings but {list(found)} "
                f"under {_smallest(variables, combos, [k]) or 'another reading'}"
            )
    figures = []
    for name in names:
        main = results[0][name]
        seen = list(dict.fromkeys(r[name] for r in results))
        changed = [k for k, r in enumerate(results) if r[name] != main]
        depends = _smallest(variables, combos, changed)
        to: Value = None
        if changed:
            first = min(
                changed,
                key=lambda k: (
                    sum(1 for j in combos[k] if j),
                    -probability(variables, combos[k]),
                    k,
                ),
            )
            to = results[first][name]
        numbers = [v for v in seen if isinstance(v, (int, float)) and not isinstance(v, bool)]
        span = None
        if numbers and len(numbers) == len([v for v in seen if v is not None]):
            main_number = (
                main if isinstance(main, (int, float)) and not isinstance(main, bool) else None
            )
            span = FigureRange(main_number, min(numbers), max(numbers))
        figures.append(SweptFigure(name, main, tuple(seen), span, depends, to))
    return FigureSweep(tuple(figures), variables, total, len(combos), exact)
