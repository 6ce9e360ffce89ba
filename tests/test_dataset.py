"""The bundled dataset: it validates, every position is cited, and key facts are pinned."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import negpos
from negpos import (
    Firmness,
    Kind,
    Memorandum,
    Negotiation,
    NumericStance,
    Position,
    Role,
    SetIssue,
    SetStance,
)

DATASET = Path(__file__).resolve().parents[1] / "seeds" / "russia-ukraine-2025"
# CI clones the repository with the project's shared material beside it.
FACT_SHEET = (
    Path(__file__).resolve().parents[1].parent
    / "shared"
    / "data"
    / "russia-ukraine-2025-factsheet.md"
)
_URL = re.compile(r"https?://[^\s,;)]+")
REGIONS = frozenset({"crimea", "donetsk", "luhansk", "zaporizhzhia", "kherson"})


@pytest.fixture(scope="module")
def neg() -> Negotiation:
    """The bundled dataset."""
    return negpos.bundled()


def _positions(memo: Memorandum) -> Iterator[Position]:
    yield from memo.positions
    for group in memo.alternatives:
        for option in group.options:
            yield from option.positions


def _all_positions(neg: Negotiation) -> Iterator[tuple[str, str, Position]]:
    for rnd in neg.rounds:
        for memo in rnd.memoranda:
            for position in _positions(memo):
                yield rnd.id, memo.party, position


def _position(neg: Negotiation, party: str, round_id: str, issue: str) -> Position:
    memo = neg.memorandum(party, round_id=round_id)
    assert memo is not None
    position = memo.position(issue)
    assert position is not None
    return position


def _urls(data: Any) -> Iterator[str]:
    # Every address in the dataset: source URLs and the addresses quoted inside notes.
    if isinstance(data, dict):
        for key, value in data.items():
            if key == "url":
                yield value
            else:
                yield from _urls(value)
    elif isinstance(data, list):
        for item in data:
            yield from _urls(item)
    elif isinstance(data, str):
        yield from (u.rstrip(".") for u in _URL.findall(data))


def test_bundled_dataset_loads_and_matches_its_folder(neg: Negotiation) -> None:
    """negpos.bundled() loads this folder, with the four parties and the rounds in date order."""
    assert negpos.load(DATASET) == neg
    assert (
        ("ru", Role.PARTY),
        ("ua", Role.PARTY),
        ("us", Role.MEDIATOR),
        ("e3", Role.MEDIATOR),
    ) == tuple((p.id, p.role) for p in neg.parties)
    expected = (
        "istanbul-1",
        "istanbul-2",
        "istanbul-3",
        "us-28-points",
        "e3-counter-proposal",
        "geneva",
        "russia-response",
    )
    assert expected == tuple(r.id for r in neg.rounds)
    assert sorted(r.date for r in neg.rounds) == [r.date for r in neg.rounds]


def test_round_files_are_named_after_their_rounds(neg: Negotiation) -> None:
    """Round files, read in name order, are called NN-<round id>.yaml and numbered from 01."""
    names = sorted(path.name for path in (DATASET / "rounds").glob("*.yaml"))
    expected = [f"{i:02d}-{rnd.id}.yaml" for i, rnd in enumerate(neg.rounds, start=1)]
    assert expected == names


def test_agenda_has_at_least_25_issues_of_fitting_kinds(neg: Negotiation) -> None:
    """The agenda has at least 25 issues, and the central ones have the kinds their substance needs."""
    assert len(neg.issues) >= 25
    expected = {
        "territory.recognition": Kind.SET,
        "territory.withdrawal": Kind.SET,
        "territory.baseline": Kind.ORDINAL,
        "ceasefire.precondition": Kind.CATEGORICAL,
        "ceasefire.duration": Kind.NUMERIC,
        "ceasefire.monitoring": Kind.SET,
        "settlement.sequence": Kind.SEQUENCE,
        "security.army_size": Kind.NUMERIC,
        "security.nato": Kind.ORDINAL,
        "security.neutrality": Kind.BOOLEAN,
    }
    assert expected == {i: neg.issue(i).kind for i in expected}
    recognition = neg.issue("territory.recognition")
    assert isinstance(recognition, SetIssue)
    assert REGIONS == {item.id for item in recognition.items}
    duration = neg.issue("ceasefire.duration")
    assert isinstance(duration, negpos.NumericIssue)
    assert negpos.Scale.LOG == duration.scale


def test_every_position_cites_a_source_with_a_url(neg: Negotiation) -> None:
    """Every position, inside alternatives too, cites at least one source with a URL."""
    uncited = [
        (round_id, party, p.issue)
        for round_id, party, p in _all_positions(neg)
        if not any(source.url for source in p.sources)
    ]
    assert [] == uncited
    assert sum(1 for _ in _all_positions(neg)) > 100


@pytest.mark.skipif(
    not FACT_SHEET.is_file(), reason="the fact sheet is not checked out beside the repository"
)
def test_every_url_comes_from_the_fact_sheet(neg: Negotiation) -> None:
    """Every address in the dataset, in sources and in notes, appears in the fact sheet."""
    sheet = FACT_SHEET.read_text(encoding="utf-8")
    urls = set(_urls(json.loads(negpos.dumps(neg, fmt="json"))))
    assert len(urls) > 50
    assert [] == sorted(u for u in urls if u not in sheet)


def test_salience_and_firmness_follow_the_coding_rules(neg: Negotiation) -> None:
    """Salience takes the codebook's four values, and the mediators' drafts are all flexible."""
    saliences = {p.salience for _, _, p in _all_positions(neg)}
    assert saliences <= {0.3, 0.5, 0.7, 0.9}
    mediators = {p.id for p in neg.parties if p.role is Role.MEDIATOR}
    firmness = {p.firmness for _, party, p in _all_positions(neg) if party in mediators}
    assert {Firmness.FLEXIBLE} == firmness


def test_uncertain_positions_say_so_in_their_notes(neg: Negotiation) -> None:
    """Positions from uncertain reports carry the [U] marker, for example Russia's May demands."""
    memo = neg.memorandum("ru", round_id="istanbul-1")
    assert memo is not None
    position = memo.position("territory.recognition")
    assert position is not None
    assert position.note is not None
    assert position.note.startswith("[U]")


