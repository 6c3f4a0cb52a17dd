"""How fast this machine trains an LSTM, against the fastest work its CPU can do.

Chapter 7 (Making LSTMs better and faster) measures an LSTM's training
throughput in tokens per second and compares the arithmetic it does with the
CPU's dense matrix-multiply ceiling, measured on the same machine:

- :func:`matmul_gflops`: the ceiling, from large float32 matrix products;
- :func:`lstm_training_flops_per_step`: the arithmetic of one LSTM step;
- :func:`tokens_per_second`: training throughput of a Keras model on given batches;
- :class:`EpochTimer`: a callback that records how long each epoch takes.
"""

from __future__ import annotations

import time
from typing import Any

import keras
import tensorflow as tf

from helpers.text import _check_int
from helpers.training import check_compiled_model


def matmul_gflops(size: int = 2048, repeats: int = 10) -> float:
    """Best float32 GFLOP/s of ``size x size`` matrix products on this machine.

    TensorFlow multiplies two random matrices ``repeats`` times on all CPU
    cores (after one warm-up product); the fastest product counts. A product
    of two ``n x n`` matrices is ``2 n^3`` floating-point operations.

    Parameters
    ----------
    size : int, default 2048
        Rows and columns of each matrix.
    repeats : int, default 10
        Products timed.

    Returns
    -------
    float
        Billions of floating-point operations per second.

    Raises
    ------
    TypeError
        If a size is not an int.
    ValueError
        If a size is below 1.
    """
    size = _check_int("size", size, 1)
    repeats = _check_int("repeats", repeats, 1)
    a = tf.random.normal((size, size), seed=1)
    b = tf.random.normal((size, size), seed=2)
    product = tf.function(tf.matmul)
    product(a, b).numpy()  # trace and warm up
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        product(a, b).numpy()
        best = min(best, time.perf_counter() - start)
    return 2 * size**3 / best / 1e9


def lstm_training_flops_per_step(input_dim: int, units: int) -> int:
    """Floating-point operations to train one LSTM step for one sequence.

    The four gates multiply the input and the previous state by their weights:
    ``4 * units * (input_dim + units)`` multiply-adds, so
    ``2 * 4 * units * (input_dim + units)`` operations forward. The backward
    pass needs about twice as many (gradients for the inputs and for the
    weights), so training costs three times the forward pass. The element-wise
    gate arithmetic is left out: it is small next to the products.

    Parameters
    ----------
    input_dim : int
        Features per step (the embedding size).
    units : int
        LSTM units.

    Returns
    -------
    int
        Operations per step per sequence, forward and backward.

    Raises
    ------
    TypeError
        If a size is not an int.
    ValueError
        If a size is below 1.
    """
    input_dim = _check_int("input_dim", input_dim, 1)
    units = _check_int("units", units, 1)
    return 3 * 2 * 4 * units * (input_dim + units)


class EpochTimer(keras.callbacks.Callback):
    """Keras callback that records the wall time of every epoch, validation included.

    Attributes
    ----------
    seconds : list of float
        One duration per finished epoch, in order.

    Examples
    --------
    >>> timer = EpochTimer()
    >>> # model.fit(batches, epochs=2, callbacks=[timer]); timer.seconds -> [12.3, 9.8]
    """

    def __init__(self) -> None:
        super().__init__()
        self.seconds: list[float] = []
        self._start = 0.0

    def on_epoch_begin(self, epoch: int, logs: Any = None) -> None:
        self._start = time.perf_counter()

    def on_epoch_end(self, epoch: int, logs: Any = None) -> None:
        self.seconds.append(time.perf_counter() - self._start)


def tokens_per_second(model: keras.Model, batches: tf.data.Dataset, epochs: int = 2) -> float:
    """Real (non-padding) tokens per second while ``model`` trains on ``batches``.

    The model trains for ``epochs`` epochs; only the last one is timed, so
    tracing and other first-epoch costs are left out. Tokens are the non-zero
    ids in the batches (0 is padding).

    Parameters
    ----------
    model : keras.Model
        A compiled model that takes batches of token ids.
    batches : tf.data.Dataset
        Batches of ``(token_ids, labels)``.
    epochs : int, default 2
        Epochs to train; at least 2, so one is untimed.

    Returns
    -------
    float
        Real tokens per second in the last epoch.

    Raises
    ------
    TypeError
        If ``model`` is not a Keras model or ``batches`` not a dataset.
    ValueError
        If ``model`` is not compiled, ``epochs`` is below 2, or the batches
        hold no token.
    """
    check_compiled_model(model)
    if not isinstance(batches, tf.data.Dataset):
        raise TypeError(f"batches must be a tf.data.Dataset, got {type(batches).__name__}")
    epochs = _check_int("epochs", epochs, 2)
    tokens = sum(int(tf.math.count_nonzero(ids)) for ids, _ in batches)
    if tokens == 0:
        raise ValueError("the batches hold no token (every id is 0, the padding)")
    timer = EpochTimer()
    model.fit(batches, epochs=epochs, callbacks=[timer], verbose=0, shuffle=False)
    return tokens / timer.seconds[-1]
