"""The agenda: issues and the domain each kind of issue ranges over."""

from __future__ import annotations

import enum
import functools
import math
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, ConfigDict, Field, model_validator

from negpos._model.base import IssueId, Model, Number, Slug, Text, require_kind
from negpos._model.reprs import guarded, quoted, tag

__all__ = [
    "AnyIssue",
    "BooleanIssue",
    "CategoricalIssue",
    "Distance",
    "Element",
    "Issue",
    "Kind",
    "NumericIssue",
    "OrdinalIssue",
    "Scale",
    "SequenceIssue",
    "SetIssue",
    "TextIssue",
]


class Kind(enum.StrEnum):
    """The kind of an issue, which decides what a stance on it looks like."""

    BOOLEAN = "boolean"
    CATEGORICAL = "categorical"
    ORDINAL = "ordinal"
    NUMERIC = "numeric"
    SET = "set"
    SEQUENCE = "sequence"
    TEXT = "text"


class Scale(enum.StrEnum):
    """How distances are measured on a numeric issue."""

    LINEAR = "linear"
    LOG = "log"


class Element(Model):
    """One member of an issue's domain: an option, a level, an item or a step.

    In a file an element may be written as its id alone (``crimea``) or as a mapping with a
    label and, on set issues, a weight.

    Attributes:
        id: The element's id, unique within its issue.
        label: A human-readable name for reports; the id is shown where it is missing.
        weight: On set issues only: how much the item counts (area, population...). Items
            without a weight count 1.
    """

    id: Slug
    label: Text | None = None
    weight: Annotated[float, Field(gt=0.0, allow_inf_nan=False, strict=True)] | None = None

    @property
    def name(self) -> str:
        """The label, or the id where there is no label."""
        return self.label or self.id


def _element_shorthand(value: Any) -> Any:
    return {"id": value} if isinstance(value, str) else value


ElementIn = Annotated[
    Element, BeforeValidator(_element_shorthand, json_schema_input_type=Slug | Element)
]


class Distance(Model):
    """How far apart two options of a categorical issue are, in (0, 1].

    Options without a stated distance are 1 apart.

    Attributes:
        between: The ids of the two options.
        value: Their distance, above 0 and at most 1.
    """

    between: tuple[Slug, Slug]
    value: Annotated[float, Field(gt=0.0, le=1.0, allow_inf_nan=False, strict=True)]


class Issue(Model):
    """One question on the agenda.

    ``Issue`` is the base of the seven kinds; a document holds one of
    [`BooleanIssue`][negpos.BooleanIssue], [`CategoricalIssue`][negpos.CategoricalIssue],
    [`OrdinalIssue`][negpos.OrdinalIssue], [`NumericIssue`][negpos.NumericIssue],
    [`SetIssue`][negpos.SetIssue], [`SequenceIssue`][negpos.SequenceIssue] or
    [`TextIssue`][negpos.TextIssue], told apart by ``kind``.

    Attributes:
        id: A stable dotted id such as ``territory.recognition``.
        title: What the issue is about, as a short phrase.
        category: A grouping for reports, such as ``territory`` or ``security``.
        description: A longer explanation of what the issue covers.
        note: The analyst's note, for example why this kind was chosen.
    """

    model_config = ConfigDict(json_schema_extra=require_kind)

    id: IssueId
    kind: Kind
    title: Text
    category: Slug = "general"
    description: Text | None = None
    note: Text | None = None

    def elements(self) -> tuple[Element, ...]:
        """The elements of the issue's domain, in order (empty for kinds without one)."""
        return ()

    @functools.cached_property
    def element_index(self) -> Mapping[str, int]:
        """The position of each domain element in the domain, by id.

        Computed once per issue: stance checks and comparisons look elements up often.
        """
        return MappingProxyType({e.id: i for i, e in enumerate(self.elements())})

    @functools.cached_property
    def element_names(self) -> Mapping[str, str]:
        """The name each domain element is shown by (its label, or its id), by id."""
        return MappingProxyType({e.id: e.name for e in self.elements()})

    def element(self, element_id: str) -> Element | None:
        """The domain element with this id, or None."""
        index = self.element_index.get(element_id)
        return None if index is None else self.elements()[index]

    @guarded
    def __repr__(self) -> str:
        """``<SetIssue id 'title' (category): N elements>``, on one line."""
        count = len(self.elements())
        elements = f": {count} elements" if count else ""
        return tag(
            type(self).__name__,
            f"{self.id} {quoted(self.title, 60)} ({self.category}){elements}",
        )


