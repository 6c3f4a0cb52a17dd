"""What the benchmark's rows share: the IMDb split, the book's token ids, a timed fit and the test score."""

from __future__ import annotations

import time
from typing import Any, NamedTuple

import numpy as np

from helpers.data import load_imdb
from helpers.speed import EpochTimer

SEED = 0
VALIDATION_SIZE = 5_000  # chapter 5's split: the first 5,000 training reviews validate, the rest train


class Split(NamedTuple):
    """The official IMDb reviews, with chapter 5's fit and validation parts of the training split."""

    train_texts: list[str]
    train_labels: np.ndarray
    fit_texts: list[str]
    fit_labels: np.ndarray
    validation_texts: list[str]
    validation_labels: np.ndarray
    test_texts: list[str]
    test_labels: np.ndarray


def load_split() -> Split:
    """The 25,000 training and 25,000 test reviews; in quick mode the loader's small subsets."""
    train, test = load_imdb("train"), load_imdb("test")
    size = min(VALIDATION_SIZE, len(train.texts) // 5)
    return Split(
        train.texts, np.asarray(train.labels),
        train.texts[size:], np.asarray(train.labels[size:]),
        train.texts[:size], np.asarray(train.labels[:size]),
        test.texts, np.asarray(test.labels),
    )


def token_ids(vectorizer: Any, texts: list[str], maxlen: int) -> list[list[int]]:
    """The first ``maxlen`` token ids of each text; an empty text becomes one ``[UNK]`` (id 1), as the batches need a token."""
    return [ids[:maxlen] or [1] for ids in vectorizer(texts).to_list()]


def accuracy(probabilities: Any, labels: Any, threshold: float = 0.5) -> float:
    """The share of reviews on the right side of ``threshold``: positive above it, as Keras counts (logits: 0)."""
    predictions = np.asarray(probabilities).reshape(-1) > threshold
    return float((predictions == np.asarray(labels).astype(bool)).mean())


class Fit(NamedTuple):
    """What one timed ``model.fit`` measured."""

    history: dict[str, list[float]]
    epoch_seconds: list[float]
    seconds: float

    @property
    def best_epoch(self) -> int:
        """The epoch with the best validation accuracy, the one ``restore_best_weights`` keeps."""
        return int(np.argmax(self.history["val_accuracy"])) + 1

    @property
    def validation_accuracy(self) -> float:
        return max(self.history["val_accuracy"])


def fit_timed(model: Any, data: Any, callbacks: list[Any] = (), **fit_arguments: Any) -> Fit:
    """``model.fit(data, **fit_arguments)`` with one line per epoch, timed as a whole and epoch by epoch."""
    timer = EpochTimer()
    start = time.perf_counter()
    history = model.fit(data, callbacks=[timer, *callbacks], verbose=2, **fit_arguments)
    seconds = time.perf_counter() - start
    return Fit({key: [float(value) for value in values] for key, values in history.history.items()}, timer.seconds, seconds)


def compile_and_fit(model: Any, train_batches: Any, validation_batches: Any, max_epochs: int, patience: int,
                    clipnorm: float | None = None) -> Fit:
    """Chapter 5's training: Adam halving its learning rate every epoch, early stopping on validation accuracy."""
    import keras

    from helpers.config import epochs

    schedule = keras.optimizers.schedules.ExponentialDecay(1e-3, decay_steps=len(train_batches), decay_rate=0.5)
    model.compile(
        optimizer=keras.optimizers.Adam(schedule, clipnorm=clipnorm), loss="binary_crossentropy", metrics=["accuracy"]
    )
    return fit_timed(
        model,
        train_batches,
        validation_data=validation_batches,
        epochs=epochs(max_epochs),
        callbacks=[keras.callbacks.EarlyStopping(monitor="val_accuracy", patience=patience, restore_best_weights=True)],
    )


def book_batches(data: Split, vocabulary_size: int, maxlen: int) -> tuple[Any, Any, list[list[int]]]:
    """Chapter 5's pipeline: fit and validation batches of similar length (32 and 256 reviews), and the test ids."""
    from keras import layers

    from helpers.text import standardize_review
    from helpers.training import bucketed_dataset

    vectorizer = layers.TextVectorization(max_tokens=vocabulary_size, standardize=standardize_review, ragged=True)
    vectorizer.adapt(data.fit_texts, batch_size=1024)
    fit_ids, validation_ids, test_ids = (
        token_ids(vectorizer, texts, maxlen) for texts in (data.fit_texts, data.validation_texts, data.test_texts)
    )
    train_batches = bucketed_dataset(fit_ids, data.fit_labels, 32, shuffle=True)
    return train_batches, bucketed_dataset(validation_ids, data.validation_labels, 256), test_ids


def scored_row(recipe: str, model: Any, fit: Fit, test_ids: list[list[int]], test_labels: Any) -> dict[str, Any]:
    """The row of a model trained with early stopping, scored once on the test reviews."""
    from helpers.results import trained_row
    from helpers.training import predict_in_buckets

    return trained_row(
        recipe=recipe,
        test_accuracy=accuracy(predict_in_buckets(model, test_ids), test_labels),
        train_seconds=fit.seconds,
        epoch_seconds=fit.epoch_seconds,
        params=model.count_params(),
        history=fit.history,
        best_epoch=fit.best_epoch,
        validation_accuracy=fit.validation_accuracy,
    )


def tutorial_row(recipe: str, model: Any, fit: Fit, test_scores: Any, test_labels: Any, threshold: float = 0.5,
                 **extra: Any) -> dict[str, Any]:
    """The row of a tutorial recipe, which trains a fixed number of epochs with the test set as validation data."""
    from helpers.results import trained_row

    return trained_row(
        recipe=recipe,
        test_accuracy=accuracy(test_scores, test_labels, threshold),
        train_seconds=fit.seconds,
        epoch_seconds=fit.epoch_seconds,
        params=model.count_params(),
        history=fit.history,
        uses_test_for_validation=True,
        **extra,
    )
