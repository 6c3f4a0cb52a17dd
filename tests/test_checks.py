"""Tests of helpers.checks, the input checks for a reader's own data."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

from helpers.checks import as_labels, as_scores, as_vector, check_int, check_texts, same_length


@pytest.mark.parametrize(
    ("check", "args", "kwargs", "expected"),
    [
        (check_int, ("n", 3, 1), {}, 3),
        (check_int, ("n", np.int64(0), 0), {}, 0),
        (check_texts, ("texts", ("a", "b")), {}, ["a", "b"]),
        (as_vector, ("x", [1, 2]), {}, np.array([1, 2])),
        (as_vector, ("x", (True, False)), {}, np.array([True, False])),
        (as_labels, ("y", [0.0, 1.0, True]), {}, np.array([0, 1, 1], dtype=np.int64)),
        (as_scores, ("s", [-3, 2.5]), {}, np.array([-3.0, 2.5])),
        (as_scores, ("p", np.array([0, 1], dtype=np.float32)), {"probabilities": True}, np.array([0.0, 1.0])),
        (same_length, ("a", [1, 2], "b", np.zeros(2)), {}, None),
    ],
)
def test_checks_accept_good_input(check: Callable[..., Any], args: tuple, kwargs: dict, expected: Any) -> None:
    result = check(*args, **kwargs)
    assert type(result) is type(expected)
    if isinstance(expected, np.ndarray):
        assert result.dtype == expected.dtype
        np.testing.assert_array_equal(result, expected)
    else:
        assert result == expected


@pytest.mark.parametrize(
    ("check", "args", "kwargs", "error", "message"),
    [
        (check_int, ("n", True, 1), {}, TypeError, r"n must be an int, got bool \(True\)"),
        (check_int, ("n", 3.0, 1), {}, TypeError, r"n must be an int, got float \(3.0\)"),
        (check_int, ("n", 0, 1), {}, ValueError, "n must be at least 1, got 0"),
        (check_texts, ("texts", "a review"), {}, TypeError, r"got a single str .*wrap it in a list: \[text\]"),
        (check_texts, ("texts", {"a"}), {}, TypeError, "texts must be a list or tuple of str, got set"),
        (check_texts, ("texts", []), {}, ValueError, "texts must hold at least one text, got an empty list"),
        (check_texts, ("texts", ["a", 3]), {}, TypeError, r"texts\[1\] must be a str, got int \(3\)"),
        (as_vector, ("x", "01"), {}, TypeError, "x must be an array or a list, got str"),
        (as_vector, ("x", 0.5), {}, TypeError, "x must be an array or a list, got float"),
        (as_vector, ("x", np.array(["a"])), {}, TypeError, "x must hold real numbers, got dtype <U1"),
        (as_vector, ("x", [1j]), {}, TypeError, "x must hold real numbers, got dtype complex128"),
        (as_vector, ("x", np.zeros((2, 1))), {}, ValueError, r"x must be 1-D, one value per example, got shape \(2, 1\); flatten it"),
        (as_vector, ("x", np.zeros((2, 2))), {}, ValueError, r"got shape \(2, 2\)$"),
        (as_vector, ("x", []), {}, ValueError, "x must not be empty"),
        (as_labels, ("y", [0, 2, 1]), {}, ValueError, r"y must contain only 0 and 1, got values \[0, 1, 2\]"),
        (as_labels, ("y", [0, np.nan]), {}, ValueError, r"y must contain only 0 and 1, got values \[0.0, nan\]"),
        (as_scores, ("s", [0.1, np.nan, np.inf]), {}, ValueError, r"s must be finite, got 2 NaN or infinite value\(s\)"),
        (as_scores, ("p", [0.5, 1.5]), {"probabilities": True}, ValueError, r"p must be probabilities in \[0, 1\]"),
        (as_scores, ("p", [-0.1]), {"probabilities": True}, ValueError, "pass probabilities, not logits"),
        (same_length, ("a", [1], "b", [1, 2]), {}, ValueError, "a and b must have the same length, got 1 and 2"),
    ],
)
def test_checks_reject_bad_input(
    check: Callable[..., Any], args: tuple, kwargs: dict, error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        check(*args, **kwargs)
