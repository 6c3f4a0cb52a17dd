"""The sentiment models of chapters 5 and 6, built one way so that both agree.

Introduced in chapter 5 (Training an LSTM on IMDb), which shows this source.
"""

from __future__ import annotations

import keras
import numpy as np
from keras import layers

from helpers.text import _check_int  # the same argument check as the text helpers


def _check_rate(name: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.floating)):
        raise TypeError(f"{name} must be a float, got {type(value).__name__} ({value!r})")
    if not 0 <= value < 1:
        raise ValueError(f"{name} must be in [0, 1), got {value}")
    return float(value)


def sentiment_lstm(
    vocabulary_size: int,
    embedding_dim: int = 64,
    units: int = 64,
    *,
    bidirectional: bool = False,
    lstm_layers: int = 1,
    dropout: float = 0.0,
    recurrent_dropout: float = 0.0,
    dense_dropout: float = 0.0,
    learning_rate: float | keras.optimizers.schedules.LearningRateSchedule = 1e-3,
    seed: int = 0,
) -> keras.Model:
    """Build and compile Embedding -> LSTM -> Dense for reviews as token ids.

    The embedding masks index 0 (``mask_zero=True``), so padding anywhere in
    a sequence is skipped. The last LSTM returns its final state; with
    ``lstm_layers > 1`` the layers below it return their whole sequence. The
    output is one sigmoid probability that the review is positive. The model
    is compiled with Adam (gradients clipped to norm 1), binary
    cross-entropy and accuracy.

    Parameters
    ----------
    vocabulary_size : int
        Rows of the embedding table: the vectorizer's vocabulary size,
        padding and ``[UNK]`` included.
    embedding_dim : int, default 64
        Length of each word vector.
    units : int, default 64
        Units of each LSTM (each direction, when bidirectional).
    bidirectional : bool, default False
        Wrap every LSTM in ``Bidirectional`` (outputs concatenated).
    lstm_layers : int, default 1
        Number of stacked LSTM layers.
    dropout, recurrent_dropout : float, default 0.0
        The LSTM's dropout on its inputs and on its recurrent state.
    dense_dropout : float, default 0.0
        Dropout on the final state, before the output layer.
    learning_rate : float or keras.optimizers.schedules.LearningRateSchedule, default 1e-3
        Adam's learning rate, fixed or as a schedule over training steps.
    seed : int, default 0
        Seed for the initial weights (``keras.utils.set_random_seed``).

    Returns
    -------
    keras.Model
        A compiled ``Sequential`` model from int token ids of shape
        ``(batch, time)`` to probabilities of shape ``(batch, 1)``.

    Raises
    ------
    TypeError
        If an argument has the wrong type.
    ValueError
        If a size is too small or a rate is outside [0, 1).
    """
    vocabulary_size = _check_int("vocabulary_size", vocabulary_size, 3)
    embedding_dim = _check_int("embedding_dim", embedding_dim, 1)
    units = _check_int("units", units, 1)
    lstm_layers = _check_int("lstm_layers", lstm_layers, 1)
    if not isinstance(bidirectional, bool):
        raise TypeError(f"bidirectional must be a bool, got {type(bidirectional).__name__}")
    dropout = _check_rate("dropout", dropout)
    recurrent_dropout = _check_rate("recurrent_dropout", recurrent_dropout)
    dense_dropout = _check_rate("dense_dropout", dense_dropout)
    if not isinstance(learning_rate, keras.optimizers.schedules.LearningRateSchedule) and (
        isinstance(learning_rate, bool) or not isinstance(learning_rate, (int, float)) or learning_rate <= 0
    ):
        raise ValueError(f"learning_rate must be a positive number or a schedule, got {learning_rate!r}")

    keras.utils.set_random_seed(seed)
    model = keras.Sequential(name="sentiment_lstm")
    model.add(keras.Input(shape=(None,), dtype="int32"))
    model.add(layers.Embedding(vocabulary_size, embedding_dim, mask_zero=True))
    for index in range(lstm_layers):
        lstm = layers.LSTM(
            units,
            dropout=dropout,
            recurrent_dropout=recurrent_dropout,
            return_sequences=index < lstm_layers - 1,
        )
        model.add(layers.Bidirectional(lstm) if bidirectional else lstm)
    if dense_dropout:
        model.add(layers.Dropout(dense_dropout))
    model.add(layers.Dense(1, activation="sigmoid"))
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate=learning_rate, clipnorm=1.0),
        loss="binary_crossentropy",
        metrics=["accuracy"],
    )
    return model
