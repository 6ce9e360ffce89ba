"""The many-party results as pandas data frames: one row per issue and party.

Registered in ``frames.py`` and imported when such a frame is asked for. Like the other
frames they are tidy: party ids are a column, so frames of different plans or rounds stack.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from negpos._analysis.common import CommonGround, GroundStatus
from negpos._analysis.plans import Fit, PlanAssessment
from negpos._render.frames import CATEGORIES, _frame, _issue, _words

if TYPE_CHECKING:
    import pandas

__all__ = ["COMMON_COLUMNS", "PLAN_COLUMNS", "common_frame", "plan_frame"]

#: The columns of a plan assessment's frame, in order.
PLAN_COLUMNS: Final = (
    "round_id",
    "plan",
    "issue",
    "title",
    "category",
    "kind",
    "plan_stance",
    "side",
    "fit",
    "side_stance",
    "side_firmness",
    "magnitude",
    "separation",
    "red_line_crossed",
    "toward",
    "lean",
)

#: The columns of a common ground's frame, in order.
COMMON_COLUMNS: Final = (
    "round_id",
    "issue",
    "title",
    "category",
    "kind",
    "status",
    "magnitude",
    "zone",
    "party",
    "stance",
    "firmness",
    "in_largest",
    "blocker",
    "red_line",
    "outcome",
    "settled_in",
    "reneged",
    "unmet_conditions",
    "options",
)


def plan_frame(result: PlanAssessment, *, formula_safe: bool = True) -> pandas.DataFrame:
    """A plan assessment as a data frame: one row per issue and side, in agenda order.

    Args:
        result: The assessment.
        formula_safe: Quote text cells that a spreadsheet would read as formulas.

    Returns:
        A frame with the columns of ``PLAN_COLUMNS``; ``magnitude``, ``separation`` and
        ``lean`` are ``NaN`` where nothing can be computed; ``kind``, ``fit`` and
        ``side_firmness`` are categorical.

    Raises:
        NegposError: pandas is not installed.

    Examples:
        >>> import negpos
        >>> talks = negpos.bundled()
        >>> frame = talks.assess("us", ["ru", "ua"], round_id="us-28-points").to_frame()
        >>> frame.loc[frame.issue == "security.nato", ["side", "fit"]].values.tolist()
        [['ru', 'inside'], ['ua', 'outside']]
    """
    rows = []
    for row in result.rows:
        for fit in row.sides:
            rows.append(
                (
                    result.round,
                    result.plan,
                    *_issue(row.issue),
                    _words(row.issue, row.plan.stance),
                    fit.party,
                    fit.fit.value,
                    None if fit.position is None else _words(row.issue, fit.position.stance),
                    None if fit.position is None else fit.position.firmness.value,
                    fit.magnitude,
                    fit.separation,
                    fit.red_line_crossed,
                    row.toward,
                    row.lean,
                )
            )
    types = dict.fromkeys(("magnitude", "separation", "lean"), "float64")
    types["red_line_crossed"] = "bool"
    categories = {
        "kind": CATEGORIES["kind"],
        "fit": tuple(f.value for f in Fit),
        "side_firmness": CATEGORIES["firmness"],
    }
    return _frame(rows, PLAN_COLUMNS, types, formula_safe, categories)


def common_frame(result: CommonGround, *, formula_safe: bool = True) -> pandas.DataFrame:
    """A common ground as a data frame: one row per issue and party, in agenda order.

    Args:
        result: The common ground.
        formula_safe: Quote text cells that a spreadsheet would read as formulas.

    Returns:
        A frame with the columns of ``COMMON_COLUMNS``; a silent party's ``stance`` is
        missing, and ``in_largest`` says whether it belongs to one of the largest groups that
        share a zone. ``red_line`` says whether the party holds a red line on a gap; on a
        settled issue ``outcome`` is the outcome agreed at the table, in words,
        ``settled_in`` the round it was agreed at and ``reneged`` whether the party departs
        from it; ``unmet_conditions`` is the list of the issues of the party's conditions
        the ground cannot meet, and ``options`` the list of how each of the party's options
        fares on the issue (``option: status``, "not in this option" where it leaves the
        issue alone), both empty lists when there are none. ``status``, ``kind`` and
        ``firmness`` are categorical.

    Raises:
        NegposError: pandas is not installed.
    """
    rows = []
    for row in result.rows:
        zone = None if row.zone is None else _words(row.issue, row.zone)
        grouped = {p for g in row.largest for p in g}
        blockers = set(row.blockers)
        outcome = None if row.outcome is None else row.outcome.summary
        unmet: dict[str, list[str]] = {}
        for who, iid in row.unmet_conditions:
            unmet.setdefault(who, []).append(iid)
        fared: dict[str, list[str]] = {}
        for fare in row.fares:
            word = "not in this option" if fare.status is None else fare.status.value
            if fare.red_lines:
                word += " (red line)"
            fared.setdefault(fare.party, []).append(f"{fare.option}: {word}")
        for party, position in zip(row.parties, row.positions, strict=True):
            rows.append(
                (
                    result.round,
                    *_issue(row.issue),
                    row.status.value,
                    row.magnitude,
                    zone,
                    party,
                    None if position is None else _words(row.issue, position.stance),
                    None if position is None else position.firmness.value,
                    party in grouped,
                    party in blockers,
                    party in row.red_lines,
                    outcome,
                    row.settled_in,
                    party in row.reneged_by,
                    unmet.get(party, []),
                    fared.get(party, []),
                )
            )
    types = dict.fromkeys(("in_largest", "blocker", "red_line", "reneged"), "bool")
    types["magnitude"] = "float64"
    categories = {
        "kind": CATEGORIES["kind"],
        "status": tuple(g.value for g in GroundStatus),
        "firmness": CATEGORIES["firmness"],
    }
    return _frame(rows, COMMON_COLUMNS, types, formula_safe, categories)
