"""The house by layer: imports point down, never up, and close no cycle.

negpos is built in layers, each a subpackage: the model, input and output, the analyses, the
scenarios, rendering, and the command line, with the errors and the version below them all
and ``negpos/__init__.py`` (the public face) above. This test reads every module's imports
with ``ast`` (nothing is imported) and holds three rules:

1. an import at module level points to the same layer or a lower one;
2. the imports at module level close no cycle, across layers or within one;
3. an import made inside a function (run when the function is called) or only for type
   checking may point up only where this file names it: the documented conveniences
   ``Negotiation.compare`` and friends, and the results' ``to_markdown()`` and friends.

The checker is tested on a small made-up package as well, so that it is known to catch what
it is meant to catch.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Mapping
from pathlib import Path

import attrs
import pytest

import negpos

PACKAGE = Path(negpos.__file__).parent

#: The layers from the ground up; a module belongs to the first whose prefix it starts with.
LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("foundation", ("negpos._errors", "negpos._version")),
    ("model", ("negpos._model", "negpos.strategies", "negpos._hypothesis")),
    ("io", ("negpos._io",)),
    ("analysis", ("negpos._analysis",)),
    ("scenarios", ("negpos.scenarios",)),
    ("render", ("negpos._render",)),
    ("cli", ("negpos._cli", "negpos.__main__")),
    ("face", ("negpos",)),
)

#: The only places an import may point up a layer, each a (module, function) pair: the
#: function imports the layer above when it is called, never when its module is imported.
ALLOWED_UP: frozenset[tuple[str, str]] = frozenset(
    {
        ("negpos._model.negotiation", "Negotiation.compare"),
        ("negpos._model.negotiation", "Negotiation.matrix"),
        ("negpos._model.negotiation", "Negotiation.changes"),
        ("negpos._model.negotiation", "Negotiation.trajectory"),
        ("negpos._model.negotiation", "Negotiation.common"),
        ("negpos._model.negotiation", "Negotiation.assess"),
        ("negpos._model.negotiation", "Negotiation.robust"),
        ("negpos._model.negotiation", "<type checking>"),
        ("negpos._analysis.renderable", "Renderable.to_markdown"),
        ("negpos._analysis.renderable", "Renderable.to_html"),
        ("negpos._analysis.renderable", "Renderable.to_json"),
        ("negpos._analysis.renderable", "Renderable.to_frame"),
        ("negpos._analysis.renderable", "Renderable._repr_html_"),
        ("negpos._model.negotiation", "Negotiation.positions_frame"),
    }
)


def layer_of(module: str) -> int:
    """The index of the layer ``module`` belongs to."""
    for index, (_, prefixes) in enumerate(LAYERS):
        for prefix in prefixes:
            if module == prefix or (prefix != "negpos" and module.startswith(prefix + ".")):
                return index
    if module == "negpos":
        return len(LAYERS) - 1
    raise AssertionError(f"{module} belongs to no layer: add it to LAYERS")


@attrs.frozen
class Import:
    """One import of a negpos module by another."""

    source: str
    target: str
    where: str  # "module", "<type checking>", or the qualified name of a function
    line: int


def module_name(path: Path, root: Path) -> str:
    """The dotted name of the module at ``path`` inside the package at ``root``."""
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _targets(node: ast.Import | ast.ImportFrom, modules: frozenset[str]) -> Iterator[str]:
    if isinstance(node, ast.Import):
        for alias in node.names:
            if alias.name.split(".")[0] == "negpos":
                yield alias.name
        return
    base = node.module or ""
    if node.level or base.split(".")[0] != "negpos":
        return
    for alias in node.names:
        # ``from negpos import strategies`` imports a module; ``from negpos import compare``
        # imports a name of the package.
        child = f"{base}.{alias.name}"
        yield child if child in modules else base


def imports_of(source: str, tree: ast.Module, modules: frozenset[str]) -> Iterator[Import]:
    """Every import of a negpos module in one module, with where it is made."""

    def visit(nodes: list[ast.stmt], where: str, scope: str) -> Iterator[Import]:
        for node in nodes:
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                for target in _targets(node, modules):
                    yield Import(source, target, where, node.lineno)
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                name = f"{scope}{node.name}"
                yield from visit(node.body, name, f"{name}.")
            elif isinstance(node, ast.ClassDef):
                yield from visit(node.body, where, f"{scope}{node.name}.")
            elif isinstance(node, ast.If) and _is_type_checking(node.test):
                yield from visit(node.body, "<type checking>", scope)
                yield from visit(node.orelse, where, scope)
            else:
                for field in ("body", "orelse", "finalbody", "handlers"):
                    inner = getattr(node, field, None)
                    if isinstance(inner, list) and inner and isinstance(inner[0], ast.AST):
                        yield from visit(
                            [n for n in inner if isinstance(n, ast.stmt)]
                            + [
                                s for h in inner if isinstance(h, ast.ExceptHandler) for s in h.body
                            ],
                            where,
                            scope,
                        )

    yield from visit(tree.body, "module", "")


def violations(sources: Mapping[str, str]) -> list[str]:
    """Every breach of the three rules in a package given as ``{module: source text}``."""
    modules = frozenset(sources)
    found: list[str] = []
    graph: dict[str, set[str]] = {m: set() for m in modules}
    for module, text in sorted(sources.items()):
        for imp in imports_of(module, ast.parse(text), modules):
            if imp.target not in modules:
                found.append(f"{module}:{imp.line}: imports {imp.target}, which does not exist")
                continue
            up = layer_of(imp.target) > layer_of(module)
            if imp.where == "module":
                graph[module].add(imp.target)
                if up:
                    found.append(
                        f"{module}:{imp.line}: imports {imp.target}, a layer up "
                        f"({LAYERS[layer_of(module)][0]} -> {LAYERS[layer_of(imp.target)][0]})"
                    )
            elif up and (module, imp.where) not in ALLOWED_UP:
                found.append(
                    f"{module}:{imp.line}: {imp.where} imports {imp.target}, a layer up, "
                    "and is not one of the allowed entry points"
                )
    found += (f"import cycle: {' -> '.join(cycle)}" for cycle in _cycles(graph))
    return found


def _cycles(graph: Mapping[str, set[str]]) -> list[list[str]]:
    """One cycle through each strongly connected part of ``graph`` that has one."""
    cycles: list[list[str]] = []
    state: dict[str, int] = {}
    path: list[str] = []

    def walk(node: str) -> None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycles.append([*path[path.index(nxt) :], nxt])
            elif nxt not in state:
                walk(nxt)
        path.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            walk(node)
    return cycles


def package_sources(root: Path = PACKAGE) -> dict[str, str]:
    """Every module of the package at ``root``, by dotted name."""
    return {
        module_name(path, root): path.read_text(encoding="utf-8")
        for path in sorted(root.rglob("*.py"))
    }


def test_the_house_keeps_its_layers() -> None:
    """No module of negpos imports up a layer or closes a cycle, but for the named entry points."""
    assert [] == violations(package_sources())


def test_every_module_has_a_layer() -> None:
    """A new module must be placed in a layer on purpose."""
    for module in package_sources():
        layer_of(module)


def test_the_allowed_entry_points_exist() -> None:
    """Every allowed upward import is still made where this file says (no stale exceptions)."""
    sources = package_sources()
    modules = frozenset(sources)
    made = {
        (imp.source, imp.where)
        for module, text in sources.items()
        for imp in imports_of(module, ast.parse(text), modules)
        if layer_of(imp.target) > layer_of(module)
    }
    assert set() == ALLOWED_UP - made


def test_the_face_imports_lazily() -> None:
    """negpos/__init__.py imports nothing of its own at run time but the version."""
    sources = package_sources()
    modules = frozenset(sources)
    runtime = {
        imp.target
        for imp in imports_of("negpos", ast.parse(sources["negpos"]), modules)
        if imp.where == "module"
    }
    assert {"negpos._version"} == runtime


MADE_UP = {
    "negpos": "",
    "negpos._errors": "",
    "negpos._model": "",
    "negpos._model.documents": "from negpos._errors import InputError\n",
    "negpos._analysis": "",
    "negpos._analysis.compare": "from negpos._model.documents import Memorandum\n",
    "negpos._render": "",
    "negpos._render.html": "from negpos._analysis.compare import compare\n",
}


def test_the_checker_accepts_a_clean_made_up_package() -> None:
    """A package whose imports all point down passes."""
    assert [] == violations(MADE_UP)


@pytest.mark.parametrize(
    ("module", "line", "expected"),
    [
        (
            "negpos._model.documents",
            "from negpos._analysis.compare import compare\n",
            "negpos._model.documents:2: imports negpos._analysis.compare, a layer up "
            "(model -> analysis)",
        ),
        (
            "negpos._analysis.compare",
            "def f():\n    from negpos._render.html import x\n",
            "negpos._analysis.compare:3: f imports negpos._render.html, a layer up, "
            "and is not one of the allowed entry points",
        ),
        (
            "negpos._analysis.compare",
            "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
            "    from negpos._render.html import x\n",
            "negpos._analysis.compare:4: <type checking> imports negpos._render.html, a layer "
            "up, and is not one of the allowed entry points",
        ),
        (
            "negpos._model.documents",
            "from negpos._model import documents\n",
            "import cycle: negpos._model.documents -> negpos._model.documents",
        ),
    ],
)
def test_the_checker_catches_a_bad_import(module: str, line: str, expected: str) -> None:
    """An upward import, a lazy one outside the entry points, and a cycle are each reported."""
    sources = dict(MADE_UP)
    sources[module] = sources[module] + line
    assert expected in violations(sources)


def test_the_checker_catches_a_cycle_across_modules() -> None:
    """Two modules of one layer that import each other are a cycle."""
    sources = dict(MADE_UP)
    sources["negpos._model.issues"] = "from negpos._model.documents import Memorandum\n"
    sources["negpos._model.documents"] += "from negpos._model.issues import Issue\n"
    assert [
        "import cycle: negpos._model.documents -> negpos._model.issues -> negpos._model.documents"
    ] == violations(sources)
