"""Measure how long loading the IMDb reviews takes, and its peak memory.

Run with `make bench-loading`. The first extraction of the archive is timed apart from
the loads that follow it; each load runs in a fresh process so the times do not
include warm Python caches (the operating system's file cache stays warm, as it
would for a reader running a notebook twice).
"""

from __future__ import annotations

import json
import os
import platform
import resource
import subprocess
import sys
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

CHILD = r"""
import json, os, resource, time
start = time.perf_counter()
import keras  # what the loader needs; importing it is timed apart
imported = time.perf_counter()
from helpers.data import load_imdb, load_imdb_unlabelled
train = load_imdb("train")
test = load_imdb("test")
labelled = time.perf_counter()
unlabelled = len(load_imdb_unlabelled()) if os.environ.get("WITH_UNLABELLED") else 0
done = time.perf_counter()
print(json.dumps({
    "import_keras_s": imported - start,
    "load_50k_labelled_s": labelled - imported,
    "load_50k_unlabelled_s": done - labelled if unlabelled else None,
    "reviews": len(train.texts) + len(test.texts),
    "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
}))
"""


def run_child(extra_env: dict[str, str]) -> dict[str, float]:
    env = {**os.environ, "LSTM_BOOK_QUICK": "0", **extra_env}
    result = subprocess.run([sys.executable, "-c", CHILD], env=env, capture_output=True, text=True, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    from helpers.data import ARCHIVE_NAME, EXTRACTED_NAME, keras_cache_dir

    extracted = keras_cache_dir() / "datasets" / EXTRACTED_NAME
    print(f"machine: {os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}")
    if (keras_cache_dir() / "datasets" / ARCHIVE_NAME).is_file():
        import shutil

        shutil.rmtree(extracted, ignore_errors=True)
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "helpers.data", "prepare"], check=True, capture_output=True, text=True
        )
        print(f"first extraction of the archive (with Python start-up): {time.perf_counter() - start:.1f} s")
    runs = [run_child({}) for _ in range(3)]
    for i, run in enumerate(runs, 1):
        print(
            f"run {i}: import keras {run['import_keras_s']:.1f} s, load {run['reviews']:,} labelled reviews "
            f"{run['load_50k_labelled_s']:.2f} s, peak RSS {run['peak_rss_mib']:.0f} MiB"
        )
    with_unlabelled = run_child({"WITH_UNLABELLED": "1"})
    print(
        f"50,000 unlabelled reviews: {with_unlabelled['load_50k_unlabelled_s']:.2f} s, "
        f"peak RSS with all 100,000 reviews {with_unlabelled['peak_rss_mib']:.0f} MiB"
    )
    print(f"peak RSS of this script: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
