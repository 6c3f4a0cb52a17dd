"""Tests of helpers.tasks: the synthetic long-memory tasks are what they claim."""

from __future__ import annotations

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal

from helpers.tasks import adding_task, first_token_task

# Largest gap allowed between a distractor symbol's frequency in the two classes.
FREQUENCY_TOLERANCE = 0.02


@pytest.mark.parametrize(
    ("n_samples", "length", "n_symbols"),
    [(1, 2, 3), (2, 2, 3), (10, 5, 8), (64, 30, 4), (7, 3, 10)],
)
def test_first_token_task_shapes_and_dtypes(n_samples: int, length: int, n_symbols: int) -> None:
    inputs, labels = first_token_task(n_samples, length, n_symbols=n_symbols, seed=1)
    assert inputs.shape == (n_samples, length, n_symbols) and inputs.dtype == np.float32
    assert labels.shape == (n_samples,) and labels.dtype == np.int32
    assert set(np.unique(labels)) <= {0, 1}


def test_first_token_task_is_one_hot() -> None:
    inputs, _ = first_token_task(50, 12, n_symbols=6, seed=2)
    assert set(np.unique(inputs)) == {0.0, 1.0}
    assert_array_equal(inputs.sum(axis=-1), np.ones((50, 12)))


@pytest.mark.parametrize("n_samples", [2, 10, 100, 1000])
def test_first_token_task_even_sizes_are_exactly_balanced(n_samples: int) -> None:
    _, labels = first_token_task(n_samples, 4, seed=3)
    assert np.sum(labels == 0) == np.sum(labels == 1) == n_samples // 2


@pytest.mark.parametrize("n_samples", [1, 3, 11, 101])
def test_first_token_task_odd_sizes_differ_by_one(n_samples: int) -> None:
    _, labels = first_token_task(n_samples, 4, seed=4)
    assert abs(int(np.sum(labels == 0)) - int(np.sum(labels == 1))) == 1


def test_first_token_task_labels_are_shuffled() -> None:
    _, labels = first_token_task(100, 4, seed=5)
    assert 0 < labels[:50].sum() < 50


def test_first_token_task_label_is_the_first_symbol() -> None:
    inputs, labels = first_token_task(200, 10, n_symbols=5, seed=6)
    symbols = inputs.argmax(axis=-1)
    assert_array_equal(symbols[:, 0], labels)
    assert symbols[:, 1:].min() >= 2 and symbols[:, 1:].max() <= 4


def test_first_token_task_first_step_alone_is_perfectly_separable() -> None:
    inputs, labels = first_token_task(400, 20, seed=7)
    first_step = inputs[:, 0, :].astype(np.float64)
    # Logistic regression on step 0 only, by plain gradient descent.
    weights, bias = np.zeros(first_step.shape[1]), 0.0
    for _ in range(200):
        probabilities = 1 / (1 + np.exp(-(first_step @ weights + bias)))
        error = probabilities - labels
        weights -= 1.0 * first_step.T @ error / len(labels)
        bias -= 1.0 * error.mean()
    test_inputs, test_labels = first_token_task(400, 20, seed=8)
    predictions = (test_inputs[:, 0, :] @ weights + bias) > 0
    assert np.mean(predictions == test_labels) == 1.0


def test_first_token_task_distractors_carry_no_label_information() -> None:
    n_symbols = 8
    inputs, labels = first_token_task(2000, 20, n_symbols=n_symbols, seed=9)
    distractors = inputs[:, 1:, :]
    frequencies = [distractors[labels == label].mean(axis=(0, 1)) for label in (0, 1)]
    # The two signal symbols never appear after step 0 ...
    assert_array_equal(frequencies[0][:2], [0, 0])
    assert_array_equal(frequencies[1][:2], [0, 0])
    # ... and the others are uniform, whatever the label.
    uniform = np.full(n_symbols - 2, 1 / (n_symbols - 2))
    for frequency in frequencies:
        assert_allclose(frequency[2:], uniform, atol=FREQUENCY_TOLERANCE)
    assert_allclose(frequencies[0], frequencies[1], atol=FREQUENCY_TOLERANCE)


