"""Reports: the analyses of a round or of a whole negotiation, gathered for rendering.

A report holds no text of its own and knows no output format: it bundles the results an
analyst reads together (a round's comparison and each side's moves since its previous round;
or the matrix and the trajectories of a whole negotiation) with the context a reader needs
(titles, dates, party names) and a numbered index of the sources they cite. The renderers in
``negpos._render`` turn a report into Markdown, HTML, JSON or a terminal table.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from concurrent.futures import Executor
from typing import Any

import attrs

from negpos._analysis.changes import ChangeSet, Movement, PositionChange, changes_in
from negpos._analysis.compare.memoranda import compare_in
from negpos._analysis.comparison import Comparison
from negpos._analysis.matrix import Matrix, matrix
from negpos._analysis.renderable import Renderable
from negpos._analysis.robust.compared import robust as robust_comparison
from negpos._analysis.robust.results import RobustComparison
from negpos._analysis.settled import AgreedOutcome, agreed_in
from negpos._analysis.trajectory import Trajectory, trajectory
from negpos._analysis.withdrawals import Withdrawal, withdrawals_in
from negpos._errors import NotFoundError, excerpt
from negpos._model.documents import Party, Position, Round, Source
from negpos._model.negotiation import Negotiation
from negpos._model.reprs import guarded, plural, quoted, tag
from negpos._model.selection import previous_round, resolve_pair, resolve_round

__all__ = [
    "Citations",
    "NegotiationReport",
    "RoundReport",
    "SourceIndex",
    "moved",
    "negotiation_report",
    "positions_cited",
    "round_report",
    "source_key",
]


def source_key(source: Source) -> tuple[str, ...]:
    """What makes two citations cite the same source: its web address, else its title.

    Two citations with the same URL cite one source, however else they differ (one may give
    the URL alone, another a title and publisher; each may cite its own section or quote).
    URLs are compared without their ``#fragment`` and trailing ``/``, and with the scheme
    and host in lower case. A source without a URL is identified by its document title and
    publisher.

    Args:
        source: A source as cited.

    Returns:
        A key equal for every citation of the same source.

    Examples:
        >>> from negpos import Source
        >>> source_key(Source(url="https://Example.org/page/#top"))
        ('url', 'https://example.org/page')
        >>> source_key(Source(document="Memorandum", publisher="TASS"))
        ('document', 'Memorandum', 'TASS')
    """
    if source.url:
        return ("url", _normal_url(source.url))
    return ("document", source.document or "", source.publisher or "")


def _normal_url(url: str) -> str:
    base = url.split("#", 1)[0]
    scheme, sep, rest = base.partition("://")
    if sep:
        host, slash, path = rest.partition("/")
        base = f"{scheme.lower()}://{host.lower()}{slash}{path}"
    return base.rstrip("/") or base


# The fields of a source that describe the document, merged over its citations: each takes
# the first value given. Section and quote belong to one citation; notes are all kept.
_DOCUMENT_FIELDS = ("document", "publisher", "url", "date", "accessed", "language")


def _merge(citations: tuple[Source, ...]) -> Source:
    """One source from every citation of it: the document's details, the passage if one."""
    first = citations[0]
    if len(citations) == 1:
        return first
    update: dict[str, Any] = {}
    for field in _DOCUMENT_FIELDS:
        update[field] = next(
            (v for v in (getattr(s, field) for s in citations) if v is not None), None
        )
    passages = _passages(citations)
    update["section"], update["quote"] = passages[0] if len(passages) == 1 else (None, None)
    notes = dict.fromkeys(s.note for s in citations if s.note)
    update["note"] = "; ".join(notes) or None
    return Source(**{**first.model_dump(), **update})


def _passages(citations: Iterable[Source]) -> tuple[tuple[str | None, str | None], ...]:
    """The distinct (section, quote) pairs cited, leaving out citations of the whole source."""
    found = dict.fromkeys((s.section, s.quote) for s in citations)
    found.pop((None, None), None)
    return tuple(found)


