"""The public API is a decision: __all__ is sorted, complete and importable."""

from __future__ import annotations

import negpos


def _group(name: str) -> int:
    if name.isupper():
        return 0
    return 1 if name[0].isupper() else 2


def test_all_is_sorted() -> None:
    """__all__ lists constants, then classes, then functions, each alphabetically (ruff RUF022)."""
    assert sorted(negpos.__all__, key=lambda n: (_group(n), n)) == list(negpos.__all__)


def test_all_names_exist() -> None:
    """Every name in __all__ is an attribute of the package."""
    missing = [name for name in negpos.__all__ if not hasattr(negpos, name)]
    assert [] == missing


def test_all_is_complete() -> None:
    """Every public attribute defined by negpos is listed in __all__."""
    public = {
        name
        for name, value in vars(negpos).items()
        if not name.startswith("_")
        and getattr(value, "__module__", "negpos").startswith("negpos")
        and not isinstance(value, type(negpos))
    }
    assert set() == public - set(negpos.__all__)


def test_implementation_modules_are_private() -> None:
    """Only deliberate public modules are exposed; the rest start with an underscore."""
    import pkgutil

    public_modules = {
        m.name for m in pkgutil.iter_modules(negpos.__path__) if not m.name.startswith("_")
    }
    assert public_modules <= {"strategies", "scenarios"}
