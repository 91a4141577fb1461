"""The loopback Pinecone emulator, checked with the real ``pinecone`` SDK (CONTRACTS.md A/B)."""

from __future__ import annotations

import time

import numpy as np
import pytest

from tests.contract.pinecone_emulator import PineconeEmulator

pinecone = pytest.importorskip("pinecone")
from pinecone import Pinecone, ServerlessSpec  # noqa: E402
from pinecone import errors as pe  # noqa: E402

pytestmark = [pytest.mark.contract, pytest.mark.usefixtures("fast_pinecone_retries"), pytest.mark.timeout(60)]

SPEC = ServerlessSpec(cloud="aws", region="us-east-1")
ROWS = [
    ("a", [1.0, 0.0, 0.0, 0.0], {"title": "A", "year": 1999, "genres": ["Drama", "Comedy"], "ok": True}),
    ("b", [0.9, 0.1, 0.0, 0.0], {"title": "B", "year": 2005, "genres": ["War"]}),
    ("c", [0.0, 1.0, 0.0, 0.0], {"title": "C", "year": 2010}),
    ("d", [0.5, 0.5, 0.5, 0.5], {"title": "D", "genres": ["Drama"], "ok": False}),
]


@pytest.fixture
def pc(pinecone_emulator: PineconeEmulator):
    client = Pinecone(api_key=pinecone_emulator.api_key, host=pinecone_emulator.url)
    yield client
    client.close()


@pytest.fixture
def index(pc, pinecone_emulator: PineconeEmulator):
    model = pc.create_index("movies", dimension=4, metric="cosine", spec=SPEC)
    idx = pc.Index(host=model.host)
    idx.upsert(vectors=ROWS, namespace="ns")
    yield idx
    idx.close()


@pytest.fixture(scope="module")
def shared_index():
    """One read-only index for the many filter cases (a client costs ~0.2 s to build)."""
    with PineconeEmulator() as emu:
        client = Pinecone(api_key=emu.api_key, host=emu.url)
        idx = client.Index(host=client.create_index("movies", dimension=4, metric="cosine", spec=SPEC).host)
        idx.upsert(vectors=ROWS, namespace="ns")
        yield idx
        idx.close()
        client.close()


def ids(response) -> list[str]:
    return [m.id for m in response.matches]


# -- control plane -------------------------------------------------------------------------


def test_legacy_create_index_is_ready_at_once_with_an_http_host(pc, pinecone_emulator):
    start = time.monotonic()
    model = pc.create_index("movies", dimension=8, metric="cosine", spec=SPEC)
    assert time.monotonic() - start < 2  # no 5 s readiness poll
    assert model.host.startswith("http://127.0.0.1:")
    assert model.schema.fields["_values"].dimension == 8 and model.schema.fields["_values"].metric == "cosine"
    create = pinecone_emulator.calls("control", "POST", "/indexes")[0]
    assert create.body["schema"]["fields"]["_values"] == {"type": "dense_vector", "dimension": 8, "metric": "cosine"}
    assert create.body["deployment"] == {"deployment_type": "managed", "cloud": "aws", "region": "us-east-1"}
    assert create.status == 201
    assert create.headers["x-pinecone-api-version"] == "2026-07"
    assert create.headers["api-key"] == pinecone_emulator.api_key
    assert pc.has_index("movies") and not pc.has_index("other")
    assert [i.name for i in pc.list_indexes()] == ["movies"]
    assert pc.describe_index("movies").host == model.host


def test_conflict_not_found_and_delete(pc, pinecone_emulator):
    pc.create_index("movies", dimension=4, metric="cosine", spec=SPEC)
    with pytest.raises(pe.ConflictError):
        pc.create_index("movies", dimension=4, metric="cosine", spec=SPEC)
    with pytest.raises(pe.NotFoundError):
        pc.describe_index("nothing")
    pc.delete_index("movies")
    assert pinecone_emulator.calls("control", "DELETE", "/indexes/movies")[0].status == 202
    assert not pc.has_index("movies")


def test_wrong_key_gets_401_in_pinecones_error_envelope(pinecone_emulator):
    bad = Pinecone(api_key="not-the-key", host=pinecone_emulator.url)
    with pytest.raises(pe.UnauthorizedError) as info:
        bad.list_indexes()
    assert info.value.status_code == 401
    assert info.value.body == {"error": {"code": "UNAUTHENTICATED", "message": "Invalid API Key"}, "status": 401}
    bad.close()


# -- data plane ----------------------------------------------------------------------------


def test_query_scores_are_exact_cosine_and_carry_metadata(index):
    q = np.array([0.3, 0.2, 0.1, 0.0])
    response = index.query(vector=q.tolist(), top_k=4, namespace="ns", include_metadata=True, include_values=True)
    expected = sorted(
        ((vid, float(np.dot(q, v) / np.linalg.norm(q) / np.linalg.norm(v))) for vid, v, _ in ROWS),
        key=lambda t: -t[1],
    )
    assert [(m.id, round(m.score, 6)) for m in response.matches] == [(i, round(s, 6)) for i, s in expected]
    by_id = {vid: (values, meta) for vid, values, meta in ROWS}
    for m in response.matches:
        assert m.values == pytest.approx(by_id[m.id][0]) and m.metadata == by_id[m.id][1]
    assert ids(index.query(id="c", top_k=2, namespace="ns")) == ["c", "d"]
    assert ids(index.query(id="zzz", top_k=2, namespace="ns")) == []
    assert ids(index.query(vector=q.tolist(), top_k=2, namespace="other")) == []


