"""One row per issue: the shared face of comparisons, change sets and trajectories.

Every result that holds one row per issue inherits [`IssueRows`][negpos._analysis.rows.IssueRows]
and so answers to the same three things: ``rows`` (in agenda order), ``issue(issue_id)`` (the
row of one issue, or [`NotFoundError`][negpos.NotFoundError]) and ``where(**criteria)`` (the
rows that meet every criterion). The criteria a result takes are declared once per class, with
the values they accept, so that a misspelt criterion or value is a
[`UsageError`][negpos.UsageError] rather than an empty answer.
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Callable, Iterable, Mapping
from typing import Any, ClassVar, Generic, Protocol, TypeVar

from negpos._errors import NotFoundError, UsageError, check_argument, excerpt
from negpos._model.issues import Issue, Kind

__all__ = ["Criterion", "IssueRow", "IssueRows", "issue_criteria", "row_index"]


class IssueRow(Protocol):
    """What a row is: something about one issue."""

    @property
    def issue(self) -> Issue:
        """The issue of the row."""
        ...


RowT = TypeVar("RowT", bound=IssueRow)


class Criterion:
    """One keyword ``where`` takes: how to read it off a row, and which values it accepts.

    Args:
        read: Reads the row's value.
        values: An enumeration the value belongs to; a given value is converted to it (so
            ``"gap"`` means ``Status.GAP``), and anything else is refused. None accepts any
            value and compares it as given.
        aliases: Words that stand for several values of ``values`` at once, such as
            ``"agreed"`` for the two statuses it was split into.
    """

    __slots__ = ("aliases", "read", "values")

    def __init__(
        self,
        read: Callable[[Any], Any],
        values: type[enum.Enum] | None = None,
        *,
        aliases: Mapping[str, tuple[enum.Enum, ...]] | None = None,
    ) -> None:
        self.read = read
        self.values = values
        self.aliases: Mapping[str, tuple[enum.Enum, ...]] = aliases or {}

    def wanted(self, name: str, given: Any) -> frozenset[Any]:
        """The values a row may have to meet the criterion ``name`` given as ``given``."""
        many = (
            isinstance(given, Iterable)
            and not isinstance(given, (str, bytes))
            and not isinstance(given, Mapping)
        )
        values = tuple(given) if many else (given,)
        if self.values is None:
            return frozenset(values)
        found: list[Any] = []
        for value in values:
            if isinstance(value, str) and value in self.aliases:
                found.extend(self.aliases[value])
                continue
            try:
                found.append(self.values(value))
            except ValueError:
                known = ", ".join([*(repr(v.value) for v in self.values), *map(repr, self.aliases)])
                raise UsageError(f"where({name}={excerpt(value)}): not one of {known}") from None
        return frozenset(found)


def issue_criteria() -> dict[str, Criterion]:
    """The criteria every row answers to: the issue's ``category`` and ``kind``."""
    return {
        "category": Criterion(lambda row: row.issue.category),
        "kind": Criterion(lambda row: row.issue.kind, Kind),
    }


def row_index() -> functools.cached_property[Mapping[str, Any]]:
    """The rows of a result by issue id, built on the first lookup and kept.

    Each result class assigns it in its own body (``_by_issue = row_index()``): attrs turns a
    cached property there into a slot of its own, so the results stay slotted.
    """

    def index(self: IssueRows[Any]) -> Mapping[str, Any]:
        return {row.issue.id: row for row in self.rows}

    return functools.cached_property(index)


class IssueRows(Generic[RowT]):
    """The rows of a result, one per issue, with a lookup by issue id and a filter.

    A mixin for attrs classes that declare a ``rows`` field, a ``criteria`` class variable
    naming what ``where`` accepts, and ``_by_issue = row_index()``.
    """

    __slots__ = ()
    rows: tuple[RowT, ...]
    criteria: ClassVar[Mapping[str, Criterion]] = {}
    _by_issue: Mapping[str, RowT]

    def issue(self, issue_id: str) -> RowT:
        """The row of the issue with this id.

        Raises:
            NotFoundError: The result has no row for that issue.
            UsageError: ``issue_id`` is not text.
        """
        found = self._by_issue.get(issue_id) if isinstance(issue_id, str) else None
        if found is None:
            check_argument(issue_id, str, "an issue id (text such as 'security.nato')")
            raise NotFoundError(f"no row for issue {excerpt(issue_id)} in this {_noun(self)}")
        return found

    def where(self, **criteria: Any) -> tuple[RowT, ...]:
        """The rows that meet every criterion, in agenda order.

        Each keyword names a criterion of this kind of result (its class documents them);
        its value is one value, or a collection of values any of which will do. Enumerated
        values may be given as their text, such as ``status="gap"``.

        Raises:
            UsageError: A criterion this result does not know, or a value it cannot take.
        """
        tests: list[tuple[Callable[[Any], Any], frozenset[Any]]] = []
        for name, given in criteria.items():
            criterion = self.criteria.get(name)
            if criterion is None:
                known = ", ".join(sorted(self.criteria)) or "none"
                raise UsageError(
                    f"{_noun(self)} rows have no criterion {excerpt(name)}; known: {known}"
                )
            tests.append((criterion.read, criterion.wanted(name, given)))
        return tuple(row for row in self.rows if all(read(row) in ok for read, ok in tests))


def _noun(result: object) -> str:
    return type(result).__name__
