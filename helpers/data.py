"""Load the Large Movie Review Dataset (IMDb) from its raw text.

The dataset (Maas et al., 2011) has 25,000 training and 25,000 test reviews,
each labelled positive (rating 7 to 10) or negative (rating 1 to 4), and 50,000
unlabelled reviews. This module downloads the official archive through Keras's
cache (``keras.utils.get_file``), extracts it once, and returns the reviews as
Python strings with NumPy labels.

Offline, the same code path finds the archive in Keras's cache
(``$KERAS_HOME/datasets``, by default ``~/.keras/datasets``). Put it there with::

    python -m helpers.data seed path/to/folder/holding/the/archive

Introduced in chapter 1 (Recurrent neural networks).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import sys
import tarfile
import tempfile
import zlib
from pathlib import Path
from typing import NamedTuple

import numpy as np

from helpers.config import is_quick

IMDB_URL = "https://ai.stanford.edu/~amaas/data/sentiment/aclImdb_v1.tar.gz"
"""The official archive, from the dataset's home page."""

ARCHIVE_NAME = "aclImdb_v1.tar.gz"
WORD_INDEX_URL = (
    "https://storage.googleapis.com/tensorflow/tf-keras-datasets/imdb_word_index.json"
)
WORD_INDEX_NAME = "imdb_word_index.json"
WORD_INDEX_MD5 = "bfafd718b763782e994055a2d397834f"
"""The md5 that ``keras.datasets.imdb.get_word_index`` checks."""

COUNTERFACTUAL_URL = (
    "https://raw.githubusercontent.com/acmi-lab/counterfactually-augmented-data/"
    "6f232a1d2a11462a30ce08fb4825b734ab30828e/sentiment/combined/paired/test_paired.tsv"
)
"""Kaushik, Hovy and Lipton's (2020) revised IMDb reviews, pinned to one commit (Apache-2.0)."""

COUNTERFACTUAL_NAME = "counterfactual_imdb_test_paired.tsv"
COUNTERFACTUAL_SHA256 = "9534b20850205c59015b313983cae7afb31c54c04ffcbd19cea7f1bce5011275"

EXTRACTED_NAME = "aclImdb"
CACHE_SUBDIR = "datasets"

EXPECTED_COUNTS: dict[str, int] = {
    "train/pos": 12_500,
    "train/neg": 12_500,
    "test/pos": 12_500,
    "test/neg": 12_500,
    "train/unsup": 50_000,
}
"""Number of reviews in each folder of the official archive."""

QUICK_PER_CLASS = 500
"""Reviews per class and split in quick mode (so 1,000 per split)."""

QUICK_UNLABELLED = 1_000
"""Unlabelled reviews in quick mode."""

SHUFFLE_SEED = 0
"""Seed of the fixed order in which the reviews are returned."""

DOWNLOAD_TIMEOUT_SECONDS = 8.0
"""Give up on a network that does not answer after this long."""

_MARKER = ".extracted-from.json"
_SPLITS = ("train", "test")


class DataUnavailableError(FileNotFoundError):
    """The dataset is neither in Keras's cache nor downloadable."""


class CorruptArchiveError(ValueError):
    """The archive in the cache is truncated, corrupt or incomplete."""


class Reviews(NamedTuple):
    """Movie reviews and their sentiment labels."""

    texts: list[str]
    labels: np.ndarray


class FitValidation(NamedTuple):
    """The training split, cut in two by film: reviews to fit on, and reviews of other films to validate on."""

    fit: Reviews
    validation: Reviews


class CounterfactualPairs(NamedTuple):
    """Reviews and their minimally revised copies with the opposite label, pair by pair."""

    originals: Reviews
    revisions: Reviews


def keras_cache_dir() -> Path:
    """Return Keras's cache folder: ``$KERAS_HOME`` or ``~/.keras``."""
    home = os.environ.get("KERAS_HOME")
    return Path(home) if home else Path.home() / ".keras"


