"""Notebook hygiene: the committed chapters are what the book shows, so check them.

Every chapter must be in the table of contents, carry the outputs of one
top-to-bottom run, and show no errors, TensorFlow log noise, progress bars or
local paths.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = sorted((ROOT / "chapters").glob("*.ipynb"))

TF_LOG_NOISE = re.compile(
    r"absl::InitializeLog|Could not find cuda drivers|cudart_stub|cuInit|oneDNN custom operations"
    r"|cpu_feature_guard|This TensorFlow binary is optimized|^[IWE]\d{4} \d\d:\d\d",
    re.MULTILINE,
)
# Keras progress bars: "313/313 ━━━━ 10s", "[=====>....]", carriage returns, cursor movement.
PROGRESS_BAR = re.compile(r"\d+/\d+ ━|\[=+>?\.*\]|\r(?!\n)|\x1b\[[0-9;]*[A-HJK]")
LOCAL_PATH = re.compile(r"(/root/|/home/\w+|/Users/\w+|/tmp/|/work/|site-packages|\.venv/|[A-Z]:\\\\Users)")

sys.path.insert(0, str(ROOT / "_ext"))
from notebook_checks import stored_errors  # noqa: E402


def toc_files() -> list[str]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    files = [toc["root"]]
    for part in toc.get("parts", []):
        files += [entry["file"] for entry in part.get("chapters", [])]
    return files


def load(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def code_cells(notebook: dict[str, Any]) -> list[dict[str, Any]]:
    return [c for c in notebook["cells"] if c["cell_type"] == "code" and "".join(c["source"]).strip()]


def output_text(output: dict[str, Any]) -> str:
    if output.get("output_type") == "stream":
        return "".join(output.get("text", ""))
    if output.get("output_type") == "error":
        return "\n".join(output.get("traceback", []))
    data = output.get("data", {})
    return "".join("".join(data[k]) for k in ("text/plain", "text/html", "text/markdown") if k in data)


def test_there_are_chapters() -> None:
    assert CHAPTERS, "no notebooks in chapters/"


def test_every_chapter_is_in_the_toc() -> None:
    listed = set(toc_files())
    missing = [p.name for p in CHAPTERS if f"chapters/{p.stem}" not in listed]
    assert not missing, f"notebooks missing from _toc.yml: {missing}"


def test_every_toc_entry_exists() -> None:
    absent = [f for f in toc_files() if not any((ROOT / f"{f}{ext}").is_file() for ext in (".md", ".ipynb"))]
    assert not absent, f"_toc.yml entries with no file: {absent}"


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_outputs_come_from_one_top_to_bottom_run(path: Path) -> None:
    counts = [cell.get("execution_count") for cell in code_cells(load(path))]
    assert counts == list(range(1, len(counts) + 1)), (
        f"{path.name}: execution counts {counts} are not 1..{len(counts)}; run `make execute`"
    )


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_no_stored_errors(path: Path) -> None:
    assert stored_errors(load(path)) == []


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_no_log_noise_progress_bars_or_local_paths(path: Path) -> None:
    problems = []
    for number, cell in enumerate(load(path)["cells"], start=1):
        for output in cell.get("outputs", []):
            text = output_text(output)
            if output.get("output_type") == "stream" and output.get("name") == "stderr":
                problems.append(f"cell {number}: stderr output {text[:80]!r}")
            for name, pattern in (("TF log line", TF_LOG_NOISE), ("progress bar", PROGRESS_BAR), ("local path", LOCAL_PATH)):
                match = pattern.search(text)
                if match:
                    problems.append(f"cell {number}: {name} {match.group(0)!r}")
    assert not problems, f"{path.name}:\n" + "\n".join(problems)


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_figures_have_alt_text_and_caption(path: Path) -> None:
    missing = []
    for number, cell in enumerate(load(path)["cells"], start=1):
        has_image = any("image/png" in o.get("data", {}) for o in cell.get("outputs", []))
        if has_image:
            mystnb = cell.get("metadata", {}).get("mystnb", {})
            if not mystnb.get("image", {}).get("alt") or not mystnb.get("figure", {}).get("caption"):
                missing.append(number)
    assert not missing, f"{path.name}: figures without alt text or caption in cells {missing}"


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_fit_calls_do_not_print_progress_bars(path: Path) -> None:
    for cell in code_cells(load(path)):
        source = "".join(cell["source"])
        # `name.fit(` is a Keras model's fit; `Estimator(...).fit(` (scikit-learn) prints nothing.
        for call in re.finditer(r"(?<=\w)\.fit\(", source):
            tail = source[call.end():]
            assert re.search(r"verbose\s*=\s*[02]", tail.split("\n)\n")[0]), (
                f"{path.name}: a fit() call without verbose=0 or 2"
            )


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_setup_hides_tensorflow_logs_before_import(path: Path) -> None:
    source = "\n".join("".join(c["source"]) for c in code_cells(load(path)))
    log_setting = source.find('os.environ["TF_CPP_MIN_LOG_LEVEL"]')
    first_import = min(
        (i for i in (source.find("import tensorflow"), source.find("import keras")) if i >= 0), default=-1
    )
    assert log_setting >= 0 and log_setting < first_import, (
        f"{path.name}: set TF_CPP_MIN_LOG_LEVEL before importing TensorFlow or Keras"
    )


def test_stored_errors_detects_errors_and_respects_raises_exception_tag() -> None:
    error = {"output_type": "error", "ename": "ValueError", "evalue": "", "traceback": []}
    notebook = {
        "cells": [
            {"cell_type": "code", "metadata": {}, "outputs": [error]},
            {"cell_type": "code", "metadata": {"tags": ["raises-exception"]}, "outputs": [error]},
        ]
    }
    assert stored_errors(notebook) == [(1, "ValueError")]


SHOW_SOURCE_CALL = re.compile(r"^show_source\(([\w, ]+)\)\s*$", re.MULTILINE)


def helpers_object(name: str) -> Any:
    """The function or class called ``name`` in one of the helpers modules."""
    import importlib
    import pkgutil

    import helpers

    found = []
    for module_info in pkgutil.iter_modules(helpers.__path__):
        module = importlib.import_module(f"helpers.{module_info.name}")
        value = getattr(module, name, None)
        if value is not None and getattr(value, "__module__", "") == module.__name__:
            found.append(value)
    assert len(found) == 1, f"expected one helpers object called {name}, found {len(found)}"
    return found[0]


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_shown_source_is_the_current_source_without_docstrings_or_checks(path: Path) -> None:
    """A chapter that shows a helper's code shows today's code, with no docstring and no argument check."""
    from helpers.display import show_source

    for cell in code_cells(load(path)):
        source = "".join(cell["source"])
        call = SHOW_SOURCE_CALL.search(source)
        if not call:
            continue
        names = [name.strip() for name in call.group(1).split(",") if name.strip()]
        expected = show_source(*(helpers_object(name) for name in names)).data
        shown = [
            "".join(output["data"]["text/plain"])
            for output in cell.get("outputs", [])
            if output.get("output_type") == "execute_result"
        ]
        assert shown, f"{path.name}: show_source({call.group(1)}) has no stored output"
        assert shown[0].strip() == expected.strip(), (
            f"{path.name}: the stored source of {call.group(1)} is out of date; re-run the chapter"
        )
        assert '"""' not in expected and "raise " not in expected, (
            f"{path.name}: show_source({call.group(1)}) prints a docstring or an argument check"
        )


