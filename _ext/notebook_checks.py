"""Sphinx extension: fail the strict build on a notebook with a stored error.

The book does not execute notebooks while building (it shows the outputs of
`make execute`), so Jupyter Book would happily render a stored traceback. This
extension turns every stored error output into a Sphinx warning, which the
strict build (`-W`) turns into a failure. A cell tagged ``raises-exception``
is allowed to show its error: it is there on purpose.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)


def stored_errors(notebook: dict[str, Any]) -> list[tuple[int, str]]:
    """Return ``(cell number, error name)`` for each unexpected stored error."""
    errors = []
    for number, cell in enumerate(notebook.get("cells", []), start=1):
        if "raises-exception" in cell.get("metadata", {}).get("tags", []):
            continue
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                errors.append((number, output.get("ename", "error")))
    return errors


def _check(app: Sphinx, docname: str, source: list[str]) -> None:
    path = Path(app.env.doc2path(docname))
    if path.suffix != ".ipynb":
        return
    for number, name in stored_errors(json.loads(path.read_text(encoding="utf-8"))):
        logger.warning(
            "cell %d has a stored %s: re-run the notebook (make execute) or tag the cell raises-exception",
            number,
            name,
            location=docname,
        )


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("source-read", _check)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
