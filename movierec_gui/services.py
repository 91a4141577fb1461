"""The one typed door both shells (CLI and GUI) use: import, index, search, history, recommend, sync.

``Services`` owns the stores and lazily builds the expensive parts (the embedding model,
the loaded vectors, the searchers); what it builds comes from the composition root
(``wiring``). Its methods are plain and blocking (the GUI calls them from worker
threads) and return plain records (``core.models`` or the records defined here), never
the engine's objects, so a shell can only do what the façade offers.
"""

from __future__ import annotations

import atexit
import dataclasses
import logging
import os
import sqlite3
import sys
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from . import wiring
from .config import SECRET_NAMES, Paths, Settings, env_advice, get_secret, mask_secret, set_secret
from .core import ann, blas, starter
from .core.embedders.base import Embedder
from .core.errors import Action, AmbiguousTitleError, BackendUnavailableError, CacheError, NotFoundError, UserInputError
from .core.filters import filter_mask
from .core.history import HistoryStore, RelinkReport, UndoResult, normalize_rating
from .core.history_import import FORMATS as _HISTORY_FORMATS
from .core.home_lock import HomeLock
from .core.importers import FORMATS as _CATALOG_FORMATS
from .core.importers import ImportReport, reader_for
from .core.importers.history_base import HistoryImportReport
from .core.indexer import IndexProgress, IndexReport, build_index, plan, stamp_for
from .core.matching import did_you_mean
from .core.models import EntryKind, HistoryEntry, HitSource, Movie, SearchFilters, SearchHit
from .core.nearest import NearestBackend
from .core.not_interested import SCOPES as NI_SCOPES
from .core.not_interested import NotInterested, NotInterestedStore
from .core.not_interested import hidden_ids as ni_hidden_ids
from .core.posters import PosterStore
from .core.query import SearchResult
from .core.recommend import ItemSpace, Ranked, Recommendations, Taste
from .core.recovery import CatalogSources, RunMarkers, open_catalog, open_history
from .core.search import Searcher
from .core.shelves import BECAUSE_PREFIX, Shelf, rank_shelf, shelf_keys
from .core.shelves import TITLES as SHELF_TITLES
from .core.snapshots import Snapshot, SnapshotError, Snapshots
from .core.vector_cache import VectorCache, VectorSet
from .sync.tmdb_records import LISTS as TMDB_LISTS
from .sync.tmdb_records import MAX_LIMIT as TMDB_MAX_LIMIT
from .sync.tmdb_records import FetchPlan, FetchReport, FetchRequest, Wanted

if TYPE_CHECKING:
    from .sync.sync import SyncReport
    from .sync.tmdb_state import FetchStateStore

log = logging.getLogger(__name__)

#: The filter rules search applies, as a NumPy mask over film columns (the app's browse list uses
#: the very same function, so a filter widget means the same thing everywhere).
__all__ = ["TMDB_LISTS", "FetchPlan", "FetchReport", "FetchRequest", "filter_mask"]

#: What ``import_catalog`` / ``import_history`` accept as ``fmt``.
CATALOG_FORMATS: tuple[str, ...] = tuple(_CATALOG_FORMATS)
HISTORY_FORMATS: tuple[str, ...] = tuple(_HISTORY_FORMATS)
#: ``progress(done, total)`` for imports and syncs; ``cancel()`` raises ``Cancelled``.
Progress = Callable[[int, int], None]
CancelCheck = Callable[[], None]
#: A one-line notice for the person, with the remedy it names (if any).
Notify = Callable[[str, Action | None], None]


# ============================================================================ records
@dataclass(frozen=True)
class CacheStatus:
    """Whether search can run: a usable vector cache, and whether some films still lack a vector."""

    ok: bool
    stale: bool
    films: int
    vectors: int
    reason: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"ok": self.ok, "stale": self.stale, "count": self.vectors, "catalog": self.films, "reason": self.reason}


@dataclass(frozen=True)
class IndexPlan:
    """What ``index`` would do, told before a paid run (Vorta's ``prepare()``)."""

    embedder: str
    model: str
    total: int
    to_embed: int
    tokens: int
    paid: bool
    cost_usd: float | None

    @property
    def price(self) -> str:
        if not self.paid:
            return "free"
        if self.cost_usd is None:
            return "an unknown cost"
        return f"about ${self.cost_usd:.2f}" if self.cost_usd >= 0.01 else "less than $0.01"

    def describe(self) -> str:
        return f"{self.model}: {self.to_embed:,} films to embed, ~{self.tokens:,} tokens, {self.price}."


@dataclass(frozen=True)
class CatalogInfo:
    films: int
    sources: dict[str, int]
    embedder: str
    cache: CacheStatus
    home: str
    catalog_file: str

    def to_json(self) -> dict[str, Any]:
        return {
            "films": self.films,
            "sources": self.sources,
            "embedder": self.embedder,
            "cache": self.cache.to_json(),
            "home": self.home,
        }


@dataclass(frozen=True)
class Details:
    movie: Movie | None
    entry: HistoryEntry | None


@dataclass(frozen=True)
class HistoryItem:
    """One history entry with its film (``None`` when the catalog no longer has it).

    ``known_title``/``known_year`` are what the history stored about the film, shown while
    the film is absent (it re-links when a catalog brings it back).
    """

    entry: HistoryEntry
    movie: Movie | None
    known_title: str = ""
    known_year: int | None = None

    @property
    def title(self) -> str:
        if self.movie:
            return self.movie.title
        return self.known_title or f"(film #{self.entry.movie_id})"

    @property
    def year(self) -> int | None:
        return self.movie.year if self.movie else self.known_year

    @property
    def in_catalog(self) -> bool:
        return self.movie is not None


@dataclass(frozen=True)
class ImportPreview:
    """A history import worked out but not written: its report, and the films it would add or change."""

    report: HistoryImportReport
    new: list[HistoryItem]
    changed: list[HistoryItem]


@dataclass(frozen=True)
class ListingRow:
    """One film of the browse list."""

    id: int
    title: str
    year: int | None
    genres: tuple[str, ...]
    runtime: int | None
    renown: float


@dataclass(frozen=True)
class MapPoints:
    """The film vectors (one row per film) and labels, for the taste map's projection."""

    ids: np.ndarray
    vectors: np.ndarray
    labels: list[str]


@dataclass(frozen=True)
class SettingsForm:
    """The settings a person edits in the app (no secrets here)."""

    embedder: str
    openai_base_url: str | None
    openai_model: str
    backend: str
    pinecone_index: str
    theme: str
    #: The local model's kernels: "integer" (fast indexing) or "exact" (the shipped graph as it is).
    local_kernels: str = "integer"


