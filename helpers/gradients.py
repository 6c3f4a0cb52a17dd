"""Measure how gradients shrink or grow as they flow back through time.

Backpropagation through time multiplies one Jacobian per step. For a plain RNN
``h_t = tanh(x_t W_x + h_{t-1} W_h + b)`` the Jacobian of ``h_t`` with respect
to ``h_{t-1}`` is ``diag(tanh'(.)) W_h^T``, so after ``k`` steps the gradient
is scaled by at most ``(max tanh' * sigma_max(W_h))^k``: it vanishes when that
number is below 1 and can explode when it is above 1.

* :func:`largest_singular_value` and :func:`jacobian_product_norms` show that
  argument on plain NumPy matrices.
* :func:`gradient_norms_over_time` measures it on a real Keras layer: how much
  the layer's final output depends on the input at each time step.
* :func:`gradient_norms_through_model` does the same for the loss of a whole
  ``keras.Sequential`` model, with respect to the output of its first layer
  (for instance an ``Embedding``).

The last two use ``tf.GradientTape`` and so need the TensorFlow backend of
Keras.

Introduced in chapter 2 (Vanishing and exploding gradients).
"""

from __future__ import annotations

import inspect
import math
from collections.abc import Callable
from typing import Any

import numpy as np

from helpers.rnn import _as_float_array, _as_real_array


def _check_sequences(name: str, value: Any) -> np.ndarray:
    array = _as_float_array(name, value, 3, "(batch, time, features)")
    if 0 in array.shape:
        raise ValueError(
            f"{name}: expected at least one sequence of one step with one feature, "
            f"got shape {array.shape}"
        )
    return array


def _norms_per_step(gradient: Any) -> np.ndarray:
    """Mean over the batch of the L2 norm over features, one value per step."""
    norms = np.linalg.norm(np.asarray(gradient, dtype=np.float64), axis=-1)
    return norms.mean(axis=0)


def _call_for_inference(layer: Any, inputs: Any) -> Any:
    """Call a Keras layer with ``training=False`` when its ``call`` takes that argument."""
    # inspect, not Layer.call_signature_parameters: that attribute is public only since Keras 3.10.
    if "training" in inspect.signature(layer.call).parameters:
        return layer(inputs, training=False)
    return layer(inputs)


def largest_singular_value(matrix: np.ndarray) -> float:
    """Return the spectral norm of a matrix, its largest singular value.

    It is the most a matrix can stretch a vector: ``|v M| <= sigma_max |v|``.

    Parameters
    ----------
    matrix : numpy.ndarray
        Any real matrix, shape ``(rows, columns)``.

    Returns
    -------
    float
        ``sigma_max(matrix)``.

    Raises
    ------
    TypeError
        If ``matrix`` is not a real-valued array.
    ValueError
        If ``matrix`` is not 2-D, is empty or holds NaN or infinity.
    """
    array = _as_float_array("matrix", matrix, 2, "(rows, columns)").astype(np.float64)
    if array.size == 0:
        raise ValueError(
            f"matrix: expected at least one row and one column, got shape {array.shape}"
        )
    if not np.all(np.isfinite(array)):
        raise ValueError("matrix: expected finite values, got NaN or infinity")
    return float(np.linalg.svd(array, compute_uv=False)[0])


