"""Stances and figures in words: the plain text every report format shares.

The Markdown, HTML and terminal renderers all say "≤ 600,000 personnel" or "requires Crimea,
Donetsk; forbids —" the same way, so the words live here, once, as plain text. Each renderer
escapes the text for its own format; [`clean_text`][negpos._errors.clean_text] (the one rule for
everything negpos shows, kept in the foundation so that messages follow it too) first removes
the control and format characters that no format should pass through.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Final

import attrs

from negpos._analysis.common import CommonGround, GroundStatus
from negpos._analysis.comparison import Comparison, Status
from negpos._errors import clean_text
from negpos._model.issues import Issue, NumericIssue
from negpos._model.stances import (
    BooleanStance,
    CategoricalStance,
    NumericStance,
    OrdinalStance,
    SequenceStance,
    SetStance,
    Stance,
    TextStance,
)

if TYPE_CHECKING:
    from negpos._analysis.changes import PositionChange
    from negpos._analysis.comparison import IssueComparison
    from negpos._analysis.reports import SourceIndex
    from negpos._analysis.withdrawals import Withdrawal
    from negpos._model.documents import Memorandum, Position, Round, Source
    from negpos.scenarios._baseline import Holding
    from negpos.scenarios._search import Exploration

__all__ = [
    "FIRMNESS_WORDS",
    "MOVEMENT_WORDS",
    "STATUS_WORDS",
    "ExplorationWords",
    "category_title",
    "change_details",
    "clean_text",
    "comparison_details",
    "count_of",
    "describe_order",
    "describe_stance",
    "element_names",
    "exploration_words",
    "fare_words",
    "format_date",
    "format_distances",
    "format_fraction",
    "format_number",
    "format_short_date",
    "party_list_words",
    "reading_words",
    "round_name",
    "round_names",
    "scenario_figures",
    "source_words",
    "tabled_words",
    "withdrawal_words",
]

#: How each comparison status reads in a report.
STATUS_WORDS: Final = {
    "settled": "settled at the table",
    "identical": "identical",
    "same_preference": "same preference",
    "overlap": "overlap",
    "conditional": "conditional",
    "gap": "gap",
    "one_sided": "one-sided",
    "other_option": "in another option",
    "uncomparable": "not comparable",
}

#: How each firmness reads in a report.
FIRMNESS_WORDS: Final = {
    "red_line": "red line",
    "firm": "firm",
    "flexible": "flexible",
    "open": "open",
}

#: How each movement between rounds reads in a report.
MOVEMENT_WORDS: Final = {
    "added": "added",
    "dropped": "dropped",
    "into_options": "now in options",
    "unchanged": "unchanged",
    "concession": "concession",
    "hardening": "hardening",
    "lateral": "lateral",
}

_NOTHING = "—"


def format_number(value: float) -> str:
    """A number as a report shows it: thousands separated, no needless decimals.

    Args:
        value: A finite number.

    Returns:
        Whole numbers with ``,`` between thousands; other numbers of 1 or more with at
        most four decimals, smaller ones with four significant digits; trailing zeros
        dropped.

    Examples:
        >>> format_number(600000.0)
        '600,000'
        >>> format_number(2.5)
        '2.5'
        >>> format_number(0.00012)
        '0.00012'
    """
    if value == int(value) and abs(value) < 1e15:
        return f"{int(value):,}"
    if abs(value) >= 1:
        return f"{value:,.4f}".rstrip("0").rstrip(".")
    return f"{value:.4g}"


def format_fraction(value: float | None) -> str:
    """A figure in [0, 1] (a gap, an index) with two decimals, or a dash for None.

    Examples:
        >>> format_fraction(0.19834)
        '0.20'
        >>> format_fraction(None)
        '—'
    """
    return _NOTHING if value is None else f"{value:.2f}"


_MONTHS: Final = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def format_date(day: _dt.date) -> str:
    """A date as a report shows it, the same in every locale.

    Examples:
        >>> import datetime
        >>> format_date(datetime.date(2025, 6, 2))
        '2 June 2025'
    """
    # strftime("%B") follows the process's locale; reports must not.
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def round_name(rnd: Round) -> str:
    """A round as a sentence names it: its label (or id) and its date.

    Examples:
        >>> import datetime, negpos
        >>> round_name(negpos.Round(id="r1", date=datetime.date(2025, 6, 2), label="Istanbul"))
        'Istanbul (2 June 2025)'
    """
    return f"{rnd.label or rnd.id} ({format_date(rnd.date)})"


def round_names(rounds: Iterable[Round]) -> dict[str, str]:
    """``round_name`` of each round, by round id."""
    return {r.id: round_name(r) for r in rounds}


def format_short_date(day: _dt.date) -> str:
    """A date as an axis label: day and abbreviated month.

    Examples:
        >>> import datetime
        >>> format_short_date(datetime.date(2025, 6, 2))
        '2 Jun'
    """
    return f"{day.day} {_MONTHS[day.month - 1][:3]}"


def category_title(category: str) -> str:
    """A category id as a heading: ``"territory"`` reads ``"Territory"``.

    Examples:
        >>> category_title("human_rights")
        'Human rights'
    """
    words = category.replace("_", " ").replace("-", " ")
    return words[:1].upper() + words[1:]


def element_names(issue: Issue, ids: Iterable[str]) -> str:
    """The labels of an issue's elements, comma-separated, or a dash when there are none.

    Examples:
        >>> from negpos import SetIssue
        >>> land = SetIssue(id="land", title="Land", items=[{"id": "crimea", "label": "Crimea"}])
        >>> element_names(land, ["crimea"])
        'Crimea'
    """
    known = issue.element_names
    names = [known.get(i, i) for i in ids]
    return ", ".join(names) if names else _NOTHING


def _name(issue: Issue, element_id: str) -> str:
    return issue.element_names.get(element_id, element_id)


def _yes_no(value: bool) -> str:
    return "yes" if value else "no"


def describe_stance(issue: Issue, stance: Stance) -> str:
    """What a stance accepts, in words, per kind of issue.

    Args:
        issue: The issue the stance is on.
        stance: A party's stance, or a comparison's zone.

    Returns:
        Plain text such as ``"≤ 600,000 personnel"``, ``"from observer to guarantor"``,
        ``"requires Crimea, Donetsk; forbids —"`` or ``"ceasefire → talks → elections"``,
        with the preferred outcome added where the stance names one. Analyst text in it
        (labels, statements) is not escaped: the renderers do that.

    Examples:
        >>> from negpos import NumericIssue, NumericStance
        >>> army = NumericIssue(id="army", title="Army", unit="personnel", bounds=(0, 2e6))
        >>> describe_stance(army, NumericStance(max=600000))
        '≤ 600,000 personnel'
    """
    text = _describe(issue, stance)
    shown = _preferred(issue, stance)
    if shown is None:
        return text
    return f"{text} (prefers {shown})"


def _preferred(issue: Issue, stance: Stance) -> str | None:
    preferred = getattr(stance, "preferred", None)
    if preferred is None:
        return None
    if isinstance(stance, BooleanStance):
        return _yes_no(preferred)
    if isinstance(stance, NumericStance):
        return _quantity(issue, preferred)
    return _name(issue, preferred)


def _quantity(issue: Issue, value: float) -> str:
    unit = issue.unit if isinstance(issue, NumericIssue) else ""
    return f"{format_number(value)} {unit}".rstrip()


def _describe(issue: Issue, stance: Stance) -> str:
    if isinstance(stance, BooleanStance):
        return " or ".join(_yes_no(v) for v in sorted(stance.accepts, reverse=True))
    if isinstance(stance, CategoricalStance):
        names = [_name(issue, o) for o in stance.accepts]
        return names[0] if len(names) == 1 else "one of " + ", ".join(names)
    if isinstance(stance, OrdinalStance):
        if stance.lowest == stance.highest:
            return _name(issue, stance.lowest)
        # Levels are often phrases; quotes keep "from ... to ..." readable.
        return f"from “{_name(issue, stance.lowest)}” to “{_name(issue, stance.highest)}”"
    if isinstance(stance, NumericStance):
        return _describe_numeric(issue, stance)
    if isinstance(stance, SetStance):
        return (
            f"requires {element_names(issue, stance.requires)}; "
            f"forbids {element_names(issue, stance.forbids)}"
        )
    if isinstance(stance, SequenceStance):
        return _describe_sequence(issue, stance)
    if isinstance(stance, TextStance):
        return stance.statement
    return stance.kind.value


def _describe_numeric(issue: Issue, stance: NumericStance) -> str:
    low, high = stance.min, stance.max
    if low is not None and high is not None:
        if low == high:
            return f"exactly {_quantity(issue, low)}"
        return f"{format_number(low)} to {_quantity(issue, high)}"
    if low is not None:
        return f"≥ {_quantity(issue, low)}"
    if high is not None:
        return f"≤ {_quantity(issue, high)}"
    unit = issue.unit if isinstance(issue, NumericIssue) else "value"
    return f"any {unit}"


def _describe_sequence(issue: Issue, stance: SequenceStance) -> str:
    if not stance.precedes:
        return "any order"
    return "; ".join(" → ".join(_name(issue, s) for s in chain) for chain in _chains(issue, stance))


def _chains(issue: Issue, stance: SequenceStance) -> list[list[str]]:
    # Split the constraints into maximal non-branching paths, so that a plain order reads
    # "a → b → c" and a branching one still names every constraint exactly once.
    rank = issue.element_index
    edges = sorted(stance.precedes, key=lambda e: (rank.get(e[0], -1), rank.get(e[1], -1)))
    out: dict[str, list[str]] = {}
    into: dict[str, int] = {}
    for first, then in edges:
        out.setdefault(first, []).append(then)
        into[then] = into.get(then, 0) + 1

    def inner(step: str) -> bool:
        return into.get(step, 0) == 1 and len(out.get(step, ())) == 1

    chains: list[list[str]] = []
    starts = sorted((s for s in out if not inner(s)), key=lambda s: rank.get(s, -1))
    for start in starts:
        for then in out[start]:
            chain = [start, then]
            while inner(chain[-1]):
                chain.append(out[chain[-1]][0])
            chains.append(chain)
    return chains


def describe_order(issue: Issue, order: Iterable[str]) -> str:
    """A full order of steps in words, such as ``"ceasefire → talks → elections"``.

    Examples:
        >>> from negpos import SequenceIssue
        >>> steps = SequenceIssue(id="order", title="Order", steps=["truce", "talks"])
        >>> describe_order(steps, ["truce", "talks"])
        'truce → talks'
    """
    return " → ".join(_name(issue, s) for s in order)


def comparison_details(
    comparison: IssueComparison,
    names: Mapping[str, str],
    rounds: Mapping[str, str] | None = None,
) -> tuple[str, ...]:
    """The facts a report adds to an issue's status, as short phrases.

    Args:
        comparison: One issue's comparison.
        names: Party names by id, for the red lines.
        rounds: Round names by id, for where an outcome was agreed; ids otherwise.

    Returns:
        For a settled issue: the outcome agreed, where, and who reneged on it; for a gap:
        whose red lines are involved, and the items or constraints in conflict; where
        compatible: the common ground (the zone, or on a sequence issue an order both
        accept), and for the same preference the outcome both prefer; for a conditional
        issue the conditions not met; for an issue addressed inside alternatives, how each
        option fares on it.
    """
    issue = comparison.issue
    out: list[str] = []
    outcome = comparison.outcome
    if comparison.status is Status.SETTLED and outcome is not None:
        where = comparison.settled_in
        place = f" at {(rounds or {}).get(where, where)}" if where else ""
        out.append(f"agreed at the table{place}: {outcome.summary}")
        if comparison.reneged_by:
            out.append(
                "departs from it: " + ", ".join(names.get(p, p) for p in comparison.reneged_by)
            )
    if comparison.unmet_conditions:
        out.append(
            "condition not met: "
            + "; ".join(
                f"{names.get(p, p)} only if {issue_id} comes out its way"
                for p, issue_id in comparison.unmet_conditions
            )
        )
    if comparison.status is Status.SAME_PREFERENCE and comparison.position_a is not None:
        both = _preferred(issue, comparison.position_a.stance)
        if both is not None:
            out.append("both prefer: " + both)
    if comparison.red_lines:
        out.append("red line: " + ", ".join(names.get(p, p) for p in comparison.red_lines))
    if comparison.conflicting_items:
        out.append("in conflict: " + element_names(issue, comparison.conflicting_items))
    if comparison.conflicting_constraints:
        out.append(
            "in conflict: "
            + "; ".join(
                f"{_name(issue, a)} before {_name(issue, b)}"
                for a, b in comparison.conflicting_constraints
            )
        )
    order = comparison.order
    ground = "common ground if met" if comparison.status is Status.CONDITIONAL else "common ground"
    # On a settled issue the outcome, said above, is the common ground.
    if comparison.status is not Status.SETTLED:
        if order is not None:
            out.append("common order: " + describe_order(issue, order))
        elif comparison.zone is not None:
            out.append(f"{ground}: " + describe_stance(issue, comparison.zone))
    if comparison.fares:
        out.append(fare_words(comparison, names))
    elif comparison.in_alternatives:
        out.append(
            "also in alternatives of "
            + ", ".join(names.get(p, p) for p in comparison.in_alternatives)
        )
    return tuple(out)


def fare_words(comparison: IssueComparison, names: Mapping[str, str]) -> str:
    """How each option of the sides' alternatives fares on an issue, in one phrase.

    Such as ``"options of Russia: withdrawal gap (red line), package gap (not in this
    option)"``: an option that does not address the issue leaves the party's main position
    (or its silence) in place, and fares as that does.
    """
    groups: dict[str, list[str]] = {}
    for fare in comparison.fares:
        word = STATUS_WORDS[fare.status.value]
        if fare.red_lines:
            word += " (red line)"
        if not fare.addresses:
            word += " (not in this option)"
        groups.setdefault(fare.party, []).append(f"{fare.option} {word}")
    return "; ".join(
        f"options of {names.get(party, party)}: " + ", ".join(items)
        for party, items in groups.items()
    )


def change_details(change: PositionChange) -> tuple[str, ...]:
    """What else changed about a position beside its stance, as short phrases.

    Returns:
        The firmness, salience and links that changed, such as ``"firm → red line"``,
        ``"salience 0.50 → 0.70"`` or ``"now linked to territory.baseline"``.
    """
    out: list[str] = []
    before, after = change.firmness_before, change.firmness_after
    if before is not None and after is not None and before is not after:
        out.append(f"{FIRMNESS_WORDS[before.value]} → {FIRMNESS_WORDS[after.value]}")
    s0, s1 = change.salience_before, change.salience_after
    if s0 is not None and s1 is not None and s0 != s1:
        out.append(f"salience {format_fraction(s0)} → {format_fraction(s1)}")
    if change.links_added:
        out.append("now linked to " + ", ".join(change.links_added))
    if change.links_removed:
        out.append("no longer linked to " + ", ".join(change.links_removed))
    return tuple(out)


def format_distances(before: float | None, after: float | None) -> str:
    """Two distances as ``"1.00 → 0.50"``, or a dash when neither can be computed.

    Examples:
        >>> format_distances(None, 0.5)
        '— → 0.50'
    """
    if before is None and after is None:
        return _NOTHING
    return f"{format_fraction(before)} → {format_fraction(after)}"


def count_of(n: int, noun: str) -> str:
    """``n`` and the noun, plural unless ``n`` is 1: ``"1 move"``, ``"3 moves"``."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def tabled_words(memo: Memorandum, withdrawals: Iterable[Withdrawal] = ()) -> str:
    """What a memorandum puts on the table, counted, with what it withdraws by name.

    Args:
        memo: A memorandum tabled at a round.
        withdrawals: Withdrawals that may include this memorandum's, which give the titles
            of the issues it withdraws; an issue without one is named by its id.

    Returns:
        Text such as ``"25 positions, 1 group of alternatives"`` or, for a memorandum that
        only takes positions back, ``"withdraws 2 positions: Amnesty, Army ceiling"``.
    """
    parts = []
    if memo.positions or not memo.withdrawn:
        parts.append(count_of(len(memo.positions), "position"))
    if memo.alternatives:
        parts.append(count_of(len(memo.alternatives), "group") + " of alternatives")
    if memo.withdrawn:
        titles = {
            w.issue.id: w.issue.title
            for w in withdrawals
            if w.party == memo.party and w.round == memo.round
        }
        named = ", ".join(titles.get(i, i) for i in memo.withdrawn)
        parts.append(f"withdraws {count_of(len(memo.withdrawn), 'position')}: {named}")
    return ", ".join(parts)


