"""A searcher over a small catalog whose vectors the test places by hand (no model)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from movierec_gui.core.catalog import Catalog
from movierec_gui.core.importers.base import MovieRecord, RowResult
from movierec_gui.core.search import Searcher
from movierec_gui.core.vector_cache import Manifest, VectorSet

#: (title, overview, vector), (title, overview, vector, genres) or (title, overview, vector, genres, cast)
Film = tuple


def hand_placed_searcher(
    folder: Path,
    films: Sequence[Film],
    embed: Callable[[str], np.ndarray],
    genres: Sequence[str] = ("Drama",),
    first_year: int = 2000,
) -> Searcher:
    """Film ``i`` is released in ``first_year + i``, with its own genres or ``genres``."""
    cat = Catalog(Path(folder) / "c.sqlite3")
    rows = [RowResult(i, MovieRecord("test", str(i), f[0], first_year + i, genres=list(f[3] if len(f) > 3 else genres),
                                     overview=f[1], runtime=100, cast=list(f[4] if len(f) > 4 else ())))
            for i, f in enumerate(films, 1)]
    cat.import_rows(rows, "test")
    by_title = {m.title: m.id for m in cat.iter_movies()}
    ids = np.array([by_title[f[0]] for f in films], np.int64)
    matrix = np.stack([f[2] for f in films]).astype(np.float32)
    order = np.argsort(ids)
    vs = VectorSet(ids[order], matrix[order], Manifest("t", "t", matrix.shape[1], 3, len(ids), "", "", {}))
    return Searcher(cat, vs, embed)
