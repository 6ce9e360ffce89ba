"""Inter-coder agreement: Krippendorff's alpha per issue and overall, disagreements, reports.

The figures are checked three ways: against values worked out by hand, against a small
reference implementation of the coincidence-matrix formula written here (nominal and
interval), and by laws that must hold for any encodings (identical encodings agree fully,
the order of units does not matter, a unit one coder alone fills changes no alpha).
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import negpos
from negpos import (
    BooleanIssue,
    CategoricalIssue,
    Element,
    Firmness,
    Issue,
    Kind,
    Memorandum,
    Negotiation,
    NumericIssue,
    NumericStance,
    OrdinalIssue,
    OrdinalStance,
    Party,
    Position,
    Round,
    Scale,
    SequenceIssue,
    SequenceStance,
    Source,
    Stance,
    TextIssue,
    TextStance,
)
from negpos import strategies as nst
from negpos._analysis.agreement import (
    NO_PAIRS,
    NO_VARIATION,
    NOT_CODED,
    canonical_stance,
    stance_value,
)
from negpos._cli.main import main
from negpos._model.documents import AlternativeGroup, Option


@pytest.fixture(scope="module")
def kr() -> Any:
    """The krippendorff package; the test is skipped without it."""
    return pytest.importorskip("krippendorff")


VENUE = CategoricalIssue(
    id="venue", title="Venue", options=(Element(id="a"), Element(id="b"), Element(id="c"))
)
DAYS = NumericIssue(id="days", title="Days", unit="days", bounds=(0, 100))
ROLE = OrdinalIssue(
    id="role",
    title="Role",
    levels=(Element(id="none"), Element(id="observer"), Element(id="guarantor")),
)
NOTE = TextIssue(id="note", title="Preamble")
TRUCE = BooleanIssue(id="truce", title="Truce")


def cat(*accepts: str) -> Stance:
    return negpos.CategoricalStance(accepts=accepts)


def pos(issue: str, stance: Any, **fields: Any) -> Position:
    return Position(issue=issue, stance=stance, **fields)


def encoding(
    rounds: Mapping[str, Mapping[str, Sequence[Position]]],
    agenda: Sequence[Any] = (VENUE, DAYS, ROLE, NOTE),
    *,
    title: str = "Talks",
    alternatives: Mapping[tuple[str, str], Sequence[AlternativeGroup]] | None = None,
) -> Negotiation:
    """A negotiation: rounds (in order) of memoranda by party, on ``agenda``."""
    alternatives = alternatives or {}
    parties = sorted({p for memos in rounds.values() for p in memos} | {"x", "y", "z"})
    return Negotiation(
        title=title,
        parties=tuple(Party(id=p, name=p.upper()) for p in parties),
        issues=tuple(agenda),
        rounds=tuple(
            Round(
                id=rid,
                date=dt.date(2025, k + 1, 1),
                memoranda=tuple(
                    Memorandum(
                        party=party,
                        positions=tuple(positions),
                        alternatives=tuple(alternatives.get((rid, party), ())),
                    )
                    for party, positions in memos.items()
                ),
            )
            for k, (rid, memos) in enumerate(rounds.items())
        ),
    )


# --- a reference implementation --------------------------------------------------------------


def reference_alpha(
    units: Sequence[Sequence[Any | None]], delta: Callable[[Any, Any], float]
) -> float | None:
    """Krippendorff's alpha from its definition, by pairs of values (no coincidence tables).

    Each unit lists one value per coder (None: missing). Only units with two or more values
    count; within a unit of ``m`` values each ordered pair of different coders weighs
    ``1 / (m - 1)``. Observed disagreement: the weighted mean of ``delta`` over those pairs;
    expected: the mean of ``delta`` over every ordered pair of distinct values pooled from
    all units. None where the expected disagreement is 0 (or nothing is pairable).
    """
    pairable = [[v for v in unit if v is not None] for unit in units]
    pairable = [u for u in pairable if len(u) >= 2]
    n = sum(len(u) for u in pairable)
    if n == 0:
        return None
    observed = 0.0
    for u in pairable:
        m = len(u)
        observed += sum(delta(u[i], u[j]) for i in range(m) for j in range(m) if i != j) / (m - 1)
    observed /= n
    pooled = [v for u in pairable for v in u]
    expected = sum(delta(pooled[i], pooled[j]) for i in range(n) for j in range(n) if i != j) / (
        n * (n - 1)
    )
    if expected == 0:
        return None
    return 1 - observed / expected


def nominal(a: Any, b: Any) -> float:
    return 0.0 if a == b else 1.0


def interval(a: float, b: float) -> float:
    return (a - b) ** 2


# --- by hand ---------------------------------------------------------------------------------

# Two coders, one categorical issue, four units both code and one only the first codes:
#
#   unit       coder 1   coder 2
#   r1 / x     a         a
#   r1 / y     b         b
#   r2 / x     a         b
#   r2 / y     c         c
#   r2 / z     a         (empty)
#
# The last unit has one value and is not pairable. The 8 pairable values: a 3, b 3, c 2.
# Observed coincidences: a-a 2, b-b 2, c-c 2, a-b 1, b-a 1, so the observed disagreement is
# Do = 2 / 8 = 0.25. Expected: De = (n^2 - sum of n_c^2) / (n (n - 1)) = (64 - 22) / 56 = 0.75.
# Alpha = 1 - Do / De = 1 - 1/3 = 2/3; exact agreement 3 of the 4 pairable units.
HAND_ALPHA = 2 / 3

CODER_1 = {
    "r1": {"x": [pos("venue", cat("a"))], "y": [pos("venue", cat("b"))]},
    "r2": {
        "x": [pos("venue", cat("a"))],
        "y": [pos("venue", cat("c"))],
        "z": [pos("venue", cat("a"))],
    },
}
CODER_2 = {
    "r1": {"x": [pos("venue", cat("a"))], "y": [pos("venue", cat("b"))]},
    "r2": {"x": [pos("venue", cat("b"))], "y": [pos("venue", cat("c"))]},
}


def test_nominal_alpha_by_hand(kr: Any) -> None:
    """The hand-worked nominal example: alpha 2/3, counts, and the reference agrees."""
    result = negpos.agreement([encoding(CODER_1), encoding(CODER_2)], coders=["ann", "ben"])
    row = result.issue("venue")
    assert ("nominal", 5, 4, 4, (5, 4)) == (
        row.level,
        row.units,
        row.pairable,
        row.complete,
        row.coded,
    )
    assert HAND_ALPHA == pytest.approx(row.alpha)
    assert 0.75 == row.exact
    table: list[list[Any]] = [["a", "a"], ["b", "b"], ["a", "b"], ["c", "c"], ["a", None]]
    assert HAND_ALPHA == pytest.approx(reference_alpha(table, nominal))
    # The two differing units, in round then party order: r2/x on the stance, r2/z on coverage.
    assert [("r2", "x", ("stance",)), ("r2", "z", ("coded",))] == [
        (u.round, u.party, u.differs) for u in result.disagreements
    ]


def numeric(low: float | None, high: float | None) -> NumericStance:
    return NumericStance(min=low, max=high)


def test_interval_alpha_by_hand(kr: Any) -> None:
    """Numeric stances are measured on their midpoints: a hand-worked interval alpha.

    On bounds [0, 100] the midpoints (as shares of the span) are, unit by unit:
    (0.1, 0.1), (0.5, 0.4), (0.9, 0.9). n = 6 values. Observed: only the second unit
    differs, 2 ordered pairs of (0.1)^2, so Do = 0.02 / 6. Expected: the sum over ordered
    pairs of distinct values is 2 (n * sum v^2 - (sum v)^2) = 2 (6 * 2.05 - 2.9^2) = 7.78, so
    De = 7.78 / 30. Alpha = 1 - (0.02 / 6) / (7.78 / 30) = 0.98715...
    """
    one = {
        "r1": {
            "x": [pos("days", numeric(None, 20))],
            "y": [pos("days", numeric(40, 60))],
            "z": [pos("days", numeric(80, None))],
        }
    }
    two = {
        "r1": {
            "x": [pos("days", numeric(0, 20))],
            "y": [pos("days", numeric(20, 60))],
            "z": [pos("days", numeric(80, 100))],
        }
    }
    row = negpos.agreement([encoding(one), encoding(two)]).issue("days")
    by_hand = 1 - (0.02 / 6) / (7.78 / 30)
    assert ("interval", 2 / 3) == (row.level, row.exact)
    assert by_hand == pytest.approx(row.alpha)
    table = [[0.1, 0.1], [0.5, 0.4], [0.9, 0.9]]
    assert by_hand == pytest.approx(reference_alpha(table, interval))


def test_values_by_kind() -> None:
    """Ordinal midpoint ranks, numeric midpoints on a log scale, sequence closures."""
    assert 1.5 == stance_value(ROLE, OrdinalStance(lowest="observer", highest="guarantor"))
    assert 0.0 == stance_value(ROLE, OrdinalStance(lowest="none", highest="none"))
    log = NumericIssue(id="army", title="Army", unit="troops", bounds=(1, 10000), scale=Scale.LOG)
    # 10 and 1000 lie at a quarter and three quarters of the log span: the midpoint is 100.
    assert 0.5 == pytest.approx(stance_value(log, numeric(10, 1000)))
    assert 0.5 == pytest.approx(DAYS.position(50))
    assert 0.25 == pytest.approx(stance_value(DAYS, numeric(None, 50)))
    steps = SequenceIssue(
        id="order", title="Order", steps=(Element(id="a"), Element(id="b"), Element(id="c"))
    )
    chain = SequenceStance(precedes=(("a", "b"), ("b", "c")))
    closed = SequenceStance(precedes=(("b", "c"), ("a", "c"), ("a", "b")))
    assert canonical_stance(steps, chain) == canonical_stance(steps, closed)
    assert canonical_stance(steps, chain) != canonical_stance(
        steps, SequenceStance(precedes=(("a", "b"),))
    )
    # Preferences aside, the same accepted options are the same value, in any order.
    assert canonical_stance(VENUE, cat("a", "b")) == canonical_stance(
        VENUE, negpos.CategoricalStance(accepts=("b", "a"), preferred="a")
    )
    assert stance_value(VENUE, cat("a")) is None


def test_open_numeric_ends_equal_the_bounds(kr: Any) -> None:
    """``max: 20`` and ``min: 0, max: 20`` on bounds [0, 100] are the same stance."""
    one = {"r1": {"x": [pos("days", numeric(None, 20))]}}
    two = {"r1": {"x": [pos("days", numeric(0, 20))]}}
    result = negpos.agreement([encoding(one), encoding(two)])
    assert (None, NO_VARIATION, 1.0) == (
        result.issue("days").alpha,
        result.issue("days").reason,
        result.issue("days").exact,
    )
    assert () == result.disagreements


def test_firmness_salience_and_text(kr: Any) -> None:
    """Firmness (ordinal) and salience (interval) read every unit, text issues included."""
    one = {
        "r1": {
            "x": [pos("note", TextStance(statement="yes"), firmness="red_line", salience=0.9)],
            "y": [pos("note", TextStance(statement="no"), firmness="open", salience=0.1)],
        }
    }
    two = {
        "r1": {
            "x": [pos("note", TextStance(statement="YES!"), firmness="red_line", salience=0.9)],
            "y": [pos("note", TextStance(statement="no"), firmness="flexible", salience=0.2)],
        }
    }
    result = negpos.agreement([encoding(one), encoding(two)])
    row = result.issue("note")
    assert (None, None, NOT_CODED, None) == (row.level, row.alpha, row.reason, row.exact)
    s = result.summary
    firmness = [[3, 3], [0, 1]]
    salience = [[0.9, 0.9], [0.1, 0.2]]
    # Two values per unit: ordinal alpha by hand. Ranks of the values 0, 1, 3, 3 (n = 4);
    # the ordinal distance between c and k is (sum of n_g from c to k - (n_c + n_k) / 2)^2:
    # d(0, 1) = (2 - 1)^2 = 1, d(0, 3) = (4 - 1.5)^2 = 6.25, d(1, 3) = (3 - 1.5)^2 = 2.25.
    # Do = 2 * 1 / 4 = 0.5; De = 2 * (1 * 1 * 1 + 1 * 2 * 6.25 + 1 * 2 * 2.25) / 12 = 3.
    assert 1 - 0.5 / 3 == pytest.approx(s.firmness.alpha)
    assert reference_alpha(salience, interval) == pytest.approx(s.salience.alpha)
    assert (2, 2, 0.5) == (s.firmness.units, s.firmness.pairable, s.firmness.exact)
    assert firmness  # the table the comment works on
    # Stances on text are not compared: only firmness and salience differ on y.
    assert [("y", ("firmness", "salience"))] == [(u.party, u.differs) for u in result.disagreements]
    assert s.exact.reason == NO_PAIRS
    assert s.stance is None


def test_options_are_units_of_their_own(kr: Any) -> None:
    """A position inside an option is a unit keyed by its group and option."""
    group = AlternativeGroup(
        id="g",
        options=(
            Option(id="o1", positions=(pos("venue", cat("a")),)),
            Option(id="o2", positions=(pos("venue", cat("b")),)),
        ),
    )
    other = AlternativeGroup(
        id="g",
        options=(
            Option(id="o1", positions=(pos("venue", cat("a")),)),
            Option(id="o2", positions=(pos("venue", cat("c")),)),
        ),
    )
    rounds = {"r1": {"x": [pos("venue", cat("a", "b"))]}}
    one = encoding(rounds, alternatives={("r1", "x"): [group]})
    two = encoding(rounds, alternatives={("r1", "x"): [other]})
    result = negpos.agreement([one, two])
    assert [(None, None), ("g", "o1"), ("g", "o2")] == [(u.group, u.option) for u in result.units]
    assert [("g", "o2")] == [(u.group, u.option) for u in result.disagreements]
    assert "r1 / x / g:o2" == result.disagreements[0].where


def test_unshared_issues_are_reported_not_dropped(kr: Any) -> None:
    """An issue only one agenda has is listed, with its coders, and left out of the figures."""
    one = encoding(CODER_1, agenda=(VENUE, DAYS, TRUCE))
    two = encoding(CODER_2, agenda=(VENUE, DAYS))
    result = negpos.agreement([one, two], coders=["ann", "ben"])
    assert [("truce", ("ann",))] == [(u.issue.id, u.coders) for u in result.unshared]
    assert ["venue", "days"] == [row.issue.id for row in result.rows]
    assert "truce" in result.to_markdown()


def test_kinds_that_differ_are_refused(kr: Any) -> None:
    """One issue id with two kinds: a usage error naming both coders and the issue."""
    other = BooleanIssue(id="venue", title="Venue")
    with pytest.raises(
        negpos.UsageError, match=r"'venue' is categorical in 'ann' but boolean in 'ben'"
    ):
        negpos.agreement([encoding({}), encoding({}, agenda=(other,))], coders=["ann", "ben"])


def test_a_stance_outside_the_first_definition_is_refused(kr: Any) -> None:
    """A stance that does not fit the first encoding's issue names the coder and the issue."""
    wider = CategoricalIssue(
        id="venue", title="Venue", options=(Element(id="a"), Element(id="b"), Element(id="d"))
    )
    two = encoding({"r1": {"x": [pos("venue", cat("d"))]}}, agenda=(wider,))
    with pytest.raises(negpos.UsageError, match=r"'ben': the position of 'x' on 'venue'"):
        negpos.agreement([encoding(CODER_1), two], coders=["ann", "ben"])


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (([],), "two or more encodings; 0 given"),
        (("talks",), "a list of two or more encodings"),
        ((["talks", "talks"], ["a"]), "1 coder names for 2 encodings"),
        ((["talks", "talks"], ["a", "a"]), "'a' is given twice"),
        ((["talks", "talks"], "ab"), "a list of names"),
        ((["talks", 3],), "expected an encoding"),
    ],
)
def test_bad_arguments(args: tuple[Any, ...], message: str) -> None:
    """Bad arguments are usage errors that say what is wrong."""
    talks = encoding(CODER_1)
    real: Any = (
        [talks if a == "talks" else a for a in args[0]] if isinstance(args[0], list) else talks
    )
    with pytest.raises(negpos.UsageError, match=re.escape(message)):
        negpos.agreement(real, *args[1:])


