"""What the templates of every format need beside the results: names, groupings, sources.

The Markdown and HTML templates read results through a view: party names for ids, issues
grouped by category, the moves a report lists, a trajectory's cells by issue and round. Each
format's view adds how it cites a source (a linked number in Markdown, a link with a tooltip
in HTML); the rest is the same, so the two formats cannot drift apart in what they show.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Final

import attrs

from negpos._analysis.changes import ChangeSet, Movement, PositionChange
from negpos._analysis.comparison import IssueComparison
from negpos._analysis.reports import Citations, SourceIndex, moved
from negpos._analysis.settled import AgreedOutcome
from negpos._analysis.trajectory import Trajectory, TrajectoryPoint
from negpos._analysis.withdrawals import Withdrawal
from negpos._model.documents import Position, Source
from negpos._render.fieldchanges import FieldChanges, field_changes
from negpos._render.words import comparison_details, withdrawal_words

__all__ = ["RoundRef", "View", "cite_links", "listed_sources", "split_urls", "web"]


def web(url: str | None) -> str | None:
    """The address if it is an http or https one, else None: nothing else becomes a link."""
    if url is not None and url.startswith(("https://", "http://")):
        return url
    return None


def cite_links(cite: Citations, sources: Iterable[Source]) -> list[tuple[int, str | None]]:
    """(number, web address or None) for each source, numbered by ``cite``: a page's links."""
    sources = tuple(sources)
    return [(n, web(s.url)) for n, s in zip(cite.numbers(sources), sources, strict=True)]


def listed_sources(cite: Citations) -> list[tuple[int, Source, str | None]]:
    """(number, source, web address or None) for each source ``cite`` numbered: the list.

    Each source as the index merges it (its title, where any citation of it gives one).
    """
    return [(n, s, web(s.url)) for n, s in enumerate(cite.index().sources, start=1)]


# An http or https address in prose: up to white space, a quote or an angle bracket.
_URL_IN_TEXT: Final = re.compile(r"https?://[^\s<>\"'`]+")
# Punctuation that ends a sentence rather than the address it follows.
_TRAILING: Final = ".,;:!?]}*_"


def split_urls(text: str) -> Iterator[tuple[str, bool]]:
    """Cut prose into pieces: (text, False) for words, (address, True) for web addresses.

    Only http and https addresses are found (see ``web``). A sentence's final punctuation
    is not part of the address, nor is a closing parenthesis the address does not open.
    Joined, the pieces give back the text.

    Examples:
        >>> list(split_urls("See https://example.org/a. Done"))
        [('See ', False), ('https://example.org/a', True), ('. Done', False)]
    """
    end = 0
    for match in _URL_IN_TEXT.finditer(text):
        url = match.group()
        while url and (
            url[-1] in _TRAILING or (url[-1] == ")" and url.count("(") < url.count(")"))
        ):
            url = url[:-1]
        if web(url) is None or url.endswith("//"):
            continue
        start = match.start()
        if start > end:
            yield text[end:start], False
        yield url, True
        end = start + len(url)
    if end < len(text):
        yield text[end:], False


@attrs.frozen
class RoundRef:
    """A round known only by its id and date (a trajectory rendered on its own)."""

    id: str
    date: _dt.date
    label: str | None = None


