"""Tests of helpers.training: truncation, the bucketed pipeline, predictions in input order, the artifact folder."""

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
    artifact_directory,
    bucketed_dataset,
    predict_in_buckets,
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


# artifacts


def test_artifact_directory_depends_on_mode(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LSTM_BOOK_ARTIFACTS", str(tmp_path))
    monkeypatch.setenv(config.QUICK_ENV_VAR, "1")
    assert artifact_directory() == tmp_path / "quick" and (tmp_path / "quick").is_dir()
    monkeypatch.setenv(config.QUICK_ENV_VAR, "0")
    assert artifact_directory() == tmp_path / "full"


def test_artifact_directory_defaults_to_keras_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LSTM_BOOK_ARTIFACTS", raising=False)
    monkeypatch.setenv("KERAS_HOME", str(tmp_path))
    monkeypatch.setenv(config.QUICK_ENV_VAR, "1")
    assert artifact_directory() == tmp_path / "lstm_book" / "quick"


def test_predict_in_buckets_returns_input_order() -> None:
    keras.utils.set_random_seed(0)
    model = keras.Sequential([
        keras.Input(shape=(None,), dtype="int32"),
        keras.layers.Embedding(200, 4, mask_zero=True),
        keras.layers.LSTM(3),
        keras.layers.Dense(1, activation="sigmoid"),
    ])
    lists = [list(range(3, 3 + length)) for length in (120, 4, 61, 7, 118, 3)]
    expected = [float(model(np.array([ids], dtype="int32"))[0, 0]) for ids in lists]
    np.testing.assert_allclose(predict_in_buckets(model, lists, batch_size=2), expected, atol=1e-6)


def test_bucketed_rejects_labels_of_another_length() -> None:
    with pytest.raises(ValueError):
        bucketed_dataset(_lists([3, 4, 5]), [0, 1], batch_size=2)
