"""A long short-term memory (LSTM) layer written from scratch in NumPy.

One step of the recurrence is

.. math::

    i_t &= \\sigma(x_t W_i + h_{t-1} U_i + b_i) \\\\
    f_t &= \\sigma(x_t W_f + h_{t-1} U_f + b_f) \\\\
    g_t &= \\tanh(x_t W_c + h_{t-1} U_c + b_c) \\\\
    o_t &= \\sigma(x_t W_o + h_{t-1} U_o + b_o) \\\\
    c_t &= f_t \\odot c_{t-1} + i_t \\odot g_t \\\\
    h_t &= o_t \\odot \\tanh(c_t)

with the same weight layout as ``keras.layers.LSTM``: its ``kernel`` is ``W`` of
shape ``(features, 4 * units)``, its ``recurrent_kernel`` is ``U`` of shape
``(units, 4 * units)`` and its ``bias`` is ``b`` of shape ``(4 * units,)``. The
four gates are stacked along the last axis in Keras's order: input ``i``,
forget ``f``, candidate ``c`` (written ``g`` once activated) and output ``o``.
Keras's default activations, used here, are ``tanh`` and the standard
(not hard) ``sigmoid``.

Introduced in chapter 3 (LSTM gates).
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np

from helpers.rnn import _as_float_array

#: Keys of :attr:`LSTMOutput.gates`, in the order they are computed.
GATE_NAMES = ("input", "forget", "candidate", "output", "cell")


class LSTMWeights(NamedTuple):
    """The three stacked weight arrays of an LSTM layer, gates in order i, f, c, o.

    Attributes
    ----------
    W : numpy.ndarray
        Input-to-gate weights (Keras ``kernel``), shape ``(features, 4 * units)``.
    U : numpy.ndarray
        Hidden-to-gate (recurrent) weights (Keras ``recurrent_kernel``),
        shape ``(units, 4 * units)``.
    b : numpy.ndarray
        Bias (Keras ``bias``), shape ``(4 * units,)``.
    """

    W: np.ndarray
    U: np.ndarray
    b: np.ndarray


class LSTMGates(NamedTuple):
    """The weights of an LSTM layer split gate by gate.

    Attributes
    ----------
    W_i, W_f, W_c, W_o : numpy.ndarray
        Input weights of the input, forget, candidate and output gates, each of
        shape ``(features, units)``.
    U_i, U_f, U_c, U_o : numpy.ndarray
        Recurrent weights of the four gates, each of shape ``(units, units)``.
    b_i, b_f, b_c, b_o : numpy.ndarray
        Biases of the four gates, each of shape ``(units,)``.
    """

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
    """Everything one LSTM step computes, each of shape ``(batch, units)``.

    Attributes
    ----------
    h : numpy.ndarray
        New hidden state ``h_t = o_t * tanh(c_t)``.
    c : numpy.ndarray
        New cell state ``c_t = f_t * c_{t-1} + i_t * g_t``.
    i : numpy.ndarray
        Input gate, in ``(0, 1)``.
    f : numpy.ndarray
        Forget gate, in ``(0, 1)``.
    g : numpy.ndarray
        Candidate cell values, in ``(-1, 1)``.
    o : numpy.ndarray
        Output gate, in ``(0, 1)``.
    """

    h: np.ndarray
    c: np.ndarray
    i: np.ndarray
    f: np.ndarray
    g: np.ndarray
    o: np.ndarray


class LSTMOutput(NamedTuple):
    """What :func:`lstm_forward` returns.

    Attributes
    ----------
    sequence : numpy.ndarray
        Every hidden state ``h_1 ... h_T``, shape ``(batch, time, units)``.
    h : numpy.ndarray
        Final hidden state ``h_T``, shape ``(batch, units)``.
    c : numpy.ndarray
        Final cell state ``c_T``, shape ``(batch, units)``.
    gates : dict of str to numpy.ndarray, or None
        With ``return_gates=True``, the keys ``"input"``, ``"forget"``,
        ``"candidate"``, ``"output"`` and ``"cell"``, each of shape
        ``(batch, time, units)``; otherwise ``None``.
    """

    sequence: np.ndarray
    h: np.ndarray
    c: np.ndarray
    gates: dict[str, np.ndarray] | None = None


def _sigmoid(z: np.ndarray) -> np.ndarray:
    """Logistic sigmoid ``1 / (1 + exp(-z))`` that never overflows.

    ``exp`` is only ever taken of ``-|z|``, so it stays in ``(0, 1]``.
    """
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def check_lstm_weights(weights: LSTMWeights, features: int | None = None) -> LSTMWeights:
    """Check that LSTM weights have consistent shapes and return them as floats.

    Parameters
    ----------
    weights : LSTMWeights
        ``(W, U, b)``.
    features : int, optional
        Number of input features the weights must accept.

    Returns
    -------
    LSTMWeights
        The same weights as ``float64`` arrays.

    Raises
    ------
    TypeError
        If a weight is not a real-valued array.
    ValueError
        If the shapes do not fit together.
    """
    W = _as_float_array("W", weights[0], 2, "(features, 4 * units)")
    U = _as_float_array("U", weights[1], 2, "(units, 4 * units)")
    b = _as_float_array("b", weights[2], 1, "(4 * units,)")
    if W.shape[1] == 0 or W.shape[1] % 4 != 0:
        raise ValueError(
            f"W: expected (features, 4 * units), one block per gate, got shape {W.shape}"
        )
    units = W.shape[1] // 4
    if U.shape != (units, 4 * units):
        raise ValueError(f"U: expected ({units}, {4 * units}) to match W, got {U.shape}")
    if b.shape != (4 * units,):
        raise ValueError(f"b: expected ({4 * units},) to match W, got {b.shape}")
    if features is not None and W.shape[0] != features:
        raise ValueError(
            f"W: expected {features} rows, one per input feature, got shape {W.shape}"
        )
    return LSTMWeights(W, U, b)


def split_gates(weights: LSTMWeights) -> LSTMGates:
    """Split stacked LSTM weights into one block per gate, in Keras's order i, f, c, o.

    Parameters
    ----------
    weights : LSTMWeights
        ``(W, U, b)``, as returned by :func:`lstm_weights`.

    Returns
    -------
    LSTMGates
        ``W_i, W_f, W_c, W_o, U_i, U_f, U_c, U_o, b_i, b_f, b_c, b_o``.

    Raises
    ------
    TypeError
        If a weight is not a real-valued array.
    ValueError
        If the shapes do not fit together.
    """
    W, U, b = check_lstm_weights(weights)
    return LSTMGates(
        *np.split(W, 4, axis=1), *np.split(U, 4, axis=1), *np.split(b, 4, axis=0)
    )


def lstm_step(
    x_t: np.ndarray, h_prev: np.ndarray, c_prev: np.ndarray, weights: LSTMWeights
) -> LSTMStep:
    """Compute one step of the LSTM recurrence.

    Parameters
    ----------
    x_t : numpy.ndarray
        Inputs at time ``t``, shape ``(batch, features)``.
    h_prev : numpy.ndarray
        Hidden state at time ``t - 1``, shape ``(batch, units)``.
    c_prev : numpy.ndarray
        Cell state at time ``t - 1``, shape ``(batch, units)``.
    weights : LSTMWeights
        ``(W, U, b)``.

    Returns
    -------
    LSTMStep
        The new states ``h`` and ``c`` and the gate activations ``i``, ``f``,
        ``g`` and ``o``, each of shape ``(batch, units)``.
    """
    W, U, b = weights
    z = x_t @ W + h_prev @ U + b
    z_i, z_f, z_c, z_o = np.split(z, 4, axis=-1)
    i = _sigmoid(z_i)
    f = _sigmoid(z_f)
    g = np.tanh(z_c)
    o = _sigmoid(z_o)
    c = f * c_prev + i * g
    h = o * np.tanh(c)
    return LSTMStep(h, c, i, f, g, o)


def _check_state(name: str, value: Any, batch: int, units: int) -> np.ndarray:
    state = _as_float_array(name, value, 2, "(batch, units)")
    if state.shape != (batch, units):
        raise ValueError(f"{name}: expected ({batch}, {units}), got {state.shape}")
    return state


def lstm_forward(
    inputs: np.ndarray,
    weights: LSTMWeights,
    initial_state: tuple[np.ndarray, np.ndarray] | None = None,
    return_gates: bool = False,
) -> LSTMOutput:
    """Run an LSTM over whole sequences.

    Parameters
    ----------
    inputs : numpy.ndarray
        Shape ``(batch, time, features)``.
    weights : LSTMWeights
        ``(W, U, b)``, as returned by :func:`lstm_weights`.
    initial_state : tuple of numpy.ndarray, optional
        ``(h_0, c_0)``, each of shape ``(batch, units)``; zeros by default, as
        in Keras.
    return_gates : bool, default False
        Also return every gate activation and cell state, for plotting.

    Returns
    -------
    LSTMOutput
        ``sequence`` (every ``h_t``, shape ``(batch, time, units)``: what
        ``LSTM(return_sequences=True)`` returns), ``h`` and ``c`` (the final
        states, shape ``(batch, units)``: what ``return_state=True`` adds) and
        ``gates`` (a dict of ``(batch, time, units)`` arrays keyed
        ``"input"``, ``"forget"``, ``"candidate"``, ``"output"``, ``"cell"``
        when ``return_gates`` is true, else ``None``).

    Raises
    ------
    TypeError
        If an argument is not a real-valued array, ``initial_state`` is not a
        tuple or list, or ``return_gates`` is not a bool.
    ValueError
        If a shape is wrong, the sequences are empty, or ``initial_state``
        does not hold exactly two arrays.
    """
    x = _as_float_array("inputs", inputs, 3, "(batch, time, features)")
    batch, time, features = x.shape
    if batch == 0 or time == 0:
        raise ValueError(f"inputs: expected at least one sequence of one step, got shape {x.shape}")
    weights = check_lstm_weights(weights, features)
    if not isinstance(return_gates, (bool, np.bool_)):
        raise TypeError(f"return_gates must be a bool, got {type(return_gates).__name__}")
    units = weights.W.shape[1] // 4
    if initial_state is None:
        h = np.zeros((batch, units))
        c = np.zeros((batch, units))
    else:
        if not isinstance(initial_state, (tuple, list)):
            raise TypeError(
                f"initial_state must be a pair (h0, c0), got {type(initial_state).__name__}"
            )
        if len(initial_state) != 2:
            raise ValueError(
                f"initial_state: expected a pair (h0, c0), got {len(initial_state)} arrays"
            )
        h = _check_state("h0", initial_state[0], batch, units)
        c = _check_state("c0", initial_state[1], batch, units)
    sequence = np.empty((batch, time, units))
    gates = {name: np.empty((batch, time, units)) for name in GATE_NAMES} if return_gates else None
    for t in range(time):
        step = lstm_step(x[:, t, :], h, c, weights)
        h, c = step.h, step.c
        sequence[:, t, :] = h
        if gates is not None:
            for name, value in zip(GATE_NAMES, (step.i, step.f, step.g, step.o, step.c)):
                gates[name][:, t, :] = value
    return LSTMOutput(sequence, h, c, gates)


def lstm_weights(layer: Any) -> LSTMWeights:
    """Read ``(W, U, b)`` out of a built ``keras.layers.LSTM``.

    Parameters
    ----------
    layer : keras.layers.LSTM
        A layer that has been built (called once, or part of a built model),
        with the default activations ``tanh`` and ``sigmoid``.

    Returns
    -------
    LSTMWeights
        Its ``kernel``, ``recurrent_kernel`` and ``bias`` as NumPy arrays.

    Raises
    ------
    TypeError
        If ``layer`` is not an ``LSTM``.
    ValueError
        If the layer is not built yet, has no bias, or uses activations other
        than ``tanh`` and ``sigmoid``.
    """
    import keras

    if not isinstance(layer, keras.layers.LSTM):
        raise TypeError(f"layer must be a keras.layers.LSTM, got {type(layer).__name__}")
    if not layer.built:
        raise ValueError("layer is not built yet: call it on an input first")
    cell = layer.cell
    if not cell.use_bias:
        raise ValueError("layer has use_bias=False; this implementation expects a bias")
    for name, value, expected in (
        ("activation", cell.activation, keras.activations.tanh),
        ("recurrent_activation", cell.recurrent_activation, keras.activations.sigmoid),
    ):
        if value is not expected:
            raise ValueError(
                f"layer has {name}={getattr(value, '__name__', value)}; "
                f"this implementation expects {expected.__name__}"
            )
    return LSTMWeights(
        np.asarray(cell.kernel), np.asarray(cell.recurrent_kernel), np.asarray(cell.bias)
    )


def _check_sizes(features: Any, units: Any) -> None:
    for name, value in (("features", features), ("units", units)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
            raise TypeError(f"{name} must be an int, got {type(value).__name__}")
        if value < 1:
            raise ValueError(f"{name} must be at least 1, got {value}")


def lstm_param_count(features: int, units: int) -> int:
    """Number of trainable parameters of ``LSTM(units)`` on ``features`` inputs.

    Each of the four gates has its own ``features * units`` input weights,
    ``units * units`` recurrent weights and ``units`` biases: in all
    ``4 * units * (features + units + 1)``, four times a ``SimpleRNN``.

    Parameters
    ----------
    features : int
        Size of each input vector ``x_t``.
    units : int
        Size of the hidden state ``h_t`` (and of the cell state ``c_t``).

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
    _check_sizes(features, units)
    return int(4 * units * (features + units + 1))


def gru_param_count(features: int, units: int, reset_after: bool = True) -> int:
    """Number of trainable parameters of ``GRU(units)`` on ``features`` inputs.

    A GRU has three gate blocks (update, reset, candidate). With Keras's default
    ``reset_after=True`` it keeps two bias vectors, one for the input part and
    one for the recurrent part, giving ``3 * units * (features + units + 2)``;
    with ``reset_after=False`` there is one bias and
    ``3 * units * (features + units + 1)``.

    Parameters
    ----------
    features : int
        Size of each input vector ``x_t``.
    units : int
        Size of the hidden state ``h_t``.
    reset_after : bool, default True
        As in ``keras.layers.GRU``.

    Returns
    -------
    int
        The parameter count.

    Raises
    ------
    TypeError
        If ``features`` or ``units`` is not an ``int``, or ``reset_after`` is
        not a ``bool``.
    ValueError
        If ``features`` or ``units`` is below 1.
    """
    _check_sizes(features, units)
    if not isinstance(reset_after, (bool, np.bool_)):
        raise TypeError(f"reset_after must be a bool, got {type(reset_after).__name__}")
    biases = 2 if reset_after else 1
    return int(3 * units * (features + units + biases))
