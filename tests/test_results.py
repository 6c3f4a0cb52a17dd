"""Tests of helpers.results: the benchmark's row schema, and writing and reading it."""

from __future__ import annotations

import csv

import json
from pathlib import Path

import pytest

import numpy as np

from helpers.results import (
    CSV_COLUMNS,
    RESULTS_FILE,
    RUN_FIELDS,
    TRAINED_FIELDS,
    check_row,
    correct_matrix,
    load_results,
    pack_correct,
    read_rows,
    save_results,
    trained_row,
    trained_rows,
    unpack_correct,
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
    assert from_csv["a"] == {column: str(rows["a"].get(column, "")) for column in CSV_COLUMNS[1:]}


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
    rows = read_rows()
    assert RESULTS_FILE.is_file() and RESULTS_FILE.with_suffix(".csv").is_file()
    runs = [run for row in rows.values() for run in row.get("runs", [row])]
    assert not any(run["quick"] for run in runs)
    assert set(rows) == {"chapter5_lstm", "chapter5_no_dropout", "chapter5_first_200_tokens", "best_lstm",
                         "pooled_bilstm_random_vectors", "bag_of_bigrams", "cnn", "transformer", "seed_recipe",
                         "keras_io_bilstm", "tf_rnn_tutorial", "speed"}
    for name in ("chapter5_lstm", "chapter5_no_dropout", "chapter5_first_200_tokens", "bag_of_bigrams"):
        assert [run["seed"] for run in rows[name]["runs"]] == [42, 43, 44, 45, 46], name
        assert all(run["split"] == "film-disjoint" for run in rows[name]["runs"]), name
    seeds = {name: len(row["runs"]) for name, row in rows.items() if name != "speed"}  # speed times cases, once
    assert all(seeds[name] >= 3 for name in ("seed_recipe", "keras_io_bilstm", "tf_rnn_tutorial")), seeds
    assert all(count >= 5 for name, count in seeds.items()
               if name not in ("seed_recipe", "keras_io_bilstm", "tf_rnn_tutorial")), seeds  # every compared model
    assert all("test_accuracy" not in run for name in ("chapter5_no_dropout", "chapter5_first_200_tokens")
               for run in rows[name]["runs"])  # variants are compared on validation only
    lines = [line for line in csv.DictReader(RESULTS_FILE.with_suffix(".csv").open(newline=""))]
    expected = [(name, run) for name, row in trained_rows(rows).items() for run in row.get("runs", [row])]
    assert [(line["row"], line["seed"]) for line in lines] == [(name, str(run.get("seed", ""))) for name, run in expected]


def test_pack_correct_round_trips() -> None:
    correct = np.random.default_rng(0).random(25_001) < 0.5
    packed = pack_correct(correct)
    assert len(packed) < 5_000 and np.array_equal(unpack_correct(packed), correct)


def test_a_seeded_row_is_summarised_over_its_runs(tmp_path: Path) -> None:
    runs = [{**_row(test_accuracy=accuracy, params=5), "seed": seed, "correct": {"test": pack_correct([1, 0, seed % 2])}}
            for seed, accuracy in ((1, 0.8), (2, 0.9))]
    path = save_results({"a": {"recipe": "a model", "runs": runs}}, tmp_path / "results.json")
    row = load_results(path)["a"]
    assert row["seeds"] == [1, 2] and row["test_accuracy"] == pytest.approx(0.85)
    assert row["test_accuracy_sd"] == pytest.approx(np.std([0.8, 0.9], ddof=1)) and row["params"] == 5
    assert correct_matrix(row, "test").tolist() == [[True, False, True], [True, False, False]]
    with pytest.raises(ValueError, match="no record of 'validation'"):
        correct_matrix(row, "validation")
    with pytest.raises(ValueError, match="needs a seeded row"):
        correct_matrix(_row(), "test")
    with pytest.raises(ValueError, match="every run needs its int seed"):
        check_row("a", {"recipe": "a model", "runs": [_row()]})


def read_csv(path: Path) -> dict[str, dict[str, str]]:
    """The CSV next to a results file, as text, by row name."""
    with Path(path).with_suffix(".csv").open(newline="") as handle:
        return {line["row"]: {k: v for k, v in line.items() if k != "row"} for line in csv.DictReader(handle)}
