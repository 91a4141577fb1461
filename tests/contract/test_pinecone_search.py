"""``search``/``similar`` with ``--backend pinecone``: same results as local, filters translated,
and a one-line notice plus local results whenever Pinecone cannot answer."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from movierec_gui import cli
from movierec_gui.core.models import SearchFilters
from movierec_gui.services import Services
from movierec_gui.sync.search_backend import metadata_filter
from tests.conftest import local_embedder
from tests.contract.pinecone_support import starter_sample

pytest.importorskip("pinecone")
pytestmark = [pytest.mark.contract, pytest.mark.usefixtures("fast_pinecone_retries"), pytest.mark.timeout(60)]

FILMS = 60
QUERIES = ["a tramp in the frozen north", "war in the trenches", "a detective and a murder", "love story"]
FILTERS = [
    SearchFilters(),
    SearchFilters(year_from=1925, year_to=1935),
    SearchFilters(genres=("drama",)),
    SearchFilters(genres=("Comedy", "Romance"), year_from=1920),
    SearchFilters(year_to=1930, runtime_max=100),
]


@pytest.fixture(scope="module")
def template_home(tmp_path_factory) -> Path:
    """60 starter films embedded once with the real local model (~0.1 s a film on a small CPU)."""
    home = tmp_path_factory.mktemp("pinecone-search")
    svc = Services(home, embedder=local_embedder())
    svc.import_catalog(starter_sample(home, FILMS), "jsonl")
    svc.index()
    svc._catalog.close()
    return home


@pytest.fixture
def services(template_home, tmp_path) -> Services:
    """A private copy of the template home (each test may change it)."""
    home = tmp_path / "home"
    shutil.copytree(template_home, home, dirs_exist_ok=True)
    return Services(home, embedder=local_embedder())


@pytest.fixture
def synced(services, pinecone_env) -> Services:
    services.sync_pinecone()
    pinecone_env.clear_log()
    return services


def use_embedder(monkeypatch: pytest.MonkeyPatch, svc: Services) -> None:
    emb = svc._get_embedder()
    monkeypatch.setattr("movierec_gui.wiring.make_embedder", lambda settings, kind=None, **_: emb)


def as_rows(hits) -> list[tuple[int, float]]:
    return [(h.movie.id, round(h.score, 6)) for h in hits]


# -- filters -------------------------------------------------------------------------------


def test_filters_translate_to_pinecone_metadata_filters():
    assert metadata_filter(None) is None and metadata_filter(SearchFilters(exclude_ids=frozenset({1}))) is None
    got = metadata_filter(
        SearchFilters(genres=("sci-fi", "drama"), year_from=1990, year_to=1999, runtime_max=120),
        genre_names=("Drama", "Comedy"),
    )
    assert got == {
        "year": {"$gte": 1990, "$lte": 1999},
        "runtime": {"$lte": 120},
        "genres": {"$in": ["sci-fi", "Drama"]},
    }


# -- same results as local -----------------------------------------------------------------


def test_filtered_searches_match_the_local_backend(synced, pinecone_env):
    for query in QUERIES:
        for filters in FILTERS:
            local = synced.search(query, 10, filters, backend="local")
            remote = synced.search(query, 10, filters, backend="pinecone")
            assert as_rows(remote) == as_rows(local), (query, filters)
            assert len(local) >= 3, (query, filters)  # the filters leave something to compare
    queries = pinecone_env.calls("movierec", "POST", "/query")
    assert len(queries) == len(QUERIES) * len(FILTERS)
    assert queries[1].body["filter"] == {"year": {"$gte": 1925, "$lte": 1935}}
    assert queries[2].body["filter"] == {"genres": {"$in": ["Drama"]}}  # stored spelling
    assert queries[3].body["filter"] == {"year": {"$gte": 1920}, "genres": {"$in": ["Comedy", "Romance"]}}
    assert "filter" not in queries[0].body
    assert not pinecone_env.calls(path="/describe_index_stats")  # this machine's sync state suffices


def test_pinecone_top_k_equals_exact_local_top_k(synced):
    remote = synced._remote_searcher()
    local = synced._local_searcher()
    for query in QUERIES:
        qvec = synced._get_embedder().embed([query])[0]
        for filters in FILTERS:
            hits = remote.nearest.backend.top_k(qvec, 20, filters)
            ids, scores = local._nearest(qvec, 20, filters)
            assert [m for m, _ in hits] == ids
            assert [s for _, s in hits] == pytest.approx(scores, abs=1e-5)


def test_similar_matches_local_and_never_returns_the_seed(synced, pinecone_env):
    seed = next(synced._catalog.iter_movies())
    for filters in FILTERS[:3]:
        local = synced.similar(seed.title, seed.year, 8, filters, backend="local")
        remote = synced.similar(seed.title, seed.year, 8, filters, backend="pinecone")
        assert as_rows(remote) == as_rows(local)
        assert seed.id not in [h.movie.id for h in remote]
    assert pinecone_env.calls("movierec", "POST", "/query")[0].body["topK"] == 9  # one extra for the seed


def test_settings_backend_pinecone_is_the_default(synced, pinecone_env):
    synced._settings.backend = "pinecone"
    synced.search("love story", 5)
    assert pinecone_env.calls("movierec", "POST", "/query")


def test_cli_search_backend_pinecone_prints_the_local_json(synced, pinecone_env, monkeypatch, capsys):
    use_embedder(monkeypatch, synced)
    args = ["search", "war in the trenches", "--top", "5", "--year-from", "1920", "--genre", "War", "--json"]
    assert cli.main([*args, "--backend", "local"]) == 0
    local = json.loads(capsys.readouterr().out)
    assert cli.main([*args, "--backend", "pinecone"]) == 0
    out = capsys.readouterr()
    assert json.loads(out.out) == local and out.err == ""
    assert pinecone_env.calls("movierec", "POST", "/query")


# -- fallback ------------------------------------------------------------------------------


def test_wrong_key_falls_back_to_local_with_one_line(synced, pinecone_env, monkeypatch, capsys):
    use_embedder(monkeypatch, synced)
    monkeypatch.setenv("PINECONE_API_KEY", "pcsk_definitely_wrong_0000")
    assert cli.main(["search", "love story", "--json", "--no-parse", "--backend", "pinecone"]) == 0
    out = capsys.readouterr()
    assert len(out.err.strip().splitlines()) == 1 and "401" in out.err and "local search" in out.err
    assert "pcsk_definitely_wrong_0000" not in out.err
    assert [h["id"] for h in json.loads(out.out)] == [h.movie.id for h in synced.search("love story", 10)]


def test_unreachable_pinecone_falls_back_to_local(synced, monkeypatch, capsys, closed_port_url):
    monkeypatch.setenv("PINECONE_CONTROLLER_HOST", closed_port_url)
    synced._settings = synced._settings.with_env()
    hits = synced.search("a detective and a murder", 5, backend="pinecone")
    assert as_rows(hits) == as_rows(synced.search("a detective and a murder", 5, backend="local"))
    err = capsys.readouterr().err
    assert "unreachable" in err and len(err.strip().splitlines()) == 1
    assert len(synced._vectors()) == FILMS  # local state intact


def test_pinecone_failing_mid_query_falls_back(synced, pinecone_env, capsys):
    synced.search("love story", 3, backend="pinecone")  # connects and caches the backend
    pinecone_env.fail(503, times=4, path="/query")
    hits = synced.search("love story", 3, backend="pinecone")
    assert as_rows(hits) == as_rows(synced.search("love story", 3, backend="local"))
    assert "server error (503)" in capsys.readouterr().err


def test_never_synced_says_so_and_falls_back(services, pinecone_env, capsys):
    hits = services.search("love story", 3, backend="pinecone")
    assert len(hits) == 3
    assert "has no index" in capsys.readouterr().err  # the CLI words the remedy (cli._notice)
    assert not pinecone_env.calls(path="/query")
