"""Tests of helpers.results: the benchmark's row schema, and writing and reading it."""

from __future__ import annotations

import csv

import json
from pathlib import Path

import pytest

from helpers.results import (
    CSV_COLUMNS,
    RESULTS_FILE,
    RUN_FIELDS,
    TRAINED_FIELDS,
    check_row,
    load_results,
    save_results,
    trained_row,
    trained_rows,
)

RUN = {"peak_rss_mib": 1500.5, "machine": "a CPU, 2 cores", "date": "2026-12-01T00:00:00+00:00", "quick": False}


def _row(**changes: object) -> dict:
    row = trained_row(recipe="a model", test_accuracy=0.875, train_seconds=31.0, epoch_seconds=[10.0, 20.0], params=42,
                      history={"val_accuracy": [0.8, 0.9]})
    return {**row, **RUN, **changes}


def test_trained_row_takes_epochs_and_their_mean_from_the_epoch_times() -> None:
    row = _row()
    assert row["epochs"] == 2 and row["seconds_per_epoch"] == pytest.approx(15.0)
    assert row["history"] == {"val_accuracy": [0.8, 0.9]}  # extra fields are kept


def test_rows_survive_a_round_trip_through_json_and_csv(tmp_path: Path) -> None:
    rows = {"a": _row(), "speed": {**RUN, "cases": [{"name": "batch 64"}]}}
    path = save_results(rows, tmp_path / "results.json")
    assert load_results(path) == rows
    from_csv = read_csv(path)
    assert list(from_csv) == ["a"]  # the speed measurements have no CSV row
    assert from_csv["a"] == {column: str(rows["a"][column]) for column in CSV_COLUMNS[1:]}


def test_trained_rows_leave_out_the_speed_measurements() -> None:
    assert list(trained_rows({"a": _row(), "speed": {**RUN, "cases": []}, "b": _row()})) == ["a", "b"]


@pytest.mark.parametrize(
    ("row", "error", "message"),
    [
        ([1, 2], TypeError, "must be a dict"),
        ({key: value for key, value in _row().items() if key != "params"}, ValueError, r"lacks \['params'\]"),
        ({"cases": []}, ValueError, "lacks"),
        (_row(params=1.5), TypeError, "params must be int"),
        (_row(epochs=True), TypeError, "epochs must be int"),
        (_row(test_accuracy="0.9"), TypeError, "test_accuracy must be float"),
        (_row(epoch_seconds=3.0), TypeError, "epoch_seconds must be list"),
        (_row(quick="no"), TypeError, "quick must be bool"),
    ],
)
def test_check_row_refuses_rows_off_the_schema(row: object, error: type, message: str) -> None:
    with pytest.raises(error, match=message):
        check_row("a", row)


def test_an_int_is_a_valid_float() -> None:
    check_row("a", _row(train_seconds=31))


@pytest.mark.parametrize(
    ("content", "error", "message"),
    [
        (None, FileNotFoundError, "make bench"),
        ("{not json", ValueError, "not a results file"),
        ('{"runs": {}}', ValueError, "not a results file"),
        (json.dumps({"rows": {"a": {"recipe": "x"}}}), ValueError, "lacks"),
    ],
)
def test_load_results_refuses_what_is_not_a_results_file(tmp_path: Path, content: str | None, error: type,
                                                         message: str) -> None:
    path = tmp_path / "results.json"
    if content is not None:
        path.write_text(content)
    with pytest.raises(error, match=message):
        load_results(path)


def test_save_results_refuses_a_bad_row_before_writing(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="lacks"):
        save_results({"a": {"recipe": "x"}}, tmp_path / "results.json")
    assert not (tmp_path / "results.json").exists()


def test_the_committed_results_are_a_full_run_of_every_row() -> None:
    rows = load_results()
    assert RESULTS_FILE.is_file() and RESULTS_FILE.with_suffix(".csv").is_file()
    assert not any(row["quick"] for row in rows.values())
    assert set(rows) == {"chapter5_lstm", "best_lstm", "pooled_bilstm_random_vectors", "bag_of_bigrams", "cnn",
                         "transformer", "seed_recipe", "keras_io_bilstm", "tf_rnn_tutorial", "speed"}
    assert read_csv(RESULTS_FILE) == {name: {column: str(row[column]) for column in CSV_COLUMNS[1:]}
                                      for name, row in trained_rows(rows).items()}


def read_csv(path: Path) -> dict[str, dict[str, str]]:
    """The CSV next to a results file, as text, by row name."""
    with Path(path).with_suffix(".csv").open(newline="") as handle:
        return {line["row"]: {k: v for k, v in line.items() if k != "row"} for line in csv.DictReader(handle)}
