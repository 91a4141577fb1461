"""Exact cosine search over the vector cache, with filters and title-aware hybrid ranking.

Every stored row and every query vector is unit length, so cosine similarity is one
matrix-vector product; ``argpartition`` picks the top k in O(N) and only those k are
sorted. A title the user typed (exactly or nearly) ranks first; the rest is a
reciprocal-rank fusion of meaning-based hits with lexical title/keyword hits.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .catalog import Catalog, CatalogArrays
from .errors import Action, UserInputError
from .models import HitSource, Movie, SearchFilters, SearchHit
from .nearest import NearestBackend
from .text import normalize_title
from .vector_cache import VectorSet

RRF_K = 60
#: Lexical (bm25) hits count as much as semantic ones in the fusion: on our known-item
#: queries this lifted recall@10 from 0.918 to 1.000 (dev) and 0.750 to 0.875 (held out).
LEXICAL_WEIGHT = 1.0
NEAR_TITLE_CUTOFF = 90.0
MAX_QUERY_CHARS = 2000


def top_k(
    matrix: np.ndarray, query: np.ndarray, k: int, mask: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Rows of the ``k`` best cosine scores (best first) and the scores.

    ``mask`` (bool per row) keeps only the rows where it is True.
    """
    n = matrix.shape[0]
    if n == 0 or k <= 0:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float32)
    scores = matrix @ query.astype(np.float32, copy=False)
    if mask is not None:
        scores[~mask] = -np.inf
    k = min(k, n)
    part = np.argpartition(scores, n - k)[n - k :]
    order = part[np.argsort(-scores[part], kind="stable")]
    if mask is not None:
        order = order[np.isfinite(scores[order])]
    return order, scores[order]


@dataclass
class RowAttributes:
    """Catalog attributes aligned with the rows of a vector set."""

    years: np.ndarray
    runtimes: np.ndarray
    genre_bits: np.ndarray
    renown: np.ndarray
    arrays: CatalogArrays

    @classmethod
    def align(cls, arrays: CatalogArrays, ids: np.ndarray) -> RowAttributes:
        pos = np.searchsorted(arrays.ids, ids)
        pos = np.clip(pos, 0, max(len(arrays.ids) - 1, 0))
        known = (arrays.ids[pos] == ids) if len(arrays.ids) else np.zeros(len(ids), dtype=bool)

        def take(values: np.ndarray, missing: object) -> np.ndarray:
            out = values[pos] if len(values) else np.full(len(ids), missing, dtype=values.dtype)
            out = out.copy()
            out[~known] = missing
            return out

        return cls(
            years=take(arrays.years, -1),
            runtimes=take(arrays.runtimes, -1),
            genre_bits=take(arrays.genre_bits, np.uint64(0)),
            renown=take(arrays.renown, 0.0),
            arrays=arrays,
        )

    def mask(self, filters: SearchFilters, ids: np.ndarray) -> np.ndarray | None:
        return filter_mask(filters, ids, self.years, self.runtimes, self.genre_bits, self.arrays.genre_names)


def filter_mask(
    filters: SearchFilters | None,
    ids: np.ndarray,
    years: np.ndarray,
    runtimes: np.ndarray,
    genre_bits: np.ndarray,
    genre_names: tuple[str, ...],
) -> np.ndarray | None:
    """Which rows pass ``filters`` (``None`` when nothing is filtered); -1 marks an unknown year/runtime."""
    if filters is None or not filters.active:
        return None
    keep = np.ones(len(ids), dtype=bool)
    if filters.year_from is not None:
        keep &= years >= filters.year_from
    if filters.year_to is not None:
        keep &= (years <= filters.year_to) & (years >= 0)
    if filters.runtime_min is not None:
        keep &= runtimes >= filters.runtime_min
    if filters.runtime_max is not None:
        keep &= (runtimes <= filters.runtime_max) & (runtimes >= 0)
    if filters.genres:
        index = {g.lower(): i for i, g in enumerate(genre_names)}
        bits = 0
        for g in filters.genres:
            if g.lower() in index and index[g.lower()] < 64:
                bits |= 1 << index[g.lower()]
        keep &= (genre_bits & np.uint64(bits)) != 0
    if filters.exclude_ids:
        keep &= ~np.isin(ids, np.fromiter(filters.exclude_ids, dtype=np.int64))
    return keep


