"""The default test run: what it leaves out, and the README and CI commands that run it."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent


def conftest_names(config: pytest.Config, name: str) -> frozenset[str]:
    """The tests a collection of ``conftest.py`` (``SLOW_TESTS``, ...) names, as pytest loaded it."""
    for plugin in config.pluginmanager.get_plugins():
        listed = getattr(plugin, name, None)
        if listed is not None:
            return frozenset(listed)
    raise AssertionError(f"conftest.py defines no {name}")


def slow_tests(config: pytest.Config) -> frozenset[str]:
    """The ``SLOW_TESTS`` of ``conftest.py``, as pytest loaded it."""
    return conftest_names(config, "SLOW_TESTS")


def _functions(file: str) -> dict[str, ast.FunctionDef]:
    path = HERE / file
    source = path.read_text(encoding="utf-8") if path.is_file() else ""
    return {n.name: n for n in ast.walk(ast.parse(source)) if isinstance(n, ast.FunctionDef)}


def test_every_listed_slow_test_exists(pytestconfig: pytest.Config) -> None:
    """Each test named slow in conftest.py is a test function of the file it names."""
    missing = []
    for entry in sorted(slow_tests(pytestconfig)):
        file, _, name = entry.partition("::")
        if name not in _functions(file):
            missing.append(entry)
    assert [] == missing


def test_every_quick_law_is_a_hypothesis_test_of_the_default_run(
    pytestconfig: pytest.Config,
) -> None:
    """Each test whose examples the default run caps exists, uses ``@given``, and is not slow.

    A test both capped and listed slow would never run in the default run at all.
    """
    quick = conftest_names(pytestconfig, "QUICK_EXAMPLES")
    wrong = []
    for entry in sorted(quick):
        file, _, name = entry.partition("::")
        found = _functions(file).get(name)
        decorators = [] if found is None else [ast.unparse(d) for d in found.decorator_list]
        if not any(d.startswith("given(") for d in decorators) or "pytest.mark.slow" in decorators:
            wrong.append(entry)
    assert [] == wrong
    assert not quick & slow_tests(pytestconfig)


def test_the_default_run_leaves_out_slow_and_browser_tests(pytestconfig: pytest.Config) -> None:
    """The addopts of pyproject.toml select ``not slow and not browser``; ``-m ""`` runs everything."""
    addopts = pytestconfig.getini("addopts")
    assert "not slow and not browser" == addopts[addopts.index("-m") + 1]


ROOT = HERE.parent


def quick_start() -> list[str]:
    """The README quick start's ``sh`` blocks, read as ``.ci/run`` reads them."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return [block.strip() for block in re.findall(r"```sh\n(.*?)```", section, flags=re.S)]


def test_the_quick_start_installs_the_lean_extra_and_runs_the_default_tests() -> None:
    """Two commands: install and report; install the test extra and run the default tests."""
    report, tests = quick_start()
    assert "python -m pip install . && negpos report" == report
    assert "python -m pip install -e '.[test]' && python -m pytest" == tests


def test_ci_runs_the_quick_start_and_then_everything() -> None:
    """``.ci/run`` runs both README commands, then every test with the dev extra."""
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "readme_command 1" in script
    assert "readme_command 2" in script
    assert "pip install -q -e '.[dev]'" in script
    assert 'python -m pytest -m ""' in script
