"""Helpers for the LSTM book.

The chapters import what is reusable from here: the IMDb loader
(:mod:`helpers.data`), cells written from scratch in NumPy
(:mod:`helpers.rnn`), plots (:mod:`helpers.plots`) and the quick-mode switch
that lets CI run every notebook in minutes (:mod:`helpers.config`).
"""

from helpers.config import QUICK_ENV_VAR, epochs, is_quick, sample_size

__all__ = ["QUICK_ENV_VAR", "epochs", "is_quick", "sample_size"]
__version__ = "0.1.0"
