"""The hook Hypothesis calls through its entry point, so that ``st.from_type`` knows negpos."""

from __future__ import annotations

__all__ = ["register"]


def register() -> None:
    """Register negpos' strategies for its public models with Hypothesis."""
    from negpos import strategies

    strategies.register_type_strategies()
