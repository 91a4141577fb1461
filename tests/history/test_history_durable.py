"""The history survives the catalog: durable identity, re-linking, merging, no orphaning.

Homes are built from the shipped starter catalog (no ../shared); a small TMDB-format
CSV written here brings four starter films again under years one apart.
"""

from __future__ import annotations

import csv

from tests.history.support import film_count, history_json, run

#: Films the starter catalog has, as TMDB dates them (festival vs release year), and one it lacks.
TMDB_ROWS = [
    (264660, "Ex Machina", "2015-01-21", 108),
    (97370, "Under the Skin", "2014-03-14", 108),
    (1088, "Whale Rider", "2003-01-30", 101),
    (310131, "The Witch", "2016-02-19", 92),
    (990001, "A Film Only Tmdb Has", "2011-05-01", 95),
]


def write_tmdb(path):
    with open(path, "w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(["id", "title", "overview", "genres", "release_date", "runtime", "vote_count"])
        for tmdb_id, title, date, runtime in TMDB_ROWS:
            out.writerow([tmdb_id, title, f"A test description of {title}.", "[]", date, runtime, 100])
    return path


def test_tmdb_merges_starter_films_a_year_apart(home, capsys, tmp_path):
    before = film_count(home)
    code, _, err = run(home, capsys, "catalog", "import", str(write_tmdb(tmp_path / "tmdb.csv")), "--format", "tmdb")
    assert code == 0, err
    assert "4 merged" in err
    assert film_count(home) == before + 1  # only the film the starter lacks is new
    import sqlite3

    con = sqlite3.connect(home / "catalog.sqlite3")
    for title in ("Ex Machina", "Under the Skin", "Whale Rider", "The Witch"):
        rows = con.execute("SELECT year, tmdb_id FROM movies WHERE title=?", (title,)).fetchall()
        assert len(rows) == 1 and rows[0][1] is not None, (title, rows)
    con.close()


def test_catalog_reset_and_reimport_never_orphan_history(home, capsys, tmp_path):
    tmdb = write_tmdb(tmp_path / "tmdb.csv")
    assert run(home, capsys, "catalog", "import", str(tmdb), "--format", "tmdb")[0] == 0
    assert run(home, capsys, "history", "add", "Ex Machina", "--like")[0] == 0
    assert run(home, capsys, "history", "add", "Whale Rider", "--rating", "4")[0] == 0
    assert run(home, capsys, "history", "add", "A Film Only Tmdb Has", "--rating", "3.5")[0] == 0

    # Not confirmed without a terminal: refused, nothing removed.
    code, _, err = run(home, capsys, "catalog", "reset")
    assert code == 1 and "--yes" in err
    assert film_count(home) > 3000

    code, _, err = run(home, capsys, "catalog", "reset", "--yes")
    assert code == 0, err
    entries = history_json(home, capsys)
    assert set(entries) == {"Ex Machina", "Whale Rider", "A Film Only Tmdb Has"}
    assert entries["Ex Machina"]["in_catalog"] and entries["Whale Rider"]["in_catalog"]  # starter films stay
    gone = entries["A Film Only Tmdb Has"]
    assert not gone["in_catalog"] and gone["year"] == 2011 and gone["rating"] == 3.5
    _, out, _ = run(home, capsys, "history", "list")
    assert "A Film Only Tmdb Has (2011) — not in the catalog now" in out

    # Exported with title and year, so the file imports back anywhere.
    export = tmp_path / "export.csv"
    assert run(home, capsys, "history", "export", str(export))[0] == 0
    rows = {r["title"]: r for r in csv.DictReader(export.open(encoding="utf-8"))}
    assert rows["A Film Only Tmdb Has"]["year"] == "2011" and rows["A Film Only Tmdb Has"]["tmdb_id"] == "990001"

    # It can still be removed by its title (and brought back from the newest snapshot).
    code, _, err = run(home, capsys, "history", "remove", "A Film Only Tmdb Has")
    assert code == 0 and "removed" in err
    assert "A Film Only Tmdb Has" not in history_json(home, capsys)
    newest = run(home, capsys, "history", "restore")[1].split()[0]
    assert run(home, capsys, "history", "restore", newest, "--yes")[0] == 0
    assert not history_json(home, capsys)["A Film Only Tmdb Has"]["in_catalog"]

    # The film comes back: the entry re-links by its TMDB id.
    assert run(home, capsys, "catalog", "import", str(tmdb), "--format", "tmdb")[0] == 0
    entries = history_json(home, capsys)
    assert entries["A Film Only Tmdb Has"]["in_catalog"] and entries["A Film Only Tmdb Has"]["rating"] == 3.5

    # Refreshing the starter films keeps every link.
    assert run(home, capsys, "catalog", "reset", "--starter", "--yes")[0] == 0
    entries = history_json(home, capsys)
    assert entries["Ex Machina"]["in_catalog"] and entries["Ex Machina"]["kind"] == "liked"
    assert entries["Whale Rider"]["in_catalog"] and entries["Whale Rider"]["rating"] == 4


def test_rebuilt_catalog_with_new_ids_relinks_by_identity(home, capsys):
    """A catalog rebuilt from scratch gives films other ids; entries follow their films, not the ids."""
    import sqlite3

    assert run(home, capsys, "history", "add", "The Witch", "--like")[0] == 0
    con = sqlite3.connect(home / "catalog.sqlite3")
    old_id = con.execute("SELECT id FROM movies WHERE title='The Witch'").fetchone()[0]
    # Shift every id: the same films, new rows (what a rebuild from other sources does).
    with con:
        con.execute("UPDATE movies SET id = id + 100000")
        con.execute("UPDATE movie_sources SET movie_id = movie_id + 100000")
        con.execute("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key='revision'")
    con.close()
    entries = history_json(home, capsys)
    assert entries["The Witch"]["in_catalog"] and entries["The Witch"]["id"] == old_id + 100000


def test_legacy_history_is_migrated_in_place(home, capsys):
    """A history file from before identities gains them on open, keeping every entry."""
    import sqlite3

    assert run(home, capsys, "history", "add", "Ex Machina", "--rating", "5")[0] == 0
    db = home / "history.sqlite3"
    con = sqlite3.connect(db)
    with con:
        rows = con.execute("SELECT movie_id, kind, rating, watched_at, rated_at, source, added_at, seq FROM history")
        saved = rows.fetchall()
        for table in ("history", "batches", "batch_rows", "history_meta"):
            con.execute(f"DROP TABLE {table}")
        con.execute(
            "CREATE TABLE history (movie_id INTEGER PRIMARY KEY, kind TEXT NOT NULL, rating REAL, watched_at REAL, "
            "rated_at REAL, source TEXT NOT NULL DEFAULT 'manual', added_at REAL NOT NULL, seq INTEGER NOT NULL)"
        )
        con.executemany("INSERT INTO history VALUES (?,?,?,?,?,?,?,?)", saved)
    con.close()
    entries = history_json(home, capsys)
    assert entries["Ex Machina"]["rating"] == 5 and entries["Ex Machina"]["in_catalog"]
    con = sqlite3.connect(db)
    assert con.execute("SELECT film_key, title, year FROM history").fetchone() == ("title:ex machina|2014",
                                                                                    "Ex Machina", 2014)
    con.close()


def test_duplicate_films_left_by_older_versions_merge_with_their_history(home, capsys):
    """A home made before merging had Ex Machina twice (2014 starter, 2015 TMDB), each with an entry:
    once the duplicate goes, its entry joins the starter film's instead of being lost."""
    import sqlite3

    assert run(home, capsys, "history", "add", "Ex Machina", "--year", "2014")[0] == 0
    con = sqlite3.connect(home / "catalog.sqlite3")
    with con:
        cur = con.execute(
            "INSERT INTO movies(title, norm_title, year, tmdb_id, source, updated_at) "
            "VALUES ('Ex Machina', 'ex machina', 2015, 264660, 'tmdb', 0)"
        )
        dup = cur.lastrowid
        con.execute("INSERT INTO movie_sources VALUES ('tmdb', '264660', ?)", (dup,))
        con.execute("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key='revision'")
    con.close()
    from movierec_gui.services import Services

    s = Services(home)
    s.rate(dup, 5.0)  # the rating lives on the duplicate
    assert s.history_count() == 2
    assert run(home, capsys, "catalog", "reset", "--yes")[0] == 0  # the TMDB duplicate goes
    entries = history_json(home, capsys)
    assert list(entries) == ["Ex Machina"]
    assert entries["Ex Machina"]["in_catalog"] and entries["Ex Machina"]["rating"] == 5
    assert entries["Ex Machina"]["year"] == 2014


def test_other_film_tables_in_the_history_file_follow_relinks(home, capsys, tmp_path):
    """A table another feature keeps beside the history (films marked "not interested") moves with it."""
    import sqlite3

    tmdb = write_tmdb(tmp_path / "tmdb.csv")
    assert run(home, capsys, "catalog", "import", str(tmdb), "--format", "tmdb")[0] == 0
    assert run(home, capsys, "history", "add", "A Film Only Tmdb Has", "--like")[0] == 0
    film = history_json(home, capsys)["A Film Only Tmdb Has"]["id"]
    con = sqlite3.connect(home / "history.sqlite3")
    with con:
        con.execute("CREATE TABLE not_interested (movie_id INTEGER PRIMARY KEY, at REAL)")
        con.execute("INSERT INTO not_interested VALUES (?, 1.0)", (film,))
    con.close()

    def marked():
        con = sqlite3.connect(home / "history.sqlite3")
        try:
            return [r[0] for r in con.execute("SELECT movie_id FROM not_interested")]
        finally:
            con.close()

    assert run(home, capsys, "catalog", "reset", "--yes")[0] == 0
    detached = history_json(home, capsys)["A Film Only Tmdb Has"]["id"]
    assert detached < 0 and marked() == [detached]
    assert run(home, capsys, "catalog", "import", str(tmdb), "--format", "tmdb")[0] == 0
    back = history_json(home, capsys)["A Film Only Tmdb Has"]["id"]
    assert back > 0 and back != film and marked() == [back]
