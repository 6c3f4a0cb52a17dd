"""The IMDb benchmark: popular LSTM recipes against the book's models, measured in one run.

Run with ``make bench`` (78 to 111 minutes on 2 CPU cores, in the runs so
far). Every row trains on the official 25,000 training reviews, loaded by
:func:`helpers.data.load_imdb` from the raw text, and is scored on the official 25,000 test reviews. The
book's rows train on 20,000 of them and stop on the other 5,000, as chapter 5
does; the tutorial rows follow their recipes, test set as validation data
included. Each row runs in its own process, so its peak memory (RSS) is its
own. The results go to ``helpers/results/imdb_benchmark.json`` (read by
chapter 7, and shipped with ``helpers`` so the chapter also finds them in
Colab) and to a CSV beside it, rewritten after every row.

Rows, in the order they run:

- ``chapter5_lstm``: chapter 5's model, through the function chapter 6 uses;
- ``best_lstm``: the book's best LSTM (chapter 7): PPMI-SVD word vectors from
  unlabelled reviews, a pooled bidirectional LSTM and the bag of bigrams as
  teachers, and a student LSTM trained on their mixed labels for the
  unlabelled reviews;
- ``pooled_bilstm_random_vectors``: the teacher without the word vectors;
- ``bag_of_bigrams``, ``cnn``, ``transformer``: the non-recurrent comparisons;
- ``seed_recipe``: the recipe many tutorials copy (10,000 words, 500 tokens,
  padding after the text, Embedding 64 -> LSTM 64, batch 32, 5 epochs, the
  test set as validation data);
- ``keras_io_bilstm``: keras.io's "Bidirectional LSTM on IMDB";
- ``tf_rnn_tutorial``: TensorFlow's "Text classification with an RNN";
- ``speed``: LSTM throughput against the dense matrix-multiply ceiling, and what
  batch size, bucketing, caching, prefetching, XLA and the LSTM's settings do to it.

``LSTM_BOOK_QUICK=1`` runs every row on the quick subsets for one epoch and
writes ``imdb_benchmark_quick.json`` instead: a smoke test of the script, not
a result. ``--rows a,b`` runs some rows only (into a separate file).
"""

from __future__ import annotations

import argparse
import csv
import datetime
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

ROOT = Path(__file__).resolve().parent.parent
RESULTS_DIR = ROOT / "helpers" / "results"
VALIDATION_SIZE = 5_000  # as in chapter 5: the first 5,000 training reviews
SEED = 0


# --------------------------------------------------------------------------- shared pieces


def _keras() -> Any:
    import keras

    return keras


def _history(history: Any) -> dict[str, list[float]]:
    return {key: [float(value) for value in values] for key, values in history.history.items()}


def _accuracy(probabilities: Any, labels: Any, threshold: float = 0.5) -> float:
    import numpy as np

    predictions = (np.asarray(probabilities).reshape(-1) >= threshold).astype(int)
    return float((predictions == np.asarray(labels)).mean())


