"""The IMDb benchmark's results: one row per model, written by ``benchmarks/run.py`` and read by chapter 7."""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path
from typing import Any

RESULTS_FILE = Path(__file__).resolve().parent / "results" / "imdb_benchmark.json"

# What every trained row holds (the row's run() returns it) ...
TRAINED_FIELDS: dict[str, type] = {
    "recipe": str,
    "test_accuracy": float,
    "train_seconds": float,
    "epochs": int,
    "seconds_per_epoch": float,
    "epoch_seconds": list,
    "params": int,
}
# ... and what the runner adds to every row, the speed measurements included.
RUN_FIELDS: dict[str, type] = {"peak_rss_mib": float, "machine": str, "date": str, "quick": bool}
CSV_COLUMNS = ["row"] + [name for name, kind in {**TRAINED_FIELDS, **RUN_FIELDS}.items() if kind is not list]


def trained_row(
    *, recipe: str, test_accuracy: float, train_seconds: float, epoch_seconds: list[float], params: int, **extra: Any
) -> dict[str, Any]:
    """A trained row: the schema's fields, with ``epochs`` and ``seconds_per_epoch`` taken from ``epoch_seconds``."""
    epoch_seconds = [float(seconds) for seconds in epoch_seconds]
    return {
        "recipe": recipe,
        "test_accuracy": float(test_accuracy),
        "train_seconds": float(train_seconds),
        "epochs": len(epoch_seconds),
        "seconds_per_epoch": sum(epoch_seconds) / max(len(epoch_seconds), 1),
        "epoch_seconds": epoch_seconds,
        "params": int(params),
        **extra,
    }


def check_row(name: str, row: Any) -> None:
    """A ``ValueError`` or ``TypeError`` unless ``row`` holds the schema's fields with their types."""
    if not isinstance(row, dict):
        raise TypeError(f"row {name!r} must be a dict, got {type(row).__name__}")
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
    """Every row of a results file, by name, each checked against the schema."""
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
            writer.writerow([name] + [row[column] for column in CSV_COLUMNS[1:]])
    return file


def trained_rows(rows: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """The rows that trained and scored a model (all but the speed measurements), in file order."""
    return {name: row for name, row in rows.items() if "cases" not in row}