def _unique_ids(elements: tuple[Element, ...], what: str) -> None:
    seen: set[str] = set()
    for element in elements:
        if element.id in seen:
            raise ValueError(f"{what} {element.id!r} is listed twice")
        seen.add(element.id)


class BooleanIssue(Issue):
    """A yes-or-no question; a stance accepts yes, no, or either."""

    kind: Literal[Kind.BOOLEAN] = Kind.BOOLEAN


class CategoricalIssue(Issue):
    """A choice among unordered options.

    Attributes:
        options: The possible outcomes (at least two).
        distances: Optional distances between pairs of options; unlisted pairs are 1 apart.
    """

    kind: Literal[Kind.CATEGORICAL] = Kind.CATEGORICAL
    options: Annotated[tuple[ElementIn, ...], Field(min_length=2)]
    distances: tuple[Distance, ...] = ()

    def elements(self) -> tuple[Element, ...]:
        return self.options

    @model_validator(mode="after")
    def _check(self) -> CategoricalIssue:
        _unique_ids(self.options, "option")
        known = {o.id for o in self.options}
        pairs: set[frozenset[str]] = set()
        for d in self.distances:
            a, b = d.between
            if a == b:
                raise ValueError(f"a distance needs two different options, got {a!r} twice")
            for x in (a, b):
                if x not in known:
                    raise ValueError(f"distance names unknown option {x!r}")
            key = frozenset((a, b))
            if key in pairs:
                raise ValueError(f"distance between {a!r} and {b!r} is given twice")
            pairs.add(key)
        for o in self.options:
            if o.weight is not None:
                raise ValueError("only items of set issues carry a weight")
        return self

    @functools.cached_property
    def distance_index(self) -> Mapping[frozenset[str], float]:
        """The stated distances by pair of options, built once per issue."""
        return MappingProxyType({frozenset(d.between): d.value for d in self.distances})

    def distance(self, a: str, b: str) -> float:
        """The distance between two options: 0 for the same option, 1 unless stated."""
        if a == b:
            return 0.0
        return self.distance_index.get(frozenset((a, b)), 1.0)


class OrdinalIssue(Issue):
    """A choice among ordered levels, from lowest to highest.

    Attributes:
        levels: The levels in order (at least two).
    """

    kind: Literal[Kind.ORDINAL] = Kind.ORDINAL
    levels: Annotated[tuple[ElementIn, ...], Field(min_length=2)]

    def elements(self) -> tuple[Element, ...]:
        return self.levels

    @model_validator(mode="after")
    def _check(self) -> OrdinalIssue:
        _unique_ids(self.levels, "level")
        if any(level.weight is not None for level in self.levels):
            raise ValueError("only items of set issues carry a weight")
        return self

    def rank(self, level: str) -> int:
        """The 0-based position of a level; raises KeyError for an unknown level."""
        return self.element_index[level]


class NumericIssue(Issue):
    """A quantity on a bounded scale.

    Attributes:
        unit: The unit of the quantity (``days``, ``personnel``, ``USD bn``).
        bounds: The lowest and highest outcome the analysis considers; every stance lies in it.
        scale: ``linear``, or ``log`` where ratios matter more than differences (needs a
            positive lower bound).
    """

    kind: Literal[Kind.NUMERIC] = Kind.NUMERIC
    unit: Text
    bounds: tuple[Number, Number]
    scale: Scale = Scale.LINEAR

    @model_validator(mode="after")
    def _check(self) -> NumericIssue:
        low, high = self.bounds
        if not low < high:
            raise ValueError(f"bounds must be increasing, got [{low}, {high}]")
        if self.scale is Scale.LOG and low <= 0:
            raise ValueError("a log scale needs a lower bound above 0")
        return self

    def position(self, value: float) -> float:
        """Where ``value`` lies on the issue's scale: 0 at the lower bound, 1 at the upper.

        Exact to rounding for any finite bounds, even where their span exceeds the largest
        float (``bounds: [-1e308, 1e308]``) or where log-scale bounds lie close together.

        Examples:
            >>> wide = NumericIssue(id="x", title="X", unit="u", bounds=(-1e308, 1e308))
            >>> wide.position(0.0), wide.position(5e307)
            (0.5, 0.75)
        """
        low, high = self.bounds
        if self.scale is Scale.LOG:
            return _log_ratio(value, low) / _log_ratio(high, low)
        return _difference_ratio(value, low, high, low)

    def distance(self, a: float, b: float) -> float:
        """How far apart two values are on the issue's scale, as a share of its span.

        The share is 1 between the bounds and 0 between equal values; values within the
        bounds are at most 1 apart. It is computed from the two values directly rather than
        from their positions, so a small gap between large values keeps its precision.

        Examples:
            >>> wide = NumericIssue(id="x", title="X", unit="u", bounds=(-1e308, 1e308))
            >>> wide.distance(-5e307, 5e307)
            0.5
        """
        low, high = self.bounds
        a, b = (a, b) if a <= b else (b, a)
        if self.scale is Scale.LOG:
            return _log_ratio(b, a) / _log_ratio(high, low)
        return _difference_ratio(b, a, high, low)


