"""Tests of helpers.training: the bucketed pipeline, timed fits, saved runs, subsets."""

from __future__ import annotations

import os
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import keras
import numpy as np
import pytest
import tensorflow as tf
from numpy.testing import assert_array_equal

from helpers import config
from helpers.training import (
    ARTIFACTS_ENV_VAR,
    TrainingRun,
    artifact_directory,
    bucketed_dataset,
    halving_learning_rate,
    predict_in_buckets,
    train_review_classifier,
    imbalanced_indices,
    load_run,
    most_confident_errors,
    save_run,
    timed_fit,
    truncate_token_lists,
)


def _lists(lengths: list[int]) -> list[list[int]]:
    return [list(range(2, 2 + length)) for length in lengths]


# truncate_token_lists


def test_truncate_keeps_the_first_tokens() -> None:
    assert truncate_token_lists([[5, 6, 7, 8], [9], []], maxlen=2) == [[5, 6], [9], []]


def test_truncate_matches_pad_sequences_post() -> None:
    lists = _lists([1, 3, 7, 10])
    truncated = truncate_token_lists(lists, maxlen=5)
    padded = keras.utils.pad_sequences(lists, maxlen=5, padding="post", truncating="post")
    for row, tokens in zip(padded, truncated):
        assert row[: len(tokens)].tolist() == tokens


@pytest.mark.parametrize("bad", ["abc", 3, np.zeros((2, 2)), None])
def test_truncate_rejects_non_lists(bad: object) -> None:
    with pytest.raises(TypeError, match="token_lists"):
        truncate_token_lists(bad, maxlen=3)  # type: ignore[arg-type]


def test_truncate_rejects_strings_inside() -> None:
    with pytest.raises(TypeError, match=r"token_lists\[1\]"):
        truncate_token_lists([[1], "ab"], maxlen=3)  # type: ignore[list-item]


def test_truncate_rejects_empty_and_bad_maxlen() -> None:
    with pytest.raises(ValueError, match="empty"):
        truncate_token_lists([], maxlen=3)
    with pytest.raises(ValueError, match="maxlen"):
        truncate_token_lists([[1]], maxlen=0)
    with pytest.raises(TypeError, match="maxlen"):
        truncate_token_lists([[1]], maxlen=2.0)  # type: ignore[arg-type]


# bucketed_dataset


def _batches(dataset: tf.data.Dataset) -> list[tuple[np.ndarray, np.ndarray]]:
    return [(x.numpy(), y.numpy()) for x, y in dataset]


def test_bucketed_batches_hold_every_review_once_padded_at_the_end() -> None:
    lengths = [3, 120, 5, 118, 60, 4, 61, 119]
    lists = _lists(lengths)
    labels = np.arange(len(lists)) % 2
    seen = []
    for x, y in _batches(bucketed_dataset(lists, labels, batch_size=2, bucket_width=50)):
        assert x.dtype == np.int32 and y.dtype == np.float32
        for row, label in zip(x, y):
            length = int((row != 0).sum())
            assert_array_equal(row[:length], np.arange(2, 2 + length))  # tokens first...
            assert (row[length:] == 0).all()  # ...then padding
            seen.append((length, label))
    assert sorted(seen) == sorted(zip(lengths, labels.astype("float32")))


@pytest.mark.parametrize("batch_size", [1, 2, 3, 5])
def test_bucketed_cardinality_is_the_number_of_batches(batch_size: int) -> None:
    dataset = bucketed_dataset(_lists([3, 120, 5, 118, 60, 4, 61, 119, 7]), np.zeros(9), batch_size, bucket_width=50)
    assert int(dataset.cardinality()) == len(_batches(dataset))


def test_bucketed_batches_group_similar_lengths() -> None:
    lengths = [3, 120, 5, 118, 60, 4, 61, 119]
    for x, _ in _batches(bucketed_dataset(_lists(lengths), np.zeros(8), batch_size=2, bucket_width=50)):
        row_lengths = (x != 0).sum(axis=1)
        assert row_lengths.max() // 50 == row_lengths.min() // 50  # one bucket per batch
        assert x.shape[1] == row_lengths.max()  # as long as its longest review, no longer


