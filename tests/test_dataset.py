"""The bundled dataset: it validates, every position is cited, and key facts are pinned."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import negpos
from negpos import (
    BooleanStance,
    Firmness,
    Kind,
    Memorandum,
    Negotiation,
    NumericStance,
    Position,
    Role,
    SequenceStance,
    SetIssue,
    SetStance,
    Status,
)

DATASET = Path(__file__).resolve().parents[1] / "seeds" / "russia-ukraine"
# CI clones the repository with the project's shared material beside it.
_SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
FACT_SHEETS = (
    _SHARED_DATA / "russia-ukraine-2025-factsheet.md",
    _SHARED_DATA / "russia-ukraine-2022-2026-factsheet.md",
)
_URL = re.compile(r"https?://[^\s,;)>\]]+")
REGIONS = frozenset({"crimea", "donetsk", "luhansk", "zaporizhzhia", "kherson"})
FOUR_REGIONS = ("donetsk", "luhansk", "zaporizhzhia", "kherson")
# The package of Russia's June memorandum (Section II, variant 2), item by item as the fact
# sheet lists it (RM-II-B1 to B10), with the issue each item is encoded on.
PACKAGE_ITEMS = {
    "B1 no redeployment": "ceasefire.redeployment_ban",
    "B2 mobilisation halted": "ceasefire.mobilisation_halt",
    "B3 foreign military aid stopped": "ceasefire.military_aid_halt",
    "B4 no third-country military presence": "security.foreign_troops",
    "B5 sabotage renounced": "security.sabotage_renounced",
    "B6 bilateral monitoring centre": "ceasefire.monitoring",
    "B7 amnesty for political prisoners": "politics.amnesty",
    "B7 release of detained civilians": "humanitarian.civilians",
    "B8 martial law lifted": "politics.martial_law",
    "B9 elections within 100 days of martial law": "politics.elections_deadline",
    "B10 implementation agreement": "settlement.implementation_agreement",
}


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
        yield from (u.rstrip(".:") for u in _URL.findall(data))


def _option(neg: Negotiation, party: str, round_id: str, option_id: str) -> dict[str, Position]:
    memo = neg.memorandum(party, round_id=round_id)
    assert memo is not None
    found = [o for g in memo.alternatives for o in g.options if o.id == option_id]
    assert 1 == len(found)
    return {p.issue: p for p in found[0].positions}


def test_bundled_dataset_loads_and_matches_its_folder(neg: Negotiation) -> None:
    """negpos.bundled() loads this folder, with the six parties and the rounds in date order."""
    assert negpos.load(DATASET) == neg
    assert (
        ("ru", Role.PARTY),
        ("ua", Role.PARTY),
        ("us", Role.MEDIATOR),
        ("e3", Role.MEDIATOR),
        ("coalition", Role.MEDIATOR),
        ("eu", Role.MEDIATOR),
    ) == tuple((p.id, p.role) for p in neg.parties)
    expected = (
        "istanbul-2022",
        "istanbul-1",
        "istanbul-2",
        "istanbul-3",
        "us-28-points",
        "e3-counter-proposal",
        "geneva",
        "russia-response",
        "twenty-points",
        "paris-declaration",
        "abu-dhabi-1",
        "abu-dhabi-2",
        "eu-core-interests",
        "geneva-2026",
        "june-2026",
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
    not all(sheet.is_file() for sheet in FACT_SHEETS),
    reason="the fact sheets are not checked out beside the repository",
)
def test_every_url_comes_from_one_of_the_fact_sheets(neg: Negotiation) -> None:
    """Every address cited anywhere in the dataset appears in one of the two fact sheets.

    That is every source URL and every address quoted in a note (of the negotiation, rounds,
    memoranda, positions, conditions and outcomes), and every address in the codebook.
    """
    sheets = [sheet.read_text(encoding="utf-8") for sheet in FACT_SHEETS]
    urls = set(_urls(json.loads(negpos.dumps(neg, fmt="json"))))
    urls.update(_urls((DATASET / "README.md").read_text(encoding="utf-8")))
    assert len(urls) > 50
    # The walk reaches the readings' sources too: they are part of the dumped positions.
    reading_urls = {
        source.url
        for _, _, position in _all_positions(neg)
        for reading in position.readings
        for source in reading.sources
        if source.url
    }
    assert reading_urls
    assert reading_urls <= urls
    assert [] == sorted(u for u in urls if not any(u in sheet for sheet in sheets))


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


def test_conditions_reference_typed_issues_and_cite_their_reason(neg: Negotiation) -> None:
    """Every condition names a typed issue of the agenda and says why, citing an address.

    The issue is another one than the position's and not a text issue; the stance is of that
    issue's kind; the note cites an address, which the address check above reads too.
    """
    issues = {issue.id: issue for issue in neg.issues}
    read = set(_urls(json.loads(negpos.dumps(neg, fmt="json"))))
    conditions = [(p, c) for _, _, p in _all_positions(neg) for c in p.conditions]
    assert len(conditions) >= 5
    for position, condition in conditions:
        assert condition.issue in issues
        assert condition.issue != position.issue
        assert issues[condition.issue].kind is not Kind.TEXT
        assert issues[condition.issue].kind == condition.stance.kind
        assert condition.note is not None
        cited = set(_urls(condition.note))
        assert cited, condition.note
        assert cited <= read


def test_conditional_demands_are_conditions_not_links(neg: Negotiation) -> None:
    """Ties the sources word as "only if" or "only after" are conditions; six links remain.

    The links that remain are the loose ties the codebook lists, each with its reason there.
    """
    links = sorted(
        (round_id, party, p.issue, link)
        for round_id, party, p in _all_positions(neg)
        for link in p.links
    )
    assert [
        ("e3-counter-proposal", "e3", "economy.russia_reintegration", "economy.sanctions"),
        ("e3-counter-proposal", "e3", "security.guarantees", "security.guarantee_terms"),
        ("istanbul-2", "ru", "territory.recognition", "territory.recognition_form"),
        ("russia-response", "ru", "ceasefire.precondition", "territory.withdrawal"),
        ("us-28-points", "us", "security.guarantees", "security.guarantee_terms"),
        ("us-28-points", "us", "territory.recognition", "territory.recognition_form"),
    ] == links
    conditioned = sorted(
        (round_id, party, p.issue, c.issue)
        for round_id, party, p in _all_positions(neg)
        for c in p.conditions
    )
    assert [
        ("e3-counter-proposal", "e3", "security.russia_nato_dialogue", "settlement.sequence"),
        ("istanbul-1", "ru", "ceasefire.precondition", "territory.withdrawal"),
        ("istanbul-2", "ru", "ceasefire.duration", "territory.withdrawal"),
        ("istanbul-2", "ru", "ceasefire.precondition", "territory.withdrawal"),
        ("istanbul-2", "ru", "politics.elections_deadline", "politics.martial_law"),
        ("istanbul-2022", "ua", "security.neutrality", "security.guarantees"),
        ("twenty-points", "ru", "ceasefire.precondition", "territory.withdrawal"),
        ("twenty-points", "ua", "security.nato", "security.guarantees"),
        ("twenty-points", "ua", "territory.withdrawal", "politics.referendum"),
    ] == conditioned


def test_russia_ceasefire_is_conditional_on_the_full_withdrawal(neg: Negotiation) -> None:
    """Russia's ceasefire terms hold only if Ukraine withdraws from all four regions.

    The May precondition (R1-01), the June variant 1 (RM-II-A) and the 30 days of Section III
    (RM-III-5) each carry that condition; the package, the other way to a ceasefire, does not.
    """
    may = _position(neg, "ru", "istanbul-1", "ceasefire.precondition")
    variant_1 = _option(neg, "ru", "istanbul-2", "withdrawal")["ceasefire.precondition"]
    thirty_days = _position(neg, "ru", "istanbul-2", "ceasefire.duration")
    assert isinstance(thirty_days.stance, NumericStance)
    assert (30.0, 30.0) == (thirty_days.stance.min, thirty_days.stance.max)
    for position in (may, variant_1, thirty_days):
        assert () == position.links
        (condition,) = position.conditions
        assert "territory.withdrawal" == condition.issue
        assert isinstance(condition.stance, SetStance)
        assert FOUR_REGIONS == condition.stance.requires
        assert () == condition.stance.forbids
    # The package is the other way to a ceasefire: no withdrawal condition there.
    package = _option(neg, "ru", "istanbul-2", "package")["ceasefire.precondition"]
    assert () == package.conditions


def test_package_election_deadline_runs_from_the_lifting_of_martial_law(neg: Negotiation) -> None:
    """The package's 100-day election deadline holds only once martial law is lifted (RM-II-B9)."""
    position = _option(neg, "ru", "istanbul-2", "package")["politics.elections_deadline"]
    assert isinstance(position.stance, NumericStance)
    assert 100.0 == position.stance.max
    (condition,) = position.conditions
    assert "politics.martial_law" == condition.issue
    assert BooleanStance(accepts=(True,)) == condition.stance


