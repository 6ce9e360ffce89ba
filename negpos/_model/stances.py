"""Stances: what a party accepts on one issue, typed by the issue's kind.

A stance describes the set of outcomes a party accepts, and optionally the outcome it prefers.
Whether a stance fits its issue's domain (known options, bounds, steps) is checked by
[`Stance.problems`][negpos.Stance.problems], which the negotiation runs for every position.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import ConfigDict, Field, StrictBool, model_validator

from negpos._errors import excerpt
from negpos._model.base import Model, Number, Slug, Text, require_kind
from negpos._model.issues import (
    CategoricalIssue,
    Issue,
    Kind,
    NumericIssue,
    OrdinalIssue,
    SequenceIssue,
    SetIssue,
)

__all__ = [
    "AnyStance",
    "BooleanStance",
    "CategoricalStance",
    "NumericStance",
    "OrdinalStance",
    "SequenceStance",
    "SetStance",
    "Stance",
    "TextStance",
]

FieldProblem = tuple[str, str]
"""A problem inside a stance: the field path relative to the stance, and a message."""


def _duplicates(values: tuple[str, ...]) -> list[str]:
    if len(set(values)) == len(values):
        return []  # the common case, checked in C
    seen: set[str] = set()
    twice: dict[str, None] = {}
    for v in values:
        if v in seen:
            twice[v] = None
        seen.add(v)
    return list(twice)


class Stance(Model):
    """Base of the seven stance kinds; ``kind`` must match the issue's kind."""

    model_config = ConfigDict(json_schema_extra=require_kind)

    kind: Kind

    def problems(self, issue: Issue) -> list[FieldProblem]:
        """Check that this stance fits ``issue``: its kind, and its domain.

        Args:
            issue: The issue the stance is a stance on.

        Returns:
            A list of ``(field, message)`` pairs, empty when the stance fits.
        """
        if issue.kind != self.kind:
            return [
                ("kind", f"the issue {issue.id!r} is {issue.kind}, but the stance is {self.kind}")
            ]
        return self._domain_problems(issue)

    def _domain_problems(self, issue: Issue) -> list[FieldProblem]:
        return []


def _unknown(issue: Issue, values: tuple[str, ...], field: str, what: str) -> list[FieldProblem]:
    known = issue.element_index
    if all(v in known for v in values):
        return []
    listed = ", ".join(sorted(known))
    return [
        (field, f"{what} {excerpt(v)} is not one of the issue's {what}s: {listed}")
        for v in values
        if v not in known
    ]


class BooleanStance(Stance):
    """Which answers to a yes-or-no issue are acceptable.

    Attributes:
        accepts: ``[true]``, ``[false]`` or both.
        preferred: The answer the party prefers, if it says.
    """

    kind: Literal[Kind.BOOLEAN] = Kind.BOOLEAN
    accepts: Annotated[tuple[StrictBool, ...], Field(min_length=1, max_length=2)]
    preferred: StrictBool | None = None

    @model_validator(mode="after")
    def _check(self) -> BooleanStance:
        if len(set(self.accepts)) != len(self.accepts):
            raise ValueError("accepts lists the same answer twice")
        if self.preferred is not None and self.preferred not in self.accepts:
            raise ValueError("the preferred answer must be one the stance accepts")
        return self


class CategoricalStance(Stance):
    """Which options of a categorical issue are acceptable.

    Attributes:
        accepts: The acceptable options (at least one).
        preferred: The option the party prefers, if it says; one of ``accepts``.
    """

    kind: Literal[Kind.CATEGORICAL] = Kind.CATEGORICAL
    accepts: Annotated[tuple[Slug, ...], Field(min_length=1)]
    preferred: Slug | None = None

    @model_validator(mode="after")
    def _check(self) -> CategoricalStance:
        if twice := _duplicates(self.accepts):
            raise ValueError(f"accepts lists {twice[0]!r} twice")
        if self.preferred is not None and self.preferred not in self.accepts:
            raise ValueError(f"the preferred option {self.preferred!r} is not in accepts")
        return self

    def _domain_problems(self, issue: Issue) -> list[FieldProblem]:
        assert isinstance(issue, CategoricalIssue)
        return _unknown(issue, self.accepts, "accepts", "option")


class OrdinalStance(Stance):
    """A range of acceptable levels on an ordinal issue.

    Attributes:
        lowest: The lowest acceptable level.
        highest: The highest acceptable level (not below ``lowest``).
        preferred: The level the party prefers, if it says; within the range.
    """

    kind: Literal[Kind.ORDINAL] = Kind.ORDINAL
    lowest: Slug
    highest: Slug
    preferred: Slug | None = None

    def _domain_problems(self, issue: Issue) -> list[FieldProblem]:
        assert isinstance(issue, OrdinalIssue)
        found = _unknown(issue, (self.lowest,), "lowest", "level")
        found += _unknown(issue, (self.highest,), "highest", "level")
        if self.preferred is not None:
            found += _unknown(issue, (self.preferred,), "preferred", "level")
        if found:
            return found
        low, high = issue.rank(self.lowest), issue.rank(self.highest)
        if low > high:
            return [
                ("highest", f"the range runs backwards: {self.lowest!r} is above {self.highest!r}")
            ]
        if self.preferred is not None and not low <= issue.rank(self.preferred) <= high:
            return [("preferred", f"the preferred level {self.preferred!r} is outside the range")]
        return []


