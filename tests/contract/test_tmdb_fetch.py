"""Fetching films and posters from the TMDB stand-in through ``Services`` (and the CLI)."""

from __future__ import annotations

import json
import sqlite3

import pytest

from movierec_gui.cli import main
from movierec_gui.core.errors import Cancelled, CatalogSourceAuthError, CatalogSourceError, UserInputError
from movierec_gui.services import Services
from tests.contract.tmdb_standin import make_film

pytestmark = pytest.mark.contract


def rows_per_tmdb_id(services: Services) -> dict[int, int]:
    con = sqlite3.connect(services.folders.data / "catalog.sqlite3")
    try:
        return dict(con.execute("SELECT tmdb_id, count(*) FROM movies WHERE tmdb_id IS NOT NULL GROUP BY tmdb_id"))
    finally:
        con.close()


def test_fetch_maps_every_field_and_downloads_posters(tmdb_env):
    s = Services()
    request = s.tmdb_request("list", list_name="popular", limit=45)
    plan = s.plan_tmdb(request)
    assert (plan.films, plan.available, plan.known) == (45, 300, 0)
    assert plan.requests >= 45 and plan.seconds > 0
    report = s.fetch_tmdb(request)
    assert (report.listed, report.added) == (45, 45)
    assert s.film_count() == 45
    assert report.posters == 45 - 4  # films 9, 19, 29, 39 have no poster on TMDB
    movie = next(m for m in s.films(s._catalog.all_ids()).values() if m.tmdb_id == 5003)
    source = make_film(3)
    assert movie.title == source["title"] and movie.year == int(source["release_date"][:4])
    assert movie.original_title == source["original_title"]
    assert movie.runtime == source["runtime"] and movie.overview == source["overview"]
    assert list(movie.genres) == [g["name"] for g in source["genres"]]
    assert list(movie.keywords) == source["_keywords"]
    assert list(movie.directors) == [source["_director"]] and list(movie.cast) == source["_cast"]
    assert movie.countries == ("Japan",) and movie.languages == ("Japanese",)
    assert movie.collection == source["belongs_to_collection"]["name"] and movie.imdb_id == source["imdb_id"]
    assert movie.vote_count == source["vote_count"] and 0 < (movie.renown or 0) <= 1
    assert s._catalog.by_external_id(tmdb_id=5004).collection is None
    poster = s.poster_path(movie)
    assert poster is not None and poster.read_bytes().startswith(b"\x89PNG")
    assert len(tmdb_env.images) == 41 and all(p.startswith("/t/p/w342/") for p in tmdb_env.images)
    assert s.poster_path(next(m for m in s.films(s._catalog.all_ids()).values() if m.tmdb_id == 5009)) is None


def test_refetch_makes_no_detail_calls_and_changes_nothing(tmdb_env):
    s = Services()
    request = s.tmdb_request("list", limit=60)
    s.fetch_tmdb(request)
    revision = s._catalog.revision
    details_before = sum(tmdb_env.detail_calls().values())
    again = s.fetch_tmdb(request)
    assert sum(tmdb_env.detail_calls().values()) == details_before  # not one detail call
    assert (again.added, again.updated, again.skipped_unchanged) == (0, 0, 60)
    assert again.posters == 0 and s._catalog.revision == revision
    assert s.plan_tmdb(request).known == 60


def test_refetch_fetches_only_the_films_tmdb_changed(tmdb_env):
    s = Services()
    request = s.tmdb_request("list", limit=40)
    s.fetch_tmdb(request)
    tmdb_env.edit(7, overview="A brand-new synopsis written on the server.")
    before = tmdb_env.detail_calls()
    report = s.fetch_tmdb(request)
    new_calls = tmdb_env.detail_calls() - before
    assert dict(new_calls) == {5007: 1}
    assert report.updated == 1 and report.skipped_unchanged == 39
    assert s._catalog.by_external_id(tmdb_id=5007).overview == "A brand-new synopsis written on the server."


def test_cancel_mid_fetch_then_resume_without_duplicates(tmdb_env):
    s = Services()
    request = s.tmdb_request("list", list_name="top_rated", limit=120)
    seen = []

    def cancel_at_70(done: int, total: int, phase: str) -> None:
        seen.append(done)
        if phase == "films" and done >= 70:
            raise Cancelled("cancelled")

    with pytest.raises(Cancelled):
        s.fetch_tmdb(request, progress=cancel_at_70)
    assert 70 <= s.film_count() < 120
    plan = s.plan_tmdb(request)
    assert plan.resumes and plan.films == 120 - s.film_count()
    report = s.fetch_tmdb(request)
    assert report.resumed and s.film_count() == 120
    assert set(rows_per_tmdb_id(s).values()) == {1}
    assert max(tmdb_env.detail_calls().values()) == 1  # no film was fetched twice


