"""Tests of helpers.evaluation: losses equal Keras's, metrics equal scikit-learn's.

scikit-learn is used here only as a reference; the module itself needs NumPy alone.
"""

from __future__ import annotations

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import warnings

import keras
import numpy as np
import pytest
from numpy.testing import assert_allclose
from sklearn import metrics as sk

from helpers.evaluation import (
    binary_cross_entropy,
    classification_report,
    confusion_matrix,
    metrics_at_threshold,
    paired_bootstrap,
    roc_auc,
    roc_curve,
    threshold_for_precision,
)

KERAS_TOLERANCE = 1e-6  # Keras computes in float32, helpers.evaluation in float64
EXACT_TOLERANCE = 1e-9  # both sides in float64


def random_problem(examples: int, seed: int, decimals: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """Labels and informative scores in [0, 1], rounded so that many scores tie."""
    rng = np.random.default_rng(seed)
    labels = rng.integers(0, 2, size=examples)
    scores = np.clip(0.25 * labels + rng.uniform(0, 0.75, size=examples), 0, 1).round(decimals)
    return labels, scores


def sklearn_report(labels: np.ndarray, predictions: np.ndarray) -> dict[str, float]:
    """scikit-learn's version of :func:`classification_report`."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # single-class inputs warn in balanced_accuracy_score
        return {
            "accuracy": sk.accuracy_score(labels, predictions),
            "precision": sk.precision_score(labels, predictions, zero_division=0),
            "recall": sk.recall_score(labels, predictions, zero_division=0),
            "f1": sk.f1_score(labels, predictions, zero_division=0),
            "specificity": sk.recall_score(labels, predictions, pos_label=0, zero_division=0),
            "balanced_accuracy": sk.balanced_accuracy_score(labels, predictions),
        }


def assert_same_report(actual: dict[str, float], expected: dict[str, float]) -> None:
    assert list(actual) == ["accuracy", "precision", "recall", "f1", "specificity", "balanced_accuracy"]
    for key, value in expected.items():
        assert isinstance(actual[key], float)
        assert_allclose(actual[key], value, atol=EXACT_TOLERANCE, err_msg=key)


# --------------------------------------------------------------------------- binary cross-entropy


@pytest.mark.parametrize(("examples", "seed"), [(1, 0), (7, 1), (200, 2), (1000, 3)])
def test_binary_cross_entropy_matches_keras(examples: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    labels = rng.integers(0, 2, size=examples)
    # float32 so that Keras sees exactly the same probabilities.
    probabilities = rng.uniform(0.001, 0.999, size=examples).astype("float32")
    expected = float(keras.losses.BinaryCrossentropy()(labels, probabilities))
    assert_allclose(binary_cross_entropy(labels, probabilities), expected, rtol=KERAS_TOLERANCE)


def test_binary_cross_entropy_clips_like_keras() -> None:
    labels = np.array([1, 1, 0, 0, 1])
    probabilities = np.array([0.0, 1e-9, 0.0, 1e-12, 0.5], dtype="float32")
    expected = float(keras.losses.BinaryCrossentropy()(labels, probabilities))
    assert_allclose(binary_cross_entropy(labels, probabilities), expected, rtol=KERAS_TOLERANCE)
    # A confident wrong answer costs -log(epsilon), not infinity.
    assert_allclose(binary_cross_entropy([1], [0.0]), -np.log(1e-7), rtol=EXACT_TOLERANCE)
    # At the top end Keras's float32 rounds 1 - 1e-7 to 1 - 1.19e-7, so compare with the formula.
    assert_allclose(binary_cross_entropy([0], [1.0]), -np.log(1e-7), rtol=1e-7)


def test_binary_cross_entropy_known_values() -> None:
    assert_allclose(binary_cross_entropy([0, 1], [0.5, 0.5]), np.log(2), rtol=EXACT_TOLERANCE)
    assert_allclose(binary_cross_entropy([1, 0], [0.9, 0.2]), -(np.log(0.9) + np.log(0.8)) / 2, rtol=EXACT_TOLERANCE)
    assert_allclose(binary_cross_entropy([1], [0.0], epsilon=0.01), -np.log(0.01), rtol=EXACT_TOLERANCE)
    assert binary_cross_entropy([True, False], [1.0, 0.0]) < 1e-6


@pytest.mark.parametrize(
    ("labels", "probabilities", "error", "message"),
    [
        ([0, 2], [0.2, 0.3], ValueError, r"labels must contain only 0 and 1, got values \[0, 2\]"),
        ([0, 1], [0.2, 1.5], ValueError, r"probabilities must be probabilities in \[0, 1\] \(pass probabilities, not logits\)"),
        ([0, 1], [0.2, np.nan], ValueError, r"probabilities must be finite, got 1 NaN or infinite value\(s\)"),
        ([0, 1, 1], [0.2, 0.3], ValueError, "labels and probabilities must have the same length, got 3 and 2"),
        ([], [], ValueError, "labels must not be empty"),
        ([0, 1], np.array([[0.2], [0.3]]), ValueError, r"probabilities must be 1-D, .* got shape \(2, 1\); flatten it first"),
        ("01", [0.2, 0.3], TypeError, "labels must be an array or a list, got str"),
        ([0, 1], np.array(["a", "b"]), TypeError, "probabilities must hold real numbers, got dtype <U1"),
    ],
)
def test_binary_cross_entropy_bad_input(labels, probabilities, error, message) -> None:
    with pytest.raises(error, match=message):
        binary_cross_entropy(labels, probabilities)


# --------------------------------------------------------------------------- confusion matrix and report


def test_confusion_matrix_layout() -> None:
    labels = [0, 0, 0, 1, 1, 1, 1]
    predictions = [0, 1, 1, 0, 1, 1, 1]
    matrix = confusion_matrix(labels, predictions)
    assert matrix.dtype == np.int64
    np.testing.assert_array_equal(matrix, [[1, 2], [1, 3]])  # [[TN, FP], [FN, TP]]


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_confusion_matrix_matches_sklearn(seed: int) -> None:
    rng = np.random.default_rng(seed)
    labels, predictions = rng.integers(0, 2, size=100), rng.integers(0, 2, size=100)
    expected = sk.confusion_matrix(labels, predictions, labels=[0, 1])
    np.testing.assert_array_equal(confusion_matrix(labels, predictions), expected)


def test_confusion_matrix_accepts_bools_floats_and_one_class() -> None:
    np.testing.assert_array_equal(
        confusion_matrix(np.array([0.0, 1.0, 1.0], dtype="float32"), np.array([False, True, False])),
        [[1, 0], [1, 1]],
    )
    np.testing.assert_array_equal(confusion_matrix([1, 1], [1, 1]), [[0, 0], [0, 2]])


@pytest.mark.parametrize(
    ("labels", "predictions", "error", "message"),
    [
        ([0, 2, 1], [0, 1, 1], ValueError, r"labels must contain only 0 and 1, got values \[0, 1, 2\]"),
        ([0, 1], [0.9, 0.2], ValueError, r"predictions must contain only 0 and 1, got values \[0.2, 0.9\]"),
        ([0, 1, 1], [0, 1], ValueError, "labels and predictions must have the same length, got 3 and 2"),
        ([], [], ValueError, "labels must not be empty"),
        (np.zeros((2, 1)), [0, 1], ValueError, r"labels must be 1-D, one value per example, got shape \(2, 1\)"),
        (5, [0], TypeError, "labels must be an array or a list, got int"),
        ([0, 1], [None, 1], TypeError, "predictions must hold real numbers, got dtype object"),
    ],
)
def test_confusion_matrix_bad_input(labels, predictions, error, message) -> None:
    with pytest.raises(error, match=message):
        confusion_matrix(labels, predictions)


def test_classification_report_hand_example() -> None:
    # TN = 1, FP = 2, FN = 1, TP = 3
    report = classification_report([0, 0, 0, 1, 1, 1, 1], [0, 1, 1, 0, 1, 1, 1])
    expected = {
        "accuracy": 4 / 7,
        "precision": 3 / 5,
        "recall": 3 / 4,
        "f1": 2 * (3 / 5) * (3 / 4) / (3 / 5 + 3 / 4),
        "specificity": 1 / 3,
        "balanced_accuracy": (3 / 4 + 1 / 3) / 2,
    }
    assert_same_report(report, expected)


@pytest.mark.parametrize(("examples", "seed"), [(10, 0), (100, 1), (1000, 2), (37, 3)])
def test_classification_report_matches_sklearn(examples: int, seed: int) -> None:
    labels, scores = random_problem(examples, seed)
    predictions = (scores > 0.5).astype(int)
    assert_same_report(classification_report(labels, predictions), sklearn_report(labels, predictions))


@pytest.mark.parametrize("always", [0, 1], ids=["always negative", "always positive"])
def test_classification_report_degenerate_predictors(always: int) -> None:
    labels = np.random.default_rng(8).binomial(1, 0.2, size=200)
    predictions = np.full_like(labels, always)
    report = classification_report(labels, predictions)
    assert_same_report(report, sklearn_report(labels, predictions))
    assert report["balanced_accuracy"] == 0.5
    if always:
        assert report["recall"] == 1.0 and report["specificity"] == 0.0
        assert_allclose(report["precision"], labels.mean(), rtol=EXACT_TOLERANCE)
    else:
        assert report["precision"] == report["recall"] == report["f1"] == 0.0
        assert report["specificity"] == 1.0


@pytest.mark.parametrize(
    ("labels", "predictions"),
    [([1, 1, 1], [1, 0, 1]), ([0, 0, 0, 0], [0, 1, 0, 0]), ([0, 0], [0, 0]), ([1], [1])],
)
def test_classification_report_one_class_in_labels_matches_sklearn(labels, predictions) -> None:
    expected = sklearn_report(np.array(labels), np.array(predictions))
    assert_same_report(classification_report(labels, predictions), expected)


@pytest.mark.parametrize(
    ("labels", "predictions", "error", "message"),
    [
        ([0, 1], [0.1, 0.7], ValueError, r"predictions must contain only 0 and 1, got values \[0.1, 0.7\]"),
        ([0], [0, 1], ValueError, "labels and predictions must have the same length, got 1 and 2"),
        ([0, 1], "01", TypeError, "predictions must be an array or a list, got str"),
    ],
)
def test_classification_report_bad_input(labels, predictions, error, message) -> None:
    with pytest.raises(error, match=message):
        classification_report(labels, predictions)


# --------------------------------------------------------------------------- ROC curve and AUC


@pytest.mark.parametrize(("examples", "seed", "decimals"), [(20, 0, 1), (300, 1, 1), (500, 2, 2), (1000, 3, 6)])
def test_roc_auc_matches_sklearn_with_ties(examples: int, seed: int, decimals: int) -> None:
    labels, scores = random_problem(examples, seed, decimals)
    assert len(np.unique(scores)) < examples or decimals == 6  # there are ties to handle
    assert_allclose(roc_auc(labels, scores), sk.roc_auc_score(labels, scores), atol=EXACT_TOLERANCE)


@pytest.mark.parametrize(
    ("scores", "expected"),
    [([0.1, 0.2, 0.8, 0.9], 1.0), ([0.9, 0.8, 0.2, 0.1], 0.0), ([0.5, 0.5, 0.5, 0.5], 0.5), ([3, 3, 3, 7], 0.75)],
    ids=["perfect", "reversed", "constant", "tied"],
)
def test_roc_auc_known_values(scores: list[float], expected: float) -> None:
    assert_allclose(roc_auc([0, 0, 1, 1], scores), expected, atol=EXACT_TOLERANCE)


def test_roc_auc_is_the_chance_a_positive_outranks_a_negative() -> None:
    labels, scores = random_problem(120, seed=9)
    positives, negatives = scores[labels == 1], scores[labels == 0]
    difference = positives[:, None] - negatives[None, :]
    expected = np.mean((difference > 0) + 0.5 * (difference == 0))
    assert_allclose(roc_auc(labels, scores), expected, atol=EXACT_TOLERANCE)


def test_roc_auc_depends_only_on_the_order_of_the_scores() -> None:
    rng = np.random.default_rng(10)
    labels, logits = rng.integers(0, 2, size=200), rng.normal(size=200)
    assert_allclose(roc_auc(labels, logits), roc_auc(labels, 1 / (1 + np.exp(-logits))), atol=EXACT_TOLERANCE)
    assert_allclose(roc_auc(labels, -logits), 1 - roc_auc(labels, logits), atol=EXACT_TOLERANCE)


@pytest.mark.parametrize(("examples", "seed"), [(20, 0), (300, 1), (64, 2)])
def test_roc_curve_matches_sklearn_points(examples: int, seed: int) -> None:
    labels, scores = random_problem(examples, seed)
    fpr, tpr, thresholds = roc_curve(labels, scores)
    expected_fpr, expected_tpr, expected_thresholds = sk.roc_curve(labels, scores, drop_intermediate=False)
    assert_allclose(fpr, expected_fpr, atol=EXACT_TOLERANCE)
    assert_allclose(tpr, expected_tpr, atol=EXACT_TOLERANCE)
    # scikit-learn counts `score >= t` positive from t = inf; `score > t` needs each threshold one score lower.
    assert_allclose(thresholds[:-1], expected_thresholds[1:], atol=EXACT_TOLERANCE)
    assert thresholds[-1] == -np.inf


def test_roc_curve_ties_give_one_diagonal_step() -> None:
    fpr, tpr, thresholds = roc_curve([0, 1, 1, 0], [0.1, 0.5, 0.5, 0.5])
    assert_allclose(fpr, [0.0, 0.5, 1.0], atol=EXACT_TOLERANCE)
    assert_allclose(tpr, [0.0, 1.0, 1.0], atol=EXACT_TOLERANCE)
    assert list(thresholds) == [0.5, 0.1, -np.inf]


def test_roc_curve_points_are_the_rates_of_score_above_threshold() -> None:
    labels, scores = random_problem(250, seed=11, decimals=3)
    fpr, tpr, thresholds = roc_curve(labels, scores)
    assert (fpr[0], tpr[0], fpr[-1], tpr[-1]) == (0.0, 0.0, 1.0, 1.0)
    assert np.all(np.diff(fpr) >= 0) and np.all(np.diff(tpr) >= 0) and np.all(np.diff(thresholds) < 0)
    assert thresholds[0] == scores.max() and len(thresholds) == len(np.unique(scores)) + 1
    for index in range(len(thresholds)):
        report = metrics_at_threshold(labels, scores, thresholds[index])
        assert_allclose((1 - report["specificity"], report["recall"]), (fpr[index], tpr[index]), atol=EXACT_TOLERANCE)


@pytest.mark.parametrize(
    ("labels", "scores", "error", "message"),
    [
        ([1, 1, 1], [0.1, 0.2, 0.3], ValueError, "labels must contain both classes 0 and 1 to draw a ROC curve, got only class 1"),
        ([0, 1], [0.1, np.nan], ValueError, r"scores must be finite, got 1 NaN or infinite value\(s\)"),
        ([0, 1, 1], [0.1, 0.2], ValueError, "labels and scores must have the same length, got 3 and 2"),
        ([0, -1], [0.1, 0.2], ValueError, r"labels must contain only 0 and 1, got values \[-1, 0\]"),
        ([0, 1], ["a", "b"], TypeError, "scores must hold real numbers, got dtype <U1"),
    ],
)
def test_roc_curve_bad_input(labels, scores, error, message) -> None:
    with pytest.raises(error, match=message):
        roc_curve(labels, scores)


@pytest.mark.parametrize(
    ("labels", "scores", "error", "message"),
    [
        ([0, 0], [0.1, 0.2], ValueError, "labels must contain both classes 0 and 1 to draw a ROC curve, got only class 0"),
        ([0, 1], [-np.inf, np.inf], ValueError, r"scores must be finite, got 2 NaN or infinite value\(s\)"),
        ([0, 1], np.array([[0.1], [0.2]]), ValueError, r"scores must be 1-D, one value per example, got shape \(2, 1\)"),
    ],
)
def test_roc_auc_bad_input(labels, scores, error, message) -> None:
    with pytest.raises(error, match=message):
        roc_auc(labels, scores)


# --------------------------------------------------------------------------- thresholds


def test_threshold_for_precision_hand_example() -> None:
    labels = [1, 1, 0, 1, 0, 0]
    scores = [0.9, 0.8, 0.7, 0.6, 0.5, 0.1]
    # Precision of the top 1 .. 6 scores: 1, 1, 2/3, 3/4, 3/5, 1/2.
    assert threshold_for_precision(labels, scores, 1.0) == 0.7  # 0.7 itself counts as negative
    assert metrics_at_threshold(labels, scores, 0.7)["precision"] == 1.0
    assert threshold_for_precision(labels, scores, 0.75) == 0.5  # not monotonic: the top 3 give only 2/3
    assert threshold_for_precision(labels, scores, 0.6) == 0.1
    assert threshold_for_precision(labels, scores, 0.5) == -np.inf  # everything positive


@pytest.mark.parametrize(("seed", "target"), [(0, 0.6), (1, 0.75), (2, 0.9), (3, 0.95)])
def test_threshold_for_precision_is_the_smallest_reaching_the_target(seed: int, target: float) -> None:
    labels, scores = random_problem(400, seed, decimals=2)
    reaching = [
        t for t in np.r_[-np.inf, np.unique(scores)]
        if sk.precision_score(labels, (scores > t).astype(int), zero_division=0) >= target
    ]
    threshold = threshold_for_precision(labels, scores, target)
    assert isinstance(threshold, float) and threshold == min(reaching)
    assert metrics_at_threshold(labels, scores, threshold)["precision"] >= target


@pytest.mark.parametrize(
    ("labels", "target", "error", "message"),
    [
        ([0, 1, 0, 1], 0.9, ValueError, "no threshold reaches precision 0.9 on these data; the highest is 0.6667, at threshold 0.1"),
        ([0, 0, 0, 0], 0.5, ValueError, "no threshold reaches precision 0.5 on these data; the highest is 0,"),
        ([0, 1, 0, 1], 0, ValueError, r"target_precision must be in \(0, 1\], got 0"),
        ([0, 1, 0, 1], 1.2, ValueError, r"target_precision must be in \(0, 1\], got 1.2"),
        ([0, 1, 0, 1], "0.9", TypeError, "target_precision must be a number, got str"),
        ([0, 1, 0, 1], None, TypeError, "target_precision must be a number, got NoneType"),
        ([0, 1, 2, 1], 0.5, ValueError, r"labels must contain only 0 and 1, got values \[0, 1, 2\]"),
    ],
)
def test_threshold_for_precision_bad_input(labels, target, error, message) -> None:
    with pytest.raises(error, match=message):
        threshold_for_precision(labels, [0.1, 0.2, 0.4, 0.3], target)


@pytest.mark.parametrize("threshold", [0.0, 0.35, 0.5, 0.73, 1.0, np.inf, -np.inf])
def test_metrics_at_threshold_matches_sklearn(threshold: float) -> None:
    labels, scores = random_problem(300, seed=12, decimals=2)
    predictions = (scores > threshold).astype(int)
    assert_same_report(metrics_at_threshold(labels, scores, threshold), sklearn_report(labels, predictions))


@pytest.mark.parametrize("threshold", [0.25, 0.5, 0.75])
def test_metrics_at_threshold_counts_a_score_equal_to_the_threshold_as_negative_like_keras(threshold: float) -> None:
    labels = np.array([0, 1, 1, 0, 1, 0])
    scores = np.array([0.5, 0.625, 0.75, 0.25, 0.875, 0.375])  # one equals each threshold, exactly in float32
    keras_accuracy = keras.metrics.BinaryAccuracy(threshold=threshold)
    keras_accuracy.update_state(labels, scores)
    accuracy = metrics_at_threshold(labels, scores, threshold)["accuracy"]
    assert_allclose(accuracy, float(keras_accuracy.result()), rtol=1e-6)
    assert accuracy != np.mean((scores >= threshold) == labels)


@pytest.mark.parametrize(
    ("scores", "threshold", "error", "message"),
    [
        ([0.2, 0.8], np.nan, ValueError, "threshold must be a number, got nan"),
        ([0.2, 0.8], "0.5", TypeError, "threshold must be a number, got str"),
        ([0.2, 0.8], True, TypeError, "threshold must be a number, got bool"),
        ([0.2, np.nan], 0.5, ValueError, r"scores must be finite, got 1 NaN or infinite value\(s\)"),
        ([0.2], 0.5, ValueError, "labels and scores must have the same length, got 2 and 1"),
    ],
)
def test_metrics_at_threshold_bad_input(scores, threshold, error, message) -> None:
    with pytest.raises(error, match=message):
        metrics_at_threshold([0, 1], scores, threshold)


def test_paired_bootstrap_of_a_model_against_itself_finds_nothing() -> None:
    correct = np.random.default_rng(0).random((3, 500)) < 0.8
    result = paired_bootstrap(correct, correct, resamples=1_000)
    assert result.difference == 0 and result.p_value > 0.5 and result.low <= 0 <= result.high


def test_paired_bootstrap_finds_a_clear_difference_and_brackets_it() -> None:
    rng = np.random.default_rng(1)
    b = rng.random((5, 2_000)) < 0.80
    a = b | (rng.random((5, 2_000)) < 0.25)  # A is right wherever B is, and on a quarter of B's errors
    result = paired_bootstrap(a, b, resamples=2_000)
    assert result.difference == pytest.approx(a.mean() - b.mean())
    assert 0 < result.low < result.difference < result.high and result.p_value < 0.01


def test_paired_bootstrap_spread_grows_with_the_runs_disagreeing() -> None:
    rng = np.random.default_rng(2)
    base = rng.random(2_000) < 0.8
    steady = np.tile(base, (5, 1))
    noisy = np.stack([base ^ (rng.random(2_000) < 0.1 * k) for k in range(5)])  # runs that differ from each other
    width = lambda result: result.high - result.low  # noqa: E731
    assert width(paired_bootstrap(noisy, steady, resamples=2_000)) > width(paired_bootstrap(steady, steady, resamples=2_000))


def test_paired_bootstrap_of_one_run_each_agrees_with_mcnemar() -> None:
    from scipy.stats import binomtest

    a = np.zeros(1_000, dtype=int)
    b = np.zeros(1_000, dtype=int)
    a[:60], b[60:90] = 1, 1  # only A right on 60 examples, only B on 30
    mcnemar_p = binomtest(60, 90, 0.5).pvalue
    assert paired_bootstrap(a, b).p_value == pytest.approx(mcnemar_p, abs=0.01)


@pytest.mark.parametrize(
    ("a", "b", "arguments", "error", "message"),
    [
        ("right", [1, 0], {}, TypeError, "correct_a must be an array or a list"),
        ([1, 0], [1, 0, 1], {}, ValueError, "must have the same length, got 2 and 3"),
        ([1, 2], [1, 0], {}, ValueError, "correct_a must contain only 0 and 1"),
        ([[[1]]], [1], {}, ValueError, "correct_a must be 1-D .one run. or 2-D"),
        ([1, 0], [1, 0], {"resamples": 10}, ValueError, "resamples must be at least 100"),
    ],
)
def test_paired_bootstrap_rejects_bad_input(a: object, b: object, arguments: dict, error: type, message: str) -> None:
    with pytest.raises(error, match=message):
        paired_bootstrap(a, b, **arguments)
