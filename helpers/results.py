"""The IMDb benchmark's results: one row per model, written by ``benchmarks/run.py`` and read by chapters 4 to 7.

A row holds one run of its recipe, or, since the benchmark trains with
several seeds, a list of ``runs``: one per seed, each with the fields below
and the per-review record of which answers were right (:func:`pack_correct`).
:func:`load_results` gives such a row the mean of every number over its runs,
with ``<field>_sd`` beside it and the ``seeds`` it ran with.
"""

from __future__ import annotations

import base64
import csv
import json
import os
from pathlib import Path
from typing import Any

import numpy as np

RESULTS_FILE = Path(__file__).resolve().parent / "results" / "imdb_benchmark.json"

# What every trained row holds (the row's run() returns it) ...
TRAINED_FIELDS: dict[str, type] = {
    "recipe": str,
    "train_seconds": float,
    "epochs": int,
    "seconds_per_epoch": float,
    "epoch_seconds": list,
    "params": int,
}
# ... and what the runner adds to every row, the speed measurements included.
RUN_FIELDS: dict[str, type] = {"peak_rss_mib": float, "machine": str, "date": str, "quick": bool}
CSV_COLUMNS = ["row", "seed", "split", "validation_accuracy", "test_accuracy"] + [
    name for name, kind in {**TRAINED_FIELDS, **RUN_FIELDS}.items() if kind is not list
]


def trained_row(
    *, recipe: str, train_seconds: float, epoch_seconds: list[float], params: int, test_accuracy: float | None = None,
    **extra: Any
) -> dict[str, Any]:
    """A trained row: the schema's fields, with ``epochs`` and ``seconds_per_epoch`` taken from ``epoch_seconds``.

    ``test_accuracy`` is left out for a model that is only compared on validation and never scored on test.
    """
    epoch_seconds = [float(seconds) for seconds in epoch_seconds]
    return {
        "recipe": recipe,
        **({} if test_accuracy is None else {"test_accuracy": float(test_accuracy)}),
        "train_seconds": float(train_seconds),
        "epochs": len(epoch_seconds),
        "seconds_per_epoch": sum(epoch_seconds) / max(len(epoch_seconds), 1),
        "epoch_seconds": epoch_seconds,
        "params": int(params),
        **extra,
    }


def check_row(name: str, row: Any) -> None:
    """A ``ValueError`` or ``TypeError`` unless ``row`` holds the schema's fields with their types (each run, if seeded)."""
    if not isinstance(row, dict):
        raise TypeError(f"row {name!r} must be a dict, got {type(row).__name__}")
    if "runs" in row:
        if not isinstance(row["runs"], list) or not row["runs"]:
            raise ValueError(f"row {name!r}: runs must be a non-empty list")
        for run in row["runs"]:
            check_row(name, run)
            if not isinstance(run.get("seed"), int):
                raise ValueError(f"row {name!r}: every run needs its int seed")
        return
    if "test_accuracy" in row and not isinstance(row["test_accuracy"], (int, float)):
        raise TypeError(f"row {name!r}: test_accuracy must be float, got {type(row['test_accuracy']).__name__}")
    fields = RUN_FIELDS if "cases" in row else {**TRAINED_FIELDS, **RUN_FIELDS}
    absent = [field for field in fields if field not in row]
    if absent:
        raise ValueError(f"row {name!r} lacks {absent}: run `make bench ROWS={name}`")
    for field, kind in fields.items():
        value = row[field]
        right = isinstance(value, kind) and not (kind is int and isinstance(value, bool))
        if not right and not (kind is float and isinstance(value, int) and not isinstance(value, bool)):
            raise TypeError(f"row {name!r}: {field} must be {kind.__name__}, got {type(value).__name__}")


def load_results(path: str | os.PathLike[str] | None = None) -> dict[str, dict[str, Any]]:
    """Every row of a results file, by name, checked against the schema; a seeded row summarised over its runs."""
    return {name: summarize(row) if "runs" in row else row for name, row in read_rows(path).items()}


def summarize(row: dict[str, Any]) -> dict[str, Any]:
    """A seeded row as one: the first run's fields, every number the mean over the runs, and ``<number>_sd`` beside it."""
    runs = row["runs"]
    summary = {**runs[0], "runs": runs, "seeds": [run["seed"] for run in runs]}
    for field, value in runs[0].items():
        values = [run.get(field) for run in runs]
        if field != "seed" and isinstance(value, (int, float)) and not isinstance(value, bool):
            if all(isinstance(v, (int, float)) for v in values):
                summary[field] = float(np.mean(values))
                summary[f"{field}_sd"] = float(np.std(values, ddof=1)) if len(values) > 1 else float("nan")
    summary["machine"] = "; ".join(dict.fromkeys(run["machine"] for run in runs))
    summary["date"] = max(run["date"] for run in runs)
    return summary


def pack_correct(correct: Any) -> str:
    """Which answers were right, one bit per review, as base64 text (about 4 KiB for the 25,000 test reviews)."""
    bits = np.asarray(correct, dtype=bool).reshape(-1)
    return f"{bits.size}:" + base64.b64encode(np.packbits(bits).tobytes()).decode("ascii")


def unpack_correct(packed: str) -> np.ndarray:
    """The boolean array that :func:`pack_correct` wrote."""
    size, encoded = packed.split(":", 1)
    return np.unpackbits(np.frombuffer(base64.b64decode(encoded), dtype=np.uint8))[: int(size)].astype(bool)


def correct_matrix(row: dict[str, Any], part: str) -> np.ndarray:
    """A seeds-by-reviews boolean array: which reviews of ``part`` each run of a seeded row got right."""
    if "runs" not in row:
        raise ValueError("correct_matrix needs a seeded row (one with runs); run `make bench` for it")
    missing = [run["seed"] for run in row["runs"] if part not in run.get("correct", {})]
    if missing:
        raise ValueError(f"the runs with seeds {missing} have no record of {part!r}")
    return np.stack([unpack_correct(run["correct"][part]) for run in row["runs"]])


def read_rows(path: str | os.PathLike[str] | None = None) -> dict[str, dict[str, Any]]:
    """Every row of a results file as stored, each checked against the schema."""
    file = Path(path or RESULTS_FILE)
    if not file.is_file():
        raise FileNotFoundError(f"no benchmark results at {file}: run `make bench`")
    try:
        rows = json.loads(file.read_text())["rows"]
    except (json.JSONDecodeError, KeyError, TypeError) as error:
        raise ValueError(f"{file} is not a results file ({error!r}); run `make bench` again") from error
    for name, row in rows.items():
        check_row(name, row)
    return rows


def save_results(rows: dict[str, dict[str, Any]], path: str | os.PathLike[str] | None = None) -> Path:
    """Write the rows to the JSON file and the trained rows' scalar fields to a CSV beside it."""
    for name, row in rows.items():
        check_row(name, row)
    file = Path(path or RESULTS_FILE)
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text(json.dumps({"rows": rows}, indent=1) + "\n")
    with file.with_suffix(".csv").open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(CSV_COLUMNS)
        for name, row in trained_rows(rows).items():
            if "runs" in row:
                for run in row["runs"]:
                    writer.writerow([name] + [run.get(column, "") for column in CSV_COLUMNS[1:]])
            else:
                writer.writerow([name] + [row.get(column, "") for column in CSV_COLUMNS[1:]])
    return file


def trained_rows(rows: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """The rows that trained and scored a model (all but the speed measurements), in file order."""
    return {name: row for name, row in rows.items() if "cases" not in row}