def withdrawal_words(
    withdrawals: Iterable[Withdrawal], rounds: Mapping[str, str] | None = None
) -> str:
    """Withdrawals in words: the issues, and since when their positions had stood.

    Args:
        withdrawals: Withdrawals, usually one party's at one round.
        rounds: How to name rounds, by id; a round without a name is shown by its id.

    Returns:
        The issues' titles, those whose positions stood since the same round together, such
        as ``"Amnesty, Army ceiling (held since us-28-points)"``; a title stands alone when
        the party held no position on the issue or the round is unknown.
    """
    named = rounds or {}
    by_since: dict[str | None, list[str]] = {}
    for w in withdrawals:
        by_since.setdefault(w.since, []).append(w.issue.title)
    return "; ".join(
        ", ".join(titles)
        if since is None
        else f"{', '.join(titles)} (held since {named.get(since, since)})"
        for since, titles in by_since.items()
    )


def scenario_figures(
    before: Comparison | CommonGround, after: Comparison | CommonGround
) -> list[tuple[str, str, str, str]]:
    """The summary figures of a scenario: ``(figure, before, after, change)`` as text.

    The index (compatibility for two parties, common ground for many) and the mean gap with
    three decimals and a signed change ("–" where one side has none), then the red lines in
    conflict and the count of every status, with a signed change or "0".
    """

    def figure(value: float | None) -> str:
        return "–" if value is None else f"{value:.3f}"

    def change(b: float | None, a: float | None) -> str:
        return "–" if b is None or a is None else f"{a - b:+.3f}"

    counted: list[tuple[str, int, int]]
    if isinstance(before, Comparison) and isinstance(after, Comparison):
        b, a = before.summary, after.summary
        name, first, last = "compatibility index", b.compatibility, a.compatibility
        counted = [("red lines in conflict", len(b.red_line_conflicts), len(a.red_line_conflicts))]
        counted += [(s.value.replace("_", "-"), b.count(s), a.count(s)) for s in Status]
    else:
        assert isinstance(before, CommonGround)
        assert isinstance(after, CommonGround)
        g, h = before.summary, after.summary
        name, first, last = "common-ground index", g.index, h.index
        counted = [("red lines in conflict", g.red_line_count, h.red_line_count)]
        counted += [(s.value.replace("_", "-"), g.count(s), h.count(s)) for s in GroundStatus]
    gap_before, gap_after = before.summary.mean_gap, after.summary.mean_gap
    rows = [
        (name, figure(first), figure(last), change(first, last)),
        ("mean gap", figure(gap_before), figure(gap_after), change(gap_before, gap_after)),
    ]
    for label, n_before, n_after in counted:
        moved = f"{n_after - n_before:+d}" if n_after != n_before else "0"
        rows.append((label, str(n_before), str(n_after), moved))
    return rows