def _datasets_dir(cache_dir: str | os.PathLike[str] | None) -> Path:
    if cache_dir is not None and not isinstance(cache_dir, (str, os.PathLike)):
        raise TypeError(
            f"cache_dir must be a path (str or os.PathLike) or None, "
            f"got {type(cache_dir).__name__}"
        )
    root = Path(cache_dir) if cache_dir is not None else keras_cache_dir()
    return root / CACHE_SUBDIR


def fetch_archive(
    fname: str,
    origin: str,
    cache_dir: str | os.PathLike[str] | None = None,
    file_hash: str | None = None,
) -> Path:
    """Return the path of a file in Keras's cache, downloading it if missing.

    This wraps ``keras.utils.get_file``: online it downloads ``origin`` once;
    offline it finds the copy already in the cache. When the file is missing
    and the download fails, it raises quickly with a message that says how to
    fix it, instead of a stack trace from a URL fetch.
    """
    import keras  # Imported here: importing TensorFlow takes seconds.

    datasets_dir = _datasets_dir(cache_dir)
    target = datasets_dir / fname
    was_cached = target.exists()
    previous_timeout = socket.getdefaulttimeout()
    socket.setdefaulttimeout(DOWNLOAD_TIMEOUT_SECONDS)
    try:
        path = keras.utils.get_file(
            fname=fname,
            origin=origin,
            cache_dir=str(datasets_dir.parent),
            cache_subdir=CACHE_SUBDIR,
            file_hash=file_hash,
        )
    except Exception as error:  # get_file raises a bare Exception on URL errors.
        # get_file downloads again when the cached copy fails its hash check.
        state = (
            "was in Keras's cache but failed its checksum (a damaged or different file)"
            if was_cached
            else "is not in Keras's cache"
        )
        raise DataUnavailableError(
            f"{fname} {state} ({target}), and downloading it from "
            f"{origin} failed: {error}\n"
            f"To fix this, either connect to the internet and run again, or copy "
            f"{fname} into {datasets_dir}/, for example with:\n"
            f"    python -m helpers.data seed path/to/folder/holding/{fname}"
        ) from None
    finally:
        socket.setdefaulttimeout(previous_timeout)
    return Path(path)


def _archive_signature(archive: Path) -> dict[str, int]:
    stat = archive.stat()
    return {"size": stat.st_size, "mtime_ns": stat.st_mtime_ns}


def _count_reviews(root: Path) -> dict[str, int]:
    counts = {}
    for folder in EXPECTED_COUNTS:
        path = root / folder
        counts[folder] = (
            sum(1 for name in os.listdir(path) if name.endswith(".txt"))
            if path.is_dir()
            else 0
        )
    return counts


def extract_imdb(archive: str | os.PathLike[str], destination: str | os.PathLike[str]) -> Path:
    """Extract the IMDb archive into ``destination/aclImdb``, all or nothing.

    The archive is unpacked into a temporary folder, its review counts are
    checked against :data:`EXPECTED_COUNTS`, and only then is the folder moved
    into place. A truncated or corrupt archive never leaves a half-extracted
    dataset behind. Extracting again is skipped while the archive is unchanged.
    """
    archive = Path(archive)
    destination = Path(destination)
    extracted = destination / EXTRACTED_NAME
    signature = _archive_signature(archive)
    marker = extracted / _MARKER
    if marker.is_file():
        try:
            if json.loads(marker.read_text()) == signature:
                return extracted
        except ValueError:
            pass  # A damaged marker: extract again.

    fix = f"Delete {archive} and run again to download a fresh copy (or copy a good one there)."
    destination.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f"{EXTRACTED_NAME}.partial-", dir=destination))
    try:
        try:
            with tarfile.open(archive, "r:*") as tar:
                if hasattr(tarfile, "data_filter"):
                    tar.extractall(staging, filter="data")
                else:  # Python < 3.11.4 has no extraction filters.
                    tar.extractall(staging)  # noqa: S202
        except (tarfile.TarError, EOFError, zlib.error, OSError) as error:
            raise CorruptArchiveError(
                f"The IMDb archive {archive} is truncated or corrupt "
                f"({type(error).__name__}: {error}). {fix}"
            ) from None
        counts = _count_reviews(staging / EXTRACTED_NAME)
        wrong = {k: v for k, v in counts.items() if v != EXPECTED_COUNTS[k]}
        if wrong:
            found = ", ".join(f"{k}: {v} (expected {EXPECTED_COUNTS[k]})" for k, v in wrong.items())
            raise CorruptArchiveError(
                f"The IMDb archive {archive} is incomplete: {found}. {fix}"
            )
        (staging / EXTRACTED_NAME / _MARKER).write_text(json.dumps(signature))
        if extracted.exists():
            shutil.rmtree(extracted)
        (staging / EXTRACTED_NAME).rename(extracted)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return extracted