def test_without_krippendorff_the_error_says_how_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A missing krippendorff package is a NegposError naming the extra to install."""
    monkeypatch.setitem(sys.modules, "krippendorff", None)
    with pytest.raises(negpos.NegposError, match=re.escape("pip install 'negpos[agreement]'")):
        negpos.agreement([encoding(CODER_1), encoding(CODER_2)])


def test_importing_negpos_loads_no_numpy() -> None:
    """``import negpos`` and the agreement command's parser stay free of NumPy."""
    import subprocess

    code = (
        "import sys, negpos; from negpos._cli.main import build_parser; build_parser(); "
        "negpos.agreement; print('numpy' in sys.modules)"
    )
    root = str(Path(negpos.__file__).resolve().parents[1])
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": root},
    )
    assert "False\n" == out.stdout


# --- laws ------------------------------------------------------------------------------------


@given(nst.negotiations(max_parties=3, max_issues=4, max_rounds=3))
@settings(max_examples=30)
def test_identical_encodings_agree_fully(kr: Any, talks: Negotiation) -> None:
    """Alpha is 1, or undefined with every pairable unit in exact agreement."""
    result = negpos.agreement([talks, talks])
    assert () == result.disagreements
    for row in result.rows:
        if row.level is None:
            continue
        assert row.units == row.pairable == row.complete
        if row.alpha is None:
            assert row.reason in (NO_PAIRS, NO_VARIATION)
        else:
            assert 1.0 == pytest.approx(row.alpha)
        assert row.exact == (1.0 if row.units else None)
    for figure in (result.summary.firmness, result.summary.salience, result.summary.exact):
        assert figure.alpha is None or 1.0 == pytest.approx(figure.alpha)


