"""The negotiation: parties, a shared agenda and the rounds, every reference checked.

This is the one file of the model layer that reaches up: the convenience methods
``Negotiation.compare``, ``.changes``, ``.matrix``, ``.trajectory``, ``.common`` and
``.assess`` import the analysis
layer when they are called, never when this module is imported (the layering test in
``tests/test_layers.py`` names them).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Annotated, Any, Literal, NamedTuple

from pydantic import Field, field_validator, model_validator

from negpos._errors import InputError, NotFoundError, Problem, check_argument, excerpt
from negpos._model.base import FORMAT_VERSION, Model, Text
from negpos._model.documents import Memorandum, Party, Position, Round, SourceIn
from negpos._model.issues import AnyIssue, Issue, Kind
from negpos._model.reprs import guarded, plural, quoted, tag
from negpos._model.standing import standing

if TYPE_CHECKING:
    # The analyses build on the models; import them only for type hints here.
    from concurrent.futures import Executor

    import pandas

    from negpos._analysis.changes import ChangeSet
    from negpos._analysis.common import CommonGround
    from negpos._analysis.comparison import Comparison
    from negpos._analysis.matrix import Matrix
    from negpos._analysis.plans import PlanAssessment
    from negpos._analysis.robust import RobustComparison
    from negpos._analysis.trajectory import Trajectory

__all__ = ["Negotiation", "memorandum_problems"]


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

    @field_validator("format", mode="before")
    @classmethod
    def _whole_one(cls, value: Any) -> Any:
        # Python finds 1.0 and True equal to 1; the format is the whole number 1 and nothing else.
        if type(value) is not int:
            raise ValueError(f"the format is the whole number {FORMAT_VERSION}, not {value!r}")
        return value

    @model_validator(mode="after")
    def _cross_check(self) -> Negotiation:
        problems = list(_negotiation_problems(self))
        if problems:
            raise InputError(problems)
        return self

    @functools.cached_property
    def _index(self) -> _Index:
        # Built on first lookup and kept: the negotiation is frozen, so the ids never change.
        return _Index(
            {p.id: p for p in self.parties},
            {i.id: i for i in self.issues},
            {r.id: r for r in self.rounds},
        )

    def party(self, party_id: str) -> Party:
        """The party with this id.

        Raises:
            NotFoundError: No party has this id.
            UsageError: ``party_id`` is not text.
        """
        found = self._index.parties.get(party_id) if isinstance(party_id, str) else None
        if found is None:
            check_argument(party_id, str, "a party id (text such as 'ru')")
            raise NotFoundError(f"no party {excerpt(party_id)}; parties are {_ids(self.parties)}")
        return found

    def issue(self, issue_id: str) -> Issue:
        """The issue with this id.

        Raises:
            NotFoundError: No issue has this id.
            UsageError: ``issue_id`` is not text.
        """
        found = self._index.issues.get(issue_id) if isinstance(issue_id, str) else None
        if found is None:
            check_argument(issue_id, str, "an issue id (text such as 'security.nato')")
            raise NotFoundError(f"no issue {excerpt(issue_id)} on the agenda")
        return found

    def round(self, round_id: str) -> Round:
        """The round with this id.

        Raises:
            NotFoundError: No round has this id.
            UsageError: ``round_id`` is not text.
        """
        found = self._index.rounds.get(round_id) if isinstance(round_id, str) else None
        if found is None:
            check_argument(round_id, str, "a round id (text such as 'istanbul-2')")
            raise NotFoundError(f"no round {excerpt(round_id)}; rounds are {_ids(self.rounds)}")
        return found

    def memorandum(self, party: str, *, round_id: str) -> Memorandum | None:
        """The memorandum ``party`` tabled in round ``round_id``, or None if it tabled none.

        Raises:
            NotFoundError: The party or the round does not exist.
        """
        self.party(party)
        return self.round(round_id).memorandum(party)

    def standing(self, party: str, *, round_id: str) -> Memorandum:
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
        return standing(self, party, round_id)

    def compare(
        self,
        a: str | None = None,
        b: str | None = None,
        *,
        round_id: str | None = None,
        tabled_only: bool = False,
    ) -> Comparison:
        """Compare two parties' positions at one round.

        Args:
            a: The first party's id; with ``b`` left out too, the default pair (the two
                parties of role ``party`` when there are exactly two, else the first two).
            b: The second party's id.
            round_id: The round's id; None for the latest round in which both parties
                tabled positions.
            tabled_only: Compare only what each party tabled in that round, instead of the
                positions standing at that round (the default).

        Returns:
            The [`Comparison`][negpos.Comparison].

        Raises:
            UsageError: Only one party is named, or the same party twice.
            NotFoundError: A party or the round does not exist, or (with no round given)
                the parties never tabled positions in the same round.

        Examples:
            >>> import negpos
            >>> june = negpos.bundled().compare("ru", "ua", round_id="istanbul-2")
            >>> june.issue("security.nato").status
            <Status.GAP: 'gap'>
        """
        from negpos._analysis.compare.memoranda import compare_in

        return compare_in(self, a, b, round_id=round_id, tabled_only=tabled_only)

    def matrix(self, *, round_id: str | None = None, tabled_only: bool = False) -> Matrix:
        """Compare every pair of parties that hold positions at one round.

        Args:
            round_id: The round's id. None means the last round when comparing standing
                positions, and the latest round in which at least two parties tabled
                positions with ``tabled_only``.
            tabled_only: Compare only what each party tabled in that round, instead of the
                positions standing at that round (the default).

        Returns:
            The [`Matrix`][negpos.Matrix] of summary figures for every pair.

        Raises:
            NotFoundError: The round does not exist, or no round can serve as the default.
        """
        from negpos._analysis.matrix import matrix

        return matrix(self, round_id=round_id, tabled_only=tabled_only)

    def common(
        self,
        parties: Iterable[str] | None = None,
        *,
        round_id: str | None = None,
        tabled_only: bool = False,
    ) -> CommonGround:
        """The common ground of several parties at one round: what all of them accept.

        Args:
            parties: Two or more party ids, in the order the result lists them; None for
                every party that holds positions at the round, in the negotiation's order.
            round_id: The round's id. None means the last round when reading standing
                positions, and with ``tabled_only`` the latest round in which every named
                party (or, with none named, at least two parties) tabled positions.
            tabled_only: Read only what each party tabled in that round, instead of the
                positions standing at that round (the default).

        Returns:
            The [`CommonGround`][negpos.CommonGround].

        Raises:
            UsageError: Fewer than two parties, a party named twice, or the parties given
                as one text rather than a list.
            NotFoundError: A party or the round does not exist, or no round can serve as
                the default.

        Examples:
            >>> import negpos
            >>> ground = negpos.bundled().common(
            ...     ["ru", "ua", "us", "e3"], round_id="russia-response"
            ... )
            >>> ground.issue("security.nato").largest
            (('ru', 'us'), ('ua', 'e3'))
        """
        from negpos._analysis.common.ground import common_in

        return common_in(self, parties, round_id=round_id, tabled_only=tabled_only)

    def robust(
        self,
        a: str | None = None,
        b: str | None = None,
        *,
        round_id: str | None = None,
        tabled_only: bool = False,
        executor: Executor | None = None,
        limit: int = 4096,
        samples: int = 2048,
        seed: int = 0,
    ) -> RobustComparison:
        """Two parties compared under every reading of their positions.

        Every figure of the comparison becomes a range over the readings, every status
        robust or dependent on reading; see [`robust`][negpos.robust], which this calls, for
        the arguments and the errors.

        Returns:
            The [`RobustComparison`][negpos.RobustComparison].

        Examples:
            >>> import negpos
            >>> negpos.bundled().robust("ru", "ua", round_id="istanbul-2").exact
            True
        """
        from negpos._analysis.robust.compared import robust

        return robust(
            self,
            a,
            b,
            round_id=round_id,
            tabled_only=tabled_only,
            executor=executor,
            limit=limit,
            samples=samples,
            seed=seed,
        )

    def assess(
        self,
        plan: str,
        sides: Iterable[str] | None = None,
        *,
        round_id: str | None = None,
        tabled_only: bool = False,
    ) -> PlanAssessment:
        """Assess one party's plan (typically a mediator's) against two or more sides.

        Args:
            plan: The id of the party whose document is the plan.
            sides: Two or more other party ids; the result lists them in the negotiation's
                order whatever order they are named in. None for every other party of
                role ``party``.
            round_id: The round at which the plan and the sides are read; None for the
                latest round in which the plan's party tabled positions.
            tabled_only: Read only what each party tabled in that round, instead of the
                positions standing at that round (the default).

        Returns:
            The [`PlanAssessment`][negpos.PlanAssessment].

        Raises:
            UsageError: Fewer than two sides, a side named twice, the plan's own party
                among the sides, or (sides left out) fewer than two other parties of role
                ``party``.
            NotFoundError: A party or the round does not exist, or the plan's party holds
                no positions at the round.

        Examples:
            >>> import negpos
            >>> plan = negpos.bundled().assess("us", ["ru", "ua"], round_id="us-28-points")
            >>> row = plan.issue("security.nato")
            >>> row.side("ru").fit.value, row.side("ua").fit.value, row.toward
            ('inside', 'outside', 'ru')
        """
        from negpos._analysis.plans.assessed import assess_in

        return assess_in(self, plan, sides, round_id=round_id, tabled_only=tabled_only)

    def changes(
        self,
        party: str,
        *,
        from_round: str | None = None,
        to_round: str | None = None,
        counterpart: str | None = None,
        tabled_only: bool = False,
    ) -> ChangeSet:
        """How a party moved between two rounds, against the counterpart's earlier positions.

        Args:
            party: The party's id.
            from_round: The earlier round; the counterpart's positions there are the fixed
                reference. None for the latest round before ``to_round`` in which the party
                tabled positions.
            to_round: The later round (``from_round`` itself or a later one); None for the
                latest round in which the party tabled positions.
            counterpart: The counterpart's id. None means the only other party, or, where
                there are more, the only other party of role ``party`` when ``party`` has
                that role; otherwise name it.
            tabled_only: Use only what was tabled in each round, instead of the positions
                standing at each round (the default).

        Returns:
            The [`ChangeSet`][negpos.ChangeSet].

        Raises:
            NotFoundError: A party or a round does not exist, or (rounds not named) the
                party tabled nothing to move from.
            UsageError: ``to_round`` comes before ``from_round``, or the counterpart is
                ambiguous or the party itself.

        Examples:
            >>> import negpos
            >>> moved = negpos.bundled().changes(
            ...     "ru", from_round="istanbul-2", to_round="istanbul-3"
            ... )
            >>> moved.issue("process.leaders_meeting").movement
            <Movement.HARDENING: 'hardening'>
        """
        from negpos._analysis.changes import changes_in

        return changes_in(
            self,
            party,
            from_round=from_round,
            to_round=to_round,
            counterpart=counterpart,
            tabled_only=tabled_only,
        )

    def trajectory(self, a: str | None = None, b: str | None = None) -> Trajectory:
        """Follow two parties across the rounds: gaps per issue and round, moves, convergence.

        Args:
            a: The first party's id; with ``b`` left out too, the default pair.
            b: The second party's id.

        Returns:
            The [`Trajectory`][negpos.Trajectory], from the first round at which both hold
            standing positions to the last round.

        Raises:
            UsageError: Only one party is named, or the same party twice.
            NotFoundError: A party does not exist, or the two never hold standing positions
                at the same round.
        """
        from negpos._analysis.trajectory import trajectory

        return trajectory(self, a, b)

    def positions_frame(
        self, *, standing: bool = False, formula_safe: bool = True
    ) -> pandas.DataFrame:
        """Every position as a pandas data frame (needs ``pip install 'negpos[pandas]'``).

        One row per position of every memorandum: a party's main position on an issue in a
        round, or a position inside one of its options (``group`` and ``option`` name it;
        both are missing for a main position).

        Columns: ``round_id`` and the round's ``date``; ``party``; the ``issue``, its
        ``title``, ``category`` and ``kind`` (categorical); ``group`` and ``option``; the
        ``stance`` in words, as the reports write it, and as JSON-ready data
        (``stance_data``, a dict as a file holds it); ``salience``; ``firmness``
        (categorical, red line first); ``conditions`` (a list of ``issue: stance`` texts),
        ``links`` (a list of issue ids) and ``sources`` (a list of each source's URL, or its
        label where it has none); the analyst's ``note``; the number of other
        ``readings`` of the position; and the round it was ``tabled_in``. List columns hold
        an empty list when there is nothing to list.

        Args:
            standing: Give, for each round, the positions standing there (what each party
                holds, see [`standing`][negpos.Negotiation.standing]) instead of those
                tabled in it; ``tabled_in`` then names the round each was tabled in.
            formula_safe: Quote text cells that a spreadsheet would read as formulas (the
                default), as ``to_frame()`` does.

        Returns:
            The data frame.

        Raises:
            NegposError: pandas is not installed.

        Examples:
            >>> import negpos
            >>> frame = negpos.bundled().positions_frame()
            >>> nato = frame[(frame.issue == "security.nato") & (frame.round_id == "istanbul-2")]
            >>> nato[["party", "stance", "firmness"]].values.tolist()[0]
            ['ru', 'Barred in law', 'firm']
        """
        from negpos._render.frames import positions_frame

        return positions_frame(self, standing=standing, formula_safe=formula_safe)

    @guarded
    def __repr__(self) -> str:
        """``<Negotiation 'title': N parties, N issues, N rounds>``, on one line.

        Examples:
            >>> import negpos
            >>> negpos.bundled()
            <Negotiation 'Russia–Ukraine talks, 2022–2026': 6 parties, 65 issues, 15 rounds>
        """
        return tag(
            "Negotiation",
            f"{quoted(self.title, 60)}: {plural(len(self.parties), 'party', 'parties')}, "
            f"{plural(len(self.issues), 'issue')}, {plural(len(self.rounds), 'round')}",
        )

    def to_dict(self) -> dict[str, Any]:
        """The negotiation as the plain data a one-file YAML or JSON document holds.

        ``format`` comes first; unset optional fields and empty lists are left out, and a
        memorandum inside a round does not repeat the round's id. [`dumps`][negpos.dumps]
        writes exactly this data.
        """
        data = super().to_dict()
        for rnd in data.get("rounds", []):
            for memo in rnd.get("memoranda", []):
                # The enclosing round says which round a memorandum belongs to.
                if memo.get("round") == rnd["id"]:
                    del memo["round"]
        return {"format": FORMAT_VERSION, **{k: v for k, v in data.items() if k != "format"}}


class _Index(NamedTuple):
    parties: Mapping[str, Party]
    issues: Mapping[str, Issue]
    rounds: Mapping[str, Round]


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
            bad_conditions = list(_condition_problems(p, issues)) if p.conditions else []
            bad_readings = [
                (j, sub, message)
                for j, r in enumerate(p.readings)
                if r.stance is not None and issue is not None
                for sub, message in r.stance.problems(issue)
            ]
            if (
                issue is not None
                and not found
                and not bad_links
                and not bad_conditions
                and not bad_readings
            ):
                continue  # the common case: build no field paths for a position that fits
            at = f"{where}.positions[{i}]".lstrip(".")
            if issue is None:
                yield Problem(f"unknown issue {p.issue!r}", field=f"{at}.issue")
                continue
            for sub, message in found:
                yield Problem(message, field=f"{at}.stance.{sub}")
            for j, link in bad_links:
                message = (
                    "a position cannot be linked to its own issue"
                    if link == p.issue
                    else f"link to unknown issue {link!r}"
                )
                yield Problem(message, field=f"{at}.links[{j}]")
            for sub, message in bad_conditions:
                yield Problem(message, field=f"{at}.conditions[{sub}")
            for j, sub, message in bad_readings:
                yield Problem(message, field=f"{at}.readings[{j}].stance.{sub}")

    yield from positions(field, memo.positions)
    for g, group in enumerate(memo.alternatives):
        for o, option in enumerate(group.options):
            yield from positions(f"{field}.alternatives[{g}].options[{o}]", option.positions)
    for k, issue_id in enumerate(memo.withdrawn):
        if issue_id not in issues:
            yield Problem(
                f"withdraws unknown issue {issue_id!r}", field=f"{field}.withdrawn[{k}]".lstrip(".")
            )


def _condition_problems(p: Position, issues: Mapping[str, Issue]) -> Iterator[tuple[str, str]]:
    """Problems of a position's conditions, as (path below ``conditions[``, message)."""
    for j, condition in enumerate(p.conditions):
        target = issues.get(condition.issue)
        if target is None:
            yield f"{j}].issue", f"condition on unknown issue {condition.issue!r}"
            continue
        if target.kind is Kind.TEXT:
            yield (
                f"{j}].issue",
                f"issue {condition.issue!r} is a text issue, whose outcome cannot be checked: "
                "state the condition on a typed issue, or use links",
            )
            continue
        for sub, message in condition.stance.problems(target):
            yield f"{j}].stance.{sub}", message


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
