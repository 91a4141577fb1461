"""Cosines of a few query vectors to every film, with the rows of recent seeds kept.

Scoring a taste costs one pass of ~25 query vectors (profile, strongest liked and disliked
seeds) over the whole catalog matrix; at 44k films that matrix product is most of a
recommendation's time. A seed's row of cosines depends only on the film and the catalog,
so ``SimsCache`` keeps the rows of recently used seeds (and the last profile): when one
film is added to a history, or the same history is asked again (recommendations, then
shelves), only the new rows are computed. Rows are computed in one matrix product per
call; a row computed in a different batch may differ in the last bit of float32 (as any
two BLAS calls of different shapes do), never more.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

import numpy as np

from . import blas

#: Memory the kept rows may use (per item space).
CACHE_BYTES = 64 << 20
#: At most this many seed rows are kept.
MAX_ROWS = 64


class SimsCache:
    """Recently used rows of ``matrix @ matrix[row]`` and the last profile's row (thread-safe)."""

    def __init__(self, matrix: np.ndarray) -> None:
        self.matrix = matrix
        row_bytes = max(int(matrix.shape[0]) * 4, 1)
        self.capacity = min(MAX_ROWS, CACHE_BYTES // row_bytes)
        self._rows: OrderedDict[int, np.ndarray] = OrderedDict()
        self._profile: tuple[bytes, np.ndarray] | None = None
        self._lock = threading.Lock()

    def sims(self, rows: np.ndarray, query: np.ndarray | None = None) -> np.ndarray:
        """``(q + len(rows), N)`` float32: the cosines of ``query`` (one vector, when given;
        first row) and of each film in ``rows`` to every film."""
        keys = [int(r) for r in rows]
        qkey = query.astype(np.float32).tobytes() if query is not None else b""
        with self._lock:
            have = {r: self._rows[r] for r in keys if r in self._rows}
            for r in have:
                self._rows.move_to_end(r)
            qrow = self._profile[1] if query is not None and self._profile and self._profile[0] == qkey else None
        missing = list(dict.fromkeys(r for r in keys if r not in have))
        fresh_queries = ([query.astype(np.float32)[None, :]] if query is not None and qrow is None else [])
        if missing:
            fresh_queries.append(self.matrix[np.array(missing, dtype=np.int64)])
        if fresh_queries:
            with blas.one_thread():  # faster than OpenBLAS's thread per core on a shared machine (core.blas)
                fresh = np.vstack(fresh_queries) @ self.matrix.T  # one pass over the catalog
            if query is not None and qrow is None:
                qrow, fresh = fresh[0], fresh[1:]
            for r, row in zip(missing, fresh, strict=True):
                have[r] = row
            self._keep(missing, fresh, qkey if query is not None else None, qrow)
        out = np.empty((len(keys) + (query is not None), self.matrix.shape[0]), dtype=np.float32)
        if query is not None:
            out[0] = qrow
        for i, r in enumerate(keys, start=int(query is not None)):
            out[i] = have[r]
        return out

    def row(self, row: int) -> np.ndarray:
        """The cosines of film ``row`` to every film."""
        out: np.ndarray = self.sims(np.array([row]))[0]
        return out

    def _keep(self, rows: list[int], sims: np.ndarray, qkey: bytes | None, qrow: np.ndarray | None) -> None:
        with self._lock:
            if qkey is not None and qrow is not None:
                self._profile = (qkey, qrow.copy())  # copies: a kept row must not hold its whole batch
            if self.capacity <= 0:
                return
            for r, row in zip(rows, sims, strict=True):
                self._rows[r] = row.copy()
                self._rows.move_to_end(r)
            while len(self._rows) > self.capacity:
                self._rows.popitem(last=False)