def test_e3_dialogue_only_after_the_signing(neg: Negotiation) -> None:
    """The E3 launch the Russia–NATO dialogue only after a peace agreement is signed (E3-04)."""
    position = _position(neg, "e3", "e3-counter-proposal", "security.russia_nato_dialogue")
    (condition,) = position.conditions
    assert "settlement.sequence" == condition.issue
    assert SequenceStance(precedes=(("treaty_signing", "russia_nato_dialogue"),)) == (
        condition.stance
    )
    # The US plan's order of steps leaves room for it: the two plans still agree on it.
    comparison = neg.compare("e3", "us", round_id="e3-counter-proposal")
    assert Status.IDENTICAL is comparison.issue("security.russia_nato_dialogue").status


def test_every_package_item_is_an_option_position_on_a_typed_issue(neg: Negotiation) -> None:
    """Every package item the fact sheet lists is a cited position of the package option.

    Each is on a typed issue and cites a source with a URL; so is the precondition itself.
    """
    package = _option(neg, "ru", "istanbul-2", "package")
    expected = {"ceasefire.precondition", *PACKAGE_ITEMS.values()}
    assert expected == set(package)
    for issue_id, position in package.items():
        assert neg.issue(issue_id).kind is not Kind.TEXT
        assert any(source.url for source in position.sources), issue_id
    precondition = package["ceasefire.precondition"].stance
    assert isinstance(precondition, negpos.CategoricalStance)
    assert ("package",) == precondition.accepts


