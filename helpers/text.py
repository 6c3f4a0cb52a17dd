"""Turn raw movie reviews into token ids, and token ids back into words.

The IMDb reviews are raw text: they mix upper and lower case, carry
punctuation, and hold HTML line breaks such as ``<br />``. This module cleans
them with :func:`standardize_review`, a TensorFlow string function that
``keras.layers.TextVectorization`` accepts as its ``standardize`` argument
and that a model saved to ``.keras`` keeps. Around it are small tools to read
what the vectorizer did (:func:`decode_sequence`, :func:`count_tokens`), to
feed a model (:func:`make_dataset`) and to ask an end-to-end model about new
reviews (:func:`predict_sentiment`).

The last group of functions reproduces the format of Keras 2's pre-tokenized
``keras.datasets.imdb``, for the migration note: there every word is replaced
by its frequency rank shifted by ``index_from=3``, because ids 0, 1 and 2 mean
padding, start of review and out-of-vocabulary (3 is unused). Encoding a new
review with the raw ranks, without that shift, is a classic bug that
:func:`encode_without_offset` reproduces on purpose.

A model that uses :func:`standardize_review` can only be loaded where this
module has been imported, because the import is what registers the function
with Keras (as ``"lstm_book>standardize_review"``)::

    import helpers.text  # noqa: F401  (registers standardize_review)
    model = keras.saving.load_model("model.keras")

Introduced in chapter 4 (Tokenization and padding).
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple

import keras
import numpy as np
import tensorflow as tf

from helpers.checks import check_bool as _check_bool
from helpers.checks import check_int as _check_int

PUNCTUATION_REGEX = r'[!"#$%&()\*\+,-\./:;<=>?@\[\\\]^_`{|}~\']'
"""The characters that Keras's default ``"lower_and_strip_punctuation"`` removes.

