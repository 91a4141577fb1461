"""Files from anywhere: each hostile input ends in one clear error or a reported row, never a
traceback, a hang or unbounded memory (issue 13, "Inputs that must be harmless")."""

from __future__ import annotations

import codecs
import json
import os
import struct
import threading
import zipfile
from pathlib import Path

import pytest

from movierec_gui.core.catalog import Catalog
from movierec_gui.core.errors import ImportFailedError, KnownError
from movierec_gui.core.history import HistoryStore
from movierec_gui.core.history_import import import_history, read_history
from movierec_gui.core.importers import base as catalog_base
from movierec_gui.core.importers import history_base, reader_for, streams

LB = "Date,Name,Year,Letterboxd URI\n"


@pytest.fixture
def cat(tmp_path):
    c = Catalog(tmp_path / "catalog.sqlite3")
    yield c
    c.close()


def import_catalog(cat: Catalog, path: Path, fmt: str = "auto"):
    source, rows = reader_for(fmt, path)
    return cat.import_rows(rows, source, str(path))


def finishes(fn, seconds: float = 20):
    """Run ``fn`` in a thread; its result or exception, failing the test if it hangs."""
    out: dict[str, object] = {}

    def run():
        try:
            out["value"] = fn()
        except BaseException as exc:
            out["error"] = exc

    t = threading.Thread(target=run, daemon=True)
    t.start()
    t.join(seconds)
    assert not t.is_alive(), "reading the file hung"
    if "error" in out:
        raise out["error"]  # type: ignore[misc]
    return out.get("value")


# ---------------------------------------------------------------------------- non-regular files
@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero on this system")
@pytest.mark.parametrize("name", ["films.csv", "films.jsonl", "films.json"])
def test_symlink_to_dev_zero_is_refused_for_catalogs(cat, tmp_path, name):
    link = tmp_path / name
    link.symlink_to("/dev/zero")
    with pytest.raises(ImportFailedError, match=r"not a regular file|device"):
        finishes(lambda: import_catalog(cat, link))


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero on this system")
def test_symlink_to_dev_zero_is_refused_for_history(tmp_path):
    link = tmp_path / "ratings.csv"
    link.symlink_to("/dev/zero")
    with pytest.raises(ImportFailedError, match="device"):
        finishes(lambda: read_history(link))


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
@pytest.mark.parametrize("name", ["films.csv", "films.jsonl"])
def test_named_pipe_never_blocks(cat, tmp_path, name):
    fifo = tmp_path / name
    os.mkfifo(fifo)
    with pytest.raises(ImportFailedError, match="named pipe"):
        finishes(lambda: import_catalog(cat, fifo))
    with pytest.raises(ImportFailedError, match="named pipe"):
        finishes(lambda: read_history(fifo))


def test_folder_is_refused_for_a_csv_catalog_and_history(cat, tmp_path):
    folder = tmp_path / "films.csv"
    folder.mkdir()
    with pytest.raises(ImportFailedError, match="folder"):
        import_catalog(cat, folder, "csv")
    with pytest.raises(KnownError, match="folder"):
        read_history(folder)


# ---------------------------------------------------------------------------- one bad cell
def test_overflowing_cells_are_reported_per_row_and_the_rest_imported(cat, tmp_path):
    path = tmp_path / "films.csv"
    path.write_text(
        "title,year,runtime,tmdb_id,vote_average\n"
        "Good One,2001,100,5,7\n"
        "Endless,2002,inf,6,7\n"
        "Huge Id,2003,90,1e30,7\n"
        "Far Future,99999999999999999999,90,8,7\n"
        "NaN Votes,2004,90,9,nan\n"
        "Good Two,2005,95,10,6\n",
        encoding="utf-8",
    )
    report = import_catalog(cat, path)
    assert report.added == 2
    assert [n for n, _ in report.skipped] == [3, 4, 5, 6]
    assert all(len(reason) < 120 for _, reason in report.skipped)


def test_huge_numbers_in_jsonl_and_wikipedia(cat, tmp_path):
    path = tmp_path / "films.jsonl"
    path.write_text(
        json.dumps({"title": "Fine", "year": 2000}) + "\n"
        + json.dumps({"title": "Big", "year": 10**30}) + "\n"
        + json.dumps({"title": "Inf", "runtime": "inf"}) + "\n"
        + '{"title": "Overflow", "tmdb_id": 1e400}\n'
        + json.dumps({"title": "Also fine", "year": 2001}) + "\n",
        encoding="utf-8",
    )
    report = import_catalog(cat, path)
    assert report.added == 2 and [n for n, _ in report.skipped] == [2, 3, 4]
    wiki = tmp_path / "movies-2000s.json"
    wiki.write_text(json.dumps([{"title": "W", "year": 2001}, {"title": "X", "year": 10**40},
                                {"title": "Y", "year": True}]), encoding="utf-8")
    report = import_catalog(cat, wiki)
    assert report.added == 2 and [n for n, _ in report.skipped] == [2]


