"""The seed × catalog cosine cache returns the same cosines as a fresh matrix product."""

from __future__ import annotations

import numpy as np

from movierec_gui.core import catalog_sims
from movierec_gui.core.catalog_sims import SimsCache


def _matrix(n: int = 300, d: int = 16) -> np.ndarray:
    m = np.random.default_rng(0).normal(size=(n, d)).astype(np.float32)
    return m / np.linalg.norm(m, axis=1, keepdims=True)


def test_rows_and_profile_match_a_fresh_product_whatever_was_cached_before() -> None:
    m = _matrix()
    cache = SimsCache(m)
    profile = m[:5].mean(axis=0)
    cache.sims(np.array([3, 7]), profile)  # warm some rows and the profile
    rows = np.array([7, 11, 3, 11])  # kept, new, kept, repeated
    got = cache.sims(rows, profile)
    want = np.vstack([profile[None, :], m[rows]]) @ m.T
    assert got.shape == (5, 300)
    np.testing.assert_allclose(got, want, atol=1e-6)
    np.testing.assert_allclose(cache.row(11), m @ m[11], atol=1e-6)
    assert cache.sims(np.empty(0, dtype=np.int64)).shape == (0, 300)


def test_only_capacity_rows_are_kept_oldest_first_out(monkeypatch) -> None:
    monkeypatch.setattr(catalog_sims, "MAX_ROWS", 3)
    m = _matrix()
    cache = SimsCache(m)
    cache.sims(np.array([1, 2, 3]))
    cache.sims(np.array([1]))  # 1 is now the most recent
    cache.sims(np.array([4]))  # evicts 2
    assert list(cache._rows) == [3, 1, 4]
    np.testing.assert_allclose(cache.sims(np.array([2, 4])), m[[2, 4]] @ m.T, atol=1e-6)
