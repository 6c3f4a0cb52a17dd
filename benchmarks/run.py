"""Run rows of the IMDb benchmark and merge them into its results file.

    python -m benchmarks.run                  # every row (make bench)
    python -m benchmarks.run cnn transformer  # some rows (make bench ROWS="cnn transformer")

Each row is a file in ``benchmarks/rows/`` with a ``run()`` that trains one
model and returns its row. Each runs in a process of its own, so the peak
memory (RSS) recorded with it is its own, along with the machine and the
date. The rows are merged into ``helpers/results/imdb_benchmark.json`` (and
the CSV beside it): a row not run keeps its stored values. With
``LSTM_BOOK_QUICK=1`` the rows run on small subsets for one epoch and go to
``imdb_benchmark_quick.json`` instead, a smoke test, not a result.
"""

from __future__ import annotations

import argparse
import datetime
import importlib
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

ROOT = Path(__file__).absolute().parent.parent
sys.path.insert(0, str(ROOT))

from helpers.config import is_quick  # noqa: E402
from helpers.results import RESULTS_FILE, load_results, save_results  # noqa: E402

ROWS = [
    "chapter5_lstm",
    "best_lstm",
    "pooled_bilstm_random_vectors",
    "bag_of_bigrams",
    "cnn",
    "transformer",
    "seed_recipe",
    "keras_io_bilstm",
    "tf_rnn_tutorial",
    "speed",
]


def machine() -> str:
    """The CPU, its cores and memory, and the library versions, in one line."""
    import keras
    import tensorflow as tf

    cpu = "unknown CPU"
    if Path("/proc/cpuinfo").exists():
        names = [line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                 if line.startswith("model name")]
        cpu = names[0] if names else cpu
    memory_gib = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    gpus = len(tf.config.list_physical_devices("GPU"))
    return (f"{cpu}, {os.cpu_count()} cores, {memory_gib:.1f} GiB, {gpus} GPU; Python {platform.python_version()}, "
            f"TensorFlow {tf.__version__}, Keras {keras.__version__}")


def run_child(name: str, output: Path) -> None:
    """Run one row in this process and write it, with this process's peak RSS, the machine and the date."""
    start = time.perf_counter()
    row = importlib.import_module(f"benchmarks.rows.{name}").run()
    row.update(
        row_wall_seconds=time.perf_counter() - start,
        peak_rss_mib=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        machine=machine(),
        date=datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        quick=is_quick(),
    )
    output.write_text(json.dumps(row))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rows", nargs="*", metavar="row", help=f"rows to run (default: all): {', '.join(ROWS)}")
    parser.add_argument("--child", choices=ROWS, help=argparse.SUPPRESS)
    parser.add_argument("--output", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        run_child(args.child, args.output)
        return 0
    unknown = sorted(set(args.rows) - set(ROWS))
    if unknown:
        parser.error(f"unknown rows {unknown}; choose from {ROWS}")
    path = RESULTS_FILE.with_name("imdb_benchmark_quick.json") if is_quick() else RESULTS_FILE
    rows = load_results(path) if path.is_file() else {}
    with tempfile.TemporaryDirectory() as folder:
        for name in args.rows or ROWS:
            print(f"== {name}", flush=True)
            output = Path(folder) / f"{name}.json"
            command = [sys.executable, "-m", "benchmarks.run", "--child", name, "--output", str(output)]
            subprocess.run(command, check=True, cwd=ROOT)
            rows[name] = json.loads(output.read_text())
            save_results(rows, path)  # after every row, so a failed run keeps the rows before it
            row = rows[name]
            if "test_accuracy" in row:
                print(f"== {name}: test accuracy {row['test_accuracy']:.4f}, {row['train_seconds']:.0f} s training, "
                      f"{row['seconds_per_epoch']:.1f} s per epoch, peak RSS {row['peak_rss_mib']:.0f} MiB", flush=True)
    print(f"wrote {path} and {path.with_suffix('.csv')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
