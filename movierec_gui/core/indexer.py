"""Builds and updates the vector cache: embeds only new or changed films.

Work is checkpointed in ``<embedder>.partial/`` every ``CHUNK`` films, so an
interrupted run (Ctrl-C, a kill, a closed laptop) loses at most one chunk and the
next run resumes; the finished cache is swapped in atomically at the end.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

from .catalog import Catalog
from .embedders.base import Embedder, ProgressFn, l2_normalize
from .errors import CacheError
from .fsutil import atomic_writer
from .text import RECIPE_VERSION, content_hash, movie_views
from .vector_cache import Stamp, VectorCache, VectorSet

#: Films per checkpoint (``MOVIEREC_INDEX_CHUNK`` overrides, e.g. for tests).
CHUNK = int(os.environ.get("MOVIEREC_INDEX_CHUNK", "1024"))

#: ``progress(done, total, phase)``; may raise ``Cancelled``.
IndexProgress = Callable[[int, int, str], None]


@dataclass
class IndexReport:
    embedder: str
    total: int
    embedded: int
    reused: int
    resumed: int
    removed: int
    rebuilt_because: str | None = None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    def summary(self) -> str:
        why = f" (rebuilt: {self.rebuilt_because})" if self.rebuilt_because else ""
        return (
            f"{self.embedder}: {self.total} films — {self.embedded} embedded, {self.reused} unchanged, "
            f"{self.resumed} resumed from an interrupted run, {self.removed} removed{why}"
        )


def stamp_for(embedder: Embedder) -> Stamp:
    return Stamp(embedder.name, embedder.fingerprint, embedder.dims, RECIPE_VERSION)


def plan(catalog: Catalog) -> tuple[np.ndarray, list[list[str]], list[str]]:
    """``(ids, views, hashes)`` for every film in the catalog, in id order."""
    ids, views, hashes = [], [], []
    for movie in catalog.iter_movies():
        ids.append(movie.id)
        views.append(movie_views(movie))
        hashes.append(content_hash(movie))
    return np.array(ids, dtype=np.int64), views, hashes


def embed_views(embedder: Embedder, views: list[list[str]], progress: ProgressFn | None = None) -> np.ndarray:
    """One unit vector per film: the normalized mean of its views' embeddings."""
    flat = [t for vs in views for t in vs]
    owner = np.repeat(np.arange(len(views)), [len(vs) for vs in views])

    def flat_progress(done: int, total: int) -> None:
        if progress:
            progress(int(len(views) * done / max(total, 1)), len(views))

    vecs = embedder.embed(flat, progress=flat_progress)
    out = np.zeros((len(views), vecs.shape[1] if vecs.ndim == 2 else embedder.dims), dtype=np.float32)
    np.add.at(out, owner, vecs)
    return l2_normalize(out)


def build_index(
    catalog: Catalog,
    embedder: Embedder,
    cache: VectorCache,
    progress: IndexProgress | None = None,
    force: bool = False,
    donors: Sequence[VectorSet] = (),
) -> IndexReport:
    """Bring ``cache`` up to date with ``catalog``.

    ``donors`` are other caches with the same stamp (the shipped starter vectors):
    a film whose content hash a donor already has is copied, not embedded.
    """
    stamp = stamp_for(embedder)
    revision = catalog.revision
    ids, views, hashes = plan(catalog)
    n = len(ids)
    matrix = np.zeros((n, stamp.dims), dtype=np.float32)
    have = np.zeros(n, dtype=bool)
    rebuilt_because = None
    removed = 0

    old_rows: dict[int, int] = {}
    if not force and cache.exists():
        try:
            old = cache.load(expect=stamp)
            old_rows = {int(m): i for i, m in enumerate(old.ids)}
            for i, (mid, h) in enumerate(zip(ids, hashes)):
                r = old_rows.get(int(mid))
                if r is not None and old.manifest.hashes.get(str(int(mid))) == h:
                    matrix[i] = old.matrix[r]
                    have[i] = True
            removed = len(set(old_rows) - set(int(m) for m in ids))
        except CacheError as exc:
            rebuilt_because = str(exc)
    elif force:
        rebuilt_because = "forced"
    _take_from_donors(donors, stamp, hashes, matrix, have)
    reused = int(have.sum())

    resumed = _resume(cache.partial_dir, stamp, ids, hashes, matrix, have)
    todo = np.flatnonzero(~have)
    if progress:
        progress(0, len(todo), "embedding")
    _embed_missing(embedder, cache.partial_dir, stamp, ids, views, hashes, matrix, todo, progress)

    if len(todo) or removed or resumed or rebuilt_because or not cache.exists() or _revision(cache) != revision:
        if progress:
            progress(len(todo), len(todo), "saving")
        cache.save(ids, matrix, {str(int(m)): h for m, h in zip(ids, hashes)}, stamp, catalog_revision=revision)
    shutil.rmtree(cache.partial_dir, ignore_errors=True)
    return IndexReport(embedder.name, n, len(todo), reused, resumed, removed, rebuilt_because)


