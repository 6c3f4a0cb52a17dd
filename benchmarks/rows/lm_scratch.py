"""Chapter 9's classifier trained from scratch

The fine-tuned row's network (Embedding 64 -> LSTM 128 -> Dense, the
language model's tokenizer and sizes) started from random weights and
trained with chapter 5's recipe: batches of 32 similar-length reviews (first
600 tokens), Adam halving its learning rate every epoch, at most 3 epochs,
early stopping on the film-disjoint validation reviews.
"""

import time

import keras

from benchmarks.common import PARTS, compile_and_fit, load_split, scored_row, token_ids
from benchmarks.language_model import classifier, vectorizer_for
from helpers.data import load_imdb_unlabelled
from helpers.training import bucketed_dataset

MAXLEN = 600
RECIPE = "from scratch: LM tokenizer (words + punctuation, 10k); Emb 64 > LSTM 128 (dropout 0.5) > Dense; chapter 5's training"


def run(seed: int, pooling: str = "last", recipe: str = RECIPE) -> dict:
    start = time.perf_counter()
    data = load_split()
    vectorizer, vocabulary_seconds = vectorizer_for(data, load_imdb_unlabelled())
    ids = {part: token_ids(vectorizer, data.texts(part), MAXLEN) for part in PARTS}
    keras.utils.set_random_seed(seed)
    train_batches = bucketed_dataset(token_ids(vectorizer, data.fit_texts, MAXLEN), data.fit_labels, 32,
                                     shuffle=True, seed=seed)
    validation_batches = bucketed_dataset(ids["validation"], data.validation_labels, 256)
    model = classifier(pooling=pooling)
    fit = compile_and_fit(model, train_batches, validation_batches, max_epochs=3, patience=2, clipnorm=1.0)
    row = scored_row(recipe, model, fit, ids, data)
    row["total_seconds"] = vocabulary_seconds + fit.seconds
    row["row_seconds_without_loading"] = time.perf_counter() - start
    return row
