"""Write the Colab edition of every chapter: the same notebook, in plain Markdown.

The chapters' Markdown cells use MyST (roles such as ``{term}``, directives such
as ``:::{exercise}``), which the book renders and Colab shows raw. For each
chapter that `_toc.yml` lists, this script writes `colab/<name>.ipynb`: the same
code cells with the same stored outputs, and Markdown cells with the MyST turned
into plain Markdown. Glossary terms, citations and page references become links
to the book online (`html.baseurl` in `_config.yml`); equations, figures and
exercises carry the numbers the chapter's page shows (Sphinx counts them through
the whole book); glued numbers are pasted in from the stored outputs; the set-up
and solution code cells open collapsed (Colab's form view). Anything MyST the script does not know stops it,
with a list of what and where.

The editions are generated files: edit the chapter, then run `make colab`.
`--check` writes nothing and fails when an edition differs from what the chapter
gives (`tests/test_colab_edition.py` runs the same comparison).

Usage: python scripts/colab_edition.py [--check] [chapters/NN_name.ipynb ...]
(default: every chapter in `_toc.yml`)
"""

from __future__ import annotations

import argparse
import ast
import copy
import json
import re
import sys
import textwrap
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat
import yaml

ROOT = Path(__file__).resolve().parent.parent
CHAPTER_DIR = "chapters"
EDITION_DIR = "colab"
"""The editions live in `colab/`, one per chapter, under the chapter's file name."""

SOLUTION_TITLE = "#@title Solution (double-click to show the code)"
HIDDEN_TITLE = "#@title {title} (double-click to show the code)"
FORM_VIEW = {"cellView": "form"}
"""Colab shows a code cell with this metadata as its `#@title` line and a "Show code" link."""

ADMONITIONS = {
    "admonition": "",
    "attention": "Attention",
    "caution": "Caution",
    "danger": "Danger",
    "error": "Error",
    "hint": "Hint",
    "important": "Important",
    "note": "Note",
    "seealso": "See also",
    "tip": "Tip",
    "warning": "Warning",
}
LANGUAGES = {".py": "python", ".sh": "bash", ".yml": "yaml", ".yaml": "yaml", ".json": "json", ".toml": "toml"}

ROLE = re.compile(r"\{(?P<name>[A-Za-z][\w:.+-]*)\}`(?P<content>[^`]+)`")
FENCE = re.compile(r"^(?P<indent>\s*)(?P<fence>`{3,}|~{3,}|:{3,})(?P<info>.*)$")
DIRECTIVE = re.compile(r"^\{(?P<name>[A-Za-z][\w:-]*)\}\s*(?P<argument>.*)$")
OPTION = re.compile(r"^:(?P<key>[\w-]+):\s*(?P<value>.*)$")
MATH_CLOSE = re.compile(r"^(?P<body>.*?)\$\$\s*(?:\((?P<label>[^()\s]+)\))?\s*$")
TITLED = re.compile(r"^(?P<text>.*?)\s*<(?P<target>[^<>]+)>$", re.DOTALL)
GLUE_PREFIX = "application/papermill.record/"

LEFTOVERS = {
    "role": re.compile(r"\{[A-Za-z][\w:.+-]*\}`"),
    "colon directive": re.compile(r":::+\s*\{"),
    "backtick directive": re.compile(r"```+\s*\{"),
    "equation label": re.compile(r"\$\$\s*\([^()\s]+\)"),
    "target": re.compile(r"^\s*\([\w:.-]+\)=\s*$", re.MULTILINE),
    "substitution": re.compile(r"\{\{\s*[\w.]+\s*\}\}"),
    "bare colon fence": re.compile(r"^\s*:::+\s*$", re.MULTILINE),
}
"""MyST that must not survive into an edition, by name (checked outside code)."""


class EditionError(ValueError):
    """The chapter holds MyST the script cannot turn into plain Markdown."""


class MissingGlueError(EditionError):
    """The chapter's text pastes glued values that the notebook has not stored (not executed)."""


@dataclass(frozen=True)
class Reference:
    """What an author-year citation shows of one bibliography entry."""

    authors: str
    year: str


@dataclass(frozen=True)
class Counts:
    """How many numbered equations, figures and exercises come before a page (or are on it)."""

    equations: int = 0
    figures: int = 0
    exercises: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            self.equations + other.equations, self.figures + other.figures, self.exercises + other.exercises
        )