def party_list_words(base: Holding) -> str:
    """The parties of a baseline in words: "Russia (ru), Ukraine (ua) and United States (us)"."""
    named = [f"{base.party_name(p)} ({p})" for p in base.parties]
    return named[0] if len(named) == 1 else f"{', '.join(named[:-1])} and {named[-1]}"


@attrs.frozen
class ExplorationWords:
    """An exploration in words, as every format shows it.

    Attributes:
        parties: "Parties: Russia (ru) and Ukraine (ua), at round istanbul-2 (2025-06-02): ..."
        search: "Search: exact; 29 candidate moves; 41 sets of moves evaluated"
        cheapest: "Cheapest scenario: 12 moves, cost 9.20", or the sentence that says no
            scenario was found.
        pivotal_heading: The heading of the pivotal moves: how many cheapest scenarios they
            are common to ("" when no scenario was found).
        moves: Each move of the cheapest scenario in a sentence, with its cost.
        figures: The summary figures before and after (see ``scenario_figures``).
        pivotal: Each pivotal move in a sentence.
        sources: For each of ``moves``, the sources of the position it moves (none for a
            position the party did not hold).
    """

    parties: str
    search: str
    cheapest: str
    pivotal_heading: str
    moves: tuple[tuple[str, float], ...]
    figures: tuple[tuple[str, str, str, str], ...]
    pivotal: tuple[str, ...]
    sources: tuple[tuple[Source, ...], ...] = ()

    def index(self) -> SourceIndex:
        """The sources the moves cite, numbered in the order of the moves."""
        from negpos._analysis.reports import SourceIndex

        return SourceIndex.of(s for cited in self.sources for s in cited)


