"""Helpers for the LSTM book.

The chapters import what is reusable from here:

- :mod:`helpers.config`: the quick-mode switch that lets CI run every notebook in minutes;
- :mod:`helpers.data`: the IMDb loader, through Keras's cache;
- :mod:`helpers.rnn` and :mod:`helpers.lstm`: cells written from scratch in NumPy;
- :mod:`helpers.gradients` and :mod:`helpers.tasks`: gradient measurements and long-memory tasks;
- :mod:`helpers.text`: standardisation, decoding, the Keras 2 IMDb format, datasets and prediction;
- :mod:`helpers.evaluation`: losses and classification metrics written by hand;
- :mod:`helpers.training` and :mod:`helpers.models`: the IMDb input pipeline, timed training runs and the chapter 5 model;
- :mod:`helpers.plots` and :mod:`helpers.display`: figures and source listings.
"""

from helpers.config import QUICK_ENV_VAR, epochs, is_quick, sample_size

__all__ = ["QUICK_ENV_VAR", "epochs", "is_quick", "sample_size"]
__version__ = "0.1.0"
