"""Standing positions: what a party holds at a round.

A position stands until the party restates it or withdraws it, so a round in which a side
tables only humanitarian points leaves its territorial demands standing.
[`standing`][negpos._model.standing.standing] reads the rounds up to a given one and gathers each
party's latest word on every issue into one synthesised memorandum, which the analyses then
compare like any other.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from negpos._model.documents import AlternativeGroup, Memorandum, Position

if TYPE_CHECKING:
    from negpos._model.negotiation import Negotiation

__all__ = ["held", "standing", "standing_by_round", "tabled"]


def standing(negotiation: Negotiation, party: str, round_id: str) -> Memorandum:
    """What ``party`` holds at round ``round_id``: its latest stated position on each issue.

    The rounds are read in order up to and including ``round_id``. A position stated in a
    memorandum replaces the party's earlier position on that issue; an issue listed under a
    memorandum's ``withdrawn`` drops the party's main position on it. A group of alternatives
    stands like a position: a later group with the same id replaces it, in its original
    place. ``withdrawn`` applies to main positions only, as it does inside a memorandum.

    Args:
        negotiation: The negotiation.
        party: The party's id.
        round_id: The round at which to read the positions.

    Returns:
        A memorandum of ``party`` for round ``round_id`` holding the standing positions in
        agenda order and the standing groups of alternatives; it has no title, date or
        sources of its own, while every position keeps its sources.

    Raises:
        NotFoundError: The party or the round does not exist.

    Examples:
        >>> import negpos
        >>> neg = negpos.loads('''
        ... format: 1
        ... title: Talks
        ... parties: [{id: a, name: A}]
        ... issues:
        ...   - {id: truce, kind: boolean, title: Truce}
        ...   - {id: pows, kind: boolean, title: Prisoners}
        ... rounds:
        ...   - id: r1
        ...     date: 2025-05-16
        ...     memoranda:
        ...       - party: a
        ...         positions: [{issue: truce, stance: {kind: boolean, accepts: [true]}}]
        ...   - id: r2
        ...     date: 2025-06-02
        ...     memoranda:
        ...       - party: a
        ...         positions: [{issue: pows, stance: {kind: boolean, accepts: [true]}}]
        ... ''', fmt="yaml")
        >>> [p.issue for p in standing(neg, "a", "r2").positions]
        ['truce', 'pows']
    """
    negotiation.party(party)
    negotiation.round(round_id)
    positions: dict[str, Position] = {}
    groups: dict[str, AlternativeGroup] = {}
    for rnd in negotiation.rounds:
        memo = rnd.memorandum(party)
        if memo is not None:
            for issue in memo.withdrawn:
                positions.pop(issue, None)
            for position in memo.positions:
                positions[position.issue] = position
            for group in memo.alternatives:
                groups[group.id] = group
        if rnd.id == round_id:
            break
    return Memorandum(
        party=party,
        round=round_id,
        positions=tuple(positions[i.id] for i in negotiation.issues if i.id in positions),
        alternatives=tuple(groups.values()),
    )


def standing_by_round(negotiation: Negotiation, party: str) -> tuple[Memorandum, ...]:
    """What ``party`` holds at every round, in one pass over the rounds.

    The same memoranda as calling [`standing`][negpos._model.standing.standing] at each round in
    turn, but the positions are carried forward from round to round instead of being
    gathered again from the first round each time, so the cost grows linearly in rounds.

    Args:
        negotiation: The negotiation.
        party: The party's id.

    Returns:
        One standing memorandum per round of the negotiation, in round order; element ``k``
        equals ``standing(negotiation, party, negotiation.rounds[k].id)``.

    Raises:
        NotFoundError: The party does not exist.

    Examples:
        >>> import negpos
        >>> neg = negpos.loads('''
        ... format: 1
        ... title: Talks
        ... parties: [{id: a, name: A}]
        ... issues:
        ...   - {id: truce, kind: boolean, title: Truce}
        ...   - {id: pows, kind: boolean, title: Prisoners}
        ... rounds:
        ...   - id: r1
        ...     date: 2025-05-16
        ...     memoranda:
        ...       - party: a
        ...         positions: [{issue: truce, stance: {kind: boolean, accepts: [true]}}]
        ...   - id: r2
        ...     date: 2025-06-02
        ...     memoranda:
        ...       - party: a
        ...         positions: [{issue: pows, stance: {kind: boolean, accepts: [true]}}]
        ... ''', fmt="yaml")
        >>> [[p.issue for p in m.positions] for m in standing_by_round(neg, "a")]
        [['truce'], ['truce', 'pows']]
    """
    negotiation.party(party)
    positions: dict[str, Position] = {}
    groups: dict[str, AlternativeGroup] = {}
    held_at: list[Memorandum] = []
    previous: Memorandum | None = None
    for rnd in negotiation.rounds:
        memo = rnd.memorandum(party)
        if memo is not None:
            for issue in memo.withdrawn:
                positions.pop(issue, None)
            for position in memo.positions:
                positions[position.issue] = position
            for group in memo.alternatives:
                groups[group.id] = group
        if memo is None and previous is not None:
            # A round in which the party tabled nothing leaves its positions as they were,
            # so the agenda-order sort need not run again.
            ordered, kept = previous.positions, previous.alternatives
        else:
            ordered = tuple(positions[i.id] for i in negotiation.issues if i.id in positions)
            kept = tuple(groups.values())
        previous = Memorandum(party=party, round=rnd.id, positions=ordered, alternatives=kept)
        held_at.append(previous)
    return tuple(held_at)


def tabled(memo: Memorandum | None) -> bool:
    """Whether a memorandum puts anything on the table: a position or a group of options."""
    return memo is not None and bool(memo.positions or memo.alternatives)


def held(
    negotiation: Negotiation, party: str, round_id: str, *, tabled_only: bool = False
) -> Memorandum:
    """The memorandum an analysis uses for ``party`` at ``round_id``.

    Args:
        negotiation: The negotiation.
        party: The party's id.
        round_id: The round.
        tabled_only: Use only what the party tabled in that round (an empty memorandum if it
            tabled nothing) instead of its standing positions.

    Returns:
        The standing memorandum, or the memorandum tabled in the round.

    Raises:
        NotFoundError: The party or the round does not exist.
    """
    if not tabled_only:
        return standing(negotiation, party, round_id)
    memo = negotiation.memorandum(party, round_id=round_id)
    return memo if memo is not None else Memorandum(party=party, round=round_id)
