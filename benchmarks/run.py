"""Run rows of the IMDb benchmark and merge them into its results file.

    python -m benchmarks.run                          # every row, every seed (make bench: hours)
    python -m benchmarks.run cnn transformer          # some rows (make bench ROWS="cnn transformer")
    python -m benchmarks.run cnn --seeds 42 43        # some seeds (make bench ROWS=cnn SEEDS="42 43")

Each row is a file in ``benchmarks/rows/`` with a ``run(seed)`` that trains
one model and returns its scores. Each seed of each row runs in a process of
its own, so the peak memory (RSS) recorded with it is its own, along with the
machine and the date. The runs are merged into
``helpers/results/imdb_benchmark.json`` (and the CSV beside it) after each
one: a seed run again replaces its old run, and every other run is kept, so
the benchmark can run in parts, a few rows per session. With
``LSTM_BOOK_QUICK=1`` the rows run on small subsets for one epoch and go to
``*_quick.json`` files instead, a smoke test, not a result. Chapter 9's rows (``lm_*``) go to
``helpers/results/language_model.json``.
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
from helpers.results import RESULTS_FILE, read_rows, save_results  # noqa: E402

ROWS = [
    "chapter5_lstm",
    "chapter5_no_dropout",
    "chapter5_first_200_tokens",
    "best_lstm",
    "pooled_bilstm_random_vectors",
    "bag_of_bigrams",
    "cnn",
    "transformer",
    "seed_recipe",
    "keras_io_bilstm",
    "tf_rnn_tutorial",
    "speed",
    "lm_pretraining",
    "lm_scratch",
    "lm_finetuned",
    "lm_scratch_concat",
    "lm_finetuned_concat",
    "lm_finetuned_concat_discriminative",
    "lm_finetuned_concat_no_unfreezing",
    "lm_finetuned_concat_constant_rate",
    "lm_truncation",
    "lm_probe",
]
FIVE_SEEDS = [42, 43, 44, 45, 46]  # chapter 5 trains with seed 42
SEEDS = {name: FIVE_SEEDS for name in ROWS}
SEEDS.update({"seed_recipe": FIVE_SEEDS[:3], "keras_io_bilstm": FIVE_SEEDS[:3], "tf_rnn_tutorial": FIVE_SEEDS[:3]})
SEEDS["speed"] = [0]  # timings, not scores: one run
SEEDS.update({"lm_pretraining": [42], "lm_truncation": [0], "lm_probe": [0]})  # one pretraining, which the fine-tuning seeds share
LANGUAGE_MODEL_ROWS = [name for name in ROWS if name.startswith("lm_")]  # chapter 9's, in a file of their own


def results_path(name: str) -> Path:
    """Where a row's runs go: chapter 9's rows in language_model.json, the rest in imdb_benchmark.json."""
    path = RESULTS_FILE.with_name("language_model.json") if name in LANGUAGE_MODEL_ROWS else RESULTS_FILE
    return path.with_name(path.stem + "_quick.json") if is_quick() else path


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


def run_child(name: str, seed: int, output: Path) -> None:
    """Run one seed of one row in this process and write it, with this process's peak RSS, the machine and the date."""
    start = time.perf_counter()
    row = importlib.import_module(f"benchmarks.rows.{name}").run(seed)
    row.update(
        seed=seed,
        row_wall_seconds=time.perf_counter() - start,
        peak_rss_mib=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        machine=machine(),
        date=datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        quick=is_quick(),
    )
    output.write_text(json.dumps(row))


def merge(row: dict | None, run: dict) -> dict:
    """The row with ``run`` added, replacing an earlier run of the same seed; timings (speed) keep one run."""
    if "cases" in run:
        return run
    runs = row["runs"] if row and "runs" in row else []  # a row from before seeds is replaced
    runs = sorted([old for old in runs if old["seed"] != run["seed"]] + [run], key=lambda old: old["seed"])
    return {"recipe": run["recipe"], "runs": runs}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rows", nargs="*", metavar="row", help=f"rows to run (default: all): {', '.join(ROWS)}")
    parser.add_argument("--seeds", nargs="+", type=int, help="seeds to run (default: each row's own, 5 for most)")
    parser.add_argument("--child", choices=ROWS, help=argparse.SUPPRESS)
    parser.add_argument("--seed", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--output", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        run_child(args.child, args.seed, args.output)
        return 0
    unknown = sorted(set(args.rows) - set(ROWS))
    if unknown:
        parser.error(f"unknown rows {unknown}; choose from {ROWS}")
    written = []
    with tempfile.TemporaryDirectory() as folder:
        for name in args.rows or ROWS:
            path = results_path(name)
            rows = read_rows(path) if path.is_file() else {}
            for seed in args.seeds or SEEDS[name]:
                print(f"== {name}, seed {seed}", flush=True)
                output = Path(folder) / f"{name}-{seed}.json"
                command = [sys.executable, "-m", "benchmarks.run", "--child", name, "--seed", str(seed),
                           "--output", str(output)]
                subprocess.run(command, check=True, cwd=ROOT)
                run = json.loads(output.read_text())
                rows[name] = merge(rows.get(name), run)
                save_results(rows, path)  # after every run, so a failed run keeps the ones before it
                written = list(dict.fromkeys(written + [path]))
                if "validation_accuracy" in run:
                    scored = ", ".join(f"{part} {run[f'{part}_accuracy']:.4f}" for part in ("validation", "test")
                                       if f"{part}_accuracy" in run)
                    print(f"== {name}, seed {seed}: {scored}, {run['train_seconds']:.0f} s training, "
                          f"peak RSS {run['peak_rss_mib']:.0f} MiB", flush=True)
    for path in written:
        print(f"wrote {path} and {path.with_suffix('.csv')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