def test_options_supersede_russia_may_precondition(neg: Negotiation) -> None:
    """From June the options supersede Russia's May precondition as a main position.

    The June options address the issue, so the May position no longer stands beside them;
    the territorial demand stands, restated in June.
    """
    may = neg.standing("ru", round_id="istanbul-1")
    june = neg.standing("ru", round_id="istanbul-2")
    assert may.position("ceasefire.precondition") is not None
    assert june.position("ceasefire.precondition") is None
    assert "istanbul-2" == june.tabled_in("territory.withdrawal")
    assert "istanbul-2" == june.group_tabled_in("ceasefire-conditions")


def test_june_comparison_reads_conditions_and_settlements(neg: Negotiation) -> None:
    """Russia and Ukraine in June, hand-checked: conditional and settled issues.

    The headline takes variant 1; the 30-day ceasefire overlaps with Ukraine's "at least 30
    days" but is conditional on the withdrawal, a red-line gap; the three typed outcomes of the
    round are settled; the partial exchanges settle nothing.
    """
    comparison = neg.compare("ru", "ua", round_id="istanbul-2")
    (group,) = comparison.alternatives
    assert ("ru", "ceasefire-conditions", "withdrawal") == (group.party, group.group, group.closest)

    precondition = comparison.issue("ceasefire.precondition")
    assert Status.GAP is precondition.status
    assert precondition.position_a is not None
    assert "istanbul-2" == precondition.since_a  # June's variant 1, not May's statement
    assert "https://tass.com/politics/1967401" == precondition.position_a.sources[0].url

    duration = comparison.issue("ceasefire.duration")
    assert Status.CONDITIONAL is duration.status
    assert (("ru", "territory.withdrawal"),) == duration.unmet_conditions
    assert duration.magnitude is None
    withdrawal = comparison.issue("territory.withdrawal")
    assert Status.GAP is withdrawal.status
    assert {"ru", "ua"} == set(withdrawal.red_lines)

    settled = {
        "humanitarian.exchange_categories",
        "humanitarian.bodies",
        "humanitarian.medical_commissions",
    }
    for issue_id in settled:
        row = comparison.issue(issue_id)
        assert Status.SETTLED is row.status, issue_id
        assert "istanbul-2" == row.settled_in
        assert () == row.reneged_by
    categories = comparison.issue("humanitarian.exchange_categories").outcome
    assert categories is not None
    assert SetStance(requires=("wounded_ill", "aged_18_25")) == categories.stance
    assert Status.ONE_SIDED is comparison.issue("humanitarian.prisoners").status

    summary = comparison.summary
    assert 3 == summary.count(Status.SETTLED)
    assert 1 == summary.count(Status.CONDITIONAL)
    assert 0 == summary.count(Status.OVERLAP)
    assert 9 == summary.red_line_count

    # In the package option, the amnesty item stays one-sided and the civilians item meets
    # Ukraine's demand.
    package = {o.option: o for o in group.options}["package"]
    rows = {r.issue.id: r.status for r in package.rows}
    assert Status.IDENTICAL is rows["humanitarian.civilians"]
    assert Status.ONE_SIDED is rows["politics.amnesty"]


