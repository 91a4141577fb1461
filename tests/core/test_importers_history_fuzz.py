"""Property tests: no input crashes a history importer.

Every file either yields rows (each a film or a reported error) or fails with a known,
one-line ``ImportFailedError`` / ``UserInputError``; nothing else may escape.
"""

from __future__ import annotations

import csv
import io
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from movierec_gui.core.errors import ImportFailedError, UserInputError
from movierec_gui.core.history_import import FORMATS, read_history
from movierec_gui.core.importers.history_base import HistoryRecord, parse_date, parse_rating
from movierec_gui.core.importers.history_letterboxd import FILES

HEADERS = [
    "Date", "Name", "Year", "Letterboxd URI", "Rating", "Rewatch", "Tags", "Watched Date", "Review",
    "Const", "Your Rating", "Date Rated", "Title", "Original Title", "Title Type", "Position", "Created",
    "title", "year", "rating", "rating10", "kind", "tmdb_id", "imdb_id", "watched_date", "movie_id", "tmdbID",
]
CELLS = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["", "0", "5", "4.5", "11", "-3", "1e400", "nan", "tt0113277", "tt", "2020-02-30",
                     "2019-01-01", "Sat Jan 05 10:00:00 2019", "★★★½", "liked", "TV Series", "movie", '"', "\x00"]),
    st.integers(-10**12, 10**12).map(str),
)
SLOW = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def check(path, fmt: str) -> None:
    try:
        _, rows, ignored = read_history(path, fmt)
    except (ImportFailedError, UserInputError) as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    assert isinstance(ignored, list)
    for row in rows:
        assert isinstance(row, HistoryRecord)
        assert row.error or row.title or row.tmdb_id or row.imdb_id
        assert row.rating is None or 0.5 <= row.rating <= 5
        assert row.year is None or 1870 <= row.year <= 2100


@SLOW
@given(data=st.binary(max_size=600), fmt=st.sampled_from(FORMATS), suffix=st.sampled_from([".csv", ".zip", ".txt"]))
def test_random_bytes(tmp_path, data, fmt, suffix):
    path = tmp_path / f"h{suffix}"
    path.write_bytes(data)
    check(path, fmt)


@SLOW
@given(
    header=st.lists(st.sampled_from(HEADERS), min_size=1, max_size=8),
    rows=st.lists(st.lists(CELLS, max_size=10), max_size=8),
    delimiter=st.sampled_from([",", ";", "\t", "|"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]),
    fmt=st.sampled_from(FORMATS),
)
def test_structured_csv(tmp_path, header, rows, delimiter, encoding, fmt):
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(rows)
    path = tmp_path / "ratings.csv"
    path.write_bytes(buf.getvalue().encode(encoding, errors="replace"))
    check(path, fmt)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    members=st.dictionaries(
        st.sampled_from([*FILES, "lists/x.csv", "profile.csv", "likes/reviews.csv", "a/b/watched.csv"]),
        st.one_of(st.binary(max_size=200), st.just(b"Date,Name,Year\n2020-01-01,Heat,1995\n")),
        max_size=5,
    )
)
def test_random_zips(tmp_path, members):
    path = tmp_path / "export.zip"
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    check(path, "auto")


@given(st.text(max_size=30))
def test_cell_parsers_raise_only_value_errors(text):
    for parse in (parse_date, lambda v: parse_rating(v, 5), lambda v: parse_rating(v, 10)):
        try:
            parse(text)
        except ValueError:
            pass


def test_missing_path_and_folder(tmp_path):
    with pytest.raises(UserInputError):
        read_history(tmp_path / "nope.csv")
    with pytest.raises(UserInputError):
        read_history(tmp_path)
