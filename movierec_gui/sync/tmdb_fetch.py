"""Fetch films (and posters) from TMDB into the catalog: plan, run, resume, refresh.

A fetch has two phases:

1. **Listing**: which TMDB ids to fetch (a list such as ``popular``, a ``discover`` query, a
   person's filmography, or the films of a history the catalog lacks), up to ``limit``. The
   ids are saved in the state file before any film is fetched.
2. **Films**: one detail call per film (``append_to_response=keywords,credits,external_ids``),
   merged into the catalog in small transactions, each followed by an atomic save of the
   state. A kill loses at most one batch, and the catalog merge (source ``tmdb``, key = TMDB
   id) makes a repeated film an update, never a second row.

A film fetched before (same language) makes no detail call unless TMDB's change list
(``movie/changes``, 14-day windows) names it since it was fetched; past ``CHANGES_HORIZON``
days it is simply fetched again. Posters go to a background thread through a bounded queue,
so memory stays flat however many films are fetched.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import queue
import re
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from ..core.catalog import Catalog
from ..core.errors import CatalogSourceAuthError, CatalogSourceError, NotFoundError, UserInputError
from ..core.fsutil import atomic_writer
from ..core.importers.base import MovieRecord, RowResult
from ..core.importers.tmdb_api import APPEND, SOURCE, record_from_details
from ..core.posters import PosterStore
from .tmdb_client import TmdbClient
from .tmdb_records import LISTS, MAX_LIMIT, FetchPlan, FetchReport, FetchRequest, Wanted

log = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]
CancelCheck = Callable[[], None]

FORMAT = 1
#: Films merged per catalog transaction (and per state save).
BATCH = 25
#: Seconds between state saves while only films already known are being skipped.
SAVE_EVERY = 5.0
#: TMDB serves list pages 1..500, 20 films each.
MAX_PAGES = 500
#: How far back the change list is read (in 14-day windows); older fetches are refreshed in full.
CHANGES_WINDOW_DAYS = 14
CHANGES_HORIZON = 8 * CHANGES_WINDOW_DAYS
#: The poster width asked for (the configuration endpoint lists what exists).
POSTER_SIZE = "w342"
#: Posters waiting for the download thread, at most.
POSTER_QUEUE = 64
_DISCOVER_KEY = re.compile(r"^[a-z_]+(\.[a-z]+)?$")


# ============================================================================ state
@dataclass
class FetchState:
    """What was fetched (id → [fetched at, language, poster path]) and the job in progress."""

    api: str = ""
    fetched: dict[str, list[Any]] = field(default_factory=dict)
    job_key: str = ""
    job_ids: list[int] = field(default_factory=list)
    job_done: int = 0
    job_not_found: list[str] = field(default_factory=list)
    format: int = FORMAT

    def known(self, tmdb_id: int, language: str) -> list[Any] | None:
        entry = self.fetched.get(str(tmdb_id))
        return entry if entry and len(entry) >= 3 and entry[1] == language else None


class FetchStateStore:
    """Loads and atomically saves the :class:`FetchState` of one home (``<data>/tmdb/fetch-state.json``)."""

    def __init__(self, path: Path, api: str) -> None:
        self.path, self.api = Path(path), api

    def load(self) -> FetchState:
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
            state = FetchState(**raw)
        except FileNotFoundError:
            return FetchState(api=self.api)
        except (OSError, ValueError, TypeError) as exc:
            log.warning("ignoring unreadable TMDB fetch state %s (%s); films will be fetched again", self.path, exc)
            return FetchState(api=self.api)
        if state.format != FORMAT or state.api != self.api or not isinstance(state.fetched, dict):
            return FetchState(api=self.api)
        return state

    def save(self, state: FetchState) -> None:
        with atomic_writer(self.path, "w") as fh:
            json.dump(asdict(state), fh, separators=(",", ":"))


# ============================================================================ listing
def parse_discover(pairs: list[str] | tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """``["with_genres=18", "decade=1990s"]`` → ordered pairs; a clear error for a malformed one."""
    out = []
    for pair in pairs:
        key, sep, value = pair.partition("=")
        key, value = key.strip(), value.strip()
        if not sep or not value or not _DISCOVER_KEY.match(key):
            raise UserInputError(f"Cannot use {pair!r} as a discover filter; write KEY=VALUE, e.g. with_genres=18.")
        out.append((key, value))
    return tuple(out)


def discover_params(client: TmdbClient, pairs: tuple[tuple[str, str], ...]) -> dict[str, str]:
    """TMDB ``discover/movie`` parameters; ``decade``, ``year``, ``genre``, ``country`` are friendly aliases."""
    params: dict[str, str] = {"sort_by": "popularity.desc", "include_adult": "false"}
    for key, value in pairs:
        if key == "decade":
            m = re.fullmatch(r"(\d{3})0s?", value)
            if not m:
                raise UserInputError(f"decade={value} should look like 1990s.")
            start = int(m.group(1)) * 10
            params["primary_release_date.gte"] = f"{start}-01-01"
            params["primary_release_date.lte"] = f"{start + 9}-12-31"
        elif key == "year":
            params["primary_release_year"] = value
        elif key == "genre":
            params["with_genres"] = _genre_ids(client, value)
        elif key == "country":
            params["with_origin_country"] = value.upper()
        else:
            params[key] = value
    return params


def _genre_ids(client: TmdbClient, names: str) -> str:
    genres = client.get("genre/movie/list").get("genres") or []
    known = {str(g.get("name", "")).casefold(): str(g.get("id")) for g in genres if isinstance(g, dict)}
    ids = []
    for name in names.split(","):
        if name.strip().isdigit():
            ids.append(name.strip())
        elif name.strip().casefold() in known:
            ids.append(known[name.strip().casefold()])
        else:
            raise UserInputError(f"TMDB has no genre {name.strip()!r}; try one of {', '.join(sorted(known))[:200]}.")
    return ",".join(ids)


def _pages(client: TmdbClient, path: str, params: dict[str, str], limit: int) -> Iterator[tuple[int, int]]:
    """``(tmdb id, total results)`` from a paginated list, until ``limit`` ids or the last page."""
    seen = 0
    page = 1
    while seen < limit and page <= MAX_PAGES:
        body = client.get(path, {**params, "page": page})
        total = int(body.get("total_results") or 0)
        results = body.get("results") or []
        for item in results:
            if isinstance(item, dict) and item.get("id") is not None:
                seen += 1
                yield int(item["id"]), total
                if seen >= limit:
                    return
        if not results or page >= int(body.get("total_pages") or 1):
            return
        page += 1


def _person_id(client: TmdbClient, who: str) -> tuple[int, str]:
    if who.strip().isdigit():
        return int(who), who.strip()
    results = client.get("search/person", {"query": who.strip(), "include_adult": "false"}).get("results") or []
    if not results:
        raise NotFoundError(f"TMDB knows no person named {who!r}.")
    best = results[0]
    return int(best["id"]), str(best.get("name") or who)


def person_films(client: TmdbClient, who: str, language: str) -> list[int]:
    """A person's films (acted in or crewed), best known first."""
    pid, _name = _person_id(client, who)
    credits = client.get(f"person/{pid}/movie_credits", {"language": language})
    seen: dict[int, float] = {}
    for item in [*(credits.get("cast") or []), *(credits.get("crew") or [])]:
        if isinstance(item, dict) and item.get("id") is not None:
            seen[int(item["id"])] = max(seen.get(int(item["id"]), 0.0), float(item.get("popularity") or 0.0))
    return sorted(seen, key=lambda i: -seen[i])