@pytest.mark.parametrize(
    ("flt", "expected"),
    [
        ({"year": {"$eq": 2005}}, {"b"}),
        ({"year": 2005}, {"b"}),
        ({"genres": {"$eq": "Drama"}}, {"a", "d"}),
        ({"year": {"$ne": 2005}}, {"a", "c", "d"}),
        ({"year": {"$gt": 2005}}, {"c"}),
        ({"year": {"$gte": 2005}}, {"b", "c"}),
        ({"year": {"$lt": 2005}}, {"a"}),
        ({"year": {"$lte": 2005, "$gte": 1999}}, {"a", "b"}),
        ({"genres": {"$in": ["War", "Comedy"]}}, {"a", "b"}),
        ({"genres": {"$nin": ["Drama"]}}, {"b", "c"}),
        ({"genres": {"$exists": False}}, {"c"}),
        ({"ok": {"$eq": True}}, {"a"}),
        ({"$and": [{"genres": {"$in": ["Drama"]}}, {"year": {"$exists": True}}]}, {"a"}),
        ({"$or": [{"year": {"$gte": 2010}}, {"title": {"$in": ["D"]}}]}, {"c", "d"}),
    ],
)
def test_metadata_filter_operators(shared_index, flt, expected):
    assert set(ids(shared_index.query(vector=[1, 0, 0, 0], top_k=10, namespace="ns", filter=flt))) == expected


def test_unknown_filter_operator_is_a_400(shared_index):
    with pytest.raises(pe.ApiError) as info:
        shared_index.query(vector=[1, 0, 0, 0], top_k=1, namespace="ns", filter={"year": {"$near": 3}})
    assert info.value.status_code == 400


def test_fetch_list_stats_and_the_three_deletes(index):
    fetched = index.fetch(ids=["a", "nope"], namespace="ns")
    assert set(fetched.vectors) == {"a"} and fetched.vectors["a"].metadata["title"] == "A"
    page = index.list_paginated(namespace="ns", limit=3)
    assert [v.id for v in page.vectors] == ["a", "b", "c"] and page.pagination.next
    rest = index.list_paginated(namespace="ns", limit=3, pagination_token=page.pagination.next)
    assert [v.id for v in rest.vectors] == ["d"] and rest.pagination is None
    stats = index.describe_index_stats()
    assert (stats.dimension, stats.total_vector_count, stats.namespaces["ns"].vector_count) == (4, 4, 4)
    index.delete(ids=["a"], namespace="ns")
    index.delete(filter={"year": {"$gte": 2010}}, namespace="ns")
    assert set(index.fetch(ids=["a", "b", "c", "d"], namespace="ns").vectors) == {"b", "d"}
    index.delete(delete_all=True, namespace="ns")
    assert "ns" not in index.describe_index_stats().namespaces


# -- limits --------------------------------------------------------------------------------


def test_documented_limits_are_enforced(index, pinecone_emulator):
    with pytest.raises(pe.ApiError, match="dimension") as info:
        index.upsert(vectors=[("x", [1.0, 2.0, 3.0])], namespace="ns")
    assert info.value.status_code == 400
    with pytest.raises(pe.ApiError, match="1000") as info:
        index.upsert(vectors=[(str(i), [1.0, 0, 0, 0]) for i in range(1001)], namespace="ns")
    assert info.value.status_code == 400
    with pytest.raises(pe.ApiError, match="Metadata size") as info:
        index.upsert(vectors=[("x", [1.0, 0, 0, 0], {"t": "x" * 40_001})], namespace="ns")
    assert info.value.status_code == 400
    with pytest.raises(pe.PayloadTooLargeError):
        index.upsert(vectors=[(str(i), [1.0, 0, 0, 0], {"t": "x" * 30_000}) for i in range(70)], namespace="ns")
    with pytest.raises(pe.ApiError, match="1001 ids"):
        index.fetch(ids=[str(i) for i in range(1001)], namespace="ns")
    with pytest.raises(pe.ApiError, match="1001 ids"):
        index.delete(ids=[str(i) for i in range(1001)], namespace="ns")
    assert pinecone_emulator.index("movies").vectors("ns").keys() == {"a", "b", "c", "d"}  # nothing half-applied
    index.upsert(vectors=[(str(i), [1.0, 0, 0, 0]) for i in range(1000)], namespace="full")  # exactly at the limit


# -- injected failures ---------------------------------------------------------------------


def test_injected_429_and_5xx_are_retried_by_the_sdk(index, pinecone_emulator):
    pinecone_emulator.fail(429, path="/query")
    pinecone_emulator.fail(503, path="/query")
    assert ids(index.query(vector=[1, 0, 0, 0], top_k=1, namespace="ns")) == ["a"]
    assert [r.status for r in pinecone_emulator.calls("movies", "POST", "/query")] == [429, 503, 200]


def test_persistent_5xx_surfaces_as_service_error(index, pinecone_emulator):
    pinecone_emulator.fail(500, times=4, path="/query")  # 1 attempt + 3 retries
    with pytest.raises(pe.ServiceError):
        index.query(vector=[1, 0, 0, 0], top_k=1, namespace="ns")


def test_batched_upsert_reports_failed_items_instead_of_raising(index, pinecone_emulator):
    pinecone_emulator.fail(400, path="/vectors/upsert")
    response = index.upsert(vectors=[("e", [0, 0, 1.0, 0])], namespace="ns", batch_size=1, show_progress=False)
    assert response.has_errors and [v["id"] for v in response.failed_items] == ["e"]
    assert response.errors[0].retryable is False


def test_delays_make_client_timeouts(pinecone_emulator, index):
    from pinecone import Index

    slow = Index(host=index.host, api_key=pinecone_emulator.api_key, timeout=0.2)
    pinecone_emulator.slow(0.6, times=4, path="/query")
    with pytest.raises(pe.PineconeTimeoutError):
        slow.query(vector=[1, 0, 0, 0], top_k=1, namespace="ns")
    slow.close()