Copied from ``keras.layers.TextVectorization`` (Keras 3), which inlines it.
"""

HTML_LINE_BREAK_REGEX = r"(?i)<\s*br\s*/?\s*>"
"""An HTML line break: ``<br />``, ``<br/>``, ``<br>``, in any case, with optional spaces."""

START_TOKEN = "[START]"
"""How :func:`decode_keras_imdb` writes the start-of-review id (``start_char``)."""

OOV_TOKEN = "[OOV]"
"""How :func:`decode_keras_imdb` writes the out-of-vocabulary id (``oov_char``)."""

PAD_TOKEN = "[PAD]"
"""How :func:`decode_sequence` writes id 0 when asked to keep padding."""


class SentimentPrediction(NamedTuple):
    """What an end-to-end model says about one review.

    Attributes
    ----------
    text : str
        The review, exactly as given.
    probability : float
        The model's probability that the review is positive.
    label : str
        ``"positive"`` when ``probability`` is above the threshold, else
        ``"negative"``.
    """

    text: str
    probability: float
    label: str


def _check_texts(texts: object, name: str = "texts") -> list[str]:
    """Check a non-empty list or tuple of str and return it as a list."""
    if isinstance(texts, str):
        raise TypeError(
            f"{name} must be a list of str, got a single str ({texts[:40]!r}); "
            f"wrap it in a list: [text]"
        )
    if not isinstance(texts, (list, tuple)):
        raise TypeError(f"{name} must be a list or tuple of str, got {type(texts).__name__}")
    if len(texts) == 0:
        raise ValueError(f"{name} must hold at least one text, got an empty {type(texts).__name__}")
    for index, text in enumerate(texts):
        if not isinstance(text, str):
            raise TypeError(
                f"{name}[{index}] must be a str, got {type(text).__name__} ({text!r})"
            )
    return list(texts)


def _check_text(text: object) -> str:
    """Check a single non-empty review."""
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, got {type(text).__name__} ({text!r})")
    if not text.strip():
        raise ValueError(f"text must not be empty or only whitespace, got {text!r}")
    return text


def _check_word_index(word_index: object) -> dict[str, int]:
    if not isinstance(word_index, dict):
        raise TypeError(
            f"word_index must be a dict of word to rank, got {type(word_index).__name__}"
        )
    return word_index


def _as_ids(ids: object) -> np.ndarray:
    """Check a 1-D array-like of integer token ids and return it as int64."""
    if isinstance(ids, (str, bytes)):
        raise TypeError(f"ids must be a 1-D array-like of ints, got {type(ids).__name__}")
    try:
        array = np.asarray(ids)
    except (TypeError, ValueError) as error:
        raise TypeError(
            f"ids must be a 1-D array-like of ints, got {type(ids).__name__} ({error})"
        ) from None
    if array.size == 0 and array.ndim == 1:
        return array.astype(np.int64)
    if not np.issubdtype(array.dtype, np.integer):
        raise TypeError(f"ids must hold integers, got dtype {array.dtype}")
    if array.ndim != 1:
        raise ValueError(
            f"ids: expected a 1-D sequence of token ids, got shape {array.shape}; "
            f"decode one row at a time, for example ids[0]"
        )
    return array.astype(np.int64, copy=False)


@keras.saving.register_keras_serializable(package="lstm_book")
def standardize_review(texts: Any) -> tf.Tensor:
    """Lower-case reviews, turn HTML line breaks into spaces, strip punctuation.

    This is Keras's default ``"lower_and_strip_punctuation"`` (same
    ``tf.strings.lower``, same :data:`PUNCTUATION_REGEX`) with one extra step
    in between: every ``<br />``, ``<br/>`` or ``<br>`` (any case, optional
    spaces) becomes a space. Without it, stripping punctuation from
    ``"great<br /><br />movie"`` leaves the single word ``"greatbrbrmovie"``.

    Pass it as ``keras.layers.TextVectorization(standardize=standardize_review)``.
    It is registered with Keras, so a model holding that layer saves to
    ``.keras`` and loads back wherever this module has been imported.

    Parameters
    ----------
    texts : tf.Tensor or array-like of str
        Strings of any shape (``TextVectorization`` passes a batch).

    Returns
    -------
    tf.Tensor
        String tensor of the same shape, standardized. Words stay separated by
        whitespace; ``tf.strings.split`` splits them.

    Raises
    ------
    TypeError
        If ``texts`` is not made of strings.
    """
    if not isinstance(texts, (tf.Tensor, tf.RaggedTensor)):
        texts = tf.convert_to_tensor(texts)
    if texts.dtype != tf.string:
        raise TypeError(f"texts must be strings, got dtype {texts.dtype.name}")
    texts = tf.strings.lower(texts)
    texts = tf.strings.regex_replace(texts, HTML_LINE_BREAK_REGEX, " ")
    return tf.strings.regex_replace(texts, PUNCTUATION_REGEX, "")


_KERAS_IMDB_PUNCTUATION = re.compile(PUNCTUATION_REGEX.replace("\\'", ""))


def _keras_imdb_words(text: str) -> list[str]:
    """Split one review into the words of ``keras.datasets.imdb``'s word index.

    Like :func:`standardize_review` (lower case, HTML line breaks and
    punctuation removed) except for apostrophes inside a word: that word
    index keeps them (``"don't"`` has rank 89, ``"dont"`` rank 5363), so
    they stay. Apostrophes around a word (quotes) go.
    """
    text = re.sub(HTML_LINE_BREAK_REGEX, " ", text.lower())
    words = (word.strip("'") for word in _KERAS_IMDB_PUNCTUATION.sub("", text).split())
    return [word for word in words if word]


def decode_sequence(ids: Any, vocabulary: list[str], skip_padding: bool = True) -> str:
    """Turn the token ids of one review back into words.

    Parameters
    ----------
    ids : array-like of int
        One row of ``TextVectorization`` output, shape ``(length,)``.
    vocabulary : list of str
        ``vectorizer.get_vocabulary()``: word ``i`` is ``vocabulary[i]``.
        Id 0 is padding (``""``) and id 1 is ``"[UNK]"``.
    skip_padding : bool, default True
        Leave out the padding id 0. When ``False`` it is written as
        ``vocabulary[0]``, or :data:`PAD_TOKEN` when that is empty.

    Returns
    -------
    str
        The words joined by single spaces.

    Raises
    ------
    TypeError
        If ``ids`` does not hold integers, or ``vocabulary`` is not a list of str.
    ValueError
        If ``ids`` is not 1-D, ``vocabulary`` is empty, or an id is not an index
        of ``vocabulary``.
    """
    array = _as_ids(ids)
    if not isinstance(vocabulary, (list, tuple)):
        raise TypeError(
            f"vocabulary must be a list of str (vectorizer.get_vocabulary()), "
            f"got {type(vocabulary).__name__}"
        )
    if len(vocabulary) == 0:
        raise ValueError("vocabulary must hold at least one word, got an empty list")
    for index, word in enumerate(vocabulary):
        if not isinstance(word, str):
            raise TypeError(
                f"vocabulary[{index}] must be a str, got {type(word).__name__} ({word!r})"
            )
    skip_padding = _check_bool("skip_padding", skip_padding)
    size = len(vocabulary)
    bad = np.flatnonzero((array < 0) | (array >= size))
    if bad.size:
        position = int(bad[0])
        raise ValueError(
            f"ids[{position}] = {int(array[position])} is out of range for a vocabulary "
            f"of {size} words (valid ids: 0 to {size - 1})"
        )
    padding = vocabulary[0] or PAD_TOKEN
    words = [
        padding if token == 0 else vocabulary[token]
        for token in array.tolist()
        if not (skip_padding and token == 0)
    ]
    return " ".join(words)


def count_tokens(texts: list[str]) -> np.ndarray:
    """Count the words of each review after :func:`standardize_review`.

    The whole batch goes through TensorFlow at once (standardize, then
    ``tf.strings.split`` on whitespace, then the row lengths), so 25,000
    reviews take about a second. These are the counts ``TextVectorization``
    sees before it pads or truncates to ``output_sequence_length``.

    Parameters
    ----------
    texts : list of str
        The raw reviews.

    Returns
    -------
    numpy.ndarray
        ``int64`` array of shape ``(len(texts),)``.

    Raises
    ------
    TypeError
        If ``texts`` is a single str, not a list or tuple, or holds a non-str.
    ValueError
        If ``texts`` is empty.
    """
    texts = _check_texts(texts)
    words = tf.strings.split(standardize_review(tf.constant(texts)))
    return words.row_lengths().numpy().astype(np.int64)


def _check_keras_imdb_ids(index_from: object, start_char: object, oov_char: object) -> int:
    """Check the reserved ids of the ``keras.datasets.imdb`` format; return ``index_from``."""
    start_char = _check_int("start_char", start_char, 1)
    oov_char = _check_int("oov_char", oov_char, 1)
    if start_char == oov_char:
        raise ValueError(f"start_char and oov_char must differ, got {start_char} for both")
    index_from = _check_int("index_from", index_from, 0)
    reserved = max(start_char, oov_char)
    if index_from < reserved:
        raise ValueError(
            f"index_from must be at least max(start_char, oov_char) = {reserved} so that "
            f"word ids do not collide with them, got {index_from}"
        )
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

    The review is standardized like :func:`standardize_review`, except that
    apostrophes inside words stay (the word index has ``"don't"`` and
    ``"it's"``), and split on whitespace. A word of frequency rank ``r``
    (``word_index["the"] == 1``) becomes ``r + index_from``; it becomes ``oov_char`` when
    ``r + index_from >= num_words`` or when the word is not in ``word_index``.
    ``start_char`` goes first. With the defaults the ids mean: 0 padding,
    1 start, 2 out-of-vocabulary, 3 unused, 4 ``"the"``, 5 ``"and"``...

    Parameters
    ----------
    text : str
        One raw review.
    word_index : dict of str to int
        ``keras.datasets.imdb.get_word_index()`` (or
        :func:`helpers.data.load_imdb_word_index`).
    num_words : int or None, default 10_000
        The ``num_words`` given to ``load_data``: ids from ``num_words`` up are
        replaced by ``oov_char``. ``None`` keeps every word.
    index_from : int, default 3
        The shift added to every rank.
    start_char : int, default 1
        Id that marks the start of a review.
    oov_char : int, default 2
        Id of an out-of-vocabulary word.

    Returns
    -------
    list of int
        ``[start_char, id_1, id_2, ...]``, ready for a model trained on
        ``load_data(num_words=num_words, index_from=index_from)``.

    Raises
    ------
    TypeError
        If ``text`` is not a str, ``word_index`` not a dict, or an id not an int.
    ValueError
        If ``text`` is empty, the reserved ids overlap, or
        ``num_words <= index_from + 1``.
    """
    text = _check_text(text)
    word_index = _check_word_index(word_index)
    index_from = _check_keras_imdb_ids(index_from, start_char, oov_char)
    if num_words is not None:
        num_words = _check_int("num_words", num_words, 0)
        if num_words <= index_from + 1:
            raise ValueError(
                f"num_words must be greater than index_from + 1 = {index_from + 1}, "
                f"got {num_words}; with fewer, every word is out of vocabulary"
            )
    ids = [int(start_char)]
    for word in _keras_imdb_words(text):
        rank = word_index.get(word)
        if rank is None:
            ids.append(int(oov_char))
            continue
        token = int(rank) + index_from
        ids.append(int(oov_char) if num_words is not None and token >= num_words else token)
    return ids


