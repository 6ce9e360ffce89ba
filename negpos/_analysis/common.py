"""Common ground of many parties: per issue, the outcomes all accept, and who blocks the rest.

[`common_ground`][negpos.common_ground] and
[`Negotiation.common`][negpos.Negotiation.common] put any number of parties side by side on
the agenda. Each issue that any of them addresses gets an
[`IssueGround`][negpos.IssueGround]: the n-way zone (the outcomes every party accepts), the
joint gap, the largest groups of parties that share a zone and the parties outside every such
group (the blockers). The [`GroundSummary`][negpos.GroundSummary] counts the statuses and
gives an index that, for two parties, is the pairwise compatibility index. The per-kind rules
live in ``negpos._analysis.joint``.
"""

from __future__ import annotations

import enum
import functools
import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, ClassVar

import attrs

from negpos._analysis.joint import joint_magnitude, joint_zone, largest_groups
from negpos._analysis.kinds import assessor
from negpos._analysis.renderable import Renderable
from negpos._analysis.rows import Criterion, IssueRows, issue_criteria, row_index
from negpos._analysis.sides import (
    check_memoranda,
    holding,
    main_positions,
    party_list,
    round_of,
    side_positions,
)
from negpos._errors import NotFoundError, UsageError, excerpt
from negpos._model.documents import Memorandum, Position
from negpos._model.issues import Issue, Kind
from negpos._model.negotiation import Negotiation
from negpos._model.selection import agenda_of, latest_shared_round
from negpos._model.stances import Stance

__all__ = [
    "CommonGround",
    "GroundStatus",
    "GroundSummary",
    "IssueGround",
    "common_ground",
    "common_in",
    "common_of",
]


class GroundStatus(enum.StrEnum):
    """How the positions of many parties on one issue relate.

    - ``identical``: every party addresses the issue and all accept exactly the same outcomes;
    - ``overlap``: every party addresses it and some outcome is acceptable to all (the
      n-way zone), though their accepted sets differ;
    - ``gap``: every party addresses it and no outcome is acceptable to all;
    - ``partial``: some parties are silent on it (silence is not agreement);
    - ``uncomparable``: a text issue, which is never compared.
    """

    IDENTICAL = "identical"
    OVERLAP = "overlap"
    GAP = "gap"
    PARTIAL = "partial"
    UNCOMPARABLE = "uncomparable"


_CRITERIA = {"status": Criterion(lambda row: row.status, GroundStatus), **issue_criteria()}


def _dump(value: Position | Stance | None) -> dict[str, Any] | None:
    return None if value is None else value.to_dict()


@attrs.frozen
class IssueGround:
    """The positions of many parties on one issue, and what they share.

    Attributes:
        issue: The issue, as the agenda defines it.
        status: How the positions relate.
        parties: Every party of the analysis, in its order.
        positions: Each party's position, in the order of ``parties``; None where it is
            silent.
        magnitude: The joint gap in [0, 1] when every party addresses a comparable issue: 0
            exactly when an outcome is acceptable to all; for two parties the pairwise gap.
            None for ``partial`` and ``uncomparable``.
        largest: The largest groups of the parties that address the issue whose positions
            share a zone, each in the order of ``parties``; empty for ``uncomparable``.
        red_lines: On a gap, the parties whose position is a red line.
        exact: False when ``largest`` holds one maximal group found greedily instead of every
            largest group: on a sequence issue torn by so many parties that the exact search
            would pass its budget (see docs/concepts.md).
    """

    issue: Issue
    status: GroundStatus
    parties: tuple[str, ...]
    positions: tuple[Position | None, ...]
    magnitude: float | None
    largest: tuple[tuple[str, ...], ...]
    red_lines: tuple[str, ...] = ()
    exact: bool = True

    @functools.cached_property
    def zone(self) -> Stance | None:
        """The outcomes every party accepts, as a stance of the issue's kind (n-way zone).

        None unless the status is ``identical`` or ``overlap``; computed on first access.
        """
        if self.status is not GroundStatus.IDENTICAL and self.status is not GroundStatus.OVERLAP:
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
        without it, or with it in place of another.
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
        }