def find_wanted(client: TmdbClient, want: Wanted, language: str) -> int | None:
    """The TMDB id of a film a history names: its TMDB id, its IMDb id, else a title + year search."""
    if want.tmdb_id is not None:
        return want.tmdb_id
    if want.imdb_id:
        found = client.get(f"find/{want.imdb_id}", {"external_source": "imdb_id"}).get("movie_results") or []
        if found:
            return int(found[0]["id"])
    if not want.title:
        return None
    params: dict[str, Any] = {"query": want.title, "include_adult": "false", "language": language}
    if want.year:
        params["primary_release_year"] = want.year
    results = client.get("search/movie", params).get("results") or []
    if not results and want.year:  # release years differ by one between sources now and then
        params.pop("primary_release_year")
        params["year"] = want.year
        results = client.get("search/movie", params).get("results") or []
    return int(results[0]["id"]) if results else None


def list_ids(client: TmdbClient, request: FetchRequest, cancel: CancelCheck | None = None
             ) -> tuple[list[int], int, list[str]]:
    """``(ids to fetch, films available, names not found on TMDB)`` for ``request``."""
    limit = max(0, min(request.limit, MAX_LIMIT))
    lang = {"language": request.language}
    if request.source == "list":
        if request.list_name not in LISTS:
            raise UserInputError(f"Unknown TMDB list {request.list_name!r}; choose {', '.join(LISTS)}.")
        pairs = list(_pages(client, f"movie/{request.list_name}", lang, limit))
    elif request.source == "discover":
        pairs = list(_pages(client, "discover/movie", {**discover_params(client, request.discover), **lang}, limit))
    elif request.source == "person":
        if not request.person:
            raise UserInputError("Name a person (or give a TMDB person id).")
        films = person_films(client, request.person, request.language)
        return list(dict.fromkeys(films))[:limit], len(films), []
    elif request.source == "history":
        ids, missing = [], []
        for want in request.wanted[:limit]:
            if cancel:
                cancel()
            try:
                found = find_wanted(client, want, request.language)
            except NotFoundError:
                found = None
            if found is None:
                missing.append(f"{want.title} ({want.year})" if want.year else want.title)
            else:
                ids.append(found)
        return list(dict.fromkeys(ids)), len(request.wanted), missing
    else:
        raise UserInputError(f"Unknown TMDB source {request.source!r}.")
    total = pairs[0][1] if pairs else 0
    return list(dict.fromkeys(i for i, _ in pairs)), total, []


