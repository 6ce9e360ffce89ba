"""One issue of a common ground: the statuses, the row with its n-way zone and blockers.

[`GroundStatus`][negpos.GroundStatus] names how many parties' positions on one issue relate,
and [`IssueGround`][negpos.IssueGround] is the row of one issue: the positions, the joint
gap, the largest groups that share a zone, the blockers, and (as
[`GroundFare`][negpos.GroundFare]) how each option of a group of alternatives fares on it.
The rules are described in ``negpos._analysis.common``.
"""

from __future__ import annotations

import enum
import functools
from typing import Any

import attrs

from negpos._analysis.joint import joint_zone
from negpos._analysis.rows import Criterion, issue_criteria
from negpos._errors import NotFoundError, excerpt
from negpos._model.documents import Outcome, Position
from negpos._model.issues import Issue
from negpos._model.reprs import compact_repr, figure, guarded, tag
from negpos._model.stances import Stance

__all__ = ["GroundFare", "GroundStatus", "IssueGround"]


class GroundStatus(enum.StrEnum):
    """How the positions of many parties on one issue relate.

    - ``settled``: every party agreed an outcome on the issue at the table; the outcome is
      the zone, whatever the memoranda say;
    - ``identical``: every party addresses the issue and all accept exactly the same outcomes;
    - ``overlap``: every party addresses it and some outcome is acceptable to all (the
      n-way zone), though their accepted sets differ;
    - ``conditional``: as ``identical`` or ``overlap``, but a position holds only under a
      condition on another issue that the analysis cannot meet; not counted as common
      ground (no joint gap; it counts 0 in the index);
    - ``gap``: every party addresses it and no outcome is acceptable to all;
    - ``partial``: some parties are silent on it (silence is not agreement);
    - ``other_option``: only options that no party's reading takes address the issue (see
      the row's ``fares``);
    - ``uncomparable``: a text issue, which is never compared.

    For two parties they map onto the comparison's [`Status`][negpos.Status]: ``identical``
    and ``same_preference`` are ``identical`` and ``overlap``, ``one_sided`` is ``partial``
    (``uncomparable`` on a text issue), the others keep their names.
    """

    SETTLED = "settled"
    IDENTICAL = "identical"
    OVERLAP = "overlap"
    CONDITIONAL = "conditional"
    GAP = "gap"
    PARTIAL = "partial"
    OTHER_OPTION = "other_option"
    UNCOMPARABLE = "uncomparable"


_SETTLED, _IDENTICAL, _OVERLAP = GroundStatus.SETTLED, GroundStatus.IDENTICAL, GroundStatus.OVERLAP
_CONDITIONAL, _GAP, _PARTIAL = GroundStatus.CONDITIONAL, GroundStatus.GAP, GroundStatus.PARTIAL
_OTHER_OPTION, _UNCOMPARABLE = GroundStatus.OTHER_OPTION, GroundStatus.UNCOMPARABLE
_COMPATIBLE = frozenset({_IDENTICAL, _OVERLAP})
# The statuses with an n-way zone.
_ZONED = frozenset({_SETTLED, _IDENTICAL, _OVERLAP, _CONDITIONAL})
# The statuses that leave an issue open (with text issues some party is silent on).
_OPEN = frozenset({_GAP, _PARTIAL, _CONDITIONAL})

_CRITERIA = {"status": Criterion(lambda row: row.status, GroundStatus), **issue_criteria()}


def _dump(value: Position | Stance | None) -> dict[str, Any] | None:
    return None if value is None else value.to_dict()


