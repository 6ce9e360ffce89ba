"""The rows of one reading of two sides: per-kind statuses, settlements and conditions.

The hot path of a comparison: ``_issue_comparison`` applies the per-kind rules to one issue,
``_settle`` reads an issue both parties settled at the table, ``_apply_conditions`` marks
``conditional`` the rows whose conditions cannot be met (a row that turns sends the rows
that depend on it back to be checked), and ``_read`` makes every row of one reading.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, MutableMapping, Sequence

import attrs

from negpos._analysis.compare.side import _Marks, _Side
from negpos._analysis.comparison import IssueComparison, Status
from negpos._analysis.joint import joint_magnitude
from negpos._analysis.kinds import assessor, contains
from negpos._analysis.settled import Settlement
from negpos._model.documents import Condition, Position
from negpos._model.issues import Issue, Kind

_OVERLAP, _GAP = Status.OVERLAP, Status.GAP
_IDENTICAL, _SAME_PREFERENCE = Status.IDENTICAL, Status.SAME_PREFERENCE
_ONE_SIDED, _UNCOMPARABLE = Status.ONE_SIDED, Status.UNCOMPARABLE
_SETTLED, _CONDITIONAL, _OTHER_OPTION = Status.SETTLED, Status.CONDITIONAL, Status.OTHER_OPTION
_COMPATIBLE = frozenset({_IDENTICAL, _SAME_PREFERENCE, _OVERLAP})
_SET, _SEQUENCE = Kind.SET, Kind.SEQUENCE


_RULES = {kind: assessor(kind) for kind in Kind}


def _issue_comparison(
    issue: Issue,
    a: Position | None,
    b: Position | None,
    party_a: str,
    party_b: str,
    marks: tuple[str, ...],
    since_a: str | None = None,
    since_b: str | None = None,
) -> IssueComparison:
    # The hot path: one call per issue, plain attribute access, no model built.
    if a is None or b is None:
        return IssueComparison(
            issue, _ONE_SIDED, None, a, b, party_a, party_b, (), (), (), marks, since_a, since_b
        )
    rule = _RULES[issue.kind]
    if rule is None:
        return IssueComparison(
            issue, _UNCOMPARABLE, None, a, b, party_a, party_b, (), (), (), marks, since_a, since_b
        )
    sa, sb = a.stance, b.stance
    ok, same, gap, conflicts = rule(issue, sa, sb)
    if ok:
        if same:
            status = _IDENTICAL
        else:
            # A stance's preferred outcome lies inside what it accepts, so an equal stated
            # preference is an outcome both accept.
            preferred = getattr(sa, "preferred", None)
            same = preferred is not None and preferred == getattr(sb, "preferred", None)
            status = _SAME_PREFERENCE if same else _OVERLAP
        return IssueComparison(
            issue, status, 0.0, a, b, party_a, party_b, (), (), (), marks, since_a, since_b
        )
    red = ((party_a,) if a.red_line else ()) + (
        (party_b,) if b.red_line and party_b != party_a else ()
    )
    kind = issue.kind
    items = conflicts if kind is _SET else ()
    constraints = conflicts if kind is _SEQUENCE else ()
    return IssueComparison(
        issue, _GAP, gap, a, b, party_a, party_b, red, items, constraints, marks, since_a, since_b
    )


def _settle(row: IssueComparison, settlement: Settlement) -> IssueComparison:
    """The row of an issue both parties settled at the table."""
    issue, outcome = row.issue, settlement.outcome
    agreed = outcome.stance
    assert agreed is not None
    reneged: list[str] = []
    if issue.kind is not Kind.TEXT:
        later = settlement.later
        for party, position, since in (
            (row.party_a, row.position_a, row.since_a),
            (row.party_b, row.position_b, row.since_b),
        ):
            if position is None or party in reneged:
                continue
            if later is not None and since not in later:
                continue
            if not contains(issue, position.stance, agreed):
                reneged.append(party)
    return attrs.evolve(
        row,
        status=_SETTLED,
        magnitude=0.0,
        red_lines=(),
        conflicting_items=(),
        conflicting_constraints=(),
        outcome=outcome,
        settled_in=settlement.round,
        reneged_by=tuple(reneged),
    )


def _conditioned(row: IssueComparison) -> bool:
    a, b = row.position_a, row.position_b
    return (a is not None and bool(a.conditions)) or (b is not None and bool(b.conditions))


def _condition_met(
    condition: Condition, rows: Mapping[str, IssueComparison], issues: Mapping[str, Issue]
) -> bool:
    """Whether the comparison can meet ``condition``: its issue comes out inside its stance.

    It can when the issue is settled at the table with an outcome inside the condition's
    stance, or when both sides hold compatible, unconditional positions on it and some
    outcome both accept lies inside the condition's stance.
    """
    row = rows.get(condition.issue)
    if row is None:
        return False
    issue = issues[condition.issue]
    if row.status is _SETTLED:
        assert row.outcome is not None
        assert row.outcome.stance is not None
        return contains(issue, condition.stance, row.outcome.stance)
    if row.status not in _COMPATIBLE:
        return False
    assert row.position_a is not None
    assert row.position_b is not None
    stances = (row.position_a.stance, row.position_b.stance, condition.stance)
    return joint_magnitude(issue, stances) == 0.0


def _apply_conditions(
    rows: MutableMapping[str, IssueComparison],
    candidates: Iterable[str],
    issues: Mapping[str, Issue],
) -> list[str]:
    """Mark ``conditional`` the compatible rows whose conditions cannot be met, in place.

    ``rows`` holds every row of the comparison by issue id, before conditions; the rows of
    ``candidates`` (the issues whose positions carry conditions) are checked. A row that
    turns conditional can leave the rows that depend on it unmet in turn, so those are
    checked again: each row turns at most once, and the work is linear in the conditions.

    Returns:
        The ids of the rows that turned conditional.
    """
    dependents: dict[str, list[str]] = {}
    todo: list[str] = []
    for iid in candidates:
        row = rows[iid]
        if row.status not in _COMPATIBLE:
            continue
        todo.append(iid)
        for position in (row.position_a, row.position_b):
            if position is not None:
                for condition in position.conditions:
                    dependents.setdefault(condition.issue, []).append(iid)
    turned: list[str] = []
    while todo:
        iid = todo.pop()
        row = rows[iid]
        unmet: list[tuple[str, str]] = []
        for party, position in ((row.party_a, row.position_a), (row.party_b, row.position_b)):
            if position is None:
                continue
            for condition in position.conditions:
                if not _condition_met(condition, rows, issues):
                    pair = (party, condition.issue)
                    if pair not in unmet:
                        unmet.append(pair)
        if not unmet or tuple(unmet) == row.unmet_conditions:
            continue
        if row.status is not _CONDITIONAL:
            turned.append(iid)
            todo.extend(dependents.get(iid, ()))
        rows[iid] = attrs.evolve(
            row, status=_CONDITIONAL, magnitude=None, unmet_conditions=tuple(unmet)
        )
    return turned


def _read(
    issues: Sequence[Issue],
    side_a: _Side,
    side_b: _Side,
    settled: Mapping[str, Settlement],
    marks: _Marks,
    by_id: Mapping[str, Issue] | None,
    elsewhere: frozenset[str] = frozenset(),
    unconditioned: dict[str, IssueComparison] | None = None,
) -> list[IssueComparison]:
    """The rows of one reading of both memoranda, in agenda order.

    Every issue either side holds a position on, that is settled between them, or that is
    in ``elsewhere`` (addressed only in options this reading does not take) gets a row;
    settled issues are settled, and conditions are applied. ``unconditioned``, when given,
    receives the rows whose positions carry conditions as they were before conditions
    applied (for ``_Offered._reread`` in ``negpos._analysis.compare.offered``).
    """
    get_a, get_b = side_a.positions.get, side_b.positions.get
    party_a, party_b = side_a.party, side_b.party
    since_a, since_b = side_a.since, side_b.since
    round_a, round_b = side_a.round, side_b.round
    mark = marks.of if marks else None
    results: list[IssueComparison] = []
    conditioned: list[str] = []
    for issue in issues:
        iid = issue.id
        a, b = get_a(iid), get_b(iid)
        if a is None and b is None:
            if iid in settled:
                row = IssueComparison(issue, _ONE_SIDED, None, None, None, party_a, party_b)
                results.append(_settle(row, settled[iid]))
            elif iid in elsewhere:
                results.append(
                    IssueComparison(
                        issue,
                        _OTHER_OPTION,
                        None,
                        None,
                        None,
                        party_a,
                        party_b,
                        in_alternatives=() if mark is None else mark(iid),
                    )
                )
            continue
        row = _issue_comparison(
            issue,
            a,
            b,
            party_a,
            party_b,
            () if mark is None else mark(iid),
            None if a is None else since_a.get(iid, round_a),
            None if b is None else since_b.get(iid, round_b),
        )
        if settled and iid in settled:
            row = _settle(row, settled[iid])
        elif (a is not None and a.conditions) or (b is not None and b.conditions):
            conditioned.append(iid)
        results.append(row)
    if conditioned:
        by_issue = {row.issue.id: row for row in results}
        if unconditioned is not None:
            unconditioned.update((iid, by_issue[iid]) for iid in conditioned)
        lookup = by_id if by_id is not None else {i.id: i for i in issues}
        if _apply_conditions(by_issue, conditioned, lookup):
            results = [by_issue[row.issue.id] for row in results]
    return results


class _Overlay(MutableMapping[str, IssueComparison]):
    """A comparison's rows by issue id, with some replaced, for the condition pass."""

    def __init__(
        self,
        rows: Sequence[IssueComparison],
        row_of: Mapping[str, int],
        replaced: dict[str, IssueComparison],
    ) -> None:
        self._rows, self._row_of = rows, row_of
        self.changed = replaced

    def __getitem__(self, issue_id: str) -> IssueComparison:
        found = self.changed.get(issue_id)
        if found is not None:
            return found
        return self._rows[self._row_of[issue_id]]

    def __setitem__(self, issue_id: str, row: IssueComparison) -> None:
        self.changed[issue_id] = row

    def __delitem__(self, issue_id: str) -> None:
        raise TypeError("rows are never removed")

    def __iter__(self) -> Iterator[str]:
        return iter(self._row_of)

    def __len__(self) -> int:
        return len(self._row_of)

    def apply(self, candidates: Iterable[str], issues: Mapping[str, Issue]) -> None:
        _apply_conditions(self, candidates, issues)
