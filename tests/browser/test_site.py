"""The built book in a real browser: every page loads cleanly, links resolve, images show.

These tests build nothing: they read `_build/html`, so run them after the strict
build (`make browser` does). They serve the site on a free localhost port and drive
headless Chromium (`/usr/bin/chromium` with `/usr/bin/chromedriver`, Debian's
`chromium` and `chromium-driver`). Locally, a missing browser skips them; under CI
(`CI=true`) it is a failure.

For every page they check that

- the browser console has no SEVERE entry (JavaScript errors, failed loads). The
  book loads nothing from other hosts: MathJax is served from `_static/mathjax`
  (sphinx-mathjax-offline), so no network error is filtered out;
- every internal link resolves: the target file exists and, for `#anchor`, an
  element with that id (or name) exists in it;
- every `<img>` has loaded (`naturalWidth > 0`), and the math is typeset;
- the text shows no traceback and no TensorFlow log line;
- chapter pages have the "Open in Colab" button for their notebook, built from the
  repository in `_config.yml`, an `.ipynb` download button, and the Colab set-up
  cell collapsed;
- no code or output block scrolls sideways at the browser's 1280 px desktop width (a
  `<pre>`, a cell's output, or a scrolling element inside an output): what the text
  discusses must be on screen. Long lines wrap (`_static/wrap_long_lines.css`);
  `SCROLLING_BLOCKS_ALLOWED` lists the blocks that may scroll (none). What a cell
  prints is one box (`nb_merge_streams`), not a box per line of a training log.

Each page is saved as a full-page screenshot in `_build/screenshots/<page>.png`.
"""

from __future__ import annotations

import functools
import html.parser
import http.server
import os
import re
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "_build" / "html"
SCREENSHOTS = ROOT / "_build" / "screenshots"
CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
PAGE_LOAD_TIMEOUT_SECONDS = 60
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1280,900",  # DESKTOP_WIDTH
]

BAD_TEXT = re.compile(
    r"Traceback|tensorflow/core|\bI0000\b|^[IWEF]\d{4} \d\d:\d\d:\d\d", re.MULTILINE
)
"""A stored traceback, or a TensorFlow C++ log line (glog format, e.g. 'I0000 00:00:...')."""

CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
REPOSITORY_URL = CONFIG["repository"]["url"].rstrip("/")
BRANCH = CONFIG["repository"].get("branch", "main")
COLAB_URL = CONFIG["launch_buttons"]["colab_url"].rstrip("/")


def toc_docnames() -> list[str]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    names = [toc["root"]]
    for part in toc.get("parts", []):
        names += [entry["file"] for entry in part.get("chapters", [])]
    return names


PAGES = [f"{name}.html" for name in toc_docnames()] + ["genindex.html", "search.html"]
"""Every page in the table of contents, plus Sphinx's index and search pages."""


def colab_link(docname: str) -> str:
    """The Colab button opens a chapter's Colab edition, colab/<name>.ipynb (scripts/colab_edition.py)."""
    owner, repo = urlsplit(REPOSITORY_URL).path.strip("/").split("/")[:2]
    return f"{COLAB_URL}/github/{owner}/{repo}/blob/{BRANCH}/colab/{docname.removeprefix('chapters/')}.ipynb"


