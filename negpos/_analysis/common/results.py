"""The figures of a common ground: the summary and its index, the alternatives, the whole.

[`GroundSummary`][negpos.GroundSummary] counts the statuses and gives the common-ground
index; [`GroundOption`][negpos.GroundOption] and
[`GroundAlternatives`][negpos.GroundAlternatives] tell how each option of a group fares and
which one the ground takes; [`CommonGround`][negpos.CommonGround] holds the rows and all of
these.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

import attrs

from negpos._analysis.common.issue import (
    _CRITERIA,
    _IDENTICAL,
    _OVERLAP,
    _SETTLED,
    GroundStatus,
    IssueGround,
)
from negpos._analysis.renderable import Renderable
from negpos._analysis.rows import Criterion, IssueRows, row_index
from negpos._errors import NotFoundError, excerpt
from negpos._model.reprs import counted, figure, guarded, plural, tag

__all__ = ["CommonGround", "GroundAlternatives", "GroundOption", "GroundSummary"]


@attrs.frozen
class GroundSummary:
    """The figures of a common ground at a glance.

    Attributes:
        counts: How many issues have each status, for every status in ``GroundStatus`` order.
        index: The common-ground index over the issues with a joint gap (settled at the
            table, or addressed by every party and comparable) and the conditional ones:
            the mean of ``1 - magnitude`` weighted by the mean salience of the positions held
            on the issue (0.5 on a settled issue nobody addresses), a conditional issue
            counting 0. 1 means an n-way zone on every such issue; for two parties it
            equals the pairwise compatibility index. When
            every weight is 0 each issue counts equally; None when there is no such issue.
        mean_gap: The plain mean of the joint gaps over the issues with one (conditional ones
            left out); None when there is no such issue.
        blocking: For each party, in the analysis' order, on how many issues it is a
            blocker (it addresses the issue and belongs to none of the largest groups that
            share a zone).
        unresolved: How many issues are left open: ``gap``, ``partial``, ``conditional``,
            and text issues some party is silent on (for two parties, the comparison's
            ``Summary.unresolved``).
        red_line_count: How many gaps have a red line among the positions.
    """

    counts: tuple[tuple[GroundStatus, int], ...]
    index: float | None
    mean_gap: float | None
    blocking: tuple[tuple[str, int], ...]
    unresolved: int = 0
    red_line_count: int = 0

    def count(self, status: GroundStatus | str) -> int:
        """How many issues have ``status`` (a status or its value, such as ``"gap"``)."""
        wanted = next(iter(_CRITERIA["status"].wanted("status", status)))
        return next(n for s, n in self.counts if s is wanted)

    @property
    def total(self) -> int:
        """The number of issues in the common ground, whatever their status."""
        return sum(n for _, n in self.counts)

    def to_dict(self) -> dict[str, Any]:
        """The summary as JSON-ready data."""
        return {
            "counts": {s.value: n for s, n in self.counts},
            "total": self.total,
            "index": self.index,
            "mean_gap": self.mean_gap,
            "blocking": dict(self.blocking),
            "unresolved": self.unresolved,
            "red_line_count": self.red_line_count,
        }

    @guarded
    def __repr__(self) -> str:
        """``<GroundSummary N issues: counts; index …>``, on one line."""
        return tag(
            "GroundSummary",
            f"{plural(self.total, 'issue')}: {counted(self.counts)}; index {figure(self.index)}",
        )


@attrs.frozen
class GroundOption:
    """How one option of a group of alternatives fares in a common ground.

    The option is read as its party's main positions with the option's positions taken,
    against every other party's main positions (outcomes agreed at the table and conditions
    applied).

    Attributes:
        party: The id of the party that offers the option.
        group: The id of its group.
        option: The option's id.
        label: The option's label, if it has one.
        counts: How many issues would have each status, in ``GroundStatus`` order.
        index: The common-ground index of that reading; None when no issue has a joint gap.
        unresolved: How many issues that reading leaves open (see ``GroundSummary``).
        red_line_count: How many gaps of that reading have a red line among the positions.
    """

    party: str
    group: str
    option: str
    label: str | None
    counts: tuple[tuple[GroundStatus, int], ...]
    index: float | None
    unresolved: int
    red_line_count: int

    def to_dict(self) -> dict[str, Any]:
        """The option's figures as JSON-ready data."""
        return {
            "party": self.party,
            "group": self.group,
            "option": self.option,
            "label": self.label,
            "counts": {s.value: n for s, n in self.counts},
            "index": self.index,
            "unresolved": self.unresolved,
            "red_line_count": self.red_line_count,
        }

    @guarded
    def __repr__(self) -> str:
        """``<GroundOption party group/option: counts; index …>``, on one line."""
        return tag(
            "GroundOption",
            f"{self.party} {self.group}/{self.option}: {counted(self.counts)}; "
            f"index {figure(self.index)}",
        )