def _difference_ratio(a: float, b: float, c: float, d: float) -> float:
    """``(a - b) / (c - d)`` without overflow for finite numbers.

    A difference of two finite floats can exceed the largest float (``1e308 - -1e308``);
    the differences of the halves never do, and halving changes nothing but the exponent.
    """
    top, bottom = a - b, c - d
    if math.isinf(top) or math.isinf(bottom):
        top, bottom = a / 2 - b / 2, c / 2 - d / 2
    return top / bottom


def _log_ratio(x: float, y: float) -> float:
    """``log(x / y)`` for positive finite ``x`` and ``y``, accurate when they are close.

    Where ``x`` and ``y`` are within a factor of 2, ``x - y`` is exact, and ``log1p`` of the
    relative difference keeps the digits that ``log(x) - log(y)`` would cancel away (to
    nothing at all for bounds a few units apart at 1e16).
    """
    if y / 2 <= x <= 2 * y:
        return math.log1p((x - y) / y)
    return math.log(x) - math.log(y)


class SetIssue(Issue):
    """Which items of a universe an outcome includes (territories, guarantors, sanctions).

    Attributes:
        items: The universe of items; each may carry a weight.
    """

    kind: Literal[Kind.SET] = Kind.SET
    items: Annotated[tuple[ElementIn, ...], Field(min_length=1)]

    def elements(self) -> tuple[Element, ...]:
        return self.items

    @model_validator(mode="after")
    def _check(self) -> SetIssue:
        _unique_ids(self.items, "item")
        return self

    def weight(self, item: str) -> float:
        """The weight of an item (1 where none is given)."""
        element = self.element(item)
        if element is None:
            raise KeyError(item)
        return 1.0 if element.weight is None else element.weight

    @functools.cached_property
    def total_weight(self) -> float:
        """The sum of all items' weights, computed once; ``inf`` past the largest float.

        Use [`weight_share`][negpos.SetIssue.weight_share] for a share of the total: it
        stays exact when the total does not fit.
        """
        try:
            return math.fsum(1.0 if e.weight is None else e.weight for e in self.items)
        except OverflowError:
            return math.inf

    def weight_share(self, weights: Iterable[float]) -> float:
        """What ``weights`` (of some of the items) add up to, as a share of the total weight.

        Computed without overflow, whatever the weights: when the sums do not fit in a
        float, both are taken in units of the heaviest item.

        Examples:
            >>> heavy = SetIssue(id="x", title="X", items=[
            ...     {"id": "a", "weight": 1e308}, {"id": "b", "weight": 1e308}])
            >>> heavy.weight_share([1e308])
            0.5
        """
        part = list(weights)
        total = self.total_weight
        if total != math.inf:
            try:
                return math.fsum(part) / total
            except OverflowError:
                pass
        every = [1.0 if e.weight is None else e.weight for e in self.items]
        unit = max(every)
        return math.fsum(w / unit for w in part) / math.fsum(w / unit for w in every)


class SequenceIssue(Issue):
    """In which order steps happen (ceasefire, exchanges, talks, elections...).

    Attributes:
        steps: The steps that stances may order (at least two).
    """

    kind: Literal[Kind.SEQUENCE] = Kind.SEQUENCE
    steps: Annotated[tuple[ElementIn, ...], Field(min_length=2)]

    def elements(self) -> tuple[Element, ...]:
        return self.steps

    @model_validator(mode="after")
    def _check(self) -> SequenceIssue:
        _unique_ids(self.steps, "step")
        if any(step.weight is not None for step in self.steps):
            raise ValueError("only items of set issues carry a weight")
        return self


class TextIssue(Issue):
    """An issue positions can only state in words; never compared."""

    kind: Literal[Kind.TEXT] = Kind.TEXT


AnyIssue = Annotated[
    BooleanIssue
    | CategoricalIssue
    | OrdinalIssue
    | NumericIssue
    | SetIssue
    | SequenceIssue
    | TextIssue,
    Field(discriminator="kind"),
]
"""Any one of the seven issue kinds, told apart by ``kind``."""
