"""Round trips: every document negpos can hold comes back exactly, in every format and layout.

Hypothesis generates negotiations (``st.from_type(negpos.Negotiation)``, the strategies of
``negpos.strategies``) and each is written and read back as YAML and JSON text, as a
``.yaml``, ``.yml`` and ``.json`` file, and as a dataset folder, both new and saved over the
folder of another negotiation: the document read back must equal the one written.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

import negpos


@given(st.from_type(negpos.Negotiation), st.sampled_from(["yaml", "json"]))
def test_text_round_trip(neg: negpos.Negotiation, fmt: str) -> None:
    """Text written by dumps and read by loads gives back the same negotiation, in YAML and in JSON."""
    assert neg == negpos.loads(negpos.dumps(neg, fmt=fmt), fmt=fmt)  # type: ignore[arg-type]


@given(st.from_type(negpos.Negotiation), st.sampled_from([".yaml", ".yml", ".json", ""]))
def test_file_and_folder_round_trip(neg: negpos.Negotiation, suffix: str) -> None:
    """A file or folder written by dump and read by load gives back the same negotiation, as one file or as a dataset folder."""
    with tempfile.TemporaryDirectory() as tmp:
        path = negpos.dump(neg, Path(tmp) / f"talks{suffix}")
        assert neg == negpos.load(path)


# Two documents and two folder saves an example: fewer examples keep the run short.
@settings(max_examples=30)
@given(st.from_type(negpos.Negotiation), st.from_type(negpos.Negotiation))
def test_a_folder_saved_over_another_reads_back_exactly(
    first: negpos.Negotiation, second: negpos.Negotiation
) -> None:
    """Saving a negotiation over the folder of another leaves nothing of the first behind."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "talks"
        negpos.dump(first, folder)
        negpos.dump(second, folder)
        assert second == negpos.load(folder)
        assert len(second.rounds) == len(list((folder / "rounds").iterdir()))