def decode_keras_imdb(
    ids: Any,
    word_index: dict[str, int],
    index_from: int = 3,
    start_char: int = 1,
    oov_char: int = 2,
) -> str:
    """Turn ids in the ``keras.datasets.imdb`` format back into words.

    The inverse of :func:`encode_like_keras_imdb`: padding ``0`` is skipped,
    ``start_char`` is written :data:`START_TOKEN`, ``oov_char`` is written
    :data:`OOV_TOKEN`, and any other id is the word of rank ``id - index_from``.

    Parameters
    ----------
    ids : array-like of int
        One review, shape ``(length,)``, for example ``x_train[0]`` from
        ``keras.datasets.imdb.load_data()``.
    word_index : dict of str to int
        ``keras.datasets.imdb.get_word_index()``.
    index_from : int, default 3
        The shift that was added to every rank.
    start_char : int, default 1
        Id that marks the start of a review.
    oov_char : int, default 2
        Id of an out-of-vocabulary word.

    Returns
    -------
    str
        The words joined by single spaces.

    Raises
    ------
    TypeError
        If ``ids`` does not hold integers or ``word_index`` is not a dict.
    ValueError
        If ``ids`` is not 1-D, or holds a negative id, a reserved id that is
        neither ``start_char`` nor ``oov_char``, or an id whose rank no word has.
    """
    array = _as_ids(ids)
    word_index = _check_word_index(word_index)
    index_from = _check_keras_imdb_ids(index_from, start_char, oov_char)
    by_rank = {int(rank): word for word, rank in word_index.items()}
    words = []
    for position, token in enumerate(array.tolist()):
        if token == 0:
            continue
        if token == start_char:
            words.append(START_TOKEN)
        elif token == oov_char:
            words.append(OOV_TOKEN)
        elif token < 0:
            raise ValueError(f"ids[{position}] = {token} is negative; ids start at 0 (padding)")
        elif token <= index_from:
            raise ValueError(
                f"ids[{position}] = {token} is reserved (ids 1 to index_from = {index_from}) "
                f"but is neither start_char = {start_char} nor oov_char = {oov_char}"
            )
        elif token - index_from not in by_rank:
            raise ValueError(
                f"ids[{position}] = {token} has no word: no word in word_index has rank "
                f"{token - index_from} (= id - index_from)"
            )
        else:
            words.append(by_rank[token - index_from])
    return " ".join(words)


