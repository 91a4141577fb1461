"""Search through Pinecone: the nearest-neighbour step of ``Searcher`` served by an index.

Everything else (query embedding, title matches, lexical fusion, hydration from the
catalog) stays local, so results follow the same contract as local search. Filters are
translated to Pinecone metadata filters (``$gte``/``$lte`` for year and runtime, ``$in``
for genres); excluded ids are dropped client-side from a slightly larger top-k. Any
Pinecone failure is a ``BackendUnavailableError``, on which callers fall back to local.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from ..core.errors import Action, BackendUnavailableError
from ..core.models import SearchFilters
from ..core.vector_cache import VectorSet
from .pinecone_backend import PineconeClient, Target
from .sync_state import SyncStateStore

MAX_TOP_K = 10_000


def metadata_filter(filters: SearchFilters | None, genre_names: Sequence[str] = ()) -> dict[str, Any] | None:
    """The Pinecone filter equivalent to ``filters`` (without ``exclude_ids``), or ``None``.

    Genres match case-insensitively locally, so they are mapped to the stored spelling.
    """
    if filters is None:
        return None
    out: dict[str, Any] = {}
    for name, low, high in (
        ("year", filters.year_from, filters.year_to),
        ("runtime", filters.runtime_min, filters.runtime_max),
    ):
        cond = {op: int(v) for op, v in (("$gte", low), ("$lte", high)) if v is not None}
        if cond:
            out[name] = cond
    if filters.genres:
        spelled = {g.lower(): g for g in genre_names}
        out["genres"] = {"$in": list(dict.fromkeys(spelled.get(g.lower(), g) for g in filters.genres))}
    return out or None


class PineconeSearchBackend:
    """Exact-contract top-k over one Pinecone namespace."""

    def __init__(
        self,
        client: PineconeClient,
        target: Target,
        dims: int,
        genre_names: Sequence[str] = (),
        synced_here: bool = False,
    ) -> None:
        """Connect and check the index.

        ``synced_here`` (this machine recorded a sync to the target) skips the emptiness check,
        which serverless stats may answer late right after a sync.
        """
        info = client.describe(target.index)
        if info is None:
            raise BackendUnavailableError(f"Pinecone has no index {target.index!r} yet.", action=Action.SYNC)
        if info.dimension != dims:
            raise BackendUnavailableError(
                f"Pinecone index {target.index!r} holds {info.dimension}-dimensional vectors, "
                f"the current model makes {dims}; sync this model to another index."
            )
        if not synced_here and client.namespace_count(info, target.namespace) == 0:
            raise BackendUnavailableError(
                f"Pinecone namespace {target.namespace!r} of index {target.index!r} is empty.", action=Action.SYNC
            )
        self.client, self.target, self.info = client, target, info
        self.genre_names = tuple(genre_names)
        self._index = client.index(info)

    def top_k(self, query_vec: np.ndarray, k: int, filters: SearchFilters | None = None) -> list[tuple[int, float]]:
        """``(movie_id, cosine score)`` of the ``k`` best films passing ``filters``, best first."""
        excluded = filters.exclude_ids if filters is not None else frozenset()
        want = min(MAX_TOP_K, k + len(excluded))
        if want < 1:
            return []
        vector = np.asarray(query_vec, dtype=np.float32).tolist()
        with self.client.translated("searching", self.info.host):
            response = self._index.query(
                vector=vector,
                top_k=want,
                namespace=self.target.namespace,
                filter=metadata_filter(filters, self.genre_names),
                include_values=False,
                include_metadata=False,
            )
        hits: list[tuple[int, float]] = []
        for match in response.matches:
            try:
                mid = int(match.id)
            except ValueError:
                continue  # not one of ours
            if mid not in excluded:
                hits.append((mid, float(match.score)))
        return hits[:k]


class PineconeNearest:
    """The ``NearestBackend`` served by Pinecone; scores come from the local vectors when they hold the film,
    so both backends print alike."""

    def __init__(self, backend: PineconeSearchBackend, local: VectorSet) -> None:
        self.backend, self.local = backend, local

    def nearest(self, vec: np.ndarray, k: int, filters: SearchFilters) -> tuple[list[int], list[float]]:
        hits = self.backend.top_k(vec, k, filters)
        scores = []
        for mid, remote_score in hits:
            v = self.local.vector(mid)
            scores.append(float(v @ vec) if v is not None else remote_score)
        return [m for m, _ in hits], scores


_backends: dict[tuple[object, ...], PineconeSearchBackend] = {}
_lock = threading.Lock()


def backend_for(
    connect: Callable[[], PineconeClient],
    target: Target,
    dims: int,
    genre_names: Sequence[str] = (),
    synced_here: bool = False,
) -> PineconeSearchBackend:
    """A connected backend for ``target`` (kept per key, controller host, target and dimension)."""
    client = connect()
    cache_key = (client.key_id, client.controller_host, target, dims)
    with _lock:
        backend = _backends.get(cache_key)
    if backend is not None:
        client.close()
    else:
        try:
            backend = PineconeSearchBackend(client, target, dims, genre_names, synced_here)
        except BaseException:
            client.close()
            raise
        with _lock:
            _backends[cache_key] = backend
    backend.genre_names = tuple(genre_names) or backend.genre_names
    return backend


def forget_backends() -> None:
    """Drop cached connections (settings or key changed; tests)."""
    with _lock:
        backends = list(_backends.values())
        _backends.clear()
    for backend in backends:
        backend.client.close()


def pinecone_nearest(
    connect: Callable[[], PineconeClient],
    target: Target,
    local: VectorSet,
    state_dir: Path,
    genre_names: Sequence[str],
) -> PineconeNearest:
    """Pinecone as the nearest-neighbour step for ``local``'s model (raises ``BackendUnavailableError``)."""
    synced_here = bool(SyncStateStore(state_dir, target.index, target.namespace).load().synced)
    dims = int(local.matrix.shape[1])
    return PineconeNearest(backend_for(connect, target, dims, genre_names, synced_here), local)