def test_july_outcomes_are_typed_where_an_issue_fits(neg: Negotiation) -> None:
    """July's civilians' exchange is typed and settled; the 1,200 exchange settles nothing.

    The exchange of at least 1,200 prisoners from each side is a partial exchange by number.
    """
    agreed = {o.issue: o for o in neg.round("istanbul-3").agreed}
    assert agreed["humanitarian.prisoners"].stance is None
    assert BooleanStance(accepts=(True,)) == agreed["humanitarian.civilians"].stance
    comparison = neg.compare("ru", "ua", round_id="istanbul-3")
    civilians = comparison.issue("humanitarian.civilians")
    assert Status.SETTLED is civilians.status
    assert "istanbul-3" == civilians.settled_in
    assert "istanbul-2" == comparison.issue("humanitarian.exchange_categories").settled_in
    assert Status.ONE_SIDED is comparison.issue("humanitarian.prisoners").status
    assert Status.CONDITIONAL is comparison.issue("ceasefire.duration").status


def test_package_elections_conditional_against_the_us_plan(neg: Negotiation) -> None:
    """The package's and the US plan's 100-day election deadlines agree only conditionally.

    The package's deadline needs martial law lifted, on which the US plan is silent.
    """
    comparison = neg.compare("ru", "us", round_id="us-28-points")
    (group,) = comparison.alternatives
    package = {o.option: o for o in group.options}["package"]
    rows = {r.issue.id: r for r in package.rows}
    elections = rows["politics.elections_deadline"]
    assert Status.CONDITIONAL is elections.status
    assert (("ru", "politics.martial_law"),) == elections.unmet_conditions
    assert Status.ONE_SIDED is rows["politics.martial_law"].status


def test_typed_outcomes_are_those_the_codebook_lists(neg: Negotiation) -> None:
    """Six of the fourteen agreed outcomes are typed and settle their issue, as the codebook says."""
    agreed = [(rnd.id, o) for rnd in neg.rounds for o in rnd.agreed]
    assert 14 == len(agreed)
    typed = [(round_id, o.issue, o.parties) for round_id, o in agreed if o.stance is not None]
    assert [
        ("istanbul-2", "humanitarian.exchange_categories", ("ru", "ua")),
        ("istanbul-2", "humanitarian.bodies", ("ru", "ua")),
        ("istanbul-2", "humanitarian.medical_commissions", ("ru", "ua")),
        ("istanbul-3", "humanitarian.civilians", ("ru", "ua")),
        ("geneva", "humanitarian.prisoners", ("us", "ua")),
        ("abu-dhabi-2", "process.military_channel", ("us", "ru")),
    ] == typed


# A doubt the fact sheets mark: "[U]" at the start of a note, or "[U: why]" inside one.
_DOUBT = re.compile(r"\[U[\]:]")


def _codebook_table(heading: str) -> list[list[str]]:
    """The rows of the first table under ``heading`` in the codebook, cells without backticks."""
    text = (DATASET / "README.md").read_text(encoding="utf-8")
    start = text.index(f"\n{heading}\n")
    rows: list[list[str]] = []
    for line in text[start:].splitlines()[1:]:
        if line.startswith("|"):
            rows.append([cell.strip().replace("`", "") for cell in line.strip("|").split("|")])
        elif rows:
            break
    # Drop the header and the rule under it.
    return rows[2:]


def _doubts_left_as_notes() -> set[tuple[str, str, str]]:
    """The codebook's doubts left as notes: (round, party or "–", item)."""
    return {(row[0], row[1], row[2]) for row in _codebook_table("### Doubts left as notes")}


