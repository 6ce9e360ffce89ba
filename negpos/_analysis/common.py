"""Common ground of many parties: per issue, the outcomes all accept, and who blocks the rest.

[`common_ground`][negpos.common_ground] and
[`Negotiation.common`][negpos.Negotiation.common] put any number of parties side by side on
the agenda. Each issue that any of them addresses, that all of them settled at the table, or
that only an option none of them takes addresses gets an [`IssueGround`][negpos.IssueGround]:
the n-way zone (the outcomes every party accepts), the joint gap, the largest groups of
parties that share a zone and the parties outside every such group (the blockers). The
[`GroundSummary`][negpos.GroundSummary] counts the statuses and gives an index that, for two
parties, is the pairwise compatibility index.

The pairwise comparison's rules, generalised to n parties (for two parties every status,
zone, magnitude and the index equal the comparison's):

- **settled**: an outcome agreed at the table by *every* party of the analysis (a round's
  ``agreed``, at or before the round read; an outcome that lists no parties was agreed by
  every party of its round) settles its issue: status ``settled``, joint gap 0, the outcome
  as the zone, weight in the index the mean salience of the positions held on it (0.5 when
  nobody addresses it; the issue gets a row all the same), and ``reneged_by`` the parties
  whose position, tabled after the agreement, no longer accepts the outcome;
- **conditions**: an issue on which every party's positions share a zone but a position holds
  only under a condition the analysis cannot meet is ``conditional`` (no joint gap; in the
  index as no common ground, 0 with its weight). A condition is met when its issue is
  settled with the outcome inside the condition's stance, or when that issue's row shares a
  zone, is not itself conditional, and the positions on it and the condition's stance share
  an outcome; a row that turns
  conditional can leave the rows that depend on it unmet in turn;
- **alternatives**: each option of a party's groups is read as the party's main positions
  with the option's positions taken (restated as in the comparison: the option's stance, the
  stricter firmness, the higher salience) against the other parties' *main* positions; the
  group's ``closest`` option leaves the fewest issues unresolved (``gap``, ``partial``,
  ``conditional``, and text issues some party is silent on), then has the highest index,
  then the fewest gaps with red lines, then comes first. The ground reads every party "as
  offered", with its closest options taken; an issue only options nobody takes address is
  listed as ``other_option``, and every row carries how each option fares on it.

The per-kind rules live in ``negpos._analysis.joint``; the reading of each side in
``negpos._analysis.sides``.
"""

from __future__ import annotations

import enum
import functools
import math
from collections import ChainMap
from collections.abc import Iterable, Mapping, MutableMapping, Sequence
from typing import Any, ClassVar

import attrs

from negpos._analysis.joint import joint_magnitude, joint_zone, largest_groups
from negpos._analysis.kinds import assessor, contains
from negpos._analysis.renderable import Renderable
from negpos._analysis.rows import Criterion, IssueRows, issue_criteria, row_index
from negpos._analysis.settled import Settlement, settlements, settlements_of
from negpos._analysis.sides import (
    Side,
    check_memoranda,
    holding,
    main_side,
    party_list,
    round_of,
    side_positions,
    taking,
)
from negpos._errors import NotFoundError, UsageError, excerpt
from negpos._model.documents import Condition, Memorandum, Option, Outcome, Position
from negpos._model.issues import Issue, Kind
from negpos._model.negotiation import Negotiation
from negpos._model.reprs import compact_repr, counted, figure, guarded, plural, tag
from negpos._model.selection import agenda_of, latest_shared_round
from negpos._model.stances import Stance

__all__ = [
    "CommonGround",
    "GroundAlternatives",
    "GroundFare",
    "GroundOption",
    "GroundPatch",
    "GroundStatus",
    "GroundSummary",
    "IssueGround",
    "Offer",
    "common_ground",
    "common_in",
    "common_of",
    "ground_inputs",
    "offer",
]


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


_RULES = {kind: assessor(kind) for kind in Kind}


