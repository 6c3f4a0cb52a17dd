"""Tests of helpers.text: standardizing reviews, token ids both ways, predictions."""

from __future__ import annotations

import os
import string
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import keras
import numpy as np
import pytest
import tensorflow as tf
from numpy.testing import assert_allclose, assert_array_equal

from helpers import data
from helpers.text import (
    OOV_TOKEN,
    PAD_TOKEN,
    START_TOKEN,
    SentimentPrediction,
    count_tokens,
    decode_keras_imdb,
    decode_sequence,
    encode_like_keras_imdb,
    encode_without_offset,
    predict_sentiment,
    standardize_review,
)

ADAPT_TEXTS = [
    "A great movie, truly great!",
    "Bad film.<br /><br />Awful acting and a bad plot.",
    "The plot was great and the acting was good.",
    "Boring, boring, BORING.",
]
SEQUENCE_LENGTH = 12

# A toy word index in the format of keras.datasets.imdb.get_word_index(): ranks from 1.
WORD_INDEX = {"the": 1, "and": 2, "a": 3, "of": 4, "movie": 5, "great": 6, "was": 7, "rare": 20}


def words(text: str) -> list[str]:
    """Split one text the way TextVectorization does after standardize_review."""
    return [w.decode() for w in tf.strings.split(standardize_review(tf.constant([text])))[0].numpy()]


def make_vectorizer() -> keras.layers.TextVectorization:
    vectorizer = keras.layers.TextVectorization(
        max_tokens=40, output_sequence_length=SEQUENCE_LENGTH, standardize=standardize_review
    )
    vectorizer.adapt(ADAPT_TEXTS)
    return vectorizer


def make_model(input_shape: tuple[int, ...] = (1,), activation: str | None = "sigmoid") -> keras.Model:
    """A tiny untrained end-to-end model: raw strings in, a probability out."""
    keras.utils.set_random_seed(0)
    inputs = keras.Input(shape=input_shape, dtype="string")
    x = make_vectorizer()(inputs)
    x = keras.layers.Embedding(40, 4)(x)
    x = keras.layers.GlobalAveragePooling1D()(x)
    outputs = keras.layers.Dense(1, activation=activation, bias_initializer="random_normal")(x)
    return keras.Model(inputs, outputs)


@pytest.fixture(scope="module")
def vectorizer() -> keras.layers.TextVectorization:
    return make_vectorizer()


@pytest.fixture(scope="module")
def model() -> keras.Model:
    return make_model()


# standardize_review ------------------------------------------------------------------


def test_standardize_review_removes_html_and_capitals() -> None:
    assert words("Great<br /><br />MOVIE!!") == ["great", "movie"]


@pytest.mark.parametrize(
    "text",
    ["one<br />two", "one<br/>two", "one<br>two", "one<BR />two", "one<Br/>two", "one< br / >two", "one<br   />two"],
)
def test_standardize_review_every_line_break_separates_words(text: str) -> None:
    assert words(text) == ["one", "two"]


def test_standardize_review_strips_every_punctuation_character() -> None:
    result = standardize_review(tf.constant(["a" + string.punctuation + "b"]))
    assert result.numpy().tolist() == [b"ab"]


def test_standardize_review_equals_keras_default_without_html() -> None:
    texts = [
        "Don't miss it: 10/10, a MUST-see (really)!",
        'He said "wow" & left... #best [ever] {sic} ~50% @home',
        "Café CRÈME, naïve_plot; tabs\tand  spaces",
    ]
    default = keras.layers.TextVectorization()
    ours = keras.layers.TextVectorization(standardize=standardize_review)
    default.adapt(texts)
    ours.adapt(texts)
    assert ours.get_vocabulary() == default.get_vocabulary()
    assert_array_equal(ours(texts).numpy(), default(texts).numpy())


def test_standardize_review_keeps_shape() -> None:
    result = standardize_review(tf.constant([["A<br />B"], ["C!"]]))
    assert result.shape == (2, 1)
    assert result.numpy().tolist() == [[b"a b"], [b"c"]]