def test_bucketed_shuffle_changes_order_between_epochs_but_not_content() -> None:
    lists = _lists(list(range(1, 41)))
    dataset = bucketed_dataset(lists, np.arange(40) % 2, batch_size=4, bucket_width=10, shuffle=True)
    first = [x.tolist() for x, _ in _batches(dataset)]
    second = [x.tolist() for x, _ in _batches(dataset)]
    assert first != second
    flatten = lambda batches: sorted(tuple(t for t in row if t) for batch in batches for row in batch)  # noqa: E731
    assert flatten(first) == flatten(second)


@pytest.mark.parametrize("batch_size", [1, 3])
def test_bucketed_batches_padded_to_the_bucket_boundary(batch_size: int) -> None:
    lengths = [3, 120, 5, 118, 60, 4, 61, 119, 50, 100]
    dataset = bucketed_dataset(
        _lists(lengths), np.zeros(len(lengths)), batch_size, bucket_width=50, pad_to_bucket_boundary=True
    )
    batches = _batches(dataset)
    assert int(dataset.cardinality()) == len(batches)
    seen = []
    for x, _ in batches:
        assert x.shape[1] in (50, 100, 150)  # only the bounds: few shapes for XLA
        row_lengths = (x != 0).sum(axis=1)
        assert (row_lengths <= x.shape[1]).all() and (row_lengths > x.shape[1] - 50).all()
        seen.extend(row_lengths.tolist())
    assert sorted(seen) == sorted(lengths)
    with pytest.raises(TypeError, match="pad_to_bucket_boundary"):
        bucketed_dataset(_lists([3]), [0], 1, pad_to_bucket_boundary="yes")  # type: ignore[arg-type]


def test_bucketed_rejects_empty_review_and_bad_labels() -> None:
    with pytest.raises(ValueError, match="review 1 has no tokens"):
        bucketed_dataset([[3], []], [0, 1], batch_size=2)
    with pytest.raises(ValueError, match="one label per review"):
        bucketed_dataset([[3], [4]], [0], batch_size=2)
    with pytest.raises(ValueError, match="batch_size"):
        bucketed_dataset([[3]], [0], batch_size=0)
    with pytest.raises(TypeError, match="token_lists"):
        bucketed_dataset("not lists", [0], batch_size=1)  # type: ignore[arg-type]


# timed_fit


def _tiny_problem() -> tuple[keras.Model, tf.data.Dataset, tf.data.Dataset]:
    keras.utils.set_random_seed(0)
    x = np.random.default_rng(0).normal(size=(64, 3)).astype("float32")
    y = (x[:, 0] > 0).astype("float32")
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer=keras.optimizers.SGD(0.5), loss="binary_crossentropy", metrics=["accuracy"])
    dataset = tf.data.Dataset.from_tensor_slices((x, y)).batch(16)
    return model, dataset, dataset


def test_timed_fit_returns_history_time_and_best_epoch(capsys: pytest.CaptureFixture[str]) -> None:
    model, train, validation = _tiny_problem()
    run = timed_fit(model, train, validation, epochs=3, patience=3)
    assert isinstance(run, TrainingRun)
    assert run.epochs_run == 3 and len(run.history["loss"]) == 3
    assert set(run.history) >= {"loss", "accuracy", "val_loss", "val_accuracy"}
    assert run.best_epoch == int(np.argmax(run.history["val_accuracy"])) + 1
    assert run.seconds > 0 and run.seconds_per_epoch == pytest.approx(run.seconds / 3)
    assert "Epoch 1/3" in capsys.readouterr().out  # verbose=2: one line per epoch


def test_timed_fit_stops_early_and_restores_best_weights() -> None:
    model, train, validation = _tiny_problem()
    model.compile(optimizer=keras.optimizers.SGD(0.0), loss="binary_crossentropy", metrics=["accuracy"])
    run = timed_fit(model, train, validation, epochs=20, patience=1, monitor="val_loss")
    assert run.epochs_run == 2  # nothing changes with a zero learning rate: stop after patience
    assert run.best_epoch == 1


def test_timed_fit_restores_the_best_epochs_weights() -> None:
    # Training on flipped labels makes the (correctly labelled) validation loss worse every
    # epoch, so epoch 1 is the best and the weights after epoch 2 must be replaced by it.
    keras.utils.set_random_seed(0)
    x = np.random.default_rng(0).normal(size=(64, 3)).astype("float32")
    y = (x[:, 0] > 0).astype("float32")
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer=keras.optimizers.SGD(0.5), loss="binary_crossentropy", metrics=["accuracy"])
    model.layers[0].set_weights([np.array([[4.0], [0.0], [0.0]], "float32"), np.zeros(1, "float32")])
    flipped = tf.data.Dataset.from_tensor_slices((x, 1.0 - y)).batch(16)
    validation = tf.data.Dataset.from_tensor_slices((x, y)).batch(16)
    run = timed_fit(model, flipped, validation, epochs=10, patience=1, monitor="val_loss")
    assert run.epochs_run == 2 and run.best_epoch == 1
    assert run.history["val_loss"][1] > run.history["val_loss"][0]
    restored_loss = model.evaluate(validation, verbose=0)[0]
    assert restored_loss == pytest.approx(run.history["val_loss"][0], rel=1e-5)