# ============================================================================ changes
def changed_since(client: TmdbClient, since: dt.date, today: dt.date) -> set[int] | None:
    """Ids TMDB changed from ``since`` to ``today`` (``None`` when that is past the horizon)."""
    if (today - since).days > CHANGES_HORIZON:
        return None
    changed: set[int] = set()
    start = since
    while start <= today:
        end = min(today, start + dt.timedelta(days=CHANGES_WINDOW_DAYS - 1))
        params = {"start_date": start.isoformat(), "end_date": end.isoformat()}
        for tmdb_id, _ in _pages(client, "movie/changes", params, 10**9):
            changed.add(tmdb_id)
        start = end + dt.timedelta(days=1)
    return changed


# ============================================================================ posters
def poster_base(client: TmdbClient) -> str:
    """``<secure base url><size>`` from the configuration endpoint (w342, or the nearest size)."""
    images = client.get("configuration").get("images") or {}
    base = str(images.get("secure_base_url") or images.get("base_url") or "")
    if not base:
        raise NotFoundError("TMDB's configuration names no image server.")
    sizes = [str(s) for s in images.get("poster_sizes") or []]
    size = POSTER_SIZE if POSTER_SIZE in sizes or not sizes else _nearest_size(sizes)
    return base.rstrip("/") + "/" + size


def _nearest_size(sizes: list[str]) -> str:
    widths = sorted((int(s[1:]), s) for s in sizes if re.fullmatch(r"w\d+", s))
    wanted = int(POSTER_SIZE[1:])
    larger = [s for w, s in widths if w >= wanted]
    return larger[0] if larger else (widths[-1][1] if widths else "original")


class PosterDownloader:
    """Downloads posters on one background thread; ``put`` blocks while the queue is full."""

    def __init__(self, client: TmdbClient, store: PosterStore, base: str, trim_every: int = 100) -> None:
        self._client, self._store, self._base = client, store, base
        self._queue: queue.Queue[tuple[int, str] | None] = queue.Queue(POSTER_QUEUE)
        self._stop = threading.Event()
        self.queued = self.done = self.failed = 0
        self._trim_every = trim_every
        self._thread = threading.Thread(target=self._run, name="tmdb-posters", daemon=True)
        self._thread.start()

    def put(self, tmdb_id: int, poster_path: str) -> None:
        if self._stop.is_set() or not poster_path or self._store.has_tmdb(tmdb_id):
            return
        self.queued += 1
        self._queue.put((tmdb_id, poster_path))

    def _run(self) -> None:
        while True:
            item = self._queue.get()
            if item is None:
                break
            if self._stop.is_set():
                continue
            tmdb_id, path = item
            try:
                data = self._client.image(self._base + "/" + path.lstrip("/"))
                if not data:
                    raise ValueError("empty image")
                self._store.put_tmdb(tmdb_id, data, trim=False)
                self.done += 1
                if self.done % self._trim_every == 0:
                    self._store.trim()
            except Exception as exc:  # a missing poster never stops the fetch
                self.failed += 1
                log.info("poster for TMDB film %s not downloaded: %s", tmdb_id, exc)

    def finish(self, progress: Progress | None = None, abandon: bool = False) -> None:
        """Wait for the queued posters (or with ``abandon``, drop them), then trim the cache.

        Abandoning waits at most a couple of seconds for the poster in flight; a cancel
        during the wait (``progress`` raising) abandons the rest the same way.
        """
        if abandon:
            self._stop.set()
        deadline = time.monotonic() + 2.0
        try:
            self._queue.put(None)
            while self._thread.is_alive() and not (abandon and time.monotonic() > deadline):
                self._thread.join(0.2)
                if progress and not abandon:
                    progress(self.done + self.failed, self.queued, "posters")
        except BaseException:
            self._stop.set()
            raise
        finally:
            self._store.trim()


