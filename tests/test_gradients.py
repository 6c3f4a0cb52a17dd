"""Tests of helpers.gradients: gradients vanish in a plain RNN, far less in an LSTM."""

from __future__ import annotations

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import keras
import numpy as np
import pytest
import tensorflow as tf
from numpy.testing import assert_allclose, assert_array_equal

from helpers.gradients import (
    gradient_norms_over_time,
    gradient_norms_through_model,
    jacobian_product_norms,
    largest_singular_value,
)
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


# --- largest_singular_value ------------------------------------------------------------


@pytest.mark.parametrize("shape", [(1, 1), (3, 3), (2, 5), (7, 4)])
def test_largest_singular_value_matches_svd(shape: tuple[int, int]) -> None:
    matrix = np.random.default_rng(sum(shape)).normal(size=shape)
    expected = np.linalg.svd(matrix, compute_uv=False).max()
    assert_allclose(largest_singular_value(matrix), expected, rtol=EXACT)


def test_largest_singular_value_of_known_matrices() -> None:
    assert_allclose(largest_singular_value(0.7 * orthogonal(6)), 0.7, rtol=EXACT)
    assert_allclose(largest_singular_value(np.diag([0.5, -3.0, 2.0])), 3.0, rtol=EXACT)
    assert largest_singular_value(np.zeros((2, 2))) == 0.0
    assert isinstance(largest_singular_value(np.eye(2, dtype=np.int64)), float)


def test_largest_singular_value_bounds_the_stretch_of_any_vector() -> None:
    rng = np.random.default_rng(1)
    matrix = rng.normal(size=(5, 5))
    vectors = rng.normal(size=(1000, 5))
    stretch = np.linalg.norm(vectors @ matrix, axis=1) / np.linalg.norm(vectors, axis=1)
    assert stretch.max() <= largest_singular_value(matrix) * (1 + EXACT)


@pytest.mark.parametrize(
    ("matrix", "error", "message"),
    [
        ([[1.0]], TypeError, "matrix must be an array, got list"),
        (np.array([["a"]]), TypeError, "matrix must hold real numbers"),
        (np.eye(2) * 1j, TypeError, "matrix must hold real numbers, got dtype complex128"),
        (np.zeros(3), ValueError, r"matrix: expected \(rows, columns\), got shape \(3,\)"),
        (np.zeros((0, 3)), ValueError, r"expected at least one row and one column, got shape \(0, 3\)"),
        (np.array([[1.0, np.nan]]), ValueError, "matrix: expected finite values"),
    ],
)
def test_largest_singular_value_bad_input(matrix, error, message) -> None:
    with pytest.raises(error, match=message):
        largest_singular_value(matrix)


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
    bound = (0.5 * largest_singular_value(W_h)) ** np.arange(1, 21)
    norms = jacobian_product_norms(W_h, 20, activation_derivative=0.5)
    assert_allclose(norms[0], 0.5 * largest_singular_value(W_h), rtol=EXACT)
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


@pytest.mark.parametrize(
    ("W_h", "steps", "derivative", "error", "message"),
    [
        (np.zeros((2, 3)), 3, 1.0, ValueError, r"W_h: expected a non-empty square \(units, units\) matrix, got shape \(2, 3\)"),
        (np.zeros((0, 0)), 3, 1.0, ValueError, r"W_h: expected a non-empty square .* got shape \(0, 0\)"),
        (np.zeros(4), 3, 1.0, ValueError, r"W_h: expected \(units, units\), got shape \(4,\)"),
        ([[1.0]], 3, 1.0, TypeError, "W_h must be an array, got list"),
        (np.full((2, 2), np.inf), 3, 1.0, ValueError, "W_h: expected finite values"),
        (np.eye(2), 0, 1.0, ValueError, "steps must be at least 1, got 0"),
        (np.eye(2), 2.0, 1.0, TypeError, r"steps must be an int, got float \(2.0\)"),
        (np.eye(2), True, 1.0, TypeError, "steps must be an int, got bool"),
        (np.eye(2), 3, -0.5, ValueError, "activation_derivative must be a finite number >= 0, got -0.5"),
        (np.eye(2), 3, float("nan"), ValueError, "activation_derivative must be a finite number >= 0, got nan"),
        (np.eye(2), 3, "1", TypeError, r"activation_derivative must be a real number, got str \('1'\)"),
    ],
)
def test_jacobian_product_norms_bad_input(W_h, steps, derivative, error, message) -> None:
    with pytest.raises(error, match=message):
        jacobian_product_norms(W_h, steps, derivative)


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


@pytest.mark.parametrize(
    ("layer", "inputs", "error", "message"),
    [
        (keras.layers.Dense(3), np.zeros((1, 2, 3)), TypeError, "recurrent_layer must be a keras.layers.SimpleRNN, LSTM or GRU, got Dense"),
        ("lstm", np.zeros((1, 2, 3)), TypeError, "recurrent_layer must be .* got str"),
        (keras.layers.LSTM(3, return_sequences=True), np.zeros((1, 2, 3)), ValueError, "return_sequences=True; use a layer with return_sequences=False"),
        (keras.layers.LSTM(3), np.zeros((2, 3)), ValueError, r"inputs: expected \(batch, time, features\), got shape \(2, 3\)"),
        (keras.layers.LSTM(3), np.zeros((0, 2, 3)), ValueError, r"at least one sequence of one step with one feature, got shape \(0, 2, 3\)"),
        (keras.layers.LSTM(3), np.zeros((1, 0, 3)), ValueError, r"got shape \(1, 0, 3\)"),
        (keras.layers.LSTM(3), [[[1.0]]], TypeError, "inputs must be an array, got list"),
        (keras.layers.LSTM(3), np.array([[["a"]]]), TypeError, "inputs must hold real numbers"),
    ],
)
def test_gradient_norms_over_time_bad_input(layer, inputs, error, message) -> None:
    with pytest.raises(error, match=message):
        gradient_norms_over_time(layer, inputs)


