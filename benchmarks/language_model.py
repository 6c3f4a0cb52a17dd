"""What chapter 9's benchmark rows share: the language model's tokens, its batches, the model and its pretraining.

The language model reads words and punctuation (chapter 9 says why), from a
10,000-entry vocabulary learned on the fit reviews and the 50,000 unlabelled
ones, never on the validation, test or revised reviews. The reviews follow
one another in one long stream, each ended by id 0, and the stream is cut
into 64 parallel lines, read 64 tokens at a time by a stateful LSTM:
truncated backpropagation through time. The pretrained weights, with their
vocabulary, are saved in ``helpers.training.artifact_directory()``, where the
fine-tuning row finds them.
"""

from __future__ import annotations

import json
import math
import time
from typing import Any

import keras
import numpy as np
import tensorflow as tf
from keras import layers, ops

from helpers.config import sample_size

VOCABULARY_SIZE = 10_000
EMBEDDING_DIM = 64
UNITS = 128
BATCH_SIZE = 64  # parallel lines of text
LENGTH = 64  # tokens per line per batch: where backpropagation is truncated
END = 0  # the id that ends each review in the stream (the padding id, which no real token has)
PRETRAINING_TOKENS = 7_000_000  # about 15 minutes on the book's 2-core machine
VALIDATION_REVIEWS = 1_000  # the held-out text: the first 1,000 validation reviews
ARTIFACT = "imdb_language_model"


def standardize_for_language_model(texts: Any) -> tf.Tensor:
    """Lower-case, line breaks to spaces, punctuation as tokens of its own, other symbols dropped (chapter 9)."""
    texts = tf.strings.lower(texts)
    texts = tf.strings.regex_replace(texts, r"(?i)<\s*br\s*/?\s*>", " ")
    texts = tf.strings.regex_replace(texts, r'([.,!?;:()"])', r" \1 ")
    return tf.strings.regex_replace(texts, r"[^\p{L}\p{N}'.,!?;:()\" ]+", " ")


def make_vectorizer(vocabulary: list[str] | None = None, texts: list[str] | None = None) -> layers.TextVectorization:
    """The language model's tokenizer, from a saved vocabulary or adapted to ``texts``."""
    vectorizer = layers.TextVectorization(
        max_tokens=VOCABULARY_SIZE, standardize=standardize_for_language_model, ragged=True
    )
    if vocabulary is not None:
        vectorizer.set_vocabulary(vocabulary[2:])  # without "" and "[UNK]", which the layer adds itself
    else:
        vectorizer.adapt(texts, batch_size=1024)
    return vectorizer


def token_stream(vectorizer: layers.TextVectorization, texts: list[str]) -> np.ndarray:
    """Every review's token ids, one after the other, each review ended by ``END``."""
    pieces = []
    for start in range(0, len(texts), 2_000):
        for ids in vectorizer(texts[start : start + 2_000]).to_list():
            pieces.append(np.asarray(ids + [END], dtype=np.int32))
    return np.concatenate(pieces)


def sequential_batches(stream: np.ndarray, batch_size: int, length: int) -> tuple[np.ndarray, np.ndarray]:
    """Inputs and next-token targets, cut so that row b of batch k + 1 continues row b of batch k."""
    steps = (len(stream) - 1) // (batch_size * length)
    usable = steps * batch_size * length
    inputs = stream[:usable].reshape(batch_size, steps, length)
    targets = stream[1 : usable + 1].reshape(batch_size, steps, length)
    # (batch_size, steps, length) -> (steps, batch_size, length) -> one batch after another
    return (inputs.transpose(1, 0, 2).reshape(-1, length), targets.transpose(1, 0, 2).reshape(-1, length))


