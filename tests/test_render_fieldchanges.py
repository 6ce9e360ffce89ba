"""Raw changes made readable: field names, values, groups and word differences."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

import negpos
from negpos._render.fieldchanges import (
    BRIEFING,
    CONTEXT,
    RUN,
    FieldLine,
    Piece,
    PieceKind,
    field_changes,
    field_groups,
    readable_value,
    word_diff,
)

SAME, REMOVED, ADDED, GAP = PieceKind.SAME, PieceKind.REMOVED, PieceKind.ADDED, PieceKind.GAP

LAND = negpos.SetIssue.model_validate(
    {
        "id": "land",
        "title": "Regions recognised",
        "items": [{"id": "crimea", "label": "Crimea"}, {"id": "kherson", "label": "Kherson"}],
    }
)
TRUCE = negpos.BooleanIssue(id="truce", title="Ceasefire first")
AGENDA = (LAND, TRUCE)


def _position(issue: str, stance: Any, **extra: Any) -> negpos.Position:
    return negpos.Position(issue=issue, stance=stance, **extra)


def _memo(*positions: negpos.Position, **extra: Any) -> negpos.Memorandum:
    return negpos.Memorandum(party="ru", positions=positions, **extra)


def _lines(changes: negpos.ChangeSet, *, moved_only: bool = False) -> list[Any]:
    shown = field_changes(changes, moved_only=moved_only)
    return [
        (g.title, g.issue, [(x.field, x.kind.value, x.before, x.after) for x in g.lines])
        for g in shown.groups
    ]


def _kinds(pieces: tuple[Piece, ...]) -> list[tuple[str, str]]:
    return [(p.kind.value, p.text) for p in pieces]


# --- fields and values ----------------------------------------------------------------------


def test_fields_are_named_in_words_and_ids_by_their_labels() -> None:
    """Stance items show their labels, links the issue's title, firmness its words, sources a number."""
    source = negpos.Source(url="https://example.org/a", quote="We demand Crimea.")
    truce = _position("truce", negpos.BooleanStance(accepts=(True,)))
    before = _memo(
        _position("land", negpos.SetStance(requires=("crimea",)), sources=(source,)), truce
    )
    after = _memo(
        _position(
            "land",
            negpos.SetStance(requires=("crimea", "kherson")),
            firmness=negpos.Firmness.RED_LINE,
            links=("truce",),
            sources=(source.model_copy(update={"quote": "We demand Crimea and more."}),),
        ),
        truce,
    )
    changes = negpos.changes(before, after, None, AGENDA)
    assert [
        (
            "Regions recognised",
            "land",
            [
                ("stance › requires › item 2", "added", None, "Kherson"),
                ("firmness", "changed", "firm", "red line"),
                ("linked to › item 1", "added", None, "Ceasefire first"),
                ("source 1 › quote", "changed", "We demand Crimea.", "We demand Crimea and more."),
            ],
        )
    ] == _lines(changes)


def test_values_are_written_exactly_and_briefly() -> None:
    """Numbers keep every digit that differs, booleans read yes or no, long text is cut."""
    assert ("0.50001", "0.50002") == (readable_value(0.50001), readable_value(0.50002))
    assert ("600,000", "no") == (readable_value(600000.0), readable_value(False))
    assert "a before b, b before c" == readable_value([["a", "b"], ["b", "c"]])
    long = readable_value("word " * 100)
    assert long.endswith("…")
    assert len(long) <= 160


def test_the_memorandum_and_options_have_their_own_groups() -> None:
    """Fields of the memorandum and of an option's positions are grouped apart from positions."""
    option = negpos.Option(
        id="pullout", positions=(_position("truce", negpos.BooleanStance(accepts=(True,))),)
    )
    other = negpos.Option(
        id="package", positions=(_position("truce", negpos.BooleanStance(accepts=(False,))),)
    )
    group = negpos.AlternativeGroup(id="routes", options=(option, other))
    before = _memo(title="Draft")
    after = _memo(title="Final text", alternatives=(group,))
    records = negpos.changes(before, after, None, AGENDA).raw
    groups = field_groups(records, {i.id: i for i in AGENDA})
    assert [("The memorandum", None, ""), ("Alternatives routes", None, "")] == [
        (g.title, g.issue, g.where) for g in groups
    ]
    after_option = _memo(
        alternatives=(
            negpos.AlternativeGroup(
                id="routes",
                options=(
                    negpos.Option(
                        id="pullout",
                        positions=(
                            _position("truce", negpos.BooleanStance(accepts=(True,)), salience=1),
                        ),
                    ),
                    other,
                ),
            ),
        )
    )
    records = negpos.changes(_memo(alternatives=(group,)), after_option, None, AGENDA).raw
    (found,) = field_groups(records, {i.id: i for i in AGENDA})
    assert ("Ceasefire first", "truce", "alternatives routes, option pullout") == (
        found.title,
        found.issue,
        found.where,
    )
    assert (FieldLine("salience", negpos.RawChangeKind.CHANGED, "0.5", "1"),) == found.lines


def test_a_whole_position_reads_as_its_stance() -> None:
    """An added position is shown as what it accepts, its firmness and its salience."""
    after = _memo(_position("land", negpos.SetStance(requires=("crimea",)), salience=0.9))
    changes = negpos.changes(_memo(), after, None, AGENDA)
    assert [
        (
            "Regions recognised",
            "land",
            [("", "added", None, "requires Crimea; forbids — · firm · salience 0.9")],
        )
    ] == _lines(changes)


