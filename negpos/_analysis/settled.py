"""Outcomes agreed at the table, as facts every analysis of a pair of parties reads.

A round's ``agreed`` lists what the parties agreed there. An outcome that names an issue and
types its stance *settles* that issue for the parties that agreed it: from that round on, a
comparison of two of them reports the issue as ``settled`` with the outcome as its zone,
whatever their memoranda say, and flags a position tabled in a later round that no longer
accepts the outcome (reneging). An outcome in words only (no issue or no stance) settles
nothing; reports list it with the round.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import attrs

from negpos._model.documents import Outcome
from negpos._model.negotiation import Negotiation
from negpos._model.reprs import compact_repr

__all__ = [
    "AgreedOutcome",
    "Settlement",
    "agreed_by",
    "agreed_in",
    "settlements",
    "settlements_by_round",
    "settlements_of",
]


@attrs.frozen
class Settlement:
    """An outcome that settles one issue between two parties.

    Attributes:
        issue: The id of the issue settled.
        outcome: The outcome as the round records it, with its stance, parties and sources.
        round: The id of the round it was agreed at; None when it was given without one.
        later: Ids of the rounds after ``round``: a position tabled in one of them that
            departs from the outcome reneges on it. None when the order of rounds is not
            known, in which case any position that departs from the outcome is flagged.
    """

    issue: str
    outcome: Outcome
    round: str | None = None
    later: frozenset[str] | None = None

    __repr__ = compact_repr


def agreed_by(outcome: Outcome, parties: Iterable[str], round_parties: Iterable[str]) -> bool:
    """Whether every one of ``parties`` agreed ``outcome``.

    An outcome that lists no parties was agreed by every party of its round
    (``round_parties``: those that tabled a memorandum there, or every party of the
    negotiation when nobody did).
    """
    agreed = set(outcome.parties or round_parties)
    return all(p in agreed for p in parties)


def settlements_of(outcomes: Iterable[Outcome], parties: Iterable[str]) -> dict[str, Settlement]:
    """The settlements among ``outcomes`` for ``parties``, without rounds.

    Each outcome that names an issue, types its stance and lists every one of ``parties``
    (or lists none) settles its issue; a later outcome on the same issue replaces an earlier
    one.
    """
    wanted = tuple(parties)
    found: dict[str, Settlement] = {}
    for outcome in outcomes:
        if outcome.issue is None or outcome.stance is None:
            continue
        if agreed_by(outcome, wanted, wanted):
            found[outcome.issue] = Settlement(outcome.issue, outcome)
    return found


def settlements(
    negotiation: Negotiation, parties: Iterable[str], round_id: str
) -> Mapping[str, Settlement]:
    """The issues settled between ``parties`` at or before round ``round_id``.

    Rounds are read in order; an outcome agreed at a later round replaces an earlier one on
    the same issue.

    Args:
        negotiation: The negotiation.
        parties: The ids of the parties (two for a comparison).
        round_id: The round up to which outcomes count.

    Returns:
        The settlements by issue id, in the order the rounds and outcomes give them.
    """
    wanted = tuple(parties)
    rounds = negotiation.rounds
    ids = [r.id for r in rounds]
    found: dict[str, Settlement] = {}
    everyone = tuple(p.id for p in negotiation.parties)
    for k, rnd in enumerate(rounds):
        if rnd.agreed:
            present = tuple(m.party for m in rnd.memoranda) or everyone
            later = frozenset(ids[k + 1 :])
            for outcome in rnd.agreed:
                if outcome.issue is None or outcome.stance is None:
                    continue
                if agreed_by(outcome, wanted, present):
                    found[outcome.issue] = Settlement(outcome.issue, outcome, rnd.id, later)
        if rnd.id == round_id:
            break
    return found


def settlements_by_round(
    negotiation: Negotiation, parties: Iterable[str]
) -> tuple[Mapping[str, Settlement], ...]:
    """The settlements between ``parties`` at every round, in one pass over the rounds.

    Element ``k`` equals ``settlements(negotiation, parties, negotiation.rounds[k].id)``.
    """
    wanted = tuple(parties)
    ids = [r.id for r in negotiation.rounds]
    everyone = tuple(p.id for p in negotiation.parties)
    found: dict[str, Settlement] = {}
    current: Mapping[str, Settlement] = {}
    out: list[Mapping[str, Settlement]] = []
    for k, rnd in enumerate(negotiation.rounds):
        if rnd.agreed:
            present = tuple(m.party for m in rnd.memoranda) or everyone
            later = frozenset(ids[k + 1 :])
            changed = False
            for outcome in rnd.agreed:
                if outcome.issue is None or outcome.stance is None:
                    continue
                if agreed_by(outcome, wanted, present):
                    found[outcome.issue] = Settlement(outcome.issue, outcome, rnd.id, later)
                    changed = True
            if changed:
                current = dict(found)
        out.append(current)
    return tuple(out)


@attrs.frozen
class AgreedOutcome:
    """An outcome agreed at a round, with the round.

    Attributes:
        round: The id of the round it was agreed at.
        outcome: The outcome: its summary, the issue and stance where typed, the parties
            and the sources.
    """

    round: str
    outcome: Outcome

    def to_dict(self) -> dict[str, object]:
        """The outcome and its round as JSON-ready data."""
        return {"round": self.round, **self.outcome.to_dict()}

    __repr__ = compact_repr


def agreed_in(
    negotiation: Negotiation,
    parties: Iterable[str],
    *,
    after: str | None,
    through: str,
    every: bool = False,
) -> tuple[AgreedOutcome, ...]:
    """The outcomes any of ``parties`` agreed in the rounds after ``after`` up to ``through``.

    Typed outcomes and outcomes in words alike, in round order.

    Args:
        negotiation: The negotiation.
        parties: The parties of interest; an outcome counts when one of them agreed it.
        after: The round to start after (exclusive); None to start at the first round.
        through: The last round to read (inclusive).
        every: Count an outcome only when every one of ``parties`` agreed it.
    """
    wanted = tuple(parties)
    everyone = tuple(p.id for p in negotiation.parties)
    found: list[AgreedOutcome] = []
    reading = after is None
    for rnd in negotiation.rounds:
        if reading and rnd.agreed:
            present = tuple(m.party for m in rnd.memoranda) or everyone
            for outcome in rnd.agreed:
                agreed = outcome.parties or present
                test = all if every else any
                if test(p in agreed for p in wanted):
                    found.append(AgreedOutcome(rnd.id, outcome))
        if rnd.id == after:
            reading = True
        if rnd.id == through:
            break
    return tuple(found)
