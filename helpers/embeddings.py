"""Word vectors from unlabelled text, NumPy and SciPy only: co-occurrence counts, PPMI and a truncated SVD (chapter 7)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy import sparse

from helpers.checks import check_int


def _flat_ids_with_gaps(token_lists: Sequence[Sequence[int]], gap: int) -> np.ndarray:
    """All reviews in one array, each followed by ``gap`` zeros so windows never cross reviews."""
    if isinstance(token_lists, (str, bytes, np.ndarray)) or not isinstance(token_lists, Sequence):
        raise TypeError(
            f"token_lists must be a list of lists of token ids, got {type(token_lists).__name__}"
        )
    if len(token_lists) == 0:
        raise ValueError("token_lists is empty: there is nothing to count")
    pieces = []
    padding = np.zeros(gap, dtype=np.int64)
    for position, tokens in enumerate(token_lists):
        if isinstance(tokens, (str, bytes)) or not isinstance(tokens, (Sequence, np.ndarray)):
            raise TypeError(f"token_lists[{position}] must be a list of token ids, got {type(tokens).__name__}")
        pieces.append(np.asarray(tokens, dtype=np.int64).reshape(-1))
        pieces.append(padding)
    return np.concatenate(pieces)


def cooccurrence_counts(
    token_lists: Sequence[Sequence[int]], vocabulary_size: int, window: int = 5
) -> sparse.csr_matrix:
    """Symmetric sparse counts of word ids at most ``window`` apart, each pair weighted 1 / distance; ids 0 and 1 and review boundaries skipped."""
    vocabulary_size = check_int("vocabulary_size", vocabulary_size, 3)
    window = check_int("window", window, 1)
    flat = _flat_ids_with_gaps(token_lists, window)
    if flat.size and (flat.min() < 0 or flat.max() >= vocabulary_size):
        raise ValueError(
            f"token ids must be in [0, {vocabulary_size}), found {int(flat.min())} to {int(flat.max())}"
        )
    rows, columns, weights = [], [], []
    for distance in range(1, window + 1):
        left, right = flat[:-distance], flat[distance:]
        keep = (left > 1) & (right > 1)
        rows.append(left[keep])
        columns.append(right[keep])
        weights.append(np.full(int(keep.sum()), 1.0 / distance, dtype=np.float32))
    shape = (vocabulary_size, vocabulary_size)
    row_ids, column_ids, values = np.concatenate(rows), np.concatenate(columns), np.concatenate(weights)
    # coo -> csr adds up repeated (row, column) pairs.
    counts = sparse.coo_matrix((values, (row_ids, column_ids)), shape=shape).tocsr()
    return (counts + counts.T).tocsr()


def ppmi_matrix(counts: sparse.spmatrix | np.ndarray, context_smoothing: float = 0.75) -> sparse.csr_matrix:
    """Positive PMI of a count matrix, ``max(0, log P(w, c) / (P(w) P_a(c)))``, context counts raised to ``context_smoothing``."""
    if isinstance(context_smoothing, bool) or not isinstance(context_smoothing, (int, float)):
        raise TypeError(f"context_smoothing must be a float, got {type(context_smoothing).__name__}")
    if not 0 < context_smoothing <= 1:
        raise ValueError(f"context_smoothing must be in (0, 1], got {context_smoothing}")
    if sparse.issparse(counts):
        matrix = sparse.csr_matrix(counts, dtype=np.float64)
    else:
        dense = np.asarray(counts)
        if dense.ndim != 2 or not np.issubdtype(dense.dtype, np.number):
            raise TypeError(
                f"counts must be a 2-D numeric matrix, got shape {dense.shape} and dtype {dense.dtype}"
            )
        matrix = sparse.csr_matrix(dense.astype(np.float64))
    matrix.eliminate_zeros()
    if matrix.nnz and matrix.data.min() < 0:
        raise ValueError("counts must be non-negative")
    total = float(matrix.sum())
    if total == 0:
        raise ValueError("counts sum to 0: there is no co-occurrence to measure")
    word_counts = np.asarray(matrix.sum(axis=1)).reshape(-1)
    smoothed = np.asarray(matrix.sum(axis=0)).reshape(-1) ** context_smoothing
    coo = matrix.tocoo()
    # log P(w, c) - log P(w) - log P_a(c), only where the pair occurred (so no log of 0).
    pmi = (
        np.log(coo.data)
        - np.log(word_counts[coo.row])
        - np.log(smoothed[coo.col] / smoothed.sum())
    )
    keep = pmi > 0
    result = sparse.coo_matrix(
        (pmi[keep].astype(np.float32), (coo.row[keep], coo.col[keep])), shape=matrix.shape
    )
    return result.tocsr()


def svd_embeddings(ppmi: np.ndarray, dimensions: int, seed: int = 0) -> np.ndarray:
    """Word vectors ``U sqrt(S)`` of a randomized truncated SVD of ``ppmi``, scaled to mean length 1; unseen words get 0."""
    from sklearn.utils.extmath import randomized_svd  # imported here: only this function needs it

    matrix = sparse.csr_matrix(ppmi, dtype=np.float32) if sparse.issparse(ppmi) else np.asarray(ppmi, np.float32)
    if matrix.ndim != 2 or matrix.shape[0] != matrix.shape[1]:
        raise ValueError(f"ppmi must be a square matrix, got shape {matrix.shape}")
    dimensions = check_int("dimensions", dimensions, 1)
    if dimensions >= matrix.shape[0]:
        raise ValueError(f"dimensions must be below the vocabulary size {matrix.shape[0]}, got {dimensions}")
    u, s, _ = randomized_svd(matrix, n_components=dimensions, n_iter=4, random_state=seed)
    vectors = (u * np.sqrt(s)).astype(np.float32)
    # A word with no PPMI at all (padding, [UNK], a word never seen) gets exactly 0, not round-off.
    row_sums = np.asarray(abs(matrix).sum(axis=1)).reshape(-1)
    vectors[row_sums == 0] = 0
    lengths = np.linalg.norm(vectors, axis=1)
    mean_length = lengths[lengths > 0].mean() if (lengths > 0).any() else 1.0
    return vectors / np.float32(mean_length)