class _Row:
    """One issue of one reading, before the largest groups are searched (cheap to make)."""

    __slots__ = (
        "issue",
        "magnitude",
        "positions",
        "red",
        "reneged",
        "settlement",
        "status",
        "unmet",
    )

    def __init__(
        self,
        issue: Issue,
        status: GroundStatus,
        magnitude: float | None,
        positions: tuple[Position | None, ...],
        red: tuple[str, ...] = (),
        unmet: tuple[tuple[str, str], ...] = (),
        settlement: Settlement | None = None,
        reneged: tuple[str, ...] = (),
    ) -> None:
        self.issue, self.status, self.magnitude, self.positions = (
            issue,
            status,
            magnitude,
            positions,
        )
        self.red, self.unmet, self.settlement, self.reneged = red, unmet, settlement, reneged

    @property
    def open(self) -> bool:
        """Whether the row leaves its issue unresolved."""
        status = self.status
        return status in _OPEN or (
            status is _UNCOMPARABLE and any(p is None for p in self.positions)
        )

    @property
    def weight(self) -> float:
        """The row's weight in the index: the mean salience of the positions held on it."""
        held = [p.salience for p in self.positions if p is not None]
        return math.fsum(held) / len(held) if held else 0.5


def _assess(issue: Issue, parties: tuple[str, ...], positions: tuple[Position | None, ...]) -> _Row:
    # The hot path: one call per issue and reading.
    rule = _RULES[issue.kind]
    if rule is None:
        return _Row(issue, _UNCOMPARABLE, None, positions)
    if None in positions:
        return _Row(issue, _PARTIAL, None, positions)
    stances = [p.stance for p in positions if p is not None]
    gap = joint_magnitude(issue, stances)
    if gap == 0.0:
        first = stances[0]
        same = all(rule(issue, first, s)[1] for s in stances[1:])
        return _Row(issue, _IDENTICAL if same else _OVERLAP, 0.0, positions)
    red = tuple(a for a, p in zip(parties, positions, strict=True) if p is not None and p.red_line)
    return _Row(issue, _GAP, gap, positions, red)


def _conditioned(positions: Iterable[Position | None]) -> bool:
    return any(p is not None and p.conditions for p in positions)


def _condition_met(
    condition: Condition, rows: Mapping[str, _Row], issues: Mapping[str, Issue]
) -> bool:
    """Whether the reading can meet ``condition``: its issue comes out inside its stance.

    It can when the issue is settled with an outcome inside the condition's stance, or when
    every party holds compatible, unconditional positions on it and some outcome all of them
    accept lies inside the condition's stance.
    """
    row = rows.get(condition.issue)
    if row is None:
        return False
    issue = issues[condition.issue]
    if row.status is _SETTLED:
        assert row.settlement is not None
        agreed = row.settlement.outcome.stance
        assert agreed is not None
        return contains(issue, condition.stance, agreed)
    if row.status not in _COMPATIBLE:
        return False
    stances = [p.stance for p in row.positions if p is not None]
    return joint_magnitude(issue, [*stances, condition.stance]) == 0.0


def _apply_conditions(
    rows: MutableMapping[str, _Row],
    candidates: Iterable[str],
    issues: Mapping[str, Issue],
    parties: tuple[str, ...],
) -> None:
    """Mark ``conditional`` the compatible rows whose conditions cannot be met, in place.

    As the comparison does: the rows of ``candidates`` (issues whose positions carry
    conditions) are checked, and a row that turns conditional sends the rows that depend on
    it back to be checked; each row turns at most once, so the work is linear in the
    conditions, and the result does not depend on the order of the checks.
    """
    dependents: dict[str, list[str]] = {}
    todo: list[str] = []
    for iid in candidates:
        row = rows[iid]
        if row.status not in _COMPATIBLE:
            continue
        todo.append(iid)
        for position in row.positions:
            if position is not None:
                for condition in position.conditions:
                    dependents.setdefault(condition.issue, []).append(iid)
    while todo:
        iid = todo.pop()
        row = rows[iid]
        unmet: list[tuple[str, str]] = []
        for party, position in zip(parties, row.positions, strict=True):
            if position is None:
                continue
            for condition in position.conditions:
                if not _condition_met(condition, rows, issues):
                    pair = (party, condition.issue)
                    if pair not in unmet:
                        unmet.append(pair)
        if not unmet or tuple(unmet) == row.unmet:
            continue
        if row.status is not _CONDITIONAL:
            todo.extend(dependents.get(iid, ()))
        rows[iid] = _Row(row.issue, _CONDITIONAL, None, row.positions, (), tuple(unmet))


