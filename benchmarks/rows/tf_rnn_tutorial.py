"""TensorFlow's "Text classification with an RNN"

The tutorial at tensorflow.org/text/tutorials/text_classification_rnn: raw
reviews in shuffled batches of 64, ``TextVectorization(max_tokens=1000)``
inside the model, Embedding 64 (masked) -> Bidirectional LSTM 64 -> Dense 64
-> one logit, Adam at 1e-4 for 10 epochs, and the first 30 test batches as
validation data. The tutorial's "accuracy" thresholds logits at 0.5; here a
logit of 0 (probability 0.5) is the boundary, in training and in the score.
"""

import keras
import tensorflow as tf
from keras import layers

from benchmarks.common import fit_timed, load_split, tutorial_row
from helpers.config import epochs


def run(seed: int) -> dict:
    data = load_split()
    train_dataset = (
        tf.data.Dataset.from_tensor_slices((data.train_texts, data.train_labels))
        .shuffle(10_000, seed=seed)
        .batch(64)
        .prefetch(tf.data.AUTOTUNE)
    )
    test_dataset = tf.data.Dataset.from_tensor_slices((data.test_texts, data.test_labels)).batch(64)
    encoder = layers.TextVectorization(max_tokens=1_000)
    encoder.adapt(train_dataset.map(lambda text, label: text))

    keras.utils.set_random_seed(seed)
    model = keras.Sequential(
        [
            keras.Input(shape=(), dtype="string"),
            encoder,
            layers.Embedding(len(encoder.get_vocabulary()), 64, mask_zero=True),
            layers.Bidirectional(layers.LSTM(64)),
            layers.Dense(64, activation="relu"),
            layers.Dense(1),
        ]
    )
    model.compile(
        loss=keras.losses.BinaryCrossentropy(from_logits=True),
        optimizer=keras.optimizers.Adam(1e-4),
        metrics=[keras.metrics.BinaryAccuracy(threshold=0.0, name="accuracy")],
    )
    fit = fit_timed(model, train_dataset, epochs=epochs(10), validation_data=test_dataset, validation_steps=30)

    return tutorial_row(
        "TextVectorization(1000), Emb 64 (mask) > BiLSTM 64 > Dense 64 > Dense 1; batch 64, Adam 1e-4, 10 epochs",
        model,
        fit,
        model.predict(test_dataset, verbose=0),
        data.test_labels,
        threshold=0.0,
    )