def coded_issue(kinds: Sequence[Kind]) -> st.SearchStrategy[tuple[Issue, list[list[Any]]]]:
    """An issue and, for up to 8 units and 2-3 coders, a stance or None per unit and coder."""

    def table(issue: Issue) -> st.SearchStrategy[tuple[Issue, list[list[Any]]]]:
        cell = st.none() | nst.stances(issue)
        return st.integers(2, 3).flatmap(
            lambda coders: st.lists(
                st.lists(cell, min_size=coders, max_size=coders), min_size=1, max_size=8
            ).map(lambda units: (issue, units))
        )

    return nst.issues(kinds).flatmap(table)


def encodings_of(issue: Any, units: list[list[Any]]) -> list[Negotiation]:
    """One encoding per coder: unit k is party ``pk``'s position in round r1."""
    coders = len(units[0])
    parties = tuple(Party(id=f"p{k}", name=f"P{k}") for k in range(len(units)))
    return [
        Negotiation(
            title="T",
            parties=parties,
            issues=(issue,),
            rounds=(
                Round(
                    id="r1",
                    date=dt.date(2025, 1, 1),
                    memoranda=tuple(
                        Memorandum(
                            party=f"p{k}", positions=(Position(issue=issue.id, stance=row[c]),)
                        )
                        for k, row in enumerate(units)
                        if row[c] is not None
                    ),
                ),
            ),
        )
        for c in range(coders)
    ]


