"""``movierec sync pinecone`` driven through the real SDK against the loopback emulator."""

from __future__ import annotations

import json

import numpy as np
import pytest

from movierec_gui import cli, wiring
from movierec_gui.core.errors import Cancelled, SyncError
from movierec_gui.core.text import RECIPE_VERSION
from movierec_gui.services import Services
from movierec_gui.sync import pinecone_backend
from movierec_gui.sync.sync import PineconeSync
from movierec_gui.sync.sync_state import SyncStateStore
from tests.contract.pinecone_emulator import MAX_REQUEST_BYTES, Scripted
from tests.contract.pinecone_support import FakeEmbedder, add_films, assert_within_limits, film

pytest.importorskip("pinecone")
pytestmark = [pytest.mark.contract, pytest.mark.usefixtures("fast_pinecone_retries"), pytest.mark.timeout(60)]

INDEX = "movierec"
UPSERT, DELETE = "/vectors/upsert", "/vectors/delete"


def make_services(n: int = 40, extra: int = 2, dims: int = 32) -> Services:
    """A catalog of ``n`` films (the last ``extra`` of them from a removable source), indexed."""
    svc = Services(embedder=FakeEmbedder(dims))
    add_films(svc._catalog, [film(i, "extra" if i > n - extra else "test") for i in range(1, n + 1)])
    svc.index()
    return svc


@pytest.fixture
def services() -> Services:
    return make_services()


def ns_of(svc: Services) -> str:
    return f"{svc._get_embedder().name}-r{RECIPE_VERSION}"


def id_of(svc: Services, i: int) -> str:
    return str(svc._catalog.find_title(f"Film {i:04d}")[0].id)


def all_ids(svc: Services) -> list[str]:
    return sorted((str(m) for m in svc._catalog.all_ids()), key=int)


def state_of(svc: Services):
    return SyncStateStore(svc._cache().root, INDEX, ns_of(svc)).load()


def manual_sync(svc: Services, **options) -> PineconeSync:
    """A ``PineconeSync`` with custom batch sizes (``run_sync`` uses the documented limits)."""
    emb = svc._get_embedder()
    target = wiring.pinecone_target(svc._settings, emb.name)
    store = SyncStateStore(svc._cache(emb).root, target.index, target.namespace)
    return PineconeSync(
        wiring.pinecone_client(svc._settings), target, svc._vectors(), svc._catalog, store, **options
    )


def use_embedder(monkeypatch: pytest.MonkeyPatch, svc: Services) -> None:
    """Make ``movierec …`` (which builds its own Services) use the test's embedder."""
    emb = svc._get_embedder()
    monkeypatch.setattr("movierec_gui.wiring.make_embedder", lambda settings, kind=None, **_: emb)


# -- first sync ----------------------------------------------------------------------------


def test_first_sync_creates_the_index_and_sends_every_vector_once_with_metadata(services, pinecone_env):
    report = services.sync_pinecone()

    ns = ns_of(services)
    assert (report.created_index, report.upserted, report.deleted, report.namespace) == (True, 40, 0, ns)
    create = pinecone_env.calls("control", "POST", "/indexes")[0].body
    assert create["name"] == INDEX
    assert create["schema"]["fields"]["_values"] == {"type": "dense_vector", "dimension": 32, "metric": "cosine"}
    assert create["deployment"] == {"deployment_type": "managed", "cloud": "aws", "region": "us-east-1"}
    sent = pinecone_env.upserted_ids(INDEX)
    assert sorted(sent, key=int) == all_ids(services)  # every vector, each exactly once
    assert all(r.body.get("namespace") == ns for r in pinecone_env.calls(INDEX, "POST", UPSERT))

    stored = pinecone_env.index(INDEX).vectors(ns)
    vectors = services._vectors()
    for movie in services._catalog.iter_movies():
        rec = stored[str(movie.id)]
        assert rec.metadata == {
            "title": movie.title,
            "year": movie.year,
            "genres": list(movie.genres),
            "runtime": movie.runtime,
        }
        np.testing.assert_allclose(rec.values, vectors.vector(movie.id), rtol=0, atol=0)
    assert (services._cache().root / f"pinecone-{INDEX}-{ns}.json").exists()
    assert_within_limits(pinecone_env)


def test_metadata_has_no_none_values(pinecone_env):
    svc = Services(embedder=FakeEmbedder(16))
    add_films(svc._catalog, [film(1, year=None, runtime=None, genres=[])])
    svc.index()
    svc.sync_pinecone()
    assert pinecone_env.index(INDEX).vectors(ns_of(svc))[id_of(svc, 1)].metadata == {"title": "Film 0001", "genres": []}


def test_dry_run_counts_without_any_request(services, pinecone_env):
    report = services.sync_pinecone(dry_run=True)
    assert (report.dry_run, report.upserted, report.deleted) == (True, 40, 0)
    assert pinecone_env.requests == []
    assert not state_of(services).synced


# -- incremental re-sync -------------------------------------------------------------------