def _embed_missing(
    embedder: Embedder,
    partial: Path,
    stamp: Stamp,
    ids: np.ndarray,
    views: list[list[str]],
    hashes: list[str],
    matrix: np.ndarray,
    todo: np.ndarray,
    progress: IndexProgress | None,
) -> None:
    if not len(todo):
        return
    partial.mkdir(parents=True, exist_ok=True)
    with atomic_writer(partial / "stamp.json", "w") as fh:
        json.dump(asdict(stamp), fh)
    existing = sorted(partial.glob("chunk-*.npz"))
    seq = int(existing[-1].stem.split("-")[1]) + 1 if existing else 0
    done = 0
    for start in range(0, len(todo), CHUNK):
        rows = todo[start : start + CHUNK]

        def chunk_progress(k: int, _total: int, base: int = done) -> None:
            if progress:
                progress(base + k, len(todo), "embedding")

        vecs = embed_views(embedder, [views[i] for i in rows], progress=chunk_progress)
        matrix[rows] = vecs
        with atomic_writer(partial / f"chunk-{seq:06d}.npz") as fh:
            np.savez(fh, ids=ids[rows], hashes=np.array([hashes[i] for i in rows]), vectors=vecs)
        seq += 1
        done += len(rows)


def _resume(
    partial: Path, stamp: Stamp, ids: np.ndarray, hashes: list[str], matrix: np.ndarray, have: np.ndarray
) -> int:
    """Take vectors a previous, interrupted run already computed (same stamp, same text)."""
    try:
        if Stamp(**json.loads((partial / "stamp.json").read_text())) != stamp:
            shutil.rmtree(partial, ignore_errors=True)
            return 0
    except (OSError, ValueError, TypeError):
        shutil.rmtree(partial, ignore_errors=True)
        return 0
    row_of = {int(m): i for i, m in enumerate(ids)}
    resumed = 0
    for chunk in sorted(partial.glob("chunk-*.npz")):
        try:
            with np.load(chunk, allow_pickle=False) as z:
                c_ids, c_hashes, c_vecs = z["ids"], z["hashes"], z["vectors"]
        except (OSError, ValueError, KeyError, EOFError):
            chunk.unlink(missing_ok=True)  # a torn write: recompute those rows
            continue
        if c_vecs.shape[1:] != (stamp.dims,):
            continue
        for mid, h, v in zip(c_ids, c_hashes, c_vecs):
            i = row_of.get(int(mid))
            if i is not None and not have[i] and hashes[i] == str(h):
                matrix[i] = v
                have[i] = True
                resumed += 1
    return resumed


def _take_from_donors(
    donors: Sequence[VectorSet], stamp: Stamp, hashes: list[str], matrix: np.ndarray, have: np.ndarray
) -> int:
    taken = 0
    for donor in donors:
        if donor.manifest.stamp != stamp:
            continue
        by_hash = {h: int(k) for k, h in donor.manifest.hashes.items()}
        for i in np.flatnonzero(~have):
            mid = by_hash.get(hashes[i])
            row = donor.row_of(mid) if mid is not None else None
            if row is not None:
                matrix[i] = donor.matrix[row]
                have[i] = True
                taken += 1
    return taken


def _revision(cache: VectorCache) -> int:
    try:
        return cache.read_manifest().catalog_revision
    except CacheError:
        return -1
