"""Shared fixtures: a tiny IMDb-shaped archive, and the real data when present."""

from __future__ import annotations

import hashlib
import io
import os
import tarfile
from pathlib import Path

import pytest

from helpers import data

# Reviews per folder in the tiny archive.
TINY_COUNTS = {"train/pos": 4, "train/neg": 4, "test/pos": 3, "test/neg": 3, "train/unsup": 5}


def _review(folder: str, index: int) -> str:
    return f"Review {index} from {folder}. <br />It has a comma, and CAPITALS!"


def tiny_film(folder: str, index: int) -> str:
    """The film id of review ``index`` in ``folder`` of the tiny archive."""
    return f"tt{(7 if folder.startswith('train') else 8)}{index // 2:06d}"


def write_tiny_archive(path: Path) -> Path:
    """Write an archive with the official layout and :data:`TINY_COUNTS` reviews."""
    with tarfile.open(path, "w:gz") as tar:
        for folder, count in TINY_COUNTS.items():
            rating = {"pos": 8, "neg": 2, "unsup": 0}[folder.split("/")[1]]
            for index in range(count):
                payload = _review(folder, index).encode("utf-8")
                info = tarfile.TarInfo(f"aclImdb/{folder}/{index}_{rating}.txt")
                info.size = len(payload)
                tar.addfile(info, io.BytesIO(payload))
        for folder, count in TINY_COUNTS.items():
            split, kind = folder.split("/")
            # Two reviews per film: review ids 0 and 1 are about film 0, 2 and 3 about film 1...
            urls = "".join(f"http://www.imdb.com/title/{tiny_film(folder, index)}/usercomments\n" for index in range(count))
            info = tarfile.TarInfo(f"aclImdb/{split}/urls_{kind}.txt")
            info.size = len(urls.encode("utf-8"))
            tar.addfile(info, io.BytesIO(urls.encode("utf-8")))
        readme = b"tiny test archive\n"
        info = tarfile.TarInfo("aclImdb/README")
        info.size = len(readme)
        tar.addfile(info, io.BytesIO(readme))
    return path


def write_tiny_counterfactual(path: Path) -> Path:
    """A paired file in the official format: review 0 of train/pos, revised to negative, and a made-up pair."""
    rows = [
        ("Sentiment", "Text", "batch_id"),
        ("Positive", _review("train/pos", 0), "1"),
        ("Negative", _review("train/pos", 0).replace("CAPITALS", "nothing else"), "1"),
        ("Negative", "Not good, just bad.", "2"),
        ("Positive", "Not bad, just good.", "2"),
    ]
    path.write_text("".join("\t".join(row) + "\n" for row in rows), encoding="utf-8")
    return path


@pytest.fixture
def tiny_counts(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """Make the loader expect the tiny archive's counts."""
    monkeypatch.setattr(data, "EXPECTED_COUNTS", dict(TINY_COUNTS))
    return TINY_COUNTS


@pytest.fixture
def tiny_cache(tmp_path: Path, tiny_counts: dict[str, int], monkeypatch: pytest.MonkeyPatch) -> Path:
    """A Keras cache folder holding the tiny archive; the network is never used."""
    datasets = tmp_path / "keras" / "datasets"
    datasets.mkdir(parents=True)
    write_tiny_archive(datasets / data.ARCHIVE_NAME)
    paired = write_tiny_counterfactual(datasets / data.COUNTERFACTUAL_NAME)
    monkeypatch.setattr(data, "IMDB_URL", "http://127.0.0.1:9/aclImdb_v1.tar.gz")
    monkeypatch.setattr(data, "COUNTERFACTUAL_URL", "http://127.0.0.1:9/test_paired.tsv")
    monkeypatch.setattr(data, "COUNTERFACTUAL_SHA256", hashlib.sha256(paired.read_bytes()).hexdigest())
    monkeypatch.delenv("LSTM_BOOK_QUICK", raising=False)
    return tmp_path / "keras"


@pytest.fixture(scope="session")
def real_cache() -> Path:
    """Keras's cache with the real archive and word index; skipped locally when absent, a failure under CI."""
    cache = data.keras_cache_dir()
    names = (data.ARCHIVE_NAME, data.WORD_INDEX_NAME, data.COUNTERFACTUAL_NAME)
    missing = [name for name in names if not (cache / "datasets" / name).is_file()]
    if missing:
        message = f"{' and '.join(missing)} not in {cache}/datasets: run `make data` (or `make test`)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    return cache