@dataclass(frozen=True)
class Book:
    """What the conversions need from the book: its address, glossary and bibliography."""

    root: Path
    base_url: str
    glossary: dict[str, str]
    """Each glossary term, lower-cased (as Sphinx matches `{term}`), to its spelling in the glossary."""
    bibliography: dict[str, Reference]
    counts: dict[str, Counts] = field(default_factory=dict)
    """For each page, the numbered equations, figures and exercises before it (`book_counts`)."""

    def url(self, docname: str, anchor: str = "") -> str:
        return f"{self.base_url}{docname}.html" + (f"#{anchor}" if anchor else "")


@dataclass
class Page:
    """One chapter while it is converted: its numbering, glued values and position."""

    docname: str
    equations: dict[str, int]
    figures: dict[str, int]
    exercises: dict[str, int]
    glue: dict[str, str]
    start: Counts = field(default_factory=Counts)
    """The numbered items of the pages before this one."""
    end: Counts = field(default_factory=Counts)
    cell: int = 0
    exercise_count: int = 0
    figure_count: int = 0
    solution: str | None = None
    problems: list[str] = field(default_factory=list)
    missing_glue: list[str] = field(default_factory=list)

    def problem(self, message: str) -> None:
        self.problems.append(f"cell {self.cell}: {message}")


# --- The book ------------------------------------------------------------------------


def load_config(root: Path = ROOT) -> dict[str, Any]:
    return yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8"))


def base_url(config: dict[str, Any]) -> str:
    """The address of the built book online, `html.baseurl` in `_config.yml`, ending in '/'."""
    url = str((config.get("html") or {}).get("baseurl") or "").strip()
    if not url.startswith("https://"):
        raise EditionError(f"html.baseurl in _config.yml must be the book's https address, got {url!r}")
    return url.rstrip("/") + "/"


def glossary_terms(text: str) -> list[str]:
    """The terms of the `{glossary}` directive in `text`, in order (Sphinx's definition-list form)."""
    terms: list[str] = []
    inside = False
    for line in text.splitlines():
        if not inside:
            inside = bool(re.match(r"^(`{3,}|:{3,})\{glossary\}", line))
            continue
        if re.match(r"^(`{3,}|:{3,})\s*$", line):
            break
        if line.strip() and not line[0].isspace() and not line.startswith(":"):
            terms.append(line.strip())
    return terms


def make_id(term: str) -> str:
    """Sphinx's `_make_id` (exact for ASCII terms): runs of other characters become one hyphen."""
    ascii_term = unicodedata.normalize("NFKD", term).encode("ascii", "ignore").decode("ascii")
    node_id = re.sub(r"[^a-zA-Z0-9._]+", "-", " ".join(ascii_term.split()))
    return re.sub(r"^[-0-9._]+|-+$", "", node_id)


def term_anchor(term: str) -> str:
    """The id Sphinx gives a glossary entry: `term-` and the term, as written there."""
    return make_id(f"term-{term}")


def author_names(last_names: list[str]) -> str:
    """'A', 'A and B', or 'A et al.' for three or more authors (sphinxcontrib-bibtex's author_year)."""
    if not last_names:
        raise EditionError("a bibliography entry has no author")
    if len(last_names) == 1:
        return last_names[0]
    if len(last_names) == 2:
        return f"{last_names[0]} and {last_names[1]}"
    return f"{last_names[0]} et al."


def load_bibliography(path: Path) -> dict[str, Reference]:
    """Author-year data of every entry of a BibTeX file, by key (names decoded from LaTeX)."""
    from pybtex.database import parse_file

    references = {}
    for key, entry in parse_file(str(path)).entries.items():
        persons = entry.persons.get("author") or entry.persons.get("editor") or []
        names = [
            " ".join(part.render_as("text") for part in (*person.rich_prelast_names, *person.rich_last_names))
            for person in persons
        ]
        references[key] = Reference(author_names(names), entry.fields.get("year", "n.d."))
    return references


def load_book(root: Path = ROOT) -> Book:
    config = load_config(root)
    glossary = {term.lower(): term for term in glossary_terms((root / "glossary.md").read_text(encoding="utf-8"))}
    bibliography: dict[str, Reference] = {}
    for name in config.get("bibtex_bibfiles", []):
        bibliography.update(load_bibliography(root / name))
    return Book(root, base_url(config), glossary, bibliography, book_counts(root))


def toc_chapters(root: Path = ROOT) -> list[Path]:
    """The chapter notebooks `_toc.yml` lists, in order."""
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    entries = [entry for part in toc.get("parts", []) for entry in part.get("chapters", [])]
    files = [root / f"{entry['file']}.ipynb" for entry in entries if "file" in entry]
    return [path for path in files if path.parent.name == CHAPTER_DIR and path.is_file()]


def edition_path(chapter: Path, root: Path = ROOT) -> Path:
    """Where a chapter's edition goes: `colab/<the chapter's file name>`."""
    return root / EDITION_DIR / chapter.name


