"""Tests of helpers.data: loading IMDb offline and online, and failing clearly."""

from __future__ import annotations

import os
import time
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from helpers import data
from tests.conftest import TINY_COUNTS, tiny_film, write_tiny_archive


def test_load_imdb_train_split_from_tiny_archive(tiny_cache: Path) -> None:
    texts, labels = data.load_imdb("train", cache_dir=tiny_cache)
    assert len(texts) == TINY_COUNTS["train/pos"] + TINY_COUNTS["train/neg"]
    assert labels.dtype == np.int32 and labels.shape == (len(texts),)
    assert labels.sum() == TINY_COUNTS["train/pos"]
    for text, label in zip(texts, labels):
        assert ("from train/pos" in text) == (label == 1)
        assert "<br />" in text  # raw text: the markup is kept for the reader to see


def test_load_imdb_test_split_is_separate(tiny_cache: Path) -> None:
    texts, labels = data.load_imdb("test", cache_dir=tiny_cache)
    assert len(texts) == 6 and labels.sum() == 3
    assert all("from test/" in text for text in texts)


def test_load_imdb_order_is_fixed_and_mixed(tiny_cache: Path) -> None:
    first = data.load_imdb("train", cache_dir=tiny_cache)
    second = data.load_imdb("train", cache_dir=tiny_cache)
    assert first.texts == second.texts
    np.testing.assert_array_equal(first.labels, second.labels)
    assert not np.array_equal(first.labels, np.sort(first.labels)[::-1])  # not all pos, then all neg


def test_load_imdb_unlabelled(tiny_cache: Path) -> None:
    texts = data.load_imdb_unlabelled(cache_dir=tiny_cache)
    assert len(texts) == TINY_COUNTS["train/unsup"]
    assert all("from train/unsup" in text for text in texts)