# ============================================================================ the fetch
@dataclass
class _Run:
    request: FetchRequest
    catalog: Catalog
    state: FetchState
    store: FetchStateStore
    report: FetchReport
    pending: list[tuple[MovieRecord, str]] = field(default_factory=list)
    saved_at: float = 0.0

    def flush(self, done: int, force: bool = False) -> None:
        """Merge the pending films into the catalog, then record progress (in that order).

        Progress over films skipped without a request is saved at most every few seconds
        (redoing those after a kill costs nothing but a lookup).
        """
        merged = bool(self.pending)
        if self.pending:
            rows = (RowResult(i + 1, rec) for i, (rec, _) in enumerate(self.pending))
            result = self.catalog.import_rows(rows, SOURCE, self.report.description)
            self.report.added += result.added
            self.report.updated += result.updated
            self.report.unchanged += result.unchanged
            self.report.merged += result.merged
            for line, reason in result.skipped:
                self.report.not_found.append(f"{self.pending[line - 1][0].title}: {reason}")
            now = time.time()
            for rec, poster in self.pending:
                self.state.fetched[str(rec.tmdb_id)] = [now, self.request.language, poster]
            self.pending.clear()
        self.state.job_done = done
        if merged or force or time.monotonic() - self.saved_at >= SAVE_EVERY:
            self.store.save(self.state)
            self.saved_at = time.monotonic()


def fetch_details(client: TmdbClient, tmdb_id: int, language: str) -> tuple[MovieRecord, str]:
    """One film as a catalog record (English overview when the language has none), and its poster path."""
    details = client.get(f"movie/{tmdb_id}", {"append_to_response": APPEND, "language": language})
    fallback = ""
    if not str(details.get("overview") or "").strip() and not language.lower().startswith("en"):
        fallback = str(client.get(f"movie/{tmdb_id}", {"language": "en-US"}).get("overview") or "")
    return record_from_details(details, fallback), str(details.get("poster_path") or "")


