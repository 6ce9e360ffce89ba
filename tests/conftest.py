"""Shared test fixtures and Hypothesis settings."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

# CI=true makes Hypothesis load its deterministic "ci" profile by itself; locally keep runs
# short but thorough. `.ci/run` sets NEGPOS_DERANDOMIZE=1: the same examples on every run, so
# that a landing is judged on the code and not on the draw (random draws, run locally, are
# what finds new counterexamples; each one found becomes an example test).
settings.register_profile(
    "dev", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "fixed",
    settings.get_profile("dev"),
    derandomize=True,
    database=None,
    print_blob=True,
)
if os.environ.get("NEGPOS_DERANDOMIZE"):
    settings.load_profile("fixed")
elif not os.environ.get("CI"):
    settings.load_profile("dev")

#: Tests left out of the default run (``python -m pytest``) besides those marked in place:
#: the property tests that take longest (several seconds each on two cores), listed here so
#: that the default run stays under two minutes while the laws keep their full example counts
#: where they run, in ``.ci/run`` (``-m ""``). ``test_markers.py`` checks that each exists.
SLOW_TESTS = frozenset(
    {
        "test_changes.py::test_law_a_memorandum_against_itself_is_all_unchanged",
        "test_changes.py::test_law_attributes_never_change_the_movement",
        "test_changes.py::test_law_concession_exactly_when_closer_or_wider_toward_the_reference",
        "test_changes.py::test_law_each_row_carries_its_share_of_the_raw_difference",
        "test_changes.py::test_law_items_are_the_issues_either_side_addresses",
        "test_common.py::test_adding_an_option_never_hides_an_issue",
        "test_common.py::test_an_issue_settled_by_all_is_never_a_gap",
        "test_common.py::test_an_unmet_condition_never_raises_the_index",
        "test_compare.py::test_a_memorandum_agrees_with_itself",
        "test_compare.py::test_an_options_figures_are_those_of_the_memorandum_with_the_option_taken",
        "test_compare.py::test_comparing_b_with_a_mirrors_comparing_a_with_b",
        "test_compare.py::test_comparisons_serialise_deterministically",
        "test_compare.py::test_counts_add_up_and_issues_follow_the_agenda",
        "test_compare.py::test_magnitudes_are_in_range_and_zero_exactly_when_compatible",
        "test_compare.py::test_widening_one_side_never_widens_a_gap",
        "test_compare.py::test_zones_lie_inside_both_positions",
        "test_benchmarks.py::test_search_floor_finds_no_subset_reaching_an_index_of_one",
        "test_explore.py::test_both_methods_agree_on_the_cheapest_cost",
        "test_explore.py::test_both_methods_find_the_same_cost_on_the_small_talks",
        "test_frames.py::test_comparison_frame_mirrors_the_comparison",
        "test_frames.py::test_csv_keeps_ids_statuses_and_figures",
        "test_hostile_roundtrip.py::test_a_folder_saved_over_another_reads_back_exactly",
        "test_hostile_roundtrip.py::test_file_and_folder_round_trip",
        "test_hostile_roundtrip.py::test_text_round_trip",
        "test_matrix.py::test_every_pair_matches_its_comparison",
        "test_patches.py::test_law_a_patch_applies_to_its_own_memorandum_only",
        "test_patches.py::test_law_patches_compose",
        "test_rawdiff.py::test_canonical_round_trip",
        "test_rawdiff.py::test_law_a_memorandum_has_no_difference_with_itself",
        "test_rawdiff.py::test_law_nothing_a_plain_deepdiff_reports_is_missing",
        "test_rawdiff.py::test_law_records_and_operations_tell_the_same_story",
        "test_rawdiff.py::test_law_records_are_empty_exactly_when_the_documents_are_equal",
        "test_rawdiff.py::test_law_the_patch_turns_before_into_after",
        "test_scenarios.py::test_comparing_after_moves_equals_comparing_from_scratch",
        "test_semantics.py::test_law_a_condition_never_raises_the_index",
        "test_semantics.py::test_law_adding_an_option_never_hides_an_issue_or_a_red_line",
        "test_semantics.py::test_law_an_option_never_weakens_a_restated_position",
        "test_semantics.py::test_law_an_unmet_condition_never_yields_common_ground",
        "test_standing.py::test_standing_by_round_equals_standing_at_each_round",
        "test_standing.py::test_standing_is_the_latest_word_on_each_issue",
        "test_strategies.py::test_invalid_mutations_are_rejected",
        "test_strategies.py::test_json_round_trip",
        "test_strategies.py::test_schema_accepts_every_dumped_document",
        "test_strategies.py::test_yaml_round_trip",
        "test_trajectory.py::test_law_rows_agree_with_the_comparison_at_each_round",
        "test_trajectory.py::test_law_totals_add_up_the_changes_between_consecutive_rounds",
    }
)


#: Property tests that take several seconds at their full example counts, with the number of
#: examples each tries in the default run: there every law is still tried, on a few examples;
#: a run that selects the slow tests too (``-m ""``, as ``.ci/run`` does) tries the full count.
#: ``test_markers.py`` checks that each exists and is a Hypothesis test.
QUICK_EXAMPLES = {
    "test_agreement.py::test_identical_encodings_agree_fully": 8,
    "test_changes.py::test_law_the_change_set_patch_refuses_any_other_memorandum": 15,
    "test_changes.py::test_law_the_change_set_patch_turns_before_into_after": 15,
    "test_common.py::test_adding_a_party_never_widens_the_zone": 8,
    "test_common.py::test_for_two_parties_every_figure_is_the_pairwise_one": 8,
    "test_common.py::test_for_two_parties_the_zone_is_the_pairwise_zone": 8,
    "test_common.py::test_the_n_way_zone_lies_inside_every_party_set": 8,
    "test_frames.py::test_matrix_and_trajectory_frames_mirror_their_results": 8,
    "test_frames.py::test_positions_frames_count_every_position": 8,
    "test_invariants.py::test_candidate_moves_never_make_things_worse": 10,
    "test_many_scenarios.py::test_patching_the_ground_equals_reading_it_again": 10,
    "test_scenarios.py::test_patching_a_comparison_with_options_twice_equals_comparing_from_scratch": 10,
    "test_origins.py::test_rows_carry_the_rounds_their_memoranda_record": 5,
    "test_origins.py::test_standing_and_standing_by_round_agree_on_origins": 5,
    "test_origins.py::test_the_round_recorded_is_the_latest_that_stated_the_position": 8,
    "test_plans.py::test_a_plan_identical_to_a_side_leans_fully_toward_it": 8,
    "test_plans.py::test_assessments_do_not_depend_on_the_order_of_sides": 8,
    "test_plans.py::test_silence_is_never_acceptance": 8,
    "test_robust.py::test_adding_readings_never_narrows_a_range": 10,
    "test_robust.py::test_documents_pickle_with_their_lookups_left_behind": 6,
    "test_robust.py::test_every_range_contains_the_main_value": 10,
    "test_robust.py::test_the_general_sweep_agrees_with_the_robust_comparison": 6,
    "test_robust.py::test_without_readings_robust_figures_are_todays": 10,
    "test_semantics.py::test_law_an_issue_settled_at_the_table_is_never_a_gap": 8,
    "test_tables.py::test_round_trip_through_csv": 6,
    "test_tables.py::test_round_trip_through_xlsx": 6,
}


def _default_run(config: pytest.Config) -> bool:
    """Whether the run leaves the slow tests out (the default ``-m``, or one like it)."""
    return "not slow" in (config.option.markexpr or "")


def _cap_examples(item: pytest.Item, examples: int) -> bool:
    """Let the Hypothesis test of ``item`` try at most ``examples`` examples in this run.

    Hypothesis reads a test's settings when the test runs, from the attribute its
    ``@settings`` and ``@given`` leave on the test function; that attribute is replaced by
    the same settings with fewer examples. False where the attribute is missing (a test
    that is not a Hypothesis test, or a Hypothesis that keeps its settings elsewhere).
    """
    test = getattr(item, "obj", None)
    current = getattr(test, "_hypothesis_internal_use_settings", None)
    if not isinstance(current, settings):
        return False
    capped = settings(current, max_examples=min(examples, current.max_examples))
    test._hypothesis_internal_use_settings = capped  # type: ignore[union-attr]
    return True


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark the tests of ``SLOW_TESTS`` slow, before ``-m`` selects by marker.

    In the default run the tests of ``QUICK_EXAMPLES`` try fewer examples; one whose count
    cannot be lowered is marked slow instead, so that the default run stays short.

    Without pandas (the lean ``test`` extra), the docstring examples of the functions that
    build data frames are skipped, as the tests of frames are; without krippendorff (the
    ``agreement`` extra), so are the examples that measure agreement.
    """
    without_pandas = importlib.util.find_spec("pandas") is None
    without_krippendorff = importlib.util.find_spec("krippendorff") is None
    quick = _default_run(config)
    for item in items:
        name = getattr(item, "originalname", item.name)
        key = f"{item.path.name}::{name}"
        if key in SLOW_TESTS:
            item.add_marker(pytest.mark.slow)
        if quick and key in QUICK_EXAMPLES and not _cap_examples(item, QUICK_EXAMPLES[key]):
            item.add_marker(pytest.mark.slow)
        if without_pandas and _example_needs_pandas(item):
            item.add_marker(pytest.mark.skip(reason="the example needs pandas, not installed"))
        if without_krippendorff and _example_needs_krippendorff(item):
            item.add_marker(
                pytest.mark.skip(reason="the example needs krippendorff, not installed")
            )


