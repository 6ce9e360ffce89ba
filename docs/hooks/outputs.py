"""mkdocs hook: what a command or example prints, set apart from the code that prints it.

The pages mark each output block with a comment on the line before its fence, which the doc
tests read to check the output against what the code prints (``tests/test_docs.py``):

- ``<!-- negpos:output -->``: what the block before it prints;
- ``<!-- negpos:error -->``: the error message it ends with.

The comments are invisible in the site; this hook gives each marked fence a class
(``negpos-output`` or ``negpos-error``) and a title (*Output*, *Error*), which
``docs/stylesheets/outputs.css`` draws apart from code: a tinted background under a title,
and a rule down the left. The page sources are left as they are, so the doc tests read them
unchanged.
"""

from __future__ import annotations

import re
from typing import Any, Final

__all__ = ["KINDS", "mark_outputs", "on_page_markdown"]

#: The markers this hook styles, and the title each block gets.
KINDS: Final = {"output": "Output", "error": "Error"}

_MARKED = re.compile(
    r"^(?P<marker><!-- negpos:(?P<kind>output|error)\b[^\n]*-->[ \t]*\n)"
    r"(?P<fence>`{3,}|~{3,})(?P<lang>[\w+-]*)[ \t]*$",
    re.MULTILINE,
)


def mark_outputs(markdown: str) -> str:
    r"""Give each fence marked as an output or an error its class and title.

    Examples:
        >>> page = "<!-- negpos:output -->\n```text\n42\n```\n"
        >>> print(mark_outputs(page), end="")
        <!-- negpos:output -->
        ``` { .text .negpos-output title="Output" }
        42
        ```
    """

    def attributes(found: re.Match[str]) -> str:
        kind = found["kind"]
        lang = found["lang"] or "text"
        header = f'{found["fence"]} {{ .{lang} .negpos-{kind} title="{KINDS[kind]}" }}'
        return found["marker"] + header

    return _MARKED.sub(attributes, markdown)


def on_page_markdown(markdown: str, **_: Any) -> str:
    """Mark the output blocks of every page (see [`mark_outputs`][])."""
    return mark_outputs(markdown)