def plan_fetch(client: TmdbClient, request: FetchRequest, store: FetchStateStore, rate: float) -> FetchPlan:
    """The estimate: a first page (or the person's credits) tells how many films there are."""
    state = store.load()
    resumes = bool(state.job_key == request.key and state.job_ids)
    limit = max(0, min(request.limit, MAX_LIMIT))
    sample: list[int]
    if resumes:
        sample, available = state.job_ids[state.job_done :], len(state.job_ids)
        listing = 0
    elif request.source == "history":
        sample, available = [w.tmdb_id for w in request.wanted if w.tmdb_id is not None], len(request.wanted)
        listing = sum(1 for w in request.wanted[:limit] if w.tmdb_id is None)
    else:
        first = request if request.source == "person" else _with_limit(request, 20)
        sample, available, _ = list_ids(client, first)
        listing = 2 if request.source == "person" else -(-min(limit, available) // 20)
    films = len(sample) if resumes else min(limit, available)
    share = sum(1 for i in sample if state.known(i, request.language)) / len(sample) if sample else 0.0
    known = round(films * share)
    requests = listing + (films - known) + (2 if known else 0) + (1 if request.posters else 0)
    posters = films if request.posters else 0
    seconds = requests / max(rate, 0.1) * 1.15 + (posters * 0.02)
    return FetchPlan(request.describe(), available, films, known, requests, posters, seconds, resumes)


def _with_limit(request: FetchRequest, limit: int) -> FetchRequest:
    return replace(request, limit=min(limit, request.limit))


def run_fetch(
    client: TmdbClient,
    request: FetchRequest,
    catalog: Catalog,
    store: FetchStateStore,
    posters: PosterStore | None,
    *,
    progress: Progress | None = None,
    cancel: CancelCheck | None = None,
    today: dt.date | None = None,
) -> FetchReport:
    """Fetch ``request`` into ``catalog`` (resuming an interrupted run of the same request)."""
    started = time.monotonic()
    today = today or dt.date.today()
    calls0 = client.calls
    state = store.load()
    report = FetchReport(request.describe())
    if state.job_key == request.key and state.job_ids:
        report.resumed = True
    else:
        if progress:
            progress(0, 0, "listing")
        ids, _available, missing = list_ids(client, request, cancel)
        state.job_key, state.job_ids, state.job_done, state.job_not_found = request.key, ids, 0, missing
        store.save(state)
    ids = state.job_ids
    report.listed, report.not_found = len(ids), list(state.job_not_found)
    changed = _changes_for(client, state, ids[state.job_done :], request.language, today)
    downloader = _downloader(client, posters, report) if request.posters and posters else None
    run = _Run(request, catalog, state, store, report)
    finished = False
    try:
        if downloader and report.resumed:  # posters a kill left undownloaded
            for tmdb_id in ids[: state.job_done]:
                entry = state.known(tmdb_id, request.language)
                if entry is not None:
                    downloader.put(tmdb_id, str(entry[2] or ""))
        for i in range(state.job_done, len(ids)):
            if cancel:
                cancel()
            tmdb_id = ids[i]
            known = state.known(tmdb_id, request.language)
            unchanged = changed is not None and tmdb_id not in changed
            if known is not None and unchanged and catalog.by_external_id(tmdb_id=tmdb_id) is not None:
                report.skipped_unchanged += 1
                if downloader:
                    downloader.put(tmdb_id, str(known[2] or ""))
            else:
                try:
                    record, poster = fetch_details(client, tmdb_id, request.language)
                except NotFoundError:
                    report.not_found.append(f"TMDB film {tmdb_id}")
                except ValueError as exc:
                    report.not_found.append(f"TMDB film {tmdb_id} ({exc})")
                else:
                    run.pending.append((record, poster))
                    if downloader:
                        downloader.put(tmdb_id, poster)
            if len(run.pending) >= BATCH or (i + 1) % BATCH == 0:
                run.flush(i + 1)
            if progress:
                progress(i + 1, len(ids), "films")
        run.flush(len(ids), force=True)
        finished = True
    finally:
        if not finished:
            run.flush(_done_after_pending(state, run) if run.pending else state.job_done, force=True)
        if downloader:
            downloader.finish(progress, abandon=not finished)
            report.posters, report.poster_failures = downloader.done, downloader.failed
    state.job_key, state.job_ids, state.job_done, state.job_not_found = "", [], 0, []
    store.save(state)
    report.requests = client.calls - calls0
    report.seconds = time.monotonic() - started
    return report


def _downloader(client: TmdbClient, posters: PosterStore, report: FetchReport) -> PosterDownloader | None:
    """The background poster download, or ``None`` (noted in the report) if TMDB names no image server."""
    try:
        return PosterDownloader(client, posters, poster_base(client))
    except (NotFoundError, CatalogSourceError) as exc:
        if isinstance(exc, CatalogSourceAuthError):
            raise
        report.notes.append(f"posters skipped: {exc}")
        return None


def _done_after_pending(state: FetchState, run: _Run) -> int:
    """How far the job got once the pending films are merged: just past the last of them."""
    last = run.pending[-1][0].tmdb_id
    try:
        return state.job_ids.index(int(last or 0), state.job_done) + 1
    except ValueError:
        return state.job_done


def _changes_for(client: TmdbClient, state: FetchState, ids: list[int], language: str,
                 today: dt.date) -> set[int] | None:
    """Films TMDB changed since the earliest fetch among the known ``ids``; empty when none is known."""
    times = [entry[0] for i in ids if (entry := state.known(i, language)) is not None]
    if not times:
        return set()
    since = dt.datetime.fromtimestamp(min(times), tz=dt.UTC).date()
    try:
        return changed_since(client, since, today)
    except NotFoundError:  # a server without the change list: fetch the known films again
        log.info("no change list at %s; films fetched before are fetched again", client.base_url)
        return None
