"""A taste in themes: the catalog's theme tags (keywords) that the liked films share.

"heist", "trial", "christmas", "ballet": a theme most of a person's favourites carry says
what their plots only hint at. Tags are read word by word (catalogs spell one theme many
ways: "prison", "prison escape", "turkish prison"), common filler words aside. Words are
many and sparse, so the index maps each to its rows (no dense matrix); a person's themes
are the words at least ``min_liked`` liked films' tags hold, lifted by how much more often
those films carry them than the catalog does.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

_WORD = re.compile(r"[a-z][a-z'-]{3,}")
_PLAIN = frozenset("based with from into their about after before over under woman women director film films movie "
                   "story life love relationship friendship family young small".split())


class ThemeIndex:
    """Rows per theme word (lower-cased), for the tags of ``keywords`` (row ``i``: film ``i``'s tags)."""

    def __init__(self, keywords: Sequence[Sequence[str]]) -> None:
        rows: dict[str, list[int]] = {}
        self.row_tags: list[tuple[str, ...]] = []
        for i, tags in enumerate(keywords):
            # by word: "prison escape", "turkish prison", "prison guard" all say "prison"
            own = tuple(dict.fromkeys(w for t in tags for w in _WORD.findall(t.casefold()) if w not in _PLAIN))
            self.row_tags.append(own)
            for t in own:
                rows.setdefault(t, []).append(i)
        self.rows = {t: np.array(r, dtype=np.int64) for t, r in rows.items()}
        self.n_rows = len(keywords)

    def affinity(
        self, liked: np.ndarray, weights: np.ndarray, min_liked: int = 2, min_share: float = 0.2
    ) -> np.ndarray:
        """0–1 per row: the summed lift of the themes it shares with the liked films (capped at 1).
        A theme counts when at least ``min_liked`` liked films and a ``min_share`` (weighted) of
        them carry it; its lift is that share minus its share of the catalog."""
        out = np.zeros(self.n_rows, dtype=np.float32)
        total = float(weights.sum())
        if len(liked) == 0 or total <= 0 or self.n_rows == 0:
            return out
        count: dict[str, int] = {}
        weight: dict[str, float] = {}
        for row, w in zip(np.asarray(liked).tolist(), np.asarray(weights, dtype=np.float64).tolist(), strict=True):
            for t in self.row_tags[row]:
                count[t] = count.get(t, 0) + 1
                weight[t] = weight.get(t, 0.0) + w
        for t, c in count.items():
            share = weight[t] / total
            if c < min_liked or share < min_share:
                continue
            lift = share - len(self.rows[t]) / self.n_rows
            if lift > 0:
                out[self.rows[t]] += np.float32(lift)
        np.minimum(out, 1.0, out=out)
        return out
