"""Word vectors learned from unlabelled text: PPMI and a truncated SVD.

Chapter 7 (Making LSTMs better and faster) starts its best LSTM from word
vectors learned on the 50,000 unlabelled IMDb reviews plus the training
reviews, never the test reviews. The method is the count-based one of
Levy, Goldberg and Dagan (2015): count which words occur near which, turn the
counts into positive pointwise mutual information (PPMI), and keep the top
singular directions of that matrix. It needs no training loop and runs in
about a minute on a 2-core CPU.

- :func:`cooccurrence_counts`: the word-by-context count matrix;
- :func:`ppmi_matrix`: counts to PPMI, with context-distribution smoothing;
- :func:`svd_embeddings`: PPMI to dense vectors, one row per word id.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy import sparse

from helpers.text import _check_int


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
    """Count how often each word id occurs within ``window`` tokens of each other.

    A pair ``distance`` tokens apart adds ``1 / distance`` (nearer words say
    more about each other), in both directions, so the matrix is symmetric.
    Ids 0 (padding) and 1 (``[UNK]``, the vectorizer's unknown word) are
    neither counted nor counted as context; windows never cross from one
    review into the next. Most word pairs never meet, so the counts are kept
    in a sparse matrix.

    Parameters
    ----------
    token_lists : sequence of sequences of int
        One list of token ids per text, each id in ``[0, vocabulary_size)``.
    vocabulary_size : int
        Number of ids (rows and columns of the result).
    window : int, default 5
        Largest distance counted.

    Returns
    -------
    scipy.sparse.csr_matrix
        float32 counts of shape ``(vocabulary_size, vocabulary_size)``.

    Raises
    ------
    TypeError
        If ``token_lists`` is not a list of lists, or a size is not an int.
    ValueError
        If ``token_lists`` is empty, a size is too small, or an id is outside
        ``[0, vocabulary_size)``.
    """
    vocabulary_size = _check_int("vocabulary_size", vocabulary_size, 3)
    window = _check_int("window", window, 1)
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
    """Positive pointwise mutual information of a word-by-context count matrix.

    ``PMI(w, c) = log P(w, c) / (P(w) P_a(c))``, where ``P_a`` raises the
    context counts to the power ``context_smoothing`` before normalising
    (Levy et al., 2015), which keeps rare contexts from getting huge PMI.
    Negative values and cells with no count become 0.

    Parameters
    ----------
    counts : scipy.sparse matrix or numpy.ndarray
        Non-negative counts, shape ``(words, contexts)``.
    context_smoothing : float, default 0.75
        Exponent in ``(0, 1]`` applied to the context counts; 1 is plain PMI.

    Returns
    -------
    scipy.sparse.csr_matrix
        float32 PPMI values, the same shape as ``counts``.

    Raises
    ------
    TypeError
        If ``counts`` is not a 2-D numeric matrix, or ``context_smoothing`` not a number.
    ValueError
        If ``counts`` has negative values or sums to 0, or the exponent is
        outside ``(0, 1]``.
    """
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
    """Dense word vectors from a PPMI matrix: the top singular directions.

    With ``ppmi ≈ U S Vᵀ`` truncated to ``dimensions`` singular values, each
    word's vector is its row of ``U sqrt(S)`` (Levy et al., 2015 found the
    square root works better than ``S`` itself). The vectors are then scaled
    so their mean length is 1. A randomized SVD (Halko et al., 2011) keeps
    this fast for a 20,000-word vocabulary.

    Parameters
    ----------
    ppmi : scipy.sparse matrix or numpy.ndarray
        Square PPMI matrix, ``(vocabulary_size, vocabulary_size)``.
    dimensions : int
        Length of each vector; below ``vocabulary_size``.
    seed : int, default 0
        Seed of the randomized SVD.

    Returns
    -------
    numpy.ndarray
        float32 vectors of shape ``(vocabulary_size, dimensions)``. Rows of
        words that never occurred (padding, ``[UNK]``) are 0.

    Raises
    ------
    ValueError
        If ``ppmi`` is not square or ``dimensions`` is not below its size.
    """
    from sklearn.utils.extmath import randomized_svd  # imported here: only this function needs it

    matrix = sparse.csr_matrix(ppmi, dtype=np.float32) if sparse.issparse(ppmi) else np.asarray(ppmi, np.float32)
    if matrix.ndim != 2 or matrix.shape[0] != matrix.shape[1]:
        raise ValueError(f"ppmi must be a square matrix, got shape {matrix.shape}")
    dimensions = _check_int("dimensions", dimensions, 1)
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
