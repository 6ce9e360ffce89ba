"""Reprs are a line, not a dump: every document and result, and everything inside them.

A negotiation's or a comparison's default repr ran to hundreds of kilobytes; a terminal or a
saved notebook drowned in it. Every object a user can reach from the bundled dataset's
results now shows in one short line, the same every time.
"""

from __future__ import annotations

import enum
import importlib.util
from collections.abc import Iterator, Mapping
from typing import Any

import attrs
import pydantic
import pytest
from hypothesis import given
from hypothesis import strategies as st

import negpos
from negpos import scenarios
from negpos._model.reprs import LIMIT, clip, compact_repr, short

ROUND = "istanbul-2"


def _results(talks: negpos.Negotiation) -> list[object]:
    ground = talks.common(["ru", "ua", "us", "e3"], round_id="russia-response")
    found = scenarios.explore(talks, "ru", "ua", round_id=ROUND)
    ground_base = scenarios.GroundBaseline.of(talks, ["ru", "ua", "us"], round_id="us-28-points")
    what_if = scenarios.GroundScenario.of(
        ground_base, [scenarios.RelaxRedLine("ua", "security.nato")]
    )
    # Agreement needs the optional krippendorff package; the lean test run goes without it.
    agreed = (
        [negpos.agreement([talks, talks], ["one", "two"])]
        if importlib.util.find_spec("krippendorff") is not None
        else []
    )
    return [
        *agreed,
        talks,
        talks.compare("ru", "ua", round_id=ROUND),
        talks.matrix(round_id="geneva"),
        talks.changes("ru", from_round=ROUND, to_round="istanbul-3"),
        talks.trajectory("ru", "ua"),
        ground,
        talks.assess("us", ["ru", "ua"]),
        talks.robust("ru", "ua", round_id=ROUND),
        negpos.robust_figures(
            talks, lambda n: {"index": n.compare("ru", "ua", round_id=ROUND).summary.compatibility}
        ),
        negpos.round_report(talks, "ru", "ua", round_id=ROUND),
        negpos.negotiation_report(talks),
        scenarios.bargain(
            talks,
            "ru",
            "ua",
            round_id=ROUND,
            goal=scenarios.issues_compatible(["humanitarian.children", "security.treaties"]),
        ),
        found,
        what_if,
        talks.standing("ru", round_id="istanbul-3"),
    ]


def _reachable(roots: list[object], limit: int = 20_000) -> Iterator[object]:
    """Every document and result reachable from ``roots``, each once (by identity)."""
    seen: set[int] = set()
    stack = list(roots)
    while stack and len(seen) < limit:
        item = stack.pop()
        if id(item) in seen or isinstance(item, (str, int, float, enum.Enum, type(None))):
            continue
        seen.add(id(item))
        if isinstance(item, (tuple, list, frozenset, set)):
            stack.extend(item)
        elif isinstance(item, Mapping):
            stack.extend(item.values())
        elif attrs.has(type(item)):
            yield item
            stack.extend(getattr(item, f.name) for f in attrs.fields(type(item)))  # type: ignore[arg-type]
        elif isinstance(item, pydantic.BaseModel):
            yield item
            stack.extend(getattr(item, name) for name in type(item).model_fields)


@pytest.fixture(scope="module")
def everything() -> list[object]:
    return list(_reachable(_results(negpos.bundled())))


def test_every_reachable_object_has_a_short_repr(everything: list[object]) -> None:
    """Under 300 characters, on one line, for every document and result type reached."""
    types = set()
    for item in everything:
        text = repr(item)
        assert len(text) < 300, (type(item).__name__, text)
        assert "\n" not in text, text
        types.add(type(item).__name__)
    # The walk reaches the public result types, not only the top-level ones.
    for name in (
        "Negotiation",
        "Round",
        "Memorandum",
        "Position",
        "Source",
        "SetIssue",
        "Comparison",
        "IssueComparison",
        "Summary",
        "RoundReport",
        "NegotiationReport",
        "ChangeSet",
        "PositionChange",
        "Trajectory",
        "TrajectoryRow",
        "Matrix",
        "PairSummary",
        "CommonGround",
        "IssueGround",
        "PlanAssessment",
        "PlanIssue",
        "SideFit",
        "RobustComparison",
        "RobustIssue",
        "FigureSweep",
        *(["Agreement"] if importlib.util.find_spec("krippendorff") is not None else []),
        "Bargain",
        "Package",
        "Trade",
        "Exploration",
        "Scenario",
        "Baseline",
        "GroundScenario",
        "GroundBaseline",
    ):
        assert name in types, name


def test_reprs_are_deterministic(everything: list[object]) -> None:
    """The same object gives the same repr, and a rebuilt result the same as the first."""
    first = [repr(x) for x in _results(negpos.bundled())]
    again = [repr(x) for x in _results(negpos.bundled())]
    assert first == again
    for item in everything[:2000]:
        assert repr(item) == repr(item)
        assert " at 0x" not in repr(item)


def test_the_headline_reprs() -> None:
    """The main results and documents name themselves and their headline figures."""
    talks = negpos.bundled()
    assert (
        repr(talks)
        == "<Negotiation 'Russia–Ukraine talks, 2022–2026': 6 parties, 65 issues, 15 rounds>"
    )
    june = talks.compare("ru", "ua", round_id=ROUND)
    assert repr(june) == (
        "<Comparison ru–ua at istanbul-2: 48 issues: 3 settled, 1 identical, 1 conditional, "
        "16 gap, 19 one-sided, 8 other-option; 9 red lines in conflict; index 0.243>"
    )
    assert repr(june.issue("security.nato")) == (
        "<IssueComparison security.nato: gap 0.50; red line of ua>"
    )
    assert repr(talks.round(ROUND)).startswith(f"<Round {ROUND} 2025-06-02 ")
    memo = talks.memorandum("ru", round_id=ROUND)
    assert memo is not None
    assert repr(memo).startswith("<Memorandum ru at istanbul-2 ")
    assert repr(memo.position("territory.recognition")).startswith(
        "<Position territory.recognition: requires "
    )
    assert str(talks) == repr(talks)


def test_hostile_text_stays_on_one_line() -> None:
    """Newlines, control characters and markup in analyst text cannot break a repr."""
    title = "Talks\n<script>alert(1)</script>\x1b[31m" + "x" * 500
    talks = negpos.Negotiation(title=title, parties=(negpos.Party(id="a", name="A\nB"),))
    for item in (talks, talks.parties[0]):
        text = repr(item)
        assert "\n" not in text
        assert "\x1b" not in text
        assert len(text) <= LIMIT


def test_a_broken_object_still_has_a_repr() -> None:
    """A repr never raises: a result whose fields cannot be read shows its class name."""
    june = negpos.bundled().compare("ru", "ua", round_id=ROUND)
    broken = attrs.evolve(june.summary)
    object.__setattr__(broken, "counts", None)
    assert repr(broken) == "<Summary>"
    assert compact_repr(object()) == "<object>"


@given(st.text(max_size=400))
def test_clip_is_short_and_one_line(text: str) -> None:
    """``clip`` always gives at most LIMIT printable characters."""
    shown = clip(text)
    assert len(shown) <= LIMIT
    assert shown.isprintable()


@given(st.recursive(st.none() | st.integers() | st.text(), lambda c: st.lists(c, max_size=50)))
def test_short_is_short(value: Any) -> None:
    """A field's value never shows longer than a line's share."""
    assert len(short(value)) <= 80
