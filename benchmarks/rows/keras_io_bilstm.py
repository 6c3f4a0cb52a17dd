"""keras.io's "Bidirectional LSTM on IMDB"

The example at keras.io/examples/nlp/bidirectional_lstm_imdb, on the raw
reviews: a 20,000-word vocabulary, ``pad_sequences(maxlen=200)`` (padding and
cutting *before* the text, so it keeps the last 200 tokens), Embedding 128 ->
two stacked bidirectional LSTMs of 64 units -> Dense, batches of 32,
2 epochs, and the test set passed as ``validation_data``.
"""

import keras
from keras import layers

from benchmarks.common import fit_timed, load_split, tutorial_row
from helpers.config import epochs


def run(seed: int) -> dict:
    data = load_split()
    vectorizer = layers.TextVectorization(max_tokens=20_000, ragged=True)
    vectorizer.adapt(data.train_texts, batch_size=1024)
    x_train = keras.utils.pad_sequences(vectorizer(data.train_texts).to_list(), maxlen=200)
    x_test = keras.utils.pad_sequences(vectorizer(data.test_texts).to_list(), maxlen=200)

    keras.utils.set_random_seed(seed)
    inputs = keras.Input(shape=(None,), dtype="int32")
    x = layers.Embedding(20_000, 128)(inputs)
    x = layers.Bidirectional(layers.LSTM(64, return_sequences=True))(x)
    x = layers.Bidirectional(layers.LSTM(64))(x)
    outputs = layers.Dense(1, activation="sigmoid")(x)
    model = keras.Model(inputs, outputs)
    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
    fit = fit_timed(
        model, x_train, y=data.train_labels, batch_size=32, epochs=epochs(2), validation_data=(x_test, data.test_labels)
    )

    return tutorial_row(
        "vocab 20k, last 200 tokens, pre padding; Emb 128 > BiLSTM 64 > BiLSTM 64 > Dense; batch 32, 2 epochs",
        model,
        fit,
        model.predict(x_test, batch_size=256, verbose=0),
        data.test_labels,
    )
