"""The documentation cannot rot: its code runs, its YAML loads, and the site builds strictly.

Python blocks: every fenced ``python`` block of a page runs, in page order, in one namespace
per page (a reader runs them top to bottom), in a fresh working directory. A ``text`` block
preceded by ``<!-- negpos:output -->`` must equal what the Python block before it printed.

Command blocks: a fenced ``sh`` block preceded by ``<!-- negpos:command -->`` holds ``negpos``
commands, one a line (``#`` starts a comment). They run in order, each in its own process, in
a fresh working directory; each must exit with status 0, and a ``text`` block marked
``<!-- negpos:output -->`` right after the block must equal what they wrote, standard output
and standard error together. Other ``sh`` blocks are shown, not run.

YAML blocks: every fenced ``yaml`` block must carry a marker on the line before it, saying how
it is checked:

- ``<!-- negpos:example -->``: a whole negotiation file; ``negpos.loads`` accepts it;
- ``<!-- negpos:example dataset=NAME file=PATH -->``: one file of a dataset folder; the files
  of dataset NAME on a page are written out together and ``negpos.load`` accepts the folder;
- ``<!-- negpos:example of=MODEL -->``: a fragment, one ``negpos.MODEL`` written as a mapping;
  it is read with negpos's strict YAML reader and validated by that model;
- ``<!-- negpos:example invalid name=FILE -->``: a file ``negpos.loads`` must refuse; a
  ``text`` block marked ``<!-- negpos:error -->`` right after it shows the exact message, and
  one marked ``<!-- negpos:validate name=FILE -->`` shows exactly what ``negpos validate FILE``
  writes on standard error for the last invalid example of that name above it.
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import os
import shlex
import shutil
import struct
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest
from markdown_it import MarkdownIt

import negpos
from negpos._io.strict_yaml import read_yaml

ROOT = Path(__file__).resolve().parents[1]
PAGES = [*sorted((ROOT / "docs").rglob("*.md")), ROOT / "README.md"]


@attrs.frozen
class Block:
    """One fenced code block of a page, with the marker on the line before it."""

    page: Path
    line: int
    lang: str
    code: str
    marker: dict[str, str] | None

    @property
    def where(self) -> str:
        return f"{self.page.relative_to(ROOT)}:{self.line}"


def parse_marker(html: str) -> dict[str, str] | None:
    """The words of a ``<!-- negpos:NAME word key=value -->`` comment; NAME is under ``""``."""
    text = html.strip()
    if not (text.startswith("<!-- negpos:") and text.endswith("-->")):
        return None
    name, *words = text[len("<!-- negpos:") : -len("-->")].split()
    marker = {"": name}
    for word in words:
        key, _, value = word.partition("=")
        marker[key] = value
    return marker


def blocks(page: Path) -> list[Block]:
    """The fenced code blocks of a Markdown page, in order."""
    found: list[Block] = []
    marker: dict[str, str] | None = None
    for token in MarkdownIt("commonmark").parse(page.read_text(encoding="utf-8")):
        if token.type == "html_block":
            marker = parse_marker(token.content)
            continue
        if token.type == "fence":
            lang = token.info.split()[0] if token.info.split() else ""
            line = token.map[0] + 1 if token.map else 0
            found.append(Block(page, line, lang, token.content, marker))
        marker = None
    return found


def all_blocks(lang: str) -> list[Block]:
    """Every block in one language on every page."""
    return [b for page in PAGES for b in blocks(page) if b.lang == lang]


def page_id(page: Path) -> str:
    return str(page.relative_to(ROOT))


def block_id(block: Block) -> str:
    return block.where


def is_command(block: Block) -> bool:
    """Whether a block is a ``negpos:command`` block of shell commands that the tests run."""
    return block.lang == "sh" and block.marker is not None and block.marker[""] == "command"


# --- Python ----------------------------------------------------------------------------------


def run_page(page: Path) -> Iterator[tuple[Block, str]]:
    """Run a page's Python blocks in order, yielding each block with what it printed."""
    namespace: dict[str, Any] = {"__name__": "__docs__"}
    for block in blocks(page):
        if block.lang != "python":
            continue
        out = io.StringIO()
        # Padding the code with the lines above it makes tracebacks point at the page's lines.
        code = compile("\n" * block.line + block.code, str(block.page), "exec")
        with contextlib.redirect_stdout(out):
            exec(code, namespace)
        yield block, out.getvalue()