class _Reading:
    """The rows of one reading of every party, by issue id in agenda order.

    ``before`` holds them before conditions apply, ``rows`` after; ``conditioned`` the ids
    of the rows whose positions carry conditions (settled rows aside).
    """

    __slots__ = ("before", "conditioned", "rows")

    def __init__(
        self, before: dict[str, _Row], rows: Mapping[str, _Row], conditioned: list[str]
    ) -> None:
        self.before, self.rows, self.conditioned = before, rows, conditioned


class _Tally:
    """The running sums behind a summary; ``math.fsum`` makes taking a term out exact."""

    __slots__ = ("counts", "gaps", "open", "red", "scores", "weights")

    def __init__(self) -> None:
        self.counts = dict.fromkeys(GroundStatus, 0)
        self.open = 0
        self.red = 0
        self.weights: list[float] = []
        self.scores: list[float] = []
        self.gaps: list[float] = []

    def add(self, row: _Row, sign: int = 1) -> None:
        self.counts[row.status] += sign
        if row.open:
            self.open += sign
        m = row.magnitude
        if m is None:
            if row.status is _CONDITIONAL:
                # In the index with its weight, as no common ground: a score of 0.
                self.weights.append(sign * row.weight)
            return
        if row.red:
            self.red += sign
        w = row.weight
        self.weights.append(sign * w)
        self.scores.append(sign * w * (1.0 - m))
        self.gaps.append(sign * m)

    def copy(self) -> _Tally:
        other = _Tally()
        other.counts = dict(self.counts)
        other.open, other.red = self.open, self.red
        other.weights, other.scores, other.gaps = (
            list(self.weights),
            list(self.scores),
            list(self.gaps),
        )
        return other

    def figures(self) -> tuple[float | None, float | None]:
        """The index and the mean gap."""
        terms = sum(self.counts[s] for s in (_SETTLED, _IDENTICAL, _OVERLAP, _GAP))
        in_index = terms + self.counts[_CONDITIONAL]
        if not in_index:
            return None, None
        gaps = math.fsum(self.gaps)
        mean_gap = gaps / terms if terms else None
        total = math.fsum(self.weights)
        index = math.fsum(self.scores) / total if total > 0 else (terms - gaps) / in_index
        return index, mean_gap


class _Reader:
    """Reads every party on the agenda: rows, settlements and conditions."""

    def __init__(
        self,
        issues: Sequence[Issue],
        parties: tuple[str, ...],
        settled: Mapping[str, Settlement],
    ) -> None:
        self.issues, self.parties, self.settled = issues, parties, settled
        self.by_id = {issue.id: issue for issue in issues}

    def _settle(self, row: _Row, settlement: Settlement, sides: Sequence[Side]) -> _Row:
        issue = row.issue
        agreed = settlement.outcome.stance
        assert agreed is not None
        reneged: list[str] = []
        if issue.kind is not Kind.TEXT:
            later = settlement.later
            for party, position, side in zip(self.parties, row.positions, sides, strict=True):
                if position is None:
                    continue
                if later is not None and side.since_of(issue.id) not in later:
                    continue
                if not contains(issue, position.stance, agreed):
                    reneged.append(party)
        return _Row(issue, _SETTLED, 0.0, row.positions, (), (), settlement, tuple(reneged))

    def _one(
        self, issue: Issue, positions: tuple[Position | None, ...], sides: Sequence[Side]
    ) -> _Row:
        row = _assess(issue, self.parties, positions)
        settlement = self.settled.get(issue.id)
        return row if settlement is None else self._settle(row, settlement, sides)

    def read(self, sides: Sequence[Side], elsewhere: frozenset[str] = frozenset()) -> _Reading:
        """Every issue some party holds a position on, settled, or in ``elsewhere``."""
        parties, settled = self.parties, self.settled
        getters = [side.positions.get for side in sides]
        before: dict[str, _Row] = {}
        conditioned: list[str] = []
        for issue in self.issues:
            iid = issue.id
            positions = tuple(get(iid) for get in getters)
            if all(p is None for p in positions):
                if iid in settled:
                    row = _Row(issue, _PARTIAL, None, positions)
                    before[iid] = self._settle(row, settled[iid], sides)
                elif iid in elsewhere:
                    before[iid] = _Row(issue, _OTHER_OPTION, None, positions)
                continue
            row = _assess(issue, parties, positions)
            if settled and iid in settled:
                row = self._settle(row, settled[iid], sides)
            elif _conditioned(positions):
                conditioned.append(iid)
            before[iid] = row
        rows: Mapping[str, _Row] = before
        if conditioned:
            after = dict(before)
            _apply_conditions(after, conditioned, self.by_id, parties)
            rows = after
        return _Reading(before, rows, conditioned)

    def patch(
        self, base: _Reading, sides: Sequence[Side], stated: Iterable[str]
    ) -> dict[str, _Row]:
        """The rows that differ from ``base`` once one party's positions on ``stated`` change.

        ``sides`` is the reading of ``base`` with that party's positions replaced on the
        issues ``stated``: those rows are read again, and the rows whose positions carry
        conditions are checked again; the rest stand. The work is the issues stated and the
        conditions, times the parties, whatever the agenda's length.

        Returns:
            The new rows of the issues stated and of the rows with conditions, by id.
        """
        by_id = self.by_id
        fresh: dict[str, _Row] = {}
        for iid in stated:
            positions = tuple(side.positions.get(iid) for side in sides)
            fresh[iid] = self._one(by_id[iid], positions, sides)
        conditioned = [i for i in base.conditioned if i not in fresh]
        conditioned += [
            i for i, r in fresh.items() if r.status is not _SETTLED and _conditioned(r.positions)
        ]
        if not conditioned:
            return fresh
        view: ChainMap[str, _Row] = ChainMap(dict(fresh), base.before)
        _apply_conditions(view, conditioned, by_id, self.parties)
        return {i: view[i] for i in (*fresh, *conditioned)}


