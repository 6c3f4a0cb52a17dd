"""Turn raw reviews into words and token ids, and ask a trained model about new reviews.

:func:`standardize_review` cleans a review for ``keras.layers.TextVectorization``
(and is registered with Keras, so a saved model that uses it loads wherever
this module has been imported). :func:`decode_sequence` and
:func:`count_tokens` show what the vectorizer did; :func:`predict_sentiment`
asks an end-to-end model about new reviews. The ``keras_imdb`` functions
reproduce the pre-tokenized format of Keras 2's ``keras.datasets.imdb`` for
chapter 4's migration note, including the classic bug of forgetting its
``index_from=3`` offset (:func:`encode_without_offset`).
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple

import keras
import numpy as np
import tensorflow as tf

from helpers.checks import check_int, check_texts

PUNCTUATION_REGEX = r'[!"#$%&()\*\+,-\./:;<=>?@\[\\\]^_`{|}~\']'
"""The characters Keras's default ``"lower_and_strip_punctuation"`` removes (copied from Keras 3)."""

HTML_LINE_BREAK_REGEX = r"(?i)<\s*br\s*/?\s*>"
"""An HTML line break: ``<br />``, ``<br/>``, ``<br>``, in any case."""

START_TOKEN, OOV_TOKEN, PAD_TOKEN = "[START]", "[OOV]", "[PAD]"


class SentimentPrediction(NamedTuple):
    """What an end-to-end model says about one review."""

    text: str
    probability: float
    label: str


def _check_text(text: object) -> str:
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, got {type(text).__name__} ({text!r})")
    if not text.strip():
        raise ValueError(f"text must not be empty or only whitespace, got {text!r}")
    return text


def _check_word_index(word_index: object) -> dict[str, int]:
    if not isinstance(word_index, dict):
        raise TypeError(f"word_index must be a dict of word to rank, got {type(word_index).__name__}")
    return word_index


def _as_ids(ids: object) -> np.ndarray:
    array = np.asarray(ids)
    if array.size and not np.issubdtype(array.dtype, np.integer):
        raise TypeError(f"ids must hold integers, got dtype {array.dtype}")
    if array.ndim != 1:
        raise ValueError(f"ids must be one review's 1-D token ids, got shape {array.shape}; decode one row at a time")
    return array.astype(np.int64)


@keras.saving.register_keras_serializable(package="lstm_book")
def standardize_review(texts: Any) -> tf.Tensor:
    """Lower-case, turn ``<br />`` line breaks into spaces, strip punctuation.

    This is Keras's default ``"lower_and_strip_punctuation"`` with one extra
    step: without it, ``"great<br /><br />movie"`` becomes the single word
    ``"greatbrbrmovie"``.
    """
    texts = tf.strings.lower(texts)
    texts = tf.strings.regex_replace(texts, HTML_LINE_BREAK_REGEX, " ")
    return tf.strings.regex_replace(texts, PUNCTUATION_REGEX, "")


def count_tokens(texts: list[str]) -> np.ndarray:
    """The number of words in each review after :func:`standardize_review`."""
    texts = check_texts("texts", texts)
    return tf.strings.split(standardize_review(tf.constant(texts))).row_lengths().numpy().astype(np.int64)


def decode_sequence(ids: Any, vocabulary: list[str], skip_padding: bool = True) -> str:
    """The words of one review's token ids, given the vectorizer's ``get_vocabulary()``."""
    array = _as_ids(ids)
    bad = np.flatnonzero((array < 0) | (array >= len(vocabulary)))
    if bad.size:
        raise ValueError(f"ids[{bad[0]}] = {array[bad[0]]} is out of range for a vocabulary of {len(vocabulary)} words")
    padding = vocabulary[0] or PAD_TOKEN
    return " ".join(padding if i == 0 else vocabulary[i] for i in array.tolist() if not (skip_padding and i == 0))


_KERAS_IMDB_PUNCTUATION = re.compile(PUNCTUATION_REGEX.replace("\\'", ""))


def _keras_imdb_words(text: str) -> list[str]:
    """The words of ``keras.datasets.imdb``'s word index: apostrophes inside words stay (``"don't"``)."""
    text = re.sub(HTML_LINE_BREAK_REGEX, " ", text.lower())
    words = (word.strip("'") for word in _KERAS_IMDB_PUNCTUATION.sub("", text).split())
    return [word for word in words if word]


def _check_reserved_ids(index_from: object, start_char: object, oov_char: object) -> int:
    start_char, oov_char = check_int("start_char", start_char, 1), check_int("oov_char", oov_char, 1)
    if start_char == oov_char:
        raise ValueError(f"start_char and oov_char must differ, got {start_char} for both")
    index_from = check_int("index_from", index_from, 0)
    if index_from < max(start_char, oov_char):
        raise ValueError(f"index_from must be at least max(start_char, oov_char) = {max(start_char, oov_char)}, got {index_from}")
    return index_from