def test_show_source_leaves_docstrings_out() -> None:
    from helpers.display import show_source

    def example(x: int) -> int:
        """A docstring
        on two lines."""
        return x + 1

    shown = show_source(example).data
    assert "docstring" not in shown and "return x + 1" in shown and shown.startswith("def example")


# Chapters whose prose must take every measured number from the run (`{glue:text}`) or the output above.
GLUED_CHAPTERS = [p for p in CHAPTERS if p.name[:2] in {"05", "06", "07", "08", "09"}]
# A number with a decimal point, a percent sign, or a unit of time, size or speed, outside code and maths.
MEASURED_NUMBER = re.compile(
    r"(?<![\w.])\d[\d,]*(?:\.\d+)?\s?(?:%|s\b|seconds?\b|min\b|minutes?\b|hours?\b|MiB|MB|GB|GFLOP/s|×|times\b|points?\b)"
    r"|(?<![\w.])\d+\.\d+(?![\w.])"
)
STRIPPED = re.compile(
    r"\{glue(?::text)?\}`[^`]*`|``[^`]*``|`[^`]*`|\$\$.*?\$\$|\$[^$]*\$|\{cite(?::t|:p)?\}`[^`]*`"
    r"|^```.*?^```|^:::.*?$|\]\([^)]*\)|\(\{[a-z]+\}`[^`]*`\)",
    re.DOTALL | re.MULTILINE,
)
# Numbers that the text defines rather than measures: settings and facts fixed by construction.
DEFINED_NUMBERS = {
    "05": {"0.05", "95 %", "50 %"},
    "06": {"0.5", "0.05", "0.99", "0.01", "0.6", "95 %", "99 %", "50 %", "1.96", "0.2", "0.8", "9.5"},  # 9.5: a review's "9.5/10"
    "07": {"90 %", "90.0 %", "20 minutes", "0.05", "95 %", "0.5", "88 %", "2 points", "2.00%"},  # 0.5: a threshold; 88 %, 2: an example
    "08": {"95 %"},
    "09": {"95 %", "10 %", "0.5", "1.5", "0.25", "60 %", "90 %", "90.0 %", "20 minutes", "45 minutes", "2.6"},  # the schedule's 10 % rise;
    # temperatures; an exercise's probabilities; a claimed bound; the goals of chapters 7 and 9; ULMFiT's factor 2.6
}