def _closeness(option: GroundOption, k: int) -> tuple[int, float, int, int]:
    index = option.index
    return (-option.unresolved, -1.0 if index is None else index, -option.red_line_count, -k)


@attrs.frozen
class Offer:
    """Every party read as offered: its main positions with its closest options taken.

    Attributes:
        sides: Each party's reading, in the order of the analysis.
        alternatives: Each group of alternatives, with how each option fares and the one
            taken.
        elsewhere: The issues only options that no reading takes address.
        fares: For each issue some group addresses, how each option fares on it.
    """

    sides: tuple[Side, ...]
    alternatives: tuple[GroundAlternatives, ...] = ()
    elsewhere: frozenset[str] = frozenset()
    fares: Mapping[str, tuple[GroundFare, ...]] = attrs.field(factory=dict)

    __repr__ = compact_repr


def offer(
    memoranda: Sequence[Memorandum],
    issues: Sequence[Issue],
    settled: Mapping[str, Settlement],
    *,
    only: Iterable[int] | None = None,
) -> Offer:
    """Read every memorandum as offered, choosing each group's closest option.

    Each option is read as its memorandum's main positions with the option taken, against
    the other memoranda's main positions, outcomes ``settled`` applied; the work is one
    reading of the main positions plus, per option, its issues and the conditions.

    Args:
        memoranda: One memorandum per party, in the analysis' order.
        issues: The agenda, in order.
        settled: The issues every party settled at the table, by id.
        only: The positions (in ``memoranda``) of the parties whose options to choose; the
            others are read at their main positions. None for every party.
    """
    mains = [main_side(m) for m in memoranda]
    chosen = set(range(len(memoranda))) if only is None else set(only)
    offering = [k for k, m in enumerate(memoranda) if m.alternatives and k in chosen]
    if not offering:
        return Offer(tuple(mains))
    parties = tuple(m.party for m in memoranda)
    reader = _Reader(issues, parties, settled)
    base = reader.read(mains)
    tally = _Tally()
    for row in base.rows.values():
        tally.add(row)
    sides = list(mains)
    groups: list[GroundAlternatives] = []
    fares: dict[str, list[GroundFare]] = {}
    for k in offering:
        memo = memoranda[k]
        taken: list[Option] = []
        for group in memo.alternatives:
            fared: list[GroundOption] = []
            option_rows: list[dict[str, _Row]] = []
            for option in group.options:
                reading = list(mains)
                reading[k] = taking(mains[k], memo, (option,), (group.id,))
                stated = [p.issue for p in option.positions]
                changed = reader.patch(base, reading, stated)
                running = tally.copy()
                for iid, row in changed.items():
                    old = base.rows.get(iid)
                    if old is not None:
                        running.add(old, -1)
                    running.add(row)
                index, _ = running.figures()
                fared.append(
                    GroundOption(
                        memo.party,
                        group.id,
                        option.id,
                        option.label,
                        tuple(running.counts.items()),
                        index,
                        running.open,
                        running.red,
                    )
                )
                option_rows.append({i: changed[i] for i in stated})
            best = max(range(len(fared)), key=lambda j: _closeness(fared[j], j))
            taken.append(group.options[best])
            groups.append(
                GroundAlternatives(
                    memo.party, group.id, group.label, tuple(fared), fared[best].option
                )
            )
            addressed = dict.fromkeys(i for rows in option_rows for i in rows)
            for option, rows in zip(group.options, option_rows, strict=True):
                for iid in addressed:
                    fared_row = rows.get(iid)
                    fares.setdefault(iid, []).append(
                        GroundFare(
                            memo.party,
                            group.id,
                            option.id,
                            None if fared_row is None else fared_row.status,
                            () if fared_row is None else fared_row.red,
                        )
                    )
        sides[k] = taking(mains[k], memo, taken, (g.id for g in memo.alternatives))
    held = {iid for side in sides for iid in side.positions}
    elsewhere = frozenset(i for i in fares if i not in held)
    return Offer(
        tuple(sides),
        tuple(groups),
        elsewhere,
        {i: tuple(f) for i, f in fares.items()},
    )


