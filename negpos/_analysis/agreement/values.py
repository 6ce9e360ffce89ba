"""The value a coder's stance is, by issue kind, and the level it is measured at.

Two stances are the same value exactly when they accept the same outcomes:
``canonical_stance`` writes a stance's canonical form (nominal kinds), ``stance_value`` its
midpoint (ordinal and numeric kinds); ``LEVELS`` and ``FIRMNESS_RANK`` give the levels of
measurement.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any, Final

from negpos._model.documents import Firmness
from negpos._model.issues import Issue, Kind, NumericIssue, OrdinalIssue
from negpos._model.stances import (
    BooleanStance,
    CategoricalStance,
    NumericStance,
    OrdinalStance,
    SequenceStance,
    SetStance,
    Stance,
)

__all__ = ["FIRMNESS_RANK", "LEVELS", "canonical_stance", "stance_value"]


#: The level of measurement of each kind of issue; text issues are not coded.
LEVELS: Final[Mapping[Kind, str | None]] = {
    Kind.BOOLEAN: "nominal",
    Kind.CATEGORICAL: "nominal",
    Kind.SET: "nominal",
    Kind.SEQUENCE: "nominal",
    Kind.ORDINAL: "ordinal",
    Kind.NUMERIC: "interval",
    Kind.TEXT: None,
}

#: The rank of each firmness on the ordinal scale firmness is measured on.
FIRMNESS_RANK: Final[Mapping[Firmness, int]] = {
    Firmness.OPEN: 0,
    Firmness.FLEXIBLE: 1,
    Firmness.FIRM: 2,
    Firmness.RED_LINE: 3,
}


def _closure(pairs: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """The transitive closure of acyclic precedence constraints, sorted."""
    after: dict[str, set[str]] = {}
    for first, then in pairs:
        after.setdefault(first, set()).add(then)
    reach: dict[str, set[str]] = {}

    def reached(step: str) -> set[str]:
        known = reach.get(step)
        if known is None:
            known = set()
            reach[step] = known  # the constraints are acyclic: no step is met again here
            for then in after.get(step, ()):
                known.add(then)
                known |= reached(then)
        return known

    return sorted((first, then) for first in after for then in reached(first))


def canonical_stance(issue: Issue, stance: Stance) -> str:
    """A stance's canonical form: equal exactly when two stances accept the same outcomes.

    The preferred outcome is left out; accepted answers, options and items are sorted; an
    open numeric end is the issue's bound; sequence constraints are replaced by their
    transitive closure. The form is compact JSON with sorted keys.

    Args:
        issue: The issue the stance is on (for numeric bounds).
        stance: A stance that fits the issue.

    Returns:
        The canonical form, as text.

    Examples:
        >>> from negpos import NumericIssue, NumericStance
        >>> days = NumericIssue(id="days", title="Days", unit="days", bounds=(1, 365))
        >>> canonical_stance(days, NumericStance(max=90)) == canonical_stance(
        ...     days, NumericStance(min=1, max=90, preferred=30)
        ... )
        True
    """
    data: dict[str, Any]
    if isinstance(stance, BooleanStance | CategoricalStance):
        data = {"accepts": sorted(stance.accepts)}
    elif isinstance(stance, OrdinalStance):
        data = {"lowest": stance.lowest, "highest": stance.highest}
    elif isinstance(stance, NumericStance):
        assert isinstance(issue, NumericIssue)
        low, high = stance.interval(issue)
        data = {"min": float(low) + 0.0, "max": float(high) + 0.0}
    elif isinstance(stance, SetStance):
        data = {"requires": sorted(stance.requires), "forbids": sorted(stance.forbids)}
    elif isinstance(stance, SequenceStance):
        data = {"precedes": [list(pair) for pair in _closure(stance.precedes)]}
    else:
        data = stance.model_dump(mode="json")
    data["kind"] = stance.kind.value
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def stance_value(issue: Issue, stance: Stance) -> float | None:
    """The number an ordinal or numeric stance is measured by; None for the other kinds.

    Ordinal: the midpoint of the range's ranks. Numeric: the midpoint of the accepted
    interval's positions on the issue's scale (0 at the lower bound, 1 at the upper).

    Examples:
        >>> from negpos import OrdinalIssue, OrdinalStance
        >>> role = OrdinalIssue(id="role", title="Role", levels=("none", "observer", "guarantor"))
        >>> stance_value(role, OrdinalStance(lowest="observer", highest="guarantor"))
        1.5
    """
    if isinstance(stance, OrdinalStance):
        assert isinstance(issue, OrdinalIssue)
        return (issue.rank(stance.lowest) + issue.rank(stance.highest)) / 2
    if isinstance(stance, NumericStance):
        assert isinstance(issue, NumericIssue)
        low, high = stance.interval(issue)
        return (issue.position(low) + issue.position(high)) / 2
    return None