# Keras's own saving code converts a tensor with np.array(x, copy=False); not ours to fix.
@pytest.mark.filterwarnings("ignore:__array__ implementation doesn't accept a copy keyword")
def test_standardize_review_model_saves_and_loads(tmp_path: Path, model: keras.Model) -> None:
    path = tmp_path / "m.keras"
    model.save(path)
    loaded = keras.saving.load_model(path)
    texts = tf.constant([["A GREAT movie<br />!"], ["awful, boring plot"], ["unseen words only"]])
    assert_allclose(loaded.predict(texts, verbose=0), model.predict(texts, verbose=0), rtol=0, atol=0)
    layer = next(l for l in loaded.layers if isinstance(l, keras.layers.TextVectorization))
    assert layer.get_config()["standardize"] is standardize_review
    assert layer.get_vocabulary() == make_vectorizer().get_vocabulary()


# decode_sequence ---------------------------------------------------------------------


def test_decode_sequence_round_trips_vectorizer_output(vectorizer: keras.layers.TextVectorization) -> None:
    ids = vectorizer(["The plot was GREAT<br />!"])[0]
    assert decode_sequence(ids.numpy(), vectorizer.get_vocabulary()) == "the plot was great"
    assert decode_sequence(ids, vectorizer.get_vocabulary()) == "the plot was great"  # a tf.Tensor


def test_decode_sequence_shows_unknown_words_and_optional_padding(
    vectorizer: keras.layers.TextVectorization,
) -> None:
    vocabulary = vectorizer.get_vocabulary()
    ids = vectorizer(["great zebra"])[0].numpy()
    assert decode_sequence(ids, vocabulary) == "great [UNK]"
    kept = decode_sequence(ids, vocabulary, skip_padding=False)
    assert kept == "great [UNK]" + f" {PAD_TOKEN}" * (SEQUENCE_LENGTH - 2)


def test_decode_sequence_empty_ids() -> None:
    assert decode_sequence([], ["", "[UNK]", "a"]) == ""


@pytest.mark.parametrize(
    ("ids", "vocabulary", "error", "message"),
    [
        ([2, 50], ["", "[UNK]", "a", "b", "c"], ValueError, r"ids\[1\] = 50 is out of range for a vocabulary of 5 words"),
        ([-1], ["", "[UNK]"], ValueError, r"ids\[0\] = -1 is out of range for a vocabulary of 2 words"),
        ([[2, 3]], ["", "[UNK]", "a", "b"], ValueError, r"ids must be one review's 1-D token ids, got shape \(1, 2\)"),
        ([1.0, 2.0], ["", "[UNK]", "a"], TypeError, "ids must hold integers, got dtype float64"),
    ],
)
def test_decode_sequence_bad_input(ids, vocabulary, error, message) -> None:
    with pytest.raises(error, match=message):
        decode_sequence(ids, vocabulary)


# count_tokens ------------------------------------------------------------------------


def test_count_tokens_counts_words_after_standardizing() -> None:
    texts = ["Great<br /><br />MOVIE!!", "", "one two   three", "!!! ...", "It's 10/10."]
    counts = count_tokens(texts)
    assert counts.dtype == np.int64 and counts.shape == (5,)
    assert counts.tolist() == [2, 0, 3, 0, 2]
    assert counts.tolist() == [len(words(text)) for text in texts]


def test_count_tokens_is_fast_on_25_000_reviews() -> None:
    texts = [f"Review {i}: a GREAT movie.<br /><br />" + "really " * (i % 200) for i in range(25_000)]
    start = time.perf_counter()
    counts = count_tokens(texts)
    assert time.perf_counter() - start < 10
    assert_array_equal(counts, 5 + np.arange(25_000) % 200)


