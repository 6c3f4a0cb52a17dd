"""The adding problem, a synthetic task that needs a long memory (chapter 2)."""

from __future__ import annotations

import numpy as np


def adding_task(n_samples: int, length: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """The adding problem of Hochreiter & Schmidhuber (1997): sum the two values a marker points at.

    Each step holds a value in [0, 1) and a marker, 1 at one step of each half of the
    sequence. Returns ``inputs`` (n_samples, length, 2) and ``targets`` (n_samples,), float32.
    Always predicting the mean target, 1, gives a mean squared error of about 1/6.
    """
    rng = np.random.default_rng(seed)
    half = length // 2
    values = rng.random((n_samples, length), dtype=np.float32)
    rows = np.arange(n_samples)
    first = rng.integers(0, half, size=n_samples)
    second = rng.integers(half, length, size=n_samples)
    marker = np.zeros((n_samples, length), dtype=np.float32)
    marker[rows, first] = 1.0
    marker[rows, second] = 1.0
    targets = values[rows, first] + values[rows, second]
    return np.stack([values, marker], axis=-1), targets
