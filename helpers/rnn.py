"""A plain recurrent neural network (Elman RNN) written from scratch in NumPy.

The forward pass is the recurrence

.. math:: h_t = \\tanh(x_t W_x + h_{t-1} W_h + b)

with the same weight layout as ``keras.layers.SimpleRNN``: its ``kernel`` is
``W_x`` of shape ``(features, units)``, its ``recurrent_kernel`` is ``W_h`` of
shape ``(units, units)`` and its ``bias`` is ``b`` of shape ``(units,)``.

Introduced in chapter 1 (Recurrent neural networks).
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np


class SimpleRNNWeights(NamedTuple):
    """The three weight arrays of a plain RNN layer.

    Attributes
    ----------
    W_x : numpy.ndarray
        Input-to-hidden weights, shape ``(features, units)``.
    W_h : numpy.ndarray
        Hidden-to-hidden (recurrent) weights, shape ``(units, units)``.
    b : numpy.ndarray
        Bias, shape ``(units,)``.
    """

    W_x: np.ndarray
    W_h: np.ndarray
    b: np.ndarray


def _as_real_array(name: str, value: Any) -> np.ndarray:
    """Check that ``value`` is an array of real numbers and return it as one."""
    if not isinstance(value, np.ndarray) and not hasattr(value, "__array__"):
        raise TypeError(f"{name} must be an array, got {type(value).__name__}")
    array = np.asarray(value)
    if not np.issubdtype(array.dtype, np.number) or np.issubdtype(array.dtype, np.complexfloating):
        raise TypeError(f"{name} must hold real numbers, got dtype {array.dtype}")
    return array


def _as_float_array(name: str, value: Any, ndim: int, layout: str) -> np.ndarray:
    """Check an array of real numbers and its number of axes; return it as float64."""
    array = _as_real_array(name, value)
    if array.ndim != ndim:
        raise ValueError(f"{name}: expected {layout}, got shape {array.shape}")
    return array.astype(np.float64, copy=False)


def check_weights(weights: SimpleRNNWeights, features: int | None = None) -> SimpleRNNWeights:
    """Check that RNN weights have consistent shapes and return them as floats.

    Parameters
    ----------
    weights : SimpleRNNWeights
        ``(W_x, W_h, b)``.
    features : int, optional
        Number of input features the weights must accept.

    Returns
    -------
    SimpleRNNWeights
        The same weights as ``float64`` arrays.

    Raises
    ------
    TypeError
        If a weight is not a real-valued array.
    ValueError
        If the shapes do not fit together.
    """
    W_x = _as_float_array("W_x", weights[0], 2, "(features, units)")
    W_h = _as_float_array("W_h", weights[1], 2, "(units, units)")
    b = _as_float_array("b", weights[2], 1, "(units,)")
    units = W_x.shape[1]
    if W_h.shape != (units, units):
        raise ValueError(f"W_h: expected ({units}, {units}) to match W_x, got {W_h.shape}")
    if b.shape != (units,):
        raise ValueError(f"b: expected ({units},) to match W_x, got {b.shape}")
    if features is not None and W_x.shape[0] != features:
        raise ValueError(
            f"W_x: expected {features} rows, one per input feature, got shape {W_x.shape}"
        )
    return SimpleRNNWeights(W_x, W_h, b)


def simple_rnn_step(x_t: np.ndarray, h_prev: np.ndarray, weights: SimpleRNNWeights) -> np.ndarray:
    """Compute one step of the recurrence, ``tanh(x_t W_x + h_prev W_h + b)``.

    Parameters
    ----------
    x_t : numpy.ndarray
        Inputs at time ``t``, shape ``(batch, features)``.
    h_prev : numpy.ndarray
        Hidden state at time ``t - 1``, shape ``(batch, units)``.
    weights : SimpleRNNWeights
        ``(W_x, W_h, b)``.

    Returns
    -------
    numpy.ndarray
        The new hidden state ``h_t``, shape ``(batch, units)``.
    """
    W_x, W_h, b = weights
    return np.tanh(x_t @ W_x + h_prev @ W_h + b)


def simple_rnn_forward(
    inputs: np.ndarray,
    weights: SimpleRNNWeights,
    initial_state: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Run a plain RNN over whole sequences.

    Parameters
    ----------
    inputs : numpy.ndarray
        Shape ``(batch, time, features)``.
    weights : SimpleRNNWeights
        ``(W_x, W_h, b)``, as returned by :func:`simple_rnn_weights`.
    initial_state : numpy.ndarray, optional
        ``h_0``, shape ``(batch, units)``; zeros by default, as in Keras.

    Returns
    -------
    sequence : numpy.ndarray
        Every hidden state ``h_1 ... h_T``, shape ``(batch, time, units)``:
        what ``SimpleRNN(return_sequences=True)`` returns.
    final_state : numpy.ndarray
        ``h_T``, shape ``(batch, units)``: what ``SimpleRNN()`` returns.

    Raises
    ------
    TypeError
        If an argument is not a real-valued array.
    ValueError
        If a shape is wrong, or the sequences are empty.
    """
    x = _as_float_array("inputs", inputs, 3, "(batch, time, features)")
    batch, time, features = x.shape
    if batch == 0 or time == 0:
        raise ValueError(f"inputs: expected at least one sequence of one step, got shape {x.shape}")
    weights = check_weights(weights, features)
    units = weights.W_x.shape[1]
    if initial_state is None:
        h = np.zeros((batch, units))
    else:
        h = _as_float_array("initial_state", initial_state, 2, "(batch, units)")
        if h.shape != (batch, units):
            raise ValueError(f"initial_state: expected ({batch}, {units}), got {h.shape}")
    states = np.empty((batch, time, units))
    for t in range(time):
        h = simple_rnn_step(x[:, t, :], h, weights)
        states[:, t, :] = h
    return states, h


