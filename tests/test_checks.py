"""Tests for helpers._checks, the argument checks the helpers modules share."""

import numpy as np
import pytest

from helpers._checks import check_bool, check_int


@pytest.mark.parametrize("value", [3, np.int64(3), np.int32(3)])
def test_check_int_accepts_python_and_numpy_ints(value: object) -> None:
    result = check_int("size", value, 1)
    assert result == 3 and type(result) is int


@pytest.mark.parametrize("value", [True, 3.0, "3", None])
def test_check_int_rejects_non_ints_naming_the_argument(value: object) -> None:
    with pytest.raises(TypeError, match="size must be an int"):
        check_int("size", value, 1)


def test_check_int_enforces_the_minimum() -> None:
    assert check_int("size", 1, 1) == 1
    with pytest.raises(ValueError, match="size must be at least 1, got 0"):
        check_int("size", 0, 1)


@pytest.mark.parametrize("value", [True, False, np.True_])
def test_check_bool_accepts_bools(value: object) -> None:
    assert check_bool("flag", value) is bool(value)


@pytest.mark.parametrize("value", [0, 1, "yes", None])
def test_check_bool_rejects_everything_else(value: object) -> None:
    with pytest.raises(TypeError, match="flag must be a bool"):
        check_bool("flag", value)