def test_existing_film_is_merged_not_duplicated_and_history_stays_linked(tmdb_env, tmp_path):
    s = Services()
    film = make_film(2)
    jsonl = tmp_path / "mine.jsonl"
    jsonl.write_text(json.dumps({"title": film["title"], "year": int(film["release_date"][:4]),
                                 "overview": "Our own short note.", "genres": ["Drama"]}) + "\n", encoding="utf-8")
    s.import_catalog(jsonl)
    mine = s.resolve_title(film["title"])
    s.history_add(film["title"], rating=4.5)
    report = s.fetch_tmdb(s.tmdb_request("list", limit=10))
    assert report.merged == 1 and s.film_count() == 10
    merged = s.film(mine.id)
    assert merged is not None and merged.tmdb_id == 5002 and merged.imdb_id == film["imdb_id"]
    assert merged.keywords and merged.directors  # TMDB filled the gaps
    assert s.history_entry(mine.id).rating == 4.5


def test_complete_history_fetches_missing_films_and_relinks_them(tmdb_env, tmp_path):
    s = Services()
    films = [make_film(i) for i in (11, 12, 13, 14)]
    tmdb_env.aliases["harbour of glass"] = 14  # TMDB knows film 14 by this other title too
    csv = tmp_path / "history.csv"
    lines = ["Title,Year,Rating,imdbID"]
    lines.append(f"{films[0]['title']},{films[0]['release_date'][:4]},4,")
    lines.append(f"{films[1]['title']},,3,{films[1]['imdb_id']}")
    lines.append(f"{films[2]['title']},{films[2]['release_date'][:4]},5,")
    lines.append(f"Harbour of Glass,{films[3]['release_date'][:4]},4.5,")
    lines.append("A Film Nobody Made,1901,2,")
    csv.write_text("\n".join(lines) + "\n", encoding="utf-8")
    imported = s.import_history(csv, "csv")
    assert imported.matched == 0 and imported.unmatched_file
    request = s.tmdb_request("history", limit=50)
    assert len(request.wanted) == 5
    report = s.fetch_tmdb(request)
    assert report.added == 4 and report.relinked == 4  # the renamed film too: linked by the TMDB id found
    assert report.not_found == ["A Film Nobody Made (1901)"]
    titles = {item.title for item in s.history_list()}
    assert titles == {f["title"] for f in films}
    assert len(s.tmdb_request("history").wanted) == 1  # only the film TMDB does not have


def test_language_with_english_fallback_for_empty_overviews(tmdb_env):
    tmdb_env.untranslated = frozenset({1})
    s = Services()
    s.fetch_tmdb(s.tmdb_request("list", limit=3, language="ko-KR", posters=False))
    translated = s._catalog.by_external_id(tmdb_id=5000)
    fallback = s._catalog.by_external_id(tmdb_id=5001)
    assert translated.title.endswith("[ko-KR]") and translated.overview.startswith("[ko-KR]")
    assert fallback.overview == make_film(1)["overview"]  # English, fetched once more without append
    assert tmdb_env.count("movie/5001") == 2 and tmdb_env.count("movie/5000") == 1
    s.set_tmdb_language("ko-KR")
    assert Services().tmdb_request("list").language == "ko-KR"  # remembered in the settings file
    with pytest.raises(UserInputError, match="not a language tag"):
        s.set_tmdb_language("Korean please")


def test_discover_aliases_and_person_filmography(tmdb_env):
    s = Services()
    report = s.fetch_tmdb(s.tmdb_request("discover", discover=["genre=Drama", "decade=1990s"], limit=500,
                                         posters=False))
    assert report.added > 0
    for m in s.films(s._catalog.all_ids()).values():
        assert "Drama" in m.genres and 1990 <= m.year <= 1999
    s.reset_catalog()
    report = s.fetch_tmdb(s.tmdb_request("person", person="Ada Quill", limit=500, posters=False))
    assert report.added > 0
    for m in s.films(s._catalog.all_ids()).values():
        assert "Ada Quill" in m.cast or m.directors == ("Ada Quill",)
    with pytest.raises(UserInputError, match="KEY=VALUE"):
        s.tmdb_request("discover", discover=["nonsense"])
    for bad in (0, 10_001):
        with pytest.raises(UserInputError, match="limit must be 1 to 10,000"):
            s.tmdb_request("list", limit=bad)


def test_bad_key_fails_clearly_and_keeps_the_catalog(tmdb_env, monkeypatch):
    s = Services()
    s.fetch_tmdb(s.tmdb_request("list", limit=5, posters=False))
    monkeypatch.setenv("TMDB_API_KEY", "not-the-key")
    with pytest.raises(CatalogSourceAuthError):
        s.fetch_tmdb(s.tmdb_request("list", limit=20))
    assert s.film_count() == 5


