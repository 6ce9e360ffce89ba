"""mkdocs hook: the data-format reference, written at build time from negpos's JSON Schema.

``docs/format.md`` holds markers, each alone on a line:

- ``<!-- negpos:schema negotiation -->``: the fields of a negotiation file;
- ``<!-- negpos:schema round -->``: the fields of a round file in a dataset folder;
- ``<!-- negpos:schema models -->``: one section per model the files contain.

Each marker is replaced by Markdown tables generated from ``negpos.json_schema()``, so the
reference cannot drift from what the loader accepts. The schema gives the structure (fields,
types, constraints, defaults); the descriptions of the fields come from the ``Attributes:``
sections of the models' docstrings, walking each class's bases so that inherited fields (an
issue's ``id`` and ``title``, say) are described too.
"""

from __future__ import annotations

import inspect
import json
import re
from collections.abc import Iterator, Mapping
from collections.abc import Set as AbstractSet
from typing import Any

import negpos

__all__ = ["on_page_markdown", "render"]

_MARKER = re.compile(r"^<!-- negpos:schema (?P<what>[a-z]+) -->[ \t]*$", re.MULTILINE)
_SECTION = re.compile(r"^(Attributes|Args|Returns|Raises|Examples|Yields|Note):\s*$")

Schema = Mapping[str, Any]


def on_page_markdown(markdown: str, **_: Any) -> str:
    """Replace every schema marker on a page with its generated reference.

    Args:
        markdown: The page's Markdown source.
        **_: The page, config and files mkdocs passes; unused.

    Returns:
        The page with the markers replaced.

    Raises:
        ValueError: A marker names something other than negotiation, round or models.
    """
    if "<!-- negpos:schema" not in markdown:
        return markdown
    return _MARKER.sub(lambda m: render(m.group("what")), markdown)


def render(what: str) -> str:
    """The Markdown reference for one marker.

    Args:
        what: ``negotiation`` or ``round`` for a file's top-level fields, ``models`` for a
            section per model.

    Returns:
        Markdown text.

    Raises:
        ValueError: ``what`` is none of those.
    """
    if what in ("negotiation", "round"):
        schema = negpos.json_schema(what)  # type: ignore[arg-type]
        return _table(schema, _doc_of(str(schema["title"])))
    if what == "models":
        schema = negpos.json_schema("negotiation")
        defs: Mapping[str, Schema] = schema["$defs"]
        tags = discriminators(schema)
        return "\n".join(
            _model_section(name, defs[name], tags.get(name, set())) for name in model_order(schema)
        )
    raise ValueError(f"unknown schema marker {what!r}: use negotiation, round or models")


def model_order(schema: Schema) -> list[str]:
    """The names of the schema's models, in the order a reader meets them in a file.

    A depth-first walk from the top-level fields, following references in field order, so
    that each model comes right after the first model that uses it; models the walk does not
    reach come last, sorted.
    """
    defs: Mapping[str, Schema] = schema.get("$defs", {})
    seen: list[str] = []
    stack = list(reversed(list(_refs(schema.get("properties", {})))))
    while stack:
        name = stack.pop()
        if name in seen or name not in defs:
            continue
        seen.append(name)
        stack.extend(reversed(list(_refs(defs[name].get("properties", {})))))
    return seen + sorted(set(defs) - set(seen))


def _refs(node: Any) -> Iterator[str]:
    if isinstance(node, Mapping):
        ref = node.get("$ref")
        if isinstance(ref, str):
            yield ref.rsplit("/", 1)[-1]
        for key, value in node.items():
            if key != "discriminator":
                yield from _refs(value)
    elif isinstance(node, list):
        for item in node:
            yield from _refs(item)


def discriminators(schema: Schema) -> dict[str, set[str]]:
    """For each model, the fields that tell it apart inside a union (``kind``).

    The schema lists such a field as optional, because the model gives it a default; but a
    union needs it to choose the model, so the loader requires it and so does the reference.
    """
    found: dict[str, set[str]] = {}

    def walk(node: Any) -> None:
        if isinstance(node, Mapping):
            discriminator = node.get("discriminator")
            if isinstance(discriminator, Mapping):
                for ref in discriminator.get("mapping", {}).values():
                    name = str(ref).rsplit("/", 1)[-1]
                    found.setdefault(name, set()).add(str(discriminator["propertyName"]))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(schema)
    return found


def anchor(name: str) -> str:
    """The id of a model's section on the page."""
    return "model-" + name.lower()


def _model_section(name: str, schema: Schema, tags: AbstractSet[str]) -> str:
    lines = [f"### {name} {{ #{anchor(name)} }}", ""]
    intro = _intro(str(schema.get("description", "")))
    if intro:
        lines += [intro, ""]
    if name in negpos.__all__:
        lines += [f"Python: [`negpos.{name}`][negpos.{name}]", ""]
    if "enum" in schema:
        values = ", ".join(f"`{v}`" for v in schema["enum"])
        lines += [f"One of: {values}.", ""]
    else:
        lines += [_table(schema, _doc_of(name), tags), ""]
    return "\n".join(lines)


