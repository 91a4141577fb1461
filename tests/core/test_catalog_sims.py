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


def test_recommendations_and_shelves_are_the_same_with_a_warm_or_a_cold_cache() -> None:
    from movierec_gui.core.models import Movie
    from movierec_gui.core.recommend import LIKED, Taste, catalog_space, recommend, score
    from movierec_gui.core.shelves import rank_shelf, shelf_keys

    n = 400
    m = _matrix(n, 24)
    years = np.arange(n, dtype=np.int32) % 60 + 1960
    movies = [Movie(i, f"Film {i}", int(years[i]), directors=(f"D{i % 30}",)) for i in range(n)]
    space = catalog_space(m, movies, years, np.linspace(0, 1, n, dtype=np.float32))
    rng = np.random.default_rng(3)
    rows = rng.choice(n, 40, replace=False)
    taste = Taste(rows, np.full(40, LIKED, dtype=np.int8), rng.integers(1, 11, 40).astype(np.float32) / 2,
                  np.arange(40, dtype=np.float64))

    def lists() -> list[list[int]]:
        scored = score(space, taste)
        shelves = [rank_shelf(k, space, taste, 8, scored=scored) for k in shelf_keys(taste)]
        return [recommend(space, taste, 10).rows.tolist()] + [s.ranked.rows.tolist() for s in shelves if s]

    cold = lists()
    assert cold[0] and len(cold) > 2
    assert lists() == cold  # every seed row now comes from the cache
    space.__dict__.pop("_sims_cache")
    assert lists() == cold
