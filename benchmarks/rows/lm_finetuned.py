"""Chapter 9's classifier fine-tuned from the language model

The scratch row's network, with its embedding and LSTM copied from the
pretrained language model (``lm_pretraining``), fine-tuned as Howard and
Ruder (2018) recommend: gradual unfreezing (epoch 1 trains only the new
output layer, epoch 2 the LSTM too, epoch 3 everything) and a slanted
triangular learning rate in each epoch (a short linear rise to 2e-3, then a
long linear fall). The epoch with the best validation accuracy is kept.
``total_seconds`` counts the vocabulary, the pretraining and the
fine-tuning: what the book's 45-minute goal counts.
"""

import time

import keras
import numpy as np
from keras import ops

from benchmarks.common import PARTS, Fit, fit_timed, load_split, scored_row, token_ids
from benchmarks.language_model import classifier, pretrained
from helpers.data import load_imdb_unlabelled
from helpers.training import bucketed_dataset

MAXLEN = 600
PEAK_LEARNING_RATE = 2e-3
STAGES = [["sentiment"], ["sentiment", "lstm"], ["sentiment", "lstm", "embedding"]]
RECIPE = (
    "fine-tuned LM: Emb 64 > LSTM 128 (dropout 0.5) > Dense, embedding and LSTM from lm_pretraining; gradual "
    "unfreezing (head, + LSTM, + embedding: one epoch each), slanted triangular LR to 2e-3 each epoch, best epoch kept"
)


class SlantedTriangular(keras.optimizers.schedules.LearningRateSchedule):
    """Howard and Ruder's schedule: a linear rise over the first 10 % of the steps, then a linear fall to peak / 32."""

    def __init__(self, peak, steps, rise=0.1, ratio=32):
        self.peak, self.steps, self.rise, self.ratio = peak, steps, rise, ratio

    def __call__(self, step):
        step = ops.cast(step, "float32")
        cut = max(1.0, np.floor(self.steps * self.rise))
        p = ops.where(step < cut, step / cut, 1 - (step - cut) / max(1.0, self.steps - cut))
        return self.peak * (1 + ops.maximum(p, 0.0) * (self.ratio - 1)) / self.ratio

    def get_config(self):
        return {"peak": self.peak, "steps": self.steps, "rise": self.rise, "ratio": self.ratio}


class DiscriminativeAdam(keras.optimizers.Adam):
    """Adam with a learning rate per layer (Howard and Ruder's discriminative fine-tuning): ``factors`` maps a layer's
    name to the number its variables' learning rate is multiplied by; layers not named keep the schedule's rate."""

    def __init__(self, learning_rate, factors, **kwargs):
        super().__init__(learning_rate, **kwargs)
        self.factors = dict(factors)

    def build(self, variables):
        super().build(variables)
        self._scales = [float(self.factors.get(variable.path.split("/")[0], 1.0)) for variable in variables]

    def update_step(self, gradient, variable, learning_rate):
        scale = self._scales[self._get_variable_index(variable)]
        super().update_step(gradient, variable, ops.cast(learning_rate, variable.dtype) * scale)


def run(seed: int, pooling: str = "last", recipe: str = RECIPE, unfreeze: bool = True, slanted: bool = True,
        discriminative: float | None = None) -> dict:
    """``unfreeze=False`` trains every layer from the first epoch; ``slanted=False`` holds the rate at its peak;
    ``discriminative=2.6`` divides the rate by 2.6 for each layer further from the output, as Howard and Ruder do."""
    data = load_split()
    language_model, vectorizer, pretraining = pretrained(data, load_imdb_unlabelled())
    ids = {part: token_ids(vectorizer, data.texts(part), MAXLEN) for part in PARTS}
    keras.utils.set_random_seed(seed)
    train_batches = bucketed_dataset(token_ids(vectorizer, data.fit_texts, MAXLEN), data.fit_labels, 32,
                                     shuffle=True, seed=seed)
    validation_batches = bucketed_dataset(ids["validation"], data.validation_labels, 256)
    model = classifier(pooling=pooling)
    for name in ("embedding", "lstm"):
        model.get_layer(name).set_weights(language_model.get_layer(name).get_weights())

    history, epoch_seconds, best = {}, [], (-1.0, None)
    start = time.perf_counter()
    for trainable in STAGES if unfreeze else [STAGES[-1]] * len(STAGES):
        for layer in model.layers:
            layer.trainable = layer.name in trainable
        schedule = SlantedTriangular(PEAK_LEARNING_RATE, len(train_batches)) if slanted else PEAK_LEARNING_RATE
        if discriminative:
            factors = {name: discriminative**-depth for depth, name in enumerate(STAGES[-1])}  # head 1, LSTM 1/2.6, ...
            optimizer = DiscriminativeAdam(schedule, factors, clipnorm=1.0)
        else:
            optimizer = keras.optimizers.Adam(schedule, clipnorm=1.0)
        model.compile(optimizer=optimizer, loss="binary_crossentropy", metrics=["accuracy"])
        stage = fit_timed(model, train_batches, validation_data=validation_batches, epochs=1)
        for key, values in stage.history.items():
            history.setdefault(key, []).extend(values)
        epoch_seconds += stage.epoch_seconds
        if stage.history["val_accuracy"][-1] > best[0]:
            best = (stage.history["val_accuracy"][-1], model.get_weights())
    fit = Fit(history, epoch_seconds, time.perf_counter() - start)
    model.set_weights(best[1])
    row = scored_row(recipe, model, fit, ids, data)
    row["pretraining_seconds"] = pretraining["train_seconds"]
    row["pretraining_tokens"] = pretraining["tokens"]
    row["total_seconds"] = pretraining["vocabulary_seconds"] + pretraining["train_seconds"] + fit.seconds
    return row
