"""Trajectories: how two parties' positions evolve across every round.

[`Negotiation.trajectory`][negpos.Negotiation.trajectory] follows two parties from the first
round at which both hold standing positions to the last round of the negotiation. At each
round it compares their standing positions (the comparison engine's statuses and gaps), and
between consecutive rounds it classifies each side's moves against the other's position in the
earlier round, exactly as [`Negotiation.changes`][negpos.Negotiation.changes] does. It
reports:

- a [`TrajectoryRow`][negpos.TrajectoryRow] for every issue, with a
  [`TrajectoryPoint`][negpos.TrajectoryPoint] for every round: status and gap;
- per party, [`MovementTotals`][negpos.MovementTotals]: how many concessions and hardenings,
  and their salience-weighted sums;
- the [`Convergence`][negpos.Convergence]: the compatibility index and mean gap at each
  round, and least-squares slopes of the index over the rounds and over time.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

import attrs

from negpos._analysis.changes import Movement, changes_between
from negpos._analysis.compare.memoranda import compare_memoranda
from negpos._analysis.comparison import Status
from negpos._analysis.renderable import Renderable
from negpos._analysis.rows import Criterion, IssueRows, issue_criteria, row_index
from negpos._analysis.settled import (
    AgreedOutcome,
    Settlement,
    agreed_in,
    settlements_by_round,
)
from negpos._analysis.withdrawals import Withdrawal, withdrawals_in
from negpos._errors import NotFoundError, excerpt
from negpos._model.documents import Memorandum
from negpos._model.issues import Issue
from negpos._model.negotiation import Negotiation
from negpos._model.reprs import compact_repr, figure, guarded, plural, tag
from negpos._model.selection import resolve_pair
from negpos._model.standing import standing_by_round, tabled

__all__ = [
    "Convergence",
    "ConvergencePoint",
    "MovementTotals",
    "Trajectory",
    "TrajectoryPoint",
    "TrajectoryRow",
    "least_squares_slope",
    "trajectory",
]


@attrs.frozen
class TrajectoryPoint:
    """Two parties' standing positions on one issue at one round.

    Attributes:
        round: The round's id.
        status: How the positions relate (see [`Status`][negpos.Status]); None when
            neither party holds a position on the issue at that round.
        magnitude: The gap magnitude, 0 where compatible, None where nothing can be
            computed (as in [`IssueComparison`][negpos.IssueComparison]).
    """

    round: str
    status: Status | None
    magnitude: float | None

    def to_dict(self) -> dict[str, Any]:
        """The point as JSON-ready data."""
        return {
            "round": self.round,
            "status": None if self.status is None else self.status.value,
            "magnitude": self.magnitude,
        }


@attrs.frozen
class TrajectoryRow:
    """One issue followed across the rounds: its status and gap at each.

    Attributes:
        issue: The issue, as the agenda defines it.
        points: The issue at each round of the trajectory, in order.
    """

    issue: Issue
    points: tuple[TrajectoryPoint, ...]

    @property
    def status(self) -> Status | None:
        """The status at the trajectory's last round (None where neither holds a position)."""
        return self.points[-1].status

    @property
    def magnitude(self) -> float | None:
        """The gap magnitude at the trajectory's last round."""
        return self.points[-1].magnitude

    def at(self, round_id: str) -> TrajectoryPoint:
        """The issue at one round.

        Raises:
            NotFoundError: The trajectory does not follow that round.
        """
        for point in self.points:
            if point.round == round_id:
                return point
        raise NotFoundError(f"the trajectory does not follow round {excerpt(round_id)}")

    def to_dict(self) -> dict[str, Any]:
        """The row as JSON-ready data."""
        return {
            "issue": self.issue.id,
            "title": self.issue.title,
            "kind": self.issue.kind.value,
            "category": self.issue.category,
            "points": [p.to_dict() for p in self.points],
        }

    @guarded
    def __repr__(self) -> str:
        """``<TrajectoryRow issue: N rounds>``, on one line."""
        return tag("TrajectoryRow", f"{self.issue.id}: {plural(len(self.points), 'round')}")


