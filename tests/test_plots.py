"""Tests of helpers.plots and helpers.display."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest

from helpers.display import show_source
from helpers.plots import draw_unrolled_rnn, plot_history
from helpers.rnn import simple_rnn_step


def test_draw_unrolled_rnn_has_title_and_one_state_per_step() -> None:
    figure = draw_unrolled_rnn(steps=3)
    ax = figure.axes[0]
    assert "unrolled" in ax.get_title()
    texts = [t.get_text() for t in ax.texts]
    assert {"$h_{1}$", "$h_{2}$", "$h_{T}$", "$x_{1}$", "$x_{T}$", "$h_0$"} <= set(texts)
    plt.close(figure)


@pytest.mark.parametrize(("steps", "error"), [(1, ValueError), (9, ValueError), (3.0, TypeError), (True, TypeError)])
def test_draw_unrolled_rnn_bad_steps(steps: object, error: type[Exception]) -> None:
    with pytest.raises(error, match="steps must be"):
        draw_unrolled_rnn(steps=steps)  # type: ignore[arg-type]


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
    with pytest.raises(ValueError, match="between 1 and 3"):
        plot_history(history, metric="loss", best_epoch=4)
    with pytest.raises(TypeError, match="best_epoch"):
        plot_history(history, metric="loss", best_epoch=1.5)


def test_plot_history_bad_input() -> None:
    with pytest.raises(ValueError, match="history has no 'auc' entry"):
        plot_history({"loss": [1.0]}, metric="auc")
    with pytest.raises(TypeError, match="history must be a keras History or a dict of lists, got list"):
        plot_history([0.1, 0.2])


def test_show_source_returns_the_code() -> None:
    code = show_source(simple_rnn_step)
    assert "def simple_rnn_step" in code.data
    assert "np.tanh" in code.data


def test_show_source_bad_input() -> None:
    with pytest.raises(TypeError, match="no Python source"):
        show_source(len)
    with pytest.raises(TypeError, match="at least one function"):
        show_source()


def test_plot_gradient_norms_normalises_to_the_last_step() -> None:
    import numpy as np

    from helpers.plots import plot_gradient_norms

    figure = plot_gradient_norms({"a": [0.01, 0.1, 1.0], "b": [2.0, 4.0]}, title="norms")
    ax = figure.axes[0]
    assert ax.get_yscale() == "log" and ax.get_title() == "norms"
    first, second = ax.get_lines()
    np.testing.assert_allclose(first.get_xdata(), [2, 1, 0])
    np.testing.assert_allclose(first.get_ydata(), [0.01, 0.1, 1.0])
    np.testing.assert_allclose(second.get_ydata(), [0.5, 1.0])
    plt.close(figure)


@pytest.mark.parametrize(
    ("norms", "error", "message"),
    [
        ({}, TypeError, "norms must be a non-empty dict"),
        ([1.0], TypeError, "norms must be a non-empty dict"),
        ({"a": []}, ValueError, r"norms\['a'\] must be a non-empty 1-D curve"),
        ({"a": [1.0, 0.0]}, ValueError, "ending in a positive value"),
    ],
)
def test_plot_gradient_norms_bad_input(norms, error, message) -> None:
    from helpers.plots import plot_gradient_norms

    with pytest.raises(error, match=message):
        plot_gradient_norms(norms, title="x")


def test_plot_metric_by_length_draws_each_model_and_chance() -> None:
    from helpers.plots import plot_metric_by_length

    figure = plot_metric_by_length(
        {"RNN": {10: 0.9, 100: 0.1}, "LSTM": {100: 0.8, 10: 1.0}}, metric="accuracy", title="t", chance=0.1
    )
    ax = figure.axes[0]
    lines = ax.get_lines()
    assert [line.get_label() for line in lines] == ["RNN", "LSTM", "baseline (ignores the input)"]
    assert list(lines[1].get_xdata()) == [10, 100] and list(lines[1].get_ydata()) == [1.0, 0.8]
    assert ax.get_xscale() == "log" and ax.get_ylabel() == "accuracy"
    plt.close(figure)
    with pytest.raises(TypeError, match="results must be a non-empty dict"):
        plot_metric_by_length({}, metric="m", title="t")


def test_draw_lstm_cell_names_every_gate() -> None:
    from helpers.plots import draw_lstm_cell

    figure = draw_lstm_cell()
    texts = {t.get_text() for t in figure.axes[0].texts}
    assert {"forget", "input", "candidate", "output", "$c_{t-1}$", "$c_t$"} <= texts
    assert "LSTM cell" in figure.axes[0].get_title()
    plt.close(figure)


def test_plot_gates_over_words_one_panel_per_gate() -> None:
    import numpy as np

    from helpers.plots import plot_gates_over_words

    gates = {"input": np.full((3, 4), 0.5), "cell": np.linspace(-1, 1, 12).reshape(3, 4)}
    figure = plot_gates_over_words(["not", "bad", "at"], gates, units=[0, 2], title="gates")
    heat_maps = [ax for ax in figure.axes if ax.images]
    assert len(heat_maps) == 2
    assert heat_maps[0].images[0].get_array().shape == (2, 3)  # units x words
    assert [t.get_text() for t in heat_maps[-1].get_xticklabels()] == ["not", "bad", "at"]
    assert heat_maps[1].images[0].get_clim() == (-1.0, 1.0)
    plt.close(figure)


@pytest.mark.parametrize(
    ("words", "gates", "units", "error", "message"),
    [
        (["a"], {}, [0], TypeError, "gates must be a non-empty dict"),
        ("ab", {"input": [[0.1], [0.2]]}, [0], TypeError, "words must be a list of str"),
        (["a", "b"], {"input": [0.1, 0.2]}, [0], ValueError, r"expected \(time, units\)"),
        (["a"], {"input": [[0.1], [0.2]]}, [0], ValueError, "words has 1 entries but the activations have 2"),
        (["a", "b"], {"input": [[0.1], [0.2]]}, [1], ValueError, "units must be between 0 and 0"),
    ],
)
def test_plot_gates_over_words_bad_input(words, gates, units, error, message) -> None:
    from helpers.plots import plot_gates_over_words

    with pytest.raises(error, match=message):
        plot_gates_over_words(words, gates, units=units, title="t")


def test_plot_value_over_words_colours_by_sign() -> None:
    from helpers.plots import OKABE_ITO, plot_value_over_words

    figure = plot_value_over_words(["good", "bad"], [0.5, -0.25], ylabel="c", title="unit")
    bars = figure.axes[0].patches
    assert [b.get_height() for b in bars] == [0.5, -0.25]
    assert matplotlib.colors.to_hex(bars[1].get_facecolor()).upper() == OKABE_ITO["vermillion"]
    plt.close(figure)
    with pytest.raises(ValueError, match="words has 3 entries"):
        plot_value_over_words(["a", "b", "c"], [1.0, 2.0], ylabel="c", title="t")
    with pytest.raises(ValueError, match="values must be 1-D"):
        plot_value_over_words(["a"], [[1.0]], ylabel="c", title="t")


def test_plot_curves_one_line_per_label_from_epoch_one() -> None:
    from helpers.plots import plot_curves

    figure = plot_curves({"a": [0.5, 0.6], "b": [0.7]}, xlabel="epoch", ylabel="acc", title="t")
    lines = figure.axes[0].get_lines()
    assert [line.get_label() for line in lines] == ["a", "b"]
    assert list(lines[0].get_xdata()) == [1, 2]
    plt.close(figure)
    with pytest.raises(ValueError, match=r"curves\['a'\] must be a non-empty"):
        plot_curves({"a": []}, xlabel="x", ylabel="y", title="t")


def test_plot_length_histogram_marks_and_clips() -> None:
    from helpers.plots import plot_length_histogram

    figure = plot_length_histogram(list(range(1, 1001)), marks=[200, 500], title="lengths")
    ax = figure.axes[0]
    assert [line.get_label() for line in ax.get_lines()] == ["maxlen = 200", "maxlen = 500"]
    assert ax.get_ylabel() == "number of reviews"
    plt.close(figure)
    with pytest.raises(ValueError, match="lengths must be a non-empty 1-D sequence"):
        plot_length_histogram([], marks=[], title="t")


# --------------------------------------------------------------------------- chapter 7

from helpers.plots import plot_accuracy_against_time, plot_bars  # noqa: E402


def test_plot_accuracy_against_time_places_each_model() -> None:
    fig = plot_accuracy_against_time({"a": (60.0, 0.85), "b": (600.0, 0.9)}, "Scores", target=0.9)
    ax = fig.axes[0]
    assert ax.get_title() == "Scores" and ax.get_xscale() == "log"
    assert "minutes" in ax.get_xlabel() and ax.get_ylabel() == "test accuracy"
    offsets = [collection.get_offsets()[0].tolist() for collection in ax.collections]
    assert offsets == [[1.0, 0.85], [10.0, 0.9]]
    assert [text.get_text() for text in ax.texts] == ["a", "b"]
    plt.close(fig)


@pytest.mark.parametrize(
    ("points", "error", "message"),
    [
        ({}, TypeError, "non-empty dict"),
        ({"a": (0.0, 0.8)}, ValueError, "positive"),
        ({"a": (10.0, 80.0)}, ValueError, r"\[0, 1\]"),
    ],
)
def test_plot_accuracy_against_time_bad_input(points, error, message) -> None:
    with pytest.raises(error, match=message):
        plot_accuracy_against_time(points, "t")


def test_plot_bars_keeps_the_order_and_writes_values() -> None:
    fig = plot_bars({"first": 10.0, "second": 2500.0}, "tokens per second", "Speed", reference=10.0)
    ax = fig.axes[0]
    positions = {label.get_text(): y for label, y in zip(ax.get_yticklabels(), ax.get_yticks())}
    assert positions["first"] > positions["second"]  # the first bar is at the top
    assert [text.get_text() for text in ax.texts] == ["10", "2,500"]
    assert ax.get_xlabel() == "tokens per second" and ax.get_title() == "Speed"
    plt.close(fig)


def test_plot_bars_bad_input() -> None:
    with pytest.raises(TypeError):
        plot_bars({}, "x", "t")
    with pytest.raises(ValueError, match="non-negative"):
        plot_bars({"a": -1.0}, "x", "t")