def _reference_value(issue: Issue, stance: Stance | None) -> Any:
    if stance is None:
        return None
    if isinstance(issue, NumericIssue):
        assert isinstance(stance, NumericStance)
        low = issue.bounds[0] if stance.min is None else stance.min
        high = issue.bounds[1] if stance.max is None else stance.max
        return (issue.position(low) + issue.position(high)) / 2
    return canonical_stance(issue, stance)


@given(coded_issue([Kind.BOOLEAN, Kind.CATEGORICAL, Kind.SET, Kind.SEQUENCE, Kind.NUMERIC]))
@settings(max_examples=60)
def test_alpha_equals_the_reference_formula(kr: Any, case: tuple[Issue, list[list[Any]]]) -> None:
    """Per-issue alpha equals the definition's, with missing values, nominal and interval."""
    issue, units = case
    result = negpos.agreement(encodings_of(issue, units))
    coded = [row for row in units if any(s is not None for s in row)]
    if not coded:
        assert () == result.rows[0:1] or 0 == result.rows[0].units
        return
    row = result.rows[0]
    table = [[_reference_value(issue, s) for s in unit] for unit in coded]
    metric = interval if issue.kind is Kind.NUMERIC else nominal
    expected = reference_alpha(table, metric)
    assert len(coded) == row.units
    if expected is None:
        assert row.alpha is None
        assert row.reason in (NO_PAIRS, NO_VARIATION)
    else:
        assert row.alpha == pytest.approx(expected, rel=1e-9, abs=1e-9)