def page_title(root: Path, docname: str) -> str:
    """The first heading of a page of the book, as `{doc}` shows it without a title."""
    for suffix in (".md", ".ipynb"):
        path = root / f"{docname}{suffix}"
        if not path.is_file():
            continue
        if suffix == ".md":
            lines = path.read_text(encoding="utf-8").splitlines()
        else:
            notebook = nbformat.read(path, as_version=4)
            markdown = [cell.source for cell in notebook.cells if cell.cell_type == "markdown"]
            lines = "\n".join(markdown).splitlines()
        for line in lines:
            if line.startswith("# "):
                return line[2:].strip()
        raise EditionError(f"{path.name} has no '# ' title")
    raise EditionError(f"no page {docname}.md or {docname}.ipynb in the book")


def resolve_docname(docname: str, target: str) -> str:
    """The docname `target` names from page `docname`: relative to its folder, or from the root with '/'."""
    if target.startswith("/"):
        parts: list[str] = []
        pieces = target.lstrip("/").split("/")
    else:
        parts = docname.split("/")[:-1]
        pieces = target.split("/")
    for piece in pieces:
        if piece == "..":
            if not parts:
                raise EditionError(f"{target!r} leaves the book")
            parts.pop()
        elif piece not in ("", "."):
            parts.append(piece)
    return "/".join(parts).removesuffix(".md").removesuffix(".ipynb")


# --- Glued values ----------------------------------------------------------------------


def glued_values(notebook: Any) -> dict[str, str]:
    """The text/plain of every value the notebook's code cells glued, by name (as myst-nb reads them)."""
    values: dict[str, str] = {}
    for cell in notebook.cells:
        for output in cell.get("outputs", []) if cell.cell_type == "code" else []:
            scrapbook = output.get("metadata", {}).get("scrapbook")
            if not scrapbook:
                continue
            prefix = scrapbook.get("mime_prefix", "")
            data = {key[len(prefix) :]: value for key, value in output.get("data", {}).items()}
            if "text/plain" in data:
                text = data["text/plain"]
                values[scrapbook["name"]] = "".join(text) if isinstance(text, list) else text
    return values


def format_glue(text: str, spec: str) -> str:
    """A glued text/plain formatted as `{glue:text}` does (myst-nb's own function)."""
    from myst_nb.core.variables import format_plain_text

    return format_plain_text(text, spec)


# --- Blocks: text, verbatim code, display math, directives ---------------------------------


@dataclass
class Text:
    lines: list[str]


@dataclass
class Verbatim:
    lines: list[str]


@dataclass
class Math:
    indent: str
    lines: list[str]
    """The equation between the `$$` delimiters."""
    label: str | None
    one_line: bool = False
    """Written `$$ ... $$` on one line."""


@dataclass
class Directive:
    indent: str
    name: str
    argument: str
    options: dict[str, str]
    body: list[str]


Block = Text | Verbatim | Math | Directive


def _closing(lines: list[str], start: int, fence: str) -> int:
    """Index of the line that closes `fence` (same character, at least as long), or len(lines)."""
    pattern = re.compile(rf"^\s*{re.escape(fence[0])}{{{len(fence)},}}\s*$")
    for index in range(start, len(lines)):
        if pattern.match(lines[index]):
            return index
    return len(lines)


def _dedent(lines: list[str], indent: str) -> list[str]:
    return [line[len(indent) :] if line.startswith(indent) else line.lstrip() for line in lines]


def _options(body: list[str]) -> tuple[dict[str, str], list[str]]:
    """Split a directive's body into its options (`:key: value` lines or a `---` YAML block) and content."""
    options: dict[str, str] = {}
    if body and body[0].strip() == "---":
        end = next((i for i in range(1, len(body)) if body[i].strip() == "---"), None)
        if end is None:
            raise EditionError("a directive's '---' options block is not closed")
        loaded = yaml.safe_load("\n".join(body[1:end])) or {}
        options = {str(key): str(value) for key, value in loaded.items()}
        body = body[end + 1 :]
    else:
        index = 0
        while index < len(body) and (match := OPTION.match(body[index].strip())):
            options[match["key"]] = match["value"].strip()
            index += 1
        body = body[index:]
    while body and not body[0].strip():
        body = body[1:]
    while body and not body[-1].strip():
        body = body[:-1]
    return options, body