def exploration_words(found: Exploration[Any]) -> ExplorationWords:
    """What every format says of an exploration, each sentence once."""
    base = found.base
    where = f"round {base.round}" if base.round else f"the {len(base.parties)} memoranda"
    if len(base.parties) == 2 and not base.round:
        where = "the two memoranda"
    if base.round is not None and base.round_date is not None:
        where = f"round {base.round} ({base.round_date.isoformat()})"
        if base.round_label:
            where += f": {base.round_label}"
    parties = f"Parties: {party_list_words(base)}, at {where}"
    if found.movers is not None:
        movers = [base.party_name(p) for p in found.movers]
        who = movers[0] if len(movers) == 1 else f"{', '.join(movers[:-1])} and {movers[-1]}"
        parties += f"; only {who} may move"
    search = (
        f"Search: {found.method}; {count_of(len(found.candidates), 'candidate move')}; "
        f"{found.evaluated} sets of moves evaluated"
    )
    if found.max_moves is not None:
        search += f"; at most {count_of(found.max_moves, 'move')}"
    best = found.best
    stopped = found.method == "exact" and not found.complete
    if best is None:
        if found.complete:
            cheapest = "No set of the candidate moves reaches the goal within the bounds."
        elif stopped:
            cheapest = (
                f"The exact search stopped at its bound of {found.max_nodes or 0:,} sets of "
                "moves before it found a scenario that reaches the goal; raise the bound "
                "(--max-nodes, or max_nodes in Python) or use the auto or hypothesis method."
            )
        else:
            cheapest = "The search found no scenario that reaches the goal within its budget."
            if found.lower_bound is not None:
                cheapest += (
                    f" No scenario costs less than {found.lower_bound:.2f}: every cheaper "
                    "set of moves was tried and fails the goal."
                )
        return ExplorationWords(parties, search, cheapest, "", (), (), ())
    cheapest = "Cheapest scenario" if found.complete or found.proven else "Cheapest scenario found"
    cheapest += f": {count_of(len(best.moves), 'move')}, cost {best.cost:.2f}"
    if found.lower_bound is not None and not found.proven:
        cheapest += (
            f" (no scenario costs less than {found.lower_bound:.2f}: every cheaper set of "
            "moves was tried and fails the goal)"
        )
    if found.complete:
        heading = f"Pivotal moves (in every one of the {found.solution_count} cheapest scenarios)"
    elif found.proven:
        heading = (
            f"Pivotal moves (in every one of the first {found.solution_count} cheapest "
            "scenarios the optimiser listed; the cost is proven, and there are others as cheap)"
        )
    elif stopped:
        heading = (
            f"Pivotal moves (in every one of the {found.solution_count} cheapest scenarios "
            "found before the exact search reached its bound; there may be others)"
        )
    elif found.method == "local":
        heading = (
            f"Pivotal moves (in every one of the {found.solution_count} equally cheap "
            "scenarios the local search found; it does not prove there are no cheaper ones)"
        )
    else:
        heading = (
            f"Pivotal moves (in every one of the {found.solution_count} equally cheap "
            "scenarios found; the Hypothesis search does not prove there are no others)"
        )
    return ExplorationWords(
        parties,
        search,
        cheapest,
        heading,
        tuple((m.describe(base), c) for m, c in zip(best.moves, best.costs, strict=True)),
        tuple(scenario_figures(best.before, best.after)),
        tuple(m.describe(base) for m in found.pivotal),
        tuple(_moved_sources(base, m) for m in best.moves),
    )