def _example_needs_pandas(item: pytest.Item) -> bool:
    """Whether ``item`` is a docstring example that builds a data frame or imports pandas."""
    test = getattr(item, "dtest", None)
    if test is None:
        return False
    if item.path.name.endswith("frames.py") and item.name.endswith("_frame"):
        return True
    return any(
        word in ex.source
        for ex in test.examples
        for word in ("to_frame(", "positions_frame(", "pandas", "write_table(")
    )


def _example_needs_krippendorff(item: pytest.Item) -> bool:
    """Whether ``item`` is a docstring example that measures inter-coder agreement."""
    test = getattr(item, "dtest", None)
    if test is None:
        return False
    return any("agreement(" in ex.source for ex in test.examples)


EXAMPLE = """\
format: 1
title: Example talks
parties:
  - {id: a, name: Alpha}
  - {id: b, name: Beta, role: mediator}
issues:
  - id: army.cap
    kind: numeric
    title: Army ceiling
    unit: personnel
    bounds: [100000, 2000000]
    scale: log
  - id: territory.recognition
    kind: set
    title: Recognition
    items: [crimea, {id: donetsk, weight: 2}]
  - id: ceasefire.order
    kind: sequence
    title: Order of steps
    steps: [ceasefire, talks, elections]
  - id: neutral
    kind: boolean
    title: Neutral status
rounds:
  - id: r1
    date: 2025-05-16
    memoranda:
      - party: a
        positions:
          - issue: army.cap
            stance: {kind: numeric, max: 600000}
            salience: 0.8
            firmness: red_line
            sources: ["https://example.org/a"]
          - issue: neutral
            stance: {kind: boolean, accepts: [true]}
      - party: b
        positions:
          - issue: ceasefire.order
            stance: {kind: sequence, precedes: [[ceasefire, talks]]}
"""