def test_a_round_report_shows_moved_positions_held_in_both_rounds() -> None:
    """Moved positions held in both rounds are shown; added ones and text-only changes are not."""
    land_before = _position("land", negpos.SetStance(requires=("crimea",)), note="Old")
    land_after = _position("land", negpos.SetStance(requires=("crimea", "kherson")), note="New")
    truce = _position("truce", negpos.BooleanStance(accepts=(True,)))
    before = _memo(land_before, truce)
    after = _memo(land_after, truce.model_copy(update={"note": "Restated."}))
    changes = negpos.changes(before, after, None, AGENDA)
    shown = field_changes(changes, moved_only=True)
    assert [
        (
            "Regions recognised",
            "land",
            [
                ("stance › requires › item 2", "added", None, "Kherson"),
                ("note", "changed", "Old", "New"),
            ],
        )
    ] == _lines(changes, moved_only=True)
    assert (0, 1) == (shown.more, shown.others)
    added = field_changes(negpos.changes(_memo(), after, None, AGENDA), moved_only=True)
    assert ((), 0, 0) == (added.groups, added.more, added.others)


def test_a_round_report_shows_the_moves_that_matter_most_and_counts_the_rest() -> None:
    """Beyond BRIEFING moved positions, stance moves and high salience are shown, in agenda order."""
    count = BRIEFING + 5
    agenda = [negpos.BooleanIssue(id=f"q{k:02d}", title=f"Question {k}") for k in range(count)]

    def position(k: int, accepts: tuple[bool, ...], salience: float) -> negpos.Position:
        return _position(f"q{k:02d}", negpos.BooleanStance(accepts=accepts), salience=salience)

    before = _memo(*(position(k, (True,), 0.5) for k in range(count)))
    # Odd questions are widened (a move of the stance); even ones only gain salience.
    after = _memo(
        *(
            position(k, (True, False), k / 100) if k % 2 else position(k, (True,), 0.6 + k / 100)
            for k in range(count)
        )
    )
    shown = field_changes(negpos.changes(before, after, None, agenda), moved_only=True)
    stance_moves = [f"q{k:02d}" for k in range(1, count, 2)]
    by_salience = sorted((f"q{k:02d}" for k in range(0, count, 2)), key=lambda q: -int(q[1:]))[
        : BRIEFING - len(stance_moves)
    ]
    assert sorted([*stance_moves, *by_salience]) == [g.issue for g in shown.groups]
    assert (count - BRIEFING, 0) == (shown.more, shown.others)


# --- word differences ----------------------------------------------------------------------


def test_a_changed_word_is_struck_and_its_replacement_marked() -> None:
    """One replaced word shows as removed and added between the unchanged words."""
    assert [
        ("same", "Ceasefire of"),
        ("removed", "30"),
        ("added", "60"),
        ("same", "days, then talks."),
    ] == _kinds(word_diff("Ceasefire of 30 days, then talks.", "Ceasefire of 60 days, then talks."))


def test_a_long_note_shows_the_change_with_some_context() -> None:
    """Unchanged words far from the change are left out as one gap on each side."""
    head = [f"h{k}" for k in range(50)]
    tail = [f"t{k}" for k in range(50)]
    pieces = word_diff(" ".join([*head, "old", *tail]), " ".join([*head, "new", *tail]))
    assert [
        ("gap", "…"),
        ("same", " ".join(head[-CONTEXT:])),
        ("removed", "old"),
        ("added", "new"),
        ("same", " ".join(tail[:CONTEXT])),
        ("gap", "…"),
    ] == _kinds(pieces)


def test_a_rewritten_text_is_one_removal_and_one_addition() -> None:
    """Texts sharing few words are not matched word by word; long runs are cut around a gap."""
    old = " ".join(f"o{k}" for k in range(40)) + " the"
    new = "the " + " ".join(f"n{k}" for k in range(3))
    pieces = word_diff(old, new)
    half = RUN // 2
    assert [
        ("removed", " ".join(f"o{k}" for k in range(half))),
        ("gap", "…"),
        ("removed", " ".join([*(f"o{k}" for k in range(40 - half + 1, 40)), "the"])),
        ("added", new),
    ] == _kinds(pieces)


def test_a_difference_too_large_to_align_is_one_replacement() -> None:
    """Long middles that differ throughout are not aligned word by word (bounded work)."""
    common = " ".join(f"c{k}" for k in range(2000))
    middle = [f"x{k}" for k in range(300)]
    # Neighbours swapped: difflib would find hundreds of one-word matches in these middles.
    swapped = [middle[k ^ 1] for k in range(300)]
    old = f"{common} {' '.join(middle)} {common}"
    new = f"{common} {' '.join(swapped)} {common}"
    kinds = [p.kind for p in word_diff(old, new)]
    assert [GAP, SAME, REMOVED, GAP, REMOVED, ADDED, GAP, ADDED, SAME, GAP] == kinds


def test_control_characters_and_line_breaks_do_not_reach_the_pieces() -> None:
    """Words are split on any white space, and control characters are dropped first."""
    assert [("same", "a"), ("removed", "b"), ("added", "c"), ("same", "d")] == _kinds(
        word_diff("a\nb\x07 d", "a\tc\x1b d")
    )


@given(st.text(max_size=60), st.text(max_size=60))
def test_law_the_pieces_rebuild_both_texts_where_nothing_is_cut(before: str, after: str) -> None:
    """Without gaps, the kept and removed words are the old text and kept and added the new."""
    pieces = word_diff(before, after, context=1000)
    if any(p.kind is GAP for p in pieces):
        return
    from negpos._render.words import clean_text

    def words(kinds: set[PieceKind]) -> list[str]:
        return [w for p in pieces if p.kind in kinds for w in p.text.split()]

    assert clean_text(before).split() == words({SAME, REMOVED})
    assert clean_text(after).split() == words({SAME, ADDED})
