"""The result of an inter-coder agreement: per issue, per unit, and overall.

[`Agreement`][negpos.Agreement] holds one [`IssueAgreement`][negpos.IssueAgreement] per
compared issue, the [`AgreementUnit`][negpos.AgreementUnit]s the coders differ on, the
[`UnsharedIssue`][negpos.UnsharedIssue]s left out, and the
[`AgreementSummary`][negpos.AgreementSummary] of overall figures, each a
[`Reliability`][negpos.Reliability].
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

import attrs

from negpos._analysis.renderable import Renderable
from negpos._analysis.rows import Criterion, IssueRows, issue_criteria, row_index
from negpos._model.documents import Position
from negpos._model.issues import Issue
from negpos._model.reprs import compact_repr, figure, guarded, plural, quoted, tag

__all__ = [
    "Agreement",
    "AgreementSummary",
    "AgreementUnit",
    "IssueAgreement",
    "Reliability",
    "UnsharedIssue",
]


@attrs.frozen
class Reliability:
    """Krippendorff's alpha of one variable, with the counts it rests on.

    Attributes:
        level: The level of measurement: ``nominal``, ``ordinal`` or ``interval``.
        alpha: Krippendorff's alpha; None where it is undefined (see ``reason``).
        reason: Why ``alpha`` is None: no unit coded by two coders, or no variation at all;
            None when alpha is defined.
        units: The units: slots at least one coder filled.
        pairable: The units coded by at least two coders, the only ones alpha reads.
        exact: The share of the pairable units on which every coder who coded them gave the
            same value; None when no unit is pairable.
    """

    level: str
    alpha: float | None
    reason: str | None
    units: int
    pairable: int
    exact: float | None

    def to_dict(self) -> dict[str, Any]:
        """The figure as JSON-ready data."""
        return {
            "level": self.level,
            "alpha": self.alpha,
            "reason": self.reason,
            "units": self.units,
            "pairable": self.pairable,
            "exact": self.exact,
        }


@attrs.frozen
class IssueAgreement:
    """How far the coders agree on the stances of one issue.

    Attributes:
        issue: The issue, as the first encoding defines it.
        level: The level of measurement of its stances (see the module's documentation);
            None for a text issue, whose stances are not coded.
        alpha: Krippendorff's alpha of the stances; None where it is undefined (see
            ``reason``).
        reason: Why ``alpha`` is None; None when it is defined.
        units: The issue's units: slots at least one coder filled.
        pairable: The units coded by at least two coders.
        complete: The units coded by every coder.
        exact: The share of the pairable units on which the coders' stances accept exactly
            the same outcomes; None for a text issue or when no unit is pairable.
        coded: How many of the issue's units each coder filled, in the order of the coders.
    """

    issue: Issue
    level: str | None
    alpha: float | None
    reason: str | None
    units: int
    pairable: int
    complete: int
    exact: float | None
    coded: tuple[int, ...]

    def to_dict(self) -> dict[str, Any]:
        """The row as JSON-ready data."""
        return {
            "issue": self.issue.id,
            "title": self.issue.title,
            "kind": self.issue.kind.value,
            "category": self.issue.category,
            "level": self.level,
            "alpha": self.alpha,
            "reason": self.reason,
            "units": self.units,
            "pairable": self.pairable,
            "complete": self.complete,
            "exact": self.exact,
            "coded": list(self.coded),
        }

    __repr__ = compact_repr


@attrs.frozen
class AgreementUnit:
    """One unit: a slot of one round, party and issue (and option), as each coder filled it.

    Attributes:
        issue: The issue, as the first encoding defines it.
        round: The round's id.
        party: The party's id.
        group: The id of the group of alternatives, for a position inside an option; None
            for a main position.
        option: The option's id, likewise.
        positions: Each coder's position, in the order of the coders; None where the coder
            left the slot empty.
        values: The value each coder's stance is measured by (a nominal code, an ordinal
            midpoint rank or an interval midpoint; see the module's documentation), None
            where the slot is empty or the issue is a text issue.
        differs: What the coders differ on, in this order: ``coded`` (some filled the slot,
            some did not), ``stance`` (two stances accept different outcomes; never on a text
            issue), ``firmness``, ``salience``. Empty when they agree.
    """

    issue: Issue
    round: str
    party: str
    group: str | None
    option: str | None
    positions: tuple[Position | None, ...]
    values: tuple[float | None, ...]
    differs: tuple[str, ...]

    @property
    def where(self) -> str:
        """The unit in words: ``round / party``, with ``/ group:option`` for an option."""
        text = f"{self.round} / {self.party}"
        if self.group is not None:
            text += f" / {self.group}:{self.option}"
        return text

    def to_dict(self, coders: Sequence[str]) -> dict[str, Any]:
        """The unit as JSON-ready data, each coder's position under the coder's name."""
        return {
            "issue": self.issue.id,
            "round": self.round,
            "party": self.party,
            "group": self.group,
            "option": self.option,
            "differs": list(self.differs),
            "positions": [
                {"coder": c, "position": None if p is None else p.to_dict(), "value": v}
                for c, p, v in zip(coders, self.positions, self.values, strict=True)
            ],
        }

    __repr__ = compact_repr


@attrs.frozen
class UnsharedIssue:
    """An issue only some encodings have on their agenda, left out of every figure.

    Attributes:
        issue: The issue, as the first encoding that has it defines it.
        coders: The coders whose agenda has it, in the order of the coders.
    """

    issue: Issue
    coders: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        """The issue as JSON-ready data."""
        return {"issue": self.issue.id, "title": self.issue.title, "coders": list(self.coders)}

    __repr__ = compact_repr


@attrs.frozen
class AgreementSummary:
    """The overall figures of an agreement.

    Attributes:
        stance: The mean of the issues' alphas weighted by their pairable units, over the
            issues whose alpha is defined; None when none is.
        stance_issues: How many issues the ``stance`` figure averages.
        exact: Nominal alpha over every unit of the compared typed issues, each value being
            the issue with the canonical stance: only the same stance on the same issue
            agrees.
        firmness: Ordinal alpha of firmness (open < flexible < firm < red line) over every
            unit of the compared issues, text issues included.
        salience: Interval alpha of salience over the same units.
        units: The units of the compared issues.
        disagreements: How many units the coders differ on.
    """

    stance: float | None
    stance_issues: int
    exact: Reliability
    firmness: Reliability
    salience: Reliability
    units: int
    disagreements: int

    def to_dict(self) -> dict[str, Any]:
        """The summary as JSON-ready data."""
        return {
            "stance": self.stance,
            "stance_issues": self.stance_issues,
            "exact": self.exact.to_dict(),
            "firmness": self.firmness.to_dict(),
            "salience": self.salience.to_dict(),
            "units": self.units,
            "disagreements": self.disagreements,
        }

    __repr__ = compact_repr


_CRITERIA = {"level": Criterion(lambda row: row.level), **issue_criteria()}


@attrs.frozen
class Agreement(IssueRows[IssueAgreement], Renderable):
    """How far two or more encodings of one negotiation agree, issue by issue.

    ``rows`` holds one [`IssueAgreement`][negpos.IssueAgreement] per issue every encoding
    has, in agenda order; ``issue(id)`` finds one and ``where`` filters them by ``level``
    (``"nominal"``, ``"ordinal"``, ``"interval"`` or None), ``category`` or ``kind``.

    Attributes:
        title: The first encoding's title.
        coders: The coders' names, in the order of the encodings.
        rows: One row per compared issue, in agenda order.
        summary: The overall figures.
        units: Every unit of the compared issues, in unit order.
        unshared: The issues only some encodings have, left out of every figure.
    """

    title: str
    coders: tuple[str, ...]
    rows: tuple[IssueAgreement, ...]
    summary: AgreementSummary
    units: tuple[AgreementUnit, ...]
    unshared: tuple[UnsharedIssue, ...] = ()
    criteria: ClassVar[Mapping[str, Criterion]] = _CRITERIA
    _by_issue = row_index()

    @property
    def disagreements(self) -> tuple[AgreementUnit, ...]:
        """The units the coders differ on, in unit order (agenda, round, party, option)."""
        return tuple(u for u in self.units if u.differs)

    def to_dict(self) -> dict[str, Any]:
        """The agreement as JSON-ready data (the disagreeing units only)."""
        return {
            "title": self.title,
            "coders": list(self.coders),
            "summary": self.summary.to_dict(),
            "rows": [row.to_dict() for row in self.rows],
            "unshared": [u.to_dict() for u in self.unshared],
            "disagreements": [u.to_dict(self.coders) for u in self.disagreements],
        }

    @guarded
    def __repr__(self) -> str:
        """``<Agreement 'title': N coders, N units; stance alpha …>``, on one line."""
        s = self.summary
        return tag(
            "Agreement",
            f"{quoted(self.title, 60)}: {plural(len(self.coders), 'coder')} "
            f"({', '.join(self.coders)}), {plural(s.units, 'unit')}, "
            f"{s.disagreements} differing; stance alpha {figure(s.stance)}",
        )
