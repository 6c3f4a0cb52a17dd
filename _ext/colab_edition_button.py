"""Sphinx extension: the "Open in Colab" button of a chapter opens its Colab edition.

sphinx-book-theme builds the Colab launch URL from the page's source file,
``<colab_url>/github/<owner>/<repo>/blob/<branch>/chapters/<name>.ipynb``
(``add_launch_buttons``, an ``html-page-context`` handler at priority 501). Colab
shows that notebook's MyST raw, so for the pages under ``chapters/`` this
handler, which runs after it, points the button at the same notebook in plain
Markdown, ``colab/<name>.ipynb`` (written by ``scripts/colab_edition.py``, ``make colab``).
A chapter without an edition, or whose page has no Colab button, is a warning,
which the strict build turns into a failure.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)

CHAPTER_DIR = "chapters"
EDITION_DIR = "colab"


def edition_relpath(pagename: str) -> str | None:
    """The repository path of a page's Colab edition, or None for a page that is not a chapter."""
    folder, _, name = pagename.rpartition("/")
    if folder != CHAPTER_DIR or not name:
        return None
    return f"{EDITION_DIR}/{name}.ipynb"


def edition_url(url: str, pagename: str) -> str:
    """The Colab URL of a chapter's edition, from the theme's URL of the chapter itself.

    ``.../blob/main/chapters/01_x.ipynb`` becomes ``.../blob/main/colab/01_x.ipynb``;
    the URL of a page that is not a chapter is returned unchanged.
    """
    edition = edition_relpath(pagename)
    if edition is None:
        return url
    chapter = f"/{pagename}.ipynb"
    if not url.endswith(chapter):
        raise ValueError(f"Colab URL {url!r} does not end with {chapter!r}")
    return url[: -len(chapter)] + f"/{edition}"


def colab_buttons(context: dict[str, Any]) -> list[dict[str, Any]]:
    """The theme's Colab launch buttons on a page (in its "launch-buttons" group)."""
    buttons = []
    for group in context.get("header_buttons", []):
        if isinstance(group, dict) and group.get("label") == "launch-buttons":
            buttons += [button for button in group.get("buttons", []) if button.get("text") == "Colab"]
    return buttons


def point_at_edition(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    edition = edition_relpath(pagename)
    if edition is None:
        return
    if not (Path(app.srcdir) / edition).is_file():
        logger.warning("no Colab edition %s: run `make colab`", edition, location=pagename)
    buttons = colab_buttons(context)
    if not buttons:
        logger.warning("no Colab launch button to point at %s", edition, location=pagename)
    for button in buttons:
        button["url"] = edition_url(button["url"], pagename)


def setup(app: Sphinx) -> dict[str, Any]:
    # After sphinx-book-theme's add_launch_buttons (priority 501) has made the buttons.
    app.connect("html-page-context", point_at_edition, priority=550)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
