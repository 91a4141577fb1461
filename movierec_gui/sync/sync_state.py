"""What a Pinecone namespace is known to hold, kept beside the vector-cache manifest.

``vectors/<embedder>/pinecone-<index>-<namespace>.json`` maps each vector id to the
sync hash (content hash + metadata digest) last confirmed by Pinecone. It is rewritten
atomically after every confirmed batch, so an interrupted sync (Ctrl-C, a crash, a lost
network) leaves a true record and the next run sends only what is still missing.
``VectorCache.save`` carries these files over when the cache is rebuilt.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ..core.fsutil import atomic_writer

log = logging.getLogger(__name__)
FORMAT = 1


@dataclass
class SyncState:
    index: str
    namespace: str
    host: str = ""
    embedder: str = ""
    fingerprint: str = ""
    dims: int = 0
    recipe_version: int = 0
    synced: dict[str, str] = field(default_factory=dict)  # vector id -> sync hash
    updated: float = 0.0
    format: int = FORMAT

    def same_vectors(self, embedder: str, fingerprint: str, dims: int, recipe_version: int) -> bool:
        """Whether the synced vectors came from this exact model and text recipe."""
        return (self.embedder, self.fingerprint, self.dims, self.recipe_version) == (
            embedder,
            fingerprint,
            dims,
            recipe_version,
        )


def state_path(cache_root: Path, index: str, namespace: str) -> Path:
    """``<cache>/pinecone-<index>-<namespace>.json``; odd namespace characters are made file-safe."""
    safe = re.sub(r"[^A-Za-z0-9._-]", "_", namespace)
    if safe != namespace:
        safe += "-" + hashlib.blake2b(namespace.encode(), digest_size=4).hexdigest()
    return Path(cache_root) / f"pinecone-{index}-{safe}.json"


class SyncStateStore:
    """Loads and atomically saves one namespace's :class:`SyncState`."""

    def __init__(self, cache_root: Path, index: str, namespace: str) -> None:
        self.path = state_path(cache_root, index, namespace)
        self.index, self.namespace = index, namespace

    def load(self) -> SyncState:
        """The saved state, or an empty one (missing, unreadable, or for another target)."""
        fresh = SyncState(self.index, self.namespace)
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
            state = SyncState(**raw)
        except FileNotFoundError:
            return fresh
        except (OSError, ValueError, TypeError) as exc:
            log.warning(
                "ignoring unreadable Pinecone sync state %s (%s); the next sync re-checks everything",
                self.path.name,
                exc,
            )
            return fresh
        if state.format != FORMAT or (state.index, state.namespace) != (self.index, self.namespace):
            return fresh
        if not isinstance(state.synced, dict):
            return fresh
        return state

    def save(self, state: SyncState) -> None:
        state.updated = time.time()
        with atomic_writer(self.path, "w") as fh:
            json.dump(asdict(state), fh, separators=(",", ":"), sort_keys=True)

    def delete(self) -> None:
        self.path.unlink(missing_ok=True)