@attrs.frozen
class GroundSummary:
    """The figures of a common ground at a glance.

    Attributes:
        counts: How many issues have each status, for every status in ``GroundStatus`` order.
        index: The common-ground index over the issues every party addresses and the kinds
            can compare: the mean of ``1 - magnitude`` (the joint gap) weighted by the mean
            of all parties' saliences on the issue. 1 means an n-way zone on every such
            issue; for two parties it equals the pairwise compatibility index. When every
            weight is 0 each issue counts equally; None when there is no such issue.
        mean_gap: The plain mean of the joint gaps over the same issues; None when there is
            no such issue.
        blocking: For each party, in the analysis' order, on how many issues it is a
            blocker (it addresses the issue and belongs to none of the largest groups that
            share a zone).
    """

    counts: tuple[tuple[GroundStatus, int], ...]
    index: float | None
    mean_gap: float | None
    blocking: tuple[tuple[str, int], ...]

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
        }


@attrs.frozen
class CommonGround(IssueRows[IssueGround], Renderable):
    """Many parties' positions put side by side, issue by issue.

    ``rows`` holds one [`IssueGround`][negpos.IssueGround] per agenda issue that any party
    addresses, in agenda order; ``issue(id)`` finds one and ``where`` filters them by
    ``status`` (a [`GroundStatus`][negpos.GroundStatus]), ``category`` or ``kind``.

    Attributes:
        round: The round at which the parties are read, if there is one.
        parties: The parties, in the order of the analysis.
        rows: One row per issue that any party addresses, in agenda order.
        summary: Counts, the common-ground index and who blocks how often.
        tabled_only: Whether only what was tabled in the round was read, rather than the
            positions standing at that round.
    """

    round: str | None
    parties: tuple[str, ...]
    rows: tuple[IssueGround, ...]
    summary: GroundSummary
    tabled_only: bool = False
    criteria: ClassVar[Mapping[str, Criterion]] = _CRITERIA
    _by_issue = row_index()

    @property
    def shared(self) -> tuple[IssueGround, ...]:
        """The issues with an n-way zone (``identical`` or ``overlap``), in agenda order."""
        return self.where(status=(GroundStatus.IDENTICAL, GroundStatus.OVERLAP))

    def to_dict(self) -> dict[str, Any]:
        """The common ground as JSON-ready data."""
        return {
            "round": self.round,
            "parties": list(self.parties),
            "tabled_only": self.tabled_only,
            "summary": self.summary.to_dict(),
            "rows": [row.to_dict() for row in self.rows],
        }


_RULES = {kind: assessor(kind) for kind in Kind}


def _ground(
    issue: Issue, parties: tuple[str, ...], positions: tuple[Position | None, ...]
) -> IssueGround:
    present = [(a, p) for a, p in zip(parties, positions, strict=True) if p is not None]
    rule = _RULES[issue.kind]
    if rule is None:
        return IssueGround(issue, GroundStatus.UNCOMPARABLE, parties, positions, None, ())
    stances = [p.stance for _, p in present]
    if len(present) == len(parties):
        gap = joint_magnitude(issue, stances)
        if gap == 0.0:
            first = stances[0]
            same = all(rule(issue, first, s)[1] for s in stances[1:])
            status = GroundStatus.IDENTICAL if same else GroundStatus.OVERLAP
            return IssueGround(issue, status, parties, positions, 0.0, (parties,))
        red = tuple(a for a, p in present if p.red_line)
        groups, exact = _groups(issue, present, stances)
        return IssueGround(issue, GroundStatus.GAP, parties, positions, gap, groups, red, exact)
    groups, exact = _groups(issue, present, stances)
    return IssueGround(issue, GroundStatus.PARTIAL, parties, positions, None, groups, (), exact)


def _groups(
    issue: Issue, present: list[tuple[str, Position]], stances: Sequence[Stance]
) -> tuple[tuple[tuple[str, ...], ...], bool]:
    found, exact = largest_groups(issue, stances)
    return tuple(tuple(present[k][0] for k in group) for group in found), exact


