"""Results as pandas data frames, one row per issue, pair or issue and round.

pandas is optional (``pip install negpos[pandas]``): it is imported only when a frame is asked
for, so that importing negpos never loads it. The frames are flat and tidy so that they
survive ``concat`` and ``groupby``: ids are strings; statuses, kinds, firmness, fits and
movements are pandas ``Categorical`` columns whose categories are the enum's values in the
enum's order (so that ``value_counts`` lists every status, even one that does not occur);
columns that hold several values (red lines, parties that renege, blockers, sources, links)
hold a Python ``list`` of strings, an empty list when there are none; stances are described
in words as in the reports; figures that cannot be computed are ``NaN``; and the parties' ids
are columns rather than column names, so frames of different pairs stack. No column is named
after a ``DataFrame`` attribute (``round``, ``count``, ``index``...), so that
``frame.round_id`` and ``frame.status`` both read a column.

The frames are safe to export to a spreadsheet: a text cell that a spreadsheet would read as
a formula (one starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return, as an
analyst's title or a quoted source might) is prefixed with an apostrophe, as OWASP recommends
against CSV injection, so that ``to_csv()`` and ``to_excel()`` give cells that show as text.
``formula_safe=False`` keeps the text as it is, for frames that stay in pandas.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final

from negpos._analysis.agreement import Agreement
from negpos._analysis.changes import ChangeSet, Movement
from negpos._analysis.common import CommonGround
from negpos._analysis.comparison import Comparison, Status
from negpos._analysis.matrix import Matrix
from negpos._analysis.plans import PlanAssessment
from negpos._analysis.reports import NegotiationReport, RoundReport
from negpos._analysis.trajectory import Trajectory
from negpos._errors import NegposError, UsageError
from negpos._model.documents import Firmness, Memorandum, Position, Round
from negpos._model.issues import Issue, Kind
from negpos._model.negotiation import Negotiation
from negpos._model.stances import Stance
from negpos._render.words import describe_stance, fare_words

if TYPE_CHECKING:
    import pandas

__all__ = [
    "CATEGORIES",
    "CHANGE_COLUMNS",
    "COMPARISON_COLUMNS",
    "FORMULA_STARTS",
    "MATRIX_COLUMNS",
    "POSITION_COLUMNS",
    "TRAJECTORY_COLUMNS",
    "change_frame",
    "comparison_frame",
    "matrix_frame",
    "neutralise_formula",
    "positions_frame",
    "to_frame",
    "trajectory_frame",
]

_ISSUE: Final = ("issue", "title", "category", "kind")

#: The columns of a comparison's frame, in order.
COMPARISON_COLUMNS: Final = (
    *_ISSUE,
    "status",
    "magnitude",
    "red_lines",
    "zone",
    "outcome",
    "settled_in",
    "reneged_by",
    "unmet_conditions",
    "options",
    "party_a",
    "stance_a",
    "salience_a",
    "firmness_a",
    "since_a",
    "party_b",
    "stance_b",
    "salience_b",
    "firmness_b",
    "since_b",
)

#: The columns of a matrix's frame, in order; the status columns count issues.
MATRIX_COLUMNS: Final = (
    "round_id",
    "party_a",
    "party_b",
    "compatibility",
    "mean_gap",
    "red_line_conflicts",
    "settled",
    "identical",
    "same_preference",
    "overlap",
    "conditional",
    "gap",
    "one_sided",
    "other_option",
    "uncomparable",
    "total",
)

#: The columns of a trajectory's frame, in order.
TRAJECTORY_COLUMNS: Final = (
    "party_a",
    "party_b",
    *_ISSUE,
    "round_id",
    "date",
    "status",
    "magnitude",
)

#: The columns of a change set's frame, in order.
CHANGE_COLUMNS: Final = (
    "party",
    "counterpart",
    "from_round",
    "to_round",
    *_ISSUE,
    "movement",
    "distance_before",
    "distance_after",
    "stance_before",
    "stance_after",
    "reference",
    "salience_before",
    "salience_after",
    "firmness_before",
    "firmness_after",
    "attributes_changed",
)

#: The columns of a negotiation's positions frame, in order.
POSITION_COLUMNS: Final = (
    "round_id",
    "date",
    "party",
    *_ISSUE,
    "group",
    "option",
    "stance",
    "stance_data",
    "salience",
    "firmness",
    "conditions",
    "links",
    "sources",
    "note",
    "readings",
    "tabled_in",
)

_INSTALL: Final = "pip install 'negpos[pandas]'"

#: The first characters that make a spreadsheet read a cell as a formula (OWASP's list).
FORMULA_STARTS: Final = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value: object) -> object:
    """A cell's value as a spreadsheet should show it: text that reads as a formula, quoted.

    Text starting with one of ``FORMULA_STARTS`` gets a leading apostrophe, which
    spreadsheets take as "this cell is text"; everything else is returned as it is.

    Examples:
        >>> neutralise_formula("=1+1"), neutralise_formula("@SUM(A1:A9)")
        ("'=1+1", "'@SUM(A1:A9)")
        >>> neutralise_formula("≤ 600,000 personnel"), neutralise_formula(0.5)
        ('≤ 600,000 personnel', 0.5)
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _pandas() -> Any:
    try:
        import pandas
    except ImportError as exc:
        raise NegposError(
            f"data frames need pandas, which is not installed; install it with {_INSTALL}"
        ) from exc
    return pandas


