"""Chapter 9's fine-tuned classifier without gradual unfreezing

``lm_finetuned_concat`` with one change: every layer trains from the first
epoch, instead of the output layer alone, then the LSTM too, then the
embedding. The slanted triangular schedule and the three epochs stay, so
the comparison with ``lm_finetuned_concat`` measures what gradual
unfreezing (Howard and Ruder, 2018) buys on its own.
"""

from benchmarks.rows import lm_finetuned, lm_finetuned_concat

RECIPE = lm_finetuned_concat.RECIPE + "; no gradual unfreezing (every layer trains from epoch 1)"


def run(seed: int) -> dict:
    return lm_finetuned.run(seed, pooling="concat", recipe=RECIPE, unfreeze=False)
