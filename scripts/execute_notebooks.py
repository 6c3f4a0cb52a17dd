"""Run every chapter top to bottom in full mode and store its outputs in place.

This is what `make execute` runs. The notebooks committed to the repository,
and so the pages of the book, are the output of this script. It also writes
`run_times.md`, the table of run times that the introduction shows.

Usage: python scripts/execute_notebooks.py [chapters/NN_name.ipynb ...]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from pathlib import Path

import nbformat
import yaml
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
CELL_TIMEOUT_SECONDS = 1800


def toc_notebooks() -> list[Path]:
    """The chapter notebooks in the order of `_toc.yml`."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    files = [
        entry["file"]
        for part in toc.get("parts", [])
        for entry in part.get("chapters", [])
        if (ROOT / f"{entry['file']}.ipynb").is_file()
    ]
    return [ROOT / f"{name}.ipynb" for name in files]


def execute(path: Path) -> float:
    """Execute one notebook in its own folder, save it, return the wall time in seconds."""
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook,
        timeout=CELL_TIMEOUT_SECONDS,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
        record_timing=False,
        # TensorFlow writes C++ log lines to file descriptor 2 while it is imported, before
        # TF_CPP_MIN_LOG_LEVEL can take effect. Leave them in the terminal, as Colab does,
        # instead of storing them in the notebook.
        extra_arguments=["--IPKernelApp.capture_fd_output=False"],
    )
    start = time.perf_counter()
    client.execute()
    elapsed = time.perf_counter() - start
    nbformat.write(notebook, path)
    return elapsed


def title(path: Path) -> str:
    """The notebook's first level-1 heading."""
    for cell in nbformat.read(path, as_version=4).cells:
        for line in cell.source.splitlines():
            if cell.cell_type == "markdown" and line.startswith("# "):
                return line[2:].strip()
    return path.stem


def write_run_times(times: dict[str, float]) -> None:
    """Merge the new times into run_times.json and render run_times.md from it."""
    store = ROOT / "run_times.json"
    known = json.loads(store.read_text()) if store.is_file() else {}
    known.update(times)
    store.write_text(json.dumps(known, indent=2, sort_keys=True) + "\n")
    rows = []
    for path in toc_notebooks():
        if path.stem in known:
            rows.append(f"| {title(path)} | {known[path.stem] / 60:.1f} min |")
    lines = [
        "| chapter | wall time of a full run |",
        "|---|---|",
        *rows,
        "",
        f"Measured on {os.cpu_count()} CPU cores ({platform.machine()}, {platform.system()}), no GPU, "
        f"Python {platform.python_version()}.",
    ]
    (ROOT / "run_times.md").write_text("\n".join(lines) + "\n")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="default: every chapter in _toc.yml")
    args = parser.parse_args()
    if os.environ.get("LSTM_BOOK_QUICK", "").strip().lower() not in {"", "0", "false", "no", "off"}:
        print("error: unset LSTM_BOOK_QUICK: the book stores the outputs of a full run", file=sys.stderr)
        return 2
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    selected = [p.resolve() for p in args.notebooks] or toc_notebooks()
    times = {}
    for path in selected:
        print(f"executing {path.relative_to(ROOT)} ...", flush=True)
        seconds = execute(path)
        print(f"  done in {seconds:.0f} s", flush=True)
        times[path.stem] = seconds
    write_run_times(times)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
