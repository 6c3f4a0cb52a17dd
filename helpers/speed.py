"""How fast this machine trains an LSTM, against the fastest work its CPU can do (chapter 7)."""

from __future__ import annotations

import time
from typing import Any

import keras
import tensorflow as tf

from helpers.checks import check_int


def matmul_gflops(size: int = 2048, repeats: int = 10) -> float:
    """Best float32 GFLOP/s of ``size x size`` matrix products on this machine (``2 size**3`` operations each)."""
    size = check_int("size", size, 1)
    repeats = check_int("repeats", repeats, 1)
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
    """Operations to train one LSTM step of one sequence: the gates' matrix products, forward and (twice) backward."""
    input_dim = check_int("input_dim", input_dim, 1)
    units = check_int("units", units, 1)
    return 3 * 2 * 4 * units * (input_dim + units)


class EpochTimer(keras.callbacks.Callback):
    """A callback that records the wall time of every epoch, validation included, in ``seconds``."""

    def __init__(self) -> None:
        super().__init__()
        self.seconds: list[float] = []
        self.start = 0.0

    def on_epoch_begin(self, epoch: int, logs: Any = None) -> None:
        self.start = time.perf_counter()

    def on_epoch_end(self, epoch: int, logs: Any = None) -> None:
        self.seconds.append(time.perf_counter() - self.start)
