"""The combinations of readings run in chunks, serially or on an executor, within limits.

``sweep`` applies a function to every combination, cut into chunks of ``CHUNK`` so that a
process pool or a cluster pays the cost of a task once per chunk; ``EXACT_LIMIT`` and
``SAMPLES`` bound how many combinations a robust analysis compares.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor
from typing import TypeVar

from negpos._errors import UsageError

__all__ = ["CHUNK", "EXACT_LIMIT", "SAMPLES", "R", "T", "sweep"]


#: The most combinations a robust analysis compares one by one before it samples.
EXACT_LIMIT = 4096
#: How many combinations a sampled robust analysis draws, beyond the systematic ones.
SAMPLES = 2048
#: How many combinations one task of a sweep compares.
CHUNK = 256

T = TypeVar("T")
R = TypeVar("R")


def sweep(
    function: Callable[[T], R],
    items: Iterable[T],
    *,
    executor: Executor | None = None,
    chunk: int = CHUNK,
) -> list[R]:
    """``function`` applied to every item, in order, serially or on an executor.

    The work is cut into chunks of ``chunk`` items; with an executor each chunk is one task
    (``executor.map``), so that a process pool or a cluster pays the cost of sending a task
    once per chunk. ``function`` must then be picklable: a module-level function or a
    ``functools.partial`` of one.

    Args:
        function: What to compute for one item.
        items: The items.
        executor: Any ``concurrent.futures.Executor``; None to run here, serially.
        chunk: How many items one task handles (at least 1).

    Returns:
        The results, in the order of ``items``, the same with or without an executor.

    Raises:
        UsageError: ``chunk`` is below 1.

    Examples:
        >>> from concurrent.futures import ThreadPoolExecutor
        >>> with ThreadPoolExecutor(2) as pool:
        ...     sweep(abs, [-3, 1, -2], executor=pool, chunk=2)
        [3, 1, 2]
    """
    if isinstance(chunk, bool) or not isinstance(chunk, int) or chunk < 1:
        raise UsageError(f"chunk must be a whole number of 1 or more, not {chunk!r}")
    pieces = _chunks(items, chunk)
    if executor is None:
        return [function(item) for piece in pieces for item in piece]
    task = functools.partial(_each, function)
    # A list, not a generator: some executors (Dask's) map over sequences only.
    return [result for part in executor.map(task, list(pieces)) for result in part]


def _chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    piece: list[T] = []
    for item in items:
        piece.append(item)
        if len(piece) == size:
            yield piece
            piece = []
    if piece:
        yield piece


def _each(function: Callable[[T], R], piece: list[T]) -> list[R]:
    return [function(item) for item in piece]
