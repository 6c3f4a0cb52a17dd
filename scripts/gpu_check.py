"""Run every chapter in quick mode on a GPU and fail on any error: what `make gpu-check` runs.

A GPU changes what Keras does: an LSTM or GRU whose arguments allow it runs
the cuDNN kernel, which accepts only masks of right-padded sequences, and
TensorFlow computes float32 matrix products in TF32 on Ampere and newer GPUs
unless a chapter turns that off. This check first makes sure TensorFlow sees a
GPU (on a machine without one it stops, rather than pass on the CPU), then runs
nbval over every chapter with LSTM_BOOK_QUICK=1, the same test as `make
notebooks`, so every cell must run without an error.

Usage: python scripts/gpu_check.py [chapters/NN_name.ipynb ...]
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")


def main(argv: list[str]) -> int:
    import tensorflow as tf

    gpus = tf.config.list_physical_devices("GPU")
    if not gpus:
        print("gpu-check: TensorFlow sees no GPU here, so nothing would be checked; run it on a GPU machine")
        return 2
    details = tf.config.experimental.get_device_details(gpus[0])
    print(f"gpu-check: TensorFlow {tf.__version__}, {len(gpus)} GPU(s): {details.get('device_name', gpus[0].name)}, "
          f"compute capability {details.get('compute_capability')}")
    notebooks = argv or [str(path) for path in sorted((ROOT / "chapters").glob("*.ipynb"))]
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "--nbval-lax", "--nbval-current-env", "--nbval-cell-timeout=900",
         "-p", "no:cacheprovider", "-v", *notebooks],
        cwd=ROOT,
        env={**os.environ, "LSTM_BOOK_QUICK": "1"},
    )
    print(f"gpu-check: {'passed' if result.returncode == 0 else 'FAILED'} in {time.perf_counter() - start:.0f} s")
    return result.returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
