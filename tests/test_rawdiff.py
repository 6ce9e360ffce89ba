"""The raw difference of two memoranda: canonical keyed form, records, patch, and its laws."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import pytest
from deepdiff import DeepDiff
from deepdiff.helper import notpresent
from hypothesis import given
from hypothesis import strategies as st

import negpos
from negpos import strategies as nst
from negpos._analysis.canonical import canonical, from_canonical
from negpos._analysis.rawdiff import raw_diff

TRUCE = negpos.BooleanIssue(id="truce", title="Truce")
DAYS = negpos.NumericIssue(id="days", title="Days", unit="days", bounds=(1, 365))
REGIONS = negpos.SetIssue.model_validate(
    {"id": "regions", "title": "Regions", "items": ["c", "d", "l"]}
)
AGENDA = (TRUCE, DAYS, REGIONS)


def _position(issue: str, stance: Any, **extra: Any) -> negpos.Position:
    return negpos.Position(issue=issue, stance=stance, **extra)


def _memo(*positions: negpos.Position, **extra: Any) -> negpos.Memorandum:
    return negpos.Memorandum(party="ua", positions=positions, **extra)


TRUCE_YES = _position("truce", negpos.BooleanStance(accepts=(True,)))
DAYS_30 = _position("days", negpos.NumericStance(min=30), salience=0.7)
REGIONS_NONE = _position("regions", negpos.SetStance(forbids=("c", "d", "l")))


def _summary(records: Sequence[negpos.RawChange]) -> list[tuple[str, str, Any, Any]]:
    return [(r.text, r.kind.value, r.to_dict()["before"], r.to_dict()["after"]) for r in records]


# --- the canonical keyed form -------------------------------------------------------------


def test_canonical_keys_positions_groups_and_options_by_id() -> None:
    """Positions are keyed by issue id, groups and options by their ids, at every level."""
    group = negpos.AlternativeGroup(
        id="routes",
        options=(
            negpos.Option(id="one", positions=(TRUCE_YES,)),
            negpos.Option(id="two", positions=(DAYS_30, REGIONS_NONE)),
        ),
    )
    data = canonical(_memo(DAYS_30, alternatives=(group,)))
    assert ["days"] == list(data["positions"])
    assert ["routes"] == list(data["alternatives"])
    assert ["one", "two"] == list(data["alternatives"]["routes"]["options"])
    assert ["days", "regions"] == list(
        data["alternatives"]["routes"]["options"]["two"]["positions"]
    )


def test_canonical_leaves_out_none_and_keeps_ids_inside_entries() -> None:
    """Unset fields are absent (None never appears) and each entry still names its issue."""
    data = canonical(_memo(DAYS_30))
    assert "title" not in data
    assert "note" not in data
    assert {
        "issue": "days",
        "stance": {"kind": "numeric", "min": 30.0},
        "salience": 0.7,
        "firmness": "firm",
        "conditions": [],
        "links": [],
        "sources": [],
    } == data["positions"]["days"]


@given(nst.agendas(0, 5).flatmap(nst.memoranda))
def test_canonical_round_trip(memo: negpos.Memorandum) -> None:
    """Building a memorandum back from its canonical form gives the same memorandum."""
    assert memo == from_canonical(canonical(memo))


def test_from_canonical_reports_invalid_data() -> None:
    """Data that is not a valid memorandum raises InputError naming the field."""
    data = canonical(_memo(DAYS_30))
    data["positions"]["days"]["salience"] = 2.0
    with pytest.raises(negpos.InputError) as caught:
        from_canonical(data)
    assert ["positions[days].salience"] == [p.field for p in caught.value.problems]


# --- records ------------------------------------------------------------------------------


def test_records_of_a_small_edit() -> None:
    """A changed salience, a new source and a new note are reported field by field."""
    source = negpos.Source(url="https://example.org/a")
    before = _memo(TRUCE_YES, DAYS_30)
    after = _memo(
        TRUCE_YES,
        _position("days", negpos.NumericStance(min=30), salience=0.9, sources=(source,)),
        note="Restated in June.",
    )
    records, _ = raw_diff(before, after)
    assert [
        ("positions[days].salience", "changed", 0.7, 0.9),
        ("positions[days].sources[0]", "added", None, {"url": "https://example.org/a"}),
        ("note", "added", None, "Restated in June."),
    ] == _summary(records)


def test_records_report_a_whole_position_added_or_removed() -> None:
    """A position present on one side only is one record holding the whole position."""
    records, _ = raw_diff(_memo(TRUCE_YES), _memo(REGIONS_NONE))
    assert [
        (
            "positions[regions]",
            "added",
            None,
            canonical(_memo(REGIONS_NONE))["positions"]["regions"],
        ),
        ("positions[truce]", "removed", canonical(_memo(TRUCE_YES))["positions"]["truce"], None),
    ] == _summary(records)


def test_records_report_every_field_of_a_rewritten_position() -> None:
    """With threshold_to_diff_deeper=0 a position whose fields all change is still reported field by field."""
    before = _memo(_position("days", negpos.NumericStance(min=30), salience=0.7))
    after = _memo(
        _position(
            "days",
            negpos.NumericStance(max=3),
            salience=0.2,
            firmness=negpos.Firmness.RED_LINE,
            note="New.",
        )
    )
    records, _ = raw_diff(before, after)
    assert [
        ("positions[days].stance.max", "added", None, 3.0),
        ("positions[days].stance.min", "removed", 30.0, None),
        ("positions[days].salience", "changed", 0.7, 0.2),
        ("positions[days].firmness", "changed", "firm", "red_line"),
        ("positions[days].note", "added", None, "New."),
    ] == _summary(records)


def test_reordered_positions_are_one_record() -> None:
    """Swapping two positions is reported as the collection reordered, with both key orders."""
    records, patch = raw_diff(_memo(TRUCE_YES, DAYS_30), _memo(DAYS_30, TRUCE_YES))
    assert [("positions", "reordered", ["truce", "days"], ["days", "truce"])] == _summary(records)
    assert [{"path": "/positions", "keys": ["days", "truce"]}] == patch["order"]


def test_a_position_inserted_in_the_middle_is_placed_by_the_patch() -> None:
    """An insertion keeps the shared order (no reordered record) and the patch puts it in place."""
    before = _memo(TRUCE_YES, REGIONS_NONE)
    after = _memo(TRUCE_YES, DAYS_30, REGIONS_NONE)
    records, patch = raw_diff(before, after)
    assert ["added"] == [r.kind.value for r in records]
    assert [{"path": "/positions", "keys": ["truce", "days", "regions"]}] == patch["order"]
    assert after == negpos.apply_patch(before, patch)


def test_raw_change_text_and_dict() -> None:
    """A record writes its path for reading and serialises to plain JSON data."""
    change = negpos.RawChange(
        ("alternatives", "routes", "options", "two", "positions", "days", "stance", "min"),
        30.0,
        45.0,
        negpos.RawChangeKind.CHANGED,
    )
    assert "alternatives[routes].options[two].positions[days].stance.min" == change.text
    assert {
        "path": ["alternatives", "routes", "options", "two", "positions", "days", "stance", "min"],
        "text": "alternatives[routes].options[two].positions[days].stance.min",
        "kind": "changed",
        "before": 30.0,
        "after": 45.0,
    } == change.to_dict()


def test_records_are_immutable_and_hashable() -> None:
    """Values inside records are read-only (tuples and mappings) and records can be hashed."""
    records, _ = raw_diff(_memo(TRUCE_YES), _memo(TRUCE_YES, REGIONS_NONE))
    record = records[0]
    assert not isinstance(record.after, dict)
    with pytest.raises(TypeError):
        record.after["issue"] = "x"  # type: ignore[index]
    assert hash(record) == hash(raw_diff(_memo(TRUCE_YES), _memo(TRUCE_YES, REGIONS_NONE))[0][0])


# --- lists --------------------------------------------------------------------------------


def _sourced(*urls: str, **extra: Any) -> negpos.Memorandum:
    sources = tuple(negpos.Source(url=f"https://example.org/{u}") for u in urls)
    return _memo(_position("days", negpos.NumericStance(min=30), sources=sources, **extra))


def test_dropping_the_first_item_of_a_list_is_one_removal() -> None:
    """Removing the first of three items is one removal, not two changes and a removal."""
    before = _memo(_position("regions", negpos.SetStance(requires=("c", "d", "l"))))
    after = _memo(_position("regions", negpos.SetStance(requires=("d", "l"))))
    records, patch = raw_diff(before, after)
    assert [("positions[regions].stance.requires[0]", "removed", "c", None)] == _summary(records)
    assert [
        {"op": "test", "path": "/positions/regions/stance/requires/0", "value": "c"},
        {"op": "remove", "path": "/positions/regions/stance/requires/0"},
    ] == patch["operations"]


def test_a_source_cited_before_the_others_is_one_addition() -> None:
    """A source inserted at the head of the list is added there; the others are untouched."""
    records, patch = raw_diff(_sourced("a", "b"), _sourced("new", "a", "b"))
    assert [
        ("positions[days].sources[0]", "added", None, {"url": "https://example.org/new"}),
    ] == _summary(records)
    assert after_applying(_sourced("a", "b"), patch) == _sourced("new", "a", "b")


def test_a_source_edited_in_place_is_reported_field_by_field() -> None:
    """A source whose address changes is paired with its old self and reported by field."""
    records, _ = raw_diff(_sourced("a", "b"), _sourced("a", "c"))
    assert [
        (
            "positions[days].sources[1].url",
            "changed",
            "https://example.org/b",
            "https://example.org/c",
        )
    ] == _summary(records)


def test_scattered_edits_of_a_long_list_stay_small() -> None:
    """Removing one item and adding another far away gives two records, whatever lies between."""
    items = tuple(f"i{k}" for k in range(200))
    before = _memo(_position("regions", negpos.SetStance(requires=items)))
    after = _memo(
        _position("regions", negpos.SetStance(requires=(*items[1:150], "z", *items[150:])))
    )
    records, patch = raw_diff(before, after)
    assert [
        ("positions[regions].stance.requires[0]", "removed", "i0", None),
        ("positions[regions].stance.requires[149]", "added", None, "z"),
    ] == _summary(records)
    assert after == after_applying(before, patch)


def test_a_boolean_is_not_a_number() -> None:
    """A stance of another kind whose preferred value is True where it was 1.0 is reported."""
    before = _memo(_position("days", negpos.NumericStance(preferred=1.0)))
    after = _memo(_position("days", negpos.BooleanStance(accepts=(True,), preferred=True)))
    records, patch = raw_diff(before, after)
    assert ("positions[days].stance.preferred", "type_changed", 1.0, True) in _summary(records)
    assert after == after_applying(before, patch)


def after_applying(memo: negpos.Memorandum, patch: Any) -> negpos.Memorandum:
    """The memorandum a patch makes of ``memo``, after a trip through JSON text."""
    return negpos.apply_patch(memo, json.loads(json.dumps(patch)))


# --- laws ---------------------------------------------------------------------------------


@st.composite
def _edited(draw: st.DrawFn, agenda: tuple[negpos.Issue, ...], memo: negpos.Memorandum) -> Any:
    """A memorandum that differs from ``memo`` by a few edits: the interesting case for diffs."""
    positions = list(draw(st.permutations(memo.positions)))
    kept = [p for p in positions if draw(st.booleans()) or len(positions) < 2]
    edited: list[negpos.Position] = []
    for p in kept:
        change = draw(st.sampled_from(["none", "salience", "stance", "source", "note", "links"]))
        data = p.model_dump()
        issue = next(i for i in agenda if i.id == p.issue)
        if change == "salience":
            data["salience"] = draw(st.integers(0, 20)) / 20
        elif change == "stance":
            data["stance"] = draw(nst.stances(issue))
        elif change == "source":
            data["sources"] = (*p.sources, draw(nst.sources()))
        elif change == "note":
            data["note"] = draw(st.none() | nst.texts())
        elif change == "links":
            data["links"] = p.links[1:]
        edited.append(negpos.Position.model_validate(data))
    stated = {p.issue for p in edited}
    for issue in agenda:
        if issue.id not in stated and draw(st.integers(0, 3)) == 0:
            edited.insert(draw(st.integers(0, len(edited))), draw(nst.positions(issue, agenda)))
            stated.add(issue.id)
    return negpos.Memorandum(
        party=memo.party,
        round=draw(st.sampled_from([memo.round, "later"])),
        title=draw(st.sampled_from([memo.title, None, "Revised"])),
        date=memo.date,
        positions=tuple(edited),
        alternatives=draw(st.sampled_from([memo.alternatives, memo.alternatives[::-1], ()])),
        withdrawn=tuple(w for w in memo.withdrawn if w not in stated),
        sources=memo.sources,
        note=draw(st.sampled_from([memo.note, None, "Edited."])),
    )


@st.composite
def _pairs(draw: st.DrawFn) -> tuple[negpos.Memorandum, negpos.Memorandum]:
    """Two memoranda on one agenda: independent ones, or one and an edited copy of it."""
    agenda = draw(nst.agendas(1, 5))
    before = draw(nst.memoranda(agenda, "ua"))
    if draw(st.booleans()):
        return before, draw(nst.memoranda(agenda, "ua"))
    return before, draw(_edited(agenda, before))


@given(nst.agendas(0, 5).flatmap(nst.memoranda))
def test_law_a_memorandum_has_no_difference_with_itself(memo: negpos.Memorandum) -> None:
    """raw_diff(m, m) has no records and an empty patch."""
    records, patch = raw_diff(memo, memo)
    assert () == records
    assert ([], [], patch["from"]) == (patch["operations"], patch["order"], patch["to"])


@given(_pairs())
def test_law_records_and_operations_tell_the_same_story(
    pair: tuple[negpos.Memorandum, negpos.Memorandum],
) -> None:
    """Each record but a reordering matches one operation of the patch, in order, values included.

    With the patch law (it rebuilds the later document exactly) this makes the records
    complete: nothing the patch changes goes unreported.
    """
    before, after = pair
    records, patch = raw_diff(before, after)
    story = []
    tested: Any = None
    for operation in patch["operations"]:
        if operation["op"] == "test":
            tested = operation["value"]
        elif operation["op"] == "add":
            story.append(("added", None, operation["value"]))
        elif operation["op"] == "remove":
            story.append(("removed", tested, None))
        else:
            story.append(("changed", tested, operation["value"]))
    told = [
        (
            "changed" if r.kind is negpos.RawChangeKind.TYPE_CHANGED else r.kind.value,
            r.to_dict()["before"],
            r.to_dict()["after"],
        )
        for r in records
        if r.kind is not negpos.RawChangeKind.REORDERED
    ]
    assert story == told


@given(_pairs())
def test_law_the_patch_turns_before_into_after(
    pair: tuple[negpos.Memorandum, negpos.Memorandum],
) -> None:
    """Applying the patch to ``before``, after a trip through JSON text, gives ``after`` exactly."""
    before, after = pair
    _, patch = raw_diff(before, after)
    assert after == negpos.apply_patch(before, json.loads(json.dumps(patch)))


@given(_pairs())
def test_law_records_are_empty_exactly_when_the_documents_are_equal(
    pair: tuple[negpos.Memorandum, negpos.Memorandum],
) -> None:
    """There are records exactly when the two memoranda differ."""
    before, after = pair
    records, _ = raw_diff(before, after)
    assert (before != after) == bool(records)


_KEYED = {"positions": "issue", "alternatives": "id", "options": "id"}


def _keyed_path(doc: Any, path: Sequence[Any]) -> tuple[Any, ...]:
    """A path into a plain dump, with list indices of identifiable things replaced by ids.

    Steps the document does not have (the other side's items) are kept as they are.
    """
    out: list[Any] = []
    node = doc
    for step in path:
        id_field = _KEYED.get(out[-1]) if out and isinstance(step, int) else None
        if isinstance(step, int) and isinstance(node, list) and step < len(node):
            node = node[step]
            out.append(node[id_field] if id_field is not None else step)
        elif isinstance(step, str) and isinstance(node, dict) and step in node:
            node = node[step]
            out.append(step)
        else:
            node = None
            out.append(step)
    return tuple(out)


def _across_members(
    old_path: tuple[Any, ...], new_path: tuple[Any, ...], records: Sequence[negpos.RawChange]
) -> bool:
    """Whether a plain report compares two members of a keyed collection a record explains.

    A list index is not data in the canonical keyed form: when a member is added, removed
    or moved, a plain list diff compares whatever members end up at the same index. Such a
    report is covered by the record of that addition, removal or new order.
    """
    for k in range(1, min(len(old_path), len(new_path))):
        if old_path[: k - 1] != new_path[: k - 1] or old_path[k - 1] != new_path[k - 1]:
            return False
        if old_path[k - 1] in _KEYED and old_path[k] != new_path[k]:
            collection = old_path[:k]
            return any(
                r.path[:k] == collection
                and (len(r.path) == k + 1 or r.kind is negpos.RawChangeKind.REORDERED)
                for r in records
            )
    return False


def _list_scope(path: tuple[Any, ...]) -> tuple[Any, ...] | None:
    """The path of the first plain list (not a keyed collection) a path steps into, if any."""
    for k, step in enumerate(path):
        if isinstance(step, int) and not (k and path[k - 1] in _KEYED):
            return path[:k]
    return None


def _canonical_value(value: Any, name: Any) -> Any:
    """A value of a plain dump in canonical terms: no None, identifiable lists keyed by id."""
    if isinstance(value, dict):
        return {k: _canonical_value(v, k) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        items = [_canonical_value(v, None) for v in value]
        id_field = _KEYED.get(name)
        return {v[id_field]: v for v in items} if id_field is not None else items
    return value


@pytest.mark.parametrize("threshold", [0.33, 0])
@given(pair=_pairs())
def test_law_nothing_a_plain_deepdiff_reports_is_missing(
    threshold: float, pair: tuple[negpos.Memorandum, negpos.Memorandum]
) -> None:
    """Every change a plain DeepDiff of the two dumped documents reports is covered by a raw record.

    A plain report at a path (its list indices mapped to ids through either document) is
    covered by a record at the same path, above it, or below it; where both documents map
    the report to the same path as a record, the values agree. A report that only reflects a
    member's index moving, because another member of its collection was added or removed, is
    covered by that addition or removal. Inside a plain list (sources, links, a stance's
    items) which element pairs with which is a choice: DeepDiff pairs them by place, negpos
    aligns the elements both lists hold once. There the report is covered by any record in
    that list or above it; that the records say exactly what changed in the list is the
    patch law's and the records-and-operations law's to prove.
    """
    before, after = pair
    records, _ = raw_diff(before, after)
    old = before.model_dump(mode="json")
    new = after.model_dump(mode="json")
    plain = DeepDiff(old, new, view="tree", threshold_to_diff_deeper=threshold)
    for items in plain.values():
        for item in items:
            old_path = _keyed_path(old, item.path(output_format="list"))
            new_path = _keyed_path(new, item.path(use_t2=True, output_format="list"))
            mapped = {old_path, new_path}
            if old_path != new_path and _across_members(old_path, new_path, records):
                continue
            scopes = {scope for p in mapped if (scope := _list_scope(p)) is not None}
            if scopes:
                for scope in scopes:
                    assert any(
                        r.path[: len(scope)] == scope or scope[: len(r.path)] == r.path
                        for r in records
                    ), f"{item.path()} is missing from the raw records"
                continue
            covering = [
                r
                for r in records
                for p in mapped
                if p[: len(r.path)] == r.path or r.path[: len(p)] == p
            ]
            if not covering:
                assert _across_members(old_path, new_path, records), (
                    f"{item.path()} is missing from the raw records"
                )
            same_path = [
                (r.to_dict()["before"], r.to_dict()["after"])
                for r in covering
                if r.path in mapped and r.kind is not negpos.RawChangeKind.REORDERED
            ]
            # Values line up only where both sides point at the same member.
            if same_path and len(mapped) == 1:
                (path,) = mapped
                t1 = None if item.t1 is notpresent else _canonical_value(item.t1, path[-1])
                t2 = None if item.t2 is notpresent else _canonical_value(item.t2, path[-1])
                assert (t1, t2) in same_path, f"{item.path()}: {(t1, t2)} not in {same_path}"


def test_docstring_examples_run() -> None:
    """The examples in the raw-difference module's docstrings give the output they show."""
    import doctest

    import negpos._analysis.rawdiff

    assert 0 == doctest.testmod(negpos._analysis.rawdiff).failed