@attrs.frozen
class GroundAlternatives:
    """A group of alternatives one party offers, and the option the common ground takes.

    Attributes:
        party: The id of the party that offers the alternatives.
        group: The group's id.
        label: The group's label, if it has one.
        options: Each option's figures, in the group's order.
        closest: The id of the option the ground reads the party with: the fewest issues
            unresolved, then the highest index (None ranks lowest), then the fewest gaps
            with red lines, then the earlier option.
    """

    party: str
    group: str
    label: str | None
    options: tuple[GroundOption, ...]
    closest: str

    def option(self, option_id: str) -> GroundOption:
        """The figures of the option with this id.

        Raises:
            NotFoundError: The group has no such option.
        """
        for o in self.options:
            if o.option == option_id:
                return o
        raise NotFoundError(f"group {self.group!r} has no option {excerpt(option_id)}")

    def to_dict(self) -> dict[str, Any]:
        """The group's results as JSON-ready data."""
        return {
            "party": self.party,
            "group": self.group,
            "label": self.label,
            "closest": self.closest,
            "options": [o.to_dict() for o in self.options],
        }

    @guarded
    def __repr__(self) -> str:
        """``<GroundAlternatives party group: N options; closest …>``, on one line."""
        return tag(
            "GroundAlternatives",
            f"{self.party} {self.group}: {plural(len(self.options), 'option')}; "
            f"closest {self.closest}",
        )


@attrs.frozen
class CommonGround(IssueRows[IssueGround], Renderable):
    """Many parties' positions put side by side, issue by issue.

    ``rows`` holds one [`IssueGround`][negpos.IssueGround] per agenda issue that any party
    addresses (as offered, or in any option), or that all of them settled, in agenda order;
    ``issue(id)`` finds one and ``where`` filters them by ``status`` (a
    [`GroundStatus`][negpos.GroundStatus]), ``category`` or ``kind``.

    Attributes:
        round: The round at which the parties are read, if there is one.
        parties: The parties, in the order of the analysis.
        rows: One row per issue, in agenda order.
        summary: Counts, the common-ground index and who blocks how often.
        tabled_only: Whether only what was tabled in the round was read, rather than the
            positions standing at that round.
        alternatives: For each group of alternatives of any party (parties in order), how
            each option fares and which one the ground takes.
    """

    round: str | None
    parties: tuple[str, ...]
    rows: tuple[IssueGround, ...]
    summary: GroundSummary
    tabled_only: bool = False
    alternatives: tuple[GroundAlternatives, ...] = ()
    criteria: ClassVar[Mapping[str, Criterion]] = _CRITERIA
    _by_issue = row_index()

    @property
    def shared(self) -> tuple[IssueGround, ...]:
        """The issues all accept: ``settled``, ``identical`` or ``overlap``, in agenda order."""
        return self.where(status=(_SETTLED, _IDENTICAL, _OVERLAP))

    def to_dict(self) -> dict[str, Any]:
        """The common ground as JSON-ready data."""
        return {
            "round": self.round,
            "parties": list(self.parties),
            "tabled_only": self.tabled_only,
            "summary": self.summary.to_dict(),
            "rows": [row.to_dict() for row in self.rows],
            "alternatives": [g.to_dict() for g in self.alternatives],
        }

    @guarded
    def __repr__(self) -> str:
        """``<CommonGround a, b, c at round: N issues: counts; index …>``, on one line."""
        at = f" at {self.round}" if self.round else ""
        s = self.summary
        return tag(
            "CommonGround",
            f"{', '.join(self.parties)}{at}: {plural(s.total, 'issue')}: {counted(s.counts)}; "
            f"index {figure(s.index)}",
        )
