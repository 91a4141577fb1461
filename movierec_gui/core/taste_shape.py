"""The shape of a taste, read from the history (issue 12, round ten).

* ``tightness``: how close the liked films sit to each other (their weighted mean pairwise cosine).
  A narrow, tightly clustered taste (realistic spaceflight, surfing films) is served best by the films
  nearest that cluster; broad catalog terms (renown, genre, acclaim) pull it towards the famous
  neighbours of the cluster's genre (space fantasy for the spaceflight viewer).
* ``ramp``: 0 below ``low``, 1 above ``high``, linear between (how strongly a shape holds).
* ``fame_percentile``: the liked films' weighted mean fame percentile in the catalog (1 = most famous).
  A broad history of famous films is a mainstream viewer: popularity orders their list well.
* ``whole_form``: a form facet every liked film has (all documentaries, all silent): films without
  it are pushed by its share, so a music-documentary viewer gets documentaries, not musicals.
"""

from __future__ import annotations

import numpy as np

from .form import FORM_GENRES, Facets

#: Form facets ``whole_form`` reads: how a film is made, not where (languages have ``off_language``).
WHOLE_FORM_FACETS = frozenset({*(f"genre:{g}" for g in FORM_GENRES), "silent"})


def tightness(pair_sims: np.ndarray, weights: np.ndarray) -> float:
    """The weighted mean cosine between different liked films (``pair_sims``: their square cosine
    matrix, ``weights`` ≥ 0); 0 with fewer than two films."""
    n = len(weights)
    if n < 2:
        return 0.0
    w = np.asarray(weights, dtype=np.float64)
    pw = np.outer(w, w)
    np.fill_diagonal(pw, 0.0)
    total = float(pw.sum())
    return float((pw * pair_sims).sum() / total) if total > 0 else 0.0


def ramp(value: float, low: float, high: float) -> float:
    """0 at or below ``low``, 1 at or above ``high``, linear between (a step at ``low`` when equal)."""
    if high <= low:
        return float(value >= low)
    return float(min(1.0, max(0.0, (value - low) / (high - low))))


def fame_percentile(fame: np.ndarray) -> np.ndarray:
    """0–1 per film: its rank by fame (ties share the lower rank), 1 for the most famous."""
    n = len(fame)
    if n < 2:
        return np.ones(n, dtype=np.float32)
    order = np.sort(fame)
    out: np.ndarray = (np.searchsorted(order, fame, side="left") / (n - 1)).astype(np.float32)
    return out


def whole_form(facets: Facets, rows: np.ndarray, weights: np.ndarray, min_share: float) -> np.ndarray:
    """0–1 per film: the largest liked-film share of a form facet (``WHOLE_FORM_FACETS``) held by at
    least ``min_share`` of the liked films (weighted) and by three or more of them, for films without
    that facet; 0 otherwise (and for every film when no form is shared so widely)."""
    out = np.zeros(facets.matrix.shape[0], dtype=np.float32)
    cols = np.array([j for j, f in enumerate(facets.names) if f in WHOLE_FORM_FACETS], dtype=np.int64)
    w = np.asarray(weights, dtype=np.float64)
    if not len(cols) or len(rows) < 3 or w.sum() <= 0:
        return out
    held = facets.matrix[np.ix_(np.asarray(rows), cols)]
    share = (w @ held) / float(w.sum())
    count = held[np.asarray(weights) > 0].sum(axis=0)
    for k, j in enumerate(cols.tolist()):
        if share[k] >= min_share and count[k] >= 3:
            lacking = facets.matrix[:, j] == 0
            out[lacking] = np.maximum(out[lacking], np.float32(share[k]))
    return out