def test_timed_fit_rejects_bad_arguments() -> None:
    model, train, validation = _tiny_problem()
    with pytest.raises(TypeError, match="model"):
        timed_fit("model", train, validation, epochs=1)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="train"):
        timed_fit(model, np.zeros(3), validation, epochs=1)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="epochs"):
        timed_fit(model, train, validation, epochs=0)
    uncompiled = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])
    with pytest.raises(ValueError, match="not compiled"):
        timed_fit(uncompiled, train, validation, epochs=1)
    with pytest.raises(TypeError, match="monitor"):
        timed_fit(model, train, validation, epochs=1, monitor=None)  # type: ignore[arg-type]


def test_timed_fit_stops_after_one_epoch_on_an_unlogged_monitor() -> None:
    model, train, validation = _tiny_problem()
    with pytest.raises(ValueError, match="'val_auc' is not logged.*val_accuracy"):
        timed_fit(model, train, validation, epochs=5, monitor="val_auc")
    assert int(model.optimizer.iterations) == len(train)  # one epoch of steps, not five


# artifacts and saved runs


def test_artifact_directory_depends_on_mode(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ARTIFACTS_ENV_VAR, str(tmp_path))
    monkeypatch.setenv(config.QUICK_ENV_VAR, "1")
    assert artifact_directory() == tmp_path / "quick" and (tmp_path / "quick").is_dir()
    monkeypatch.setenv(config.QUICK_ENV_VAR, "0")
    assert artifact_directory() == tmp_path / "full"


def test_artifact_directory_defaults_to_keras_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ARTIFACTS_ENV_VAR, raising=False)
    monkeypatch.setenv("KERAS_HOME", str(tmp_path))
    monkeypatch.setenv(config.QUICK_ENV_VAR, "1")
    assert artifact_directory() == tmp_path / "lstm_book" / "quick"


def test_save_and_load_run_round_trip(tmp_path: Path) -> None:
    run = TrainingRun(history={"loss": [0.7, 0.5]}, seconds=1.5, epochs_run=2, best_epoch=2)
    save_run(tmp_path / "run.json", run, test_accuracy=0.9)
    loaded, extras = load_run(tmp_path / "run.json")
    assert loaded == run and extras == {"test_accuracy": 0.9}


def test_load_run_rejects_other_json(tmp_path: Path) -> None:
    (tmp_path / "other.json").write_text("[1, 2]")
    with pytest.raises(ValueError, match="saved training run"):
        load_run(tmp_path / "other.json")
    with pytest.raises(TypeError, match="TrainingRun"):
        save_run(tmp_path / "x.json", {"loss": [1.0]})  # type: ignore[arg-type]
    (tmp_path / "partial.json").write_text('{"run": {"seconds": 1.0}}')
    with pytest.raises(ValueError, match="exactly the fields"):
        load_run(tmp_path / "partial.json")


# imbalanced_indices


def test_imbalanced_indices_has_the_share_asked_for() -> None:
    labels = np.array([0, 1] * 500)
    chosen = imbalanced_indices(labels, positive_share=0.95, size=400, seed=3)
    assert len(chosen) == 400 == len(set(chosen.tolist()))
    assert labels[chosen].sum() == 380
    assert_array_equal(chosen, np.sort(chosen))
    assert_array_equal(chosen, imbalanced_indices(labels, 0.95, 400, seed=3))


def test_imbalanced_indices_errors() -> None:
    labels = np.array([0, 1] * 10)
    with pytest.raises(ValueError, match="not enough"):
        imbalanced_indices(labels, 0.95, 20)
    with pytest.raises(ValueError, match="strictly between"):
        imbalanced_indices(labels, 1.0, 10)
    with pytest.raises(ValueError, match="0 or 1"):
        imbalanced_indices([0, 2], 0.5, 2)
    with pytest.raises(TypeError, match="positive_share"):
        imbalanced_indices(labels, "0.5", 10)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="gives 0 positives and 10 negatives"):
        imbalanced_indices(labels, 0.01, 10)


