"""An approximate nearest-neighbour accelerator for very large catalogs: IVF in plain numpy.

Exact search reads the whole matrix per query (56–80 ms at 1M × 384 here); this index
reads a part of it. The rows are split into ``lists`` by k-means centroids; a
query scores the centroids, probes the best ``probe`` lists and ranks only their rows.
The app keeps the rows in list order, projected on their 128 principal directions (a
third of the matrix, so a probed list is one contiguous slice, read fast); the best 1,000
probed rows by that projection are re-ranked with the exact fp32 cosine from the matrix,
so the scores returned are the exact ones. No extra dependency; the index file holds one
list number per row, the centroids and the principal directions.

How many lists to probe is measured on the data when the index is built
(``calibrate_probe``): real sentence embeddings are far less clustered than synthetic
ones, so a fixed share of the lists that recalls everything on clustered data misses a
third of the true neighbours on real vectors. The build picks the fewest lists that find
``TARGET_RECALL`` of the exact top 10 of sample queries, and stores it in the file. The
queries are midpoints of two random films: they fall between the clusters, as a typed
description does (a film's own row, always in its own list, would be far too easy).

Filters stay exact: the catalog mask is applied to the probed rows, never approximated.
A filter that passes a share ``s`` of the films probes ``1/√s`` times the lists (nearly as
many passing rows are ranked as without a filter); a filter selective enough that ranking
its passing rows exactly is cheaper does that, and so does any query for which fewer than
``k`` probed rows pass.

The index file (``<embedder>.ann.npz`` beside the vector cache folder) is stamped with
the vector set it was built for (embedder, fingerprint, dims, recipe, count and the
matrix sha256 of the cache manifest). A matching file is used as is; a stale one (same
model, other vectors) is updated incrementally — rows whose movie id and vector are
unchanged keep their list, new rows are assigned to the nearest centroid — and a foreign
or unreadable one is rebuilt. It is always written atomically, so a crash mid-write
leaves the previous file (or none), never a torn one.
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import NamedTuple

import numpy as np

from .errors import CacheError
from .fsutil import atomic_writer
from .models import SearchFilters
from .vector_cache import Manifest, VectorCache

FORMAT = 4  # 2: the calibrated probe count is stored in the file; 3: and the principal directions;
#: 4: and the width of the reduced copy, calibrated too
#: Catalogs at least this large get the accelerator; smaller ones are searched exactly
#: (exact search over 150k × 384 costs ~10 ms here; benchmarks/README.md).
THRESHOLD = 150_000
#: Rows used to train the centroids (k-means on a sample; the rest are only assigned).
TRAIN_SAMPLE = 65_536
KMEANS_ITERATIONS = 10
#: Fraction of changed rows above which an update retrains the centroids.
RETRAIN_FRACTION = 0.3
#: Mean recall@10 the stored probe count is chosen for, on the calibration queries. High, because
#: typed queries are harder than the midpoints (1M rows made from the real 44k cache: 0.99 on
#: midpoints gave 0.967 on typed queries, 0.998 gives 0.995; benchmarks/README.md).
TARGET_RECALL = 0.998
#: Queries used to choose the probe count (each the normalized sum of two random catalog rows).
CALIBRATION_QUERIES = 256
#: Scoring rows gathered from the matrix costs about this many times scoring them in place
#: (1M × 384: 61 vs 11 ms of CPU for 20 % of the rows); decides when a filter is selective enough
#: to rank the passing rows exactly instead of probing more lists.
GATHER_COST = 6.0
#: A filter passing a share ``s`` of the films probes ``s ** -FILTER_PROBE_POWER`` times the lists.
#: 1M rows like the real 44k, typed queries, a filter passing 31 %: power 1 → 58 ms, recall 1.000;
#: 0.5 → 35 ms, 0.998; 0 (the unfiltered probe) → 23 ms, 0.983.
FILTER_PROBE_POWER = 0.5
#: The app's accelerator keeps the rows copied in list order (``IvfNearest(by_list=True)``): on
#: real-like vectors the calibrated probe reads ~20 % of the rows, which only the copy makes
#: faster than exact search (1M: ~13 vs 50 ms).
BY_LIST = True
#: The copy holds the rows projected on their ``REDUCED_DIMS`` principal directions (a third of
#: the matrix at 384 dimensions; 1M rows like the real 44k, typed queries: 96 dims and 200 rows gave
#: recall 0.940, 128 and 1,000 give 0.993 at 8.2 ms of CPU, as the fp32 copy at 16 ms); the ``SHORTLIST``
#: best of the probed rows by that projection are
#: then re-ranked with the exact fp32 cosine from the matrix, so the scores returned are exact.
REDUCED_DIMS = 128
SHORTLIST = 1000
#: The reduced copy is only as narrow as the data allows: at build, the narrowest of ``REDUCED_DIMS``,
#: 1.5×, 2× and 2.5× it whose shortlist holds this share of the calibration queries' true top 10 (else the
#: copy keeps every dimension). Real sentence vectors have a few strong directions (128 of 384 hold
#: their neighbours); synthetic clusters spread over all of them (128 dims: recall 0.91).
SHORTLIST_RECALL = 0.995
#: ``row @ _PROBE`` per row tells a row's vector apart from another (incremental updates).
_PROBE_SEED = 20_261_203

MaskFn = Callable[[SearchFilters], "np.ndarray | None"]


@dataclass(frozen=True)
class AnnStamp:
    """What an index file must have been built from to be used as is."""

    embedder: str
    fingerprint: str
    dims: int
    recipe_version: int
    count: int
    vectors_sha256: str
    format: int = FORMAT

    @classmethod
    def of(cls, manifest: Manifest) -> AnnStamp:
        return cls(
            manifest.embedder,
            manifest.fingerprint,
            manifest.dims,
            manifest.recipe_version,
            manifest.count,
            manifest.sha256,
        )

    def same_model(self, other: AnnStamp) -> bool:
        return (self.embedder, self.fingerprint, self.dims, self.recipe_version, self.format) == (
            other.embedder,
            other.fingerprint,
            other.dims,
            other.recipe_version,
            other.format,
        )


def default_lists(n: int) -> int:
    """About ``sqrt(n)`` lists (1,000 at 1M), at least 1."""
    return max(1, round(float(np.sqrt(max(n, 1)))))


def default_probe(lists: int) -> int:
    """Lists probed by an index built without calibration: ~4 % of them, at least 8 (enough on clustered data)."""
    return min(lists, max(8, lists // 24))


class IvfIndex:
    """Centroids plus, per list, the matrix rows it holds (``rows[offsets[c]:offsets[c + 1]]``)."""

    def __init__(
        self,
        stamp: AnnStamp,
        centroids: np.ndarray,
        assign: np.ndarray,
        ids: np.ndarray,
        probe: np.ndarray,
        probe_count: int | None = None,
        basis: np.ndarray | None = None,
        reduced_dims: int = 0,
    ):
        self.stamp = stamp
        self.centroids = np.ascontiguousarray(centroids, dtype=np.float32)
        self.assign = np.ascontiguousarray(assign, dtype=np.int32)
        self.ids = np.ascontiguousarray(ids, dtype=np.int64)
        self.probe_values = np.ascontiguousarray(probe, dtype=np.float32)
        self.rows = np.argsort(self.assign, kind="stable").astype(np.int64)
        counts = np.bincount(self.assign, minlength=len(self.centroids))
        self.offsets = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
        #: Lists a query probes (chosen by ``calibrate_probe`` when the index was built).
        self.probe_count = min(self.lists, max(1, probe_count or default_probe(self.lists)))
        #: Principal directions of the rows (columns, most variance first; identity when not trained).
        dims = self.centroids.shape[1]
        self.basis = np.ascontiguousarray(np.eye(dims) if basis is None else basis, dtype=np.float32)
        #: Width of the reduced list-order copy (``calibrate_dims``; 0: every dimension).
        self.reduced_dims = int(reduced_dims)

    @property
    def lists(self) -> int:
        return len(self.centroids)

    def best_lists(self, query: np.ndarray, probe: int) -> np.ndarray:
        """The ``probe`` lists whose centroids are nearest ``query``, in list order."""
        probe = min(probe, self.lists)
        if probe >= self.lists:
            return np.arange(self.lists)
        return np.sort(np.argpartition(-(self.centroids @ query), probe - 1)[:probe])

    def spans(self, lists: np.ndarray) -> list[tuple[int, int]]:
        """``(start, stop)`` positions in list order of ``lists`` (sorted), adjacent lists merged."""
        out: list[tuple[int, int]] = []
        for c in lists:
            start, stop = int(self.offsets[c]), int(self.offsets[c + 1])
            if out and out[-1][1] == start:
                out[-1] = (out[-1][0], stop)
            elif stop > start:
                out.append((start, stop))
        return out

    def candidates(self, query: np.ndarray, probe: int) -> np.ndarray:
        """Matrix rows in the ``probe`` lists whose centroids are nearest ``query``."""
        parts = [self.rows[a:b] for a, b in self.spans(self.best_lists(query, probe))]
        return np.concatenate(parts) if parts else np.empty(0, dtype=np.int64)

    # ------------------------------------------------------------ persistence
    def save(self, path: Path) -> None:
        with atomic_writer(path) as fh:
            np.savez(
                fh,
                stamp=np.array(json.dumps(asdict(self.stamp))),
                centroids=self.centroids,
                assign=self.assign,
                ids=self.ids,
                probe=self.probe_values,
                probe_count=np.array(self.probe_count, dtype=np.int64),
                basis=self.basis,
                reduced_dims=np.array(self.reduced_dims, dtype=np.int64),
            )

    @classmethod
    def load(cls, path: Path) -> IvfIndex:
        """The index in ``path``; raises ``OSError``/``ValueError``/``KeyError`` when unreadable."""
        with np.load(path, allow_pickle=False) as z:
            stamp = AnnStamp(**json.loads(str(z["stamp"])))
            index = cls(
                stamp, z["centroids"], z["assign"], z["ids"], z["probe"], int(z["probe_count"]), z["basis"],
                int(z["reduced_dims"]),
            )
        n = stamp.count
        if index.assign.shape != (n,) or index.ids.shape != (n,) or index.probe_values.shape != (n,):
            raise ValueError("index arrays do not match its stamp")
        if index.centroids.ndim != 2 or index.centroids.shape[1] != stamp.dims or not index.lists:
            raise ValueError("index centroids do not match its stamp")
        if index.basis.shape != (stamp.dims, stamp.dims):
            raise ValueError("index directions do not match its stamp")
        if not 0 <= index.reduced_dims < stamp.dims:
            raise ValueError("index copy width does not match its stamp")
        if n and (index.assign.min() < 0 or index.assign.max() >= index.lists):
            raise ValueError("index assigns rows to lists it does not have")
        return index


def row_probes(matrix: np.ndarray, dims: int) -> np.ndarray:
    """One float per row that changes when the row's vector changes."""
    direction = np.random.default_rng(_PROBE_SEED).standard_normal(dims).astype(np.float32)
    return _blocks(matrix, lambda block: block @ direction, np.float32)


