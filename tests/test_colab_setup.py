"""The Colab set-up cell: every chapter starts with the cell that `_config.yml` implies.

The repository's address is written once, in `_config.yml`. A chapter whose
first code cell differs from what `scripts/colab_setup_cell.py` generates from
that address (a changed URL, a hand-edited cell, a missing cell) fails here.
"""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path
from typing import Any

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = sorted((ROOT / "chapters").glob("*.ipynb"))

_spec = importlib.util.spec_from_file_location("colab_setup_cell", ROOT / "scripts" / "colab_setup_cell.py")
assert _spec is not None and _spec.loader is not None
colab_setup_cell = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(colab_setup_cell)

URL, BRANCH = colab_setup_cell.repository()
TAG = colab_setup_cell.release_tag()
EXPECTED = colab_setup_cell.setup_source(URL, TAG)


def first_code_cell(path: Path) -> dict[str, Any]:
    notebook = json.loads(path.read_text(encoding="utf-8"))
    return next(cell for cell in notebook["cells"] if cell["cell_type"] == "code")


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_first_code_cell_is_the_generated_setup_cell(path: Path) -> None:
    cell = first_code_cell(path)
    assert "".join(cell["source"]) == EXPECTED, (
        f"{path.name}: the first code cell is not the Colab set-up cell for {URL}; "
        "run `python scripts/colab_setup_cell.py`"
    )
    assert cell["metadata"].get("tags") == ["hide-cell"]
    assert cell["outputs"] == [], f"{path.name}: the set-up cell must produce no output outside Colab"


def test_setup_cell_installs_the_release_the_outputs_belong_to() -> None:
    # A tag from pyproject.toml's version, never a moving branch such as main.
    assert f'"git+{URL}@{TAG}"' in EXPECTED
    assert TAG != f"v{BRANCH}" and re.fullmatch(r"v\d+\.\d+\.\d+", TAG), TAG


def test_release_tag_reads_the_version(tmp_path: Path) -> None:
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text('[project]\nname = "x"\nversion = "1.2.3"\n')
    assert colab_setup_cell.release_tag(pyproject) == "v1.2.3"
    assert 'if "google.colab" in sys.modules' in EXPECTED
    assert "%pip install --quiet" in EXPECTED


def test_setup_cell_imports_neither_tensorflow_nor_keras() -> None:
    # The chapters' own set-up cell must set TF_CPP_MIN_LOG_LEVEL before the first import.
    assert "tensorflow" not in EXPECTED and "keras" not in EXPECTED


def test_repository_reads_url_and_branch_from_config(tmp_path: Path) -> None:
    config = tmp_path / "_config.yml"
    config.write_text("repository:\n  url: https://github.com/someone/else/\n  branch: dev\n")
    assert colab_setup_cell.repository(config) == ("https://github.com/someone/else", "dev")
    source = colab_setup_cell.setup_source(*colab_setup_cell.repository(config))
    assert '"git+https://github.com/someone/else@dev"' in source
    assert source != EXPECTED


def test_repository_rejects_a_missing_url(tmp_path: Path) -> None:
    config = tmp_path / "_config.yml"
    config.write_text("title: x\n")
    with pytest.raises(ValueError, match="repository.url"):
        colab_setup_cell.repository(config)


def _tiny_notebook(path: Path) -> Path:
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [
        nbformat.v4.new_markdown_cell("# Title"),
        nbformat.v4.new_code_cell("import os", execution_count=1),
        nbformat.v4.new_markdown_cell("Text."),
        nbformat.v4.new_code_cell("print(1)", execution_count=2, outputs=[
            nbformat.v4.new_output("stream", name="stdout", text="1\n"),
        ]),
    ]
    nbformat.write(notebook, path)
    return path


def test_apply_inserts_then_updates_then_leaves_alone(tmp_path: Path) -> None:
    path = _tiny_notebook(tmp_path / "nb.ipynb")
    assert colab_setup_cell.apply(path, EXPECTED) == "inserted"
    cells = nbformat.read(path, as_version=4).cells
    assert [c.cell_type for c in cells] == ["markdown", "code", "code", "markdown", "code"]
    assert [c.get("execution_count") for c in cells if c.cell_type == "code"] == [1, 2, 3]
    assert cells[1].source == EXPECTED and cells[1].outputs == [] and cells[1].id == "colab-setup"
    assert cells[4].outputs[0]["text"] == "1\n"

    assert colab_setup_cell.apply(path, EXPECTED) == "unchanged"

    other = colab_setup_cell.setup_source("https://github.com/someone/else", "main")
    assert colab_setup_cell.apply(path, other) == "updated"
    cells = nbformat.read(path, as_version=4).cells
    assert len(cells) == 5 and cells[1].source == other
    assert [c.get("execution_count") for c in cells if c.cell_type == "code"] == [1, 2, 3]


def test_package_version_is_the_release_version() -> None:
    import helpers

    assert f"v{helpers.__version__}" == TAG, "helpers.__version__ and pyproject.toml's version must agree"
