"""Chapter 5's LSTM

Chapter 5's recipe, exactly: a 10,000-word vocabulary learned from the fit
reviews, the first 600 tokens of each review, batches of similar length with
the padding masked, Embedding 64 -> LSTM 64 (dropout 0.5) -> Dense, Adam whose
learning rate halves every epoch, and early stopping on the 5,000 validation
reviews, which are about other films than the fit reviews. The test reviews
are scored once, at the end. With seed 42 this is chapter 5's run, to the
last digit on the same machine.
"""

import keras
from keras import layers

from benchmarks.common import book_batches, compile_and_fit, load_split, scored_row

RECIPE = (
    "chapter 5: vocab 10k, first {maxlen} tokens, length buckets + mask; Emb 64 > LSTM 64 (dropout {dropout}) > Dense; "
    "batch 32, Adam halving each epoch, at most 3 epochs, early stopping on 5k validation reviews of other films"
)


def train_chapter5_recipe(seed: int, dropout: float = 0.5, maxlen: int = 600, score_test: bool = True) -> dict:
    keras.utils.set_random_seed(seed)  # as chapter 5, where the seed also orders the shuffled batches
    data = load_split()
    train_batches, validation_batches, ids = book_batches(data, vocabulary_size=10_000, maxlen=maxlen, seed=seed)

    keras.utils.set_random_seed(seed)
    model = keras.Sequential(
        [
            keras.Input(shape=(None,), dtype="int32"),
            layers.Embedding(10_000, 64, mask_zero=True),
            layers.LSTM(64, dropout=dropout),
            layers.Dense(1, activation="sigmoid"),
        ]
    )
    fit = compile_and_fit(model, train_batches, validation_batches, max_epochs=3, patience=2, clipnorm=1.0)
    return scored_row(RECIPE.format(maxlen=maxlen, dropout=dropout), model, fit, ids, data, score_test=score_test)


def run(seed: int) -> dict:
    return train_chapter5_recipe(seed)