#: The categories of the categorical columns, by the enum they come from, in its order.
CATEGORIES: Final[Mapping[str, tuple[str, ...]]] = {
    "kind": tuple(k.value for k in Kind),
    "status": tuple(s.value for s in Status),
    "firmness": tuple(f.value for f in Firmness),
    "movement": tuple(m.value for m in Movement),
}


def _safe(cell: object) -> object:
    if isinstance(cell, list):
        return [neutralise_formula(item) for item in cell]
    return neutralise_formula(cell)


def _frame(
    rows: Iterable[Sequence[Any]],
    columns: Sequence[str],
    types: Mapping[str, str],
    formula_safe: bool,
    categories: Mapping[str, Sequence[str]] | None = None,
) -> pandas.DataFrame:
    # Explicit types keep the columns numeric when every value is missing, and keep an empty
    # result's frame the same shape as a full one. Categorical columns get the enum's values
    # as categories, in its order, whatever values occur; list columns stay object columns.
    pd = _pandas()
    records = list(rows)
    if formula_safe:
        records = [tuple(_safe(cell) for cell in row) for row in records]
    frame = pd.DataFrame.from_records(records, columns=list(columns)).astype(dict(types))
    for name, values in (categories or {}).items():
        frame[name] = pd.Categorical(frame[name], categories=list(values))
    return frame


def _categories(*names: str, **renamed: str) -> dict[str, tuple[str, ...]]:
    """The categories of columns: each name its own enum's, each ``column=enum`` the enum's."""
    found = {name: CATEGORIES[name] for name in names}
    found.update({column: CATEGORIES[enum] for column, enum in renamed.items()})
    return found


def _issue(issue: Issue) -> tuple[str, str, str, str]:
    return issue.id, issue.title, issue.category, issue.kind.value


def _words(issue: Issue, stance: Stance | None) -> str | None:
    return None if stance is None else describe_stance(issue, stance)


def _side(issue: Issue, position: Position | None) -> tuple[str | None, float | None, str | None]:
    if position is None:
        return None, None, None
    return describe_stance(issue, position.stance), position.salience, position.firmness.value


