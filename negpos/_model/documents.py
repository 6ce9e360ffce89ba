"""Documents: parties, sources, positions, memoranda, outcomes and rounds.

The negotiation that holds them, and checks them against each other, is in
``negotiation.py``.
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Mapping
from types import MappingProxyType
from typing import Annotated, Any, Self

from pydantic import BeforeValidator, Field, PrivateAttr, Strict, model_validator

from negpos._model.base import Fraction, IsoDate, IssueId, Model, Slug, Text, Url, is_slug
from negpos._model.reprs import guarded, plural, quoted, stance_brief, tag
from negpos._model.stances import AnyStance

__all__ = [
    "AlternativeGroup",
    "Condition",
    "Firmness",
    "Memorandum",
    "Option",
    "Outcome",
    "Party",
    "Position",
    "Role",
    "Round",
    "Source",
    "SourceIn",
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


class Condition(Model):
    """What a position depends on: the outcome of another issue must lie in a given set.

    "A ceasefire once the troops have withdrawn" is a position on the ceasefire with the
    condition that the withdrawal issue comes out as demanded. A comparison counts an
    agreement or overlap on the ceasefire as common ground only when the condition can be met
    (see [`Status.CONDITIONAL`][negpos.Status]).

    Attributes:
        issue: The id of the issue the position depends on (not a text issue).
        stance: The outcomes of that issue under which the position holds, typed by that
            issue's kind.
        note: The analyst's note.
    """

    issue: IssueId
    stance: AnyStance
    note: Text | None = None


Weight = Annotated[float, Strict(), Field(gt=0.0, allow_inf_nan=False)]


class Reading(Model):
    """Another way to read a position: what its sources could also mean.

    Coders disagree, sources contradict each other, a salience is guessed from tone. A reading
    records such a doubt as data: the stance, salience or firmness the position would have
    under another reading of the sources, with the sources for it. The position's own fields
    are its *main* reading, the one every analysis uses; the robust analyses
    ([`robust`][negpos.robust]) run over every reading too.

    Attributes:
        id: The reading's id, unique within its position, for reports ("three-regions").
        label: A short description for reports.
        stance: The stance under this reading, typed by the position's issue; the main
            stance when left out.
        salience: The salience under this reading; the main salience when left out.
        firmness: The firmness under this reading; the main firmness when left out.
        weight: How likely the reading is, relative to the main reading's weight of 1 (2
            means twice as likely as the main reading); used to weigh sampled and enumerated
            readings, never to pick one. Left out, the reading weighs as much as the main one.
        sources: Where this reading comes from: at least one source.
        note: The analyst's note.
    """

    id: Slug
    label: Text | None = None
    stance: AnyStance | None = None
    salience: Fraction | None = None
    firmness: Firmness | None = None
    weight: Weight | None = None
    sources: Annotated[tuple[SourceIn, ...], Field(min_length=1)]
    note: Text | None = None

    @model_validator(mode="after")
    def _check(self) -> Reading:
        if self.stance is None and self.salience is None and self.firmness is None:
            raise ValueError(
                f"reading {self.id!r} changes nothing: give a stance, a salience or a firmness"
            )
        return self


class Position(Model):
    """A party's stance on one issue, with how much it matters and where it is documented.

    Attributes:
        issue: The id of the issue.
        stance: What the party accepts, typed by the issue's kind.
        salience: How much the issue matters to the party, from 0 to 1.
        firmness: ``red_line``, ``firm``, ``flexible`` or ``open``.
        conditions: What the position depends on: it holds only if each condition's issue
            comes out inside the condition's stance. Comparisons honour them.
        links: Ids of other issues the position is loosely tied to, for the reader; unlike
            ``conditions`` they change no figure.
        sources: Where the position is documented.
        note: The analyst's note, including any uncertainty.
        readings: Other ways to read the position (see [`Reading`][negpos.Reading]); the
            fields above are the main reading.
        salience_range: The lowest and highest salience the sources allow, when the salience
            is a guess; it must contain ``salience``. Robust analyses try both ends.
    """

    issue: IssueId
    stance: AnyStance
    salience: Fraction = 0.5
    firmness: Firmness = Firmness.FIRM
    conditions: tuple[Condition, ...] = ()
    links: tuple[IssueId, ...] = ()
    sources: tuple[SourceIn, ...] = ()
    note: Text | None = None
    readings: tuple[Reading, ...] = ()
    salience_range: tuple[Fraction, Fraction] | None = None

    @model_validator(mode="after")
    def _check_conditions(self) -> Position:
        seen: set[str] = set()
        for c in self.conditions:
            if c.issue == self.issue:
                raise ValueError("a position cannot be conditional on its own issue")
            if c.issue in seen:
                raise ValueError(f"two conditions on issue {c.issue!r}: state one")
            seen.add(c.issue)
        ids: set[str] = set()
        for r in self.readings:
            if r.id in ids:
                raise ValueError(f"reading id {r.id!r} is used twice")
            ids.add(r.id)
        if self.salience_range is not None:
            low, high = self.salience_range
            if not low <= self.salience <= high:
                raise ValueError(
                    f"salience_range [{low}, {high}] must contain the salience {self.salience}"
                )
        return self

    @property
    def red_line(self) -> bool:
        """Whether the party marks this position as a red line."""
        return self.firmness is Firmness.RED_LINE

    @guarded
    def __repr__(self) -> str:
        """``<Position issue: stance; firmness; salience …>``, on one line.

        Examples:
            >>> import negpos
            >>> negpos.Position(
            ...     issue="security.nato", stance={"kind": "boolean", "accepts": [False]},
            ...     firmness="red_line", salience=0.9,
            ... )
            <Position security.nato: no; red line; salience 0.9>
        """
        parts = [
            stance_brief(self.stance),
            self.firmness.value.replace("_", " "),
            f"salience {self.salience:g}",
        ]
        if self.conditions:
            parts.append(plural(len(self.conditions), "condition"))
        if self.readings:
            parts.append(plural(len(self.readings) + 1, "reading"))
        return tag("Position", f"{self.issue}: " + "; ".join(parts))


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
    # Where a synthesised memorandum's positions and groups were tabled: round ids by issue id
    # and by group id. Only standing memoranda have them (see negpos._model.standing). They
    # are a record about the document, not part of it: files and JSON never hold them, and
    # equality ignores them (see __eq__).
    _tabled_in: tuple[dict[str, str], dict[str, str]] | None = PrivateAttr(default=None)

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

    def __eq__(self, other: object) -> bool:
        # A document is its fields: a memorandum rebuilt from a standing one's data (or its
        # patch applied) equals it, whatever rounds the standing one records for its positions.
        if not isinstance(other, Memorandum):
            return NotImplemented
        names = type(self).model_fields
        return type(self) is type(other) and all(
            getattr(self, name) == getattr(other, name) for name in names
        )

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Self:
        """A copy, with ``update`` applied, that looks its positions up afresh."""
        copy = super().model_copy(update=update, deep=deep)
        # The lookup by issue is cached on the instance: a copy with other positions must
        # not inherit it.
        copy.__dict__.pop("_by_issue", None)
        return copy

    @functools.cached_property
    def _by_issue(self) -> Mapping[str, Position]:
        # Built on the first lookup and kept: the memorandum is frozen.
        return MappingProxyType({p.issue: p for p in self.positions})

    def position(self, issue_id: str) -> Position | None:
        """The memorandum's main position on the issue ``issue_id``, or None."""
        return self._by_issue.get(issue_id)

    def tabled_in(self, issue_id: str) -> str | None:
        """The id of the round in which the main position on ``issue_id`` was tabled.

        A standing memorandum (what a party holds at a round, see
        [`Negotiation.standing`][negpos.Negotiation.standing]) gathers positions tabled in
        earlier rounds and records, for each, the latest round at or before its own in which
        the party stated it. Any other memorandum's positions were tabled in its own round.

        Returns:
            That round's id; None when the memorandum holds no main position on the issue, or
            is not a standing memorandum and names no round.
        """
        if issue_id not in self._by_issue:
            return None
        origins = self._tabled_in
        return self.round if origins is None else origins[0].get(issue_id, self.round)

    def group_tabled_in(self, group_id: str) -> str | None:
        """The id of the round in which the group of alternatives ``group_id`` was tabled.

        As [`tabled_in`][negpos.Memorandum.tabled_in], for a group: None when the memorandum
        has no such group, or is not a standing memorandum and names no round.
        """
        if all(g.id != group_id for g in self.alternatives):
            return None
        origins = self._tabled_in
        return self.round if origins is None else origins[1].get(group_id, self.round)

    def issue_ids(self) -> tuple[str, ...]:
        """Ids of every issue the memorandum addresses, main positions and options alike."""
        ids = dict.fromkeys(p.issue for p in self.positions)
        for group in self.alternatives:
            for option in group.options:
                ids.update(dict.fromkeys(p.issue for p in option.positions))
        return tuple(ids)

    @guarded
    def __repr__(self) -> str:
        """``<Memorandum party at round: N positions, …>``, on one line."""
        where = f"{self.party} at {self.round}" if self.round else self.party
        parts = [plural(len(self.positions), "position")]
        if self.alternatives:
            parts.append(plural(len(self.alternatives), "group") + " of alternatives")
        if self.withdrawn:
            parts.append(f"{len(self.withdrawn)} withdrawn")
        title = f" {quoted(self.title, 40)}" if self.title else ""
        return tag("Memorandum", f"{where}{title}: {', '.join(parts)}")


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
        # A bad id is not copied: it is reported once, on the round, not again on every
        # memorandum that would have inherited it.
        if not isinstance(data, dict) or not is_slug(data.get("id")):
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

    @guarded
    def __repr__(self) -> str:
        """``<Round id date 'label': memoranda of …, N agreed>``, on one line."""
        label = f" {quoted(self.label, 40)}" if self.label else ""
        parties = ", ".join(m.party for m in self.memoranda) or "none"
        agreed = f"; {len(self.agreed)} agreed" if self.agreed else ""
        return tag(
            "Round",
            f"{self.id} {self.date.isoformat()}{label}: "
            f"{plural(len(self.memoranda), 'memorandum', 'memoranda')} ({parties}){agreed}",
        )