def simple_rnn_weights(layer: Any) -> SimpleRNNWeights:
    """Read ``(W_x, W_h, b)`` out of a built ``keras.layers.SimpleRNN``.

    Parameters
    ----------
    layer : keras.layers.SimpleRNN
        A layer that has been built (called once, or part of a built model).

    Returns
    -------
    SimpleRNNWeights
        Its ``kernel``, ``recurrent_kernel`` and ``bias`` as NumPy arrays.

    Raises
    ------
    TypeError
        If ``layer`` is not a ``SimpleRNN``.
    ValueError
        If the layer is not built yet, has no bias, or its activation is not
        tanh (the activation of :func:`simple_rnn_step`).
    """
    import keras

    if not isinstance(layer, keras.layers.SimpleRNN):
        raise TypeError(f"layer must be a keras.layers.SimpleRNN, got {type(layer).__name__}")
    if not layer.built:
        raise ValueError("layer is not built yet: call it on an input first")
    if not layer.cell.use_bias:
        raise ValueError("layer has use_bias=False; this implementation expects a bias")
    cell = layer.cell
    if cell.activation is not keras.activations.tanh:
        raise ValueError(
            f"layer has activation={getattr(cell.activation, '__name__', cell.activation)}; "
            "this implementation expects tanh"
        )
    return SimpleRNNWeights(
        np.asarray(cell.kernel), np.asarray(cell.recurrent_kernel), np.asarray(cell.bias)
    )


def simple_rnn_param_count(features: int, units: int) -> int:
    """Number of trainable parameters of ``SimpleRNN(units)`` on ``features`` inputs.

    ``W_x`` has ``features * units`` entries, ``W_h`` has ``units * units`` and
    ``b`` has ``units``: in all ``units * (features + units + 1)``.

    Parameters
    ----------
    features : int
        Size of each input vector ``x_t``.
    units : int
        Size of the hidden state ``h_t``.

    Returns
    -------
    int
        The parameter count.

    Raises
    ------
    TypeError
        If an argument is not an ``int``.
    ValueError
        If an argument is below 1.
    """
    for name, value in (("features", features), ("units", units)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
            raise TypeError(f"{name} must be an int, got {type(value).__name__}")
        if value < 1:
            raise ValueError(f"{name} must be at least 1, got {value}")
    return int(units * (features + units + 1))
