"""Chapter 9's classifier with ULMFiT's concat pooling, fine-tuned from the language model

``lm_finetuned`` with one change: the output layer reads the LSTM's last
output and the maximum and mean of its outputs over the review
(``pooling="concat"`` in ``benchmarks.language_model.classifier``), as in
Howard and Ruder's (2018) classifier. Its comparison is ``lm_scratch_concat``.
"""

from benchmarks.rows import lm_finetuned

RECIPE = (
    "fine-tuned LM, concat pooling: Emb 64 > LSTM 128 (dropout 0.5) > [last, max, mean] > Dense, embedding and "
    "LSTM from lm_pretraining; gradual unfreezing (head, + LSTM, + embedding: one epoch each), slanted triangular "
    "LR to 2e-3 each epoch, best epoch kept"
)


def run(seed: int) -> dict:
    return lm_finetuned.run(seed, pooling="concat", recipe=RECIPE)
