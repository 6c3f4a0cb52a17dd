"""Tests of helpers.models: the chapter 5 sentiment LSTM."""

from __future__ import annotations

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import keras
import numpy as np
import pytest

from helpers.lstm import lstm_param_count
from helpers.models import sentiment_lstm


def test_parameter_count_matches_the_formula() -> None:
    model = sentiment_lstm(1_000, embedding_dim=16, units=8)
    expected = 1_000 * 16 + lstm_param_count(16, 8) + (8 + 1)
    assert model.count_params() == expected


def test_bidirectional_and_stacked_parameter_counts() -> None:
    model = sentiment_lstm(100, embedding_dim=4, units=3, bidirectional=True, lstm_layers=2)
    expected = 100 * 4 + 2 * lstm_param_count(4, 3) + 2 * lstm_param_count(6, 3) + (6 + 1)
    assert model.count_params() == expected


def test_output_is_a_probability_and_padding_is_ignored() -> None:
    model = sentiment_lstm(50, embedding_dim=4, units=3, dense_dropout=0.5)
    ids = np.array([[5, 9, 2, 7]], dtype="int32")
    padded = np.array([[5, 9, 2, 7, 0, 0, 0]], dtype="int32")
    short, long = model(ids).numpy(), model(padded).numpy()
    assert short.shape == (1, 1) and 0 < short[0, 0] < 1
    np.testing.assert_allclose(short, long, atol=1e-6)


def test_same_seed_same_weights() -> None:
    first = sentiment_lstm(30, embedding_dim=2, units=2, seed=3).get_weights()
    second = sentiment_lstm(30, embedding_dim=2, units=2, seed=3).get_weights()
    for a, b in zip(first, second):
        np.testing.assert_array_equal(a, b)


def test_accepts_a_learning_rate_schedule() -> None:
    schedule = keras.optimizers.schedules.ExponentialDecay(1e-3, decay_steps=10, decay_rate=0.5)
    model = sentiment_lstm(30, learning_rate=schedule)
    assert float(model.optimizer.learning_rate) == pytest.approx(1e-3)


def test_compiled_with_clipped_adam() -> None:
    model = sentiment_lstm(30)
    assert isinstance(model.optimizer, keras.optimizers.Adam)
    assert model.optimizer.clipnorm == 1.0


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"vocabulary_size": 2}, ValueError, "vocabulary_size"),
        ({"vocabulary_size": 10.0}, TypeError, "vocabulary_size"),
        ({"vocabulary_size": 10, "units": 0}, ValueError, "units"),
        ({"vocabulary_size": 10, "dropout": 1.0}, ValueError, "dropout"),
        ({"vocabulary_size": 10, "dropout": "0.2"}, TypeError, "dropout"),
        ({"vocabulary_size": 10, "bidirectional": 1}, TypeError, "bidirectional"),
        ({"vocabulary_size": 10, "learning_rate": 0}, ValueError, "learning_rate"),
    ],
)
def test_bad_arguments(kwargs: dict, error: type[Exception], match: str) -> None:
    with pytest.raises(error, match=match):
        sentiment_lstm(**kwargs)
