"""The vector cache: stamped, checksummed, atomic, and never silently wrong."""

from __future__ import annotations

import json

import numpy as np
import pytest

from movierec_gui.core.errors import CacheCorruptError, CacheMismatchError, CacheMissingError
from movierec_gui.core.vector_cache import IDS, MANIFEST, MATRIX, Stamp, VectorCache

STAMP = Stamp("fake-embedder", "fake:1", 8, 2)


def unit_rows(n: int, d: int = 8, seed: int = 0) -> np.ndarray:
    m = np.random.default_rng(seed).normal(size=(n, d)).astype(np.float32)
    return m / np.linalg.norm(m, axis=1, keepdims=True)


@pytest.fixture
def saved(tmp_path):
    cache = VectorCache(tmp_path / "vectors", STAMP.embedder)
    ids = np.arange(10, 30, dtype=np.int64)
    cache.save(ids, unit_rows(20), {str(i): f"h{i}" for i in ids}, STAMP)
    return cache


def test_roundtrip_is_memory_mapped_and_verified(saved):
    vs = saved.load(expect=STAMP)
    assert isinstance(vs.matrix, np.memmap) and vs.matrix.dtype == np.float32
    assert len(vs) == 20 and vs.row_of(10) == 0 and vs.row_of(999) is None
    assert vs.hash_of(29) == "h29"
    np.testing.assert_allclose(np.linalg.norm(vs.matrix, axis=1), 1, atol=1e-6)


def test_missing_cache(tmp_path):
    with pytest.raises(CacheMissingError, match="No search index"):
        VectorCache(tmp_path, "nothing").load()


@pytest.mark.parametrize(
    "field,value", [("dims", 16), ("fingerprint", "other-model"), ("recipe_version", 1), ("embedder", "x")]
)
def test_stamp_mismatch_is_refused(saved, field, value):
    expect = Stamp(**{**STAMP.__dict__, field: value})
    with pytest.raises(CacheMismatchError, match=field):
        saved.load(expect=expect)


def test_truncated_matrix_is_detected(saved):
    path = saved.root / MATRIX
    path.write_bytes(path.read_bytes()[:-100])
    with pytest.raises(CacheCorruptError):
        saved.load(expect=STAMP)
    with pytest.raises(CacheCorruptError):
        saved.load(expect=STAMP, verify=False)  # even without the checksum: shape check


def test_flipped_byte_fails_checksum(saved):
    path = saved.root / MATRIX
    data = bytearray(path.read_bytes())
    data[-5] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(CacheCorruptError, match="checksum"):
        saved.load(expect=STAMP)


def test_garbage_manifest_and_wrong_count(saved):
    manifest = json.loads((saved.root / MANIFEST).read_text())
    manifest["count"] = 21
    (saved.root / MANIFEST).write_text(json.dumps(manifest))
    with pytest.raises(CacheCorruptError):
        saved.load(expect=STAMP)
    (saved.root / MANIFEST).write_text("{not json")
    with pytest.raises(CacheCorruptError, match="unreadable"):
        saved.load()


def test_pickled_or_non_unit_arrays_are_refused(saved, tmp_path):
    np.save(saved.root / IDS, np.array([object()] * 20, dtype=object), allow_pickle=True)
    with pytest.raises(CacheCorruptError):
        saved.load(expect=STAMP, verify=False)
    cache = VectorCache(tmp_path / "v2", "e")
    ids = np.arange(3, dtype=np.int64)
    cache.save(ids, np.ones((3, 8), np.float32), {str(i): "h" for i in ids}, Stamp("e", "f", 8, 2))
    with pytest.raises(CacheCorruptError, match="unit length"):
        cache.load()


def test_interrupted_swap_is_recovered(saved):
    old = saved.load(expect=STAMP)
    first_row = np.array(old.matrix[0])
    # Simulate a crash between the two renames of a save: root gone, .old and .new present.
    new_ids = np.arange(100, 105, dtype=np.int64)
    cache2 = VectorCache(saved.root.parent, STAMP.embedder)
    cache2._new.mkdir()
    saved.root.rename(saved._old)
    # .new incomplete (no manifest): the old cache comes back.
    cache2.recover()
    np.testing.assert_array_equal(cache2.load(expect=STAMP).matrix[0], first_row)
    # A complete .new with the root gone: the new one is taken.
    cache2.save(new_ids, unit_rows(5, seed=3), {str(i): "h" for i in new_ids}, STAMP)
    assert list(cache2.load(expect=STAMP).ids) == list(new_ids)
    assert not cache2._old.exists() and not cache2._new.exists()