def comparison_frame(comparison: Comparison, *, formula_safe: bool = True) -> pandas.DataFrame:
    """A comparison as a data frame: one row per issue, in agenda order.

    Args:
        comparison: The comparison.
        formula_safe: Quote text cells that a spreadsheet would read as formulas.

    Returns:
        A frame with the columns of ``COMPARISON_COLUMNS``: the issue's id, title, category
        and kind; the status; the gap ``magnitude`` (``NaN`` where nothing is computed);
        ``red_lines``, the list of the ids of the parties whose red line is in conflict
        (an empty list when none); the ``zone`` in words where the positions are
        compatible (on a settled issue, the outcome agreed); the ``outcome`` agreed at the
        table, in words, the round it was agreed at (``settled_in``) and the list of the
        parties that depart from it (``reneged_by``); on a conditional issue, the list of
        the conditions not met as ``party: issue`` texts (``unmet_conditions``); how each
        option of either side's
        alternatives fares on the issue (``options``); and for
        each party (``_a``, ``_b``) its id, its stance in words, salience, firmness and
        the id of the round its position was tabled in (missing where it takes no
        position). ``kind``, ``status`` and the firmness columns are categorical.

    Raises:
        NegposError: pandas is not installed.

    Examples:
        >>> import negpos
        >>> june = negpos.bundled().compare("ru", "ua", round_id="istanbul-2")
        >>> frame = comparison_frame(june)
        >>> frame.loc[frame.issue == "security.nato", ["status", "magnitude"]].values.tolist()
        [['gap', 0.5]]
    """
    rows = []
    for c in comparison.rows:
        issue = c.issue
        rows.append(
            (
                *_issue(issue),
                c.status.value,
                c.magnitude,
                list(c.red_lines),
                _words(issue, c.zone),
                None if c.outcome is None else c.outcome.summary,
                c.settled_in,
                list(c.reneged_by),
                [f"{party}: {iid}" for party, iid in c.unmet_conditions],
                fare_words(c, {}) if c.fares else "",
                c.party_a,
                *_side(issue, c.position_a),
                c.since_a,
                c.party_b,
                *_side(issue, c.position_b),
                c.since_b,
            )
        )
    floats = ("magnitude", "salience_a", "salience_b")
    return _frame(
        rows,
        COMPARISON_COLUMNS,
        dict.fromkeys(floats, "float64"),
        formula_safe,
        _categories("kind", "status", firmness_a="firmness", firmness_b="firmness"),
    )


def matrix_frame(matrix: Matrix, *, formula_safe: bool = True) -> pandas.DataFrame:
    """A matrix as a data frame: one row per pair of parties, in the matrix's order.

    Args:
        matrix: The matrix.
        formula_safe: Quote text cells that a spreadsheet would read as formulas.

    Returns:
        A frame with the columns of ``MATRIX_COLUMNS``: the round's id, both parties' ids, the
        compatibility index and mean gap (``NaN`` where no issue is comparable), the number
        of red lines in conflict, the number of issues of each status and in all.

    Raises:
        NegposError: pandas is not installed.

    Examples:
        >>> import negpos
        >>> frame = matrix_frame(negpos.bundled().matrix(round_id="geneva"))
        >>> frame[["party_a", "party_b"]].values.tolist()[:3]
        [['ru', 'ua'], ['ru', 'us'], ['ru', 'e3']]
    """
    rows = []
    for p in matrix.pairs:
        s = p.summary
        rows.append(
            (
                matrix.round,
                p.party_a,
                p.party_b,
                s.compatibility,
                s.mean_gap,
                len(s.red_line_conflicts),
                *(s.count(status) for status in Status),
                s.total,
            )
        )
    counts = (*(s.value for s in Status), "total", "red_line_conflicts")
    types = dict.fromkeys(("compatibility", "mean_gap"), "float64")
    types.update(dict.fromkeys(counts, "int64"))
    return _frame(rows, MATRIX_COLUMNS, types, formula_safe, {})


