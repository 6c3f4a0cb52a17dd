"""Tests of helpers.gradients: gradients vanish in a plain RNN, far less in an LSTM."""

from __future__ import annotations

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import keras
import numpy as np
import pytest
import tensorflow as tf
from numpy.testing import assert_allclose, assert_array_equal

from helpers.gradients import gradient_norms_over_time, jacobian_product_norms
from helpers.rnn import simple_rnn_forward, simple_rnn_weights

# Tape gradients are float32; references computed in float64 agree to this relative tolerance.
TOLERANCE = 1e-4
# NumPy float64 linear algebra agrees with closed forms to this relative tolerance.
EXACT = 1e-10


def orthogonal(units: int, seed: int = 0) -> np.ndarray:
    q, r = np.linalg.qr(np.random.default_rng(seed).normal(size=(units, units)))
    return q * np.sign(np.diag(r))


def sequences(batch: int, time: int, features: int, seed: int = 0) -> np.ndarray:
    return np.random.default_rng(seed).normal(size=(batch, time, features)).astype("float32")


# --- jacobian_product_norms ------------------------------------------------------------


@pytest.mark.parametrize(
    ("gain", "activation_derivative"),
    [(0.5, 1.0), (0.9, 1.0), (1.0, 1.0), (1.1, 1.0), (2.0, 1.0), (2.0, 0.25), (3.0, 0.5)],
)
def test_jacobian_product_norms_of_scaled_orthogonal_are_powers(
    gain: float, activation_derivative: float
) -> None:
    steps = 30
    norms = jacobian_product_norms(gain * orthogonal(8), steps, activation_derivative)
    expected = (gain * activation_derivative) ** np.arange(1, steps + 1)
    assert norms.shape == (steps,) and norms.dtype == np.float64
    assert_allclose(norms, expected, rtol=EXACT)


def test_jacobian_product_norms_vanish_below_one_and_explode_above() -> None:
    vanishing = jacobian_product_norms(0.8 * orthogonal(4), 50)
    exploding = jacobian_product_norms(1.2 * orthogonal(4), 50)
    assert np.all(np.diff(vanishing) < 0) and vanishing[-1] < 1e-4
    assert np.all(np.diff(exploding) > 0) and exploding[-1] > 1e3


def test_jacobian_product_norms_are_bounded_by_powers_of_sigma_max() -> None:
    W_h = np.random.default_rng(2).normal(scale=0.4, size=(6, 6))
    bound = (0.5 * np.linalg.svd(W_h, compute_uv=False)[0]) ** np.arange(1, 21)
    norms = jacobian_product_norms(W_h, 20, activation_derivative=0.5)
    assert_allclose(norms[0], 0.5 * np.linalg.svd(W_h, compute_uv=False)[0], rtol=EXACT)
    assert np.all(norms <= bound * (1 + EXACT))


def test_jacobian_product_norms_long_run_follows_the_spectral_radius() -> None:
    # sigma_max > 1, yet both eigenvalues are below 1: the product grows, then vanishes.
    W_h = np.array([[0.5, 0.0], [3.0, 0.4]])
    norms = jacobian_product_norms(W_h, 200)
    assert norms[0] > 1
    assert norms[-1] < 1e-40
    assert_allclose(norms[-1] ** (1 / 200), 0.5, atol=0.02)


def test_jacobian_product_norms_with_zero_derivative_are_zero() -> None:
    norms = jacobian_product_norms(orthogonal(3), 4, activation_derivative=0)
    assert_array_equal(norms, np.zeros(4))


# --- gradient_norms_over_time ----------------------------------------------------------


@pytest.mark.parametrize(
    "layer_class", [keras.layers.SimpleRNN, keras.layers.LSTM, keras.layers.GRU]
)
@pytest.mark.parametrize(("batch", "time", "features"), [(1, 1, 1), (3, 7, 2)])
def test_gradient_norms_over_time_shape(layer_class, batch: int, time: int, features: int) -> None:
    keras.utils.set_random_seed(0)
    norms = gradient_norms_over_time(layer_class(4), sequences(batch, time, features))
    assert norms.shape == (time,) and norms.dtype == np.float64
    assert np.all(norms > 0)


