"""Destructive commands ask first and can be undone: snapshots, restore, undo-import, refusals."""

from __future__ import annotations

import csv
import sqlite3

from tests.history.support import history_json, run


def starter_titles(home, n, offset=0):
    con = sqlite3.connect(home / "catalog.sqlite3")
    try:
        return con.execute(
            "SELECT title, year FROM movies WHERE year IS NOT NULL GROUP BY norm_title HAVING count(*) = 1 "
            "ORDER BY id LIMIT ? OFFSET ?",
            (n, offset),
        ).fetchall()
    finally:
        con.close()


def write_history(path, films, rating="4"):
    with open(path, "w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(["title", "year", "rating", "watched_date"])
        for title, year in films:
            out.writerow([title, year, rating, "2024-05-01"])
    return path


def test_history_clear_asks_snapshots_and_restores(home, capsys):
    for title in ("Ex Machina", "The Witch", "Whale Rider"):
        assert run(home, capsys, "history", "add", title, "--like")[0] == 0
    code, _, err = run(home, capsys, "history", "clear")
    assert code == 1 and "--yes" in err and "not cleared" in err
    assert len(history_json(home, capsys)) == 3

    assert run(home, capsys, "history", "clear", "--yes")[0] == 0
    assert history_json(home, capsys) == {}

    code, out, _ = run(home, capsys, "history", "restore")
    assert code == 0
    line = next(ln for ln in out.splitlines() if "before-clear" in ln)
    name = line.split()[0]
    assert "3 entries" in line

    code, _, err = run(home, capsys, "history", "restore", name)
    assert code == 1 and "--yes" in err  # asks first
    code, _, err = run(home, capsys, "history", "restore", name, "--yes")
    assert code == 0, err
    assert set(history_json(home, capsys)) == {"Ex Machina", "The Witch", "Whale Rider"}
    assert "kept as" in err  # the emptied history was snapshotted too: the restore is undoable

    code, _, err = run(home, capsys, "history", "restore", "history-1999", "--yes")
    assert code == 1 and "No history snapshot named" in err


def test_undo_import_puts_back_exactly_what_the_import_changed(home, capsys, tmp_path):
    assert run(home, capsys, "history", "add", "Ex Machina", "--rating", "2")[0] == 0
    films = [*starter_titles(home, 5), ("Ex Machina", 2014)]
    path = write_history(tmp_path / "mine.csv", films, rating="5")
    code, _, err = run(home, capsys, "history", "import", str(path))
    assert code == 0, err
    entries = history_json(home, capsys)
    assert len(entries) == 6 and entries["Ex Machina"]["rating"] == 5

    code, _, err = run(home, capsys, "history", "undo-import", "--yes")
    assert code == 0, err
    assert "6 entries put back" in err  # 5 added ones removed, 1 rating restored
    entries = history_json(home, capsys)
    assert list(entries) == ["Ex Machina"] and entries["Ex Machina"]["rating"] == 2

    code, _, err = run(home, capsys, "history", "undo-import", "--yes")
    assert code == 1 and "no history import to undo" in err


def test_undo_keeps_entries_changed_after_the_import(home, capsys, tmp_path):
    films = starter_titles(home, 3)
    assert run(home, capsys, "history", "import", str(write_history(tmp_path / "h.csv", films)))[0] == 0
    title, year = films[0]
    assert run(home, capsys, "history", "add", title, "--year", str(year), "--dislike")[0] == 0
    code, _, err = run(home, capsys, "history", "undo-import", "--yes")
    assert code == 0 and "1 entries changed since were kept" in err
    entries = history_json(home, capsys)
    assert list(entries) == [title] and entries[title]["kind"] == "disliked"


def test_catalog_csv_is_not_imported_as_history(home, capsys, tmp_path):
    path = tmp_path / "films.csv"
    with open(path, "w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(["title", "year", "genres", "overview", "runtime"])
        for title, year in starter_titles(home, 20):
            out.writerow([title, year, "Drama", "Someone does something.", 100])
    code, _, err = run(home, capsys, "history", "import", str(path))
    assert code == 1
    assert "looks like a film catalog" in err and "catalog import" in err
    assert history_json(home, capsys) == {}


def test_big_import_needs_confirmation(home, capsys, tmp_path):
    films = starter_titles(home, 230)
    assert len(films) == 230
    path = write_history(tmp_path / "big.csv", films)
    code, _, err = run(home, capsys, "history", "import", str(path))
    assert code == 1
    assert "adds 230" in err and "--yes" in err and "history is unchanged" in err
    assert history_json(home, capsys) == {}
    code, _, err = run(home, capsys, "history", "import", str(path), "--yes")
    assert code == 0, err
    assert len(history_json(home, capsys)) == 230


def test_snapshots_rotate(home, capsys):
    from movierec_gui.core import snapshots
    from movierec_gui.services import Services

    services = Services(home)
    services.history_add("Ex Machina", kind="liked")
    for _ in range(snapshots.KEEP_OPERATIONS + 5):
        services.history_snapshot("manual")
    snaps = services.history_snapshots()
    assert len([s for s in snaps if s.reason != snapshots.DAILY]) == snapshots.KEEP_OPERATIONS
    assert len([s for s in snaps if s.reason == snapshots.DAILY]) == 1
    assert all(s.entries() == 1 for s in snaps if s.reason == "manual")


def test_damaged_snapshot_is_refused_and_the_history_kept(home, capsys):
    assert run(home, capsys, "history", "add", "Ex Machina", "--like")[0] == 0
    assert run(home, capsys, "history", "clear", "--yes")[0] == 0
    assert run(home, capsys, "history", "add", "The Witch", "--like")[0] == 0
    snap = next((home / "snapshots").glob("*before-clear*"))
    snap.write_bytes(b"not a database" * 100)
    code, out, _ = run(home, capsys, "history", "restore")
    assert code == 0 and "damaged" in next(ln for ln in out.splitlines() if "before-clear" in ln)
    code, _, err = run(home, capsys, "history", "restore", snap.name, "--yes")
    assert code == 1 and "is damaged; pick another one" in err
    assert list(history_json(home, capsys)) == ["The Witch"]


def test_no_snapshot_no_destruction_and_reading_goes_on(home, capsys):
    """When a snapshot cannot be saved (here the snapshot folder is a file; a full disk is alike),
    destructive commands refuse and change nothing, and reading still works."""
    import shutil

    assert run(home, capsys, "history", "add", "Ex Machina", "--like")[0] == 0
    shutil.rmtree(home / "snapshots")
    (home / "snapshots").write_text("in the way", encoding="utf-8")
    code, _, err = run(home, capsys, "history", "clear", "--yes")
    assert code == 1 and "Could not save a snapshot of your history" in err and "nothing was changed" in err
    assert "Traceback" not in err
    code, _, err = run(home, capsys, "catalog", "reset", "--starter", "--yes")
    assert code == 1 and "nothing was changed" in err
    assert list(history_json(home, capsys)) == ["Ex Machina"]
