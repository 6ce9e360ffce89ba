"""The analysis layer: per-kind semantics, comparisons, changes, trajectories, matrices, reports.

Pure functions of documents that return frozen results. The results render themselves
(``to_markdown()`` and friends) through ``renderable.py``, which imports the render layer
only when such a method is called.
"""
