"""One vocabulary across the public API: rows, lookups, the pair and round, errors, output.

docs/conventions.md states these conventions for users; this module holds the code to them.
"""

from __future__ import annotations

import builtins
import inspect
from collections.abc import Callable, Iterator
from typing import Any

import pytest

import negpos
from negpos import scenarios
from negpos._analysis.rows import IssueRows
from negpos._cli.main import main

NEG = negpos.bundled()

#: Every entry point that takes a pair of parties, and how to call it with a pair and a round.
PAIR_TAKERS: dict[str, Callable[..., Any]] = {
    "Negotiation.compare": NEG.compare,
    "Negotiation.trajectory": lambda a, b, round_id=None: NEG.trajectory(a, b),
    "round_report": lambda a, b, round_id=None: negpos.round_report(NEG, a, b, round_id=round_id),
    "negotiation_report": lambda a, b, round_id=None: negpos.negotiation_report(
        NEG, a, b, round_id=round_id
    ),
    "Baseline.of": lambda a, b, round_id=None: scenarios.Baseline.of(NEG, a, b, round_id=round_id),
    "explore": lambda a, b, round_id=None: scenarios.explore(NEG, a, b, round_id=round_id),
    "check": lambda a, b, round_id=None: scenarios.check(
        NEG, a, b, round_id=round_id, invariant=scenarios.always(scenarios.all_compatible())
    ),
    "scenarios": lambda a, b, round_id=None: scenarios.scenarios(NEG, a, b, round_id=round_id),
}

#: The signatures of those entry points, for the rule of parties first and rounds by keyword.
SIGNATURES: dict[str, Callable[..., Any]] = {
    "Negotiation.compare": negpos.Negotiation.compare,
    "Negotiation.trajectory": negpos.Negotiation.trajectory,
    "round_report": negpos.round_report,
    "negotiation_report": negpos.negotiation_report,
    "Baseline.of": scenarios.Baseline.of,
    "explore": scenarios.explore,
    "check": scenarios.check,
    "scenarios": scenarios.scenarios,
}


def _public_callables() -> Iterator[tuple[str, Callable[..., Any]]]:
    """Every public function and method of negpos, by name, constructors of data aside."""
    for space, names in ((negpos, negpos.__all__), (scenarios, scenarios.__all__)):
        for name in names:
            value = getattr(space, name)
            if inspect.isfunction(value):
                yield name, value
            elif inspect.isclass(value) and value.__module__.startswith("negpos"):
                for attr, member in vars(value).items():
                    if attr.startswith("_"):
                        continue
                    function = member.__func__ if isinstance(member, classmethod) else member
                    if inspect.isfunction(function):
                        yield f"{name}.{attr}", function


def test_no_parameter_is_named_after_a_builtin() -> None:
    """No public function or method has a parameter that shadows a builtin (round, format...)."""
    shadowing = [
        f"{name}({param})"
        for name, function in _public_callables()
        for param in inspect.signature(function).parameters
        if param in vars(builtins)
    ]
    assert [] == shadowing


@pytest.mark.parametrize("name", sorted(SIGNATURES))
def test_parties_come_first_and_rounds_by_keyword(name: str) -> None:
    """Every pair-taking entry point takes ``a, b`` after its subject and ``round_id=`` by keyword."""
    params = inspect.signature(SIGNATURES[name]).parameters
    names = list(params)
    first = 1 if names[0] in ("self", "cls", "negotiation") else 0
    if names[0] == "cls":
        first = 2
    assert ["a", "b"] == names[first : first + 2]
    assert all(params[p].default is None for p in ("a", "b"))
    if "round_id" in params:
        assert inspect.Parameter.KEYWORD_ONLY == params["round_id"].kind


@pytest.mark.parametrize("name", sorted(PAIR_TAKERS))
def test_the_same_party_twice_is_a_usage_error_everywhere(name: str) -> None:
    """The same party named twice raises UsageError (a ValueError) from every entry point."""
    with pytest.raises(negpos.UsageError, match="two different parties") as caught:
        PAIR_TAKERS[name]("ua", "ua")
    assert isinstance(caught.value, ValueError)


@pytest.mark.parametrize("name", sorted(PAIR_TAKERS))
def test_one_party_alone_is_a_usage_error_everywhere(name: str) -> None:
    """Naming one party of a pair and not the other raises UsageError everywhere."""
    with pytest.raises(negpos.UsageError, match="both parties"):
        PAIR_TAKERS[name]("ua", None)


@pytest.mark.parametrize("name", sorted(PAIR_TAKERS))
def test_an_unknown_party_is_not_found_everywhere(name: str) -> None:
    """An unknown party raises NotFoundError (a KeyError) from every entry point."""
    with pytest.raises(negpos.NotFoundError, match="no party 'xx'") as caught:
        PAIR_TAKERS[name]("ua", "xx")
    assert isinstance(caught.value, KeyError)