def movie_passes(movie: Movie, filters: SearchFilters) -> bool:
    """The same filters for a single film (lexical hits that have no vector yet)."""
    if movie.id in filters.exclude_ids:
        return False
    y, rt = movie.year, movie.runtime
    if filters.year_from is not None and (y is None or y < filters.year_from):
        return False
    if filters.year_to is not None and (y is None or y > filters.year_to):
        return False
    if filters.runtime_min is not None and (rt is None or rt < filters.runtime_min):
        return False
    if filters.runtime_max is not None and (rt is None or rt > filters.runtime_max):
        return False
    if filters.genres:
        wanted = {g.lower() for g in filters.genres}
        if not wanted & {g.lower() for g in movie.genres}:
            return False
    return True


class LocalNearest:
    """Exact top-k over the in-memory matrix, with the catalog filters as a row mask."""

    def __init__(self, matrix: np.ndarray, ids: np.ndarray, attrs: RowAttributes) -> None:
        self.matrix, self.ids, self.attrs = matrix, ids, attrs

    def nearest(self, vec: np.ndarray, k: int, filters: SearchFilters) -> tuple[list[int], list[float]]:
        rows, scores = top_k(self.matrix, vec, k, self.attrs.mask(filters, self.ids))
        return [int(self.ids[r]) for r in rows], [float(s) for s in scores]