def test_gradient_norms_over_time_matches_finite_differences() -> None:
    keras.utils.set_random_seed(1)
    x = sequences(2, 5, 3, seed=1)
    layer = keras.layers.SimpleRNN(4, bias_initializer="random_normal")
    norms = gradient_norms_over_time(layer, x)
    weights = simple_rnn_weights(layer)

    def loss(inputs: np.ndarray) -> float:
        return float(simple_rnn_forward(inputs, weights)[1].sum())

    x64, eps = x.astype(np.float64), 1e-6
    gradient = np.zeros_like(x64)
    for index in np.ndindex(x64.shape):
        step = np.zeros_like(x64)
        step[index] = eps
        gradient[index] = (loss(x64 + step) - loss(x64 - step)) / (2 * eps)
    expected = np.linalg.norm(gradient, axis=-1).mean(axis=0)
    assert_allclose(norms, expected, rtol=TOLERANCE)


@pytest.mark.parametrize("layer_class", [keras.layers.LSTM, keras.layers.GRU])
def test_gradient_norms_over_time_matches_a_tape_on_each_step(layer_class) -> None:
    keras.utils.set_random_seed(2)
    x = sequences(3, 6, 2, seed=2)
    layer = layer_class(5)
    norms = gradient_norms_over_time(layer, x)
    steps = [tf.constant(x[:, t, :]) for t in range(x.shape[1])]
    with tf.GradientTape() as tape:
        for step in steps:
            tape.watch(step)
        loss = tf.reduce_sum(layer(tf.stack(steps, axis=1)))
    gradients = tape.gradient(loss, steps)
    expected = [np.linalg.norm(g.numpy(), axis=-1).mean() for g in gradients]
    assert_allclose(norms, expected, rtol=TOLERANCE)


def test_gradient_norms_over_time_is_the_mean_over_the_batch() -> None:
    keras.utils.set_random_seed(3)
    x = sequences(4, 8, 3, seed=3)
    layer = keras.layers.LSTM(4)
    each = [gradient_norms_over_time(layer, x[i : i + 1]) for i in range(len(x))]
    assert_allclose(gradient_norms_over_time(layer, x), np.mean(each, axis=0), rtol=TOLERANCE)


@pytest.mark.parametrize("gain", [0.9, 1.1])
def test_gradient_norms_over_time_linear_orthogonal_rnn_follows_powers_of_the_gain(
    gain: float,
) -> None:
    # h_T = sum_t x_t W_x W_h^(T-1-t): with orthogonal W_x, W_h / gain, the norm is exact.
    units, time = 4, 20
    layer = keras.layers.SimpleRNN(
        units,
        activation=None,
        kernel_initializer=keras.initializers.Orthogonal(seed=0),
        recurrent_initializer=keras.initializers.Orthogonal(gain=gain, seed=1),
    )
    norms = gradient_norms_over_time(layer, sequences(3, time, units, seed=4))
    expected = np.sqrt(units) * gain ** np.arange(time - 1, -1, -1)
    assert_allclose(norms, expected, rtol=TOLERANCE)


def small_recurrent_rnn_and_lstm_ratios(seed: int) -> tuple[float, float]:
    x = sequences(8, 50, 4, seed=seed)
    keras.utils.set_random_seed(seed)
    rnn = keras.layers.SimpleRNN(16, recurrent_initializer=keras.initializers.Orthogonal(gain=0.5))
    rnn_norms = gradient_norms_over_time(rnn, x)
    keras.utils.set_random_seed(seed)
    lstm_norms = gradient_norms_over_time(keras.layers.LSTM(16), x)
    return rnn_norms[0] / rnn_norms[-1], lstm_norms[0] / lstm_norms[-1]


@pytest.mark.parametrize("seed", [0, 1])
def test_gradient_norms_over_time_vanish_in_a_simple_rnn_not_so_in_an_lstm(seed: int) -> None:
    # Measured over 50 steps: SimpleRNN(gain 0.5) first/last about 1e-20,
    # LSTM (default initialisation) about 3e-6 to 3e-5.
    rnn_ratio, lstm_ratio = small_recurrent_rnn_and_lstm_ratios(seed)
    assert rnn_ratio < 1e-12
    assert lstm_ratio > 1e-8
    assert lstm_ratio / rnn_ratio > 1e8


def test_gradient_norms_over_time_built_layer_and_return_state() -> None:
    keras.utils.set_random_seed(5)
    x = sequences(2, 6, 3, seed=5)
    layer = keras.layers.GRU(4)
    first = gradient_norms_over_time(layer, x)
    assert_allclose(gradient_norms_over_time(layer, x), first, rtol=TOLERANCE)
    with_state = keras.layers.GRU(4, return_state=True)
    with_state.build((None, None, 3))
    with_state.set_weights(layer.get_weights())
    assert_allclose(gradient_norms_over_time(with_state, x), first, rtol=TOLERANCE)
