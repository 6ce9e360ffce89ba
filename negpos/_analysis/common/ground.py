"""The common ground built: from memoranda, from a negotiation, and each row with its groups.

[`common_ground`][negpos.common_ground] checks memoranda against an agenda, ``common_in``
reads a negotiation's parties at a round (through ``ground_inputs``), and ``common_of`` does
the work for both: it reads every party as offered, searches the largest groups that share a
zone on each row, and sums the rows up.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from negpos._analysis.common.issue import (
    _COMPATIBLE,
    _CONDITIONAL,
    _OTHER_OPTION,
    _SETTLED,
    _UNCOMPARABLE,
    GroundFare,
    IssueGround,
)
from negpos._analysis.common.offered import offer
from negpos._analysis.common.reading import _Reader, _Row, _Tally
from negpos._analysis.common.results import CommonGround, GroundSummary
from negpos._analysis.joint import largest_groups
from negpos._analysis.settled import Settlement, settlements, settlements_of
from negpos._analysis.sides import check_memoranda, holding, party_list, round_of, side_positions
from negpos._errors import NotFoundError, UsageError
from negpos._model.documents import Memorandum, Outcome
from negpos._model.issues import Issue
from negpos._model.negotiation import Negotiation
from negpos._model.selection import agenda_of, latest_shared_round

__all__ = ["common_ground", "common_in", "common_of", "ground_inputs"]


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
    from negpos._analysis.compare.memoranda import _check

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
