"""The terminal's table writer: widths, wrapping, styles."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from negpos._render.text_table import (
    Column,
    Table,
    _wrap,
    _wrap_measured,
    display_width,
    styled,
)


def test_a_table_that_fits_keeps_its_natural_widths() -> None:
    """Columns as wide as their widest line, a rule under the header, figures to the right."""
    table = Table(
        "Gaps",
        (Column("Issue", 1), Column("Gap", right=True)),
        [[[("Neutral status", "")], [("1.00", "")]], [[("Days", "")], [("0.30", "")]]],
    )
    assert [
        "Gaps",
        " Issue             Gap",
        " ──────────────   ────",
        " Neutral status   1.00",
        " Days             0.30",
    ] == table.lines(80)


def test_narrow_room_wraps_at_spaces_and_keeps_whole_words() -> None:
    """The flexible columns share the room by ratio, never narrower than their longest word."""
    text = "requires Crimea, Donetsk region, Luhansk region; forbids nothing at all"
    table = Table(
        "",
        (Column("Issue", 1), Column("Position", 2)),
        [[[("territory.recognition_form", "")], [(text, "")]]],
    )
    lines = table.lines(60)
    assert all(len(line) <= 60 for line in lines)
    assert "territory.recognition_form" in lines[2]
    words = " ".join(line[30:].strip() for line in lines[2:]).split()
    assert text.split() == words


def test_wide_characters_take_two_columns() -> None:
    """East Asian wide characters count double when fitting a line."""
    assert 4 == display_width("日本")
    assert 3 == display_width("abc")
    assert ["日本", "語"] == _wrap("日本 語", 4)


def test_styles_are_written_only_when_asked() -> None:
    """ANSI codes only with colour on, and never around empty text."""
    assert "x" == styled("x", "bold", color=False)
    assert "\x1b[1;31mx\x1b[0m" == styled("x", "bold red", color=True)
    assert "" == styled("", "bold", color=True)


WORDS = st.lists(st.text("abcdefghij,.()", min_size=1, max_size=12), min_size=1, max_size=20)


@given(WORDS, st.integers(12, 60))
def test_wrapping_keeps_every_word_in_order_within_the_width(words: list[str], width: int) -> None:
    """No line is wider than asked; words shorter than the width come back whole, in order."""
    lines = _wrap(" ".join(words), width)
    assert all(display_width(line) <= width for line in lines)
    assert words == " ".join(lines).split(" ")


@given(st.text(st.sampled_from("ab 日本語éж\u0378"), max_size=40), st.integers(2, 12))
def test_wrapped_lines_carry_their_display_width(text: str, width: int) -> None:
    """The width each wrapped line carries is the width measured afresh."""
    for line, size in _wrap_measured(text, width):
        assert display_width(line) == size
        assert sum(2 if ch in "日本語\u0378" else 1 for ch in line) == size


@given(
    st.lists(st.tuples(WORDS, WORDS), min_size=1, max_size=6),
    st.integers(40, 160),
    st.tuples(st.integers(1, 4), st.integers(1, 4)),
)
def test_tables_fit_the_width_when_the_longest_words_do(
    rows: list[tuple[list[str], list[str]]], width: int, ratios: tuple[int, int]
) -> None:
    """With room for the longest words, every line fits; every word of every cell is shown."""
    table = Table(
        "",
        (Column("Issue", ratios[0]), Column("Status", ratios[1])),
        [[[(" ".join(a), "")], [(" ".join(b), "")]] for a, b in rows],
    )
    lines = table.lines(width)
    assert all(display_width(line) <= width for line in lines)
    shown = " ".join(lines).split()
    for a, b in rows:
        for word in a + b:
            assert word in shown
