"""Patches: JSON Patch over the canonical keyed form, refusing any document but their own."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import negpos
from negpos import strategies as nst
from negpos._analysis.canonical import canonical, fingerprint
from negpos._analysis.patches import PATCH_FORMAT, pointer_token
from negpos._analysis.rawdiff import raw_diff

TRUCE_YES = negpos.Position(issue="truce", stance=negpos.BooleanStance(accepts=(True,)))
DAYS_30 = negpos.Position(issue="days", stance=negpos.NumericStance(min=30), salience=0.7)
DAYS_10 = negpos.Position(issue="days", stance=negpos.NumericStance(min=10), salience=0.7)


def _memo(*positions: negpos.Position, party: str = "ua", **extra: Any) -> negpos.Memorandum:
    return negpos.Memorandum(party=party, positions=positions, **extra)


def _through_json(patch: Any) -> Any:
    return json.loads(json.dumps(patch))


# --- the format ---------------------------------------------------------------------------


def test_a_patch_is_json_patch_in_an_envelope() -> None:
    """A patch names both documents by fingerprint and holds RFC 6902 operations with tests."""
    before, after = _memo(DAYS_30), _memo(DAYS_10, note="Lowered.")
    _, patch = raw_diff(before, after)
    assert {
        "format": 2,
        "from": fingerprint(before),
        "to": fingerprint(after),
        "operations": [
            {"op": "test", "path": "/positions/days/stance/min", "value": 30.0},
            {"op": "replace", "path": "/positions/days/stance/min", "value": 10.0},
            {"op": "add", "path": "/note", "value": "Lowered."},
        ],
        "order": [],
    } == patch
    assert PATCH_FORMAT == patch["format"]


def test_fingerprints_are_sha256_of_the_sorted_json_data() -> None:
    """A fingerprint is the SHA-256 of the memorandum's JSON data written with sorted keys.

    The data leaves out None values, and the ``readings`` of a position that has none.
    """
    import hashlib

    memo = _memo(DAYS_30, title="Draft")
    data = memo.model_dump(mode="json", exclude_none=True)
    for position in data["positions"]:
        assert position.pop("readings") == []
    text = json.dumps(
        data,
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )
    assert "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest() == fingerprint(memo)
    assert fingerprint(memo) != fingerprint(_memo(DAYS_30, title="Draft", party="ru"))
    assert fingerprint(_memo(TRUCE_YES, DAYS_30)) != fingerprint(_memo(DAYS_30, TRUCE_YES))


def test_keys_are_escaped_as_json_pointer_tokens() -> None:
    """``~`` and ``/`` in a key are written ``~0`` and ``~1``, in that order (RFC 6901)."""
    assert ("a~0b", "a~1b", "~01", "plain.id") == (
        pointer_token("a~b"),
        pointer_token("a/b"),
        pointer_token("~1"),
        pointer_token("plain.id"),
    )


def test_escaped_keys_are_found_when_applied() -> None:
    """An operation whose path holds escaped tokens reaches the key it names."""
    before = _memo(DAYS_30)
    data = canonical(before)
    # Give the memorandum's position a key that needs escaping, as a foreign tool might.
    data["positions"] = {"d~a/y": data["positions"]["days"]}
    operation = {"op": "test", "path": "/positions/d~0a~1y/salience", "value": 0.7}
    from negpos._analysis.patches import _apply

    assert data == _apply(data, operation, "operations[0]")
    with pytest.raises(negpos.InputError, match="another value"):
        _apply(data, {**operation, "value": 0.5}, "operations[0]")


# --- refusals -------------------------------------------------------------------------------


def test_an_additions_only_patch_refuses_the_other_partys_memorandum() -> None:
    """A patch that only adds fits any memorandum lacking those keys, and is refused all the same."""
    before, after = _memo(DAYS_30), _memo(DAYS_30, TRUCE_YES)
    _, patch = raw_diff(before, after)
    assert {"add"} == {op["op"] for op in patch["operations"]}
    other = _memo(DAYS_30, party="ru")
    with pytest.raises(negpos.InputError) as caught:
        negpos.apply_patch(other, _through_json(patch))
    (problem,) = caught.value.problems
    assert "from" == problem.field
    assert problem.message.startswith("the patch was made from another memorandum (sha256:")


def test_a_patch_refuses_a_memorandum_that_differs_where_it_does_not_touch() -> None:
    """A memorandum that differs only in a field the patch leaves alone is refused too."""
    _, patch = raw_diff(_memo(DAYS_30), _memo(DAYS_10))
    with pytest.raises(negpos.InputError, match="made from another memorandum"):
        negpos.apply_patch(_memo(DAYS_30, note="Another reading."), patch)


def test_a_removal_of_a_missing_key_is_refused() -> None:
    """A patch altered to claim the target, removing a position it lacks, fails at that operation."""
    _, patch = raw_diff(_memo(DAYS_30, TRUCE_YES), _memo(DAYS_30))
    target = _memo(DAYS_30)
    forged = {**patch, "from": fingerprint(target)}
    forged["operations"] = [op for op in patch["operations"] if op["op"] == "remove"]
    with pytest.raises(negpos.InputError) as caught:
        negpos.apply_patch(target, forged)
    (problem,) = caught.value.problems
    assert ("operations[0]", "the memorandum has nothing at /positions/truce") == (
        problem.field,
        problem.message,
    )


def test_an_altered_patch_is_refused_after_applying() -> None:
    """Operations changed on the way make another memorandum than the patch names: refused."""
    before = _memo(DAYS_30)
    _, patch = raw_diff(before, _memo(DAYS_10))
    patch["operations"][1]["value"] = 20.0
    with pytest.raises(negpos.InputError) as caught:
        negpos.apply_patch(before, patch)
    assert ["to"] == [p.field for p in caught.value.problems]


def test_a_format_1_patch_is_refused_with_a_reason() -> None:
    """A patch of the first format, which cannot be checked, is refused and says so."""
    with pytest.raises(negpos.InputError, match=r"format 1 .* make it again"):
        negpos.apply_patch(_memo(DAYS_30), {"format": 1, "delta": [], "order": []})


def _valid() -> dict[str, Any]:
    _, patch = raw_diff(_memo(DAYS_30), _memo(DAYS_10))
    return patch


def _altered(**changes: Any) -> dict[str, Any]:
    patch = _valid()
    patch.update(changes)
    return patch


_OPERATION = {"op": "test", "path": "/positions/days/salience", "value": 0.7}


@pytest.mark.parametrize(
    ("patch", "field"),
    [
        ([], ""),
        ({"format": 3}, "format"),
        (_altered(**{"from": None}), "from"),
        (_altered(to=7), "to"),
        (_altered(operations={}), "operations"),
        (_altered(order="none"), "order"),
        (_altered(operations=[{"op": "test", "path": "/x", "value": float("nan")}]), ""),
        (_altered(operations=["add"]), "operations[0]"),
        (_altered(operations=[{**_OPERATION, "op": "move", "from": "/note"}]), "operations[0]"),
        (_altered(operations=[{**_OPERATION, "path": "positions/days"}]), "operations[0]"),
        (_altered(operations=[{"op": "replace", "path": "/note"}]), "operations[0]"),
        (_altered(operations=[{**_OPERATION, "path": "/positions/days/links/0"}]), "operations[0]"),
        (
            _altered(operations=[{**_OPERATION, "path": "/positions/days/links/01"}]),
            "operations[0]",
        ),
        (
            _altered(operations=[{**_OPERATION, "path": "/positions/days/salience/x"}]),
            "operations[0]",
        ),
        (_altered(operations=[{"op": "remove", "path": ""}]), "operations[0]"),
        (_altered(order=[{"path": "/positions", "keys": ["nope"]}]), "order[0]"),
        (_altered(order=[{"path": "/positions", "keys": [["days"]]}]), "order[0]"),
        (_altered(order=[{"path": "", "keys": []}]), "order[0]"),
    ],
)
def test_malformed_patches_are_refused(patch: Any, field: str) -> None:
    """A patch of the wrong shape or version raises InputError naming the part at fault."""
    with pytest.raises(negpos.InputError) as caught:
        negpos.apply_patch(_memo(DAYS_30), patch)
    assert [field] == [p.field for p in caught.value.problems]


def test_applying_leaves_the_patch_alone() -> None:
    """apply_patch does not change the patch it is given, even where operations nest."""
    before = _memo(DAYS_30)
    after = _memo(DAYS_30, TRUCE_YES, note="Added a truce.")
    _, patch = raw_diff(before, after)
    kept = copy.deepcopy(patch)
    negpos.apply_patch(before, patch)
    assert kept == patch


def test_an_empty_patch_gives_the_same_memorandum() -> None:
    """The patch between equal memoranda has no operations and gives the memorandum back."""
    _, patch = raw_diff(_memo(DAYS_30), _memo(DAYS_30))
    assert ([], []) == (patch["operations"], patch["order"])
    assert _memo(DAYS_30) == negpos.apply_patch(_memo(DAYS_30), patch)


# --- laws -----------------------------------------------------------------------------------


@st.composite
def _three(draw: st.DrawFn) -> tuple[negpos.Memorandum, negpos.Memorandum, negpos.Memorandum]:
    """Three memoranda on one agenda: before, after and another, each possibly alike."""
    agenda = draw(nst.agendas(1, 4))
    before = draw(nst.memoranda(agenda, "ua"))
    after = draw(st.sampled_from([before]) | nst.memoranda(agenda, "ua"))
    other = draw(
        st.one_of(
            nst.memoranda(agenda, draw(st.sampled_from(["ua", "ru"]))),
            st.just(after),
            st.just(negpos.Memorandum.model_validate({**before.to_dict(), "party": "ru"})),
            st.just(negpos.Memorandum.model_validate({**before.to_dict(), "note": "Edited."})),
            st.just(negpos.Memorandum.model_validate({**before.to_dict(), "positions": []})),
        )
    )
    return before, after, other


@given(_three())
def test_law_a_patch_applies_to_its_own_memorandum_only(
    memos: tuple[negpos.Memorandum, negpos.Memorandum, negpos.Memorandum],
) -> None:
    """A patch gives the later memorandum from the earlier one, and refuses any other."""
    before, after, other = memos
    _, patch = raw_diff(before, after)
    patch = _through_json(patch)
    assert after == negpos.apply_patch(before, patch)
    if other == before:
        assert after == negpos.apply_patch(other, patch)
    else:
        with pytest.raises(negpos.InputError, match="made from another memorandum"):
            negpos.apply_patch(other, patch)


@given(_three())
def test_law_patches_compose(
    memos: tuple[negpos.Memorandum, negpos.Memorandum, negpos.Memorandum],
) -> None:
    """Patching a to b and then b to c gives c, and a patch's 'to' is the next one's 'from'."""
    a, b, c = memos
    _, first = raw_diff(a, b)
    _, second = raw_diff(b, c)
    assert first["to"] == second["from"]
    assert c == negpos.apply_patch(negpos.apply_patch(a, first), second)


def test_docstring_examples_run() -> None:
    """The examples in the patch and canonical-form modules give the output they show."""
    import doctest

    import negpos._analysis.canonical
    import negpos._analysis.patches

    assert 0 == doctest.testmod(negpos._analysis.patches).failed
    assert 0 == doctest.testmod(negpos._analysis.canonical).failed