# most_confident_errors


def test_most_confident_errors_orders_by_confidence() -> None:
    labels = [0, 0, 1, 1, 0, 1]
    probabilities = [0.99, 0.1, 0.02, 0.9, 0.6, 0.45]
    assert most_confident_errors(labels, probabilities, count=10).tolist() == [0, 2, 4, 5]
    assert most_confident_errors(labels, probabilities, count=2).tolist() == [0, 2]


def test_most_confident_errors_rejects_logits_and_mismatch() -> None:
    with pytest.raises(ValueError, match="logits"):
        most_confident_errors([0, 1], [-2.0, 3.0], count=1)
    with pytest.raises(ValueError, match="same length"):
        most_confident_errors([0, 1, 1], [0.5, 0.5], count=1)
    with pytest.raises(ValueError, match="0 or 1"):
        most_confident_errors([0, 3], [0.5, 0.5], count=1)


# predict_in_buckets, halving_learning_rate, train_review_classifier


def test_predict_in_buckets_returns_input_order() -> None:
    from helpers.models import sentiment_lstm

    model = sentiment_lstm(200, embedding_dim=4, units=3)
    lists = [list(range(3, 3 + length)) for length in (120, 4, 61, 7, 118, 3)]
    expected = [float(model(np.array([ids], dtype="int32"))[0, 0]) for ids in lists]
    np.testing.assert_allclose(predict_in_buckets(model, lists, batch_size=2), expected, atol=1e-6)


def test_predict_in_buckets_padded_to_boundaries_gives_the_same_probabilities() -> None:
    from helpers.models import sentiment_lstm

    model = sentiment_lstm(200, embedding_dim=4, units=3)
    lists = [list(range(3, 3 + length)) for length in (120, 4, 61, 7, 118, 3)]
    np.testing.assert_allclose(
        predict_in_buckets(model, lists, batch_size=2, pad_to_bucket_boundary=True),
        predict_in_buckets(model, lists, batch_size=2),
        atol=1e-6,
    )


def test_halving_learning_rate_halves_each_epoch() -> None:
    schedule = halving_learning_rate(10)
    assert [float(schedule(step)) for step in (0, 10, 20)] == pytest.approx([1e-3, 5e-4, 2.5e-4])
    # Smooth, not a staircase: halfway through the first epoch the rate is 1e-3 / sqrt(2).
    assert float(schedule(5)) == pytest.approx(1e-3 * 0.5**0.5)
    with pytest.raises(ValueError, match="batches_per_epoch"):
        halving_learning_rate(0)


def test_train_review_classifier_gives_a_raw_text_model() -> None:
    texts = ["a great film", "awful and boring", "great acting", "boring plot"] * 4
    labels = np.array([1, 0, 1, 0] * 4)
    model, run = train_review_classifier(texts, labels, texts[:4], labels[:4], vocabulary_size=20, maxlen=5, epochs=1)
    assert run.epochs_run == 1
    classifier = model.layers[-1]  # chapter 5's network, with dropout 0.5 on the LSTM's inputs
    assert [type(layer).__name__ for layer in classifier.layers] == ["Embedding", "LSTM", "Dense"]
    assert classifier.layers[1].dropout == 0.5
    probabilities = model.predict(tf.constant([["a great film"], ["boring"]]), verbose=0)
    assert probabilities.shape == (2, 1) and ((probabilities > 0) & (probabilities < 1)).all()


@pytest.mark.parametrize(
    ("fit_texts", "fit_labels", "error", "message"),
    [
        ([], [], ValueError, "fit_texts must hold at least one text"),
        ("a great film", [1], TypeError, "fit_texts must be a list of str"),
        (["a great film", 3], [1, 0], TypeError, r"fit_texts\[1\] must be a str"),
        (["a great film", "awful"], [1], ValueError, "fit_labels must hold one label per review: 1 for 2 texts"),
        (["a great film", "awful"], [1, 2], ValueError, "fit_labels must contain only 0 and 1"),
    ],
)
def test_train_review_classifier_rejects_bad_input_before_training(fit_texts, fit_labels, error, message) -> None:
    with pytest.raises(error, match=message):
        train_review_classifier(fit_texts, fit_labels, ["fine"], [1], vocabulary_size=20, maxlen=5, epochs=1)