def parse_blocks(source: str) -> list[Block]:
    """Split Markdown into prose, code fences, `$$` equations and MyST directives (CommonMark fences)."""
    lines = source.splitlines()
    blocks: list[Block] = []
    text: list[str] = []

    def flush() -> None:
        if text:
            blocks.append(Text(list(text)))
            text.clear()

    index = 0
    while index < len(lines):
        line = lines[index]
        fence = FENCE.match(line)
        stripped = line.strip()
        if fence and not (fence["fence"][0] == ":" and not fence["info"].strip().startswith("{")):
            flush()
            end = _closing(lines, index + 1, fence["fence"])
            directive = DIRECTIVE.match(fence["info"].strip())
            if directive:
                body = _dedent(lines[index + 1 : end], fence["indent"])
                options, content = _options(body)
                argument = directive["argument"].strip()
                blocks.append(Directive(fence["indent"], directive["name"], argument, options, content))
            else:
                blocks.append(Verbatim(lines[index : end + 1]))
            index = end + 1
        elif stripped.startswith("$$"):
            flush()
            indent = line[: len(line) - len(line.lstrip())]
            rest = stripped[2:]
            close = MATH_CLOSE.match(rest)
            if close and "$$" in rest:
                blocks.append(Math(indent, [close["body"].strip()], close["label"], one_line=True))
                index += 1
                continue
            equation = [rest] if rest.strip() else []
            end = index + 1
            while end < len(lines) and not (close := MATH_CLOSE.match(lines[end].strip())):
                equation.append(lines[end])
                end += 1
            if end == len(lines):
                raise EditionError("a '$$' equation is not closed")
            assert close is not None
            if close["body"].strip():
                equation.append(close["body"])
            blocks.append(Math(indent, _dedent(equation, indent), close["label"]))
            index = end + 1
        elif line.lstrip().startswith("%") and not line.lstrip().startswith("%%"):
            index += 1  # a MyST comment: not shown in the book either
        else:
            text.append(line)
            index += 1
    flush()
    return blocks


def walk(blocks: list[Block]) -> Iterator[Block]:
    """Every block, and the blocks inside directives, in reading order."""
    for block in blocks:
        yield block
        if isinstance(block, Directive) and block.name not in ("code-cell", "code-block", "code"):
            yield from walk(parse_blocks("\n".join(block.body)))


# --- Numbering ---------------------------------------------------------------------------


def figure_metadata(cell: Any) -> dict[str, Any] | None:
    """myst-nb's figure options of a code cell (`mystnb.figure`), or None."""
    figure = cell.get("metadata", {}).get("mystnb", {}).get("figure")
    return figure if cell.cell_type == "code" and isinstance(figure, dict) else None


def is_figure(cell: Any) -> bool:
    """A code cell that the book shows as a numbered figure: figure options and a stored image."""
    images = any(
        any(mime.startswith("image/") for mime in output.get("data", {}))
        for output in cell.get("outputs", [])
        if output.get("output_type") in ("display_data", "execute_result")
    )
    return figure_metadata(cell) is not None and images


def number_page(notebook: Any, docname: str, start: Counts = Counts()) -> Page:
    """Number the page's labelled equations, figures and exercises in order, after `start`.

    Sphinx numbers them through the whole book (`numfig` with an unnumbered table of
    contents), in the order of `_toc.yml`, so chapter 3's first equation is (5) on its
    page; `book_counts` gives the `start` of each chapter.
    """
    equations: dict[str, int] = {}
    figures: dict[str, int] = {}
    exercises: dict[str, int] = {}
    counts = start
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            for block in walk(parse_blocks(cell.source)):
                label = None
                if isinstance(block, Math):
                    label = block.label
                elif isinstance(block, Directive) and block.name == "math":
                    label = block.options.get("label")
                elif isinstance(block, Directive) and block.name == "exercise":
                    counts += Counts(exercises=1)
                    if "label" in block.options:
                        exercises[block.options["label"]] = counts.exercises
                elif isinstance(block, Directive) and block.name == "figure" and block.body:
                    counts += Counts(figures=1)
                if label:
                    counts += Counts(equations=1)
                    equations[label] = counts.equations
        elif is_figure(cell):
            counts += Counts(figures=1)
            name = (figure_metadata(cell) or {}).get("name")
            if name:
                figures[str(name)] = counts.figures
    page = Page(docname, equations, figures, exercises, glued_values(notebook), start=start)
    page.end = counts
    return page


def toc_docnames(root: Path = ROOT) -> list[str]:
    """Every page of the book in the order of `_toc.yml` (the root, then parts, chapters, sections)."""
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))

    def entries(items: list[dict[str, Any]]) -> Iterator[str]:
        for item in items:
            if "file" in item:
                yield str(item["file"])
            yield from entries(item.get("sections", []))

    names = [str(toc["root"])]
    for part in toc.get("parts", []):
        names += entries(part.get("chapters", []))
    names += entries(toc.get("chapters", []))
    return names


