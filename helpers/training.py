"""Training runs that return what a chapter reports, and the IMDb input pipeline.

Chapter 5 (Training an LSTM on IMDb) builds its pipeline and its models with
these functions and shows their source; chapter 6 (Loss and accuracy) reloads
what chapter 5 saved, or retrains it with the same code when it runs on its
own (in Colab, say).

- :func:`truncate_token_lists` and :func:`bucketed_dataset`: the ``tf.data``
  pipeline of token ids, in batches of reviews of similar length;
- :func:`timed_fit`: ``model.fit`` with early stopping, timed, returning a
  :class:`TrainingRun`;
- :func:`artifact_directory`: where chapter 5 saves its model for chapter 6;
- :func:`imbalanced_indices` and :func:`most_confident_errors`: the subsets
  chapter 6 studies.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NamedTuple

import keras
import numpy as np
import tensorflow as tf

from helpers.config import is_quick
from helpers.data import keras_cache_dir
from helpers.models import sentiment_lstm
from helpers.evaluation import _as_binary  # the same label check as the metrics
from helpers.text import _check_int, _check_texts, standardize_review

ARTIFACTS_ENV_VAR = "LSTM_BOOK_ARTIFACTS"
"""Environment variable that overrides :func:`artifact_directory`."""


class TrainingRun(NamedTuple):
    """What one call of :func:`timed_fit` measured.

    Attributes
    ----------
    history : dict of str to list of float
        ``History.history``: one value per epoch for each loss and metric.
    seconds : float
        Wall time of ``model.fit``, validation included.
    epochs_run : int
        Epochs trained before early stopping (or the limit) stopped training.
    best_epoch : int
        1-based epoch with the best monitored value: the weights the model
        holds after the run when ``restore_best_weights`` is on.
    """

    history: dict[str, list[float]]
    seconds: float
    epochs_run: int
    best_epoch: int

    @property
    def seconds_per_epoch(self) -> float:
        """Mean wall time of one epoch."""
        return self.seconds / self.epochs_run


def _check_token_lists(token_lists: object) -> list[list[int]]:
    if isinstance(token_lists, (str, bytes, np.ndarray)) or not isinstance(token_lists, Sequence):
        raise TypeError(
            "token_lists must be a list of lists of token ids (for example "
            "vectorizer(texts).to_list() with ragged=True), got "
            f"{type(token_lists).__name__}"
        )
    if len(token_lists) == 0:
        raise ValueError("token_lists is empty: there is nothing to batch")
    for position, tokens in enumerate(token_lists):
        if isinstance(tokens, (str, bytes)) or not isinstance(tokens, (Sequence, np.ndarray)):
            raise TypeError(
                f"token_lists[{position}] must be a list of token ids, got {type(tokens).__name__}"
            )
    return [list(tokens) for tokens in token_lists]


def truncate_token_lists(token_lists: Sequence[Sequence[int]], maxlen: int) -> list[list[int]]:
    """Keep the first ``maxlen`` token ids of every review.

    This is ``truncating="post"`` of :func:`keras.utils.pad_sequences` without
    the padding, and what ``TextVectorization(output_sequence_length=maxlen)``
    keeps, so a model trained on these lists sees the same tokens as the
    exported model that vectorizes raw text itself.

    Parameters
    ----------
    token_lists : sequence of sequences of int
        One list of token ids per review.
    maxlen : int
        Tokens to keep per review (at least 1).

    Returns
    -------
    list of list of int
        The lists, each at most ``maxlen`` long. An empty list stays empty.

    Raises
    ------
    TypeError
        If ``token_lists`` is not a sequence of sequences, or ``maxlen`` not an int.
    ValueError
        If ``token_lists`` is empty or ``maxlen`` is below 1.
    """
    checked = _check_token_lists(token_lists)
    maxlen = _check_int("maxlen", maxlen, 1)
    return [tokens[:maxlen] for tokens in checked]


def bucketed_dataset(
    token_lists: Sequence[Sequence[int]],
    labels: Any,
    batch_size: int,
    bucket_width: int = 50,
    shuffle: bool = False,
    seed: int = 0,
    pad_to_bucket_boundary: bool = False,
) -> tf.data.Dataset:
    """Batch reviews of similar length together, padded at the end with 0.

    A batch is as long as its longest review, so reviews of 60 tokens are
    not padded to 500, and the LSTM runs fewer steps. Reviews fall into
    buckets ``bucket_width`` tokens wide
    (``tf.data.Dataset.bucket_by_sequence_length``); each batch is padded
    after the last token, so the model needs ``Embedding(mask_zero=True)``
    to ignore the padding (chapter 4).

    Parameters
    ----------
    token_lists : sequence of sequences of int
        One list of token ids per review, already truncated; no review may be
        empty (an empty review has nothing to classify).
    labels : array-like
        One 0/1 label per review.
    batch_size : int
        Reviews per batch.
    bucket_width : int, default 50
        Width of a length bucket, in tokens.
    shuffle : bool, default False
        Shuffle the reviews before bucketing, in a new order every epoch. The
        batches then come in a shuffled order too.
    seed : int, default 0
        Seed of the shuffle.
    pad_to_bucket_boundary : bool, default False
        Pad every batch to its bucket's upper bound (``bucket_width``,
        ``2 * bucket_width``, ...) instead of to its longest review. Batches
        then come in a few lengths only, which is what XLA
        (``jit_compile=True``) needs: it compiles once per input shape.

    Returns
    -------
    tf.data.Dataset
        Batches of ``(token_ids, labels)``: int32 ids of shape
        ``(batch, longest review in the batch)`` (or the bucket's bound) and
        float32 labels, prefetched.

    Raises
    ------
    TypeError
        If an argument has the wrong type.
    ValueError
        If ``token_lists`` is empty or holds an empty review, ``labels`` has a
        different length, or a size is below 1.
    """
    checked = _check_token_lists(token_lists)
    batch_size = _check_int("batch_size", batch_size, 1)
    bucket_width = _check_int("bucket_width", bucket_width, 1)
    labels_array = np.asarray(labels)
    if labels_array.ndim != 1 or len(labels_array) != len(checked):
        raise ValueError(
            f"labels: expected one label per review ({len(checked)}), got shape {labels_array.shape}"
        )
    lengths = np.array([len(tokens) for tokens in checked])
    if (lengths == 0).any():
        raise ValueError(
            f"review {int(np.argmax(lengths == 0))} has no tokens; drop empty reviews first"
        )
    # All ids in one flat tensor; each review is a slice [start, start + length) of it.
    flat_ids = tf.constant(np.concatenate([np.asarray(tokens, dtype=np.int32) for tokens in checked]))
    starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    dataset = tf.data.Dataset.from_tensor_slices((starts, lengths, labels_array.astype("float32")))
    if shuffle:
        dataset = dataset.shuffle(len(checked), seed=seed, reshuffle_each_iteration=True)
    dataset = dataset.map(
        lambda start, length, label: (flat_ids[start : start + length], label),
        num_parallel_calls=tf.data.AUTOTUNE,
    )
    if not isinstance(pad_to_bucket_boundary, bool):
        raise TypeError(f"pad_to_bucket_boundary must be a bool, got {type(pad_to_bucket_boundary).__name__}")
    if pad_to_bucket_boundary:
        # tf.data pads to a boundary minus 1, and every review must be shorter than the last
        # boundary: boundaries 51, 101, ... pad to 50, 100, ...
        boundaries = list(range(bucket_width + 1, int(lengths.max()) + bucket_width + 1, bucket_width))
    else:
        boundaries = list(range(bucket_width, int(lengths.max()) + 1, bucket_width))
    dataset = dataset.bucket_by_sequence_length(
        element_length_func=lambda tokens, label: tf.shape(tokens)[0],
        bucket_boundaries=boundaries,
        bucket_batch_sizes=[batch_size] * (len(boundaries) + 1),
        pad_to_bucket_boundary=pad_to_bucket_boundary,
    )
    # Each bucket gives ceil(size / batch_size) batches; telling tf.data the total lets Keras
    # show the number of steps and stops it warning that the input "ran out of data".
    bucket_sizes = np.bincount(np.searchsorted(boundaries, lengths, side="right"))
    batch_count = int(np.ceil(bucket_sizes / batch_size).sum())
    dataset = dataset.apply(tf.data.experimental.assert_cardinality(batch_count))
    if shuffle:  # Otherwise the short buckets fill first and every epoch starts with short reviews.
        dataset = dataset.shuffle(batch_count, seed=seed + 1)
    return dataset.prefetch(tf.data.AUTOTUNE)


def check_compiled_model(model: object) -> None:
    """Raise unless ``model`` is a Keras model that has been compiled.

    Parameters
    ----------
    model : object
        What the caller passed as a model.

    Raises
    ------
    TypeError
        If ``model`` is not a ``keras.Model``.
    ValueError
        If ``model`` has not been compiled (``model.compile`` was never called).
    """
    if not isinstance(model, keras.Model):
        raise TypeError(f"model must be a keras.Model, got {type(model).__name__}")
    if not model.compiled:
        raise ValueError("model is not compiled: call model.compile(...) first")


def _best_epoch(history: dict[str, list[float]], monitor: str, mode: str) -> int:
    values = history[monitor]
    best = int(np.argmax(values) if mode == "max" else np.argmin(values))
    return best + 1


class _MonitorCheck(keras.callbacks.Callback):
    """Stop ``fit`` after its first epoch if early stopping's quantity was not logged."""

    def __init__(self, monitor: str) -> None:
        super().__init__()
        self.monitor = monitor

    def on_epoch_end(self, epoch: int, logs: dict[str, Any] | None = None) -> None:
        logged = sorted(logs or {})
        if self.monitor not in logged:
            raise ValueError(f"monitor {self.monitor!r} is not logged by fit; it logs {logged}")


def timed_fit(
    model: keras.Model,
    train: tf.data.Dataset,
    validation: tf.data.Dataset,
    epochs: int,
    patience: int = 2,
    monitor: str = "val_accuracy",
) -> TrainingRun:
    """Train with early stopping on a validation set, and time it.

    ``EarlyStopping(monitor, patience, restore_best_weights=True)`` stops
    after ``patience`` epochs without improvement and puts back the weights of
    the best epoch. ``fit`` runs with ``verbose=2`` (one line per epoch).

    Parameters
    ----------
    model : keras.Model
        A compiled model.
    train, validation : tf.data.Dataset
        Batched ``(inputs, labels)``. Shuffle ``train`` in the dataset.
    epochs : int
        Most epochs to train.
    patience : int, default 2
        Epochs without improvement before stopping.
    monitor : str, default "val_accuracy"
        What early stopping watches; a name ending in ``loss`` is minimised,
        anything else maximised.

    Returns
    -------
    TrainingRun
        History, wall time, epochs run and best epoch.

    Raises
    ------
    TypeError
        If ``model`` is not a Keras model, the datasets are not ``tf.data``
        datasets, or ``monitor`` is not a str.
    ValueError
        If ``epochs`` or ``patience`` is below 1, ``model`` is not compiled,
        or ``monitor`` is not logged by ``fit`` (raised after the first epoch).
    """
    check_compiled_model(model)
    for name, dataset in (("train", train), ("validation", validation)):
        if not isinstance(dataset, tf.data.Dataset):
            raise TypeError(f"{name} must be a tf.data.Dataset, got {type(dataset).__name__}")
    epochs = _check_int("epochs", epochs, 1)
    patience = _check_int("patience", patience, 1)
    if not isinstance(monitor, str):
        raise TypeError(f"monitor must be a str, got {type(monitor).__name__}")
    mode = "min" if monitor.endswith("loss") else "max"
    stopper = keras.callbacks.EarlyStopping(
        monitor=monitor, mode=mode, patience=patience, restore_best_weights=True
    )
    start = time.perf_counter()
    # shuffle=False: the datasets shuffle themselves; Keras ignores `shuffle` for a tf.data
    # dataset and says so in a warning.
    history = model.fit(
        train,
        validation_data=validation,
        epochs=epochs,
        callbacks=[_MonitorCheck(monitor), stopper],
        verbose=2,
        shuffle=False,
    )
    seconds = time.perf_counter() - start
    recorded = {key: [float(value) for value in values] for key, values in history.history.items()}
    return TrainingRun(
        history=recorded,
        seconds=seconds,
        epochs_run=len(recorded[monitor]),
        best_epoch=_best_epoch(recorded, monitor, mode),
    )


def artifact_directory() -> Path:
    """The folder where chapter 5 saves its model and history for chapter 6.

    It is ``$LSTM_BOOK_ARTIFACTS`` when that is set, otherwise
    ``lstm_book`` in Keras's folder (``$KERAS_HOME``, by default ``~/.keras``), with one subfolder per mode (``full`` or
    ``quick``) so that a quick CI run never hands its model to a full run.
    The folder is created if missing.

    Returns
    -------
    pathlib.Path
        The folder for the current mode.
    """
    root = os.environ.get(ARTIFACTS_ENV_VAR) or keras_cache_dir() / "lstm_book"
    folder = Path(root) / ("quick" if is_quick() else "full")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def save_run(path: str | os.PathLike[str], run: TrainingRun, **extra: Any) -> None:
    """Write a :class:`TrainingRun` (and any JSON-serialisable extras) to a JSON file.

    Parameters
    ----------
    path : str or os.PathLike
        File to write.
    run : TrainingRun
        The run to save.
    **extra
        More values to store beside it, for example ``test_accuracy=0.88``.
    """
    if not isinstance(run, TrainingRun):
        raise TypeError(f"run must be a TrainingRun, got {type(run).__name__}")
    record = {"run": run._asdict(), **extra}
    Path(path).write_text(json.dumps(record, indent=1))


def load_run(path: str | os.PathLike[str]) -> tuple[TrainingRun, dict[str, Any]]:
    """Read what :func:`save_run` wrote.

    Parameters
    ----------
    path : str or os.PathLike
        The JSON file.

    Returns
    -------
    tuple of (TrainingRun, dict)
        The run and the extras.

    Raises
    ------
    FileNotFoundError
        If the file does not exist.
    ValueError
        If the file is not a saved run.
    """
    record = json.loads(Path(path).read_text())
    if not isinstance(record, dict) or "run" not in record:
        raise ValueError(f"{path} does not hold a saved training run")
    fields = set(TrainingRun._fields)
    if not isinstance(record["run"], dict) or set(record["run"]) != fields:
        raise ValueError(f"{path}: the saved run must have exactly the fields {sorted(fields)}")
    extras = {key: value for key, value in record.items() if key != "run"}
    return TrainingRun(**record["run"]), extras


def imbalanced_indices(labels: Any, positive_share: float, size: int, seed: int = 0) -> np.ndarray:
    """Pick a subset in which a given share of the examples is positive.

    Parameters
    ----------
    labels : array-like of 0/1
        Labels to sample from.
    positive_share : float
        Share of positives wanted, strictly between 0 and 1.
    size : int
        Examples in the subset.
    seed : int, default 0
        Seed of the random choice.

    Returns
    -------
    numpy.ndarray
        Sorted indices into ``labels``: ``round(size * positive_share)``
        positives and the rest negatives, drawn without replacement.

    Raises
    ------
    TypeError
        If ``size`` is not an int or ``positive_share`` not a number.
    ValueError
        If labels are not 0/1, the share is not in (0, 1), ``size`` is too
        small to hold both classes at that share, or there are not enough
        examples of a class.
    """
    labels_array = np.asarray(labels)
    if labels_array.ndim != 1 or labels_array.size == 0:
        raise ValueError(f"labels must be a non-empty 1-D array, got shape {labels_array.shape}")
    if not np.isin(labels_array, (0, 1)).all():
        raise ValueError("labels must be 0 or 1")
    if isinstance(positive_share, bool) or not isinstance(positive_share, (int, float, np.floating)):
        raise TypeError(f"positive_share must be a number, got {type(positive_share).__name__}")
    if not 0 < positive_share < 1:
        raise ValueError(f"positive_share must be strictly between 0 and 1, got {positive_share}")
    size = _check_int("size", size, 1)
    positives_wanted = int(round(size * positive_share))
    negatives_wanted = size - positives_wanted
    if positives_wanted == 0 or negatives_wanted == 0:
        raise ValueError(
            f"size {size} with positive_share {positive_share} gives {positives_wanted} positives and "
            f"{negatives_wanted} negatives: a subset needs both classes, so use a larger size"
        )
    positives = np.flatnonzero(labels_array == 1)
    negatives = np.flatnonzero(labels_array == 0)
    if positives_wanted > len(positives) or negatives_wanted > len(negatives):
        raise ValueError(
            f"not enough examples: want {positives_wanted} positives and {negatives_wanted} "
            f"negatives, have {len(positives)} and {len(negatives)}"
        )
    rng = np.random.default_rng(seed)
    chosen = np.concatenate(
        [
            rng.choice(positives, size=positives_wanted, replace=False),
            rng.choice(negatives, size=negatives_wanted, replace=False),
        ]
    )
    return np.sort(chosen)


def most_confident_errors(labels: Any, probabilities: Any, count: int, threshold: float = 0.5) -> np.ndarray:
    """Indices of the wrong predictions the model was most sure of.

    Confidence is the distance of the probability from the threshold's side
    it fell on: a negative review given 0.99 is more confidently wrong than
    one given 0.6.

    Parameters
    ----------
    labels : array-like of 0/1
        True labels.
    probabilities : array-like of float
        Predicted probabilities of the positive class, in [0, 1].
    count : int
        How many to return (fewer if there are fewer errors).
    threshold : float, default 0.5
        Probability at or above which a prediction is positive.

    Returns
    -------
    numpy.ndarray
        Indices of misclassified examples, most confident first.

    Raises
    ------
    ValueError
        If shapes differ, labels are not 0/1, or probabilities are outside [0, 1].
    """
    labels_array = np.asarray(labels)
    scores = np.asarray(probabilities, dtype=float).reshape(-1)
    if labels_array.ndim != 1 or labels_array.shape != scores.shape:
        raise ValueError(
            f"labels and probabilities must be 1-D and of the same length, got "
            f"{labels_array.shape} and {np.asarray(probabilities).shape}"
        )
    if not np.isin(labels_array, (0, 1)).all():
        raise ValueError("labels must be 0 or 1")
    if np.isnan(scores).any() or (scores < 0).any() or (scores > 1).any():
        raise ValueError("probabilities must be in [0, 1] (pass probabilities, not logits)")
    count = _check_int("count", count, 1)
    predictions = (scores >= threshold).astype(int)
    wrong = np.flatnonzero(predictions != labels_array)
    confidence = np.abs(scores[wrong] - threshold)
    return wrong[np.argsort(-confidence, kind="stable")][:count]


def predict_in_buckets(
    model: keras.Model,
    token_lists: Sequence[Sequence[int]],
    batch_size: int = 256,
    pad_to_bucket_boundary: bool = False,
) -> np.ndarray:
    """Predict on token-id lists in length buckets, returning results in input order.

    :func:`bucketed_dataset` regroups reviews by length; this function runs
    ``model.predict`` over those batches and puts each probability back at
    its review's position, so the result lines up with ``token_lists``.

    Parameters
    ----------
    model : keras.Model
        A model from padded token ids (with a mask) to one probability per review.
    token_lists : sequence of sequences of int
        One non-empty list of token ids per review.
    batch_size : int, default 256
        Reviews per batch.
    pad_to_bucket_boundary : bool, default False
        As in :func:`bucketed_dataset`; use it for a model compiled with XLA.

    Returns
    -------
    numpy.ndarray
        One probability per review, shape ``(len(token_lists),)``.

    Raises
    ------
    TypeError
        If ``model`` is not a Keras model or ``token_lists`` is not a list of lists.
    ValueError
        If ``token_lists`` is empty or holds an empty review.
    """
    if not isinstance(model, keras.Model):
        raise TypeError(f"model must be a keras.Model, got {type(model).__name__}")
    count = len(_check_token_lists(token_lists))
    # The "labels" are the reviews' positions, so each batch says which reviews it holds.
    batches = bucketed_dataset(
        token_lists, np.arange(count), batch_size, pad_to_bucket_boundary=pad_to_bucket_boundary
    )
    order = np.concatenate([positions.numpy() for _, positions in batches]).astype(int)
    predictions = np.asarray(model.predict(batches.map(lambda ids, positions: ids), verbose=0)).reshape(-1)
    result = np.empty(count)
    result[order] = predictions
    return result


def halving_learning_rate(batches_per_epoch: int, initial: float = 1e-3) -> keras.optimizers.schedules.LearningRateSchedule:
    """A learning rate that starts at ``initial`` and halves over every epoch.

    The decay is smooth, not a staircase: every optimizer step multiplies the
    rate by ``0.5 ** (1 / batches_per_epoch)``, so after each whole epoch it
    is half what it was at the start of that epoch.

    Parameters
    ----------
    batches_per_epoch : int
        Optimizer steps in one epoch (``len(train_batches)``).
    initial : float, default 1e-3
        The learning rate at the first step.

    Returns
    -------
    keras.optimizers.schedules.ExponentialDecay
        ``initial * 0.5 ** (step / batches_per_epoch)``.
    """
    batches_per_epoch = _check_int("batches_per_epoch", batches_per_epoch, 1)
    return keras.optimizers.schedules.ExponentialDecay(initial, decay_steps=batches_per_epoch, decay_rate=0.5)


def train_review_classifier(
    fit_texts: list[str],
    fit_labels: Any,
    validation_texts: list[str],
    validation_labels: Any,
    *,
    vocabulary_size: int = 10_000,
    maxlen: int = 600,
    batch_size: int = 32,
    epochs: int = 4,
) -> tuple[keras.Model, TrainingRun]:
    """Chapter 5's recipe in one call: vectorize, train the main LSTM, export it.

    The steps are those chapter 5 runs cell by cell: a ``TextVectorization``
    adapted on ``fit_texts``; the first ``maxlen`` tokens of each review in
    length buckets; :func:`helpers.models.sentiment_lstm` (embedding 64,
    LSTM 64, dropout 0.5) with :func:`halving_learning_rate`; :func:`timed_fit`
    with patience 2; then a model that reads raw strings. Chapter 6 calls it
    when chapter 5's saved model is not there.

    Parameters
    ----------
    fit_texts, validation_texts : list or tuple of str
        Reviews to train on and to stop on.
    fit_labels, validation_labels : array-like of 0/1
        Their labels.
    vocabulary_size, maxlen, batch_size, epochs : int
        As in chapter 5.

    Returns
    -------
    tuple of (keras.Model, TrainingRun)
        The end-to-end model (raw strings of shape ``(batch, 1)`` to
        probabilities) and the training run.

    Raises
    ------
    TypeError
        If the texts are not lists or tuples of str.
    ValueError
        If a list of texts is empty, the labels are not one 0/1 label per
        review, or a setting is invalid (as raised by the functions it calls).
    """
    checked = []
    for texts_name, texts, labels_name, labels in (
        ("fit_texts", fit_texts, "fit_labels", fit_labels),
        ("validation_texts", validation_texts, "validation_labels", validation_labels),
    ):
        texts, labels = _check_texts(texts, texts_name), _as_binary(labels_name, labels)
        if len(labels) != len(texts):
            raise ValueError(f"{labels_name} must hold one label per review: {len(labels)} for {len(texts)} texts")
        checked.append((texts, labels))
    (fit_texts, fit_labels), (validation_texts, validation_labels) = checked
    vectorizer = keras.layers.TextVectorization(
        max_tokens=vocabulary_size, standardize=standardize_review, ragged=True
    )
    vectorizer.adapt(fit_texts, batch_size=1024)
    fit_ids = truncate_token_lists(vectorizer(fit_texts).to_list(), maxlen)
    validation_ids = truncate_token_lists(vectorizer(validation_texts).to_list(), maxlen)
    train_batches = bucketed_dataset(fit_ids, fit_labels, batch_size, shuffle=True)
    validation_batches = bucketed_dataset(validation_ids, validation_labels, 256)
    model = sentiment_lstm(
        vocabulary_size, 64, 64, dropout=0.5, learning_rate=halving_learning_rate(len(train_batches))
    )
    run = timed_fit(model, train_batches, validation_batches, epochs=epochs, patience=2)
    export_vectorizer = keras.layers.TextVectorization(
        standardize=standardize_review, vocabulary=vectorizer.get_vocabulary(), output_sequence_length=maxlen
    )
    end_to_end = keras.Sequential(
        [keras.Input(shape=(1,), dtype="string"), export_vectorizer, model], name="review_classifier"
    )
    return end_to_end, run
