"""Tests of the benchmark: its rows' shared pieces, the models the fixes touch, and the runner's merge."""

from __future__ import annotations

import ast
import importlib
import json
import os
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import keras
import numpy as np
import pytest

from benchmarks import run as runner
from benchmarks.common import Fit, accuracy, token_ids, tutorial_row
from benchmarks.rows.best_lstm import pooled_bilstm, teacher_weight
from benchmarks.rows.cnn import cnn_model
from benchmarks.rows.transformer import transformer_model
from helpers.layers import MaskedGlobalMaxPooling1D
from helpers.results import load_results, save_results, trained_row, unpack_correct

ROWS_DIR = Path(runner.__file__).parent / "rows"


def test_every_row_file_is_a_titled_example_with_a_run_function() -> None:
    files = {path.stem for path in ROWS_DIR.glob("*.py") if path.stem != "__init__"}
    assert files == set(runner.ROWS)
    for name in runner.ROWS:
        tree = ast.parse((ROWS_DIR / f"{name}.py").read_text())
        title, _, description = (ast.get_docstring(tree) or "").partition("\n\n")
        assert title and "\n" not in title and len(description.split()) > 20, name
        assert "run" in {node.name for node in tree.body if isinstance(node, ast.FunctionDef)}, name


def test_teacher_weight_picks_the_model_that_knows() -> None:
    labels = np.array([1, 0, 1, 0, 1, 0])
    knows = np.array([0.9, 0.1, 0.8, 0.2, 0.9, 0.1])
    guesses = np.full(6, 0.5)
    assert teacher_weight(knows, guesses, labels) == 1.0
    assert teacher_weight(guesses, knows, labels) == 0.0


def test_teacher_weight_mixes_models_that_err_on_different_reviews() -> None:
    labels = np.array([1, 1, 0, 0])
    first = np.array([0.9, 0.3, 0.1, 0.1])  # wrong on the second review
    second = np.array([0.3, 0.9, 0.1, 0.1])  # wrong on the first
    assert teacher_weight(first, second, labels) == pytest.approx(0.5)


def test_teacher_weight_survives_certain_wrong_answers() -> None:
    labels = np.array([1, 0])
    assert teacher_weight(np.array([0.0, 1.0]), np.array([1.0, 0.0]), labels) == 0.0  # log(0) without the clip


def test_accuracy_counts_the_threshold_itself_as_negative_as_keras_does() -> None:
    assert accuracy(np.array([[0.5], [0.49], [0.9]]), np.array([0, 0, 0])) == pytest.approx(2 / 3)
    assert accuracy(np.array([0.0, -0.1, 2.0]), np.array([0, 0, 1]), threshold=0.0) == 1.0


def test_a_tutorial_row_records_which_test_reviews_it_got_right_at_its_threshold() -> None:
    class Model:
        def count_params(self) -> int:
            return 7

    fit = Fit({"val_accuracy": [0.5, 0.6]}, [1.0, 2.0], 3.0)
    row = tutorial_row("logits", Model(), fit, np.array([[0.3], [-0.2], [0.0]]), np.array([1, 1, 0]), threshold=0.0)
    assert row["test_accuracy"] == pytest.approx(2 / 3)
    assert unpack_correct(row["correct"]["test"]).tolist() == [True, False, True]
    assert row["uses_test_for_validation"] and row["epochs"] == 2


def test_token_ids_cut_reviews_and_keep_empty_ones_as_unknown() -> None:
    vectorizer = keras.layers.TextVectorization(vocabulary=["good", "film"], ragged=True)
    assert token_ids(vectorizer, ["good film good film", "zzz", ""], 3) == [[2, 3, 2], [1], [1]]


def test_masked_max_pooling_ignores_padding_even_when_every_value_is_negative() -> None:
    values = np.array([[[-3.0, -1.0], [-2.0, -5.0], [0.0, 0.0]]], dtype="float32")
    mask = np.array([[True, True, False]])
    np.testing.assert_allclose(MaskedGlobalMaxPooling1D()(values, mask=mask), [[-2.0, -1.0]])
    np.testing.assert_allclose(MaskedGlobalMaxPooling1D()(values), [[0.0, 0.0]])
    assert keras.layers.GlobalMaxPooling1D()(values).numpy().tolist() == [[0.0, 0.0]]  # why the layer exists


@pytest.mark.parametrize("build", [cnn_model, transformer_model, pooled_bilstm])
def test_padding_does_not_change_a_models_output(build) -> None:
    keras.utils.set_random_seed(0)
    model = build(50)
    review = np.array([[5, 6, 7, 8, 9, 10, 11]])
    padded = np.concatenate([review, np.zeros((1, 9), dtype=review.dtype)], axis=1)
    np.testing.assert_allclose(model(review, training=False), model(padded, training=False), atol=1e-5)


def test_the_runner_adds_seeds_to_the_stored_rows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    run_fields = {"peak_rss_mib": 100.0, "machine": "m", "date": "d", "quick": False}
    old = {**trained_row(recipe="cnn", test_accuracy=0.5, train_seconds=1.0, epoch_seconds=[1.0], params=1), **run_fields}
    rows = {"cnn": old, "transformer": {**old, "recipe": "transformer"}}
    path = tmp_path / "imdb_benchmark.json"
    save_results(rows, path)

    def fake_child(command: list[str], check: bool, cwd: Path) -> None:
        name, output = command[command.index("--child") + 1], Path(command[command.index("--output") + 1])
        seed = int(command[command.index("--seed") + 1])
        new = trained_row(recipe=name, test_accuracy=0.8 + seed / 1000, train_seconds=2.0, epoch_seconds=[2.0], params=2)
        output.write_text(json.dumps({**new, **run_fields, "seed": seed}))

    monkeypatch.setattr(runner, "RESULTS_FILE", path)
    monkeypatch.setattr(runner.subprocess, "run", fake_child)
    monkeypatch.delenv("LSTM_BOOK_QUICK", raising=False)
    assert runner.main(["cnn", "--seeds", "43", "42"]) == 0
    assert runner.main(["cnn", "--seeds", "44", "43"]) == 0  # a second part: seed 43 again, and a new one
    merged = load_results(path)
    assert merged["cnn"]["seeds"] == [42, 43, 44]  # the row from before seeds was replaced
    assert merged["cnn"]["test_accuracy"] == pytest.approx(0.843)
    assert merged["cnn"]["test_accuracy_sd"] == pytest.approx(0.001)
    assert merged["transformer"] == rows["transformer"]
    assert runner.SEEDS["chapter5_lstm"][0] == 42
    assert all(len(runner.SEEDS[name]) >= (1 if name in {"speed", "lm_pretraining", "lm_truncation", "lm_probe"} else 3) for name in runner.ROWS)
    with pytest.raises(SystemExit):
        runner.main(["no_such_row"])


@pytest.mark.slow
def test_a_row_runs_in_a_child_process_and_records_its_memory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LSTM_BOOK_QUICK", "1")
    output = tmp_path / "row.json"
    runner.run_child("bag_of_bigrams", 42, output)
    row = json.loads(output.read_text())
    assert 0 <= row["test_accuracy"] <= 1 and row["peak_rss_mib"] > 0 and row["quick"] is True and row["seed"] == 42
    assert set(row["correct"]) == {"validation", "test", "original", "revised"}
    assert importlib.import_module("benchmarks.rows.bag_of_bigrams").__doc__.startswith("Bag of bigrams")