def _ground(row: _Row, parties: tuple[str, ...], fares: tuple[GroundFare, ...]) -> IssueGround:
    issue, status, positions = row.issue, row.status, row.positions
    if status is _SETTLED:
        settlement = row.settlement
        assert settlement is not None
        return IssueGround(
            issue,
            status,
            parties,
            positions,
            0.0,
            (),
            outcome=settlement.outcome,
            settled_in=settlement.round,
            reneged_by=row.reneged,
            fares=fares,
        )
    if status is _UNCOMPARABLE or status is _OTHER_OPTION:
        return IssueGround(issue, status, parties, positions, None, (), fares=fares)
    if status in _COMPATIBLE or status is _CONDITIONAL:
        return IssueGround(
            issue,
            status,
            parties,
            positions,
            row.magnitude,
            (parties,),
            unmet_conditions=row.unmet,
            fares=fares,
        )
    present = [(a, p) for a, p in zip(parties, positions, strict=True) if p is not None]
    found, exact = largest_groups(issue, [p.stance for _, p in present])
    groups = tuple(tuple(present[k][0] for k in group) for group in found)
    return IssueGround(
        issue, status, parties, positions, row.magnitude, groups, row.red, exact, fares=fares
    )


def common_of(
    memoranda: Sequence[Memorandum],
    issues: Sequence[Issue],
    *,
    round_id: str | None = None,
    tabled_only: bool = False,
    settled: Mapping[str, Settlement] | None = None,
) -> CommonGround:
    """The common ground of memoranda already known to fit the agenda (no checks).

    The work is linear in issues x parties (plus, per option of a group of alternatives,
    the issues it states and the conditions), apart from the search for the largest groups
    on set and sequence issues where parties clash (see ``negpos._analysis.joint``).

    Args:
        memoranda: One memorandum per party, in the analysis' order.
        issues: The agenda, in order.
        round_id: The round the memoranda are read at, for the result.
        tabled_only: Whether they hold only what was tabled, for the result.
        settled: The issues every party settled at the table, by issue id.

    Returns:
        The common ground.
    """
    settled = settled or {}
    parties = tuple(m.party for m in memoranda)
    offered = offer(memoranda, issues, settled)
    reading = _Reader(issues, parties, settled).read(offered.sides, offered.elsewhere)
    fares = offered.fares
    rows = [_ground(row, parties, fares.get(iid, ())) for iid, row in reading.rows.items()]
    tally = _Tally()
    for row in reading.rows.values():
        tally.add(row)
    return CommonGround(
        round_id,
        parties,
        tuple(rows),
        _summary(parties, rows, tally),
        tabled_only,
        offered.alternatives,
    )