def encode_without_offset(text: str, word_index: dict[str, int]) -> list[int]:
    """Encode a review with the raw ranks of ``word_index``: a classic bug, on purpose.

    This is **wrong** for a model trained on ``keras.datasets.imdb``, and it is
    here only to show what goes wrong. ``load_data`` shifts every rank by
    ``index_from=3`` and caps the ids at ``num_words``; this function does
    neither (and adds no start id; it drops words missing from ``word_index``).
    The model therefore reads every word as the word three ranks more
    frequent: ``"the"`` (rank 1) reads as the start id, ``"and"`` (2) as
    out-of-vocabulary, ``"a"`` (3) as the unused id, ``"of"`` (4) as
    ``"the"``... And a rare word keeps a rank above ``num_words``, past the end
    of the embedding table: an error on CPU, a silent zero vector on GPU. Use
    :func:`encode_like_keras_imdb` instead.

    Parameters
    ----------
    text : str
        One raw review, standardized like :func:`standardize_review`.
    word_index : dict of str to int
        ``keras.datasets.imdb.get_word_index()``.

    Returns
    -------
    list of int
        The raw rank of each known word.

    Raises
    ------
    TypeError
        If ``text`` is not a str or ``word_index`` is not a dict.
    ValueError
        If ``text`` is empty or only whitespace.
    """
    text = _check_text(text)
    word_index = _check_word_index(word_index)
    return [int(word_index[word]) for word in _keras_imdb_words(text) if word in word_index]


