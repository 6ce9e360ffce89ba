"""Library misuse: every mistake a caller can make ends in a NegposError that says what was wrong.

Documents built in Python fail as files do (``InputError``, with the loader's field paths and
messages, never pydantic's ``ValidationError``); ``model_copy(update=...)`` validates what it
builds; arguments of the wrong type are ``UsageError`` naming what was expected; and a
message quotes at most a bounded excerpt of a bad value.
"""

from __future__ import annotations

import copy
import json
import unicodedata
from collections.abc import Callable
from typing import Any

import pydantic
import pytest
from hypothesis import given
from hypothesis import strategies as st

import negpos
from negpos import scenarios
from negpos._errors import EXCERPT_LIMIT, clean_text, excerpt

NEG = negpos.bundled()
JUNE = "istanbul-2"
MEMO = NEG.standing("ru", round_id=JUNE)

#: A small negotiation as plain data; each test below spoils one field of a copy.
DATA: dict[str, Any] = {
    "format": 1,
    "title": "Talks",
    "parties": [{"id": "a", "name": "Alpha"}, {"id": "b", "name": "Beta"}],
    "issues": [{"id": "truce", "kind": "boolean", "title": "Truce"}],
    "rounds": [
        {
            "id": "r1",
            "date": "2025-01-01",
            "memoranda": [
                {
                    "party": "a",
                    "positions": [
                        {"issue": "truce", "stance": {"kind": "boolean", "accepts": [True]}}
                    ],
                }
            ],
        }
    ],
}


def spoiled(path: list[str | int], value: Any) -> dict[str, Any]:
    """A deep copy of DATA with the field at ``path`` set to ``value``."""
    data = copy.deepcopy(DATA)
    node: Any = data
    for step in path[:-1]:
        node = node[step]
    node[path[-1]] = value
    return data


MISTAKES: dict[str, tuple[list[str | int], Any]] = {
    "bad salience": (["rounds", 0, "memoranda", 0, "positions", 0, "salience"], 2.0),
    "bad party id": (["parties", 1, "id"], "Beta Side"),
    "unknown field": (["rounds", 0, "venue_name"], "Istanbul"),
    "unknown kind": (["issues", 0, "kind"], "boolish"),
    "unknown party": (["rounds", 0, "memoranda", 0, "party"], "zz"),
    "text for a number": (["rounds", 0, "memoranda", 0, "positions", 0, "salience"], "0.5"),
}


def _problems(error: negpos.InputError) -> list[tuple[str, str]]:
    return [(p.field, p.message) for p in error.problems]


@pytest.mark.parametrize("mistake", MISTAKES)
def test_documents_built_in_python_fail_as_files_do(mistake: str) -> None:
    """Negotiation(...) and model_validate raise InputError with the loader's paths and messages."""
    data = spoiled(*MISTAKES[mistake])
    with pytest.raises(negpos.InputError) as from_file:
        negpos.loads(json.dumps(data), fmt="json")
    with pytest.raises(negpos.InputError) as built:
        negpos.Negotiation(**data)
    with pytest.raises(negpos.InputError) as validated:
        negpos.Negotiation.model_validate(data)
    expected = _problems(from_file.value)
    assert expected == _problems(built.value)
    assert expected == _problems(validated.value)


@pytest.mark.parametrize(
    "build",
    [
        lambda: api.Position(issue="truce"),
        lambda: negpos.Memorandum(party="Not An Id"),
        lambda: api.Party(id="a", name="A", role="king"),
        lambda: negpos.Position.model_validate({"issue": "truce", "stance": {"kind": "x"}}),
        lambda: negpos.Position.model_validate_json('{"issue": "truce"'),
        lambda: negpos.Round.model_validate_strings({"id": "r", "date": "2025-02-30"}),
    ],
    ids=["Position", "Memorandum", "Party", "model_validate", "model_validate_json", "strings"],
)
def test_no_pydantic_error_escapes(build: Callable[[], object]) -> None:
    """Every way of building a document raises InputError, which is no ValidationError."""
    with pytest.raises(negpos.InputError) as caught:
        build()
    assert not isinstance(caught.value, pydantic.ValidationError)
    assert all(p.message for p in caught.value.problems)


def test_the_field_path_of_a_nested_mistake() -> None:
    """A mistake deep inside a document built in Python names its full field path."""
    with pytest.raises(negpos.InputError) as caught:
        api.Memorandum(
            party="a",
            positions=(
                {"issue": "truce", "stance": {"kind": "boolean", "accepts": [True]}, "salience": 7},
            ),
        )
    assert [("positions[0].salience", "Input should be less than or equal to 1")] == _problems(
        caught.value
    )


