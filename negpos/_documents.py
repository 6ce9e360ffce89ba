"""Documents: parties, sources, positions, memoranda, rounds and the negotiation itself."""

from __future__ import annotations

import enum
from collections.abc import Iterator, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import BeforeValidator, Field, model_validator

from negpos._base import FORMAT_VERSION, Fraction, IsoDate, IssueId, Model, Slug, Text, Url
from negpos._errors import InputError, NotFoundError, Problem
from negpos._issues import AnyIssue, Issue
from negpos._stances import AnyStance

if TYPE_CHECKING:
    # The analyses build on the models; import them only for type hints here.
    from negpos._changes import ChangeSet
    from negpos._comparison import Comparison
    from negpos._matrix import Matrix
    from negpos._trajectory import Trajectory

__all__ = [
    "AlternativeGroup",
    "Firmness",
    "Memorandum",
    "Negotiation",
    "Option",
    "Outcome",
    "Party",
    "Position",
    "Role",
    "Round",
    "Source",
    "memorandum_problems",
]


class Role(enum.StrEnum):
    """What part a party plays in the negotiation."""

    PARTY = "party"
    MEDIATOR = "mediator"
    OBSERVER = "observer"


class Firmness(enum.StrEnum):
    """How firmly a party holds a position, from a red line to an open question."""

    RED_LINE = "red_line"
    FIRM = "firm"
    FLEXIBLE = "flexible"
    OPEN = "open"


class Party(Model):
    """A side or actor in the negotiation.

    Attributes:
        id: A short id such as ``ru`` or ``us``.
        name: The party's name for reports.
        role: ``party``, ``mediator`` or ``observer``.
        note: The analyst's note.
    """

    id: Slug
    name: Text
    role: Role = Role.PARTY
    note: Text | None = None