def test_server_trouble_mid_fetch_is_retried_transparently(tmdb_env):
    tmdb_env.fail(429, retry_after="1", prefix="movie/50")
    tmdb_env.fail(502, prefix="movie/50")
    s = Services()
    report = s.fetch_tmdb(s.tmdb_request("list", limit=30, posters=False))
    assert report.added == 30 and report.requests == 2 + 30 + 2  # two list pages, 30 films, 2 retries


def test_cli_fetch_and_its_errors(tmdb_env, capsys, monkeypatch):
    assert main(["catalog", "fetch", "tmdb", "--list", "now_playing", "--limit", "12", "--yes", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["added"] == 12 and out["listed"] == 12
    assert main(["catalog", "posters"]) == 0
    assert capsys.readouterr().out.startswith(f"{out['posters']} downloaded posters")
    assert main(["catalog", "posters", "--clear"]) == 0
    assert f"removed {out['posters']} downloaded posters" in capsys.readouterr().err
    assert Services().poster_cache_size() == (0, 0)
    assert main(["catalog", "fetch", "tmdb", "--discover", "oops", "--yes"]) == 1
    assert "KEY=VALUE" in capsys.readouterr().err
    monkeypatch.setenv("TMDB_API_KEY", "bad-key-123456")
    assert main(["catalog", "fetch", "tmdb", "--limit", "3", "--yes"]) == 1
    err = capsys.readouterr().err
    assert "refused the API key" in err and "bad-key-123456" not in err and err.count("\n") == 1
    monkeypatch.delenv("TMDB_API_KEY")
    assert main(["catalog", "fetch", "tmdb", "--yes"]) == 1
    assert "No TMDB key" in capsys.readouterr().err


def test_a_server_without_change_list_or_image_config_still_works(tmdb_env):
    s = Services()
    request = s.tmdb_request("list", limit=10)
    tmdb_env.fail(404, prefix="configuration")
    first = s.fetch_tmdb(request)
    assert first.added == 10 and first.posters == 0
    assert "posters skipped" in first.summary()
    tmdb_env.fail(404, prefix="movie/changes")
    before = sum(tmdb_env.detail_calls().values())
    again = s.fetch_tmdb(request)  # nothing tells what changed: the known films are fetched again
    assert sum(tmdb_env.detail_calls().values()) - before == 10
    assert (again.added, again.updated) == (0, 0) and again.posters == 9
    assert s.film_count() == 10


def test_a_malformed_api_base_is_one_clear_line(tmdb_env, monkeypatch):
    monkeypatch.setenv("MOVIEREC_TMDB_API", "ftp://example.invalid/3")
    s = Services()
    with pytest.raises(CatalogSourceError, match="not an http"):
        s.fetch_tmdb(s.tmdb_request("list", limit=3))
    assert tmdb_env.requests == []


def test_an_unreachable_image_server_is_given_up_quickly(tmdb_env, closed_port_url):
    tmdb_env.image_base = closed_port_url + "/t/p/"
    s = Services()
    report = s.fetch_tmdb(s.tmdb_request("list", limit=60))
    assert report.added == 60 and report.posters == 0
    assert report.poster_failures < 20  # stopped after a few failures in a row, not 54 tries
    assert "failed in a row" in report.summary()


def test_loopback_api_gets_a_faster_default_pace_and_tmdb_the_polite_one(monkeypatch):
    from movierec_gui import wiring
    from movierec_gui.config import Settings

    monkeypatch.setenv("TMDB_API_KEY", "k" * 32)
    with wiring.tmdb_client(Settings(tmdb_api_base="http://127.0.0.1:9/3")) as local:
        assert local.limiter_rate == wiring.LOCAL_TMDB_RATE
    with wiring.tmdb_client(Settings(tmdb_api_base="http://127.0.0.1:9/3", tmdb_rate=5)) as chosen:
        assert chosen.limiter_rate == 5
    with wiring.tmdb_client(Settings()) as remote:
        assert remote.base_url == "https://api.themoviedb.org/3" and remote.limiter_rate == 20


def test_fetched_films_are_indexed_and_searchable_like_any_import(tmdb_env, embedder):
    s = Services(embedder=embedder)
    s.fetch_tmdb(s.tmdb_request("list", limit=24, posters=False))
    assert s.cache_status().ok is False  # nothing indexed yet: the app offers `movierec index`
    report = s.index()
    assert s.cache_status().ok and not s.cache_status().stale
    assert report is not None
    film = make_film(5)
    hits = s.search(film["overview"], top=3)
    assert hits[0].movie.tmdb_id == 5005
