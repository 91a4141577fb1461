"""Directors in an item space: which rows are by whom, and a taste for a director.

A history where several liked films share a director says something no plot vector
holds (a Coen or Wes Anderson fan is poorly served by plot neighbours of their films);
the catalog's director facts carry it. Rows without directors (catalogs imported
without credits) simply get nothing.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


class DirectorIndex:
    """Every (row, director) pair of a catalog, directors numbered by casefolded name."""

    def __init__(self, directors: Sequence[Sequence[str]]) -> None:
        self.number: dict[str, int] = {}
        pairs = [(i, self.number.setdefault(d.casefold(), len(self.number)))
                 for i, ds in enumerate(directors) for d in ds]
        flat = np.array(pairs, dtype=np.int64).reshape(-1, 2)
        self.rows, self.ids = flat[:, 0], flat[:, 1]
        self.n_rows = len(directors)

    def rows_by(self, names: set[str]) -> np.ndarray:
        """Boolean per row: a film by one of ``names`` (case-insensitive)."""
        out = np.zeros(self.n_rows, dtype=bool)
        wanted = [self.number[k] for k in {name.casefold() for name in names} if k in self.number]
        out[self.rows[np.isin(self.ids, wanted)]] = True
        return out

    def affinity(self, liked: np.ndarray, full_at: float = 3.0) -> np.ndarray:
        """0–1 per row: for its best director, how many of the ``liked`` rows they made
        (one liked film: 1/``full_at``; ``full_at`` or more: 1); 0 for rows without a
        director the person liked."""
        out = np.zeros(self.n_rows, dtype=np.float32)
        if len(liked) == 0 or len(self.ids) == 0:
            return out
        counts = np.bincount(self.ids[np.isin(self.rows, liked)], minlength=len(self.number)).astype(np.float32)
        if not counts.any():
            return out
        values = np.minimum(counts[self.ids] / full_at, 1.0)
        hit = np.flatnonzero(values > 0)
        order = hit[np.argsort(values[hit], kind="stable")]  # ascending: a row's best director is written last
        out[self.rows[order]] = values[order]
        return out
