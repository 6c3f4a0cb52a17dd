"""Tests of helpers.models: the chapter 5 sentiment LSTM."""

from __future__ import annotations

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import keras
import numpy as np
import pytest

from helpers.lstm import lstm_param_count
from helpers.models import sentiment_lstm


def test_parameter_count_matches_the_formula() -> None:
    model = sentiment_lstm(1_000, embedding_dim=16, units=8)
    expected = 1_000 * 16 + lstm_param_count(16, 8) + (8 + 1)
    assert model.count_params() == expected


def test_bidirectional_and_stacked_parameter_counts() -> None:
    model = sentiment_lstm(100, embedding_dim=4, units=3, bidirectional=True, lstm_layers=2)
    expected = 100 * 4 + 2 * lstm_param_count(4, 3) + 2 * lstm_param_count(6, 3) + (6 + 1)
    assert model.count_params() == expected


def test_output_is_a_probability_and_padding_is_ignored() -> None:
    model = sentiment_lstm(50, embedding_dim=4, units=3, dense_dropout=0.5)
    ids = np.array([[5, 9, 2, 7]], dtype="int32")
    padded = np.array([[5, 9, 2, 7, 0, 0, 0]], dtype="int32")
    short, long = model(ids).numpy(), model(padded).numpy()
    assert short.shape == (1, 1) and 0 < short[0, 0] < 1
    np.testing.assert_allclose(short, long, atol=1e-6)


def test_same_seed_same_weights() -> None:
    first = sentiment_lstm(30, embedding_dim=2, units=2, seed=3).get_weights()
    second = sentiment_lstm(30, embedding_dim=2, units=2, seed=3).get_weights()
    for a, b in zip(first, second):
        np.testing.assert_array_equal(a, b)


def test_accepts_a_learning_rate_schedule() -> None:
    schedule = keras.optimizers.schedules.ExponentialDecay(1e-3, decay_steps=10, decay_rate=0.5)
    model = sentiment_lstm(30, learning_rate=schedule)
    assert float(model.optimizer.learning_rate) == pytest.approx(1e-3)


def test_compiled_with_clipped_adam() -> None:
    model = sentiment_lstm(30)
    assert isinstance(model.optimizer, keras.optimizers.Adam)
    assert model.optimizer.clipnorm == 1.0


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"vocabulary_size": 2}, ValueError, "vocabulary_size"),
        ({"vocabulary_size": 10.0}, TypeError, "vocabulary_size"),
        ({"vocabulary_size": 10, "units": 0}, ValueError, "units"),
        ({"vocabulary_size": 10, "dropout": 1.0}, ValueError, "dropout"),
        ({"vocabulary_size": 10, "dropout": "0.2"}, TypeError, "dropout"),
        ({"vocabulary_size": 10, "bidirectional": 1}, TypeError, "bidirectional"),
        ({"vocabulary_size": 10, "learning_rate": 0}, ValueError, "learning_rate"),
        ({"vocabulary_size": 10, "learning_rate": float("nan")}, ValueError, "learning_rate"),
        ({"vocabulary_size": 10, "learning_rate": "1e-3"}, TypeError, "learning_rate"),
        ({"vocabulary_size": 10, "learning_rate": True}, TypeError, "learning_rate"),
    ],
)
def test_bad_arguments(kwargs: dict, error: type[Exception], match: str) -> None:
    with pytest.raises(error, match=match):
        sentiment_lstm(**kwargs)


# --------------------------------------------------------------------------- pooled_bilstm (chapter 7)

from helpers.models import MaskedGlobalMaxPooling1D, pooled_bilstm  # noqa: E402


def test_masked_max_pooling_ignores_padded_steps() -> None:
    values = np.array([[[-3.0, 1.0], [-2.0, 4.0], [0.0, 9.0]]], dtype="float32")
    mask = np.array([[True, True, False]])
    pooled = MaskedGlobalMaxPooling1D()(values, mask=mask).numpy()
    # Without the mask the padded step's 0 and 9 would win.
    np.testing.assert_array_equal(pooled, [[-2.0, 4.0]])
    np.testing.assert_array_equal(MaskedGlobalMaxPooling1D()(values).numpy(), [[0.0, 9.0]])


def test_pooled_bilstm_parameter_count() -> None:
    model = pooled_bilstm(100, embedding_dim=6, units=5)
    # Embedding, two LSTMs (one per direction), Dense on max and mean of both directions.
    expected = 100 * 6 + 2 * lstm_param_count(6, 5) + (4 * 5 + 1)
    assert model.count_params() == expected


def test_pooled_bilstm_ignores_padding_and_outputs_probabilities() -> None:
    model = pooled_bilstm(40, embedding_dim=4, units=3, embedding_dropout=0.2)
    ids = np.array([[5, 9, 2, 7]], dtype="int32")
    padded = np.array([[5, 9, 2, 7, 0, 0, 0, 0]], dtype="int32")
    short, long = model(ids).numpy(), model(padded).numpy()
    assert short.shape == (1, 1) and 0 < short[0, 0] < 1
    np.testing.assert_allclose(short, long, atol=1e-6)


def test_pooled_bilstm_starts_from_given_embeddings() -> None:
    vectors = np.random.default_rng(0).normal(size=(30, 4)).astype("float32")
    model = pooled_bilstm(30, embedding_dim=4, units=2, embeddings=vectors, train_embeddings=False)
    embedding = model.get_layer(index=1)
    np.testing.assert_array_equal(embedding.get_weights()[0], vectors)
    assert not embedding.trainable


def test_pooled_bilstm_rejects_bad_arguments() -> None:
    with pytest.raises(ValueError, match="shape"):
        pooled_bilstm(30, embedding_dim=4, embeddings=np.zeros((29, 4)))
    with pytest.raises(TypeError, match="numpy array"):
        pooled_bilstm(30, embedding_dim=4, embeddings=[[0.0] * 4] * 30)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="train_embeddings"):
        pooled_bilstm(30, train_embeddings="yes")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="embedding_dropout"):
        pooled_bilstm(30, embedding_dropout=1.0)
    with pytest.raises(ValueError, match="learning_rate"):
        pooled_bilstm(30, learning_rate=0)
    with pytest.raises(TypeError, match="learning_rate"):
        pooled_bilstm(30, learning_rate="1e-3")  # type: ignore[arg-type]


def test_pooled_bilstm_survives_saving(tmp_path: object) -> None:
    model = pooled_bilstm(30, embedding_dim=4, units=2)
    path = os.path.join(str(tmp_path), "model.keras")
    model.save(path)
    reloaded = keras.models.load_model(path)
    ids = np.array([[3, 4, 5, 0]], dtype="int32")
    np.testing.assert_allclose(model(ids).numpy(), reloaded(ids).numpy(), atol=1e-6)