class Searcher:
    """Search and "more like this" over one catalog + one verified vector set.

    ``nearest`` ranks vectors (see ``core.nearest``); by default exact search over ``vectors``.
    """

    def __init__(
        self,
        catalog: Catalog,
        vectors: VectorSet,
        embed_query: Callable[[str], np.ndarray],
        nearest: NearestBackend | None = None,
    ) -> None:
        self.catalog = catalog
        self.vectors = vectors
        # Page the matrix into RAM once: later queries run at memory speed.
        self.matrix = np.ascontiguousarray(vectors.matrix)
        self.ids = vectors.ids
        self._embed_query = embed_query
        self.attrs = RowAttributes.align(catalog.arrays(), self.ids)
        self.nearest = nearest or LocalNearest(self.matrix, self.ids, self.attrs)
        self._title_keys, self._title_ids = catalog.title_index()
        self._exact: dict[str, list[int]] = {}
        for key, mid in zip(self._title_keys, self._title_ids):
            self._exact.setdefault(key, []).append(mid)
        # Title keys by length: a fuzzy score >= NEAR_TITLE_CUTOFF needs similar lengths (see _fuzzy_candidates).
        lengths = np.fromiter(map(len, self._title_keys), dtype=np.int64, count=len(self._title_keys))
        self._by_length = np.argsort(lengths, kind="stable")
        self._sorted_lengths = lengths[self._by_length]

    # ----------------------------------------------------------------- queries
    def search(self, query: str, top: int = 10, filters: SearchFilters | None = None) -> list[SearchHit]:
        filters = filters or SearchFilters()
        query = " ".join((query or "").split())
        if not query:
            raise UserInputError("Type something to search for (a title, or what you feel like watching).")
        if len(query) > MAX_QUERY_CHARS:
            query = query[:MAX_QUERY_CHARS]  # the model reads ~256 tokens anyway
        qvec = self._embed_query(query)
        semantic, _ = self._nearest(qvec, max(top * 3, 30), filters)
        lexical = [mid for mid, _ in self.catalog.title_search(query, limit=100)]
        titled = self._title_matches(query)
        fused: dict[int, float] = {}
        for rank, mid in enumerate(semantic):
            fused[mid] = fused.get(mid, 0.0) + 1.0 / (RRF_K + rank + 1)
        for rank, mid in enumerate(lexical):
            fused[mid] = fused.get(mid, 0.0) + LEXICAL_WEIGHT / (RRF_K + rank + 1)
        order = [mid for mid, _ in titled] + sorted(fused, key=lambda m: -fused[m])
        via = {mid: HitSource.TITLE for mid, _ in titled}
        return self._hydrate(order, qvec, filters, top, via=via, semantic=set(semantic))

    def similar(self, movie: Movie, top: int = 10, filters: SearchFilters | None = None) -> list[SearchHit]:
        filters = filters or SearchFilters()
        vec = self.vectors.vector(movie.id)
        if vec is None:
            raise UserInputError(f"{movie.label} is not in the search index yet.", action=Action.INDEX)
        filters = SearchFilters(
            filters.genres,
            filters.year_from,
            filters.year_to,
            filters.runtime_min,
            filters.runtime_max,
            frozenset(filters.exclude_ids | {movie.id}),
        )
        ids, scores = self._nearest(np.asarray(vec), top, filters)
        found = self.catalog.get_many(ids)
        pairs = zip(ids, scores, strict=True)
        return [SearchHit(found[m], s, (movie.label,), HitSource.SIMILAR) for m, s in pairs if m in found]

    def _nearest(self, vec: np.ndarray, k: int, filters: SearchFilters) -> tuple[list[int], list[float]]:
        """Ids and cosine scores of the ``k`` films nearest ``vec`` that pass ``filters``, best first.

        The one place vectors are ranked: through the injected ``NearestBackend``.
        """
        return self.nearest.nearest(vec, k, filters)

    def with_nearest(self, nearest: NearestBackend) -> Searcher:
        """This searcher's loaded state with another nearest-neighbour backend (e.g. Pinecone)."""
        twin = copy.copy(self)
        twin.nearest = nearest
        return twin

    def score_of(self, movie_id: int, qvec: np.ndarray) -> float:
        v = self.vectors.vector(movie_id)
        return float(v @ qvec) if v is not None else 0.0

    # ----------------------------------------------------------------- helpers
    def _title_matches(self, query: str) -> list[tuple[int, float]]:
        key = normalize_title(query)
        if len(key) < 2:
            return []
        hits = {mid: 100.0 for mid in self._exact.get(key, [])}
        if len(key) >= 4:
            from rapidfuzz import fuzz, process

            rows = self._fuzzy_candidates(len(key))
            keys = [self._title_keys[i] for i in rows]
            for _, score, j in process.extract(key, keys, scorer=fuzz.ratio, score_cutoff=NEAR_TITLE_CUTOFF, limit=5):
                mid = self._title_ids[rows[j]]
                hits[mid] = max(hits.get(mid, 0.0), float(score))
        if not hits:
            return []
        renown: dict[int, float] = {}
        arrays = self.attrs.arrays
        if len(hits) > 1 and len(arrays.ids):  # look up only the hits (arrays.ids is sorted), not all N films
            wanted = np.fromiter(hits, dtype=np.int64, count=len(hits))
            pos = np.minimum(np.searchsorted(arrays.ids, wanted), len(arrays.ids) - 1)
            known = arrays.ids[pos] == wanted
            renown = {int(m): float(r) for m, r in zip(wanted[known], arrays.renown[pos[known]])}
        return sorted(hits.items(), key=lambda kv: (-kv[1], -renown.get(kv[0], 0.0)))

    def _fuzzy_candidates(self, length: int) -> np.ndarray:
        """Positions (in title-index order) of the keys whose length can reach the fuzzy cutoff.

        ``fuzz.ratio`` is ``100 * (1 - indel / (a + b))`` and ``indel >= |a - b|``, so a score
        of at least ``c`` needs ``b`` within ``[a c' / (2 - c'), a (2 - c') / c']`` (``c' = c / 100``).
        Keeping the original order keeps ``process.extract``'s tie-breaking unchanged.
        """
        c = NEAR_TITLE_CUTOFF / 100.0
        lo, hi = math.floor(length * c / (2.0 - c)), math.ceil(length * (2.0 - c) / c)
        start, stop = np.searchsorted(self._sorted_lengths, [lo, hi + 1])
        return np.sort(self._by_length[start:stop])

    def _hydrate(
        self,
        order: list[int],
        qvec: np.ndarray,
        filters: SearchFilters,
        top: int,
        via: dict[int, HitSource],
        semantic: set[int],
    ) -> list[SearchHit]:
        seen: set[int] = set()
        wanted: list[int] = []
        for mid in order:
            if mid not in seen:
                seen.add(mid)
                wanted.append(mid)
        movies = self.catalog.get_many(wanted[: top * 4])
        hits: list[SearchHit] = []
        for mid in wanted:
            movie = movies.get(mid)
            if movie is None or not movie_passes(movie, filters):
                continue
            how = via.get(mid) or (HitSource.SEMANTIC if mid in semantic else HitSource.KEYWORD)
            hits.append(SearchHit(movie, self.score_of(mid, qvec), (), how))
            if len(hits) >= top:
                break
        return hits