def test_huge_movie_id_and_tmdb_id_in_a_history_row(cat, tmp_path):
    films = tmp_path / "films.csv"
    films.write_text("title,year\nHeat,1995\nAlien,1979\n", encoding="utf-8")
    import_catalog(cat, films)
    path = tmp_path / "mine.csv"
    path.write_text(
        "title,year,movie_id,tmdb_id\nHeat,1995,99999999999999999999999,1e30\nAlien,99999,1,\n", encoding="utf-8"
    )
    store = HistoryStore(tmp_path / "history.sqlite3")
    report = import_history(path, cat, store, fmt="csv")
    assert report.added == 2
    warned = " ".join(m for _, _, m in report.warnings)
    assert "not a MovieRec id" in warned and "not a TMDb id" in warned and "implausible year" in warned
    store.close()


# ---------------------------------------------------------------------------- structure
def test_json_nested_10000_deep_sinks_only_its_line(cat, tmp_path):
    path = tmp_path / "films.jsonl"
    deep = "[" * 10_000 + "]" * 10_000
    path.write_text(
        json.dumps({"title": "Before", "year": 2000}) + "\n"
        + '{"title": "Deep", "genres": ' + deep + "}\n"
        + deep + "\n"
        + json.dumps({"title": "After", "year": 2001}) + "\n",
        encoding="utf-8",
    )
    report = import_catalog(cat, path)
    assert report.added == 2
    assert [n for n, _ in report.skipped] == [2, 3]
    wiki = tmp_path / "movies-1990s.json"
    wiki.write_text(deep, encoding="utf-8")
    with pytest.raises(ImportFailedError, match=r"nested too deeply|expected a JSON list"):
        import_catalog(cat, wiki)


def test_unbalanced_quote_is_reported_not_merged(cat, tmp_path):
    path = tmp_path / "films.csv"
    path.write_text('title,year\nFine,2000\n"Broken,2001\nSwallowed,2002\nAlso swallowed,2003\n', encoding="utf-8")
    report = import_catalog(cat, path)
    assert report.added == 1
    assert report.skipped and "unbalanced quote" in report.skipped[0][1] and report.skipped[0][0] == 3
    assert not [m for m in cat.iter_movies() if "\n" in m.title]


def test_unbalanced_quote_in_a_history_csv(cat, tmp_path):
    path = tmp_path / "mine.csv"
    path.write_text('title,year\n"Heat,1995\nAlien,1979\n', encoding="utf-8")
    _, rows, _ = read_history(path, "csv")
    assert len(rows) == 1 and rows[0].error and "unbalanced quote" in rows[0].error


# ---------------------------------------------------------------------------- encodings and delimiters
@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-8-sig", "cp1252", "latin-1"])
def test_encodings_are_decoded(cat, tmp_path, encoding):
    path = tmp_path / "films.csv"
    path.write_bytes("title,year\nAmélie,2001\nHeat,1995\n".encode(encoding))
    report = import_catalog(cat, path)
    assert report.added == 2 and not report.skipped
    assert cat.find_title("Amélie", 2001)
    hist = tmp_path / "mine.csv"
    hist.write_bytes("Title,Year\nAmélie,2001\n".encode(encoding))
    _, rows, _ = read_history(hist, "csv")
    assert [(r.title, r.year) for r in rows] == [("Amélie", 2001)]


def test_binary_file_is_refused_clearly(cat, tmp_path):
    path = tmp_path / "films.csv"
    path.write_bytes(bytes(range(256)) * 64 + b"\x00" * 8192)
    with pytest.raises(ImportFailedError, match="binary"):
        import_catalog(cat, path)


def test_tsv_is_tab_separated(cat, tmp_path):
    path = tmp_path / "films.tsv"
    path.write_text("title\tyear\tgenres\nHeat, the remake\t1995\tCrime|Drama\n", encoding="utf-8")
    report = import_catalog(cat, path)
    assert report.added == 1
    (heat,) = cat.find_title("Heat, the remake", 1995)
    assert list(heat.genres) == ["Crime", "Drama"]
    hist = tmp_path / "mine.tsv"
    hist.write_text("Title\tYear\nHeat, the remake\t1995\n", encoding="utf-8")
    _, rows, _ = read_history(hist, "csv")
    assert [(r.title, r.year) for r in rows] == [("Heat, the remake", 1995)]


def test_years_are_range_checked(cat, tmp_path):
    path = tmp_path / "films.csv"
    path.write_text("title,year\nOld,1200\nFuture,3000\nOk,1999\n", encoding="utf-8")
    report = import_catalog(cat, path)
    assert report.added == 1 and all("year" in r for _, r in report.skipped)


def test_very_long_line_is_cut_and_reported(cat, tmp_path):
    path = tmp_path / "films.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        fh.write(json.dumps({"title": "Before"}) + "\n")
        fh.write('{"title": "' + "x" * (streams.MAX_LINE_BYTES * 3) + '"}\n')
        fh.write(json.dumps({"title": "After"}) + "\n")
    report = import_catalog(cat, path)
    assert report.added == 2 and [n for n, _ in report.skipped] == [2]
    assert len(report.skipped[0][1]) < 200


