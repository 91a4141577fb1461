"""Search through Pinecone: the nearest-neighbour step of ``Searcher`` served by an index.

Everything else (query embedding, title matches, lexical fusion, hydration from the
catalog) stays local, so results follow the same contract as local search. Filters are
translated to Pinecone metadata filters (``$gte``/``$lte`` for year and runtime, ``$in``
for genres); excluded ids are dropped client-side from a slightly larger top-k. Any
Pinecone failure is a ``BackendUnavailableError``, on which callers fall back to local.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Sequence
from typing import Any

import numpy as np

from ..config import Settings, get_secret
from ..core.errors import BackendUnavailableError
from ..core.models import SearchFilters
from ..core.search import Searcher
from .pinecone_backend import KEY_NAME, PineconeClient, Target, target_for
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
            raise BackendUnavailableError(
                f"Pinecone has no index {target.index!r}; run `movierec sync pinecone` first."
            )
        if info.dimension != dims:
            raise BackendUnavailableError(
                f"Pinecone index {target.index!r} holds {info.dimension}-dimensional vectors, "
                f"the current model makes {dims}; sync this model to another index."
            )
        if not synced_here and client.namespace_count(info, target.namespace) == 0:
            raise BackendUnavailableError(
                f"Pinecone namespace {target.namespace!r} of index {target.index!r} is empty; "
                "run `movierec sync pinecone` first."
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


class RemoteSearcher(Searcher):
    """A view of a local ``Searcher`` whose nearest-neighbour step asks Pinecone.

    It shares the local searcher's loaded state (catalog, title index, vectors for
    "similar" seeds and hit scores) instead of rebuilding it.
    """

    def __init__(self, local: Searcher, backend: PineconeSearchBackend) -> None:
        self.__dict__.update(local.__dict__)
        self.backend = backend

    def _nearest(self, vec: np.ndarray, k: int, filters: SearchFilters) -> tuple[list[int], list[float]]:
        """Pinecone's ranking; scores from the local cache when it has the film, so both backends print alike."""
        hits = self.backend.top_k(vec, k, filters)
        local = [self.vectors.row_of(m) is not None for m, _ in hits]
        return [m for m, _ in hits], [
            self.score_of(m, vec) if here else s for (m, s), here in zip(hits, local, strict=True)
        ]


_backends: dict[tuple, PineconeSearchBackend] = {}
_lock = threading.Lock()


def backend_for(
    settings: Settings, target: Target, dims: int, genre_names: Sequence[str] = (), synced_here: bool = False
) -> PineconeSearchBackend:
    """A connected backend for ``target`` (kept per key, controller host, target and dimension)."""
    key_id = hashlib.blake2b((get_secret(KEY_NAME) or "").encode(), digest_size=8).hexdigest()
    cache_key = (key_id, settings.pinecone_controller_host, target, dims)
    with _lock:
        backend = _backends.get(cache_key)
    if backend is None:
        client = PineconeClient.from_settings(settings, remote=True)
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


def remote_searcher(services: Any) -> RemoteSearcher:
    """The Pinecone-backed searcher for ``services`` (raises ``BackendUnavailableError``)."""
    from ..core.text import RECIPE_VERSION

    emb = services.embedder()
    target = target_for(services.settings, emb.name, RECIPE_VERSION)
    synced_here = bool(SyncStateStore(services.cache(emb).root, target.index, target.namespace).load().synced)
    local = services.searcher()
    backend = backend_for(services.settings, target, emb.dims, services.catalog.genres(), synced_here)
    return RemoteSearcher(local, backend)