@pytest.mark.parametrize(
    ("texts", "error", "message"),
    [
        ("one review", TypeError, r"texts must be a list of str, got a single str \('one review'\)"),
        ([], ValueError, "texts must hold at least one text, got an empty list"),
        (("a", 3), TypeError, r"texts\[1\] must be a str, got int \(3\)"),
        (["a", b"b"], TypeError, r"texts\[1\] must be a str, got bytes"),
        ({"a": 1}, TypeError, "texts must be a list or tuple of str, got dict"),
        (np.array(["a"]), TypeError, "texts must be a list or tuple of str, got ndarray"),
    ],
)
def test_count_tokens_bad_input(texts, error, message) -> None:
    with pytest.raises(error, match=message):
        count_tokens(texts)


# The keras.datasets.imdb format ------------------------------------------------------


def test_encode_like_keras_imdb_shifts_ranks_and_caps_at_num_words() -> None:
    ids = encode_like_keras_imdb("The movie<br />was GREAT, rare zebra!", WORD_INDEX, num_words=10)
    # start, the, movie, was (7 + 3 = 10 >= 10), great, rare (23 >= 10), zebra (unknown)
    assert ids == [1, 1 + 3, 5 + 3, 2, 6 + 3, 2, 2]
    assert all(0 < i < 10 for i in ids)
    assert encode_like_keras_imdb("was", WORD_INDEX, num_words=11) == [1, 10]


@pytest.mark.parametrize(("num_words", "expected"), [(24, 23), (23, 2), (None, 23)])
def test_encode_like_keras_imdb_num_words_boundary(num_words: int | None, expected: int) -> None:
    # load_data keeps an id w only when w < num_words; "rare" has rank 20, so id 23.
    assert encode_like_keras_imdb("rare", WORD_INDEX, num_words=num_words) == [1, expected]


def test_encode_like_keras_imdb_custom_reserved_ids() -> None:
    ids = encode_like_keras_imdb("the zebra", WORD_INDEX, index_from=5, start_char=4, oov_char=3)
    assert ids == [4, 1 + 5, 3]


def test_decode_keras_imdb_inverts_encode() -> None:
    text = "The movie was GREAT, a great movie!"
    ids = encode_like_keras_imdb(text, WORD_INDEX, num_words=None)
    assert decode_keras_imdb(ids, WORD_INDEX) == f"{START_TOKEN} the movie was great a great movie"
    assert decode_keras_imdb([0, 0] + ids[:3], WORD_INDEX) == f"{START_TOKEN} the movie"
    assert decode_keras_imdb(np.array([1, 2, 9]), WORD_INDEX) == f"{START_TOKEN} {OOV_TOKEN} great"


def test_encode_without_offset_shifts_every_word() -> None:
    ids = encode_without_offset("The movie was great, zebra", WORD_INDEX)
    assert ids == [1, 5, 7, 6]  # raw ranks; the unknown "zebra" is dropped
    # A model trained on load_data(index_from=3) reads each word as the one 3 ranks earlier.
    assert decode_keras_imdb(ids, WORD_INDEX) == f"{START_TOKEN} and of a"
    assert decode_keras_imdb(encode_like_keras_imdb("The movie was great", WORD_INDEX), WORD_INDEX) == (
        f"{START_TOKEN} the movie was great"
    )


def test_encode_like_keras_imdb_real_word_index(real_cache: Path) -> None:
    word_index = data.load_imdb_word_index()
    ids = encode_like_keras_imdb("This movie was GREAT!<br /><br />", word_index)
    assert ids == [1] + [word_index[w] + 3 for w in ("this", "movie", "was", "great")]
    assert ids[1:3] == [14, 20]  # the ids of "this" and "movie" in keras.datasets.imdb
    assert decode_keras_imdb(ids, word_index) == "[START] this movie was great"
    assert encode_without_offset("This movie", word_index) == [11, 17]
    rare = next(w for w, r in word_index.items() if r == 50_000)
    assert encode_like_keras_imdb(rare, word_index) == [1, 2]
    assert encode_without_offset(rare, word_index) == [50_000]  # past a 10,000-row embedding
    # The word index keeps apostrophes inside words: "don't" is rank 89, "dont" rank 5363.
    ids = encode_like_keras_imdb("I don't think it's 'great'.", word_index, num_words=None)
    assert ids == [1] + [word_index[w] + 3 for w in ("i", "don't", "think", "it's", "great")]
    assert ids[2] == 92


