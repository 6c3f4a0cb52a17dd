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


def test_counts_reject_bad_input() -> None:
    with pytest.raises(ValueError, match="empty"):
        cooccurrence_counts([], 5)
    with pytest.raises(TypeError, match="list of lists"):
        cooccurrence_counts("2 3 4", 5)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"token_lists\[1\]"):
        cooccurrence_counts([[2], "3"], 5)  # type: ignore[list-item]
    with pytest.raises(ValueError, match=r"\[0, 5\)"):
        cooccurrence_counts([[2, 7]], 5)
    with pytest.raises(ValueError, match="window"):
        cooccurrence_counts([[2, 3]], 5, window=0)


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


def test_ppmi_rejects_bad_input() -> None:
    with pytest.raises(ValueError, match="non-negative"):
        ppmi_matrix(np.array([[1.0, -1.0], [0.0, 1.0]]))
    with pytest.raises(ValueError, match="sum to 0"):
        ppmi_matrix(np.zeros((2, 2)))
    with pytest.raises(TypeError, match="2-D"):
        ppmi_matrix(np.ones(3))
    with pytest.raises(ValueError, match="context_smoothing"):
        ppmi_matrix(np.ones((2, 2)), context_smoothing=0)


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


def test_svd_embeddings_reject_bad_shapes() -> None:
    with pytest.raises(ValueError, match="square"):
        svd_embeddings(np.ones((3, 4)), 2)
    with pytest.raises(ValueError, match="below the vocabulary size"):
        svd_embeddings(np.eye(3), 3)