def language_model(batch_size: int, length: int, stateful: bool = True) -> keras.Model:
    """Embedding -> LSTM at every token -> logits over the vocabulary."""
    inputs = keras.Input(batch_shape=(batch_size, length), dtype="int32")
    x = layers.Embedding(VOCABULARY_SIZE, EMBEDDING_DIM, name="embedding")(inputs)
    x = layers.LSTM(UNITS, return_sequences=True, stateful=stateful, name="lstm")(x)
    outputs = layers.Dense(VOCABULARY_SIZE, name="next_token")(x)
    return keras.Model(inputs, outputs)


class ResetStates(keras.callbacks.Callback):
    """Start every epoch, and every evaluation, from a zero state."""

    def on_epoch_begin(self, epoch, logs=None):
        self.model.get_layer("lstm").reset_states()

    def on_test_begin(self, logs=None):
        self.model.get_layer("lstm").reset_states()


def perplexity(model: keras.Model, stream: np.ndarray, batch_size: int, length: int) -> float:
    """exp of the mean cross-entropy per token over ``stream``, read in order with the state carried."""
    inputs, targets = sequential_batches(stream, batch_size, length)
    model.get_layer("lstm").reset_states()
    loss = model.evaluate(inputs, targets, batch_size=batch_size, verbose=0)
    model.get_layer("lstm").reset_states()
    return float(math.exp(loss))


def training_texts(data: Any, unlabelled: list[str]) -> list[str]:
    """The fit reviews and the unlabelled ones, shuffled together (never validation, test or the revised pairs)."""
    texts = data.fit_texts + unlabelled
    return [texts[i] for i in np.random.default_rng(0).permutation(len(texts))]


def vectorizer_for(data: Any, unlabelled: list[str]) -> tuple[layers.TextVectorization, float]:
    """The vocabulary learned on the training texts (saved, so every row uses the same one), and its seconds."""
    from helpers.training import artifact_directory

    path = artifact_directory() / f"{ARTIFACT}_vocabulary.json"
    if path.is_file():
        saved = json.loads(path.read_text())
        return make_vectorizer(saved["vocabulary"]), saved["seconds"]
    start = time.perf_counter()
    vectorizer = make_vectorizer(texts=training_texts(data, unlabelled))
    seconds = time.perf_counter() - start
    path.write_text(json.dumps({"vocabulary": vectorizer.get_vocabulary(), "seconds": seconds}))
    return vectorizer, seconds