def test_resync_sends_only_changed_vectors_and_deletes_removed_films(services, pinecone_env):
    services.sync_pinecone()
    pinecone_env.clear_log()
    again = services.sync_pinecone()
    assert (again.upserted, again.deleted, again.unchanged) == (0, 0, 40)
    assert not pinecone_env.calls(path=UPSERT) and not pinecone_env.calls(path=DELETE)

    removed = {id_of(services, 39), id_of(services, 40)}
    add_films(services._catalog, [film(3, overview="A brand new plot about dragons and a secret train."), film(41)])
    services._catalog.delete_source("extra")
    services.index()  # re-embeds film 3 and film 41; the sync state survives the cache swap
    pinecone_env.clear_log()

    report = services.sync_pinecone()

    changed = {id_of(services, 3), id_of(services, 41)}
    assert (report.upserted, report.deleted, report.unchanged) == (2, 2, 37)
    assert set(pinecone_env.upserted_ids(INDEX)) == changed and len(pinecone_env.upserted_ids(INDEX)) == 2
    assert {i for r in pinecone_env.calls(INDEX, "POST", DELETE) for i in r.body["ids"]} == removed
    stored = pinecone_env.index(INDEX).vectors(ns_of(services))
    assert sorted(stored, key=int) == all_ids(services)
    np.testing.assert_allclose(stored[id_of(services, 3)].values, services._vectors().vector(int(id_of(services, 3))))


def test_a_metadata_only_change_is_resent(services, pinecone_env):
    services.sync_pinecone()
    add_films(services._catalog, [film(5, runtime=999)])  # runtime is not in the embedded text
    services.index()
    pinecone_env.clear_log()
    report = services.sync_pinecone()
    assert report.upserted == 1 and pinecone_env.upserted_ids(INDEX) == [id_of(services, 5)]
    assert pinecone_env.index(INDEX).vectors(ns_of(services))[id_of(services, 5)].metadata["runtime"] == 999


def test_lost_state_is_rebuilt_from_the_namespace(services, pinecone_env):
    services.sync_pinecone()
    SyncStateStore(services._cache().root, INDEX, ns_of(services)).delete()
    services._catalog.delete_source("extra")
    services.index()

    report = services.sync_pinecone()

    assert pinecone_env.calls(INDEX, "GET", "/vectors/list")
    assert report.deleted == 2 and report.upserted == 38
    assert sorted(pinecone_env.index(INDEX).vectors(ns_of(services)), key=int) == all_ids(services)


def test_a_recreated_index_gets_everything_again(services, pinecone_env):
    services.sync_pinecone()
    pinecone_env.delete_index(INDEX)
    report = services.sync_pinecone()
    assert report.created_index and report.upserted == 40
    assert any("recreated" in n for n in report.notes)


# -- limits --------------------------------------------------------------------------------


def test_batches_never_exceed_1000_vectors_or_1000_ids(pinecone_env):
    svc = make_services(n=2300, extra=1200, dims=8)
    svc.sync_pinecone()
    assert [len(r.body["vectors"]) for r in pinecone_env.calls(INDEX, "POST", UPSERT)] == [1000, 1000, 300]
    svc._catalog.delete_source("extra")
    svc.index()
    report = svc.sync_pinecone()
    assert report.deleted == 1200
    assert [len(r.body["ids"]) for r in pinecone_env.calls(INDEX, "POST", DELETE)] == [1000, 200]
    assert_within_limits(pinecone_env)


def test_batches_never_exceed_2_mb(pinecone_env):
    svc = make_services(n=150, extra=0, dims=1536)  # ~33 KB of JSON per vector
    report = svc.sync_pinecone()
    upserts = pinecone_env.calls(INDEX, "POST", UPSERT)
    sizes = [r.size for r in upserts]
    assert len(sizes) >= 3 and all(r.status == 200 for r in upserts)
    assert max(sizes) <= MAX_REQUEST_BYTES and max(sizes) > 0.9 * MAX_REQUEST_BYTES  # full, never over
    assert report.largest_request == max(sizes)
    assert sorted(pinecone_env.upserted_ids(INDEX), key=int) == all_ids(svc)
    assert_within_limits(pinecone_env)


# -- refusals and errors -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("dims", "metric", "shown"), [(16, "cosine", "16-dimensional"), (32, "euclidean", "euclidean")]
)
def test_an_index_of_another_dimension_or_metric_is_refused(services, pinecone_env, dims, metric, shown):
    pinecone_env.create_index(INDEX, dims, metric)
    with pytest.raises(SyncError, match=shown) as info:
        services.sync_pinecone()
    assert "32-dimensional cosine" in str(info.value) and "\n" not in str(info.value)
    assert not pinecone_env.calls(path=UPSERT)
    assert not state_of(services).synced


def test_wrong_key_is_one_line_without_the_key(services, pinecone_env, monkeypatch, capsys):
    use_embedder(monkeypatch, services)
    monkeypatch.setenv("PINECONE_API_KEY", "pcsk_wrong_key_1234567890")
    assert cli.main(["sync", "pinecone"]) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "401" in err and "PINECONE_API_KEY" in err
    assert "pcsk_wrong_key_1234567890" not in err and "7890" not in err