class NumericStance(Stance):
    """An interval of acceptable values on a numeric issue; either end may be open.

    Attributes:
        min: The smallest acceptable value; left out, there is no lower limit short of the
            issue's lower bound.
        max: The largest acceptable value; left out, there is no upper limit short of the
            issue's upper bound.
        preferred: The value the party prefers, if it says; within the interval.
    """

    kind: Literal[Kind.NUMERIC] = Kind.NUMERIC
    min: Number | None = None
    max: Number | None = None
    preferred: Number | None = None

    @model_validator(mode="after")
    def _check(self) -> NumericStance:
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"min {self.min} is above max {self.max}")
        if self.preferred is not None:
            if self.min is not None and self.preferred < self.min:
                raise ValueError(f"preferred {self.preferred} is below min {self.min}")
            if self.max is not None and self.preferred > self.max:
                raise ValueError(f"preferred {self.preferred} is above max {self.max}")
        return self

    def _domain_problems(self, issue: Issue) -> list[FieldProblem]:
        assert isinstance(issue, NumericIssue)
        low, high = issue.bounds
        return [
            (name, f"{value} lies outside the issue's bounds [{low}, {high}]")
            for name, value in (("min", self.min), ("max", self.max), ("preferred", self.preferred))
            if value is not None and not low <= value <= high
        ]

    def interval(self, issue: NumericIssue) -> tuple[float, float]:
        """The closed interval the stance accepts, with open ends filled by the issue's bounds."""
        low, high = issue.bounds
        return (low if self.min is None else self.min, high if self.max is None else self.max)


class SetStance(Stance):
    """Items a party requires in the outcome and items it forbids.

    An outcome is acceptable when it includes every required item and no forbidden one;
    items in neither list are left open.

    Attributes:
        requires: Items the outcome must include.
        forbids: Items the outcome must not include.
    """

    kind: Literal[Kind.SET] = Kind.SET
    requires: tuple[Slug, ...] = ()
    forbids: tuple[Slug, ...] = ()

    @model_validator(mode="after")
    def _check(self) -> SetStance:
        for name in ("requires", "forbids"):
            if twice := _duplicates(getattr(self, name)):
                raise ValueError(f"{name} lists {twice[0]!r} twice")
        forbidden = set(self.forbids)
        if both := [i for i in self.requires if i in forbidden]:
            raise ValueError(f"{both[0]!r} is both required and forbidden")
        return self

    def _domain_problems(self, issue: Issue) -> list[FieldProblem]:
        assert isinstance(issue, SetIssue)
        return _unknown(issue, self.requires, "requires", "item") + _unknown(
            issue, self.forbids, "forbids", "item"
        )


def find_cycle(edges: tuple[tuple[str, str], ...]) -> list[str] | None:
    """A cycle in a directed graph, as a list of nodes, or None when the graph is acyclic."""
    graph: dict[str, list[str]] = {}
    for a, b in edges:
        graph.setdefault(a, []).append(b)
        graph.setdefault(b, [])
    state: dict[str, int] = {}
    for root in graph:
        if state.get(root):
            continue
        stack: list[tuple[str, int]] = [(root, 0)]
        path: list[str] = []
        while stack:
            node, i = stack.pop()
            if i == 0:
                state[node] = 1
                path.append(node)
            children = graph[node]
            if i < len(children):
                stack.append((node, i + 1))
                child = children[i]
                if state.get(child) == 1:
                    return [*path[path.index(child) :], child]
                if not state.get(child):
                    stack.append((child, 0))
            else:
                state[node] = 2
                path.pop()
    return None


class SequenceStance(Stance):
    """Which steps must come before which.

    Attributes:
        precedes: Pairs ``[first, then]``: step ``first`` must happen before step ``then``.
            A party's own constraints may not form a cycle.
    """

    kind: Literal[Kind.SEQUENCE] = Kind.SEQUENCE
    precedes: tuple[tuple[Slug, Slug], ...] = ()

    @model_validator(mode="after")
    def _check(self) -> SequenceStance:
        seen: set[tuple[str, str]] = set()
        for a, b in self.precedes:
            if a == b:
                raise ValueError(f"step {a!r} cannot come before itself")
            if (a, b) in seen:
                raise ValueError(f"the constraint {a!r} before {b!r} is listed twice")
            seen.add((a, b))
        cycle = find_cycle(self.precedes)
        if cycle is not None:
            raise ValueError("the constraints form a cycle: " + " before ".join(cycle))
        return self

    def _domain_problems(self, issue: Issue) -> list[FieldProblem]:
        assert isinstance(issue, SequenceIssue)
        steps = tuple(s for pair in self.precedes for s in pair)
        return _unknown(issue, tuple(dict.fromkeys(steps)), "precedes", "step")


class TextStance(Stance):
    """A stance stated in words only; text stances are never compared.

    Attributes:
        statement: What the party says on the issue.
    """

    kind: Literal[Kind.TEXT] = Kind.TEXT
    statement: Text


AnyStance = Annotated[
    BooleanStance
    | CategoricalStance
    | OrdinalStance
    | NumericStance
    | SetStance
    | SequenceStance
    | TextStance,
    Field(discriminator="kind"),
]
"""Any one of the seven stance kinds, told apart by ``kind``."""
