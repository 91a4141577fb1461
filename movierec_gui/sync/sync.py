"""Incremental sync of the local vector cache to a Pinecone namespace.

Only vectors whose sync hash (content hash + metadata) changed since the last confirmed
sync are upserted; ids no longer in the cache/catalog are deleted. Each confirmed batch
is recorded at once (``sync_state``), so an interrupted sync resumes where it stopped.
A missing index is created (serverless, cosine, the embedder's dimension); an existing
one of another dimension or metric is refused.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ..core.catalog import Catalog
from ..core.errors import Action, BackendUnavailableError, SyncError
from ..core.vector_cache import VectorSet
from . import records as rec
from .pinecone_backend import METRIC, IndexInfo, PineconeClient, Target, check_compatible
from .sync_state import SyncState, SyncStateStore

#: ``progress(done, total)`` after each batch.
ProgressFn = Callable[[int, int], None]
#: Called between batches; raises ``core.errors.Cancelled`` to stop (state stays consistent).
CancelFn = Callable[[], None]
#: Pauses before re-sending a batch the SDK already retried (its own backoff runs first).
RETRY_DELAYS = (2.0, 5.0)
UNKNOWN = ""  # sync hash of a vector Pinecone holds with unknown content


@dataclass
class SyncReport:
    index: str
    namespace: str
    host: str = ""
    total: int = 0  # vectors the namespace should hold
    upserted: int = 0
    deleted: int = 0
    unchanged: int = 0
    batches: int = 0
    retries: int = 0
    largest_request: int = 0  # bytes
    created_index: bool = False
    dry_run: bool = False
    without_vector: int = 0  # catalog films the cache has no vector for yet
    notes: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    def summary(self) -> str:
        verb = "would upsert" if self.dry_run else "upserted"
        gone = "would delete" if self.dry_run else "deleted"
        text = (
            f"Pinecone {self.index}/{self.namespace}: {self.total} vectors — {verb} {self.upserted}, "
            f"{gone} {self.deleted}, {self.unchanged} unchanged"
        )
        if self.created_index:
            text += " (index created)"
        if self.without_vector:
            text += f"; {self.without_vector} films are not in the search index yet, so not synced"
        return text + "".join(f"; {n}" for n in self.notes)


@dataclass
class _Local:
    """What the namespace should hold: vector id -> (cache row, sync hash, metadata)."""

    rows: dict[str, int]
    hashes: dict[str, str]
    metadata: dict[str, dict[str, Any]]


def _local_records(vectors: VectorSet, catalog: Catalog) -> tuple[_Local, int]:
    ids = [int(m) for m in vectors.ids]
    movies = catalog.get_many(ids)
    local = _Local({}, {}, {})
    for row, mid in enumerate(ids):
        movie = movies.get(mid)
        content = vectors.manifest.hashes.get(str(mid))
        if movie is None or content is None:
            continue  # removed from the catalog since the last `movierec index`
        vid = rec.vector_id(mid)
        meta = rec.metadata_for(movie)
        local.rows[vid], local.metadata[vid] = row, meta
        local.hashes[vid] = rec.sync_hash(content, meta)
    return local, max(0, catalog.count() - len(local.rows))


class PineconeSync:
    """One sync run of ``vectors`` into ``target`` through ``client``."""

    def __init__(
        self,
        client: PineconeClient,
        target: Target,
        vectors: VectorSet,
        catalog: Catalog,
        store: SyncStateStore,
        *,
        retry_delays: tuple[float, ...] | None = None,
        max_batch_vectors: int = rec.MAX_BATCH_VECTORS,
        max_request_bytes: int = rec.MAX_REQUEST_BYTES - rec.REQUEST_HEADROOM,
    ) -> None:
        self.client, self.target, self.vectors, self.catalog, self.store = client, target, vectors, catalog, store
        self.retry_delays = RETRY_DELAYS if retry_delays is None else retry_delays
        self.max_batch_vectors = max_batch_vectors
        self.max_request_bytes = max_request_bytes
        self.manifest = vectors.manifest

    # ------------------------------------------------------------------ run
    def run(
        self, progress: ProgressFn | None = None, cancel: CancelFn | None = None, dry_run: bool = False
    ) -> SyncReport:
        local, without_vector = _local_records(self.vectors, self.catalog)
        state = self.store.load()
        report = SyncReport(
            self.target.index,
            self.target.namespace,
            total=len(local.rows),
            dry_run=dry_run,
            without_vector=without_vector,
        )
        m = self.manifest
        if state.synced and not state.same_vectors(m.embedder, m.fingerprint, m.dims, m.recipe_version):
            state.synced = dict.fromkeys(state.synced, UNKNOWN)  # another model: re-send all, drop the rest
            report.notes.append("the local vectors changed model or recipe, so every vector is re-sent")
        if dry_run:
            return self._plan_only(report, state, local)

        info = self._ensure_index(report)
        report.host = info.host
        self._reconcile(state, info, report)
        state.host = info.host
        state.embedder, state.fingerprint, state.dims, state.recipe_version = (
            m.embedder,
            m.fingerprint,
            m.dims,
            m.recipe_version,
        )
        upserts = sorted((v for v in local.rows if state.synced.get(v) != local.hashes[v]), key=int)
        deletes = sorted((v for v in state.synced if v not in local.rows), key=lambda v: (len(v), v))
        report.unchanged = len(local.rows) - len(upserts)
        total, done = len(upserts) + len(deletes), 0
        if progress:
            progress(0, total)
        index = self.client.index(info)
        records = (rec.record(int(v), self.vectors.matrix[local.rows[v]], local.metadata[v]) for v in upserts)
        for batch in rec.upsert_batches(records, self.target.namespace, self.max_batch_vectors, self.max_request_bytes):
            if cancel:
                cancel()
            self._upsert(index, batch, report, done, total)
            for item in batch:
                state.synced[item["id"]] = local.hashes[item["id"]]
            self.store.save(state)
            report.upserted += len(batch)
            done += len(batch)
            if progress:
                progress(done, total)
        for chunk in rec.chunks(deletes):
            if cancel:
                cancel()
            self._delete(index, info, chunk)
            for vid in chunk:
                state.synced.pop(vid, None)
            self.store.save(state)
            report.deleted += len(chunk)
            done += len(chunk)
            if progress:
                progress(done, total)
        self.store.save(state)
        return report

    def _plan_only(self, report: SyncReport, state: SyncState, local: _Local) -> SyncReport:
        """What a sync would send, judged from the local state alone (no network)."""
        report.upserted = sum(1 for v in local.rows if state.synced.get(v) != local.hashes[v])
        report.deleted = sum(1 for v in state.synced if v not in local.rows)
        report.unchanged = len(local.rows) - report.upserted
        if not state.synced:
            report.notes.append("no earlier sync is recorded for this namespace")
        return report

    # ------------------------------------------------------------------ index
    def _ensure_index(self, report: SyncReport) -> IndexInfo:
        info = self.client.describe(self.target.index)
        if info is None:
            try:
                info = self.client.create(self.target, self.manifest.dims, METRIC)
            except SyncError:
                info = self.client.describe(self.target.index)  # created meanwhile (409)?
                if info is None:
                    raise
            else:
                report.created_index = True
        check_compatible(info, self.manifest.dims, METRIC)
        return info

    def _reconcile(self, state: SyncState, info: IndexInfo, report: SyncReport) -> None:
        """Align the recorded state with what the namespace can be holding."""
        if state.host and state.host != info.host:
            state.synced = {}
            report.notes.append("the index was recreated, so every vector is sent again")
            return
        count = self.client.namespace_count(info, self.target.namespace)
        if state.synced and count == 0:
            state.synced = {}
            report.notes.append("the namespace was emptied, so every vector is sent again")
        elif not state.synced and count:
            for vid in self._remote_ids(info):
                state.synced[vid] = UNKNOWN  # re-sent if still local, deleted otherwise
            report.notes.append(f"no sync state was recorded; found {count} vectors already in the namespace")

    def _remote_ids(self, info: IndexInfo) -> list[str]:
        index, token = self.client.index(info), None
        ids: list[str] = []
        with self.client.translated(f"listing vectors of index {info.name!r}", info.host):
            while True:
                page = index.list_paginated(namespace=self.target.namespace, limit=100, pagination_token=token)
                ids.extend(item.id for item in page.vectors)
                token = getattr(getattr(page, "pagination", None), "next", None)
                if not token:
                    return ids

    # ------------------------------------------------------------------ requests
    def _upsert(self, index: Any, batch: list[dict[str, Any]], report: SyncReport, done: int, total: int) -> None:
        """Send one batch; retry what failed (``has_errors``/``failed_items``); halve it on a 413."""
        from pinecone.errors import PayloadTooLargeError

        pending, attempt = batch, 0
        while True:
            report.largest_request = max(report.largest_request, rec.request_size(pending, self.target.namespace))
            report.batches += 1
            with self.client.translated("uploading vectors", index.host):
                response = index.upsert(
                    vectors=pending,
                    namespace=self.target.namespace,
                    batch_size=len(pending),
                    show_progress=False,
                    max_concurrency=1,
                )
            if not response.has_errors:
                return
            error = response.errors[0]
            if isinstance(error.error, PayloadTooLargeError) and len(pending) > 1:
                half = len(pending) // 2
                self._upsert(index, pending[:half], report, done, total)
                self._upsert(index, pending[half:], report, done, total)
                return
            failed = response.failed_items
            if not error.retryable or attempt >= len(self.retry_delays):
                cls, message = self.client.explain(error.error, "uploading vectors", index.host)
                raise cls(
                    f"{message} {len(failed)} vectors were not uploaded; {done} of {total} changes are synced "
                    "and the next sync resumes from there.",
                    action=Action.SYNC,
                )
            time.sleep(self.retry_delays[attempt])
            attempt += 1
            report.retries += 1
            pending = failed

    def _delete(self, index: Any, info: IndexInfo, ids: list[str]) -> None:
        from pinecone.errors import NotFoundError

        with self.client.translated("deleting removed films", info.host):
            try:
                index.delete(ids=ids, namespace=self.target.namespace)
            except NotFoundError:
                pass  # the namespace is already gone


def run_sync(
    vectors: VectorSet,
    catalog: Catalog,
    target: Target,
    state_dir: Path,
    connect: Callable[[], PineconeClient] | None = None,
    *,
    dry_run: bool = False,
    progress: ProgressFn | None = None,
    cancel: CancelFn | None = None,
) -> SyncReport:
    """Sync the verified ``vectors`` of ``catalog`` to ``target``; state is kept in ``state_dir``.

    ``connect`` builds the client (not called for a dry run, which needs no network).
    """
    store = SyncStateStore(state_dir, target.index, target.namespace)
    client = None if dry_run or connect is None else connect()
    try:
        return PineconeSync(client, target, vectors, catalog, store).run(progress, cancel, dry_run)  # type: ignore[arg-type]
    except BackendUnavailableError as exc:
        raise SyncError(str(exc)) from None
    finally:
        if client is not None:
            client.close()