def _uncertain_notes(neg: Negotiation) -> Iterator[tuple[str, str, str, Position | None]]:
    """Every note with a doubt: (round, party or "–", item, the position if it is one's)."""
    for rnd in neg.rounds:
        if rnd.note and _DOUBT.search(rnd.note):
            yield rnd.id, "–", "round", None
        for memo in rnd.memoranda:
            if memo.note and _DOUBT.search(memo.note):
                yield rnd.id, memo.party, "memorandum", None
            for group in memo.alternatives:
                if group.note and _DOUBT.search(group.note):
                    yield rnd.id, memo.party, f"group {group.id}", None
                for option in group.options:
                    if option.note and _DOUBT.search(option.note):
                        yield rnd.id, memo.party, f"option {option.id}", None
            for position in _positions(memo):
                if position.note and _DOUBT.search(position.note):
                    yield rnd.id, memo.party, position.issue, position


def _notes(data: Any) -> Iterator[str]:
    # Every note anywhere in the dumped dataset.
    if isinstance(data, dict):
        for key, value in data.items():
            if key == "note" and isinstance(value, str):
                yield value
            else:
                yield from _notes(value)
    elif isinstance(data, list):
        for item in data:
            yield from _notes(item)


def test_every_doubt_is_a_reading_or_a_listed_note(neg: Negotiation) -> None:
    """Every [U] is a reading, a salience range, or a doubt the codebook lists with its reason.

    A position whose note marks a doubt carries readings or a salience range, or its round,
    party and issue are a row of the codebook's "Doubts left as notes"; so is every doubt in
    a round's, a memorandum's, a group's or an option's note. The codebook lists nothing
    else, and no doubt hides in a note the walk does not visit.
    """
    found = list(_uncertain_notes(neg))
    dumped = [n for n in _notes(json.loads(negpos.dumps(neg, fmt="json"))) if _DOUBT.search(n)]
    assert len(dumped) == len(found)
    listed = _doubts_left_as_notes()
    as_data = {
        (round_id, party, item)
        for round_id, party, item, position in found
        if position is not None and (position.readings or position.salience_range)
    }
    as_notes = {(round_id, party, item) for round_id, party, item, _ in found} - as_data
    assert 5 == len(as_data)
    assert as_notes == listed
    # A doubt turned into a reading is not also listed as left a note.
    assert not as_data & listed


def _readings_listed() -> set[tuple[str, str, str, str, str]]:
    """The codebook's readings: (round, party, issue, reading id, weight)."""
    return {
        (row[0], row[1], row[2], row[3], row[6]) for row in _codebook_table("### Readings added")
    }


def test_every_reading_is_in_the_codebook_and_cites_a_source(neg: Negotiation) -> None:
    """Each reading is a row of the codebook's "Readings added", with its weight.

    Each cites a source with a URL and a document title or publisher, differs from the main
    reading in its stance, and sits on a position whose note marks the doubt and names the
    reading.
    """
    readings = set()
    for round_id, party, position in _all_positions(neg):
        for reading in position.readings:
            weight = "none" if reading.weight is None else f"{reading.weight:g}"
            readings.add((round_id, party, position.issue, reading.id, weight))
            assert reading.stance is not None
            assert reading.stance != position.stance
            assert all(s.url and (s.document or s.publisher) for s in reading.sources)
            assert position.note is not None
            assert position.note.startswith("[U]")
            assert reading.id in position.note
        assert position.salience_range is None
    assert {
        ("istanbul-2", "ua", "ceasefire.duration", "ninety-days", "none"),
        ("e3-counter-proposal", "e3", "infrastructure.znpp", "telegraph-text", "0.5"),
        ("istanbul-2022", "ru", "territory.withdrawal", "april-draft", "none"),
        ("twenty-points", "us", "territory.recognition", "zn-ua", "none"),
        ("june-2026", "ru", "process.leaders_meeting", "not-rejected", "none"),
    } == readings
    assert _readings_listed() == readings


