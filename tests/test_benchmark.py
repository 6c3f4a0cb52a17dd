"""Tests of the benchmark script's pure helpers (benchmarks/imdb.py is a script, not part of helpers)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import pytest

_SPEC = importlib.util.spec_from_file_location("imdb_benchmark", Path(__file__).parent.parent / "benchmarks" / "imdb.py")
assert _SPEC is not None and _SPEC.loader is not None
bench = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(bench)


def test_teacher_weight_picks_the_model_that_knows() -> None:
    labels = np.array([1, 0, 1, 0, 1, 0])
    knows = np.array([0.9, 0.1, 0.8, 0.2, 0.9, 0.1])
    guesses = np.full(6, 0.5)
    assert bench._teacher_weight(knows, guesses, labels) == 1.0
    assert bench._teacher_weight(guesses, knows, labels) == 0.0


def test_teacher_weight_mixes_models_that_err_on_different_reviews() -> None:
    labels = np.array([1, 1, 0, 0])
    first = np.array([0.9, 0.3, 0.1, 0.1])  # wrong on the second review
    second = np.array([0.3, 0.9, 0.1, 0.1])  # wrong on the first
    assert bench._teacher_weight(first, second, labels) == pytest.approx(0.5)


def test_teacher_weight_survives_certain_wrong_answers() -> None:
    labels = np.array([1, 0])
    weight = bench._teacher_weight(np.array([0.0, 1.0]), np.array([1.0, 0.0]), labels)  # log(0) without the clip
    assert weight == 0.0


def test_accuracy_counts_a_probability_of_one_half_as_positive() -> None:
    assert bench._accuracy(np.array([[0.5], [0.49], [0.9]]), np.array([1, 0, 0])) == pytest.approx(2 / 3)
