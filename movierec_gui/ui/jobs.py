"""What the GUI's tasks run on worker threads: plain functions over ``Services``.

Nothing here touches a widget; each function returns plain data (``MovieRows``,
``HistoryRow`` lists, reports) that the GUI thread then shows.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from ..core.errors import AmbiguousTitleError, NotFoundError
from ..core.models import EntryKind, HistoryEntry, Movie, SearchFilters, SearchHit
from .models import HistoryRow, MovieRows

SEARCH_TOP = 100
RECOMMEND_TOP = 30
SIMILAR_TOP = 30


@dataclass(frozen=True)
class Recommended:
    rows: MovieRows
    cold: bool
    history: int


@dataclass(frozen=True)
class Startup:
    """What the window needs to know after the first look at the app home."""

    ok: bool  # a usable vector cache exists
    stale: bool  # …but some films have no vector yet
    films: int
    vectors: int
    reason: str


def startup(services, ctx=None) -> Startup:
    """Install the starter catalog if needed (no embedding here), then check the cache."""
    services.ensure_starter()
    status = services.cache_status()
    return Startup(bool(status["ok"]), bool(status.get("stale")), int(status["catalog"]), int(status["count"]),
                   str(status.get("reason") or ""))


def warm_up(services) -> None:
    """Load the model and the vectors before the first query asks for them."""
    services.searcher()


def browse(services) -> MovieRows:
    return MovieRows.build(services.catalog.listing())


def _rows(services, hits: list[SearchHit]) -> MovieRows:
    searcher = services.searcher()
    renown: dict[int, float] = {}
    for h in hits:
        row = searcher.vectors.row_of(h.movie.id)
        renown[h.movie.id] = float(searcher.attrs.renown[row]) if row is not None else 0.0
    return MovieRows.from_hits(hits, renown)


def search(services, query: str, filters: SearchFilters) -> MovieRows:
    return _rows(services, services.search(query, SEARCH_TOP, filters))


def recommend(services, filters: SearchFilters) -> Recommended:
    recs = services.recommend(RECOMMEND_TOP, filters)
    return Recommended(_rows(services, recs.hits), recs.cold, recs.history)


def similar(services, movie_id: int, filters: SearchFilters) -> tuple[Movie, MovieRows]:
    movie = services.catalog.get(movie_id)
    if movie is None:
        raise NotFoundError("That film is no longer in the catalog.")
    try:
        hits = services.similar(movie.title, movie.year, SIMILAR_TOP, filters)
    except AmbiguousTitleError:  # two films share title and year: ask by the film itself
        hits = services.searcher().similar(movie, SIMILAR_TOP, filters)
    return movie, _rows(services, hits)


def details(services, movie_id: int) -> tuple[Movie | None, HistoryEntry | None]:
    return services.catalog.get(movie_id), services.history().get(movie_id)


# ---------------------------------------------------------------------------- history
def history(services) -> list[HistoryRow]:
    return [
        HistoryRow(entry, movie.title if movie else f"(film #{entry.movie_id})", movie.year if movie else None)
        for entry, movie in services.history_list()
    ]


def mark(services, movie_ids: list[int], kind: EntryKind) -> int:
    """Say something about films (merged with what the history already says)."""
    now = time.time()
    watched_at = None if kind is EntryKind.WATCHLIST else now
    entries = [HistoryEntry(int(m), kind, None, watched_at, None, "manual") for m in movie_ids]
    counts = services.history().add_many(entries)
    return counts.added + counts.updated


def set_kind(services, movie_ids: list[int], kind: EntryKind) -> None:
    """Change the status of films already in the history (the user changed their mind)."""
    store = services.history()
    for m in movie_ids:
        old = store.get(m)
        if old is not None:
            store.set(replace(old, kind=kind))


def rate(services, movie_id: int, rating: float | None) -> None:
    store = services.history()
    old = store.get(movie_id) or HistoryEntry(movie_id, EntryKind.WATCHED, None, time.time(), None, "manual")
    store.set(replace(old, rating=rating, rated_at=time.time() if rating is not None else None))


def remove(services, movie_ids: list[int]) -> int:
    return services.history().remove(movie_ids)


# ---------------------------------------------------------------------------- long jobs
def build_index(services, ctx):
    return services.index(progress=ctx.progress)


def import_catalog(services, path: Path, fmt: str, ctx):
    def progress(read: int) -> None:
        ctx.progress(read, 0, "reading")

    return services.import_catalog(path, fmt, progress=progress)


def import_history(services, path: Path, fmt: str, ctx):
    ctx.check()
    return services.import_history(path, fmt)


def sync_pinecone(services, ctx):
    from ..sync.sync import run_sync

    return run_sync(services, progress=ctx.progress, cancel=ctx.check)


# ---------------------------------------------------------------------------- taste map
@dataclass(frozen=True)
class TasteMapData:
    ids: np.ndarray  # int64, one per point
    xy: np.ndarray  # (N, 2) float32, in [0, 1]
    titles: list[str]


def taste_map(services, ctx) -> TasteMapData:
    """The catalog projected on its two main directions (PCA of the film vectors)."""
    searcher = services.searcher()
    ctx.check()
    xy = project_2d(searcher.matrix)
    ctx.check()
    listing = {r[0]: r for r in services.catalog.listing()}
    titles = [_label(listing.get(int(m))) for m in searcher.ids]
    return TasteMapData(np.asarray(searcher.ids, dtype=np.int64), xy, titles)


def _label(row) -> str:
    if row is None:
        return ""
    return f"{row[1]} ({row[2]})" if row[2] else row[1]


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


# ---------------------------------------------------------------------------- settings
#: The settings the dialog edits; everything else in the settings file is kept as it is.
DIALOG_FIELDS = ("embedder", "openai_base_url", "openai_model", "backend", "pinecone_index", "theme")
_SEARCH_FIELDS = DIALOG_FIELDS[:-1]


def masked_secrets() -> dict[str, str]:
    from ..config import SECRET_NAMES, get_secret, mask_secret

    return {name: mask_secret(get_secret(name)) for name in SECRET_NAMES}


def save_settings(services, settings, secrets: dict[str, str]):
    """Write the dialog's settings and keys; returns fresh ``Services`` if search must change, else None."""
    from ..config import Settings, set_secret

    path = services.paths.settings_file
    new = replace(Settings.load(path), **{f: getattr(settings, f) for f in DIALOG_FIELDS})
    new.save(path)
    for name, value in secrets.items():
        set_secret(name, value or None)
    if not secrets and all(getattr(services.settings, f) == getattr(new, f) for f in _SEARCH_FIELDS):
        return None
    home = services.paths.data if services.paths.data == services.paths.config else None
    return type(services)(home)