@attrs.frozen
class SourceIndex:
    """The sources a report cites, numbered from 1 in the order they are first cited.

    One source, one number: citations of the same source (see ``source_key``: the same
    URL, or without one the same title and publisher) share a number, and the source listed
    under it merges their details (the first title, publisher and date given; every note).
    The passages cited (section and quote) stay with each citation: ``passages(n)`` lists
    them when a source is cited at more than one.

    Attributes:
        sources: The distinct sources, merged, in citation order; source ``n`` is
            ``sources[n - 1]``.
        citations: For each source, the distinct citations of it, in the order first cited
            (empty for an index built from ``sources`` alone).
    """

    sources: tuple[Source, ...] = ()
    citations: tuple[tuple[Source, ...], ...] = ()

    @classmethod
    def of(cls, cited: Iterable[Source]) -> SourceIndex:
        """Number the distinct sources of ``cited`` in the order they first appear."""
        groups: dict[tuple[str, ...], dict[Source, None]] = {}
        for s in cited:
            groups.setdefault(source_key(s), {})[s] = None
        citations = tuple(tuple(g) for g in groups.values())
        return cls(tuple(_merge(c) for c in citations), citations)

    @classmethod
    def of_comparison(cls, comparison: Comparison) -> SourceIndex:
        """The sources a comparison shown on its own cites, in the order it shows them."""
        return cls.of(s for p in positions_cited(comparison) for s in p.sources)

    @classmethod
    def of_changes(cls, changes: ChangeSet) -> SourceIndex:
        """The sources a change set shown on its own cites, in the order it shows them.

        The positions it lists, each earlier one before the later one, then the outcomes
        agreed between its rounds.
        """
        cited = [s for item in moved(changes) for s in _change_sources(item)]
        cited += (s for o in changes.agreed for s in o.outcome.sources)
        return cls.of(cited)

    @functools.cached_property
    def _numbers(self) -> dict[tuple[str, ...], int]:
        # Built once per index: a report looks a number up for every citation it prints.
        numbers: dict[tuple[str, ...], int] = {}
        for n, s in enumerate(self.sources, start=1):
            numbers.setdefault(source_key(s), n)
        return numbers

    def number(self, source: Source) -> int:
        """The number of ``source`` in the index (1-based).

        Raises:
            NotFoundError: The source is not in the index.
        """
        found = self._numbers.get(source_key(source))
        if found is None:
            raise NotFoundError(f"the report does not cite {excerpt(source.label)}")
        return found

    def numbers(self, sources: Iterable[Source]) -> tuple[int, ...]:
        """The numbers of several sources, in their order.

        Raises:
            NotFoundError: A source is not in the index.
        """
        return tuple(self.number(s) for s in sources)

    def passages(self, number: int) -> tuple[tuple[str | None, str | None], ...]:
        """The (section, quote) of each passage cited of source ``number``, if more than one.

        Empty when the source is cited at one passage at most (the merged source itself
        carries that one); citations of the whole source are not passages.
        """
        if number > len(self.citations):
            return ()
        found = _passages(self.citations[number - 1])
        return found if len(found) > 1 else ()

    def to_dict(self) -> list[dict[str, Any]]:
        """The index as JSON-ready data: each source with its number, and its passages.

        ``passages`` (each a ``section`` and a ``quote``) is given for a source cited at
        more than one passage.
        """
        out = []
        for n, s in enumerate(self.sources, start=1):
            entry = {"number": n, **s.to_dict()}
            passages = self.passages(n)
            if passages:
                entry["passages"] = [{"section": sc, "quote": q} for sc, q in passages]
            out.append(entry)
        return out

    @guarded
    def __repr__(self) -> str:
        """``<SourceIndex N sources>``."""
        return tag("SourceIndex", plural(len(self.sources), "source"))


