"""The one facade both shells (CLI and GUI) use: import, index, search, similar, …

It owns the stores and lazily builds the expensive parts (the embedding model, the
loaded vector cache, the searcher). Methods are plain and blocking; the GUI calls them
from worker threads, never from the GUI thread.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import numpy as np

from .config import Paths, Settings
from .core import starter
from .core.catalog import Catalog
from .core.embedders import Embedder, make_embedder
from .core.errors import AmbiguousTitleError, BackendUnavailableError, CacheError, NotFoundError, UserInputError
from .core.history import HistoryStore
from .core.importers import ImportReport, reader_for
from .core.importers.history_base import HistoryImportReport
from .core.indexer import IndexProgress, IndexReport, build_index, stamp_for
from .core.models import EntryKind, HistoryEntry, Movie, SearchFilters, SearchHit
from .core.recommend import ItemSpace, Recommendations, Taste
from .core.search import Searcher
from .core.vector_cache import VectorCache, VectorSet

log = logging.getLogger(__name__)


class Services:
    def __init__(
        self, home: str | Path | None = None, settings: Settings | None = None, embedder: Embedder | None = None
    ) -> None:
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
        stale = len(vs) != n or vs.manifest.catalog_revision != self.catalog.revision
        return {"ok": True, "stale": stale, "count": len(vs), "catalog": n, "reason": ""}

    def index(
        self, progress: IndexProgress | None = None, embedder: str | None = None, force: bool = False
    ) -> IndexReport:
        emb = self.embedder(embedder)
        donor = starter.shipped_vectors(emb.name)
        report = build_index(
            self.catalog, emb, self.cache(emb), progress=progress, force=force, donors=[donor] if donor else []
        )
        with self._lock:
            self._searcher = None
        return report

    # ---------------------------------------------------------------- catalog
    def ensure_starter(self, force: bool = False, progress: IndexProgress | None = None) -> bool:
        """First launch: import the bundled starter films and install their vectors.

        Returns True when something changed. Vectors come from the shipped, stamped
        cache when it fits the installed model; otherwise films are embedded (with
        ``progress``) only if ``progress`` is given — the GUI asks the user first.
        Set ``MOVIEREC_STARTER=0`` to skip (tests that need an empty catalog do).
        """
        if os.environ.get("MOVIEREC_STARTER", "1") == "0":
            return False
        report = starter.install(self.catalog, force=force)
        if report is None:
            return False
        with self._lock:
            self._searcher = None
        if self.settings.embedder != "local":
            return True
        status = self.cache_status()
        donor = starter.shipped_vectors(self.embedder().name)
        fits = donor is not None and donor.manifest.stamp == stamp_for(self.embedder())
        if not status["ok"] or status.get("stale"):
            if fits and not status["ok"]:
                self.index(progress=progress)  # copies shipped vectors, embeds nothing
            elif progress is not None:
                self.index(progress=progress)
        return True

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

    def search(
        self, query: str, top: int = 10, filters: SearchFilters | None = None, backend: str | None = None
    ) -> list[SearchHit]:
        return self._on_backend(backend, lambda s: s.search(query, top, filters))

    # ---- Pinecone hook (the remote path lives in movierec_gui/sync) ----------------
    def _on_backend(self, backend: str | None, run: Callable[[Searcher], list[SearchHit]]) -> list[SearchHit]:
        """Run ``run`` on Pinecone when asked (``backend`` or settings); locally otherwise or on failure."""
        if (backend or self.settings.backend) == "pinecone":
            from .sync.search_backend import remote_searcher

            try:
                return run(remote_searcher(self))
            except BackendUnavailableError as exc:
                self.notify(f"{exc} Using local search instead.")
        return run(self.searcher())

    def notify(self, message: str) -> None:
        """A one-line notice for the user: stderr here; the GUI replaces it with a status-bar message."""
        print(f"movierec: {message}", file=sys.stderr)

    # ---- end of the Pinecone hook ----------------------------------------------------

    def resolve_title(self, title: str, year: int | None = None) -> Movie:
        """The one film a user means by ``title`` (and ``year``), or a clear error."""
        matches = self.catalog.find_title(title, year)
        if not matches and year is not None:
            matches = self.catalog.find_title(title, year, year_slack=1)
        if not matches:
            hint = self._did_you_mean(title)
            raise NotFoundError(f"No film titled {title!r}{f' from {year}' if year else ''} in the catalog.{hint}")
        exact = [m for m in matches if m.title.casefold() == title.strip().casefold()]
        if exact and len(exact) < len(matches):
            matches = exact  # "Heat" means Heat, not The Heat
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
        best = process.extract(normalize_title(title), keys, scorer=fuzz.ratio, limit=3, score_cutoff=72)
        movies = self.catalog.get_many(ids[i] for _, _, i in best)
        names = [movies[ids[i]].label for _, _, i in best if ids[i] in movies]
        return f" Did you mean: {'; '.join(dict.fromkeys(names))}?" if names else ""

    def similar(
        self,
        title: str,
        year: int | None = None,
        top: int = 10,
        filters: SearchFilters | None = None,
        backend: str | None = None,
    ) -> list[SearchHit]:
        movie = self.resolve_title(title, year)
        return self._on_backend(backend, lambda s: s.similar(movie, top, filters))

    # ==== history & recommendations (history/recommend owner; core/history*.py, core/recommend.py) ====
    def history(self) -> HistoryStore:
        """The watch-history store (opened on first use)."""
        with self._lock:
            store = self.__dict__.get("_history")
            if store is None:
                store = self.__dict__["_history"] = HistoryStore(self.paths.history_db)
            return store

    def history_ids(self) -> frozenset[int]:
        """Every film in the history (watched, liked, disliked, watchlist): hidden from suggestions."""
        return frozenset(self.history().movie_ids())

    def history_add(
        self, title: str, year: int | None = None, kind: EntryKind | str = "watched", rating: float | None = None
    ) -> tuple[Movie, str]:
        """Add or update one film (``UserInputError`` for an unknown or ambiguous title, a bad rating)."""
        import time

        from .core.history import normalize_rating

        try:
            rating = normalize_rating(rating)
        except ValueError as exc:
            raise UserInputError(f"{exc} (use half stars: 0.5, 1, … 5)") from None
        movie = self.resolve_title(title, year)
        kind = EntryKind(kind)
        now = time.time()
        watched_at = None if kind is EntryKind.WATCHLIST else now
        entry = HistoryEntry(movie.id, kind, rating, watched_at, now if rating is not None else None, "manual")
        outcome = self.history().add(entry)
        return movie, outcome

    def history_remove(self, title: str, year: int | None = None) -> Movie:
        movie = self.resolve_title(title, year)
        if not self.history().remove([movie.id]):
            raise NotFoundError(f"{movie.label} is not in your history.")
        return movie

    def history_list(self, kinds=None) -> list[tuple[HistoryEntry, Movie | None]]:
        """Entries oldest first, each with its film (None if the catalog no longer has it)."""
        entries = self.history().entries(kinds)
        movies = self.catalog.get_many(e.movie_id for e in entries)
        return [(e, movies.get(e.movie_id)) for e in entries]

    def history_export(self, path: str | Path) -> int:
        store = self.history()
        return store.export_csv(Path(path), self.catalog.get_many(store.movie_ids()))

    def history_clear(self) -> int:
        return self.history().clear()

    def import_history(self, path: str | Path, fmt: str = "auto") -> HistoryImportReport:
        from .core.history_import import import_history

        return import_history(Path(path), self.catalog, self.history(), fmt, unmatched_dir=self.paths.data / "imports")

    def recommend(
        self, top: int = 10, filters: SearchFilters | None = None, backend: str | None = None
    ) -> Recommendations:
        """Films for the person whose history this is; popular films (``cold``) when it says nothing yet.

        With the Pinecone backend the index retrieves each seed's neighbours and the local
        recommender re-ranks only those candidates (plus the best-known films, which the
        popularity prior favours); on any Pinecone failure it ranks the whole local cache.
        """
        import time

        from .core.recommend import recommend

        searcher = self.searcher()
        space = self._item_space(searcher)
        taste, movie_of_row = self._taste(searcher)
        filters = filters or SearchFilters()
        allowed = searcher.attrs.mask(filters, searcher.ids)
        if (backend or self.settings.backend) == "pinecone" and len(taste):
            from .sync.search_backend import remote_searcher

            try:
                candidates = self._remote_candidates(remote_searcher(self), searcher, taste, filters)
            except BackendUnavailableError as exc:
                self.notify(f"{exc} Using local vectors instead.")
            else:
                keep = np.isin(searcher.ids, np.fromiter(candidates, dtype=np.int64))
                allowed = keep if allowed is None else allowed & keep
        ranked = recommend(space, taste, top, allowed=allowed, now=time.time())
        movies = self.catalog.get_many(int(searcher.ids[r]) for r in ranked.rows)
        seeds_used = {s for seeds in ranked.because for s in seeds}
        seed_movies = self.catalog.get_many(movie_of_row[s] for s in seeds_used)
        labels = {s: seed_movies[movie_of_row[s]].label for s in seeds_used if movie_of_row[s] in seed_movies}
        hits = []
        for row, score, seeds in zip(ranked.rows, ranked.scores, ranked.because, strict=True):
            movie = movies.get(int(searcher.ids[row]))
            if movie is not None:
                because = tuple(labels[s] for s in seeds if s in labels)
                hits.append(SearchHit(movie, float(score), because, "popular" if ranked.cold else "profile"))
        return Recommendations(hits, cold=ranked.cold, history=len(taste))

    #: Remote candidate generation: this many seeds (most recent likes first), neighbours per seed.
    REMOTE_SEEDS, REMOTE_NEIGHBOURS, REMOTE_POPULAR = 16, 100, 300

    def _remote_candidates(self, remote: Searcher, local: Searcher, taste: Taste, filters: SearchFilters) -> set[int]:
        from .core.recommend import DISLIKED

        liked = [
            i
            for i in range(len(taste))
            if taste.kinds[i] != DISLIKED and (np.isnan(taste.ratings[i]) or taste.ratings[i] >= 3.5)
        ]
        order = sorted(liked, key=lambda i: -np.nan_to_num(taste.times[i], nan=0.0))[: self.REMOTE_SEEDS]
        candidates: set[int] = set()
        for i in order:
            ids, _ = remote._nearest(np.asarray(local.matrix[taste.rows[i]]), self.REMOTE_NEIGHBOURS, filters)
            candidates.update(ids)
        popular = np.argsort(-local.attrs.renown, kind="stable")[: self.REMOTE_POPULAR]
        candidates.update(int(local.ids[r]) for r in popular)
        return candidates

    def _item_space(self, searcher: Searcher) -> ItemSpace:
        with self._lock:
            cached = self.__dict__.get("_space")
            if cached is None or cached[0] is not searcher:
                attrs = searcher.attrs
                space = ItemSpace(np.asarray(searcher.matrix), attrs.years, attrs.renown.astype(np.float32))
                cached = self.__dict__["_space"] = (searcher, space)
            return cached[1]

    def _taste(self, searcher: Searcher) -> tuple[Taste, dict[int, int]]:
        """The history as recommender input, and the film id of each of its rows."""
        from .core.recommend import KIND_CODE

        entries = self.history().entries()
        rows, kinds, ratings, times, ids = [], [], [], [], []
        for e in entries:
            row = searcher.vectors.row_of(e.movie_id)
            if row is None:
                continue
            rows.append(row)
            kinds.append(KIND_CODE[e.kind])
            ratings.append(np.nan if e.rating is None else e.rating)
            when = e.watched_at if e.watched_at is not None else e.rated_at
            times.append(np.nan if when is None else when)
            ids.append(e.movie_id)
        taste = Taste(
            np.array(rows, dtype=np.int64),
            np.array(kinds, dtype=np.int8),
            np.array(ratings, dtype=np.float32),
            np.array(times, dtype=np.float64),
        )
        return taste, dict(zip(rows, ids, strict=True))

    # ==== end of history & recommendations ====
