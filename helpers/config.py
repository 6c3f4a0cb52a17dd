"""Quick mode, and how a notebook binds its prose to its run.

The book shows the outputs of a full run. CI runs every notebook again in
*quick mode* (``LSTM_BOOK_QUICK=1``), which shrinks the data and the number
of epochs but never changes the code path. This module is the only place that
reads that variable.

Measured numbers reach the text through :func:`glue`, and every sentence that
compares measurements is guarded by :func:`claim`. In quick mode the data are
too small for the text's claims to hold, so :func:`claim` checks nothing
there: that is the one switch, and it is this module's :func:`is_quick`.
"""

from __future__ import annotations

import numbers
import os

QUICK_ENV_VAR = "LSTM_BOOK_QUICK"

_TRUE_VALUES = {"1", "true", "yes", "on"}
_FALSE_VALUES = {"", "0", "false", "no", "off"}


def is_quick() -> bool:
    """Whether ``LSTM_BOOK_QUICK`` asks for quick mode; a ``ValueError`` for anything but 1/true/yes/on or 0/false/no/off."""
    raw = os.environ.get(QUICK_ENV_VAR, "")
    value = raw.strip().lower()
    if value in _TRUE_VALUES:
        return True
    if value in _FALSE_VALUES:
        return False
    raise ValueError(f"{QUICK_ENV_VAR} must be one of 1/true/yes/on or 0/false/no/off, got {raw!r}")


def _positive(name: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int, got {type(value).__name__} ({value!r})")
    if value < 1:
        raise ValueError(f"{name} must be at least 1, got {value}")
    return value


def epochs(full: int, quick: int = 1) -> int:
    """``full`` epochs, or ``min(quick, full)`` in quick mode."""
    full, quick = _positive("full", full), _positive("quick", quick)
    return min(quick, full) if is_quick() else full


def sample_size(full: int, quick: int) -> int:
    """``full`` examples, or ``min(quick, full)`` in quick mode."""
    full, quick = _positive("full", full), _positive("quick", quick)
    return min(quick, full) if is_quick() else full


def claim(condition: object, message: str) -> None:
    """Assert a sentence of the text about a measurement; in quick mode, check nothing.

    A full run (``make execute``) whose numbers contradict the text stops
    with ``AssertionError(message)`` instead of publishing a false sentence.
    """
    if not is_quick() and not bool(condition):
        raise AssertionError(f"the text says: {message}")


def glue(name: str, value: object) -> object:
    """Store ``value`` under ``name`` for the text's ``{glue:text}`` roles, and return it.

    NumPy numbers become Python numbers, so that a format such as
    ``{glue:text}`name:.2%``` works. Outside a book build (in Colab, say),
    where ``myst_nb`` is not installed, nothing is stored.
    """
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        value = int(value)
    elif isinstance(value, numbers.Real) and not isinstance(value, bool):
        value = float(value)
    try:
        from myst_nb import glue as myst_glue
    except ImportError:
        return value
    myst_glue(name, value, display=False)
    return value
