"""Pinecone records for films: ids, metadata, sync hashes and request-sized batches.

Limits (CONTRACTS.md): an upsert carries at most 1,000 vectors and 2 MB; metadata is at
most 40 KB per record, of strings, numbers, booleans or lists of strings (no ``None``);
ids are ASCII. Batches are measured on the exact JSON the SDK sends (compact, UTF-8).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from typing import Any

import numpy as np

from ..core.errors import SyncError
from ..core.models import Movie

MAX_BATCH_VECTORS = 1000
MAX_REQUEST_BYTES = 2_000_000  # "2 MB", read in decimal: the stricter of the two readings
REQUEST_HEADROOM = 16_384  # serializer differences, never worth a 413
MAX_METADATA_BYTES = 40_000
MAX_IDS_PER_REQUEST = 1000
MAX_TITLE_CHARS = 500

try:  # the SDK's own serializer (a pinecone dependency): sizes are then exact
    import orjson

    def _dumps(value: Any) -> bytes:
        return orjson.dumps(value)
except ImportError:  # pragma: no cover - orjson ships with pinecone

    def _dumps(value: Any) -> bytes:
        return json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode()


def vector_id(movie_id: int) -> str:
    return str(int(movie_id))


def metadata_for(movie: Movie) -> dict[str, Any]:
    """Title, year, genres and the fields filters use; no ``None`` values, within 40 KB."""
    meta: dict[str, Any] = {"title": movie.title[:MAX_TITLE_CHARS], "genres": [str(g) for g in movie.genres]}
    if movie.year is not None:
        meta["year"] = int(movie.year)
    if movie.runtime is not None:
        meta["runtime"] = int(movie.runtime)
    while len(_dumps(meta)) > MAX_METADATA_BYTES and meta["genres"]:  # absurd genre lists only
        meta["genres"] = meta["genres"][: len(meta["genres"]) // 2]
    return meta


def sync_hash(content_hash: str, metadata: dict[str, Any]) -> str:
    """Changes iff the vector (content hash) or its metadata must be re-sent."""
    digest = hashlib.blake2b(json.dumps(metadata, sort_keys=True).encode(), digest_size=6).hexdigest()
    return f"{content_hash}:{digest}"


def record(movie_id: int, vector: np.ndarray, metadata: dict[str, Any]) -> dict[str, Any]:
    """The wire shape of one vector (values as Python floats, full float32 precision)."""
    return {"id": vector_id(movie_id), "values": np.asarray(vector, dtype=np.float32).tolist(), "metadata": metadata}


def upsert_batches(
    records: Iterable[dict[str, Any]],
    namespace: str,
    max_vectors: int = MAX_BATCH_VECTORS,
    max_bytes: int = MAX_REQUEST_BYTES - REQUEST_HEADROOM,
) -> Iterator[list[dict[str, Any]]]:
    """Group records into upsert requests of ≤ ``max_vectors`` and ≤ ``max_bytes`` of JSON."""
    envelope = len(_dumps({"vectors": [], "namespace": namespace}))
    batch: list[dict[str, Any]] = []
    size = envelope
    for rec in records:
        rec_size = len(_dumps(rec)) + 1  # the comma
        if envelope + rec_size > max_bytes:
            raise SyncError(f"Film {rec['id']} alone exceeds Pinecone's request size limit; it cannot be synced.")
        if batch and (len(batch) >= max_vectors or size + rec_size > max_bytes):
            yield batch
            batch, size = [], envelope
        batch.append(rec)
        size += rec_size
    if batch:
        yield batch


def request_size(batch: list[dict[str, Any]], namespace: str) -> int:
    """Bytes of the upsert body for ``batch`` (for reports and tests)."""
    return len(_dumps({"vectors": batch, "namespace": namespace}))


def chunks(items: list[str], size: int = MAX_IDS_PER_REQUEST) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
