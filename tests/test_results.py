"""Tests of helpers.results: reading the benchmark's results file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers.results import BENCHMARK_FILE, ROW_FIELDS, load_benchmark, trained_rows


def _results(**changes: object) -> dict:
    row = {field: 1 for field in ROW_FIELDS}
    results = {
        "hardware": {"cores": 2},
        "rows": {"a": dict(row), "speed": {"cases": []}},
        "total_seconds": 10.0,
        "finished": "2026-11-21T00:00:00+00:00",
        "quick": False,
    }
    results.update(changes)
    return results


def _write(tmp_path: Path, content: object) -> Path:
    path = tmp_path / "results.json"
    path.write_text(content if isinstance(content, str) else json.dumps(content))
    return path


def test_load_and_select_trained_rows(tmp_path: Path) -> None:
    results = load_benchmark(_write(tmp_path, _results()))
    assert list(trained_rows(results)) == ["a"]


def test_missing_file_says_what_to_run(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="make bench"):
        load_benchmark(tmp_path / "nothing.json")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "not valid JSON"),
        ([1, 2], "JSON object"),
        ({"rows": {}}, "did not finish"),
        (_results(quick=True), "quick-mode"),
        (_results(rows={"a": {"recipe": "x"}}), "lacks"),
    ],
)
def test_incomplete_results_are_refused(tmp_path: Path, content: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        load_benchmark(_write(tmp_path, content))


def test_trained_rows_rejects_other_input() -> None:
    with pytest.raises(ValueError, match="load_benchmark"):
        trained_rows({"hardware": {}})


def test_the_committed_results_are_a_complete_full_run() -> None:
    results = load_benchmark()
    assert BENCHMARK_FILE.is_file()
    assert not results["quick"]
    assert {"seed_recipe", "tf_rnn_tutorial", "keras_io_bilstm", "chapter5_lstm", "best_lstm", "bag_of_bigrams",
            "transformer", "speed"} <= set(results["rows"])