class GroundPatch:
    """The common ground of memoranda, read again only where some positions change.

    Built once from the memoranda of a scenario's baseline; ``after`` gives the common ground
    with some main positions replaced, reading again only the issues they are on and the rows
    whose positions carry conditions, so that the work does not grow with the agenda. It
    equals ``common_of`` of the memoranda with those positions replaced (each moved position
    standing since the memoranda's round), which the scenario tests check. Memoranda with
    groups of alternatives are not patched: a move can change which option comes closest,
    and the whole reading with it.

    Args:
        memoranda: One memorandum per party, none with alternatives.
        issues: The agenda, in order.
        round_id: The round, for the result.
        tabled_only: Whether only what was tabled is read, for the result.
        settled: The issues every party settled at the table, by id.
    """

    def __init__(
        self,
        memoranda: Sequence[Memorandum],
        issues: Sequence[Issue],
        *,
        round_id: str | None,
        tabled_only: bool,
        settled: Mapping[str, Settlement],
    ) -> None:
        if any(m.alternatives for m in memoranda):
            raise ValueError("memoranda with alternatives are read whole, not patched")
        self.parties = tuple(m.party for m in memoranda)
        self.sides = tuple(main_side(m) for m in memoranda)
        self.reader = _Reader(issues, self.parties, settled)
        self.reading = self.reader.read(self.sides)
        self.tally = _Tally()
        for row in self.reading.rows.values():
            self.tally.add(row)
        self.rows = tuple(_ground(r, self.parties, ()) for r in self.reading.rows.values())
        self.where = {row.issue.id: k for k, row in enumerate(self.rows)}
        self.round, self.tabled_only = round_id, tabled_only
        self.ground = CommonGround(
            round_id, self.parties, self.rows, _summary(self.parties, self.rows, self.tally),
            tabled_only,
        )  # fmt: skip

    def after(self, moved: Mapping[tuple[str, str], Position]) -> CommonGround:
        """The common ground with the ``moved`` positions (keyed ``(party, issue)``) in place.

        Raises:
            KeyError: A moved position's party is not one of the memoranda's, or its issue is
                one the party holds no main position on.
        """
        if not moved:
            return self.ground
        sides = list(self.sides)
        for (party, iid), position in moved.items():
            k = self.parties.index(party)
            side = sides[k]
            if iid not in side.positions:
                raise KeyError(f"{party!r} holds no main position on {iid!r}")
            since = {i: r for i, r in side.since.items() if i != iid}
            sides[k] = type(side)(side.party, {**side.positions, iid: position}, since, side.round)
        changed = self.reader.patch(self.reading, sides, dict.fromkeys(i for _, i in moved))
        rows = list(self.rows)
        tally = self.tally.copy()
        blocking = dict(self.ground.summary.blocking)
        for iid, row in changed.items():
            old = self.reading.rows[iid]
            k = self.where[iid]
            for party in rows[k].blockers:
                blocking[party] -= 1
            tally.add(old, -1)
            tally.add(row)
            rows[k] = _ground(row, self.parties, ())
            for party in rows[k].blockers:
                blocking[party] += 1
        index, mean_gap = tally.figures()
        summary = GroundSummary(
            tuple(tally.counts.items()),
            index,
            mean_gap,
            tuple(blocking.items()),
            tally.open,
            tally.red,
        )
        return CommonGround(self.round, self.parties, tuple(rows), summary, self.tabled_only)


def _summary(parties: tuple[str, ...], rows: Iterable[IssueGround], tally: _Tally) -> GroundSummary:
    blocking = dict.fromkeys(parties, 0)
    for row in rows:
        for party in row.blockers:
            blocking[party] += 1
    index, mean_gap = tally.figures()
    return GroundSummary(
        tuple(tally.counts.items()),
        index,
        mean_gap,
        tuple(blocking.items()),
        tally.open,
        tally.red,
    )