class Citations:
    """A [`SourceIndex`][negpos._analysis.reports.SourceIndex] built while a page is written.

    Renderers that cite sources as they write their rows, rather than from an index made
    beforehand, number them here: ``number`` gives a source its number when first cited, and
    the same number to every later citation of the same source (by ``source_key``, as the
    index numbers them); ``index`` is then the index of everything cited, in the same
    numbering, for the list of sources at the end.

    Examples:
        >>> from negpos._model.documents import Source
        >>> cite = Citations()
        >>> bare = Source(url="https://example.org/memo")
        >>> titled = Source(url="https://example.org/memo#s2", document="The memo")
        >>> cite.numbers([bare, Source(url="https://example.org/other"), titled])
        (1, 2, 1)
        >>> [s.label for s in cite.index().sources]
        ['The memo', 'https://example.org/other']
    """

    def __init__(self) -> None:
        self._cited: dict[Source, None] = {}
        self._numbers: dict[tuple[str, ...], int] = {}

    def number(self, source: Source) -> int:
        """The number of ``source``: a new one if no citation of it came before."""
        self._cited[source] = None
        return self._numbers.setdefault(source_key(source), len(self._numbers) + 1)

    def numbers(self, sources: Iterable[Source]) -> tuple[int, ...]:
        """The numbers of several sources, in their order."""
        return tuple(self.number(s) for s in sources)

    def __len__(self) -> int:
        """How many distinct sources have been cited."""
        return len(self._numbers)

    def index(self) -> SourceIndex:
        """The sources cited so far, merged and numbered as ``number`` numbered them."""
        return SourceIndex.of(self._cited)

    @guarded
    def __repr__(self) -> str:
        """``<Citations N sources>``."""
        return tag("Citations", plural(len(self), "source"))


def _change_sources(item: PositionChange) -> Iterator[Source]:
    """The sources a change's row cites: the earlier position's, then the later one's."""
    for p in (item.before, item.after):
        if p is not None:
            yield from p.sources


def _party_dict(party: Party) -> dict[str, Any]:
    return party.to_dict()


def _round_ref(rnd: Round) -> dict[str, Any]:
    return {"id": rnd.id, "date": rnd.date.isoformat(), "label": rnd.label}


def _round_dict(rnd: Round) -> dict[str, Any]:
    return {
        "id": rnd.id,
        "date": rnd.date.isoformat(),
        "label": rnd.label,
        "venue": rnd.venue,
        "memoranda": [
            {
                "party": m.party,
                "title": m.title,
                "date": None if m.date is None else m.date.isoformat(),
                "positions": len(m.positions),
                "alternatives": len(m.alternatives),
                "withdrawn": list(m.withdrawn),
            }
            for m in rnd.memoranda
        ],
    }


@attrs.frozen
class RoundReport(Renderable):
    """Two parties at one round: the comparison, and how each side moved since its last round.

    Attributes:
        title: The negotiation's title.
        round: The round reported on.
        parties: The two parties, in the comparison's order.
        comparison: The two parties' positions compared at the round.
        tabled_only: Whether only what was tabled in the round was compared, rather than the
            positions standing at that round.
        changes: For each party that tabled positions in an earlier round, its moves from
            its previous round to this one, measured against the other party's positions in
            that previous round; in the order of ``parties``.
        sources: Every source the report cites, numbered.
        earlier: The rounds the changes start from, in date order.
        origins: The earlier rounds in which positions standing at ``round`` were tabled
            (the rows' ``since_a`` and ``since_b``), in date order, so that the report can
            say "standing since" a round by its name.
        withdrawals: The positions either party withdrew at ``round``, with the rounds
            they had been tabled in.
        agreed: The outcomes either party agreed at the table at ``round`` (since the
            round before it), typed or in words. The issues the two settled show in the
            comparison as ``settled``.
        robust: With ``round_report(..., robust=True)``, the comparison under every reading
            of the positions; None otherwise.
    """

    title: str
    round: Round
    parties: tuple[Party, Party]
    comparison: Comparison
    tabled_only: bool
    changes: tuple[ChangeSet, ...]
    sources: SourceIndex
    earlier: tuple[Round, ...] = ()
    origins: tuple[Round, ...] = ()
    withdrawals: tuple[Withdrawal, ...] = ()
    agreed: tuple[AgreedOutcome, ...] = ()
    robust: RobustComparison | None = None

    def party(self, party_id: str) -> Party:
        """The party of the report with this id.

        Raises:
            NotFoundError: The report is not about that party.
        """
        for p in self.parties:
            if p.id == party_id:
                return p
        raise NotFoundError(f"the report is not about a party {excerpt(party_id)}")

    def to_dict(self) -> dict[str, Any]:
        """The report as JSON-ready data, in a deterministic order.

        Each change set is its ``moves_dict()``: its ``to_dict()`` without ``raw`` and
        ``patch``.
        """
        return {
            "title": self.title,
            "round": _round_dict(self.round),
            "parties": [_party_dict(p) for p in self.parties],
            "tabled_only": self.tabled_only,
            "comparison": self.comparison.to_dict(),
            # The raw differences and patches are left to the change sets themselves
            # (``negpos changes --format json``): a report shows the moves.
            "changes": [c.moves_dict() for c in self.changes],
            "origins": [_round_ref(r) for r in self.origins],
            "withdrawals": [w.to_dict() for w in self.withdrawals],
            "agreed": [o.to_dict() for o in self.agreed],
            "sources": self.sources.to_dict(),
            **({} if self.robust is None else {"robust": self.robust.to_dict()}),
        }

    @guarded
    def __repr__(self) -> str:
        """``<RoundReport 'title' at round: a–b; N issues; N change sets>``, on one line."""
        a, b = (p.id for p in self.parties)
        robust = "; robust" if self.robust is not None else ""
        return tag(
            "RoundReport",
            f"{quoted(self.title, 60)} at {self.round.id}: {a}–{b}; "
            f"{plural(len(self.comparison.rows), 'issue')}; "
            f"{plural(len(self.changes), 'change set')}{robust}",
        )


