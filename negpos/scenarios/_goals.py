"""Goals: what a scenario should achieve, as small callables on a comparison.

A goal is anything that takes a [`Comparison`][negpos.Comparison] (two parties) or a
[`CommonGround`][negpos.CommonGround] (many parties) and answers True or False. The goals
shipped here read either: on a common ground, "compatible" means an outcome every party
accepts. They also say what they want in words (``describe()``), and those that are a
condition on each issue separately derive from [`IssueGoal`][negpos.scenarios.IssueGoal],
which lets the search settle one issue at a time. Any other callable works too:
[`describe_goal`][negpos.scenarios.describe_goal] then falls back to its docstring's first
line or its name.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Callable, Collection, Iterable
from typing import Any, ClassVar

import attrs

from negpos._analysis.common import CommonGround, IssueGround
from negpos._analysis.comparison import Comparison, IssueComparison
from negpos._errors import NotFoundError, UsageError

__all__ = [
    "Goal",
    "GoalFunction",
    "IssueGoal",
    "all_compatible",
    "check_goal",
    "compatibility_at_least",
    "describe_goal",
    "issue_compatible",
    "issues_compatible",
    "no_red_line_conflicts",
]

GoalFunction = Callable[[Comparison], bool]
"""Any callable that says whether a comparison meets a goal (for many parties, a callable
that takes a [`CommonGround`][negpos.CommonGround])."""

Subject = Comparison | CommonGround
"""What a goal reads: a comparison of two parties, or the common ground of many."""

Row = IssueComparison | IssueGround
"""One issue of what a goal reads."""

# The statuses that resolve an issue between the parties, in both readings (the statuses are
# text enums, so the values compare across them).
_COMPATIBLE = frozenset({"settled", "identical", "same_preference", "overlap"})


class Goal:
    """Base of the shipped goals: a callable on a comparison that can describe itself.

    Subclass it, or pass any ``Comparison -> bool`` callable where a goal is expected.

    Attributes:
        reads_alternatives: Whether the goal looks at ``comparison.alternatives``. A goal
            that says False is shown comparisons without them while the search runs, which
            is about twice as fast on memoranda with alternatives; callables without this
            attribute are assumed to read them.
    """

    reads_alternatives: ClassVar[bool] = True

    def __call__(self, comparison: Subject) -> bool:
        """Whether ``comparison`` (or a common ground) meets the goal."""
        raise NotImplementedError

    def check_agenda(self, issue_ids: Collection[str]) -> None:
        """Refuse an agenda this goal cannot be met on; by default, accept any.

        The search calls it before searching, so that a goal naming an issue the agenda
        lacks fails at once instead of after a search that cannot succeed.

        Args:
            issue_ids: The ids of the agenda's issues.

        Raises:
            NotFoundError: The goal names an issue that is not on the agenda.
        """

    def describe(self) -> str:
        """The goal in a few words, for reports: by default the class's docstring or name."""
        cls = type(self)
        own = cls.__dict__.get("__doc__")
        return _doc_or_name(cls) if own else cls.__name__


class IssueGoal(Goal):
    """A goal that is a condition on every issue separately.

    Such a goal holds when ``holds_on`` holds for every issue of the comparison. Since a move
    changes one issue only, the search can then find the cheapest way to satisfy each issue on
    its own and combine them, which is exact and fast even with many candidate moves.
    """

    reads_alternatives: ClassVar[bool] = False

    def holds_on(self, issue: Row) -> bool:
        """Whether the condition holds for one issue's comparison (or common ground)."""
        raise NotImplementedError

    def __call__(self, comparison: Subject) -> bool:
        """Whether every issue of ``comparison`` meets the condition."""
        return all(self.holds_on(c) for c in comparison.rows)


@attrs.frozen
class _NoRedLineConflicts(IssueGoal):
    def holds_on(self, issue: Row) -> bool:
        return not (issue.status == "gap" and issue.red_lines)

    def describe(self) -> str:
        return "no red line in conflict"


@attrs.frozen
class _AllCompatible(IssueGoal):
    def holds_on(self, issue: Row) -> bool:
        return issue.status != "gap"

    def describe(self) -> str:
        return "every issue both sides address compatible"


@attrs.frozen
class _IssuesCompatible(IssueGoal):
    issue_ids: tuple[str, ...]

    def holds_on(self, issue: Row) -> bool:
        return issue.issue.id not in self.issue_ids or issue.status in _COMPATIBLE

    def __call__(self, comparison: Subject) -> bool:
        # An issue that nobody addresses is not compatible: silence is not agreement.
        for issue_id in self.issue_ids:
            try:
                if comparison.issue(issue_id).status not in _COMPATIBLE:
                    return False
            except NotFoundError:
                return False
        return True

    def check_agenda(self, issue_ids: Collection[str]) -> None:
        for wanted in self.issue_ids:
            if wanted not in issue_ids:
                close = difflib.get_close_matches(wanted, list(issue_ids), n=3)
                hint = f"; did you mean {' or '.join(map(repr, close))}?" if close else ""
                raise NotFoundError(
                    f"the goal names issue {wanted!r}, which is not on the agenda{hint}"
                )

    def describe(self) -> str:
        if len(self.issue_ids) == 1:
            return f"issue {self.issue_ids[0]} compatible"
        return f"issues {', '.join(self.issue_ids)} compatible"