def test_encode_like_keras_imdb_keeps_apostrophes_inside_words() -> None:
    word_index = {"the": 1, "don't": 2, "dont": 3, "it's": 4, "its": 5, "great": 6}
    assert encode_like_keras_imdb("Don't, it's 'great'", word_index) == [1, 5, 7, 9]
    assert encode_without_offset("DON'T dont", word_index) == [2, 3]


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"text": 5}, TypeError, r"text must be a str, got int \(5\)"),
        ({"text": ""}, ValueError, "text must not be empty or only whitespace, got ''"),
        ({"text": " \n "}, ValueError, "text must not be empty or only whitespace"),
        ({"word_index": [("the", 1)]}, TypeError, "word_index must be a dict of word to rank, got list"),
        ({"num_words": 4}, ValueError, r"num_words must be greater than index_from \+ 1 = 4, got 4"),
        ({"num_words": 6, "index_from": 5}, ValueError, r"index_from \+ 1 = 6, got 6"),
        ({"num_words": 1e4}, TypeError, r"num_words must be an int, got float \(10000.0\)"),
        ({"index_from": 1}, ValueError, r"index_from must be at least max\(start_char, oov_char\) = 2, got 1"),
        ({"start_char": 2}, ValueError, "start_char and oov_char must differ, got 2 for both"),
        ({"oov_char": 0}, ValueError, "oov_char must be at least 1, got 0"),
        ({"start_char": None}, TypeError, r"start_char must be an int, got NoneType \(None\)"),
    ],
)
def test_encode_like_keras_imdb_bad_input(kwargs, error, message) -> None:
    arguments = {"text": "a great movie", "word_index": WORD_INDEX, **kwargs}
    with pytest.raises(error, match=message):
        encode_like_keras_imdb(**arguments)


@pytest.mark.parametrize(
    ("ids", "error", "message"),
    [
        ([1, 3], ValueError, r"ids\[1\] = 3 has no word \(reserved, negative or not in word_index\)"),
        ([1, 4, 999], ValueError, r"ids\[2\] = 999 has no word"),
        ([1, -4], ValueError, r"ids\[1\] = -4 has no word"),
        ([[1, 4]], ValueError, r"ids must be one review's 1-D token ids, got shape \(1, 2\)"),
        ([1.0, 4.0], TypeError, "ids must hold integers, got dtype float64"),
    ],
)
def test_decode_keras_imdb_bad_input(ids, error, message) -> None:
    with pytest.raises(error, match=message):
        decode_keras_imdb(ids, WORD_INDEX)


@pytest.mark.parametrize(
    ("text", "word_index", "error", "message"),
    [
        (None, WORD_INDEX, TypeError, r"text must be a str, got NoneType \(None\)"),
        ("\t", WORD_INDEX, ValueError, "text must not be empty or only whitespace"),
        ("the movie", None, TypeError, "word_index must be a dict of word to rank, got NoneType"),
    ],
)
def test_encode_without_offset_bad_input(text, word_index, error, message) -> None:
    with pytest.raises(error, match=message):
        encode_without_offset(text, word_index)


# predict_sentiment -------------------------------------------------------------------


@pytest.mark.parametrize("input_shape", [(1,), ()])
def test_predict_sentiment_raw_strings_either_input_shape(input_shape: tuple[int, ...]) -> None:
    model = make_model(input_shape)
    texts = ["A great movie!", "awful boring plot"]
    predictions = predict_sentiment(model, texts)
    batch = tf.constant([[t] for t in texts] if input_shape == (1,) else texts)
    expected = model.predict(batch, verbose=0).reshape(-1)
    assert [p.text for p in predictions] == texts
    assert all(isinstance(p, SentimentPrediction) and isinstance(p.probability, float) for p in predictions)
    assert_allclose([p.probability for p in predictions], expected, rtol=1e-6)


def test_predict_sentiment_ignores_html_and_capitals(model: keras.Model) -> None:
    noisy, clean = predict_sentiment(model, ["GREAT movie<br />", "great movie"])
    assert noisy.probability == clean.probability
    assert noisy.label == clean.label