def imdb_directory(cache_dir: str | os.PathLike[str] | None = None) -> Path:
    """Return the extracted ``aclImdb`` folder, downloading and extracting as needed."""
    archive = fetch_archive(ARCHIVE_NAME, IMDB_URL, cache_dir=cache_dir)
    return extract_imdb(archive, archive.parent)


def _review_files(folder: Path) -> list[Path]:
    """Files named ``<id>_<rating>.txt``, sorted by id so the order is fixed."""
    names = [name for name in os.listdir(folder) if name.endswith(".txt")]
    names.sort(key=lambda name: int(name.split("_", 1)[0]))
    return [folder / name for name in names]


def _read_texts(paths: list[Path]) -> list[str]:
    return [path.read_bytes().decode("utf-8") for path in paths]


def load_imdb(
    split: str = "train", *, cache_dir: str | os.PathLike[str] | None = None
) -> Reviews:
    """Load one official split of the IMDb reviews as raw text and labels.

    The reviews come in a fixed, shuffled order (seed :data:`SHUFFLE_SEED`), so
    that positives and negatives are mixed and any slice is balanced on
    average. In quick mode (see :mod:`helpers.config`) it returns a fixed,
    balanced subset of :data:`QUICK_PER_CLASS` reviews per class.
    """
    paths, labels = _ordered_review_files(split, cache_dir)
    return Reviews(texts=_read_texts(paths), labels=labels)


def _ordered_review_files(
    split: object, cache_dir: str | os.PathLike[str] | None
) -> tuple[list[Path], np.ndarray]:
    """The review files of a labelled split and their labels, in :func:`load_imdb`'s order."""
    if not isinstance(split, str):
        raise TypeError(f"split must be a str, got {type(split).__name__} ({split!r})")
    if split not in _SPLITS:
        raise ValueError(f"split must be 'train' or 'test', got {split!r}")
    root = imdb_directory(cache_dir) / split
    rng = np.random.default_rng(SHUFFLE_SEED)
    paths: list[Path] = []
    labels: list[int] = []
    for label, folder in ((1, "pos"), (0, "neg")):
        files = _review_files(root / folder)
        if is_quick():
            chosen = np.sort(rng.choice(len(files), size=QUICK_PER_CLASS, replace=False))
            files = [files[i] for i in chosen]
        paths.extend(files)
        labels.extend([label] * len(files))
    order = rng.permutation(len(paths))
    return [paths[i] for i in order], np.asarray(labels, dtype=np.int32)[order]


FILM_ID_REGEX = re.compile(r"/title/(tt\d+)/")
"""The IMDb film id in a review's URL, e.g. ``tt0453418`` in ``http://www.imdb.com/title/tt0453418/usercomments``."""


def load_imdb_films(split: str = "train", *, cache_dir: str | os.PathLike[str] | None = None) -> list[str]:
    """The film each review is about, in the order of :func:`load_imdb`.

    The archive lists, for every review, the IMDb page of its film
    (``urls_pos.txt`` and ``urls_neg.txt``, one line per review id). This
    returns the film's IMDb id for each review of ``load_imdb(split)``, so
    ``load_imdb_films(split)[i]`` is the film of ``load_imdb(split).texts[i]``,
    in quick mode too. A film has at most 30 reviews in a split.
    """
    paths, _ = _ordered_review_files(split, cache_dir)
    urls: dict[Path, list[str]] = {}
    films = []
    for path in paths:
        folder = path.parent
        if folder not in urls:
            url_file = folder.parent / f"urls_{folder.name}.txt"
            if not url_file.is_file():
                raise CorruptArchiveError(f"{url_file} is missing: the archive has no film URLs for {folder}")
            urls[folder] = url_file.read_text(encoding="utf-8").split()
        review_id = int(path.name.split("_", 1)[0])
        if review_id >= len(urls[folder]):
            raise CorruptArchiveError(f"{path.name} has no line in urls_{folder.name}.txt")
        match = FILM_ID_REGEX.search(urls[folder][review_id])
        if match is None:
            raise CorruptArchiveError(f"the URL of {path.name}, {urls[folder][review_id]!r}, names no film")
        films.append(match.group(1))
    return films


