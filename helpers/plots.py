"""Figures for the book: diagrams drawn in code, training curves and classifier results.

Every function returns a Matplotlib ``Figure`` drawn with the Okabe-Ito palette,
which stays distinguishable for readers with colour-vision deficiencies.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
from matplotlib import patheffects
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
    """Colour and marker of the ``index``-th series; past six series the marker shifts, so no two series look alike."""
    marker = MARKERS[(index + index // len(SERIES_COLOURS)) % len(MARKERS)]
    return {"color": SERIES_COLOURS[index % len(SERIES_COLOURS)], "marker": marker}


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


#: The steps of :func:`draw_lstm_cell`'s walk-through, each with its title and equations.
LSTM_STEPS: dict[str, tuple[str, str]] = {
    "forget": ("Step 1: the forget gate decides what to keep",
               r"$f_t = \sigma(x_t W_f + h_{t-1} U_f + b_f)$"),
    "input": ("Step 2: the input gate and the candidate decide what to write",
              r"$i_t = \sigma(x_t W_i + h_{t-1} U_i + b_i)$,   $\tilde c_t = \tanh(x_t W_c + h_{t-1} U_c + b_c)$"),
    "update": ("Step 3: the cell state is updated", r"$c_t = f_t \odot c_{t-1} + i_t \odot \tilde c_t$"),
    "output": ("Step 4: the output gate decides what to show",
               r"$o_t = \sigma(x_t W_o + h_{t-1} U_o + b_o)$,   $h_t = o_t \odot \tanh(c_t)$"),
}


def draw_lstm_cell(highlight: str | None = None) -> Figure:
    """One LSTM step, gates in Keras's order i, f, c, o; ``highlight`` (a key of :data:`LSTM_STEPS`) greys the rest."""
    if highlight is not None and highlight not in LSTM_STEPS:
        raise ValueError(f"highlight must be None or one of {list(LSTM_STEPS)}, got {highlight!r}")
    fig, ax = plt.subplots(figsize=(7.4, 4.3))
    grey = "#C8C8C8"

    def ink(*steps: str) -> dict[str, Any]:
        """Black, or grey when another step is highlighted; thicker when this step is highlighted."""
        on = highlight is None or highlight in steps
        return {"color": OKABE_ITO["black"] if on else grey, "linewidth": 2.4 if highlight in steps else 1.4}

    def line(points: list[tuple[float, float]], *steps: str, arrow: bool = True, halo: bool = False) -> None:
        style = ink(*steps)
        (x0, y0), (x1, y1) = points[-2:]
        ends = points[:-1] + [(x1 - 0.2 * np.sign(x1 - x0), y1 - 0.2 * np.sign(y1 - y0))] if arrow else points
        effects = [patheffects.withStroke(linewidth=9, foreground="#F4F4F4")] if halo else None
        ax.plot(*zip(*ends), solid_capstyle="butt", path_effects=effects, **style)
        if arrow:
            ax.add_patch(FancyArrowPatch(points[-2], points[-1], arrowstyle="-|>", mutation_scale=13,
                                         shrinkA=0, shrinkB=0, **style))

    def node(x: float, y: float, label: str, *steps: str, width: float = 0.36, colour: str = "yellow") -> None:
        style = ink(*steps)
        face = OKABE_ITO[colour] if style["color"] != grey else "#EEEEEE"
        ax.add_patch(FancyBboxPatch((x - width / 2, y - 0.2), width, 0.4, boxstyle="round,pad=0.04",
                                    facecolor=face, edgecolor=style["color"], linewidth=style["linewidth"], zorder=3))
        ax.text(x, y, label, ha="center", va="center", fontsize=FONT_SIZE, color=style["color"], zorder=4)

    def text(x: float, y: float, label: str, *steps: str, **kwargs: Any) -> None:
        ax.text(x, y, label, fontsize=FONT_SIZE + 1, color=ink(*steps)["color"], **kwargs)

    ax.add_patch(FancyBboxPatch((0.9, 0.35), 7.6, 4.0, boxstyle="round,pad=0.1", facecolor="#F4F4F4",
                                edgecolor="#888888", linewidth=1))
    top, mid, gate, rail = 3.9, 2.9, 1.7, 0.85
    # The cell state along the top: c_{t-1} -> (x f_t) -> (+ i_t * c~_t) -> c_t.
    line([(0.0, top), (3.32, top)], "forget", "update")
    line([(3.68, top), (5.02, top)], "update")
    line([(5.38, top), (9.4, top)], "update", "output")
    text(0.0, top + 0.2, r"$c_{t-1}$", "forget", "update")
    text(9.0, top + 0.2, r"$c_t$", "update", "output")
    node(3.5, top, r"$\times$", "forget", "update")
    node(5.2, top, r"$+$", "update")
    # [h_{t-1}, x_t] runs along the bottom rail and up into the four gates: i, f, c~, o.
    line([(0.0, rail), (6.7, rail)], "forget", "input", "output", arrow=False)
    line([(1.3, -0.25), (1.3, rail)], "forget", "input", "output", arrow=False)
    text(0.0, rail - 0.4, r"$h_{t-1}$", "forget", "input", "output")
    text(1.42, -0.25, r"$x_t$", "forget", "input", "output")
    gates = [(2.0, r"$i_t$", r"$\sigma$", "input"), (3.5, r"$f_t$", r"$\sigma$", "forget"),
             (5.2, r"$\tilde c_t$", r"$\tanh$", "input"), (6.7, r"$o_t$", r"$\sigma$", "output")]
    names = {"input": "input gate", "forget": "forget gate", "output": "output gate"}
    for x, symbol, activation, step in gates:
        line([(x, rail), (x, gate - 0.24)], step)
        node(x, gate, activation, step, width=0.62, colour="sky_blue")
        text(x - 0.08, gate + 0.45, symbol, step, *(["update"] if step == "forget" else []), ha="right", va="center")
        name = "candidate" if symbol.startswith(r"$\tilde") else names[step]
        ax.text(x, rail - 0.3, name, ha="center", va="center", fontsize=FONT_SIZE - 1, color=ink(step)["color"])
    # f_t multiplies the old cell state; i_t * c~_t is added to it (i_t's line crosses f_t's).
    # Where they cross, the line of the highlighted step passes over the other.
    crossing = [([(3.5, gate + 0.24), (3.5, top - 0.22)], ("forget", "update")),
                ([(2.0, gate + 0.24), (2.0, mid), (5.0, mid)], ("input",))]
    for index, (path, steps) in enumerate(crossing[::-1] if highlight in ("forget", "update") else crossing):
        line(path, *steps, halo=index == 1)
    line([(5.2, gate + 0.24), (5.2, mid - 0.22)], "input")
    node(5.2, mid, r"$\times$", "input", "update")
    line([(5.2, mid + 0.22), (5.2, top - 0.22)], "update")
    # h_t = o_t * tanh(c_t) leaves at the bottom right, to the next step and the next layer.
    line([(7.7, top), (7.7, 3.22)], "output")
    node(7.7, 3.0, r"$\tanh$", "output", width=0.62, colour="sky_blue")
    line([(7.7, 2.78), (7.7, 2.47)], "output")
    line([(6.7, gate + 0.24), (6.7, 2.25), (7.5, 2.25)], "output")
    node(7.7, 2.25, r"$\times$", "output")
    line([(7.7, 2.03), (7.7, rail), (9.4, rail)], "output")
    text(9.0, rail + 0.2, r"$h_t$", "output")
    title, equation = LSTM_STEPS[highlight] if highlight else (
        "One step of an LSTM cell", r"$c_t = f_t \odot c_{t-1} + i_t \odot \tilde c_t$,   $h_t = o_t \odot \tanh(c_t)$")
    ax.text(4.7, -0.75, equation, ha="center", fontsize=FONT_SIZE + 1)
    return _finish_diagram(fig, ax, (-0.1, 9.5), (-1.0, 4.5), title)


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
                   r"$\|\partial (\sum_i h_{T,i}) / \partial x_t\|$, relative to the last step", title, legend=-1)


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
    words: Sequence[str], gates: Mapping[str, Any], units: Sequence[int], title: str,
    signs: Sequence[float] | None = None,
) -> Figure:
    """Heat maps of ``gates[name]``, each (time, units): the chosen units down, the words across.

    Each panel has its own diverging scale: white at the panel's mean (at 0 for a panel with negative
    values, such as the cell state), blue above and vermillion below, as far as the panel's largest
    deviation, so that small changes of a gate stay visible. ``signs`` (one number per unit, for
    example its correlation with the label) adds "+" or "−" to each unit's label.
    """
    arrays = {name: np.asarray(values, dtype=float)[:, list(units)].T for name, values in gates.items()}
    labels = [f"{u} {'+' if sign > 0 else '−'}" if signs is not None else str(u)
              for u, sign in zip(units, signs if signs is not None else units)]
    cmap = LinearSegmentedColormap.from_list("okabe_ito_diverging", [OKABE_ITO["vermillion"], "white", OKABE_ITO["blue"]])
    fig, axes = plt.subplots(len(arrays), 1, figsize=(6.9, 1.2 + (0.3 * len(units) + 0.25) * len(arrays)),
                             sharex=True, squeeze=False, layout="constrained")
    for ax, (name, values) in zip(axes[:, 0], arrays.items()):
        centre = 0.0 if values.min() < 0 else float(values.mean())
        spread = max(float(np.abs(values - centre).max()), 1e-6)
        image = ax.imshow(values, aspect="auto", cmap=cmap, vmin=centre - spread, vmax=centre + spread,
                          interpolation="nearest")
        ax.set_yticks(range(len(units)), labels=labels, fontsize=FONT_SIZE - 2)
        ax.set_ylabel(name, fontsize=FONT_SIZE)
        bar = fig.colorbar(image, ax=ax, fraction=0.03, pad=0.01, ticks=[centre - spread, centre, centre + spread])
        bar.ax.tick_params(labelsize=FONT_SIZE - 2)
        bar.ax.set_yticklabels([f"{v:.2f}".replace("-", "−") for v in (centre - spread, centre, centre + spread)])
    axes[-1, 0].set_xticks(range(len(words)), labels=list(words), rotation=90, fontsize=FONT_SIZE - 1)
    fig.suptitle(title, fontsize=FONT_SIZE + 1)
    return fig


