"""Tests of helpers.speed: the matmul ceiling, an LSTM step's arithmetic and the epoch timer."""

from __future__ import annotations

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import keras
import numpy as np
import pytest

from helpers.speed import EpochTimer, lstm_training_flops_per_step, matmul_gflops


@pytest.mark.parametrize(
    ("arguments", "error", "message"),
    [
        ({"size": 0}, ValueError, "size must be at least 1"),
        ({"size": 2.0}, TypeError, "size must be an int"),
        ({"repeats": 0}, ValueError, "repeats must be at least 1"),
        ({"repeats": True}, TypeError, "repeats must be an int"),
    ],
)
def test_matmul_gflops_refuses_bad_sizes(arguments: dict, error: type, message: str) -> None:
    with pytest.raises(error, match=message):
        matmul_gflops(**arguments)


def test_matmul_gflops_is_a_positive_rate() -> None:
    assert matmul_gflops(size=64, repeats=2) > 0


@pytest.mark.parametrize(
    ("arguments", "error", "message"),
    [
        ((0, 64), ValueError, "input_dim must be at least 1"),
        ((64, 0), ValueError, "units must be at least 1"),
        ((64.0, 64), TypeError, "input_dim must be an int"),
        ((64, "64"), TypeError, "units must be an int"),
    ],
)
def test_lstm_flops_refuse_bad_sizes(arguments: tuple, error: type, message: str) -> None:
    with pytest.raises(error, match=message):
        lstm_training_flops_per_step(*arguments)


@pytest.mark.parametrize(("input_dim", "units"), [(64, 64), (128, 32), (3, 5)])
def test_lstm_flops_are_three_forward_passes_of_the_gate_weights(input_dim: int, units: int) -> None:
    lstm = keras.layers.LSTM(units)
    lstm.build((None, None, input_dim))
    weights = lstm.count_params() - 4 * units  # one multiply-add per weight, biases aside
    assert lstm_training_flops_per_step(input_dim, units) == 3 * 2 * weights
    assert lstm_training_flops_per_step(64, 64) == 196_608


def test_epoch_timer_records_one_duration_per_epoch() -> None:
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse")
    timer = EpochTimer()
    assert timer.seconds == []
    model.fit(np.zeros((8, 3)), np.zeros(8), epochs=3, callbacks=[timer], verbose=0)
    assert len(timer.seconds) == 3
    assert all(seconds > 0 for seconds in timer.seconds)
