"""Tests of helpers.embeddings: co-occurrence counts, PPMI and SVD word vectors."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import sparse

from helpers.embeddings import cooccurrence_counts, ppmi_matrix, svd_embeddings


def test_counts_by_hand() -> None:
    # Ids 2, 3, 4 in one review; window 2: (2,3) and (3,4) at distance 1, (2,4) at distance 2.
    counts = cooccurrence_counts([[2, 3, 4]], vocabulary_size=5, window=2).toarray()
    expected = np.zeros((5, 5), dtype=np.float32)
    for a, b, weight in ((2, 3, 1.0), (3, 4, 1.0), (2, 4, 0.5)):
        expected[a, b] += weight
        expected[b, a] += weight
    np.testing.assert_allclose(counts, expected)


def test_counts_skip_padding_unknown_words_and_review_boundaries() -> None:
    counts = cooccurrence_counts([[2, 0, 3], [4], [1, 2]], vocabulary_size=5, window=3).toarray()
    # 2 and 3 are two apart (the 0 between them is not a word but keeps its place);
    # 3 and 4 are in different reviews; 1 is [UNK] and never counted.
    assert counts[2, 3] == counts[3, 2] == pytest.approx(0.5)
    assert counts[3, 4] == 0 and counts[2, 4] == 0
    assert counts[1].sum() == 0 and counts[0].sum() == 0
    np.testing.assert_allclose(counts, counts.T)


@pytest.mark.parametrize(
    ("token_lists", "arguments", "error", "message"),
    [
        ([], {}, ValueError, "empty"),
        ("2 3 4", {}, TypeError, "list of lists"),
        (np.array([[2, 3]]), {}, TypeError, "list of lists"),
        ([[2], "3"], {}, TypeError, r"token_lists\[1\]"),
        ([[2], 3], {}, TypeError, r"token_lists\[1\]"),
        ([[2, 7]], {}, ValueError, r"\[0, 5\)"),
        ([[2, -1]], {}, ValueError, r"\[0, 5\)"),
        ([[2, 3]], {"window": 0}, ValueError, "window must be at least 1"),
        ([[2, 3]], {"window": 2.5}, TypeError, "window must be an int"),
        ([[2, 3]], {"vocabulary_size": 2}, ValueError, "vocabulary_size must be at least 3"),
    ],
)
def test_counts_refuse_bad_input(token_lists: object, arguments: dict, error: type, message: str) -> None:
    with pytest.raises(error, match=message):
        cooccurrence_counts(token_lists, **{"vocabulary_size": 5, **arguments})  # type: ignore[arg-type]


def test_ppmi_matches_the_formula() -> None:
    counts = np.array([[0.0, 4.0, 1.0], [4.0, 0.0, 2.0], [1.0, 2.0, 6.0]])
    result = ppmi_matrix(counts, context_smoothing=0.75).toarray()
    smoothed = counts.sum(axis=0) ** 0.75
    context = smoothed / smoothed.sum()
    word = counts.sum(axis=1) / counts.sum()
    with np.errstate(divide="ignore"):
        pmi = np.log(counts / counts.sum() / word[:, None] / context[None, :])
    expected = np.where(counts > 0, np.maximum(pmi, 0), 0)
    np.testing.assert_allclose(result, expected, rtol=1e-5)
    assert (result >= 0).all()


def test_ppmi_accepts_sparse_and_dense_alike() -> None:
    counts = np.array([[1.0, 3.0], [3.0, 0.0]])
    np.testing.assert_allclose(
        ppmi_matrix(counts).toarray(), ppmi_matrix(sparse.csr_matrix(counts)).toarray()
    )


@pytest.mark.parametrize(
    ("counts", "smoothing", "error", "message"),
    [
        (np.array([[1.0, -1.0], [0.0, 1.0]]), 0.75, ValueError, "non-negative"),
        (np.zeros((2, 2)), 0.75, ValueError, "sum to 0"),
        (np.ones(3), 0.75, TypeError, "2-D"),
        (np.array([["a", "b"], ["c", "d"]]), 0.75, TypeError, "2-D numeric"),
        (np.ones((2, 2)), 0, ValueError, "context_smoothing"),
        (np.ones((2, 2)), 1.5, ValueError, "context_smoothing"),
        (np.ones((2, 2)), "0.75", TypeError, "context_smoothing must be a float"),
    ],
)
def test_ppmi_refuses_bad_input(counts: np.ndarray, smoothing: object, error: type, message: str) -> None:
    with pytest.raises(error, match=message):
        ppmi_matrix(counts, context_smoothing=smoothing)  # type: ignore[arg-type]


def test_svd_embeddings_put_words_of_one_topic_together() -> None:
    # Two topics: ids 2-5 always appear together, ids 6-9 together.
    rng = np.random.default_rng(0)
    reviews = [list(rng.choice([2, 3, 4, 5], size=8)) for _ in range(200)]
    reviews += [list(rng.choice([6, 7, 8, 9], size=8)) for _ in range(200)]
    vectors = svd_embeddings(ppmi_matrix(cooccurrence_counts(reviews, 10, window=3)), dimensions=2)
    assert vectors.shape == (10, 2) and vectors.dtype == np.float32
    np.testing.assert_array_equal(vectors[:2], 0)  # padding and [UNK] never occur
    unit = vectors[2:] / np.linalg.norm(vectors[2:], axis=1, keepdims=True)
    similarity = unit @ unit.T
    assert similarity[:4, :4].min() > 0.9  # same topic
    assert np.abs(similarity[:4, 4:]).max() < 0.1  # different topics
    assert np.linalg.norm(vectors[2:], axis=1).mean() == pytest.approx(1.0, rel=1e-5)


@pytest.mark.parametrize(
    ("ppmi", "dimensions", "error", "message"),
    [
        (np.ones((3, 4)), 2, ValueError, "square"),
        (np.ones(3), 2, ValueError, "square"),
        (np.eye(3), 3, ValueError, "below the vocabulary size"),
        (np.eye(3), 0, ValueError, "dimensions must be at least 1"),
        (np.eye(3), 1.0, TypeError, "dimensions must be an int"),
    ],
)
def test_svd_embeddings_refuse_bad_input(ppmi: np.ndarray, dimensions: object, error: type, message: str) -> None:
    with pytest.raises(error, match=message):
        svd_embeddings(ppmi, dimensions)  # type: ignore[arg-type]


def test_embeddings_import_no_tensorflow() -> None:
    import subprocess
    import sys

    code = "import sys, helpers.embeddings; print('tensorflow' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip() == "False"
