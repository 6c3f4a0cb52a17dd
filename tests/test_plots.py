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