def trajectory_frame(trajectory: Trajectory, *, formula_safe: bool = True) -> pandas.DataFrame:
    """A trajectory as a data frame: one row per issue and round.

    Args:
        trajectory: The trajectory.
        formula_safe: Quote text cells that a spreadsheet would read as formulas.

    Returns:
        A frame with the columns of ``TRAJECTORY_COLUMNS``, rows issue by issue in agenda
        order and, for each issue, round by round: both parties' ids, the issue, the round's
        id (``round_id``) and ``date`` (a pandas datetime), the status (categorical, missing
        where neither party holds a position) and the gap ``magnitude``.

    Raises:
        NegposError: pandas is not installed.

    Examples:
        >>> import negpos
        >>> frame = trajectory_frame(negpos.bundled().trajectory("ru", "ua"))
        >>> frame.loc[frame.issue == "process.leaders_meeting", "magnitude"].tolist()[:4]
        [1.0, 0.5, 0.5, 1.0]
    """
    dates = {p.round: p.date for p in trajectory.convergence.points}
    rows = [
        (
            trajectory.party_a,
            trajectory.party_b,
            *_issue(row.issue),
            point.round,
            dates[point.round],
            None if point.status is None else point.status.value,
            point.magnitude,
        )
        for row in trajectory.rows
        for point in row.points
    ]
    return _frame(
        rows,
        TRAJECTORY_COLUMNS,
        {"magnitude": "float64", "date": "datetime64[s]"},
        formula_safe,
        _categories("kind", "status"),
    )


def change_frame(changes: ChangeSet, *, formula_safe: bool = True) -> pandas.DataFrame:
    """A change set as a data frame: one row per issue, in agenda order.

    Args:
        changes: The change set.
        formula_safe: Quote text cells that a spreadsheet would read as formulas.

    Returns:
        A frame with the columns of ``CHANGE_COLUMNS``: the party, its counterpart and the
        two rounds (missing where unknown); the issue; the ``movement``; the distances to
        the counterpart's earlier position before and after (``NaN`` where not computed);
        the party's stance before and after and the counterpart's earlier stance
        (``reference``), in words; the salience and firmness before and after; and whether
        salience, firmness, links or sources changed. ``kind``, ``movement`` and the
        firmness columns are categorical.

    Raises:
        NegposError: pandas is not installed.

    Examples:
        >>> import negpos
        >>> moves = negpos.bundled().changes("ru", from_round="istanbul-2", to_round="istanbul-3")
        >>> frame = change_frame(moves)
        >>> frame.loc[frame.movement == "hardening", "issue"].tolist()
        ['process.leaders_meeting']
    """
    rows = []
    for c in changes.rows:
        issue = c.issue
        before = _side(issue, c.before)
        after = _side(issue, c.after)
        rows.append(
            (
                changes.party,
                changes.counterpart,
                changes.from_round,
                changes.to_round,
                *_issue(issue),
                c.movement.value,
                c.distance_before,
                c.distance_after,
                before[0],
                after[0],
                _words(issue, None if c.reference is None else c.reference.stance),
                before[1],
                after[1],
                before[2],
                after[2],
                c.attributes_changed,
            )
        )
    floats = ("distance_before", "distance_after", "salience_before", "salience_after")
    types = dict.fromkeys(floats, "float64")
    types["attributes_changed"] = "bool"
    return _frame(
        rows,
        CHANGE_COLUMNS,
        types,
        formula_safe,
        _categories("kind", "movement", firmness_before="firmness", firmness_after="firmness"),
    )


def _position_rows(
    negotiation: Negotiation, rnd: Round, memo: Memorandum, standing: bool
) -> Iterable[tuple[Any, ...]]:
    issues = {issue.id: issue for issue in negotiation.issues}

    def row(
        position: Position, group: str | None, option: str | None, tabled: str | None
    ) -> tuple[Any, ...]:
        issue = issues[position.issue]
        conditions = [
            f"{c.issue}: {describe_stance(issues[c.issue], c.stance)}" for c in position.conditions
        ]
        return (
            rnd.id,
            rnd.date,
            memo.party,
            *_issue(issue),
            group,
            option,
            describe_stance(issue, position.stance),
            position.stance.to_dict(),
            position.salience,
            position.firmness.value,
            conditions,
            list(position.links),
            [source.url or source.label for source in position.sources],
            position.note,
            len(position.readings),
            tabled,
        )

    for position in memo.positions:
        yield row(position, None, None, memo.tabled_in(position.issue) if standing else rnd.id)
    for group in memo.alternatives:
        tabled = memo.group_tabled_in(group.id) if standing else rnd.id
        for option in group.options:
            for position in option.positions:
                yield row(position, group.id, option.id, tabled)


