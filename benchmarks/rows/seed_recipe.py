"""The seed recipe many tutorials copy

As tutorials built on ``keras.datasets.imdb`` do it: a 10,000-word vocabulary,
every review padded or cut to 500 tokens with ``pad_sequences(padding="post")``
(which keeps the *last* 500 tokens of a longer review and puts the padding
after the text), no mask, Embedding 64 -> LSTM 64 -> Dense, batches of 32,
5 epochs, and the test set passed as ``validation_data``.
"""

import keras
from keras import layers

from benchmarks.common import fit_timed, load_split, tutorial_row
from helpers.config import epochs


def run(seed: int) -> dict:
    data = load_split()
    vectorizer = layers.TextVectorization(max_tokens=10_000, ragged=True)
    vectorizer.adapt(data.train_texts, batch_size=1024)
    x_train = keras.utils.pad_sequences(vectorizer(data.train_texts).to_list(), maxlen=500, padding="post")
    x_test = keras.utils.pad_sequences(vectorizer(data.test_texts).to_list(), maxlen=500, padding="post")

    keras.utils.set_random_seed(seed)
    model = keras.Sequential(
        [
            keras.Input(shape=(500,), dtype="int32"),
            layers.Embedding(10_000, 64),
            layers.LSTM(64),
            layers.Dense(1, activation="sigmoid"),
        ]
    )
    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
    fit = fit_timed(
        model, x_train, y=data.train_labels, batch_size=32, epochs=epochs(5), validation_data=(x_test, data.test_labels)
    )

    return tutorial_row(
        "vocab 10k, last 500 tokens, post padding, no mask; Emb 64 > LSTM 64 > Dense; batch 32, 5 epochs",
        model,
        fit,
        model.predict(x_test, batch_size=256, verbose=0),
        data.test_labels,
        best_test_accuracy_seen_during_training=fit.validation_accuracy,
    )