def read_page(root: Path, docname: str) -> Any:
    """A page of the book as a notebook (a Markdown page becomes one Markdown cell)."""
    path = root / f"{docname}.ipynb"
    if path.is_file():
        return nbformat.read(path, as_version=4)
    text = (root / f"{docname}.md").read_text(encoding="utf-8")
    return nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(text)])


def book_counts(root: Path = ROOT) -> dict[str, Counts]:
    """For each page, the numbered equations, figures and exercises of the pages before it."""
    starts: dict[str, Counts] = {}
    counts = Counts()
    for docname in toc_docnames(root):
        starts[docname] = counts
        counts = number_page(read_page(root, docname), docname, counts).end
    return starts


# --- Roles -----------------------------------------------------------------------------


def split_title(content: str) -> tuple[str | None, str]:
    """`text <target>` gives (text, target); `target` alone gives (None, target)."""
    match = TITLED.match(content.strip())
    if match and match["text"]:
        return match["text"].strip(), match["target"].strip()
    return None, content.strip()


def convert_term(content: str, page: Page, book: Book) -> str:
    text, target = split_title(content)
    term = book.glossary.get(target.lower())
    if term is None:
        page.problem(f"{{term}} {target!r} is not in glossary.md")
        return content
    return f"[{text or target}]({book.url('glossary', term_anchor(term))})"


def convert_cite(role: str, content: str, page: Page, book: Book) -> str:
    keys = [key.strip() for key in content.split(",") if key.strip()]
    unknown = [key for key in keys if key not in book.bibliography]
    if unknown:
        page.problem(f"{{{role}}} cites {', '.join(unknown)}, not in the bibliography")
        return content
    url = book.url("references")
    references = [book.bibliography[key] for key in keys]
    if role == "cite:t":
        return ", ".join(f"[{ref.authors} ({ref.year})]({url})" for ref in references)
    return "(" + "; ".join(f"[{ref.authors}, {ref.year}]({url})" for ref in references) + ")"


SENTENCE_START = re.compile(r"(?:\A|[.!?]\s+|\n\s*(?:[-*+>]\s+|\d+[.)]\s+)?)[*_\"]*\Z")


def convert_eq(content: str, page: Page, before: str = "") -> str:
    """'equation (N)', capitalised where a sentence starts (`before` is the text up to the role)."""
    number = page.equations.get(content.strip())
    if number is None:
        page.problem(f"{{eq}} {content!r}: no equation with that label in this chapter")
        return content
    word = "Equation" if SENTENCE_START.search(before) else "equation"
    return f"{word} ({number})"


def convert_doc(content: str, page: Page, book: Book) -> str:
    text, target = split_title(content)
    docname = resolve_docname(page.docname, target)
    try:
        title = text or page_title(book.root, docname)
    except EditionError as error:
        page.problem(f"{{doc}} {target!r}: {error}")
        return content
    return f"[{title}]({book.url(docname)})"


def convert_numref(role: str, content: str, page: Page) -> str:
    text, target = split_title(content)
    if target in page.figures:
        kind, number = "Figure", page.figures[target]
    elif target in page.exercises:
        kind, number = "Exercise", page.exercises[target]
    else:
        page.problem(f"{{{role}}} {target!r}: no figure or exercise with that name in this chapter")
        return content
    if text is None:
        return f"{kind} {number}"
    if role == "numref":
        return text.replace("%s", str(number)).replace("{number}", str(number))
    return text


def convert_glue(content: str, page: Page) -> str:
    key, _, spec = content.rpartition(":")
    if not key:
        key, spec = spec, ""
    if "::" in key:
        page.problem(f"{{glue:text}} {content!r} pastes from another notebook, which Colab cannot")
        return content
    if key not in page.glue:
        page.missing_glue.append(key)
        return content
    try:
        return format_glue(page.glue[key], spec)
    except (TypeError, ValueError) as error:
        page.problem(f"{{glue:text}} {content!r}: cannot format {page.glue[key]!r}: {error}")
        return content


def convert_role(name: str, content: str, page: Page, book: Book, before: str = "") -> str | None:
    """The plain Markdown for one role, or None for a role the script does not know.

    `before` is the text that precedes the role in its paragraph.
    """
    if name == "term":
        return convert_term(content, page, book)
    if name in ("cite", "cite:p", "cite:t"):
        return convert_cite("cite:p" if name == "cite" else name, content, page, book)
    if name == "eq":
        return convert_eq(content, page, before)
    if name == "doc":
        return convert_doc(content, page, book)
    if name in ("numref", "ref"):
        return convert_numref(name, content, page)
    if name in ("glue:text", "glue"):
        return convert_glue(content, page)
    if name == "math":
        return f"${content}$"
    return None


