"""The Colab editions (`colab/*.ipynb`): each conversion, freshness, no MyST left, the button.

`scripts/colab_edition.py` turns each chapter's MyST into plain Markdown for Colab.
The unit tests feed it small made-up Markdown; the others check the committed
editions against the chapters and the launch-button extension's URL mapping.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent


def _load(name: str, path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up here
    spec.loader.exec_module(module)
    return module


ce = _load("colab_edition", ROOT / "scripts" / "colab_edition.py")
button = _load("colab_edition_button", ROOT / "_ext" / "colab_edition_button.py")

BOOK = ce.load_book()
BASE = BOOK.base_url
CHAPTERS = ce.toc_chapters()


def page(**numbers: Any) -> Any:
    """A made-up chapter page with the given equation, figure, exercise and glue tables."""
    return ce.Page(
        "chapters/99_test",
        numbers.get("equations", {}),
        numbers.get("figures", {}),
        numbers.get("exercises", {}),
        numbers.get("glue", {}),
        start=numbers.get("start", ce.Counts()),
    )


def convert(markdown: str, test_page: Any = None) -> str:
    test_page = test_page if test_page is not None else page()
    out = ce.convert_markdown(markdown, test_page, BOOK)
    assert not test_page.problems, test_page.problems
    return out


def notebook(*cells: Any) -> Any:
    kernelspec = {"name": "python3", "display_name": "Python 3"}
    return nbformat.v4.new_notebook(cells=list(cells), metadata={"kernelspec": kernelspec})


def glue_output(name: str, text: str) -> Any:
    return nbformat.v4.new_output(
        "display_data",
        data={f"{ce.GLUE_PREFIX}text/plain": text},
        metadata={"scrapbook": {"name": name, "mime_prefix": ce.GLUE_PREFIX}},
    )


def image_output() -> Any:
    return nbformat.v4.new_output("display_data", data={"image/png": "iVBORw0KGgo=", "text/plain": "<Figure>"})


# --- The book's address, glossary and bibliography ------------------------------------------


def test_base_url_comes_from_config() -> None:
    assert ce.base_url({"html": {"baseurl": "https://example.org/book"}}) == "https://example.org/book/"
    with pytest.raises(ce.EditionError, match="html.baseurl"):
        ce.base_url({"html": {}})
    assert BASE.startswith("https://") and BASE.endswith("/")


@pytest.mark.parametrize(
    ("term", "anchor"),
    [
        ("recurrent neural network", "term-recurrent-neural-network"),
        ("AUC", "term-AUC"),
        ("F1 score", "term-F1-score"),
        ("out-of-vocabulary", "term-out-of-vocabulary"),
        ("TF-IDF", "term-TF-IDF"),
    ],
)
def test_term_anchor_follows_sphinx(term: str, anchor: str) -> None:
    assert ce.term_anchor(term) == anchor


def test_term_anchors_match_the_built_glossary() -> None:
    built = ROOT / "_build" / "html" / "glossary.html"
    if not built.is_file():
        pytest.skip("no built book in _build/html")
    html = built.read_text(encoding="utf-8")
    for term in BOOK.glossary.values():
        assert f'id="{ce.term_anchor(term)}"' in html, term


def test_glossary_terms_are_read_from_the_directive() -> None:
    text = "# Glossary\n\n```{glossary}\nfirst term\n  Its definition.\n\nAUC\n  Area.\n```\n\nafter\n"
    assert ce.glossary_terms(text) == ["first term", "AUC"]


@pytest.mark.parametrize(
    ("names", "shown"),
    [
        (["Elman"], "Elman"),
        (["Hochreiter", "Schmidhuber"], "Hochreiter and Schmidhuber"),
        (["A", "B", "C"], "A et al."),
    ],
)
def test_author_names(names: list[str], shown: str) -> None:
    assert ce.author_names(names) == shown


def test_bibliography_decodes_latex_and_keeps_von_parts() -> None:
    assert BOOK.bibliography["hochreiter1997long"] == ce.Reference("Hochreiter and Schmidhuber", "1997")
    assert BOOK.bibliography["maas2011learning"] == ce.Reference("Maas et al.", "2011")


# --- Roles ----------------------------------------------------------------------------------


def test_term_becomes_a_glossary_link() -> None:
    assert convert("An {term}`LSTM cell <cell state>` and an {term}`auc`.") == (
        f"An [LSTM cell]({BASE}glossary.html#term-cell-state) and an [auc]({BASE}glossary.html#term-AUC)."
    )


def test_unknown_term_is_a_problem() -> None:
    test_page = page()
    ce.convert_markdown("a {term}`no such term`", test_page, BOOK)
    assert any("no such term" in problem for problem in test_page.problems)


def test_cite_forms() -> None:
    refs = f"{BASE}references.html"
    assert convert("LSTMs {cite}`hochreiter1997long`.") == f"LSTMs ([Hochreiter and Schmidhuber, 1997]({refs}))."
    assert convert("{cite:p}`elman1990finding,maas2011learning`") == (
        f"([Elman, 1990]({refs}); [Maas et al., 2011]({refs}))"
    )
    assert convert("{cite:t}`hochreiter1997long` showed") == f"[Hochreiter and Schmidhuber (1997)]({refs}) showed"


def test_unknown_citation_is_a_problem() -> None:
    test_page = page()
    ce.convert_markdown("{cite}`nobody2099`", test_page, BOOK)
    assert test_page.problems


def test_eq_becomes_equation_number_and_capitalised_at_sentence_start() -> None:
    test_page = page(equations={"rec": 4})
    assert convert("by {eq}`rec`, and ({eq}`rec`).", test_page) == "by equation (4), and (equation (4))."
    assert convert("{eq}`rec` holds. {eq}`rec` too.\n- {eq}`rec`", test_page) == (
        "Equation (4) holds. Equation (4) too.\n- Equation (4)"
    )


def test_labelled_equation_loses_its_label_and_gets_a_tag() -> None:
    test_page = page(equations={"rec": 3})
    assert convert("$$\nh = 1\n$$ (rec)\n\n$$x$$ (rec)", test_page) == "$$\nh = 1\n\\tag{3}\n$$\n\n$$x \\tag{3}$$"
    assert convert("$$\nh = 1\n$$") == "$$\nh = 1\n$$"


def test_doc_becomes_a_link_with_the_page_title() -> None:
    assert convert("see {doc}`../troubleshooting` and {doc}`this page <../references>`") == (
        f"see [Troubleshooting]({BASE}troubleshooting.html) and [this page]({BASE}references.html)"
    )


def test_numref_and_ref_name_figures_and_exercises() -> None:
    test_page = page(figures={"fig-a": 7}, exercises={"ex-b": 2})
    assert convert("{numref}`fig-a` and {ref}`ex-b`; {numref}`Plot %s <fig-a>`", test_page) == (
        "Figure 7 and Exercise 2; Plot 7"
    )


def test_glue_text_pastes_the_stored_value_formatted() -> None:
    test_page = page(glue={"acc": "0.91234", "n": "25000", "word": "'tie'"})
    text = "{glue:text}`acc:.1%`, {glue:text}`n:,`, {glue:text}`word`, {glue:text}`acc:.2f`"
    assert convert(text, test_page) == "91.2%, 25,000, tie, 0.91"


def test_missing_glue_is_reported_by_name() -> None:
    chapter = ROOT / "chapters" / "99_test.ipynb"
    cells = [nbformat.v4.new_markdown_cell("Accuracy {glue:text}`acc:.2f`.")]
    with pytest.raises(ce.MissingGlueError, match=r"not stored \(acc\).*make colab"):
        ce.convert_notebook(notebook(*cells), chapter, BOOK)


def test_glued_values_are_read_from_scrapbook_outputs() -> None:
    cell = nbformat.v4.new_code_cell("glue('acc', 0.5)", outputs=[glue_output("acc", "0.5")])
    assert ce.glued_values(notebook(cell)) == {"acc": "0.5"}


def test_roles_inside_code_are_left_alone() -> None:
    text = "write `` {term}`x` `` or:\n\n```markdown\n{cite}`key`\n```"
    assert convert(text) == text


def test_unknown_role_is_a_problem() -> None:
    test_page = page()
    ce.convert_markdown("an {abbr}`LSTM (long short-term memory)`", test_page, BOOK)
    assert any("unknown role {abbr}" in problem for problem in test_page.problems)


# --- Directives -----------------------------------------------------------------------------


def test_exercise_becomes_a_numbered_heading() -> None:
    test_page = page(start=ce.Counts(exercises=6))
    text = ":::{exercise}\n:label: ex-a\n\nDo it with {eq}`e`.\n:::\n\n:::{exercise} Extra\nMore.\n:::"
    test_page.equations["e"] = 1
    expected = "### Exercise 7\n\nDo it with equation (1).\n\n### Exercise 8 (Extra)\n\nMore."
    assert convert(text, test_page) == expected


def test_solution_markers_become_a_solution_line() -> None:
    test_page = page()
    out = convert("```{solution-start} ex-a\n:class: dropdown\n```\n\nThe answer.", test_page)
    assert out == "**Solution.**\n\nThe answer."
    assert test_page.solution == "ex-a"
    assert convert("```{solution-end}\n```\n\n## Next", test_page) == "## Next"
    assert test_page.solution is None


@pytest.mark.parametrize("fence", [":::", "```"])
def test_admonition_becomes_a_blockquote(fence: str) -> None:
    assert convert(f"{fence}{{note}}\nKeras 3 removed it.\n\nUse {{term}}`padding`.\n{fence}") == (
        f"> **Note**\n>\n> Keras 3 removed it.\n>\n> Use [padding]({BASE}glossary.html#term-padding)."
    )
    assert convert(f"{fence}{{admonition}} Why\nBecause.\n{fence}") == "> **Why**\n>\n> Because."


def test_code_cell_directive_becomes_a_code_block() -> None:
    assert convert("```{code-cell} ipython3\nprint(1)\n```") == "```ipython3\nprint(1)\n```"
    assert convert("```{code-cell}\n:tags: [hide-input]\nprint(1)\n```") == "```python\nprint(1)\n```"


def test_literalinclude_inlines_the_file(tmp_path: Path) -> None:
    book = ce.Book(tmp_path, BASE, {}, {})
    (tmp_path / "chapters").mkdir()
    (tmp_path / "snippet.py").write_text("x = 1\n", encoding="utf-8")
    (tmp_path / "part.md").write_text("Included {term}`x`?\n", encoding="utf-8")
    test_page = page()
    out = ce.convert_markdown("```{literalinclude} ../snippet.py\n```", test_page, book)
    assert out == "```python\nx = 1\n```"
    (tmp_path / "rows.py").write_text("import keras\n\n\n@decorator\ndef run():\n    return 1\n\n\nclass A:\n    def f(self):\n        return 2\n")
    out = ce.convert_markdown("```{literalinclude} ../rows.py\n:pyobject: run\n```", test_page, book)
    assert out == "```python\n@decorator\ndef run():\n    return 1\n```"
    out = ce.convert_markdown("```{literalinclude} ../rows.py\n:pyobject: A.f\n```", test_page, book)
    assert out == "```python\ndef f(self):\n    return 2\n```"
    assert not test_page.problems
    ce.convert_markdown("```{literalinclude} ../rows.py\n:pyobject: missing\n```", test_page, book)
    ce.convert_markdown("```{literalinclude} ../rows.py\n:lines: 1-2\n```", test_page, book)
    assert "no missing" in test_page.problems[0] and "not supported" in test_page.problems[1]
    test_page.problems.clear()
    out = ce.convert_markdown("```{include} /part.md\n```", test_page, book)
    assert "not in glossary.md" in test_page.problems[0] and out == "Included x?"


def test_unknown_directive_is_a_problem() -> None:
    test_page = page()
    ce.convert_markdown("```{toctree}\nintro\n```", test_page, BOOK)
    assert any("unknown directive {toctree}" in problem for problem in test_page.problems)


def test_myst_comments_are_dropped_and_blank_lines_tidied() -> None:
    assert convert("% a comment\nText.\n\n\n\nMore.\n\n") == "Text.\n\nMore."


# --- Notebooks ------------------------------------------------------------------------------


def test_notebook_conversion_figures_solutions_and_hidden_cells() -> None:
    chapter = ROOT / "chapters" / "99_test.ipynb"
    setup = nbformat.v4.new_code_cell("# Set-up: install\nx = 1", metadata={"tags": ["hide-cell"]})
    figure = nbformat.v4.new_code_cell(
        "plot()",
        metadata={"mystnb": {"figure": {"caption": "A {term}`loss` curve.", "name": "fig-a"}}},
        outputs=[image_output()],
    )
    no_image = nbformat.v4.new_code_cell("plot()", metadata={"mystnb": {"figure": {"caption": "Unrun."}}})
    cells = [
        nbformat.v4.new_markdown_cell("# Title\n\nSee {numref}`fig-a`."),
        setup,
        figure,
        no_image,
        nbformat.v4.new_markdown_cell(":::{exercise}\n:label: ex-a\nQ?\n:::\n\n```{solution-start} ex-a\n```\nA."),
        nbformat.v4.new_code_cell("answer = 42", outputs=[nbformat.v4.new_output("stream", text="42\n")]),
        nbformat.v4.new_markdown_cell("```{solution-end}\n```"),
        nbformat.v4.new_code_cell("after = 1"),
    ]
    edition = ce.convert_notebook(notebook(*cells), chapter, BOOK, ce.Counts(figures=2, exercises=4))
    sources = [cell.source for cell in edition.cells]
    assert "*The Colab edition of" in sources[0]
    assert sources[1] == "# Title\n\nSee Figure 3."
    assert edition.cells[2].metadata == {"tags": ["hide-cell"], "cellView": "form"}
    assert sources[2] == "#@title Set-up (double-click to show the code)\n# Set-up: install\nx = 1"
    assert sources[4] == f"*Figure 3. A [loss]({BASE}glossary.html#term-loss) curve.*"
    assert edition.cells[5].source == "plot()"  # no stored image: no figure, no caption
    assert edition.cells[6].source == "### Exercise 5\n\nQ?\n\n**Solution.**\nA."
    solution = edition.cells[7]
    assert solution.metadata["cellView"] == "form"
    assert solution.source == f"{ce.SOLUTION_TITLE}\nanswer = 42"
    assert solution.outputs == cells[5].outputs
    assert edition.cells[8].source == "after = 1" and "cellView" not in edition.cells[8].metadata
    assert len(edition.cells) == 9  # the empty {solution-end} cell is gone
    assert len({cell.id for cell in edition.cells}) == len(edition.cells)


def test_unended_solution_is_a_problem() -> None:
    chapter = ROOT / "chapters" / "99_test.ipynb"
    cells = [nbformat.v4.new_markdown_cell("```{solution-start} ex-a\n```\nA.")]
    with pytest.raises(ce.EditionError, match="never ended"):
        ce.convert_notebook(notebook(*cells), chapter, BOOK)


@pytest.mark.parametrize(
    "markdown",
    ["a {term}`x`", ":::{note}", "```{note}", "$$ (eq-a)", "(target)=", "{{ name }}", ":::"],
)
def test_myst_leftovers_are_found(markdown: str) -> None:
    assert ce.myst_leftovers(f"text\n{markdown}\n")


def test_myst_leftovers_ignore_code_and_plain_markdown() -> None:
    text = "A [link](https://x.org), $x_{t}$, `{term}` and `` {cite}`k` ``.\n\n```python\nf'{x}'\n```\n"
    assert ce.myst_leftovers(text) == []


# --- The committed editions -------------------------------------------------------------------


def committed(chapter: Path) -> Any:
    path = ce.edition_path(chapter)
    if not path.is_file():
        message = f"no Colab edition {path.relative_to(ROOT)}: run `make colab`"
        try:
            ce.build_edition(chapter, BOOK)
        except ce.MissingGlueError as error:
            message += f", which cannot write it yet: {error}"
        pytest.fail(message)
    return nbformat.read(path, as_version=4)


def regenerated(chapter: Path) -> Any:
    try:
        return ce.build_edition(chapter, BOOK)
    except ce.MissingGlueError as error:
        pytest.fail(f"{error}\n(the chapter has not been executed since its glued values were added)")


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda path: path.stem)
def test_edition_is_up_to_date(chapter: Path) -> None:
    edition = regenerated(chapter)
    assert ce.comparable(committed(chapter)) == ce.comparable(edition), (
        f"{ce.edition_path(chapter).relative_to(ROOT)} differs from what {chapter.name} gives: run `make colab`"
    )


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda path: path.stem)
def test_edition_markdown_has_no_myst(chapter: Path) -> None:
    edition = committed(chapter)
    leftovers = [
        f"cell {index}: {found}"
        for index, cell in enumerate(edition.cells)
        if cell.cell_type == "markdown"
        for found in ce.myst_leftovers(cell.source)
    ]
    assert not leftovers, f"{ce.edition_path(chapter).name} still holds MyST:\n  " + "\n  ".join(leftovers)


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda path: path.stem)
def test_edition_keeps_code_and_outputs(chapter: Path) -> None:
    source = nbformat.read(chapter, as_version=4)
    edition = committed(chapter)
    code = [cell for cell in edition.cells if cell.cell_type == "code"]
    original = [cell for cell in source.cells if cell.cell_type == "code"]
    assert len(code) == len(original)
    for ours, theirs in zip(code, original, strict=True):
        body = ours.source
        if ours.metadata.get("cellView") == "form":
            title, _, body = body.partition("\n")
            assert title.startswith("#@title ")
        assert body == theirs.source
        assert ours.outputs == theirs.outputs
        assert {k: v for k, v in ours.metadata.items() if k != "cellView"} == theirs.metadata


def test_no_stray_editions() -> None:
    editions = {path.name for path in (ROOT / ce.EDITION_DIR).glob("*.ipynb")}
    assert editions <= {chapter.name for chapter in CHAPTERS}, "colab/ holds an edition of no chapter"


# --- The launch button ------------------------------------------------------------------------


def test_button_points_chapters_at_their_edition() -> None:
    url = "https://colab.research.google.com/github/o/r/blob/main/chapters/01_x.ipynb"
    assert button.edition_url(url, "chapters/01_x") == (
        "https://colab.research.google.com/github/o/r/blob/main/colab/01_x.ipynb"
    )
    assert button.edition_url("https://x/intro.ipynb", "intro") == "https://x/intro.ipynb"
    with pytest.raises(ValueError, match="does not end with"):
        button.edition_url("https://x/other.ipynb", "chapters/01_x")


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda path: path.stem)
def test_button_target_is_the_generated_edition(chapter: Path) -> None:
    relpath = button.edition_relpath(f"{ce.CHAPTER_DIR}/{chapter.stem}")
    assert relpath is not None
    assert ROOT / relpath == ce.edition_path(chapter)


def test_button_rewrites_only_the_colab_link() -> None:
    context: dict[str, Any] = {
        "header_buttons": [
            {
                "label": "launch-buttons",
                "buttons": [
                    {"text": "Binder", "url": "https://binder/chapters/01_x.ipynb"},
                    {"text": "Colab", "url": "https://colab/github/o/r/blob/main/chapters/01_x.ipynb"},
                ],
            }
        ]
    }
    (colab,) = button.colab_buttons(context)
    assert colab["text"] == "Colab"
    assert json.dumps(context).count("chapters/01_x.ipynb") == 2
