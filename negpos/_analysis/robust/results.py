"""The result of a robust comparison: every figure a range, every issue robust or not.

[`RobustIssue`][negpos.RobustIssue] is one issue's row: the statuses seen, the range of its
magnitude, the smallest set of readings that changes its status and the probability of its
main status; [`RobustComparison`][negpos.RobustComparison] holds them with the summary's
figures as ranges.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

import attrs

from negpos._analysis.comparison import Comparison, IssueComparison, Status, pair_text
from negpos._analysis.readings import ReadingVariable
from negpos._analysis.renderable import Renderable
from negpos._analysis.robust.ranges import FigureRange
from negpos._analysis.rows import Criterion, IssueRows, issue_criteria, row_index
from negpos._model.issues import Issue
from negpos._model.reprs import figure, guarded, plural, tag

__all__ = ["RobustComparison", "RobustIssue"]


@attrs.frozen
class RobustIssue:
    """One issue of a robust comparison.

    Attributes:
        issue: The issue, as the agenda defines it.
        row: The issue's row under the main readings.
        statuses: Every status seen, in ``Status`` order.
        magnitude: The range of the issue's magnitude (None where it has none).
        depends_on: The smallest set of readings found that gives the issue another status,
            each in words ("ua on security.nato: no bar in law"); empty when the status is
            robust.
        flipped_to: The status under ``depends_on``, or None when robust.
        main_probability: The probability that the issue keeps its main status (by the
            readings' weights; exact when the comparison is exact).
    """

    issue: Issue
    row: IssueComparison = attrs.field(repr=False)
    statuses: tuple[Status, ...]
    magnitude: FigureRange
    depends_on: tuple[str, ...] = ()
    flipped_to: Status | None = None
    main_probability: float = 1.0

    @property
    def status(self) -> Status:
        """The status under the main readings."""
        return self.row.status

    @property
    def robust(self) -> bool:
        """Whether the status is the same under every reading tried."""
        return len(self.statuses) == 1

    def to_dict(self) -> dict[str, Any]:
        """The row as JSON-ready data."""
        return {
            "issue": self.issue.id,
            "title": self.issue.title,
            "status": self.status.value,
            "robust": self.robust,
            "statuses": [s.value for s in self.statuses],
            "magnitude": self.magnitude.to_dict(),
            "depends_on": list(self.depends_on),
            "flipped_to": None if self.flipped_to is None else self.flipped_to.value,
            "main_probability": self.main_probability,
        }

    @guarded
    def __repr__(self) -> str:
        """``<RobustIssue issue: status (robust) or statuses (depends on reading)>``."""
        statuses = " or ".join(s.value.replace("_", "-") for s in self.statuses)
        how = "robust" if len(self.statuses) == 1 else "depends on reading"
        text = f"{self.issue.id}: {statuses} ({how})"
        m = self.magnitude
        if m.low is not None and m.high is not None:
            text += f"; magnitude {figure(m.low, 2)}–{figure(m.high, 2)}"
        return tag("RobustIssue", text)


_CRITERIA = {"status": Criterion(lambda row: row.status, Status), **issue_criteria()}


@attrs.frozen
class RobustComparison(IssueRows[RobustIssue], Renderable):
    """A comparison run over every combination of readings (see [`robust`][negpos.robust]).

    Attributes:
        comparison: The comparison under the main readings.
        variables: The positions read in more than one way, in order.
        combinations: How many combinations there are in all.
        evaluated: How many were compared.
        exact: Whether every combination was compared (else the ranges are inner bounds).
        weighted: Whether any reading gives a weight (the probabilities are then the
            analyst's, not a uniform split between readings).
        compatibility: The compatibility index over the readings.
        mean_gap: The mean gap over the readings.
        red_line_conflicts: The number of red lines in conflict over the readings.
        counts: The number of issues with each status over the readings, in ``Status``
            order.
        rows: One row per issue of the comparison, in agenda order.
        lowest: The smallest set of readings found that gives the lowest index, in words.
        highest: The smallest set of readings found that gives the highest index, in words.
        index_mean: The index's mean by the readings' probabilities.
        index_quantiles: The index's 5th, 50th and 95th percentiles by the readings'
            probabilities.
    """

    comparison: Comparison = attrs.field(repr=False)
    variables: tuple[ReadingVariable, ...]
    combinations: int
    evaluated: int
    exact: bool
    weighted: bool
    compatibility: FigureRange
    mean_gap: FigureRange
    red_line_conflicts: FigureRange
    counts: tuple[tuple[Status, FigureRange], ...]
    rows: tuple[RobustIssue, ...] = attrs.field(repr=False)
    lowest: tuple[str, ...] = ()
    highest: tuple[str, ...] = ()
    index_mean: float | None = None
    index_quantiles: tuple[float, float, float] | None = None
    criteria: ClassVar[Mapping[str, Criterion]] = _CRITERIA
    _by_issue = row_index()

    @property
    def parties(self) -> tuple[str, str]:
        """The two parties' ids, in order."""
        return self.comparison.party_a, self.comparison.party_b

    @property
    def fragile(self) -> tuple[RobustIssue, ...]:
        """The issues whose status depends on the reading, in agenda order."""
        return tuple(r for r in self.rows if not r.robust)

    def count(self, status: Status | str) -> FigureRange:
        """The range of the number of issues with ``status``."""
        wanted = Status(status)
        return next(r for s, r in self.counts if s is wanted)

    def to_dict(self) -> dict[str, Any]:
        """The robust comparison as JSON-ready data."""
        c = self.comparison
        return {
            "round": c.round_a if c.round_a == c.round_b else None,
            "parties": list(self.parties),
            "combinations": self.combinations,
            "evaluated": self.evaluated,
            "exact": self.exact,
            "weighted": self.weighted,
            "variables": [v.to_dict() for v in self.variables],
            "compatibility": self.compatibility.to_dict(),
            "mean_gap": self.mean_gap.to_dict(),
            "red_line_conflicts": self.red_line_conflicts.to_dict(),
            "counts": {s.value: r.to_dict() for s, r in self.counts},
            "lowest": list(self.lowest),
            "highest": list(self.highest),
            "index_mean": self.index_mean,
            "index_quantiles": None if self.index_quantiles is None else list(self.index_quantiles),
            "rows": [r.to_dict() for r in self.rows],
        }

    @guarded
    def __repr__(self) -> str:
        """``<RobustComparison a–b at round: N readings, N combinations; index low–high>``."""
        c = self.comparison
        index = self.compatibility
        method = "exact" if self.exact else f"{self.evaluated} sampled"
        return tag(
            "RobustComparison",
            f"{pair_text(c.party_a, c.party_b, c.round_a, c.round_b)}: "
            f"{plural(len(self.variables), 'uncertain position')}, "
            f"{plural(self.combinations, 'combination')} ({method}); "
            f"index {figure(index.low)}–{figure(index.high)} (main {figure(index.main)})",
        )
