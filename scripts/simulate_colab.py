"""Run chapters as Colab would: each notebook alone, in a Python without `helpers`.

On Colab a chapter arrives as a single notebook in an empty folder, with
TensorFlow, Keras and the usual data-science packages preinstalled but not this
book's `helpers`. Its first code cell (the Colab set-up cell, see
`scripts/colab_setup_cell.py`) must install `helpers` before anything imports it.
This script checks that, offline except for PyPI:

1. It builds a wheel of `helpers` (`pip wheel --no-deps`), from a copy of the
   package in a temporary folder so the repository gets no `build/` folder.
2. It creates `.colab-venv`, a virtual environment with only tensorflow, keras,
   numpy, matplotlib, pandas (with jinja2, which Colab also has, for styled tables) and scikit-learn, plus nbclient and ipykernel to run
   notebooks, at the versions pinned in requirements.txt (used as constraints).
   The environment is reused while `.colab-venv/.stamp` matches those pins and
   the Python version.
3. For each chapter it removes `helpers` from that environment, copies the
   notebook alone into an empty temporary folder, and runs it top to bottom with
   nbclient in a kernel of that environment, with LSTM_BOOK_QUICK=1,
   LSTM_BOOK_SIMULATE_COLAB=1 (the set-up cell acts as on Colab),
   LSTM_BOOK_HELPERS_SOURCE=<the wheel> (it installs the wheel instead of
   fetching the repository) and KERAS_HOME=<Keras's cache> (the data comes
   through Keras's cache as usual; `make colab-sim` seeds it from ../shared/data).
   A first, extra cell checks that `helpers` is not importable before the set-up
   cell runs. Any error fails the run.

The executed notebooks are kept in `_build/colab-sim/` for inspection.

`--versions` picks the versions of those packages: `pinned` (the default) takes
them from requirements.txt; `oldest` and `colab` from
`constraints/<name>.txt`: the oldest TensorFlow and Keras the book claims
(pyproject.toml's lower bounds), and the versions a Colab runtime had when
they were last checked. Each has its own environment, `.colab-venv-<name>`.

Usage: python scripts/simulate_colab.py [--versions pinned|oldest|colab] [chapters/NN_name.ipynb ...]
(default: every notebook in chapters/)
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".colab-venv"
STAMP = VENV / ".stamp"
OUTPUT = ROOT / "_build" / "colab-sim"
PACKAGES = ["tensorflow", "keras", "numpy", "scipy", "matplotlib", "pandas", "jinja2", "scikit-learn", "nbclient",
            "ipykernel"]
"""What the simulated Colab has: the chapters' third-party imports, and a notebook runner."""

DISTRIBUTION = "lstm-book-helpers"
KERNEL_NAME = "lstm-book-colab-sim"
CELL_TIMEOUT_SECONDS = 900

CHECK_CELL = """\
# Added by scripts/simulate_colab.py: this must run in the simulated Colab, without helpers.
import importlib.util, sys
assert sys.prefix == {prefix!r}, f"wrong Python: {{sys.prefix}}"
assert importlib.util.find_spec("helpers") is None, "helpers is importable before the set-up cell"
"""


def run(command: list[str], **kwargs: object) -> None:
    print("+", " ".join(str(part) for part in command), flush=True)
    subprocess.run(command, check=True, **kwargs)  # type: ignore[call-overload]


CONSTRAINTS = ROOT / "requirements.txt"
"""The versions the simulated Colab installs; `--versions oldest` or `colab` picks another file."""


def use_versions(name: str) -> None:
    """Simulate with the versions of `name`: requirements.txt for 'pinned', else constraints/<name>.txt."""
    global VENV, STAMP, CONSTRAINTS
    if name != "pinned":
        CONSTRAINTS = ROOT / "constraints" / f"{name}.txt"
        if not CONSTRAINTS.is_file():
            raise SystemExit(f"no {CONSTRAINTS.relative_to(ROOT)}: --versions takes pinned, oldest or colab")
        VENV = ROOT / f".colab-venv-{name}"
        STAMP = VENV / ".stamp"


def pins() -> list[str]:
    """The lines of the constraints file that pin PACKAGES, e.g. 'tensorflow==2.21.0'."""
    wanted = {name.lower() for name in PACKAGES}
    lines = CONSTRAINTS.read_text().splitlines()
    found = [line.strip() for line in lines if line.split("==")[0].strip().lower() in wanted]
    missing = wanted - {line.split("==")[0].lower() for line in found}
    if missing:
        raise SystemExit(f"{CONSTRAINTS.name} pins none of {sorted(missing)}")
    return found


def venv_python() -> Path:
    return VENV / "bin" / "python"


def ensure_venv() -> None:
    """Create .colab-venv unless its stamp shows the same pins and Python."""
    key = hashlib.sha256(
        json.dumps([platform.python_version(), PACKAGES, CONSTRAINTS.read_text()]).encode()
    ).hexdigest()
    if STAMP.is_file() and STAMP.read_text().strip() == key and venv_python().is_file():
        print(f"reusing {VENV.name} ({', '.join(pins())})", flush=True)
        return
    shutil.rmtree(VENV, ignore_errors=True)
    run([sys.executable, "-m", "venv", str(VENV)])
    run([str(venv_python()), "-m", "pip", "install", "--quiet", "-c", str(CONSTRAINTS), *PACKAGES])
    STAMP.write_text(key + "\n")


