"""The matrix: every pair of parties compared at one round, summary figures for each pair."""

from __future__ import annotations

import functools
from typing import Any

import attrs

from negpos._analysis.compare.memoranda import compare_memoranda
from negpos._analysis.comparison import Summary, summary_text
from negpos._analysis.renderable import Renderable
from negpos._analysis.settled import settlements
from negpos._errors import NotFoundError, UsageError, excerpt
from negpos._model.negotiation import Negotiation
from negpos._model.reprs import guarded, plural, tag
from negpos._model.standing import held, tabled

__all__ = ["Matrix", "PairSummary", "matrix"]


@attrs.frozen
class PairSummary:
    """The summary figures of one pair of parties in a matrix.

    Attributes:
        party_a: The first party's id (earlier in the negotiation's list of parties).
        party_b: The second party's id.
        summary: The summary of comparing ``party_a`` with ``party_b``.
    """

    party_a: str
    party_b: str
    summary: Summary

    def to_dict(self) -> dict[str, Any]:
        """The pair's figures as JSON-ready data."""
        return {"party_a": self.party_a, "party_b": self.party_b, "summary": self.summary.to_dict()}

    @guarded
    def __repr__(self) -> str:
        """``<PairSummary a–b: N issues: counts; index …>``, on one line."""
        return tag("PairSummary", f"{self.party_a}–{self.party_b}: {summary_text(self.summary)}")


@attrs.frozen
class Matrix(Renderable):
    """Every pair of parties that tabled positions, compared at one round.

    Attributes:
        round: The round at which the parties are compared.
        parties: The parties compared, in the negotiation's order.
        pairs: One entry per pair, in the order of ``parties`` (each party with every later
            one).
        tabled_only: Whether only what was tabled in the round was compared, rather than
            the positions standing at that round.
    """

    round: str
    parties: tuple[str, ...]
    pairs: tuple[PairSummary, ...]
    tabled_only: bool = False

    @functools.cached_property
    def _by_pair(self) -> dict[frozenset[str], PairSummary]:
        return {frozenset((p.party_a, p.party_b)): p for p in self.pairs}

    def pair(self, a: str, b: str) -> PairSummary:
        """The entry for parties ``a`` and ``b``, in either order.

        Raises:
            UsageError: ``a`` and ``b`` are the same party.
            NotFoundError: The matrix has no such pair.
        """
        if a == b:
            raise UsageError(f"a pair needs two different parties, got {excerpt(a)} twice")
        found = self._by_pair.get(frozenset((a, b)))
        if found is None:
            raise NotFoundError(f"the matrix has no pair {excerpt(a)} and {excerpt(b)}")
        return found

    def to_dict(self) -> dict[str, Any]:
        """The matrix as JSON-ready data."""
        return {
            "round": self.round,
            "tabled_only": self.tabled_only,
            "parties": list(self.parties),
            "pairs": [p.to_dict() for p in self.pairs],
        }

    @guarded
    def __repr__(self) -> str:
        """``<Matrix at round: N parties, N pairs>``, on one line."""
        return tag(
            "Matrix",
            f"at {self.round}: {plural(len(self.parties), 'party', 'parties')} "
            f"({', '.join(self.parties)}), {plural(len(self.pairs), 'pair')}",
        )


def matrix(
    negotiation: Negotiation, *, round_id: str | None = None, tabled_only: bool = False
) -> Matrix:
    """Compare every pair of parties that hold positions at one round.

    The implementation of [`Negotiation.matrix`][negpos.Negotiation.matrix].

    Args:
        negotiation: The negotiation.
        round_id: The round. None means the negotiation's last round when comparing
            standing positions (everything each party holds at the end), and the latest
            round in which at least two parties tabled positions with ``tabled_only``.
        tabled_only: Compare only what each party tabled in that round, instead of the
            positions standing at that round.

    Returns:
        The matrix. A party takes part when it holds a position or a group of alternatives
        at the round (standing), or tabled one in the round (``tabled_only``).

    Raises:
        NotFoundError: The round does not exist, or no round can serve as the default one
            (the negotiation has no rounds, or with ``tabled_only`` no round saw two parties
            table positions).
    """
    if round_id is None:
        round_id = _default_round(negotiation, tabled_only)
    else:
        negotiation.round(round_id)
    memos = [
        held(negotiation, p.id, round_id, tabled_only=tabled_only) for p in negotiation.parties
    ]
    present = [m for m in memos if tabled(m)]
    pairs = tuple(
        PairSummary(
            a.party,
            b.party,
            compare_memoranda(
                a, b, negotiation.issues, settlements(negotiation, (a.party, b.party), round_id)
            ).summary,
        )
        for i, a in enumerate(present)
        for b in present[i + 1 :]
    )
    return Matrix(round_id, tuple(m.party for m in present), pairs, tabled_only)


def _default_round(negotiation: Negotiation, tabled_only: bool) -> str:
    if not tabled_only and negotiation.rounds:
        return negotiation.rounds[-1].id
    for rnd in reversed(negotiation.rounds):
        if sum(1 for m in rnd.memoranda if tabled(m)) >= 2:
            return rnd.id
    raise NotFoundError("no round has positions tabled by two parties")