def test_gradient_norms_over_time_rejects_other_feature_counts() -> None:
    layer = keras.layers.SimpleRNN(3)
    layer.build((None, None, 4))
    message = r"inputs: the layer was built for 4 features, got shape \(1, 2, 5\)"
    with pytest.raises(ValueError, match=message):
        gradient_norms_over_time(layer, np.zeros((1, 2, 5)))


# --- gradient_norms_through_model ------------------------------------------------------


def embedding_model(vocabulary: int = 20, mask_zero: bool = False) -> keras.Sequential:
    return keras.Sequential(
        [
            keras.layers.Embedding(vocabulary, 3, mask_zero=mask_zero),
            keras.layers.SimpleRNN(4),
            keras.layers.Dense(1, activation="sigmoid"),
        ]
    )


def test_gradient_norms_through_model_equal_the_embedding_row_gradients() -> None:
    # With every token distinct, the gradient at each position is the gradient of
    # that token's row of the embedding matrix, computed here by model(x) itself.
    keras.utils.set_random_seed(6)
    model = embedding_model()
    model.compile(loss="binary_crossentropy")
    tokens = np.random.default_rng(6).permutation(np.arange(1, 13)).reshape(2, 6)
    labels = np.array([0, 1])
    norms = gradient_norms_through_model(model, tokens, labels)
    embeddings = model.layers[0].embeddings
    with tf.GradientTape() as tape:
        loss = keras.losses.BinaryCrossentropy()(labels, model(tokens))
    rows = tf.convert_to_tensor(tape.gradient(loss, embeddings)).numpy()
    expected = np.linalg.norm(rows[tokens], axis=-1).mean(axis=0)
    assert norms.shape == (6,)
    assert_allclose(norms, expected, rtol=TOLERANCE)


def test_gradient_norms_through_model_masked_steps_get_no_gradient() -> None:
    keras.utils.set_random_seed(7)
    model = embedding_model(mask_zero=True)
    tokens = np.array([[0, 0, 0, 5, 6, 7, 8], [0, 0, 0, 9, 3, 2, 1]])
    norms = gradient_norms_through_model(
        model, tokens, np.array([1, 0]), loss_fn=keras.losses.BinaryCrossentropy()
    )
    assert_array_equal(norms[:3], np.zeros(3))
    assert np.all(norms[3:] > 0)


def test_gradient_norms_through_model_compiled_loss_equals_explicit_loss() -> None:
    keras.utils.set_random_seed(8)
    model = embedding_model()
    tokens = np.random.default_rng(8).integers(1, 20, size=(4, 9))
    labels = np.array([0, 1, 1, 0])
    explicit = gradient_norms_through_model(
        model, tokens, labels, loss_fn=keras.losses.binary_crossentropy
    )
    model.compile(loss="binary_crossentropy")
    assert_allclose(gradient_norms_through_model(model, tokens, labels), explicit, rtol=TOLERANCE)


@pytest.mark.parametrize(
    ("model", "inputs", "labels", "loss_fn", "error", "message"),
    [
        (keras.layers.LSTM(2), np.zeros((2, 3)), np.zeros(2), "mse", TypeError, "model must be a keras.Sequential, got LSTM"),
        (keras.Sequential([keras.layers.Embedding(5, 2)]), np.zeros((2, 3)), np.zeros(2), "mse", ValueError, "model must have at least two layers .* got 1"),
        (embedding_model(), np.zeros((2, 3)), np.zeros(2), None, ValueError, "model is not compiled with a loss: compile it or pass loss_fn"),
        (embedding_model(), np.zeros((2, 3)), np.zeros(2), 3, TypeError, "loss_fn must be callable, got int"),
        (embedding_model(), np.zeros((2, 3)), np.zeros(3), "bce", ValueError, r"labels: expected one entry per example \(2\), got shape \(3,\)"),
        (embedding_model(), np.zeros((2, 3)), [0, 1], "bce", TypeError, "labels must be an array, got list"),
        (embedding_model(), "abc", np.zeros(2), "bce", TypeError, "inputs must be an array, got str"),
        (embedding_model(), np.zeros((0, 3)), np.zeros(0), "bce", ValueError, r"inputs: expected at least one example, got shape \(0, 3\)"),
        (keras.Sequential([keras.layers.Dense(3), keras.layers.Dense(1)]), np.zeros((2, 3)), np.zeros(2), "bce", ValueError, r"model.layers\[0\] .*expected an output \(batch, time, features\), got shape \(2, 3\)"),
    ],
)
def test_gradient_norms_through_model_bad_input(
    model, inputs, labels, loss_fn, error, message
) -> None:
    if isinstance(loss_fn, str):
        losses = {"mse": keras.losses.MeanSquaredError(), "bce": keras.losses.BinaryCrossentropy()}
        loss_fn = losses[loss_fn]
    with pytest.raises(error, match=message):
        gradient_norms_through_model(model, inputs, labels, loss_fn=loss_fn)
