"""Input checks for functions that take a reader's own data (NumPy only).

Every check names the argument it rejects, so that a wrong call fails with a
clear ``TypeError`` or ``ValueError`` instead of a silent, wrong answer.
"""

from __future__ import annotations

from typing import Any

import numpy as np


def check_int(name: str, value: object, minimum: int) -> int:
    """``value`` as an int; a ``TypeError`` if it is no integer (bools are not), a ``ValueError`` if below ``minimum``."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{name} must be an int, got {type(value).__name__} ({value!r})")
    if value < minimum:
        raise ValueError(f"{name} must be at least {minimum}, got {value}")
    return int(value)


def check_texts(name: str, texts: object) -> list[str]:
    """A non-empty list or tuple of str, returned as a list."""
    if isinstance(texts, str):
        raise TypeError(f"{name} must be a list of str, got a single str ({texts[:40]!r}); wrap it in a list: [text]")
    if not isinstance(texts, (list, tuple)):
        raise TypeError(f"{name} must be a list or tuple of str, got {type(texts).__name__}")
    if len(texts) == 0:
        raise ValueError(f"{name} must hold at least one text, got an empty {type(texts).__name__}")
    for index, text in enumerate(texts):
        if not isinstance(text, str):
            raise TypeError(f"{name}[{index}] must be a str, got {type(text).__name__} ({text!r})")
    return list(texts)


def as_vector(name: str, value: Any) -> np.ndarray:
    """A non-empty 1-D array of real numbers (bools allowed)."""
    if isinstance(value, (str, bytes)) or not isinstance(value, (np.ndarray, list, tuple)) and not hasattr(value, "__array__"):
        raise TypeError(f"{name} must be an array or a list, got {type(value).__name__}")
    array = np.asarray(value)
    if array.dtype != np.bool_ and (not np.issubdtype(array.dtype, np.number) or np.issubdtype(array.dtype, np.complexfloating)):
        raise TypeError(f"{name} must hold real numbers, got dtype {array.dtype}")
    if array.ndim != 1:
        hint = "; flatten it first, for example with .ravel()" if array.ndim == 2 and 1 in array.shape else ""
        raise ValueError(f"{name} must be 1-D, one value per example, got shape {array.shape}{hint}")
    if array.size == 0:
        raise ValueError(f"{name} must not be empty")
    return array


def as_labels(name: str, value: Any) -> np.ndarray:
    """A non-empty 1-D array of 0 and 1, returned as int64."""
    array = as_vector(name, value)
    if not np.all((array == 0) | (array == 1)):
        values = np.unique(array).tolist()
        raise ValueError(f"{name} must contain only 0 and 1, got values {values[:10]}")
    return array.astype(np.int64)


def as_scores(name: str, value: Any, *, probabilities: bool = False) -> np.ndarray:
    """A non-empty 1-D array of finite floats; with ``probabilities=True``, all in [0, 1]."""
    array = as_vector(name, value).astype(np.float64)
    bad = int(np.count_nonzero(~np.isfinite(array)))
    if bad:
        raise ValueError(f"{name} must be finite, got {bad} NaN or infinite value(s)")
    if probabilities and ((array < 0).any() or (array > 1).any()):
        raise ValueError(f"{name} must be probabilities in [0, 1] (pass probabilities, not logits)")
    return array


def same_length(first: str, a: Any, second: str, b: Any) -> None:
    """A ``ValueError`` unless ``a`` and ``b`` have the same length."""
    if len(a) != len(b):
        raise ValueError(f"{first} and {second} must have the same length, got {len(a)} and {len(b)}")