_CRITERIA = {
    "status": Criterion(
        lambda row: row.status,
        Status,
        aliases={"agreed": (Status.IDENTICAL, Status.SAME_PREFERENCE)},
    ),
    **issue_criteria(),
}


@attrs.frozen
class MovementTotals:
    """One party's moves summed over every step of a trajectory.

    Each step runs from one round of the trajectory to the next; the party's moves are
    measured against the other party's standing positions at the earlier round.

    Attributes:
        party: The party's id.
        counterpart: The other party's id, the reference at every step.
        counts: How many moves of each kind, for every movement in ``Movement`` order,
            summed over the steps.
        concessions: The number of concessions.
        hardenings: The number of hardenings.
        concession_weight: The sum, over the concessions, of the party's salience on the
            issue in the earlier round of the step: how much what it gave up mattered to it
            when it moved.
        hardening_weight: The same sum over the hardenings.
    """

    party: str
    counterpart: str
    counts: tuple[tuple[Movement, int], ...]
    concessions: int
    hardenings: int
    concession_weight: float
    hardening_weight: float

    @property
    def net_weight(self) -> float:
        """``concession_weight - hardening_weight``: positive when the party gave ground."""
        return self.concession_weight - self.hardening_weight

    def to_dict(self) -> dict[str, Any]:
        """The totals as JSON-ready data."""
        return {
            "party": self.party,
            "counterpart": self.counterpart,
            "counts": {m.value: n for m, n in self.counts},
            "concessions": self.concessions,
            "hardenings": self.hardenings,
            "concession_weight": self.concession_weight,
            "hardening_weight": self.hardening_weight,
            "net_weight": self.net_weight,
        }

    __repr__ = compact_repr


@attrs.frozen
class ConvergencePoint:
    """The summary figures of two parties' standing positions at one round.

    Attributes:
        round: The round's id.
        date: The round's date.
        compatibility: The salience-weighted compatibility index (see
            [`Summary`][negpos.Summary]); None when no issue is comparable.
        mean_gap: The mean gap magnitude over the comparable issues; None likewise.
    """

    round: str
    date: dt.date
    compatibility: float | None
    mean_gap: float | None

    def to_dict(self) -> dict[str, Any]:
        """The point as JSON-ready data."""
        return {
            "round": self.round,
            "date": self.date.isoformat(),
            "compatibility": self.compatibility,
            "mean_gap": self.mean_gap,
        }


@attrs.frozen
class Convergence:
    """Whether two parties come closer over the rounds.

    Both slopes are ordinary least-squares fits of the compatibility index on the points
    where it is defined; a positive slope means the parties converge.

    Attributes:
        points: The figures at each round of the trajectory, in order.
        slope_per_round: The index's change per round, against the round's position in the
            trajectory (0, 1, 2...); None with fewer than two defined points.
        slope_per_day: The index's change per day, against the round's date; None with
            fewer than two defined points on different dates.
    """

    points: tuple[ConvergencePoint, ...]
    slope_per_round: float | None
    slope_per_day: float | None

    def to_dict(self) -> dict[str, Any]:
        """The convergence as JSON-ready data."""
        return {
            "points": [p.to_dict() for p in self.points],
            "slope_per_round": self.slope_per_round,
            "slope_per_day": self.slope_per_day,
        }

    @guarded
    def __repr__(self) -> str:
        """``<Convergence over N rounds: slope …>``, on one line."""
        return tag(
            "Convergence",
            f"over {plural(len(self.points), 'round')}: "
            f"slope {figure(self.slope_per_round)} a round",
        )


