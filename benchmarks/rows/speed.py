"""What makes an LSTM train fast on a CPU

Chapter 5's LSTM (Embedding 64 -> LSTM 64, dropout 0.5 -> Dense) trains on the
same 2,000 reviews (first 600 tokens) under one change at a time: batch size,
length buckets or padding, the mask, where the text is tokenised, XLA, and
the LSTM's settings. Each case trains two epochs and times the second, so
tracing and first-batch costs are left out. Tokens per second counts real
tokens, not padding; the GFLOP/s count every step the LSTM computes, padding
included, against the dense matrix-multiply ceiling of the same CPU.
"""

import keras
import numpy as np
import tensorflow as tf
from keras import layers

from benchmarks.common import load_split, token_ids
from helpers.config import sample_size
from helpers.speed import EpochTimer, lstm_training_flops_per_step, matmul_gflops
from helpers.text import standardize_review
from helpers.training import bucketed_dataset

CASES = [
    {"name": "chapter 5 setting: length buckets, batch 32", "layout": "bucketed", "batch": 32},
    {"name": "batch 64", "layout": "bucketed", "batch": 64},
    {"name": "batch 128", "layout": "bucketed", "batch": 128},
    {"name": "batch 256", "layout": "bucketed", "batch": 256},
    {"name": "padded to the longest (600), batch 32", "layout": "padded", "batch": 32},
    {"name": "padded to 600, no mask", "layout": "padded", "batch": 32, "mask": False},
    {"name": "sorted by length, batch 32", "layout": "sorted", "batch": 32},
    {"name": "text vectorized every epoch, no prefetch", "layout": "text", "batch": 32, "cache": False, "prefetch": False},
    {"name": "text vectorized once (cache), no prefetch", "layout": "text", "batch": 32, "cache": True, "prefetch": False},
    {"name": "text vectorized once (cache) + prefetch", "layout": "text", "batch": 32, "cache": True, "prefetch": True},
    {"name": "jit_compile (XLA), padded to 600", "layout": "padded", "batch": 32, "jit": True},
    {"name": "jit_compile (XLA), length buckets", "layout": "bucketed", "batch": 32, "jit": True},
    {"name": "jit_compile (XLA), buckets padded to 100, 200, ...", "layout": "boundary", "batch": 32, "jit": True},
    {"name": "buckets padded to 100, 200, ... (no XLA)", "layout": "boundary", "batch": 32},
    {"name": "activation relu (not tanh)", "layout": "bucketed", "batch": 32, "activation": "relu"},
    {"name": "recurrent_dropout 0.25", "layout": "bucketed", "batch": 32, "recurrent_dropout": 0.25},
]


def in_memory(arrays):
    """Fixed (token_ids, labels) batches as a dataset, in a shuffled order."""
    order = np.random.default_rng(SEED).permutation(len(arrays))
    return tf.data.Dataset.from_generator(
        lambda: (arrays[k] for k in order),
        output_signature=(tf.TensorSpec((None, None), tf.int32), tf.TensorSpec((None,), tf.float32)),
    ).prefetch(tf.data.AUTOTUNE)


def batches(case, ids, labels, texts, vectorizer):
    """The case's batches of (token_ids, labels)."""
    size, layout = case["batch"], case["layout"]
    if layout == "bucketed":
        return bucketed_dataset(ids, labels, size, shuffle=True)
    if layout == "boundary":  # buckets 100 tokens wide, each batch padded to its bucket's bound: few shapes
        return bucketed_dataset(ids, labels, size, bucket_width=100, shuffle=True, pad_to_bucket_boundary=True)
    if layout == "padded":
        padded = keras.utils.pad_sequences(ids, maxlen=600, padding="post")
        return tf.data.Dataset.from_tensor_slices((padded, labels)).shuffle(len(ids), seed=SEED).batch(size)
    if layout == "sorted":
        order = np.argsort([len(tokens) for tokens in ids], kind="stable")
        groups = [order[i : i + size] for i in range(0, len(order), size)]
        return in_memory([(keras.utils.pad_sequences([ids[j] for j in g], padding="post"), labels[g]) for g in groups])
    # "text": raw text in, tokenised inside tf.data (every epoch unless cached), buckets 50 tokens wide.
    dataset = tf.data.Dataset.from_tensor_slices((texts, labels)).map(lambda text, label: (vectorizer(text)[:600], label))
    if case["cache"]:
        dataset = dataset.cache()
    dataset = dataset.shuffle(len(texts), seed=SEED).bucket_by_sequence_length(
        element_length_func=lambda tokens, label: tf.shape(tokens)[0],
        bucket_boundaries=list(range(50, 601, 50)),
        bucket_batch_sizes=[size] * 13,
    )
    return dataset.prefetch(tf.data.AUTOTUNE) if case["prefetch"] else dataset


SEED = 0  # the seed of this run's shuffles and weights; run() sets it


def run(seed: int) -> dict:
    global SEED
    SEED = seed
    data = load_split()
    count = sample_size(2_000, quick=200)
    texts, labels = data.fit_texts[:count], data.fit_labels[:count].astype("float32")
    vectorizer = layers.TextVectorization(max_tokens=10_000, standardize=standardize_review, ragged=True)
    vectorizer.adapt(data.fit_texts, batch_size=1024)
    ids = token_ids(vectorizer, texts, 600)
    real_tokens = sum(len(tokens) for tokens in ids)
    text_vectorizer = layers.TextVectorization(standardize=standardize_review, vocabulary=vectorizer.get_vocabulary())
    ceiling, flops_per_step = matmul_gflops(), lstm_training_flops_per_step(64, 64)

    cases = []
    for case in CASES:
        dataset = batches(case, ids, labels, texts, text_vectorizer)
        keras.utils.set_random_seed(SEED)
        model = keras.Sequential(
            [
                keras.Input(shape=(None,), dtype="int32"),
                layers.Embedding(10_000, 64, mask_zero=case.get("mask", True)),
                layers.LSTM(
                    64,
                    dropout=0.5,
                    recurrent_dropout=case.get("recurrent_dropout", 0.0),
                    activation=case.get("activation", "tanh"),
                ),
                layers.Dense(1, activation="sigmoid"),
            ]
        )
        model.compile(
            optimizer=keras.optimizers.Adam(1e-3, clipnorm=1.0),
            loss="binary_crossentropy",
            metrics=["accuracy"],
            jit_compile=case.get("jit", False),
        )
        timer = EpochTimer()
        model.fit(dataset, epochs=2, callbacks=[timer], verbose=0)
        seconds = timer.seconds[-1]
        result = {**case, "first_epoch_seconds": timer.seconds[0], "epoch_seconds": seconds,
                  "tokens_per_second": real_tokens / seconds}
        if case["layout"] != "text":  # LSTM steps an epoch computes, padding included
            steps = sum(int(np.prod(x.shape)) for x, _ in dataset)
            result.update(lstm_steps=steps, gflops=steps * flops_per_step / seconds / 1e9)
            result["share_of_matmul_ceiling"] = result["gflops"] / ceiling
        print(f"{case['name']}: {seconds:.1f} s, {real_tokens / seconds:,.0f} tokens/s", flush=True)
        cases.append(result)
    return {
        "reviews": count,
        "real_tokens": real_tokens,
        "mean_tokens_per_review": real_tokens / count,
        "matmul_gflops": ceiling,
        "lstm_training_flops_per_step": flops_per_step,
        "cases": cases,
    }
