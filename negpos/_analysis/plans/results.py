"""The result of a plan assessment: each side's verdict, and the whole.

[`SideVerdict`][negpos.SideVerdict] gives the share of the plan a side accepts and what it
would have to concede; [`PlanAssessment`][negpos.PlanAssessment] holds the rows, the
verdicts and the plan's lean overall.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

import attrs

from negpos._analysis.plans.issue import Fit, PlanIssue
from negpos._analysis.renderable import Renderable
from negpos._analysis.rows import Criterion, IssueRows, issue_criteria, row_index
from negpos._errors import NotFoundError, excerpt
from negpos._model.reprs import counted, figure, guarded, plural, tag

__all__ = ["PlanAssessment", "SideVerdict"]


@attrs.frozen
class SideVerdict:
    """What one side makes of the whole plan.

    Attributes:
        party: The side's id.
        counts: On how many of the plan's issues the side's fit is each of ``Fit``.
        accepts: The share of the plan the side accepts: over the plan's issues the kinds
            can compare, the plan's salience of the issues where the plan lies inside the
            side's set, divided by the plan's salience of them all. Issues the side is silent
            on count against it (silence is not acceptance). Equal weights when every
            salience is 0; None when the plan has no comparable issue.
        concessions: What the side would have to concede for the plan to lie inside its
            set: the issues where the plan overlaps its set, lies outside it, or meets it
            only under a condition the plan does not meet, in agenda order (the side would
            have to accept every outcome the plan allows there, or drop the condition).
        red_lines_crossed: The issues where the plan crosses a red line of the side.
        silent: The plan's issues the side holds no position on.
        lean: The plan's lean toward this side over the whole plan (see
            [`PlanAssessment`][negpos.PlanAssessment]).
    """

    party: str
    counts: tuple[tuple[Fit, int], ...]
    accepts: float | None
    concessions: tuple[str, ...]
    red_lines_crossed: tuple[str, ...]
    silent: tuple[str, ...]
    lean: float

    def count(self, fit: Fit | str) -> int:
        """On how many of the plan's issues the side's fit is ``fit`` (or its value)."""
        wanted = next(iter(_CRITERIA["fit"].wanted("fit", fit)))
        return next(n for f, n in self.counts if f is wanted)

    def to_dict(self) -> dict[str, Any]:
        """The verdict as JSON-ready data."""
        return {
            "party": self.party,
            "counts": {f.value: n for f, n in self.counts},
            "accepts": self.accepts,
            "concessions": list(self.concessions),
            "red_lines_crossed": list(self.red_lines_crossed),
            "silent": list(self.silent),
            "lean": self.lean,
        }

    @guarded
    def __repr__(self) -> str:
        """``<SideVerdict party: fits; accepts …>``, on one line."""
        return tag(
            "SideVerdict",
            f"{self.party}: {counted(self.counts)}; accepts {figure(self.accepts)}",
        )


_CRITERIA = {"fit": Criterion(lambda row: row.fit, Fit), **issue_criteria()}


@attrs.frozen
class PlanAssessment(IssueRows[PlanIssue], Renderable):
    """One party's plan assessed against two or more sides, issue by issue.

    ``rows`` holds one [`PlanIssue`][negpos.PlanIssue] per issue the plan addresses, in
    agenda order; ``issue(id)`` finds one and ``where`` filters them by ``fit`` (the worst
    fit over the sides, a [`Fit`][negpos.Fit]), ``category`` or ``kind``.

    The plan's overall lean toward a side ``s`` is
    ``sum(w * lean for the rows leaning toward s) / sum(w over every row with a lean)``,
    where a row's weight ``w`` is the mean salience of the plan's and the compared sides'
    positions on it: the share of the plan's weight that leans toward ``s``, in [0, 1]. The
    sides' leans add up to at most 1; the rest is balance.

    Attributes:
        plan: The id of the party whose document is the plan.
        round: The round at which the plan and the sides are read, if there is one.
        sides: The sides, in the negotiation's order of parties (by id for memoranda given
            outside a negotiation), whatever order they were named in.
        rows: One row per issue the plan addresses, in agenda order.
        verdicts: One verdict per side, in the order of ``sides``.
        leans_toward: The side with the largest overall lean; None when no side's lean is
            larger than every other's.
        lean: The overall lean of ``leans_toward`` minus the next largest side's (the
            margin), in [0, 1]; 0 on a tie; None when no row has a lean.
        unaddressed: Issues some side addresses, or every side settled, that the plan is
            silent on, in agenda order.
        tabled_only: Whether only what was tabled in the round was read, rather than the
            positions standing at that round.
    """

    plan: str
    round: str | None
    sides: tuple[str, ...]
    rows: tuple[PlanIssue, ...]
    verdicts: tuple[SideVerdict, ...]
    leans_toward: str | None
    lean: float | None
    unaddressed: tuple[str, ...] = ()
    tabled_only: bool = False
    criteria: ClassVar[Mapping[str, Criterion]] = _CRITERIA
    _by_issue = row_index()

    def verdict(self, party: str) -> SideVerdict:
        """The verdict of side ``party``.

        Raises:
            NotFoundError: ``party`` is not one of the sides assessed.
        """
        for v in self.verdicts:
            if v.party == party:
                return v
        raise NotFoundError(f"{excerpt(party)} is not one of the sides assessed")

    @property
    def inside_all(self) -> tuple[PlanIssue, ...]:
        """The issues on which the plan lies inside every side's set, in agenda order."""
        return tuple(row for row in self.rows if row.inside_all)

    def to_dict(self) -> dict[str, Any]:
        """The assessment as JSON-ready data."""
        return {
            "plan": self.plan,
            "round": self.round,
            "sides": list(self.sides),
            "tabled_only": self.tabled_only,
            "leans_toward": self.leans_toward,
            "lean": self.lean,
            "verdicts": [v.to_dict() for v in self.verdicts],
            "rows": [row.to_dict() for row in self.rows],
            "unaddressed": list(self.unaddressed),
        }

    @guarded
    def __repr__(self) -> str:
        """``<PlanAssessment plan at round for a, b: N issues; leans toward …>``."""
        at = f" at {self.round}" if self.round else ""
        lean = (
            f"leans toward {self.leans_toward} ({figure(self.lean, 2)})"
            if self.leans_toward
            else "leans toward no side"
        )
        return tag(
            "PlanAssessment",
            f"{self.plan}{at} for {', '.join(self.sides)}: "
            f"{plural(len(self.rows), 'issue')}; {lean}",
        )
