"""The one facade both shells (CLI and GUI) use: import, index, search, similar, …

It owns the stores and lazily builds the expensive parts (the embedding model, the
loaded vector cache, the searcher). Methods are plain and blocking; the GUI calls them
from worker threads, never from the GUI thread.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

import numpy as np

from .config import Paths, Settings
from .core.catalog import Catalog
from .core.embedders import Embedder, make_embedder
from .core.errors import AmbiguousTitleError, CacheError, NotFoundError
from .core.importers import ImportReport, reader_for
from .core.indexer import IndexProgress, IndexReport, build_index, stamp_for
from .core.models import Movie, SearchFilters, SearchHit
from .core.search import Searcher
from .core.vector_cache import VectorCache, VectorSet

log = logging.getLogger(__name__)


class Services:
    def __init__(self, home: str | Path | None = None, settings: Settings | None = None, embedder: Embedder | None = None) -> None:
        self.paths = Paths.resolve(home).ensure()
        self.settings = (settings or Settings.load(self.paths.settings_file)).with_env()
        self.catalog = Catalog(self.paths.catalog_db)
        self._embedder = embedder
        self._searcher: Searcher | None = None
        self._searcher_key: tuple | None = None
        self._lock = threading.RLock()

    # ---------------------------------------------------------------- embedder & cache
    def embedder(self, kind: str | None = None) -> Embedder:
        with self._lock:
            if kind and kind != self.settings.embedder:
                return make_embedder(self.settings, kind)
            if self._embedder is None:
                self._embedder = make_embedder(self.settings)
            return self._embedder

    def cache(self, embedder: Embedder | None = None) -> VectorCache:
        return VectorCache(self.paths.vectors, (embedder or self.embedder()).name)

    def vectors(self) -> VectorSet:
        """The verified vector set of the current embedder (raises ``CacheError``)."""
        emb = self.embedder()
        return self.cache(emb).load(expect=stamp_for(emb))

    def cache_status(self) -> dict:
        """Whether the cache is usable and complete, for first-run prompts."""
        emb = self.embedder()
        try:
            vs = self.cache(emb).load(expect=stamp_for(emb), verify=False)
        except CacheError as exc:
            return {"ok": False, "reason": str(exc), "count": 0, "catalog": self.catalog.count()}
        n = self.catalog.count()
        return {"ok": True, "stale": len(vs) != n, "count": len(vs), "catalog": n, "reason": ""}

    def index(self, progress: IndexProgress | None = None, embedder: str | None = None, force: bool = False) -> IndexReport:
        emb = self.embedder(embedder)
        report = build_index(self.catalog, emb, self.cache(emb), progress=progress, force=force)
        with self._lock:
            self._searcher = None
        return report

    # ---------------------------------------------------------------- catalog
    def import_catalog(self, path: str | Path, fmt: str = "auto", progress=None) -> ImportReport:
        path = Path(path)
        source, rows = reader_for(fmt, path)
        report = self.catalog.import_rows(rows, source, str(path), progress=progress)
        with self._lock:
            self._searcher = None
        return report

    # ---------------------------------------------------------------- search
    def searcher(self) -> Searcher:
        with self._lock:
            key = (self.embedder().name, self.catalog.revision)
            if self._searcher is None or self._searcher_key != key:
                emb = self.embedder()
                self._searcher = Searcher(self.catalog, self.vectors(), self._query_embedder(emb))
                self._searcher_key = key
            return self._searcher

    @staticmethod
    def _query_embedder(emb: Embedder):
        def embed(text: str) -> np.ndarray:
            return emb.embed([text])[0]

        return embed

    def search(self, query: str, top: int = 10, filters: SearchFilters | None = None) -> list[SearchHit]:
        return self.searcher().search(query, top, filters)

    def resolve_title(self, title: str, year: int | None = None) -> Movie:
        """The one film a user means by ``title`` (and ``year``), or a clear error."""
        matches = self.catalog.find_title(title, year)
        if not matches and year is not None:
            matches = self.catalog.find_title(title, year, year_slack=1)
        if not matches:
            hint = self._did_you_mean(title)
            raise NotFoundError(f"No film titled {title!r}{f' from {year}' if year else ''} in the catalog.{hint}")
        if len(matches) > 1 and year is None and len({m.year for m in matches}) > 1:
            listing = ", ".join(m.label for m in matches[:8])
            raise AmbiguousTitleError(
                f"{len(matches)} films are titled {title!r}: {listing}. Add --year to pick one.", matches
            )
        return matches[0]

    def _did_you_mean(self, title: str) -> str:
        from rapidfuzz import fuzz, process

        from .core.text import normalize_title

        keys, ids = self.catalog.title_index()
        best = process.extract(normalize_title(title), keys, scorer=fuzz.WRatio, limit=3, score_cutoff=80)
        movies = self.catalog.get_many(ids[i] for _, _, i in best)
        names = [movies[ids[i]].label for _, _, i in best if ids[i] in movies]
        return f" Did you mean: {'; '.join(dict.fromkeys(names))}?" if names else ""

    def similar(self, title: str, year: int | None = None, top: int = 10, filters: SearchFilters | None = None) -> list[SearchHit]:
        movie = self.resolve_title(title, year)
        return self.searcher().similar(movie, top, filters)
