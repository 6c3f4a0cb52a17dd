"""Time series for chapter 8: the Seattle weather and stock-price loaders, a paired block bootstrap of errors, figures.

The data ship inside the ``vega_datasets`` wheel (``vega_datasets.local_data``), so the
loaders read the same files offline, on a laptop and in Colab, and never touch the network.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from helpers.checks import check_int
from helpers.evaluation import PairedComparison, resampled_comparison
from helpers.plots import FONT_SIZE, MARKERS, OKABE_ITO, SERIES_COLOURS

WEATHER_COLUMNS = ("precipitation", "temp_max", "temp_min", "wind")
STOCK_SYMBOLS = ("AAPL", "AMZN", "GOOG", "IBM", "MSFT")


def _finish(fig: Figure, ax: Any, xlabel: str, ylabel: str, title: str, grid: str = "both") -> Figure:
    ax.set_xlabel(xlabel, fontsize=FONT_SIZE)
    ax.set_ylabel(ylabel, fontsize=FONT_SIZE)
    ax.set_title(title, fontsize=FONT_SIZE + 1)
    ax.grid(alpha=0.3, axis=grid)
    if ax.get_legend_handles_labels()[0]:
        ax.legend(fontsize=FONT_SIZE - 1)
    fig.tight_layout()
    return fig


def _local_data() -> Any:
    try:
        from vega_datasets import local_data
    except ImportError as error:
        raise ModuleNotFoundError(
            "the time-series data come from the vega_datasets package, which is not installed: "
            "run `pip install vega_datasets` (requirements.txt pins the tested version)"
        ) from error
    return local_data


def _names(name: str, value: object, allowed: Sequence[str]) -> list[str]:
    """``value`` (None, one str or a list/tuple of str) as a list of names from ``allowed``."""
    if value is None:
        return list(allowed)
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, (list, tuple)):
        raise TypeError(f"{name} must be a str or a list of str, got {type(value).__name__} ({value!r})")
    if len(value) == 0:
        raise ValueError(f"{name} must name at least one of {list(allowed)}, got an empty {type(value).__name__}")
    for item in value:
        if not isinstance(item, str):
            raise TypeError(f"{name} must hold str, got {type(item).__name__} ({item!r})")
        if item not in allowed:
            raise ValueError(f"{name} must be some of {list(allowed)}, got {item!r}")
    return list(value)


def load_seattle_weather(columns: str | Sequence[str] | None = None) -> Any:
    """Daily Seattle weather 2012-2015 (NOAA), one row per day, indexed by date (chapter 8).

    ``columns`` picks some of ``precipitation`` (mm), ``temp_max`` and ``temp_min`` (°C)
    and ``wind`` (m/s); ``None`` keeps all four.
    """
    names = _names("columns", columns, WEATHER_COLUMNS)
    frame = _local_data().seattle_weather().set_index("date")
    expected_days = (frame.index[-1] - frame.index[0]).days + 1
    if len(frame) != expected_days or frame[names].isna().any().any():
        raise ValueError(f"the installed seattle-weather data have missing days or values ({len(frame)} rows)")
    return frame[names].astype("float64")


def load_seattle_hourly_temperatures() -> Any:
    """The hourly Seattle temperatures of 2010 (°F) that ``vega_datasets`` ships, indexed by time (chapter 8)."""
    return _local_data().seattle_temps().set_index("date")["temp"].astype("float64")


def load_stock_prices(symbols: str | Sequence[str] | None = None) -> Any:
    """Monthly closing prices (US dollars) of AAPL, AMZN, GOOG, IBM and MSFT, 2000-2010, one column per symbol (chapter 8).

    Months before a company's listing (GOOG before August 2004) are NaN.
    """
    names = _names("symbols", symbols, STOCK_SYMBOLS)
    frame = _local_data().stocks().pivot(index="date", columns="symbol", values="price")
    return frame[names].astype("float64")


def _runs(name: str, value: Any) -> np.ndarray:
    """A runs-by-time array of finite errors; one run may come as a 1-D array."""
    if isinstance(value, (str, bytes)) or not isinstance(value, (np.ndarray, list, tuple)):
        raise TypeError(f"{name} must be an array or a list of errors (runs by time points), got {type(value).__name__}")
    array = np.asarray(value, dtype=np.float64) if np.asarray(value).dtype.kind in "biuf" else None
    if array is None:
        raise TypeError(f"{name} must hold real numbers, got dtype {np.asarray(value).dtype}")
    array = array[None, :] if array.ndim == 1 else array
    if array.ndim != 2 or array.size == 0:
        raise ValueError(f"{name} must be 1-D (one run) or 2-D (runs by time points) and not empty, got shape {array.shape}")
    if not np.isfinite(array).all():
        raise ValueError(f"{name} must be finite, got NaN or infinity")
    return array


def paired_block_bootstrap(
    errors_a: Any, errors_b: Any, block_length: int, *, resamples: int = 10_000, seed: int = 0
) -> PairedComparison:
    """Mean error of A minus mean error of B on the same time points, with a moving block bootstrap (chapter 8).

    ``errors_a[r, t]`` is run ``r``'s error (absolute, say) at time point ``t``. Each resample
    glues together ``ceil(T / block_length)`` blocks of consecutive time points, drawn with
    replacement and the same for both (the test is paired), and draws each recipe's runs
    with replacement, so the interval covers the test period's luck and the seeds' luck.
    Blocks keep neighbouring, correlated errors together; ``block_length=1`` is the ordinary
    bootstrap. The p-value is two-sided, with the usual +1 so that it is never exactly 0.
    """
    a, b = _runs("errors_a", errors_a), _runs("errors_b", errors_b)
    if a.shape[1] != b.shape[1]:
        raise ValueError(f"errors_a and errors_b must cover the same time points, got {a.shape[1]} and {b.shape[1]}")
    steps = a.shape[1]
    block_length = check_int("block_length", block_length, 1)
    if block_length > steps:
        raise ValueError(f"block_length must be at most the {steps} time points, got {block_length}")
    resamples = check_int("resamples", resamples, 100)
    rng = np.random.default_rng(check_int("seed", seed, 0))
    blocks = -(-steps // block_length)  # ceil
    starts = steps - block_length + 1

    def block_sums(errors: np.ndarray) -> np.ndarray:  # runs by start: the sum of each block of each run
        cumulative = np.concatenate([np.zeros((errors.shape[0], 1)), np.cumsum(errors, axis=1)], axis=1)
        return cumulative[:, block_length:] - cumulative[:, :starts]

    counts = rng.multinomial(blocks, np.full(starts, 1 / starts), size=resamples)  # how often each block is drawn
    per_run_a = counts @ block_sums(a).T / (blocks * block_length)  # resamples by runs
    per_run_b = counts @ block_sums(b).T / (blocks * block_length)
    return resampled_comparison(per_run_a, per_run_b, float(a.mean() - b.mean()), rng)


def plot_splits(dates: Any, values: Any, boundaries: Sequence[Any], ylabel: str, title: str) -> Figure:
    """A series with its training, validation and test parts shaded; ``boundaries`` are the first dates of the last two."""
    fig, ax = plt.subplots(figsize=(10, 3.4))
    ax.plot(dates, values, color=OKABE_ITO["black"], linewidth=0.7)
    edges = [dates[0], *boundaries, dates[-1]]
    for (start, end), name, colour in zip(zip(edges, edges[1:]), ("training", "validation", "test"),
                                          (OKABE_ITO["sky_blue"], OKABE_ITO["orange"], OKABE_ITO["green"])):
        ax.axvspan(start, end, color=colour, alpha=0.25, label=name)
    return _finish(fig, ax, "date", ylabel, title)


def plot_window(values: Any, start: int, window: int, horizon: int, ylabel: str, title: str, context: int = 10) -> Figure:
    """One window of a series: ``window`` input steps from ``start``, then ``horizon`` target steps, with some context."""
    values = np.asarray(values)
    first, last = max(0, start - context), min(len(values), start + window + horizon + context)
    steps = np.arange(first, last)
    fig, ax = plt.subplots(figsize=(10, 3.4))
    ax.plot(steps - start, values[first:last], color=OKABE_ITO["black"], linewidth=0.8, alpha=0.5, label="series")
    inputs = np.arange(start, start + window)
    targets = np.arange(start + window, start + window + horizon)
    ax.plot(inputs - start, values[inputs], "o", color=OKABE_ITO["blue"], label=f"inputs: {window} steps")
    ax.plot(targets - start, values[targets], "s", color=OKABE_ITO["vermillion"], markersize=8,
            label=f"target{'s' if horizon > 1 else ''}: {horizon} step{'s' if horizon > 1 else ''}")
    ax.axvspan(-0.5, window - 0.5, color=OKABE_ITO["sky_blue"], alpha=0.15)
    ax.axvline(window - 0.5, color=OKABE_ITO["black"], linestyle=":")
    return _finish(fig, ax, "step, counted from the window's first input", ylabel, title)


def plot_horizon_errors(errors: Mapping[str, Sequence[float]], ylabel: str, title: str) -> Figure:
    """One line per forecaster: its mean error at each step ahead (1, 2, ...)."""
    fig, ax = plt.subplots(figsize=(7.5, 4.2))
    for index, (name, values) in enumerate(errors.items()):
        ax.plot(np.arange(1, len(values) + 1), values, label=name, color=SERIES_COLOURS[index % len(SERIES_COLOURS)],
                marker=MARKERS[index % len(MARKERS)])
    return _finish(fig, ax, "days ahead", ylabel, title)


def plot_forecast_against_truth(truth: Any, forecast: Any, zoom: int, ylabel: str, title: str) -> Figure:
    """Truth and one-step forecasts: the whole period on the left, its last ``zoom`` steps on the right."""
    truth, forecast = np.asarray(truth), np.asarray(forecast)
    fig, axes = plt.subplots(1, 2, figsize=(11, 3.8), gridspec_kw={"width_ratios": [2, 1]})
    for ax, first, part in zip(axes, (0, len(truth) - zoom), ("the whole test part", f"its last {zoom} steps")):
        steps = np.arange(first, len(truth))
        marker = {"marker": "o", "markersize": 3} if ax is axes[1] else {}
        ax.plot(steps, truth[first:], color=OKABE_ITO["black"], linewidth=1.0, label="truth", **marker)
        ax.plot(steps, forecast[first:], color=SERIES_COLOURS[1], linewidth=1.0, linestyle="--", label="forecast", **marker)
        _finish(fig, ax, "step of the test part", ylabel, f"{title}: {part}")
    return fig


def plot_cross_correlation(lags: Any, correlations: Any, title: str) -> Figure:
    """Bars of the correlation between the forecast and the truth shifted by each lag."""
    lags, correlations = np.asarray(lags), np.asarray(correlations)
    fig, ax = plt.subplots(figsize=(7.5, 3.8))
    colours = [OKABE_ITO["vermillion"] if value == correlations.max() else OKABE_ITO["blue"] for value in correlations]
    ax.bar(lags, correlations, color=colours)
    ax.axhline(0, color=OKABE_ITO["black"], linewidth=0.8)
    ax.set_xticks(lags)
    return _finish(fig, ax, "lag k (the forecast compared with the truth k steps earlier)", "correlation", title, grid="y")