def map_inline(text: str, role: Callable[[re.Match[str]], str], code: Callable[[str], str]) -> str:
    """Rewrite each role with `role` and each code span with `code`, keeping the rest of `text`.

    `role` gets the match on `text`, so `match.string[: match.start()]` is what precedes it.
    """
    out: list[str] = []
    index = 0
    while index < len(text):
        match = ROLE.match(text, index)
        if match:
            out.append(role(match))
            index = match.end()
        elif text[index] == "`":
            run = re.match(r"`+", text[index:])
            assert run is not None
            ticks = run.group(0)
            close = re.compile(rf"(?<!`){ticks}(?!`)").search(text, index + len(ticks))
            end = close.end() if close else index + len(ticks)
            out.append(code(text[index:end]) if close else text[index:end])
            index = end
        else:
            out.append(text[index])
            index += 1
    return "".join(out)


def convert_inline(text: str, page: Page, book: Book) -> str:
    """Replace the roles in prose; leave code spans as they are."""

    def role(match: re.Match[str]) -> str:
        converted = convert_role(match["name"], match["content"], page, book, match.string[: match.start()])
        if converted is None:
            page.problem(f"unknown role {{{match['name']}}} in {match.group(0)!r}")
            return match.group(0)
        return converted

    return map_inline(text, role, lambda span: span)


# --- Blocks to Markdown ------------------------------------------------------------------


def _indent(lines: list[str], indent: str) -> list[str]:
    return [indent + line if line else line for line in lines]


def python_object_source(text: str, name: str) -> str | None:
    """The source of the class or function ``name`` (``Class.method`` for a method) in ``text``, as Sphinx's ``:pyobject:``."""
    nodes: list[ast.stmt] = ast.parse(text).body
    node = None
    for part in name.split("."):
        node = next((n for n in nodes if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
                     and n.name == part), None)
        if node is None:
            return None
        nodes = node.body
    lines = text.splitlines()
    start = min([d.lineno for d in node.decorator_list] + [node.lineno]) - 1
    return textwrap.dedent("\n".join(lines[start:node.end_lineno]))


def read_include(page: Page, book: Book, argument: str) -> Path:
    target = argument.strip()
    base = book.root if target.startswith("/") else (book.root / page.docname).parent
    path = (base / target.lstrip("/")).resolve()
    if not path.is_file():
        raise EditionError(f"included file {target!r} not found ({path})")
    return path


def convert_directive(block: Directive, page: Page, book: Book) -> list[str]:
    name = block.name
    body = "\n".join(block.body)
    if name == "exercise":
        page.exercise_count += 1
        heading = f"### Exercise {page.start.exercises + page.exercise_count}"
        heading += f" ({block.argument})" if block.argument else ""
        return [heading, "", *convert_markdown(body, page, book).splitlines()]
    if name == "solution-start":
        page.solution = block.argument or "solution"
        return ["**Solution.**"]
    if name == "solution-end":
        if page.solution is None:
            page.problem("{solution-end} without a {solution-start}")
        page.solution = None
        return []
    if name in ADMONITIONS:
        title = ADMONITIONS[name]
        if block.argument:
            title = f"{title}: {block.argument}" if title else block.argument
        title = convert_inline(title or "Note", page, book)
        content = convert_markdown(body, page, book).splitlines()
        return [f"> **{title}**", ">", *[f"> {line}" if line else ">" for line in content]]
    if name in ("code-cell", "code-block", "code"):
        language = block.argument.split()[0] if block.argument else ("python" if name == "code-cell" else "")
        return [f"```{language}", *block.body, "```"]
    if name == "math":
        label = block.options.get("label")
        tag = [f"\\tag{{{page.equations[label]}}}"] if label in page.equations else []
        return ["$$", *block.body, *tag, "$$"]
    if name == "include":
        try:
            path = read_include(page, book, block.argument)
        except EditionError as error:
            page.problem(str(error))
            return []
        return convert_markdown(path.read_text(encoding="utf-8"), page, book).splitlines()
    if name == "literalinclude":
        try:
            path = read_include(page, book, block.argument)
        except EditionError as error:
            page.problem(str(error))
            return []
        language = block.options.get("language") or LANGUAGES.get(path.suffix, "")
        unknown = set(block.options) - {"language", "pyobject"}
        if unknown:
            page.problem(f"literalinclude option(s) {sorted(unknown)} are not supported")
        text = path.read_text(encoding="utf-8")
        if "pyobject" in block.options:
            text = python_object_source(text, block.options["pyobject"])
            if text is None:
                page.problem(f"no {block.options['pyobject']} in {block.argument}")
                return []
        return [f"```{language}", *text.rstrip("\n").splitlines(), "```"]
    page.problem(f"unknown directive {{{name}}}")
    return [f"{{{name}}}"]


