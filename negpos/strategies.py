"""Hypothesis strategies that generate valid negpos documents.

Every strategy here generates only documents that pass all of negpos' checks: stances fit their
issue's domain, references resolve, ids are unique, rounds are in date order. They are
registered with Hypothesis through its ``hypothesis`` entry point when negpos is installed, so
``st.from_type(negpos.Memorandum)`` and ``st.from_type(negpos.Negotiation)`` work in your tests.

Examples:
    >>> from hypothesis import given
    >>> from negpos import strategies as nst
    >>> @given(nst.issues().flatmap(lambda issue: nst.stances(issue).map(lambda s: (issue, s))))
    ... def test_stances_fit(pair):
    ...     issue, stance = pair
    ...     assert stance.problems(issue) == []
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from collections.abc import Sequence
from typing import Any, TypeVar

from hypothesis import strategies as st

from negpos._model.documents import (
    AlternativeGroup,
    Condition,
    Firmness,
    Memorandum,
    Option,
    Outcome,
    Party,
    Position,
    Role,
    Round,
    Source,
)
from negpos._model.issues import (
    BooleanIssue,
    CategoricalIssue,
    Distance,
    Element,
    Issue,
    Kind,
    NumericIssue,
    OrdinalIssue,
    Scale,
    SequenceIssue,
    SetIssue,
    TextIssue,
)
from negpos._model.negotiation import Negotiation
from negpos._model.stances import (
    BooleanStance,
    CategoricalStance,
    NumericStance,
    OrdinalStance,
    SequenceStance,
    SetStance,
    Stance,
    TextStance,
)

__all__ = [
    "agendas",
    "conditions",
    "elements",
    "issue_ids",
    "issues",
    "memoranda",
    "negotiations",
    "parties",
    "positions",
    "register_type_strategies",
    "slugs",
    "sources",
    "stances",
    "texts",
]

T = TypeVar("T")

_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def slugs(max_size: int = 8) -> st.SearchStrategy[str]:
    """Ids of parties, rounds and domain elements: short lower-case words."""
    return st.text(_LETTERS, min_size=1, max_size=max_size)


def issue_ids() -> st.SearchStrategy[str]:
    """Dotted issue ids such as ``ab.cde``."""
    return st.lists(slugs(6), min_size=1, max_size=3).map(".".join)


def texts(max_size: int = 40) -> st.SearchStrategy[str]:
    """Free text as analysts write it, including markup and control characters.

    Surrogates are left out: they cannot be written to a UTF-8 file.
    """
    return st.text(st.characters(codec="utf-8"), min_size=1, max_size=max_size)


def _unique(
    strategy: st.SearchStrategy[str], min_size: int, max_size: int
) -> st.SearchStrategy[list[str]]:
    return st.lists(strategy, min_size=min_size, max_size=max_size, unique=True)


def elements(
    min_size: int = 1, max_size: int = 6, *, weighted: bool = False
) -> st.SearchStrategy[tuple[Element, ...]]:
    """Domain elements with unique ids, some labelled, weighted where ``weighted`` is set."""

    def build(ids: list[str]) -> st.SearchStrategy[tuple[Element, ...]]:
        one = [
            st.builds(
                Element,
                id=st.just(i),
                label=st.none() | texts(20),
                weight=(st.none() | _weights()) if weighted else st.none(),
            )
            for i in ids
        ]
        return st.tuples(*one)

    return _unique(slugs(), min_size, max_size).flatmap(build)


def _weights() -> st.SearchStrategy[float]:
    return st.integers(1, 1000).map(lambda n: n / 10)


def _distances(options: tuple[Element, ...]) -> st.SearchStrategy[tuple[Distance, ...]]:
    pairs = list(itertools.combinations([o.id for o in options], 2))
    return st.lists(
        st.tuples(st.sampled_from(pairs), st.integers(1, 100)), unique_by=lambda t: t[0], max_size=3
    ).map(lambda chosen: tuple(Distance(between=p, value=v / 100) for p, v in chosen))


def _numeric_issue(iid: str, title: str, category: str) -> st.SearchStrategy[NumericIssue]:
    def build(log: bool, low: int, width: int, unit: str) -> NumericIssue:
        lower = float(low if not log else abs(low) + 1)
        return NumericIssue(
            id=iid,
            title=title,
            category=category,
            unit=unit,
            bounds=(lower, lower + width),
            scale=Scale.LOG if log else Scale.LINEAR,
        )

    return st.builds(
        build,
        st.booleans(),
        st.integers(-1000, 1000),
        st.integers(1, 1_000_000),
        st.sampled_from(["days", "personnel", "USD bn", "km"]),
    )


def issues(
    kinds: Sequence[Kind] | None = None, *, issue_id: str | None = None
) -> st.SearchStrategy[Issue]:
    """Issues of the given kinds (all seven by default), each with a valid domain.

    Args:
        kinds: Which kinds to generate.
        issue_id: A fixed id for the issue; random dotted ids otherwise.
    """
    chosen = list(kinds) if kinds is not None else list(Kind)

    def build(iid: str, title: str, category: str, kind: Kind) -> st.SearchStrategy[Issue]:
        common: dict[str, Any] = {"id": iid, "title": title, "category": category}
        if kind is Kind.BOOLEAN:
            return st.just(BooleanIssue(**common))
        if kind is Kind.TEXT:
            return st.just(TextIssue(**common))
        if kind is Kind.CATEGORICAL:
            return elements(2, 5).flatmap(
                lambda opts: _distances(opts).map(
                    lambda ds: CategoricalIssue(**common, options=opts, distances=ds)
                )
            )
        if kind is Kind.ORDINAL:
            return elements(2, 6).map(lambda levels: OrdinalIssue(**common, levels=levels))
        if kind is Kind.NUMERIC:
            return _numeric_issue(iid, title, category)
        if kind is Kind.SET:
            return elements(1, 6, weighted=True).map(lambda items: SetIssue(**common, items=items))
        return elements(2, 6).map(lambda steps: SequenceIssue(**common, steps=steps))

    return st.tuples(
        st.just(issue_id) if issue_id is not None else issue_ids(),
        texts(30),
        slugs(),
        st.sampled_from(chosen),
    ).flatmap(lambda t: build(*t))


def _ordered(values: list[float]) -> tuple[float, float]:
    return min(values), max(values)


def stances(issue: Issue) -> st.SearchStrategy[Stance]:
    """Stances that fit ``issue``: its kind and its domain."""
    ids = [e.id for e in issue.elements()]
    if isinstance(issue, BooleanIssue):
        return st.lists(st.booleans(), min_size=1, max_size=2, unique=True).flatmap(
            lambda acc: st.builds(
                BooleanStance,
                accepts=st.just(tuple(acc)),
                preferred=st.none() | st.sampled_from(acc),
            )
        )
    if isinstance(issue, CategoricalIssue):
        return _unique(st.sampled_from(ids), 1, len(ids)).flatmap(
            lambda acc: st.builds(
                CategoricalStance,
                accepts=st.just(tuple(acc)),
                preferred=st.none() | st.sampled_from(acc),
            )
        )
    if isinstance(issue, OrdinalIssue):
        return st.lists(st.integers(0, len(ids) - 1), min_size=2, max_size=2).flatmap(
            lambda pair: st.builds(
                OrdinalStance,
                lowest=st.just(ids[min(pair)]),
                highest=st.just(ids[max(pair)]),
                preferred=st.none() | st.sampled_from(ids[min(pair) : max(pair) + 1]),
            )
        )
    if isinstance(issue, NumericIssue):
        return _numeric_stance(issue)
    if isinstance(issue, SetIssue):
        return st.lists(st.sampled_from([0, 1, 2]), min_size=len(ids), max_size=len(ids)).map(
            lambda marks: SetStance(
                requires=tuple(i for i, m in zip(ids, marks, strict=True) if m == 1),
                forbids=tuple(i for i, m in zip(ids, marks, strict=True) if m == 2),
            )
        )
    if isinstance(issue, SequenceIssue):
        pairs = list(itertools.combinations(range(len(ids)), 2))
        return st.tuples(st.permutations(ids), st.lists(st.sampled_from(pairs), unique=True)).map(
            lambda t: SequenceStance(precedes=tuple((t[0][i], t[0][j]) for i, j in t[1]))
        )
    if isinstance(issue, TextIssue):
        return st.builds(TextStance, statement=texts())
    raise TypeError(f"no stance strategy for {type(issue).__name__}")


def _between(start: float, end: float, k: int, n: int) -> float:
    """The point ``k / n`` of the way from ``start`` to ``end``, kept within them.

    ``end - start`` can exceed the largest float for bounds near the float range; the
    halves' difference cannot.
    """
    span = end - start
    step = span * k / n if math.isfinite(span) else (end / 2 - start / 2) * k / n * 2
    return min(max(start + step, start), end)


def _numeric_stance(issue: NumericIssue) -> st.SearchStrategy[Stance]:
    low, high = issue.bounds
    # Round values on a grid of the span so that examples stay readable and shrink well.
    value = st.integers(0, 1000).map(lambda k: _between(low, high, k, 1000))

    def build(a: float | None, b: float | None, pref: int | None) -> NumericStance:
        lo, hi = (a, b) if a is None or b is None else _ordered([a, b])
        preferred = None
        if pref is not None:
            start = low if lo is None else lo
            end = high if hi is None else hi
            preferred = _between(start, end, pref, 10)
        return NumericStance(min=lo, max=hi, preferred=preferred)

    return st.builds(build, st.none() | value, st.none() | value, st.none() | st.integers(0, 10))


def sources() -> st.SearchStrategy[Source]:
    """Citations with a document title, a URL, or both."""
    url = slugs().map(lambda s: f"https://example.org/{s}")
    date = st.dates(dt.date(2000, 1, 1), dt.date(2030, 12, 31))
    return st.one_of(
        st.builds(Source, url=url),
        st.builds(
            Source,
            document=texts(),
            publisher=st.none() | texts(20),
            section=st.none() | texts(10),
            quote=st.none() | texts(),
            url=st.none() | url,
            date=st.none() | date,
            language=st.none() | st.sampled_from(["en", "uk", "ru", "de", "fr"]),
            note=st.none() | texts(),
        ),
    )


def conditions(issue: Issue, agenda: Sequence[Issue]) -> st.SearchStrategy[tuple[Condition, ...]]:
    """Conditions a position on ``issue`` may state: at most one, on another typed issue."""
    typed = [i for i in agenda if i.id != issue.id and i.kind is not Kind.TEXT]
    if not typed:
        return st.just(())
    one = st.sampled_from(typed).flatmap(
        lambda other: st.builds(Condition, issue=st.just(other.id), stance=stances(other))
    )
    return st.lists(one, max_size=1).map(tuple)


def positions(issue: Issue, agenda: Sequence[Issue] = ()) -> st.SearchStrategy[Position]:
    """Positions on ``issue``; links and conditions, where any, name other issues of ``agenda``."""
    others = [i.id for i in agenda if i.id != issue.id]
    links = _unique(st.sampled_from(others), 0, 2).map(tuple) if others else st.just(())
    return st.builds(
        Position,
        issue=st.just(issue.id),
        stance=stances(issue),
        salience=st.integers(0, 20).map(lambda n: n / 20),
        firmness=st.sampled_from(list(Firmness)),
        conditions=conditions(issue, agenda),
        links=links,
        sources=st.lists(sources(), max_size=2).map(tuple),
        note=st.none() | texts(),
    )


def agendas(min_size: int = 1, max_size: int = 8) -> st.SearchStrategy[tuple[Issue, ...]]:
    """Agendas: issues of mixed kinds with unique ids."""
    return _unique(issue_ids(), min_size, max_size).flatmap(
        lambda ids: st.tuples(*(issues(issue_id=i) for i in ids))
    )


def _positions_on(
    agenda: Sequence[Issue], chosen: list[Issue]
) -> st.SearchStrategy[tuple[Position, ...]]:
    return st.tuples(*(positions(issue, agenda) for issue in chosen))


def _subset(items: Sequence[T], min_size: int = 0) -> st.SearchStrategy[list[T]]:
    if not items:
        return st.just([])
    return st.lists(
        st.sampled_from(range(len(items))), unique=True, min_size=min_size, max_size=len(items)
    ).map(lambda idx: [items[i] for i in sorted(idx)])


def _alternatives(agenda: Sequence[Issue]) -> st.SearchStrategy[tuple[AlternativeGroup, ...]]:
    if not agenda:
        return st.just(())
    option = st.tuples(
        slugs(),
        st.none() | texts(20),
        _subset(agenda, 1).flatmap(lambda chosen: _positions_on(agenda, chosen)),
    )
    group = st.tuples(
        slugs(),
        st.none() | texts(20),
        st.lists(option, min_size=2, max_size=3, unique_by=lambda o: o[0]),
    ).map(
        lambda g: AlternativeGroup(
            id=g[0],
            label=g[1],
            options=tuple(Option(id=o[0], label=o[1], positions=o[2]) for o in g[2]),
        )
    )
    return st.lists(group, max_size=2, unique_by=lambda g: g.id).map(tuple)


def memoranda(
    agenda: Sequence[Issue], party: str = "a", round_id: str | None = None
) -> st.SearchStrategy[Memorandum]:
    """Memoranda of ``party`` on part of ``agenda``, some with alternatives and withdrawals.

    Args:
        agenda: The issues positions may address.
        party: The party's id.
        round_id: The round's id, or None to leave it to the enclosing round.
    """
    items = list(agenda)

    def build(stated: list[Issue]) -> st.SearchStrategy[Memorandum]:
        rest = [i for i in items if i not in stated]
        return st.builds(
            Memorandum,
            party=st.just(party),
            round=st.just(round_id),
            title=st.none() | texts(),
            date=st.none() | st.dates(dt.date(2000, 1, 1), dt.date(2030, 12, 31)),
            positions=_positions_on(items, stated),
            alternatives=_alternatives(items),
            withdrawn=_subset(rest).map(lambda ws: tuple(w.id for w in ws)),
            sources=st.lists(sources(), max_size=2).map(tuple),
            note=st.none() | texts(),
        )

    return _subset(items).flatmap(build)


def parties(min_size: int = 1, max_size: int = 4) -> st.SearchStrategy[tuple[Party, ...]]:
    """Parties with unique ids and mixed roles."""
    return _unique(slugs(4), min_size, max_size).flatmap(
        lambda ids: st.tuples(
            *(
                st.builds(
                    Party,
                    id=st.just(i),
                    name=texts(20),
                    role=st.sampled_from(list(Role)),
                    note=st.none() | texts(),
                )
                for i in ids
            )
        )
    )


def _outcomes(
    agenda: Sequence[Issue], party_ids: Sequence[str]
) -> st.SearchStrategy[tuple[Outcome, ...]]:
    def one(issue: Issue | None) -> st.SearchStrategy[Outcome]:
        return st.builds(
            Outcome,
            summary=texts(),
            issue=st.just(None if issue is None else issue.id),
            stance=st.none() if issue is None else (st.none() | stances(issue)),
            parties=_subset(list(party_ids)).map(tuple),
            sources=st.lists(sources(), max_size=1).map(tuple),
        )

    choices: list[Issue | None] = [None, *agenda]
    return st.lists(st.sampled_from(choices).flatmap(one), max_size=2).map(tuple)


def negotiations(
    max_parties: int = 4, max_issues: int = 6, max_rounds: int = 4
) -> st.SearchStrategy[Negotiation]:
    """Whole negotiations: parties, an agenda, and rounds in date order with memoranda.

    Args:
        max_parties: The most parties to generate (at least one).
        max_issues: The most agenda issues.
        max_rounds: The most rounds.
    """

    def with_rounds(
        ps: tuple[Party, ...], agenda: tuple[Issue, ...]
    ) -> st.SearchStrategy[Negotiation]:
        party_ids = [p.id for p in ps]

        def one_round(rid: str, date: dt.date) -> st.SearchStrategy[Round]:
            return _subset(party_ids).flatmap(
                lambda tabling: st.builds(
                    Round,
                    id=st.just(rid),
                    date=st.just(date),
                    label=st.none() | texts(20),
                    venue=st.none() | texts(20),
                    memoranda=st.tuples(*(memoranda(agenda, p) for p in tabling)),
                    agreed=_outcomes(agenda, party_ids),
                    sources=st.lists(sources(), max_size=1).map(tuple),
                )
            )

        rounds = st.tuples(
            _unique(slugs(6), 0, max_rounds),
            st.lists(st.integers(0, 60), min_size=max_rounds, max_size=max_rounds),
        ).flatmap(
            lambda t: st.tuples(
                *(
                    one_round(rid, dt.date(2025, 1, 1) + dt.timedelta(days=sum(t[1][: k + 1])))
                    for k, rid in enumerate(t[0])
                )
            )
        )
        return st.builds(
            Negotiation,
            title=texts(),
            description=st.none() | texts(),
            parties=st.just(ps),
            issues=st.just(agenda),
            rounds=rounds,
            sources=st.lists(sources(), max_size=2).map(tuple),
            note=st.none() | texts(),
        )

    return st.tuples(parties(1, max_parties), agendas(0, max_issues)).flatmap(
        lambda t: with_rounds(*t)
    )


def _issue_and(fn: Any) -> st.SearchStrategy[Any]:
    return issues().flatmap(fn)


def register_type_strategies() -> None:
    """Register these strategies with Hypothesis for negpos' public model classes.

    Called by Hypothesis itself through the ``hypothesis`` entry point; calling it again is
    harmless.
    """
    kind_issue: dict[type[Issue], Kind] = {
        BooleanIssue: Kind.BOOLEAN,
        CategoricalIssue: Kind.CATEGORICAL,
        OrdinalIssue: Kind.ORDINAL,
        NumericIssue: Kind.NUMERIC,
        SetIssue: Kind.SET,
        SequenceIssue: Kind.SEQUENCE,
        TextIssue: Kind.TEXT,
    }
    kind_stance: dict[type[Stance], Kind] = {
        BooleanStance: Kind.BOOLEAN,
        CategoricalStance: Kind.CATEGORICAL,
        OrdinalStance: Kind.ORDINAL,
        NumericStance: Kind.NUMERIC,
        SetStance: Kind.SET,
        SequenceStance: Kind.SEQUENCE,
        TextStance: Kind.TEXT,
    }
    register = st.register_type_strategy
    register(Issue, issues())
    for cls, kind in kind_issue.items():
        register(cls, issues([kind]))
    register(Stance, issues().flatmap(stances))
    for scls, kind in kind_stance.items():
        register(scls, issues([kind]).flatmap(stances))
    register(Element, elements(1, 1).map(lambda es: es[0]))
    register(Source, sources())
    register(Party, parties(1, 1).map(lambda ps: ps[0]))
    register(Position, issues().flatmap(positions))
    register(Memorandum, agendas(0, 5).flatmap(memoranda))
    register(
        Round,
        negotiations(max_rounds=1).filter(lambda n: bool(n.rounds)).map(lambda n: n.rounds[0]),
    )
    register(Negotiation, negotiations())