def test_predict_sentiment_very_long_review(model: keras.Model) -> None:
    long_text = " ".join(["great"] * 10 + ["zebra"] * 19_990)  # 20,000 words
    (long,) = predict_sentiment(model, long_text)
    kept = " ".join(["great"] * 10 + ["zebra"] * (SEQUENCE_LENGTH - 10))
    (short,) = predict_sentiment(model, kept)
    assert long.probability == short.probability  # truncated to its first SEQUENCE_LENGTH words
    assert long.probability != predict_sentiment(model, "zebra")[0].probability


def test_predict_sentiment_single_str_and_threshold(model: keras.Model) -> None:
    (prediction,) = predict_sentiment(model, "a great movie")
    assert prediction.text == "a great movie" and 0 <= prediction.probability <= 1
    p = prediction.probability
    assert predict_sentiment(model, "a great movie", threshold=p * 0.99)[0].label == "positive"
    assert predict_sentiment(model, "a great movie", threshold=min(p * 1.01, 0.999))[0].label == "negative"


def test_predict_sentiment_rejects_logits() -> None:
    model = make_model(activation=None)
    model.layers[-1].bias.assign([5.0])
    with pytest.raises(ValueError, match=r"model must output one probability in \[0, 1\] per review \(end with a sigmoid\)"):
        predict_sentiment(model, "a great movie")


def test_predict_sentiment_rejects_two_outputs_per_text() -> None:
    inputs = keras.Input(shape=(1,), dtype="string")
    x = keras.layers.GlobalAveragePooling1D()(keras.layers.Embedding(40, 2)(make_vectorizer()(inputs)))
    model = keras.Model(inputs, keras.layers.Softmax()(x))
    with pytest.raises(ValueError, match=r"model must output one probability in \[0, 1\] per review"):
        predict_sentiment(model, "a great movie")


@pytest.mark.parametrize(
    ("texts", "threshold", "error", "message"),
    [
        ([], 0.5, ValueError, "texts must hold at least one text, got an empty list"),
        (["good", "   "], 0.5, ValueError, r"texts\[1\] has no words left after standardisation: '   '"),
        ("", 0.5, ValueError, r"texts\[0\] has no words left after standardisation: ''"),
        (["good", 7], 0.5, TypeError, r"texts\[1\] must be a str, got int \(7\)"),
        (["good", None], 0.5, TypeError, r"texts\[1\] must be a str, got NoneType"),
        (b"good", 0.5, TypeError, "texts must be a list or tuple of str, got bytes"),
        (["good"], 0.0, ValueError, "threshold must be strictly between 0 and 1, got 0.0"),
        (["good"], 1, ValueError, "threshold must be strictly between 0 and 1, got 1"),
        (["good"], float("nan"), ValueError, "threshold must be strictly between 0 and 1, got nan"),
        (["good"], True, TypeError, r"threshold must be a float, got bool \(True\)"),
        (["good"], "0.5", TypeError, r"threshold must be a float, got str \('0.5'\)"),
    ],
)
def test_predict_sentiment_bad_input(model: keras.Model, texts, threshold, error, message) -> None:
    with pytest.raises(error, match=message):
        predict_sentiment(model, texts, threshold=threshold)


@pytest.mark.parametrize("text", ["!!!", "<br /><br />", "... ?"])
def test_predict_sentiment_rejects_reviews_without_words(model: keras.Model, text: str) -> None:
    with pytest.raises(ValueError, match=r"texts\[1\] has no words left after standardisation"):
        predict_sentiment(model, ["a great movie", text])


def test_predict_sentiment_accepts_unknown_words(model: keras.Model) -> None:
    (prediction,) = predict_sentiment(model, "zorblax flibbertigibbet")  # [UNK] tokens are words
    assert 0 < prediction.probability < 1


def test_predict_sentiment_rejects_non_models() -> None:
    with pytest.raises(TypeError, match="model must be a keras.Model, got TextVectorization"):
        predict_sentiment(make_vectorizer(), "a great movie")