def convert_block(block: Block, page: Page, book: Book) -> list[str]:
    if isinstance(block, Text):
        return convert_inline("\n".join(block.lines), page, book).split("\n")
    if isinstance(block, Verbatim):
        return block.lines
    if isinstance(block, Math):
        number = page.equations.get(block.label) if block.label else None
        tag = f" \\tag{{{number}}}" if number is not None else ""
        if block.one_line:
            return [f"{block.indent}$${block.lines[0]}{tag}$$"]
        tag_line = [tag.strip()] if tag else []
        return _indent(["$$", *block.lines, *tag_line, "$$"], block.indent)
    return _indent(convert_directive(block, page, book), block.indent)


def closes(fence: str, marker: str, rest: str) -> bool:
    """Whether a line with fence `marker` followed by `rest` closes the code fence `fence`."""
    return marker[0] == fence[0] and len(marker) >= len(fence) and not rest.strip()


def tidy(lines: list[str]) -> str:
    """Join lines, dropping blank lines at the ends and repeated blank lines outside code fences."""
    out: list[str] = []
    fence: str | None = None
    for line in lines:
        match = re.match(r"^\s*(`{3,}|~{3,})(.*)$", line)
        if match:
            if fence is None:
                fence = match.group(1)
            elif closes(fence, match.group(1), match.group(2)):
                fence = None
        if fence is None and not line.strip() and (not out or not out[-1].strip()):
            continue
        out.append(line.rstrip() if fence is None else line)
    while out and not out[-1].strip():
        out.pop()
    return "\n".join(out)


def convert_markdown(source: str, page: Page, book: Book) -> str:
    """One Markdown cell (or directive body) without MyST."""
    try:
        blocks = parse_blocks(source)
    except EditionError as error:
        page.problem(str(error))
        return source
    return tidy([line for block in blocks for line in convert_block(block, page, book)])


def without_code(markdown: str) -> str:
    """Markdown with its fenced code blocks and code spans removed (where MyST is not MyST)."""
    kept: list[str] = []
    fence: str | None = None
    for line in markdown.splitlines():
        match = re.match(r"^\s*(`{3,}|~{3,})(.*)$", line)
        if fence is None and match and not match.group(2).strip().startswith("{"):
            fence = match.group(1)
            continue
        if fence is not None:
            if match and closes(fence, match.group(1), match.group(2)):
                fence = None
            continue
        kept.append(line)
    return map_inline("\n".join(kept), lambda match: match.group(0), lambda span: "")


def myst_leftovers(markdown: str) -> list[str]:
    """What MyST syntax a Markdown text still holds, as 'kind: excerpt' strings."""
    text = without_code(markdown)
    found = []
    for kind, pattern in LEFTOVERS.items():
        for match in pattern.finditer(text):
            found.append(f"{kind}: {text[match.start() : match.start() + 60].strip()!r}")
    return found


# --- Notebooks ----------------------------------------------------------------------------


def hidden_title(source: str) -> str:
    """The `#@title` of a collapsed cell: its first comment line up to a colon, else 'Hidden code'."""
    first = source.split("\n", 1)[0]
    comment = first.startswith("#") and not first.startswith("#@")
    title = first.lstrip("#").split(":", 1)[0].strip() if comment else ""
    return HIDDEN_TITLE.format(title=title or "Hidden code")


def in_form_view(cell: Any, title: str) -> Any:
    """A copy of a code cell that Colab shows collapsed under `title` (its outputs stay visible)."""
    cell = copy.deepcopy(cell)
    if not cell.source.startswith("#@title"):
        cell.source = f"{title}\n{cell.source}"
    cell.metadata.update(FORM_VIEW)
    return cell


def new_cell_id(base: str, suffix: str, taken: set[str]) -> str:
    """A cell id derived from `base` (stable from run to run), unique in the notebook."""
    stem = f"{base}-{suffix}"[:60]
    candidate, number = stem, 1
    while candidate in taken:
        number += 1
        candidate = f"{stem[:56]}-{number}"
    taken.add(candidate)
    return candidate


def banner(chapter: Path, book: Book) -> str:
    docname = f"{CHAPTER_DIR}/{chapter.stem}"
    return (
        f"*The Colab edition of [this chapter of the book]({book.url(docname)}), generated from "
        f"`{docname}.ipynb` by `scripts/colab_edition.py`: links lead to the book's glossary and bibliography, "
        "and the collapsed cells open with a double click.*"
    )