@attrs.frozen
class NegotiationReport(Renderable):
    """A whole negotiation at a glance: the rounds and the matrix of every pair of parties.

    Attributes:
        title: The negotiation's title.
        description: What the negotiation is about, if the dataset says.
        parties: Every party, mediator and observer, in the negotiation's order.
        rounds: The rounds, in date order.
        matrix: Every pair of parties holding positions, compared at one round.
        trajectories: Every pair of the matrix followed across the rounds, in the matrix's
            order of pairs.
        focus: The two parties whose trajectory the report shows issue by issue.
        withdrawals: Every party's withdrawals, round by round.
        agreed: Every outcome agreed at the table, round by round.
        sources: Every source the report cites, numbered: each round's own sources and its
            memoranda's, round by round, then the outcomes agreed.
    """

    title: str
    description: str | None
    parties: tuple[Party, ...]
    rounds: tuple[Round, ...]
    matrix: Matrix
    trajectories: tuple[Trajectory, ...]
    focus: tuple[str, str]
    withdrawals: tuple[Withdrawal, ...] = ()
    agreed: tuple[AgreedOutcome, ...] = ()
    sources: SourceIndex = SourceIndex()

    def trajectory(self, a: str, b: str) -> Trajectory:
        """The trajectory of parties ``a`` and ``b``, in that order.

        Raises:
            NotFoundError: The report has no trajectory of that pair.
        """
        for t in self.trajectories:
            if (t.party_a, t.party_b) == (a, b):
                return t
        raise NotFoundError(f"the report has no trajectory of {excerpt(a)} and {excerpt(b)}")

    @property
    def focus_trajectory(self) -> Trajectory:
        """The trajectory of the ``focus`` pair."""
        return self.trajectory(*self.focus)

    def party(self, party_id: str) -> Party:
        """The party with this id.

        Raises:
            NotFoundError: The negotiation has no such party.
        """
        for p in self.parties:
            if p.id == party_id:
                return p
        raise NotFoundError(f"no party {excerpt(party_id)}")

    def to_dict(self) -> dict[str, Any]:
        """The report as JSON-ready data, in a deterministic order."""
        return {
            "title": self.title,
            "description": self.description,
            "parties": [_party_dict(p) for p in self.parties],
            "rounds": [_round_dict(r) for r in self.rounds],
            "matrix": self.matrix.to_dict(),
            "trajectories": [t.to_dict() for t in self.trajectories],
            "focus": list(self.focus),
            "withdrawals": [w.to_dict() for w in self.withdrawals],
            "agreed": [o.to_dict() for o in self.agreed],
            "sources": self.sources.to_dict(),
        }

    @guarded
    def __repr__(self) -> str:
        """``<NegotiationReport 'title': N parties, N rounds, N pairs, N trajectories>``."""
        return tag(
            "NegotiationReport",
            f"{quoted(self.title, 60)}: {plural(len(self.parties), 'party', 'parties')}, "
            f"{plural(len(self.rounds), 'round')}, {plural(len(self.matrix.pairs), 'pair')}, "
            f"{plural(len(self.trajectories), 'trajectory', 'trajectories')}",
        )


