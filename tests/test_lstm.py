"""Tests of helpers.lstm: the NumPy LSTM equals keras.layers.LSTM."""

from __future__ import annotations

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import keras
import numpy as np
import pytest
from numpy.testing import assert_allclose

from helpers.lstm import (
    LSTMGates,
    LSTMWeights,
    gru_param_count,
    lstm_forward,
    lstm_param_count,
    lstm_step,
    lstm_weights,
    sigmoid,
    split_gates,
)

TOLERANCE = 1e-5


def random_weights(features: int, units: int, seed: int = 0) -> LSTMWeights:
    rng = np.random.default_rng(seed)
    return LSTMWeights(
        rng.normal(scale=0.5, size=(features, 4 * units)),
        rng.normal(scale=0.5, size=(units, 4 * units)),
        rng.normal(scale=0.1, size=4 * units),
    )


def built_lstm(features: int, units: int, **kwargs) -> keras.layers.LSTM:
    layer = keras.layers.LSTM(units, **kwargs)
    layer.build((None, None, features))
    return layer


SHAPES = [(1, 1, 1, 1), (1, 7, 3, 1), (4, 5, 3, 8), (2, 30, 16, 4), (3, 2, 1, 32), (5, 1, 6, 3)]


@pytest.mark.parametrize(("batch", "time", "features", "units"), SHAPES)
@pytest.mark.parametrize("unit_forget_bias", [False, True])
def test_lstm_forward_matches_keras(
    batch: int, time: int, features: int, units: int, unit_forget_bias: bool
) -> None:
    keras.utils.set_random_seed(batch * 1000 + time)
    x = np.random.default_rng(1).normal(size=(batch, time, features)).astype("float32")
    layer = keras.layers.LSTM(
        units,
        return_sequences=True,
        return_state=True,
        bias_initializer="random_normal",
        unit_forget_bias=unit_forget_bias,
    )
    keras_sequence, keras_h, keras_c = layer(x)
    output = lstm_forward(x, lstm_weights(layer))
    assert output.sequence.shape == (batch, time, units)
    assert output.h.shape == output.c.shape == (batch, units)
    assert output.gates is None
    assert_allclose(output.sequence, keras_sequence.numpy(), atol=TOLERANCE)
    assert_allclose(output.h, keras_h.numpy(), atol=TOLERANCE)
    assert_allclose(output.c, keras_c.numpy(), atol=TOLERANCE)
    assert_allclose(output.sequence[:, -1], output.h)


@pytest.mark.parametrize(("batch", "time", "features", "units"), [(1, 1, 1, 1), (4, 5, 3, 8)])
def test_lstm_forward_default_initializers_match_keras(
    batch: int, time: int, features: int, units: int
) -> None:
    keras.utils.set_random_seed(7)
    x = np.random.default_rng(4).normal(size=(batch, time, features)).astype("float32")
    layer = keras.layers.LSTM(units, return_sequences=True, return_state=True)
    keras_sequence, keras_h, keras_c = layer(x)
    sequence, h, c, _ = lstm_forward(x, lstm_weights(layer))
    assert_allclose(sequence, keras_sequence.numpy(), atol=TOLERANCE)
    assert_allclose(h, keras_h.numpy(), atol=TOLERANCE)
    assert_allclose(c, keras_c.numpy(), atol=TOLERANCE)


def test_lstm_forward_initial_state_matches_keras() -> None:
    keras.utils.set_random_seed(3)
    x = np.random.default_rng(2).normal(size=(2, 4, 3)).astype("float32")
    h0 = np.random.default_rng(3).normal(size=(2, 5)).astype("float32")
    c0 = np.random.default_rng(4).normal(size=(2, 5)).astype("float32")
    layer = keras.layers.LSTM(
        5, return_sequences=True, return_state=True, bias_initializer="random_normal"
    )
    keras_sequence, keras_h, keras_c = layer(x, initial_state=[h0, c0])
    output = lstm_forward(x, lstm_weights(layer), initial_state=(h0, c0))
    assert_allclose(output.sequence, keras_sequence.numpy(), atol=TOLERANCE)
    assert_allclose(output.h, keras_h.numpy(), atol=TOLERANCE)
    assert_allclose(output.c, keras_c.numpy(), atol=TOLERANCE)
    zero_start = lstm_forward(x, lstm_weights(layer))
    assert not np.allclose(output.h, zero_start.h)


def test_lstm_forward_zero_initial_state_is_the_default() -> None:
    weights = random_weights(3, 4)
    x = np.random.default_rng(8).normal(size=(2, 5, 3))
    zeros = np.zeros((2, 4))
    given = lstm_forward(x, weights, initial_state=[zeros, zeros])
    default = lstm_forward(x, weights)
    assert_allclose(given.sequence, default.sequence)
    assert_allclose(given.c, default.c)


def test_split_gates_puts_unit_forget_bias_in_b_f() -> None:
    units = 6
    gates = split_gates(lstm_weights(built_lstm(3, units)))
    assert_allclose(gates.b_f, np.ones(units))
    for name in ("b_i", "b_c", "b_o"):
        assert_allclose(getattr(gates, name), np.zeros(units), err_msg=name)


