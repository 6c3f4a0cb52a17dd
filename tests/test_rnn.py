"""Tests of helpers.rnn: the NumPy RNN equals keras.layers.SimpleRNN."""

from __future__ import annotations

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import keras
import numpy as np
import pytest
from numpy.testing import assert_allclose

from helpers.rnn import SimpleRNNWeights, simple_rnn_forward, simple_rnn_param_count, simple_rnn_step, simple_rnn_weights

TOLERANCE = 1e-5


def random_weights(features: int, units: int, seed: int = 0) -> SimpleRNNWeights:
    rng = np.random.default_rng(seed)
    return SimpleRNNWeights(
        rng.normal(scale=0.5, size=(features, units)),
        rng.normal(scale=0.5, size=(units, units)),
        rng.normal(scale=0.1, size=units),
    )


@pytest.mark.parametrize(
    ("batch", "time", "features", "units"),
    [(1, 1, 1, 1), (1, 7, 3, 1), (4, 5, 3, 8), (2, 30, 16, 4), (3, 2, 1, 32)],
)
def test_simple_rnn_forward_matches_keras(batch: int, time: int, features: int, units: int) -> None:
    keras.utils.set_random_seed(batch * 1000 + time)
    x = np.random.default_rng(1).normal(size=(batch, time, features)).astype("float32")
    layer = keras.layers.SimpleRNN(units, return_sequences=True, return_state=True, bias_initializer="random_normal")
    keras_sequence, keras_state = layer(x)
    sequence, state = simple_rnn_forward(x, simple_rnn_weights(layer))
    assert sequence.shape == (batch, time, units) and state.shape == (batch, units)
    assert_allclose(sequence, keras_sequence.numpy(), atol=TOLERANCE)
    assert_allclose(state, keras_state.numpy(), atol=TOLERANCE)


def test_simple_rnn_forward_initial_state_matches_keras() -> None:
    keras.utils.set_random_seed(3)
    x = np.random.default_rng(2).normal(size=(2, 4, 3)).astype("float32")
    h0 = np.random.default_rng(3).normal(size=(2, 5)).astype("float32")
    layer = keras.layers.SimpleRNN(5)
    expected = layer(x, initial_state=h0).numpy()
    _, state = simple_rnn_forward(x, simple_rnn_weights(layer), initial_state=h0)
    assert_allclose(state, expected, atol=TOLERANCE)
    _, zero_start = simple_rnn_forward(x, simple_rnn_weights(layer))
    assert not np.allclose(state, zero_start)


def test_simple_rnn_weights_are_kernel_recurrent_kernel_and_bias() -> None:
    layer = keras.layers.SimpleRNN(3, bias_initializer="random_normal")
    layer.build((None, None, 4))
    weights = simple_rnn_weights(layer)
    assert_allclose(weights.W_x, layer.cell.kernel.numpy())
    assert_allclose(weights.W_h, layer.cell.recurrent_kernel.numpy())
    assert_allclose(weights.b, layer.cell.bias.numpy())


def test_simple_rnn_step_is_the_recurrence() -> None:
    weights = random_weights(3, 2)
    x_t = np.array([[1.0, -2.0, 0.5]])
    h_prev = np.array([[0.3, -0.1]])
    expected = np.tanh(x_t @ weights.W_x + h_prev @ weights.W_h + weights.b)
    assert_allclose(simple_rnn_step(x_t, h_prev, weights), expected)


def test_simple_rnn_forward_without_recurrence_forgets_the_past() -> None:
    W_x, _, b = random_weights(3, 4)
    x = np.random.default_rng(5).normal(size=(2, 6, 3))
    sequence, state = simple_rnn_forward(x, (W_x, np.zeros((4, 4)), b))
    assert_allclose(state, np.tanh(x[:, -1] @ W_x + b))
    assert_allclose(sequence[:, -1], state)


def test_simple_rnn_states_stay_in_tanh_range() -> None:
    x = np.random.default_rng(6).normal(scale=10, size=(3, 20, 4))
    sequence, _ = simple_rnn_forward(x, random_weights(4, 6))
    assert np.all(np.abs(sequence) <= 1)


@pytest.mark.parametrize(("features", "units"), [(1, 1), (8, 16), (100, 32), (128, 64)])
def test_simple_rnn_param_count_matches_keras(features: int, units: int) -> None:
    layer = keras.layers.SimpleRNN(units)
    layer.build((None, None, features))
    assert simple_rnn_param_count(features, units) == layer.count_params()
