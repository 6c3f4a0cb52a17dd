"""Tests of helpers.tasks: the adding problem is what it claims."""

from __future__ import annotations

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal

from helpers.tasks import adding_task


def test_adding_task_same_seed_same_data_other_seed_other_data() -> None:
    first = adding_task(30, 6, seed=10)
    again = adding_task(30, 6, seed=10)
    other = adding_task(30, 6, seed=11)
    assert_array_equal(first[0], again[0])
    assert_array_equal(first[1], again[1])
    assert not np.array_equal(first[0], other[0])


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
