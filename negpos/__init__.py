"""negpos: typed negotiation positions, and the gaps, overlaps and changes between them.

This module is the library's one public face: every name in ``__all__`` is importable from
here. The names are loaded on first use (PEP 562), so that ``import negpos`` and the
``negpos`` command start fast: a script that only loads a dataset never imports the
renderers, and none of them loads Jinja2, DeepDiff, Hypothesis or pandas until a
report, a raw diff, a search or a data frame asks for it.
"""

from __future__ import annotations

import importlib
import typing

from negpos._version import __version__

if typing.TYPE_CHECKING:
    from negpos._analysis.agreement import (
        Agreement,
        AgreementSummary,
        AgreementUnit,
        IssueAgreement,
        Reliability,
        UnsharedIssue,
        agreement,
    )
    from negpos._analysis.changes import ChangeSet, Movement, PositionChange, changes
    from negpos._analysis.common import (
        CommonGround,
        GroundAlternatives,
        GroundFare,
        GroundOption,
        GroundStatus,
        GroundSummary,
        IssueGround,
        common_ground,
    )
    from negpos._analysis.compare import compare
    from negpos._analysis.comparison import (
        AlternativesComparison,
        Comparison,
        IssueComparison,
        OptionComparison,
        OptionFare,
        Status,
        Summary,
    )
    from negpos._analysis.matrix import Matrix, PairSummary
    from negpos._analysis.patches import apply_patch
    from negpos._analysis.plans import (
        Fit,
        PlanAssessment,
        PlanIssue,
        SideFit,
        SideVerdict,
        assess,
    )
    from negpos._analysis.rawdiff import RawChange, RawChangeKind
    from negpos._analysis.reports import (
        NegotiationReport,
        RoundReport,
        negotiation_report,
        round_report,
    )
    from negpos._analysis.robust import (
        FigureRange,
        FigureSweep,
        RobustComparison,
        RobustIssue,
        SweptFigure,
        robust,
        robust_figures,
        sweep,
    )
    from negpos._analysis.settled import AgreedOutcome
    from negpos._analysis.trajectory import (
        Convergence,
        ConvergencePoint,
        MovementTotals,
        Trajectory,
        TrajectoryPoint,
        TrajectoryRow,
    )
    from negpos._analysis.withdrawals import Withdrawal
    from negpos._errors import (
        InputError,
        NegposError,
        NotFoundError,
        OutputError,
        Problem,
        UsageError,
    )
    from negpos._io.bundled import bundled, bundled_path
    from negpos._io.reading import load, loads, parse
    from negpos._io.schema import json_schema
    from negpos._io.tables import dump_table, load_table
    from negpos._io.writing import dump, dumps
    from negpos._model.base import FORMAT_VERSION
    from negpos._model.documents import (
        AlternativeGroup,
        Condition,
        Firmness,
        Memorandum,
        Option,
        Outcome,
        Party,
        Position,
        Reading,
        Role,
        Round,
        Source,
    )
    from negpos._model.issues import (
        BooleanIssue,
        CategoricalIssue,
        Distance,
        Element,
        Issue,
        Kind,
        NumericIssue,
        OrdinalIssue,
        Scale,
        SequenceIssue,
        SetIssue,
        TextIssue,
    )
    from negpos._model.negotiation import Negotiation
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
    from negpos._render import charts, render
    from negpos._render.tables import write_table

__all__ = [
    "FORMAT_VERSION",
    "AgreedOutcome",
    "Agreement",
    "AgreementSummary",
    "AgreementUnit",
    "AlternativeGroup",
    "AlternativesComparison",
    "BooleanIssue",
    "BooleanStance",
    "CategoricalIssue",
    "CategoricalStance",
    "ChangeSet",
    "CommonGround",
    "Comparison",
    "Condition",
    "Convergence",
    "ConvergencePoint",
    "Distance",
    "Element",
    "FigureRange",
    "FigureSweep",
    "Firmness",
    "Fit",
    "GroundAlternatives",
    "GroundFare",
    "GroundOption",
    "GroundStatus",
    "GroundSummary",
    "InputError",
    "Issue",
    "IssueAgreement",
    "IssueComparison",
    "IssueGround",
    "Kind",
    "Matrix",
    "Memorandum",
    "Movement",
    "MovementTotals",
    "Negotiation",
    "NegotiationReport",
    "NegposError",
    "NotFoundError",
    "NumericIssue",
    "NumericStance",
    "Option",
    "OptionComparison",
    "OptionFare",
    "OrdinalIssue",
    "OrdinalStance",
    "Outcome",
    "OutputError",
    "PairSummary",
    "Party",
    "PlanAssessment",
    "PlanIssue",
    "Position",
    "PositionChange",
    "Problem",
    "RawChange",
    "RawChangeKind",
    "Reading",
    "Reliability",
    "RobustComparison",
    "RobustIssue",
    "Role",
    "Round",
    "RoundReport",
    "Scale",
    "SequenceIssue",
    "SequenceStance",
    "SetIssue",
    "SetStance",
    "SideFit",
    "SideVerdict",
    "Source",
    "Stance",
    "Status",
    "Summary",
    "SweptFigure",
    "TextIssue",
    "TextStance",
    "Trajectory",
    "TrajectoryPoint",
    "TrajectoryRow",
    "UnsharedIssue",
    "UsageError",
    "Withdrawal",
    "__version__",
    "agreement",
    "apply_patch",
    "assess",
    "bundled",
    "bundled_path",
    "changes",
    "charts",
    "common_ground",
    "compare",
    "dump",
    "dump_table",
    "dumps",
    "json_schema",
    "load",
    "load_table",
    "loads",
    "negotiation_report",
    "parse",
    "render",
    "robust",
    "robust_figures",
    "round_report",
    "sweep",
    "write_table",
]

