"""How gradients shrink or grow as they flow back through time (chapter 2).

In a plain RNN each step back multiplies the gradient by the Jacobian
``diag(tanh') W_h^T``, so after ``k`` steps it is scaled by at most
``(max tanh' * sigma_max(W_h))^k``: it vanishes below 1 and can explode above.
"""

from __future__ import annotations

from typing import Any

import numpy as np


def jacobian_product_norms(W_h: np.ndarray, steps: int, activation_derivative: float = 1.0) -> np.ndarray:
    """Spectral norms of ``J^k`` for ``k = 1 ... steps``, with the step Jacobian ``J = activation_derivative * W_h^T``."""
    jacobian = activation_derivative * np.asarray(W_h, dtype=np.float64).T
    product = np.eye(len(jacobian))
    norms = []
    for _ in range(steps):
        product = product @ jacobian
        norms.append(np.linalg.norm(product, ord=2))
    return np.array(norms)


def gradient_norms_over_time(recurrent_layer: Any, inputs: np.ndarray) -> np.ndarray:
    """Norm of ``d sum(h_T) / d x_t`` for each step ``t``, averaged over the batch; shape (time,).

    ``recurrent_layer`` is a ``SimpleRNN``, ``LSTM`` or ``GRU`` that returns only ``h_T``
    (``return_sequences=False``); ``inputs`` is (batch, time, features). Nothing is trained.
    """
    import tensorflow as tf

    x = tf.convert_to_tensor(inputs, dtype=tf.float32)
    with tf.GradientTape() as tape:
        tape.watch(x)
        outputs = recurrent_layer(x, training=False)
        if isinstance(outputs, (list, tuple)):  # return_state=True gives [h_T, *states]
            outputs = outputs[0]
        loss = tf.reduce_sum(outputs)
    gradient = tape.gradient(loss, x, unconnected_gradients=tf.UnconnectedGradients.ZERO)
    return np.linalg.norm(gradient.numpy().astype(np.float64), axis=-1).mean(axis=0)
