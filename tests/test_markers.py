"""The default test run: which tests it leaves out, and that the list of them stays true."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent


def slow_tests(config: pytest.Config) -> frozenset[str]:
    """The ``SLOW_TESTS`` of ``conftest.py``, as pytest loaded it."""
    for plugin in config.pluginmanager.get_plugins():
        listed = getattr(plugin, "SLOW_TESTS", None)
        if listed is not None:
            return frozenset(listed)
    raise AssertionError("conftest.py defines no SLOW_TESTS")


def test_every_listed_slow_test_exists(pytestconfig: pytest.Config) -> None:
    """Each test named slow in conftest.py is a test function of the file it names."""
    missing = []
    for entry in sorted(slow_tests(pytestconfig)):
        file, _, name = entry.partition("::")
        path = HERE / file
        source = path.read_text(encoding="utf-8") if path.is_file() else ""
        names = {n.name for n in ast.walk(ast.parse(source)) if isinstance(n, ast.FunctionDef)}
        if name not in names:
            missing.append(entry)
    assert [] == missing


def test_the_default_run_leaves_out_slow_and_browser_tests(pytestconfig: pytest.Config) -> None:
    """The addopts of pyproject.toml select ``not slow and not browser``; ``-m ""`` runs everything."""
    addopts = pytestconfig.getini("addopts")
    assert "not slow and not browser" == addopts[addopts.index("-m") + 1]