@given(coded_issue([Kind.CATEGORICAL, Kind.ORDINAL, Kind.NUMERIC]), st.randoms())
@settings(max_examples=40)
def test_the_order_of_units_does_not_matter(
    kr: Any, case: tuple[Issue, list[list[Any]]], random: Any
) -> None:
    """Shuffling the units (which party holds which) changes no figure."""
    issue, units = case
    shuffled = list(units)
    random.shuffle(shuffled)
    before = negpos.agreement(encodings_of(issue, units))
    after = negpos.agreement(encodings_of(issue, shuffled))
    assert figures(before) == pytest.approx(figures(after), rel=1e-9, abs=1e-12)


def figures(result: negpos.Agreement) -> list[float]:
    out: list[float] = []
    for row in result.rows:
        out += [row.alpha if row.alpha is not None else -9.0, row.exact or -9.0, row.pairable]
    s = result.summary
    for f in (s.exact, s.firmness, s.salience):
        out += [f.alpha if f.alpha is not None else -9.0, f.exact or -9.0]
    return out


@given(coded_issue([Kind.CATEGORICAL, Kind.NUMERIC]))
@settings(max_examples=30)
def test_a_unit_only_one_coder_fills_changes_no_alpha(
    kr: Any, case: tuple[Issue, list[list[Any]]]
) -> None:
    """Missing values: a unit with one value is counted but not paired."""
    issue, units = case
    lone = next((s for row in units for s in row if s is not None), None)
    if lone is None:
        return
    extra = [[lone] + [None] * (len(units[0]) - 1)]
    before = negpos.agreement(encodings_of(issue, units)).rows[0]
    after = negpos.agreement(encodings_of(issue, units + extra)).rows[0]
    assert (after.units, after.pairable) == (before.units + 1, before.pairable)
    assert (after.alpha is None) == (before.alpha is None)
    if before.alpha is not None:
        assert after.alpha == pytest.approx(before.alpha, rel=1e-9, abs=1e-12)


