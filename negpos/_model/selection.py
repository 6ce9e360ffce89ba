"""Which parties and rounds an analysis takes: the defaults, and the checks of what is named.

Every entry point that takes a pair of parties and a round (the negotiation's methods, the
reports, the scenario searches, the command line) resolves them here, so that one rule picks
the defaults and the same mistake raises the same error everywhere:

- parties are named both or neither; named, they must exist
  ([`NotFoundError`][negpos.NotFoundError]) and differ ([`UsageError`][negpos.UsageError]);
  unnamed, they are the two parties of role ``party`` when there are exactly two, else the
  first two listed;
- a round, unnamed, is the latest round in which both parties tabled positions.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from negpos._errors import InputError, NotFoundError, UsageError, check_argument, excerpt
from negpos._model.documents import Memorandum, Role, Round
from negpos._model.issues import Issue
from negpos._model.negotiation import Negotiation
from negpos._model.standing import tabled

__all__ = [
    "agenda_of",
    "check_memorandum",
    "check_negotiation",
    "counterpart_of",
    "default_parties",
    "latest_shared_round",
    "latest_tabled",
    "previous_round",
    "resolve_pair",
    "resolve_round",
]


def default_parties(negotiation: Negotiation) -> tuple[str, str]:
    """The two parties an analysis compares when the caller names none.

    Args:
        negotiation: The negotiation.

    Returns:
        With exactly two parties of role ``party``, those two (mediators and observers
        aside); otherwise the first two parties listed.

    Raises:
        InputError: The negotiation has fewer than two parties.
        UsageError: ``negotiation`` is not a negotiation.
    """
    check_negotiation(negotiation)
    sides = [p.id for p in negotiation.parties if p.role is Role.PARTY]
    if len(sides) != 2:
        sides = [p.id for p in negotiation.parties]
    if len(sides) < 2:
        raise InputError.single(
            "an analysis compares two parties; the negotiation has only one", field="parties"
        )
    return sides[0], sides[1]


def resolve_pair(
    negotiation: Negotiation, a: str | None, b: str | None, *, what: str = "an analysis"
) -> tuple[str, str]:
    """The pair an analysis takes: the two named parties, checked, or the default pair.

    Args:
        negotiation: The negotiation.
        a: The first party's id, or None.
        b: The second party's id, or None.
        what: What needs the pair, for the error message ("a report", "a scenario").

    Returns:
        The two parties' ids.

    Raises:
        UsageError: Only one party is named, or the same party twice.
        NotFoundError: A named party does not exist.
        InputError: Neither is named and the negotiation has fewer than two parties.

    Examples:
        >>> import negpos
        >>> resolve_pair(negpos.bundled(), None, None)
        ('ru', 'ua')
        >>> resolve_pair(negpos.bundled(), "ua", "ua")
        Traceback (most recent call last):
        negpos._errors.UsageError: an analysis needs two different parties, got 'ua' twice
    """
    check_negotiation(negotiation)
    for party in (a, b):
        if party is not None:
            check_argument(party, str, "a party id (text such as 'ru')")
    if a is None and b is None:
        return default_parties(negotiation)
    if a is None or b is None:
        raise UsageError(f"name both parties of {what}, or neither for the default pair")
    if a == b:
        raise UsageError(f"{what} needs two different parties, got {excerpt(a)} twice")
    negotiation.party(a)
    negotiation.party(b)
    return a, b


def latest_shared_round(negotiation: Negotiation, parties: tuple[str, ...]) -> Round:
    """The latest round in which every one of ``parties`` tabled positions.

    Args:
        negotiation: The negotiation.
        parties: Party ids.

    Returns:
        The round.

    Raises:
        NotFoundError: A party does not exist, or the parties never tabled positions in the
            same round.
    """
    for party in parties:
        negotiation.party(party)
    for rnd in reversed(negotiation.rounds):
        if all(tabled(rnd.memorandum(p)) for p in parties):
            return rnd
    names = " and ".join(repr(p) for p in parties)
    where = "; ".join(f"{p!r} in {_tabled_in(negotiation, p)}" for p in parties)
    raise NotFoundError(
        f"{names} never tabled positions in the same round ({where}); name a round to "
        "compare what each holds there"
    )


def resolve_round(
    negotiation: Negotiation, round_id: str | None, parties: tuple[str, ...]
) -> Round:
    """The round an analysis of ``parties`` takes: the named one, or the latest shared one.

    Raises:
        NotFoundError: The named round does not exist, or (none named) the parties never
            tabled positions in the same round.
    """
    if round_id is None:
        return latest_shared_round(negotiation, parties)
    return negotiation.round(round_id)


def _tabled_in(negotiation: Negotiation, party: str) -> str:
    rounds = [r.id for r in negotiation.rounds if tabled(r.memorandum(party))]
    return ", ".join(rounds) or "no round"


def previous_round(negotiation: Negotiation, party: str, round_id: str) -> str | None:
    """The latest round before ``round_id`` in which ``party`` tabled positions, or None.

    Raises:
        NotFoundError: The party or the round does not exist.
    """
    negotiation.party(party)
    negotiation.round(round_id)
    found = None
    for rnd in negotiation.rounds:
        if rnd.id == round_id:
            return found
        if tabled(rnd.memorandum(party)):
            found = rnd.id
    return found


def latest_tabled(negotiation: Negotiation, party: str) -> str:
    """The latest round in which ``party`` tabled positions.

    Raises:
        NotFoundError: The party does not exist, or tabled nothing in any round.
    """
    negotiation.party(party)
    for rnd in reversed(negotiation.rounds):
        if tabled(rnd.memorandum(party)):
            return rnd.id
    raise NotFoundError(f"{party!r} tabled no positions in any round")


def counterpart_of(negotiation: Negotiation, party: str) -> str:
    """The counterpart of ``party`` when the caller names none.

    Args:
        negotiation: The negotiation.
        party: The party's id.

    Returns:
        The only other party of the negotiation; or, where there are more, the only other
        party of role ``party`` when ``party`` itself has that role (mediators and observers
        are not sides).

    Raises:
        NotFoundError: ``party`` does not exist.
        UsageError: The counterpart is ambiguous; the caller must name it.
    """
    me = negotiation.party(party)
    others = [p for p in negotiation.parties if p.id != party]
    if not others:
        raise UsageError(f"{party!r} has no counterpart: it is the negotiation's only party")
    if len(others) == 1:
        return others[0].id
    sides = [p for p in others if p.role is Role.PARTY]
    if me.role is Role.PARTY and len(sides) == 1:
        return sides[0].id
    names = ", ".join(repr(p.id) for p in others)
    raise UsageError(f"name the counterpart of {party!r}: it could be any of {names}")


def check_negotiation(negotiation: object) -> None:
    """Refuse anything but a [`Negotiation`][negpos.Negotiation] where one is expected.

    Raises:
        UsageError: ``negotiation`` is something else (a path, say, which
            [`load`][negpos.load] reads).
    """
    check_argument(negotiation, Negotiation, "a Negotiation (negpos.load(path) reads one)")


def check_memorandum(memo: object, name: str, *, optional: bool = False) -> None:
    """Refuse anything but a [`Memorandum`][negpos.Memorandum] as the argument ``name``.

    Raises:
        UsageError: ``memo`` is something else (or None, unless ``optional``).
    """
    if memo is None and optional:
        return
    what = "a Memorandum or None" if optional else "a Memorandum"
    check_argument(memo, Memorandum, f"{name} to be {what}")


def agenda_of(agenda: object) -> tuple[Issue, ...]:
    """The issues of an ``agenda`` argument: a negotiation's, or the issues given.

    Args:
        agenda: A [`Negotiation`][negpos.Negotiation], or an iterable of issues.

    Returns:
        The issues, in order.

    Raises:
        UsageError: ``agenda`` is neither (text, a mapping, or items that are not issues).
    """
    if isinstance(agenda, Negotiation):
        return agenda.issues
    expected = "agenda to be a Negotiation or a list of issues"
    if isinstance(agenda, (str, bytes, Mapping)) or not isinstance(agenda, Iterable):
        raise UsageError(f"expected {expected}, got {type(agenda).__name__} {excerpt(agenda)}")
    issues = tuple(agenda)
    for k, issue in enumerate(issues):
        if not isinstance(issue, Issue):
            raise UsageError(
                f"expected {expected}; item {k} is {type(issue).__name__} {excerpt(issue)}"
            )
    return issues