PYTHON_PAGES = [p for p in PAGES if any(b.lang == "python" for b in blocks(p))]


@pytest.mark.parametrize("page", PYTHON_PAGES, ids=page_id)
def test_python_blocks_run(page: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every Python block of a page runs without error, and shown output is what it prints."""
    code = "".join(b.code for b in blocks(page) if b.lang == "python")
    if "to_frame(" in code and importlib.util.find_spec("pandas") is None:
        pytest.skip("the page uses pandas, which is not installed (pip install -e '.[pandas]')")
    if "agreement(" in code and importlib.util.find_spec("krippendorff") is None:
        pytest.skip("the page uses krippendorff, not installed (pip install -e '.[agreement]')")
    monkeypatch.chdir(tmp_path)
    printed = dict(run_page(page))
    last: Block | None = None
    for block in blocks(page):
        if block.lang == "python" or is_command(block):
            last = block
        elif block.marker is not None and block.marker[""] == "output":
            assert last is not None, (
                f"{block.where}: an output block needs a Python block before it"
            )
            if is_command(last):
                continue  # checked by test_command_blocks_run
            assert block.code == printed[last], f"{block.where}: output differs"


def test_docs_have_python_blocks() -> None:
    """The pages that teach the API do show runnable Python."""
    names = {page_id(p) for p in PYTHON_PAGES}
    assert {"docs/index.md", "README.md"} <= names


# --- commands --------------------------------------------------------------------------------

# The console script may not be on PATH (a bare venv): run the same entry point directly.
RUN_CLI = "import sys; from negpos._cli.main import main; sys.exit(main(sys.argv[1:]))"


def command_blocks() -> list[Block]:
    return [b for b in all_blocks("sh") if is_command(b)]


@pytest.mark.parametrize("block", command_blocks(), ids=block_id)
def test_command_blocks_run(block: Block, tmp_path: Path) -> None:
    """Each command of a command block exits 0, and what they write is what the page shows."""
    if "negpos agreement" in block.code and importlib.util.find_spec("krippendorff") is None:
        pytest.skip("the block uses krippendorff, not installed (pip install -e '.[agreement]')")
    written = []
    for line in block.code.splitlines():
        words = shlex.split(line, comments=True)
        if not words:
            continue
        assert "negpos" == words[0], f"{block.where}: a command block runs negpos only"
        result = subprocess.run(
            [sys.executable, "-c", RUN_CLI, *words[1:]],
            cwd=tmp_path,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            timeout=300,
            check=False,
        )
        assert 0 == result.returncode, f"{block.where}: {line}\n{result.stdout}"
        written.append(result.stdout)
    page_blocks = blocks(block.page)
    after = page_blocks[page_blocks.index(block) + 1 :]
    if after and after[0].marker is not None and after[0].marker[""] == "output":
        assert after[0].code == "".join(written), f"{after[0].where}: output differs"


# --- YAML ------------------------------------------------------------------------------------


def test_every_yaml_block_is_marked() -> None:
    """No YAML block escapes checking: each says what kind of example it is."""
    unmarked = [
        b.where for b in all_blocks("yaml") if b.marker is None or b.marker[""] != "example"
    ]
    assert [] == unmarked


def yaml_examples(kind: str) -> list[Block]:
    found = []
    for block in all_blocks("yaml"):
        marker = block.marker or {}
        if marker.get("") != "example":
            continue
        if "invalid" in marker:
            what = "invalid"
        elif "dataset" in marker:
            what = "dataset"
        elif "of" in marker:
            what = "fragment"
        else:
            what = "file"
        if what == kind:
            found.append(block)
    return found


@pytest.mark.parametrize("block", yaml_examples("file"), ids=block_id)
def test_yaml_file_examples_load(block: Block) -> None:
    """A whole-file example is a negotiation negpos loads."""
    negotiation = negpos.loads(block.code, name=block.where)
    assert negpos.FORMAT_VERSION == negotiation.format


@pytest.mark.parametrize("block", yaml_examples("fragment"), ids=block_id)
def test_yaml_fragments_validate(block: Block) -> None:
    """A fragment is a valid instance of the model its marker names."""
    model = getattr(negpos, (block.marker or {})["of"])
    value = model.model_validate(read_yaml(block.code))
    assert isinstance(value, model)


def datasets() -> dict[tuple[Path, str], list[Block]]:
    found: dict[tuple[Path, str], list[Block]] = {}
    for block in yaml_examples("dataset"):
        marker = block.marker or {}
        found.setdefault((block.page, marker["dataset"]), []).append(block)
    return found


@pytest.mark.parametrize(
    "parts", list(datasets().values()), ids=[f"{page_id(p)}:{n}" for p, n in datasets()]
)
def test_yaml_dataset_examples_load(parts: list[Block], tmp_path: Path) -> None:
    """The files of a dataset-folder example, written out together, load as one negotiation."""
    for block in parts:
        target = tmp_path / (block.marker or {})["file"]
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(block.code, encoding="utf-8")
    round_files = [b for b in parts if (b.marker or {})["file"].startswith("rounds/")]
    negotiation = negpos.load(tmp_path)
    assert len(round_files) == len(negotiation.rounds)


@pytest.mark.parametrize("block", yaml_examples("invalid"), ids=block_id)
def test_yaml_invalid_examples_are_refused(block: Block) -> None:
    """An example of a mistake is refused, with exactly the message the page shows."""
    name = (block.marker or {}).get("name") or "<string>"
    with pytest.raises(negpos.InputError) as caught:
        negpos.loads(block.code, name=name)
    page_blocks = blocks(block.page)
    after = page_blocks[page_blocks.index(block) + 1 :]
    if after and after[0].marker is not None and after[0].marker[""] == "error":
        assert after[0].code.rstrip("\n") == str(caught.value)


def validate_blocks() -> list[Block]:
    return [b for b in all_blocks("text") if b.marker is not None and b.marker[""] == "validate"]


@pytest.mark.parametrize("block", validate_blocks(), ids=block_id)
def test_validate_output_is_what_the_page_shows(
    block: Block,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """``negpos validate`` on a page's invalid example prints the lines shown, and exits 2."""
    from negpos._cli.main import main

    name = (block.marker or {})["name"]
    above = blocks(block.page)[: blocks(block.page).index(block)]
    examples = [
        b for b in above if (b.marker or {}).get("name") == name and "invalid" in (b.marker or {})
    ]
    assert examples, f"{block.where}: no invalid example named {name} above"
    monkeypatch.chdir(tmp_path)
    (tmp_path / name).write_text(examples[-1].code, encoding="utf-8")
    status = main(["validate", name])
    assert (2, block.code) == (status, capsys.readouterr().err)


def test_format_page_has_every_kind_of_example() -> None:
    """The data-format page shows a one-file negotiation and a dataset folder."""
    on_page = {
        kind
        for kind in ("file", "dataset")
        for b in yaml_examples(kind)
        if b.page == ROOT / "docs" / "format.md"
    }
    assert {"file", "dataset"} == on_page


# --- the format reference hook ---------------------------------------------------------------


def load_hook() -> Any:
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "negpos_docs_schema", ROOT / "docs/hooks/schema.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_reference_documents_every_model_and_field() -> None:
    """The generated reference has a section for each schema model and a row for each field."""
    hook = load_hook()
    schema = negpos.json_schema()
    text = hook.render("models")
    for name, model in schema["$defs"].items():
        assert 1 == text.count(f"### {name} {{ #{hook.anchor(name)} }}")
        section = text.split(f"### {name} ")[1].split("\n### ")[0]
        for field in model.get("properties", {}):
            assert f"| `{field}` |" in section, f"{name}.{field}"


def test_reference_top_level_tables_match_the_schemas() -> None:
    """The negotiation-file and round-file tables list exactly the schemas' top-level fields."""
    hook = load_hook()
    for document in ("negotiation", "round"):
        rows = [r for r in hook.render(document).splitlines() if r.startswith("| `")]
        fields = [r.split("`")[1] for r in rows]
        assert list(negpos.json_schema(document)["properties"]) == fields


def test_reference_requires_the_kind_tag() -> None:
    """``kind`` is required in the reference, as the loader requires it, despite its default."""
    hook = load_hook()
    section = hook.render("models").split("### NumericStance ")[1].split("\n### ")[0]
    assert "| `kind` | `numeric` | yes |" in section


def test_reference_reads_attribute_sections() -> None:
    """Field descriptions come from a docstring's Attributes section, continuation lines joined."""
    hook = load_hook()
    doc = (
        "Summary.\n\nAttributes:\n    a: First\n        line two.\n\n    b: Second.\n"
        "\nReturns:\n    x: no"
    )
    assert {"a": "First line two.", "b": "Second."} == hook.attributes(doc)


def test_page_markers_are_replaced() -> None:
    """The hook replaces each marker on a page and leaves other text alone."""
    hook = load_hook()
    page = "# T\n\n<!-- negpos:schema round -->\n\nafter\n"
    out = hook.on_page_markdown(page)
    assert out.startswith("# T\n\n| field | type | required | description |")
    assert out.endswith("\n\nafter\n")


def test_unknown_marker_is_an_error() -> None:
    """A misspelt marker stops the build instead of leaving a hole in the page."""
    hook = load_hook()
    with pytest.raises(ValueError, match="unknown schema marker 'rounds'"):
        hook.on_page_markdown("<!-- negpos:schema rounds -->\n")


# --- the picture of a report ------------------------------------------------------------------

SCREENSHOT = ROOT / "docs" / "assets" / "report-june-2025.png"


def test_home_page_picture_is_a_png_the_page_shows() -> None:
    """The report's picture is a modest PNG, and the home page shows it with alt text."""
    data = SCREENSHOT.read_bytes()
    assert b"\x89PNG\r\n\x1a\n" == data[:8]
    assert b"IHDR" == data[12:16]
    width, height = struct.unpack(">II", data[16:24])
    assert (1280, 1600) == (width, height)
    assert len(data) < 400 * 1024
    home = (ROOT / "docs" / "index.md").read_text(encoding="utf-8")
    assert "![The top of the HTML round report" in home
    assert "](assets/report-june-2025.png)" in home


# --- the site --------------------------------------------------------------------------------


def nav_pages(entries: Any) -> list[str]:
    """The page paths of an mkdocs navigation, in order, sections flattened."""
    found: list[str] = []
    for entry in entries:
        value = next(iter(entry.values())) if isinstance(entry, dict) else entry
        found += nav_pages(value) if isinstance(value, list) else [value]
    return found


def test_navigation_and_api_page_list_each_thing_once() -> None:
    """No page appears twice in the navigation, and no module twice on the API page."""
    import yaml

    class ConfigLoader(yaml.SafeLoader):
        """A safe loader that reads mkdocs' own tags (``!relative``, ``!ENV``) as plain text."""

    ConfigLoader.add_multi_constructor(
        "!", lambda loader, _suffix, node: loader.construct_scalar(node)
    )
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config = yaml.load(text, Loader=ConfigLoader)
    pages = nav_pages(config["nav"])
    assert sorted(set(pages)) == sorted(pages)
    assert sorted(f"api/{p.name}" for p in API_PAGES) == sorted(
        p for p in pages if p.startswith("api/")
    )
    documented = api_directives()
    assert sorted(set(documented)) == sorted(documented)


#: The pages of the API reference, one per area.
API_PAGES = sorted((ROOT / "docs" / "api").glob("*.md"))


def api_directives() -> list[str]:
    """What the ``:::`` directives of the API pages document, in page order."""
    return [
        line.split()[1]
        for page in API_PAGES
        for line in page.read_text(encoding="utf-8").splitlines()
        if line.startswith("::: ")
    ]


def public_names() -> list[str]:
    """Every public name: those of ``negpos`` and of its two public modules."""
    from negpos import scenarios, strategies

    return [
        *(f"negpos.{n}" for n in negpos.__all__),
        *(f"negpos.scenarios.{n}" for n in scenarios.__all__),
        *(f"negpos.strategies.{n}" for n in strategies.__all__),
    ]


def test_the_api_reference_documents_every_public_name_once() -> None:
    """Each public name has its own directive on one page, or its whole module has one."""
    documented = api_directives()
    missing = [
        name
        for name in public_names()
        if name not in documented and name.rpartition(".")[0] not in documented
    ]
    assert [] == missing
    # negpos itself is documented name by name, its two modules whole.
    assert "negpos" not in documented
    assert {"negpos.scenarios", "negpos.strategies"} <= set(documented)


def load_outputs_hook() -> Any:
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "negpos_docs_outputs", ROOT / "docs/hooks/outputs.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("page", PAGES, ids=page_id)
def test_the_site_sets_every_output_block_apart(page: Path) -> None:
    """Every block marked as an output or an error gets its class and title in the site.

    The hook rewrites the fence's opening line only, so the doc tests, which read the
    sources, read the same blocks, and the blocks' text is unchanged.
    """
    hook = load_outputs_hook()
    source = page.read_text(encoding="utf-8")
    marked = [b for b in blocks(page) if b.marker is not None and b.marker[""] in hook.KINDS]
    shown = hook.mark_outputs(source)
    for kind, title in hook.KINDS.items():
        count = sum(1 for b in marked if b.marker is not None and b.marker[""] == kind)
        assert count == shown.count(f'.negpos-{kind} title="{title}" }}'), kind
    assert len(source.splitlines()) == len(shown.splitlines())


def mkdocs_command() -> list[str] | None:
    here = Path(sys.executable).parent / "mkdocs"
    if here.exists():
        return [str(here)]
    found = shutil.which("mkdocs")
    return [found] if found else None


@pytest.mark.slow
def test_site_builds_strictly(tmp_path: Path) -> None:
    """``mkdocs build --strict`` succeeds offline and writes every page of the navigation."""
    command = mkdocs_command()
    if command is None:
        pytest.skip("mkdocs is not installed (pip install -e '.[docs]')")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    site = tmp_path / "site"
    result = subprocess.run(
        [*command, "build", "--strict", "--site-dir", str(site)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert 0 == result.returncode, result.stderr
    pages = (
        "index.html",
        "tutorial/index.html",
        "howto/compare-parties/index.html",
        "howto/track-changes/index.html",
        "howto/notebooks/index.html",
        "howto/custom-goal/index.html",
        "format/index.html",
        "conventions/index.html",
        "api/index.html",
        *(f"api/{p.stem}/index.html" for p in API_PAGES if p.stem != "index"),
        "changelog/index.html",
    )
    for page in pages:
        assert (site / page).is_file(), page
    tutorial = (site / "tutorial" / "index.html").read_text(encoding="utf-8")
    assert '<div class="negpos-output highlight"><span class="filename">Output</span>' in tutorial
    assert SCREENSHOT.read_bytes() == (site / "assets" / "report-june-2025.png").read_bytes()
    reference = (site / "format" / "index.html").read_text(encoding="utf-8")
    for name in negpos.json_schema()["$defs"]:
        assert f'id="model-{name.lower()}"' in reference, name
    api = "".join(
        path.read_text(encoding="utf-8") for path in sorted((site / "api").rglob("*.html"))
    )
    for name in public_names():
        assert f'id="{name}"' in api, name


def _breaks_at_the_prompt(code: str) -> int | None:
    """The first line that fails when the block is pasted line by line at the ``>>>`` prompt.

    The prompt ends an indented body at the first blank line and needs a blank line before a
    line that dedents out of one; ``codeop`` compiles each line as the prompt does, without
    running anything. None when the block pastes whole.
    """
    import codeop
    import warnings

    buffer: list[str] = []
    for i, line in enumerate(code.split("\n")):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                complete = codeop.compile_command("\n".join([*buffer, line]), "<stdin>", "single")
        except (SyntaxError, ValueError, OverflowError):
            return i
        buffer = [*buffer, line] if complete is None else []
    return None


@pytest.mark.parametrize("page", PYTHON_PAGES, ids=page_id)
def test_python_blocks_paste_into_the_prompt(page: Path) -> None:
    """Each Python block of a page works pasted into the plain interactive prompt."""
    for block in blocks(page):
        if block.lang != "python":
            continue
        broken = _breaks_at_the_prompt(block.code)
        assert broken is None, (
            f"{block.where}: pasted at the prompt, line {block.line + broken + 1} fails "
            f"({block.code.splitlines()[broken]!r}); a blank line must end each indented "
            "body, and none may sit inside one"
        )
