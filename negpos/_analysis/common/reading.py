"""The reading of every party on the agenda, issue by issue, before the groups are searched.

The hot path of a common ground: ``_Reader`` assesses each issue into a cheap ``_Row``
(status, joint gap, red lines), applies the outcomes settled at the table and the conditions
(a row that turns ``conditional`` sends the rows that depend on it back to be checked), and
reads again only the rows that change when one party's positions do. ``_Tally`` keeps the
running sums behind the index, so that a row can be taken out exactly.
"""

from __future__ import annotations

import math
from collections import ChainMap
from collections.abc import Iterable, Mapping, MutableMapping, Sequence

from negpos._analysis.common.issue import (
    _COMPATIBLE,
    _CONDITIONAL,
    _GAP,
    _IDENTICAL,
    _OPEN,
    _OTHER_OPTION,
    _OVERLAP,
    _PARTIAL,
    _SETTLED,
    _UNCOMPARABLE,
    GroundStatus,
)
from negpos._analysis.joint import joint_magnitude
from negpos._analysis.kinds import assessor, contains
from negpos._analysis.settled import Settlement
from negpos._analysis.sides import Side
from negpos._model.documents import Condition, Position
from negpos._model.issues import Issue, Kind

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
