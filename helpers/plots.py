"""Figures for the book: diagrams drawn in code, training curves and classifier results.

Every function returns a Matplotlib ``Figure`` drawn with the Okabe-Ito palette,
which stays distinguishable for readers with colour-vision deficiencies.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

#: The Okabe-Ito colour-blind-safe palette.
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
#: Colours for successive lines in a plot.
SERIES_COLOURS: list[str] = [OKABE_ITO[name] for name in ("blue", "orange", "green", "vermillion", "purple", "sky_blue")]
#: Markers for successive lines, so that they differ in shape as well as colour.
MARKERS: list[str] = ["o", "s", "^", "D", "v", "P"]
FONT_SIZE = 11


def _style(index: int) -> dict[str, str]:
    """Colour and marker of the ``index``-th series."""
    return {"color": SERIES_COLOURS[index % len(SERIES_COLOURS)], "marker": MARKERS[index % len(MARKERS)]}


def _finish(fig: Figure, ax: Any, xlabel: str, ylabel: str, title: str, grid: str = "both", legend: int | None = None) -> Figure:
    """Label the axes, title the plot, draw the grid and the legend (font size ``FONT_SIZE + legend``)."""
    ax.set_xlabel(xlabel, fontsize=FONT_SIZE)
    ax.set_ylabel(ylabel, fontsize=FONT_SIZE)
    ax.set_title(title, fontsize=FONT_SIZE + 1)
    ax.grid(alpha=0.3, axis=grid)
    if legend is not None:
        ax.legend(fontsize=FONT_SIZE + legend)
    fig.tight_layout()
    return fig


def _box(ax: Any, x: float, y: float, text: str, colour: str, width: float = 0.9) -> None:
    ax.add_patch(FancyBboxPatch((x - width / 2, y - 0.3), width, 0.6, boxstyle="round,pad=0.05", facecolor=colour,
                                edgecolor=OKABE_ITO["black"], linewidth=1.2))
    ax.text(x, y, text, ha="center", va="center", fontsize=FONT_SIZE + 1)


def _arrow(ax: Any, start: tuple[float, float], end: tuple[float, float], **style: Any) -> None:
    ax.add_patch(FancyArrowPatch(start, end, arrowstyle="-|>", mutation_scale=14, linewidth=1.4,
                                 color=OKABE_ITO["black"], **style))


def _operator(ax: Any, x: float, y: float, label: str, radius: float = 0.2) -> None:
    ax.add_patch(plt.Circle((x, y), radius, facecolor=OKABE_ITO["yellow"], edgecolor=OKABE_ITO["black"]))
    ax.text(x, y, label, ha="center", va="center", fontsize=FONT_SIZE + 2)


def _finish_diagram(fig: Figure, ax: Any, xlim: tuple[float, float], ylim: tuple[float, float], title: str) -> Figure:
    """Frame a diagram: equal scales, no axes, a title."""
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_title(title, fontsize=FONT_SIZE + 1)
    fig.tight_layout()
    return fig


def draw_unrolled_rnn(steps: int = 4) -> Figure:
    """A recurrent layer folded (one cell with a loop) and unrolled over ``steps`` time steps."""
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
    ax.text((first + last) / 2, -0.8,
            r"every step: $h_t = \tanh(x_t W_x + h_{t-1} W_h + b)$, with the same $W_x, W_h, b$",
            ha="center", fontsize=FONT_SIZE)
    return _finish_diagram(fig, ax, (-0.8, last + 0.8), (-1.1, 3.5),
                           "A recurrent layer, folded (left) and unrolled over time (right)")


def draw_lstm_cell() -> Figure:
    """One LSTM cell: the cell state along the top, the four gates below, ``h_t`` leaving at the right."""
    fig, ax = plt.subplots(figsize=(10, 5.2))
    ax.add_patch(FancyBboxPatch((1.0, 0.4), 8.0, 4.3, boxstyle="round,pad=0.1", facecolor="#F4F4F4",
                                edgecolor=OKABE_ITO["black"], linewidth=1))
    # Cell-state highway along the top.
    top = 4.0
    _arrow(ax, (0.0, top), (2.55, top))
    _arrow(ax, (2.95, top), (5.05, top))
    _arrow(ax, (5.45, top), (10.0, top))
    ax.text(0.0, top + 0.25, r"$c_{t-1}$", fontsize=FONT_SIZE + 2)
    ax.text(9.6, top + 0.25, r"$c_t$", fontsize=FONT_SIZE + 2)
    _operator(ax, 2.75, top, r"$\times$")
    _operator(ax, 5.25, top, r"$+$")
    # Gates, reading [h_{t-1}, x_t] from the bottom rail.
    rail = 1.0
    gates = [
        (2.75, r"$f_t$" "\n" r"$\sigma$", "forget"),
        (4.25, r"$i_t$" "\n" r"$\sigma$", "input"),
        (5.75, r"$g_t$" "\n" r"$\tanh$", "candidate"),
        (7.25, r"$o_t$" "\n" r"$\sigma$", "output"),
    ]
    for x, label, name in gates:
        _box(ax, x, 2.2, label, OKABE_ITO["sky_blue"], width=0.8)
        ax.text(x, 1.5, name, ha="center", va="center", fontsize=FONT_SIZE - 1,
                bbox={"facecolor": "#F4F4F4", "edgecolor": "none", "pad": 1})
        _arrow(ax, (x, rail), (x, 1.72))
    ax.plot([0.0, 7.25], [rail, rail], color=OKABE_ITO["black"], linewidth=1.4)
    ax.text(0.0, rail - 0.45, r"$[h_{t-1}, x_t]$", fontsize=FONT_SIZE + 1)
    # f_t multiplies the old cell state; i_t * g_t is added to it.
    _arrow(ax, (2.75, 2.55), (2.75, top - 0.22))
    _operator(ax, 5.0, 3.15, r"$\times$")
    _arrow(ax, (4.25, 2.55), (4.85, 3.02))
    _arrow(ax, (5.75, 2.55), (5.15, 3.02))
    _arrow(ax, (5.0, 3.35), (5.2, top - 0.2))
    # h_t = o_t * tanh(c_t).
    _operator(ax, 8.4, 3.0, r"$\times$", radius=0.22)
    _box(ax, 8.4, 3.55, r"$\tanh$", "white", width=0.7)
    ax.plot([8.4, 8.4], [top, 3.85], color=OKABE_ITO["black"], linewidth=1.4)
    _arrow(ax, (8.4, 3.25), (8.4, 3.23))
    _arrow(ax, (7.65, 2.2), (8.2, 2.9))
    _arrow(ax, (8.62, 3.0), (10.0, 3.0))
    ax.text(9.6, 2.6, r"$h_t$", fontsize=FONT_SIZE + 2)
    _arrow(ax, (8.4, 2.78), (8.4, 0.0))
    ax.text(8.55, 0.1, r"$h_t$ (output)", fontsize=FONT_SIZE)
    ax.text(5.0, -0.55, r"$c_t = f_t \odot c_{t-1} + i_t \odot g_t$,   $h_t = o_t \odot \tanh(c_t)$",
            ha="center", fontsize=FONT_SIZE + 1)
    return _finish_diagram(fig, ax, (-0.3, 10.4), (-0.9, 5.1),
                           "One LSTM cell: the cell state runs along the top, the gates below")


def plot_history(
    history: Any, metric: str = "accuracy", title: str = "Training curves", best_epoch: int | None = None
) -> Figure:
    """Loss and ``metric`` per epoch, training and validation, from ``model.fit``'s History or its dict.

    ``best_epoch`` (1-based), if given, is marked with a dotted line.
    """
    values = getattr(history, "history", history)
    fig, axes = plt.subplots(1, 2, figsize=(10, 3.8))
    for ax, key in zip(axes, ("loss", metric)):
        for prefix, label, colour, marker in (
            ("", "training", SERIES_COLOURS[0], "o"),
            ("val_", "validation", SERIES_COLOURS[1], "s"),
        ):
            series = values.get(prefix + key)
            if series is not None:
                ax.plot(range(1, len(series) + 1), series, marker=marker, color=colour, label=label)
        if best_epoch is not None:
            ax.axvline(best_epoch, color="black", linestyle=":", label="best epoch")
        ax.set_xlabel("epoch", fontsize=FONT_SIZE)
        ax.set_ylabel(key, fontsize=FONT_SIZE)
        ax.set_title(key.capitalize(), fontsize=FONT_SIZE)
        ax.grid(alpha=0.3)
        ax.legend(fontsize=FONT_SIZE - 1)
        ax.xaxis.get_major_locator().set_params(integer=True)
    fig.suptitle(title, fontsize=FONT_SIZE + 1)
    fig.tight_layout()
    return fig


def plot_curves(curves: Mapping[str, Sequence[float]], xlabel: str, ylabel: str, title: str) -> Figure:
    """One line per label, one value per epoch (epoch 1 first)."""
    fig, ax = plt.subplots(figsize=(8, 4.4))
    for index, (label, values) in enumerate(curves.items()):
        ax.plot(range(1, len(values) + 1), np.asarray(values, dtype=float), label=label, **_style(index))
    ax.xaxis.get_major_locator().set_params(integer=True)
    return _finish(fig, ax, xlabel, ylabel, title, legend=-2)


def plot_gradient_norms(norms: Mapping[str, Sequence[float]], title: str) -> Figure:
    """Gradient norms per input step (first step first), each relative to its last step, on a log scale."""
    fig, ax = plt.subplots(figsize=(7.5, 4.2))
    for index, (label, values) in enumerate(norms.items()):
        curve = np.asarray(values, dtype=float)
        ax.semilogy(np.arange(curve.size)[::-1], curve / curve[-1], markevery=max(1, curve.size // 10),
                    label=label, **_style(index))
    ax.grid(alpha=0.3, which="both")
    return _finish(fig, ax, "steps between $x_t$ and the end of the sequence ($T - t$)",
                   r"$\|\partial \mathrm{output} / \partial x_t\|$, relative to the last step", title, legend=-1)


def plot_metric_by_length(
    results: Mapping[str, Mapping[int, float]], metric: str, title: str, chance: float | None = None
) -> Figure:
    """A metric against sequence length (log scale), one line per model; ``chance`` as a dashed line."""
    fig, ax = plt.subplots(figsize=(7.5, 4.2))
    lengths: set[int] = set()
    for index, (label, by_length) in enumerate(results.items()):
        xs = sorted(by_length)
        lengths.update(xs)
        ax.plot(xs, [by_length[x] for x in xs], label=label, **_style(index))
    if chance is not None:
        ax.axhline(chance, color=OKABE_ITO["black"], linestyle="--", linewidth=1, label="baseline (ignores the input)")
    ax.set_xscale("log")
    ax.set_xticks(sorted(lengths), labels=[str(x) for x in sorted(lengths)])
    ax.minorticks_off()
    return _finish(fig, ax, "sequence length $T$", metric, title, legend=-1)


def plot_gates_over_words(
    words: Sequence[str], gates: Mapping[str, Any], units: Sequence[int], title: str
) -> Figure:
    """Heat maps of gate activations, ``gates[name]`` of shape (time, units), units down and words across."""
    arrays = {name: np.asarray(values, dtype=float) for name, values in gates.items()}
    fig, axes = plt.subplots(
        len(arrays), 1, figsize=(max(8.0, 0.28 * len(words) + 2), 1.0 + 0.32 * len(units) * len(arrays) + 0.9),
        sharex=True, squeeze=False,
    )
    for ax, (name, values) in zip(axes[:, 0], arrays.items()):
        low = 0.0 if values.min() >= 0 else -1.0
        image = ax.imshow(values[:, list(units)].T, aspect="auto", cmap="cividis", vmin=low, vmax=1.0,
                          interpolation="nearest")
        ax.set_yticks(range(len(units)), labels=[str(u) for u in units], fontsize=FONT_SIZE - 3)
        ax.set_ylabel(f"{name}\nunit", fontsize=FONT_SIZE - 1)
        fig.colorbar(image, ax=ax, fraction=0.02, pad=0.01)
    axes[-1, 0].set_xticks(range(len(words)), labels=list(words), rotation=90, fontsize=FONT_SIZE - 2)
    axes[-1, 0].set_xlabel("word", fontsize=FONT_SIZE)
    fig.suptitle(title, fontsize=FONT_SIZE + 1)
    fig.tight_layout()
    return fig


def plot_value_over_words(words: Sequence[str], values: Sequence[float], ylabel: str, title: str) -> Figure:
    """One value per word as bars, blue above zero and vermillion below, the words as tick labels."""
    series = np.asarray(values, dtype=float)
    fig, ax = plt.subplots(figsize=(max(8.0, 0.28 * len(words) + 2), 3.8))
    ax.bar(range(series.size), series, color=[OKABE_ITO["blue"] if v >= 0 else OKABE_ITO["vermillion"] for v in series])
    ax.axhline(0, color=OKABE_ITO["black"], linewidth=0.8)
    ax.set_xticks(range(series.size), labels=list(words), rotation=90, fontsize=FONT_SIZE - 2)
    ax.set_xlim(-0.6, series.size - 0.4)
    return _finish(fig, ax, "word", ylabel, title, grid="y")


def plot_length_histogram(lengths: Sequence[int], marks: Sequence[int], title: str) -> Figure:
    """Histogram of lengths in tokens, clipped at the 99.5th percentile, with ``marks`` as dashed lines."""
    values = np.asarray(lengths, dtype=float)
    upper = float(np.percentile(values, 99.5))
    fig, ax = plt.subplots(figsize=(8, 4.2))
    ax.hist(np.minimum(values, upper), bins=60, color=SERIES_COLOURS[0], edgecolor="white")
    for index, mark in enumerate(marks):
        ax.axvline(mark, color=SERIES_COLOURS[(index + 1) % len(SERIES_COLOURS)], linestyle="--",
                   linewidth=1.5, label=f"maxlen = {mark}")
    return _finish(fig, ax, f"length in tokens (clipped at {upper:.0f}, the 99.5th percentile)",
                   "number of reviews", title, grid="y", legend=-1 if len(marks) else None)


def plot_confusion_matrix(matrix: Any, title: str, class_names: Sequence[str] = ("negative", "positive")) -> Figure:
    """A 2x2 confusion matrix, true class down and predicted across, with counts and shares of each row."""
    counts = np.asarray(matrix, dtype=np.int64)
    totals = counts.sum(axis=1, keepdims=True)
    shares = np.divide(counts, totals, out=np.zeros((2, 2)), where=totals > 0)
    fig, ax = plt.subplots(figsize=(5.4, 4.4), layout="constrained")  # keeps room for the colour bar
    cmap = LinearSegmentedColormap.from_list("okabe_ito_blue", ["white", OKABE_ITO["blue"]])
    image = ax.imshow(shares, cmap=cmap, vmin=0.0, vmax=1.0)
    for row in range(2):
        for column in range(2):
            share = f"{100 * shares[row, column]:.1f}%" if totals[row, 0] else "n/a"
            ax.text(column, row, f"{counts[row, column]:,}\n{share}", ha="center", va="center",
                    fontsize=FONT_SIZE + 1, color="white" if shares[row, column] > 0.5 else OKABE_ITO["black"])
    ax.set_xticks([0, 1], labels=list(class_names), fontsize=FONT_SIZE)
    ax.set_yticks([0, 1], labels=list(class_names), fontsize=FONT_SIZE)
    ax.set_xlabel("predicted", fontsize=FONT_SIZE)
    ax.set_ylabel("true", fontsize=FONT_SIZE)
    ax.set_title(title, fontsize=FONT_SIZE + 1)
    colorbar = fig.colorbar(image, ax=ax, shrink=0.9)
    colorbar.set_label("share of the true class (row)", fontsize=FONT_SIZE - 1)
    return fig


def plot_roc_curve(
    curves: Mapping[str, tuple[Any, Any]], title: str, marked_points: Mapping[str, tuple[float, float]] | None = None
) -> Figure:
    """ROC curves, ``{label: (fpr, tpr)}``, with their areas, the chance diagonal and ``(fpr, tpr)`` points to mark."""
    fig, ax = plt.subplots(figsize=(5.6, 5.2))
    for index, (label, (fpr, tpr)) in enumerate(curves.items()):
        fpr, tpr = np.asarray(fpr, dtype=float), np.asarray(tpr, dtype=float)
        area = float(np.sum(np.diff(fpr) * (tpr[1:] + tpr[:-1]) / 2))  # the trapezoid rule
        ax.plot(fpr, tpr, color=SERIES_COLOURS[index % len(SERIES_COLOURS)], linewidth=2,
                label=f"{label} (AUC = {area:.3f})")
    ax.plot([0, 1], [0, 1], color=OKABE_ITO["black"], linestyle="--", linewidth=1, label="chance (AUC = 0.500)")
    point_colours = [OKABE_ITO[name] for name in ("vermillion", "yellow", "purple", "sky_blue", "green", "orange")]
    for index, (label, (x, y)) in enumerate((marked_points or {}).items()):
        ax.plot([x], [y], linestyle="none", marker=MARKERS[index % len(MARKERS)], markersize=9, zorder=3,
                color=point_colours[index % len(point_colours)], markeredgecolor=OKABE_ITO["black"], label=label)
    ax.set_xlim(-0.02, 1.02)
    ax.set_ylim(-0.02, 1.02)
    ax.set_aspect("equal")
    ax.legend(loc="lower right", fontsize=FONT_SIZE - 1)
    return _finish(fig, ax, "false positive rate (1 - specificity)", "true positive rate (recall)", title)


def plot_accuracy_against_time(
    points: Mapping[str, tuple[float, float]], title: str, target: float | None = None
) -> Figure:
    """Test accuracy against training minutes (log scale), one labelled point per model ``(seconds, accuracy)``."""
    fig, ax = plt.subplots(figsize=(8.5, 5))
    for index, (label, (seconds, accuracy)) in enumerate(points.items()):
        style = _style(index)
        ax.scatter(seconds / 60, accuracy, s=60, color=style["color"], marker=style["marker"], zorder=3)
        ax.annotate(label, (seconds / 60, accuracy), textcoords="offset points", xytext=(7, 4), fontsize=FONT_SIZE - 2)
    if target is not None:
        ax.axhline(target, color=OKABE_ITO["black"], linestyle="--", linewidth=1, label=f"{target:.0%}")
        ax.legend(fontsize=FONT_SIZE - 2, loc="lower right")
    ax.set_xscale("log")
    ax.grid(alpha=0.3, which="both")
    return _finish(fig, ax, "training time in minutes (log scale)", "test accuracy", title)


def plot_bars(values: Mapping[str, float], xlabel: str, title: str, reference: float | None = None) -> Figure:
    """Horizontal bars in the order given (first at the top), each value written at its end."""
    labels = list(values)
    lengths = np.array([float(values[label]) for label in labels])
    fig, ax = plt.subplots(figsize=(8.5, 0.45 * len(labels) + 1.4))
    positions = np.arange(len(labels))[::-1]
    ax.barh(positions, lengths, color=SERIES_COLOURS[0])
    for position, length in zip(positions, lengths):
        ax.annotate(f"{length:,.0f}", (length, position), textcoords="offset points", xytext=(4, -4),
                    fontsize=FONT_SIZE - 2)
    if reference is not None:
        ax.axvline(reference, color=OKABE_ITO["vermillion"], linestyle="--", linewidth=1)
    ax.set_yticks(positions, labels, fontsize=FONT_SIZE - 2)
    ax.set_xlim(0, lengths.max() * 1.18 if lengths.max() > 0 else 1)
    return _finish(fig, ax, xlabel, "", title, grid="x")