def common_ground(
    memoranda: Sequence[Memorandum],
    agenda: Negotiation | Iterable[Issue],
    *,
    outcomes: Iterable[Outcome] = (),
) -> CommonGround:
    """The common ground of several parties' memoranda on a shared agenda.

    Each issue that any memorandum addresses, as offered or in any option, gets a
    [`GroundStatus`][negpos.GroundStatus], the joint gap, the n-way zone (the outcomes every
    party accepts), the largest groups of parties that share a zone, and the blockers; the
    summary counts the statuses and gives the common-ground index (see
    [`GroundSummary`][negpos.GroundSummary]). Each memorandum is read as offered: its main
    positions with, for each group of alternatives, the option that leaves the fewest issues
    unresolved against the others' main positions. For a negotiation's own parties use
    [`Negotiation.common`][negpos.Negotiation.common].

    Args:
        memoranda: Two or more memoranda, of different parties, in the order the result
            lists the parties.
        agenda: The issues, in order, or a [`Negotiation`][negpos.Negotiation] whose agenda
            to use.
        outcomes: Outcomes agreed at the table. Each one that names an issue, types its
            stance and lists every party (or no parties) settles its issue (see
            [`GroundStatus`][negpos.GroundStatus]).

    Returns:
        The common ground, with issues in agenda order.

    Raises:
        InputError: A memorandum or an outcome does not fit the agenda, or the agenda repeats
            an issue.
        UsageError: Fewer than two memoranda, two of one party, or an argument of the wrong
            type.

    Examples:
        >>> import negpos
        >>> truce = negpos.BooleanIssue(id="truce", title="Truce")
        >>> def memo(party, *accepts):
        ...     stance = negpos.BooleanStance(accepts=accepts)
        ...     return negpos.Memorandum(
        ...         party=party, positions=(negpos.Position(issue="truce", stance=stance),)
        ...     )
        >>> ground = negpos.common_ground(
        ...     [memo("a", True), memo("b", True, False), memo("c", False)], [truce]
        ... )
        >>> row = ground.issue("truce")
        >>> row.status.value, row.largest, row.blockers
        ('gap', (('a', 'b'), ('b', 'c')), ())
    """
    from negpos._analysis.compare import _check

    memos = check_memoranda(memoranda, "memoranda", least=2)
    issues: Sequence[Issue] = agenda_of(agenda)
    unchecked = [(f"memoranda[{k}]", m) for k, m in enumerate(memos)]
    if isinstance(agenda, Negotiation):
        own = {id(m) for rnd in agenda.rounds for m in rnd.memoranda}
        unchecked = [(field, m) for field, m in unchecked if id(m) not in own]
    agreed = tuple(outcomes)
    if unchecked or agreed:
        _check(issues, unchecked, agreed)
    settled = settlements_of(agreed, (m.party for m in memos))
    return common_of(memos, issues, settled=settled)


def common_in(
    negotiation: Negotiation,
    parties: Iterable[str] | None = None,
    *,
    round_id: str | None = None,
    tabled_only: bool = False,
) -> CommonGround:
    """The common ground of parties of a negotiation at one round.

    The implementation of [`Negotiation.common`][negpos.Negotiation.common], whose
    documentation gives the defaults and the errors. Outcomes agreed by every one of the
    parties at or before the round settle their issues.
    """
    rnd, memos, settled = ground_inputs(
        negotiation, parties, round_id=round_id, tabled_only=tabled_only, what="a common ground"
    )
    return common_of(
        memos, negotiation.issues, round_id=rnd, tabled_only=tabled_only, settled=settled
    )


def ground_inputs(
    negotiation: Negotiation,
    parties: Iterable[str] | None,
    *,
    round_id: str | None,
    tabled_only: bool,
    what: str,
) -> tuple[str, tuple[Memorandum, ...], Mapping[str, Settlement]]:
    """What a common ground of a negotiation's parties reads: the round, memoranda, settlements.

    The defaults are those of [`Negotiation.common`][negpos.Negotiation.common].

    Args:
        negotiation: The negotiation.
        parties: The parties' ids, or None for every party holding positions at the round.
        round_id: The round's id, or None for the default round.
        tabled_only: Read only what each party tabled in the round.
        what: The analysis, for error messages ("a common ground").

    Returns:
        The round's id, one memorandum per party in order, and the issues every party
        settled at the table by then.
    """
    named = party_list(negotiation, parties, what=what)
    if round_id is not None:
        rnd = round_of(negotiation, round_id, "")
    elif not tabled_only:
        if not negotiation.rounds:
            raise NotFoundError("the negotiation has no rounds")
        rnd = negotiation.rounds[-1].id
    elif named is not None:
        rnd = latest_shared_round(negotiation, named).id
    else:
        rnd = _latest_with_two(negotiation)
    if named is None:
        named = holding(negotiation, rnd, tabled_only=tabled_only)
        if len(named) < 2:
            raise UsageError(
                f"{what} needs at least 2 parties holding positions at round "
                f"{rnd!r}; {len(named)} do"
            )
    memos = tuple(side_positions(negotiation, p, rnd, tabled_only=tabled_only) for p in named)
    return rnd, memos, settlements(negotiation, named, rnd)


def _latest_with_two(negotiation: Negotiation) -> str:
    for rnd in reversed(negotiation.rounds):
        if sum(1 for m in rnd.memoranda if m.positions or m.alternatives) >= 2:
            return rnd.id
    raise NotFoundError("no round has positions tabled by two parties")