class _Ids(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("id", "name") and value:
                self.ids.add(value)


@functools.cache
def ids_in(path: Path) -> frozenset[str]:
    parser = _Ids()
    parser.feed(path.read_text(encoding="utf-8", errors="replace"))
    return frozenset(parser.ids)


def internal_target(url: str) -> Path:
    """The file under `_build/html` that a same-site URL points at."""
    path = unquote(urlsplit(url).path).lstrip("/")
    target = SITE / path
    return target / "index.html" if path == "" or path.endswith("/") else target


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass


@pytest.fixture(scope="session")
def site_url() -> Iterator[str]:
    if not (SITE / "intro.html").is_file():
        pytest.fail(f"no built book in {SITE}: run `make strict-book` first (`make browser` does)")
    handler = functools.partial(_QuietHandler, directory=str(SITE))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def driver(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    missing = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not p.is_file()]
    if missing:
        message = (
            f"{' and '.join(missing)} not found: install Debian's chromium and chromium-driver "
            "(apt-get install chromium chromium-driver) to run the browser tests"
        )
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in [*CHROMIUM_FLAGS, f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"]:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    browser = webdriver.Chrome(options=options, service=Service(executable_path=str(CHROMEDRIVER)))
    browser.set_page_load_timeout(PAGE_LOAD_TIMEOUT_SECONDS)
    try:
        yield browser
    finally:
        browser.quit()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    shutil.rmtree(SCREENSHOTS, ignore_errors=True)
    SCREENSHOTS.mkdir(parents=True)
    return SCREENSHOTS


def load(driver: Any, url: str) -> None:
    """Open `url` and wait until the page, its images and its math are done."""
    driver.get_log("browser")  # drop what earlier pages logged
    driver.get(url)
    driver.execute_async_script(
        """
        const done = arguments[arguments.length - 1];
        const settled = () => Promise.all(Array.from(document.images).map(
            (img) => img.complete ? null : new Promise((r) => { img.onload = img.onerror = r; })));
        const math = () => (window.MathJax && MathJax.startup && MathJax.startup.promise) || null;
        const ready = () => document.readyState === "complete"
            ? Promise.resolve() : new Promise((r) => window.addEventListener("load", r));
        ready().then(settled).then(math).then(() => done(true), () => done(false));
        """
    )


def save_full_page_screenshot(driver: Any, path: Path) -> None:
    import base64

    metrics = driver.execute_cdp_cmd("Page.getLayoutMetrics", {})
    size = metrics["cssContentSize"]
    shot = driver.execute_cdp_cmd(
        "Page.captureScreenshot",
        {
            "format": "png",
            "captureBeyondViewport": True,
            "clip": {"x": 0, "y": 0, "width": size["width"], "height": size["height"], "scale": 1},
        },
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(base64.b64decode(shot["data"]))


DESKTOP_WIDTH = 1280
"""The window width of CHROMIUM_FLAGS, a common laptop width, at which no block may scroll sideways."""

SCROLLING_BLOCKS_ALLOWED: frozenset[tuple[str, str]] = frozenset()
"""Blocks that may scroll sideways, as (page, the first line of the block's text): none."""

WIDE_BLOCKS = """
const article = document.querySelector("article.bd-article") || document.body;
const blocks = new Set(article.querySelectorAll("pre, div.cell_output .output"));
for (const element of article.querySelectorAll("div.cell_output *")) {
    const overflow = getComputedStyle(element).overflowX;
    if (overflow === "auto" || overflow === "scroll") blocks.add(element);
}
return {
    width: window.innerWidth,
    wide: Array.from(blocks)
        .filter((block) => block.clientWidth > 0 && block.scrollWidth > block.clientWidth + 1)
        .map((block) => ({
            kind: block.closest("div.cell_output") ? "output" : block.closest("div.cell_input") ? "code" : "block",
            firstLine: block.textContent.trim().split("\\n")[0],
            scrollWidth: block.scrollWidth,
            clientWidth: block.clientWidth,
        })),
};
"""
"""Each visible code or output block whose content is wider than the block (1 px of rounding allowed)."""


def scrolling_blocks(driver: Any, docname: str) -> list[str]:
    """The code and output blocks of the loaded page that scroll sideways and are not allowed to."""
    found = driver.execute_script(WIDE_BLOCKS)
    if found["width"] != DESKTOP_WIDTH:
        return [f"the window is {found['width']} px wide, not {DESKTOP_WIDTH}: the block widths were not checked"]
    return [
        f"{block['kind']} block scrolls sideways ({block['scrollWidth']} px of content in {block['clientWidth']} px): "
        f"{block['firstLine'][:80]!r}"
        for block in found["wide"]
        if (docname, block["firstLine"]) not in SCROLLING_BLOCKS_ALLOWED
    ]


PAGE_FACTS = """
const body = document.body.cloneNode(true);
body.querySelectorAll("script, style, noscript").forEach((e) => e.remove());
const firstCell = document.querySelector("div.cell");
return {
    text: body.textContent,
    links: Array.from(document.querySelectorAll("a[href]"), (a) => a.getAttribute("href")),
    brokenImages: Array.from(document.images)
        .filter((img) => !(img.complete && img.naturalWidth > 0))
        .map((img) => img.getAttribute("src")),
    imageCount: document.images.length,
    mathCount: document.querySelectorAll(".math").length,
    typesetCount: document.querySelectorAll("mjx-container").length,
    mathErrors: document.querySelectorAll("mjx-merror").length,
    firstCellHidden: firstCell ? firstCell.classList.contains("tag_hide-cell") : null,
    firstCellOpen: firstCell && firstCell.querySelector("details") ? firstCell.querySelector("details").open : null,
    splitStreams: Array.from(document.querySelectorAll("div.cell_output > .output.stream + .output.stream"),
        (e) => e.textContent.trim().split("\\n")[0]),
};
"""


def link_problems(page_url: str, hrefs: list[str], live_ids: set[str]) -> list[str]:
    problems = []
    site = urlsplit(page_url).netloc
    for href in sorted(set(hrefs)):
        url = urljoin(page_url, href)
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or parts.netloc != site:
            continue  # mailto:, javascript:, and other sites (not reachable offline)
        target = internal_target(url)
        if not target.is_file():
            problems.append(f"link {href!r}: no file {target.relative_to(SITE)}")
            continue
        anchor = unquote(parts.fragment)
        if anchor and target.suffix == ".html":
            same_page = target == internal_target(page_url)
            if anchor not in ids_in(target) and not (same_page and anchor in live_ids):
                problems.append(f"link {href!r}: no id {anchor!r} in {target.relative_to(SITE)}")
    return problems


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.removesuffix(".html"))
def test_page(page: str, driver: Any, site_url: str, screenshots: Path) -> None:
    url = f"{site_url}/{page}"
    load(driver, url)
    problems = []

    for entry in driver.get_log("browser"):
        if entry["level"] == "SEVERE":
            problems.append(f"console: {entry['message']}")

    facts = driver.execute_script(PAGE_FACTS)
    live_ids = set(driver.execute_script("return Array.from(document.querySelectorAll('[id]'), (e) => e.id)"))
    problems += link_problems(url, facts["links"], live_ids)

    problems += [f"image did not load: {src}" for src in facts["brokenImages"]]
    if facts["imageCount"] == 0:
        problems.append("no image at all (the logo is missing)")
    if facts["mathCount"] and not facts["typesetCount"]:
        problems.append(f"{facts['mathCount']} math elements but MathJax typeset none")
    if facts["mathErrors"]:
        problems.append(f"{facts['mathErrors']} MathJax errors")

    for match in BAD_TEXT.finditer(facts["text"]):
        start = max(match.start() - 60, 0)
        problems.append(f"page text shows {match.group(0)!r}: ...{facts['text'][start:match.end() + 60]!r}")

    if REPOSITORY_URL not in facts["links"]:
        problems.append(f"no repository button linking to {REPOSITORY_URL}")

    docname = page.removesuffix(".html")
    if docname.startswith("chapters/"):
        colab = [href for href in facts["links"] if href.startswith(COLAB_URL)]
        if colab != [colab_link(docname)]:
            problems.append(f"Colab launch links {colab}, expected [{colab_link(docname)!r}]")
        notebook = f"_sources/{docname}.ipynb"
        if not any(urljoin(url, href).endswith(notebook) for href in facts["links"]):
            problems.append(f"no .ipynb download button linking to {notebook}")
        if not facts["firstCellHidden"] or facts["firstCellOpen"]:
            problems.append("the first code cell (the Colab set-up cell) is not collapsed")

    problems += [f"a cell's printed output is split into boxes (nb_merge_streams?) at {line!r}"
                 for line in facts["splitStreams"]]
    problems += scrolling_blocks(driver, docname)

    save_full_page_screenshot(driver, screenshots / f"{docname}.png")
    assert not problems, f"{page}:\n  " + "\n  ".join(problems)


def test_every_built_page_is_checked() -> None:
    if not SITE.is_dir():
        pytest.fail(f"no built book in {SITE}: run `make strict-book` first (`make browser` does)")
    built = {
        path.relative_to(SITE).as_posix()
        for path in SITE.rglob("*.html")
        if path.relative_to(SITE).parts[0] not in ("_static", "_sources", "_images")
    }
    # index.html only redirects to the root page: test_index_redirects_to_the_introduction.
    expected = set(PAGES) | {"index.html"}
    assert built == expected, (
        f"pages built but not checked: {sorted(built - expected)} (left over from an old build? "
        f"`make clean`); pages checked but not built: {sorted(expected - built)}"
    )


def test_index_redirects_to_the_introduction(driver: Any, site_url: str) -> None:
    load(driver, f"{site_url}/index.html")
    assert driver.current_url == f"{site_url}/intro.html"
    severe = [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    assert severe == []


def test_search_finds_the_lstm_chapter(driver: Any, site_url: str) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    load(driver, f"{site_url}/search.html?q=forget+gate")
    WebDriverWait(driver, 30).until(
        lambda d: d.execute_script("return document.querySelectorAll('#search-results li').length") > 0
    )
    hrefs = driver.execute_script(
        "return Array.from(document.querySelectorAll('#search-results li a'), (a) => a.getAttribute('href'))"
    )
    assert any("03_lstm_gates" in href for href in hrefs), hrefs
    severe = [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    assert severe == []
