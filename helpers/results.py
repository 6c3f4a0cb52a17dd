"""The IMDb benchmark's stored results, as chapter 7 reads them.

``benchmarks/imdb.py`` (run by ``make bench``) trains every row of the
benchmark and writes ``helpers/results/imdb_benchmark.json``. The file ships
with ``helpers``, so chapter 7 finds it in Colab too. These functions read it
and check that it holds what the chapter needs, so a missing or half-written
file fails with a message that says what to run, not with a ``KeyError``
deep in a table.

Introduced in chapter 7 (Making LSTMs better and faster).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

BENCHMARK_FILE = Path(__file__).resolve().parent / "results" / "imdb_benchmark.json"
"""Where ``make bench`` writes the full run's results."""

ROW_FIELDS = ("recipe", "test_accuracy", "train_seconds", "epochs", "seconds_per_epoch", "peak_rss_mib", "params")
"""What every trained row of the benchmark records."""


def load_benchmark(path: str | os.PathLike[str] | None = None) -> dict[str, Any]:
    """Read the benchmark results and check that every row is complete.

    Parameters
    ----------
    path : str or os.PathLike, optional
        A results file; defaults to :data:`BENCHMARK_FILE`.

    Returns
    -------
    dict
        ``{"hardware": {...}, "rows": {name: {...}}, "total_seconds": ...}``
        as ``benchmarks/imdb.py`` wrote it. Every row except ``speed`` has the
        fields in :data:`ROW_FIELDS`.

    Raises
    ------
    FileNotFoundError
        If the file does not exist (run ``make bench``).
    ValueError
        If the file is not complete JSON results of a full run.
    """
    file = Path(BENCHMARK_FILE if path is None else path)
    if not file.is_file():
        raise FileNotFoundError(f"no benchmark results at {file}: run `make bench` (about 110 minutes on 2 cores) to make them")
    try:
        results = json.loads(file.read_text())
    except json.JSONDecodeError as error:
        raise ValueError(f"{file} is not valid JSON ({error}); run `make bench` again") from error
    if not isinstance(results, dict):
        raise ValueError(f"{file} must hold a JSON object, got {type(results).__name__}")
    missing = [key for key in ("hardware", "rows", "total_seconds", "finished") if key not in results]
    if missing:
        raise ValueError(f"{file} lacks {missing}: the run did not finish; run `make bench` again")
    if results.get("quick"):
        raise ValueError(f"{file} comes from a quick-mode run (LSTM_BOOK_QUICK=1), not a real benchmark")
    for name, row in results["rows"].items():
        if name == "speed":
            continue
        absent = [field for field in ROW_FIELDS if field not in row]
        if absent:
            raise ValueError(f"row {name!r} in {file} lacks {absent}")
    return results


def trained_rows(results: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The rows that trained and scored a model (every row but ``speed``), in run order.

    Parameters
    ----------
    results : dict
        What :func:`load_benchmark` returned.

    Returns
    -------
    dict of str to dict
        Row name to its measurements.

    Raises
    ------
    ValueError
        If ``results`` has no ``rows``.
    """
    if not isinstance(results, dict) or "rows" not in results:
        raise ValueError("results must be what load_benchmark() returned (a dict with 'rows')")
    return {name: row for name, row in results["rows"].items() if name != "speed"}