def jacobian_product_norms(
    W_h: np.ndarray, steps: int, activation_derivative: float = 1.0
) -> np.ndarray:
    """Spectral norms of the product of ``k`` identical step Jacobians, ``k = 1 ... steps``.

    A simplified model of backpropagation through time in a plain RNN: every
    step multiplies the gradient by the same Jacobian ``J = a W_h^T``, where the
    activation's derivative is frozen at the constant ``a``. The gradient that
    reaches ``k`` steps back is scaled by at most ``sigma_max(J^k)``, which is
    at most ``(a sigma_max(W_h))^k``, with equality when ``W_h`` is a multiple
    of an orthogonal matrix.

    Parameters
    ----------
    W_h : numpy.ndarray
        Recurrent weights, shape ``(units, units)``.
    steps : int
        Number of steps to go back.
    activation_derivative : float, default 1.0
        The constant ``a`` (``tanh'`` is at most 1, ``sigmoid'`` at most 0.25).

    Returns
    -------
    numpy.ndarray
        ``sigma_max(J^k)`` for ``k = 1 ... steps``, shape ``(steps,)``, ``float64``.

    Raises
    ------
    TypeError
        If ``W_h`` is not a real-valued array, ``steps`` not an ``int`` or
        ``activation_derivative`` not a real number.
    ValueError
        If ``W_h`` is not square, empty or not finite, ``steps`` is below 1 or
        ``activation_derivative`` is negative or not finite.
    """
    W = _as_float_array("W_h", W_h, 2, "(units, units)").astype(np.float64)
    if W.shape[0] != W.shape[1] or W.size == 0:
        raise ValueError(
            f"W_h: expected a non-empty square (units, units) matrix, got shape {W.shape}"
        )
    if not np.all(np.isfinite(W)):
        raise ValueError("W_h: expected finite values, got NaN or infinity")
    if isinstance(steps, bool) or not isinstance(steps, (int, np.integer)):
        raise TypeError(f"steps must be an int, got {type(steps).__name__} ({steps!r})")
    if steps < 1:
        raise ValueError(f"steps must be at least 1, got {steps}")
    if isinstance(activation_derivative, bool) or not isinstance(
        activation_derivative, (int, float, np.integer, np.floating)
    ):
        raise TypeError(
            "activation_derivative must be a real number, "
            f"got {type(activation_derivative).__name__} ({activation_derivative!r})"
        )
    if not math.isfinite(activation_derivative) or activation_derivative < 0:
        raise ValueError(
            f"activation_derivative must be a finite number >= 0, got {activation_derivative}"
        )
    jacobian = float(activation_derivative) * W.T
    product = np.eye(W.shape[0])
    norms = np.empty(int(steps))
    for k in range(int(steps)):
        product = product @ jacobian
        norms[k] = np.linalg.svd(product, compute_uv=False)[0]
    return norms


def gradient_norms_over_time(recurrent_layer: Any, inputs: np.ndarray) -> np.ndarray:
    """How strongly a recurrent layer's final output depends on each input step.

    Computes, with ``tf.GradientTape``, the gradient of the scalar
    ``sum(layer(inputs))``, the sum of the final hidden state ``h_T`` over the
    batch and the units, with respect to every input ``x_t``, and returns the L2
    norm of ``d sum(h_T) / d x_t`` averaged over the batch. In a plain RNN with
    small recurrent weights the values at the start of the sequence are orders
    of magnitude below those at the end: the vanishing gradient.

    The layer's weights are used as they are; an unbuilt layer is built (and
    initialised) by the call. Nothing is trained.

    Parameters
    ----------
    recurrent_layer : keras.layers.SimpleRNN, keras.layers.LSTM or keras.layers.GRU
        A layer with ``return_sequences=False`` (the default). With
        ``return_state=True`` its first output, ``h_T``, is used.
    inputs : numpy.ndarray
        Shape ``(batch, time, features)``; used as ``float32``.

    Returns
    -------
    numpy.ndarray
        Shape ``(time,)``, ``float64``. Index 0 is the first step, the farthest
        from the output; index ``time - 1`` is the last one.

    Raises
    ------
    TypeError
        If ``recurrent_layer`` is not one of the three layers, or ``inputs`` is
        not a real-valued array.
    ValueError
        If ``inputs`` is not ``(batch, time, features)`` with no empty axis, its
        features do not match a built layer, or the layer returns sequences.
    """
    import keras
    import tensorflow as tf

    recurrent_classes = (keras.layers.SimpleRNN, keras.layers.LSTM, keras.layers.GRU)
    if not isinstance(recurrent_layer, recurrent_classes):
        raise TypeError(
            "recurrent_layer must be a keras.layers.SimpleRNN, LSTM or GRU, "
            f"got {type(recurrent_layer).__name__}"
        )
    if recurrent_layer.return_sequences:
        raise ValueError(
            "recurrent_layer has return_sequences=True; use a layer with "
            "return_sequences=False so that its output is the final state h_T"
        )
    x = _check_sequences("inputs", inputs)
    features = x.shape[-1]
    if recurrent_layer.built:
        expected = recurrent_layer.cell.kernel.shape[0]
        if expected != features:
            raise ValueError(
                f"inputs: the layer was built for {expected} features, got shape {x.shape}"
            )
    x = tf.convert_to_tensor(x, dtype=tf.float32)
    with tf.GradientTape() as tape:
        tape.watch(x)
        outputs = recurrent_layer(x, training=False)
        if isinstance(outputs, (list, tuple)):  # return_state=True: [h_T, *states]
            outputs = outputs[0]
        loss = tf.reduce_sum(outputs)
    gradient = tape.gradient(loss, x, unconnected_gradients=tf.UnconnectedGradients.ZERO)
    return _norms_per_step(gradient)