def pretrain(seed: int, data: Any, unlabelled: list[str], length: int = LENGTH,
             tokens: int = PRETRAINING_TOKENS) -> dict[str, Any]:
    """Train the language model for ``tokens`` tokens of the training stream, in one pass; save it if length is LENGTH."""
    from helpers.training import artifact_directory

    vectorizer, vocabulary_seconds = vectorizer_for(data, unlabelled)
    stream = token_stream(vectorizer, training_texts(data, unlabelled))[: sample_size(tokens, 60_000) + 1]
    held_out = token_stream(vectorizer, data.validation_texts[:VALIDATION_REVIEWS])
    inputs, targets = sequential_batches(stream, BATCH_SIZE, length)

    keras.utils.set_random_seed(seed)
    model = language_model(BATCH_SIZE, length)
    steps = len(inputs) // BATCH_SIZE
    schedule = keras.optimizers.schedules.CosineDecay(2e-3, decay_steps=steps)
    model.compile(optimizer=keras.optimizers.Adam(schedule, clipnorm=1.0),
                  loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    reset_peak_memory()
    start = time.perf_counter()
    history = model.fit(inputs, targets, batch_size=BATCH_SIZE, shuffle=False, epochs=1, verbose=2,
                        callbacks=[ResetStates()])
    seconds = time.perf_counter() - start
    result = {
        "length": length,
        "tokens": int(inputs.size),
        "train_seconds": seconds,
        "tokens_per_second": inputs.size / seconds,
        "fit_peak_rss_mib": peak_memory_mib(),
        "train_perplexity": math.exp(history.history["loss"][-1]),
        "validation_perplexity": perplexity(language_model_like(model, 256), held_out, 256, 64),
        "vocabulary_seconds": vocabulary_seconds,
        "params": model.count_params(),
    }
    if length == LENGTH:
        folder = artifact_directory()
        model.save_weights(folder / f"{ARTIFACT}.weights.h5")
        (folder / f"{ARTIFACT}.json").write_text(json.dumps(result))
    return result


def reset_peak_memory() -> None:
    """Start the process's peak memory (VmHWM) afresh, so that it measures what follows (Linux; elsewhere a no-op)."""
    try:
        with open("/proc/self/clear_refs", "w") as handle:
            handle.write("5")
    except OSError:
        pass


def peak_memory_mib() -> float:
    """The process's peak resident memory since :func:`reset_peak_memory`, in MiB (NaN where /proc is missing)."""
    try:
        lines = open("/proc/self/status").read().splitlines()
    except OSError:
        return float("nan")
    return next(float(line.split()[1]) / 1024 for line in lines if line.startswith("VmHWM:"))


def language_model_like(model: keras.Model, batch_size: int, length: int = 64) -> keras.Model:
    """The same weights in a model for another batch shape (evaluation reads 256 lines at a time)."""
    copy = language_model(batch_size, length)
    copy.set_weights(model.get_weights())
    copy.compile(loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    return copy


def pretrained(data: Any, unlabelled: list[str]) -> tuple[keras.Model, layers.TextVectorization, dict[str, Any]]:
    """The saved language model, its tokenizer and what its pretraining measured; pretrained now if not saved."""
    from helpers.training import artifact_directory

    folder = artifact_directory()
    if not (folder / f"{ARTIFACT}.json").is_file():
        print("no saved language model: pretraining it first (`make bench ROWS=lm_pretraining` saves one)")
        pretrain(42, data, unlabelled)
    model = language_model(None, None, stateful=False)
    model.load_weights(folder / f"{ARTIFACT}.weights.h5")
    vectorizer, _ = vectorizer_for(data, unlabelled)
    return model, vectorizer, json.loads((folder / f"{ARTIFACT}.json").read_text())


class MaskedMaxPooling1D(layers.Layer):
    """The maximum over the steps that the mask keeps (Keras's GlobalMaxPooling1D ignores masks)."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.supports_masking = True

    def call(self, inputs, mask=None):
        if mask is not None:
            inputs = ops.where(ops.expand_dims(mask, -1), inputs, ops.full_like(inputs, -1e9))
        return ops.max(inputs, axis=1)

    def compute_mask(self, inputs, mask=None):
        return None


def classifier(dropout: float = 0.5, pooling: str = "last") -> keras.Model:
    """Chapter 5's shape with the language model's sizes: Embedding 64 -> LSTM 128 -> Dense(1).

    ``pooling="last"`` reads the LSTM's last output, as chapter 5 does;
    ``pooling="concat"`` is ULMFiT's concat pooling: the last output, and the
    maximum and the mean of the outputs over the review's tokens (padding
    masked), side by side.
    """
    if pooling not in ("last", "concat"):
        raise ValueError(f"pooling must be 'last' or 'concat', not {pooling!r}")
    inputs = keras.Input(shape=(None,), dtype="int32")
    x = layers.Embedding(VOCABULARY_SIZE, EMBEDDING_DIM, mask_zero=True, name="embedding")(inputs)
    if pooling == "last":
        features = layers.LSTM(UNITS, dropout=dropout, name="lstm")(x)
    else:
        sequence, last, _ = layers.LSTM(UNITS, dropout=dropout, return_sequences=True, return_state=True, name="lstm")(x)
        features = layers.Concatenate()(
            [last, MaskedMaxPooling1D()(sequence), layers.GlobalAveragePooling1D()(sequence)]
        )
    return keras.Model(inputs, layers.Dense(1, activation="sigmoid", name="sentiment")(features))