def train_centroids(matrix: np.ndarray, lists: int, seed: int = 0) -> np.ndarray:
    """Spherical k-means on a sample of the rows (unit centroids, cosine assignment)."""
    n = matrix.shape[0]
    rng = np.random.default_rng(seed)
    sample_rows = np.sort(rng.choice(n, size=min(n, max(TRAIN_SAMPLE, lists * 8)), replace=False))
    sample = np.asarray(matrix[sample_rows], dtype=np.float32)
    lists = min(lists, len(sample))
    centroids = sample[rng.choice(len(sample), size=lists, replace=False)].copy()
    for _ in range(KMEANS_ITERATIONS):
        labels = _nearest_centroid(sample, centroids)
        order = np.argsort(labels, kind="stable")
        counts = np.bincount(labels, minlength=lists)
        starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
        sums = np.zeros_like(centroids)
        full = counts > 0
        sums[full] = np.add.reduceat(sample[order], starts[full], axis=0)
        sums[~full] = sample[rng.choice(len(sample), size=int((~full).sum()), replace=False)]
        norms = np.linalg.norm(sums, axis=1, keepdims=True)
        centroids = (sums / np.where(norms > 0, norms, 1.0)).astype(np.float32)
    return centroids


def train_basis(matrix: np.ndarray, seed: int = 0) -> np.ndarray:
    """Principal directions of a sample of the rows (uncentered: they keep dot products), most variance first."""
    n = matrix.shape[0]
    rows = np.sort(np.random.default_rng(seed).choice(n, size=min(n, TRAIN_SAMPLE), replace=False))
    sample = np.asarray(matrix[rows], dtype=np.float64)
    _, vectors = np.linalg.eigh(sample.T @ sample)
    basis: np.ndarray = np.ascontiguousarray(vectors[:, ::-1], dtype=np.float32)
    return basis