def hand_typed_numbers(markdown: str, allowed: set[str]) -> list[str]:
    text = STRIPPED.sub(" ", markdown)
    return [m.group(0) for m in MEASURED_NUMBER.finditer(text) if m.group(0).strip() not in allowed]


def test_hand_typed_number_check_catches_and_allows() -> None:
    assert hand_typed_numbers("The LSTM scores 88.15 % after 2.7 minutes.", set()) == ["88.15 %", "2.7 minutes"]
    assert hand_typed_numbers("It took 164 s, 1.5 times faster.", set()) == ["164 s", "1.5 times"]
    assert hand_typed_numbers("The LSTM scores {glue:text}`acc:.2f` % in `fit(epochs=4)`, $0.5^{1/n}$.", set()) == []
    assert hand_typed_numbers("A threshold of 0.5 and 10,000 words.", {"0.5"}) == []


@pytest.mark.parametrize("path", GLUED_CHAPTERS, ids=lambda p: p.stem)
def test_prose_glues_measured_numbers(path: Path) -> None:
    allowed = DEFINED_NUMBERS.get(path.name[:2], set())
    found = []
    for number, cell in enumerate(load(path)["cells"], start=1):
        if cell["cell_type"] == "markdown":
            found += [f"cell {number}: {n!r}" for n in hand_typed_numbers("".join(cell["source"]), allowed)]
    assert not found, f"{path.name}: numbers typed by hand instead of glued:\n" + "\n".join(found)


def _glued(path: Path) -> dict[str, float]:
    """The numbers a stored notebook glued into its text, by name."""
    values = {}
    for cell in json.loads(path.read_text())["cells"]:
        for output in cell.get("outputs", []):
            scrapbook = output.get("metadata", {}).get("scrapbook")
            if scrapbook:
                text = output["data"].get(scrapbook.get("mime_prefix", "") + "text/plain", "")
                values[scrapbook["name"]] = "".join(text) if isinstance(text, list) else text
    return {name: float(value) for name, value in values.items() if re.fullmatch(r"-?[\d.e+-]+", value.strip())}


def test_chapter5_and_the_benchmark_give_the_same_model_for_seed_42() -> None:
    """Chapter 5's stored run and the benchmark's seed-42 run of its recipe: the same code, the same number."""
    glued = _glued(ROOT / "chapters" / "05_training_an_lstm_on_imdb.ipynb")
    assert glued["lstm_test_pct"] == pytest.approx(glued["bench_seed_42_test_pct"], abs=1e-9)
    chapter6 = _glued(ROOT / "chapters" / "06_loss_and_accuracy.ipynb")
    assert chapter6["test_accuracy_pct"] == pytest.approx(glued["lstm_test_pct"], abs=1e-9)  # chapter 6 retrains it


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_each_glue_name_is_stored_once(path: Path) -> None:
    """The strict build fails on a glue key stored twice (myst-nb's "glue key duplicate"); catch it here first."""
    names = [output["metadata"]["scrapbook"]["name"] for cell in code_cells(load(path))
             for output in cell.get("outputs", []) if "scrapbook" in output.get("metadata", {})]
    duplicates = sorted({name for name in names if names.count(name) > 1})
    assert not duplicates, f"{path.name}: glue names stored more than once: {duplicates}"
