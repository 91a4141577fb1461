"""The shape of a taste, read from the history (issue 12, round ten).

* ``tightness``: how close the liked films sit to each other (their weighted mean pairwise cosine).
  A narrow, tightly clustered taste (realistic spaceflight, surfing films) is served best by the films
  nearest that cluster; broad catalog terms (renown, genre, acclaim) pull it towards the famous
  neighbours of the cluster's genre (space fantasy for the spaceflight viewer).
* ``ramp``: 0 below ``low``, 1 above ``high``, linear between (how strongly a shape holds).
* ``fame_percentile``: each film's fame rank in the catalog (1 = most famous); the liked films' mean of it.
  A broad history of famous films is a mainstream viewer: popularity orders their list well.
* ``hard_edged``: films tagged with graphic violence, drugs or gangland; pushed for a broad
  mainstream viewer none of whose liked films is such a film (acclaimed or not: *Trainspotting* and
  *Unforgiven* for the viewer of *Forrest Gump* and *The Notebook*).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np


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


#: Tag words of hard-edged films (graphic violence, drugs, gangland): a broad mainstream viewer who
#: liked none of them is not served by them however acclaimed (read by ``hard_edged``).
HARD_WORDS = ("violen", "gore", "gory", "heroin", "cocaine", "drug", "hitman", "hitmen", "torture", "serial kill",
              "rape", "mafia", "gangster", "splatter", "massacre", "brutal")


_HARD = re.compile("|".join(re.escape(w) for w in HARD_WORDS))


def hard_edged(keywords: Sequence[Sequence[str]]) -> np.ndarray:
    """0/1 per film of ``keywords`` (its tags): one of its tags holds a ``HARD_WORDS`` stem."""
    return np.array([any(_HARD.search(tag.casefold()) for tag in tags) for tags in keywords], dtype=np.float32)
