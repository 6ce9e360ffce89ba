"""What each side holds, for the many-party analyses: the one place their positions are read.

[`common`][negpos._analysis.common] and [`plans`][negpos._analysis.plans] read every party's
positions through [`side_positions`][negpos._analysis.sides.side_positions] and
[`main_positions`][negpos._analysis.sides.main_positions], and choose parties and rounds
through the checks below. A side's memorandum is what it holds at a round (its standing
positions, ``negpos._model.standing.held``, where options supersede earlier main positions
on the issues they address); a [`Side`][negpos._analysis.sides.Side] is one reading of it:
its main positions ([`main_side`][negpos._analysis.sides.main_side]) with, where it offers
alternatives, one option of each group taken ([`taking`][negpos._analysis.sides.taking],
restated as the pairwise comparison restates it: the option's stance, the stricter
firmness, the higher salience), and the round each position was tabled in. Which option a
side is read with ("as offered") is the analyses' choice:
``negpos._analysis.common.offered.offer`` makes it for both.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from negpos._analysis.compare.side import _Side as Side
from negpos._errors import NotFoundError, UsageError, check_argument, excerpt
from negpos._model.documents import Memorandum, Option, Position
from negpos._model.negotiation import Negotiation
from negpos._model.selection import check_memorandum, check_negotiation
from negpos._model.standing import held, tabled

__all__ = [
    "Side",
    "check_memoranda",
    "holding",
    "main_positions",
    "main_side",
    "not_holding",
    "party_list",
    "round_of",
    "side_positions",
    "taking",
]


def side_positions(
    negotiation: Negotiation, party: str, round_id: str, *, tabled_only: bool = False
) -> Memorandum:
    """The memorandum an analysis of many parties reads for ``party`` at ``round_id``.

    Args:
        negotiation: The negotiation.
        party: The party's id.
        round_id: The round.
        tabled_only: Only what the party tabled in that round, instead of its standing
            positions (the default).

    Returns:
        The memorandum.

    Raises:
        NotFoundError: The party or the round does not exist.
    """
    return held(negotiation, party, round_id, tabled_only=tabled_only)


def main_positions(memo: Memorandum) -> dict[str, Position]:
    """A memorandum's main positions by issue id, alternatives left out."""
    return {p.issue: p for p in memo.positions}


def main_side(memo: Memorandum) -> Side:
    """A memorandum read at its main positions, with the round each was tabled in."""
    return Side.main(memo)


def taking(
    side: Side, memo: Memorandum, options: Iterable[Option], group_ids: Iterable[str]
) -> Side:
    """``side`` (a reading of ``memo``) with ``options`` taken, one per group of ``group_ids``.

    An option's position on an issue the main positions also address is restated: the
    option's stance, the stricter firmness, the higher salience.
    """
    return side.taking(memo, options, group_ids)


def party_list(
    negotiation: Negotiation, parties: Iterable[str] | None, *, what: str, least: int = 2
) -> tuple[str, ...] | None:
    """The parties named, checked: text, known, each once, at least ``least`` of them.

    Returns:
        The ids in the order given, or None when ``parties`` is None (the caller's default).

    Raises:
        UsageError: ``parties`` is text rather than a list, names a party twice, or names
            fewer than ``least``.
        NotFoundError: A party does not exist.
    """
    check_negotiation(negotiation)
    if parties is None:
        return None
    if isinstance(parties, (str, bytes)):
        raise UsageError(
            f"{what} takes a list of party ids, such as ['ru', 'ua', 'us'], not the text "
            f"{excerpt(parties)}"
        )
    ids = tuple(parties)
    for party in ids:
        check_argument(party, str, "a party id (text such as 'ru')")
    seen: set[str] = set()
    for party in ids:
        if party in seen:
            raise UsageError(f"{what} needs different parties, got {excerpt(party)} twice")
        seen.add(party)
        negotiation.party(party)
    if len(ids) < least:
        raise UsageError(f"{what} needs at least {least} parties, got {len(ids)}")
    return ids


def round_of(negotiation: Negotiation, round_id: str | None, default: str) -> str:
    """The round named, checked, or ``default``."""
    if round_id is None:
        return default
    return negotiation.round(round_id).id


def holding(negotiation: Negotiation, round_id: str, *, tabled_only: bool) -> tuple[str, ...]:
    """Every party that holds positions at ``round_id``, in the negotiation's order."""
    return tuple(
        p.id
        for p in negotiation.parties
        if tabled(side_positions(negotiation, p.id, round_id, tabled_only=tabled_only))
    )


def check_memoranda(memos: object, name: str, *, least: int) -> tuple[Memorandum, ...]:
    """Memoranda given outside a negotiation: a list of them, of different parties.

    Raises:
        UsageError: Not a list of memoranda, two of one party, or fewer than ``least``.
    """
    if isinstance(memos, (str, bytes, Memorandum, Mapping)) or not isinstance(memos, Sequence):
        raise UsageError(f"expected {name} to be a list of Memorandum, got {excerpt(memos)}")
    found = tuple(memos)
    for k, memo in enumerate(found):
        check_memorandum(memo, f"{name}[{k}]")
    seen: set[str] = set()
    for memo in found:
        if memo.party in seen:
            raise UsageError(f"{name} names party {excerpt(memo.party)} twice")
        seen.add(memo.party)
    if len(found) < least:
        raise UsageError(f"{name} needs at least {least} memoranda, got {len(found)}")
    return found


def not_holding(party: str, round_id: str) -> NotFoundError:
    """The error for a party that holds nothing where an analysis needs its positions."""
    return NotFoundError(f"{party!r} holds no positions at round {round_id!r}")