def convert_notebook(notebook: Any, chapter: Path, book: Book, start: Counts = Counts()) -> Any:
    """The Colab edition of one chapter notebook, numbered after `start`.

    Raises EditionError listing every problem.
    """
    docname = f"{CHAPTER_DIR}/{chapter.stem}"
    page = number_page(notebook, docname, start)
    edition = copy.deepcopy(notebook)
    taken = {cell.get("id", "") for cell in notebook.cells}
    cells = [nbformat.v4.new_markdown_cell(banner(chapter, book), id=new_cell_id("colab", "edition", taken))]
    for number, cell in enumerate(notebook.cells, start=1):
        page.cell = number
        if cell.cell_type == "markdown":
            converted = copy.deepcopy(cell)
            converted.source = convert_markdown(cell.source, page, book)
            if converted.source.strip():
                cells.append(converted)
            continue
        if cell.cell_type != "code":
            cells.append(copy.deepcopy(cell))
            continue
        if page.solution is not None:
            converted = in_form_view(cell, SOLUTION_TITLE)
        elif "hide-cell" in cell.metadata.get("tags", []) or "hide-input" in cell.metadata.get("tags", []):
            converted = in_form_view(cell, hidden_title(cell.source))
        else:
            converted = copy.deepcopy(cell)
        cells.append(converted)
        if is_figure(cell):
            page.figure_count += 1
            number = page.start.figures + page.figure_count
            caption = convert_inline(str((figure_metadata(cell) or {}).get("caption", "")).strip(), page, book)
            text = f"*Figure {number}. {caption}*" if caption else f"*Figure {number}.*"
            caption_id = new_cell_id(cell.get("id", "figure"), "caption", taken)
            cells.append(nbformat.v4.new_markdown_cell(text, id=caption_id))
    if page.solution is not None:
        page.problem(f"{{solution-start}} {page.solution} is never ended")
    for index, cell in enumerate(cells):
        if cell.cell_type == "markdown":
            page.problems += [f"left in edition cell {index}: {found}" for found in myst_leftovers(cell.source)]
    if page.missing_glue:
        names = ", ".join(sorted(set(page.missing_glue)))
        raise MissingGlueError(
            f"{chapter.name}: the text pastes glued values that the notebook has not stored ({names}); "
            f"execute it (scripts/execute_notebooks.py {CHAPTER_DIR}/{chapter.name}), then run `make colab`"
            + "".join(f"\n  {problem}" for problem in page.problems)
        )
    if page.problems:
        listing = "".join(f"\n  {problem}" for problem in page.problems)
        raise EditionError(f"{chapter.name}: MyST the Colab edition cannot carry:{listing}")
    edition.cells = cells
    nbformat.validate(edition)
    return edition


def build_edition(chapter: Path, book: Book | None = None) -> Any:
    """Read a chapter and return its edition, numbered as the book numbers it."""
    book = book or load_book()
    start = book.counts.get(f"{CHAPTER_DIR}/{chapter.stem}", Counts())
    return convert_notebook(nbformat.read(chapter, as_version=4), chapter, book, start)


def comparable(notebook: Any) -> dict[str, Any]:
    """A notebook as plain data without cell ids, for comparing an edition with a regenerated one."""
    data: dict[str, Any] = json.loads(nbformat.writes(nbformat.from_dict(notebook)))
    for cell in data.get("cells", []):
        cell.pop("id", None)
    return data


def write_edition(edition: Any, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(edition, path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="write nothing; fail on a missing or stale edition")
    parser.add_argument("chapters", nargs="*", type=Path, help="default: every chapter in _toc.yml")
    args = parser.parse_args(argv)
    book = load_book()
    chapters = [path.resolve() for path in args.chapters] or toc_chapters()
    failures = []
    for chapter in chapters:
        target = edition_path(chapter)
        try:
            edition = build_edition(chapter, book)
        except EditionError as error:
            failures.append(str(error))
            print(f"{chapter.name}: FAILED", file=sys.stderr)
            continue
        current = nbformat.read(target, as_version=4) if target.is_file() else None
        up_to_date = current is not None and comparable(current) == comparable(edition)
        if args.check:
            if not up_to_date:
                failures.append(f"{target.relative_to(ROOT)} is missing or stale: run `make colab`")
            print(f"{chapter.name}: {'up to date' if up_to_date else 'STALE'}")
        elif up_to_date:
            print(f"{target.relative_to(ROOT)}: unchanged")
        else:
            write_edition(edition, target)
            print(f"{target.relative_to(ROOT)}: written")
    for failure in failures:
        print(failure, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
