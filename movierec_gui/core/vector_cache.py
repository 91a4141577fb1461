"""The vector cache: one folder of L2-normalized float32 rows per embedder.

Layout under ``vectors/``::

    <embedder>/embeddings.npy   N×d float32, every row unit length
    <embedder>/ids.npy          N int64 movie ids, row i ↔ ids[i]
    <embedder>/manifest.json    the stamp: embedder, fingerprint, dims, recipe version,
                                count, per-movie content hash, sha256 of both arrays
    <embedder>.partial/         checkpoints of an unfinished index run (resumable)

A save writes a complete ``<embedder>.new/`` folder, then swaps it in with two renames;
``recover()`` finishes or rolls back a swap a crash interrupted, so a reader always sees
the old cache or the new one, never a mix. Anything that does not match its stamp is
reported as a ``CacheError``, never used.
"""

from __future__ import annotations

import json
import shutil
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from . import verified_files
from .errors import CacheCorruptError, CacheMismatchError, CacheMissingError
from .fsutil import atomic_writer, fsync_dir, sha256_file

FORMAT = 1
MATRIX, IDS, MANIFEST = "embeddings.npy", "ids.npy", "manifest.json"
#: Which files were checksummed, as what (see ``VectorCache._hashes_to``).
VERIFIED = "verified.json"
#: Files other modules keep beside the manifest (``sync/sync_state.py``); carried over by ``save``.
SIDECARS = "pinecone-*.json"


@dataclass(frozen=True)
class Stamp:
    """What a cache must have been built with to be used."""

    embedder: str
    fingerprint: str
    dims: int
    recipe_version: int


@dataclass
class Manifest:
    embedder: str
    fingerprint: str
    dims: int
    recipe_version: int
    count: int
    sha256: str
    ids_sha256: str
    hashes: dict[str, str] = field(default_factory=dict)  # str(movie id) -> content hash
    created: float = 0.0
    updated: float = 0.0
    format: int = FORMAT
    #: The catalog revision the cache was built from (-1: unknown), to tell a stale cache.
    catalog_revision: int = -1

    @property
    def stamp(self) -> Stamp:
        return Stamp(self.embedder, self.fingerprint, self.dims, self.recipe_version)


@dataclass(frozen=True)
class VectorSet:
    """A loaded, verified cache: ``matrix[i]`` is the vector of film ``ids[i]``."""

    ids: np.ndarray
    matrix: np.ndarray
    manifest: Manifest

    def __post_init__(self) -> None:
        object.__setattr__(self, "_rows", {int(m): i for i, m in enumerate(self.ids)})

    def row_of(self, movie_id: int) -> int | None:
        rows: dict[int, int] = self._rows  # type: ignore[attr-defined]
        return rows.get(int(movie_id))

    def vector(self, movie_id: int) -> np.ndarray | None:
        row = self.row_of(movie_id)
        return None if row is None else np.asarray(self.matrix[row])

    def hash_of(self, movie_id: int) -> str | None:
        return self.manifest.hashes.get(str(int(movie_id)))

    def __len__(self) -> int:
        return len(self.ids)


#: Manifest fields and the JSON types each must have (bool is not an int here).
_FIELD_TYPES: dict[str, tuple[type, ...]] = {
    "embedder": (str,), "fingerprint": (str,), "dims": (int,), "recipe_version": (int,), "count": (int,),
    "sha256": (str,), "ids_sha256": (str,), "hashes": (dict,), "created": (int, float), "updated": (int, float),
    "format": (int,), "catalog_revision": (int,),
}


def _validated(raw: object) -> dict[str, Any]:
    """``raw`` if it is a well-formed manifest; ``ValueError`` naming the first bad field otherwise."""
    if not isinstance(raw, dict):
        raise ValueError("not a JSON object")
    for name, types in _FIELD_TYPES.items():
        if name in raw and (not isinstance(raw[name], types) or isinstance(raw[name], bool)):
            raise ValueError(f"{name} has the wrong type")
    unknown = set(raw) - set(_FIELD_TYPES)
    if unknown:
        raise ValueError(f"unknown field {sorted(unknown)[0][:40]!r}")
    hashes = raw.get("hashes", {})
    if not all(isinstance(k, str) and isinstance(v, str) for k, v in hashes.items()):
        raise ValueError("hashes must map film ids to strings")
    if raw.get("count", 0) < 0 or raw.get("dims", 1) <= 0:
        raise ValueError("count or dims out of range")
    return raw