def test_text_issues_say_why_they_are_text(neg: Negotiation) -> None:
    """Every text issue has a note explaining why no typed kind fits."""
    text_issues = [i for i in neg.issues if i.kind is Kind.TEXT]
    assert [] == [i.id for i in text_issues if not (i.note and "because" in i.note)]


def test_codebook_documents_every_issue(neg: Negotiation) -> None:
    """The README codebook lists every issue of the agenda with its kind."""
    codebook = (DATASET / "README.md").read_text(encoding="utf-8")
    missing = [i.id for i in neg.issues if f"| `{i.id}`: {i.title} | {i.kind} |" not in codebook]
    assert [] == missing


def test_army_size_positions_of_the_november_plans(neg: Negotiation) -> None:
    """The US plan caps Ukraine's army at 600,000, the E3 text at 800,000, Ukraine at no cap."""
    us = _position(neg, "us", "us-28-points", "security.army_size").stance
    e3 = _position(neg, "e3", "e3-counter-proposal", "security.army_size").stance
    ua = _position(neg, "ua", "istanbul-2", "security.army_size").stance
    issue = neg.issue("security.army_size")
    assert isinstance(issue, negpos.NumericIssue)
    assert isinstance(us, NumericStance)
    assert isinstance(e3, NumericStance)
    assert isinstance(ua, NumericStance)
    assert (600000.0, 600000.0) == us.interval(issue)
    assert (800000.0, 800000.0) == e3.interval(issue)
    assert (issue.bounds[1], issue.bounds[1]) == ua.interval(issue)


def test_geneva_withdraws_the_us_army_cap(neg: Negotiation) -> None:
    """At Geneva the 600,000 cap was dropped: the US memorandum withdraws the issue."""
    memo = neg.memorandum("us", round_id="geneva")
    assert memo is not None
    assert "security.army_size" in memo.withdrawn


def test_russia_june_requires_recognition_of_all_five_regions(neg: Negotiation) -> None:
    """Russia's June memorandum requires the recognition of all five regions, as a red line."""
    position = _position(neg, "ru", "istanbul-2", "territory.recognition")
    assert isinstance(position.stance, SetStance)
    assert REGIONS == set(position.stance.requires)
    assert () == position.stance.forbids
    assert Firmness.RED_LINE == position.firmness


def test_us_plan_recognises_three_regions_and_freezes_two(neg: Negotiation) -> None:
    """The US plan recognises Crimea, Donetsk and Luhansk, and not Kherson and Zaporizhzhia in full."""
    stance = _position(neg, "us", "us-28-points", "territory.recognition").stance
    assert isinstance(stance, SetStance)
    assert {"crimea", "donetsk", "luhansk"} == set(stance.requires)
    assert {"kherson", "zaporizhzhia"} == set(stance.forbids)


def test_ukraine_ceasefire_lasts_at_least_30_days(neg: Negotiation) -> None:
    """Ukraine's June memorandum sets a floor of 30 days on the ceasefire, with no ceiling."""
    stance = _position(neg, "ua", "istanbul-2", "ceasefire.duration").stance
    assert isinstance(stance, NumericStance)
    assert 30.0 == stance.min
    assert stance.max is None


def test_russia_june_offers_two_ways_to_a_ceasefire(neg: Negotiation) -> None:
    """Russia's June memorandum has one alternatives group: withdrawal, or the ten-point package."""
    memo = neg.memorandum("ru", round_id="istanbul-2")
    assert memo is not None
    assert 1 == len(memo.alternatives)
    group = memo.alternatives[0]
    assert ("withdrawal", "package") == tuple(o.id for o in group.options)
    preconditions = []
    for option in group.options:
        position = next(p for p in option.positions if p.issue == "ceasefire.precondition")
        assert isinstance(position.stance, negpos.CategoricalStance)
        preconditions.append(position.stance.accepts)
    assert [("withdrawal",), ("package",)] == preconditions
    assert len(group.options[1].positions) >= 10


def test_istanbul_1_records_the_1000_for_1000_exchange(neg: Negotiation) -> None:
    """The first Istanbul round's agreed outcomes include the 1,000-for-1,000 prisoner exchange."""
    agreed = neg.round("istanbul-1").agreed
    exchanges = [o for o in agreed if o.issue == "humanitarian.prisoners"]
    assert 1 == len(exchanges)
    assert "1,000-for-1,000" in exchanges[0].summary
    assert ("ru", "ua") == exchanges[0].parties


@pytest.mark.parametrize("target", ["copy", "copy.yaml", "copy.json"])
def test_dumped_copy_loads_equal(neg: Negotiation, tmp_path: Path, target: str) -> None:
    """Writing the dataset with negpos.dump, as a folder or one file, and loading it gives it back."""
    written = negpos.dump(neg, tmp_path / target)
    assert neg == negpos.load(written)
