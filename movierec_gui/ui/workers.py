"""View-shaped work the GUI's tasks run on worker threads, over the ``Services`` façade.

Operations belong to ``Services``; what lives here only turns their plain records into
what a view shows (``MovieRows`` columns, ``HistoryTableRow`` lists, the taste map's 2-D
points). Nothing here touches a widget.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..core.models import SearchFilters, SearchHit
from ..services import Services
from .covers import CoverSpec
from .map_layout import layout, region_names
from .models import HistoryTableRow, MovieRows
from .shelf_rows import ShelfRows
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


@dataclass(frozen=True)
class Searched:
    """A search's rows and what it understood from the query (chips as ``(key, label)``)."""

    rows: MovieRows
    chips: tuple[tuple[str, str], ...] = ()
    relaxed: bool = False
    ignored: tuple[str, ...] = ()  # when relaxed: the labels of the constraints the rows ignore


def search_understood(services: Services, query: str, filters: SearchFilters,
                      drop: frozenset[str] = frozenset()) -> Searched:
    """The search with query understanding when the engine offers it (``Services.search_result``)."""
    if not hasattr(services, "search_result"):
        return Searched(search(services, query, filters))
    result = services.search_result(query, filters, top=SEARCH_TOP, drop=drop)
    return Searched(rows_of(list(result.hits)), tuple((c.key, c.label) for c in result.chips), bool(result.relaxed),
                    tuple(c.label for c in result.ignored))


def recommend(services: Services, filters: SearchFilters) -> Recommended:
    recs = services.recommend(RECOMMEND_TOP, filters)
    return Recommended(rows_of(recs.hits), recs.cold, recs.history)


def shelves(services: Services, filters: SearchFilters, per_shelf: int = 12) -> list[ShelfRows]:
    """Recommendation rows when the engine offers them (``Services.recommend_shelves``), else none."""
    if not hasattr(services, "recommend_shelves"):
        return []
    return [ShelfRows(s.key, s.title, bool(s.personal), rows_of(list(s.hits)))
            for s in services.recommend_shelves(per_shelf=per_shelf, filters=filters) if s.hits]


def similar(services: Services, movie_id: int, filters: SearchFilters) -> tuple[object, MovieRows]:
    movie, hits = services.similar_to(movie_id, SIMILAR_TOP, filters)
    return movie, rows_of(hits)


def history(services: Services) -> list[HistoryTableRow]:
    return [HistoryTableRow(item.entry, item.title, item.year) for item in services.history_list()]


def history_films(services: Services) -> MovieRows:
    """The films of the history that the catalog has, newest entry first, as a film list (for covers)."""
    items = [item for item in services.history_list() if item.movie is not None]
    items.sort(key=lambda item: -(item.entry.watched_at or item.entry.rated_at or 0.0))
    return rows_of([SearchHit(item.movie, 0.0) for item in items if item.movie is not None])


def hidden_films(services: Services) -> frozenset[int]:
    """Films the person said "not interested" in (film scope): no list shows them."""
    if not hasattr(services, "not_interested_list"):
        return frozenset()
    return frozenset(n.movie_id for n in services.not_interested_list() if n.scope == "film")


# ---------------------------------------------------------------------------- taste map
@dataclass(frozen=True)
class TasteMapData:
    ids: np.ndarray  # int64, one per point
    xy: np.ndarray  # (N, 2) float32, in [0, 1]
    titles: list[str]
    region: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int32))  # (N,) region of each film
    centres_xy: np.ndarray = field(default_factory=lambda: np.zeros((0, 2), dtype=np.float32))  # label places
    names: list[str] = field(default_factory=list)  # region names
    vectors: np.ndarray | None = None  # (N, d) the films' vectors ("more from here")
    centres: np.ndarray | None = None  # (K, d)
    renown: np.ndarray | None = None  # (N,) 0–1


KEYWORD_SAMPLE = 120  # best-known films per region whose keywords name it


def taste_map(services: Services, ctx: TaskContext) -> TasteMapData:
    """Regions in the full space, laid out in 2-D and named (see ``map_layout``)."""
    points = services.map_points(ctx.check)
    ctx.check()
    lay = layout(points.vectors, ctx.check)
    listing = {r.id: r for r in services.browse()}
    rows = [listing.get(int(m)) for m in points.ids]
    genres = [r.genres if r is not None else () for r in rows]
    renown = np.array([r.renown if r is not None else 0.0 for r in rows], dtype=np.float32)
    k = len(lay.sizes)
    sample: list[int] = []
    for r in range(k):
        members = np.flatnonzero(lay.region == r)
        sample.extend(members[np.argsort(-renown[members])[:KEYWORD_SAMPLE]].tolist())
    ctx.check()
    films = services.films(int(points.ids[i]) for i in sample)
    keywords = {i: films[int(points.ids[i])].keywords for i in sample if int(points.ids[i]) in films}
    names = region_names(lay.region, genres, keywords, k)
    return TasteMapData(points.ids, lay.xy, points.labels, lay.region, lay.centres_xy, names,
                        points.vectors, lay.centres, renown)


def more_from_region(services: Services, data: TasteMapData, region: int, history: dict[int, str],
                     top: int = 30) -> MovieRows:
    """Films from one region of the map: close to what you liked there, else to its centre; not in your history."""
    assert data.vectors is not None and data.centres is not None and data.renown is not None
    members = np.flatnonzero(data.region == region)
    ids = data.ids[members]
    keep = np.array([int(m) not in history for m in ids], dtype=bool)
    members, ids = members[keep], ids[keep]
    liked = [i for i, m in enumerate(data.ids) if history.get(int(m)) == "liked" and data.region[i] == region]
    target = data.vectors[liked].mean(0) if liked else data.centres[region]
    target = target / max(float(np.linalg.norm(target)), 1e-9)
    vecs = data.vectors[members]
    sims = (vecs @ target) / np.maximum(np.linalg.norm(vecs, axis=1), 1e-9)
    score = sims + 0.1 * data.renown[members]
    order = np.argsort(-score)[:top]
    films = services.films(int(ids[i]) for i in order)
    hits = [SearchHit(films[int(ids[i])], float(score[i])) for i in order if int(ids[i]) in films]
    return rows_of(hits)


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