class View:
    """The names, groupings and numbered sources a page needs beside its result.

    Args:
        names: Party names by id; an id without a name is shown as it is.
        sources: The numbered sources the page cites.
        anchors: The issues that have a row on the page, which other sections may link to.
        compared: The rounds of the comparison the page shows, of its first and second
            party: a position tabled in another round is shown as "standing since" it.
        rounds: How the page names rounds, by id; a round without a name is shown by its id.
    """

    def __init__(
        self,
        names: Mapping[str, str],
        sources: SourceIndex,
        *,
        anchors: Iterable[str] = (),
        compared: tuple[str | None, str | None] = (None, None),
        rounds: Mapping[str, str] | None = None,
    ) -> None:
        self.names = dict(names)
        self.sources = sources
        self.anchors = frozenset(anchors)
        self.compared = compared
        self.rounds = dict(rounds or {})

    def standing_since(self, c: IssueComparison, party: str) -> str | None:
        """The words "standing since <round>" for the position of ``party`` in a row.

        None when the position was tabled in the round compared, or its round is unknown.
        """
        return self.since_words(c, first=c.party_a == party)

    def since_words(self, c: IssueComparison, *, first: bool) -> str | None:
        """The words "standing since <round>" for a row's first (or second) position, or None."""
        since = c.since_a if first else c.since_b
        if since is None or since == self.compared[0 if first else 1]:
            return None
        return "standing since " + self.rounds.get(since, since)

    def name(self, party: str) -> str:
        """The name of a party, or its id."""
        return self.names.get(party, party)

    def names_of(self, parties: Iterable[str]) -> str:
        """The names of several parties, separated by commas."""
        return ", ".join(self.name(p) for p in parties)

    def details(self, c: IssueComparison) -> tuple[str, ...]:
        """The facts a report adds to an issue's status (see ``comparison_details``)."""
        return comparison_details(c, self.names, self.rounds)

    def own(self, c: IssueComparison, party: str) -> Position | None:
        """The position of ``party`` in an issue's comparison."""
        return c.position_a if c.party_a == party else c.position_b

    def withdrawal_lines(self, withdrawals: Iterable[Withdrawal]) -> list[tuple[str, str, str]]:
        """The withdrawals grouped by round and party, in order: (round, party, what).

        The round is named as the page names rounds, the party by its name, and ``what``
        lists the issues withdrawn, each with the round its position had stood since.
        """
        grouped: dict[tuple[str | None, str], list[Withdrawal]] = {}
        for w in withdrawals:
            grouped.setdefault((w.round, w.party), []).append(w)
        return [
            (self.rounds.get(r, r) if r else "", self.name(p), withdrawal_words(ws, self.rounds))
            for (r, p), ws in grouped.items()
        ]

    @property
    def citing(self) -> bool:
        """Whether the page numbers its sources (pages without a source list cite nothing)."""
        return bool(self.sources.sources)

    def noted(self, rows: Iterable[IssueComparison]) -> list[tuple[IssueComparison, str, Position]]:
        """The positions of the rows that carry a note, readings or a salience range.

        In the rows' order, the first party's position before the second's: the doubts and
        remarks an analyst must read before quoting a figure.
        """
        out: list[tuple[IssueComparison, str, Position]] = []
        for c in rows:
            for party, p in ((c.party_a, c.position_a), (c.party_b, c.position_b)):
                if p is not None and (p.note or p.readings or p.salience_range is not None):
                    out.append((c, party, p))
        return out

    def agreed_lines(
        self, outcomes: Iterable[AgreedOutcome]
    ) -> list[tuple[str, AgreedOutcome, str]]:
        """The outcomes agreed at the table, in order: (round, outcome, what it settles).

        The round is named as the page names rounds; ``what it settles`` names the issue an
        outcome typed on an issue settles between the parties that agreed it, or says that
        the outcome is recorded in words only.
        """
        out = []
        for item in outcomes:
            o = item.outcome
            who = self.names_of(o.parties) if o.parties else "every party at the round"
            if o.issue is not None and o.stance is not None:
                what = f"settles {o.issue}; agreed by {who}"
            elif o.issue is not None:
                what = f"on {o.issue}, in words only; agreed by {who}"
            else:
                what = f"in words only; agreed by {who}"
            out.append((self.rounds.get(item.round, item.round), item, what))
        return out

    def categories(
        self, issues: Iterable[IssueComparison]
    ) -> list[tuple[str, list[IssueComparison]]]:
        """The issues grouped by category: categories in agenda order, issues in agenda order."""
        groups: dict[str, list[IssueComparison]] = {}
        for c in issues:
            groups.setdefault(c.issue.category, []).append(c)
        return list(groups.items())

    def moved(self, changes: ChangeSet) -> list[PositionChange]:
        """The rows of a change set a report lists (see ``moved``)."""
        return list(moved(changes))

    def noted_changes(self, changes: ChangeSet) -> list[tuple[PositionChange, Position]]:
        """The rows of a change set whose position carries a note, with that position.

        The later position, or the earlier one where the position was withdrawn: what an
        analyst reads before quoting the move.
        """
        out = []
        for item in moved(changes):
            p = item.after or item.before
            if p is not None and p.note:
                out.append((item, p))
        return out

    def field_changes(self, changes: ChangeSet, moved_only: bool = False) -> FieldChanges:
        """The raw changes a page shows, field by field (see ``field_changes``)."""
        return field_changes(changes, moved_only=moved_only)

    def movement_counts(self, changes: ChangeSet) -> list[tuple[str, int]]:
        """How many rows of each movement, unchanged ones and zero counts aside."""
        return [(m.value, n) for m, n in changes.counts if n and m is not Movement.UNCHANGED]

    def points(self, t: Trajectory) -> dict[str, float | None]:
        """A trajectory's compatibility index by round id."""
        return {p.round: p.compatibility for p in t.convergence.points}

    def rounds_of(self, t: Trajectory) -> list[RoundRef]:
        """The rounds a trajectory follows, as ids and dates."""
        return [RoundRef(p.round, p.date) for p in t.convergence.points]

    def cells(self, t: Trajectory) -> dict[tuple[str, str], TrajectoryPoint]:
        """A trajectory's points by ``(issue id, round id)``."""
        return {(row.issue.id, p.round): p for row in t.rows for p in row.points}
