"""Shared building blocks of the document model: the base class, ids, dates and numbers."""

from __future__ import annotations

import datetime as _dt
import re
from typing import Annotated, Any, Final

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    Strict,
    StringConstraints,
    WithJsonSchema,
)

__all__ = [
    "FORMAT_VERSION",
    "Fraction",
    "IsoDate",
    "IssueId",
    "Model",
    "Number",
    "Slug",
    "Text",
    "Url",
    "is_slug",
    "require_kind",
]

#: The version of the file format this negpos reads and writes.
FORMAT_VERSION: Final = 1

_SLUG = r"^[a-z0-9](?:[a-z0-9_-]{0,62}[a-z0-9])?$"
_DOTTED = r"^[a-z0-9](?:[a-z0-9_-]{0,62}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9_-]{0,62}[a-z0-9])?){0,7}$"

Slug = Annotated[str, StringConstraints(pattern=_SLUG)]
"""An id for a party, round, option or domain element: lower-case letters, digits, ``-``, ``_``."""

_SLUG_RE = re.compile(_SLUG)


def is_slug(value: object) -> bool:
    """Whether ``value`` is text that [`Slug`][negpos._model.base.Slug] accepts."""
    return isinstance(value, str) and _SLUG_RE.match(value) is not None


IssueId = Annotated[str, StringConstraints(pattern=_DOTTED)]
"""A dotted issue id such as ``territory.recognition``."""

Text = Annotated[str, StringConstraints(min_length=1, max_length=20_000)]
"""Free text written by an analyst: titles, notes, quotes."""

Number = Annotated[float, Strict(), Field(allow_inf_nan=False)]
"""A finite number; text such as ``"600000"`` is refused rather than converted."""

Fraction = Annotated[float, Strict(), Field(ge=0.0, le=1.0, allow_inf_nan=False)]
"""A finite number between 0 and 1 inclusive."""

_URL = re.compile(r"^https?://[^\s<>\"\x00-\x1f\x7f]+$")


def _check_url(value: str) -> str:
    if not _URL.match(value):
        raise ValueError("a URL must start with http:// or https:// and contain no spaces")
    return value


Url = Annotated[
    str,
    StringConstraints(max_length=4_000),
    AfterValidator(_check_url),
    WithJsonSchema(
        {"type": "string", "format": "uri", "pattern": _URL.pattern, "maxLength": 4_000}
    ),
]
"""An http or https address; other schemes (``javascript:``, ``file:``) are refused."""

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _parse_date(value: Any) -> Any:
    # Only ISO text or a real date: pydantic's lax mode would read 20250602 as a timestamp.
    if isinstance(value, _dt.datetime):
        raise ValueError("a date must be a calendar date (YYYY-MM-DD), not a date and time")
    if isinstance(value, _dt.date):
        return value
    if isinstance(value, str) and _ISO_DATE.match(value):
        try:
            return _dt.date.fromisoformat(value)
        except ValueError as exc:
            raise ValueError(f"{value!r} is not a valid calendar date") from exc
    raise ValueError("a date must be written YYYY-MM-DD")


IsoDate = Annotated[
    _dt.date,
    BeforeValidator(_parse_date),
    WithJsonSchema({"type": "string", "format": "date", "pattern": _ISO_DATE.pattern}),
]
"""A calendar date written ``YYYY-MM-DD``."""


def require_kind(schema: dict[str, Any]) -> None:
    """Mark ``kind`` required in a model's JSON Schema.

    Issue and stance classes default ``kind`` so that Python code need not repeat it, but a
    file must say which kind it means; editors should ask for it as the loader does.
    """
    if "kind" in schema.get("properties", {}):
        required = schema.setdefault("required", [])
        if "kind" not in required:
            required.insert(0, "kind")


class Model(BaseModel):
    """Base of every document model: frozen, strict about unknown fields."""

    model_config = ConfigDict(
        frozen=True,
        extra="forbid",
        str_strip_whitespace=False,
        validate_default=False,
        use_enum_values=False,
        defer_build=True,
    )

    def to_dict(self) -> dict[str, Any]:
        """The document as plain JSON data, as a file holds it.

        Unset optional fields and empty lists are left out (both are the fields' defaults),
        keys keep the model's order, dates are ``YYYY-MM-DD`` text. Validating the data
        again gives back an equal document. Results serialise the documents they hold this
        way too.
        """
        data: dict[str, Any] = _prune(self.model_dump(mode="json", exclude_none=True))
        return data


def _prune(data: Any) -> Any:
    # Empty lists are every such field's default; leaving them out keeps files short.
    if isinstance(data, dict):
        return {k: _prune(v) for k, v in data.items() if v != []}
    if isinstance(data, list):
        return [_prune(v) for v in data]
    return data