def test_load_imdb_quick_mode_is_balanced_fixed_subset(
    tiny_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LSTM_BOOK_QUICK", "1")
    monkeypatch.setattr(data, "QUICK_PER_CLASS", 2)
    texts, labels = data.load_imdb("train", cache_dir=tiny_cache)
    assert len(texts) == 4 and labels.sum() == 2
    assert data.load_imdb("train", cache_dir=tiny_cache).texts == texts


def _expected_film(text: str) -> str:
    """The tiny archive's film of a review, read from its text ("Review 3 from train/pos. ...")."""
    words = text.split()
    return tiny_film(words[3].rstrip("."), int(words[1]))


@pytest.mark.parametrize("quick", [False, True])
def test_load_imdb_films_follow_load_imdb_order(tiny_cache: Path, monkeypatch: pytest.MonkeyPatch, quick: bool) -> None:
    if quick:
        monkeypatch.setenv("LSTM_BOOK_QUICK", "1")
        monkeypatch.setattr(data, "QUICK_PER_CLASS", 2)
    for split in ("train", "test"):
        texts, _ = data.load_imdb(split, cache_dir=tiny_cache)
        films = data.load_imdb_films(split, cache_dir=tiny_cache)
        assert films == [_expected_film(text) for text in texts]
    if not quick:  # two reviews per film, and a positive and a negative review can share a film
        assert set(data.load_imdb_films("train", cache_dir=tiny_cache)) == {"tt7000000", "tt7000001"}


def test_load_imdb_films_missing_or_bad_urls(tiny_cache: Path) -> None:
    data.load_imdb("train", cache_dir=tiny_cache)  # extracts the archive
    url_file = data.imdb_directory(tiny_cache) / "train" / "urls_neg.txt"
    url_file.write_text("http://www.imdb.com/title/tt7000000/usercomments\n")  # only review id 0
    with pytest.raises(data.CorruptArchiveError, match="has no line in urls_neg.txt"):
        data.load_imdb_films("train", cache_dir=tiny_cache)
    url_file.write_text("http://www.example.com/no-film\n" * 4)
    with pytest.raises(data.CorruptArchiveError, match="names no film"):
        data.load_imdb_films("train", cache_dir=tiny_cache)
    url_file.unlink()
    with pytest.raises(data.CorruptArchiveError, match="urls_neg.txt is missing"):
        data.load_imdb_films("train", cache_dir=tiny_cache)
    with pytest.raises(ValueError, match="split must be 'train' or 'test'"):
        data.load_imdb_films("unsup", cache_dir=tiny_cache)


def test_load_imdb_split_keeps_films_apart_and_holds_out_revised_reviews(tiny_cache: Path) -> None:
    texts, labels = data.load_imdb("train", cache_dir=tiny_cache)
    films = dict(zip(texts, data.load_imdb_films("train", cache_dir=tiny_cache)))
    for seed in range(6):
        # Two films of four reviews each; one review of the first was revised, so it is held out.
        fit, validation = data.load_imdb_split(3, seed=seed, cache_dir=tiny_cache)
        assert (len(fit.texts), len(validation.texts)) == (4, 3)
        assert data.load_counterfactual_imdb(cache_dir=tiny_cache).originals.texts[0] not in fit.texts + validation.texts
        assert not {films[text] for text in fit.texts} & {films[text] for text in validation.texts}
        for part in (fit, validation):
            assert [labels[texts.index(text)] for text in part.texts] == list(part.labels)
            assert sorted(part.texts, key=texts.index) == part.texts  # load_imdb's order
    again = data.load_imdb_split(3, seed=5, cache_dir=tiny_cache)
    assert again.fit.texts == fit.texts and again.validation.texts == validation.texts


@pytest.mark.parametrize(
    ("arguments", "error", "message"),
    [
        ({"validation_size": 0}, ValueError, "validation_size must be at least 1, got 0"),
        ({"validation_size": 8}, ValueError, "validation_size must be less than the 8 training reviews, got 8"),
        ({"validation_size": 2.0}, TypeError, "validation_size must be an int, got float"),
        ({"validation_size": 2, "seed": "0"}, TypeError, "seed must be an int, got str"),
    ],
)
def test_load_imdb_split_bad_arguments(tiny_cache: Path, arguments: dict, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        data.load_imdb_split(**arguments, cache_dir=tiny_cache)


def test_load_counterfactual_imdb_pairs(tiny_cache: Path) -> None:
    originals, revisions = data.load_counterfactual_imdb(cache_dir=tiny_cache)
    assert originals.texts == ["Review 0 from train/pos. <br />It has a comma, and CAPITALS!", "Not good, just bad."]
    assert list(originals.labels) == [1, 0] and list(revisions.labels) == [0, 1]
    assert revisions.texts[1] == "Not bad, just good."


def test_load_counterfactual_imdb_rejects_a_file_that_is_not_paired(tiny_cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import hashlib

    path = tiny_cache / "datasets" / data.COUNTERFACTUAL_NAME
    path.write_text("Sentiment\tText\tbatch_id\nPositive\tGood.\t1\nPositive\tFine.\t1\n", encoding="utf-8")
    monkeypatch.setattr(data, "COUNTERFACTUAL_SHA256", hashlib.sha256(path.read_bytes()).hexdigest())
    with pytest.raises(data.CorruptArchiveError, match="are not a pair with opposite labels"):
        data.load_counterfactual_imdb(cache_dir=tiny_cache)


@pytest.mark.parametrize(
    ("split", "error", "message"),
    [
        (1, TypeError, "split must be a str, got int"),
        (None, TypeError, "split must be a str, got NoneType"),
        ("validation", ValueError, "split must be 'train' or 'test', got 'validation'"),
        ("unsup", ValueError, "split must be 'train' or 'test', got 'unsup'"),
    ],
)
def test_load_imdb_bad_split(split: object, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        data.load_imdb(split)  # type: ignore[arg-type]


def test_load_imdb_bad_cache_dir_type() -> None:
    with pytest.raises(TypeError, match="cache_dir must be a path"):
        data.load_imdb("train", cache_dir=3)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9/aclImdb_v1.tar.gz",  # nothing listens: connection refused
        "http://imdb-archive.invalid/aclImdb_v1.tar.gz",  # a host that cannot resolve
    ],
)
def test_missing_data_without_network_fails_fast_and_clearly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, url: str
) -> None:
    monkeypatch.setattr(data, "IMDB_URL", url)
    start = time.perf_counter()
    with pytest.raises(data.DataUnavailableError) as raised:
        data.load_imdb("train", cache_dir=tmp_path)
    assert time.perf_counter() - start < 10
    message = str(raised.value)
    assert str(tmp_path / "datasets" / data.ARCHIVE_NAME) in message  # where it is expected
    assert url in message  # where it was fetched from
    assert "python -m helpers.data seed" in message  # how to fix it
    assert not (tmp_path / "datasets" / data.ARCHIVE_NAME).exists()


def test_damaged_cached_word_index_without_network_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(data, "WORD_INDEX_URL", "http://127.0.0.1:9/imdb_word_index.json")
    cached = tmp_path / data.CACHE_SUBDIR / data.WORD_INDEX_NAME
    cached.parent.mkdir(parents=True)
    cached.write_text('{"the": 1}')  # present, but not the file whose checksum the loader expects
    with pytest.raises(data.DataUnavailableError, match="was in Keras's cache but failed its checksum"):
        data.load_imdb_word_index(cache_dir=tmp_path)


def test_truncated_archive_raises_and_leaves_no_half_dataset(
    tmp_path: Path, tiny_counts: dict[str, int]
) -> None:
    complete = write_tiny_archive(tmp_path / "complete.tar.gz")
    datasets = tmp_path / "keras" / "datasets"
    datasets.mkdir(parents=True)
    archive = datasets / data.ARCHIVE_NAME
    archive.write_bytes(complete.read_bytes()[: complete.stat().st_size // 2])
    with pytest.raises(data.CorruptArchiveError, match="truncated or corrupt") as raised:
        data.load_imdb("train", cache_dir=tmp_path / "keras")
    assert f"Delete {archive}" in str(raised.value)
    assert sorted(p.name for p in datasets.iterdir()) == [data.ARCHIVE_NAME]  # nothing extracted


def test_garbage_archive_raises(tmp_path: Path) -> None:
    datasets = tmp_path / "datasets"
    datasets.mkdir()
    (datasets / data.ARCHIVE_NAME).write_bytes(b"<html>404 Not Found</html>")
    with pytest.raises(data.CorruptArchiveError, match="truncated or corrupt"):
        data.load_imdb("test", cache_dir=tmp_path)


def test_archive_missing_reviews_raises_incomplete(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tiny_counts: dict[str, int]
) -> None:
    monkeypatch.setitem(data.EXPECTED_COUNTS, "test/neg", 12_500)
    archive = write_tiny_archive(tmp_path / data.ARCHIVE_NAME)
    with pytest.raises(data.CorruptArchiveError, match=r"incomplete: test/neg: 3 \(expected 12500\)"):
        data.extract_imdb(archive, tmp_path / "out")
    assert not (tmp_path / "out" / data.EXTRACTED_NAME).exists()


def test_extract_imdb_skips_unchanged_archive_and_redoes_changed(
    tmp_path: Path, tiny_counts: dict[str, int]
) -> None:
    archive = write_tiny_archive(tmp_path / data.ARCHIVE_NAME)
    extracted = data.extract_imdb(archive, tmp_path / "out")
    sentinel = extracted / "train" / "pos" / "sentinel"
    sentinel.write_text("kept while the archive is unchanged")
    assert data.extract_imdb(archive, tmp_path / "out") == extracted
    assert sentinel.exists()
    os.utime(archive, ns=(0, 0))  # the archive was replaced
    data.extract_imdb(archive, tmp_path / "out")
    assert not sentinel.exists()


def test_seed_keras_cache_copies_and_is_idempotent(tmp_path: Path) -> None:
    source = tmp_path / "shared"
    source.mkdir()
    write_tiny_archive(source / data.ARCHIVE_NAME)
    (source / data.WORD_INDEX_NAME).write_text('{"the": 1}')
    seeded = data.seed_keras_cache(source, cache_dir=tmp_path / "keras")
    assert [p.name for p in seeded] == [data.ARCHIVE_NAME, data.WORD_INDEX_NAME]
    assert all(p.read_bytes() == (source / p.name).read_bytes() for p in seeded)
    assert data.seed_keras_cache(source, cache_dir=tmp_path / "keras") == seeded


def test_seed_keras_cache_without_files_raises(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="holds none of aclImdb_v1.tar.gz, imdb_word_index.json, counterfactual"):
        data.seed_keras_cache(tmp_path)


def test_keras_cache_dir_follows_keras_home(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("KERAS_HOME", str(tmp_path))
    assert data.keras_cache_dir() == tmp_path
    monkeypatch.delenv("KERAS_HOME")
    assert data.keras_cache_dir() == Path.home() / ".keras"


@pytest.mark.slow
def test_real_imdb_splits_and_counts(real_cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LSTM_BOOK_QUICK", raising=False)
    train = data.load_imdb("train")
    test = data.load_imdb("test")
    assert len(train.texts) == len(test.texts) == 25_000
    assert train.labels.sum() == test.labels.sum() == 12_500
    assert all(isinstance(t, str) and t for t in train.texts[:100])
    assert len(data.load_imdb_unlabelled()) == 50_000


@pytest.mark.slow
def test_real_imdb_quick_subset(real_cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LSTM_BOOK_QUICK", "1")
    texts, labels = data.load_imdb("test")
    assert len(texts) == 2 * data.QUICK_PER_CLASS
    assert labels.sum() == data.QUICK_PER_CLASS


def test_real_imdb_films(real_cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LSTM_BOOK_QUICK", raising=False)
    train_films = data.load_imdb_films("train")
    test_films = data.load_imdb_films("test")
    assert len(train_films) == len(test_films) == 25_000
    assert (len(set(train_films)), len(set(test_films))) == (3456, 3581)
    assert len(set(train_films) & set(test_films)) == 1  # the splits are (almost) disjoint in films
    assert max(Counter(train_films).values()) == 30


def test_real_word_index(real_cache: Path) -> None:
    word_index = data.load_imdb_word_index()
    assert len(word_index) == 88_584
    assert word_index["the"] == 1
    assert sorted(word_index.values()) == list(range(1, 88_585))


def test_real_imdb_split_by_film(real_cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LSTM_BOOK_QUICK", raising=False)
    fit, validation = data.load_imdb_split(5_000)
    assert (len(fit.texts), len(validation.texts)) == (19_509, 5_000)  # 491 training reviews share a revised text
    texts = data.load_imdb("train").texts
    films_of: dict[str, set[str]] = {}
    for text, film in zip(texts, data.load_imdb_films("train")):
        films_of.setdefault(text, set()).add(film)
    fit_films = set().union(*(films_of[text] for text in fit.texts))
    assert not fit_films & set().union(*(films_of[text] for text in validation.texts))
    assert not set(fit.texts) & set(validation.texts)
    pairs = data.load_counterfactual_imdb()
    assert len(pairs.originals.texts) == len(pairs.revisions.texts) == 488
    assert (pairs.originals.labels != pairs.revisions.labels).all()
    assert not set(pairs.originals.texts) & (set(fit.texts) | set(validation.texts))
