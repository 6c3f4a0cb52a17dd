"""Tests for helpers.timeseries: the loaders (offline, bad input, missing package), the paired block bootstrap, the figures."""

from __future__ import annotations

import socket
import sys

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest
from numpy.testing import assert_allclose

from helpers.timeseries import (
    load_seattle_hourly_temperatures,
    load_seattle_weather,
    load_stock_prices,
    paired_block_bootstrap,
    plot_cross_correlation,
    plot_forecast_against_truth,
    plot_horizon_errors,
    plot_splits,
    plot_window,
)


@pytest.fixture
def offline(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any attempt to open a network connection fails."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError("network access in an offline test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def test_load_seattle_weather_reads_every_day_offline(offline: None) -> None:
    weather = load_seattle_weather()
    assert list(weather.columns) == ["precipitation", "temp_max", "temp_min", "wind"]
    assert len(weather) == 1461 and weather.index.is_monotonic_increasing
    assert str(weather.index[0].date()) == "2012-01-01" and str(weather.index[-1].date()) == "2015-12-31"
    assert (weather["temp_max"] >= weather["temp_min"]).all()
    assert weather.dtypes.eq("float64").all() and not weather.isna().any().any()


def test_load_seattle_weather_picks_columns() -> None:
    assert list(load_seattle_weather("temp_max").columns) == ["temp_max"]
    assert list(load_seattle_weather(["wind", "temp_min"]).columns) == ["wind", "temp_min"]


def test_load_seattle_hourly_temperatures_reads_the_year_2010_offline(offline: None) -> None:
    hourly = load_seattle_hourly_temperatures()
    assert len(hourly) == 8759 and hourly.index.is_monotonic_increasing  # one hour of 2010 is missing
    assert hourly.index[0].year == hourly.index[-1].year == 2010 and hourly.dtype == "float64"


def test_load_stock_prices_reads_monthly_prices_offline(offline: None) -> None:
    prices = load_stock_prices()
    assert list(prices.columns) == ["AAPL", "AMZN", "GOOG", "IBM", "MSFT"]
    assert len(prices) == 123 and prices.index.is_monotonic_increasing
    assert prices["GOOG"].isna().sum() == 123 - 68 and prices.drop(columns="GOOG").notna().all().all()
    assert list(load_stock_prices("MSFT").columns) == ["MSFT"]


@pytest.mark.parametrize(
    ("loader", "argument", "error", "message"),
    [
        (load_seattle_weather, 3, TypeError, "columns must be a str or a list of str, got int"),
        (load_seattle_weather, {"temp_max"}, TypeError, "columns must be a str or a list of str, got set"),
        (load_seattle_weather, ["temp_max", 1], TypeError, "columns must hold str, got int"),
        (load_seattle_weather, [], ValueError, "columns must name at least one of"),
        (load_seattle_weather, "temperature", ValueError, "columns must be some of .* got 'temperature'"),
        (load_stock_prices, 7, TypeError, "symbols must be a str or a list of str, got int"),
        (load_stock_prices, ("MSFT", "TSLA"), ValueError, "symbols must be some of .* got 'TSLA'"),
        (load_stock_prices, (), ValueError, "symbols must name at least one of"),
    ],
)
def test_loaders_reject_bad_input(loader, argument: object, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        loader(argument)


@pytest.mark.parametrize("loader", [load_seattle_weather, load_seattle_hourly_temperatures, load_stock_prices])
def test_loaders_say_how_to_install_a_missing_package(loader, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "vega_datasets", None)  # makes `import vega_datasets` fail
    with pytest.raises(ModuleNotFoundError, match="pip install vega_datasets"):
        loader()


def test_paired_block_bootstrap_finds_a_clear_difference() -> None:
    rng = np.random.default_rng(0)
    b = np.abs(rng.normal(size=500))
    result = paired_block_bootstrap(b + 0.5, b, block_length=10, resamples=2_000)
    assert_allclose(result.difference, 0.5, atol=1e-12)
    assert result.low > 0 and result.p_value < 0.01


def test_paired_block_bootstrap_calls_identical_errors_a_tie() -> None:
    errors = np.abs(np.random.default_rng(1).normal(size=(3, 200)))
    result = paired_block_bootstrap(errors, errors, block_length=5, resamples=1_000)
    assert result.difference == 0 and result.p_value == 1.0


def test_paired_block_bootstrap_blocks_widen_the_interval_for_correlated_errors() -> None:
    rng = np.random.default_rng(2)
    noise = np.repeat(rng.normal(size=50), 20)  # errors that move together in runs of 20 steps
    a, b = np.abs(noise) + 0.05 * rng.normal(size=1000), np.zeros(1000)
    plain = paired_block_bootstrap(a, b, block_length=1, resamples=2_000)
    blocks = paired_block_bootstrap(a, b, block_length=40, resamples=2_000)
    assert blocks.high - blocks.low > 2 * (plain.high - plain.low)


def test_paired_block_bootstrap_block_length_1_matches_the_standard_error() -> None:
    rng = np.random.default_rng(3)
    d = rng.normal(size=2_000)
    result = paired_block_bootstrap(d, np.zeros_like(d), block_length=1, resamples=5_000)
    standard_error = d.std() / np.sqrt(d.size)
    assert_allclose(result.high - result.low, 2 * 1.96 * standard_error, rtol=0.1)


def test_paired_block_bootstrap_is_seeded() -> None:
    rng = np.random.default_rng(4)
    a, b = rng.random((2, 300)), rng.random((2, 300))
    assert paired_block_bootstrap(a, b, 7, seed=5) == paired_block_bootstrap(a, b, 7, seed=5)


@pytest.mark.parametrize(
    ("a", "b", "kwargs", "error", "message"),
    [
        ("abc", [1.0, 2.0], {}, TypeError, "errors_a must be an array or a list"),
        ([1.0, 2.0], 3.0, {}, TypeError, "errors_b must be an array or a list"),
        (["x", "y"], [1.0, 2.0], {}, TypeError, "errors_a must hold real numbers"),
        ([], [], {}, ValueError, "errors_a must be 1-D .* not empty"),
        (np.zeros((2, 2, 2)), np.zeros(2), {}, ValueError, "errors_a must be 1-D .* got shape"),
        ([1.0, np.nan], [1.0, 2.0], {}, ValueError, "errors_a must be finite"),
        ([1.0, 2.0, 3.0], [1.0, 2.0], {}, ValueError, "the same time points, got 3 and 2"),
        ([1.0, 2.0], [1.0, 2.0], {"block_length": 3}, ValueError, "block_length must be at most the 2 time points"),
        ([1.0, 2.0], [1.0, 2.0], {"block_length": 0}, ValueError, "block_length must be at least 1"),
        ([1.0, 2.0], [1.0, 2.0], {"block_length": 1.5}, TypeError, "block_length must be an int"),
        ([1.0, 2.0], [1.0, 2.0], {"block_length": 1, "resamples": 10}, ValueError, "resamples must be at least 100"),
    ],
)
def test_paired_block_bootstrap_rejects_bad_input(a: object, b: object, kwargs: dict, error: type[Exception], message: str) -> None:
    kwargs = {"block_length": 1, **kwargs}
    with pytest.raises(error, match=message):
        paired_block_bootstrap(a, b, **kwargs)


def test_figures_have_titles_and_labels() -> None:
    import pandas as pd

    dates = pd.date_range("2012-01-01", periods=100)
    values = np.sin(np.arange(100) / 5)
    figures = [
        plot_splits(dates, values, [dates[60], dates[80]], "°C", "splits"),
        plot_window(values, 20, 14, 7, "°C", "one window"),
        plot_horizon_errors({"a": [1.0, 2.0], "b": [1.5, 1.5]}, "MAE", "by horizon"),
        plot_forecast_against_truth(values, np.roll(values, 1), 20, "price", "forecast"),
        plot_cross_correlation(np.arange(-3, 4), np.array([0.0, 0.1, 0.0, 0.2, 0.9, 0.1, 0.0]), "lags"),
    ]
    for figure in figures:
        for ax in figure.axes:
            assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel()
        matplotlib.pyplot.close(figure)
