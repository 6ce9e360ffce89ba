"""The encodings of one negotiation gathered into units, and their agreement measured.

[`agreement`][negpos.agreement] checks that the encodings share their issues, gathers every
slot any of them fills into units (in the order of the agenda, the rounds and the parties),
and measures each issue and the whole.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs

from negpos._analysis.agreement.alpha import NOT_CODED, _agree, _krippendorff, _reliability
from negpos._analysis.agreement.results import (
    Agreement,
    AgreementSummary,
    AgreementUnit,
    IssueAgreement,
    Reliability,
    UnsharedIssue,
)
from negpos._analysis.agreement.values import FIRMNESS_RANK, LEVELS, canonical_stance, stance_value
from negpos._errors import UsageError, check_argument, excerpt
from negpos._model.documents import Memorandum, Position
from negpos._model.issues import Issue, Kind
from negpos._model.negotiation import Negotiation

__all__ = ["agreement"]


# A unit's key: round, party, group (None for a main position), option (None likewise).
_Slot = tuple[str, str, str | None, str | None]


def _coder_names(count: int, coders: Iterable[str] | None) -> tuple[str, ...]:
    if coders is None:
        return tuple(f"coder {k}" for k in range(1, count + 1))
    if isinstance(coders, str):
        raise UsageError(f"coders must be a list of names, not the text {excerpt(coders)}")
    names = tuple(coders)
    for name in names:
        check_argument(name, str, "a coder's name (text)")
    if len(names) != count:
        raise UsageError(f"{len(names)} coder names for {count} encodings; name each encoding")
    if len(set(names)) != len(names):
        twice = next(n for k, n in enumerate(names) if n in names[:k])
        raise UsageError(f"the coder name {excerpt(twice)} is given twice")
    return names


def _merged(lists: Iterable[Iterable[str]]) -> list[str]:
    return list(dict.fromkeys(x for ids in lists for x in ids))


def _slots(memo: Memorandum, issue_id: str) -> Iterable[tuple[str | None, str | None, Position]]:
    main = memo.position(issue_id)
    if main is not None:
        yield None, None, main
    for group in memo.alternatives:
        for option in group.options:
            for p in option.positions:
                if p.issue == issue_id:
                    yield group.id, option.id, p


def _shared_issues(
    encodings: Sequence[Negotiation], coders: Sequence[str]
) -> tuple[list[Issue], list[UnsharedIssue]]:
    """The issues every encoding has (the first's definition), and those only some have."""
    first_seen: dict[str, tuple[Issue, int]] = {}
    owners: dict[str, list[str]] = {}
    for k, neg in enumerate(encodings):
        for issue in neg.issues:
            seen = first_seen.setdefault(issue.id, (issue, k))
            if seen[0].kind is not issue.kind:
                raise UsageError(
                    f"the issue {issue.id!r} is {seen[0].kind.value} in {coders[seen[1]]!r} but "
                    f"{issue.kind.value} in {coders[k]!r}; agreement needs one kind per issue: "
                    "recode one of them, or rename the issue"
                )
            owners.setdefault(issue.id, []).append(coders[k])
    shared = [first_seen[i][0] for i in first_seen if len(owners[i]) == len(encodings)]
    unshared = [
        UnsharedIssue(first_seen[i][0], tuple(owners[i]))
        for i in first_seen
        if len(owners[i]) < len(encodings)
    ]
    return shared, unshared


def _differs(
    issue: Issue, positions: Sequence[Position | None], keys: Sequence[str | None]
) -> tuple[str, ...]:
    held = [p for p in positions if p is not None]
    found = []
    if len(held) < len(positions):
        found.append("coded")
    if issue.kind is not Kind.TEXT and not _agree(keys):
        found.append("stance")
    if not _agree(p.firmness for p in held):
        found.append("firmness")
    if not _agree(p.salience for p in held):
        found.append("salience")
    return tuple(found)


def agreement(encodings: Sequence[Negotiation], coders: Iterable[str] | None = None) -> Agreement:
    """Krippendorff's alpha between two or more encodings of the same negotiation.

    Each slot a coder can fill (a round's memorandum of a party, on an issue, as a main
    position or inside an option) is a unit; a slot a coder leaves empty is a missing value.
    Stances are measured per issue at the level their kind allows (nominal on the canonical
    stance, ordinal on the midpoint rank, interval on the midpoint of the accepted interval);
    firmness and salience are measured over every unit. The module documentation of
    ``negpos._analysis.agreement`` and the "Inter-coder agreement" section of the concepts
    page give the exact definitions.

    Args:
        encodings: Two or more negotiations that encode the same talks, one per coder.
        coders: The coders' names, in the order of ``encodings`` (default ``"coder 1"``,
            ``"coder 2"``, ...).

    Returns:
        The agreement: per issue, overall, and every unit the coders differ on.

    Raises:
        UsageError: Fewer than two encodings, something that is not a negotiation, names
            that do not match the encodings, an issue with different kinds in two encodings,
            or a stance that does not fit the first encoding's definition of its issue.
        NegposError: The ``krippendorff`` package is not installed
            (``pip install 'negpos[agreement]'``).

    Examples:
        >>> import negpos
        >>> talks = negpos.bundled()
        >>> same = negpos.agreement([talks, talks], coders=["ann", "ben"])
        >>> same.issue("security.nato").exact, same.summary.disagreements
        (1.0, 0)
    """
    if isinstance(encodings, Negotiation):
        raise UsageError("agreement needs a list of two or more encodings, not one negotiation")
    encodings = tuple(encodings)
    for neg in encodings:
        check_argument(neg, Negotiation, "an encoding (a Negotiation)")
    if len(encodings) < 2:
        raise UsageError(f"agreement needs two or more encodings; {len(encodings)} given")
    names = _coder_names(len(encodings), coders)
    kr = _krippendorff()
    shared, unshared = _shared_issues(encodings, names)
    round_order = _merged([r.id for r in neg.rounds] for neg in encodings)
    party_order = {
        p: k for k, p in enumerate(_merged([p.id for p in n.parties] for n in encodings))
    }
    # memo[coder][round] -> {party: memorandum}
    memos = [{r.id: {m.party: m for m in r.memoranda} for r in neg.rounds} for neg in encodings]
    units: list[AgreementUnit] = []
    rows: list[IssueAgreement] = []
    stance_keys: list[list[Any | None]] = []
    for issue in shared:
        level = LEVELS[issue.kind]
        issue_units = _issue_units(issue, names, memos, round_order, party_order)
        values: list[list[float | None]] = []
        keys: list[list[str | None]] = []
        for slot, positions in issue_units:
            row_keys = [None if p is None else canonical_stance(issue, p.stance) for p in positions]
            if level is None:
                row_values: list[float | None] = [None] * len(positions)
            elif level == "nominal":
                row_values = []
            else:
                row_values = [
                    None if p is None else stance_value(issue, p.stance) for p in positions
                ]
            keys.append(row_keys)
            values.append(row_values)
            units.append(
                AgreementUnit(
                    issue,
                    *slot,
                    positions=positions,
                    values=tuple(row_values),  # nominal codes are filled in below
                    differs=_differs(issue, positions, row_keys),
                )
            )
        if level == "nominal":
            codes: dict[str, float] = {}
            start = len(units) - len(issue_units)
            for k, row_keys in enumerate(keys):
                coded = tuple(
                    None if key is None else codes.setdefault(key, float(len(codes)))
                    for key in row_keys
                )
                values[k] = list(coded)
                units[start + k] = attrs.evolve(units[start + k], values=coded)
        rows.append(_issue_row(kr, issue, level, values, keys, names))
        if level is not None:
            stance_keys += [
                [None if key is None else (issue.id, key) for key in row] for row in keys
            ]
    summary = _summary(kr, rows, units, stance_keys)
    title = encodings[0].title
    return Agreement(title, names, tuple(rows), summary, tuple(units), tuple(unshared))


def _issue_units(
    issue: Issue,
    coders: Sequence[str],
    memos: Sequence[Mapping[str, Mapping[str, Memorandum]]],
    round_order: Sequence[str],
    party_order: Mapping[str, int],
) -> list[tuple[_Slot, tuple[Position | None, ...]]]:
    """The units of one issue in unit order, each with every coder's position."""
    found: dict[_Slot, list[Position | None]] = {}
    for k, by_round in enumerate(memos):
        for round_id in round_order:
            for party, memo in by_round.get(round_id, {}).items():
                for group, option, position in _slots(memo, issue.id):
                    if position.stance.problems(issue):
                        raise UsageError(
                            f"{coders[k]!r}: the position of {party!r} on {issue.id!r} at round "
                            f"{round_id!r} does not fit the issue as {coders[0]!r} defines it "
                            "(its levels, options, items or bounds differ); agreement needs "
                            "one definition per issue"
                        )
                    slot = (round_id, party, group, option)
                    found.setdefault(slot, [None] * len(memos))[k] = position
    rank = {r: k for k, r in enumerate(round_order)}
    # Groups and options in order of first appearance: the order found was built in.
    first = {slot: k for k, slot in enumerate(found)}
    groups: dict[tuple[str, str, str | None], int] = {}
    for slot in found:
        groups.setdefault(slot[:3], len(groups))

    def order(slot: _Slot) -> tuple[int, int, int, int, int]:
        round_id, party, group, _ = slot
        main = 0 if group is None else 1
        return (rank[round_id], party_order[party], main, groups[slot[:3]], first[slot])

    return [(slot, tuple(found[slot])) for slot in sorted(found, key=order)]


def _issue_row(
    kr: Any,
    issue: Issue,
    level: str | None,
    values: Sequence[Sequence[float | None]],
    keys: Sequence[Sequence[str | None]],
    coders: Sequence[str],
) -> IssueAgreement:
    n = len(coders)
    coded = tuple(sum(row[k] is not None for row in keys) for k in range(n))
    complete = sum(all(key is not None for key in row) for row in keys)
    pairable = sum(sum(key is not None for key in row) >= 2 for row in keys)
    if level is None:
        return IssueAgreement(
            issue, None, None, NOT_CODED, len(keys), pairable, complete, None, coded
        )
    alpha, reason, _, exact = _reliability(
        kr, level, values, exact_of=[_agree(row) for row in keys]
    )
    return IssueAgreement(issue, level, alpha, reason, len(keys), pairable, complete, exact, coded)


def _summary(
    kr: Any,
    rows: Sequence[IssueAgreement],
    units: Sequence[AgreementUnit],
    stance_keys: Sequence[Sequence[Any | None]],
) -> AgreementSummary:
    weighted = [(row.alpha, row.pairable) for row in rows if row.alpha is not None]
    total = sum(w for _, w in weighted)
    stance = sum(a * w for a, w in weighted) / total if total else None

    def figure(level: str, table: Sequence[Sequence[Any | None]]) -> Reliability:
        alpha, reason, pairable, exact = _reliability(
            kr, level, table, exact_of=[_agree(row) for row in table]
        )
        return Reliability(level, alpha, reason, len(table), pairable, exact)

    firmness = [
        [None if p is None else FIRMNESS_RANK[p.firmness] for p in u.positions] for u in units
    ]
    salience = [[None if p is None else p.salience for p in u.positions] for u in units]
    return AgreementSummary(
        stance=stance,
        stance_issues=len(weighted),
        exact=figure("nominal", stance_keys),
        firmness=figure("ordinal", firmness),
        salience=figure("interval", salience),
        units=len(units),
        disagreements=sum(1 for u in units if u.differs),
    )
