"""A common ground read again only where some positions change, for the scenarios.

``GroundPatch`` is built once from a baseline's memoranda; ``after`` gives the common ground
with some main positions replaced, reading again only the issues they are on and the rows
whose positions carry conditions, so that the work does not grow with the agenda.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from negpos._analysis.common.ground import _ground, _summary
from negpos._analysis.common.reading import _Reader, _Tally
from negpos._analysis.common.results import CommonGround, GroundSummary
from negpos._analysis.settled import Settlement
from negpos._analysis.sides import main_side
from negpos._model.documents import Memorandum, Position
from negpos._model.issues import Issue

__all__ = ["GroundPatch"]


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
