"""A small Transformer encoder

Token and position embeddings, one encoder block of self-attention (2 heads)
and a feed-forward layer, then the mean over the words, as keras.io's "Text
classification with Transformer" does, on the first 600 tokens. The padding
mask reaches the attention and the mean: each residual sum is an ``Add``
layer, which passes the mask on (a bare ``+`` would drop it).
"""

import keras
from keras import layers, ops

from benchmarks.common import book_batches, compile_and_fit, load_split, scored_row

MAXLEN = 600


class TokenAndPositionEmbedding(layers.Layer):
    """Each token's vector plus its position's vector; id 0 (padding) is masked."""

    def __init__(self, vocabulary_size, maxlen, dim):
        super().__init__()
        self.tokens = layers.Embedding(vocabulary_size, dim, mask_zero=True)
        self.positions = layers.Embedding(maxlen, dim)

    def call(self, token_ids):
        positions = ops.arange(ops.shape(token_ids)[1])
        return self.tokens(token_ids) + self.positions(positions)[None, :, :]

    def compute_mask(self, token_ids, mask=None):
        return ops.not_equal(token_ids, 0)


def transformer_model(vocabulary_size=20_000):
    """Token and position embeddings 64 -> one encoder block (2 heads, feed-forward 128) -> mean over the words -> Dense."""
    inputs = keras.Input(shape=(None,), dtype="int32")
    x = TokenAndPositionEmbedding(vocabulary_size, MAXLEN, 64)(inputs)
    attended = layers.MultiHeadAttention(num_heads=2, key_dim=32, dropout=0.1)(x, x)
    x = layers.LayerNormalization(epsilon=1e-6)(layers.Add()([x, layers.Dropout(0.1)(attended)]))
    feed_forward = layers.Dense(64)(layers.Dense(128, activation="relu")(x))
    x = layers.LayerNormalization(epsilon=1e-6)(layers.Add()([x, layers.Dropout(0.1)(feed_forward)]))
    x = layers.GlobalAveragePooling1D()(x)  # the mean over the words, padding left out
    x = layers.Dropout(0.25)(x)
    outputs = layers.Dense(1, activation="sigmoid")(x)
    return keras.Model(inputs, outputs)


def run(seed: int) -> dict:
    data = load_split()
    train_batches, validation_batches, ids = book_batches(data, vocabulary_size=20_000, maxlen=MAXLEN, seed=seed)

    keras.utils.set_random_seed(seed)
    model = transformer_model()
    fit = compile_and_fit(model, train_batches, validation_batches, max_epochs=4, patience=1)

    return scored_row(
        "vocab 20k, first 600 tokens, length buckets + mask; token + position Emb 64 > 1 encoder block "
        "(2 heads, feed-forward 128) > mean over the words (padding masked) > Dense; batch 32, Adam halving each "
        "epoch, early stopping",
        model,
        fit,
        ids,
        data,
    )