def common_of(
    memoranda: Sequence[Memorandum],
    issues: Sequence[Issue],
    *,
    round_id: str | None = None,
    tabled_only: bool = False,
) -> CommonGround:
    """The common ground of memoranda already known to fit the agenda (no checks).

    The work is linear in issues x parties, apart from the search for the largest groups on
    set and sequence issues where parties clash (see ``negpos._analysis.joint``).

    Args:
        memoranda: One memorandum per party, in the analysis' order.
        issues: The agenda, in order.
        round_id: The round the memoranda are read at, for the result.
        tabled_only: Whether they hold only what was tabled, for the result.

    Returns:
        The common ground.
    """
    parties = tuple(m.party for m in memoranda)
    getters = [main_positions(m).get for m in memoranda]
    rows: list[IssueGround] = []
    for issue in issues:
        iid = issue.id
        positions = tuple(get(iid) for get in getters)
        if all(p is None for p in positions):
            continue
        rows.append(_ground(issue, parties, positions))
    return CommonGround(round_id, parties, tuple(rows), _summary(parties, rows), tabled_only)


def _summary(parties: tuple[str, ...], rows: Iterable[IssueGround]) -> GroundSummary:
    counts = dict.fromkeys(GroundStatus, 0)
    blocking = dict.fromkeys(parties, 0)
    weights: list[float] = []
    scores: list[float] = []
    gaps: list[float] = []
    for row in rows:
        counts[row.status] += 1
        for party in row.blockers:
            blocking[party] += 1
        m = row.magnitude
        if m is None:
            continue
        w = math.fsum(p.salience for p in row.positions if p is not None) / len(parties)
        weights.append(w)
        scores.append(w * (1.0 - m))
        gaps.append(m)
    index = mean_gap = None
    if gaps:
        mean_gap = math.fsum(gaps) / len(gaps)
        total = math.fsum(weights)
        index = math.fsum(scores) / total if total > 0 else 1.0 - mean_gap
    return GroundSummary(tuple(counts.items()), index, mean_gap, tuple(blocking.items()))


def common_ground(
    memoranda: Sequence[Memorandum], agenda: Negotiation | Iterable[Issue]
) -> CommonGround:
    """The common ground of several parties' memoranda on a shared agenda.

    Each issue that any memorandum's main positions address gets a
    [`GroundStatus`][negpos.GroundStatus], the joint gap, the n-way zone (the outcomes every
    party accepts), the largest groups of parties that share a zone, and the blockers; the
    summary counts the statuses and gives the common-ground index (see
    [`GroundSummary`][negpos.GroundSummary]). For a negotiation's own parties use
    [`Negotiation.common`][negpos.Negotiation.common].

    Args:
        memoranda: Two or more memoranda, of different parties, in the order the result
            lists the parties.
        agenda: The issues, in order, or a [`Negotiation`][negpos.Negotiation] whose agenda
            to use.

    Returns:
        The common ground, with issues in agenda order.

    Raises:
        InputError: A memorandum does not fit the agenda, or the agenda repeats an issue.
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
    if unchecked:
        _check(issues, unchecked)
    return common_of(memos, issues)


def common_in(
    negotiation: Negotiation,
    parties: Iterable[str] | None = None,
    *,
    round_id: str | None = None,
    tabled_only: bool = False,
) -> CommonGround:
    """The common ground of parties of a negotiation at one round.

    The implementation of [`Negotiation.common`][negpos.Negotiation.common], whose
    documentation gives the defaults and the errors.
    """
    named = party_list(negotiation, parties, what="a common ground")
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
                f"a common ground needs at least 2 parties holding positions at round "
                f"{rnd!r}; {len(named)} do"
            )
    memos = [side_positions(negotiation, p, rnd, tabled_only=tabled_only) for p in named]
    return common_of(memos, negotiation.issues, round_id=rnd, tabled_only=tabled_only)


def _latest_with_two(negotiation: Negotiation) -> str:
    for rnd in reversed(negotiation.rounds):
        if sum(1 for m in rnd.memoranda if m.positions or m.alternatives) >= 2:
            return rnd.id
    raise NotFoundError("no round has positions tabled by two parties")
