"""A 1D convolutional network

128 detectors of 5-word phrases slide over the first 1,000 tokens of a review,
and the classifier sees each detector's strongest match (Kim, 2014). The
padding that fills out a batch reads as zeros, as the edges of a review do,
and is left out of that maximum, so a review gets the same score in any
batch. Same split, batches and learning-rate schedule as the book's LSTMs.
"""

import keras
from keras import layers

from benchmarks.common import book_batches, compile_and_fit, load_split, scored_row
from helpers.layers import MaskedGlobalMaxPooling1D


def cnn_model(vocabulary_size=20_000):
    """Embedding 128 -> Conv1D, 128 filters of width 5 -> max over the words -> Dense."""
    inputs = keras.Input(shape=(None,), dtype="int32")
    words = keras.ops.not_equal(inputs, 0)  # True at words, False at padding
    x = layers.Embedding(vocabulary_size, 128)(inputs)
    x = x * keras.ops.expand_dims(keras.ops.cast(words, "float32"), -1)  # padding reads as zeros, like the edges
    x = layers.Dropout(0.25)(x)
    x = layers.Conv1D(128, 5, padding="same", activation="relu")(x)
    x = MaskedGlobalMaxPooling1D()(x, mask=words)  # the padding never wins the maximum
    x = layers.Dropout(0.5)(x)
    outputs = layers.Dense(1, activation="sigmoid")(x)
    return keras.Model(inputs, outputs)


def run(seed: int) -> dict:
    data = load_split()
    train_batches, validation_batches, ids = book_batches(data, vocabulary_size=20_000, maxlen=1_000, seed=seed)

    keras.utils.set_random_seed(seed)
    model = cnn_model()
    fit = compile_and_fit(model, train_batches, validation_batches, max_epochs=4, patience=1)

    return scored_row(
        "vocab 20k, first 1,000 tokens, length buckets; Emb 128 > Conv1D 128x5 > max over the words "
        "(padding masked) > Dense; batch 32, Adam halving each epoch, early stopping",
        model,
        fit,
        ids,
        data,
    )
