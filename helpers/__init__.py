"""Helpers for the LSTM book: data loaders, NumPy cells checked against Keras, figures and quick mode."""

from helpers.config import QUICK_ENV_VAR, claim, epochs, glue, is_quick, sample_size

__all__ = ["QUICK_ENV_VAR", "claim", "epochs", "glue", "is_quick", "sample_size"]
__version__ = "0.4.0"
