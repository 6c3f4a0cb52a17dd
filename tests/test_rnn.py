"""Tests of helpers.rnn: the NumPy RNN equals keras.layers.SimpleRNN."""

from __future__ import annotations

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import keras
import numpy as np
import pytest
from numpy.testing import assert_allclose

from helpers.rnn import (
    SimpleRNNWeights,
    simple_rnn_forward,
    simple_rnn_param_count,
    simple_rnn_step,
    simple_rnn_weights,
)

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
    layer = keras.layers.SimpleRNN(
        units, return_sequences=True, return_state=True, bias_initializer="random_normal"
    )
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


def test_simple_rnn_step_is_the_recurrence() -> None:
    weights = random_weights(3, 2)
    x_t = np.array([[1.0, -2.0, 0.5]])
    h_prev = np.array([[0.3, -0.1]])
    expected = np.tanh(x_t @ weights.W_x + h_prev @ weights.W_h + weights.b)
    assert_allclose(simple_rnn_step(x_t, h_prev, weights), expected)


def test_simple_rnn_forward_without_recurrence_forgets_the_past() -> None:
    W_x, _, b = random_weights(3, 4)
    x = np.random.default_rng(5).normal(size=(2, 6, 3))
    _, state = simple_rnn_forward(x, (W_x, np.zeros((4, 4)), b))
    assert_allclose(state, np.tanh(x[:, -1] @ W_x + b))


def test_simple_rnn_states_stay_in_tanh_range() -> None:
    x = np.random.default_rng(6).normal(scale=10, size=(3, 20, 4))
    sequence, _ = simple_rnn_forward(x, random_weights(4, 6))
    assert np.all(np.abs(sequence) <= 1)


@pytest.mark.parametrize(
    ("inputs", "weights", "error", "message"),
    [
        (np.zeros((2, 3)), random_weights(3, 2), ValueError, r"expected \(batch, time, features\), got shape \(2, 3\)"),
        (np.zeros((2, 3, 4)), random_weights(3, 2), ValueError, r"W_x: expected 4 rows, one per input feature"),
        (np.zeros((0, 3, 3)), random_weights(3, 2), ValueError, "at least one sequence of one step"),
        (np.zeros((1, 0, 3)), random_weights(3, 2), ValueError, "at least one sequence of one step"),
        ([[[1.0]]], random_weights(1, 2), TypeError, "inputs must be an array, got list"),
        (np.array([[["a"]]]), random_weights(1, 2), TypeError, "inputs must hold real numbers"),
        (np.zeros((1, 2, 3)), (np.zeros((3, 2)), np.zeros((3, 3)), np.zeros(2)), ValueError, r"W_h: expected \(2, 2\)"),
        (np.zeros((1, 2, 3)), (np.zeros((3, 2)), np.zeros((2, 2)), np.zeros(3)), ValueError, r"b: expected \(2,\)"),
        (np.zeros((1, 2, 3)), (np.zeros(3), np.zeros((2, 2)), np.zeros(2)), ValueError, r"W_x: expected \(features, units\)"),
    ],
)
def test_simple_rnn_forward_bad_input(inputs, weights, error, message) -> None:
    with pytest.raises(error, match=message):
        simple_rnn_forward(inputs, weights)


def test_simple_rnn_forward_bad_initial_state() -> None:
    with pytest.raises(ValueError, match=r"initial_state: expected \(1, 2\), got \(1, 3\)"):
        simple_rnn_forward(np.zeros((1, 2, 3)), random_weights(3, 2), initial_state=np.zeros((1, 3)))


@pytest.mark.parametrize(("features", "units"), [(1, 1), (8, 16), (100, 32), (128, 64)])
def test_simple_rnn_param_count_matches_keras(features: int, units: int) -> None:
    layer = keras.layers.SimpleRNN(units)
    layer.build((None, None, features))
    assert simple_rnn_param_count(features, units) == layer.count_params()


@pytest.mark.parametrize(
    ("features", "units", "error", "message"),
    [
        (0, 4, ValueError, "features must be at least 1, got 0"),
        (4, -2, ValueError, "units must be at least 1, got -2"),
        (4.0, 4, TypeError, "features must be an int, got float"),
        (4, True, TypeError, "units must be an int, got bool"),
    ],
)
def test_simple_rnn_param_count_bad_input(features, units, error, message) -> None:
    with pytest.raises(error, match=message):
        simple_rnn_param_count(features, units)


def test_simple_rnn_weights_rejects_other_layers_and_unbuilt() -> None:
    with pytest.raises(TypeError, match="layer must be a keras.layers.SimpleRNN, got LSTM"):
        simple_rnn_weights(keras.layers.LSTM(3))
    with pytest.raises(ValueError, match="layer is not built yet"):
        simple_rnn_weights(keras.layers.SimpleRNN(3))


def test_simple_rnn_weights_rejects_other_activations_and_no_bias() -> None:
    relu_layer = keras.layers.SimpleRNN(3, activation="relu")
    relu_layer(np.zeros((1, 2, 4), dtype="float32"))
    with pytest.raises(ValueError, match="activation=relu; this implementation expects tanh"):
        simple_rnn_weights(relu_layer)
    no_bias = keras.layers.SimpleRNN(3, use_bias=False)
    no_bias(np.zeros((1, 2, 4), dtype="float32"))
    with pytest.raises(ValueError, match="use_bias=False"):
        simple_rnn_weights(no_bias)
