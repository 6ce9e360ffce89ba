"""Shared building blocks of the document model: the base class, ids, dates and numbers."""

from __future__ import annotations

import datetime as _dt
import json
import re
from collections.abc import Iterator, Mapping
from typing import Annotated, Any, Final, Self, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    Strict,
    StringConstraints,
    ValidationError,
    WithJsonSchema,
)

from negpos._model.reprs import Shown, clip, short
from negpos._model.translate import input_error

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
    "validate_raw",
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
    """Base of every document model: frozen, strict about unknown fields.

    Documents built in Python fail as documents read from files do: building one
    (``negpos.Position(...)``), validating data (``model_validate``,
    ``model_validate_json``, ``model_validate_strings``) or copying one with changes
    (``model_copy(update=...)``, which validates the copy, unlike pydantic's) raises
    [`InputError`][negpos.InputError] with the field paths and messages the loader gives,
    never pydantic's ``ValidationError``.
    """

    model_config = ConfigDict(
        frozen=True,
        extra="forbid",
        str_strip_whitespace=False,
        validate_default=False,
        use_enum_values=False,
        defer_build=True,
    )

    def __init__(self, /, **data: Any) -> None:
        try:
            super().__init__(**data)
        except ValidationError as exc:
            raise input_error(exc, data) from None

    def __repr_args__(self) -> Iterator[tuple[str | None, Any]]:
        # pydantic's repr, str and rich repr list these; nested documents and long lists are
        # shortened (see negpos._model.reprs), so that no repr dumps a whole dataset.
        for name, field in type(self).model_fields.items():
            if field.repr:
                yield name, Shown(short(self.__dict__.get(name)))

    def __repr__(self) -> str:
        """One line naming the document and its fields, nested ones shortened."""
        try:
            args = ", ".join(f"{name}={value!r}" for name, value in self.__repr_args__())
            return clip(f"{type(self).__name__}({args})")
        except Exception:
            return f"<{type(self).__name__}>"

    def __str__(self) -> str:
        return repr(self)

    # pydantic calls a model's own __init__ for every nested document it validates when the
    # class overrides __init__; this one only translates the error of the outermost call, so
    # pydantic is told it may keep validating nested documents in its core, as for its own.
    __init__.__pydantic_base_init__ = True  # type: ignore[attr-defined]

    def __getstate__(self) -> dict[Any, Any]:
        # Pickle the fields only, not the lookups cached from them on first use (mapping
        # proxies cannot be pickled; the copy builds them again when it needs them). This is
        # what lets a process pool or a cluster receive documents.
        state = super().__getstate__()
        fields = type(self).model_fields
        state["__dict__"] = {k: v for k, v in state["__dict__"].items() if k in fields}
        return state

    @classmethod
    def model_validate(cls, obj: Any, **options: Any) -> Self:
        """Validate plain data (or a document) as this model.

        Raises:
            InputError: The data does not describe a valid document; every problem is
                listed with its field path.
        """
        try:
            return super().model_validate(obj, **options)
        except ValidationError as exc:
            raise input_error(exc, obj) from None

    @classmethod
    def model_validate_json(cls, json_data: str | bytes | bytearray, **options: Any) -> Self:
        """Validate JSON text as this model.

        Raises:
            InputError: The text is not JSON or does not describe a valid document.
        """
        try:
            return super().model_validate_json(json_data, **options)
        except ValidationError as exc:
            raise input_error(exc, _json_or_none(json_data)) from None

    @classmethod
    def model_validate_strings(cls, obj: Any, **options: Any) -> Self:
        """Validate data whose leaves are strings as this model.

        Raises:
            InputError: The data does not describe a valid document.
        """
        try:
            return super().model_validate_strings(obj, **options)
        except ValidationError as exc:
            raise input_error(exc, obj) from None

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Self:
        """A copy of this document, with some fields changed and the result validated.

        pydantic's own ``model_copy`` does not validate ``update``; a document must never
        hold what its checks refuse (a lookup would fail later, far from the mistake), so the
        copy is validated as a whole, cross references included.

        Args:
            update: New values for some fields, by field name.
            deep: Copy the fields deeply rather than sharing them (they are frozen either
                way).

        Returns:
            The copy.

        Raises:
            InputError: The changed document is not valid, or ``update`` names a field the
                document does not have.
        """
        if not update:
            return super().model_copy(deep=deep)
        data = {name: getattr(self, name) for name in type(self).model_fields}
        data.update(update)
        copy = type(self).model_validate(data)
        return super(Model, copy).model_copy(deep=True) if deep else copy

    def to_dict(self) -> dict[str, Any]:
        """The document as plain JSON data, as a file holds it.

        Unset optional fields and empty lists are left out (both are the fields' defaults),
        keys keep the model's order, dates are ``YYYY-MM-DD`` text. Validating the data
        again gives back an equal document. Results serialise the documents they hold this
        way too.
        """
        data: dict[str, Any] = _prune(self.model_dump(mode="json", exclude_none=True))
        return data


_M = TypeVar("_M", bound=Model)


def validate_raw(model: type[_M], data: Any) -> _M:
    """Validate ``data`` as ``model`` and let pydantic's own error through.

    For the loader, which locates each problem in the file (the raw error keeps every step
    of every path as it was), and for code that maps pydantic's locations itself.

    Raises:
        pydantic.ValidationError: The data does not describe a valid document.
    """
    return super(Model, model).model_validate(data)


def _json_or_none(text: str | bytes | bytearray) -> Any:
    # The parsed data only helps tell fields from union tags in the error's paths.
    try:
        return json.loads(text)
    except ValueError:
        return None


def _prune(data: Any) -> Any:
    # Empty lists are every such field's default; leaving them out keeps files short. Only
    # containers are walked into (the data is what model_dump gives: dicts, lists, scalars),
    # so the walk costs one call per container rather than one per value.
    if type(data) is dict:
        return {
            k: _prune(v) if type(v) is dict or type(v) is list else v
            for k, v in data.items()
            if v != []
        }
    if type(data) is list:
        return [_prune(v) if type(v) is dict or type(v) is list else v for v in data]
    return data
