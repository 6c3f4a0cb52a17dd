"""Synthetic tasks that need a long memory, generated with NumPy.

Each task hides the answer far from the end of the sequence, so that a
recurrent network can only solve it if gradients carry information back across
many time steps:

* :func:`first_token_task`: classify a sequence by its *first* symbol; every
  later step is a random distractor that carries no information about the label.
* :func:`adding_task`: the adding problem of Hochreiter & Schmidhuber (1997):
  output the sum of the two values that a marker channel points at.

Both take a ``seed`` and return the same arrays for the same seed; inputs are
``float32``.

Introduced in chapter 2 (Vanishing and exploding gradients).
"""

from __future__ import annotations

import numpy as np

from helpers._checks import check_int as _check_int


def first_token_task(
    n_samples: int, length: int, n_symbols: int = 8, seed: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """Make sequences whose class is written only in their first step.

    Step 0 holds the signal symbol, ``0`` or ``1``, which is the label. Steps
    ``1`` to ``length - 1`` hold distractor symbols drawn uniformly from
    ``2, ..., n_symbols - 1``, independently of the label. Every step is one-hot
    encoded.

    Parameters
    ----------
    n_samples : int
        Number of sequences.
    length : int
        Number of time steps per sequence (at least 2: the signal and one
        distractor).
    n_symbols : int, default 8
        Size of the alphabet, the two signal symbols included (at least 3).
    seed : int, default 0
        Seed of the random generator.

    Returns
    -------
    inputs : numpy.ndarray
        One-hot sequences, shape ``(n_samples, length, n_symbols)``, ``float32``.
    labels : numpy.ndarray
        The class of each sequence, shape ``(n_samples,)``, ``int32`` in
        ``{0, 1}``: exactly ``n_samples // 2`` of each, plus one random extra
        when ``n_samples`` is odd.

    Raises
    ------
    TypeError
        If an argument is not an ``int``.
    ValueError
        If ``n_samples`` is below 1, ``length`` below 2 or ``n_symbols`` below 3.
    """
    n_samples = _check_int("n_samples", n_samples, 1)
    length = _check_int("length", length, 2)
    n_symbols = _check_int("n_symbols", n_symbols, 3)
    seed = _check_int("seed", seed, 0)
    rng = np.random.default_rng(seed)
    labels = np.zeros(n_samples, dtype=np.int32)
    labels[n_samples // 2 :] = 1
    if n_samples % 2:
        labels[-1] = rng.integers(2)
    labels = rng.permutation(labels)
    symbols = np.empty((n_samples, length), dtype=np.int64)
    symbols[:, 0] = labels
    symbols[:, 1:] = rng.integers(2, n_symbols, size=(n_samples, length - 1))
    inputs = np.eye(n_symbols, dtype=np.float32)[symbols]
    return inputs, labels


def adding_task(n_samples: int, length: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Make the adding problem: sum the two values that the marker points at.

    Channel 0 of each step holds a value drawn uniformly from ``[0, 1)``.
    Channel 1 is a marker that is ``1`` at exactly two steps, one drawn from the
    first half of the sequence (steps ``0`` to ``length // 2 - 1``) and one from
    the second half, and ``0`` elsewhere. The target is the sum of the two
    marked values. Always predicting the mean target, 1, gives a mean squared
    error of about 1/6, the baseline to beat.

    Parameters
    ----------
    n_samples : int
        Number of sequences.
    length : int
        Number of time steps per sequence (at least 2).
    seed : int, default 0
        Seed of the random generator.

    Returns
    -------
    inputs : numpy.ndarray
        Shape ``(n_samples, length, 2)``, ``float32``: values, then marker.
    targets : numpy.ndarray
        The sum of the two marked values, shape ``(n_samples,)``, ``float32``.

    Raises
    ------
    TypeError
        If an argument is not an ``int``.
    ValueError
        If ``n_samples`` is below 1 or ``length`` below 2.
    """
    n_samples = _check_int("n_samples", n_samples, 1)
    length = _check_int("length", length, 2)
    seed = _check_int("seed", seed, 0)
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
    inputs = np.stack([values, marker], axis=-1)
    return inputs, targets.astype(np.float32)