class VectorCache:
    """The cache folder of one embedder (``vectors/<embedder name>``)."""

    def __init__(self, vectors_dir: Path, embedder_name: str, remember_verified: bool = False) -> None:
        """``remember_verified``: record checksummed files in ``verified.json`` (a home's own cache;
        never the vectors shipped inside the package, whose folder is not ours to write)."""
        self.root = Path(vectors_dir) / embedder_name
        self.remember_verified = remember_verified
        self.partial_dir = self.root.with_name(self.root.name + ".partial")
        self._new = self.root.with_name(self.root.name + ".new")
        self._old = self.root.with_name(self.root.name + ".old")

    # ------------------------------------------------------------ crash recovery
    def recover(self) -> None:
        """Complete or roll back a swap that a crash interrupted."""
        if not self.root.exists():
            if (self._new / MANIFEST).exists():
                self._new.rename(self.root)
            elif self._old.exists():
                self._old.rename(self.root)
        for leftover in (self._new, self._old):
            if leftover.exists() and self.root.exists():
                shutil.rmtree(leftover, ignore_errors=True)

    def exists(self) -> bool:
        self.recover()
        return (self.root / MANIFEST).exists()

    # ------------------------------------------------------------ reading
    def read_manifest(self) -> Manifest:
        self.recover()
        path = self.root / MANIFEST
        if not path.exists():
            raise CacheMissingError(f"No search index for {self.root.name} yet.")
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            manifest = Manifest(**_validated(raw))
        except (ValueError, TypeError, RecursionError, UnicodeDecodeError, OSError) as exc:
            reason = str(exc)[:120]
            raise CacheCorruptError(f"The vector cache manifest {path} is unreadable ({reason}); rebuild it.") from None
        if manifest.format != FORMAT:
            raise CacheMismatchError(f"The vector cache {self.root.name} has format {manifest.format}; rebuild it.")
        return manifest

    def load(self, expect: Stamp | None = None, verify: bool = True) -> VectorSet:
        """Open the cache memory-mapped after checking stamp, shapes and checksums."""
        manifest = self.read_manifest()
        if expect is not None and manifest.stamp != expect:
            diffs = [
                f"{k} {getattr(manifest.stamp, k)!r} ≠ {getattr(expect, k)!r}"
                for k in ("embedder", "fingerprint", "dims", "recipe_version")
                if getattr(manifest.stamp, k) != getattr(expect, k)
            ]
            raise CacheMismatchError(f"The vector cache was built differently ({'; '.join(diffs)}); rebuild it.")
        mpath, ipath = self.root / MATRIX, self.root / IDS
        try:
            if verify and not (self._hashes_to(mpath, manifest.sha256) and self._hashes_to(ipath, manifest.ids_sha256)):
                raise CacheCorruptError(f"The vector cache {self.root.name} fails its checksum; rebuild it.")
            matrix = np.load(mpath, mmap_mode="r", allow_pickle=False)
            ids = np.load(ipath, allow_pickle=False)
        except FileNotFoundError as exc:
            raise CacheCorruptError(f"The vector cache is missing {Path(exc.filename).name}; rebuild it.") from None
        except (ValueError, OSError, EOFError) as exc:
            raise CacheCorruptError(f"The vector cache {self.root.name} is unreadable ({exc}); rebuild it.") from None
        n = manifest.count
        if matrix.dtype != np.float32 or matrix.shape != (n, manifest.dims):
            raise CacheCorruptError(
                f"The vector cache holds {matrix.dtype}{tuple(matrix.shape)}, its manifest says "
                f"float32({n}, {manifest.dims}); rebuild it."
            )
        if ids.dtype != np.int64 or ids.shape != (n,) or len(manifest.hashes) != n:
            raise CacheCorruptError("The vector cache ids do not match its manifest; rebuild it.")
        if n:
            sample = np.asarray(matrix[:: max(1, n // 512)])
            norms = np.linalg.norm(sample, axis=1)
            if not np.all(np.abs(norms - 1.0) < 1e-3):
                raise CacheCorruptError("The vector cache holds rows that are not unit length; rebuild it.")
        return VectorSet(ids=ids, matrix=matrix, manifest=manifest)

    def _hashes_to(self, path: Path, sha256: str) -> bool:
        """Whether ``path`` hashes to ``sha256``; read in full only if not already verified as this very file
        (``core.verified_files``: ~60 ms saved at 44k films)."""
        record = self.root / VERIFIED if self.remember_verified else None
        return verified_files.hashes_to(path, sha256, record, digest=lambda p: sha256_file(p))

    # ------------------------------------------------------------ writing
    def save(
        self, ids: np.ndarray, matrix: np.ndarray, hashes: dict[str, str], stamp: Stamp, catalog_revision: int = -1
    ) -> Manifest:
        ids = np.ascontiguousarray(ids, dtype=np.int64)
        matrix = np.ascontiguousarray(matrix, dtype=np.float32)
        if matrix.shape != (len(ids), stamp.dims):
            raise ValueError(f"matrix shape {matrix.shape} does not fit {len(ids)} ids × {stamp.dims} dims")
        created = time.time()
        try:
            created = self.read_manifest().created or created
        except Exception:
            pass
        if self._new.exists():
            shutil.rmtree(self._new)
        self._new.mkdir(parents=True)
        for name, array in ((MATRIX, matrix), (IDS, ids)):
            with atomic_writer(self._new / name) as fh:
                np.save(fh, array, allow_pickle=False)
        manifest = Manifest(
            embedder=stamp.embedder,
            fingerprint=stamp.fingerprint,
            dims=stamp.dims,
            recipe_version=stamp.recipe_version,
            count=len(ids),
            sha256=sha256_file(self._new / MATRIX),
            ids_sha256=sha256_file(self._new / IDS),
            hashes=hashes,
            created=created,
            updated=time.time(),
            catalog_revision=catalog_revision,
        )
        with atomic_writer(self._new / MANIFEST, "w") as fh:
            json.dump(asdict(manifest), fh)
        for sidecar in self.root.glob(SIDECARS):  # e.g. Pinecone sync state survives a rebuild
            shutil.copy2(sidecar, self._new / sidecar.name)
        fsync_dir(self._new)
        self._swap_in()
        return manifest

    def _swap_in(self) -> None:
        if self._old.exists():
            shutil.rmtree(self._old)
        if self.root.exists():
            self.root.rename(self._old)
        self._new.rename(self.root)
        fsync_dir(self.root.parent)
        shutil.rmtree(self._old, ignore_errors=True)

    def delete(self) -> None:
        for d in (self.root, self._new, self._old, self.partial_dir):
            shutil.rmtree(d, ignore_errors=True)