def _moved_sources(base: Holding, move: Any) -> tuple[Source, ...]:
    """The sources of the position a move changes: what an analyst checks before proposing it."""
    try:
        position = base.position(move.party, move.issue)
    except (AttributeError, LookupError):
        return ()
    return () if position is None else position.sources


def reading_words(issue: Issue, position: Position) -> list[str]:
    """Each other reading of a position in words: "label: stance; salience 0.3; red line".

    The ends of a salience range come first ("salience between 0.2 and 0.7"), then each
    reading with what it changes.
    """
    out: list[str] = []
    if position.salience_range is not None:
        low, high = position.salience_range
        out.append(f"salience between {format_fraction(low)} and {format_fraction(high)}")
    for reading in position.readings:
        parts: list[str] = []
        if reading.stance is not None:
            parts.append(describe_stance(issue, reading.stance))
        if reading.salience is not None:
            parts.append(f"salience {format_fraction(reading.salience)}")
        if reading.firmness is not None:
            parts.append(FIRMNESS_WORDS[reading.firmness.value])
        if reading.weight is not None:
            parts.append(f"weight {format_number(reading.weight)}")
        out.append(f"{reading.label or reading.id}: {'; '.join(parts)}")
    return out


def source_words(source: Source) -> str:
    """A source as plain text, for the terminal's list of sources.

    Its title, then publisher, section, date and language, the quote cited, the note, and
    the web address where the title is not the address itself.
    """
    details = [x for x in (source.publisher, source.section) if x]
    if source.publisher and source.label == source.publisher:
        details = details[1:]
    if source.date is not None:
        details.append(format_date(source.date))
    if source.language:
        details.append(f"in {source.language}")
    text = source.label
    if details:
        text += " — " + ", ".join(details)
    if source.quote:
        text += f": “{source.quote}”"
    if source.note:
        text += f" ({source.note})"
    if source.url and source.url != source.label:
        text += f" <{source.url}>"
    return text