def make_dataset(
    texts: list[str],
    labels: Any,
    vectorizer: keras.layers.TextVectorization | None = None,
    batch_size: int = 64,
    shuffle: bool = False,
    seed: int = 0,
) -> tf.data.Dataset:
    """Build a batched ``tf.data`` pipeline of reviews and labels.

    The steps are ``from_tensor_slices((texts, labels))``, then (if
    ``shuffle``) a shuffle over the whole set, reshuffled every epoch, then
    ``batch``, then (if a ``vectorizer`` is given) the vectorizer mapped over
    the batches in parallel, then ``cache`` (only when vectorized and not
    shuffled: a shuffled set must not replay the first epoch's order), and
    always ``prefetch``.

    Parameters
    ----------
    texts : list of str
        The raw reviews.
    labels : array-like
        One label per review.
    vectorizer : keras.layers.TextVectorization, optional
        An adapted vectorizer. Without one, the batches hold raw strings, for a
        model that vectorizes inside itself.
    batch_size : int, default 64
        Reviews per batch (the last batch may be smaller).
    shuffle : bool, default False
        Shuffle the reviews, in a new order every epoch.
    seed : int, default 0
        Seed of the shuffle.

    Returns
    -------
    tf.data.Dataset
        Batches of ``(texts, labels)``, or ``(token_ids, labels)`` when
        vectorized.

    Raises
    ------
    TypeError
        If an argument has the wrong type.
    ValueError
        If ``texts`` is empty, ``labels`` has a different length, or
        ``batch_size`` is below 1.
    """
    texts = _check_texts(texts)
    if isinstance(labels, (str, bytes)) or not (
        hasattr(labels, "__len__") or hasattr(labels, "__array__")
    ):
        raise TypeError(f"labels must be an array-like, got {type(labels).__name__}")
    labels = np.asarray(labels)
    if labels.ndim == 0 or len(labels) != len(texts):
        raise ValueError(
            f"labels: expected one label per text (len(texts) = {len(texts)}), "
            f"got shape {labels.shape}"
        )
    if vectorizer is not None and not isinstance(vectorizer, keras.layers.TextVectorization):
        raise TypeError(
            f"vectorizer must be a keras.layers.TextVectorization or None, "
            f"got {type(vectorizer).__name__}"
        )
    batch_size = _check_int("batch_size", batch_size, 1)
    shuffle = _check_bool("shuffle", shuffle)
    seed = _check_int("seed", seed, 0)

    dataset = tf.data.Dataset.from_tensor_slices((texts, labels))
    if shuffle:
        dataset = dataset.shuffle(len(texts), seed=seed, reshuffle_each_iteration=True)
    dataset = dataset.batch(batch_size)
    if vectorizer is not None:
        dataset = dataset.map(
            lambda x, y: (vectorizer(x), y), num_parallel_calls=tf.data.AUTOTUNE
        )
        if not shuffle:
            dataset = dataset.cache()
    return dataset.prefetch(tf.data.AUTOTUNE)


