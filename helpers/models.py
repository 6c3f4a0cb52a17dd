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


def _check_learning_rate(value: object) -> None:
    if isinstance(value, keras.optimizers.schedules.LearningRateSchedule):
        return
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"learning_rate must be a number or a schedule, got {type(value).__name__} ({value!r})")
    if not 0 < value < float("inf"):
        raise ValueError(f"learning_rate must be a positive, finite number, got {value}")


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
        If a size is too small, a dropout rate is outside [0, 1), or
        ``learning_rate`` is not a positive, finite number.
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
    _check_learning_rate(learning_rate)

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


@keras.saving.register_keras_serializable(package="lstm_book")
class MaskedGlobalMaxPooling1D(layers.Layer):
    """The largest value of each feature over the time steps the mask keeps.

    ``keras.layers.GlobalMaxPooling1D`` ignores the mask, so the zeros an
    LSTM outputs at padded steps would compete with the real outputs; here
    padded steps are set to the lowest float before the maximum is taken.
    """

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.supports_masking = True

    def call(self, inputs: object, mask: object = None) -> object:
        if mask is None:
            return keras.ops.max(inputs, axis=1)
        keep = keras.ops.expand_dims(keras.ops.cast(mask, "bool"), -1)
        lowest = keras.ops.full_like(inputs, np.finfo("float32").min)
        return keras.ops.max(keras.ops.where(keep, inputs, lowest), axis=1)

    def compute_output_shape(self, input_shape: tuple[int | None, ...]) -> tuple[int | None, ...]:
        return (input_shape[0], input_shape[2])

    def compute_mask(self, inputs: object, mask: object = None) -> None:
        return None


def pooled_bilstm(
    vocabulary_size: int,
    embedding_dim: int = 128,
    units: int = 64,
    *,
    embeddings: np.ndarray | None = None,
    train_embeddings: bool = True,
    embedding_dropout: float = 0.0,
    dropout: float = 0.25,
    dense_dropout: float = 0.25,
    learning_rate: float | keras.optimizers.schedules.LearningRateSchedule = 1e-3,
    seed: int = 0,
    jit_compile: bool = False,
) -> keras.Model:
    """Build and compile Embedding -> Bidirectional LSTM -> max and mean over time -> Dense.

    The bidirectional LSTM returns its output at every word; the model keeps
    the largest and the mean value of each output feature over the review's
    words (the mask leaves padding out of both). A word near the start of a
    long review then reaches the classifier as directly as the last word,
    instead of through hundreds of LSTM steps (Johnson and Zhang, 2016 pool
    LSTM outputs the same way).

    Parameters
    ----------
    vocabulary_size : int
        Rows of the embedding table, padding and ``[UNK]`` included.
    embedding_dim : int, default 128
        Length of each word vector; must match ``embeddings`` if given.
    units : int, default 64
        Units of the LSTM in each direction.
    embeddings : numpy.ndarray, optional
        Initial word vectors, shape ``(vocabulary_size, embedding_dim)``, for
        example from :func:`helpers.embeddings.svd_embeddings`. They are
        trained further with the rest of the model unless
        ``train_embeddings`` is False. Default: random.
    train_embeddings : bool, default True
        Update the word vectors during training. Keeping given vectors fixed
        stops the model from fitting the training reviews word by word.
    embedding_dropout : float, default 0.0
        ``SpatialDropout1D`` on the word vectors: drops whole vector
        dimensions, the same ones at every word of a review.
    dropout : float, default 0.25
        Dropout on the LSTM's inputs.
    dense_dropout : float, default 0.25
        Dropout on the pooled features, before the output layer.
    learning_rate : float or keras.optimizers.schedules.LearningRateSchedule, default 1e-3
        Adam's learning rate.
    seed : int, default 0
        Seed for the initial weights.
    jit_compile : bool, default False
        Compile training and prediction with XLA. XLA compiles once per input
        shape, so feed it batches of a few lengths only
        (``bucketed_dataset(..., pad_to_bucket_boundary=True)``).

    Returns
    -------
    keras.Model
        A compiled model from int token ids ``(batch, time)`` to
        probabilities ``(batch, 1)``, with Adam (clipnorm 1), binary
        cross-entropy and accuracy.

    Raises
    ------
    TypeError
        If an argument has the wrong type.
    ValueError
        If a size is too small, a dropout rate is outside [0, 1),
        ``learning_rate`` is not a positive, finite number, or ``embeddings``
        has the wrong shape.
    """
    vocabulary_size = _check_int("vocabulary_size", vocabulary_size, 3)
    embedding_dim = _check_int("embedding_dim", embedding_dim, 1)
    units = _check_int("units", units, 1)
    dropout = _check_rate("dropout", dropout)
    dense_dropout = _check_rate("dense_dropout", dense_dropout)
    embedding_dropout = _check_rate("embedding_dropout", embedding_dropout)
    if not isinstance(jit_compile, bool):
        raise TypeError(f"jit_compile must be a bool, got {type(jit_compile).__name__}")
    if not isinstance(train_embeddings, bool):
        raise TypeError(f"train_embeddings must be a bool, got {type(train_embeddings).__name__}")
    initializer: object = "uniform"
    if embeddings is not None:
        if not isinstance(embeddings, np.ndarray):
            raise TypeError(f"embeddings must be a numpy array, got {type(embeddings).__name__}")
        if embeddings.shape != (vocabulary_size, embedding_dim):
            raise ValueError(
                f"embeddings must have shape ({vocabulary_size}, {embedding_dim}), got {embeddings.shape}"
            )
        initializer = keras.initializers.Constant(embeddings.astype("float32"))
    _check_learning_rate(learning_rate)

    keras.utils.set_random_seed(seed)
    token_ids = keras.Input(shape=(None,), dtype="int32", name="token_ids")
    vectors = layers.Embedding(
        vocabulary_size,
        embedding_dim,
        mask_zero=True,
        embeddings_initializer=initializer,
        trainable=train_embeddings,
    )(token_ids)
    if embedding_dropout:
        vectors = layers.SpatialDropout1D(embedding_dropout)(vectors)
    outputs = layers.Bidirectional(layers.LSTM(units, dropout=dropout, return_sequences=True))(vectors)
    pooled = layers.Concatenate()(
        [MaskedGlobalMaxPooling1D()(outputs), layers.GlobalAveragePooling1D()(outputs)]
    )
    if dense_dropout:
        pooled = layers.Dropout(dense_dropout)(pooled)
    probability = layers.Dense(1, activation="sigmoid")(pooled)
    model = keras.Model(token_ids, probability, name="pooled_bilstm")
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate=learning_rate, clipnorm=1.0),
        loss="binary_crossentropy",
        metrics=["accuracy"],
        jit_compile=jit_compile,
    )
    return model
