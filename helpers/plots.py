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


def plot_history(
    history: Any, metric: str = "accuracy", title: str = "Training curves", best_epoch: int | None = None
) -> Figure:
    """Plot loss and one metric per epoch, for training and validation data.

    Parameters
    ----------
    history : keras.callbacks.History or dict of str to list of float
        What ``model.fit`` returns, or its ``.history`` dict.
    metric : str, default "accuracy"
        The metric to plot beside the loss.
    title : str, default "Training curves"
        The figure's title.
    best_epoch : int, optional
        1-based epoch to mark with a dotted vertical line labelled "best
        epoch", for example where early stopping took its weights from.

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
    if best_epoch is not None:
        if isinstance(best_epoch, bool) or not isinstance(best_epoch, (int, np.integer)):
            raise TypeError(f"best_epoch must be an int, got {type(best_epoch).__name__}")
        if not 1 <= best_epoch <= len(values["loss"]):
            raise ValueError(f"best_epoch must be between 1 and {len(values['loss'])}, got {best_epoch}")
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


def draw_lstm_cell() -> Figure:
    """Draw one LSTM cell: the cell-state highway, the four gates and the hidden state.

    Returns
    -------
    matplotlib.figure.Figure
        The cell state ``c_{t-1} -> c_t`` runs along the top, changed only by a
        multiplication with the forget gate ``f_t`` and an addition of
        ``i_t * g_t``. Below it the gates ``f_t``, ``i_t``, ``g_t`` and ``o_t``
        each read ``[h_{t-1}, x_t]``; ``h_t = o_t * tanh(c_t)`` leaves at the
        right and bottom.

    Notes
    -----
    Introduced in chapter 3 (LSTM gates).
    """
    fig, ax = plt.subplots(figsize=(10, 5.2))
    gate_colour, op_colour = OKABE_ITO["sky_blue"], OKABE_ITO["yellow"]
    ax.add_patch(
        FancyBboxPatch((1.0, 0.4), 8.0, 4.3, boxstyle="round,pad=0.1", facecolor="#F4F4F4",
                       edgecolor=OKABE_ITO["black"], linewidth=1)
    )
    # Cell-state highway along the top.
    top = 4.0
    _arrow(ax, (0.0, top), (2.55, top))
    _arrow(ax, (2.95, top), (5.05, top))
    _arrow(ax, (5.45, top), (10.0, top))
    ax.text(0.0, top + 0.25, r"$c_{t-1}$", fontsize=FONT_SIZE + 2)
    ax.text(9.6, top + 0.25, r"$c_t$", fontsize=FONT_SIZE + 2)
    for x, label in ((2.75, r"$\times$"), (5.25, r"$+$")):
        ax.add_patch(plt.Circle((x, top), 0.2, facecolor=op_colour, edgecolor=OKABE_ITO["black"]))
        ax.text(x, top, label, ha="center", va="center", fontsize=FONT_SIZE + 2)
    # Gates, reading [h_{t-1}, x_t] from the bottom rail.
    rail = 1.0
    gates = [
        (2.75, r"$f_t$" "\n" r"$\sigma$", "forget"),
        (4.25, r"$i_t$" "\n" r"$\sigma$", "input"),
        (5.75, r"$g_t$" "\n" r"$\tanh$", "candidate"),
        (7.25, r"$o_t$" "\n" r"$\sigma$", "output"),
    ]
    for x, label, name in gates:
        _box(ax, x, 2.2, label, gate_colour, width=0.8)
        ax.text(x, 1.5, name, ha="center", va="center", fontsize=FONT_SIZE - 1,
                bbox={"facecolor": "#F4F4F4", "edgecolor": "none", "pad": 1})
        _arrow(ax, (x, rail), (x, 1.72))
    ax.plot([0.0, 7.25], [rail, rail], color=OKABE_ITO["black"], linewidth=1.4)
    ax.text(0.0, rail - 0.45, r"$[h_{t-1}, x_t]$", fontsize=FONT_SIZE + 1)
    # f_t multiplies the old cell state.
    _arrow(ax, (2.75, 2.55), (2.75, top - 0.22))
    # i_t * g_t is added to it.
    ax.add_patch(plt.Circle((5.0, 3.15), 0.2, facecolor=op_colour, edgecolor=OKABE_ITO["black"]))
    ax.text(5.0, 3.15, r"$\times$", ha="center", va="center", fontsize=FONT_SIZE + 2)
    _arrow(ax, (4.25, 2.55), (4.85, 3.02))
    _arrow(ax, (5.75, 2.55), (5.15, 3.02))
    _arrow(ax, (5.0, 3.35), (5.2, top - 0.2))
    # h_t = o_t * tanh(c_t).
    ax.add_patch(plt.Circle((8.4, 3.0), 0.22, facecolor=op_colour, edgecolor=OKABE_ITO["black"]))
    ax.text(8.4, 3.0, r"$\times$", ha="center", va="center", fontsize=FONT_SIZE + 2)
    _box(ax, 8.4, 3.55, r"$\tanh$", "white", width=0.7)
    ax.plot([8.4, 8.4], [top, 3.85], color=OKABE_ITO["black"], linewidth=1.4)
    _arrow(ax, (8.4, 3.25), (8.4, 3.23))
    _arrow(ax, (7.65, 2.2), (8.2, 2.9))
    _arrow(ax, (8.62, 3.0), (10.0, 3.0))
    ax.text(9.6, 2.6, r"$h_t$", fontsize=FONT_SIZE + 2)
    _arrow(ax, (8.4, 2.78), (8.4, 0.0))
    ax.text(8.55, 0.1, r"$h_t$ (output)", fontsize=FONT_SIZE)
    ax.text(
        5.0, -0.55,
        r"$c_t = f_t \odot c_{t-1} + i_t \odot g_t$,   $h_t = o_t \odot \tanh(c_t)$",
        ha="center", fontsize=FONT_SIZE + 1,
    )
    ax.set_xlim(-0.3, 10.4)
    ax.set_ylim(-0.9, 5.1)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_title("One LSTM cell: the cell state runs along the top, the gates below", fontsize=FONT_SIZE + 1)
    fig.tight_layout()
    return fig


def _check_words(words: Sequence[str], steps: int) -> None:
    if isinstance(words, str) or not all(isinstance(word, str) for word in words):
        raise TypeError("words must be a list of str")
    if len(words) != steps:
        raise ValueError(f"words has {len(words)} entries but the activations have {steps} time steps")


def plot_gates_over_words(
    words: Sequence[str], gates: Mapping[str, Any], units: Sequence[int], title: str
) -> Figure:
    """Show gate activations word by word as heat maps, one panel per gate.

    Parameters
    ----------
    words : list of str
        The tokens of one text, in order.
    gates : dict of str to array
        Gate name to activations of shape ``(time, units)`` for that text, as in
        :func:`helpers.lstm.lstm_forward` (``gates[name][0]``).
    units : sequence of int
        Which units to show (rows of each heat map).
    title : str
        The figure's title.

    Returns
    -------
    matplotlib.figure.Figure
        One heat map per gate: units (rows) against words (columns), colour
        from 0 to 1 for sigmoid gates and -1 to 1 otherwise.

    Raises
    ------
    TypeError
        If ``words`` is not a list of strings or ``gates`` not a non-empty dict.
    ValueError
        If a gate is not 2-D, or its length differs from ``len(words)``, or a
        unit index is out of range.

    Notes
    -----
    Introduced in chapter 3 (LSTM gates).
    """
    _check_series("gates", gates)
    arrays = {name: np.asarray(values, dtype=float) for name, values in gates.items()}
    for name, values in arrays.items():
        if values.ndim != 2:
            raise ValueError(f"gates[{name!r}]: expected (time, units), got shape {values.shape}")
        _check_words(words, values.shape[0])
        if any(not 0 <= u < values.shape[1] for u in units):
            raise ValueError(f"units must be between 0 and {values.shape[1] - 1}, got {list(units)}")
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
    """Plot one number per word (a unit's cell state, say) as bars under the words.

    Parameters
    ----------
    words : list of str
        The tokens of one text, in order.
    values : sequence of float
        One value per word.
    ylabel : str
        What the values are.
    title : str
        The figure's title.

    Returns
    -------
    matplotlib.figure.Figure
        Bars coloured by sign (blue above zero, vermillion below) with the
        words as x tick labels.

    Raises
    ------
    TypeError
        If ``words`` is not a list of strings.
    ValueError
        If ``values`` is not 1-D with one value per word.

    Notes
    -----
    Introduced in chapter 3 (LSTM gates).
    """
    series = np.asarray(values, dtype=float)
    if series.ndim != 1:
        raise ValueError(f"values must be 1-D, got shape {series.shape}")
    _check_words(words, series.size)
    fig, ax = plt.subplots(figsize=(max(8.0, 0.28 * len(words) + 2), 3.8))
    colours = [OKABE_ITO["blue"] if v >= 0 else OKABE_ITO["vermillion"] for v in series]
    ax.bar(range(series.size), series, color=colours)
    ax.axhline(0, color=OKABE_ITO["black"], linewidth=0.8)
    ax.set_xticks(range(series.size), labels=list(words), rotation=90, fontsize=FONT_SIZE - 2)
    ax.set_xlim(-0.6, series.size - 0.4)
    ax.set_xlabel("word", fontsize=FONT_SIZE)
    ax.set_ylabel(ylabel, fontsize=FONT_SIZE)
    ax.set_title(title, fontsize=FONT_SIZE + 1)
    ax.grid(alpha=0.3, axis="y")
    fig.tight_layout()
    return fig


def plot_curves(curves: Mapping[str, Sequence[float]], xlabel: str, ylabel: str, title: str) -> Figure:
    """Plot several per-epoch curves on one axis, one line per label.

    Parameters
    ----------
    curves : dict of str to sequence of float
        For each label, one value per epoch (epoch 1 first).
    xlabel, ylabel : str
        Axis labels.
    title : str
        The figure's title.

    Returns
    -------
    matplotlib.figure.Figure
        One line per label against epochs 1, 2, ...

    Raises
    ------
    TypeError
        If ``curves`` is not a non-empty dict.
    ValueError
        If a curve is empty.

    Notes
    -----
    Introduced in chapter 4 (Tokenization and padding).
    """
    _check_series("curves", curves)
    fig, ax = plt.subplots(figsize=(8, 4.4))
    for index, (label, values) in enumerate(curves.items()):
        series = np.asarray(values, dtype=float)
        if series.ndim != 1 or series.size == 0:
            raise ValueError(f"curves[{label!r}] must be a non-empty 1-D sequence")
        ax.plot(
            range(1, series.size + 1),
            series,
            color=SERIES_COLOURS[index % len(SERIES_COLOURS)],
            marker=MARKERS[index % len(MARKERS)],
            label=label,
        )
    ax.set_xlabel(xlabel, fontsize=FONT_SIZE)
    ax.set_ylabel(ylabel, fontsize=FONT_SIZE)
    ax.set_title(title, fontsize=FONT_SIZE + 1)
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=FONT_SIZE - 2)
    fig.tight_layout()
    return fig


def plot_length_histogram(lengths: Sequence[int], marks: Sequence[int], title: str) -> Figure:
    """Histogram of sequence lengths, with candidate maximum lengths marked.

    Parameters
    ----------
    lengths : sequence of int
        One length (in tokens) per text.
    marks : sequence of int
        Lengths to mark with dashed vertical lines.
    title : str
        The figure's title.

    Returns
    -------
    matplotlib.figure.Figure
        Number of texts (y) against length in tokens (x), clipped at the 99.5th
        percentile so the long tail does not squash the plot.

    Raises
    ------
    ValueError
        If ``lengths`` is empty or not 1-D.

    Notes
    -----
    Introduced in chapter 4 (Tokenization and padding).
    """
    values = np.asarray(lengths, dtype=float)
    if values.ndim != 1 or values.size == 0:
        raise ValueError(f"lengths must be a non-empty 1-D sequence, got shape {values.shape}")
    upper = float(np.percentile(values, 99.5))
    fig, ax = plt.subplots(figsize=(8, 4.2))
    ax.hist(np.minimum(values, upper), bins=60, color=SERIES_COLOURS[0], edgecolor="white")
    for index, mark in enumerate(marks):
        ax.axvline(mark, color=SERIES_COLOURS[(index + 1) % len(SERIES_COLOURS)], linestyle="--",
                   linewidth=1.5, label=f"maxlen = {mark}")
    ax.set_xlabel(f"length in tokens (clipped at {upper:.0f}, the 99.5th percentile)", fontsize=FONT_SIZE)
    ax.set_ylabel("number of reviews", fontsize=FONT_SIZE)
    ax.set_title(title, fontsize=FONT_SIZE + 1)
    ax.grid(alpha=0.3, axis="y")
    if marks:
        ax.legend(fontsize=FONT_SIZE - 1)
    fig.tight_layout()
    return fig


def plot_accuracy_against_time(
    points: Mapping[str, tuple[float, float]], title: str, target: float | None = None
) -> Figure:
    """Scatter test accuracy against training time, one labelled point per model.

    Parameters
    ----------
    points : dict of str to (float, float)
        For each model, ``(training seconds, test accuracy)``.
    title : str
        The figure's title.
    target : float, optional
        An accuracy to mark with a dashed horizontal line.

    Returns
    -------
    matplotlib.figure.Figure
        Accuracy (y) against training minutes on a logarithmic axis (x).

    Raises
    ------
    TypeError
        If ``points`` is not a non-empty dict.
    ValueError
        If a time is not positive or an accuracy is outside [0, 1].

    Notes
    -----
    Introduced in chapter 7 (Making LSTMs better and faster).
    """
    _check_series("points", points)
    fig, ax = plt.subplots(figsize=(8.5, 5))
    for index, (label, point) in enumerate(points.items()):
        seconds, accuracy = (float(value) for value in point)
        if not seconds > 0:
            raise ValueError(f"points[{label!r}]: training time must be positive, got {seconds}")
        if not 0 <= accuracy <= 1:
            raise ValueError(f"points[{label!r}]: accuracy must be in [0, 1], got {accuracy}")
        ax.scatter(seconds / 60, accuracy, s=60, color=SERIES_COLOURS[index % len(SERIES_COLOURS)],
                   marker=MARKERS[index % len(MARKERS)], zorder=3)
        ax.annotate(label, (seconds / 60, accuracy), textcoords="offset points", xytext=(7, 4),
                    fontsize=FONT_SIZE - 2)
    if target is not None:
        ax.axhline(target, color=OKABE_ITO["black"], linestyle="--", linewidth=1, label=f"{target:.0%}")
        ax.legend(fontsize=FONT_SIZE - 2, loc="lower right")
    ax.set_xscale("log")
    ax.set_xlabel("training time in minutes (log scale)", fontsize=FONT_SIZE)
    ax.set_ylabel("test accuracy", fontsize=FONT_SIZE)
    ax.set_title(title, fontsize=FONT_SIZE + 1)
    ax.grid(alpha=0.3, which="both")
    fig.tight_layout()
    return fig


def plot_bars(values: Mapping[str, float], xlabel: str, title: str, reference: float | None = None) -> Figure:
    """Horizontal bars, one per label, in the order given (first at the top).

    Parameters
    ----------
    values : dict of str to float
        Bar lengths.
    xlabel : str
        What the bars measure.
    title : str
        The figure's title.
    reference : float, optional
        A value to mark with a dashed vertical line (for example the first bar's).

    Returns
    -------
    matplotlib.figure.Figure
        One bar per label, with its value written at its end.

    Raises
    ------
    TypeError
        If ``values`` is not a non-empty dict.
    ValueError
        If a value is negative or not finite.

    Notes
    -----
    Introduced in chapter 7 (Making LSTMs better and faster).
    """
    _check_series("values", values)
    labels = list(values)
    lengths = np.array([float(values[label]) for label in labels])
    if not np.isfinite(lengths).all() or (lengths < 0).any():
        raise ValueError(f"values must be finite and non-negative, got {lengths.tolist()}")
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
    ax.set_xlabel(xlabel, fontsize=FONT_SIZE)
    ax.set_title(title, fontsize=FONT_SIZE + 1)
    ax.grid(alpha=0.3, axis="x")
    fig.tight_layout()
    return fig