def load_imdb_split(
    validation_size: int, *, seed: int = 0, cache_dir: str | os.PathLike[str] | None = None
) -> FitValidation:
    """Cut the training split into fit and validation reviews about different films.

    Whole films go to validation, in a random order (``seed``), until it holds
    ``validation_size`` reviews; every other film's reviews are the fit set.
    No film, and no review text, is on both sides, so validation measures what the test
    split measures: reviews of films the model has never read about. The
    reviews that :func:`load_counterfactual_imdb` revised (and any training
    review with the same text) are left out of both, so that they stay unseen.
    Both parts keep :func:`load_imdb`'s order.
    """
    from helpers.checks import check_int

    check_int("seed", seed, 0)
    paths, labels = _ordered_review_files("train", cache_dir)
    size = check_int("validation_size", validation_size, 1)
    if size >= len(paths):
        raise ValueError(f"validation_size must be less than the {len(paths):,} training reviews, got {size:,}")
    texts = _read_texts(paths)
    films = load_imdb_films("train", cache_dir=cache_dir)
    keys = [_review_key(text) for text in texts]
    revised = {_review_key(text) for pair in load_counterfactual_imdb(cache_dir=cache_dir) for text in pair.texts}
    kept = [i for i in range(len(texts)) if keys[i] not in revised]
    # A few reviews were posted word for word under two films: such films go to the same side, with both copies.
    group = {film: film for film in films}

    def root(film: str) -> str:
        while group[film] != film:
            film = group[film]
        return film

    first_film_of: dict[str, str] = {}
    for i in kept:
        group[root(films[i])] = root(first_film_of.setdefault(keys[i], films[i]))
    reviews_of: dict[str, list[int]] = {}
    for i in kept:
        reviews_of.setdefault(root(films[i]), []).append(i)
    chosen: list[int] = []
    for film in np.random.default_rng(seed).permutation(sorted(reviews_of)):
        if len(chosen) + len(reviews_of[film]) <= size:
            chosen.extend(reviews_of[film])
        if len(chosen) == size:
            break
    in_validation = np.zeros(len(texts), dtype=bool)
    in_validation[chosen] = True
    fit = [i for i in kept if not in_validation[i]]
    validation = [i for i in kept if in_validation[i]]
    return FitValidation(
        Reviews([texts[i] for i in fit], labels[fit]), Reviews([texts[i] for i in validation], labels[validation])
    )


def _review_key(text: str) -> str:
    """A review's text in lower case with every run of non-word characters one space: how copies are matched."""
    return " ".join(re.split(r"\W+", text.lower())).strip()


