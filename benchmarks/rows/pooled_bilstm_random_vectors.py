"""The best LSTM's teacher, with random word vectors

The same network and training as the best LSTM's teacher, but its word
vectors start random instead of from the unlabelled reviews, and nothing
learns from those reviews. The vocabulary is the same as the teacher's
(learned from the fit and unlabelled reviews), so the word vectors are the
only difference.
"""

import keras
from keras import layers

from benchmarks.common import PARTS, load_split, scored_row, token_ids
from benchmarks.rows.best_lstm import MAXLEN, VOCABULARY_SIZE, pooled_bilstm, train
from helpers.data import load_imdb_unlabelled
from helpers.text import standardize_review
from helpers.training import bucketed_dataset


def run(seed: int) -> dict:
    data = load_split()
    vectorizer = layers.TextVectorization(max_tokens=VOCABULARY_SIZE, standardize=standardize_review, ragged=True)
    vectorizer.adapt(data.fit_texts + load_imdb_unlabelled(), batch_size=1024)
    fit_ids = token_ids(vectorizer, data.fit_texts, MAXLEN)
    ids = {part: token_ids(vectorizer, data.texts(part), MAXLEN) for part in PARTS}
    validation_batches = bucketed_dataset(ids["validation"], data.validation_labels, 256)

    keras.utils.set_random_seed(seed)
    model = pooled_bilstm(vectorizer.vocabulary_size())
    fit = train(model, fit_ids, data.fit_labels, validation_batches, seed=seed)

    return scored_row(
        "as the best LSTM's teacher, but with random word vectors: no unlabelled data",
        model,
        fit,
        ids,
        data,
    )