@attrs.frozen
class Trajectory(IssueRows[TrajectoryRow], Renderable):
    """Two parties followed across the rounds: gaps per issue and round, moves, convergence.

    ``rows`` holds one [`TrajectoryRow`][negpos.TrajectoryRow] per issue, each with its
    status at every round; ``issue(id)`` finds one, and ``where`` filters them by
    ``status`` (at the last round), ``category`` or ``kind``, such as
    ``trajectory.where(status="gap")`` for the issues still in gap at the end.

    Attributes:
        party_a: The first party's id.
        party_b: The second party's id.
        rounds: The ids of the rounds followed: from the first at which both parties hold
            standing positions to the negotiation's last, in order.
        rows: One row per issue either party addresses at some round followed, in agenda
            order.
        totals: The movement totals of ``party_a`` and then of ``party_b``.
        convergence: The figures per round and the slopes.
        withdrawals: The positions either party withdrew at a round followed, round by
            round.
        agreed: The outcomes both parties agreed at the table at a round followed (or
            before the first), round by round; the issues they settle show as ``settled``
            from that round on.
    """

    party_a: str
    party_b: str
    rounds: tuple[str, ...]
    rows: tuple[TrajectoryRow, ...]
    totals: tuple[MovementTotals, MovementTotals]
    convergence: Convergence
    withdrawals: tuple[Withdrawal, ...] = ()
    agreed: tuple[AgreedOutcome, ...] = ()
    criteria: ClassVar[Mapping[str, Criterion]] = _CRITERIA
    _by_issue = row_index()

    def totals_of(self, party: str) -> MovementTotals:
        """The movement totals of ``party``.

        Raises:
            NotFoundError: ``party`` is neither of the trajectory's parties.
        """
        for t in self.totals:
            if t.party == party:
                return t
        raise NotFoundError(f"the trajectory does not follow {excerpt(party)}")

    def to_dict(self) -> dict[str, Any]:
        """The whole trajectory as JSON-ready data, in a deterministic order."""
        return {
            "party_a": self.party_a,
            "party_b": self.party_b,
            "rounds": list(self.rounds),
            "rows": [r.to_dict() for r in self.rows],
            "totals": [t.to_dict() for t in self.totals],
            "convergence": self.convergence.to_dict(),
            "withdrawals": [w.to_dict() for w in self.withdrawals],
            "agreed": [o.to_dict() for o in self.agreed],
        }

    @guarded
    def __repr__(self) -> str:
        """``<Trajectory a–b over N rounds (first → last): N issues; index … → …>``."""
        points = self.convergence.points
        index = ""
        if points:
            index = (
                f"; index {figure(points[0].compatibility)} → {figure(points[-1].compatibility)}"
            )
        span = f" ({self.rounds[0]} → {self.rounds[-1]})" if self.rounds else ""
        return tag(
            "Trajectory",
            f"{self.party_a}–{self.party_b} over {plural(len(self.rounds), 'round')}{span}: "
            f"{plural(len(self.rows), 'issue')}{index}",
        )