def test_missing_key_is_a_clear_message(services, pinecone_env, monkeypatch, capsys):
    use_embedder(monkeypatch, services)
    monkeypatch.delenv("PINECONE_API_KEY")
    assert cli.main(["sync", "pinecone"]) == 1
    assert "No Pinecone API key" in capsys.readouterr().err


def test_unreachable_pinecone_keeps_local_state(services, pinecone_env, monkeypatch, closed_port_url):
    services.sync_pinecone()
    before = state_of(services).synced
    add_films(services._catalog, [film(41)])
    services.index()
    monkeypatch.setenv("PINECONE_CONTROLLER_HOST", closed_port_url)
    services._settings = services._settings.with_env()
    with pytest.raises(SyncError, match="unreachable"):
        services.sync_pinecone()
    assert state_of(services).synced == before
    assert len(services._vectors()) == 41  # the local cache is untouched


# -- retries -------------------------------------------------------------------------------


def test_injected_429_and_503_are_retried(services, pinecone_env):
    pinecone_env.fail(429, path=UPSERT)
    pinecone_env.fail(503, path=UPSERT)
    report = services.sync_pinecone()
    assert [r.status for r in pinecone_env.calls(INDEX, "POST", UPSERT)] == [429, 503, 200]
    assert report.upserted == 40 and sorted(pinecone_env.upserted_ids(INDEX), key=int) == all_ids(services)


def test_a_batch_failing_past_the_sdk_retries_is_resent(services, pinecone_env):
    pinecone_env.fail(500, times=4, path=UPSERT)  # the SDK's 1 + 3 attempts all fail: has_errors
    report = services.sync_pinecone()
    assert report.retries == 1 and report.upserted == 40
    assert [r.status for r in pinecone_env.calls(INDEX, "POST", UPSERT)] == [500] * 4 + [200]


def test_a_slow_answer_times_out_and_is_retried(services, pinecone_env, monkeypatch):
    monkeypatch.setattr(pinecone_backend, "TIMEOUT", 0.3)
    pinecone_env.slow(1.0, path=UPSERT)
    report = services.sync_pinecone()
    assert report.upserted == 40
    assert len(pinecone_env.calls(INDEX, "POST", UPSERT)) >= 2


def test_a_rejected_batch_stops_the_sync_and_the_next_run_resumes(services, pinecone_env):
    pinecone_env.push(
        Scripted(path=UPSERT),
        Scripted(400, {"error": {"code": "INVALID_ARGUMENT", "message": "no"}, "status": 400}, path=UPSERT),
    )
    with pytest.raises(SyncError, match="10 of 40 changes are synced") as info:
        manual_sync(services, max_batch_vectors=10).run()
    assert "\n" not in str(info.value)
    assert len(state_of(services).synced) == 10

    report = manual_sync(services, max_batch_vectors=10).run()

    assert (report.upserted, report.unchanged) == (30, 10)
    assert sorted(pinecone_env.upserted_ids(INDEX), key=int) == all_ids(services)  # each once overall


@pytest.mark.parametrize("interrupt", [Cancelled, KeyboardInterrupt])
def test_an_interrupted_sync_resumes_where_it_stopped(services, pinecone_env, interrupt):
    seen: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> None:
        seen.append((done, total))
        if done >= 20:
            raise interrupt()

    with pytest.raises(interrupt):
        manual_sync(services, max_batch_vectors=10).run(progress=progress)
    assert seen == [(0, 40), (10, 40), (20, 40)]
    assert len(state_of(services).synced) == 20

    report = manual_sync(services, max_batch_vectors=10).run()

    assert report.upserted == 20 and report.unchanged == 20
    assert sorted(pinecone_env.upserted_ids(INDEX), key=int) == all_ids(services)


def test_cancel_check_runs_between_batches(services, pinecone_env):
    calls = []

    def cancel() -> None:
        calls.append(1)
        if len(calls) == 3:
            raise Cancelled()

    with pytest.raises(Cancelled):
        manual_sync(services, max_batch_vectors=10).run(cancel=cancel)
    assert len(pinecone_env.calls(INDEX, "POST", UPSERT)) == 2


# -- the command ---------------------------------------------------------------------------


def test_cli_sync_json_report_and_custom_target(services, pinecone_env, monkeypatch, capsys):
    use_embedder(monkeypatch, services)
    assert cli.main(["sync", "pinecone", "--index", "films", "--namespace", "mine", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert (report["index"], report["namespace"], report["upserted"], report["created_index"]) == (
        "films",
        "mine",
        40,
        True,
    )
    assert set(pinecone_env.index("films").vectors("mine")) == set(all_ids(services))
    assert cli.main(["sync", "pinecone", "--index", "films", "--namespace", "mine"]) == 0
    assert "upserted 0, deleted 0, 40 unchanged" in capsys.readouterr().err


def test_cli_rejects_a_bad_index_name(services, pinecone_env, monkeypatch, capsys):
    use_embedder(monkeypatch, services)
    assert cli.main(["sync", "pinecone", "--index", "Bad_Name"]) == 1
    assert "not a valid Pinecone index name" in capsys.readouterr().err
    assert pinecone_env.requests == []
