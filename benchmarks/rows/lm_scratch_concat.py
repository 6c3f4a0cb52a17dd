"""Chapter 9's classifier with ULMFiT's concat pooling, trained from scratch

``lm_scratch`` with one change: the output layer reads the LSTM's last output
and the maximum and mean of its outputs over the review (``pooling="concat"``
in ``benchmarks.language_model.classifier``), the head that Howard and Ruder
(2018) put on their fine-tuned language model. With ``lm_finetuned_concat``,
it separates what pretraining brings from what the pooling brings.
"""

from benchmarks.rows import lm_scratch

RECIPE = (
    "from scratch, concat pooling: LM tokenizer (words + punctuation, 10k); Emb 64 > LSTM 128 (dropout 0.5) > "
    "[last, max, mean] > Dense; chapter 5's training"
)


def run(seed: int) -> dict:
    return lm_scratch.run(seed, pooling="concat", recipe=RECIPE)
