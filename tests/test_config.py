"""Tests of helpers.config: the quick-mode switch."""

from __future__ import annotations

import pytest

from helpers import config


@pytest.mark.parametrize("value", ["1", "true", "TRUE", "yes", " on "])
def test_is_quick_true_values(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv(config.QUICK_ENV_VAR, value)
    assert config.is_quick() is True


@pytest.mark.parametrize("value", ["", "0", "false", "No", "off"])
def test_is_quick_false_values(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv(config.QUICK_ENV_VAR, value)
    assert config.is_quick() is False


def test_is_quick_unset(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(config.QUICK_ENV_VAR, raising=False)
    assert config.is_quick() is False


def test_is_quick_rejects_typo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(config.QUICK_ENV_VAR, "ture")
    with pytest.raises(ValueError, match=r"LSTM_BOOK_QUICK must be one of .* got 'ture'"):
        config.is_quick()


def test_epochs_full_and_quick(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(config.QUICK_ENV_VAR, raising=False)
    assert config.epochs(10) == 10
    monkeypatch.setenv(config.QUICK_ENV_VAR, "1")
    assert config.epochs(10) == 1
    assert config.epochs(10, quick=3) == 3
    assert config.epochs(2, quick=5) == 2


def test_sample_size_full_and_quick(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(config.QUICK_ENV_VAR, raising=False)
    assert config.sample_size(5000, quick=200) == 5000
    monkeypatch.setenv(config.QUICK_ENV_VAR, "1")
    assert config.sample_size(5000, quick=200) == 200


@pytest.mark.parametrize(
    ("args", "error", "message"),
    [
        ((2.5,), TypeError, "full must be an int, got float"),
        ((True,), TypeError, "full must be an int, got bool"),
        ((0,), ValueError, "full must be at least 1, got 0"),
        ((5, "1"), TypeError, "quick must be an int, got str"),
        ((5, -1), ValueError, "quick must be at least 1, got -1"),
    ],
)
def test_epochs_bad_input(args: tuple, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        config.epochs(*args)


def test_sample_size_bad_input() -> None:
    with pytest.raises(TypeError, match="quick must be an int, got NoneType"):
        config.sample_size(10, None)  # type: ignore[arg-type]


def test_claim_raises_in_full_mode_and_names_the_sentence(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(config.QUICK_ENV_VAR, "0")
    config.claim(2 > 1, "two beats one")
    with pytest.raises(AssertionError, match="the text says: one beats two"):
        config.claim(1 > 2, "one beats two")


def test_claim_checks_nothing_in_quick_mode(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(config.QUICK_ENV_VAR, "1")
    config.claim(False, "too little data in quick mode to hold")


def test_glue_returns_python_numbers() -> None:
    import numpy as np

    value = config.glue("test_value", np.float32(0.25))
    assert type(value) is float and value == 0.25
    assert type(config.glue("test_count", np.int64(7))) is int
    assert config.glue("test_text", "a tie") == "a tie"
