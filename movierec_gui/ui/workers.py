"""View-shaped work the GUI's tasks run on worker threads, over the ``Services`` façade.

Operations belong to ``Services``; what lives here only turns their plain records into
what a view shows (``MovieRows`` columns, ``HistoryRow`` lists, the taste map's 2-D
points). Nothing here touches a widget.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..core.models import SearchFilters, SearchHit
from ..services import Services
from .covers import CoverSpec
from .models import HistoryRow, MovieRows
from .tasks import TaskContext

SEARCH_TOP = 100
RECOMMEND_TOP = 30
SIMILAR_TOP = 30


@dataclass(frozen=True)
class Recommended:
    rows: MovieRows
    cold: bool
    history: int


def rows_of(hits: list[SearchHit]) -> MovieRows:
    return MovieRows.from_hits(hits, {h.movie.id: h.movie.prior for h in hits})


def browse(services: Services) -> MovieRows:
    return MovieRows.build(
        (r.id, r.title, r.year, r.genres, r.runtime, r.renown) for r in services.browse()
    )


def search(services: Services, query: str, filters: SearchFilters) -> MovieRows:
    return rows_of(services.search(query, SEARCH_TOP, filters))


def recommend(services: Services, filters: SearchFilters) -> Recommended:
    recs = services.recommend(RECOMMEND_TOP, filters)
    return Recommended(rows_of(recs.hits), recs.cold, recs.history)


def similar(services: Services, movie_id: int, filters: SearchFilters) -> tuple[object, MovieRows]:
    movie, hits = services.similar_to(movie_id, SIMILAR_TOP, filters)
    return movie, rows_of(hits)


def history(services: Services) -> list[HistoryRow]:
    return [HistoryRow(item.entry, item.title, item.year) for item in services.history_list()]


# ---------------------------------------------------------------------------- taste map
@dataclass(frozen=True)
class TasteMapData:
    ids: np.ndarray  # int64, one per point
    xy: np.ndarray  # (N, 2) float32, in [0, 1]
    titles: list[str]


def taste_map(services: Services, ctx: TaskContext) -> TasteMapData:
    """The catalog projected on its two main directions (PCA of the film vectors)."""
    points = services.map_points(ctx.check)
    ctx.check()
    xy = project_2d(points.vectors)
    ctx.check()
    return TasteMapData(points.ids, xy, points.labels)


def project_2d(matrix: np.ndarray) -> np.ndarray:
    """PCA to two dimensions, scaled to the unit square (robust to outliers: 1st–99th percentile)."""
    x = np.asarray(matrix, dtype=np.float32)
    if x.shape[0] < 3:
        return np.full((x.shape[0], 2), 0.5, dtype=np.float32)
    centred = x - x.mean(axis=0)
    cov = centred.T @ centred
    _, vecs = np.linalg.eigh(cov.astype(np.float64))
    xy = centred @ vecs[:, -2:][:, ::-1].astype(np.float32)
    lo, hi = np.percentile(xy, 1, axis=0), np.percentile(xy, 99, axis=0)
    span = np.where(hi - lo > 1e-9, hi - lo, 1.0)
    return np.clip((xy - lo) / span * 0.9 + 0.05, 0.0, 1.0).astype(np.float32)


# ---------------------------------------------------------------------------- covers
def cover_specs(services: Services, movie_ids: list[int]) -> list[CoverSpec]:
    """What each film's cover is drawn from (its poster file when it has one); runs on the covers pool."""
    films = services.films(movie_ids)
    return [CoverSpec.of(m, services.poster_path(m)) for m in (films.get(i) for i in movie_ids) if m is not None]
