"""Film identity and the rule that merges one film's records from several sources."""

from __future__ import annotations

from movierec_gui.core.catalog import Catalog
from movierec_gui.core.identity import FilmIdentity, same_film
from movierec_gui.core.importers.base import MovieRecord, RowResult
from movierec_gui.core.models import Movie


def test_key_prefers_the_strongest_id():
    assert FilmIdentity("Heat", 1995, tmdb_id=949, imdb_id="tt0113277").key == "tmdb:949"
    assert FilmIdentity("Heat", 1995, imdb_id="tt0113277").key == "imdb:tt0113277"
    assert FilmIdentity("Heat", 1995, source_keys=("starter:Heat|1995", "movielens:6")).key == "movielens:6"
    assert FilmIdentity("The Heat!", 2013).key == "title:heat|2013"  # normalized as the title matcher does


def test_matches_trusts_ids_over_titles():
    heat = Movie(1, "Heat", 1995, tmdb_id=949)
    assert FilmIdentity("Heat", 1996).matches(heat)  # a year off: festival vs release
    assert not FilmIdentity("Heat", 1997).matches(heat)
    assert not FilmIdentity("Heat", 1995, tmdb_id=1).matches(heat)  # both say who they are, and differ
    assert FilmIdentity("Anything", None, tmdb_id=949).matches(heat)
    assert FilmIdentity("Der Himmel über Berlin", 1987).matches(
        Movie(2, "Wings of Desire", 1987, original_title="Der Himmel über Berlin")
    )


def test_same_film_needs_a_director_or_a_close_runtime():
    assert same_film(["Alex Garland"], None, ["alex garland"], 108)
    assert same_film([], 108, [], 110)
    assert not same_film([], 108, [], 120)
    assert not same_film(["A"], None, ["B"], None)


def rec(source, key, title, year, **kw):
    return RowResult(1, MovieRecord(source=source, key=key, title=title, year=year, **kw))


def test_catalog_merges_a_year_apart_only_with_evidence(tmp_path):
    cat = Catalog(tmp_path / "c.sqlite3")
    cat.import_rows([rec("starter", "a", "Ex Machina", 2014, runtime=108),
                     rec("starter", "b", "Twin Film", 2000, directors=["Ann"]),
                     rec("starter", "c", "Remake", 2000, tmdb_id=1)], "starter")
    report = cat.import_rows([
        rec("tmdb", "1", "Ex Machina", 2015, runtime=107, tmdb_id=264660),  # same film
        rec("tmdb", "2", "Twin Film", 2001, directors=["Bob"], runtime=90),  # another film
        rec("tmdb", "3", "Remake", 2001, tmdb_id=2, runtime=None),  # both carry ids, and differ
    ], "tmdb")
    assert report.merged == 1 and cat.count() == 5
    (ex,) = cat.find_title("Ex Machina")
    assert (ex.year, ex.tmdb_id) == (2014, 264660)
    ident = cat.identities([ex.id])[ex.id]
    assert ident.key == "tmdb:264660" and set(ident.source_keys) == {"starter:a", "tmdb:1"}
    assert cat.find_identity(FilmIdentity("Ex Machina", 2015)) == ex.id
    assert cat.find_identity(FilmIdentity("Ex Machina", 2017)) is None