def gradient_norms_through_model(
    model: Any,
    inputs: np.ndarray,
    labels: np.ndarray,
    loss_fn: Callable[[Any, Any], Any] | None = None,
) -> np.ndarray:
    """How strongly a model's loss depends on each step of its first layer's output.

    Runs a ``keras.Sequential`` model layer by layer (in inference mode, with
    masks passed along as ``Sequential`` does), watches the output of its first
    layer, for instance the embedded review of shape ``(batch, time,
    embedding_dim)``, and returns the L2 norm of the gradient of the loss with
    respect to each of its time steps, averaged over the batch. Steps that a
    mask hides from the later layers get a gradient of exactly zero.

    Parameters
    ----------
    model : keras.Sequential
        A model with at least two layers, whose first layer outputs
        ``(batch, time, features)``.
    inputs : numpy.ndarray
        What the model takes, for instance token ids of shape ``(batch, time)``.
    labels : numpy.ndarray
        Targets, one per example (``len(labels) == len(inputs)``).
    loss_fn : callable, optional
        ``loss_fn(y_true, y_pred)``, for instance ``keras.losses.BinaryCrossentropy()``;
        a per-example result is averaged over the batch. By default the loss the
        model was compiled with. Labels of shape ``(batch,)`` are given a last
        axis when the model outputs ``(batch, 1)``, as ``fit`` does.

    Returns
    -------
    numpy.ndarray
        Shape ``(time,)``, ``float64``; index 0 is the first step.

    Raises
    ------
    TypeError
        If ``model`` is not a ``keras.Sequential``, ``loss_fn`` is not callable,
        or ``inputs`` or ``labels`` is not a real-valued array.
    ValueError
        If the model has fewer than two layers, has no loss to use, its first
        layer does not output ``(batch, time, features)``, or ``labels`` does
        not have one entry per example.
    """
    import keras
    import tensorflow as tf

    if not isinstance(model, keras.Sequential):
        raise TypeError(f"model must be a keras.Sequential, got {type(model).__name__}")
    if len(model.layers) < 2:
        raise ValueError(
            f"model must have at least two layers (a first layer and what follows it), "
            f"got {len(model.layers)}"
        )
    if loss_fn is None:
        compiled_loss = getattr(model, "loss", None)
        if compiled_loss is None:
            raise ValueError("model is not compiled with a loss: compile it or pass loss_fn")
        if isinstance(compiled_loss, (list, tuple, dict)):
            raise ValueError(
                f"model was compiled with several losses ({compiled_loss!r}): pass loss_fn"
            )
        loss_fn = keras.losses.get(compiled_loss)
    elif not callable(loss_fn):
        raise TypeError(f"loss_fn must be callable, got {type(loss_fn).__name__}")
    x = _as_real_array("inputs", inputs)
    if x.ndim < 1 or x.shape[0] == 0:
        raise ValueError(f"inputs: expected at least one example, got shape {x.shape}")
    y = _as_real_array("labels", labels)
    if y.ndim < 1 or y.shape[0] != x.shape[0]:
        raise ValueError(
            f"labels: expected one entry per example ({x.shape[0]}), got shape {y.shape}"
        )

    first, *rest = model.layers
    first_output = _call_for_inference(first, x)
    if len(first_output.shape) != 3:
        raise ValueError(
            f"model.layers[0] ({first.name}): expected an output (batch, time, features), "
            f"got shape {tuple(first_output.shape)}"
        )
    with tf.GradientTape() as tape:
        tape.watch(first_output)
        outputs = first_output
        for layer in rest:
            # Keras attaches a layer's output mask to the output tensor and the
            # next layer picks it up, exactly as inside Sequential.call.
            outputs = _call_for_inference(layer, outputs)
        targets = tf.convert_to_tensor(y)
        if len(outputs.shape) == y.ndim + 1 and outputs.shape[-1] == 1:
            # Labels (batch,) for outputs (batch, 1): add the axis, as fit does.
            targets = tf.expand_dims(targets, -1)
        loss = tf.reduce_mean(loss_fn(targets, outputs))
    gradient = tape.gradient(
        loss, first_output, unconnected_gradients=tf.UnconnectedGradients.ZERO
    )
    return _norms_per_step(gradient)
