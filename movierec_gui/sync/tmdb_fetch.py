"""Fetch films (and posters) from TMDB into the catalog: plan, run, resume, refresh.

A fetch has two phases:

1. **Listing**: which TMDB ids to fetch (a list such as ``popular``, a ``discover`` query, a
   person's filmography, or the films of a history the catalog lacks), up to ``limit``. The
   ids are saved in the state file before any film is fetched.
2. **Films**: one detail call per film (``append_to_response=keywords,credits,external_ids``),
   merged into the catalog in small transactions, each followed by one transaction in the
   state database (``tmdb_state``). A kill loses at most one batch, and the catalog merge (source ``tmdb``, key = TMDB
   id) makes a repeated film an update, never a second row.

A film fetched before (same language) makes no detail call unless TMDB's change list
(``movie/changes``, 14-day windows) names it since it was fetched; past the horizon of
``tmdb_listing.CHANGES_HORIZON`` days it is simply fetched again. Posters go to a background
thread through a bounded queue (``tmdb_posters``), so memory stays flat however many films
are fetched. Listing lives in ``tmdb_listing``.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from ..core.catalog import Catalog
from ..core.errors import CatalogSourceAuthError, CatalogSourceError, NotFoundError
from ..core.importers.base import MovieRecord, RowResult
from ..core.importers.tmdb_api import APPEND, SOURCE, record_from_details
from ..core.posters import PosterStore
from .tmdb_client import TmdbClient
from .tmdb_listing import changed_since, list_ids, parse_discover
from .tmdb_posters import PosterDownloader, poster_base
from .tmdb_records import MAX_LIMIT, FetchPlan, FetchReport, FetchRequest
from .tmdb_state import FetchStateStore, Job, Known

__all__ = ["FetchStateStore", "parse_discover", "plan_fetch", "run_fetch"]

log = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]
CancelCheck = Callable[[], None]

#: Films merged per catalog transaction (and per state record).
BATCH = 25


@dataclass
class _Run:
    request: FetchRequest
    catalog: Catalog
    job: Job
    store: FetchStateStore
    report: FetchReport
    pending: list[tuple[MovieRecord, str]] = field(default_factory=list)

    def flush(self, done: int) -> None:
        """Merge the pending films into the catalog, then record them and the progress (in that order)."""
        if self.pending:
            rows = (RowResult(i + 1, rec) for i, (rec, _) in enumerate(self.pending))
            result = self.catalog.import_rows(rows, SOURCE, self.report.description)
            self.report.added += result.added
            self.report.updated += result.updated
            self.report.unchanged += result.unchanged
            self.report.merged += result.merged
            for line, reason in result.skipped:
                self.report.not_found.append(f"{self.pending[line - 1][0].title}: {reason}")
        language = self.request.language
        self.store.advance(done, [(int(rec.tmdb_id or 0), language, poster) for rec, poster in self.pending])
        self.pending.clear()
        self.job.done = done


def fetch_details(client: TmdbClient, tmdb_id: int, language: str) -> tuple[MovieRecord, str]:
    """One film as a catalog record (English overview when the language has none), and its poster path."""
    details = client.get(f"movie/{tmdb_id}", {"append_to_response": APPEND, "language": language})
    fallback = ""
    if not str(details.get("overview") or "").strip() and not language.lower().startswith("en"):
        fallback = str(client.get(f"movie/{tmdb_id}", {"language": "en-US"}).get("overview") or "")
    return record_from_details(details, fallback), str(details.get("poster_path") or "")


def _resumable(store: FetchStateStore, request: FetchRequest) -> Job | None:
    job = store.job()
    return job if job is not None and job.key == request.key and job.ids else None


def plan_fetch(client: TmdbClient, request: FetchRequest, store: FetchStateStore, rate: float) -> FetchPlan:
    """The estimate: a first page (or the person's credits) tells how many films there are."""
    job = _resumable(store, request)
    limit = max(0, min(request.limit, MAX_LIMIT))
    sample: list[int]
    if job is not None:
        sample, available = job.ids[job.done :], len(job.ids)
        listing = 0
    elif request.source == "history":
        sample, available = [w.tmdb_id for w in request.wanted if w.tmdb_id is not None], len(request.wanted)
        listing = sum(1 for w in request.wanted[:limit] if w.tmdb_id is None)
    else:
        first = request if request.source == "person" else _with_limit(request, 20)
        sample, available, _ = list_ids(client, first)
        listing = 2 if request.source == "person" else -(-min(limit, available) // 20)
    films = len(sample) if job is not None else min(limit, available)
    share = len(store.known(sample, request.language)) / len(sample) if sample else 0.0
    known = round(films * share)
    requests = listing + (films - known) + (2 if known else 0) + (1 if request.posters else 0)
    posters = films if request.posters else 0
    # Posters download beside the detail calls; whichever is slower sets the pace.
    seconds = max(requests / max(rate, 0.1) * 1.15, posters * 0.02)
    return FetchPlan(request.describe(), available, films, known, requests, posters, seconds, job is not None)


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
    report = FetchReport(request.describe())
    job = _resumable(store, request)
    if job is not None:
        report.resumed = True
    else:
        if progress:
            progress(0, 0, "listing")
        found: list[list[Any]] = []
        ids, _available, missing = list_ids(client, request, cancel, found)
        job = Job(request.key, ids, 0, missing, found)
        store.start_job(job)
    ids = job.ids
    report.listed, report.not_found = len(ids), list(job.not_found)
    report.found = [(str(t), y, int(i)) for t, y, i in job.found]
    known = store.known(ids, request.language)
    changed = _changes_for(client, known, ids[job.done :], today)
    downloader = _downloader(client, posters, report) if request.posters and posters else None
    run = _Run(request, catalog, job, store, report)
    finished = False
    try:
        if downloader and report.resumed:  # posters a kill left undownloaded
            for tmdb_id in ids[: job.done]:
                if tmdb_id in known:
                    downloader.put(tmdb_id, known[tmdb_id].poster)
        for i in range(job.done, len(ids)):
            if cancel:
                cancel()
            tmdb_id = ids[i]
            before = known.get(tmdb_id)
            unchanged = changed is not None and tmdb_id not in changed
            if before is not None and unchanged and catalog.by_external_id(tmdb_id=tmdb_id) is not None:
                report.skipped_unchanged += 1
                if downloader:
                    downloader.put(tmdb_id, before.poster)
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
            if (i + 1) % BATCH == 0:
                run.flush(i + 1)
            if progress:
                progress(i + 1, len(ids), "films")
        run.flush(len(ids))
        finished = True
    finally:
        if not finished:
            run.flush(_done_after_pending(job, run) if run.pending else job.done)
        if downloader:
            downloader.finish(progress, abandon=not finished)
            report.posters, report.poster_failures = downloader.done, downloader.failed
            if downloader.gave_up:
                report.notes.append(downloader.gave_up)
    store.end_job()
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


def _done_after_pending(job: Job, run: _Run) -> int:
    """How far the job got once the pending films are merged: just past the last of them."""
    last = run.pending[-1][0].tmdb_id
    try:
        return job.ids.index(int(last or 0), job.done) + 1
    except ValueError:
        return job.done


def _changes_for(client: TmdbClient, known: dict[int, Known], ids: list[int], today: dt.date) -> set[int] | None:
    """Films TMDB changed since the earliest fetch among the known ``ids``; empty when none is known."""
    times = [known[i].fetched_at for i in ids if i in known]
    if not times:
        return set()
    since = dt.datetime.fromtimestamp(min(times), tz=dt.UTC).date()
    try:
        return changed_since(client, since, today)
    except NotFoundError:  # a server without the change list: fetch the known films again
        log.info("no change list at %s; films fetched before are fetched again", client.base_url)
        return None
