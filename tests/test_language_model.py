"""Chapter 9's benchmark code: the stream's batches, the tokenizer, the learning-rate schedule, and that the
chapter and the benchmark tokenise alike."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest

from benchmarks.language_model import END, make_vectorizer, sequential_batches, standardize_for_language_model
from benchmarks.rows.lm_finetuned import DiscriminativeAdam, SlantedTriangular

ROOT = Path(__file__).resolve().parent.parent
CHAPTER = ROOT / "chapters" / "09_language_models.ipynb"


def test_each_row_of_a_batch_continues_the_same_row_of_the_batch_before() -> None:
    inputs, targets = sequential_batches(np.arange(20), batch_size=2, length=3)
    assert inputs.tolist()[:4] == [[0, 1, 2], [9, 10, 11], [3, 4, 5], [12, 13, 14]]
    np.testing.assert_array_equal(targets, inputs + 1)  # the next token of every input
    assert inputs.shape == (6, 3)  # 3 batches of 2 rows; the last tokens that fill no batch are dropped


def test_the_tokenizer_keeps_punctuation_as_tokens_and_marks_ends_with_zero() -> None:
    text = standardize_for_language_model(['Great film (really)!<br /><br />"Loved" it... #1'])
    assert text.numpy()[0].decode().split() == ["great", "film", "(", "really", ")", "!", '"', "loved", '"', "it",
                                                ".", ".", ".", "1"]
    vectorizer = make_vectorizer(texts=["a b a", "b c"])
    assert END == 0 and vectorizer.get_vocabulary()[0] == ""  # id 0 is never a real token


def test_the_slanted_triangular_schedule_rises_then_falls() -> None:
    schedule = SlantedTriangular(peak=1.0, steps=100)
    rates = np.array([float(schedule(step)) for step in range(100)])
    assert rates[0] == pytest.approx(1 / 32) and rates[10] == pytest.approx(1.0)
    assert np.all(np.diff(rates[:11]) > 0) and np.all(np.diff(rates[10:]) < 0)
    assert rates[99] > 1 / 32


def test_the_chapter_tokenises_as_the_benchmark_does() -> None:
    cells = json.loads(CHAPTER.read_text(encoding="utf-8"))["cells"]
    source = next("".join(c["source"]) for c in cells if c["cell_type"] == "code" and "def standardize(" in "".join(c["source"]))
    benchmark = (ROOT / "benchmarks" / "language_model.py").read_text(encoding="utf-8")
    patterns = re.findall(r"regex_replace\(texts, (r['\"].*?['\"]), (r?['\"].*?['\"])\)", source)
    assert len(patterns) == 3
    for pattern, rewrite in patterns:
        assert f"regex_replace(texts, {pattern}, {rewrite})" in benchmark


def test_the_probe_finds_a_feature_that_carries_the_label_and_its_neighbours_by_cosine() -> None:
    from benchmarks.rows.lm_probe import neighbours, probe
    from helpers.results import unpack_correct

    rng = np.random.default_rng(0)
    labels = rng.integers(0, 2, size=400)
    features = rng.normal(size=(400, 5))
    features[:, 2] += 3 * labels  # one feature tells the label; the probe standardises and finds it
    found = probe(features[:300], labels[:300], features[300:], labels[300:])
    assert found["validation_accuracy"] > 0.9 and found["features"] == 5
    assert unpack_correct(found["correct"]["validation"]).mean() == pytest.approx(found["validation_accuracy"])
    blind = probe(rng.normal(size=(300, 5)), labels[:300], rng.normal(size=(100, 5)), labels[300:])
    assert blind["validation_accuracy"] < 0.7  # noise tells nothing
    vectors = np.array([[1.0, 0.0], [0.9, 0.1], [-1.0, 0.0], [0.0, 1.0]])
    assert neighbours(vectors, ["a", "b", "c", "d"], "a", count=3) == ["b", "d", "c"]


def test_discriminative_adam_gives_each_layer_its_own_learning_rate() -> None:
    import keras

    def moves(factors: dict[str, float]) -> dict[str, float]:
        keras.utils.set_random_seed(0)
        inputs = keras.Input(shape=(3,))
        model = keras.Model(inputs, keras.layers.Dense(1, name="head")(keras.layers.Dense(4, name="body")(inputs)))
        before = {layer.name: layer.get_weights()[0].copy() for layer in model.layers[1:]}
        model.compile(optimizer=DiscriminativeAdam(0.1, factors), loss="mse")
        model.train_on_batch(np.ones((8, 3)), np.ones((8, 1)))
        return {name: float(np.abs(layer.get_weights()[0] - before[name]).max())
                for name, layer in ((layer.name, layer) for layer in model.layers[1:])}

    frozen, plain, halved = moves({"body": 0.0}), moves({}), moves({"body": 0.5})
    assert frozen["body"] == 0 and frozen["head"] > 0
    assert halved["body"] == pytest.approx(plain["body"] / 2, rel=1e-3)  # Adam's first step is the rate itself
    assert halved["head"] == pytest.approx(plain["head"])