def load_counterfactual_imdb(*, cache_dir: str | os.PathLike[str] | None = None) -> CounterfactualPairs:
    """Load 488 IMDb reviews, each with a minimal human revision that flips its label.

    Kaushik, Hovy and Lipton (2020) asked people to edit IMDb reviews as
    little as possible so that the sentiment flips ("not bad, just good" into
    "not good, just bad"). ``originals[i]`` and ``revisions[i]`` are a pair:
    their labels are opposite. The originals come from IMDb's training split,
    which is why :func:`load_imdb_split` leaves them out. The file is fetched
    through Keras's cache, pinned to one commit of the authors' repository.
    """
    import csv

    path = fetch_archive(COUNTERFACTUAL_NAME, COUNTERFACTUAL_URL, cache_dir=cache_dir, file_hash=COUNTERFACTUAL_SHA256)
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle, delimiter="\t"))
    if not rows or rows[0] != ["Sentiment", "Text", "batch_id"] or len(rows) % 2 == 0:
        raise CorruptArchiveError(f"{path} is not the paired counterfactual file (header or row count is wrong)")
    columns: list[list] = [[], [], [], []]
    for original, revision in zip(rows[1::2], rows[2::2]):
        if original[2] != revision[2] or original[0] == revision[0]:
            raise CorruptArchiveError(f"{path}: rows of batch {original[2]} are not a pair with opposite labels")
        for column, value in zip(columns, (original[1], original[0] == "Positive", revision[1], revision[0] == "Positive")):
            column.append(value)
    return CounterfactualPairs(
        Reviews(columns[0], np.asarray(columns[1], dtype=np.int32)),
        Reviews(columns[2], np.asarray(columns[3], dtype=np.int32)),
    )


def load_imdb_unlabelled(*, cache_dir: str | os.PathLike[str] | None = None) -> list[str]:
    """Load the 50,000 unlabelled reviews (``train/unsup``) as raw text.

    They share no review with the test split, so they are fair to use for
    unsupervised pretraining. In quick mode it returns a fixed subset of
    :data:`QUICK_UNLABELLED` reviews.
    """
    files = _review_files(imdb_directory(cache_dir) / "train" / "unsup")
    rng = np.random.default_rng(SHUFFLE_SEED)
    if is_quick():
        files = [files[i] for i in np.sort(rng.choice(len(files), QUICK_UNLABELLED, replace=False))]
    return _read_texts([files[i] for i in rng.permutation(len(files))])


def load_imdb_word_index(*, cache_dir: str | os.PathLike[str] | None = None) -> dict[str, int]:
    """Load the word index of Keras's pre-tokenized IMDb dataset.

    This is the file that ``keras.datasets.imdb.get_word_index()`` downloads,
    fetched through the same cache (and checked against the same md5), so it
    works offline once the cache holds it. Ranks start at 1 for the most
    frequent word; ``keras.datasets.imdb`` shifts them by ``index_from=3``.
    """
    path = fetch_archive(WORD_INDEX_NAME, WORD_INDEX_URL, cache_dir=cache_dir, file_hash=WORD_INDEX_MD5)
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def seed_keras_cache(
    source_dir: str | os.PathLike[str], cache_dir: str | os.PathLike[str] | None = None
) -> list[Path]:
    """Copy local copies of the data files into Keras's cache.

    Afterwards the loaders find the files there and never reach for the
    network: the same code path as online, minus the download.
    """
    source = Path(source_dir)
    datasets_dir = _datasets_dir(cache_dir)
    names = (ARCHIVE_NAME, WORD_INDEX_NAME, COUNTERFACTUAL_NAME)
    found = [source / name for name in names if (source / name).is_file()]
    if not found:
        raise FileNotFoundError(f"source_dir {source} holds none of {', '.join(names)}")
    datasets_dir.mkdir(parents=True, exist_ok=True)
    seeded = []
    for path in found:
        target = datasets_dir / path.name
        if not (target.is_file() and target.stat().st_size == path.stat().st_size):
            partial = target.with_name(target.name + ".partial")
            shutil.copyfile(path, partial)
            partial.replace(target)
        seeded.append(target)
    return seeded


def _main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m helpers.data",
        description="Prepare the IMDb data in Keras's cache.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    seed = commands.add_parser("seed", help="copy local data files into Keras's cache")
    seed.add_argument("source_dir", help="folder holding aclImdb_v1.tar.gz, imdb_word_index.json and counterfactual_imdb_test_paired.tsv")
    commands.add_parser("prepare", help="download (if needed) and extract the reviews")
    args = parser.parse_args(argv)
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")  # Before Keras imports TensorFlow.
    try:
        if args.command == "seed":
            for path in seed_keras_cache(args.source_dir):
                print(f"in Keras's cache: {path}")
        else:
            print(f"extracted reviews: {imdb_directory()}")
    except (DataUnavailableError, CorruptArchiveError, FileNotFoundError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(_main())
