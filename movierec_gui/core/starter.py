"""The starter catalog written by this project, and its shipped vectors.

``resources/catalog/*.jsonl`` holds 1,000+ films with our own synopses (fields in
``resources/catalog/README.md``); ``resources/starter_vectors/<embedder>/`` holds their
vectors for the default model, made by our own ``movierec index`` and stamped like any
cache. A first launch imports the films and takes the vectors by content hash, so the
first search needs no indexing; if the stamp does not fit the installed model or
recipe, the vectors are ignored and the index is rebuilt instead.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

from .catalog import Catalog
from .errors import CacheError
from .importers.base import ImportReport, RowResult
from .importers.generic import read_jsonl
from .vector_cache import VectorCache, VectorSet

SOURCE = "starter"
META_KEY = "starter_digest"


def digest(files: list[Path]) -> str:
    h = hashlib.sha256()
    for f in files:
        h.update(f.name.encode())
        h.update(f.read_bytes())
    return h.hexdigest()[:16]


def rows(files: list[Path]) -> Iterator[RowResult]:
    for f in files:
        yield from read_jsonl(f, SOURCE)


def install(catalog: Catalog, files: list[Path], force: bool = False) -> ImportReport | None:
    """Import (or refresh) the starter films from ``files``; ``None`` if they are already current."""
    if not files:
        return None
    d = digest(files)
    if not force and catalog.get_meta(META_KEY) == d:
        return None
    report = catalog.import_rows(rows(files), SOURCE, "starter catalog")
    catalog.set_meta(META_KEY, d)
    return report


def shipped_vectors(root: Path, embedder_name: str) -> VectorSet | None:
    """The starter vectors shipped under ``root`` for ``embedder_name``, if present and intact."""
    cache = VectorCache(root, embedder_name)
    if not (cache.root / "manifest.json").exists():
        return None
    try:
        return cache.load()
    except CacheError:
        return None
