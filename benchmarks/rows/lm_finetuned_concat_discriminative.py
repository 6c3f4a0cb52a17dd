"""Chapter 9's fine-tuned classifier with discriminative learning rates

``lm_finetuned_concat`` with one change, the third of Howard and Ruder's
(2018) fine-tuning methods: each layer gets its own learning rate, the
output layer the schedule's, the LSTM 2.6 times less and the embedding
2.6 squared times less, so that the layers furthest from the output, which
hold the most general knowledge, change least. Its comparison is
``lm_finetuned_concat``.
"""

from benchmarks.rows import lm_finetuned, lm_finetuned_concat

RECIPE = lm_finetuned_concat.RECIPE + "; discriminative learning rates (head 1, LSTM 1/2.6, embedding 1/2.6^2 of the rate)"


def run(seed: int) -> dict:
    return lm_finetuned.run(seed, pooling="concat", recipe=RECIPE, discriminative=2.6)
