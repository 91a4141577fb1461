"""Property tests: no input crashes a catalog importer (every format, arbitrary bytes and cells).

A file either yields rows (each a plausible film or a reported error with its line) that the
catalog stores without error, or fails as one known, one-line error. Nothing else escapes.
"""

from __future__ import annotations

import csv
import io
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from movierec_gui.core.catalog import Catalog
from movierec_gui.core.errors import KnownError
from movierec_gui.core.importers import FORMATS, reader_for

SLOW = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
HEADERS = ["id", "title", "overview", "genres", "release_date", "runtime", "vote_average", "vote_count",
           "popularity", "keywords", "tmdb_id", "imdb_id", "year", "renown", "silent", "movieId", "ID", "Title",
           "Plot", "name", "director", "cast", "key"]
CELLS = st.one_of(
    st.text(max_size=16),
    st.sampled_from(["", "inf", "-inf", "nan", "1e30", "1e400", "99999999999999999999", "-1", "0", "2001",
                     "2001-01-01", "[]", '[{"name": "Drama"}]', '[{"name": 5}]', "[" * 50, "tt0113277", "true",
                     '"', "\x00", "\r", "\n", "Heat (1995)"]),
    st.integers(-10**20, 10**20).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
)
JSON_VALUES = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-10**30, 10**30), st.floats(), st.text(max_size=10)),
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)),
    max_leaves=20,
)
FIELDS = ["title", "year", "genres", "runtime", "tmdb_id", "imdb_id", "renown", "silent", "vote_count", "cast",
          "overview", "key", "collection"]


def check(tmp_path, path, fmt: str) -> None:
    cat = Catalog(tmp_path / "c.sqlite3")
    try:
        source, rows = reader_for(fmt, path)
        report = cat.import_rows(rows, source, str(path))
    except KnownError as exc:
        assert str(exc) and "\n" not in str(exc) and len(str(exc)) < 600
        return
    finally:
        cat.close()
    assert report.read >= report.imported
    for line, reason in report.skipped:
        assert line >= 1 and reason and len(reason) < 600


@SLOW
@given(data=st.binary(max_size=800), fmt=st.sampled_from(FORMATS),
       suffix=st.sampled_from([".csv", ".tsv", ".jsonl", ".json", ".txt"]))
def test_random_bytes(tmp_path, data, fmt, suffix):
    path = tmp_path / f"films{suffix}"
    path.write_bytes(data)
    check(tmp_path, path, fmt)


@SLOW
@given(header=st.lists(st.sampled_from(HEADERS), min_size=1, max_size=8, unique=True),
       rows=st.lists(st.lists(CELLS, min_size=0, max_size=9), max_size=6),
       fmt=st.sampled_from(["auto", "csv", "tmdb", "cmu", "movielens"]),
       delimiter=st.sampled_from([",", "\t"]))
def test_random_tables(tmp_path, header, rows, fmt, delimiter):
    buf = io.StringIO()
    out = csv.writer(buf, delimiter=delimiter)
    out.writerow(header)
    out.writerows(rows)
    path = tmp_path / ("films.tsv" if delimiter == "\t" else "films.csv")
    path.write_text(buf.getvalue(), encoding="utf-8")
    check(tmp_path, path, fmt)


@SLOW
@given(items=st.lists(st.one_of(JSON_VALUES, st.fixed_dictionaries({}, optional={f: JSON_VALUES for f in FIELDS}))
                      , max_size=6))
def test_random_json_lines_and_lists(tmp_path, items):
    lines = tmp_path / "films.jsonl"
    lines.write_text("\n".join(json.dumps(i) for i in items), encoding="utf-8")
    check(tmp_path, lines, "jsonl")
    array = tmp_path / "movies-1990s.json"
    array.write_text(json.dumps(items), encoding="utf-8")
    check(tmp_path, array, "wikipedia")


@pytest.mark.parametrize("depth", [100, 5_000, 100_000])
def test_deep_nesting_every_json_reader(tmp_path, depth):
    deep = "[" * depth + "]" * depth
    for name, fmt in (("films.jsonl", "jsonl"), ("movies-2000s.json", "wikipedia")):
        path = tmp_path / name
        path.write_text(deep + "\n", encoding="utf-8")
        check(tmp_path, path, fmt)


def test_huge_fields(tmp_path):
    path = tmp_path / "films.csv"
    path.write_text("title,overview\n" + "A" * 3_000_000 + ",x\nFine," + "b" * 2_000_000 + "\n", encoding="utf-8")
    check(tmp_path, path, "csv")