def encode_like_keras_imdb(
    text: str,
    word_index: dict[str, int],
    num_words: int | None = 10_000,
    index_from: int = 3,
    start_char: int = 1,
    oov_char: int = 2,
) -> list[int]:
    """Encode a new review the way ``keras.datasets.imdb.load_data`` encodes its reviews.

    A word of rank ``r`` (``word_index["the"] == 1``) becomes ``r + index_from``,
    or ``oov_char`` when that reaches ``num_words`` or the word is unknown;
    ``start_char`` goes first. With the defaults: 0 padding, 1 start, 2
    out-of-vocabulary, 3 unused, 4 ``"the"``, 5 ``"and"``...
    """
    text, word_index = _check_text(text), _check_word_index(word_index)
    index_from = _check_reserved_ids(index_from, start_char, oov_char)
    if num_words is not None and check_int("num_words", num_words, 0) <= index_from + 1:
        raise ValueError(f"num_words must be greater than index_from + 1 = {index_from + 1}, got {num_words}")
    ids = [start_char]
    for word in _keras_imdb_words(text):
        token = word_index[word] + index_from if word in word_index else oov_char
        ids.append(oov_char if num_words is not None and token >= num_words else token)
    return ids


def decode_keras_imdb(
    ids: Any, word_index: dict[str, int], index_from: int = 3, start_char: int = 1, oov_char: int = 2
) -> str:
    """The inverse of :func:`encode_like_keras_imdb`: padding skipped, reserved ids as ``[START]`` and ``[OOV]``."""
    array, word_index = _as_ids(ids), _check_word_index(word_index)
    index_from = _check_reserved_ids(index_from, start_char, oov_char)
    by_rank = {rank: word for word, rank in word_index.items()}
    words = []
    for position, token in enumerate(array.tolist()):
        if token == 0:
            continue
        if token in (start_char, oov_char):
            words.append(START_TOKEN if token == start_char else OOV_TOKEN)
        elif token - index_from not in by_rank:
            raise ValueError(f"ids[{position}] = {token} has no word (reserved, negative or not in word_index)")
        else:
            words.append(by_rank[token - index_from])
    return " ".join(words)


def encode_without_offset(text: str, word_index: dict[str, int]) -> list[int]:
    """Encode with the raw ranks of ``word_index``: **wrong on purpose**, the classic migration bug.

    ``load_data`` shifts every rank by ``index_from=3`` and caps ids at
    ``num_words``; this does neither, so a model reads each word as the word
    three ranks more frequent, and rare words fall past its embedding table.
    """
    text, word_index = _check_text(text), _check_word_index(word_index)
    return [word_index[word] for word in _keras_imdb_words(text) if word in word_index]


def predict_sentiment(model: keras.Model, texts: str | list[str], threshold: float = 0.5) -> list[SentimentPrediction]:
    """Ask an end-to-end model (raw strings in, one sigmoid probability out) about reviews.

    A review is called positive when its probability is above ``threshold``
    (Keras's convention). Reviews with no words left after standardisation
    are refused: the model would have nothing to read.
    """
    if not isinstance(model, keras.Model):
        raise TypeError(f"model must be a keras.Model, got {type(model).__name__}")
    batch = check_texts("texts", [texts] if isinstance(texts, str) else texts)
    if isinstance(threshold, bool) or not isinstance(threshold, (int, float, np.integer, np.floating)):
        raise TypeError(f"threshold must be a float, got {type(threshold).__name__} ({threshold!r})")
    if not 0 < threshold < 1:
        raise ValueError(f"threshold must be strictly between 0 and 1, got {threshold}")
    words = tf.strings.split(standardize_review(tf.constant(batch))).row_lengths().numpy()
    for index in np.flatnonzero(words == 0):
        raise ValueError(f"texts[{index}] has no words left after standardisation: {batch[index]!r}")
    column = len(model.inputs[0].shape) == 2 and model.inputs[0].shape[-1] == 1
    probabilities = np.asarray(model.predict(tf.constant([[t] for t in batch] if column else batch), verbose=0))
    probabilities = probabilities.reshape(-1).astype(np.float64)
    if probabilities.size != len(batch) or not np.all((probabilities >= 0) & (probabilities <= 1)):
        raise ValueError("model must output one probability in [0, 1] per review (end with a sigmoid)")
    return [
        SentimentPrediction(text, float(p), "positive" if p > threshold else "negative")
        for text, p in zip(batch, probabilities)
    ]
