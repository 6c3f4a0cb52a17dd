"""What the benchmark's rows share: the IMDb split, the book's token ids, a timed fit and the scores of each run."""

from __future__ import annotations

import time
from typing import Any, NamedTuple

import numpy as np

from helpers.config import sample_size
from helpers.data import load_counterfactual_imdb, load_imdb, load_imdb_split
from helpers.speed import EpochTimer

SPLIT = "film-disjoint"  # every run records the split it validated on
VALIDATION_SIZE = 5_000  # chapter 5's split: 5,000 reviews of films the fit set never sees (200 in quick mode)


class Split(NamedTuple):
    """The official IMDb reviews, chapter 5's fit and validation parts of the training split, and the revised pairs."""

    train_texts: list[str]
    train_labels: np.ndarray
    fit_texts: list[str]
    fit_labels: np.ndarray
    validation_texts: list[str]
    validation_labels: np.ndarray
    test_texts: list[str]
    test_labels: np.ndarray
    original_texts: list[str]
    original_labels: np.ndarray
    revised_texts: list[str]
    revised_labels: np.ndarray

    def texts(self, part: str) -> list[str]:
        return getattr(self, f"{part}_texts")

    def labels(self, part: str) -> np.ndarray:
        return getattr(self, f"{part}_labels")


PARTS = ("validation", "test", "original", "revised")  # what each run records, review by review


def load_split() -> Split:
    """The 25,000 training and 25,000 test reviews, fit and validation by film; in quick mode the loader's subsets."""
    train, test = load_imdb("train"), load_imdb("test")
    fit, validation = load_imdb_split(sample_size(VALIDATION_SIZE, quick=200))
    originals, revisions = load_counterfactual_imdb()
    return Split(
        train.texts, np.asarray(train.labels), fit.texts, fit.labels, validation.texts, validation.labels,
        test.texts, np.asarray(test.labels), originals.texts, originals.labels, revisions.texts, revisions.labels,
    )


def scores(probabilities: dict[str, Any], data: Split, **fields: Any) -> dict[str, Any]:
    """A run's accuracies on each part it scored, and which reviews it got right (``correct``), for paired tests."""
    from helpers.results import pack_correct

    run: dict[str, Any] = {"split": SPLIT, "correct": {}, **fields}
    for part, values in probabilities.items():
        right = (np.asarray(values).reshape(-1) > 0.5) == data.labels(part).astype(bool)
        run[f"{part}_accuracy"] = float(right.mean())
        run["correct"][part] = pack_correct(right)
    return run


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


def book_batches(data: Split, vocabulary_size: int, maxlen: int, seed: int) -> tuple[Any, Any, dict[str, list[list[int]]]]:
    """Chapter 5's pipeline: fit batches of 32 similar-length reviews, shuffled with ``seed``, validation batches of
    256, and every part's token ids."""
    from keras import layers

    from helpers.text import standardize_review
    from helpers.training import bucketed_dataset

    vectorizer = layers.TextVectorization(max_tokens=vocabulary_size, standardize=standardize_review, ragged=True)
    vectorizer.adapt(data.fit_texts, batch_size=1024)
    ids = {part: token_ids(vectorizer, data.texts(part), maxlen) for part in PARTS}
    train_batches = bucketed_dataset(
        token_ids(vectorizer, data.fit_texts, maxlen), data.fit_labels, 32, shuffle=True, seed=seed
    )
    return train_batches, bucketed_dataset(ids["validation"], data.validation_labels, 256), ids


def scored_row(recipe: str, model: Any, fit: Fit, ids: dict[str, list[list[int]]], data: Split,
               score_test: bool = True) -> dict[str, Any]:
    """The row of a model trained with early stopping: scored on validation and the revised pairs, and on test
    only if ``score_test`` (a model the book recommends or shows for reference, not one it only compares)."""
    from helpers.results import trained_row
    from helpers.training import predict_in_buckets

    parts = [part for part in PARTS if score_test or part != "test"]
    return trained_row(
        recipe=recipe,
        train_seconds=fit.seconds,
        epoch_seconds=fit.epoch_seconds,
        params=model.count_params(),
        history=fit.history,
        best_epoch=fit.best_epoch,
        **scores({part: predict_in_buckets(model, ids[part]) for part in parts}, data),
    )


def tutorial_row(recipe: str, model: Any, fit: Fit, test_scores: Any, test_labels: Any, threshold: float = 0.5,
                 **extra: Any) -> dict[str, Any]:
    """The row of a tutorial recipe, which trains a fixed number of epochs with the test set as validation data;
    it records which test reviews it got right (``correct``), for paired tests against the book's models."""
    from helpers.results import pack_correct, trained_row

    right = (np.asarray(test_scores).reshape(-1) > threshold) == np.asarray(test_labels).astype(bool)
    return trained_row(
        recipe=recipe,
        test_accuracy=accuracy(test_scores, test_labels, threshold),
        correct={"test": pack_correct(right)},
        train_seconds=fit.seconds,
        epoch_seconds=fit.epoch_seconds,
        params=model.count_params(),
        history=fit.history,
        uses_test_for_validation=True,
        split="whole training split, test as validation data",
        **extra,
    )