def test_split_gates_keras_order_and_shapes() -> None:
    features, units = 3, 2
    weights = random_weights(features, units)
    gates = split_gates(weights)
    assert isinstance(gates, LSTMGates)
    for index, letter in enumerate("ifco"):
        block = slice(index * units, (index + 1) * units)
        W_gate = getattr(gates, f"W_{letter}")
        U_gate = getattr(gates, f"U_{letter}")
        b_gate = getattr(gates, f"b_{letter}")
        assert W_gate.shape == (features, units) and U_gate.shape == (units, units)
        assert b_gate.shape == (units,)
        assert_allclose(W_gate, weights.W[:, block])
        assert_allclose(U_gate, weights.U[:, block])
        assert_allclose(b_gate, weights.b[block])


def test_lstm_step_is_the_gate_equations() -> None:
    weights = random_weights(3, 2)
    gates = split_gates(weights)
    x_t = np.array([[1.0, -2.0, 0.5], [0.2, 0.1, -0.3]])
    h_prev = np.array([[0.3, -0.1], [0.0, 0.5]])
    c_prev = np.array([[1.5, -0.7], [0.2, 0.0]])

    def sigmoid(z: np.ndarray) -> np.ndarray:
        return 1 / (1 + np.exp(-z))

    i = sigmoid(x_t @ gates.W_i + h_prev @ gates.U_i + gates.b_i)
    f = sigmoid(x_t @ gates.W_f + h_prev @ gates.U_f + gates.b_f)
    g = np.tanh(x_t @ gates.W_c + h_prev @ gates.U_c + gates.b_c)
    o = sigmoid(x_t @ gates.W_o + h_prev @ gates.U_o + gates.b_o)
    c = f * c_prev + i * g
    step = lstm_step(x_t, h_prev, c_prev, weights)
    for name, expected in (("i", i), ("f", f), ("g", g), ("o", o), ("c", c)):
        assert_allclose(getattr(step, name), expected, err_msg=name)
    assert_allclose(step.h, o * np.tanh(c))


def test_lstm_forward_gates_in_range_and_cell_update_holds() -> None:
    batch, time, units = 3, 12, 5
    x = np.random.default_rng(6).normal(size=(batch, time, 4))
    c0 = np.random.default_rng(7).normal(size=(batch, units))
    output = lstm_forward(
        x, random_weights(4, units), initial_state=(np.zeros((batch, units)), c0), return_gates=True
    )
    gates = output.gates
    assert set(gates) == {"input", "forget", "candidate", "output", "cell"}
    for name in gates:
        assert gates[name].shape == (batch, time, units), name
    for name in ("input", "forget", "output"):
        assert np.all((gates[name] > 0) & (gates[name] < 1)), name
    assert np.all(np.abs(gates["candidate"]) < 1)
    previous = np.concatenate([c0[:, None, :], gates["cell"][:, :-1]], axis=1)
    assert_allclose(
        gates["cell"], gates["forget"] * previous + gates["input"] * gates["candidate"]
    )
    assert_allclose(output.sequence, gates["output"] * np.tanh(gates["cell"]))
    assert_allclose(output.c, gates["cell"][:, -1])
    assert np.all(np.abs(output.sequence) < 1)


def test_lstm_forward_return_gates_does_not_change_outputs() -> None:
    weights = random_weights(2, 3)
    x = np.random.default_rng(9).normal(size=(2, 4, 2))
    plain = lstm_forward(x, weights)
    with_gates = lstm_forward(x, weights, return_gates=True)
    assert_allclose(plain.sequence, with_gates.sequence)
    assert_allclose(plain.c, with_gates.c)


def test_sigmoid_is_stable_for_large_inputs() -> None:
    z = np.array([-1000.0, -30.0, 0.0, 30.0, 1000.0])
    with np.errstate(over="raise", invalid="raise"):
        result = sigmoid(z)
    assert np.all(np.isfinite(result))
    assert_allclose(result, [0.0, 1 / (1 + np.exp(30.0)), 0.5, 1 / (1 + np.exp(-30.0)), 1.0])


@pytest.mark.parametrize(
    ("features", "units", "expected"), [(1, 1, 12), (8, 16, 1600), (100, 32, 17024), (128, 128, 131584)]
)
def test_lstm_param_count_matches_keras(features: int, units: int, expected: int) -> None:
    assert lstm_param_count(features, units) == built_lstm(features, units).count_params() == expected


@pytest.mark.parametrize(("features", "units"), [(1, 1), (8, 16), (100, 32), (128, 128)])
@pytest.mark.parametrize("reset_after", [True, False])
def test_gru_param_count_matches_keras(features: int, units: int, reset_after: bool) -> None:
    layer = keras.layers.GRU(units, reset_after=reset_after)
    layer.build((None, None, features))
    assert gru_param_count(features, units, reset_after=reset_after) == layer.count_params()


def test_lstm_weights_are_kernel_recurrent_kernel_and_bias() -> None:
    layer = built_lstm(5, 3, bias_initializer="random_normal")
    weights = lstm_weights(layer)
    assert weights.W.shape == (5, 12) and weights.U.shape == (3, 12) and weights.b.shape == (12,)
    assert_allclose(weights.W, layer.cell.kernel.numpy())
    assert_allclose(weights.U, layer.cell.recurrent_kernel.numpy())
    assert_allclose(weights.b, layer.cell.bias.numpy())
