"""Sphinx extension: write each inline script into a page once.

With Sphinx 7.4, an inline script that an extension adds after the HTML builder
is set up (``app.add_js_file(None, body=...)``) lands in every page twice: once
from the builder (file name ``None``) and once from the registry (file name
``""``), which Sphinx does not see as equal. sphinx-thebe adds such a script, and
it declares ``const THEBE_JS_URL``, so the second copy raises "Identifier
'THEBE_JS_URL' has already been declared" in the browser console of every page
(tests/browser/test_site.py fails on it). sphinx-togglebutton's selector is
duplicated the same way, harmlessly. This keeps the first copy of each script.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx


def _key(script: Any) -> tuple[Any, ...]:
    return (script.filename or "", script.priority, tuple(sorted(script.attributes.items())))


def drop_duplicate_scripts(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    scripts = context.get("script_files")
    if not isinstance(scripts, list):
        return
    seen: set[tuple[Any, ...]] = set()
    unique = []
    for script in scripts:
        key = _key(script)
        if key not in seen:
            seen.add(key)
            unique.append(script)
    # In place: this is the builder's list, which it restores before the next page.
    scripts[:] = unique


def setup(app: Sphinx) -> dict[str, Any]:
    # Late, after the handlers that add page-specific scripts (MathJax, the theme).
    app.connect("html-page-context", drop_duplicate_scripts, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
