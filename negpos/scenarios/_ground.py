"""Scenarios with many parties: "what if" some of them moved, read on their common ground.

A [`GroundBaseline`][negpos.scenarios.GroundBaseline] holds what two or more parties hold at a
round and their [`CommonGround`][negpos.CommonGround]; a
[`GroundScenario`][negpos.scenarios.GroundScenario] applies moves to it and carries the new
common ground and how its figures changed. [`explore`][negpos.scenarios.explore] searches
one as it searches a pair, with the same goals: on a common ground "compatible" means an
outcome every party accepts (``settled``, ``identical`` or ``overlap``), and a red line in
conflict is a gap on which some party holds one.

A move by one party on an issue in gap is proposed towards each party it clashes with, as
[`candidates`][negpos.scenarios.candidates] proposes it towards a counterpart: accept what
the other accepts, widen a range just enough to meet the other's, drop a conflicting
requirement, prohibition or constraint, relax a red line, adopt the other's stance.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from types import MappingProxyType
from typing import ClassVar

import attrs

from negpos._analysis.common import (
    CommonGround,
    GroundPatch,
    GroundStatus,
    IssueGround,
    common_of,
    ground_inputs,
)
from negpos._analysis.kinds import assess
from negpos._analysis.settled import Settlement
from negpos._analysis.sides import check_memoranda
from negpos._model.documents import Memorandum, Position
from negpos._model.issues import Issue, Kind
from negpos._model.negotiation import Negotiation
from negpos._model.reprs import counted, figure, guarded, plural, tag
from negpos._model.selection import agenda_of
from negpos.scenarios._baseline import Changes, Holding, Moved, concessions, difference
from negpos.scenarios._moves import AdoptStance, CostFunction, Move, RelaxRedLine

__all__ = ["GroundBaseline", "GroundDelta", "GroundScenario", "ground_candidates"]


def ground_candidates(
    row: IssueGround, movers: Iterable[str] | None = None, *, partial: bool = False
) -> list[Move]:
    """The moves by each party that would narrow or close a gap among many parties.

    For each party in the row's order (only ``movers`` when given), towards each other
    party whose position it clashes with, in order: the concessions
    [`candidates`][negpos.scenarios.candidates] proposes towards a counterpart; then relaxing
    its red line; then adopting each such party's stance. A move proposed towards two
    parties (the same stance held by both) is listed once, towards the first.

    Args:
        row: One issue of a common ground.
        movers: The parties that may move; None for every party.
        partial: Also propose widening a range part of the way.

    Returns:
        The moves, in a deterministic order; none unless the row is a ``gap``.
    """
    if row.status is not GroundStatus.GAP or row.issue.kind is Kind.TEXT:
        return []
    issue = row.issue
    allowed = None if movers is None else set(movers)
    held = [(a, p) for a, p in zip(row.parties, row.positions, strict=True) if p is not None]
    found: dict[Move, None] = {}
    for me, mine in held:
        if allowed is not None and me not in allowed:
            continue
        clashing: list[tuple[str, Position]] = []
        for them, theirs in held:
            if them == me:
                continue
            ok, _, _, conflicts = assess(issue, mine.stance, theirs.stance)
            if ok:
                continue
            clashing.append((them, theirs))
            given = concessions(issue, me, mine.stance, theirs.stance, conflicts, partial=partial)
            found.update(dict.fromkeys(given))
        if not clashing:
            continue
        if mine.red_line:
            found[RelaxRedLine(me, issue.id)] = None
        adopted: list[object] = []
        for them, theirs in clashing:
            # Two parties holding the same stance offer one move: adopt it (the first's).
            if theirs.stance != mine.stance and theirs.stance not in adopted:
                adopted.append(theirs.stance)
                found[AdoptStance(me, issue.id, theirs.stance, of=them)] = None
    return list(found)


@attrs.frozen
class GroundBaseline(Holding):
    """What two or more parties hold at a round, before any move, and their common ground.

    Build one with [`GroundBaseline.of`][negpos.scenarios.GroundBaseline.of] from a
    negotiation, or with
    [`GroundBaseline.of_memoranda`][negpos.scenarios.GroundBaseline.of_memoranda].

    Attributes:
        issues: The agenda, in order.
        memoranda: One memorandum per party, in the analysis' order.
        ground: The common ground of the memoranda.
        names: Display names of the parties, as ``(id, name)`` pairs.
        round: The id of the round, where there is one.
        round_label: The round's name for reports, where there is one.
        round_date: The round's date, where there is one.
        settled: The issues every party settled at the table, by id.
        tabled_only: Whether the memoranda hold only what was tabled in the round.
    """

    issues: tuple[Issue, ...] = attrs.field(repr=False)
    memoranda: tuple[Memorandum, ...] = attrs.field(repr=False)
    ground: CommonGround = attrs.field(repr=False, eq=False)
    names: tuple[tuple[str, str], ...] = ()
    round: str | None = None
    round_label: str | None = None
    round_date: datetime.date | None = None
    settled: Mapping[str, Settlement] = attrs.field(factory=dict, repr=False, eq=False)
    tabled_only: bool = False
    _by_id: Mapping[str, Issue] = attrs.field(init=False, repr=False, eq=False)
    _patch: GroundPatch | None = attrs.field(init=False, repr=False, eq=False, default=None)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_by_id", MappingProxyType({i.id: i for i in self.issues}))

    @classmethod
    def of(
        cls,
        negotiation: Negotiation,
        parties: Iterable[str] | None = None,
        *,
        round_id: str | None = None,
        tabled_only: bool = False,
    ) -> GroundBaseline:
        """The positions two or more parties of a negotiation hold at a round.

        Args:
            negotiation: The negotiation.
            parties: The parties' ids, in the order reports list them; None for every
                party holding positions at the round.
            round_id: The round's id; by default the round
                [`Negotiation.common`][negpos.Negotiation.common] reads.
            tabled_only: Use only what each party tabled in that round.

        Returns:
            The baseline; its ``ground`` equals ``negotiation.common(parties, ...)``.

        Raises:
            UsageError: Fewer than two parties, or one named twice.
            NotFoundError: A party or the round does not exist.

        Examples:
            >>> import negpos
            >>> from negpos.scenarios import GroundBaseline
            >>> base = GroundBaseline.of(
            ...     negpos.bundled(), ["ru", "ua", "us"], round_id="us-28-points"
            ... )
            >>> base.parties, base.ground.summary.count("gap")
            (('ru', 'ua', 'us'), 10)
        """
        rnd, memos, settled = ground_inputs(
            negotiation, parties, round_id=round_id, tabled_only=tabled_only, what="a scenario"
        )
        found = negotiation.round(rnd)
        chosen = {m.party for m in memos}
        return cls(
            negotiation.issues,
            memos,
            common_of(
                memos, negotiation.issues, round_id=rnd, tabled_only=tabled_only, settled=settled
            ),
            tuple((p.id, p.name) for p in negotiation.parties if p.id in chosen),
            rnd,
            found.label,
            found.date,
            settled,
            tabled_only,
        )

    @classmethod
    def of_memoranda(
        cls,
        memoranda: Sequence[Memorandum],
        agenda: Negotiation | Iterable[Issue],
        *,
        names: Mapping[str, str] | None = None,
    ) -> GroundBaseline:
        """A baseline from memoranda on an agenda, checked as ``common_ground`` checks them.

        Args:
            memoranda: Two or more memoranda of different parties.
            agenda: The issues, or a negotiation whose agenda and party names to use.
            names: Display names of the parties, by id.

        Returns:
            The baseline.

        Raises:
            InputError: A memorandum does not fit the agenda.
            UsageError: Fewer than two memoranda, or two of one party.
        """
        from negpos._analysis.common import common_ground

        memos = tuple(check_memoranda(memoranda, "memoranda", least=2))
        ground = common_ground(memos, agenda)
        issues = tuple(agenda_of(agenda))
        known = dict(names or {})
        if isinstance(agenda, Negotiation):
            known = {p.id: p.name for p in agenda.parties} | known
        rounds = {m.round for m in memos}
        return cls(
            issues,
            memos,
            ground,
            tuple((m.party, known[m.party]) for m in memos if m.party in known),
            rounds.pop() if len(rounds) == 1 else None,
        )

    @property
    def start(self) -> CommonGround:
        """The common ground before any move (``ground``), as every baseline names it."""
        return self.ground

    def _offered(self, party: str, issue_id: str) -> Position | None:
        try:
            return self.ground.issue(issue_id).position(party)
        except LookupError:
            return None

    def candidates(self, *, partial: bool = False) -> tuple[Move, ...]:
        """The moves by any party that would narrow or close a gap, issue by issue.

        Args:
            partial: Also propose widening a range part of the way.

        Returns:
            For every issue with status ``gap``, in agenda order, the moves of
            [`ground_candidates`][negpos.scenarios.ground_candidates].
        """
        found: list[Move] = []
        for row in self.ground.rows:
            found += ground_candidates(row, partial=partial)
        return tuple(found)

    def after(
        self, moved: Mapping[tuple[str, str], Position], *, alternatives: bool = True
    ) -> CommonGround:
        """The common ground once some positions are replaced (see ``memoranda_after``).

        It equals the common ground of ``memoranda_after(moved)``. Only the issues the moves
        touch (and the rows with conditions) are read again, so the cost does not grow with
        the agenda; where a party offers alternatives the whole ground is read again, since
        a move can change which option comes closest. ``alternatives`` is accepted for the
        search's sake and changes nothing.
        """
        if not moved:
            return self.ground
        if not any(m.alternatives for m in self.memoranda):
            patch = self._patch
            if patch is None:
                patch = GroundPatch(
                    self.memoranda,
                    self.issues,
                    round_id=self.round,
                    tabled_only=self.tabled_only,
                    settled=self.settled,
                )
                object.__setattr__(self, "_patch", patch)
            return patch.after(moved)
        return common_of(
            self.memoranda_after(moved),
            self.issues,
            round_id=self.round,
            tabled_only=self.tabled_only,
            settled=self.settled,
        )

    def issue_row(
        self, issue_id: str, moved: Mapping[tuple[str, str], Position]
    ) -> IssueGround | None:
        """One issue read on its own once some positions are replaced, or None.

        Outcomes agreed at the table and conditions are left out: the search uses it to try
        moves on one issue, and checks its answer on the whole common ground.

        Returns:
            The issue's row, or None when no party holds a position on it.
        """
        issue = self.issue(issue_id)
        memos = []
        for party in self.parties:
            held = moved.get((party, issue_id)) or self.position(party, issue_id)
            memos.append(Memorandum(party=party, positions=() if held is None else (held,)))
        rows = common_of(memos, (issue,)).rows
        return rows[0] if rows else None

    def scenario(
        self, moves: Iterable[Move], *, cost: CostFunction | None = None
    ) -> GroundScenario:
        """The moves applied: [`GroundScenario.of`][negpos.scenarios.GroundScenario.of]."""
        return GroundScenario.of(self, moves, cost=cost)

    @guarded
    def __repr__(self) -> str:
        """``<GroundBaseline a, b, c at round: N issues: counts; index …>``, on one line."""
        g = self.ground
        at = f" at {g.round}" if g.round else ""
        return tag(
            "GroundBaseline",
            f"{', '.join(g.parties)}{at}: {plural(g.summary.total, 'issue')}: "
            f"{counted(g.summary.counts)}; index {figure(g.summary.index)}",
        )


@attrs.frozen(repr=False)
class GroundDelta(Changes):
    """How a common ground's figures changed from the baseline to a scenario (after minus before).

    Attributes:
        index: The change of the common-ground index; None where either is None.
        mean_gap: The change of the mean joint gap; None where either is None.
        red_line_conflicts: The change in the number of gaps with a red line.
        counts: The change in the number of issues with each status, in ``GroundStatus``
            order.
    """

    _statuses: ClassVar[type[GroundStatus]] = GroundStatus
    _index: ClassVar[str] = "index"
    index: float | None
    mean_gap: float | None
    red_line_conflicts: int
    counts: tuple[tuple[GroundStatus, int], ...]

    @classmethod
    def between(cls, before: CommonGround, after: CommonGround) -> GroundDelta:
        """The change from ``before`` to ``after``."""
        b, a = before.summary, after.summary
        return cls(
            difference(a.index, b.index),
            difference(a.mean_gap, b.mean_gap),
            a.red_line_count - b.red_line_count,
            tuple((s, a.count(s) - b.count(s)) for s in GroundStatus),
        )

    def count(self, status: GroundStatus | str) -> int:
        """The change in the number of issues with ``status``."""
        return super().count(status)


@attrs.frozen
class GroundScenario(Moved):
    """Moves applied to a baseline of many parties: the new common ground, the cost, the change.

    Attributes:
        base: The baseline the moves apply to.
        moves: The moves, in the order they were applied.
        costs: What each move costs, in the same order.
        ground: The common ground after the moves.
        delta: The change of the figures.
    """

    base: GroundBaseline
    moves: tuple[Move, ...]
    costs: tuple[float, ...]
    ground: CommonGround = attrs.field(eq=False, repr=False)
    delta: GroundDelta

    @classmethod
    def of(
        cls, base: GroundBaseline, moves: Iterable[Move], *, cost: CostFunction | None = None
    ) -> GroundScenario:
        """Apply moves to a baseline of many parties.

        Args:
            base: The baseline.
            moves: The moves; several moves on one party's position apply in this order.
            cost: Prices each move on the mover's position before any move; by default
                [`default_cost`][negpos.scenarios.default_cost].

        Returns:
            The scenario.

        Raises:
            MoveError: A move does not fit its position, or is priced at no cost.
            NotFoundError: A move names a party or issue the baseline does not have.

        Examples:
            >>> import negpos
            >>> from negpos.scenarios import GroundBaseline, GroundScenario, RelaxRedLine
            >>> base = GroundBaseline.of(
            ...     negpos.bundled(), ["ru", "ua", "us"], round_id="us-28-points"
            ... )
            >>> what_if = GroundScenario.of(base, [RelaxRedLine("ua", "security.nato")])
            >>> what_if.cost, what_if.delta.red_line_conflicts
            (0.7, -1)
        """
        chosen = tuple(moves)
        costs = tuple(base.price(m, cost) for m in chosen)
        after = base.after(base.moved_positions(chosen))
        return cls(base, chosen, costs, after, GroundDelta.between(base.ground, after))

    @property
    def before(self) -> CommonGround:
        """The common ground before the moves (the baseline's)."""
        return self.base.ground

    @property
    def after(self) -> CommonGround:
        """The common ground after the moves (``ground``)."""
        return self.ground

    @guarded
    def __repr__(self) -> str:
        """``<GroundScenario a, b, c at round, N moves (cost …): index before → after>``."""
        g = self.ground
        at = f" at {g.round}" if g.round else ""
        return tag(
            "GroundScenario",
            f"{', '.join(g.parties)}{at}, {plural(len(self.moves), 'move')} "
            f"(cost {self.cost:g}): index {figure(self.base.ground.summary.index)} → "
            f"{figure(g.summary.index)}",
        )