def build_wheel(folder: Path) -> Path:
    """Build the helpers wheel from a copy of the package; return its path."""
    source = folder / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    shutil.copytree(ROOT / "helpers", source / "helpers", ignore=shutil.ignore_patterns("__pycache__"))
    wheels = folder / "wheels"
    run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(wheels), str(source)])
    (wheel,) = wheels.glob("*.whl")
    return wheel


def write_kernel_spec(folder: Path) -> Path:
    """A kernel spec that starts the simulated Colab's Python; return the JUPYTER_PATH folder."""
    spec = folder / "jupyter" / "kernels" / KERNEL_NAME
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(
        json.dumps(
            {
                "argv": [str(venv_python()), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                "display_name": "Python 3 (simulated Colab)",
                "language": "python",
            }
        )
    )
    return folder / "jupyter"


def keras_home() -> Path:
    home = os.environ.get("KERAS_HOME")
    return Path(home) if home else Path.home() / ".keras"


def simulate(notebook: Path, wheel: Path, jupyter_path: Path) -> float:
    """Run one notebook alone in the simulated Colab; return its wall time in seconds."""
    subprocess.run(
        [str(venv_python()), "-m", "pip", "uninstall", "--quiet", "--yes", DISTRIBUTION],
        check=True,
        capture_output=True,
    )
    with tempfile.TemporaryDirectory(prefix="colab-sim-") as workdir:
        copy = Path(workdir) / notebook.name
        shutil.copy2(notebook, copy)
        env = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "VIRTUAL_ENV")}
        env.update(
            {
                "LSTM_BOOK_QUICK": "1",
                "LSTM_BOOK_SIMULATE_COLAB": "1",
                "LSTM_BOOK_HELPERS_SOURCE": str(wheel),
                "KERAS_HOME": str(keras_home()),
                # A fresh Colab session has nothing that another chapter saved (chapter 6
                # then retrains chapter 5's model itself).
                "LSTM_BOOK_ARTIFACTS": str(Path(workdir) / "artifacts"),
                "JUPYTER_PATH": str(jupyter_path),
                "PATH": f"{VENV / 'bin'}{os.pathsep}{env.get('PATH', '')}",
            }
        )
        output = OUTPUT / notebook.name
        OUTPUT.mkdir(parents=True, exist_ok=True)
        start = time.perf_counter()
        subprocess.run(
            [str(venv_python()), str(Path(__file__).resolve()), "--execute", str(copy), "--output", str(output)],
            check=True,
            cwd=workdir,
            env=env,
        )
        return time.perf_counter() - start


def execute(path: Path, output: Path) -> int:
    """Inside the simulated Colab: run the notebook at `path`, save it to `output`."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    notebook = nbformat.read(path, as_version=4)
    notebook.cells.insert(0, nbformat.v4.new_code_cell(CHECK_CELL.format(prefix=sys.prefix)))
    client = NotebookClient(
        notebook,
        timeout=CELL_TIMEOUT_SECONDS,
        kernel_name=KERNEL_NAME,
        resources={"metadata": {"path": str(path.parent)}},
    )
    try:
        client.execute()
    except CellExecutionError as error:
        print(f"error in {path.name}:\n{error}", file=sys.stderr)
        return 1
    finally:
        nbformat.write(notebook, output)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="default: every notebook in chapters/")
    parser.add_argument("--versions", default="pinned", help="pinned (requirements.txt), oldest or colab")
    parser.add_argument("--execute", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--output", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.execute:
        return execute(args.execute, args.output)

    notebooks = [p.resolve() for p in args.notebooks] or sorted((ROOT / "chapters").glob("*.ipynb"))
    use_versions(args.versions)
    start = time.perf_counter()
    ensure_venv()
    setup_seconds = time.perf_counter() - start
    times: dict[str, float | None] = {}
    with tempfile.TemporaryDirectory(prefix="colab-sim-build-") as build:
        wheel = build_wheel(Path(build))
        jupyter_path = write_kernel_spec(Path(build))
        for notebook in notebooks:
            print(f"simulating Colab: {notebook.name} ...", flush=True)
            try:
                times[notebook.name] = simulate(notebook, wheel, jupyter_path)
                print(f"  ok in {times[notebook.name]:.0f} s", flush=True)
            except subprocess.CalledProcessError:
                times[notebook.name] = None
                print(f"  FAILED (executed copy in {OUTPUT.relative_to(ROOT) / notebook.name})", flush=True)
        subprocess.run(
            [str(venv_python()), "-m", "pip", "uninstall", "--quiet", "--yes", DISTRIBUTION], capture_output=True
        )
    print(f"\nsimulated Colab runs with {', '.join(pins())} (environment ready in {setup_seconds:.0f} s):")
    for name, seconds in times.items():
        print(f"  {name}: {'FAILED' if seconds is None else f'{seconds:.0f} s'}")
    failed = [name for name, seconds in times.items() if seconds is None]
    print(f"simulated Colab: {len(times) - len(failed)} of {len(times)} notebooks ran without error")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