# --- reports ---------------------------------------------------------------------------------


def second_coding() -> Negotiation:
    """The bundled dataset with a few positions coded otherwise, as a second coder might."""
    talks = negpos.bundled()
    rounds = []
    for rnd in talks.rounds:
        memos = []
        for memo in rnd.memoranda:
            positions = []
            for p in memo.positions:
                if p.issue == "security.nato" and memo.party == "ua":
                    p = p.model_copy(update={"salience": 0.6, "firmness": Firmness.FIRM})
                positions.append(p)
            memos.append(memo.model_copy(update={"positions": tuple(positions)}))
        rounds.append(rnd.model_copy(update={"memoranda": tuple(memos)}))
    return talks.model_copy(update={"rounds": tuple(rounds)})


def hostile_pair() -> tuple[Negotiation, Negotiation]:
    """Two encodings whose title, source and stances carry HTML, Markdown and controls."""
    evil = "<script>alert(1)</script> | **bold** `code` \x1b[31mred\x07\u202e"
    source = Source(document=evil, section="<b>§1</b> | x", url="https://example.org/a)|(b'x")
    issue = CategoricalIssue(
        id="venue",
        title=evil,
        options=(Element(id="a", label=evil), Element(id="b", label="B | <i>b</i>")),
    )
    one = encoding(
        {"r1": {"x": [pos("venue", cat("a"), sources=(source,))]}}, agenda=(issue,), title=evil
    )
    two = encoding(
        {"r1": {"x": [pos("venue", cat("b"), sources=(source,))]}}, agenda=(issue,), title=evil
    )
    return one, two