def _wants_column(model: keras.Model) -> bool:
    """Tell whether the model's string input has shape ``(None, 1)`` rather than ``(None,)``."""
    try:
        inputs = model.inputs
    except (AttributeError, ValueError):
        return False
    if not inputs:
        return False
    shape = tuple(inputs[0].shape)
    return len(shape) == 2 and shape[-1] == 1


def predict_sentiment(
    model: keras.Model, texts: str | list[str], threshold: float = 0.5
) -> list[SentimentPrediction]:
    """Ask an end-to-end model whether raw reviews are positive.

    The model must take raw strings (its first layer is a
    ``TextVectorization``) and output one sigmoid probability per review. The
    reviews are passed with the shape the model was built for: a column
    ``(n, 1)`` for ``keras.Input(shape=(1,), dtype="string")``, else a flat
    ``(n,)``. Reviews of any length work: the vectorizer truncates them.

    Parameters
    ----------
    model : keras.Model
        A model from raw strings to probabilities.
    texts : str or list of str
        One review or several.
    threshold : float, default 0.5
        A review is ``"positive"`` when its probability is above this, as in
        ``keras.metrics.BinaryAccuracy``.

    Returns
    -------
    list of SentimentPrediction
        One ``(text, probability, label)`` per review, in order (a list of one
        for a single str).

    Raises
    ------
    TypeError
        If ``model`` is not a Keras model, an item of ``texts`` is not a str,
        or ``threshold`` is not a number.
    ValueError
        If ``texts`` is empty, a review is empty or only whitespace, a review
        has no words left after the model's standardisation (only punctuation,
        say),
        ``threshold`` is not strictly between 0 and 1, or the model does not
        output one probability in ``[0, 1]`` per review.
    """
    if not isinstance(model, keras.Model):
        raise TypeError(f"model must be a keras.Model, got {type(model).__name__}")
    batch = _check_texts([texts] if isinstance(texts, str) else texts)
    for index, text in enumerate(batch):
        if not text.strip():
            raise ValueError(f"texts[{index}] is empty or only whitespace: {text!r}")
    if isinstance(threshold, (bool, np.bool_)) or not isinstance(
        threshold, (int, float, np.integer, np.floating)
    ):
        raise TypeError(
            f"threshold must be a float, got {type(threshold).__name__} ({threshold!r})"
        )
    if not 0 < threshold < 1:
        raise ValueError(f"threshold must be strictly between 0 and 1, got {threshold}")

    vectorizers = [layer for layer in model.layers if isinstance(layer, keras.layers.TextVectorization)]
    if vectorizers:
        ids = vectorizers[0](tf.constant(batch))
        if isinstance(ids, tf.RaggedTensor):
            ids = ids.to_tensor()
        has_words = np.asarray(ids != 0).reshape(len(batch), -1).any(axis=1)
        for index in np.flatnonzero(~has_words):
            raise ValueError(
                f"texts[{index}] has no words left after standardisation (only punctuation "
                f"or markup): {batch[index]!r}"
            )
    inputs = tf.constant([[text] for text in batch] if _wants_column(model) else batch)
    outputs = np.asarray(model.predict(inputs, verbose=0))
    if outputs.size != len(batch):
        raise ValueError(
            f"model must output one probability per text: expected {len(batch)} values, "
            f"got shape {outputs.shape}"
        )
    probabilities = outputs.reshape(-1).astype(np.float64)
    if not np.all((probabilities >= 0) & (probabilities <= 1)):
        raise ValueError(
            f"model must output probabilities in [0, 1] (end with a sigmoid), got values "
            f"from {probabilities.min():.4g} to {probabilities.max():.4g}; "
            f"if it outputs logits, apply keras.activations.sigmoid to them"
        )
    return [
        SentimentPrediction(
            text=text,
            probability=float(probability),
            label="positive" if probability > threshold else "negative",
        )
        for text, probability in zip(batch, probabilities)
    ]
