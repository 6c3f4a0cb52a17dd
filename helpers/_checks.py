"""Argument checks shared by the ``helpers`` modules (NumPy only, so light modules stay light)."""

from __future__ import annotations

import numpy as np


def check_int(name: str, value: object, minimum: int) -> int:
    """Return ``value`` as an int, or raise if it is not an integer of at least ``minimum``.

    Parameters
    ----------
    name : str
        The argument's name, for the error message.
    value : object
        What the caller passed. Python and NumPy integers pass; ``bool`` does not.
    minimum : int
        The smallest allowed value.

    Returns
    -------
    int
        ``value`` as a Python int.

    Raises
    ------
    TypeError
        If ``value`` is not an integer (a ``bool`` counts as not one).
    ValueError
        If ``value`` is below ``minimum``.
    """
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{name} must be an int, got {type(value).__name__} ({value!r})")
    if value < minimum:
        raise ValueError(f"{name} must be at least {minimum}, got {value}")
    return int(value)


def check_bool(name: str, value: object) -> bool:
    """Return ``value`` as a bool, or raise TypeError if it is not a Python or NumPy bool.

    Parameters
    ----------
    name : str
        The argument's name, for the error message.
    value : object
        What the caller passed.

    Returns
    -------
    bool
        ``value`` as a Python bool.

    Raises
    ------
    TypeError
        If ``value`` is not a bool (``0`` and ``1`` are not accepted).
    """
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be a bool, got {type(value).__name__} ({value!r})")
    return bool(value)