def test_input_error_is_a_value_error() -> None:
    """InputError is a NegposError and a ValueError, as pydantic's and json's errors are."""
    assert issubclass(negpos.InputError, negpos.NegposError)
    assert issubclass(negpos.InputError, ValueError)
    with pytest.raises(ValueError, match="salience"):
        negpos.Position(issue="truce", stance=negpos.BooleanStance(accepts=(True,)), salience=3)


def test_a_negotiation_inside_a_model_of_ones_own_fails_that_model() -> None:
    """A negpos document nested in a user's pydantic model fails that model's validation."""

    class Archive(pydantic.BaseModel):
        talks: negpos.Negotiation

    data = spoiled(["rounds", 0, "memoranda", 0, "party"], "zz")
    with pytest.raises(pydantic.ValidationError) as caught:
        Archive.model_validate({"talks": data})
    assert ("talks",) == caught.value.errors()[0]["loc"]
    assert "unknown party 'zz'" in str(caught.value)


# --- model_copy --------------------------------------------------------------------------------


def test_model_copy_validates_the_update() -> None:
    """model_copy(update=...) refuses a value the document's checks refuse."""
    with pytest.raises(negpos.InputError) as caught:
        MEMO.model_copy(update={"party": "Not An Id"})
    assert ["party"] == [p.field for p in caught.value.problems]


def test_model_copy_refuses_an_unknown_field() -> None:
    """model_copy(update=...) refuses a field the document does not have."""
    with pytest.raises(negpos.InputError, match="nope: unknown field"):
        MEMO.model_copy(update={"nope": 1})


def test_model_copy_checks_cross_references() -> None:
    """A copy whose agenda no longer holds the issues its memoranda cite is refused, not a KeyError later."""
    with pytest.raises(negpos.InputError) as caught:
        NEG.model_copy(update={"issues": NEG.issues[:1]})
    assert all("unknown issue" in p.message for p in caught.value.problems)


def test_model_copy_gives_a_document_whose_lookups_see_the_update() -> None:
    """A copy with other parties answers lookups from its own parties, not the original's."""
    neg = negpos.parse(DATA)
    assert "Alpha" == neg.party("a").name
    renamed = neg.model_copy(
        update={"parties": (negpos.Party(id="a", name="Alef"), neg.party("b"))}
    )
    assert "Alef" == renamed.party("a").name
    assert "Alpha" == neg.party("a").name


def test_model_copy_without_update_and_deep() -> None:
    """A plain copy is equal; a deep copy with an update is validated and independent."""
    assert MEMO == MEMO.model_copy()
    moved = MEMO.model_copy(update={"note": "restated"}, deep=True)
    assert "restated" == moved.note
    assert MEMO.positions == moved.positions
    assert MEMO.positions[0] is not moved.positions[0]


@given(st.floats(allow_nan=True, allow_infinity=True) | st.text(max_size=5) | st.none())
def test_model_copy_agrees_with_validation(salience: Any) -> None:
    """model_copy(update=...) gives exactly what validating the changed fields gives, or its error."""
    position = MEMO.positions[0]
    data = {**{name: getattr(position, name) for name in type(position).model_fields}}
    data["salience"] = salience
    try:
        expected: negpos.Position | str = negpos.Position.model_validate(data)
    except negpos.InputError as exc:
        expected = str(exc)
    try:
        actual: negpos.Position | str = position.model_copy(update={"salience": salience})
    except negpos.InputError as exc:
        actual = str(exc)
    assert expected == actual


# --- arguments of the wrong type -------------------------------------------------------------

# Typed loosely, so that the calls below can break the signatures on purpose.
api: Any = negpos
loose_scenarios: Any = scenarios
neg: Any = NEG
memo: Any = MEMO

