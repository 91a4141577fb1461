"""Beyond-accuracy measures of recommendation lists: what people feel, not only hits.

Each function takes ``lists``, the top-k catalog rows of each user (one int array per
user, best first):

* ``personalization``: 1 − the mean Jaccard overlap of two different users' lists
  (1.0 = nobody shares a film, 0.0 = everyone gets the same list);
* ``coverage``: the share of the catalog that appears in any list;
* ``popularity_percentile``: the mean popularity percentile of recommended films (1.0 =
  the most popular film of the catalog, 0.0 = the least; ties share their mean rank);
* ``intra_list_similarity``: the mean cosine between two films of the same list (lower =
  more varied lists).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def _clean(lists: Sequence[np.ndarray], k: int) -> list[np.ndarray]:
    return [np.unique(np.asarray(rows, dtype=np.int64)[:k]) for rows in lists]


def personalization(lists: Sequence[np.ndarray], n_items: int, k: int = 10) -> float:
    """1 − mean pairwise Jaccard overlap between different users' top-k lists."""
    sets = [s for s in _clean(lists, k) if len(s)]
    n = len(sets)
    if n < 2:
        return 1.0
    onehot = np.zeros((n, max(n_items, 1)), dtype=np.float32)
    for i, s in enumerate(sets):
        onehot[i, s] = 1.0
    inter = (onehot @ onehot.T).astype(np.float64)
    sizes = np.array([len(s) for s in sets], dtype=np.float64)
    union = sizes[:, None] + sizes[None, :] - inter
    jac = inter / np.maximum(union, 1.0)
    upper = np.triu_indices(n, 1)
    return float(1.0 - jac[upper].mean())


def coverage(lists: Sequence[np.ndarray], n_items: int, k: int = 10) -> float:
    """Share of the catalog's ``n_items`` films recommended to anyone."""
    if n_items <= 0:
        return 0.0
    seen = np.unique(np.concatenate([np.asarray(r, dtype=np.int64)[:k] for r in lists] or [np.empty(0, np.int64)]))
    return float(len(seen) / n_items)


def popularity_percentiles(popularity: np.ndarray) -> np.ndarray:
    """Each film's percentile by popularity, 0 (least) … 1 (most); ties share their mean rank."""
    pop = np.asarray(popularity, dtype=np.float64)
    n = len(pop)
    if n <= 1:
        return np.ones(n)
    order = np.argsort(pop, kind="stable")
    ranks = np.empty(n, dtype=np.float64)
    ranks[order] = np.arange(n, dtype=np.float64)
    _, inverse = np.unique(pop, return_inverse=True)
    mean_rank = np.bincount(inverse, weights=ranks) / np.bincount(inverse)
    out: np.ndarray = mean_rank[inverse] / (n - 1)
    return out


def popularity_percentile(lists: Sequence[np.ndarray], popularity: np.ndarray, k: int = 10) -> float:
    """Mean popularity percentile of every recommended film (each list counted film by film)."""
    pct = popularity_percentiles(popularity)
    picked = [np.asarray(r, dtype=np.int64)[:k] for r in lists]
    allrows = np.concatenate(picked) if picked else np.empty(0, dtype=np.int64)
    return float(pct[allrows].mean()) if len(allrows) else 0.0


def intra_list_similarity(lists: Sequence[np.ndarray], matrix: np.ndarray, k: int = 10) -> float:
    """Mean cosine between two different films of one list, averaged over lists (unit rows)."""
    values = []
    for rows in lists:
        rows = np.asarray(rows, dtype=np.int64)[:k]
        if len(rows) < 2:
            continue
        v = matrix[rows]
        sims = v @ v.T
        upper = np.triu_indices(len(rows), 1)
        values.append(float(sims[upper].mean()))
    return float(np.mean(values)) if values else 0.0
