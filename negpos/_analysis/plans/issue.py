"""One issue of a plan assessment: how the plan fits each side, and which side it leans toward.

[`Fit`][negpos.Fit] names how the plan's stance relates to one side's accepted set,
[`SideFit`][negpos.SideFit] is that relation for one side (with the gap, the separation and
any red line crossed), and [`PlanIssue`][negpos.PlanIssue] is the row of one issue.
"""

from __future__ import annotations

import enum
from typing import Any

import attrs

from negpos._errors import NotFoundError, excerpt
from negpos._model.documents import Outcome, Position
from negpos._model.issues import Issue
from negpos._model.reprs import compact_repr, guarded, tag

__all__ = ["Fit", "PlanIssue", "SideFit"]


class Fit(enum.StrEnum):
    """How a plan's stance on one issue fits what one side accepts.

    - ``inside``: every outcome the plan allows is one the side accepts;
    - ``overlaps``: some outcomes the plan allows are acceptable to the side, others not;
    - ``conditional``: the plan lies inside the side's set or overlaps it, but the side's
      position holds only under a condition the plan does not meet (the plan's stance on
      the condition's issue does not lie inside the condition);
    - ``outside``: no outcome the plan allows is acceptable to the side (a gap);
    - ``silent``: the side holds no position on the issue (silence is not acceptance);
    - ``uncomparable``: a text issue, which is never compared.
    """

    INSIDE = "inside"
    OVERLAPS = "overlaps"
    CONDITIONAL = "conditional"
    OUTSIDE = "outside"
    SILENT = "silent"
    UNCOMPARABLE = "uncomparable"


_COMPARED = (Fit.INSIDE, Fit.OVERLAPS, Fit.CONDITIONAL, Fit.OUTSIDE)


@attrs.frozen
class SideFit:
    """How the plan's stance on one issue fits one side.

    Attributes:
        party: The side's id.
        fit: Inside, overlapping, conditional, outside, silent or uncomparable.
        position: The side's position as offered, or None where it holds none.
        magnitude: The gap between the plan's stance and the side's accepted set, in
            [0, 1]: 0 unless ``outside``; None where silent or uncomparable. On an issue
            the sides settled, the accepted set is the agreed outcome.
        separation: How different the plan's stance is from the side's accepted set, on
            the issue's own scale, in [0, 1]: 0 exactly when they are stated alike (see
            docs/concepts.md); None where silent or uncomparable.
        red_line_crossed: The plan lies outside a position the side holds as a red line.
        unmet_conditions: On a ``conditional`` fit, the ids of the issues whose conditions
            the plan does not meet.
    """

    party: str
    fit: Fit
    position: Position | None
    magnitude: float | None
    separation: float | None
    red_line_crossed: bool = False
    unmet_conditions: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The fit as JSON-ready data."""
        return {
            "party": self.party,
            "fit": self.fit.value,
            "position": None if self.position is None else self.position.to_dict(),
            "magnitude": self.magnitude,
            "separation": self.separation,
            "red_line_crossed": self.red_line_crossed,
            "unmet_conditions": list(self.unmet_conditions),
        }

    __repr__ = compact_repr


@attrs.frozen
class PlanIssue:
    """The plan's stance on one issue against every side.

    Attributes:
        issue: The issue, as the agenda defines it.
        plan: The plan's position on it.
        sides: How it fits each side, in the order of the assessment's ``sides``.
        toward: The side the plan leans toward on this issue: the side whose stance is
            nearest to the plan's (smallest separation); None when fewer than two sides can
            be compared or two are equally near.
        lean: How far toward it, in [0, 1]: the smallest, over the other comparable sides,
            of the plan's signed position between ``toward`` (1) and that side (-1); 1 when
            the plan is stated as ``toward`` is, 0 on a tie; None when fewer than two sides
            can be compared.
        outcome: When every side settled the issue at the table, the outcome agreed: each
            side's fit is then the plan's against it.
        settled_in: The id of the round the outcome was agreed at, when known.
    """

    issue: Issue
    plan: Position
    sides: tuple[SideFit, ...]
    toward: str | None
    lean: float | None
    outcome: Outcome | None = None
    settled_in: str | None = None

    @property
    def settled(self) -> bool:
        """Whether every side settled the issue at the table (see ``outcome``)."""
        return self.outcome is not None

    def side(self, party: str) -> SideFit:
        """How the plan fits ``party`` on this issue.

        Raises:
            NotFoundError: ``party`` is not one of the assessment's sides.
        """
        for fit in self.sides:
            if fit.party == party:
                return fit
        raise NotFoundError(f"{excerpt(party)} is not one of the sides assessed")

    @property
    def fit(self) -> Fit:
        """The worst fit over the sides that address the issue: what reports lead with.

        ``outside`` if any side is outside, else ``conditional``, else ``overlaps``, else
        ``inside``; ``silent`` when no side addresses the issue, ``uncomparable`` on a text
        issue.
        """
        fits = {s.fit for s in self.sides}
        for worst in (Fit.UNCOMPARABLE, Fit.OUTSIDE, Fit.CONDITIONAL, Fit.OVERLAPS, Fit.INSIDE):
            if worst in fits:
                return worst
        return Fit.SILENT

    @property
    def inside_all(self) -> bool:
        """The plan's stance lies inside every side's accepted set (no side silent)."""
        return all(s.fit is Fit.INSIDE for s in self.sides)

    @property
    def red_lines_crossed(self) -> tuple[str, ...]:
        """The sides whose red line the plan crosses on this issue."""
        return tuple(s.party for s in self.sides if s.red_line_crossed)

    def to_dict(self) -> dict[str, Any]:
        """The row as JSON-ready data."""
        return {
            "issue": self.issue.id,
            "title": self.issue.title,
            "kind": self.issue.kind.value,
            "category": self.issue.category,
            "fit": self.fit.value,
            "plan": self.plan.to_dict(),
            "sides": [s.to_dict() for s in self.sides],
            "toward": self.toward,
            "lean": self.lean,
            "red_lines_crossed": list(self.red_lines_crossed),
            "outcome": None if self.outcome is None else self.outcome.to_dict(),
            "settled_in": self.settled_in,
        }

    @guarded
    def __repr__(self) -> str:
        """``<PlanIssue issue: side fit, …; toward …>``, on one line."""
        fits = ", ".join(f"{s.party} {s.fit.value.replace('_', ' ')}" for s in self.sides)
        toward = f"; toward {self.toward}" if self.toward else ""
        return tag("PlanIssue", f"{self.issue.id}: {fits}{toward}")