# Where each public name lives; ``__getattr__`` imports the module the first time it is asked.
_HOME: dict[str, str] = {
    **dict.fromkeys(
        ("InputError", "NegposError", "NotFoundError", "OutputError", "Problem", "UsageError"),
        "negpos._errors",
    ),
    **dict.fromkeys(("FORMAT_VERSION",), "negpos._model.base"),
    **dict.fromkeys(
        (
            "BooleanIssue",
            "CategoricalIssue",
            "Distance",
            "Element",
            "Issue",
            "Kind",
            "NumericIssue",
            "OrdinalIssue",
            "Scale",
            "SequenceIssue",
            "SetIssue",
            "TextIssue",
        ),
        "negpos._model.issues",
    ),
    **dict.fromkeys(
        (
            "BooleanStance",
            "CategoricalStance",
            "NumericStance",
            "OrdinalStance",
            "SequenceStance",
            "SetStance",
            "Stance",
            "TextStance",
        ),
        "negpos._model.stances",
    ),
    **dict.fromkeys(
        (
            "AlternativeGroup",
            "Condition",
            "Firmness",
            "Memorandum",
            "Option",
            "Outcome",
            "Party",
            "Position",
            "Reading",
            "Role",
            "Round",
            "Source",
        ),
        "negpos._model.documents",
    ),
    **dict.fromkeys(("Negotiation",), "negpos._model.negotiation"),
    **dict.fromkeys(("load", "loads", "parse"), "negpos._io.reading"),
    **dict.fromkeys(("dump", "dumps"), "negpos._io.writing"),
    **dict.fromkeys(("json_schema",), "negpos._io.schema"),
    **dict.fromkeys(("dump_table", "load_table"), "negpos._io.tables"),
    **dict.fromkeys(("bundled", "bundled_path"), "negpos._io.bundled"),
    **dict.fromkeys(
        (
            "AlternativesComparison",
            "Comparison",
            "IssueComparison",
            "OptionComparison",
            "OptionFare",
            "Status",
            "Summary",
        ),
        "negpos._analysis.comparison",
    ),
    **dict.fromkeys(("compare",), "negpos._analysis.compare"),
    **dict.fromkeys(
        ("ChangeSet", "Movement", "PositionChange", "changes"), "negpos._analysis.changes"
    ),
    **dict.fromkeys(("RawChange", "RawChangeKind"), "negpos._analysis.rawdiff"),
    "apply_patch": "negpos._analysis.patches",
    **dict.fromkeys(
        (
            "Convergence",
            "ConvergencePoint",
            "MovementTotals",
            "Trajectory",
            "TrajectoryPoint",
            "TrajectoryRow",
        ),
        "negpos._analysis.trajectory",
    ),
    "Withdrawal": "negpos._analysis.withdrawals",
    "AgreedOutcome": "negpos._analysis.settled",
    **dict.fromkeys(("Matrix", "PairSummary"), "negpos._analysis.matrix"),
    **dict.fromkeys(
        (
            "FigureRange",
            "FigureSweep",
            "RobustComparison",
            "RobustIssue",
            "SweptFigure",
            "robust",
            "robust_figures",
            "sweep",
        ),
        "negpos._analysis.robust",
    ),
    **dict.fromkeys(
        (
            "Agreement",
            "AgreementSummary",
            "AgreementUnit",
            "IssueAgreement",
            "Reliability",
            "UnsharedIssue",
            "agreement",
        ),
        "negpos._analysis.agreement",
    ),
    **dict.fromkeys(
        (
            "CommonGround",
            "GroundAlternatives",
            "GroundFare",
            "GroundOption",
            "GroundStatus",
            "GroundSummary",
            "IssueGround",
            "common_ground",
        ),
        "negpos._analysis.common",
    ),
    **dict.fromkeys(
        ("Fit", "PlanAssessment", "PlanIssue", "SideFit", "SideVerdict", "assess"),
        "negpos._analysis.plans",
    ),
    **dict.fromkeys(
        ("NegotiationReport", "RoundReport", "negotiation_report", "round_report"),
        "negpos._analysis.reports",
    ),
    **dict.fromkeys(("charts", "render"), "negpos._render"),
    "write_table": "negpos._render.tables",
}


def __getattr__(name: str) -> typing.Any:
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module 'negpos' has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
