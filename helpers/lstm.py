"""A long short-term memory (LSTM) layer in NumPy (chapter 3).

One step computes the input, forget and output gates ``i, f, o = sigmoid(x_t W + h_{t-1} U + b)``
(each from its own block of ``W``, ``U`` and ``b``), the candidate ``g = tanh(...)``, then
``c_t = f * c_{t-1} + i * g`` and ``h_t = o * tanh(c_t)``. The weights have the layout of
``keras.layers.LSTM``: ``kernel`` is ``W`` (features, 4 * units), ``recurrent_kernel`` is ``U``
(units, 4 * units) and ``bias`` is ``b`` (4 * units,), the gates stacked in Keras's order i, f, c, o.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np

#: Keys of :attr:`LSTMOutput.gates`.
GATE_NAMES = ("input", "forget", "candidate", "output", "cell")


class LSTMWeights(NamedTuple):
    """``W`` (features, 4 * units), ``U`` (units, 4 * units) and ``b`` (4 * units,), gates in order i, f, c, o."""

    W: np.ndarray
    U: np.ndarray
    b: np.ndarray


class LSTMGates(NamedTuple):
    """The weights split gate by gate: ``W_*`` (features, units), ``U_*`` (units, units), ``b_*`` (units,)."""

    W_i: np.ndarray
    W_f: np.ndarray
    W_c: np.ndarray
    W_o: np.ndarray
    U_i: np.ndarray
    U_f: np.ndarray
    U_c: np.ndarray
    U_o: np.ndarray
    b_i: np.ndarray
    b_f: np.ndarray
    b_c: np.ndarray
    b_o: np.ndarray


class LSTMStep(NamedTuple):
    """What one step computes, each (batch, units): the states ``h``, ``c`` and the gates ``i``, ``f``, ``g``, ``o``."""

    h: np.ndarray
    c: np.ndarray
    i: np.ndarray
    f: np.ndarray
    g: np.ndarray
    o: np.ndarray


class LSTMOutput(NamedTuple):
    """Every ``h_t`` (batch, time, units), the final ``h`` and ``c`` (batch, units), and optionally the gates."""

    sequence: np.ndarray
    h: np.ndarray
    c: np.ndarray
    gates: dict[str, np.ndarray] | None = None


def sigmoid(z: np.ndarray) -> np.ndarray:
    """The logistic function ``1 / (1 + exp(-z))``, written so that it never overflows."""
    return np.exp(-np.logaddexp(0.0, -z))


def split_gates(weights: LSTMWeights) -> LSTMGates:
    """Split stacked weights into one block per gate, in Keras's order i, f, c, o."""
    W, U, b = weights
    return LSTMGates(*np.split(W, 4, axis=1), *np.split(U, 4, axis=1), *np.split(b, 4))


def lstm_step(x_t: np.ndarray, h_prev: np.ndarray, c_prev: np.ndarray, weights: LSTMWeights) -> LSTMStep:
    """One step of the LSTM: the new states and the four gate activations."""
    W, U, b = weights
    z = x_t @ W + h_prev @ U + b
    z_i, z_f, z_c, z_o = np.split(z, 4, axis=-1)
    i = sigmoid(z_i)
    f = sigmoid(z_f)
    g = np.tanh(z_c)
    o = sigmoid(z_o)
    c = f * c_prev + i * g
    h = o * np.tanh(c)
    return LSTMStep(h, c, i, f, g, o)


def lstm_forward(
    inputs: np.ndarray,
    weights: LSTMWeights,
    initial_state: tuple[np.ndarray, np.ndarray] | None = None,
    return_gates: bool = False,
) -> LSTMOutput:
    """Run the LSTM over ``inputs`` (batch, time, features) from ``(h_0, c_0)``, zeros by default as in Keras.

    With ``return_gates=True``, ``gates`` maps each of :data:`GATE_NAMES` to its values, (batch, time, units).
    """
    batch, time, _ = inputs.shape
    units = weights[1].shape[0]
    h, c = (np.zeros((batch, units)), np.zeros((batch, units))) if initial_state is None else initial_state
    steps = []
    for t in range(time):
        step = lstm_step(inputs[:, t, :], h, c, weights)
        h, c = step.h, step.c
        steps.append(step)
    gates = None
    if return_gates:
        fields = dict(zip(GATE_NAMES, ("i", "f", "g", "o", "c")))
        gates = {name: np.stack([getattr(s, field) for s in steps], axis=1) for name, field in fields.items()}
    return LSTMOutput(np.stack([s.h for s in steps], axis=1), h, c, gates)


def lstm_weights(layer: Any) -> LSTMWeights:
    """``(W, U, b)`` of a built ``keras.layers.LSTM`` with Keras's defaults (tanh, sigmoid, a bias)."""
    return LSTMWeights(*layer.get_weights())


def lstm_param_count(features: int, units: int) -> int:
    """Trainable parameters of ``LSTM(units)`` on ``features`` inputs: ``4 * units * (features + units + 1)``."""
    return 4 * units * (features + units + 1)


def gru_param_count(features: int, units: int, reset_after: bool = True) -> int:
    """Trainable parameters of ``GRU(units)``: ``3 * units * (features + units + 2)``, or ``+ 1`` without ``reset_after``."""
    biases = 2 if reset_after else 1
    return 3 * units * (features + units + biases)
