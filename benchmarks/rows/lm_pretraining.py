"""Chapter 9's language model, pretrained

Embedding 64 -> LSTM 128 -> a softmax over 10,000 words and punctuation
marks, trained to predict each next token of the fit reviews and the 50,000
unlabelled ones (7 million tokens, one pass, about 15 minutes on 2 cores),
64 lines of text read 64 tokens at a time with the state carried from one
batch to the next. Its perplexity is measured on the first 1,000 validation
reviews. The weights are saved for the fine-tuning row.
"""

from benchmarks.common import load_split
from benchmarks.language_model import BATCH_SIZE, LENGTH, PRETRAINING_TOKENS, pretrain
from helpers.data import load_imdb_unlabelled
from helpers.results import trained_row

RECIPE = (
    f"word-level language model: Emb 64 > LSTM 128 > softmax over 10k; {PRETRAINING_TOKENS / 1e6:.0f}M tokens of fit + "
    f"unlabelled reviews, one pass, {BATCH_SIZE} lines x {LENGTH} tokens, stateful, Adam 2e-3 cosine to 0"
)


def run(seed: int) -> dict:
    data = load_split()
    result = pretrain(seed, data, load_imdb_unlabelled())
    seconds, params = result.pop("train_seconds"), result.pop("params")
    return trained_row(recipe=RECIPE, train_seconds=seconds, epoch_seconds=[seconds], params=params, **result)
