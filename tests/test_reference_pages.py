"""The reference pages cover what the chapters use.

Every ``{term}`` role in the book must name an entry of the glossary, and every
symbol the chapters write in their maths must be defined on the notation page.
Both checks read the committed files only (no TensorFlow), so they are fast.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = sorted((ROOT / "chapters").glob("*.ipynb"))
PAGES = sorted(ROOT.glob("*.md"))

# {term}`entry` or {term}`shown text <entry>`, as MyST writes the role.
TERM_ROLE = re.compile(r"\{term\}`([^`]+)`")
TERM_TARGET = re.compile(r"^(?:.*?)<([^<>]+)>\s*$", re.DOTALL)
GLOSSARY_BLOCK = re.compile(r"^```\{glossary\}[^\n]*\n(.*?)^```", re.DOTALL | re.MULTILINE)

MATH = re.compile(r"\$\$(.+?)\$\$|\$([^$\n]+?)\$", re.DOTALL)
# A letter (or \tilde h, \sigma, ...) with a subscript: W_h, h_{t-1}, \sigma_{\max}, P_\alpha.
SUBSCRIPTED = re.compile(
    r"(?<![\\A-Za-z])((?:\\tilde\s*)?\\?[A-Za-z]+)_(\\text\{[^{}]*\}|\{[^{}]*\}|\\[A-Za-z]+|[A-Za-z0-9])"
)
# Operators and formatting, not symbols of the book.
NOT_SYMBOLS = {r"\sum", r"\prod", r"\max", r"\min", r"\text", r"\mathrm", r"\operatorname"}
# Weight blocks, whose subscript always names a gate or part (W_h, U_i, b_f).
WEIGHT_BASES = {"W", "U", "b"}
# For any other letter, a subscript such as t, T, k, t-1, t+h-1 or 0 (with ,i or ,j) is a position in the
# sequence (h_t, h_{t-1}, x_T), which is not a new symbol; any other subscript is a name (d_x, P_\alpha).
POSITION = re.compile(r"^(?:[0-9]+|[tTkn](?:\s*[+-]\s*[A-Za-z0-9]+)*)(?:\s*,\s*[ij])?$")
# Letters a chapter uses for a passing example, defined where they are used (u, v: any vectors).
LOCAL_LETTERS = {"u", "v"}


def markdown_of(notebook: Path) -> str:
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    return "\n".join("".join(cell["source"]) for cell in cells if cell["cell_type"] == "markdown")


def term_target(role_text: str) -> str:
    match = TERM_TARGET.match(role_text)
    return (match.group(1) if match else role_text).strip()


def glossary_entries(text: str) -> set[str]:
    """The terms of every ``{glossary}`` block: its unindented, non-empty lines."""
    blocks = GLOSSARY_BLOCK.findall(text)
    assert blocks, "glossary.md has no ```{glossary} block, so no {term} role can resolve"
    entries = set()
    for block in blocks:
        for line in block.splitlines():
            if line.strip() and not line[0].isspace():
                entries.add(line.split(" : ")[0].strip())
    return entries


def symbols_in(text: str) -> set[str]:
    """Subscripted symbols in the maths of ``text``, with position subscripts written as ``_t``."""
    symbols = set()
    for match in MATH.finditer(text):
        maths = match.group(1) or match.group(2)
        for base, subscript in SUBSCRIPTED.findall(maths):
            base = re.sub(r"\s+", " ", base)
            if base in NOT_SYMBOLS or base in LOCAL_LETTERS:
                continue
            if subscript.startswith(r"\text"):
                continue  # a label spelled out where it is used, such as p_\text{LSTM}
            name = subscript.strip("{}").strip()
            symbols.add(f"{base}_t" if base not in WEIGHT_BASES and POSITION.match(name) else f"{base}_{name}")
    return symbols


def test_term_target_follows_myst_syntax() -> None:
    assert term_target("vanishing gradient") == "vanishing gradient"
    assert term_target("tokens <token>") == "token"
    assert term_target("F1 <F1 score>") == "F1 score"


def test_symbols_in_normalises_positions_and_keeps_names() -> None:
    found = symbols_in(
        r"$h_t = \tanh(x_t W_x + h_{t-1} W_h + b)$ and $$\sigma_{\max}(W_h)^{T-k} P_\alpha(c) \sum_i u_j p_\text{LSTM}$$"
    )
    assert found == {"h_t", "x_t", "W_x", "W_h", r"\sigma_\max", r"P_\alpha"}


def test_a_missing_glossary_entry_or_symbol_is_caught() -> None:
    """The checks below can fail: an unknown term and an undefined symbol are reported."""
    entries = {entry.lower() for entry in glossary_entries("```{glossary}\nloss\n  The number.\n```\n")}
    assert term_target("losses <loss>").lower() in entries
    assert term_target("gradient").lower() not in entries
    assert symbols_in("$W_q$") - symbols_in("$W_h$ and $h_t$") == {"W_q"}


def test_every_term_role_resolves_to_a_glossary_entry() -> None:
    entries = {entry.lower() for entry in glossary_entries((ROOT / "glossary.md").read_text(encoding="utf-8"))}
    sources = {path.relative_to(ROOT).as_posix(): markdown_of(path) for path in CHAPTERS}
    sources.update({path.name: path.read_text(encoding="utf-8") for path in PAGES})
    roles = [(name, term_target(role)) for name, text in sources.items() for role in TERM_ROLE.findall(text)]
    assert roles, "no {term} role found: the pattern no longer matches how the book writes them"
    # Sphinx looks glossary terms up without regard to case.
    unknown = sorted({f"{name}: {target!r}" for name, target in roles if target.lower() not in entries})
    assert not unknown, "{term} roles without a glossary entry:\n" + "\n".join(unknown)


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda path: path.stem)
def test_every_symbol_of_a_chapter_is_on_the_notation_page(chapter: Path) -> None:
    defined = symbols_in((ROOT / "notation.md").read_text(encoding="utf-8"))
    missing = sorted(symbols_in(markdown_of(chapter)) - defined)
    assert not missing, f"{chapter.name} writes symbols that notation.md does not define: {missing}"


def test_the_notation_page_names_the_sizes_once() -> None:
    """The parameter-count sizes have one pair of names, d_x and d_h, and no chapter uses another."""
    notation = (ROOT / "notation.md").read_text(encoding="utf-8")
    assert {"d_x", "d_h"} <= symbols_in(notation)
    for chapter in CHAPTERS:
        sizes = {symbol for symbol in symbols_in(markdown_of(chapter)) if symbol.startswith("d_") and symbol != "d_t"}
        assert sizes <= {"d_x", "d_h"}, f"{chapter.name} names the sizes {sorted(sizes)}; notation.md uses d_x and d_h"
        plain = re.findall(r"4\s*[a-z]\s*\(\s*[a-z]\s*\+", markdown_of(chapter))  # e.g. 4u(d + u), sizes without subscripts
        assert not plain, f"{chapter.name} writes a parameter count with plain sizes {plain}; notation.md uses d_x and d_h"