def positions_frame(
    negotiation: Negotiation, *, standing: bool = False, formula_safe: bool = True
) -> pandas.DataFrame:
    """Every position of a negotiation as a data frame: one row per party, issue and round.

    The implementation of [`Negotiation.positions_frame`][negpos.Negotiation.positions_frame].

    Args:
        negotiation: The negotiation.
        standing: Give the positions standing at each round (what each party holds there,
            see [`Negotiation.standing`][negpos.Negotiation.standing]) rather than those
            tabled in it.
        formula_safe: Quote text cells that a spreadsheet would read as formulas.

    Returns:
        A frame with the columns of ``POSITION_COLUMNS``, rows round by round, party by
        party (in the order the memoranda were tabled; with ``standing``, the negotiation's
        order), main positions first, then each group's options' positions.

    Raises:
        NegposError: pandas is not installed.
    """
    rows: list[tuple[Any, ...]] = []
    for rnd in negotiation.rounds:
        if standing:
            memos = [negotiation.standing(p.id, round_id=rnd.id) for p in negotiation.parties]
        else:
            memos = list(rnd.memoranda)
        for memo in memos:
            rows.extend(_position_rows(negotiation, rnd, memo, standing))
    types = {"date": "datetime64[s]", "salience": "float64", "readings": "int64"}
    return _frame(rows, POSITION_COLUMNS, types, formula_safe, _categories("kind", "firmness"))


@functools.singledispatch
def to_frame(result: object, *, formula_safe: bool = True) -> pandas.DataFrame:
    """The data frame of a comparison, matrix, trajectory or change set.

    The implementation of ``to_frame()`` on results.

    Args:
        result: A [`Comparison`][negpos.Comparison], [`Matrix`][negpos.Matrix],
            [`Trajectory`][negpos.Trajectory] or [`ChangeSet`][negpos.ChangeSet].
        formula_safe: Quote text cells that a spreadsheet would read as formulas.

    Returns:
        The frame that ``comparison_frame``, ``matrix_frame``, ``trajectory_frame`` or
        ``change_frame`` builds.

    Raises:
        NegposError: pandas is not installed.
        UsageError: ``result`` is a report or something else that has no single table.
    """
    raise UsageError(f"negpos has no data frame for a {type(result).__name__}")


@to_frame.register(RoundReport)
def _(result: RoundReport, *, formula_safe: bool = True) -> pandas.DataFrame:
    raise UsageError(
        "a round report holds several tables: use report.comparison.to_frame() "
        "or report.changes[k].to_frame()"
    )


@to_frame.register(NegotiationReport)
def _(result: NegotiationReport, *, formula_safe: bool = True) -> pandas.DataFrame:
    raise UsageError(
        "a negotiation report holds several tables: use report.matrix.to_frame() "
        "or report.trajectories[k].to_frame()"
    )


to_frame.register(Comparison, comparison_frame)
to_frame.register(Matrix, matrix_frame)
to_frame.register(Trajectory, trajectory_frame)
to_frame.register(ChangeSet, change_frame)


@to_frame.register(PlanAssessment)
def _(result: PlanAssessment, *, formula_safe: bool = True) -> pandas.DataFrame:
    from negpos._render.many_frames import plan_frame

    return plan_frame(result, formula_safe=formula_safe)


@to_frame.register(CommonGround)
def _(result: CommonGround, *, formula_safe: bool = True) -> pandas.DataFrame:
    from negpos._render.many_frames import common_frame

    return common_frame(result, formula_safe=formula_safe)


@to_frame.register(Agreement)
def _(result: Agreement, *, formula_safe: bool = True) -> pandas.DataFrame:
    from negpos._render.agreements import agreement_frame

    return agreement_frame(result, formula_safe=formula_safe)
