"""A Keras layer the book's best LSTM needs and Keras does not have."""

from __future__ import annotations

import keras
import numpy as np


@keras.saving.register_keras_serializable(package="lstm_book")
class MaskedGlobalMaxPooling1D(keras.layers.Layer):
    """The largest value of each feature over the time steps the mask keeps (``GlobalMaxPooling1D`` ignores the mask)."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.supports_masking = True

    def call(self, inputs: object, mask: object = None) -> object:
        if mask is not None:  # Padded steps get the lowest float, so they never win the maximum.
            keep = keras.ops.expand_dims(keras.ops.cast(mask, "bool"), -1)
            inputs = keras.ops.where(keep, inputs, np.finfo("float32").min)
        return keras.ops.max(inputs, axis=1)

    def compute_output_shape(self, input_shape: tuple[int | None, ...]) -> tuple[int | None, ...]:
        return (input_shape[0], input_shape[2])

    def compute_mask(self, inputs: object, mask: object = None) -> None:
        return None
