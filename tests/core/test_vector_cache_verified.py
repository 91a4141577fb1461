"""A verified vector file is not read in full again; any later change to it is checksummed again.

Covers ``verified.json`` (``VectorCache._hashes_to``): a bit flipped through the file system is
caught even when the modification time is put back (the inode change time cannot be).
"""

from __future__ import annotations

import os
import time

import numpy as np
import pytest

from movierec_gui.core import vector_cache
from movierec_gui.core.errors import CacheCorruptError
from movierec_gui.core.vector_cache import MATRIX, VERIFIED, Stamp, VectorCache
from tests.core.conftest import count_hashing

STAMP = Stamp("fake-embedder", "fake:1", 8, 2)


@pytest.fixture
def cache(tmp_path):
    c = VectorCache(tmp_path / "vectors", STAMP.embedder, remember_verified=True)
    ids = np.arange(1, 41, dtype=np.int64)
    m = np.random.default_rng(3).normal(size=(40, 8)).astype(np.float32)
    c.save(ids, m / np.linalg.norm(m, axis=1, keepdims=True), {str(i): "h" for i in ids}, STAMP)
    return c


@pytest.fixture
def hashed(monkeypatch):
    """The names of the files read in full for a checksum."""
    return count_hashing(monkeypatch, vector_cache)


def test_a_verified_file_is_not_hashed_again(cache, hashed):
    first = cache.load(expect=STAMP)
    assert sorted(hashed) == ["embeddings.npy", "ids.npy"] and (cache.root / VERIFIED).is_file()
    hashed.clear()
    again = VectorCache(cache.root.parent, STAMP.embedder, remember_verified=True).load(expect=STAMP)  # a new process
    assert hashed == []
    np.testing.assert_array_equal(first.matrix, again.matrix)


def test_a_flipped_bit_with_its_mtime_put_back_is_still_caught(cache, hashed):
    cache.load(expect=STAMP)
    path = cache.root / MATRIX
    before = path.stat()
    time.sleep(0.05)  # past the file system's timestamp granularity
    raw = bytearray(path.read_bytes())
    raw[-5] ^= 0x10
    path.write_bytes(bytes(raw))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_mtime_ns == before.st_mtime_ns and path.stat().st_size == before.st_size
    with pytest.raises(CacheCorruptError, match="checksum"):
        cache.load(expect=STAMP)
    assert "embeddings.npy" in hashed


def test_a_forged_or_damaged_record_only_costs_a_full_check(cache, hashed):
    (cache.root / VERIFIED).write_text("[not a record")
    cache.load(expect=STAMP)
    assert sorted(hashed) == ["embeddings.npy", "ids.npy"]


def test_a_cache_not_ours_to_write_is_checked_in_full_and_left_alone(cache, hashed):
    shipped = VectorCache(cache.root.parent, STAMP.embedder)  # e.g. the starter vectors inside the package
    shipped.load(expect=STAMP)
    shipped.load(expect=STAMP)
    assert hashed.count("embeddings.npy") == 2 and not (cache.root / VERIFIED).exists()
