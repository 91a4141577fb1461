"""The one typed door both shells (CLI and GUI) use: import, index, search, history, recommend, sync.

``Services`` owns the stores and lazily builds the expensive parts (the embedding model,
the loaded vectors, the searchers); what it builds comes from the composition root
(``wiring``). Its methods are plain and blocking (the GUI calls them from worker
threads) and return plain records (``core.models`` or the records defined here), never
the engine's objects, so a shell can only do what the façade offers.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import sys
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from . import wiring
from .config import SECRET_NAMES, Paths, Settings, get_secret, mask_secret, set_secret
from .core import starter
from .core.catalog import Catalog
from .core.embedders.base import Embedder
from .core.errors import Action, AmbiguousTitleError, BackendUnavailableError, CacheError, NotFoundError, UserInputError
from .core.history import HistoryStore, normalize_rating
from .core.history_import import FORMATS as _HISTORY_FORMATS
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
from .core.recommend import ItemSpace, Ranked, Recommendations, Taste
from .core.search import Searcher, filter_mask
from .core.shelves import BECAUSE_PREFIX, Shelf, rank_shelf, shelf_keys
from .core.shelves import TITLES as SHELF_TITLES
from .core.vector_cache import VectorCache, VectorSet

if TYPE_CHECKING:
    from .sync.sync import SyncReport

log = logging.getLogger(__name__)

#: The filter rules search applies, as a NumPy mask over film columns (the app's browse list uses
#: the very same function, so a filter widget means the same thing everywhere).
__all__ = ["filter_mask"]

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
    """One history entry with its film (``None`` when the catalog no longer has it)."""

    entry: HistoryEntry
    movie: Movie | None

    @property
    def title(self) -> str:
        return self.movie.title if self.movie else f"(film #{self.entry.movie_id})"

    @property
    def year(self) -> int | None:
        return self.movie.year if self.movie else None


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
_SEARCH_FIELDS = ("embedder", "openai_base_url", "openai_model", "backend", "pinecone_index")


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
        self._catalog = Catalog(self._paths.catalog_db)
        self._history_store: HistoryStore | None = None
        self._embedder_given = embedder
        self._embedder: Embedder | None = embedder
        self._searcher: Searcher | None = None
        self._searcher_key: tuple[object, ...] | None = None
        self._remote: tuple[Searcher, Searcher] | None = None  # (local searcher it wraps, remote twin)
        self._space: tuple[Searcher, ItemSpace, list[Movie]] | None = None
        self._ni_store: NotInterestedStore | None = None
        self._lock = threading.RLock()
        self._notify = notify

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
        return SettingsForm(s.embedder, s.openai_base_url, s.openai_model, s.backend, s.pinecone_index, s.theme)

    @staticmethod
    def masked_secrets() -> dict[str, str]:
        """What the app may show of each stored key (its last four characters at most)."""
        return {name: mask_secret(get_secret(name)) for name in SECRET_NAMES}

    def save_settings(self, form: SettingsForm, secrets: dict[str, str] | None = None) -> bool:
        """Store the form and the keys (``""`` forgets a key); True if search changes (rebuilt here)."""
        secrets = secrets or {}
        path = self._paths.settings_file
        stored = dataclasses.replace(Settings.load(path), **dataclasses.asdict(form))
        before = self._settings
        for name, value in secrets.items():
            set_secret(name, value or None)
        stored.save(path)
        self._settings = stored.with_env()
        changed = bool(secrets) or any(getattr(before, f) != getattr(self._settings, f) for f in _SEARCH_FIELDS)
        if changed:
            self._reconfigure()
        return changed

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

    def set_notifier(self, notify: Notify | None) -> None:
        self._notify = notify

    # ---------------------------------------------------------------- engine parts (private)
    def _get_embedder(self, kind: str | None = None) -> Embedder:
        with self._lock:
            if kind and kind != self._settings.embedder:
                return wiring.make_embedder(self._settings, kind)
            if self._embedder is None:
                self._embedder = wiring.make_embedder(self._settings)
            return self._embedder

    def _cache(self, embedder: Embedder | None = None) -> VectorCache:
        return VectorCache(self._paths.vectors, (embedder or self._get_embedder()).name)

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
                self._searcher = Searcher(self._catalog, self._vectors(), _query_embedder(emb))
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
        return run(self._local_searcher())

    # ---------------------------------------------------------------- cache & index
    def cache_status(self) -> CacheStatus:
        """Whether the cache is usable and complete, for first-run prompts."""
        emb = self._get_embedder()
        films = self._catalog.count()
        try:
            vs = self._cache(emb).load(expect=stamp_for(emb), verify=False)
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
        self._local_searcher()

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
        report = build_index(
            self._catalog, emb, self._cache(emb), progress=progress, force=force, donors=[donor] if donor else []
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
        report = starter.install(self._catalog, wiring.starter_files(), force=force)
        if report is None:
            return False
        with self._lock:
            self._searcher = None
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
        report = self._catalog.import_rows(rows, source, str(path), progress=progress)
        with self._lock:
            self._searcher = None
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

    def reset_catalog(self, keep_starter: bool = False) -> int:
        """Forget imported catalogs (and the starter films unless ``keep_starter``); returns films removed."""
        removed = 0
        for source in list(self._catalog.counts_by_source()):
            if keep_starter and source == starter.SOURCE:
                continue
            removed += self._catalog.delete_source(source)
        if keep_starter:
            self.ensure_starter(force=True)
        with self._lock:
            self._searcher = None
        return removed

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
                self._history_store = HistoryStore(self._paths.history_db)
            return self._history_store

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
        movie = self.resolve_title(title, year)
        if not self._history().remove([movie.id]):
            raise NotFoundError(f"{movie.label} is not in your history.")
        return movie

    def history_list(self, kinds: Sequence[EntryKind] | None = None) -> list[HistoryItem]:
        """Entries oldest first, each with its film (None if the catalog no longer has it)."""
        entries = self._history().entries(kinds)
        movies = self._catalog.get_many(e.movie_id for e in entries)
        return [HistoryItem(e, movies.get(e.movie_id)) for e in entries]

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
        store = self._history()
        return store.export_csv(Path(path), self._catalog.get_many(store.movie_ids()))

    def history_clear(self) -> int:
        return self._history().clear()

    def import_history(self, path: str | Path, fmt: str = "auto") -> HistoryImportReport:
        from .core.history_import import import_history

        return import_history(Path(path), self._catalog, self._history(), fmt, unmatched_dir=self.folders.imports)

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
        ranked = recommend(ctx.space, ctx.taste, top, allowed=allowed, now=time.time(), exclude=ctx.exclude)
        return Recommendations(self._rec_hits(ctx, ranked), cold=ranked.cold, history=len(ctx.taste))

    def recommend_shelves(self, per_shelf: int = 12, filters: SearchFilters | None = None) -> list[Shelf]:
        """The recommendation rows: "Because you liked X" per strong seed, "Hidden gems",
        "From directors you like", "Finish the series", and "Popular picks" (not personal).
        Empty shelves are left out."""
        from .core.recommend import score

        ctx = self._rec_context(filters)
        scored = score(ctx.space, ctx.taste, now=time.time())  # one scoring, shared by the personal shelves
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
        from .core.form import facet_taste, form_reason
        from .core.recommend import RecParams, seed_reason, seed_weights

        seed_of_row = {int(r): i for i, r in enumerate(ctx.taste.rows)}
        facets = ctx.space.facets
        weights = seed_weights(ctx.taste, RecParams())
        positive = weights > 0
        form_taste = facet_taste(facets, ctx.taste.rows[positive], weights[positive]) if facets is not None else None
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
            elif facets is not None and form_taste is not None:
                reason = form_reason(facets, form_taste, int(row))
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
                from .core.recommend import catalog_space

                attrs = searcher.attrs
                by_id = {m.id: m for m in self._catalog.iter_movies()}
                movies = [by_id.get(int(i)) or Movie(int(i), "") for i in searcher.ids]
                prior = attrs.renown.astype(np.float32)
                space = catalog_space(np.asarray(searcher.matrix), movies, attrs.years, prior)
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
        from .core.evaluation import run_movielens

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


# ============================================================================ helpers
def _query_embedder(emb: Embedder) -> Callable[[str], np.ndarray]:
    def embed(text: str) -> np.ndarray:
        return np.asarray(emb.embed([text])[0])

    return embed


def _manual_entry(movie_id: int, kind: EntryKind, rating: float | None, now: float) -> HistoryEntry:
    """A history entry the person made by hand now (a watchlist entry has no watch date)."""
    watched_at = None if kind is EntryKind.WATCHLIST else now
    return HistoryEntry(movie_id, kind, rating, watched_at, now if rating is not None else None, "manual")


def _label(row: ListingRow | None) -> str:
    if row is None:
        return ""
    return f"{row.title} ({row.year})" if row.year else row.title