EVIL_CODERS = ["<img src=x onerror=alert(1)>", "a | b\n# heading"]


def test_hostile_text_is_escaped_in_every_format(kr: Any) -> None:
    """Titles, labels, sources and coder names cannot inject markup or drive a terminal."""
    result = negpos.agreement(list(hostile_pair()), coders=EVIL_CODERS)
    html = result.to_html()
    assert "<script>" not in html
    assert "<img" not in html
    assert "<b>§1</b>" not in html
    assert "&lt;script&gt;" in html
    assert "\x1b" not in html
    assert "\u202e" not in html
    markdown = result.to_markdown()
    assert "<script>" not in markdown
    assert "\x1b" not in markdown
    assert "\n# heading" not in markdown
    # Every row of the disagreements table has as many cells as its header.
    table = markdown.split("## Disagreements\n\n", 1)[1].split("\n\n", 1)[0].splitlines()
    cells = {len(re.split(r"(?<!\\)\|", line)) for line in table}
    assert 1 == len(cells), table
    terminal = negpos.render(result, "terminal")
    assert "\x1b" not in terminal
    assert "\x07" not in terminal
    data = json.loads(result.to_json())
    assert EVIL_CODERS == data["coders"]
    assert "\\u001b" in result.to_json()


def test_reports_are_deterministic(kr: Any) -> None:
    """The same encodings give the same bytes, in every format, computed afresh each time."""
    talks = negpos.bundled()
    first = negpos.agreement([talks, second_coding()])
    again = negpos.agreement([negpos.bundled(), second_coding()])
    for fmt in ("markdown", "html", "json", "terminal"):
        assert negpos.render(first, fmt) == negpos.render(again, fmt)


def test_a_disagreement_on_the_bundled_data(kr: Any) -> None:
    """A changed salience and firmness show up, with stances in words and sources cited."""
    result = negpos.agreement([negpos.bundled(), second_coding()], coders=["ann", "ben"])
    found = [u for u in result.disagreements if u.issue.id == "security.nato"]
    assert found
    assert all(u.party == "ua" for u in found)
    assert all("salience" in u.differs for u in found)
    assert result.issue("security.nato").alpha == pytest.approx(1.0)
    assert result.summary.salience.alpha is not None
    assert result.summary.salience.alpha < 1.0
    markdown = result.to_markdown()
    assert "| `security.nato` | `istanbul-2` | `ua` | main |" in markdown
    assert "## Sources" in markdown
    data = json.loads(result.to_json())
    assert "agreement" == data["kind"]
    assert len(found) == sum(d["issue"] == "security.nato" for d in data["disagreements"])


