"""The IVF accelerator (core.ann): same answers as exact search, stamped, rebuilt when stale, crash-safe."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from movierec_gui.core import ann
from movierec_gui.core.models import SearchFilters
from movierec_gui.core.search import top_k
from movierec_gui.core.vector_cache import Manifest, VectorCache


def clustered(n: int, dims: int = 16, clusters: int = 12, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(clusters, dims))
    m = centres[rng.integers(0, clusters, n)] + 0.4 * rng.normal(size=(n, dims))
    return (m / np.linalg.norm(m, axis=1, keepdims=True)).astype(np.float32)


def manifest_for(n: int, dims: int = 16, sha: str = "sha-a", fingerprint: str = "fp") -> Manifest:
    return Manifest("emb", fingerprint, dims, 3, n, sha, "ids-sha")


def years_mask(years: np.ndarray):
    def mask(filters: SearchFilters) -> np.ndarray | None:
        if not filters.active:
            return None
        keep = np.ones(len(years), dtype=bool)
        if filters.year_from is not None:
            keep &= years >= filters.year_from
        if filters.year_to is not None:
            keep &= years <= filters.year_to
        return keep

    return mask


@pytest.fixture
def data():
    matrix = clustered(600)
    ids = np.arange(600, dtype=np.int64) * 3 + 1
    years = np.random.default_rng(5).integers(1950, 2025, 600)
    return matrix, ids, years


@pytest.mark.parametrize("by_list", [False, True])
def test_probing_every_list_equals_exact_search(tmp_path: Path, data, by_list):
    matrix, ids, years = data
    index = ann.open_index(tmp_path / "x.ann.npz", matrix, ids, manifest_for(len(ids)))
    nearest = ann.IvfNearest(matrix, ids, index, years_mask(years), probe=index.lists, by_list=by_list)
    for q in clustered(20, seed=9):
        got_ids, got_scores = nearest.nearest(q, 10, SearchFilters())
        rows, scores = top_k(matrix, q, 10)
        assert got_ids == [int(ids[r]) for r in rows]
        np.testing.assert_allclose(got_scores, scores, rtol=1e-6)


def test_reduced_copy_reranked_exactly_equals_exact_search(tmp_path: Path, data):
    """The app's layout: rows in list order projected on 8 of 16 principal directions; with a shortlist
    holding every probed row the exact re-rank gives exact search's ids and scores, and with a short one
    the scores returned are still the exact cosines of the rows returned."""
    matrix, ids, years = data
    index = ann.open_index(tmp_path / "x.ann.npz", matrix, ids, manifest_for(len(ids)))
    everything = ann.IvfNearest(
        matrix, ids, index, years_mask(years), probe=index.lists, by_list=True, dims=8, shortlist=len(ids)
    )
    assert everything.by_list is not None and everything.by_list.shape == (len(ids), 8)
    short = ann.IvfNearest(matrix, ids, index, years_mask(years), probe=index.lists, by_list=True, dims=8, shortlist=60)
    found = []
    for q in clustered(20, seed=9):
        rows, scores = top_k(matrix, q, 10)
        got_ids, got_scores = everything.nearest(q, 10, SearchFilters())
        assert got_ids == [int(ids[r]) for r in rows]
        np.testing.assert_allclose(got_scores, scores, rtol=1e-6)
        got_ids, got_scores = short.nearest(q, 10, SearchFilters())
        got_rows = np.searchsorted(ids, got_ids)
        np.testing.assert_allclose(got_scores, matrix[got_rows] @ q, rtol=1e-6)
        found.append(len(set(got_ids) & {int(ids[r]) for r in rows}) / 10)
    assert np.mean(found) >= 0.9  # 8 of 16 dims, 60 of 600 rows re-ranked: close to exact


def test_principal_directions_are_kept_in_the_file(tmp_path: Path, data):
    matrix, ids, _ = data
    path = tmp_path / "x.ann.npz"
    index = ann.open_index(path, matrix, ids, manifest_for(len(ids)))
    basis = ann.IvfIndex.load(path).basis
    np.testing.assert_array_equal(basis, index.basis)
    np.testing.assert_allclose(basis.T @ basis, np.eye(16), atol=1e-5)  # orthonormal
    variance = np.sum((matrix @ basis) ** 2, axis=0)
    assert np.all(np.diff(variance) <= 1e-3)  # most variance first


def test_the_calibrated_probe_finds_the_exact_top_10_of_held_out_rows(tmp_path: Path, data):
    matrix, ids, years = data
    index = ann.open_index(tmp_path / "x.ann.npz", matrix, ids, manifest_for(len(ids)))
    nearest = ann.IvfNearest(matrix, ids, index, years_mask(years))
    assert nearest.probe == index.probe_count < index.lists  # really approximate: not every list is read
    assert ann.IvfIndex.load(tmp_path / "x.ann.npz").probe_count == index.probe_count  # kept in the file
    held_out = clustered(660)[600:]  # same clusters as the rows, not in the index
    hits = [
        len(set(nearest.nearest(q, 10, SearchFilters())[0]) & {int(ids[r]) for r in top_k(matrix, q, 10)[0]})
        for q in held_out
    ]
    assert np.mean(hits) / 10 >= 0.98


def test_calibration_recall_is_what_probing_finds(data):
    """The recall ``probe_recall`` predicts from centroid ranks is the recall of really probing that many lists,
    and ``calibrate_probe`` picks the fewest lists that reach the target."""
    matrix, ids, years = data
    index = ann.build(matrix, ids, ann.AnnStamp.of(manifest_for(len(ids))))
    queries = ann.calibration_queries(matrix, 40)
    exact = ann.exact_neighbours(matrix, queries, 10)
    for q, want in zip(queries, exact, strict=True):  # the same top 10 (up to float ties at the 10th)
        np.testing.assert_allclose(matrix[want] @ q, top_k(matrix, q, 10)[1], atol=1e-5)
    predicted = ann.probe_recall(matrix, index, queries)
    assert predicted[-1] == 1.0 and np.all(np.diff(predicted) >= 0)
    for probe in (1, 2, 4, index.lists // 2):
        nearest = ann.IvfNearest(matrix, ids, index, years_mask(years), probe=probe)
        found = [len(set(nearest.nearest(q, 10, SearchFilters())[0]) & {int(ids[r]) for r in e}) / 10
                 for q, e in zip(queries, exact, strict=True)]
        assert np.mean(found) == pytest.approx(predicted[probe - 1], abs=0.01)  # up to float ties at the 10th
    for target in (0.5, 0.9, 0.99):
        probe = ann.calibrate_probe(matrix, index, target=target, queries=40)
        assert predicted[probe - 1] >= target and (probe == 1 or predicted[probe - 2] < target)


@pytest.mark.parametrize("by_list, dims", [(False, None), (True, None), (True, 8)])
@pytest.mark.parametrize("year_from, year_to", [(2000, None), (1990, 1991), (2024, 2024), (2100, None)])
def test_filters_stay_exact(tmp_path: Path, data, year_from, year_to, by_list, dims):
    """Selective filters fall back to exact search over the rows that pass: never fewer results, never a wrong one."""
    matrix, ids, years = data
    mask_fn = years_mask(years)
    filters = SearchFilters(year_from=year_from, year_to=year_to)
    index = ann.open_index(tmp_path / "x.ann.npz", matrix, ids, manifest_for(len(ids)))
    nearest = ann.IvfNearest(matrix, ids, index, mask_fn, probe=1, by_list=by_list, dims=dims)
    mask = mask_fn(filters)
    for q in clustered(10, seed=3):
        got, _ = nearest.nearest(q, 10, filters)
        rows, _ = top_k(matrix, q, 10, mask)
        assert len(got) == len(rows)
        assert all(mask[np.searchsorted(ids, g)] for g in got)
        if int(mask.sum()) < 40:  # the fallback: exactly the exact answer
            assert got == [int(ids[r]) for r in rows]


def test_a_matching_file_is_reused_as_is(tmp_path: Path, data, monkeypatch):
    matrix, ids, _ = data
    path = tmp_path / "x.ann.npz"
    ann.open_index(path, matrix, ids, manifest_for(len(ids)))
    monkeypatch.setattr(ann, "build", lambda *a, **k: pytest.fail("rebuilt a matching index"))
    monkeypatch.setattr(ann, "update", lambda *a, **k: pytest.fail("updated a matching index"))
    assert ann.open_index(path, matrix, ids, manifest_for(len(ids))).stamp.vectors_sha256 == "sha-a"


def test_stale_index_is_updated_incrementally(tmp_path: Path, data):
    matrix, ids, _ = data
    path = tmp_path / "x.ann.npz"
    old = ann.open_index(path, matrix, ids, manifest_for(len(ids)))
    # Ten films changed, five removed, twenty added.
    new_matrix = np.concatenate([matrix[5:], clustered(20, seed=77)])
    new_matrix[:10] = clustered(10, seed=78)
    new_ids = np.concatenate([ids[5:], np.arange(20, dtype=np.int64) + 10_000])
    index = ann.open_index(path, new_matrix, new_ids, manifest_for(len(new_ids), sha="sha-b"))
    assert index.stamp.vectors_sha256 == "sha-b" and index.stamp.count == len(new_ids)
    np.testing.assert_array_equal(index.centroids, old.centroids)  # not retrained
    np.testing.assert_array_equal(index.assign[10 : len(ids) - 5], old.assign[15:])  # unchanged rows kept
    expected = np.argmax(new_matrix @ index.centroids.T, axis=1)
    np.testing.assert_array_equal(index.assign[:10], expected[:10])  # changed rows re-assigned
    np.testing.assert_array_equal(index.assign[-20:], expected[-20:])  # new rows assigned
    assert ann.IvfIndex.load(path).stamp == index.stamp  # and saved


def test_foreign_index_is_rebuilt(tmp_path: Path, data):
    matrix, ids, _ = data
    path = tmp_path / "x.ann.npz"
    ann.open_index(path, matrix, ids, manifest_for(len(ids), fingerprint="other-model"))
    index = ann.open_index(path, matrix, ids, manifest_for(len(ids)))
    assert index.stamp.fingerprint == "fp"
    assert ann.IvfIndex.load(path).stamp.fingerprint == "fp"


def test_unreadable_index_is_rebuilt(tmp_path: Path, data):
    matrix, ids, _ = data
    path = tmp_path / "x.ann.npz"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    index = ann.open_index(path, matrix, ids, manifest_for(len(ids)))
    assert index.stamp == ann.IvfIndex.load(path).stamp


def test_an_index_for_other_vectors_is_never_used(tmp_path: Path, data):
    matrix, ids, years = data
    index = ann.open_index(tmp_path / "x.ann.npz", matrix, ids, manifest_for(len(ids)))
    with pytest.raises(ValueError):
        ann.IvfNearest(matrix[:-1], ids[:-1], index, years_mask(years))


def test_a_crash_while_writing_leaves_a_usable_index(tmp_path: Path, data, monkeypatch):
    matrix, ids, years = data
    path = tmp_path / "x.ann.npz"
    ann.open_index(path, matrix, ids, manifest_for(len(ids)))
    before = path.read_bytes()
    real_savez = np.savez

    def dying_savez(fh, **arrays):
        real_savez(fh, **{k: v for k, v in list(arrays.items())[:2]})  # half the file written, then killed
        raise KeyboardInterrupt

    monkeypatch.setattr(ann.np, "savez", dying_savez)
    changed = matrix.copy()
    changed[:3] = clustered(3, seed=99)
    with pytest.raises(KeyboardInterrupt):
        ann.open_index(path, changed, ids, manifest_for(len(ids), sha="sha-b"))
    assert path.read_bytes() == before  # the old index, intact
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no torn temp file left
    monkeypatch.undo()
    # The next open sees a stale (not torn) file and brings it up to date.
    index = ann.open_index(path, changed, ids, manifest_for(len(ids), sha="sha-b"))
    nearest = ann.IvfNearest(changed, ids, index, years_mask(years), probe=index.lists)
    assert nearest.nearest(changed[1], 1, SearchFilters())[0] == [int(ids[1])]


def test_a_crash_during_the_first_build_leaves_no_file(tmp_path: Path, data, monkeypatch):
    matrix, ids, _ = data
    path = tmp_path / "x.ann.npz"

    def dying_savez(fh, **arrays):
        fh.write(b"PK partial")
        raise OSError("disk full")

    monkeypatch.setattr(ann.np, "savez", dying_savez)
    with pytest.raises(OSError):
        ann.open_index(path, matrix, ids, manifest_for(len(ids)))
    assert list(tmp_path.iterdir()) == []
    monkeypatch.undo()
    assert ann.open_index(path, matrix, ids, manifest_for(len(ids))).stamp.count == len(ids)


def test_small_catalogs_stay_exact(tmp_path: Path, data, monkeypatch):
    matrix, ids, years = data
    path = tmp_path / "x.ann.npz"
    assert ann.accelerated(path, matrix, ids, manifest_for(len(ids)), years_mask(years)) is None
    assert not path.exists()
    fast = ann.accelerated(path, matrix, ids, manifest_for(len(ids)), years_mask(years), threshold=100)
    assert isinstance(fast, ann.IvfNearest) and path.exists()
    assert fast.by_list is not None  # the app's accelerator scores list slices in place
    assert fast.projection is None  # 16 dims: no fewer than REDUCED_DIMS, the copy is the rows themselves
    monkeypatch.setattr(ann, "REDUCED_DIMS", 4)
    monkeypatch.setattr(ann, "SHORTLIST", 50)
    monkeypatch.setattr(ann, "SHORTLIST_RECALL", 0.0)  # any width will do: the narrowest is chosen
    path.unlink()
    fast = ann.accelerated(path, matrix, ids, manifest_for(len(ids)), years_mask(years), threshold=100)
    assert fast is not None and fast.by_list is not None and fast.by_list.shape == (len(ids), 4)
    assert ann.IvfIndex.load(path).reduced_dims == 4  # the width is the file's, not the constant's


def test_the_reduced_copy_is_as_narrow_as_the_data_allows(monkeypatch):
    """Vectors with a few strong directions get a narrow copy; vectors spread over all of them keep every one."""
    rng = np.random.default_rng(3)
    monkeypatch.setattr(ann, "REDUCED_DIMS", 8)
    low_rank = rng.standard_normal((3000, 6)) @ rng.standard_normal((6, 32)) + 0.01 * rng.standard_normal((3000, 32))
    spread = rng.standard_normal((3000, 32))
    widths = {}
    for name, m in (("low rank", low_rank), ("spread", spread)):
        m = (m / np.linalg.norm(m, axis=1, keepdims=True)).astype(np.float32)
        index = ann.build(m, np.arange(3000, dtype=np.int64), ann.AnnStamp.of(manifest_for(3000, dims=32)))
        widths[name] = ann.calibrate_dims(m, index, shortlist=100)
    assert widths == {"low rank": 8, "spread": 0}


def test_without_the_list_copy_a_probe_too_wide_to_pay_stays_exact(tmp_path: Path, data, monkeypatch):
    """Gathering rows costs ``GATHER_COST`` times reading them in place: past 1/GATHER_COST of the rows, exact wins."""
    matrix, ids, years = data
    monkeypatch.setattr(ann, "BY_LIST", False)
    path = tmp_path / "x.ann.npz"
    index = ann.open_index(path, matrix, ids, manifest_for(len(ids)))
    monkeypatch.setattr(ann, "GATHER_COST", 0.5 * index.lists / index.probe_count)  # pays
    fast = ann.accelerated(path, matrix, ids, manifest_for(len(ids)), years_mask(years), threshold=100)
    assert isinstance(fast, ann.IvfNearest) and fast.by_list is None
    monkeypatch.setattr(ann, "GATHER_COST", 2.0 * index.lists / index.probe_count)  # does not pay
    assert ann.accelerated(path, matrix, ids, manifest_for(len(ids)), years_mask(years), threshold=100) is None


def test_prepare_builds_beside_a_real_cache(tmp_path: Path, data):
    matrix, ids, _ = data
    cache = VectorCache(tmp_path / "vectors", "emb")
    manifest = cache.save(ids, matrix, {str(int(m)): "h" for m in ids}, manifest_for(len(ids)).stamp)
    assert not ann.prepare(cache)  # below the threshold: nothing to do
    assert ann.prepare(cache, threshold=100)
    index = ann.IvfIndex.load(ann.index_path(cache.root))
    assert index.stamp == ann.AnnStamp.of(manifest)
    cache.save(ids, matrix, {str(int(m)): "h" for m in ids}, manifest_for(len(ids)).stamp)  # swap keeps it
    assert ann.index_path(cache.root).exists()


def test_wiring_accelerates_large_catalogs_only(tmp_path: Path, monkeypatch):
    """Above the threshold the searcher ranks through the accelerator, with the same answers as exact search."""
    from movierec_gui import wiring
    from movierec_gui.core.catalog import Catalog
    from movierec_gui.core.importers import reader_for
    from movierec_gui.core.search import Searcher

    catalog = Catalog(tmp_path / "catalog.sqlite3")
    source, rows = reader_for("jsonl", wiring.starter_files()[0])
    catalog.import_rows(rows, source)
    ids = catalog.arrays().ids
    cache = VectorCache(tmp_path / "vectors", "emb")
    matrix = clustered(len(ids), dims=16)
    cache.save(ids, matrix, {str(int(m)): "h" for m in ids}, manifest_for(len(ids)).stamp)
    searcher = Searcher(catalog, cache.load(), embed_query=lambda q: matrix[0])

    assert wiring.accelerate(searcher, cache.root) is searcher  # small: exact
    assert not ann.index_path(cache.root).exists()
    monkeypatch.setattr(ann, "THRESHOLD", 100)
    fast = wiring.accelerate(searcher, cache.root)
    assert isinstance(fast.nearest, ann.IvfNearest) and ann.index_path(cache.root).exists()
    fast.nearest.probe = fast.nearest.index.lists  # every list: must equal exact search
    for movie in catalog.get_many([int(m) for m in ids[:5]]).values():
        assert [h.movie.id for h in fast.similar(movie)] == [h.movie.id for h in searcher.similar(movie)]
    filters = SearchFilters(year_from=2000)
    movie = catalog.get_many([int(ids[0])])[int(ids[0])]
    assert [h.movie.id for h in fast.similar(movie, filters=filters)] == [
        h.movie.id for h in searcher.similar(movie, filters=filters)
    ]


def test_a_file_of_the_previous_format_is_rebuilt(tmp_path: Path, data):
    """Format 2 files have no principal directions: they are rebuilt, never used with an identity basis."""
    import json
    from dataclasses import asdict, replace

    matrix, ids, _ = data
    path = tmp_path / "x.ann.npz"
    index = ann.open_index(path, matrix, ids, manifest_for(len(ids)))
    old_stamp = replace(index.stamp, format=2)
    with path.open("wb") as fh:
        np.savez(fh, stamp=np.array(json.dumps(asdict(old_stamp))), centroids=index.centroids, assign=index.assign,
                 ids=index.ids, probe=index.probe_values, probe_count=np.array(index.probe_count))
    reopened = ann.open_index(path, matrix, ids, manifest_for(len(ids)))
    assert reopened.stamp.format == ann.FORMAT == 4
    assert not np.allclose(reopened.basis, np.eye(16))
    assert ann.IvfIndex.load(path).stamp.format == 4