def positions_cited(comparison: Comparison) -> Iterator[Position]:
    """Every position a comparison shows, in the order a report shows them.

    Both parties' positions issue by issue, then each option's own positions.
    """
    for c in comparison.rows:
        if c.position_a is not None:
            yield c.position_a
        if c.position_b is not None:
            yield c.position_b
    for group in comparison.alternatives:
        for option in group.options:
            for c in option.rows:
                own = c.position_a if c.party_a == option.party else c.position_b
                if own is not None:
                    yield own


def moved(changes: ChangeSet) -> tuple[PositionChange, ...]:
    """The items of a change set a report lists.

    Every item whose stance moved, and every unchanged stance whose salience, firmness or
    links changed. A position restated with nothing new but its sources is left out: it is
    not a move, and listing it would bury the moves.
    """
    return tuple(c for c in changes.rows if c.movement is not Movement.UNCHANGED or _reweighed(c))


def _reweighed(c: PositionChange) -> bool:
    return (
        c.salience_before != c.salience_after
        or c.firmness_before is not c.firmness_after
        or bool(c.links_added or c.links_removed)
    )


def round_report(
    negotiation: Negotiation,
    a: str | None = None,
    b: str | None = None,
    *,
    round_id: str | None = None,
    tabled_only: bool = False,
    robust: bool = False,
    executor: Executor | None = None,
) -> RoundReport:
    """Build the report of two parties at one round.

    Args:
        negotiation: The negotiation.
        a: The first party's id; with ``b`` left out too, the default pair: with exactly
            two parties of role ``party``, those two, otherwise the first two listed.
        b: The second party's id.
        round_id: The round's id; None for the latest round in which both parties tabled
            positions.
        tabled_only: Compare only what each party tabled in the round, instead of the
            positions standing at that round.
        robust: Also compare the two parties under every combination of the readings of
            their positions (see [`robust`][negpos.robust]); the report then shows every
            figure's range and the issues whose status depends on reading.
        executor: With ``robust``, a ``concurrent.futures.Executor`` to run the comparisons
            on.

    Returns:
        The report.

    Raises:
        UsageError: Only one party is named, or the same party twice.
        NotFoundError: A party or the round does not exist, or (with no round given) the
            parties never tabled positions in the same round.
        InputError: No party is named and the negotiation has only one.

    Examples:
        >>> import negpos
        >>> report = negpos.round_report(negpos.bundled(), round_id="istanbul-2")
        >>> [p.id for p in report.parties], report.round.date.isoformat()
        (['ru', 'ua'], '2025-06-02')
    """
    a, b = resolve_pair(negotiation, a, b, what="a report")
    rnd = resolve_round(negotiation, round_id, (a, b))
    comparison = compare_in(negotiation, a, b, round_id=rnd.id, tabled_only=tabled_only)
    changes: list[ChangeSet] = []
    for party, other in ((a, b), (b, a)):
        before = previous_round(negotiation, party, rnd.id)
        if before is not None:
            changes.append(
                changes_in(
                    negotiation,
                    party,
                    from_round=before,
                    to_round=rnd.id,
                    counterpart=other,
                    tabled_only=tabled_only,
                )
            )
    # Sources are numbered in the order the report shows them: the round and its documents,
    # the issue table, the alternatives, then the earlier positions of the changes.
    cited: list[Source] = list(rnd.sources)
    for party in (a, b):
        memo = rnd.memorandum(party)
        if memo is not None:
            cited.extend(memo.sources)
    order = [r.id for r in negotiation.rounds]
    k = order.index(rnd.id)
    previous = order[k - 1] if k else None
    agreed = agreed_in(negotiation, (a, b), after=previous, through=rnd.id)
    cited.extend(s for o in agreed for s in o.outcome.sources)
    cited.extend(s for p in positions_cited(comparison) for s in p.sources)
    cited.extend(s for c in comparison.rows if c.outcome is not None for s in c.outcome.sources)
    cited.extend(s for c in changes for item in moved(c) for s in _change_sources(item))
    cited.extend(s for c in changes for o in c.agreed for s in o.outcome.sources)
    starts = {c.from_round for c in changes}
    since = _origins(comparison) - {rnd.id}
    withdrawn = withdrawals_in(negotiation, (a, b), after=previous, through=rnd.id)
    under = None
    if robust:
        under = robust_comparison(
            negotiation, a, b, round_id=rnd.id, tabled_only=tabled_only, executor=executor
        )
    return RoundReport(
        title=negotiation.title,
        round=rnd,
        parties=(negotiation.party(a), negotiation.party(b)),
        comparison=comparison,
        tabled_only=tabled_only,
        changes=tuple(changes),
        sources=SourceIndex.of(cited),
        earlier=tuple(r for r in negotiation.rounds if r.id in starts),
        origins=tuple(r for r in negotiation.rounds if r.id in since),
        withdrawals=withdrawn,
        agreed=agreed,
        robust=under,
    )