def test_frame_has_a_row_per_unit_and_coder(kr: Any) -> None:
    """The data frame: one row per unit and coder, with the value alpha reads."""
    pytest.importorskip("pandas")
    result = negpos.agreement([encoding(CODER_1), encoding(CODER_2)], coders=["ann", "ben"])
    frame = result.to_frame()
    assert 2 * len(result.units) == len(frame)
    lone = frame[(frame.party == "z") & (frame.coder == "ben")]
    assert [False] == lone.coded.tolist()
    assert lone.value.isna().all()
    assert [["coded"], ["coded"]] == frame[frame.party == "z"].differs.tolist()


# --- the command line ------------------------------------------------------------------------


@pytest.fixture
def coded_files(tmp_path: Path) -> tuple[Path, Path]:
    ann, ben = tmp_path / "ann.yaml", tmp_path / "ben.json"
    negpos.dump(encoding(CODER_1), ann)
    negpos.dump(encoding(CODER_2), ben)
    return ann, ben


def test_cli_writes_every_format(
    kr: Any, coded_files: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """Exit 0; coders named after the files; JSON, Markdown, HTML and terminal text."""
    ann, ben = coded_files
    assert 0 == main(["agreement", str(ann), str(ben), "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    assert ["ann", "ben"] == data["coders"]
    venue = next(r for r in data["rows"] if r["issue"] == "venue")
    assert round(HAND_ALPHA, 6) == venue["alpha"]
    assert 0 == main(
        ["agreement", str(ann), str(ben), "--format", "markdown", "--coders", "A", "B"]
    )
    assert capsys.readouterr().out.startswith("# Inter-coder agreement: A, B\n")
    assert 0 == main(["agreement", str(ann), str(ben), "--format", "terminal"])
    assert "Disagreements" in capsys.readouterr().out
    out = ann.parent / "out.html"
    assert 0 == main(["agreement", "-q", str(ann), str(ben), "-o", str(out)])
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["ONE"], "two or more encodings"),
        (["ONE", "MISSING"], "no such file or folder"),
        (["ONE", "TWO", "--coders", "x"], "--coders names 1 coders for 2 files"),
        (["ONE", "ONE"], "two coders are named"),
        (["ONE", "TWO", "-o", "ONE"], "refusing to write over the input"),
        (["ONE", "BOOLEAN"], "'venue' is categorical in 'ann' but boolean in 'ben'"),
    ],
)
def test_cli_bad_input_exits_2(
    extra: list[str],
    message: str,
    kr: Any,
    coded_files: tuple[Path, Path],
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Bad input: status 2, one clear error line, no traceback, nothing on stdout."""
    ann, ben = coded_files
    boolean = ann.parent / "b" / "ben.yaml"
    boolean.parent.mkdir()
    negpos.dump(encoding({}, agenda=(BooleanIssue(id="venue", title="V"),)), boolean)
    names = {"ONE": str(ann), "TWO": str(ben), "MISSING": str(ann.parent / "nope.yaml")}
    names["BOOLEAN"] = str(boolean)
    assert 2 == main(["agreement", *(names.get(w, w) for w in extra)])
    out = capsys.readouterr()
    assert "" == out.out
    assert message in out.err
    assert "Traceback" not in out.err


def test_cli_reads_standard_input_once(
    kr: Any,
    coded_files: tuple[Path, Path],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """One PATH may be -, named <stdin>; two are refused."""
    ann, ben = coded_files
    text = ben.read_text(encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode("utf-8"))))
    assert 0 == main(["agreement", str(ann), "-", "--format", "json"])
    assert ["ann", "<stdin>"] == json.loads(capsys.readouterr().out)["coders"]
    assert 2 == main(["agreement", "-", "-"])
    assert "standard input (-) can be read once only" in capsys.readouterr().err


def test_cli_without_krippendorff_exits_2(
    coded_files: tuple[Path, Path],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Without the package the command says what to install, with status 2."""
    monkeypatch.setitem(sys.modules, "krippendorff", None)
    ann, ben = coded_files
    assert 2 == main(["agreement", str(ann), str(ben)])
    assert "pip install 'negpos[agreement]'" in capsys.readouterr().err
