"""The taste map's layout: regions found in the full embedding space, then laid out in 2-D. Qt-free.

**Why not plain PCA.** The two main directions of 384-d sentence embeddings carry only a
few per cent of their variance, so on a PCA plane kinds of film that are far apart in the
model's space overlap, and no region could carry a name. Instead:

1. **Regions:** k-means (cosine, k ≈ √(N/2) within 6–16, fixed seed) in the *full* space,
   so a region is a set of films the search engine itself treats as close.
2. **Where regions go:** classical MDS on the distances between region centres — the 2-D
   arrangement that best keeps those distances (neighbouring regions stay neighbours).
3. **Films inside a region:** each film's offset from its centre, projected on the two main
   directions of all such offsets and scaled to the room around its region.

Names come from what is over-represented in a region: its top genres by lift over the
whole catalog, and its most distinctive keyword.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

K_MIN, K_MAX = 6, 16


@dataclass(frozen=True)
class Layout:
    xy: np.ndarray  # (N, 2) float32 in [0, 1]
    region: np.ndarray  # (N,) int32 region of each film
    centres_xy: np.ndarray  # (K, 2) float32 label positions in [0, 1]
    centres: np.ndarray  # (K, d) float32 unit region centres in the embedding space
    sizes: np.ndarray  # (K,) int64


def _unit(x: np.ndarray) -> np.ndarray:
    n = np.linalg.norm(x, axis=1, keepdims=True)
    return x / np.where(n > 1e-12, n, 1.0)


def kmeans(x: np.ndarray, k: int, iterations: int = 12, check: Callable[[], None] | None = None,
           seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Spherical k-means with k-means++ seeding; returns (labels, unit centres)."""
    rng = np.random.default_rng(seed)
    n = len(x)
    sample = x[rng.choice(n, size=min(n, 4000), replace=False)]
    centres = [sample[rng.integers(len(sample))]]
    best = np.full(len(sample), np.inf, dtype=np.float32)
    for _ in range(1, k):
        best = np.minimum(best, 1.0 - sample @ centres[-1])
        p = np.clip(best, 0, None) ** 2
        pick = rng.choice(len(sample), p=p / p.sum()) if p.sum() > 0 else rng.integers(len(sample))
        centres.append(sample[pick])
    c = _unit(np.asarray(centres, dtype=np.float32))
    labels = np.zeros(n, dtype=np.int32)
    for _ in range(iterations):
        if check:
            check()
        labels = np.argmax(x @ c.T, axis=1).astype(np.int32)
        sums = np.zeros_like(c)
        np.add.at(sums, labels, x)
        empty = np.linalg.norm(sums, axis=1) < 1e-9
        sums[empty] = c[empty]
        c = _unit(sums)
    return labels, c


def layout(matrix: np.ndarray, check: Callable[[], None] | None = None) -> Layout:
    x = _unit(np.asarray(matrix, dtype=np.float32))
    n = len(x)
    if n < 3:
        return Layout(np.full((n, 2), 0.5, dtype=np.float32), np.zeros(n, dtype=np.int32),
                      np.full((1, 2), 0.5, dtype=np.float32), x[:1] if n else np.zeros((1, 1), np.float32),
                      np.array([n]))
    k = int(min(K_MAX, max(K_MIN, round(np.sqrt(n / 2))), n))
    labels, centres = kmeans(x, k, check=check)
    sizes = np.bincount(labels, minlength=k)
    # 2. Region centres by classical MDS on their cosine distances.
    d2 = np.clip(2.0 - 2.0 * (centres @ centres.T), 0, None)
    j = np.eye(k) - 1.0 / k
    b = -0.5 * j @ d2 @ j
    vals, vecs = np.linalg.eigh(b.astype(np.float64))
    top = np.argsort(vals)[::-1][:2]
    cxy = vecs[:, top] * np.sqrt(np.clip(vals[top], 1e-12, None))
    # 3. Offsets inside each region, on the main directions of all offsets.
    resid = x - centres[labels]
    sample = resid[:: max(1, n // 5000)]
    _, _, vt = np.linalg.svd(sample - sample.mean(0), full_matrices=False)
    local = resid @ vt[:2].T
    local /= np.maximum(np.percentile(np.abs(local), 95, axis=0), 1e-9)
    local = np.clip(local, -1.6, 1.6)
    nearest = np.sort(np.linalg.norm(cxy[:, None] - cxy[None], axis=2) + np.eye(k) * 1e9, axis=1)[:, 0]
    room = 0.5 * nearest * (sizes / max(1, sizes.max())) ** 0.25
    xy = cxy[labels] + local * room[labels, None]
    lo, hi = xy.min(0), xy.max(0)
    span = np.where(hi - lo > 1e-9, hi - lo, 1.0)
    xy01 = ((xy - lo) / span * 0.92 + 0.04).astype(np.float32)
    c01 = np.array([np.median(xy01[labels == r], axis=0) if sizes[r] else ((cxy[r] - lo) / span * 0.92 + 0.04)
                    for r in range(k)], dtype=np.float32)  # a name sits on its films
    return Layout(xy01, labels, c01, centres.astype(np.float32), sizes)


def region_names(region: np.ndarray, genres: Sequence[Sequence[str]], keywords: dict[int, Sequence[str]],
                 k: int) -> list[str]:
    """"Horror · Thriller — zombies": the genres over-represented in each region, and its most telling keyword."""
    overall = Counter(g for gs in genres for g in gs)
    total = max(1, len(genres))
    names = []
    for r in range(k):
        rows = np.flatnonzero(region == r)
        inside = Counter(g for i in rows for g in genres[i])
        n = max(1, len(rows))
        lift = {g: (c / n) / (overall[g] / total) * (c / n) ** 0.5 for g, c in inside.items() if c >= max(2, n * 0.08)}
        top = [g for g, _ in sorted(lift.items(), key=lambda kv: -kv[1])[:2]]
        words = Counter(w.lower() for i in rows for w in keywords.get(int(i), ()))
        word = next((w for w, c in words.most_common(8) if c >= 2 and len(w) <= 18
                     and w.lower() not in {g.lower() for g in top}), "")
        name = " · ".join(top) or "Mixed"
        names.append(f"{name} — {word}" if word else name)
    return names
