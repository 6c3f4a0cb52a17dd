"""The IMDb input pipeline: token lists in batches of reviews of similar length.

Chapter 5 introduces it; chapters 6 and 7 and the benchmark reuse it.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import keras
import numpy as np
import tensorflow as tf

from helpers.config import is_quick
from helpers.data import keras_cache_dir


def truncate_token_lists(token_lists: Sequence[Sequence[int]], maxlen: int) -> list[list[int]]:
    """The first ``maxlen`` token ids of every review (``truncating="post"``, without padding)."""
    return [list(tokens[:maxlen]) for tokens in token_lists]


def bucketed_dataset(
    token_lists: Sequence[Sequence[int]],
    labels: Any,
    batch_size: int,
    bucket_width: int = 50,
    shuffle: bool = False,
    seed: int = 0,
    pad_to_bucket_boundary: bool = False,
) -> tf.data.Dataset:
    """Batches of ``(token_ids, labels)`` of reviews of similar length, padded at the end with 0.

    Reviews fall into buckets ``bucket_width`` tokens wide
    (``bucket_by_sequence_length``), and each batch is padded to its longest
    review, or with ``pad_to_bucket_boundary`` to its bucket's bound (the
    few fixed shapes XLA needs). With ``shuffle``, the reviews and then the
    batches come in a new order every epoch.
    """
    lengths = np.array([len(tokens) for tokens in token_lists])
    labels = np.asarray(labels, dtype="float32")
    # All ids in one flat tensor; review i is the slice [starts[i], starts[i] + lengths[i]).
    flat_ids = tf.constant(np.concatenate([np.asarray(tokens, dtype=np.int32) for tokens in token_lists]))
    starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    dataset = tf.data.Dataset.from_tensor_slices((starts, lengths, labels))
    if shuffle:
        dataset = dataset.shuffle(len(lengths), seed=seed, reshuffle_each_iteration=True)
    dataset = dataset.map(lambda start, length, label: (flat_ids[start : start + length], label),
                          num_parallel_calls=tf.data.AUTOTUNE)
    # tf.data pads to a boundary minus 1 with pad_to_bucket_boundary: boundaries 51, 101, ... pad to 50, 100, ...
    first = bucket_width + 1 if pad_to_bucket_boundary else bucket_width
    boundaries = list(range(first, int(lengths.max()) + first, bucket_width))
    if not pad_to_bucket_boundary:
        boundaries = [b for b in boundaries if b <= lengths.max()]
    dataset = dataset.bucket_by_sequence_length(
        element_length_func=lambda tokens, label: tf.shape(tokens)[0],
        bucket_boundaries=boundaries,
        bucket_batch_sizes=[batch_size] * (len(boundaries) + 1),
        pad_to_bucket_boundary=pad_to_bucket_boundary,
    )
    # Telling tf.data the number of batches lets Keras show the steps and stops its "ran out of data" warning.
    bucket_sizes = np.bincount(np.searchsorted(boundaries, lengths, side="right"))
    batch_count = int(np.ceil(bucket_sizes / batch_size).sum())
    dataset = dataset.apply(tf.data.experimental.assert_cardinality(batch_count))
    if shuffle:  # Otherwise the short buckets fill first and every epoch starts with short reviews.
        dataset = dataset.shuffle(batch_count, seed=seed + 1)
    return dataset.prefetch(tf.data.AUTOTUNE)


def predict_in_buckets(model: keras.Model, token_lists: Sequence[Sequence[int]], batch_size: int = 256) -> np.ndarray:
    """``model.predict`` over :func:`bucketed_dataset` batches, one probability per review, in input order."""
    # The "labels" are the reviews' positions, so each batch says which reviews it holds.
    batches = bucketed_dataset(token_lists, np.arange(len(token_lists)), batch_size)
    order = np.concatenate([positions.numpy() for _, positions in batches]).astype(int)
    predictions = np.asarray(model.predict(batches.map(lambda ids, positions: ids), verbose=0)).reshape(-1)
    result = np.empty(len(token_lists))
    result[order] = predictions
    return result


def artifact_directory() -> Path:
    """Where chapters save models: ``$LSTM_BOOK_ARTIFACTS``, else ``~/.keras/lstm_book``, one folder per mode."""
    root = os.environ.get("LSTM_BOOK_ARTIFACTS") or keras_cache_dir() / "lstm_book"
    folder = Path(root) / ("quick" if is_quick() else "full")
    folder.mkdir(parents=True, exist_ok=True)
    return folder