def test_june_robust_comparison_hand_checked(neg: Negotiation) -> None:
    """Russia and Ukraine in June under every reading: one variable, one fragile issue.

    Hand-checked. The only reading standing at istanbul-2 is Ukraine's ninety-days on the
    ceasefire duration. Under it Russia's 30 days (conditional on the full withdrawal) no
    longer lie inside Ukraine's stance: at least 90 days against exactly 30 is a gap of
    ln 3 / ln 365 on the issue's log scale over [1, 365].

    The index is the salience-weighted mean of 1 - magnitude over the 21 counted rows, whose
    weights (mean saliences) sum to 13.4. Under the main readings only five rows score above
    0: the three settled outcomes (0.5 each), security.non_nuclear, identical (0.5),
    security.nato and process.leaders_meeting, gaps of 0.5 (weights 0.7 and 0.6), and
    settlement.sequence, a gap of 5/39 (weight 0.7); the conditional duration counts 0. Under
    ninety-days the duration, weight (0.5 + 0.7) / 2 = 0.6, adds 0.6 x (1 - ln 3 / ln 365), so
    the index rises. The mean gap is over the 20 rows with a magnitude (13 of 1, two of 0.5,
    one of 5/39, the settled and identical rows 0), 21 with the duration's gap.
    """
    result = neg.robust("ru", "ua", round_id="istanbul-2")
    assert result.exact
    assert (2, 2) == (result.combinations, result.evaluated)
    assert [("ua", "ceasefire.duration", None, ("main", "ninety-days"))] == [
        (v.party, v.issue, v.option, v.choices) for v in result.variables
    ]
    assert not result.weighted

    (duration,) = result.fragile
    assert "ceasefire.duration" == duration.issue.id
    assert Status.CONDITIONAL is duration.status
    assert (Status.CONDITIONAL, Status.GAP) == duration.statuses
    assert Status.GAP is duration.flipped_to
    label = "ua on ceasefire.duration: at least 90 days, as proposed at the table"
    assert (label,) == duration.depends_on
    assert 0.5 == pytest.approx(duration.main_probability)
    gap = math.log(3) / math.log(365)
    assert duration.magnitude.main is None
    assert (gap, gap) == pytest.approx((duration.magnitude.low, duration.magnitude.high))

    main = (3 * 0.5 + 0.5 + 0.7 * 0.5 + 0.6 * 0.5 + 0.7 * (1 - 5 / 39)) / 13.4
    assert neg.compare("ru", "ua", round_id="istanbul-2").summary.compatibility == (
        pytest.approx(main)
    )
    index = result.compatibility
    assert (main, main, main + 0.6 * (1 - gap) / 13.4) == pytest.approx(
        (index.main, index.low, index.high)
    )
    assert result.highest == (label,)
    assert result.lowest == ()
    gaps = 13 + 2 * 0.5 + 5 / 39
    assert (gaps / 20, (gaps + gap) / 21, gaps / 20) == pytest.approx(
        (result.mean_gap.main, result.mean_gap.low, result.mean_gap.high)
    )
    assert {"main": 9.0, "low": 9.0, "high": 9.0} == result.red_line_conflicts.to_dict()
    assert {"main": 1.0, "low": 0.0, "high": 1.0} == result.count("conditional").to_dict()
    assert {"main": 16.0, "low": 16.0, "high": 17.0} == result.count("gap").to_dict()


def test_e3_plant_reading_is_weighted(neg: Negotiation) -> None:
    """The E3's Telegraph reading on the plant weighs 0.5: the main status keeps 2/3.

    The US plan and the Reuters E3 text both restart the plant under the IAEA (identical);
    under the Telegraph text the E3 return it to Ukraine, a gap with the US plan.
    """
    for round_id in ("e3-counter-proposal", "geneva", "russia-response"):
        result = neg.robust("us", "e3", round_id=round_id)
        assert result.weighted
        (plant,) = result.fragile
        assert "infrastructure.znpp" == plant.issue.id
        assert (Status.IDENTICAL, Status.GAP) == plant.statuses
        assert 2 / 3 == pytest.approx(plant.main_probability)


def test_readings_leave_the_main_figures_as_they_were(neg: Negotiation) -> None:
    """Readings change no headline figure: the main combination is the plain comparison."""
    for round_id in ("istanbul-2", "istanbul-3", "russia-response"):
        result = neg.robust("ru", "ua", round_id=round_id)
        plain = neg.compare("ru", "ua", round_id=round_id).summary
        assert plain.compatibility == result.compatibility.main
        assert plain.mean_gap == result.mean_gap.main
        assert [(s, float(n)) for s, n in plain.counts] == [(s, r.main) for s, r in result.counts]
