"""Evaluate a binary classifier: its loss, its errors and its trade-offs, in NumPy.

A model such as ``Dense(1, activation="sigmoid")`` outputs a probability ``p``
that the label is 1. This module measures such outputs against the labels:

* :func:`binary_cross_entropy` is the loss Keras minimises,
  ``-(y log p + (1 - y) log(1 - p))`` averaged over examples, with ``p``
  clipped to ``[epsilon, 1 - epsilon]`` as Keras does;
  :func:`binary_cross_entropy_from_logits` computes the same loss from the
  logit ``z`` (where ``p = sigmoid(z)``) without ever taking ``log(0)``, and
  :func:`sigmoid` turns logits into probabilities without overflow.
* :func:`confusion_matrix` counts the four outcomes of hard 0/1 predictions and
  :func:`classification_report` turns the counts into accuracy, precision,
  recall, F1, specificity and balanced accuracy.
* :func:`roc_curve` and :func:`roc_auc` look at every threshold at once;
  :func:`threshold_for_precision` picks one and :func:`metrics_at_threshold`
  reports what it gives.
* :func:`plot_confusion_matrix` and :func:`plot_roc_curve` draw the results.

Labels and predictions are 1-D arrays (or lists) of 0 and 1; scores and
probabilities are 1-D arrays of real numbers, one per example. Flatten what
``model.predict`` returns, of shape ``(examples, 1)``, with ``.ravel()`` first.

Introduced in chapter 6 (Loss and accuracy).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.figure import Figure

from helpers.plots import FONT_SIZE, OKABE_ITO, SERIES_COLOURS

_trapezoid = getattr(np, "trapezoid", None) or np.trapz  # np.trapezoid is NumPy >= 2.0

_POINT_STYLES: list[tuple[str, str]] = [
    (OKABE_ITO["vermillion"], "o"),
    (OKABE_ITO["yellow"], "s"),
    (OKABE_ITO["purple"], "^"),
    (OKABE_ITO["sky_blue"], "D"),
    (OKABE_ITO["green"], "v"),
    (OKABE_ITO["orange"], "P"),
]
"""Fill colour and marker for successive marked operating points."""

_REPORT_KEYS = ("accuracy", "precision", "recall", "f1", "specificity", "balanced_accuracy")


# --------------------------------------------------------------------------- checks


def _as_vector(name: str, value: Any, allow_bool: bool = False) -> np.ndarray:
    """Check that ``value`` is a non-empty 1-D array (or list) of real numbers."""
    if isinstance(value, (str, bytes)) or not (
        isinstance(value, (np.ndarray, list, tuple)) or hasattr(value, "__array__")
    ):
        raise TypeError(f"{name} must be an array or a list, got {type(value).__name__}")
    array = np.asarray(value)
    is_bool = array.dtype == np.bool_
    if not (allow_bool and is_bool) and (
        not np.issubdtype(array.dtype, np.number) or np.issubdtype(array.dtype, np.complexfloating)
    ):
        raise TypeError(f"{name} must hold real numbers, got dtype {array.dtype}")
    if array.ndim != 1:
        hint = "; flatten it first, for example with .ravel()" if array.ndim == 2 and 1 in array.shape else ""
        raise ValueError(f"{name} must be 1-D, one value per example, got shape {array.shape}{hint}")
    if array.size == 0:
        raise ValueError(f"{name} must not be empty, got shape {array.shape}")
    return array


def _format_values(array: np.ndarray, limit: int = 10) -> str:
    """The distinct values of ``array`` as a short list, for error messages."""
    values = np.unique(array).tolist()
    if len(values) > limit:
        return "[" + ", ".join(repr(v) for v in values[:limit]) + ", ...]"
    return repr(values)


def _as_binary(name: str, value: Any) -> np.ndarray:
    """Check a 1-D array of 0 and 1 (ints, floats or bools); return it as int64."""
    array = _as_vector(name, value, allow_bool=True)
    if not np.all((array == 0) | (array == 1)):
        raise ValueError(f"{name} must contain only 0 and 1, got values {_format_values(array)}")
    return array.astype(np.int64)


def _as_scores(name: str, value: Any) -> np.ndarray:
    """Check a 1-D array of finite real numbers; return it as float64."""
    array = _as_vector(name, value).astype(np.float64)
    bad = int(np.count_nonzero(~np.isfinite(array)))
    if bad:
        raise ValueError(f"{name} must be finite, got {bad} NaN or infinite value(s)")
    return array


def _check_same_length(first: str, a: np.ndarray, second: str, b: np.ndarray) -> None:
    if a.size != b.size:
        raise ValueError(f"{first} and {second} must have the same length, got {a.size} and {b.size}")


def _labels_and_scores(labels: Any, scores: Any, name: str = "scores") -> tuple[np.ndarray, np.ndarray]:
    y = _as_binary("labels", labels)
    s = _as_scores(name, scores)
    _check_same_length("labels", y, name, s)
    return y, s


def _require_both_classes(y: np.ndarray, purpose: str) -> None:
    present = np.unique(y).tolist()
    if len(present) < 2:
        raise ValueError(
            f"labels must contain both classes 0 and 1 {purpose}, got only class {present[0]}"
        )


def _as_number(name: str, value: Any) -> float:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"{name} must be a number, got {type(value).__name__}")
    return float(value)


# --------------------------------------------------------------------------- loss


def sigmoid(z: Any) -> float | np.ndarray:
    """The logistic function ``1 / (1 + exp(-z))``, computed without overflow.

    For ``z < 0`` it uses the equal form ``exp(z) / (1 + exp(z))``, so ``exp``
    only ever sees ``-|z|`` and never overflows, even for ``z = -1000``.

    Parameters
    ----------
    z : float or array_like
        Logits: any real numbers. NaN gives NaN.

    Returns
    -------
    float or numpy.ndarray
        Probabilities in ``[0, 1]``: a ``float`` for a scalar ``z``, otherwise a
        ``float64`` array of the same shape as ``z``.

    Raises
    ------
    TypeError
        If ``z`` does not hold real numbers.
    """
    if isinstance(z, (bool, np.bool_)):
        raise TypeError("z must hold real numbers, got bool")
    array = np.asarray(z)
    if not np.issubdtype(array.dtype, np.number) or np.issubdtype(array.dtype, np.complexfloating):
        raise TypeError(f"z must hold real numbers, got dtype {array.dtype}")
    array = array.astype(np.float64)
    e = np.exp(-np.abs(array))  # in (0, 1]: cannot overflow
    result = np.where(array >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
    return float(result) if result.ndim == 0 else result


def binary_cross_entropy(labels: Any, probabilities: Any, epsilon: float = 1e-7) -> float:
    """Mean binary cross-entropy ``-(y log p + (1 - y) log(1 - p))``.

    ``p`` is first clipped to ``[epsilon, 1 - epsilon]`` so that a confident
    wrong answer costs ``-log(epsilon)`` (about 16.1) instead of infinity. This
    is what ``keras.losses.BinaryCrossentropy()`` computes, with Keras's default
    ``epsilon`` of ``1e-7`` (Keras works in ``float32``, this function in
    ``float64``, so results agree to about six significant digits).

    Parameters
    ----------
    labels : array_like
        True classes, 0 or 1, shape ``(examples,)``.
    probabilities : array_like
        Predicted probabilities of class 1, in ``[0, 1]``, shape ``(examples,)``.
    epsilon : float, default 1e-7
        Clipping margin, strictly between 0 and 0.5.

    Returns
    -------
    float
        The loss averaged over examples, in nats.

    Raises
    ------
    TypeError
        If an argument is not an array of real numbers, or ``epsilon`` is not a
        number.
    ValueError
        If ``labels`` is not 0/1, the arrays are empty, not 1-D or of different
        lengths, a probability lies outside ``[0, 1]``, or ``epsilon`` is
        outside ``(0, 0.5)``.
    """
    y, p = _labels_and_scores(labels, probabilities, name="probabilities")
    if p.min() < 0 or p.max() > 1:
        raise ValueError(
            f"probabilities must be between 0 and 1, got values from {p.min():g} to {p.max():g}"
        )
    eps = _as_number("epsilon", epsilon)
    if not 0 < eps < 0.5:
        raise ValueError(f"epsilon must be between 0 and 0.5 (exclusive), got {epsilon}")
    p = np.clip(p, eps, 1 - eps)
    return float(np.mean(-(y * np.log(p) + (1 - y) * np.log(1 - p))))


def binary_cross_entropy_from_logits(labels: Any, logits: Any) -> float:
    """Mean binary cross-entropy of ``p = sigmoid(z)``, computed from the logits ``z``.

    Substituting ``p = sigmoid(z)`` into ``-(y log p + (1 - y) log(1 - p))``
    gives ``max(z, 0) - z y + log(1 + exp(-|z|))``, which never takes the
    logarithm of 0 and never overflows. The naive route through ``sigmoid``
    breaks for large ``|z|``: ``sigmoid(100)`` rounds to exactly 1.0, so
    ``log(1 - p)`` is ``-inf``. This is what
    ``keras.losses.BinaryCrossentropy(from_logits=True)`` computes, with no
    clipping.

    Parameters
    ----------
    labels : array_like
        True classes, 0 or 1, shape ``(examples,)``.
    logits : array_like
        Finite real numbers, shape ``(examples,)``.

    Returns
    -------
    float
        The loss averaged over examples, in nats.

    Raises
    ------
    TypeError
        If an argument is not an array of real numbers.
    ValueError
        If ``labels`` is not 0/1, a logit is not finite, or the arrays are
        empty, not 1-D or of different lengths.
    """
    y, z = _labels_and_scores(labels, logits, name="logits")
    return float(np.mean(np.maximum(z, 0) - z * y + np.log1p(np.exp(-np.abs(z)))))


# --------------------------------------------------------------------------- hard predictions


def confusion_matrix(labels: Any, predictions: Any) -> np.ndarray:
    """Count true/false negatives and positives of 0/1 predictions.

    Parameters
    ----------
    labels : array_like
        True classes, 0 or 1, shape ``(examples,)``.
    predictions : array_like
        Predicted classes, 0 or 1 (or ``False``/``True``), shape ``(examples,)``.

    Returns
    -------
    numpy.ndarray
        ``[[TN, FP], [FN, TP]]`` as a 2x2 ``int64`` array: rows are the true
        class 0 and 1, columns the predicted class 0 and 1, the same layout as
        ``sklearn.metrics.confusion_matrix``.

    Raises
    ------
    TypeError
        If an argument is not an array of numbers or bools.
    ValueError
        If an argument is not 0/1, or the arrays are empty, not 1-D or of
        different lengths.
    """
    y = _as_binary("labels", labels)
    predicted = _as_binary("predictions", predictions)
    _check_same_length("labels", y, "predictions", predicted)
    return np.bincount(2 * y + predicted, minlength=4).reshape(2, 2).astype(np.int64)


def _ratio(numerator: float, denominator: float) -> float:
    """``numerator / denominator``, or 0.0 when the denominator is 0 (sklearn's ``zero_division=0``)."""
    return float(numerator / denominator) if denominator else 0.0


def classification_report(labels: Any, predictions: Any) -> dict[str, float]:
    """Summarise 0/1 predictions with six numbers.

    With ``TN, FP, FN, TP`` from :func:`confusion_matrix`:

    * ``accuracy = (TP + TN) / all``: the share of correct predictions.
    * ``precision = TP / (TP + FP)``: of the examples called positive, the share
      that are.
    * ``recall = TP / (TP + FN)`` (sensitivity, true positive rate): of the
      positive examples, the share found.
    * ``f1 = 2 TP / (2 TP + FP + FN)``: the harmonic mean of precision and
      recall.
    * ``specificity = TN / (TN + FP)`` (true negative rate): of the negative
      examples, the share recognised.
    * ``balanced_accuracy``: the mean of recall and specificity, so that a
      model that always predicts the majority class scores 0.5 however
      imbalanced the classes are.

    A ratio whose denominator is 0 (say precision when nothing is predicted
    positive) is reported as 0.0, like scikit-learn's ``zero_division=0``. If
    ``labels`` holds only one class, ``balanced_accuracy`` is the recall of that
    class alone, as in ``sklearn.metrics.balanced_accuracy_score``.

    Parameters
    ----------
    labels : array_like
        True classes, 0 or 1, shape ``(examples,)``.
    predictions : array_like
        Predicted classes, 0 or 1 (or ``False``/``True``), shape ``(examples,)``.

    Returns
    -------
    dict of str to float
        Keys ``accuracy``, ``precision``, ``recall``, ``f1``, ``specificity``
        and ``balanced_accuracy``, each between 0 and 1.

    Raises
    ------
    TypeError
        If an argument is not an array of numbers or bools.
    ValueError
        If an argument is not 0/1, or the arrays are empty, not 1-D or of
        different lengths.
    """
    (tn, fp), (fn, tp) = confusion_matrix(labels, predictions).tolist()
    recall = _ratio(tp, tp + fn)
    specificity = _ratio(tn, tn + fp)
    present = [rate for rate, count in ((recall, tp + fn), (specificity, tn + fp)) if count]
    return {
        "accuracy": _ratio(tp + tn, tn + fp + fn + tp),
        "precision": _ratio(tp, tp + fp),
        "recall": recall,
        "f1": _ratio(2 * tp, 2 * tp + fp + fn),
        "specificity": specificity,
        "balanced_accuracy": float(np.mean(present)),
    }


# --------------------------------------------------------------------------- scores and thresholds


def _cumulative_counts(y: np.ndarray, s: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """True and false positives when predicting ``s >= t``, for each distinct score ``t``, highest first."""
    order = np.argsort(-s, kind="mergesort")
    s_sorted, y_sorted = s[order], y[order]
    # Index of the last example of each run of tied scores: a threshold can
    # only let a whole run of ties through at once.
    ends = np.r_[np.flatnonzero(np.diff(s_sorted)), s.size - 1]
    true_positives = np.cumsum(y_sorted)[ends]
    false_positives = ends + 1 - true_positives
    return s_sorted[ends], true_positives, false_positives


def roc_curve(labels: Any, scores: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Receiver operating characteristic: true against false positive rate at every threshold.

    Predicting class 1 when ``score >= threshold`` gives one point
    ``(false positive rate, true positive rate)``. Lowering the threshold from
    above the highest score to the lowest score walks from ``(0, 0)``
    (nothing predicted positive) to ``(1, 1)`` (everything predicted
    positive). Examples with tied scores cross the threshold together, so a
    tie between positives and negatives gives one diagonal step rather than a
    staircase whose shape would depend on the order of the examples.

    Parameters
    ----------
    labels : array_like
        True classes, 0 or 1, shape ``(examples,)``; both classes must occur.
    scores : array_like
        Finite real numbers, higher meaning "more likely class 1": probabilities
        or logits, shape ``(examples,)``.

    Returns
    -------
    fpr : numpy.ndarray
        False positive rate ``FP / (FP + TN)`` at each threshold, non-decreasing,
        starting at 0 and ending at 1.
    tpr : numpy.ndarray
        True positive rate (recall) ``TP / (TP + FN)``, non-decreasing,
        starting at 0 and ending at 1.
    thresholds : numpy.ndarray
        ``inf`` for the starting point, then each distinct score, highest first.
        The same points as ``sklearn.metrics.roc_curve(labels, scores,
        drop_intermediate=False)``.

    Raises
    ------
    TypeError
        If an argument is not an array of real numbers.
    ValueError
        If ``labels`` is not 0/1 or holds only one class, a score is not
        finite, or the arrays are empty, not 1-D or of different lengths.
    """
    y, s = _labels_and_scores(labels, scores)
    _require_both_classes(y, "to draw a ROC curve")
    thresholds, true_positives, false_positives = _cumulative_counts(y, s)
    positives = int(y.sum())
    negatives = y.size - positives
    fpr = np.r_[0.0, false_positives / negatives]
    tpr = np.r_[0.0, true_positives / positives]
    return fpr, tpr, np.r_[np.inf, thresholds]


def roc_auc(labels: Any, scores: Any) -> float:
    """Area under the ROC curve, by the trapezoid rule.

    The area equals the probability that a randomly chosen positive example
    scores higher than a randomly chosen negative one, counting ties as half:
    1.0 for a perfect ranking, 0.5 for constant or random scores, 0.0 for a
    perfectly reversed ranking. It depends only on the order of the scores,
    so logits and probabilities give the same value.

    Parameters
    ----------
    labels : array_like
        True classes, 0 or 1, shape ``(examples,)``; both classes must occur.
    scores : array_like
        Finite real numbers, higher meaning "more likely class 1".

    Returns
    -------
    float
        The area, between 0 and 1.

    Raises
    ------
    TypeError
        If an argument is not an array of real numbers.
    ValueError
        As :func:`roc_curve`.
    """
    fpr, tpr, _ = roc_curve(labels, scores)
    return float(_trapezoid(tpr, fpr))


def threshold_for_precision(labels: Any, scores: Any, target_precision: float) -> float:
    """The smallest threshold at which precision on these data reaches a target.

    Candidate thresholds are the distinct scores; a threshold ``t`` predicts
    class 1 when ``score >= t``. Among those whose precision is at least
    ``target_precision``, the smallest one predicts the most examples positive
    and so keeps the most recall.

    Parameters
    ----------
    labels : array_like
        True classes, 0 or 1, shape ``(examples,)``.
    scores : array_like
        Finite real numbers, higher meaning "more likely class 1".
    target_precision : float
        Required precision, in ``(0, 1]``.

    Returns
    -------
    float
        The threshold, one of the scores.

    Raises
    ------
    TypeError
        If an argument has the wrong type.
    ValueError
        If ``labels`` is not 0/1, a score is not finite, the arrays are empty,
        not 1-D or of different lengths, ``target_precision`` is outside
        ``(0, 1]``, or no threshold reaches it.
    """
    y, s = _labels_and_scores(labels, scores)
    target = _as_number("target_precision", target_precision)
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
    """:func:`classification_report` of the predictions ``scores >= threshold``.

    Parameters
    ----------
    labels : array_like
        True classes, 0 or 1, shape ``(examples,)``.
    scores : array_like
        Finite real numbers, higher meaning "more likely class 1".
    threshold : float
        Scores at or above it are predicted as class 1.

    Returns
    -------
    dict of str to float
        As :func:`classification_report`.

    Raises
    ------
    TypeError
        If an argument has the wrong type.
    ValueError
        If ``labels`` is not 0/1, a score is not finite, the arrays are empty,
        not 1-D or of different lengths, or ``threshold`` is NaN.
    """
    y, s = _labels_and_scores(labels, scores)
    cut = _as_number("threshold", threshold)
    if np.isnan(cut):
        raise ValueError("threshold must be a number, got nan")
    return classification_report(y, (s >= cut).astype(np.int64))


# --------------------------------------------------------------------------- plots


def plot_confusion_matrix(
    matrix: Any, title: str, class_names: Sequence[str] = ("negative", "positive")
) -> Figure:
    """Draw a 2x2 confusion matrix with counts and row percentages.

    Parameters
    ----------
    matrix : array_like
        ``[[TN, FP], [FN, TP]]`` as :func:`confusion_matrix` returns it.
    title : str
        The figure's title.
    class_names : sequence of two str, default ("negative", "positive")
        Names of class 0 and class 1.

    Returns
    -------
    matplotlib.figure.Figure
        One cell per count, true class down the rows and predicted class along
        the columns. Each cell shows its count and its share of its row (of the
        examples of that true class); the shade follows that share, so the
        diagonal stands out whatever the class balance.

    Raises
    ------
    TypeError
        If ``matrix`` does not hold real numbers, or ``class_names`` is not two
        strings.
    ValueError
        If ``matrix`` is not 2x2 or holds negative or fractional counts.
    """
    if isinstance(matrix, (str, bytes)):
        raise TypeError(f"matrix must be a 2x2 array of counts, got {type(matrix).__name__}")
    counts = np.asarray(matrix)
    if not np.issubdtype(counts.dtype, np.number) or np.issubdtype(counts.dtype, np.complexfloating):
        raise TypeError(f"matrix must hold real numbers, got dtype {counts.dtype}")
    if counts.shape != (2, 2):
        raise ValueError(f"matrix must be a 2x2 array of counts, got shape {counts.shape}")
    if not np.all(np.isfinite(counts)) or np.any(counts < 0) or np.any(counts != np.round(counts)):
        raise ValueError(f"matrix must hold non-negative whole counts, got {counts.tolist()}")
    if (
        not isinstance(class_names, (tuple, list))
        or len(class_names) != 2
        or not all(isinstance(name, str) for name in class_names)
    ):
        raise TypeError(f"class_names must be two strings, got {class_names!r}")
    counts = counts.astype(np.int64)
    totals = counts.sum(axis=1, keepdims=True)
    shares = np.divide(counts, totals, out=np.zeros((2, 2)), where=totals > 0)

    fig, ax = plt.subplots(figsize=(5.4, 4.4), layout="constrained")  # keeps room for the colour bar
    cmap = LinearSegmentedColormap.from_list("okabe_ito_blue", ["white", OKABE_ITO["blue"]])
    image = ax.imshow(shares, cmap=cmap, vmin=0.0, vmax=1.0)
    for row in range(2):
        for column in range(2):
            share = f"{100 * shares[row, column]:.1f}%" if totals[row, 0] else "n/a"
            ax.text(
                column, row, f"{counts[row, column]:,}\n{share}",
                ha="center", va="center", fontsize=FONT_SIZE + 1,
                color="white" if shares[row, column] > 0.5 else OKABE_ITO["black"],
            )
    ax.set_xticks([0, 1], labels=list(class_names), fontsize=FONT_SIZE)
    ax.set_yticks([0, 1], labels=list(class_names), fontsize=FONT_SIZE)
    ax.set_xlabel("predicted", fontsize=FONT_SIZE)
    ax.set_ylabel("true", fontsize=FONT_SIZE)
    ax.set_title(title, fontsize=FONT_SIZE + 1)
    colorbar = fig.colorbar(image, ax=ax, shrink=0.9)
    colorbar.set_label("share of the true class (row)", fontsize=FONT_SIZE - 1)
    return fig


def _check_rate(name: str, values: Any) -> np.ndarray:
    array = _as_scores(name, values)
    if array.min() < 0 or array.max() > 1:
        raise ValueError(f"{name} must be between 0 and 1, got values from {array.min():g} to {array.max():g}")
    return array


def plot_roc_curve(
    curves: Mapping[str, tuple[Any, Any]],
    title: str,
    marked_points: Mapping[str, tuple[float, float]] | None = None,
) -> Figure:
    """Draw one or more ROC curves, with their areas and chosen operating points.

    Parameters
    ----------
    curves : dict of str to (fpr, tpr)
        For each label (a model, say), the false and true positive rates as
        :func:`roc_curve` returns them: 1-D, of equal length, in ``[0, 1]``,
        ``fpr`` non-decreasing.
    title : str
        The figure's title.
    marked_points : dict of str to (float, float), optional
        Operating points to mark, each a ``(fpr, tpr)`` pair, such as the
        result of a chosen threshold.

    Returns
    -------
    matplotlib.figure.Figure
        True positive rate against false positive rate, one line per curve with
        its area under the curve (``np.trapezoid``) in its legend label, the
        dashed diagonal of a classifier that guesses, and the marked points.

    Raises
    ------
    TypeError
        If ``curves`` is not a non-empty dict, a curve is not a pair of arrays,
        or ``marked_points`` is not a dict of pairs of numbers.
    ValueError
        If a curve's rates are not 1-D, of equal length (at least 2), in
        ``[0, 1]`` and with ``fpr`` non-decreasing, or a marked point lies
        outside the unit square.
    """
    if not isinstance(curves, Mapping) or not curves:
        raise TypeError(f"curves must be a non-empty dict of label to (fpr, tpr), got {type(curves).__name__}")
    checked: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    for label, curve in curves.items():
        if not isinstance(curve, (tuple, list)) or len(curve) != 2:
            raise TypeError(f"curves[{label!r}] must be a pair (fpr, tpr), got {type(curve).__name__}")
        fpr = _check_rate(f"curves[{label!r}] fpr", curve[0])
        tpr = _check_rate(f"curves[{label!r}] tpr", curve[1])
        if fpr.size != tpr.size or fpr.size < 2:
            raise ValueError(
                f"curves[{label!r}]: fpr and tpr must have the same length, at least 2, "
                f"got {fpr.size} and {tpr.size}"
            )
        if np.any(np.diff(fpr) < 0):
            raise ValueError(f"curves[{label!r}]: fpr must be non-decreasing")
        checked[str(label)] = (fpr, tpr)
    points: dict[str, tuple[float, float]] = {}
    if marked_points is not None:
        if not isinstance(marked_points, Mapping):
            raise TypeError(f"marked_points must be a dict of label to (fpr, tpr), got {type(marked_points).__name__}")
        for label, point in marked_points.items():
            if not isinstance(point, (tuple, list)) or len(point) != 2:
                raise TypeError(f"marked_points[{label!r}] must be a pair (fpr, tpr), got {point!r}")
            x = _as_number(f"marked_points[{label!r}] fpr", point[0])
            y = _as_number(f"marked_points[{label!r}] tpr", point[1])
            if not (0 <= x <= 1 and 0 <= y <= 1):
                raise ValueError(f"marked_points[{label!r}] must lie in [0, 1] x [0, 1], got ({x:g}, {y:g})")
            points[str(label)] = (x, y)

    fig, ax = plt.subplots(figsize=(5.6, 5.2))
    for index, (label, (fpr, tpr)) in enumerate(checked.items()):
        area = float(_trapezoid(tpr, fpr))
        ax.plot(fpr, tpr, color=SERIES_COLOURS[index % len(SERIES_COLOURS)], linewidth=2,
                label=f"{label} (AUC = {area:.3f})")
    ax.plot([0, 1], [0, 1], color=OKABE_ITO["black"], linestyle="--", linewidth=1,
            label="chance (AUC = 0.500)")
    for index, (label, (x, y)) in enumerate(points.items()):
        colour, marker = _POINT_STYLES[index % len(_POINT_STYLES)]
        ax.plot([x], [y], linestyle="none", marker=marker, markersize=9, color=colour,
                markeredgecolor=OKABE_ITO["black"], zorder=3, label=label)
    ax.set_xlim(-0.02, 1.02)
    ax.set_ylim(-0.02, 1.02)
    ax.set_aspect("equal")
    ax.set_xlabel("false positive rate (1 - specificity)", fontsize=FONT_SIZE)
    ax.set_ylabel("true positive rate (recall)", fontsize=FONT_SIZE)
    ax.set_title(title, fontsize=FONT_SIZE + 1)
    ax.grid(alpha=0.3)
    ax.legend(loc="lower right", fontsize=FONT_SIZE - 1)
    fig.tight_layout()
    return fig