@pytest.mark.parametrize("name", sorted(set(PAIR_TAKERS) - {"Negotiation.trajectory"}))
def test_an_unknown_round_is_not_found_everywhere(name: str) -> None:
    """An unknown round raises NotFoundError from every entry point that takes a round."""
    with pytest.raises(negpos.NotFoundError, match="no round 'nope'"):
        PAIR_TAKERS[name]("ru", "ua", round_id="nope")


def test_the_command_line_reports_the_same_mistake_the_same_way(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The command line turns the same UsageError into its message and exit status 2."""
    for command in ("report", "compare", "explore"):
        assert 2 == main([command, "--parties", "ua", "ua"])
        err = capsys.readouterr().err
        assert "needs two different parties, got 'ua' twice" in err


def test_lookups_that_fail_are_not_found_errors() -> None:
    """Every lookup by id raises NotFoundError, the reports' included."""
    report = negpos.round_report(NEG, round_id="istanbul-2")
    whole = negpos.negotiation_report(NEG)
    june = report.comparison
    lookups: list[Callable[[], object]] = [
        lambda: NEG.party("xx"),
        lambda: NEG.issue("xx"),
        lambda: NEG.round("xx"),
        lambda: june.issue("xx"),
        lambda: june.alternatives[0].option("xx"),
        lambda: report.party("xx"),
        lambda: report.changes[0].issue("xx"),
        lambda: whole.party("xx"),
        lambda: whole.trajectory("ru", "xx"),
        lambda: whole.matrix.pair("ru", "xx"),
        lambda: whole.focus_trajectory.issue("xx"),
        lambda: whole.focus_trajectory.totals_of("xx"),
        lambda: whole.focus_trajectory.rows[0].at("xx"),
        lambda: report.sources.number(negpos.Source(url="https://example.org/not-cited")),
    ]
    for lookup in lookups:
        with pytest.raises(negpos.NotFoundError):
            lookup()


def test_results_with_rows_share_one_face() -> None:
    """Comparisons, change sets, trajectories and options: rows, issue(id) and where(...)."""
    june = NEG.compare("ru", "ua", round_id="istanbul-2")
    results: list[IssueRows[Any]] = [
        june,
        june.alternatives[0].options[0],
        NEG.changes("ru", from_round="istanbul-1", to_round="istanbul-2"),
        NEG.trajectory("ru", "ua"),
    ]
    for result in results:
        assert isinstance(result, IssueRows)
        first = result.rows[0]
        assert first is result.issue(first.issue.id)
        assert result.rows == result.where()
        kind = first.issue.kind
        assert all(r.issue.kind is kind for r in result.where(kind=kind.value))
        with pytest.raises(negpos.UsageError, match="no criterion"):
            result.where(colour="red")


def test_where_refuses_a_value_it_cannot_take() -> None:
    """A misspelt status is an error, not an empty answer."""
    june = NEG.compare("ru", "ua", round_id="istanbul-2")
    assert june.where(status="gap") == june.where(status=negpos.Status.GAP)
    assert len(june.where(status=("gap", "overlap"))) == len(june.where(status="gap")) + len(
        june.where(status="overlap")
    )
    with pytest.raises(negpos.UsageError, match="'gapp'"):
        june.where(status="gapp")


def test_an_unknown_format_is_a_usage_error() -> None:
    """render, loads and dumps refuse a format they do not know with a UsageError."""
    june = NEG.compare("ru", "ua", round_id="istanbul-2")
    with pytest.raises(negpos.UsageError, match="unknown format 'pdf'"):
        negpos.render(june, "pdf")  # type: ignore[arg-type]
    with pytest.raises(negpos.UsageError, match="'xml'"):
        negpos.loads("format: 1", fmt="xml")  # type: ignore[arg-type]
    with pytest.raises(negpos.UsageError, match="'xml'"):
        negpos.dumps(NEG, fmt="xml")  # type: ignore[arg-type]
    with pytest.raises(negpos.UsageError, match=r"expected a result to render.*got str"):
        negpos.render("not a result", "markdown")  # type: ignore[arg-type]


def test_documents_and_results_serialise_the_same_way() -> None:
    """A position inside a result's data is the position's own to_dict(), as a file holds it."""
    june = NEG.compare("ru", "ua", round_id="istanbul-2")
    row = june.rows[0]
    assert row.position_a is not None
    assert row.position_a.to_dict() == row.to_dict()["position_a"]
    assert negpos.loads(negpos.dumps(NEG, fmt="json"), fmt="json").to_dict() == NEG.to_dict()