@dataclass(frozen=True)
class Folders:
    data: Path
    config: Path
    cache: Path

    @property
    def logs(self) -> Path:
        return self.cache / "logs"

    @property
    def imports(self) -> Path:
        return self.data / "imports"

    @property
    def posters(self) -> Path:
        return self.data / "posters"


#: Settings fields that change how search runs (a change rebuilds the embedder and searchers).
_SEARCH_FIELDS = ("embedder", "local_kernels", "openai_base_url", "openai_model", "backend", "pinecone_index")


@dataclass(frozen=True)
class _RecContext:
    """Everything one recommendation request reads, gathered once."""

    searcher: Searcher
    space: ItemSpace
    movies: list[Movie]
    taste: Taste
    movie_of_row: dict[int, int]
    allowed: np.ndarray | None
    exclude: np.ndarray


# ============================================================================ the façade
class Services:
    def __init__(
        self,
        home: str | Path | None = None,
        settings: Settings | None = None,
        embedder: Embedder | None = None,
        notify: Notify | None = None,
    ) -> None:
        self._paths = Paths.resolve(home).ensure()
        self._settings = (settings or Settings.load(self._paths.settings_file)).with_env()
        self._notify = notify
        self._unheard: list[tuple[str, Action | None]] = []
        self._markers = RunMarkers(self._paths.data / "running")
        self._unclean = self._markers.enter()
        atexit.register(self._markers.leave)
        self._home_lock = HomeLock(self._paths.data / "writer.lock")
        #: Seconds a writing job waits for another process's job before giving up.
        self.lock_wait = float(os.environ.get("MOVIEREC_LOCK_WAIT", "30"))
        starter_files = wiring.starter_files() if os.environ.get("MOVIEREC_STARTER", "1") != "0" else []
        self._catalog, notice = open_catalog(
            self._paths.catalog_db, self._unclean, starter_files, self._catalog_sources()
        )
        if notice:
            self.notify(notice)
        self._history_store: HistoryStore | None = None
        self._embedder_given = embedder
        self._embedder: Embedder | None = embedder
        self._model_in_background = False
        self._searcher: Searcher | None = None
        self._searcher_key: tuple[object, ...] | None = None
        self._remote: tuple[Searcher, Searcher] | None = None  # (local searcher it wraps, remote twin)
        self._space: tuple[Searcher, ItemSpace, list[Movie]] | None = None
        self._ni_store: NotInterestedStore | None = None
        self._lock = threading.RLock()

    # ---------------------------------------------------------------- identity & settings
    @property
    def folders(self) -> Folders:
        return Folders(self._paths.data, self._paths.config, self._paths.cache)

    @property
    def embedder_kind(self) -> str:
        return self._settings.embedder

    @property
    def backend(self) -> str:
        return self._settings.backend

    @property
    def theme(self) -> str:
        return self._settings.theme

    @property
    def openai_is_paid(self) -> bool:
        from .core.embedders.openai_api import is_paid

        return is_paid(self._settings.openai_base_url)

    def settings_form(self) -> SettingsForm:
        s = self._settings
        return SettingsForm(
            s.embedder, s.openai_base_url, s.openai_model, s.backend, s.pinecone_index, s.theme, s.local_kernels
        )

    @staticmethod
    def masked_secrets() -> dict[str, str]:
        """What the app may show of each stored key (its last four characters at most)."""
        return {name: mask_secret(get_secret(name)) for name in SECRET_NAMES}

    def save_settings(self, form: SettingsForm, secrets: dict[str, str] | None = None) -> bool:
        """Store the form and the keys (``""`` forgets a key); True if search changes (rebuilt here)."""
        secrets = secrets or {}
        path = self._paths.settings_file
        stored = dataclasses.replace(Settings.load(path), **dataclasses.asdict(form))
        problem = self.settings_problem(form, secrets)  # validate first: nothing is written on a refusal
        if problem:
            raise UserInputError(problem)
        before = self._settings
        for name, value in secrets.items():  # a missing keyring stops here, before settings.json changes
            set_secret(name, value or None)
        stored.save(path)
        self._settings = stored.with_env()
        changed = bool(secrets) or any(getattr(before, f) != getattr(self._settings, f) for f in _SEARCH_FIELDS)
        if changed:
            self._reconfigure()
        return changed

    @staticmethod
    def settings_problem(form: SettingsForm, secrets: dict[str, str] | None = None) -> str | None:
        """Why ``form`` (with the keys about to be stored) cannot work, or ``None``."""
        secrets = secrets or {}
        candidate = dataclasses.replace(Settings(), **dataclasses.asdict(form))
        problems = candidate.problems()
        if problems:
            return f"Settings not saved: {problems[0]}."

        def has_key(name: str) -> bool:
            return bool(secrets[name]) if name in secrets else bool(get_secret(name))

        if candidate.embedder == "openai" and not candidate.openai_base_url and not has_key(wiring.OPENAI_KEY):
            return f"OpenAI needs an API key: enter it here, or {env_advice(wiring.OPENAI_KEY)}."
        if candidate.backend == "pinecone" and not has_key(wiring.PINECONE_KEY):
            return f"Pinecone needs an API key: enter it here, or {env_advice(wiring.PINECONE_KEY)}."
        return None

    def _reconfigure(self) -> None:
        from .sync.search_backend import forget_backends

        with self._lock:
            self._embedder = self._embedder_given if self._settings.embedder == "local" else None
            if self._embedder is not None and self._embedder.name.startswith("openai"):
                self._embedder = None
            self._searcher = self._remote = self._space = None
            self._searcher_key = None
        forget_backends()

    def notify(self, message: str, action: Action | None = None) -> None:
        """A one-line notice for the user: stderr by default; each shell passes its own ``notify``."""
        if self._notify is not None:
            self._notify(message, action)
        else:
            print(f"movierec: {message}", file=sys.stderr)
            self._unheard.append((message, action))

    def set_notifier(self, notify: Notify | None) -> None:
        """Send notices to ``notify`` from now on; notices given before any notifier (e.g. a damaged
        database found while opening the home) are repeated to it first."""
        self._notify = notify
        if notify is not None:
            unheard, self._unheard = self._unheard, []
            for message, action in unheard:
                notify(message, action)

    def load_model_in_background(self) -> None:
        """Load the local model on a thread while the rest starts (a one-shot command's first query:
        the app does not, its first browse list suffers from the overlap on 2 cores)."""
        self._model_in_background = True

    # ---------------------------------------------------------------- engine parts (private)
    def _get_embedder(self, kind: str | None = None) -> Embedder:
        with self._lock:
            cache = self._paths.cache
            if kind and kind != self._settings.embedder:
                return wiring.make_embedder(self._settings, kind, cache)
            if self._embedder is None:
                self._embedder = wiring.make_embedder(self._settings, cache=cache, background=self._model_in_background)
            return self._embedder

    def _cache(self, embedder: Embedder | None = None) -> VectorCache:
        return VectorCache(self._paths.vectors, (embedder or self._get_embedder()).name, remember_verified=True)

    def _vectors(self) -> VectorSet:
        """The verified vector set of the current embedder (raises ``CacheError``)."""
        emb = self._get_embedder()
        return self._cache(emb).load(expect=stamp_for(emb))

    def _shipped(self, embedder_name: str) -> VectorSet | None:
        return starter.shipped_vectors(wiring.starter_vectors_root(), embedder_name)

    def _local_searcher(self) -> Searcher:
        with self._lock:
            emb = self._get_embedder()
            key = (emb.name, self._catalog.revision)
            if self._searcher is None or self._searcher_key != key:
                searcher = Searcher(self._catalog, self._vectors(), _query_embedder(emb))
                self._searcher = wiring.accelerate(searcher, self._cache(emb).root)
                self._searcher_key = key
                self._remote = None
            return self._searcher

    def _remote_searcher(self) -> Searcher:
        """The local searcher with Pinecone as its nearest-neighbour step (built once per searcher)."""
        local = self._local_searcher()
        with self._lock:
            if self._remote is not None and self._remote[0] is local:
                return self._remote[1]
        remote = local.with_nearest(self._pinecone_nearest(local))
        with self._lock:
            self._remote = (local, remote)
        return remote

    def _pinecone_nearest(self, local: Searcher) -> NearestBackend:
        from .sync.search_backend import pinecone_nearest

        emb = self._get_embedder()
        target = wiring.pinecone_target(self._settings, emb.name)
        return pinecone_nearest(
            lambda: wiring.pinecone_client(self._settings, remote=True),
            target,
            local.vectors,
            self._cache(emb).root,
            self._catalog.genres(),
        )

    def _on_backend(self, backend: str | None, run: Callable[[Searcher], list[SearchHit]]) -> list[SearchHit]:
        """Run ``run`` on Pinecone when asked (``backend`` or settings); locally otherwise or on failure."""
        if (backend or self._settings.backend) == "pinecone":
            try:
                return run(self._remote_searcher())
            except BackendUnavailableError as exc:
                self.notify(f"{exc} Using local search instead.", exc.action)
        searcher = self._local_searcher()
        with blas.one_thread():  # a query's pass over the matrix: faster on one thread (core.blas)
            return run(searcher)

    # ---------------------------------------------------------------- cache & index
    def cache_status(self) -> CacheStatus:
        """Whether the cache is usable and complete, for first-run prompts."""
        emb = self._get_embedder()
        films = self._catalog.count()
        try:
            vs = self._cache(emb).load(expect=stamp_for(emb))  # checksums too: never "up to date" on a bad file
        except CacheError as exc:
            return CacheStatus(False, False, films, 0, str(exc))
        stale = len(vs) != films or vs.manifest.catalog_revision != self._catalog.revision
        return CacheStatus(True, stale, films, len(vs))

    def startup(self) -> CacheStatus:
        """First look at the home: install the starter catalog if needed (no embedding), then check the cache."""
        self.ensure_starter()
        return self.cache_status()

    def warm_up(self) -> None:
        """Load the model and the vectors before the first query asks for them."""
        self._local_searcher().prepare()

    def plan_index(self, embedder: str | None = None) -> IndexPlan:
        """How many films ``index`` would embed, and for a paid API the tokens and the price."""
        from .core.embedders.openai_api import estimate_cost_usd, estimate_tokens, is_paid

        kind = embedder or self._settings.embedder
        emb = self._get_embedder(kind)
        ids, views, hashes = plan(self._catalog)
        cache = self._cache(emb)
        known: dict[str, str] = {}
        if cache.exists():
            try:
                known = cache.read_manifest().hashes
            except CacheError:
                known = {}
        shipped = self._shipped(emb.name)
        fits = shipped is not None and shipped.manifest.stamp == stamp_for(emb)
        donated = set(shipped.manifest.hashes.values()) if shipped is not None and fits else set()
        todo = [
            vs for m, vs, h in zip(ids, views, hashes, strict=True) if known.get(str(int(m))) != h and h not in donated
        ]
        paid = kind == "openai" and is_paid(self._settings.openai_base_url)
        model = self._settings.openai_model if kind == "openai" else emb.name
        tokens = estimate_tokens(t for vs in todo for t in vs) if kind == "openai" else 0
        cost = estimate_cost_usd(model, tokens) if paid else 0.0
        return IndexPlan(emb.name, model, len(ids), len(todo), tokens, paid, cost)

    def index(
        self, progress: IndexProgress | None = None, embedder: str | None = None, force: bool = False
    ) -> IndexReport:
        emb = self._get_embedder(embedder)
        donor = self._shipped(emb.name)
        with self._writing("indexing"):
            report = build_index(
                self._catalog, emb, self._cache(emb), progress=progress, force=force, donors=[donor] if donor else []
            )
            ann.prepare(self._cache(emb))  # large catalogs: the search accelerator is ready before the first query
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
        files = wiring.starter_files()
        if not files or (not force and self._catalog.get_meta(starter.META_KEY) == starter.digest(files)):
            return False  # current: no lock needed, so reading commands never wait for a writer
        with self._writing("installing the starter catalog"):
            report = starter.install(self._catalog, files, force=force)
        if report is None:
            return False
        self._catalog_changed()
        if self._settings.embedder != "local":
            return True
        status = self.cache_status()
        donor = self._shipped(self._get_embedder().name)
        fits = donor is not None and donor.manifest.stamp == stamp_for(self._get_embedder())
        if not status.ok or status.stale:
            if fits and not status.ok:
                self.index(progress=progress)  # copies shipped vectors, embeds nothing
            elif progress is not None:
                self.index(progress=progress)
        return True

    def import_catalog(
        self, path: str | Path, fmt: str = "auto", progress: Callable[[int], None] | None = None
    ) -> ImportReport:
        source, rows = reader_for(fmt, Path(path))
        with self._writing("importing films"):
            report = self._catalog.import_rows(rows, source, str(path), progress=progress)
        if report.imported:
            self._catalog_sources().record(Path(path), fmt)
        self._catalog_changed()
        return report

    def catalog_info(self) -> CatalogInfo:
        return CatalogInfo(
            films=self._catalog.count(),
            sources=self._catalog.counts_by_source(),
            embedder=self._settings.embedder,
            cache=self.cache_status(),
            home=str(self._paths.data),
            catalog_file=str(self._paths.catalog_db),
        )

    def film_count(self) -> int:
        return self._catalog.count()

    def imported_film_count(self) -> int:
        """Films that ``reset_catalog`` would remove (those no bundled source also brings)."""
        sources = self._catalog.counts_by_source()
        return sum(n for src, n in sources.items() if src != starter.SOURCE)

    def reset_catalog(self, refresh_starter: bool = False) -> int:
        """Forget imported catalogs; returns films removed. The history is snapshotted first and never orphaned.

        The bundled starter films stay (``refresh_starter`` re-installs them from the bundle);
        history entries of removed films keep their title and year and re-link when the films
        are imported again.
        """
        self._snapshots().take("before-catalog-reset")
        removed = 0
        with self._writing("resetting the catalog"):
            for source in list(self._catalog.counts_by_source()):
                if source != starter.SOURCE:
                    removed += self._catalog.delete_source(source)
            self._catalog_sources().clear()
        if refresh_starter:
            self.ensure_starter(force=True)
        self._catalog_changed()
        return removed

    def _catalog_changed(self) -> None:
        """After any catalog change: searchers are rebuilt, and the history re-links to the films."""
        with self._lock:
            self._searcher = None
        if self._history_store is not None or self._paths.history_db.exists():
            self._relink(self._history())

    def _catalog_sources(self) -> CatalogSources:
        return CatalogSources(self._paths.data / "catalog-sources.json")

    def _writing(self, what: str) -> Any:
        """Hold the home's writer lock while ``what`` runs (another process's job: wait, then a clear error)."""
        return self._home_lock.hold(what, wait=self.lock_wait, notify=self.notify)

    def browse(self) -> list[ListingRow]:
        """Every film, by id (the app's browse list)."""
        return [ListingRow(*row) for row in self._catalog.listing()]

    def film(self, movie_id: int) -> Movie | None:
        return self._catalog.get(movie_id)

    def films(self, movie_ids: Iterable[int]) -> dict[int, Movie]:
        return self._catalog.get_many(movie_ids)

    def details(self, movie_id: int) -> Details:
        return Details(self._catalog.get(movie_id), self._history().get(movie_id))

    # ---------------------------------------------------------------- posters
    def _posters(self) -> PosterStore:
        return PosterStore(self.folders.posters)

    def poster_path(self, movie: Movie) -> Path | None:
        """The image file to show for ``movie`` (picked by the person, else downloaded), or ``None``."""
        return self._posters().path_for(movie)

    def set_poster(self, movie_id: int, image: str | Path) -> Path:
        """Use ``image`` as a film's poster (copied into the data folder)."""
        movie = self._catalog.get(movie_id)
        if movie is None:
            raise NotFoundError("That film is no longer in the catalog.")
        try:
            return self._posters().set_user_image(movie, Path(image))
        except (OSError, ValueError) as exc:
            raise UserInputError(f"Cannot use {Path(image).name} as a poster: {exc}") from None

    def clear_poster_cache(self) -> int:
        """Forget downloaded posters (the person's own picks stay); returns how many files went."""
        return self._posters().clear_downloaded()

    def map_points(self, check: CancelCheck | None = None) -> MapPoints:
        """Vectors and labels of every indexed film (the taste map projects them)."""
        searcher = self._local_searcher()
        if check:
            check()
        listing = {row.id: row for row in self.browse()}
        labels = [_label(listing.get(int(m))) for m in searcher.ids]
        return MapPoints(np.asarray(searcher.ids, dtype=np.int64), searcher.matrix, labels)

    # ---------------------------------------------------------------- search
    def search(
        self, query: str, top: int = 10, filters: SearchFilters | None = None, backend: str | None = None
    ) -> list[SearchHit]:
        return self._on_backend(backend, lambda s: s.search(query, top, filters))

    def search_result(
        self,
        query: str,
        filters: SearchFilters | None = None,
        top: int = 50,
        understand: bool = True,
        drop: frozenset[str] = frozenset(),
        backend: str | None = None,
    ) -> SearchResult:
        """Hits plus the constraints understood from ``query`` (chips); ``drop`` = chip keys removed.

        ``relaxed`` is True when the understood constraints left nothing and the hits ignore them.
        """
        found: list[SearchResult] = []

        def run(s: Searcher) -> list[SearchHit]:
            found.append(s.search_result(query, top, filters, understand, drop))
            return found[-1].hits

        self._on_backend(backend, run)
        return found[-1]

    def resolve_title(self, title: str, year: int | None = None) -> Movie:
        """The one film a user means by ``title`` (and ``year``), or a clear error."""
        matches = self._catalog.find_title(title, year)
        if not matches and year is not None:
            matches = self._catalog.find_title(title, year, year_slack=1)
        if not matches:
            names = [m.label for m in did_you_mean(self._catalog, title)]
            hint = f" Did you mean: {'; '.join(dict.fromkeys(names))}?" if names else ""
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

    def similar_to(
        self, movie_id: int, top: int = 10, filters: SearchFilters | None = None, backend: str | None = None
    ) -> tuple[Movie, list[SearchHit]]:
        """"More like this" for a film the shell already holds by id."""
        movie = self._catalog.get(movie_id)
        if movie is None:
            raise NotFoundError("That film is no longer in the catalog.")
        return movie, self._on_backend(backend, lambda s: s.similar(movie, top, filters))

    # ---------------------------------------------------------------- history
    def _history(self) -> HistoryStore:
        with self._lock:
            if self._history_store is None:
                store, notice = open_history(
                    self._paths.history_db, self._unclean, self._snapshots(), self._identify
                )
                if notice:
                    self.notify(notice)
                self._history_store = store
                try:
                    self._snapshots().take_daily()
                except SnapshotError as exc:  # reading must go on (a full disk); destructive steps refuse
                    log.warning("%s", exc)
                self._relink(store)
            return self._history_store

    def _identify(self, ids: list[int]) -> dict[int, Any]:
        try:
            return dict(self._catalog.identities(ids))
        except sqlite3.DatabaseError:
            return {}

    def _relink(self, store: HistoryStore) -> RelinkReport:
        """Re-attach history entries to their films when the catalog changed since the last time."""
        try:
            stamp = f"{self._catalog.instance}:{self._catalog.revision}"
            if store.get_meta("linked_to") == stamp:
                return RelinkReport()
            report = store.relink(self._catalog)
            store.set_meta("linked_to", stamp)
        except sqlite3.DatabaseError as exc:
            log.warning("history not re-linked: %s", exc)
            return RelinkReport()
        if report.relinked or report.merged:
            log.info("history re-linked: %s", report)
        return report

    def _snapshots(self) -> Snapshots:
        return Snapshots(self._paths.data / "snapshots", self._paths.history_db)

    def history_snapshots(self) -> list[Snapshot]:
        """The history's snapshots, newest first (``history_restore`` takes one's name)."""
        return self._snapshots().list()

    def history_snapshot(self, reason: str = "manual") -> Snapshot | None:
        self._history()
        return self._snapshots().take(reason)

    def history_restore(self, name: str) -> tuple[Snapshot, Snapshot | None]:
        """Put the history back as ``name`` held it; returns it and the snapshot of what it replaced."""
        snaps = self._snapshots()
        snap = snaps.find(name)
        with self._writing("restoring the history"), self._lock:
            if self._history_store is not None:
                self._history_store.close()
                self._history_store = None
            before = snaps.restore(snap)
            store = HistoryStore(self._paths.history_db, identify=self._identify)
            self._history_store = store
            store.set_meta("linked_to", "")
            self._relink(store)
        return snap, before

    def history_last_import(self) -> tuple[str, float] | None:
        """``(label, time)`` of the import ``history_undo_import`` would undo, if any."""
        last = self._history().last_batch()
        return (last[1], last[2]) if last else None

    def history_undo_import(self) -> UndoResult:
        """Undo the newest history import (entries changed since are kept)."""
        store = self._history()
        if store.last_batch() is None:
            raise NotFoundError("There is no history import to undo.")
        with self._writing("changing the history"):
            self._snapshots().take("before-undo-import")
            result = store.undo_last_batch()
        assert result is not None
        return result

    def history_ids(self) -> frozenset[int]:
        """Every film in the history (watched, liked, disliked, watchlist): hidden from suggestions."""
        return frozenset(self._history().movie_ids())

    def history_count(self) -> int:
        return self._history().count()

    def history_entry(self, movie_id: int) -> HistoryEntry | None:
        return self._history().get(movie_id)

    def history_add(
        self, title: str, year: int | None = None, kind: EntryKind | str = "watched", rating: float | None = None
    ) -> tuple[Movie, str]:
        """Add or update one film (``UserInputError`` for an unknown or ambiguous title, a bad rating)."""
        try:
            rating = normalize_rating(rating)
        except ValueError as exc:
            raise UserInputError(f"{exc} (use half stars: 0.5, 1, … 5)") from None
        movie = self.resolve_title(title, year)
        kind = EntryKind(kind)
        now = time.time()
        entry = _manual_entry(movie.id, kind, rating, now)
        return movie, self._history().add(entry)

    def history_remove(self, title: str, year: int | None = None) -> Movie:
        """Forget a film by title; a film no longer in the catalog is found by the title stored with it."""
        try:
            movie = self.resolve_title(title, year)
        except NotFoundError:
            absent = self._absent_entry(title, year)
            if absent is None:
                raise
            movie = absent
        if not self._history().remove([movie.id]):
            raise NotFoundError(f"{movie.label} is not in your history.")
        return movie

    def _absent_entry(self, title: str, year: int | None) -> Movie | None:
        """The history entry, among those whose film left the catalog, that ``title`` (and ``year``) names."""
        from .core.text import normalize_title

        key = normalize_title(title)
        found = [
            Movie(mid, ident.title, ident.year)
            for mid, ident in self._history().identities().items()
            if mid < 0 and normalize_title(ident.title) == key and (year is None or ident.year == year)
        ]
        return found[0] if len(found) == 1 else None

    def history_list(self, kinds: Sequence[EntryKind] | None = None) -> list[HistoryItem]:
        """Entries oldest first, each with its film (None if the catalog no longer has it: then the
        title and year stored with the entry name it)."""
        store = self._history()
        entries = store.entries(kinds)
        movies = self._films_or_none(e.movie_id for e in entries)
        known = store.identities()
        return [HistoryItem(e, movies.get(e.movie_id), *_known(known.get(e.movie_id))) for e in entries]

    def _films_or_none(self, ids: Iterable[int]) -> dict[int, Movie]:
        """Films by id; none (with a notice) when the catalog cannot be read, so the history still shows."""
        try:
            return self._catalog.get_many(i for i in ids if i > 0)
        except sqlite3.DatabaseError as exc:
            self.notify(f"The catalog database cannot be read ({exc}); using the titles stored with your history.")
            return {}

    def mark(self, movie_ids: Sequence[int], kind: EntryKind) -> int:
        """Say something about films (merged with what the history already says); returns how many changed."""
        now = time.time()
        counts = self._history().add_many(_manual_entry(int(m), kind, None, now) for m in movie_ids)
        return counts.added + counts.updated

    def set_kind(self, movie_ids: Sequence[int], kind: EntryKind) -> None:
        """Change the status of films already in the history (the user changed their mind)."""
        store = self._history()
        for m in movie_ids:
            old = store.get(int(m))
            if old is not None:
                store.set(dataclasses.replace(old, kind=kind))

    def rate(self, movie_id: int, rating: float | None) -> None:
        """Set (or with ``None`` clear) a film's rating; a film not in the history becomes "watched"."""
        store = self._history()
        now = time.time()
        old = store.get(movie_id) or _manual_entry(movie_id, EntryKind.WATCHED, None, now)
        rating = normalize_rating(rating)
        store.set(dataclasses.replace(old, rating=rating, rated_at=now if rating is not None else None))

    def forget(self, movie_ids: Sequence[int]) -> int:
        """Remove films from the history; returns how many were there."""
        return self._history().remove(movie_ids)

    def history_export(self, path: str | Path) -> int:
        """Write the history as CSV to a regular file, atomically (works even if the catalog is damaged)."""
        store = self._history()
        return store.export_csv(Path(path), self._films_or_none(store.movie_ids()))

    def history_clear(self) -> int:
        """Forget every entry (a snapshot is taken first: ``history_restore`` brings them back)."""
        store = self._history()
        with self._writing("changing the history"):
            self._snapshots().take("before-clear")
            return store.clear()

    def import_history(
        self, path: str | Path, fmt: str = "auto", confirm: Callable[[int, int], bool] | None = None
    ) -> HistoryImportReport:
        """Import a history file as one undoable batch.

        ``confirm(added, updated)`` is asked before an import that changes many entries
        (``core.history_import.BIG_IMPORT``); a no cancels it with nothing changed.
        """
        from .core.history_import import import_history

        store = self._history()
        with self._writing("importing a history"):
            self._snapshots().take("before-import")
            return import_history(
                Path(path), self._catalog, store, fmt, unmatched_dir=self.folders.imports, confirm=confirm
            )

    # ---------------------------------------------------------------- recommendations
    def recommend(
        self, top: int = 10, filters: SearchFilters | None = None, backend: str | None = None
    ) -> Recommendations:
        """Films for the person whose history this is; popular films (``cold``) when it says nothing yet.

        Taste decides, popularity only orders comparably close films; history films, their
        duplicates, "not interested" films and sequels of unseen or disliked series never
        appear. Each hit's ``reason`` names a seed only when the film is truly near it.
        With the Pinecone backend the index retrieves each seed's neighbours and the local
        recommender re-ranks only those candidates (plus the best-known films); on any
        Pinecone failure it ranks the whole local cache.
        """
        from .core.recommend import recommend

        ctx = self._rec_context(filters)
        allowed = ctx.allowed
        if (backend or self._settings.backend) == "pinecone" and len(ctx.taste):
            try:
                candidates = self._remote_candidates(self._remote_searcher(), ctx.searcher, ctx.taste,
                                                     filters or SearchFilters())
            except BackendUnavailableError as exc:
                self.notify(f"{exc} Using local vectors instead.", exc.action)
            else:
                keep = np.isin(ctx.searcher.ids, np.fromiter(candidates, dtype=np.int64))
                allowed = keep if allowed is None else allowed & keep
        with blas.one_thread():  # its products are small: one thread beats a spinning pool (core.blas)
            ranked = recommend(ctx.space, ctx.taste, top, allowed=allowed, now=time.time(), exclude=ctx.exclude)
        return Recommendations(self._rec_hits(ctx, ranked), cold=ranked.cold, history=len(ctx.taste))

    def recommend_shelves(self, per_shelf: int = 12, filters: SearchFilters | None = None) -> list[Shelf]:
        """The recommendation rows: "Because you liked X" per strong seed, "Hidden gems",
        "From directors you like", "Finish the series", and "Popular picks" (not personal).
        Empty shelves are left out."""
        from .core.recommend import score

        ctx = self._rec_context(filters)
        with blas.one_thread():  # one scoring, shared by the personal shelves
            scored = score(ctx.space, ctx.taste, now=time.time())
        out = []
        for key in shelf_keys(ctx.taste):
            shelf = self._shelf(ctx, key, per_shelf, scored)
            if shelf is not None and shelf.hits:
                out.append(shelf)
        return out

    def recommend_shelf(self, name: str, top: int = 12, filters: SearchFilters | None = None) -> Shelf:
        """One shelf by key ("hidden-gems", "because:<film id>", …) or title; ``UserInputError`` if none."""
        ctx = self._rec_context(filters)
        wanted = name.strip().casefold()
        for key in shelf_keys(ctx.taste):
            public = self._shelf_key(ctx, key)
            title = self._shelf_title(ctx, key)
            if wanted in (public.casefold(), title.casefold()):
                shelf = self._shelf(ctx, key, top)
                if shelf is not None:
                    return shelf
        names = ", ".join(self.shelf_names())
        raise UserInputError(f"No shelf named {name!r}. Shelves: {names}.")

    def shelf_names(self) -> list[str]:
        """The keys of the shelves this history has ("because:<film id>", "hidden-gems", …)."""
        ctx = self._rec_context(None)
        return [self._shelf_key(ctx, k) for k in shelf_keys(ctx.taste)]

    def _shelf_key(self, ctx: _RecContext, key: str) -> str:
        if key.startswith(BECAUSE_PREFIX):
            return f"{BECAUSE_PREFIX}{ctx.movie_of_row[int(ctx.taste.rows[int(key[len(BECAUSE_PREFIX):])])]}"
        return key

    def _shelf_title(self, ctx: _RecContext, key: str) -> str:
        if key.startswith(BECAUSE_PREFIX):
            row = int(ctx.taste.rows[int(key[len(BECAUSE_PREFIX):])])
            movie = ctx.movies[row]
            return f"Because you liked {movie.label}"
        return SHELF_TITLES[key]

    def _shelf(
        self, ctx: _RecContext, key: str, k: int, scored: tuple[np.ndarray, bool] | None = None
    ) -> Shelf | None:
        ranked = rank_shelf(key, ctx.space, ctx.taste, k, allowed=ctx.allowed, exclude=ctx.exclude, now=time.time(),
                            scored=scored)
        if ranked is None:
            return None
        hits = self._rec_hits(ctx, ranked.ranked, personal=ranked.personal)
        return Shelf(self._shelf_key(ctx, key), self._shelf_title(ctx, key), hits, ranked.personal)

    def _rec_context(self, filters: SearchFilters | None) -> _RecContext:
        searcher = self._local_searcher()
        space, movies = self._item_space(searcher)
        taste, movie_of_row = self._taste(searcher)
        allowed = searcher.attrs.mask(filters or SearchFilters(), searcher.ids)
        hidden = self.hidden_ids()
        rows = [r for r in (searcher.vectors.row_of(m) for m in hidden) if r is not None]
        return _RecContext(searcher, space, movies, taste, movie_of_row, allowed, np.array(rows, dtype=np.int64))

    def _rec_hits(self, ctx: _RecContext, ranked: Ranked, personal: bool = True) -> list[SearchHit]:
        """Films for ranked rows, each with a reason that holds (see ``core.recommend.seed_reason``)."""
        from .core.recommend import fit_reason, seed_reason

        seed_of_row = {int(r): i for i, r in enumerate(ctx.taste.rows)}
        unnamed = [int(r) for r, seeds in zip(ranked.rows, ranked.because, strict=True) if not seeds]
        fits = dict(zip(unnamed, fit_reason(ctx.space, ctx.taste, unnamed), strict=True)) if personal else {}
        hits = []
        for row, score, seeds in zip(ranked.rows, ranked.scores, ranked.because, strict=True):
            movie = ctx.movies[int(row)]
            labels = tuple(ctx.movies[s].label for s in seeds)
            reason = ""
            if ranked.cold or not personal:
                reason = "Popular pick"
            elif seeds:
                i = seed_of_row[seeds[0]]
                reason = seed_reason(int(ctx.taste.kinds[i]), float(ctx.taste.ratings[i]), labels[0])
            else:
                reason = fits.get(int(row), "")
            via = HitSource.POPULAR if ranked.cold or not personal else HitSource.PROFILE
            hits.append(SearchHit(movie, float(score), labels if personal else (), via, reason))
        return hits

    def _taste(self, searcher: Searcher) -> tuple[Taste, dict[int, int]]:
        """The history as recommender input, and the film id of each of its rows."""
        from .core.recommend import KIND_CODE

        entries = self._history().entries()
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

    # ---------------------------------------------------------------- not interested
    def _not_interested_store(self) -> NotInterestedStore:
        with self._lock:
            if self._ni_store is None:
                self._ni_store = NotInterestedStore(self._paths.history_db)
            return self._ni_store

    def not_interested(self, movie_ids: Sequence[int], scope: str = "film", undo: bool = False) -> int:
        """Never suggest these films again (``scope`` "film"), nor anything by their director
        ("director") or of their series ("series"); ``undo`` takes it back. Returns rows changed."""
        if scope not in NI_SCOPES:
            raise UserInputError(f"Unknown scope {scope!r}: use {', '.join(NI_SCOPES)}.")
        store = self._not_interested_store()
        movies = self._catalog.get_many(int(m) for m in movie_ids)
        changed = 0
        for m in movie_ids:
            movie = movies.get(int(m))
            if movie is None:
                continue
            if scope == "director" and not movie.directors:
                raise UserInputError(f"The catalog names no director for {movie.label}.")
            changed += store.remove(movie, scope) if undo else store.add(movie, scope)
        return changed

    def not_interested_list(self) -> list[NotInterested]:
        """Every "not interested" statement, oldest first."""
        return self._not_interested_store().entries()

    def hidden_ids(self) -> frozenset[int]:
        """Every film hidden by a "not interested" statement of any scope."""
        entries = self._not_interested_store().entries()
        if not entries:
            return frozenset()
        if all(e.scope == "film" for e in entries):
            known = self._catalog.get_many(e.movie_id for e in entries)
            if len(known) == len({e.movie_id for e in entries}):
                return ni_hidden_ids(entries, known)
        searcher = self._local_searcher()
        _, movies = self._item_space(searcher)
        return ni_hidden_ids(entries, {m.id: m for m in movies})

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
            ids, _ = remote.nearest.nearest(np.asarray(local.matrix[taste.rows[i]]), self.REMOTE_NEIGHBOURS, filters)
            candidates.update(ids)
        popular = np.argsort(-local.attrs.renown, kind="stable")[: self.REMOTE_POPULAR]
        candidates.update(int(local.ids[r]) for r in popular)
        return candidates

    def _item_space(self, searcher: Searcher) -> tuple[ItemSpace, list[Movie]]:
        """The recommender's item space with catalog facts (facets, series, titles, directors),
        and the film of each row; built once per searcher."""
        with self._lock:
            if self._space is None or self._space[0] is not searcher:
                from .core.recommend import catalog_prior, catalog_space

                attrs = searcher.attrs
                by_id = {m.id: m for m in self._catalog.iter_movies()}
                movies = [by_id.get(int(i)) or Movie(int(i), "") for i in searcher.ids]
                prior = catalog_prior(attrs.renown, movies)  # renown with a share of regard (vote average)
                space = catalog_space(np.asarray(searcher.matrix), movies, attrs.years, prior, renown=attrs.renown)
                self._space = (searcher, space, movies)
            return self._space[1], self._space[2]

    # ---------------------------------------------------------------- Pinecone & evaluation
    def sync_pinecone(
        self,
        index: str | None = None,
        namespace: str | None = None,
        *,
        dry_run: bool = False,
        progress: Progress | None = None,
        cancel: CancelCheck | None = None,
    ) -> SyncReport:
        """Copy the current embedder's verified cache to Pinecone, incrementally (resumable)."""
        from .sync.sync import run_sync

        emb = self._get_embedder()
        vectors = self._vectors()  # a CacheError says the index must be built first
        target = wiring.pinecone_target(self._settings, emb.name, index, namespace)
        return run_sync(
            vectors,
            self._catalog,
            target,
            self._cache(emb).root,
            lambda: wiring.pinecone_client(self._settings),
            dry_run=dry_run,
            progress=progress,
            cancel=cancel,
        )

    # ---------------------------------------------------------------- TMDB: more films and posters (issue 16)
    @staticmethod
    def has_tmdb_key() -> bool:
        return wiring.has_tmdb_key()

    @staticmethod
    def set_tmdb_key(value: str | None) -> None:
        """Keep a TMDB key in the keyring: a v4 read-access token (a JWT, ``eyJ…``) or a v3 key; ``None`` forgets."""
        value = (value or "").strip() or None
        is_token = bool(value and value.startswith("eyJ"))
        set_secret(wiring.TMDB_TOKEN, value if is_token else None)
        set_secret(wiring.TMDB_KEY, None if is_token else value)

    @property
    def tmdb_language(self) -> str:
        return self._settings.tmdb_language

    def set_tmdb_language(self, tag: str) -> None:
        """Remember the language of fetched titles and overviews (a tag such as ``ko-KR``)."""
        import re

        tag = tag.strip()
        if not re.fullmatch(r"[a-z]{2,3}(-[A-Z]{2})?", tag):
            raise UserInputError(f"{tag!r} is not a language tag such as en-US, ko-KR or fr.")
        path = self._paths.settings_file
        stored = dataclasses.replace(Settings.load(path), tmdb_language=tag)
        stored.save(path)
        self._settings = dataclasses.replace(self._settings, tmdb_language=tag)

    def tmdb_request(
        self,
        source: str = "list",
        *,
        list_name: str = "popular",
        discover: Sequence[str] = (),
        person: str | None = None,
        limit: int = 100,
        language: str | None = None,
        posters: bool = True,
    ) -> FetchRequest:
        """What ``fetch_tmdb`` should fetch; ``history`` collects the films imported histories miss."""
        from .sync.tmdb_fetch import parse_discover

        if not 1 <= limit <= TMDB_MAX_LIMIT:
            raise UserInputError(f"The limit must be 1 to {TMDB_MAX_LIMIT:,} films (TMDB lists stop at 500 pages).")
        wanted = self._history_wanted() if source == "history" else ()
        return FetchRequest(source, list_name, parse_discover(tuple(discover)), person, wanted, limit,
                            language or self._settings.tmdb_language, posters)

    def tmdb_posters_since(self, since: float, limit: int = 40) -> list[Path]:
        """Posters downloaded from TMDB since ``since`` (a timestamp), newest first (the dialog shows them)."""
        folder = self._posters().tmdb_dir
        if not folder.is_dir():
            return []
        with os.scandir(folder) as entries:
            fresh = [(e.stat().st_mtime, e.path) for e in entries if e.name.endswith(".jpg")]
        fresh = [f for f in fresh if f[0] >= since]
        return [Path(p) for _t, p in sorted(fresh, reverse=True)[:limit]]

    def poster_cache_size(self) -> tuple[int, int]:
        """``(files, bytes)`` of the downloaded-poster cache (``clear_poster_cache`` empties it)."""
        store = self._posters()
        files = len(list(store.tmdb_dir.glob("*.jpg"))) if store.tmdb_dir.is_dir() else 0
        return files, store.tmdb_bytes()

    def _unmatched_files(self) -> list[Path]:
        return sorted(self.folders.imports.glob("*-unmatched.csv")) if self.folders.imports.is_dir() else []

    def _history_wanted(self) -> tuple[Wanted, ...]:
        from .core.history_import import read_history
        from .core.matching import MatchStatus, TitleMatcher

        matcher = TitleMatcher(self._catalog)
        wanted: dict[tuple[object, ...], Wanted] = {}
        for path in self._unmatched_files():
            _fmt, rows, _ignored = read_history(path, "csv")
            for r in rows:
                if r.error or not (r.title or r.tmdb_id or r.imdb_id):
                    continue
                if matcher.match(r.title, r.year, r.tmdb_id, r.imdb_id).status is MatchStatus.MISSING:
                    w = Wanted(r.title, r.year, r.tmdb_id, r.imdb_id)
                    wanted.setdefault((w.tmdb_id, w.imdb_id, w.title.casefold(), w.year), w)
        return tuple(wanted.values())

    def _tmdb_state(self) -> FetchStateStore:
        from .sync.tmdb_state import FetchStateStore

        api = wiring.tmdb_api_base(self._settings)
        store: FetchStateStore | None = self.__dict__.get("_tmdb_store")
        if store is None or store.api != api:
            store = FetchStateStore(self.folders.data / "tmdb" / "fetch-state.sqlite3", api)
            self.__dict__["_tmdb_store"] = store
        return store

    def plan_tmdb(self, request: FetchRequest) -> FetchPlan:
        """How many films and requests a fetch would take, and about how long (one small API call)."""
        from .sync.tmdb_fetch import plan_fetch

        with wiring.tmdb_client(self._settings) as client:
            return plan_fetch(client, request, self._tmdb_state(), client.limiter_rate)

    def fetch_tmdb(
        self, request: FetchRequest, *, progress: IndexProgress | None = None, cancel: CancelCheck | None = None
    ) -> FetchReport:
        """Fetch films (and posters) from TMDB into the catalog; resumable, incremental.

        With ``source="history"`` the imported histories' unplaced rows are imported again
        afterwards, so they link to the films just fetched.
        """
        from .sync.tmdb_fetch import run_fetch

        try:
            with wiring.tmdb_client(self._settings) as client:
                report = run_fetch(client, request, self._catalog, self._tmdb_state(), self._posters(),
                                   progress=progress, cancel=cancel)
        finally:
            with self._lock:
                self._searcher = None
        if request.source == "history":
            from .core.history_links import fill_tmdb_ids

            for path in self._unmatched_files():
                fill_tmdb_ids(path, report.found)
                history = self.import_history(path, "csv")
                report.relinked += history.added + history.updated
                if not history.unmatched:
                    path.unlink(missing_ok=True)
        return report

    def evaluate_movielens(
        self,
        movies: Path,
        train_ratings: Path,
        test_ratings: Path,
        *,
        k: int = 10,
        min_history: int = 1,
        progress: Progress | None = None,
    ) -> Any:
        """The offline recommendation benchmark (``movierec eval movielens``)."""
        from .eval.movielens import run_movielens

        return run_movielens(
            movies,
            train_ratings,
            test_ratings,
            self._get_embedder(),
            cache_dir=self._paths.cache / "eval",
            k=k,
            min_history=min_history,
            progress=progress,
        )


    # ---------------------------------------------------------------- GUI: import preview (issue 14, first run)
    def preview_history_import(self, path: str | Path, fmt: str = "auto") -> ImportPreview:
        """What ``import_history`` would do, worked out on a scratch copy of the history: nothing is written.

        The window shows this before the person commits the import.
        """
        import tempfile

        from .core.history_import import import_history

        current = self._history().entries()
        with tempfile.TemporaryDirectory(prefix="movierec-preview-") as tmp:
            scratch = HistoryStore(Path(tmp) / "history.sqlite3")
            try:
                scratch.add_many(current)
                report = import_history(Path(path), self._catalog, scratch, fmt)
                before = {e.movie_id: e for e in current}
                after = scratch.entries()
            finally:
                scratch.close()
        movies = self._catalog.get_many(e.movie_id for e in after)
        new = [HistoryItem(e, movies.get(e.movie_id)) for e in after if e.movie_id not in before]
        changed = [HistoryItem(e, movies.get(e.movie_id)) for e in after
                   if e.movie_id in before and before[e.movie_id] != e]
        return ImportPreview(report, new, changed)

# ============================================================================ helpers
def _query_embedder(emb: Embedder) -> Callable[[str], np.ndarray]:
    def embed(text: str) -> np.ndarray:
        return np.asarray(emb.embed([text])[0])

    return embed


def _manual_entry(movie_id: int, kind: EntryKind, rating: float | None, now: float) -> HistoryEntry:
    """A history entry the person made by hand now (a watchlist entry has no watch date)."""
    watched_at = None if kind is EntryKind.WATCHLIST else now
    return HistoryEntry(movie_id, kind, rating, watched_at, now if rating is not None else None, "manual")


def _known(identity: Any) -> tuple[str, int | None]:
    return (identity.title, identity.year) if identity is not None else ("", None)


def _label(row: ListingRow | None) -> str:
    if row is None:
        return ""
    return f"{row.title} ({row.year})" if row.year else row.title
