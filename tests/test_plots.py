"""Tests of helpers.plots: each figure shows what it is given."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest
from numpy.testing import assert_allclose

from helpers.display import show_source
from helpers.evaluation import confusion_matrix, roc_auc, roc_curve
from helpers.plots import (
    LSTM_STEPS,
    OKABE_ITO,
    SERIES_COLOURS,
    draw_lstm_cell,
    draw_unrolled_rnn,
    plot_accuracy_against_time,
    plot_bars,
    plot_confusion_matrix,
    plot_curves,
    plot_gates_over_words,
    plot_gradient_norms,
    plot_history,
    plot_length_histogram,
    plot_metric_by_length,
    plot_roc_curve,
    plot_value_over_words,
)
from helpers.rnn import simple_rnn_step


def test_draw_unrolled_rnn_has_title_and_one_state_per_step() -> None:
    figure = draw_unrolled_rnn(steps=3)
    ax = figure.axes[0]
    assert "unrolled" in ax.get_title()
    texts = [t.get_text() for t in ax.texts]
    assert {"$h_{1}$", "$h_{2}$", "$h_{T}$", "$x_{1}$", "$x_{T}$", "$h_0$"} <= set(texts)
    plt.close(figure)


def test_plot_history_labels_both_panels() -> None:
    history = {"loss": [0.7, 0.5], "val_loss": [0.6, 0.55], "accuracy": [0.5, 0.8], "val_accuracy": [0.6, 0.7]}
    figure = plot_history(history, title="demo")
    loss_ax, accuracy_ax = figure.axes
    assert loss_ax.get_xlabel() == "epoch" and loss_ax.get_ylabel() == "loss"
    assert accuracy_ax.get_ylabel() == "accuracy"
    assert [line.get_label() for line in accuracy_ax.get_lines()] == ["training", "validation"]
    assert list(accuracy_ax.get_lines()[1].get_ydata()) == [0.6, 0.7]
    assert figure._suptitle.get_text() == "demo"
    plt.close(figure)


def test_plot_history_marks_the_best_epoch() -> None:
    history = {"loss": [0.7, 0.5, 0.6], "val_loss": [0.6, 0.55, 0.7]}
    figure = plot_history(history, metric="loss", best_epoch=2)
    marks = [line for line in figure.axes[0].get_lines() if line.get_label() == "best epoch"]
    assert len(marks) == 1 and list(marks[0].get_xdata()) == [2, 2]
    plt.close(figure)


def test_show_source_prints_simple_rnn_step_without_its_docstring() -> None:
    code = show_source(simple_rnn_step)
    assert "def simple_rnn_step" in code.data and "np.tanh" in code.data
    assert simple_rnn_step.__doc__ not in code.data


def test_plot_gradient_norms_normalises_to_the_last_step() -> None:
    figure = plot_gradient_norms({"a": [0.01, 0.1, 1.0], "b": [2.0, 4.0]}, title="norms")
    ax = figure.axes[0]
    assert ax.get_yscale() == "log" and ax.get_title() == "norms"
    first, second = ax.get_lines()
    np.testing.assert_allclose(first.get_xdata(), [2, 1, 0])
    np.testing.assert_allclose(first.get_ydata(), [0.01, 0.1, 1.0])
    np.testing.assert_allclose(second.get_ydata(), [0.5, 1.0])
    plt.close(figure)


def test_plot_metric_by_length_draws_each_model_and_chance() -> None:
    figure = plot_metric_by_length(
        {"RNN": {10: 0.9, 100: 0.1}, "LSTM": {100: 0.8, 10: 1.0}}, metric="accuracy", title="t", chance=0.1
    )
    ax = figure.axes[0]
    lines = ax.get_lines()
    assert [line.get_label() for line in lines] == ["RNN", "LSTM", "baseline (ignores the input)"]
    assert list(lines[1].get_xdata()) == [10, 100] and list(lines[1].get_ydata()) == [1.0, 0.8]
    assert ax.get_xscale() == "log" and ax.get_ylabel() == "accuracy"
    plt.close(figure)


def test_draw_lstm_cell_names_every_gate_in_keras_order_and_labels_one_h_t() -> None:
    figure = draw_lstm_cell()
    ax = figure.axes[0]
    texts = [t.get_text() for t in ax.texts]
    names = ["input gate", "forget gate", "candidate", "output gate"]
    assert set(names + ["$c_{t-1}$", "$c_t$", "$h_{t-1}$", "$x_t$"]) <= set(texts)
    positions = {t.get_text(): t.get_position()[0] for t in ax.texts}
    assert sorted(names, key=positions.get) == names  # left to right in Keras's order i, f, c, o
    assert texts.count("$h_t$") == 1 and r"\tilde c_t" in texts[-1] and "g_t" not in "".join(texts)
    assert "LSTM cell" in ax.get_title()
    plt.close(figure)


def test_draw_lstm_cell_highlights_one_step_and_greys_the_rest() -> None:
    for step, (title, equation) in LSTM_STEPS.items():
        figure = draw_lstm_cell(highlight=step)
        ax = figure.axes[0]
        assert ax.get_title() == title and ax.texts[-1].get_text() == equation
        colours = {t.get_text(): matplotlib.colors.to_hex(t.get_color()) for t in ax.texts}
        lit = {"forget": "forget gate", "input": "candidate", "update": "$f_t$", "output": "output gate"}[step]
        assert colours[lit] == "#000000" and colours["input gate" if step != "input" else "output gate"] != "#000000"
        plt.close(figure)
    with pytest.raises(ValueError, match="highlight"):
        draw_lstm_cell(highlight="candidate")


def test_plot_gates_over_words_one_panel_per_gate() -> None:
    gates = {"input": np.full((3, 4), 0.5), "cell": np.linspace(-1, 1, 12).reshape(3, 4)}
    figure = plot_gates_over_words(["not", "bad", "at"], gates, units=[0, 2], title="gates")
    heat_maps = [ax for ax in figure.axes if ax.images]
    assert len(heat_maps) == 2
    assert heat_maps[0].images[0].get_array().shape == (2, 3)  # units x words
    assert [t.get_text() for t in heat_maps[-1].get_xticklabels()] == ["not", "bad", "at"]
    assert [t.get_text() for t in heat_maps[0].get_yticklabels()] == ["0", "2"]
    plt.close(figure)


def test_plot_gates_over_words_centres_each_panel_and_signs_the_units() -> None:
    input_gate = np.array([[0.4, 0.5], [0.5, 0.6], [0.45, 0.5]])  # mean 0.4917, largest deviation 0.1083
    cell = np.array([[-0.2, 0.1], [0.3, 0.0], [0.1, -0.1]])
    figure = plot_gates_over_words(["a", "b", "c"], {"input": input_gate, "cell": cell}, units=[1, 0],
                                   title="t", signs=[-0.7, 0.3])
    input_ax, cell_ax = [ax for ax in figure.axes if ax.images]
    low, high = input_ax.images[0].get_clim()
    assert (low + high) / 2 == pytest.approx(input_gate.mean()) and high - low == pytest.approx(2 * 0.6 - 2 * input_gate.mean())
    assert cell_ax.images[0].get_clim() == pytest.approx((-0.3, 0.3))  # centred on 0
    assert_allclose(input_ax.images[0].get_array(), input_gate[:, [1, 0]].T)
    assert [t.get_text() for t in input_ax.get_yticklabels()] == ["1 −", "0 +"]
    assert input_ax.get_ylabel() == "input" and figure.get_suptitle() == "t"
    plt.close(figure)


def test_plot_value_over_words_colours_by_sign() -> None:
    figure = plot_value_over_words(["good", "bad"], [0.5, -0.25], ylabel="c", title="unit")
    bars = figure.axes[0].patches
    assert [b.get_height() for b in bars] == [0.5, -0.25]
    assert matplotlib.colors.to_hex(bars[1].get_facecolor()).upper() == OKABE_ITO["vermillion"]
    plt.close(figure)


def test_plot_curves_one_line_per_label_from_epoch_one() -> None:
    figure = plot_curves({"a": [0.5, 0.6], "b": [0.7]}, xlabel="epoch", ylabel="acc", title="t")
    lines = figure.axes[0].get_lines()
    assert [line.get_label() for line in lines] == ["a", "b"]
    assert list(lines[0].get_xdata()) == [1, 2]
    plt.close(figure)


def test_plot_length_histogram_marks_and_clips() -> None:
    figure = plot_length_histogram(list(range(1, 1001)), marks=[200, 500], title="lengths")
    ax = figure.axes[0]
    assert [line.get_label() for line in ax.get_lines()] == ["maxlen = 200", "maxlen = 500"]
    assert ax.get_ylabel() == "number of reviews" and "clipped at 995" in ax.get_xlabel()
    plt.close(figure)


def test_plot_accuracy_against_time_places_each_model() -> None:
    fig = plot_accuracy_against_time({"a": (60.0, 0.85), "b": (600.0, 0.9)}, "Scores", target=0.9)
    ax = fig.axes[0]
    assert ax.get_title() == "Scores" and ax.get_xscale() == "log"
    assert "minutes" in ax.get_xlabel() and ax.get_ylabel() == "test accuracy"
    offsets = [collection.get_offsets()[0].tolist() for collection in ax.collections]
    assert offsets == [[1.0, 0.85], [10.0, 0.9]]
    legend = [text.get_text() for text in ax.get_legend().get_texts()]
    assert legend == ["goal: 90%", "a", "b"] or legend == ["a", "b", "goal: 90%"]
    assert len(ax.texts) == 0  # no names printed next to the points, where close points would overprint them
    plt.close(fig)


def test_plot_bars_keeps_the_order_and_writes_values() -> None:
    fig = plot_bars({"first": 10.0, "second": 2500.0}, "tokens per second", "Speed", reference=10.0)
    ax = fig.axes[0]
    positions = {label.get_text(): y for label, y in zip(ax.get_yticklabels(), ax.get_yticks())}
    assert positions["first"] > positions["second"]  # the first bar is at the top
    assert [text.get_text() for text in ax.texts] == ["10", "2,500"]
    assert ax.get_xlabel() == "tokens per second" and ax.get_title() == "Speed"
    plt.close(fig)


def test_plot_confusion_matrix_writes_names_counts_and_row_percentages() -> None:
    figure = plot_confusion_matrix(np.array([[1234, 66], [5, 15]]), title="demo", class_names=("neg", "pos"))
    ax = figure.axes[0]
    assert ax.get_title() == "demo" and ax.get_xlabel() == "predicted" and ax.get_ylabel() == "true"
    assert [t.get_text() for t in ax.get_xticklabels()] == ["neg", "pos"]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["neg", "pos"]
    assert [t.get_text() for t in ax.texts] == [
        "TN\n1,234\n94.9%", "FP\n66\n5.1%", "FN\n5\n25.0%", "TP\n15\n75.0%"
    ]
    assert_allclose(ax.images[0].get_array(), [[1234 / 1300, 66 / 1300], [0.25, 0.75]], rtol=1e-12)
    plt.close(figure)


def test_plot_confusion_matrix_accepts_an_empty_row() -> None:
    figure = plot_confusion_matrix(confusion_matrix([0, 0, 0], [0, 1, 1]), title="no positives")
    assert [t.get_text() for t in figure.axes[0].texts] == ["TN\n1\n33.3%", "FP\n2\n66.7%", "FN\n0\nn/a", "TP\n0\nn/a"]
    assert [t.get_text() for t in figure.axes[0].get_xticklabels()] == ["negative", "positive"]
    plt.close(figure)


def test_plot_roc_curve_labels_auc_chance_line_and_points() -> None:
    rng = np.random.default_rng(13)
    labels = rng.integers(0, 2, size=200)
    scores = (0.25 * labels + rng.uniform(0, 0.75, size=200)).round(1)
    fpr, tpr, _ = roc_curve(labels, scores)
    figure = plot_roc_curve(
        {"LSTM": (fpr, tpr), "perfect": ([0, 0, 1], [0, 1, 1])},
        title="ROC",
        marked_points={"threshold 0.5": (0.2, 0.7), "precision 90%": (0.05, 0.4)},
    )
    ax = figure.axes[0]
    assert ax.get_title() == "ROC"
    assert "false positive rate" in ax.get_xlabel() and "true positive rate" in ax.get_ylabel()
    lines = ax.get_lines()
    assert [line.get_label() for line in lines] == [
        f"LSTM (AUC = {roc_auc(labels, scores):.3f})", "perfect (AUC = 1.000)", "chance (AUC = 0.500)",
        "threshold 0.5", "precision 90%",
    ]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [line.get_label() for line in lines]
    assert matplotlib.colors.to_hex(lines[0].get_color()).upper() == SERIES_COLOURS[0]
    assert lines[2].get_linestyle() == "--"
    assert_allclose(lines[0].get_ydata(), tpr, rtol=1e-12)
    points = lines[3:]
    assert (list(points[1].get_xdata()), list(points[1].get_ydata())) == ([0.05], [0.4])
    assert points[0].get_marker() != points[1].get_marker()
    assert {matplotlib.colors.to_hex(p.get_color()).upper() for p in points} <= set(OKABE_ITO.values())
    plt.close(figure)


def test_styles_stay_distinct_past_six_series() -> None:
    from helpers.plots import _style

    pairs = [(style["color"], style["marker"]) for style in map(_style, range(12))]
    assert len(set(pairs)) == 12


def test_plot_accuracy_against_time_zooms_on_the_crowded_band() -> None:
    fig = plot_accuracy_against_time({"low": (60.0, 0.5), "a": (120.0, 0.88), "b": (600.0, 0.9)}, "Scores",
                                     target=0.9, zoom_from=0.85)
    full, zoom = fig.axes
    assert full.get_ylim()[0] < 0.5 < 0.85 == zoom.get_ylim()[0] and zoom.get_ylim()[1] > 0.9
    assert zoom.get_xscale() == "log" and len(zoom.collections) == 3 and zoom.get_legend() is None
    assert [text.get_text() for text in full.get_legend().get_texts()][:3] == ["low", "a", "b"]
    assert any(patch.get_alpha() == 0.15 for patch in full.patches)  # the zoomed band is shaded on the full view
    plt.close(fig)