def plot_value_over_words(words: Sequence[str], values: Sequence[float], ylabel: str, title: str) -> Figure:
    """One value per word as bars, blue above zero and vermillion below, the words as tick labels."""
    series = np.asarray(values, dtype=float)
    fig, ax = plt.subplots(figsize=(max(8.0, 0.3 * len(words) + 2), 3.8))  # at most about 30 words stay readable
    ax.bar(range(series.size), series, color=[OKABE_ITO["blue"] if v >= 0 else OKABE_ITO["vermillion"] for v in series])
    ax.axhline(0, color=OKABE_ITO["black"], linewidth=0.8)
    ax.set_xticks(range(series.size), labels=list(words), rotation=90, fontsize=FONT_SIZE)
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
    """A 2x2 confusion matrix, true class down and predicted across, with counts and shares of each row.

    Each cell is named too: TN, FP, FN and TP, the second class being the positive one.
    """
    counts = np.asarray(matrix, dtype=np.int64)
    totals = counts.sum(axis=1, keepdims=True)
    shares = np.divide(counts, totals, out=np.zeros((2, 2)), where=totals > 0)
    fig, ax = plt.subplots(figsize=(5.4, 4.4), layout="constrained")  # keeps room for the colour bar
    cmap = LinearSegmentedColormap.from_list("okabe_ito_blue", ["white", OKABE_ITO["blue"]])
    image = ax.imshow(shares, cmap=cmap, vmin=0.0, vmax=1.0)
    for row in range(2):
        for column in range(2):
            share = f"{100 * shares[row, column]:.1f}%" if totals[row, 0] else "n/a"
            name = ("TN", "FP", "FN", "TP")[2 * row + column]
            ax.text(column, row, f"{name}\n{counts[row, column]:,}\n{share}", ha="center", va="center",
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
    points: Mapping[str, tuple[float, float]], title: str, target: float | None = None, zoom_from: float | None = None
) -> Figure:
    """Test accuracy against training minutes (log scale), one point per model ``(seconds, accuracy)``.

    The models are named in a legend below the axes, so that close points never print their names over each other.
    With ``zoom_from``, a second panel on the right shows only accuracies from ``zoom_from`` up, where close points
    would otherwise crowd together; the left panel shades that band.
    """
    if zoom_from is None:
        fig, ax = plt.subplots(figsize=(8.5, 6.5))
        panels = [ax]
    else:
        fig, panels = plt.subplots(1, 2, figsize=(11, 6.5), gridspec_kw={"width_ratios": [1, 1.4]})
        ax = panels[0]
    for panel in panels:
        for index, (label, (seconds, accuracy)) in enumerate(points.items()):
            style = _style(index)
            panel.scatter(seconds / 60, accuracy, s=70, color=style["color"], marker=style["marker"], zorder=3,
                          label=label if panel is ax else None)
        if target is not None:
            panel.axhline(target, color=OKABE_ITO["black"], linestyle="--", linewidth=1,
                          label=f"goal: {target:.0%}" if panel is ax else None)
        panel.set_xscale("log")
        panel.grid(alpha=0.3, which="both")
    if zoom_from is not None:
        zoom = panels[1]
        top = max([accuracy for _, accuracy in points.values()] + ([target] if target is not None else []))
        zoom.set_ylim(zoom_from, top + 0.005)
        ax.axhspan(zoom_from, top + 0.005, color="0.5", alpha=0.15, zorder=0)
        zoom.set_xlabel("training time in minutes (log scale)", fontsize=FONT_SIZE)
        zoom.set_title(f"zoom on accuracies from {zoom_from:.0%} (the shaded band)", fontsize=FONT_SIZE)
    ax.legend(fontsize=FONT_SIZE - 2, loc="upper left", bbox_to_anchor=(0.0, -0.14), ncol=2 if zoom_from is None else 3,
              frameon=False)
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
