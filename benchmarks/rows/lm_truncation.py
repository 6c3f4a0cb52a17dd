"""Truncated backpropagation through time: time, memory and perplexity against the truncation length

Chapter 9's language model trained on the same 600,000 tokens, one pass,
with backpropagation cut every 8, 32 or 128 tokens (the state is still
carried across the cut). Each length runs in a process of its own, so its
peak memory (RSS) is its own. Perplexity is measured on the same held-out
validation reviews as the pretrained model, read 64 tokens at a time.
"""

import json
import resource
import subprocess
import sys

LENGTHS = [8, 32, 128]
TOKENS = 600_000


def measure(length: int) -> dict:
    from benchmarks.common import load_split
    from benchmarks.language_model import pretrain
    from helpers.data import load_imdb_unlabelled

    result = pretrain(0, load_split(), load_imdb_unlabelled(), length=length, tokens=TOKENS)
    result["peak_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result


def run(seed: int) -> dict:
    cases = []
    for length in LENGTHS:
        done = subprocess.run([sys.executable, "-m", "benchmarks.rows.lm_truncation", str(length)], check=True,
                              capture_output=True, text=True)
        cases.append({"name": f"truncated every {length} tokens", **json.loads(done.stdout.strip().splitlines()[-1])})
        print(cases[-1], flush=True)
    return {"recipe": __doc__.splitlines()[0], "cases": cases}


if __name__ == "__main__":
    print(json.dumps(measure(int(sys.argv[1]))))