def _load() -> dict[str, Any]:
    from helpers.data import load_imdb

    train = load_imdb("train")
    test = load_imdb("test")
    validation_size = min(VALIDATION_SIZE, len(train.texts) // 5)
    return {
        "train_texts": train.texts,
        "train_labels": train.labels,
        "test_texts": test.texts,
        "test_labels": test.labels,
        "fit_texts": train.texts[validation_size:],
        "fit_labels": train.labels[validation_size:],
        "validation_texts": train.texts[:validation_size],
        "validation_labels": train.labels[:validation_size],
    }


def _epochs(full: int) -> int:
    from helpers.config import epochs

    return epochs(full, quick=1)


def _padded_ids(vectorizer: Any, texts: list[str], maxlen: int, padding: str) -> Any:
    """Token ids padded (and truncated) the way ``keras.utils.pad_sequences`` does it."""
    keras = _keras()
    ids = vectorizer(texts).to_list()
    return keras.utils.pad_sequences(ids, maxlen=maxlen, padding=padding)


def _fit_in_memory(model: Any, x: Any, y: Any, epochs: int, batch_size: int, validation: Any) -> tuple[Any, Any, float]:
    from helpers.speed import EpochTimer

    timer = EpochTimer()
    start = time.perf_counter()
    history = model.fit(
        x, y, batch_size=batch_size, epochs=epochs, validation_data=validation, callbacks=[timer], verbose=2
    )
    return history, timer, time.perf_counter() - start


def _row(
    *,
    recipe: str,
    test_accuracy: float,
    train_seconds: float,
    epoch_seconds: list[float],
    params: int,
    history: dict[str, list[float]],
    **extra: Any,
) -> dict[str, Any]:
    return {
        "recipe": recipe,
        "test_accuracy": test_accuracy,
        "train_seconds": train_seconds,
        "epochs": len(epoch_seconds),
        "seconds_per_epoch": sum(epoch_seconds) / max(len(epoch_seconds), 1),
        "epoch_seconds": epoch_seconds,
        "params": int(params),
        "history": history,
        **extra,
    }


def _timed_row(recipe: str, model: Any, run: Any, probabilities: Any, labels: Any) -> dict[str, Any]:
    """A row for a model trained with :func:`helpers.training.timed_fit` and early stopping."""
    return _row(
        recipe=recipe,
        test_accuracy=_accuracy(probabilities, labels),
        train_seconds=run.seconds,
        epoch_seconds=[run.seconds_per_epoch] * run.epochs_run,
        params=model.count_params(),
        history=run.history,
        best_epoch=run.best_epoch,
        validation_accuracy=run.history["val_accuracy"][run.best_epoch - 1],
    )


# --------------------------------------------------------------------------- the tutorial recipes


def seed_recipe() -> dict[str, Any]:
    """Vocabulary 10,000, 500 tokens padded after the text, Embedding 64 -> LSTM 64 -> Dense, 5 epochs.

    As tutorials built on ``keras.datasets.imdb`` do it: ``pad_sequences(maxlen=500,
    padding="post")``, which keeps the *last* 500 tokens of a longer review
    (``truncating="pre"`` is the default), no mask, and the test set passed as
    ``validation_data``.
    """
    keras = _keras()
    data = _load()
    vectorizer = keras.layers.TextVectorization(max_tokens=10_000, ragged=True)
    vectorizer.adapt(data["train_texts"], batch_size=1024)
    x_train = _padded_ids(vectorizer, data["train_texts"], 500, "post")
    x_test = _padded_ids(vectorizer, data["test_texts"], 500, "post")
    keras.utils.set_random_seed(SEED)
    model = keras.Sequential(
        [
            keras.Input(shape=(500,), dtype="int32"),
            keras.layers.Embedding(10_000, 64),
            keras.layers.LSTM(64),
            keras.layers.Dense(1, activation="sigmoid"),
        ]
    )
    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
    history, timer, seconds = _fit_in_memory(
        model, x_train, data["train_labels"], _epochs(5), 32, (x_test, data["test_labels"])
    )
    test_accuracy = _accuracy(model.predict(x_test, batch_size=256, verbose=0), data["test_labels"])
    recorded = _history(history)
    return _row(
        recipe="vocab 10k, last 500 tokens, post padding, no mask; Emb 64 > LSTM 64 > Dense; batch 32, 5 epochs",
        test_accuracy=test_accuracy,
        train_seconds=seconds,
        epoch_seconds=timer.seconds,
        params=model.count_params(),
        history=recorded,
        best_test_accuracy_seen_during_training=max(recorded["val_accuracy"]),
        uses_test_for_validation=True,
    )


def tf_rnn_tutorial() -> dict[str, Any]:
    """TensorFlow's "Text classification with an RNN" (tensorflow.org/text/tutorials/text_classification_rnn).

    Raw strings in batches of 64 (shuffle buffer 10,000), ``TextVectorization(max_tokens=1000)``
    inside the model, Embedding(64, mask_zero=True) -> Bidirectional(LSTM(64)) ->
    Dense(64, relu) -> Dense(1) on logits, Adam 1e-4, 10 epochs, 30 test batches as
    validation. Each batch is padded to its longest review.
    """
    import tensorflow as tf

    from helpers.speed import EpochTimer

    keras = _keras()
    data = _load()
    autotune = tf.data.AUTOTUNE
    train_dataset = (
        tf.data.Dataset.from_tensor_slices((data["train_texts"], data["train_labels"]))
        .shuffle(10_000, seed=SEED)
        .batch(64)
        .prefetch(autotune)
    )
    test_dataset = tf.data.Dataset.from_tensor_slices((data["test_texts"], data["test_labels"])).batch(64)
    encoder = keras.layers.TextVectorization(max_tokens=1_000)
    encoder.adapt(train_dataset.map(lambda text, label: text))
    keras.utils.set_random_seed(SEED)
    model = keras.Sequential(
        [
            keras.Input(shape=(), dtype="string"),
            encoder,
            keras.layers.Embedding(len(encoder.get_vocabulary()), 64, mask_zero=True),
            keras.layers.Bidirectional(keras.layers.LSTM(64)),
            keras.layers.Dense(64, activation="relu"),
            keras.layers.Dense(1),
        ]
    )
    model.compile(
        loss=keras.losses.BinaryCrossentropy(from_logits=True),
        optimizer=keras.optimizers.Adam(1e-4),
        # The tutorial's "accuracy" thresholds these logits at 0.5; a logit of 0 is the true boundary.
        metrics=[keras.metrics.BinaryAccuracy(threshold=0.0, name="accuracy")],
    )
    timer = EpochTimer()
    start = time.perf_counter()
    history = model.fit(
        train_dataset,
        epochs=_epochs(10),
        validation_data=test_dataset,
        validation_steps=30,
        callbacks=[timer],
        verbose=2,
    )
    seconds = time.perf_counter() - start
    logits = model.predict(test_dataset, verbose=0)
    return _row(
        recipe="TextVectorization(1000), Emb 64 (mask) > BiLSTM 64 > Dense 64 > Dense 1; batch 64, Adam 1e-4, 10 epochs",
        test_accuracy=_accuracy(logits, data["test_labels"], threshold=0.0),
        train_seconds=seconds,
        epoch_seconds=timer.seconds,
        params=model.count_params(),
        history=_history(history),
        uses_test_for_validation=True,
    )


def keras_io_bilstm() -> dict[str, Any]:
    """keras.io's "Bidirectional LSTM on IMDB" (keras.io/examples/nlp/bidirectional_lstm_imdb).

    20,000 words, ``pad_sequences(maxlen=200)`` (padding and truncating before the
    text: the last 200 tokens), Embedding(128) -> Bidirectional(LSTM(64),
    return_sequences) -> Bidirectional(LSTM(64)) -> Dense(1, sigmoid), batch 32,
    2 epochs, the test set as validation data.
    """
    keras = _keras()
    data = _load()
    vectorizer = keras.layers.TextVectorization(max_tokens=20_000, ragged=True)
    vectorizer.adapt(data["train_texts"], batch_size=1024)
    x_train = _padded_ids(vectorizer, data["train_texts"], 200, "pre")
    x_test = _padded_ids(vectorizer, data["test_texts"], 200, "pre")
    keras.utils.set_random_seed(SEED)
    inputs = keras.Input(shape=(None,), dtype="int32")
    x = keras.layers.Embedding(20_000, 128)(inputs)
    x = keras.layers.Bidirectional(keras.layers.LSTM(64, return_sequences=True))(x)
    x = keras.layers.Bidirectional(keras.layers.LSTM(64))(x)
    outputs = keras.layers.Dense(1, activation="sigmoid")(x)
    model = keras.Model(inputs, outputs)
    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
    history, timer, seconds = _fit_in_memory(
        model, x_train, data["train_labels"], _epochs(2), 32, (x_test, data["test_labels"])
    )
    return _row(
        recipe="vocab 20k, last 200 tokens, pre padding; Emb 128 > BiLSTM 64 > BiLSTM 64 > Dense; batch 32, 2 epochs",
        test_accuracy=_accuracy(model.predict(x_test, batch_size=256, verbose=0), data["test_labels"]),
        train_seconds=seconds,
        epoch_seconds=timer.seconds,
        params=model.count_params(),
        history=_history(history),
        uses_test_for_validation=True,
    )


# --------------------------------------------------------------------------- the book's models


def _book_ids(vectorizer: Any, texts: list[str], maxlen: int) -> list[list[int]]:
    """Token id lists cut to ``maxlen``; a review with no known word becomes one ``[UNK]``."""
    from helpers.training import truncate_token_lists

    return [tokens if tokens else [1] for tokens in truncate_token_lists(vectorizer(texts).to_list(), maxlen)]


def chapter5_lstm() -> dict[str, Any]:
    """Chapter 5's model, trained by :func:`helpers.training.train_review_classifier` (as chapter 6 does)."""
    keras = _keras()
    from helpers.text import standardize_review
    from helpers.training import predict_in_buckets, train_review_classifier

    data = _load()
    end_to_end, run = train_review_classifier(
        data["fit_texts"],
        data["fit_labels"],
        data["validation_texts"],
        data["validation_labels"],
        epochs=_epochs(4),
    )
    export_vectorizer, model = end_to_end.layers
    vectorizer = keras.layers.TextVectorization(
        standardize=standardize_review, vocabulary=export_vectorizer.get_vocabulary(), ragged=True
    )
    probabilities = predict_in_buckets(model, _book_ids(vectorizer, data["test_texts"], 600))
    return _timed_row(
        "chapter 5: vocab 10k, first 600 tokens, length buckets + mask; Emb 64 > LSTM 64 (dropout .5) > Dense; "
        "batch 32, Adam halving each epoch, early stopping on 5k validation (patience 2)",
        model,
        run,
        probabilities,
        data["test_labels"],
    )


BEST = {
    "vocabulary_size": 20_000,
    "maxlen": 1_000,
    "embedding_dim": 128,
    "window": 5,
    "units": 64,
    "embedding_dropout": 0.3,
    "dropout": 0.25,
    "dense_dropout": 0.5,
    "teacher_epochs": 2,
    "student_epochs": 2,
}


def _pooled_bilstm_run(
    vectors: Any,
    vocabulary_size: int,
    fit_ids: list[list[int]],
    fit_targets: Any,
    validation_batches: Any,
    epochs: int,
    seed: int,
) -> tuple[Any, Any]:
    from helpers.models import pooled_bilstm
    from helpers.training import bucketed_dataset, halving_learning_rate, timed_fit

    settings = BEST
    train_batches = bucketed_dataset(fit_ids, fit_targets, 32, shuffle=True, seed=seed)
    model = pooled_bilstm(
        vocabulary_size,
        settings["embedding_dim"],
        settings["units"],
        embeddings=vectors,
        embedding_dropout=settings["embedding_dropout"],
        dropout=settings["dropout"],
        dense_dropout=settings["dense_dropout"],
        learning_rate=halving_learning_rate(len(train_batches)),
        seed=seed,
    )
    run = timed_fit(model, train_batches, validation_batches, epochs=_epochs(epochs), patience=1)
    return model, run


def _best_lstm_inputs() -> tuple[dict[str, Any], Any, list[str], int]:
    keras = _keras()
    from helpers.data import load_imdb_unlabelled
    from helpers.text import standardize_review

    data = _load()
    unlabelled = load_imdb_unlabelled()
    vectorizer = keras.layers.TextVectorization(
        max_tokens=BEST["vocabulary_size"], standardize=standardize_review, ragged=True
    )
    vectorizer.adapt(data["fit_texts"] + unlabelled, batch_size=1024)
    return data, vectorizer, unlabelled, len(vectorizer.get_vocabulary())


def _teacher_weight(lstm: Any, bigrams: Any, labels: Any) -> float:
    """The weight w in {0, 0.1, ..., 1} whose mix ``w * lstm + (1 - w) * bigrams`` has the lowest log loss.

    ``lstm`` and ``bigrams`` are two models' probabilities for the same
    reviews, ``labels`` their 0/1 labels. The loss is chapter 6's
    :func:`helpers.evaluation.binary_cross_entropy` (probabilities clipped as Keras clips them).
    """
    import numpy as np

    from helpers.evaluation import binary_cross_entropy

    lstm, bigrams = (np.asarray(p, dtype="float64").reshape(-1) for p in (lstm, bigrams))
    return min(
        (round(step / 10, 1) for step in range(11)),
        key=lambda weight: binary_cross_entropy(labels, weight * lstm + (1 - weight) * bigrams),
    )


def best_lstm() -> dict[str, Any]:
    """The book's best LSTM: word vectors and teachers' labels from the unlabelled reviews.

    1. PPMI-SVD word vectors from the fit set and the 50,000 unlabelled reviews.
    2. Two teachers, both trained on the fit set only: a pooled LSTM
       (Embedding from those vectors -> Bidirectional LSTM -> max and mean
       over time -> Dense) and chapter 5's bag of bigrams.
    3. Their probabilities, mixed with the weight that gives the lowest
       validation loss, label each unlabelled review.
    4. A student, the pooled LSTM started afresh, trains on the fit set's
       labels and those probabilities together (distillation with soft
       labels). The student, an LSTM alone, is the model scored.

    Every step counts as training time. The test set is used once per model.
    """
    import numpy as np

    from helpers.embeddings import cooccurrence_counts, ppmi_matrix, svd_embeddings
    from helpers.training import bucketed_dataset, predict_in_buckets

    settings = BEST
    start = time.perf_counter()
    data, vectorizer, unlabelled, vocabulary_size = _best_lstm_inputs()
    maxlen = settings["maxlen"]
    # Co-occurrences from whole reviews, fit set and unlabelled ones; never the test set.
    counts = cooccurrence_counts(
        vectorizer(data["fit_texts"] + unlabelled).to_list(), vocabulary_size, settings["window"]
    )
    vectors = svd_embeddings(ppmi_matrix(counts), settings["embedding_dim"])
    del counts
    embedding_seconds = time.perf_counter() - start

    fit_ids = _book_ids(vectorizer, data["fit_texts"], maxlen)
    unlabelled_ids = _book_ids(vectorizer, unlabelled, maxlen)
    test_ids = _book_ids(vectorizer, data["test_texts"], maxlen)
    validation_ids = _book_ids(vectorizer, data["validation_texts"], maxlen)
    validation_batches = bucketed_dataset(validation_ids, data["validation_labels"], 256)
    teacher, teacher_run = _pooled_bilstm_run(
        vectors, vocabulary_size, fit_ids, data["fit_labels"], validation_batches, settings["teacher_epochs"], SEED
    )
    bigram_start = time.perf_counter()
    bigram_probabilities, _ = _bag_of_bigrams_fit(data["fit_texts"], data["fit_labels"])
    bigram_seconds = time.perf_counter() - bigram_start
    labelling_start = time.perf_counter()
    weight = _teacher_weight(
        predict_in_buckets(teacher, validation_ids),
        bigram_probabilities(data["validation_texts"]),
        data["validation_labels"],
    )
    soft_labels = weight * predict_in_buckets(teacher, unlabelled_ids) + (1 - weight) * bigram_probabilities(unlabelled)
    labelling_seconds = time.perf_counter() - labelling_start
    student, student_run = _pooled_bilstm_run(
        vectors,
        vocabulary_size,
        fit_ids + unlabelled_ids,
        np.concatenate([np.asarray(data["fit_labels"], "float32"), soft_labels.astype("float32")]),
        validation_batches,
        settings["student_epochs"],
        SEED + 1,
    )
    train_seconds = embedding_seconds + teacher_run.seconds + bigram_seconds + labelling_seconds + student_run.seconds
    teacher_probabilities = predict_in_buckets(teacher, test_ids)
    student_probabilities = predict_in_buckets(student, test_ids)
    bigram_test_probabilities = bigram_probabilities(data["test_texts"])
    return _row(
        recipe="vocab 20k, first 1,000 tokens, length buckets + mask; PPMI-SVD vectors (128) from fit + 50k unlabelled "
        "reviews > BiLSTM 64 > max and mean over time > Dense; teachers (this LSTM and the bag of bigrams, mixed) "
        "label the unlabelled reviews, a student LSTM trains on fit labels + their probabilities; batch 32, Adam "
        "halving each epoch, early stopping",
        test_accuracy=_accuracy(student_probabilities, data["test_labels"]),
        train_seconds=train_seconds,
        embedding_seconds=embedding_seconds,
        teacher_seconds=teacher_run.seconds,
        bigram_seconds=bigram_seconds,
        labelling_seconds=labelling_seconds,
        student_seconds=student_run.seconds,
        epoch_seconds=[teacher_run.seconds_per_epoch] * teacher_run.epochs_run
        + [student_run.seconds_per_epoch] * student_run.epochs_run,
        params=student.count_params(),
        history=student_run.history,
        teacher_history=teacher_run.history,
        best_epoch=student_run.best_epoch,
        validation_accuracy=student_run.history["val_accuracy"][student_run.best_epoch - 1],
        teacher_test_accuracy=_accuracy(teacher_probabilities, data["test_labels"]),
        teacher_validation_accuracy=teacher_run.history["val_accuracy"][teacher_run.best_epoch - 1],
        teacher_weight=weight,
        mixed_teachers_test_accuracy=_accuracy(
            weight * teacher_probabilities + (1 - weight) * bigram_test_probabilities, data["test_labels"]
        ),
        teacher_and_student_test_accuracy=_accuracy(
            (teacher_probabilities + student_probabilities) / 2, data["test_labels"]
        ),
        unlabelled_share_positive=float((soft_labels >= 0.5).mean()),
        settings=settings,
    )


def pooled_bilstm_random_vectors() -> dict[str, Any]:
    """The best LSTM's teacher without the PPMI-SVD vectors: random word vectors, same everything else."""
    from helpers.training import bucketed_dataset, predict_in_buckets

    data, vectorizer, _, vocabulary_size = _best_lstm_inputs()
    maxlen = BEST["maxlen"]
    validation_batches = bucketed_dataset(
        _book_ids(vectorizer, data["validation_texts"], maxlen), data["validation_labels"], 256
    )
    model, run = _pooled_bilstm_run(
        None,
        vocabulary_size,
        _book_ids(vectorizer, data["fit_texts"], maxlen),
        data["fit_labels"],
        validation_batches,
        BEST["teacher_epochs"],
        SEED,
    )
    probabilities = predict_in_buckets(model, _book_ids(vectorizer, data["test_texts"], maxlen))
    return _timed_row(
        "as the best LSTM's teacher, but with random word vectors: no unlabelled data",
        model,
        run,
        probabilities,
        data["test_labels"],
    )


# --------------------------------------------------------------------------- non-recurrent models


def _bag_of_bigrams_fit(texts: list[str], labels: Any) -> tuple[Callable[[list[str]], Any], int]:
    """Chapter 5's baseline, fitted: TF-IDF of words and word pairs, then logistic regression.

    Returns a function from reviews to the probability that each is positive,
    and the classifier's parameter count. Reviews are standardized by chapter
    4's ``standardize_review`` in one batch, which gives the same words as
    chapter 5's per-review preprocessor.
    """
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    from helpers.text import standardize_review

    def standardized(reviews: list[str]) -> list[str]:
        return [text.decode() for text in standardize_review(reviews).numpy()]

    tfidf = TfidfVectorizer(ngram_range=(1, 2), min_df=2, max_features=200_000, sublinear_tf=True)
    classifier = LogisticRegression(C=4.0, max_iter=1_000).fit(tfidf.fit_transform(standardized(texts)), labels)

    def probabilities(reviews: list[str]) -> Any:
        return classifier.predict_proba(tfidf.transform(standardized(reviews)))[:, 1]

    return probabilities, classifier.coef_.size + classifier.intercept_.size


def bag_of_bigrams() -> dict[str, Any]:
    """Chapter 5's baseline: TF-IDF of words and word pairs, logistic regression."""
    data = _load()
    start = time.perf_counter()
    probabilities, params = _bag_of_bigrams_fit(data["fit_texts"], data["fit_labels"])
    seconds = time.perf_counter() - start
    return _row(
        recipe="chapter 5's baseline: TF-IDF of words and bigrams (200k features), logistic regression, fit set",
        test_accuracy=_accuracy(probabilities(data["test_texts"]), data["test_labels"]),
        train_seconds=seconds,
        epoch_seconds=[seconds],
        params=params,
        history={},
        validation_accuracy=_accuracy(probabilities(data["validation_texts"]), data["validation_labels"]),
    )


def _vectorized_fit_data(vocabulary_size: int, maxlen: int) -> tuple[dict[str, Any], Any, dict[str, list[list[int]]]]:
    keras = _keras()
    from helpers.text import standardize_review

    data = _load()
    vectorizer = keras.layers.TextVectorization(
        max_tokens=vocabulary_size, standardize=standardize_review, ragged=True
    )
    vectorizer.adapt(data["fit_texts"], batch_size=1024)
    ids = {
        part: _book_ids(vectorizer, data[f"{part}_texts"], maxlen) for part in ("fit", "validation", "test")
    }
    return data, vectorizer, ids


def cnn() -> dict[str, Any]:
    """A 1D convolutional network: Embedding 128 -> Conv1D(128, 5) -> max over time -> Dense."""
    keras = _keras()
    from helpers.training import bucketed_dataset, halving_learning_rate, predict_in_buckets, timed_fit

    data, _, ids = _vectorized_fit_data(20_000, 1_000)
    train_batches = bucketed_dataset(ids["fit"], data["fit_labels"], 32, shuffle=True)
    validation_batches = bucketed_dataset(ids["validation"], data["validation_labels"], 256)
    keras.utils.set_random_seed(SEED)
    inputs = keras.Input(shape=(None,), dtype="int32")
    x = keras.layers.Embedding(20_000, 128)(inputs)
    x = keras.layers.Dropout(0.25)(x)
    # Padding is 0 after every review; a review shorter than the kernel still gives one output.
    x = keras.layers.Conv1D(128, 5, padding="same", activation="relu")(x)
    x = keras.layers.GlobalMaxPooling1D()(x)
    x = keras.layers.Dropout(0.5)(x)
    outputs = keras.layers.Dense(1, activation="sigmoid")(x)
    model = keras.Model(inputs, outputs)
    model.compile(
        optimizer=keras.optimizers.Adam(halving_learning_rate(len(train_batches))),
        loss="binary_crossentropy",
        metrics=["accuracy"],
    )
    run = timed_fit(model, train_batches, validation_batches, epochs=_epochs(4), patience=1)
    probabilities = predict_in_buckets(model, ids["test"])
    return _timed_row(
        "vocab 20k, first 1,000 tokens, length buckets; Emb 128 > Conv1D 128x5 > max over time > Dense; "
        "batch 32, Adam halving each epoch, early stopping",
        model,
        run,
        probabilities,
        data["test_labels"],
    )


def transformer() -> dict[str, Any]:
    """A small Transformer encoder: token + position embeddings, one block of 2-head self-attention."""
    keras = _keras()
    from keras import layers, ops

    from helpers.training import bucketed_dataset, halving_learning_rate, predict_in_buckets, timed_fit

    maxlen = 600
    data, _, ids = _vectorized_fit_data(20_000, maxlen)

    class TokenAndPosition(layers.Layer):
        def __init__(self, vocabulary_size: int, length: int, dim: int) -> None:
            super().__init__()
            self.tokens = layers.Embedding(vocabulary_size, dim, mask_zero=True)
            self.positions = layers.Embedding(length, dim)

        def call(self, token_ids: Any) -> Any:
            steps = ops.arange(ops.shape(token_ids)[1])
            return self.tokens(token_ids) + self.positions(steps)[None, :, :]

        def compute_mask(self, token_ids: Any, mask: Any = None) -> Any:
            return ops.not_equal(token_ids, 0)

    train_batches = bucketed_dataset(ids["fit"], data["fit_labels"], 32, shuffle=True)
    validation_batches = bucketed_dataset(ids["validation"], data["validation_labels"], 256)
    keras.utils.set_random_seed(SEED)
    dim, heads, hidden = 64, 2, 128
    inputs = keras.Input(shape=(None,), dtype="int32")
    x = TokenAndPosition(20_000, maxlen, dim)(inputs)
    attended = layers.MultiHeadAttention(num_heads=heads, key_dim=dim // heads, dropout=0.1)(x, x)
    x = layers.LayerNormalization(epsilon=1e-6)(x + layers.Dropout(0.1)(attended))
    feed_forward = layers.Dense(dim)(layers.Dense(hidden, activation="relu")(x))
    x = layers.LayerNormalization(epsilon=1e-6)(x + layers.Dropout(0.1)(feed_forward))
    x = layers.GlobalAveragePooling1D()(x)
    x = layers.Dropout(0.25)(x)
    outputs = layers.Dense(1, activation="sigmoid")(x)
    model = keras.Model(inputs, outputs)
    model.compile(
        optimizer=keras.optimizers.Adam(halving_learning_rate(len(train_batches))),
        loss="binary_crossentropy",
        metrics=["accuracy"],
    )
    run = timed_fit(model, train_batches, validation_batches, epochs=_epochs(4), patience=1)
    probabilities = predict_in_buckets(model, ids["test"])
    return _timed_row(
        "vocab 20k, first 600 tokens, length buckets + mask; token + position Emb 64 > 1 encoder block "
        "(2 heads, feed-forward 128) > mean over time > Dense; batch 32, Adam halving each epoch, early stopping",
        model,
        run,
        probabilities,
        data["test_labels"],
    )


# --------------------------------------------------------------------------- speed


def _speed_batches(ids: list[list[int]], labels: Any, batch_size: int, layout: str, seed: int = SEED) -> tuple[Any, int]:
    """Batches in one of three layouts, and the LSTM steps (batch x padded length) an epoch computes."""
    import numpy as np
    import tensorflow as tf

    from helpers.training import bucketed_dataset

    keras = _keras()
    if layout == "bucketed":
        dataset = bucketed_dataset(ids, labels, batch_size, shuffle=True, seed=seed)
        steps = sum(int(np.prod(x.shape)) for x, _ in dataset)
        return dataset, steps
    if layout == "padded":
        padded = keras.utils.pad_sequences(ids, maxlen=max(len(t) for t in ids), padding="post")
        dataset = (
            tf.data.Dataset.from_tensor_slices((padded, np.asarray(labels, "float32")))
            .shuffle(len(ids), seed=seed)
            .batch(batch_size)
            .prefetch(tf.data.AUTOTUNE)
        )
        return dataset, int(np.prod(padded.shape))
    if layout == "boundary":  # length buckets 100 tokens wide, each batch padded to its bucket's upper bound
        lengths = np.array([len(t) for t in ids], dtype=np.int64)
        boundaries = list(range(101, int(lengths.max()) + 101, 100))  # pads to 100, 200, ...
        flat = tf.constant(np.concatenate([np.asarray(t, "int32") for t in ids]))
        starts = np.concatenate([[0], np.cumsum(lengths)[:-1]]).astype(np.int64)
        dataset = (
            tf.data.Dataset.from_tensor_slices((starts, lengths, np.asarray(labels, "float32")))
            .shuffle(len(ids), seed=seed)
            .map(lambda start, length, label: (flat[start : start + length], label))
            .bucket_by_sequence_length(
                element_length_func=lambda tokens, label: tf.shape(tokens)[0],
                bucket_boundaries=boundaries,
                bucket_batch_sizes=[batch_size] * (len(boundaries) + 1),
                pad_to_bucket_boundary=True,
            )
        )
        batches = list(dataset)
        arrays = [(x.numpy(), y.numpy()) for x, y in batches]
        replay = tf.data.Dataset.from_generator(
            lambda: (arrays[k] for k in np.random.default_rng(seed).permutation(len(arrays))),
            output_signature=(tf.TensorSpec((None, None), tf.int32), tf.TensorSpec((None,), tf.float32)),
        ).prefetch(tf.data.AUTOTUNE)
        return replay.apply(tf.data.experimental.assert_cardinality(len(arrays))), sum(a.size for a, _ in arrays)
    if layout == "sorted":
        order = np.argsort([len(t) for t in ids], kind="stable")
        batches = [order[i : i + batch_size] for i in range(0, len(order), batch_size)]
        arrays = [
            (keras.utils.pad_sequences([ids[j] for j in batch], padding="post"), np.asarray(labels)[batch].astype("float32"))
            for batch in batches
        ]
        dataset = tf.data.Dataset.from_generator(
            lambda: (arrays[k] for k in np.random.default_rng(seed).permutation(len(arrays))),
            output_signature=(tf.TensorSpec((None, None), tf.int32), tf.TensorSpec((None,), tf.float32)),
        ).prefetch(tf.data.AUTOTUNE)
        return dataset.apply(tf.data.experimental.assert_cardinality(len(arrays))), sum(a.size for a, _ in arrays)
    raise ValueError(f"unknown layout {layout!r}")


def _text_batches(texts: list[str], labels: Any, vectorizer: Any, maxlen: int, cache: bool, prefetch: bool) -> Any:
    """Raw text in, vectorized inside tf.data (every epoch unless cached), then length buckets."""
    import numpy as np
    import tensorflow as tf

    dataset = tf.data.Dataset.from_tensor_slices((texts, np.asarray(labels, "float32")))
    dataset = dataset.map(lambda text, label: (vectorizer(text)[:maxlen], label))
    if cache:
        dataset = dataset.cache()
    dataset = dataset.shuffle(len(texts), seed=SEED)
    dataset = dataset.bucket_by_sequence_length(
        element_length_func=lambda tokens, label: tf.shape(tokens)[0],
        bucket_boundaries=list(range(50, maxlen + 1, 50)),
        bucket_batch_sizes=[32] * (len(range(50, maxlen + 1, 50)) + 1),
    )
    return dataset.prefetch(tf.data.AUTOTUNE) if prefetch else dataset


SPEED_CASES: list[dict[str, Any]] = [
    {"name": "chapter 5 setting: length buckets, batch 32", "layout": "bucketed", "batch": 32},
    {"name": "batch 64", "layout": "bucketed", "batch": 64},
    {"name": "batch 128", "layout": "bucketed", "batch": 128},
    {"name": "batch 256", "layout": "bucketed", "batch": 256},
    {"name": "padded to the longest (600), batch 32", "layout": "padded", "batch": 32},
    {"name": "padded to 600, no mask", "layout": "padded", "batch": 32, "mask": False},
    {"name": "sorted by length, batch 32", "layout": "sorted", "batch": 32},
    {"name": "text vectorized every epoch, no prefetch", "layout": "text", "batch": 32, "cache": False, "prefetch": False},
    {"name": "text vectorized once (cache), no prefetch", "layout": "text", "batch": 32, "cache": True, "prefetch": False},
    {"name": "text vectorized once (cache) + prefetch", "layout": "text", "batch": 32, "cache": True, "prefetch": True},
    {"name": "jit_compile (XLA), padded to 600", "layout": "padded", "batch": 32, "jit": True},
    {"name": "jit_compile (XLA), length buckets", "layout": "bucketed", "batch": 32, "jit": True},
    {"name": "jit_compile (XLA), buckets padded to 100, 200, ...", "layout": "boundary", "batch": 32, "jit": True},
    {"name": "buckets padded to 100, 200, ... (no XLA)", "layout": "boundary", "batch": 32},
    {"name": "activation relu (not tanh)", "layout": "bucketed", "batch": 32, "activation": "relu"},
    {"name": "recurrent_dropout 0.25", "layout": "bucketed", "batch": 32, "recurrent_dropout": 0.25},
]


def speed() -> dict[str, Any]:
    """Training throughput of chapter 5's LSTM under each setting, on the same reviews.

    Each case trains Embedding 64 -> LSTM 64 (dropout .5) -> Dense for two epochs
    on the same reviews (first 600 tokens) and times the second epoch, so tracing
    and first-batch costs are left out. Tokens per second counts real tokens
    (not padding); the FLOP rate counts every step the LSTM computes, padding
    included, and is compared with the dense matrix-multiply ceiling.
    """
    import numpy as np

    keras = _keras()
    from keras import layers

    from helpers.config import sample_size
    from helpers.speed import EpochTimer, lstm_training_flops_per_step, matmul_gflops
    from helpers.text import standardize_review

    data = _load()
    count = sample_size(2_000, quick=200)
    texts, labels = data["fit_texts"][:count], data["fit_labels"][:count]
    vectorizer = keras.layers.TextVectorization(max_tokens=10_000, standardize=standardize_review, ragged=True)
    vectorizer.adapt(data["fit_texts"], batch_size=1024)
    ids = _book_ids(vectorizer, texts, 600)
    real_tokens = sum(len(t) for t in ids)
    ceiling = matmul_gflops()
    flops_per_step = lstm_training_flops_per_step(64, 64)
    text_vectorizer = keras.layers.TextVectorization(
        standardize=standardize_review, vocabulary=vectorizer.get_vocabulary()
    )
    cases = []
    for case in SPEED_CASES:
        if case["layout"] == "text":
            dataset = _text_batches(texts, labels, text_vectorizer, 600, case["cache"], case["prefetch"])
            steps = None
        else:
            dataset, steps = _speed_batches(ids, labels, case["batch"], case["layout"])
        keras.utils.set_random_seed(SEED)
        model = keras.Sequential(
            [
                keras.Input(shape=(None,), dtype="int32"),
                layers.Embedding(10_000, 64, mask_zero=case.get("mask", True)),
                layers.LSTM(
                    64,
                    dropout=0.5,
                    recurrent_dropout=case.get("recurrent_dropout", 0.0),
                    activation=case.get("activation", "tanh"),
                ),
                layers.Dense(1, activation="sigmoid"),
            ]
        )
        model.compile(
            optimizer=keras.optimizers.Adam(1e-3, clipnorm=1.0),
            loss="binary_crossentropy",
            metrics=["accuracy"],
            jit_compile=case.get("jit", False),
        )
        timer = EpochTimer()
        model.fit(dataset, epochs=2, callbacks=[timer], verbose=0, shuffle=False)
        seconds = timer.seconds[-1]
        result = {
            **case,
            "first_epoch_seconds": timer.seconds[0],
            "epoch_seconds": seconds,
            "tokens_per_second": real_tokens / seconds,
        }
        if steps is not None:
            result["lstm_steps"] = steps
            result["gflops"] = steps * flops_per_step / seconds / 1e9
            result["share_of_matmul_ceiling"] = result["gflops"] / ceiling
        print(f"{case['name']}: {seconds:.1f} s, {real_tokens / seconds:,.0f} tokens/s", flush=True)
        cases.append(result)
    return {
        "reviews": count,
        "real_tokens": real_tokens,
        "matmul_gflops": ceiling,
        "lstm_training_flops_per_step": flops_per_step,
        "cases": cases,
        "reviews_per_epoch_note": "each case: two epochs over the same reviews, the second one timed",
        "mean_tokens_per_review": float(np.mean([len(t) for t in ids])),
    }


ROWS: dict[str, Callable[[], dict[str, Any]]] = {
    "chapter5_lstm": chapter5_lstm,
    "best_lstm": best_lstm,
    "pooled_bilstm_random_vectors": pooled_bilstm_random_vectors,
    "bag_of_bigrams": bag_of_bigrams,
    "cnn": cnn,
    "transformer": transformer,
    "seed_recipe": seed_recipe,
    "keras_io_bilstm": keras_io_bilstm,
    "tf_rnn_tutorial": tf_rnn_tutorial,
    "speed": speed,
}


# --------------------------------------------------------------------------- running


def _child(row: str, output: Path) -> None:
    """Run one row in this process and write its result, with this process's peak RSS."""
    import keras

    keras.utils.set_random_seed(SEED)
    start = time.perf_counter()
    result = ROWS[row]()
    result["row_wall_seconds"] = time.perf_counter() - start
    result["peak_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    output.write_text(json.dumps(result))


def _hardware() -> dict[str, Any]:
    import keras
    import numpy as np
    import tensorflow as tf

    cpu = "unknown"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory_gib = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gib": round(memory_gib, 1),
        "gpu": bool(tf.config.list_physical_devices("GPU")),
        "python": platform.python_version(),
        "tensorflow": tf.__version__,
        "keras": keras.__version__,
        "numpy": np.__version__,
        "platform": platform.platform(),
    }


CSV_COLUMNS = ["row", "test_accuracy", "train_seconds", "epochs", "seconds_per_epoch", "peak_rss_mib", "params", "recipe"]


def _write(results: dict[str, Any], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(results, indent=1) + "\n")
    with path.with_suffix(".csv").open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(CSV_COLUMNS)
        for name, row in results["rows"].items():
            if "test_accuracy" in row:
                writer.writerow([name] + [row.get(column) for column in CSV_COLUMNS[1:]])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", help="comma-separated rows to run (default: all)")
    parser.add_argument("--child", choices=sorted(ROWS), help=argparse.SUPPRESS)
    parser.add_argument("--output", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        _child(args.child, args.output)
        return 0

    from helpers.config import is_quick

    rows = args.rows.split(",") if args.rows else list(ROWS)
    unknown = [row for row in rows if row not in ROWS]
    if unknown:
        parser.error(f"unknown rows {unknown}; choose from {sorted(ROWS)}")
    name = "imdb_benchmark_quick" if is_quick() else "imdb_benchmark"
    if args.rows:
        name += "_partial"
    path = RESULTS_DIR / f"{name}.json"
    results: dict[str, Any] = {
        "started": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "quick": is_quick(),
        "hardware": _hardware(),
        "rows": {},
    }
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        for row in rows:
            output = Path(folder) / f"{row}.json"
            print(f"== {row}", flush=True)
            row_start = time.perf_counter()
            subprocess.run(
                [sys.executable, __file__, "--child", row, "--output", str(output)], check=True, cwd=ROOT
            )
            results["rows"][row] = json.loads(output.read_text())
            results["rows"][row]["process_wall_seconds"] = time.perf_counter() - row_start
            results["total_seconds"] = time.perf_counter() - start
            _write(results, path)
            summary = results["rows"][row]
            if "test_accuracy" in summary:
                print(
                    f"== {row}: test accuracy {summary['test_accuracy']:.4f}, "
                    f"{summary['train_seconds']:.0f} s training, peak RSS {summary['peak_rss_mib']:.0f} MiB",
                    flush=True,
                )
    results["finished"] = datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")
    _write(results, path)
    print(f"wrote {path} and {path.with_suffix('.csv')} in {results['total_seconds'] / 60:.1f} min")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
