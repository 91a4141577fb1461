"""History imports (Letterboxd, IMDb, generic CSV) against a small catalog of named films and
starter films; malformed files; idempotent re-import."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest

from movierec_gui.core.catalog import Catalog
from movierec_gui.core.errors import ImportFailedError
from movierec_gui.core.history import HistoryStore
from movierec_gui.core.history_import import detect_format, import_history, read_history
from movierec_gui.core.models import EntryKind

#: The films the tests name, with their public ids (facts, no third-party text).
FILMS = [
    ("Toy Story", 1995, "tt0114709", 862),
    ("Heat", 1995, "tt0113277", 949),
    ("The Usual Suspects", 1995, "tt0114814", 629),
    ("Pulp Fiction", 1994, "tt0110912", 680),
    ("The Shawshank Redemption", 1994, "tt0111161", 278),
    ("Amélie", 2001, "tt0211915", 194),
    ("Die Hard", 1988, "tt0095016", 562),
    ("Alien", 1979, "tt0078748", 348),
    ("The Matrix", 1999, "tt0133093", 603),
    *[("Hamlet", y, "", "") for y in (1948, 1964, 1990, 1996, 2000)],
]


@pytest.fixture(scope="module")
def catalog(tmp_path_factory) -> Catalog:
    """The named films (with ids) plus 150 other starter films, so matching has company."""
    from movierec_gui.core.importers import generic
    from movierec_gui.core.text import normalize_title
    from tests.conftest import starter_sample

    folder = tmp_path_factory.mktemp("catalog")
    named = {normalize_title(t) for t, *_ in FILMS}
    path = folder / "films.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(["title", "year", "imdb_id", "tmdb_id", "overview"])
        out.writerows([t, y, i, d, ""] for t, y, i, d in FILMS)
        out.writerows([f["title"], f["year"], "", "", f["synopsis"]] for f in starter_sample(200, skip=20)
                      if normalize_title(f["title"]) not in named)
    cat = Catalog(folder / "catalog.sqlite3")
    cat.import_rows(generic.read_csv(path), "csv")
    return cat


@pytest.fixture
def store(tmp_path) -> HistoryStore:
    return HistoryStore(tmp_path / "history.sqlite3")


def ids_by_title(catalog: Catalog, title: str, year: int) -> int:
    (movie,) = catalog.find_title(title, year)
    return movie.id


def table(header: list[str], rows: list[list], delimiter: str = ",") -> str:
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    return buf.getvalue()


LB = ["Date", "Name", "Year", "Letterboxd URI"]


def letterboxd_zip(path: Path) -> Path:
    files = {
        "watched.csv": table(LB, [
            ["2019-01-02", "Toy Story", 1995, "https://boxd.it/1"],
            ["2019-01-02", "Heat", 1995, "https://boxd.it/2"],
            ["2019-01-03", "The Usual Suspects", 1995, "https://boxd.it/3"],
            ["2019-01-03", "Pulp Fiction", 1994, "https://boxd.it/4"],
            ["2019-01-04", "Hamlet", "", "https://boxd.it/5"],
            ["2019-01-04", "Amélie", 2001, "https://boxd.it/6"],
            ["2019-01-05", "A Film Nobody Made", 2019, "https://boxd.it/7"],
            ["2019-01-05", "Die Hard", 1989, "https://boxd.it/8"],  # one year off
        ]),
        "ratings.csv": table([*LB, "Rating"], [
            ["2019-02-01", "Heat", 1995, "https://boxd.it/2", 4.5],
            ["2019-02-01", "Pulp Fiction", 1994, "https://boxd.it/4", 5],
            ["2019-02-02", "The Shawshank Redemption", 1994, "https://boxd.it/9", 5],
            ["2019-02-02", "Alien", 1979, "https://boxd.it/10", 2],
        ]),
        "diary.csv": table([*LB, "Rating", "Rewatch", "Tags", "Watched Date"], [
            ["2020-05-02", "Heat", 1995, "https://boxd.it/e1", 4.5, "Yes", "crime, la", "2020-05-01"],
        ]),
        "likes/films.csv": table(LB, [["2019-03-01", "Pulp Fiction", 1994, "https://boxd.it/4"]]),
        "watchlist.csv": table(LB, [["2019-03-02", "The Matrix", 1999, "https://boxd.it/11"]]),
        "lists/favourites.csv": "Letterboxd list export v7\nDate,Name,Tags,URL,Description\n2020-01-01,Favs,,x,\n\n"
        "Position,Name,Year,URL,Description\n1,Heat,1995,https://boxd.it/2,\n",
        "profile.csv": "Date Joined,Username\n2019-01-01,someone\n",
    }
    with zipfile.ZipFile(path, "w") as zf:
        for name, text in files.items():
            zf.writestr(f"letterboxd-someone-2024/{name}", text)
    return path


def test_letterboxd_zip_report_and_state(catalog, store, tmp_path):
    export = letterboxd_zip(tmp_path / "letterboxd-someone.zip")
    assert detect_format(export.read_bytes(), export.name) == "letterboxd"
    report = import_history(export, catalog, store, unmatched_dir=tmp_path / "imports")
    assert report.format == "letterboxd"
    assert report.read == 15
    assert [u.row.title for u in report.ambiguous] == ["Hamlet"]
    assert len(report.ambiguous[0].candidates) == 5 and "Hamlet (1996)" in report.ambiguous[0].candidates
    assert [u.row.title for u in report.missing] == ["A Film Nobody Made"]
    assert (report.matched, report.added, report.updated, report.unchanged) == (13, 9, 3, 1)
    assert report.matched_by["title±1"] == 1  # Die Hard 1989 → 1988
    assert any("lists/favourites.csv" in f for f in report.ignored_files)
    assert any("profile.csv" in f for f in report.ignored_files)

    heat = store.get(ids_by_title(catalog, "Heat", 1995))
    assert heat.kind is EntryKind.WATCHED and heat.rating == 4.5
    assert heat.watched_at == datetime(2020, 5, 1, tzinfo=UTC).timestamp()  # the diary's date wins
    pulp = store.get(ids_by_title(catalog, "Pulp Fiction", 1994))
    assert pulp.kind is EntryKind.LIKED and pulp.rating == 5
    assert store.get(ids_by_title(catalog, "The Matrix", 1999)).kind is EntryKind.WATCHLIST
    assert store.get(ids_by_title(catalog, "Alien", 1979)).rating == 2
    assert store.get(ids_by_title(catalog, "Amelie", 2001)) is not None  # accents do not matter
    assert "Hamlet" in report.summary() and "A Film Nobody Made" in report.summary()

    # Re-import: nothing changes, the same rows are reported again.
    before = store.entries()
    again = import_history(export, catalog, store, unmatched_dir=tmp_path / "imports")
    assert (again.added, again.updated, again.unchanged) == (0, 0, 13)
    assert store.entries() == before and len(again.ambiguous) == 1 and len(again.missing) == 1

    # The unmatched rows can be fixed and imported as a generic CSV.
    fixed = Path(report.unmatched_file)
    rows = list(csv.DictReader(fixed.open(encoding="utf-8")))
    assert {r["title"] for r in rows} == {"Hamlet", "A Film Nobody Made"}
    for r in rows:
        if r["title"] == "Hamlet":
            r["year"] = "1996"
    with fixed.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, rows[0].keys())
        w.writeheader()
        w.writerows(rows)
    third = import_history(fixed, catalog, store, fmt="csv", unmatched_dir=tmp_path / "imports")
    assert third.added == 1 and [u.row.title for u in third.missing] == ["A Film Nobody Made"]
    assert store.get(ids_by_title(catalog, "Hamlet", 1996)) is not None


@pytest.mark.parametrize(
    ("name", "kind"),
    [("watched.csv", EntryKind.WATCHED), ("watchlist.csv", EntryKind.WATCHLIST), ("films.csv", EntryKind.WATCHED)],
)
def test_letterboxd_single_csv(catalog, store, tmp_path, name, kind):
    path = tmp_path / name
    path.write_text(table(LB, [["2019-01-02", "Heat", 1995, "https://boxd.it/2"]]), encoding="utf-8")
    report = import_history(path, catalog, store)
    assert report.format == "letterboxd" and report.added == 1
    assert store.entries()[0].kind is kind


def test_letterboxd_ratings_csv_out_of_range_and_bad_dates(catalog, store, tmp_path):
    path = tmp_path / "ratings.csv"
    path.write_text(table([*LB, "Rating"], [
        ["2019-02-01", "Heat", 1995, "u", 7],
        ["yesterday", "Toy Story", 1995, "u", 3.5],
        ["2019-02-01", "", "", "u", 3],
    ]), encoding="utf-8")
    report = import_history(path, catalog, store)
    assert report.added == 2 and len(report.skipped) == 1
    assert store.get(ids_by_title(catalog, "Heat", 1995)).rating is None  # kept, without the bad rating
    assert store.get(ids_by_title(catalog, "Toy Story", 1995)).rating == 3.5
    messages = " ".join(m for _, _, m in report.warnings)
    assert "outside 0.5–5" in messages and "unrecognised date" in messages


IMDB_RATINGS = ["Const", "Your Rating", "Date Rated", "Title", "Original Title", "URL", "Title Type", "IMDb Rating",
                "Runtime (mins)", "Year", "Genres", "Num Votes", "Release Date", "Directors"]


def test_imdb_ratings(catalog, store, tmp_path):
    path = tmp_path / "ratings.csv"
    path.write_text(table(IMDB_RATINGS, [
        ["tt0113277", 9, "2021-03-04", "Heat", "Heat", "u", "Movie", 8.3, 170, 1995, "Crime", 1, "1995-12-15", "MM"],
        ["tt0114709", 7, "2021-03-05", "Toy Story", "", "u", "movie", 8.3, 81, 1995, "Animation", 1, "", ""],
        ["tt0903747", 10, "2021-03-06", "Breaking Bad", "", "u", "TV Series", 9.5, 49, 2008, "Crime", 1, "", ""],
        ["tt0078748", 11, "31/02/2020", "Alien", "", "u", "Movie", 8.5, 117, 1979, "Horror", 1, "", ""],
        ["tt9999999", 6, "2021-03-07", "Unknown Thing", "", "u", "Movie", 5, 90, 2020, "Drama", 1, "", ""],
    ]), encoding="utf-8")
    assert read_history(path)[0] == "imdb"
    report = import_history(path, catalog, store)
    assert report.matched_by["imdb"] == 3 and report.added == 3
    assert [u.problem for u in report.skipped] == ["not a film (TV Series)"]
    assert [u.row.title for u in report.missing] == ["Unknown Thing"]
    heat = store.get(ids_by_title(catalog, "Heat", 1995))
    assert heat.rating == 4.5 and heat.rated_at == datetime(2021, 3, 4, tzinfo=UTC).timestamp()
    assert store.get(ids_by_title(catalog, "Toy Story", 1995)).rating == 3.5
    assert store.get(ids_by_title(catalog, "Alien", 1979)).rating is None
    assert len(report.warnings) == 2


def test_imdb_watchlist_old_format_columns_in_any_order(catalog, store, tmp_path):
    header = ["Title", "Const", "Position", "Created", "Modified", "Description", "URL", "Title Type", "Year",
              "Your Rating", "Date Rated"]
    path = tmp_path / "WATCHLIST.csv"
    path.write_text(table(header, [
        ["The Matrix", "tt0133093", 1, "Sat Jan 05 10:00:00 2019", "", "", "u", "movie", 1999, "", ""],
        ["Die Hard", "tt0095016", 2, "2019-01-06", "", "", "u", "Movie", 1988, 8, "2019-02-01"],
    ]), encoding="utf-8")
    report = import_history(path, catalog, store)
    assert report.added == 2 and not report.warnings
    assert store.get(ids_by_title(catalog, "The Matrix", 1999)).kind is EntryKind.WATCHLIST
    assert store.get(ids_by_title(catalog, "Die Hard", 1988)).rating == 4.0  # rated → watched


def test_generic_csv_ids_titles_and_kinds(catalog, store, tmp_path):
    path = tmp_path / "mine.csv"
    path.write_text(table(["title", "year", "rating", "kind", "tmdb_id", "watched_date"], [
        ["whatever", "", "", "liked", 949, "2020-01-01"],  # Heat by TMDb id
        ["Alien", 1979, 1, "dislike", "", ""],
        ["Die Hard", 1988, "", "watchlist", "", ""],
        ["Toy Story", 1995, 4, "loved it", "", "1589000000"],
    ]), encoding="utf-8")
    report = import_history(path, catalog, store)
    assert report.format == "csv" and report.added == 4
    assert store.get(ids_by_title(catalog, "Heat", 1995)).kind is EntryKind.LIKED
    assert store.get(ids_by_title(catalog, "Alien", 1979)).kind is EntryKind.DISLIKED
    toy = store.get(ids_by_title(catalog, "Toy Story", 1995))
    assert toy.kind is EntryKind.WATCHED and toy.watched_at == 1589000000.0  # unknown kind → warning, watched
    assert any("unknown kind" in m for _, _, m in report.warnings)


def test_export_round_trip(catalog, store, tmp_path):
    import_history(letterboxd_zip(tmp_path / "lb.zip"), catalog, store)
    out = tmp_path / "export.csv"
    store.export_csv(out, catalog.get_many(store.movie_ids()))
    other = HistoryStore(tmp_path / "other.sqlite3")
    report = import_history(out, catalog, other)
    assert report.added == store.count() and not report.unmatched
    assert {(e.movie_id, e.kind, e.rating) for e in other.entries()} == {
        (e.movie_id, e.kind, e.rating) for e in store.entries()
    }


# ---------------------------------------------------------------------------- malformed files
def test_semicolon_and_tab_delimiters(catalog, store, tmp_path):
    for delim, name in ((";", "semi.csv"), ("\t", "tabs.csv")):
        path = tmp_path / name
        path.write_text(table(["Title", "Year", "Rating"], [["Heat", 1995, 4], ["Alien", 1979, 3]], delim), "utf-8")
        report = import_history(path, catalog, store, fmt="csv")
        assert report.matched == 2, name


def test_bom_and_non_utf8(catalog, store, tmp_path):
    bom = tmp_path / "bom.csv"
    bom.write_bytes("\ufeffName,Year\nHeat,1995\n".encode())
    assert import_history(bom, catalog, store).added == 1
    latin = tmp_path / "latin.csv"
    latin.write_bytes("Name,Year\nAmélie,2001\n".encode("cp1252"))
    report = import_history(latin, catalog, store)
    assert report.added == 1 and report.read == 1


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"\n\n",
        b"Date,Year,Letterboxd URI\n2019-01-01,1995,u\n",  # no Name column
        b"Title:Year\nHeat:1995\n",  # an unsupported delimiter
        b"\x00\x01\x02\xff\xfe binary",
    ],
    ids=["empty", "blank-lines", "missing-column", "colon-delimited", "binary"],
)
def test_unreadable_files_fail_with_a_message(catalog, store, tmp_path, content):
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    with pytest.raises(ImportFailedError):
        import_history(path, catalog, store)
    assert store.count() == 0


def test_a_zip_without_history_or_a_broken_zip(catalog, store, tmp_path):
    bare = tmp_path / "other.zip"
    with zipfile.ZipFile(bare, "w") as zf:
        zf.writestr("readme.txt", "hello")
    with pytest.raises(ImportFailedError, match="no Letterboxd history files"):
        import_history(bare, catalog, store)
    broken = tmp_path / "broken.zip"
    broken.write_bytes(b"PK\x03\x04 not really")
    with pytest.raises(ImportFailedError, match="not a readable ZIP"):
        import_history(broken, catalog, store)


def test_short_and_long_rows_and_quotes(catalog, store, tmp_path):
    path = tmp_path / "ragged.csv"
    path.write_text('Name,Year,Rating\nHeat\n"Toy Story",1995,4,extra,cells\n"Alien, the first",1979\n', "utf-8")
    report = import_history(path, catalog, store)
    assert report.read == 3 and report.added == 2  # Heat (no year → one match) and Toy Story
    assert [u.row.title for u in report.missing] == ["Alien, the first"]