@attrs.frozen
class GroundFare:
    """How one option of a group of alternatives fares on one issue of a common ground.

    Attributes:
        party: The id of the party that offers the option.
        group: The id of the option's group.
        option: The option's id.
        status: The issue's status when that option is taken (the party's other positions
            as they are, every other party at its main positions); None when the option does
            not address the issue.
        red_lines: On a gap, the ids of the parties whose position is a red line.
    """

    party: str
    group: str
    option: str
    status: GroundStatus | None
    red_lines: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The fare as JSON-ready data."""
        return {
            "party": self.party,
            "group": self.group,
            "option": self.option,
            "status": None if self.status is None else self.status.value,
            "red_lines": list(self.red_lines),
        }

    __repr__ = compact_repr


@attrs.frozen
class IssueGround:
    """The positions of many parties on one issue, and what they share.

    Attributes:
        issue: The issue, as the agenda defines it.
        status: How the positions relate.
        parties: Every party of the analysis, in its order.
        positions: Each party's position as offered (its closest options taken), in the
            order of ``parties``; None where it is silent.
        magnitude: The joint gap in [0, 1] when every party addresses a comparable issue: 0
            exactly when an outcome is acceptable to all, and on a ``settled`` issue; for two
            parties the pairwise gap. None for ``conditional``, ``partial``,
            ``other_option`` and ``uncomparable``.
        largest: The largest groups of the parties that address the issue whose positions
            share a zone, each in the order of ``parties``; empty for ``settled``,
            ``other_option`` and ``uncomparable``.
        red_lines: On a gap, the parties whose position is a red line.
        exact: False when ``largest`` holds one maximal group found greedily instead of every
            largest group: on a sequence issue torn by so many parties that the exact search
            would pass its budget (see docs/concepts.md).
        outcome: On a ``settled`` issue, the outcome agreed at the table.
        settled_in: The id of the round the outcome was agreed at, when known.
        reneged_by: On a ``settled`` issue, the parties whose position, tabled after the
            agreement, no longer accepts the outcome.
        unmet_conditions: On a ``conditional`` issue, ``(party, issue id)`` for each
            condition the analysis cannot meet.
        fares: For each option of any party's groups of alternatives that address the
            issue, how it fares on it (parties in order, then groups and options in order);
            empty when no group addresses the issue.
    """

    issue: Issue
    status: GroundStatus
    parties: tuple[str, ...]
    positions: tuple[Position | None, ...]
    magnitude: float | None
    largest: tuple[tuple[str, ...], ...]
    red_lines: tuple[str, ...] = ()
    exact: bool = True
    outcome: Outcome | None = None
    settled_in: str | None = None
    reneged_by: tuple[str, ...] = ()
    unmet_conditions: tuple[tuple[str, str], ...] = ()
    fares: tuple[GroundFare, ...] = ()

    @functools.cached_property
    def zone(self) -> Stance | None:
        """The outcomes every party accepts, as a stance of the issue's kind (n-way zone).

        On a ``settled`` issue the outcome agreed at the table; on a ``conditional`` one the
        outcomes all accept if the conditions are met; None unless the status is one of
        those or ``identical`` or ``overlap``. Computed on first access.
        """
        if self.status is _SETTLED:
            return None if self.outcome is None else self.outcome.stance
        if self.status not in _ZONED:
            return None
        return joint_zone(self.issue, [p.stance for p in self.positions if p is not None])

    @property
    def addressing(self) -> tuple[str, ...]:
        """The parties that hold a position on the issue, in the order of ``parties``."""
        return tuple(a for a, p in zip(self.parties, self.positions, strict=True) if p is not None)

    @property
    def silent(self) -> tuple[str, ...]:
        """The parties silent on the issue, in the order of ``parties``."""
        return tuple(a for a, p in zip(self.parties, self.positions, strict=True) if p is None)

    @property
    def blockers(self) -> tuple[str, ...]:
        """The parties that address the issue but belong to none of the ``largest`` groups.

        Where the largest groups differ (two groups of three among four parties, say), a
        party left out of only some of them is not a blocker: the others could agree
        without it, or with it in place of another. A settled issue has no blockers.
        """
        inside = {party for group in self.largest for party in group}
        if not self.largest:
            return ()
        return tuple(a for a in self.addressing if a not in inside)

    def position(self, party: str) -> Position | None:
        """The position of ``party`` on the issue, or None where it is silent.

        Raises:
            NotFoundError: ``party`` is not one of the parties of the analysis.
        """
        for a, p in zip(self.parties, self.positions, strict=True):
            if a == party:
                return p
        raise NotFoundError(f"{excerpt(party)} is not one of the parties {list(self.parties)}")

    def to_dict(self) -> dict[str, Any]:
        """The row as JSON-ready data."""
        return {
            "issue": self.issue.id,
            "title": self.issue.title,
            "kind": self.issue.kind.value,
            "category": self.issue.category,
            "status": self.status.value,
            "magnitude": self.magnitude,
            "zone": _dump(self.zone),
            "positions": {a: _dump(p) for a, p in zip(self.parties, self.positions, strict=True)},
            "largest": [list(group) for group in self.largest],
            "blockers": list(self.blockers),
            "silent": list(self.silent),
            "red_lines": list(self.red_lines),
            "exact": self.exact,
            "outcome": None if self.outcome is None else self.outcome.to_dict(),
            "settled_in": self.settled_in,
            "reneged_by": list(self.reneged_by),
            "unmet_conditions": [list(c) for c in self.unmet_conditions],
            "fares": [f.to_dict() for f in self.fares],
        }

    @guarded
    def __repr__(self) -> str:
        """``<IssueGround issue: status; largest …; red lines of …>``, on one line."""
        text = f"{self.issue.id}: {self.status.value.replace('_', '-')}"
        if self.magnitude is not None:
            text += f" {figure(self.magnitude, 2)}"
        if self.largest:
            text += "; largest " + ", ".join("+".join(group) for group in self.largest)
        if self.red_lines:
            text += f"; red line of {', '.join(self.red_lines)}"
        return tag("IssueGround", text)
