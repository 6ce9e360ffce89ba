"""Withdrawals: the positions a party takes back at a round, listed round by round.

A memorandum may list issues under ``withdrawn``: the party no longer holds a position on
them. A round in which a party only withdraws positions tables no position, yet it changes
what the party holds, so reports list what was withdrawn there rather than "0 positions".
[`withdrawals_in`][negpos._analysis.withdrawals.withdrawals_in] lists them for the rounds of a
negotiation; each [`Withdrawal`][negpos.Withdrawal] names the round, the party, the issue and
the round in which the position it withdraws had been tabled.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import attrs

from negpos._model.documents import Memorandum
from negpos._model.issues import Issue
from negpos._model.negotiation import Negotiation
from negpos._model.reprs import compact_repr

__all__ = ["Withdrawal", "memorandum_withdrawals", "withdrawals_in"]


@attrs.frozen
class Withdrawal:
    """A party's withdrawal of its position on one issue, at one round.

    Attributes:
        round: The id of the round whose memorandum withdraws the position.
        party: The id of the party.
        issue: The issue, as the agenda defines it.
        since: The id of the round in which the withdrawn position had been tabled: the
            latest earlier round in which the party stated it. None when the party held no
            position on the issue (the withdrawal changes nothing), or when the withdrawal
            is read from a memorandum alone.
    """

    round: str | None
    party: str
    issue: Issue
    since: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The withdrawal as JSON-ready data."""
        return {
            "round": self.round,
            "party": self.party,
            "issue": self.issue.id,
            "title": self.issue.title,
            "since": self.since,
        }

    __repr__ = compact_repr


def memorandum_withdrawals(memo: Memorandum, issues: Iterable[Issue]) -> tuple[Withdrawal, ...]:
    """The withdrawals one memorandum lists, in agenda order.

    Args:
        memo: The memorandum.
        issues: The agenda, in order.

    Returns:
        One withdrawal per issue under ``memo.withdrawn``, at the memorandum's round, with
        no ``since`` (a memorandum alone does not say when the position was tabled).
    """
    if not memo.withdrawn:
        return ()
    wanted = set(memo.withdrawn)
    return tuple(Withdrawal(memo.round, memo.party, i) for i in issues if i.id in wanted)


def withdrawals_in(
    negotiation: Negotiation,
    parties: Iterable[str] | None = None,
    *,
    after: str | None = None,
    through: str | None = None,
) -> tuple[Withdrawal, ...]:
    """The withdrawals of a negotiation, round by round, in one pass over the rounds.

    Args:
        negotiation: The negotiation.
        parties: The ids of the parties whose withdrawals to list; None for every party.
        after: List only the rounds after this one (None: from the first round).
        through: List only the rounds up to and including this one (None: to the last).

    Returns:
        The withdrawals in round order; within a round, in the order of the round's
        memoranda, each memorandum's issues in agenda order. ``since`` is the round in which
        the party had last stated the withdrawn position (None if it held none).

    Raises:
        NotFoundError: A party or a round does not exist.
    """
    wanted = None if parties is None else {negotiation.party(p).id for p in parties}
    if after is not None:
        negotiation.round(after)
    if through is not None:
        negotiation.round(through)
    rank = {issue.id: k for k, issue in enumerate(negotiation.issues)}
    issues = negotiation.issues
    # The round each party last stated its position on each issue in, carried forward.
    stated: dict[tuple[str, str], str] = {}
    listing = after is None
    out: list[Withdrawal] = []
    for rnd in negotiation.rounds:
        for memo in rnd.memoranda:
            if wanted is not None and memo.party not in wanted:
                continue
            for issue_id in sorted(memo.withdrawn, key=rank.__getitem__):
                since = stated.pop((memo.party, issue_id), None)
                if listing:
                    out.append(Withdrawal(rnd.id, memo.party, issues[rank[issue_id]], since))
            for position in memo.positions:
                stated[memo.party, position.issue] = rnd.id
        if rnd.id == through:
            break
        if rnd.id == after:
            listing = True
    return tuple(out)
