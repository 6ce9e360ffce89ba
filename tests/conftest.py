"""Shared test fixtures and Hypothesis settings."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# CI=true makes Hypothesis load its deterministic "ci" profile by itself; locally keep runs
# short but thorough, and never let the example database make runs differ between machines.
settings.register_profile(
    "dev", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
if not os.environ.get("CI"):
    settings.load_profile("dev")

EXAMPLE = """\
format: 1
title: Example talks
parties:
  - {id: a, name: Alpha}
  - {id: b, name: Beta, role: mediator}
issues:
  - id: army.cap
    kind: numeric
    title: Army ceiling
    unit: personnel
    bounds: [100000, 2000000]
    scale: log
  - id: territory.recognition
    kind: set
    title: Recognition
    items: [crimea, {id: donetsk, weight: 2}]
  - id: ceasefire.order
    kind: sequence
    title: Order of steps
    steps: [ceasefire, talks, elections]
  - id: neutral
    kind: boolean
    title: Neutral status
rounds:
  - id: r1
    date: 2025-05-16
    memoranda:
      - party: a
        positions:
          - issue: army.cap
            stance: {kind: numeric, max: 600000}
            salience: 0.8
            firmness: red_line
            sources: ["https://example.org/a"]
          - issue: neutral
            stance: {kind: boolean, accepts: [true]}
      - party: b
        positions:
          - issue: ceasefire.order
            stance: {kind: sequence, precedes: [[ceasefire, talks]]}
"""


@pytest.fixture
def example_text() -> str:
    """A small valid negotiation as YAML text."""
    return EXAMPLE


@pytest.fixture
def example_file(tmp_path: Path) -> Path:
    """A small valid negotiation as a YAML file."""
    path = tmp_path / "talks.yaml"
    path.write_text(EXAMPLE, encoding="utf-8")
    return path