WRONG_TYPES: dict[str, tuple[Callable[[], object], str]] = {
    "compare(str, str, list)": (lambda: api.compare("a", "b", []), "memo_a to be a Memorandum"),
    "compare(memo, None, agenda)": (
        lambda: api.compare(memo, None, NEG),
        "memo_b to be a Memorandum",
    ),
    "compare(memo, memo, str)": (lambda: api.compare(memo, memo, "agenda"), "agenda to be"),
    "compare(memo, memo, [str])": (lambda: api.compare(memo, memo, ["x"]), "item 0 is str"),
    "changes(memo, str, None, agenda)": (
        lambda: api.changes(memo, "x", None, NEG),
        "after to be a Memorandum",
    ),
    "changes(memo, memo, 3, agenda)": (
        lambda: api.changes(memo, memo, 3, NEG),
        "counterpart to be a Memorandum or None",
    ),
    "render(42)": (lambda: api.render(42), "a result to render"),
    "render(result, 5)": (lambda: api.render(neg.compare(), 5), "unknown format 5"),
    "neg.compare(1, 2)": (lambda: neg.compare(1, 2), "a party id"),
    "neg.compare(round_id=3)": (lambda: neg.compare(round_id=3), "a round id"),
    "neg.changes(1)": (lambda: neg.changes(1), "a party id"),
    "neg.trajectory(1, 2)": (lambda: neg.trajectory(1, 2), "a party id"),
    "neg.matrix(round_id=1)": (lambda: neg.matrix(round_id=1), "a round id"),
    "neg.party([])": (lambda: neg.party([]), "a party id"),
    "neg.round({})": (lambda: neg.round({}), "a round id"),
    "neg.issue(None)": (lambda: neg.issue(None), "an issue id"),
    "comparison.issue(1)": (lambda: neg.compare().issue(1), "an issue id"),
    "load(3.5)": (lambda: api.load(3.5), "a path"),
    "load(None)": (lambda: api.load(None), "a path"),
    "loads(3)": (lambda: api.loads(3), "the document as text or bytes"),
    "dumps(str)": (lambda: api.dumps("x"), "a Negotiation"),
    "dump(neg, 3)": (lambda: api.dump(NEG, 3), "a path"),
    "json_schema('negotation')": (
        lambda: api.json_schema("negotation"),
        "no schema for 'negotation'",
    ),
    "round_report(1)": (lambda: api.round_report(1), "a Negotiation"),
    "negotiation_report('talks/')": (lambda: api.negotiation_report("talks/"), "a Negotiation"),
    "loose_scenarios.explore(1)": (lambda: loose_scenarios.explore(1), "a Negotiation"),
}


@pytest.mark.parametrize("call", WRONG_TYPES)
def test_wrong_argument_types_are_usage_errors(call: str) -> None:
    """A public function given an argument of the wrong type says what it expected."""
    run, expected = WRONG_TYPES[call]
    with pytest.raises(negpos.UsageError) as caught:
        run()
    assert expected in str(caught.value)


# --- bounded excerpts --------------------------------------------------------------------------

HUGE = "x" * 1_000_000 + "\x1b[2J"


@pytest.mark.parametrize(
    "run",
    [
        lambda: NEG.party(HUGE),
        lambda: NEG.compare("ru", "ua", round_id=HUGE),
        lambda: NEG.compare().issue(HUGE),
        lambda: NEG.compare().where(status=HUGE),
        lambda: api.render(NEG.compare(), HUGE),
        lambda: negpos.Memorandum(party=HUGE),
        lambda: negpos.parse({**DATA, HUGE: 1}),
        lambda: negpos.parse(spoiled(["issues", 0, "kind"], HUGE)),
        lambda: loose_scenarios.explore(NEG, "ru", "ua", method=HUGE),
    ],
    ids=["party", "round", "row", "where", "format", "id", "key", "kind", "method"],
)
def test_a_huge_value_is_quoted_in_a_bounded_excerpt(run: Callable[[], object]) -> None:
    """A one-megabyte id gives a short message that says how long the value was, with no escape."""
    with pytest.raises(negpos.NegposError) as caught:
        run()
    message = str(caught.value)
    assert len(message) < 1_000
    assert "1,000,004 characters" in message
    assert "\x1b" not in message


@given(st.text())
def test_excerpts_are_bounded_and_show_no_control(text: str) -> None:
    """An excerpt of any text is short and holds no control or format character."""
    quoted = excerpt(text)
    assert len(quoted) <= EXCERPT_LIMIT + 40
    assert all(unicodedata.category(c) not in ("Cc", "Cf") for c in quoted)


@given(st.text(), st.booleans())
def test_clean_text_removes_every_control_and_is_idempotent(text: str, keep: bool) -> None:
    """clean_text leaves no control or format character (but kept line breaks) and is idempotent."""
    cleaned = clean_text(text, keep_newlines=keep)
    allowed = {"\n"} if keep else set()
    assert all(c in allowed or unicodedata.category(c) not in ("Cc", "Cf") for c in cleaned)
    assert cleaned == clean_text(cleaned, keep_newlines=keep)
