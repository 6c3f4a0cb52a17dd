"""Figures for the book: diagrams drawn in code and training curves.

Every function returns a Matplotlib ``Figure`` with a title and labelled axes,
drawn with the Okabe-Ito palette, which stays distinguishable for readers with
colour-vision deficiencies.

Introduced in chapter 1 (Recurrent neural networks).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

OKABE_ITO: dict[str, str] = {
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "black": "#000000",
}
"""The Okabe-Ito colour-blind-safe palette."""

SERIES_COLOURS: list[str] = [
    OKABE_ITO[name] for name in ("blue", "orange", "green", "vermillion", "purple", "sky_blue")
]
"""Colours for successive lines in a plot."""

MARKERS: list[str] = ["o", "s", "^", "D", "v", "P"]
"""Markers for successive lines, so they differ in shape as well as colour."""

FONT_SIZE = 11


def _box(ax: Any, x: float, y: float, text: str, colour: str, width: float = 0.9) -> None:
    ax.add_patch(
        FancyBboxPatch(
            (x - width / 2, y - 0.3),
            width,
            0.6,
            boxstyle="round,pad=0.05",
            facecolor=colour,
            edgecolor=OKABE_ITO["black"],
            linewidth=1.2,
        )
    )
    ax.text(x, y, text, ha="center", va="center", fontsize=FONT_SIZE + 1)


def _arrow(ax: Any, start: tuple[float, float], end: tuple[float, float], **style: Any) -> None:
    ax.add_patch(
        FancyArrowPatch(
            start,
            end,
            arrowstyle="-|>",
            mutation_scale=14,
            linewidth=1.4,
            color=OKABE_ITO["black"],
            **style,
        )
    )


def draw_unrolled_rnn(steps: int = 4) -> Figure:
    """Draw a recurrent layer folded (with its loop) and unrolled over time.

    Parameters
    ----------
    steps : int, default 4
        Number of time steps in the unrolled view (2 to 8).

    Returns
    -------
    matplotlib.figure.Figure
        Left: one cell whose output ``h_t`` loops back into it. Right: the same
        cell copied once per time step, ``h_{t-1}`` flowing left to right, each
        step reading ``x_t`` from below, with the same weights ``W_x, W_h, b``.

    Raises
    ------
    TypeError
        If ``steps`` is not an ``int``.
    ValueError
        If ``steps`` is outside 2 to 8.
    """
    if isinstance(steps, bool) or not isinstance(steps, int):
        raise TypeError(f"steps must be an int, got {type(steps).__name__}")
    if not 2 <= steps <= 8:
        raise ValueError(f"steps must be between 2 and 8, got {steps}")

    fig, ax = plt.subplots(figsize=(3.4 + 1.6 * steps, 3.8))
    cell, inp, out = OKABE_ITO["sky_blue"], OKABE_ITO["yellow"], OKABE_ITO["green"]

    # Folded view: one cell whose output loops back into it.
    _box(ax, 0, 1.5, r"$h_t$", cell)
    _box(ax, 0, 0, r"$x_t$", inp, width=0.7)
    _arrow(ax, (0, 0.35), (0, 1.15))
    _arrow(ax, (0.3, 1.85), (-0.3, 1.85), connectionstyle="arc3,rad=1.4")
    ax.text(0, 2.45, r"$h_{t-1}$", ha="center", fontsize=FONT_SIZE)
    ax.text(1.1, 1.5, "=", ha="center", va="center", fontsize=FONT_SIZE + 8)

    # Unrolled view: one copy per step, same weights.
    _box(ax, 2.0, 1.5, r"$h_0$", "white", width=0.55)
    first = 3.3
    _arrow(ax, (2.3, 1.5), (first - 0.5, 1.5))
    labels = [f"{t}" for t in range(1, steps)] + ["T"]
    for i, t in enumerate(labels):
        x = first + 1.6 * i
        _box(ax, x, 1.5, rf"$h_{{{t}}}$", cell)
        _box(ax, x, 0, rf"$x_{{{t}}}$", inp, width=0.7)
        _arrow(ax, (x, 0.35), (x, 1.15))
        if i > 0:
            _arrow(ax, (x - 1.1, 1.5), (x - 0.5, 1.5))
    last = first + 1.6 * (steps - 1)
    _box(ax, last, 3.0, r"$\hat{y}$", out, width=0.7)
    _arrow(ax, (last, 1.85), (last, 2.65))
    ax.text(
        (first + last) / 2,
        -0.8,
        r"every step: $h_t = \tanh(x_t W_x + h_{t-1} W_h + b)$, with the same $W_x, W_h, b$",
        ha="center",
        fontsize=FONT_SIZE,
    )
    ax.set_xlim(-0.8, last + 0.8)
    ax.set_ylim(-1.1, 3.5)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_title("A recurrent layer, folded (left) and unrolled over time (right)", fontsize=FONT_SIZE + 1)
    fig.tight_layout()
    return fig


def _history_dict(history: Any) -> Mapping[str, Sequence[float]]:
    values = getattr(history, "history", history)
    if not isinstance(values, Mapping):
        raise TypeError(
            f"history must be a keras History or a dict of lists, got {type(history).__name__}"
        )
    return values


def plot_history(history: Any, metric: str = "accuracy", title: str = "Training curves") -> Figure:
    """Plot loss and one metric per epoch, for training and validation data.

    Parameters
    ----------
    history : keras.callbacks.History or dict of str to list of float
        What ``model.fit`` returns, or its ``.history`` dict.
    metric : str, default "accuracy"
        The metric to plot beside the loss.
    title : str, default "Training curves"
        The figure's title.

    Returns
    -------
    matplotlib.figure.Figure
        Two panels: loss (left) and ``metric`` (right) against epoch.

    Raises
    ------
    TypeError
        If ``history`` is neither a ``History`` nor a dict.
    ValueError
        If ``history`` has no ``loss`` or no ``metric`` entry.
    """
    values = _history_dict(history)
    for key in ("loss", metric):
        if key not in values:
            raise ValueError(f"history has no {key!r} entry; it has {sorted(values)}")
    fig, axes = plt.subplots(1, 2, figsize=(10, 3.8))
    for ax, key in zip(axes, ("loss", metric)):
        for prefix, label, colour, marker in (
            ("", "training", SERIES_COLOURS[0], "o"),
            ("val_", "validation", SERIES_COLOURS[1], "s"),
        ):
            series = values.get(prefix + key)
            if series is None:
                continue
            epochs = range(1, len(series) + 1)
            ax.plot(epochs, series, marker=marker, color=colour, label=label)
        ax.set_xlabel("epoch", fontsize=FONT_SIZE)
        ax.set_ylabel(key, fontsize=FONT_SIZE)
        ax.set_title(key.capitalize(), fontsize=FONT_SIZE)
        ax.grid(alpha=0.3)
        ax.legend(fontsize=FONT_SIZE - 1)
        ax.xaxis.get_major_locator().set_params(integer=True)
    fig.suptitle(title, fontsize=FONT_SIZE + 1)
    fig.tight_layout()
    return fig


def _check_series(name: str, series: Mapping[str, Any]) -> None:
    if not isinstance(series, Mapping) or not series:
        raise TypeError(f"{name} must be a non-empty dict of label to values, got {type(series).__name__}")


def plot_gradient_norms(norms: Mapping[str, Sequence[float]], title: str) -> Figure:
    """Plot gradient norms against the distance to the end of the sequence, on a log scale.

    Parameters
    ----------
    norms : dict of str to sequence of float
        For each label (a layer type, say), the gradient norm at each time step,
        first step first, as :func:`helpers.gradients.gradient_norms_over_time`
        returns it. Each curve is divided by its value at the last step.
    title : str
        The figure's title.

    Returns
    -------
    matplotlib.figure.Figure
        One line per label: relative gradient norm (log scale) against the
        number of steps between ``x_t`` and the end of the sequence.

    Raises
    ------
    TypeError
        If ``norms`` is not a non-empty dict.
    ValueError
        If a curve is empty or its last value is not positive.

    Notes
    -----
    Introduced in chapter 2 (Vanishing and exploding gradients).
    """
    _check_series("norms", norms)
    fig, ax = plt.subplots(figsize=(7.5, 4.2))
    for index, (label, values) in enumerate(norms.items()):
        curve = np.asarray(values, dtype=float)
        if curve.ndim != 1 or curve.size == 0 or not curve[-1] > 0:
            raise ValueError(f"norms[{label!r}] must be a non-empty 1-D curve ending in a positive value")
        distance = np.arange(curve.size)[::-1]
        ax.semilogy(
            distance,
            curve / curve[-1],
            color=SERIES_COLOURS[index % len(SERIES_COLOURS)],
            marker=MARKERS[index % len(MARKERS)],
            markevery=max(1, curve.size // 10),
            label=label,
        )
    ax.set_xlabel("steps between $x_t$ and the end of the sequence ($T - t$)", fontsize=FONT_SIZE)
    ax.set_ylabel(r"$\|\partial \mathrm{output} / \partial x_t\|$, relative to the last step", fontsize=FONT_SIZE)
    ax.set_title(title, fontsize=FONT_SIZE + 1)
    ax.grid(alpha=0.3, which="both")
    ax.legend(fontsize=FONT_SIZE - 1)
    fig.tight_layout()
    return fig


def plot_metric_by_length(
    results: Mapping[str, Mapping[int, float]],
    metric: str,
    title: str,
    chance: float | None = None,
) -> Figure:
    """Plot a metric against sequence length, one line per model.

    Parameters
    ----------
    results : dict of str to dict of int to float
        For each model label, the metric measured at each sequence length.
    metric : str
        The metric's name, for the y axis.
    title : str
        The figure's title.
    chance : float, optional
        The score of a baseline that ignores the input; drawn as a dashed line.

    Returns
    -------
    matplotlib.figure.Figure
        The metric (y) against the sequence length (x, log scale).

    Raises
    ------
    TypeError
        If ``results`` is not a non-empty dict.

    Notes
    -----
    Introduced in chapter 2 (Vanishing and exploding gradients).
    """
    _check_series("results", results)
    fig, ax = plt.subplots(figsize=(7.5, 4.2))
    lengths: set[int] = set()
    for index, (label, by_length) in enumerate(results.items()):
        xs = sorted(by_length)
        lengths.update(xs)
        ax.plot(
            xs,
            [by_length[x] for x in xs],
            color=SERIES_COLOURS[index % len(SERIES_COLOURS)],
            marker=MARKERS[index % len(MARKERS)],
            label=label,
        )
    if chance is not None:
        ax.axhline(chance, color=OKABE_ITO["black"], linestyle="--", linewidth=1, label="baseline (ignores the input)")
    ax.set_xscale("log")
    ax.set_xticks(sorted(lengths), labels=[str(x) for x in sorted(lengths)])
    ax.minorticks_off()
    ax.set_xlabel("sequence length $T$", fontsize=FONT_SIZE)
    ax.set_ylabel(metric, fontsize=FONT_SIZE)
    ax.set_title(title, fontsize=FONT_SIZE + 1)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=FONT_SIZE - 1)
    fig.tight_layout()
    return fig
