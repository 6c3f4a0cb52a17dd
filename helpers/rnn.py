"""A plain recurrent neural network, ``h_t = tanh(x_t W_x + h_{t-1} W_h + b)``, in NumPy (chapter 1).

The weights have the layout of ``keras.layers.SimpleRNN``: ``kernel`` is ``W_x``
``(features, units)``, ``recurrent_kernel`` is ``W_h`` ``(units, units)`` and
``bias`` is ``b`` ``(units,)``.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np


class SimpleRNNWeights(NamedTuple):
    """``W_x`` (features, units), ``W_h`` (units, units) and ``b`` (units,)."""

    W_x: np.ndarray
    W_h: np.ndarray
    b: np.ndarray


def simple_rnn_step(x_t: np.ndarray, h_prev: np.ndarray, weights: SimpleRNNWeights) -> np.ndarray:
    """One step of the recurrence: the new hidden state ``h_t``, shape (batch, units)."""
    W_x, W_h, b = weights
    return np.tanh(x_t @ W_x + h_prev @ W_h + b)


def simple_rnn_forward(
    inputs: np.ndarray, weights: SimpleRNNWeights, initial_state: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Run the RNN over ``inputs`` (batch, time, features) from ``h_0`` (zeros by default, as in Keras).

    Returns every state ``h_1 ... h_T`` (batch, time, units) and the last one, ``h_T`` (batch, units).
    """
    W_x, W_h, b = weights
    batch, time, _ = inputs.shape
    h = np.zeros((batch, W_h.shape[0])) if initial_state is None else initial_state
    states = []
    for t in range(time):
        h = simple_rnn_step(inputs[:, t, :], h, weights)
        states.append(h)
    return np.stack(states, axis=1), h


def simple_rnn_weights(layer: Any) -> SimpleRNNWeights:
    """``(W_x, W_h, b)`` of a built ``keras.layers.SimpleRNN`` with Keras's defaults (tanh, a bias)."""
    return SimpleRNNWeights(*layer.get_weights())


def simple_rnn_param_count(features: int, units: int) -> int:
    """Trainable parameters of ``SimpleRNN(units)`` on ``features`` inputs: ``units * (features + units + 1)``."""
    return units * (features + units + 1)
