"""Helpers for the Pinecone contract tests: a tiny deterministic embedder, small catalogs,
and checks that every logged request stayed within Pinecone's documented limits."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

from movierec_gui.core.embedders.base import l2_normalize
from movierec_gui.core.importers.base import MovieRecord, RowResult
from tests.contract.pinecone_emulator import (
    MAX_IDS_PER_REQUEST,
    MAX_METADATA_BYTES,
    MAX_REQUEST_BYTES,
    MAX_UPSERT_VECTORS,
    PineconeEmulator,
)

GENRES = ("Drama", "Comedy", "Science Fiction", "Horror", "Romance", "War", "Animation", "Thriller")
WORDS = [
    "love",
    "war",
    "space",
    "ship",
    "robot",
    "ghost",
    "house",
    "family",
    "road",
    "heist",
    "detective",
    "city",
    "island",
    "storm",
    "ocean",
    "desert",
    "king",
    "queen",
    "dragon",
    "school",
    "summer",
    "winter",
    "train",
    "river",
    "mountain",
    "secret",
    "murder",
    "dream",
    "music",
]


@lru_cache(maxsize=4096)
def _word(word: str, dims: int) -> np.ndarray:
    seed = int.from_bytes(hashlib.blake2b(word.encode(), digest_size=8).digest(), "little")
    return np.random.default_rng(seed).standard_normal(dims)


class FakeEmbedder:
    """Deterministic hashed bag of words: films sharing words get similar unit vectors."""

    def __init__(self, dims: int = 32) -> None:
        self.dims = dims
        self.name = f"fake-bow-{dims}"
        self.fingerprint = f"fake-bow:{dims}:1"
        self.calls = 0

    def embed(self, texts: Sequence[str], progress=None) -> np.ndarray:
        self.calls += 1
        rows = [np.sum([_word(w, self.dims) for w in (t.lower().split() or ["empty"])], axis=0) for t in texts]
        out = l2_normalize(np.array(rows, dtype=np.float32).reshape(len(texts), self.dims))
        if progress:
            progress(len(texts), len(texts))
        return out


def film(i: int, source: str = "test", **changes) -> MovieRecord:
    """A synthetic film ``i``: stable title, year, genres and a short plot from a fixed vocabulary."""
    rng = np.random.default_rng(i)
    plot = " ".join(WORDS[j] for j in rng.choice(len(WORDS), size=6, replace=False))
    fields = {
        "title": f"Film {i:04d}",
        "year": 1950 + (i * 7) % 71,
        "genres": [GENRES[i % len(GENRES)], GENRES[(i * 3 + 1) % len(GENRES)]],
        "overview": f"A story of {plot}.",
        "runtime": 80 + i % 60,
    }
    fields.update(changes)
    return MovieRecord(source=source, key=str(i), **fields)


def add_films(catalog, films: Sequence[MovieRecord]) -> None:
    by_source: dict[str, list[MovieRecord]] = {}
    for f in films:
        by_source.setdefault(f.source, []).append(f)
    for source, records in by_source.items():
        catalog.import_rows([RowResult(n, r) for n, r in enumerate(records, 1)], source)


def starter_sample(tmp_path: Path, n: int) -> Path:
    """The first ``n`` films of the bundled starter catalog, as a JSONL file."""
    root = Path(__file__).resolve().parents[2] / "resources" / "catalog"
    lines: list[str] = []
    for part in sorted(root.glob("starter-*.jsonl")):
        lines += [ln for ln in part.read_text(encoding="utf-8").splitlines() if ln.strip()]
    out = tmp_path / f"starter-{n}.jsonl"
    out.write_text("\n".join(lines[:n]) + "\n", encoding="utf-8")
    return out


def assert_within_limits(emu: PineconeEmulator) -> None:
    """No logged request broke a documented Pinecone limit."""
    for r in emu.requests:
        assert r.size <= MAX_REQUEST_BYTES, (r.path, r.size)
        if r.path == "/vectors/upsert" and isinstance(r.body, dict):
            assert 1 <= len(r.body["vectors"]) <= MAX_UPSERT_VECTORS
            for v in r.body["vectors"]:
                meta = v.get("metadata") or {}
                assert len(json.dumps(meta, separators=(",", ":"), ensure_ascii=False).encode()) <= MAX_METADATA_BYTES
                assert all(val is not None for val in meta.values())
                assert v["id"].isascii()
        if r.path == "/vectors/delete" and isinstance(r.body, dict) and "ids" in r.body:
            assert len(r.body["ids"]) <= MAX_IDS_PER_REQUEST
        if r.path == "/vectors/fetch":
            assert len(r.query.get("ids", [])) <= MAX_IDS_PER_REQUEST
        if r.path == "/query" and isinstance(r.body, dict):
            assert 1 <= r.body["topK"] <= 10_000