@pytest.mark.parametrize("make_task", [first_token_task, adding_task], ids=lambda f: f.__name__)
def test_tasks_same_seed_same_data_other_seed_other_data(make_task) -> None:
    first = make_task(30, 6, seed=10)
    again = make_task(30, 6, seed=10)
    other = make_task(30, 6, seed=11)
    assert_array_equal(first[0], again[0])
    assert_array_equal(first[1], again[1])
    assert not np.array_equal(first[0], other[0])


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"n_samples": 0, "length": 5}, ValueError, "n_samples must be at least 1, got 0"),
        ({"n_samples": 4, "length": 1}, ValueError, "length must be at least 2, got 1"),
        ({"n_samples": 4, "length": 5, "n_symbols": 2}, ValueError, "n_symbols must be at least 3, got 2"),
        ({"n_samples": 4, "length": 5, "seed": -1}, ValueError, "seed must be at least 0, got -1"),
        ({"n_samples": 4.0, "length": 5}, TypeError, r"n_samples must be an int, got float \(4.0\)"),
        ({"n_samples": 4, "length": "5"}, TypeError, r"length must be an int, got str \('5'\)"),
        ({"n_samples": 4, "length": 5, "n_symbols": True}, TypeError, r"n_symbols must be an int, got bool"),
        ({"n_samples": 4, "length": 5, "seed": None}, TypeError, r"seed must be an int, got NoneType"),
    ],
)
def test_first_token_task_bad_input(kwargs, error, message) -> None:
    with pytest.raises(error, match=message):
        first_token_task(**kwargs)


@pytest.mark.parametrize(("n_samples", "length"), [(1, 2), (5, 3), (64, 50), (10, 101)])
def test_adding_task_shapes_and_dtypes(n_samples: int, length: int) -> None:
    inputs, targets = adding_task(n_samples, length, seed=1)
    assert inputs.shape == (n_samples, length, 2) and inputs.dtype == np.float32
    assert targets.shape == (n_samples,) and targets.dtype == np.float32


@pytest.mark.parametrize("length", [2, 3, 10, 51])
def test_adding_task_marks_one_step_in_each_half(length: int) -> None:
    inputs, _ = adding_task(500, length, seed=2)
    values, marker = inputs[..., 0], inputs[..., 1]
    half = length // 2
    assert set(np.unique(marker)) <= {0.0, 1.0}
    assert_array_equal(marker[:, :half].sum(axis=1), np.ones(500))
    assert_array_equal(marker[:, half:].sum(axis=1), np.ones(500))
    assert values.min() >= 0.0 and values.max() < 1.0


def test_adding_task_target_is_the_sum_of_the_marked_values() -> None:
    inputs, targets = adding_task(300, 40, seed=3)
    expected = (inputs[..., 0] * inputs[..., 1]).sum(axis=1)
    assert_allclose(targets, expected, rtol=1e-6)


def test_adding_task_markers_cover_every_position() -> None:
    inputs, _ = adding_task(2000, 10, seed=4)
    assert np.all(inputs[..., 1].sum(axis=0) > 0)


def test_adding_task_mean_baseline_is_about_one_sixth() -> None:
    _, targets = adding_task(20_000, 20, seed=5)
    assert_allclose(targets.mean(), 1.0, atol=0.02)
    assert_allclose(np.mean((targets - 1.0) ** 2), 1 / 6, atol=0.01)


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"n_samples": 0, "length": 5}, ValueError, "n_samples must be at least 1, got 0"),
        ({"n_samples": 3, "length": 1}, ValueError, "length must be at least 2, got 1"),
        ({"n_samples": 3, "length": 5, "seed": -2}, ValueError, "seed must be at least 0, got -2"),
        ({"n_samples": 3.5, "length": 5}, TypeError, r"n_samples must be an int, got float \(3.5\)"),
        ({"n_samples": 3, "length": False}, TypeError, "length must be an int, got bool"),
        ({"n_samples": 3, "length": 5, "seed": 1.0}, TypeError, "seed must be an int, got float"),
    ],
)
def test_adding_task_bad_input(kwargs, error, message) -> None:
    with pytest.raises(error, match=message):
        adding_task(**kwargs)