def least_squares_slope(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """The slope of the ordinary least-squares line through the points ``(xs, ys)``.

    Args:
        xs: The abscissae.
        ys: The ordinates, as many as ``xs``.

    Returns:
        ``sum((x - mean_x)(y - mean_y)) / sum((x - mean_x)^2)``; None with fewer than two
        points or when every x is the same.

    Examples:
        >>> round(least_squares_slope([0, 1, 2], [0.2, 0.4, 0.6]), 6)
        0.2
    """
    if len(xs) != len(ys):
        raise ValueError("xs and ys must have the same length")
    if len(xs) < 2:
        return None
    mx = math.fsum(xs) / len(xs)
    my = math.fsum(ys) / len(ys)
    sxx = math.fsum((x - mx) ** 2 for x in xs)
    if sxx == 0:
        return None
    sxy = math.fsum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    return sxy / sxx


def _totals(
    issues: Sequence[Issue],
    party: str,
    counterpart: str,
    mine: Sequence[Memorandum],
    theirs: Sequence[Memorandum],
) -> MovementTotals:
    counts = dict.fromkeys(Movement, 0)
    weights = {Movement.CONCESSION: [0.0], Movement.HARDENING: [0.0]}
    for k in range(len(mine) - 1):
        step = changes_between(mine[k], mine[k + 1], theirs[k], issues, counterpart=counterpart)
        for item in step.rows:
            counts[item.movement] += 1
            if item.movement in weights:
                assert item.before is not None
                weights[item.movement].append(item.before.salience)
    return MovementTotals(
        party=party,
        counterpart=counterpart,
        counts=tuple(counts.items()),
        concessions=counts[Movement.CONCESSION],
        hardenings=counts[Movement.HARDENING],
        concession_weight=math.fsum(weights[Movement.CONCESSION]),
        hardening_weight=math.fsum(weights[Movement.HARDENING]),
    )


def trajectory(negotiation: Negotiation, a: str | None = None, b: str | None = None) -> Trajectory:
    """Follow two parties across the rounds.

    The implementation of [`Negotiation.trajectory`][negpos.Negotiation.trajectory], whose
    documentation gives the defaults and the errors. The trajectory runs from the first
    round at which both parties hold standing positions (a position or a group of
    alternatives) to the last round.
    """
    a, b = resolve_pair(negotiation, a, b, what="a trajectory")
    rounds: list[str] = []
    dates: list[dt.date] = []
    held_a: list[Memorandum] = []
    held_b: list[Memorandum] = []
    settled: list[Mapping[str, Settlement]] = []
    for rnd, memo_a, memo_b, agreed in zip(
        negotiation.rounds,
        standing_by_round(negotiation, a),
        standing_by_round(negotiation, b),
        settlements_by_round(negotiation, (a, b)),
        strict=True,
    ):
        if not rounds and not (tabled(memo_a) and tabled(memo_b)):
            continue
        rounds.append(rnd.id)
        dates.append(rnd.date)
        held_a.append(memo_a)
        held_b.append(memo_b)
        settled.append(agreed)
    if not rounds:
        raise NotFoundError(f"{excerpt(a)} and {excerpt(b)} never hold positions at the same round")

    issues = negotiation.issues
    addressed: set[str] = set()
    statuses: list[dict[str, tuple[Status, float | None]]] = []
    points: list[ConvergencePoint] = []
    for k, round_id in enumerate(rounds):
        comparison = compare_memoranda(held_a[k], held_b[k], issues, settled[k])
        found = {c.issue.id: (c.status, c.magnitude) for c in comparison.rows}
        addressed.update(found)
        statuses.append(found)
        summary = comparison.summary
        points.append(ConvergencePoint(round_id, dates[k], summary.compatibility, summary.mean_gap))
    rows = tuple(
        TrajectoryRow(
            issue,
            tuple(
                TrajectoryPoint(round_id, *statuses[k].get(issue.id, (None, None)))
                for k, round_id in enumerate(rounds)
            ),
        )
        for issue in issues
        if issue.id in addressed
    )

    defined = [(k, p) for k, p in enumerate(points) if p.compatibility is not None]
    index = [p.compatibility for _, p in defined if p.compatibility is not None]
    first = dates[0]
    convergence = Convergence(
        points=tuple(points),
        slope_per_round=least_squares_slope([float(k) for k, _ in defined], index),
        slope_per_day=least_squares_slope(
            [float((p.date - first).days) for _, p in defined], index
        ),
    )
    totals = (
        _totals(issues, a, b, held_a, held_b),
        _totals(issues, b, a, held_b, held_a),
    )
    followed = set(rounds)
    withdrawn = tuple(w for w in withdrawals_in(negotiation, (a, b)) if w.round in followed)
    outcomes = agreed_in(negotiation, (a, b), after=None, through=rounds[-1], every=True)
    return Trajectory(a, b, tuple(rounds), rows, totals, convergence, withdrawn, outcomes)
