"""Chapter 9's fine-tuned classifier without the slanted triangular schedule

``lm_finetuned_concat`` with one change: Adam's learning rate is held at
the schedule's peak, 2e-3, through every epoch, instead of rising over the
first tenth of each epoch's steps and falling over the rest. Gradual
unfreezing stays, so the comparison with ``lm_finetuned_concat`` measures
what the slanted triangular schedule (Howard and Ruder, 2018) buys on its
own.
"""

from benchmarks.rows import lm_finetuned, lm_finetuned_concat

RECIPE = lm_finetuned_concat.RECIPE + "; no slanted triangular schedule (Adam held at 2e-3)"


def run(seed: int) -> dict:
    return lm_finetuned.run(seed, pooling="concat", recipe=RECIPE, slanted=False)
