"""A damaged database never blocks the history: detect, move aside, rebuild or restore, tell."""

from __future__ import annotations

import csv
import os
import subprocess
import sys

from tests.history.support import history_json, run
from tests.history.test_history_durable import write_tmdb


def smash(path, offset=None, size=8192):
    """Overwrite part of a file with bytes no SQLite page holds (the header too, unless ``offset``).

    Pages still in the write-ahead log are first written back (a connection left open by an
    earlier in-process command may not have done it yet), so the damage is what SQLite reads."""
    import gc
    import sqlite3

    gc.collect()
    con = sqlite3.connect(path)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    with open(path, "r+b") as fh:
        fh.seek(0 if offset is None else offset)
        fh.write(b"\xa5" * size)


def dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def add_some(home, capsys):
    for title, flag in (("Ex Machina", "--like"), ("Whale Rider", "--dislike"), ("The Witch", "--watchlist")):
        assert run(home, capsys, "history", "add", title, flag)[0] == 0


def test_garbage_catalog_is_moved_aside_rebuilt_and_export_works(home, capsys, tmp_path):
    add_some(home, capsys)
    smash(home / "catalog.sqlite3")
    out_file = tmp_path / "out.csv"
    code, _, err = run(home, capsys, "history", "export", str(out_file))
    assert code == 0, err
    assert "catalog database was damaged" in err and "catalog.sqlite3.damaged-" in err
    damaged = [p for p in home.iterdir() if p.name.startswith("catalog.sqlite3.damaged-")]
    assert len(damaged) == 1 and str(damaged[0]) in err
    rows = {r["title"]: r for r in csv.DictReader(out_file.open(encoding="utf-8"))}
    assert set(rows) == {"Ex Machina", "Whale Rider", "The Witch"}
    entries = history_json(home, capsys)
    assert all(e["in_catalog"] for e in entries.values())  # rebuilt from the starter bundle and re-linked


def test_rebuild_reimports_recorded_catalog_files(home, capsys, tmp_path):
    tmdb = write_tmdb(tmp_path / "tmdb.csv")
    assert run(home, capsys, "catalog", "import", str(tmdb), "--format", "tmdb")[0] == 0
    assert run(home, capsys, "history", "add", "A Film Only Tmdb Has", "--like")[0] == 0
    smash(home / "catalog.sqlite3")
    code, _, err = run(home, capsys, "history", "list", "--json")
    assert code == 0 and "1 imported file" in err
    entries = history_json(home, capsys)
    assert entries["A Film Only Tmdb Has"]["in_catalog"]


def test_damaged_history_is_restored_from_newest_good_snapshot(home, capsys):
    add_some(home, capsys)
    from movierec_gui.services import Services

    Services(home).history_snapshot("manual")
    assert run(home, capsys, "history", "add", "Under the Skin", "--like")[0] == 0  # after the snapshot
    smash(home / "history.sqlite3")
    code, out, err = run(home, capsys, "history", "list")
    assert code == 0, err
    assert "history database was damaged" in err and "history.sqlite3.damaged-" in err
    assert "restored from the snapshot" in err and "(3 entries)" in err
    assert "Ex Machina" in out and "Under the Skin" not in out


def test_unclean_shutdown_runs_quick_check_and_catches_page_damage(home, capsys, tmp_path):
    add_some(home, capsys)
    size = (home / "catalog.sqlite3").stat().st_size
    smash(home / "catalog.sqlite3", offset=size // 2, size=65536)  # pages, not the header: opening still works
    (home / "running").mkdir(exist_ok=True)
    (home / "running" / str(dead_pid())).touch()  # a process that died without cleaning up
    code, _, err = run(home, capsys, "history", "export", str(tmp_path / "h.csv"))
    assert code == 0, err
    assert "catalog database was damaged" in err
    assert not any(p.name != str(os.getpid()) for p in (home / "running").iterdir())


def test_damaged_catalog_pages_without_marker_still_export(home, capsys, tmp_path):
    """Damage nobody noticed yet: the history still exports, using the titles stored with it."""
    add_some(home, capsys)
    size = (home / "catalog.sqlite3").stat().st_size
    smash(home / "catalog.sqlite3", offset=4096, size=size - 4096)
    out_file = tmp_path / "h.csv"
    code, _, err = run(home, capsys, "history", "export", str(out_file))
    assert code == 0, err
    titles = {r["title"] for r in csv.DictReader(out_file.open(encoding="utf-8"))}
    assert titles == {"Ex Machina", "Whale Rider", "The Witch"}


def test_the_app_hears_about_damage_found_before_its_window_existed(home, capsys):
    """The GUI hooks its notifier after ``Services`` opened the home: the notice is repeated to it."""
    from movierec_gui.services import Services

    smash(home / "catalog.sqlite3")
    services = Services(home)  # no notifier yet (the window is built after)
    heard: list[str] = []
    services.set_notifier(lambda message, action=None: heard.append(message))
    assert len(heard) == 1 and "catalog database was damaged" in heard[0] and ".damaged-" in heard[0]
    services.set_notifier(lambda message, action=None: heard.append(message))
    assert len(heard) == 1  # told once