def assign_rows(matrix: np.ndarray, centroids: np.ndarray) -> np.ndarray:
    return _blocks(matrix, lambda block: _nearest_centroid(block, centroids), np.int32)


def build(matrix: np.ndarray, ids: np.ndarray, stamp: AnnStamp, lists: int | None = None) -> IvfIndex:
    """A fresh index over ``matrix`` (rows ↔ ``ids``), its probe count calibrated on the data."""
    centroids = train_centroids(matrix, lists or default_lists(len(ids)))
    assign = assign_rows(matrix, centroids)
    index = IvfIndex(stamp, centroids, assign, ids, row_probes(matrix, stamp.dims), basis=train_basis(matrix))
    sample = calibration_sample(matrix) if len(ids) > 10 else None  # one exact pass serves both calibrations
    index.probe_count = calibrate_probe(matrix, index, sample=sample)
    index.reduced_dims = calibrate_dims(matrix, index, sample=sample)
    return index


class CalibrationSample(NamedTuple):
    """Calibration queries and the rows of their exact top ``k``, best first."""

    queries: np.ndarray
    neighbours: np.ndarray


def calibration_sample(matrix: np.ndarray, count: int = CALIBRATION_QUERIES, k: int = 10) -> CalibrationSample:
    queries = calibration_queries(matrix, count)
    return CalibrationSample(queries, exact_neighbours(matrix, queries, k))


