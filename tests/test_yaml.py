"""The strict YAML reader and the stable writer."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from negpos._io.strict_yaml import YamlError, dump_yaml, line_of, read_yaml


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("v: NO", "NO"),
        ("v: on", "on"),
        ("v: yes", "yes"),
        ("v: Off", "Off"),
        ("v: 010", "010"),
        ("v: 12:30", "12:30"),
        ("v: 0x1F", "0x1F"),
        ("v: 1_000", "1_000"),
        ("v: 2025-06-02", "2025-06-02"),
        ("v: true", True),
        ("v: False", False),
        ("v: ~", None),
        ("v:", None),
        ("v: 10", 10),
        ("v: -2.5", -2.5),
        ("v: 1e3", 1000.0),
        ("v: '10'", "10"),
        ("v: !!str 10", "10"),
        ("v: !!float 3", 3.0),
    ],
)
def test_scalars_follow_yaml_12_core_rules(text: str, expected: object) -> None:
    """YAML 1.1 words and numbers stay text; only plain true/false/decimals are typed."""
    value = read_yaml(text)["v"]
    assert expected == value
    assert type(expected) is type(value)


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("a: &x [1]\nb: *x\n", 2, "aliases"),
        ("a: 1\nb: 2\na: 3\n", 3, "appears twice"),
        ("a: !!python/object/apply:os.system ['true']\n", 1, "tag"),
        ("a: !!binary aGVsbG8=\n", 1, "tag"),
        ("a: !custom 1\n", 1, "tag"),
        ("a: !!int nope\n", 1, "!!int"),
        ("--- 1\n--- 2\n", 2, "one YAML document"),
        ("a: [1, 2\n", 2, "syntax"),
        ("? [1, 2]\n: x\n", 1, "keys must be text"),
        ("1: x\n", 1, "keys must be text"),
    ],
)
def test_refused_constructs_name_their_line(text: str, line: int, fragment: str) -> None:
    """Aliases, tags, duplicate keys, several documents and bad syntax fail with a line."""
    with pytest.raises(YamlError) as info:
        read_yaml(text)
    assert line == info.value.line
    assert fragment in info.value.message


def test_billion_laughs_fails_fast() -> None:
    """A nested-alias bomb is refused at its first alias instead of being expanded."""
    lines = ['a0: &a0 ["x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 30)]
    with pytest.raises(YamlError, match="aliases"):
        read_yaml("\n".join(lines))


def test_deep_nesting_is_refused() -> None:
    """A pathologically deep document is refused instead of exhausting the stack."""
    with pytest.raises(YamlError, match="nest"):
        read_yaml("[" * 100_000)


def test_line_of_finds_keys_and_items() -> None:
    """Paths map to the line of their key, or of the sequence item."""
    text = "a: 1\nb:\n  - x: 1\n  - x: 2\n    y: [1, 2]\n"
    assert 1 == line_of(text, ["a"])
    assert 3 == line_of(text, ["b", 0])
    assert 4 == line_of(text, ["b", 1, "x"])
    assert 5 == line_of(text, ["b", 1, "y"])
    assert 4 == line_of(text, ["b", 1, "missing"])


_plain = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(st.characters(codec="utf-8")),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.text(st.characters(codec="utf-8")), children, max_size=4)
    ),
    max_leaves=20,
)


@given(st.dictionaries(st.text(st.characters(codec="utf-8")), _plain, max_size=5))
def test_dump_then_read_is_identity(data: dict[str, object]) -> None:
    """Whatever plain data the writer writes, the strict reader reads back unchanged."""
    assert data == read_yaml(dump_yaml(data))
