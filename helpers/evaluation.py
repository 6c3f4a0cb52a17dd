"""Evaluate a binary classifier in NumPy: its loss, its errors, its thresholds (chapter 6), and compare two (chapter 5).

Labels and predictions are 1-D arrays (or lists) of 0 and 1; scores are 1-D arrays of
real numbers, one per example: flatten what ``model.predict`` returns with ``.ravel()``.
As in ``keras.metrics.BinaryAccuracy``, a score counts as positive when ``score > threshold``.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np

from helpers.checks import as_labels, as_scores, check_int, same_length


def _labels_and_scores(labels: Any, scores: Any, name: str = "scores") -> tuple[np.ndarray, np.ndarray]:
    y, s = as_labels("labels", labels), as_scores(name, scores)
    same_length("labels", y, name, s)
    return y, s


def _number(name: str, value: Any) -> float:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"{name} must be a number, got {type(value).__name__}")
    if np.isnan(value):
        raise ValueError(f"{name} must be a number, got nan")
    return float(value)


def binary_cross_entropy(labels: Any, probabilities: Any, epsilon: float = 1e-7) -> float:
    """Mean of ``-(y log p + (1 - y) log(1 - p))``, with ``p`` clipped to ``[epsilon, 1 - epsilon]`` as Keras does."""
    y = as_labels("labels", labels)
    p = as_scores("probabilities", probabilities, probabilities=True)
    same_length("labels", y, "probabilities", p)
    p = np.clip(p, epsilon, 1 - epsilon)
    return float(np.mean(-(y * np.log(p) + (1 - y) * np.log(1 - p))))


def confusion_matrix(labels: Any, predictions: Any) -> np.ndarray:
    """``[[TN, FP], [FN, TP]]``: rows the true class, columns the predicted one, as in scikit-learn."""
    y, predicted = as_labels("labels", labels), as_labels("predictions", predictions)
    same_length("labels", y, "predictions", predicted)
    return np.bincount(2 * y + predicted, minlength=4).reshape(2, 2)


def _ratio(numerator: float, denominator: float) -> float:
    return float(numerator / denominator) if denominator else 0.0  # scikit-learn's zero_division=0


def classification_report(labels: Any, predictions: Any) -> dict[str, float]:
    """Accuracy, precision, recall, F1, specificity and balanced accuracy of 0/1 predictions.

    A ratio with a denominator of 0 is 0.0, as with scikit-learn's ``zero_division=0``.
    """
    (tn, fp), (fn, tp) = confusion_matrix(labels, predictions).tolist()
    recall, specificity = _ratio(tp, tp + fn), _ratio(tn, tn + fp)
    present = [rate for rate, count in ((recall, tp + fn), (specificity, tn + fp)) if count]
    return {
        "accuracy": _ratio(tp + tn, tn + fp + fn + tp),
        "precision": _ratio(tp, tp + fp),
        "recall": recall,
        "f1": _ratio(2 * tp, 2 * tp + fp + fn),
        "specificity": specificity,
        "balanced_accuracy": float(np.mean(present)),
    }


def _cumulative_counts(y: np.ndarray, s: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """True and false positives of ``s > t`` as ``t`` steps down from score to distinct score, then to ``-inf``.

    Returns the thresholds ``t`` (the second-highest distinct score first, ``-inf`` last) and the counts.
    """
    order = np.argsort(-s, kind="mergesort")
    s_sorted, y_sorted = s[order], y[order]
    ends = np.r_[np.flatnonzero(np.diff(s_sorted)), s.size - 1]  # last example of each run of tied scores
    true_positives = np.cumsum(y_sorted)[ends]
    return np.r_[s_sorted[ends][1:], -np.inf], true_positives, ends + 1 - true_positives


def roc_curve(labels: Any, scores: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """False and true positive rates of ``score > threshold`` at every threshold that changes them.

    ``thresholds`` are the distinct scores, highest first (nothing positive), then ``-inf``
    (everything positive). Tied scores cross a threshold together.
    """
    y, s = _labels_and_scores(labels, scores)
    if y.min() == y.max():
        raise ValueError(f"labels must contain both classes 0 and 1 to draw a ROC curve, got only class {y[0]}")
    thresholds, true_positives, false_positives = _cumulative_counts(y, s)
    fpr = np.r_[0.0, false_positives / (y.size - y.sum())]
    tpr = np.r_[0.0, true_positives / y.sum()]
    return fpr, tpr, np.r_[s.max(), thresholds]


def roc_auc(labels: Any, scores: Any) -> float:
    """Area under the ROC curve: the chance that a positive example outscores a negative one, ties counting half."""
    fpr, tpr, _ = roc_curve(labels, scores)
    return float(np.sum(np.diff(fpr) * (tpr[1:] + tpr[:-1]) / 2))  # the trapezoid rule


def threshold_for_precision(labels: Any, scores: Any, target_precision: float) -> float:
    """The smallest threshold whose predictions ``score > threshold`` reach ``target_precision`` on these data.

    It is one of the scores, or ``-inf`` when only calling everything positive reaches the target.
    """
    y, s = _labels_and_scores(labels, scores)
    target = _number("target_precision", target_precision)
    if not 0 < target <= 1:
        raise ValueError(f"target_precision must be in (0, 1], got {target_precision}")
    thresholds, true_positives, false_positives = _cumulative_counts(y, s)
    precision = true_positives / (true_positives + false_positives)
    reached = np.flatnonzero(precision >= target)
    if reached.size == 0:
        best = int(np.argmax(precision))
        raise ValueError(
            f"no threshold reaches precision {target_precision} on these data; the highest is "
            f"{precision[best]:.4g}, at threshold {thresholds[best]:.6g}"
        )
    return float(thresholds[reached[-1]])  # thresholds are in decreasing order


def metrics_at_threshold(labels: Any, scores: Any, threshold: float) -> dict[str, float]:
    """:func:`classification_report` of the predictions ``score > threshold``."""
    y, s = _labels_and_scores(labels, scores)
    return classification_report(y, s > _number("threshold", threshold))


class PairedComparison(NamedTuple):
    """Model A's accuracy minus model B's, a 95 % interval for it, and the two-sided p-value of "no difference"."""

    difference: float
    low: float
    high: float
    p_value: float


def _correct_runs(name: str, value: Any) -> np.ndarray:
    """A runs-by-examples array of 0 and 1; one run may come as a 1-D array."""
    array = np.asarray(value) if isinstance(value, (np.ndarray, list, tuple)) else None
    if array is None:
        raise TypeError(f"{name} must be an array or a list of 0/1 (runs by examples), got {type(value).__name__}")
    if array.ndim == 1:
        array = array[None, :]
    if array.ndim != 2 or array.size == 0:
        raise ValueError(f"{name} must be 1-D (one run) or 2-D (runs by examples) and not empty, got shape {array.shape}")
    for row in array:
        as_labels(name, row)
    return array.astype(np.float64)


def paired_bootstrap(correct_a: Any, correct_b: Any, *, resamples: int = 10_000, seed: int = 0) -> PairedComparison:
    """Compare the accuracy of two recipes on the same examples, each trained with one or more seeds.

    ``correct_a[r, i]`` is 1 when run ``r`` of recipe A got example ``i`` right. Each
    resample draws the examples with replacement, the same ones for both recipes (the
    test is paired), and each recipe's runs with replacement, so the interval covers
    both sources of noise: which examples the test set happens to hold, and which
    seed training happened to use. The p-value counts the resamples on the far side
    of zero, twice (two-sided), with the usual +1 so that it is never exactly 0.
    """
    a, b = _correct_runs("correct_a", correct_a), _correct_runs("correct_b", correct_b)
    same_length("correct_a's examples", a[0], "correct_b's examples", b[0])
    resamples = check_int("resamples", resamples, 100)
    rng = np.random.default_rng(check_int("seed", seed, 0))
    examples = a.shape[1]
    # Examples answered alike by every run are interchangeable, so draw how many of each answer pattern a
    # resample holds (a multinomial draw) instead of drawing the examples one by one: the same bootstrap, faster.
    patterns, counts = np.unique(np.vstack([a, b]).T, axis=0, return_counts=True)
    drawn = rng.multinomial(examples, counts / examples, size=resamples)  # resamples by patterns
    per_run_a = drawn @ patterns[:, : a.shape[0]] / examples  # resamples by runs of A
    per_run_b = drawn @ patterns[:, a.shape[0]:] / examples
    return resampled_comparison(per_run_a, per_run_b, float(a.mean() - b.mean()), rng)


def resampled_comparison(per_run_a: np.ndarray, per_run_b: np.ndarray, difference: float,
                         rng: np.random.Generator) -> PairedComparison:
    """The interval and p-value of a paired bootstrap, from each run's score on each resample of the examples.

    ``per_run_a[i, r]`` is run ``r`` of A scored on resample ``i``. Each resample also draws
    each recipe's runs with replacement, so the interval covers the seeds' luck too. The
    p-value counts the resamples on the far side of zero, twice, with the usual +1.
    """
    resamples = per_run_a.shape[0]
    rows = np.arange(resamples)[:, None]
    runs_a, runs_b = per_run_a.shape[1], per_run_b.shape[1]
    differences = (
        per_run_a[rows, rng.integers(0, runs_a, size=(resamples, runs_a))].mean(axis=1)
        - per_run_b[rows, rng.integers(0, runs_b, size=(resamples, runs_b))].mean(axis=1)
    )
    far_side = min(np.count_nonzero(differences <= 0), np.count_nonzero(differences >= 0))
    low, high = np.quantile(differences, [0.025, 0.975])
    return PairedComparison(
        difference=difference,
        low=float(low),
        high=float(high),
        p_value=float(min(1.0, 2 * (far_side + 1) / (resamples + 1))),
    )
