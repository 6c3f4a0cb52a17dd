"""Tests of helpers.speed: the matmul ceiling, LSTM arithmetic and throughput."""

from __future__ import annotations

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import keras
import numpy as np
import pytest
import tensorflow as tf

from helpers.lstm import lstm_param_count
from helpers.models import sentiment_lstm
from helpers.speed import EpochTimer, lstm_training_flops_per_step, matmul_gflops, tokens_per_second


def test_matmul_gflops_is_positive_and_checks_sizes() -> None:
    assert matmul_gflops(size=64, repeats=2) > 0
    with pytest.raises(ValueError, match="size"):
        matmul_gflops(size=0)
    with pytest.raises(TypeError, match="repeats"):
        matmul_gflops(repeats=1.5)  # type: ignore[arg-type]


def test_lstm_flops_are_three_forward_passes_of_the_gate_weights() -> None:
    # The gate weights (biases aside) are the multiply-adds of one forward step.
    weights = lstm_param_count(64, 64) - 4 * 64
    assert lstm_training_flops_per_step(64, 64) == 3 * 2 * weights == 196_608
    with pytest.raises(ValueError, match="units"):
        lstm_training_flops_per_step(64, 0)


def test_tokens_per_second_counts_real_tokens_only() -> None:
    model = sentiment_lstm(50, embedding_dim=4, units=3)
    ids = np.array([[5, 6, 7, 0], [8, 9, 0, 0]], dtype="int32")
    batches = tf.data.Dataset.from_tensor_slices((ids, np.array([1.0, 0.0], "float32"))).batch(2)
    assert tokens_per_second(model, batches) > 0
    with pytest.raises(ValueError, match="no token"):
        empty = tf.data.Dataset.from_tensor_slices((np.zeros((2, 3), "int32"), np.zeros(2, "float32"))).batch(2)
        tokens_per_second(model, empty)
    with pytest.raises(ValueError, match="epochs"):
        tokens_per_second(model, batches, epochs=1)
    with pytest.raises(TypeError, match="keras.Model"):
        tokens_per_second("model", batches)  # type: ignore[arg-type]
    uncompiled = keras.Sequential([keras.Input((None,), dtype="int32"), keras.layers.Embedding(50, 2)])
    with pytest.raises(ValueError, match="not compiled"):
        tokens_per_second(uncompiled, batches)
    with pytest.raises(TypeError, match="tf.data.Dataset"):
        tokens_per_second(model, ids)  # type: ignore[arg-type]


def test_epoch_timer_records_one_duration_per_epoch() -> None:
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse")
    timer = EpochTimer()
    assert timer.seconds == []
    model.fit(np.zeros((8, 3)), np.zeros(8), epochs=3, callbacks=[timer], verbose=0)
    assert len(timer.seconds) == 3
    assert all(seconds > 0 for seconds in timer.seconds)