@pytest.fixture
def example_text() -> str:
    """A small valid negotiation as YAML text."""
    return EXAMPLE


@pytest.fixture
def example_file(tmp_path: Path) -> Path:
    """A small valid negotiation as a YAML file."""
    path = tmp_path / "talks.yaml"
    path.write_text(EXAMPLE, encoding="utf-8")
    return path


#: The hand-worked negotiation of the frame and notebook-card tests: three parties (a
#: mediator among them), a numeric, a boolean and a set issue, two rounds.
HARBOUR = """\
format: 1
title: Harbour talks
parties:
  - {id: a, name: Alpha}
  - {id: b, name: Beta}
  - {id: c, name: Gamma, role: mediator}
issues:
  - id: army.cap
    kind: numeric
    title: Army ceiling
    category: security
    unit: personnel
    bounds: [100000, 1100000]
  - id: neutral
    kind: boolean
    title: Neutral status
    category: security
  - id: land
    kind: set
    title: Land recognised
    category: territory
    items: [crimea, donetsk]
rounds:
  - id: r1
    date: 2025-05-16
    memoranda:
      - party: a
        positions:
          - issue: army.cap
            stance: {kind: numeric, max: 500000}
            salience: 0.8
            firmness: red_line
          - issue: neutral
            stance: {kind: boolean, accepts: [true]}
            salience: 0.5
            firmness: firm
      - party: b
        positions:
          - issue: army.cap
            stance: {kind: numeric, min: 700000}
            salience: 0.6
            firmness: firm
          - issue: neutral
            stance: {kind: boolean, accepts: [true, false]}
            salience: 0.4
            firmness: flexible
          - issue: land
            stance: {kind: set, forbids: [crimea]}
            salience: 0.9
            firmness: red_line
  - id: r2
    date: 2025-06-01
    memoranda:
      - party: a
        positions:
          - issue: army.cap
            stance: {kind: numeric, max: 600000}
            salience: 0.8
            firmness: red_line
      - party: c
        positions:
          - issue: neutral
            stance: {kind: boolean, accepts: [false]}
            salience: 0.5
            firmness: flexible
"""


@pytest.fixture(scope="session")
def harbour_talks() -> Any:
    """``HARBOUR`` loaded: the negotiation whose frames and cards are worked out by hand."""
    import negpos

    return negpos.loads(HARBOUR)
