"""Chapter 5's LSTM without dropout

Chapter 5's recipe with one change: no dropout on the LSTM's inputs. A
variant that chapter 5 compares on validation only, so it never sees the
test reviews.
"""

from benchmarks.rows.chapter5_lstm import train_chapter5_recipe


def run(seed: int) -> dict:
    return train_chapter5_recipe(seed, dropout=0.0, score_test=False)