def _table(schema: Schema, docs: Mapping[str, str], tags: AbstractSet[str] = frozenset()) -> str:
    required = set(schema.get("required", ())) | tags
    rows = ["| field | type | required | description |", "|---|---|---|---|"]
    for field, node in schema.get("properties", {}).items():
        description = str(node.get("description") or docs.get(field) or _implied(node))
        rows.append(
            f"| `{field}` | {_cell(_type(node))} | {_requirement(field, node, required)} "
            f"| {_cell(description)} |"
        )
    if schema.get("additionalProperties") is False:
        rows += ["", "Any other field is an error."]
    return "\n".join(rows)


def _implied(node: Schema) -> str:
    if "const" in node:
        return f"Always `{_literal(node['const'])}`."
    return ""


def _requirement(field: str, node: Schema, required: set[str]) -> str:
    if field in required:
        return "yes"
    default = node.get("default")
    if default is None or default == []:
        return "no"
    return f"no (default `{_literal(default)}`)"


def _literal(value: Any) -> str:
    # The YAML spelling: plain text unquoted, whole numbers without ".0", the rest as JSON.
    if isinstance(value, str):
        return value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return json.dumps(value)


def _type(node: Schema) -> str:
    if "$ref" in node:
        name = str(node["$ref"]).rsplit("/", 1)[-1]
        return f"[{name}](#{anchor(name)})"
    if "const" in node:
        return f"`{_literal(node['const'])}`"
    if "enum" in node:
        return " or ".join(f"`{_literal(v)}`" for v in node["enum"])
    for key in ("oneOf", "anyOf"):
        if key in node:
            options = [_type(o) for o in node[key] if o.get("type") != "null"]
            text = " or ".join(options)
            if "discriminator" in node:
                text += f", told apart by `{node['discriminator']['propertyName']}`"
            return text
    kind = node.get("type")
    if kind == "array":
        return _array(node)
    if kind == "string":
        return _string(node)
    if kind in ("number", "integer"):
        return _number(node)
    if kind == "boolean":
        return "`true` or `false`"
    if kind == "object":
        return "mapping"
    return "any value"


def _array(node: Schema) -> str:
    if "prefixItems" in node:
        return "[" + ", ".join(_type(item) for item in node["prefixItems"]) + "]"
    low, high = node.get("minItems"), node.get("maxItems")
    text = "list of " + _type(node.get("items", {}))
    if low and high:
        text += f" ({low} to {high})" if low != high else f" (exactly {low})"
    elif low:
        text += f" (at least {low})"
    elif high:
        text += f" (at most {high})"
    return text


def _string(node: Schema) -> str:
    fmt = node.get("format")
    if fmt == "date":
        return "date (YYYY-MM-DD)"
    if fmt in ("uri", "url"):
        return "URL"
    pattern = node.get("pattern")
    if isinstance(pattern, str):
        if pattern.startswith("^[a-z0-9]"):
            # The id patterns: a dotted one for issues, a plain one for everything else.
            return "issue id" if r"(?:\." in pattern else "id"
        return f"text matching `{pattern}`"
    return "text"


def _number(node: Schema) -> str:
    parts = []
    if "minimum" in node:
        parts.append(f"at least {_literal(node['minimum'])}")
    if "exclusiveMinimum" in node:
        parts.append(f"above {_literal(node['exclusiveMinimum'])}")
    if "maximum" in node:
        parts.append(f"at most {_literal(node['maximum'])}")
    if "exclusiveMaximum" in node:
        parts.append(f"below {_literal(node['exclusiveMaximum'])}")
    word = "whole number" if node.get("type") == "integer" else "number"
    return f"{word}, {' and '.join(parts)}" if parts else word


def _cell(text: str) -> str:
    # A table cell is one line, and a bare | would end it.
    return " ".join(text.split()).replace("|", r"\|")


def _intro(description: str) -> str:
    """A docstring without its Google-style sections, double backticks made Markdown."""
    kept: list[str] = []
    for line in description.splitlines():
        if _SECTION.match(line.strip()) and not line.startswith(" "):
            break
        kept.append(line)
    return _markdown("\n".join(kept).strip())


def _markdown(text: str) -> str:
    return text.replace("``", "`")


def _doc_of(name: str) -> dict[str, str]:
    """Field descriptions from the ``Attributes:`` sections of a model and its bases."""
    cls = getattr(negpos, name, None)
    if not inspect.isclass(cls):
        return {}
    found: dict[str, str] = {}
    for klass in reversed(cls.__mro__):
        if klass.__module__.startswith("negpos"):
            found.update(attributes(inspect.getdoc(klass) or ""))
    return found


def attributes(doc: str) -> dict[str, str]:
    """The entries of the ``Attributes:`` section of a Google-style docstring.

    Args:
        doc: A docstring, dedented.

    Returns:
        Each attribute's name mapped to its description, continuation lines joined.
    """
    entries: dict[str, str] = {}
    inside = False
    current: str | None = None
    for line in doc.splitlines():
        if not line.strip():
            continue
        if not line.startswith(" "):
            inside = line.strip() == "Attributes:"
            current = None
            continue
        if not inside:
            continue
        entry = re.match(r"^ {4}(\w+):\s*(.*)$", line)
        if entry:
            current = entry.group(1)
            entries[current] = entry.group(2)
        elif current is not None:
            entries[current] += " " + line.strip()
    return {k: _markdown(v) for k, v in entries.items()}