def calibrate_probe(
    matrix: np.ndarray, index: IvfIndex, target: float = TARGET_RECALL, k: int = 10, queries: int = CALIBRATION_QUERIES,
    sample: CalibrationSample | None = None,
) -> int:
    """The fewest lists to probe for a mean recall@k of at least ``target`` on sample queries.

    The queries are midpoints of two random rows; their exact top ``k`` comes from one pass
    over the matrix. A true neighbour is found when its list is among the query's ``p`` best
    centroids, so the recall of every ``p`` follows from the centroid ranks alone.
    """
    n = matrix.shape[0]
    if n <= k or index.lists <= 1:
        return index.lists
    sample = sample or calibration_sample(matrix, queries, k)
    recall = probe_recall(matrix, index, sample.queries, k, sample.neighbours)
    fewest = int(np.searchsorted(recall, target - 1e-9)) + 1
    return min(index.lists, fewest)


def calibrate_dims(
    matrix: np.ndarray, index: IvfIndex, target: float | None = None, k: int = 10,
    queries: int = CALIBRATION_QUERIES, shortlist: int | None = None, sample: CalibrationSample | None = None,
) -> int:
    """The narrowest reduced copy (``REDUCED_DIMS``, then up by half of it, below the full width; 0: full) whose
    ``shortlist`` (``SHORTLIST``) best rows by the projected score hold ``target`` (``SHORTLIST_RECALL``) of
    the calibration queries' true top ``k``.

    Checked against all rows (a probe only sees fewer, so this is the stricter test).
    """
    full = matrix.shape[1]
    shortlist = SHORTLIST if shortlist is None else shortlist
    target = SHORTLIST_RECALL if target is None else target
    if matrix.shape[0] <= max(k, shortlist):
        return 0
    q, neighbours = sample or calibration_sample(matrix, queries, k)
    for dims in range(REDUCED_DIMS, full, max(1, REDUCED_DIMS // 2)):
        proj = index.basis[:, :dims]
        qd = q @ proj
        projected = (np.asarray(matrix[neighbours.ravel()], dtype=np.float32) @ proj).reshape(*neighbours.shape, dims)
        target_scores = (projected * qd[:, None, :]).sum(axis=2)  # each true neighbour's projected score
        above = np.zeros(neighbours.shape, dtype=np.int64)  # rows scoring above each true neighbour
        for start in range(0, matrix.shape[0], 8192):
            scores = (np.asarray(matrix[start : start + 8192], dtype=np.float32) @ proj) @ qd.T  # (rows, m)
            above += (scores[:, :, None] > target_scores[None, :, :]).sum(axis=0)
        if float(np.mean(above < shortlist)) >= target:
            return dims
    return 0


def calibration_queries(matrix: np.ndarray, count: int = CALIBRATION_QUERIES, seed: int = 1) -> np.ndarray:
    """``count`` unit queries, each the normalized sum of two random rows of ``matrix``."""
    pairs = np.random.default_rng(seed).integers(0, matrix.shape[0], size=(count, 2))
    q = np.asarray(matrix[pairs[:, 0]], dtype=np.float32) + np.asarray(matrix[pairs[:, 1]], dtype=np.float32)
    q /= np.maximum(np.linalg.norm(q, axis=1, keepdims=True), 1e-12)
    return q


def probe_recall(
    matrix: np.ndarray, index: IvfIndex, queries: np.ndarray, k: int = 10, neighbours: np.ndarray | None = None
) -> np.ndarray:
    """Mean recall@k of ``queries`` when probing ``p`` lists, at index ``p - 1`` for every ``p`` (``neighbours``:
    their exact top ``k`` when already known)."""
    if neighbours is None:
        neighbours = exact_neighbours(matrix, queries, k)
    order = np.argsort(-(queries @ index.centroids.T), axis=1)
    rank = np.empty_like(order)
    np.put_along_axis(rank, order, np.broadcast_to(np.arange(index.lists), order.shape), axis=1)
    needed = np.take_along_axis(rank, index.assign[neighbours], axis=1)  # 0: in the query's best list
    recall: np.ndarray = np.cumsum(np.bincount(needed.ravel(), minlength=index.lists)) / needed.size
    return recall


def exact_neighbours(matrix: np.ndarray, queries: np.ndarray, k: int) -> np.ndarray:
    """Rows of the exact top ``k`` of each query, best first (one pass over ``matrix``, in blocks)."""
    m = len(queries)
    best_s = np.empty((m, 0), dtype=np.float32)
    best_r = np.empty((m, 0), dtype=np.int64)
    step = 32_768
    for start in range(0, matrix.shape[0], step):
        block = np.asarray(matrix[start : start + step], dtype=np.float32)
        s = queries @ block.T
        kk = min(k, s.shape[1])
        part = np.argpartition(-s, kk - 1, axis=1)[:, :kk]
        all_s = np.hstack([best_s, np.take_along_axis(s, part, axis=1)])
        all_r = np.hstack([best_r, part + start])
        keep = np.argpartition(-all_s, min(k, all_s.shape[1]) - 1, axis=1)[:, :k]
        best_s, best_r = np.take_along_axis(all_s, keep, axis=1), np.take_along_axis(all_r, keep, axis=1)
    order = np.argsort(-best_s, axis=1, kind="stable")
    out: np.ndarray = np.take_along_axis(best_r, order, axis=1)
    return out


def update(old: IvfIndex, matrix: np.ndarray, ids: np.ndarray, stamp: AnnStamp) -> IvfIndex:
    """``old`` brought up to ``matrix``: unchanged rows keep their list, the others are assigned.

    Retrains (``build``) when the model differs or too much changed.
    """
    if not old.stamp.same_model(stamp) or not len(ids):
        return build(matrix, ids, stamp)
    probes = row_probes(matrix, stamp.dims)
    order = np.argsort(old.ids, kind="stable")
    pos = np.clip(np.searchsorted(old.ids, ids, sorter=order), 0, max(len(old.ids) - 1, 0))
    prev = order[pos] if len(old.ids) else np.zeros(len(ids), dtype=np.int64)
    same = np.zeros(len(ids), dtype=bool)
    if len(old.ids):
        same = (old.ids[prev] == ids) & np.isclose(old.probe_values[prev], probes, rtol=0, atol=1e-5)
    changed = np.flatnonzero(~same)
    if len(changed) > RETRAIN_FRACTION * len(ids):
        return build(matrix, ids, stamp)
    assign = np.empty(len(ids), dtype=np.int32)
    assign[same] = old.assign[prev[same]]
    if len(changed):
        assign[changed] = assign_rows(np.asarray(matrix[changed]), old.centroids)
    return IvfIndex(stamp, old.centroids, assign, ids, probes, old.probe_count, old.basis, old.reduced_dims)


def open_index(path: Path, matrix: np.ndarray, ids: np.ndarray, manifest: Manifest) -> IvfIndex:
    """The index for this vector set: the file when it matches, else updated or rebuilt and saved."""
    stamp = AnnStamp.of(manifest)
    old: IvfIndex | None = None
    try:
        old = IvfIndex.load(path)
    except (OSError, ValueError, KeyError, TypeError, EOFError, zipfile.BadZipFile):
        old = None  # missing, torn or foreign: rebuild
    if old is not None and old.stamp == stamp and np.array_equal(old.ids, ids):
        return old
    index = update(old, matrix, ids, stamp) if old is not None else build(matrix, ids, stamp)
    index.save(path)
    return index


class IvfNearest:
    """``NearestBackend`` over an :class:`IvfIndex`: exact scores of the best probed rows, exact filters.

    With ``by_list`` the rows are copied once in list order, so a probed list is one
    contiguous slice: scoring slices in place costs a sixth of gathering the same rows from
    the matrix (1M × 384, 20 % of the lists: 11 vs 61 ms of CPU). With ``dims`` below the
    matrix's, the copy holds the rows projected on their ``dims`` principal directions
    (``dims / 384`` of the matrix's memory, read that much faster); the ``shortlist`` best
    probed rows by the projection are re-ranked exactly from the matrix. Without ``by_list``
    (the default) the probed rows are gathered from the matrix and ranked exactly.
    """

    def __init__(
        self,
        matrix: np.ndarray,
        ids: np.ndarray,
        index: IvfIndex,
        mask: MaskFn,
        probe: int | None = None,
        by_list: bool = False,
        dims: int | None = None,
        shortlist: int = SHORTLIST,
    ):
        if len(ids) != len(index.ids) or not np.array_equal(ids, index.ids):
            raise ValueError("the accelerator was built for other vectors")
        self.matrix, self.ids, self.index, self._mask = matrix, ids, index, mask
        self.probe = probe or index.probe_count
        self.shortlist = shortlist
        self.by_list: np.ndarray | None = None
        #: Query projection of the reduced copy (``None``: the copy is the fp32 rows themselves).
        self.projection: np.ndarray | None = None
        if by_list:
            full = matrix.shape[1]
            if dims is not None and dims < full:
                self.projection = np.ascontiguousarray(index.basis[:, :dims])
            width = full if self.projection is None else int(self.projection.shape[1])
            self.by_list = np.empty((len(ids), width), dtype=np.float32)
            step = 65_536  # bounded temporaries
            for start in range(0, len(ids), step):
                block = np.asarray(matrix[index.rows[start : start + step]], dtype=np.float32)
                self.by_list[start : start + step] = block if self.projection is None else block @ self.projection

    def nearest(self, vec: np.ndarray, k: int, filters: SearchFilters) -> tuple[list[int], list[float]]:
        q = np.asarray(vec, dtype=np.float32)
        if k <= 0 or not len(self.ids):
            return [], []
        mask = self._mask(filters)
        probe = self.probe
        if mask is not None:
            # Probe more lists, so that about as many passing rows are ranked as without a filter.
            share = float(np.count_nonzero(mask)) / len(mask)
            probe_share = probe / self.index.lists
            if share * share * GATHER_COST < probe_share:  # selective: exact over the passing rows is cheaper
                return self._ranked(np.flatnonzero(mask), q, k)
            probe = min(self.index.lists, int(np.ceil(probe / share**FILTER_PROBE_POWER)))
        spans = self.index.spans(self.index.best_lists(q, probe))
        if not spans:
            rows, scores = np.empty(0, np.int64), np.empty(0, np.float32)
        elif self.by_list is not None:
            rows = self.index.rows[np.concatenate([np.arange(a, b) for a, b in spans])]
            qq = q if self.projection is None else q @ self.projection
            scores = np.concatenate([self.by_list[a:b] @ qq for a, b in spans])
        else:
            rows = np.sort(np.concatenate([self.index.rows[a:b] for a, b in spans]))  # memory order reads faster
            if mask is not None:
                rows = rows[mask[rows]]  # score only the passing rows
            scores = np.asarray(self.matrix[rows] @ q, dtype=np.float32)
        if mask is not None and self.by_list is not None:
            keep = mask[rows]
            rows, scores = rows[keep], scores[keep]
        if len(rows) < k:  # too few (passing) rows among the probed lists: exact over all that pass
            return self._ranked(np.arange(len(self.ids)) if mask is None else np.flatnonzero(mask), q, k)
        if self.projection is not None:  # approximate scores: re-rank the best of them exactly
            if len(rows) > max(k, self.shortlist):
                rows = rows[np.argpartition(-scores, max(k, self.shortlist) - 1)[: max(k, self.shortlist)]]
            return self._ranked(np.sort(rows), q, k)
        return self._best(rows, scores, k)

    def _ranked(self, rows: np.ndarray, q: np.ndarray, k: int) -> tuple[list[int], list[float]]:
        """Exact top ``k`` of ``rows`` (gathered from the matrix)."""
        return self._best(rows, np.asarray(self.matrix[rows] @ q, dtype=np.float32), k)

    def _best(self, rows: np.ndarray, scores: np.ndarray, k: int) -> tuple[list[int], list[float]]:
        k = min(k, len(rows))
        if not k:
            return [], []
        part = np.argpartition(-scores, k - 1)[:k]
        best = part[np.lexsort((rows[part], -scores[part]))]  # ties: matrix order, as exact search
        return [int(self.ids[rows[b]]) for b in best], [float(scores[b]) for b in best]


def index_path(cache_root: Path) -> Path:
    """Where the accelerator of the vector cache folder ``cache_root`` lives (beside it: survives its swaps)."""
    return cache_root.with_name(cache_root.name + ".ann.npz")


def accelerated(
    path: Path, matrix: np.ndarray, ids: np.ndarray, manifest: Manifest, mask: MaskFn, threshold: int | None = None
) -> IvfNearest | None:
    """The accelerator for this vector set when it has at least ``threshold`` rows (default ``THRESHOLD``), else
    ``None`` (exact)."""
    if len(ids) < (THRESHOLD if threshold is None else threshold):
        return None
    index = open_index(path, matrix, ids, manifest)
    if not BY_LIST and index.probe_count / index.lists * GATHER_COST >= 1.0:
        return None  # gathering that many rows would be slower than reading the whole matrix
    return IvfNearest(matrix, ids, index, mask, by_list=BY_LIST, dims=index.reduced_dims or None)


def prepare(cache: VectorCache, threshold: int | None = None) -> bool:
    """Bring the accelerator of ``cache`` up to date now (after indexing) if the cache is large enough."""
    try:
        manifest = cache.read_manifest()
        if manifest.count < (THRESHOLD if threshold is None else threshold):
            return False
        vectors = cache.load(verify=False)  # just written by the indexer, which checksummed it
        open_index(index_path(cache.root), np.ascontiguousarray(vectors.matrix), vectors.ids, manifest)
    except (CacheError, OSError):
        return False  # search falls back to exact; the next search retries
    return True


def _nearest_centroid(block: np.ndarray, centroids: np.ndarray) -> np.ndarray:
    out: np.ndarray = np.argmax(np.asarray(block, dtype=np.float32) @ centroids.T, axis=1).astype(np.int32)
    return out


def _blocks(matrix: np.ndarray, fn: Callable[[np.ndarray], np.ndarray], dtype: type, step: int = 32_768) -> np.ndarray:
    """``fn`` over row blocks (bounded temporaries at 1M rows), concatenated."""
    out: np.ndarray = np.empty(matrix.shape[0], dtype=dtype)
    for start in range(0, matrix.shape[0], step):
        out[start : start + step] = fn(np.asarray(matrix[start : start + step], dtype=np.float32))
    return out
