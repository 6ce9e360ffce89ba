"""The example notebook runs, top to bottom, without Jupyter, with or without pandas.

``examples/analyst-notebook.ipynb`` is read as the JSON it is; its code cells run in order in
one namespace, in an empty working directory, as a kernel would run them. Nothing beyond the
lean test extra is needed: the cells that build frames skip themselves without pandas.
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "examples" / "analyst-notebook.ipynb"


def _notebook() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    return data


def _run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run every code cell in one namespace; what the cells printed.

    The cells run in ``tmp_path / "work"``, and their temporary folders go to
    ``tmp_path / "tmp"``, so that the test leaves nothing behind.
    """
    (tmp_path / "work").mkdir()
    (tmp_path / "tmp").mkdir()
    monkeypatch.chdir(tmp_path / "work")
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    namespace: dict[str, Any] = {"__name__": "__main__"}
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        for k, cell in enumerate(_notebook()["cells"]):
            if cell["cell_type"] == "code":
                code = compile("".join(cell["source"]), f"{NOTEBOOK.name}[{k}]", "exec")
                exec(code, namespace)
    return printed.getvalue()


def test_the_notebook_is_nbformat_4_without_outputs() -> None:
    """Valid nbformat 4 JSON, every cell with its id and source, no stored output."""
    notebook = _notebook()
    assert 4 == notebook["nbformat"]
    assert notebook["metadata"]["kernelspec"]["language"] == "python"
    ids = [cell["id"] for cell in notebook["cells"]]
    assert len(set(ids)) == len(ids)
    for cell in notebook["cells"]:
        assert cell["cell_type"] in {"markdown", "code"}
        assert isinstance(cell["source"], list)
        if cell["cell_type"] == "code":
            assert [] == cell["outputs"]
            assert cell["execution_count"] is None


def test_the_notebook_validates_with_nbformat() -> None:
    """Where nbformat is installed, it finds nothing wrong."""
    nbformat = pytest.importorskip("nbformat")
    nbformat.validate(nbformat.read(str(NOTEBOOK), as_version=4))


def test_the_notebook_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every cell runs; the notebook writes its report into a temporary folder, not here."""
    printed = _run(tmp_path, monkeypatch)
    assert "<Comparison ru–ua at istanbul-2: 48 issues" in printed
    assert "<PlanAssessment us at us-28-points for ru, ua" in printed
    assert "<RobustComparison ru–ua at istanbul-2" in printed
    assert "wrote june-2025.html" in printed
    assert [] == list((tmp_path / "work").iterdir())
    assert [["june-2025.html"]] == [
        [p.name for p in folder.iterdir()] for folder in (tmp_path / "tmp").iterdir()
    ]
    if "pandas" in sys.modules:
        assert "251 positions" in printed


def test_the_notebook_runs_without_pandas(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without pandas the frame cells say how to install it and the rest still runs."""
    monkeypatch.setitem(sys.modules, "pandas", None)
    real = importlib.util.find_spec

    def find_spec(name: str, *args: Any, **kwargs: Any) -> Any:
        return None if name == "pandas" else real(name, *args, **kwargs)

    monkeypatch.setattr(importlib.util, "find_spec", find_spec)
    printed = _run(tmp_path, monkeypatch)
    assert "pip install 'negpos[pandas]'" in printed
    assert "152 positions" not in printed
    assert "wrote june-2025.html" in printed
