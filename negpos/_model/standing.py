"""Standing positions: what a party holds at a round.

A position stands until the party restates it or withdraws it, so a round in which a side
tables only humanitarian points leaves its territorial demands standing.
[`standing`][negpos._model.standing.standing] reads the rounds up to a given one and gathers each
party's latest word on every issue into one synthesised memorandum, which the analyses then
compare like any other. The memorandum records, without copying a position, the round in which
each of its positions and groups was tabled: ``memo.tabled_in(issue_id)`` and
``memo.group_tabled_in(group_id)`` read it, and comparisons carry it on their rows.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING

from negpos._model.documents import AlternativeGroup, Memorandum, Position

if TYPE_CHECKING:
    from negpos._model.negotiation import Negotiation

__all__ = ["carry_origins", "held", "standing", "standing_by_round", "tabled"]


def _record(memo: Memorandum, positions: dict[str, str], groups: dict[str, str]) -> Memorandum:
    # Set once, right after the memorandum is built and before anyone else sees it.
    memo._tabled_in = (positions, groups)
    return memo


def carry_origins(source: Memorandum, target: Memorandum, moved: Collection[str]) -> Memorandum:
    """Give ``target`` the origins ``source`` records, but for the issues in ``moved``.

    A scenario replaces some positions of a standing memorandum with moved ones: the
    positions it keeps keep the rounds they were tabled in, and the moved ones count as
    tabled in the memorandum's own round, as anything new in it is. Groups of alternatives
    ``target`` keeps keep their rounds.

    Args:
        source: A memorandum, standing or not.
        target: A memorandum just built from ``source``, of the same round, not yet shared
            with anyone.
        moved: The ids of the issues whose positions ``target`` replaces.

    Returns:
        ``target``, with the origins recorded when ``source`` has any.
    """
    origins = source._tabled_in
    if origins is None:
        return target
    positions, groups = origins
    kept = {i: r for i, r in positions.items() if i not in moved and target.position(i) is not None}
    kept_groups = {g.id: groups[g.id] for g in target.alternatives if g.id in groups}
    return _record(target, kept, kept_groups)


def standing(negotiation: Negotiation, party: str, round_id: str) -> Memorandum:
    """What ``party`` holds at round ``round_id``: its latest stated position on each issue.

    The rounds are read in order up to and including ``round_id``. A position stated in a
    memorandum replaces the party's earlier position on that issue; an issue listed under a
    memorandum's ``withdrawn`` drops the party's main position on it, and so does an issue
    that one of the memorandum's options addresses (the options supersede it), unless the
    memorandum states a main position on it too. A group of alternatives
    stands like a position: a later group with the same id replaces it, in its original
    place. ``withdrawn`` applies to main positions only, as it does inside a memorandum.

    The memorandum records, for each position and group, the latest round at or before
    ``round_id`` in which the party stated it: ``tabled_in(issue_id)`` and
    ``group_tabled_in(group_id)`` give it.

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
    since: dict[str, str] = {}
    groups_since: dict[str, str] = {}
    for rnd in negotiation.rounds:
        memo = rnd.memorandum(party)
        if memo is not None:
            _read(memo, rnd.id, positions, groups, since, groups_since)
        if rnd.id == round_id:
            break
    held = Memorandum(
        party=party,
        round=round_id,
        positions=tuple(positions[i.id] for i in negotiation.issues if i.id in positions),
        alternatives=tuple(groups.values()),
    )
    return _record(held, since, groups_since)


def _read(
    memo: Memorandum,
    round_id: str,
    positions: dict[str, Position],
    groups: dict[str, AlternativeGroup],
    since: dict[str, str],
    groups_since: dict[str, str],
) -> None:
    """Apply one tabled memorandum to the standing positions and groups, and their origins."""
    for issue in memo.withdrawn:
        positions.pop(issue, None)
        since.pop(issue, None)
    # A memorandum that offers options on an issue supersedes the party's earlier word on
    # it: what the party holds there is now "one of these options", not the old position.
    for group in memo.alternatives:
        for option in group.options:
            for position in option.positions:
                positions.pop(position.issue, None)
                since.pop(position.issue, None)
    for position in memo.positions:
        positions[position.issue] = position
        since[position.issue] = round_id
    for group in memo.alternatives:
        groups[group.id] = group
        groups_since[group.id] = round_id


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
    since: dict[str, str] = {}
    groups_since: dict[str, str] = {}
    held_at: list[Memorandum] = []
    previous: Memorandum | None = None
    for rnd in negotiation.rounds:
        memo = rnd.memorandum(party)
        if memo is not None:
            _read(memo, rnd.id, positions, groups, since, groups_since)
        if memo is None and previous is not None:
            # A round in which the party tabled nothing leaves its positions as they were,
            # so the agenda-order sort need not run again, and their origins are shared.
            ordered, kept = previous.positions, previous.alternatives
            origins = previous._tabled_in
            assert origins is not None
        else:
            ordered = tuple(positions[i.id] for i in negotiation.issues if i.id in positions)
            kept = tuple(groups.values())
            # Snapshots: the running dicts go on changing in later rounds.
            origins = (dict(since), dict(groups_since))
        previous = _record(
            Memorandum(party=party, round=rnd.id, positions=ordered, alternatives=kept),
            *origins,
        )
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