def _origins(comparison: Comparison) -> set[str]:
    """The rounds the positions a comparison shows were tabled in."""
    found = {r for c in comparison.rows for r in (c.since_a, c.since_b) if r is not None}
    for group in comparison.alternatives:
        for option in group.options:
            found.update(r for c in option.rows for r in (c.since_a, c.since_b) if r)
    return found


def negotiation_report(
    negotiation: Negotiation,
    a: str | None = None,
    b: str | None = None,
    *,
    round_id: str | None = None,
) -> NegotiationReport:
    """Build the report of a whole negotiation.

    Args:
        negotiation: The negotiation.
        a: The first party of the pair the report follows issue by issue across the rounds;
            with ``b`` left out too, the default pair, as in
            [`round_report`][negpos.round_report].
        b: The second party of that pair.
        round_id: The round at which the matrix compares every pair of parties, on the
            positions standing there; None for the last round, which shows where things
            stand at the end.

    Returns:
        The report, with a trajectory for every pair of parties in the matrix.

    Raises:
        UsageError: Only one party is named, or the same party twice.
        NotFoundError: The round or a party does not exist, the negotiation has no rounds,
            or the two parties never hold positions at the same round.

    Examples:
        >>> import negpos
        >>> report = negpos.negotiation_report(negpos.bundled())
        >>> report.matrix.parties
        ('ru', 'ua', 'us', 'e3', 'coalition', 'eu')
        >>> report.focus
        ('ru', 'ua')
    """
    a, b = resolve_pair(negotiation, a, b, what="a report")
    if round_id is None:
        if not negotiation.rounds:
            raise NotFoundError("the negotiation has no rounds")
        round_id = negotiation.rounds[-1].id
    grid = matrix(negotiation, round_id=round_id)
    trajectories = [trajectory(negotiation, p.party_a, p.party_b) for p in grid.pairs]
    if not any((t.party_a, t.party_b) == (a, b) for t in trajectories):
        trajectories.append(trajectory(negotiation, a, b))
    agreed = agreed_in(
        negotiation,
        [p.id for p in negotiation.parties],
        after=None,
        through=negotiation.rounds[-1].id,
    )
    # Numbered in the order the report shows them: the rounds table (each round's sources,
    # then its memoranda's), then the outcomes agreed.
    cited: list[Source] = []
    for rnd in negotiation.rounds:
        cited.extend(rnd.sources)
        cited.extend(s for memo in rnd.memoranda for s in memo.sources)
    cited.extend(s for o in agreed for s in o.outcome.sources)
    return NegotiationReport(
        title=negotiation.title,
        description=negotiation.description,
        parties=negotiation.parties,
        rounds=negotiation.rounds,
        matrix=grid,
        trajectories=tuple(trajectories),
        focus=(a, b),
        withdrawals=withdrawals_in(negotiation),
        agreed=agreed,
        sources=SourceIndex.of(cited),
    )
