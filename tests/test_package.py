"""The shape of `helpers`: small, one job per module, no private imports, nothing unused, light modules light."""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MODULES = sorted((ROOT / "helpers").glob("*.py"))
LINE_BUDGET = 2_500
# Modules that need only NumPy (and matplotlib): importing them must not load TensorFlow.
NUMPY_ONLY = ["checks", "config", "rnn", "lstm", "tasks", "evaluation", "embeddings"]


def test_helpers_fits_its_line_budget() -> None:
    lines = sum(len(path.read_text().splitlines()) for path in MODULES)
    assert lines <= LINE_BUDGET, f"helpers/*.py has {lines} lines, more than {LINE_BUDGET}"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.stem)
def test_no_module_imports_another_modules_private_names(path: Path) -> None:
    private = [
        f"{node.module}.{alias.name}"
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("helpers")
        for alias in node.names
        if alias.name.startswith("_")
    ]
    assert not private, f"{path.name} imports private names: {private}"


def test_numpy_only_modules_do_not_load_tensorflow() -> None:
    present = [name for name in NUMPY_ONLY if (ROOT / "helpers" / f"{name}.py").is_file()]
    code = (
        "import sys\n"
        + "".join(f"import helpers.{name}\n" for name in present)
        + "loaded = [m for m in ('tensorflow', 'keras') if m in sys.modules]\n"
        + "assert not loaded, loaded\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr[-2000:]


def _public_names(path: Path) -> list[str]:
    names = []
    for node in ast.parse(path.read_text()).body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)) and not node.name.startswith("_"):
            names.append(node.name)
    return names


def _imported_names(text: str, module: str) -> set[str]:
    """Names that ``text`` takes from ``helpers.<module>``: ``from helpers.<module> import a, b`` or ``helpers.<module>.a``."""
    names = set()
    for block in re.findall(rf"from helpers\.{module} import (\([^)]*\)|[^\n]*)", text):
        names.update(name.strip() for name in re.split(r"[(),\s]+", block.split("#")[0]) if name.strip())
    names.update(re.findall(rf"helpers\.{module}\.(\w+)", text))
    return names


def _source(path: Path) -> str:
    """A Python file's text, or a notebook's code cells joined."""
    if path.suffix != ".ipynb":
        return path.read_text()
    cells = json.loads(path.read_text())["cells"]
    return "\n".join("".join(cell["source"]) for cell in cells if cell["cell_type"] == "code")


def test_every_public_function_is_used() -> None:
    """A chapter, a benchmark, a script or another helper imports every public function and class."""
    users = list(ROOT.glob("chapters/*.ipynb")) + list(ROOT.glob("benchmarks/**/*.py")) + list(ROOT.glob("scripts/*.py"))
    texts = {path: _source(path) for path in users + MODULES}
    unused = []
    for module in MODULES:
        imported = set().union(*(_imported_names(text, module.stem) for path, text in texts.items() if path != module))
        own = module.read_text()
        for name in _public_names(module):
            if name not in imported and len(re.findall(rf"\b{name}\b", own)) < 2:
                unused.append(f"{module.stem}.{name}")
    assert not unused, f"public helpers that nothing imports: {unused}"
