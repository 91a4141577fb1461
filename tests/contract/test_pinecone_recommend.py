"""``recommend --backend pinecone``: Pinecone retrieves the seeds' neighbours, the local recommender re-ranks."""

from __future__ import annotations

import pytest

from movierec_gui.services import Services
from tests.conftest import local_embedder
from tests.contract.pinecone_support import starter_sample

pytest.importorskip("pinecone")
pytestmark = [pytest.mark.contract, pytest.mark.usefixtures("fast_pinecone_retries"), pytest.mark.timeout(120)]


@pytest.fixture
def synced(tmp_path, pinecone_env) -> Services:
    svc = Services(tmp_path / "home", embedder=local_embedder())
    svc.import_catalog(starter_sample(tmp_path, 60), "jsonl")
    svc.index()
    svc.sync_pinecone()
    ids = svc._catalog.all_ids()
    history = svc._history()
    from movierec_gui.core.models import EntryKind, HistoryEntry

    for i, mid in enumerate(ids[:3]):
        history.add(HistoryEntry(mid, EntryKind.LIKED, 4.5, 1_700_000_000.0 + i, None, "test"))
    history.add(HistoryEntry(ids[3], EntryKind.DISLIKED, 1.0, 1_700_000_010.0, None, "test"))
    pinecone_env.clear_log()
    return svc


def test_pinecone_candidates_give_the_local_ranking(synced, pinecone_env, capsys):
    local_hits = synced.recommend(8, backend="local").hits
    local = [h.movie.id for h in local_hits]
    remote = synced.recommend(8, backend="pinecone")
    queries = pinecone_env.calls(method="POST", path="/query")
    assert len(queries) == 3  # one per liked seed
    assert all(q.body["topK"] <= 10_000 for q in queries)
    # 60 films: every neighbour is a candidate, so the re-ranking must match local exactly.
    assert [h.movie.id for h in remote.hits] == local
    # The same reasons too ("because" only where a seed is truly near, as locally).
    assert [(h.because, h.reason) for h in remote.hits] == [(h.because, h.reason) for h in local_hits]
    assert set(synced.history_ids()).isdisjoint(h.movie.id for h in remote.hits)
    assert "local" not in capsys.readouterr().err


def test_wrong_key_falls_back_to_local_with_one_line(synced, monkeypatch, capsys):
    from movierec_gui.sync.search_backend import forget_backends

    monkeypatch.setenv("PINECONE_API_KEY", "pc-wrong-key-0000")
    forget_backends()
    local = [h.movie.id for h in synced.recommend(5, backend="local").hits]
    capsys.readouterr()
    got = synced.recommend(5, backend="pinecone")
    assert [h.movie.id for h in got.hits] == local
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "Using local vectors instead" in err and "pc-wrong" not in err
