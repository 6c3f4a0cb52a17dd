"""Chapter 5's LSTM

Chapter 5's recipe, exactly: a 10,000-word vocabulary learned from the 20,000
fit reviews, the first 600 tokens of each review, batches of similar length
with the padding masked, Embedding 64 -> LSTM 64 (dropout 0.5) -> Dense, Adam
whose learning rate halves every epoch, and early stopping on the 5,000
validation reviews. The test reviews are scored once, at the end.
"""

import keras
from keras import layers

from benchmarks.common import book_batches, compile_and_fit, load_split, scored_row


def run() -> dict:
    keras.utils.set_random_seed(42)  # as chapter 5: the seed also fixes the order of the shuffled batches
    data = load_split()
    train_batches, validation_batches, test_ids = book_batches(data, vocabulary_size=10_000, maxlen=600)

    keras.utils.set_random_seed(42)
    model = keras.Sequential(
        [
            keras.Input(shape=(None,), dtype="int32"),
            layers.Embedding(10_000, 64, mask_zero=True),
            layers.LSTM(64, dropout=0.5),
            layers.Dense(1, activation="sigmoid"),
        ]
    )
    fit = compile_and_fit(model, train_batches, validation_batches, max_epochs=3, patience=2, clipnorm=1.0)

    return scored_row(
        "chapter 5: vocab 10k, first 600 tokens, length buckets + mask; Emb 64 > LSTM 64 (dropout .5) > Dense; "
        "batch 32, Adam halving each epoch, at most 3 epochs, early stopping on 5k validation (patience 2)",
        model,
        fit,
        test_ids,
        data.test_labels,
    )
