"""The JSON Schema of the file format, for editors that validate YAML as it is typed."""

from __future__ import annotations

from typing import Any, Literal

import pydantic

from negpos._errors import UsageError, excerpt
from negpos._model.base import FORMAT_VERSION
from negpos._model.documents import Round
from negpos._model.negotiation import Negotiation

__all__ = ["json_schema"]


def json_schema(document: Literal["negotiation", "round"] = "negotiation") -> dict[str, Any]:
    """The JSON Schema of a negotiation file, or of a round file in a dataset folder.

    Editors that understand JSON Schema (VS Code's YAML extension, for one) validate and
    complete files as they are typed.

    Args:
        document: ``"negotiation"`` for a whole negotiation (one file, or the
            ``negotiation.yaml`` of a dataset folder), ``"round"`` for a file of ``rounds/``.

    Returns:
        The schema, as plain JSON data.

    Raises:
        UsageError: ``document`` is neither.
    """
    if document not in ("negotiation", "round"):
        raise UsageError(
            f"no schema for {excerpt(document)}; the documents are negotiation and round"
        )
    model: type[pydantic.BaseModel] = Negotiation if document == "negotiation" else Round
    schema = model.model_json_schema(mode="validation")
    schema["properties"] = {
        "format": {
            "const": FORMAT_VERSION,
            "description": "The negpos file-format version.",
            "title": "Format",
        },
        **{k: v for k, v in schema["properties"].items() if k != "format"},
    }
    schema["required"] = ["format", *schema.get("required", [])]
    if document == "round":
        schema["additionalProperties"] = False
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://negpos.invalid/schema/{document}-{FORMAT_VERSION}.json",
        **schema,
    }
