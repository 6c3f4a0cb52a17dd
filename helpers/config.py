"""The quick-mode switch: the one place that reads ``LSTM_BOOK_QUICK``.

The book shows the outputs of a full run. Continuous integration runs every
notebook again in *quick mode*, which shrinks the data and the number of epochs
so that the whole book executes in minutes on a 2-core CPU. The code a reader
sees is the same in both modes: the notebooks ask these functions how much to
do, and only these functions look at the environment variable.

Introduced in chapter 1 (Recurrent neural networks).
"""

from __future__ import annotations

import os

QUICK_ENV_VAR = "LSTM_BOOK_QUICK"
"""Set this environment variable to ``1`` to run the book in quick mode."""

_TRUE_VALUES = {"1", "true", "yes", "on"}
_FALSE_VALUES = {"", "0", "false", "no", "off"}


def is_quick() -> bool:
    """Tell whether the book runs in quick mode.

    Returns
    -------
    bool
        ``True`` when ``LSTM_BOOK_QUICK`` is set to ``1``, ``true``, ``yes`` or
        ``on`` (any case); ``False`` when it is unset, empty, ``0``, ``false``,
        ``no`` or ``off``.

    Raises
    ------
    ValueError
        If the variable holds anything else, so that a typo never silently
        turns a CI run into a full, hour-long run.
    """
    raw = os.environ.get(QUICK_ENV_VAR, "")
    value = raw.strip().lower()
    if value in _TRUE_VALUES:
        return True
    if value in _FALSE_VALUES:
        return False
    raise ValueError(
        f"{QUICK_ENV_VAR} must be one of 1/true/yes/on or 0/false/no/off, got {raw!r}"
    )


def _check_positive_int(name: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int, got {type(value).__name__} ({value!r})")
    if value < 1:
        raise ValueError(f"{name} must be at least 1, got {value}")
    return value


def epochs(full: int, quick: int = 1) -> int:
    """Return the number of epochs to train for.

    Parameters
    ----------
    full : int
        Epochs for the full run that the book shows.
    quick : int, default 1
        Epochs in quick mode (CI).

    Returns
    -------
    int
        ``full``, or ``min(quick, full)`` in quick mode.

    Raises
    ------
    TypeError
        If an argument is not an ``int``.
    ValueError
        If an argument is below 1.
    """
    full = _check_positive_int("full", full)
    quick = _check_positive_int("quick", quick)
    return min(quick, full) if is_quick() else full


def sample_size(full: int, quick: int) -> int:
    """Return how many examples to use: ``full`` normally, ``quick`` in quick mode.

    Parameters
    ----------
    full : int
        Number of examples in the full run.
    quick : int
        Number of examples in quick mode.

    Returns
    -------
    int
        ``full``, or ``min(quick, full)`` in quick mode.

    Raises
    ------
    TypeError
        If an argument is not an ``int``.
    ValueError
        If an argument is below 1.
    """
    full = _check_positive_int("full", full)
    quick = _check_positive_int("quick", quick)
    return min(quick, full) if is_quick() else full