def test_file_over_the_byte_cap_is_refused(cat, tmp_path, monkeypatch):
    monkeypatch.setattr(streams, "MAX_FILE_BYTES", 1 << 20)
    path = tmp_path / "films.csv"
    path.write_text("title,year\n" + "Heat,1995\n" * 200_000, encoding="utf-8")
    with pytest.raises(ImportFailedError, match="larger than 1 MB"):
        import_catalog(cat, path)


def test_row_cap_stops_and_says_so(cat, tmp_path, monkeypatch):
    monkeypatch.setattr(catalog_base, "MAX_ROWS", 50)
    path = tmp_path / "films.csv"
    path.write_text("title,year\n" + "".join(f"Film {i},2000\n" for i in range(200)), encoding="utf-8")
    report = import_catalog(cat, path)
    assert report.added == 50 and "rest of the file was not read" in report.skipped[-1][1]


# ---------------------------------------------------------------------------- ZIP exports
def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def test_encrypted_member_is_refused_clearly(tmp_path):
    path = _zip(tmp_path / "export.zip", {"watched.csv": (LB + "2020-01-01,Heat,1995,u\n").encode()})
    raw = bytearray(path.read_bytes())
    cd = raw.rfind(b"PK\x01\x02")
    flags = struct.unpack_from("<H", raw, cd + 8)[0]
    struct.pack_into("<H", raw, cd + 8, flags | 0x1)  # the "encrypted" bit of the central directory
    path.write_bytes(bytes(raw))
    _, rows, ignored = read_history(path)
    assert rows == [] or all(r.error for r in rows)
    assert any("encrypted" in f for f in ignored)


def test_zip_member_that_lies_about_its_size_is_capped_by_bytes_read(tmp_path, monkeypatch):
    monkeypatch.setattr(streams, "MAX_FILE_BYTES", 1 << 20)
    body = (LB + "2020-01-01,Heat,1995,u\n" * 200_000).encode()  # ~4.6 MB inflated, a few KB deflated
    path = _zip(tmp_path / "export.zip", {"watched.csv": body, "ratings.csv": (LB + "x,Alien,1979,u\n").encode()})
    raw = bytearray(path.read_bytes())
    cd = raw.find(b"PK\x01\x02")
    struct.pack_into("<I", raw, cd + 24, 100)  # the central directory now claims 100 bytes
    path.write_bytes(bytes(raw))
    _, rows, ignored = finishes(lambda: read_history(path))
    assert any("watched.csv" in f for f in ignored)  # refused (size cap or CRC), not read to the end
    assert any(r.title == "Alien" for r in rows)  # the other member still counts


def test_zip_bomb_of_repeated_rows_stops_at_the_row_cap(tmp_path, monkeypatch):
    monkeypatch.setattr(history_base, "MAX_ROWS", 1000)
    rows = (LB + "2020-01-01,Heat,1995,u\n" * 5000).encode()
    path = _zip(tmp_path / "export.zip", {f"{n}": rows for n in ("watched.csv", "diary.csv", "ratings.csv")})
    _, read, _ = read_history(path)
    assert len(read) == 1001 and read[-1].error and "not read" in read[-1].error


def test_utf16_member_in_a_zip(tmp_path):
    path = _zip(tmp_path / "export.zip", {"watched.csv": codecs.BOM_UTF16_LE + (LB + "x,Amélie,2001,u\n").encode(
        "utf-16-le")})
    _, rows, _ = read_history(path)
    assert [(r.title, r.year) for r in rows] == [("Amélie", 2001)]


def test_history_report_never_echoes_huge_or_raw_titles(cat, tmp_path):
    path = tmp_path / "mine.csv"
    path.write_text("title,year\n" + "x" * 900_000 + ",2001\nEvil\x1b[2J title,2002\n", encoding="utf-8")
    store = HistoryStore(tmp_path / "history.sqlite3")
    report = import_history(path, cat, store, fmt="csv")
    text = report.summary()
    assert len(text) < 3000 and "\x1b" not in text
    assert "longer than 500 characters" in text and "not in catalog" in text
    store.close()


def test_tmdb_api_details_with_hostile_numbers_never_overflow(cat):
    from movierec_gui.core.importers.tmdb_api import record_from_details

    details = {"id": 603, "title": "The Matrix", "release_date": "1999-03-31", "runtime": float("inf"),
               "vote_count": 1e30, "vote_average": float("nan"), "popularity": "1e400", "budget": True}
    record = record_from_details(details)
    assert record.runtime is None and record.vote_count is None and record.vote_average is None
    assert record.popularity is None and record.tmdb_id == 603
    report = cat.import_rows(iter([catalog_base.RowResult(1, record)]), "tmdb")
    assert report.added == 1