class Source(Model):
    """A citation: where a position, memorandum or outcome is documented.

    A source needs at least a document title or a URL. In a file a source may be written as
    its URL alone.

    Attributes:
        document: The title of the document or article.
        publisher: Who published it (an outlet, a ministry).
        section: The section, point or paragraph cited.
        quote: The words quoted, in the source's language.
        url: An http or https address.
        date: When the document was published.
        accessed: When the analyst read it.
        language: The language of the document, as a code such as ``en`` or ``uk``.
        note: The analyst's remark on the source (reliability, translation...).
    """

    document: Text | None = None
    publisher: Text | None = None
    section: Text | None = None
    quote: Text | None = None
    url: Url | None = None
    date: IsoDate | None = None
    accessed: IsoDate | None = None
    language: Annotated[str, Field(pattern=r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")] | None = None
    note: Text | None = None

    @model_validator(mode="after")
    def _check(self) -> Source:
        if self.document is None and self.url is None:
            raise ValueError("a source needs a document title or a url")
        return self

    @property
    def label(self) -> str:
        """A short name for the source: the document title, the publisher, or the URL."""
        return self.document or self.publisher or self.url or ""


def _source_shorthand(value: Any) -> Any:
    return {"url": value} if isinstance(value, str) else value


SourceIn = Annotated[
    Source, BeforeValidator(_source_shorthand, json_schema_input_type=Url | Source)
]


class Position(Model):
    """A party's stance on one issue, with how much it matters and where it is documented.

    Attributes:
        issue: The id of the issue.
        stance: What the party accepts, typed by the issue's kind.
        salience: How much the issue matters to the party, from 0 to 1.
        firmness: ``red_line``, ``firm``, ``flexible`` or ``open``.
        links: Ids of other issues this position is conditional on.
        sources: Where the position is documented.
        note: The analyst's note, including any uncertainty.
    """

    issue: IssueId
    stance: AnyStance
    salience: Fraction = 0.5
    firmness: Firmness = Firmness.FIRM
    links: tuple[IssueId, ...] = ()
    sources: tuple[SourceIn, ...] = ()
    note: Text | None = None

    @property
    def red_line(self) -> bool:
        """Whether the party marks this position as a red line."""
        return self.firmness is Firmness.RED_LINE


def _unique_issues(positions: tuple[Position, ...], where: str) -> None:
    seen: set[str] = set()
    for p in positions:
        if p.issue in seen:
            raise ValueError(f"{where} states issue {p.issue!r} twice")
        seen.add(p.issue)


class Option(Model):
    """One option of an alternatives group: a set of positions taken together.

    Attributes:
        id: The option's id, unique within its group.
        label: The option's name for reports.
        positions: The positions the option consists of; they may restate issues that the
            memorandum's main positions address.
        sources: Where the option is documented, beyond the memorandum's own sources.
        note: The analyst's note.
    """

    id: Slug
    label: Text | None = None
    positions: Annotated[tuple[Position, ...], Field(min_length=1)]
    sources: tuple[SourceIn, ...] = ()
    note: Text | None = None

    @model_validator(mode="after")
    def _check(self) -> Option:
        _unique_issues(self.positions, f"option {self.id!r}")
        return self


class AlternativeGroup(Model):
    """A choice a memorandum offers: "either option 1 or option 2".

    Attributes:
        id: The group's id, unique within its memorandum.
        label: The group's name for reports.
        options: The options (at least two).
        note: The analyst's note.
    """

    id: Slug
    label: Text | None = None
    options: Annotated[tuple[Option, ...], Field(min_length=2)]
    note: Text | None = None

    @model_validator(mode="after")
    def _check(self) -> AlternativeGroup:
        ids = [o.id for o in self.options]
        for i, oid in enumerate(ids):
            if oid in ids[:i]:
                raise ValueError(f"option id {oid!r} is used twice in group {self.id!r}")
        return self


class Memorandum(Model):
    """One party's document in one round.

    Attributes:
        party: The id of the party that tabled it.
        round: The id of its round; filled in from the enclosing round when omitted.
        title: The document's title.
        date: When it was tabled or published.
        positions: The party's positions, at most one per issue.
        alternatives: Groups of alternatives the document offers.
        withdrawn: Ids of issues on which the party withdraws an earlier position.
        sources: Where the document itself is documented.
        note: The analyst's note.
    """

    party: Slug
    round: Slug | None = None
    title: Text | None = None
    date: IsoDate | None = None
    positions: tuple[Position, ...] = ()
    alternatives: tuple[AlternativeGroup, ...] = ()
    withdrawn: tuple[IssueId, ...] = ()
    sources: tuple[SourceIn, ...] = ()
    note: Text | None = None

    @model_validator(mode="after")
    def _check(self) -> Memorandum:
        _unique_issues(self.positions, f"the memorandum of {self.party!r}")
        groups = [g.id for g in self.alternatives]
        for i, gid in enumerate(groups):
            if gid in groups[:i]:
                raise ValueError(f"alternatives group id {gid!r} is used twice")
        stated = {p.issue for p in self.positions}
        for issue in self.withdrawn:
            if issue in stated:
                raise ValueError(f"issue {issue!r} is both stated and withdrawn")
        return self

    def position(self, issue: str) -> Position | None:
        """The memorandum's main position on ``issue``, or None."""
        for p in self.positions:
            if p.issue == issue:
                return p
        return None

    def issues(self) -> tuple[str, ...]:
        """Ids of every issue the memorandum addresses, main positions and options alike."""
        ids = dict.fromkeys(p.issue for p in self.positions)
        for group in self.alternatives:
            for option in group.options:
                ids.update(dict.fromkeys(p.issue for p in option.positions))
        return tuple(ids)


class Outcome(Model):
    """Something the parties agreed at a round.

    Attributes:
        summary: What was agreed, in a sentence.
        issue: The id of the issue it settles, if it maps onto one.
        stance: The agreed outcome typed by the issue's kind, where it can be stated so.
        parties: Ids of the parties that agreed; empty means all parties of the round.
        sources: Where the agreement is documented.
        note: The analyst's note.
    """

    summary: Text
    issue: IssueId | None = None
    stance: AnyStance | None = None
    parties: tuple[Slug, ...] = ()
    sources: tuple[SourceIn, ...] = ()
    note: Text | None = None

    @model_validator(mode="after")
    def _check(self) -> Outcome:
        if self.stance is not None and self.issue is None:
            raise ValueError("an outcome with a stance must name its issue")
        return self


class Round(Model):
    """One meeting or exchange: the memoranda tabled there and what was agreed.

    Attributes:
        id: The round's id.
        date: When it took place (the first day, for a meeting of several days).
        label: The round's name for reports.
        venue: Where it took place.
        memoranda: The memoranda tabled, at most one per party.
        agreed: What was agreed there.
        sources: Where the round is documented.
        note: The analyst's note.
    """

    id: Slug
    date: IsoDate
    label: Text | None = None
    venue: Text | None = None
    memoranda: tuple[Memorandum, ...] = ()
    agreed: tuple[Outcome, ...] = ()
    sources: tuple[SourceIn, ...] = ()
    note: Text | None = None

    @model_validator(mode="before")
    @classmethod
    def _fill_round(cls, data: Any) -> Any:
        # A memorandum inside a round belongs to that round; let files omit the repetition.
        if not isinstance(data, dict) or not isinstance(data.get("id"), str):
            return data
        memoranda = data.get("memoranda")
        if not isinstance(memoranda, (list, tuple)):
            return data
        filled: list[Any] = []
        for memo in memoranda:
            if isinstance(memo, dict) and memo.get("round") is None:
                memo = {**memo, "round": data["id"]}
            elif isinstance(memo, Memorandum) and memo.round is None:
                memo = memo.model_copy(update={"round": data["id"]})
            filled.append(memo)
        return {**data, "memoranda": filled}

    @model_validator(mode="after")
    def _check(self) -> Round:
        parties: set[str] = set()
        for memo in self.memoranda:
            if memo.round != self.id:
                raise ValueError(
                    f"the memorandum of {memo.party!r} says round {memo.round!r} "
                    f"but sits in round {self.id!r}"
                )
            if memo.party in parties:
                raise ValueError(f"party {memo.party!r} has two memoranda in round {self.id!r}")
            parties.add(memo.party)
        return self

    @property
    def by_party(self) -> Mapping[str, Memorandum]:
        """The round's memoranda keyed by party id, in the order they were tabled."""
        return MappingProxyType({m.party: m for m in self.memoranda})

    def memorandum(self, party: str) -> Memorandum | None:
        """The memorandum ``party`` tabled in this round, or None."""
        for memo in self.memoranda:
            if memo.party == party:
                return memo
        return None


class Negotiation(Model):
    """Parties, a shared agenda of issues, and the rounds in date order.

    Building a ``Negotiation`` checks everything a careful reader would: unique ids, every
    reference resolving, every stance fitting its issue, one position per party per issue per
    round, and rounds in date order. A failed check raises
    [`InputError`][negpos.InputError] listing every problem with its field path.

    Attributes:
        format: The file-format version (currently 1).
        title: The negotiation's name.
        description: What the negotiation is about and what the dataset covers.
        parties: The parties, mediators and observers.
        issues: The agenda.
        rounds: The rounds, in date order.
        sources: General sources for the dataset.
        note: The analyst's note.
    """

    format: Literal[1] = FORMAT_VERSION
    title: Text
    description: Text | None = None
    parties: Annotated[tuple[Party, ...], Field(min_length=1)]
    issues: tuple[AnyIssue, ...] = ()
    rounds: tuple[Round, ...] = ()
    sources: tuple[SourceIn, ...] = ()
    note: Text | None = None

    @model_validator(mode="after")
    def _cross_check(self) -> Negotiation:
        problems = list(_negotiation_problems(self))
        if problems:
            raise InputError(problems)
        return self

    @property
    def agenda(self) -> tuple[Issue, ...]:
        """The issues, in agenda order (the same as ``issues``)."""
        return self.issues

    def party(self, party_id: str) -> Party:
        """The party with this id.

        Raises:
            NotFoundError: No party has this id.
        """
        for p in self.parties:
            if p.id == party_id:
                return p
        raise NotFoundError(f"no party {party_id!r}; parties are {_ids(self.parties)}")

    def issue(self, issue_id: str) -> Issue:
        """The issue with this id.

        Raises:
            NotFoundError: No issue has this id.
        """
        for i in self.issues:
            if i.id == issue_id:
                return i
        raise NotFoundError(f"no issue {issue_id!r} on the agenda")

    def round(self, round_id: str) -> Round:
        """The round with this id.

        Raises:
            NotFoundError: No round has this id.
        """
        for r in self.rounds:
            if r.id == round_id:
                return r
        raise NotFoundError(f"no round {round_id!r}; rounds are {_ids(self.rounds)}")

    def memorandum(self, party: str, round_id: str) -> Memorandum | None:
        """The memorandum ``party`` tabled in round ``round_id``, or None if it tabled none.

        Raises:
            NotFoundError: The party or the round does not exist.
        """
        self.party(party)
        return self.round(round_id).memorandum(party)

    def standing(self, party: str, round_id: str) -> Memorandum:
        """What ``party`` holds at round ``round_id``: its latest position on each issue.

        The rounds are read in order up to and including ``round_id``: a position stands
        until the party restates it or lists its issue under ``withdrawn``, and a group of
        alternatives stands until a later group with the same id replaces it.

        Args:
            party: The party's id.
            round_id: The round.

        Returns:
            A synthesised memorandum of the standing positions, in agenda order.

        Raises:
            NotFoundError: The party or the round does not exist.
        """
        from negpos._standing import standing

        return standing(self, party, round_id)

    def compare(
        self, a: str, b: str, round: str | None = None, *, tabled_only: bool = False
    ) -> Comparison:
        """Compare two parties' positions at one round.

        Args:
            a: The first party's id.
            b: The second party's id.
            round: The round's id; None for the latest round in which both parties tabled
                positions.
            tabled_only: Compare only what each party tabled in that round, instead of the
                positions standing at that round (the default).

        Returns:
            The [`Comparison`][negpos.Comparison].

        Raises:
            NotFoundError: A party or the round does not exist, or (with no round given)
                the parties never tabled positions in the same round.
        """
        from negpos._compare import compare_in

        return compare_in(self, a, b, round, tabled_only=tabled_only)

    def matrix(self, round: str | None = None, *, tabled_only: bool = False) -> Matrix:
        """Compare every pair of parties that hold positions at one round.

        Args:
            round: The round's id. None means the last round when comparing standing
                positions, and the latest round in which at least two parties tabled
                positions with ``tabled_only``.
            tabled_only: Compare only what each party tabled in that round, instead of the
                positions standing at that round (the default).

        Returns:
            The [`Matrix`][negpos.Matrix] of summary figures for every pair.

        Raises:
            NotFoundError: The round does not exist, or no round can serve as the default.
        """
        from negpos._matrix import matrix

        return matrix(self, round, tabled_only=tabled_only)

    def changes(
        self,
        party: str,
        from_round: str,
        to_round: str,
        counterpart: str | None = None,
        *,
        tabled_only: bool = False,
    ) -> ChangeSet:
        """How a party moved between two rounds, against the counterpart's earlier positions.

        Args:
            party: The party's id.
            from_round: The earlier round; the counterpart's positions there are the fixed
                reference.
            to_round: The later round (``from_round`` itself or a later one).
            counterpart: The counterpart's id. None means the only other party, or, where
                there are more, the only other party of role ``party`` when ``party`` has
                that role; otherwise name it.
            tabled_only: Use only what was tabled in each round, instead of the positions
                standing at each round (the default).

        Returns:
            The [`ChangeSet`][negpos.ChangeSet].

        Raises:
            NotFoundError: A party or a round does not exist.
            NegposError: ``to_round`` comes before ``from_round``, or the counterpart is
                ambiguous.
        """
        from negpos._changes import changes_in

        return changes_in(self, party, from_round, to_round, counterpart, tabled_only=tabled_only)

    def trajectory(self, a: str, b: str) -> Trajectory:
        """Follow two parties across the rounds: gaps per issue and round, moves, convergence.

        Args:
            a: The first party's id.
            b: The second party's id.

        Returns:
            The [`Trajectory`][negpos.Trajectory], from the first round at which both hold
            standing positions to the last round.

        Raises:
            NotFoundError: A party does not exist, or the two never hold standing positions
                at the same round.
        """
        from negpos._trajectory import trajectory

        return trajectory(self, a, b)


def _ids(items: tuple[Party, ...] | tuple[Round, ...]) -> str:
    return ", ".join(repr(i.id) for i in items) or "none"


def memorandum_problems(
    memo: Memorandum, issues: Mapping[str, Issue], field: str = ""
) -> Iterator[Problem]:
    """Check a memorandum against an agenda: known issues, fitting stances, known links.

    Args:
        memo: The memorandum to check.
        issues: The agenda, keyed by issue id.
        field: The memorandum's field path, prefixed to every problem's path.

    Yields:
        One [`Problem`][negpos.Problem] for each thing that does not fit.
    """

    def positions(where: str, items: tuple[Position, ...]) -> Iterator[Problem]:
        for i, p in enumerate(items):
            issue = issues.get(p.issue)
            found = [] if issue is None else p.stance.problems(issue)
            bad_links = [
                (j, link) for j, link in enumerate(p.links) if link not in issues or link == p.issue
            ]
            if issue is not None and not found and not bad_links:
                continue  # the common case: build no field paths for a position that fits
            at = f"{where}.positions[{i}]".lstrip(".")
            if issue is None:
                yield Problem(f"unknown issue {p.issue!r}", field=f"{at}.issue")
                continue
            for sub, message in found:
                yield Problem(message, field=f"{at}.stance.{sub}")
            for j, link in bad_links:
                message = (
                    "a position cannot be conditional on itself"
                    if link == p.issue
                    else f"link to unknown issue {link!r}"
                )
                yield Problem(message, field=f"{at}.links[{j}]")

    yield from positions(field, memo.positions)
    for g, group in enumerate(memo.alternatives):
        for o, option in enumerate(group.options):
            yield from positions(f"{field}.alternatives[{g}].options[{o}]", option.positions)
    for k, issue_id in enumerate(memo.withdrawn):
        if issue_id not in issues:
            yield Problem(
                f"withdraws unknown issue {issue_id!r}", field=f"{field}.withdrawn[{k}]".lstrip(".")
            )


def _negotiation_problems(neg: Negotiation) -> Iterator[Problem]:
    party_ids: set[str] = set()
    for i, p in enumerate(neg.parties):
        if p.id in party_ids:
            yield Problem(f"party id {p.id!r} is used twice", field=f"parties[{i}].id")
        party_ids.add(p.id)
    issues: dict[str, Issue] = {}
    for i, issue in enumerate(neg.issues):
        if issue.id in issues:
            yield Problem(f"issue id {issue.id!r} is used twice", field=f"issues[{i}].id")
        issues.setdefault(issue.id, issue)
    round_ids: set[str] = set()
    previous = None
    for r, rnd in enumerate(neg.rounds):
        at = f"rounds[{r}]"
        if rnd.id in round_ids:
            yield Problem(f"round id {rnd.id!r} is used twice", field=f"{at}.id")
        round_ids.add(rnd.id)
        if previous is not None and rnd.date < previous.date:
            yield Problem(
                f"round {rnd.id!r} ({rnd.date}) comes after round {previous.id!r} "
                f"({previous.date}) but is dated earlier; list rounds in date order",
                field=f"{at}.date",
            )
        previous = rnd
        for m, memo in enumerate(rnd.memoranda):
            where = f"{at}.memoranda[{m}]"
            if memo.party not in party_ids:
                yield Problem(f"unknown party {memo.party!r}", field=f"{where}.party")
            yield from memorandum_problems(memo, issues, where)
        for o, outcome in enumerate(rnd.agreed):
            where = f"{at}.agreed[{o}]"
            for k, party in enumerate(outcome.parties):
                if party not in party_ids:
                    yield Problem(f"unknown party {party!r}", field=f"{where}.parties[{k}]")
            if outcome.issue is not None:
                settled = issues.get(outcome.issue)
                if settled is None:
                    yield Problem(f"unknown issue {outcome.issue!r}", field=f"{where}.issue")
                elif outcome.stance is not None:
                    for sub, message in outcome.stance.problems(settled):
                        yield Problem(message, field=f"{where}.stance.{sub}")
