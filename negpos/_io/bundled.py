"""The bundled dataset: the Russia–Ukraine talks from 2022 to 2026, shipped inside the package."""

from __future__ import annotations

import functools
from pathlib import Path

from negpos._errors import NegposError
from negpos._io.reading import load
from negpos._model.negotiation import Negotiation

__all__ = ["bundled", "bundled_path"]

_NAME = "russia-ukraine"


def bundled_path() -> Path:
    """The folder of the bundled dataset, inside an installed wheel or a source checkout.

    Raises:
        NegposError: The dataset is missing from this installation.
    """
    package = Path(__file__).resolve().parent.parent
    for candidate in (package / "_data" / _NAME, package.parent / "seeds" / _NAME):
        if (candidate / "negotiation.yaml").is_file():
            return candidate
    raise NegposError(f"the bundled dataset {_NAME!r} is missing from this installation")


@functools.cache
def bundled() -> Negotiation:
    """The bundled dataset: the Russia–Ukraine talks from 2022 to 2026, every position cited.

    Parties ``ru``, ``ua``, and the mediators ``us``, ``e3``, ``coalition`` (the Paris
    Declaration's) and ``eu``; rounds from the Istanbul communiqué and draft treaty of 2022,
    through Istanbul (May, June and July 2025) and the November 2025 plans, to the 20-point
    framework, the 2026 trilateral rounds and June 2026. The codebook is the dataset's
    ``README.md`` (see [`bundled_path`][negpos.bundled_path]).

    Returns:
        The dataset, loaded once and shared: negotiations are immutable.

    Examples:
        >>> import negpos
        >>> neg = negpos.bundled()
        >>> [p.id for p in neg.parties]
        ['ru', 'ua', 'us', 'e3', 'coalition', 'eu']
    """
    return load(bundled_path())
