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
#: Dimensions of the hand-placed spaces: axis 0 is the query's, the last axis is "elsewhere".
DIMS = 32


def axis(i: int, toward_query: float = 0.0, dims: int = DIMS) -> np.ndarray:
    """A unit vector on axis ``i`` with cosine ``toward_query`` to the query's axis 0."""
    v = np.zeros(dims, np.float32)
    v[0] = toward_query
    v[i] = np.sqrt(1.0 - toward_query**2)
    return v


def query_axis(on_query: bool, dims: int = DIMS) -> np.ndarray:
    """A query vector: on axis 0 when the text is the query the test retells, else on the last axis."""
    v = np.zeros(dims, np.float32)
    v[0 if on_query else dims - 1] = 1.0
    return v


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