def _check_threshold(instance: Any, attribute: Any, value: float) -> None:
    if isinstance(value, bool) or not (math.isfinite(value) and 0.0 <= value <= 1.0):
        raise UsageError(f"a compatibility threshold lies between 0 and 1, not {value!r}")


@attrs.frozen
class _CompatibilityAtLeast(Goal):
    threshold: float = attrs.field(validator=_check_threshold)
    reads_alternatives: ClassVar[bool] = False

    def __call__(self, comparison: Subject) -> bool:
        if isinstance(comparison, CommonGround):
            index = comparison.summary.index
        else:
            index = comparison.summary.compatibility
        return index is not None and index >= self.threshold

    def describe(self) -> str:
        return f"compatibility index at least {self.threshold:.2f}"


def no_red_line_conflicts() -> IssueGoal:
    """The goal that no issue is a gap on which either side holds a red line.

    Returns:
        The goal; it holds when the comparison's ``summary.red_line_conflicts`` is empty.

    Examples:
        >>> import negpos
        >>> goal = no_red_line_conflicts()
        >>> goal.describe()
        'no red line in conflict'
        >>> goal(negpos.bundled().compare("ru", "ua", round_id="istanbul-2"))
        False
    """
    return _NoRedLineConflicts()


def all_compatible() -> IssueGoal:
    """The goal that no issue both sides address is a gap.

    Issues only one side addresses, and text issues, do not count either way: no move can
    make a silent party speak.

    Returns:
        The goal.

    Examples:
        >>> all_compatible().describe()
        'every issue both sides address compatible'
    """
    return _AllCompatible()


def issue_compatible(issue_id: str) -> IssueGoal:
    """The goal that one named issue is compatible: settled, identical, same preference or overlap.

    An issue settled at the table counts: no move is needed on it. On a common ground of
    many parties the issue needs an outcome every party accepts.

    Args:
        issue_id: The issue's id.

    Returns:
        The goal; it fails when neither side addresses the issue, or only one does.

    Examples:
        >>> issue_compatible("security.nato").describe()
        'issue security.nato compatible'
    """
    return _IssuesCompatible((issue_id,))


def issues_compatible(issue_ids: Iterable[str]) -> IssueGoal:
    """The goal that every named issue is compatible, as in ``issue_compatible``.

    With many parties this is "a plan every side accepts on these issues": on each of them
    some outcome lies inside every party's accepted set (an n-way zone), or all of them
    settled it at the table. To ask whether one party's plan could pass, explore the plan's
    author together with the sides and let only the sides move (``movers``).

    Args:
        issue_ids: The issues' ids, one or more, each once.

    Returns:
        The goal; it fails while any named issue is one some party is silent on.

    Raises:
        UsageError: No issue is named, one is named twice, or an id is not text.

    Examples:
        >>> issues_compatible(["security.nato", "military.army_cap"]).describe()
        'issues security.nato, military.army_cap compatible'
    """
    if isinstance(issue_ids, str):
        raise UsageError("issues_compatible takes a list of issue ids, not one string")
    ids = tuple(issue_ids)
    if not ids:
        raise UsageError("issues_compatible needs at least one issue id")
    for issue_id in ids:
        if not isinstance(issue_id, str):
            raise UsageError(f"issue ids are text, not {issue_id!r}")
    twice = sorted({i for i in ids if ids.count(i) > 1})
    if twice:
        raise UsageError(f"issues_compatible names {', '.join(map(repr, twice))} more than once")
    return _IssuesCompatible(ids)


def compatibility_at_least(threshold: float) -> Goal:
    """The goal that the salience-weighted compatibility index reaches ``threshold``.

    Args:
        threshold: A number between 0 and 1.

    Returns:
        The goal; it fails when the index cannot be computed (no issue both sides address).

    Raises:
        UsageError: The threshold is not between 0 and 1.

    Examples:
        >>> compatibility_at_least(0.5).describe()
        'compatibility index at least 0.50'
    """
    return _CompatibilityAtLeast(threshold)


def check_goal(goal: Callable[..., Any], issue_ids: Collection[str]) -> None:
    """Refuse a goal that cannot be met on this agenda, if the goal can tell.

    Args:
        goal: A shipped goal, or any callable (which is accepted as it is).
        issue_ids: The ids of the agenda's issues.

    Raises:
        NotFoundError: The goal names an issue that is not on the agenda.
    """
    check = getattr(goal, "check_agenda", None)
    if callable(check):
        check(issue_ids)


def describe_goal(goal: Callable[..., Any]) -> str:
    """A goal in words: its ``describe()``, else its docstring's first line, else its name.

    Args:
        goal: A shipped goal or any callable.

    Returns:
        A short description.

    Examples:
        >>> def nato_open(comparison):
        ...     '''NATO membership left open.'''
        ...     return True
        >>> describe_goal(nato_open)
        'NATO membership left open'
        >>> describe_goal(lambda comparison: True)
        '<lambda>'
    """
    describe = getattr(goal, "describe", None)
    if callable(describe):
        return str(describe())
    return _doc_or_name(goal)


def _doc_or_name(thing: Any) -> str:
    doc = (getattr(thing, "__doc__", None) or "").strip()
    if doc:
        return doc.splitlines()[0].strip().rstrip(".")
    return str(getattr(thing, "__name__", None) or type(thing).__name__)
