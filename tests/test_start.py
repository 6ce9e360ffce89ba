"""A fast start: what ``import negpos`` and the command's start-up load, checked without timing.

The times themselves are measured in ``benchmarks/`` against ``python -c "import pydantic"``;
here the test holds the cause: which modules are imported. Each check runs in a fresh
interpreter, since this test process has imported everything already.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

#: Libraries that only some features need: each is imported where it is used.
HEAVY = ("deepdiff", "hypothesis", "jinja2", "rich", "pandas", "numpy")


def _loaded(code: str) -> set[str]:
    """The top-level packages a fresh interpreter has imported after running ``code``."""
    script = f"{code}\nimport json, sys\nprint(json.dumps(sorted({{m.split('.')[0] for m in sys.modules}})))"
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    ).stdout
    return set(json.loads(out.splitlines()[-1]))


def test_import_negpos_loads_no_optional_library() -> None:
    """``import negpos`` and every public name load none of the libraries features need."""
    loaded = _loaded("import negpos\nfor name in negpos.__all__: getattr(negpos, name)")
    assert set() == loaded & set(HEAVY)


def test_import_negpos_alone_loads_only_the_version() -> None:
    """The bare import loads no document model: the names load on first use."""
    loaded = _loaded("import negpos, sys\nassert set(negpos.__all__) <= set(dir(negpos))")
    assert "pydantic" not in loaded
    assert "yaml" not in loaded


def test_loading_and_comparing_load_no_optional_library() -> None:
    """Loading the bundled dataset and comparing two parties stays clear of them too."""
    loaded = _loaded(
        "import negpos\nneg = negpos.bundled()\n"
        "neg.compare('ru', 'ua').summary\nneg.changes('ru').counts\nneg.trajectory('ru', 'ua')"
    )
    assert set() == loaded & set(HEAVY)


@pytest.mark.parametrize("argv", [["--version"], ["--help"], ["report", "--help"]])
def test_the_command_starts_without_the_document_model(argv: list[str]) -> None:
    """``negpos --version`` and ``--help`` import neither pydantic nor any analysis."""
    loaded = _loaded(
        "import contextlib, io\nfrom negpos._cli.main import main\n"
        f"with contextlib.redirect_stdout(io.StringIO()): main({argv!r})"
    )
    assert set() == loaded & {"pydantic", "yaml", *HEAVY}


def test_an_exact_search_does_not_load_hypothesis() -> None:
    """Hypothesis is loaded by the searches that use it, not by an exact one."""
    loaded = _loaded(
        "import negpos\nfrom negpos import scenarios\n"
        "scenarios.explore(negpos.bundled(), 'ru', 'ua', round_id='istanbul-2')"
    )
    assert "hypothesis" not in loaded
