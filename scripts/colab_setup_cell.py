"""Make the first code cell of every chapter the Colab set-up cell.

On Colab a chapter notebook arrives alone, without this repository's `helpers`
package. Its first code cell installs that package from the repository whose
address `_config.yml` gives (`repository.url`), at the release tag
`v<version>`, where `<version>` is the one in `pyproject.toml`, and does nothing
anywhere else. A tag, not a branch: the stored outputs belong to one commit,
and a reader must get the `helpers` that produced them, not whatever a moving
branch holds later. This script writes that cell from those two files, so the
address and the release each live in one place; `tests/test_colab_setup.py`
checks that every chapter carries exactly the cell this script generates.

The script is idempotent. When a chapter's first code cell is already the
set-up cell, it only rewrites the cell's source. Otherwise it inserts the cell
before the first code cell, with execution count 1 and no outputs, and adds 1 to
the execution count of every other code cell, so the stored outputs still read
as one top-to-bottom run.

Usage: python scripts/colab_setup_cell.py [chapters/NN_name.ipynb ...]
(default: every notebook in chapters/)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

import nbformat
import yaml

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]

ROOT = Path(__file__).resolve().parent.parent
CELL_ID = "colab-setup"
MARKER = "# Colab set-up"
"""The first line of the set-up cell: how the script recognises a cell it wrote."""

TAGS = ["hide-cell"]
"""Collapsed in the HTML pages: the reader sees a "Show code cell" toggle."""

SIMULATE_ENV_VAR = "LSTM_BOOK_SIMULATE_COLAB"
SOURCE_ENV_VAR = "LSTM_BOOK_HELPERS_SOURCE"


def repository(config_path: Path = ROOT / "_config.yml") -> tuple[str, str]:
    """Return the repository's URL and branch from `_config.yml`."""
    config = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    repo = config.get("repository") or {}
    url = str(repo.get("url", "")).rstrip("/")
    branch = str(repo.get("branch", "main"))
    if not url.startswith("https://"):
        raise ValueError(f"repository.url in {config_path.name} must be an https URL, got {url!r}")
    return url, branch


def release_tag(pyproject_path: Path = ROOT / "pyproject.toml") -> str:
    """The tag of the `helpers` release the chapters install: `v` and the version in `pyproject.toml`."""
    version = tomllib.loads(pyproject_path.read_text(encoding="utf-8"))["project"]["version"]
    return f"v{version}"


def install_target(url: str, ref: str) -> str:
    """The pip requirement that installs `helpers` from the repository at `ref` (a tag or a branch)."""
    return f"git+{url}@{ref}"


def setup_source(url: str, ref: str) -> str:
    """The source of the set-up cell for the repository at `url`, installing `helpers` at `ref`."""
    return "\n".join(
        [
            f"{MARKER}: install this book's `helpers` package from its repository.",
            "# Outside Colab the cell does nothing: there, `pip install .` in the repository installs it.",
            f"# {SIMULATE_ENV_VAR}=1 and {SOURCE_ENV_VAR} let `make colab-sim` test the cell.",
            "import os",
            "import sys",
            "",
            f'if "google.colab" in sys.modules or os.environ.get("{SIMULATE_ENV_VAR}") == "1":',
            f'    helpers_source = os.environ.get("{SOURCE_ENV_VAR}", "{install_target(url, ref)}")',
            "    # pip may suggest restarting the kernel: no need, nothing has imported `helpers` yet.",
            '    %pip install --quiet "{helpers_source}"',
        ]
    )


def is_setup_cell(cell: dict[str, Any]) -> bool:
    return cell.get("cell_type") == "code" and cell.get("source", "").startswith(MARKER)


def apply(path: Path, source: str) -> str:
    """Put the set-up cell into one notebook; return what was done."""
    notebook = nbformat.read(path, as_version=4)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    if code and is_setup_cell(code[0]):
        cell = code[0]
        if cell.source == source and cell.metadata.get("tags") == TAGS:
            return "unchanged"
        cell.source = source
        cell.metadata["tags"] = list(TAGS)
        action = "updated"
    else:
        if any(is_setup_cell(cell) for cell in code):
            raise ValueError(f"{path.name}: the set-up cell exists but is not the first code cell")
        for cell in code:
            if cell.get("execution_count") is not None:
                cell.execution_count += 1
        cell = nbformat.v4.new_code_cell(source=source, metadata={"tags": list(TAGS)})
        cell.id = CELL_ID
        cell.execution_count = 1
        cell.outputs = []
        position = notebook.cells.index(code[0]) if code else len(notebook.cells)
        notebook.cells.insert(position, cell)
        action = "inserted"
    nbformat.validate(notebook)
    nbformat.write(notebook, path)
    return action


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="default: every notebook in chapters/")
    args = parser.parse_args(argv)
    source = setup_source(repository()[0], release_tag())
    paths = args.notebooks or sorted((ROOT / "chapters").glob("*.ipynb"))
    for path in paths:
        print(f"{path.name}: {apply(path, source)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
