"""One writer per home, private files, spreadsheet-safe CSVs, exports only to regular files."""

from __future__ import annotations

import csv
import os
import stat
import subprocess
import sys
import textwrap

import pytest

from tests.history.support import history_json, run
from tests.history.test_history_durable import write_tmdb

HOLD_LOCK = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from movierec_gui.core.home_lock import HomeLock
    lock = HomeLock(Path(sys.argv[1]) / "writer.lock")
    with lock.hold("indexing"):
        print("held", flush=True)
        time.sleep(float(sys.argv[2]))
    """
)


@pytest.fixture
def other_writer(home):
    """Another process holding the home's writer lock (as a long ``index`` would)."""
    proc = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(home), "30"], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "held"
    yield proc
    proc.kill()
    proc.wait()


def test_second_writer_gets_a_clear_message_and_readers_never_block(home, capsys, tmp_path, other_writer):
    code, _, err = run(home, capsys, "catalog", "import", str(write_tmdb(tmp_path / "t.csv")), "--format", "tmdb")
    assert code == 1
    assert f"another MovieRec is already indexing in this home (pid {other_writer.pid})" in err
    assert "waiting" in err and "try again" in err and "Traceback" not in err
    # Reading and small history edits go on meanwhile.
    assert run(home, capsys, "history", "add", "Ex Machina", "--like")[0] == 0
    assert "Ex Machina" in history_json(home, capsys)
    assert run(home, capsys, "history", "export", str(tmp_path / "h.csv"))[0] == 0


def test_lock_is_released_when_its_holder_dies(home, capsys, tmp_path, other_writer):
    other_writer.kill()
    other_writer.wait()
    code, _, err = run(home, capsys, "catalog", "import", str(write_tmdb(tmp_path / "t.csv")), "--format", "tmdb")
    assert code == 0, err


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX modes")
def test_home_and_its_files_are_private(home, capsys, tmp_path):
    fresh = tmp_path / "fresh-home"
    assert run(fresh, capsys, "history", "add", "Ex Machina", "--like")[0] == 0
    assert run(fresh, capsys, "history", "clear", "--yes")[0] == 0
    for path in [fresh, *fresh.rglob("*")]:
        mode = stat.S_IMODE(path.stat().st_mode)
        want = 0o700 if path.is_dir() else 0o600
        assert mode & 0o077 == 0, (path, oct(mode))
        assert mode == want or path.is_file(), (path, oct(mode))


def test_exported_and_unmatched_csv_cells_cannot_become_formulas(home, capsys, tmp_path):
    films = tmp_path / "films.csv"
    with open(films, "w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(["title", "year", "overview"])
        out.writerow(['=HYPERLINK("http://example.invalid","x")', 2001, "A film with a hostile title."])
        out.writerow(["@SUM(1+1)", 2002, "Another one."])
    assert run(home, capsys, "catalog", "import", str(films), "--format", "csv")[0] == 0
    assert run(home, capsys, "history", "add", '=HYPERLINK("http://example.invalid","x")', "--like")[0] == 0
    assert run(home, capsys, "history", "add", "@SUM(1+1)")[0] == 0
    export = tmp_path / "export.csv"
    assert run(home, capsys, "history", "export", str(export))[0] == 0
    titles = [r["title"] for r in csv.DictReader(export.open(encoding="utf-8"))]
    assert sorted(titles) == ["'=HYPERLINK(\"http://example.invalid\",\"x\")", "'@SUM(1+1)"]

    # The exported file imports back to the same films (the guard quote is ours and is removed).
    assert run(home, capsys, "history", "clear", "--yes")[0] == 0
    code, _, err = run(home, capsys, "history", "import", str(export), "--format", "csv")
    assert code == 0, err
    assert set(history_json(home, capsys)) == {'=HYPERLINK("http://example.invalid","x")', "@SUM(1+1)"}

    # Rows the import could not place go to a file people open in a spreadsheet: guarded too.
    hostile = tmp_path / "hostile.csv"
    hostile.write_text('title,year,rating\n"-2+3+cmd|\' /C calc\'!A0",1999,4\n"+SUM(A1)",1999,3\n', encoding="utf-8")
    code, _, err = run(home, capsys, "history", "import", str(hostile), "--json")
    assert code == 0, err
    unmatched = home / "imports" / "hostile-unmatched.csv"
    cells = [r["title"] for r in csv.DictReader(unmatched.open(encoding="utf-8"))]
    assert cells == ["'-2+3+cmd|' /C calc'!A0", "'+SUM(A1)"]


def test_export_refuses_folders_devices_and_missing_folders(home, capsys, tmp_path):
    assert run(home, capsys, "history", "add", "Ex Machina", "--like")[0] == 0
    code, _, err = run(home, capsys, "history", "export", str(tmp_path))
    assert code == 1 and "is a folder" in err and "Traceback" not in err
    code, _, err = run(home, capsys, "history", "export", str(tmp_path / "nowhere" / "h.csv"))
    assert code == 1 and "does not exist" in err
    if os.path.exists("/dev/null"):
        code, _, err = run(home, capsys, "history", "export", "/dev/null")
        assert code == 1 and "not a regular file" in err
        assert stat.S_ISCHR(os.stat("/dev/null").st_mode)  # the device is still a device
    target = tmp_path / "h.csv"
    target.write_text("old content\n", encoding="utf-8")
    assert run(home, capsys, "history", "export", str(target))[0] == 0
    assert target.read_text(encoding="utf-8").startswith("movie_id,title")
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".h.csv.")]  # no temp file left


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="root may write anywhere")
def test_export_to_unwritable_folder_is_one_line(home, capsys, tmp_path):
    assert run(home, capsys, "history", "add", "Ex Machina", "--like")[0] == 0
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        code, _, err = run(home, capsys, "history", "export", str(locked / "h.csv"))
    finally:
        locked.chmod(0o700)
    assert code == 1 and "Cannot write" in err and "Traceback" not in err


def test_writer_lock_serializes_threads_of_one_process(tmp_path):
    import threading

    from movierec_gui.core.home_lock import HomeBusyError, HomeLock

    lock = HomeLock(tmp_path / "writer.lock")
    inside, release = threading.Event(), threading.Event()

    def long_job() -> None:
        with lock.hold("indexing"), lock.hold("indexing, nested"):  # re-entrant in its own thread
            inside.set()
            release.wait(10)

    worker = threading.Thread(target=long_job)
    worker.start()
    assert inside.wait(10)
    with pytest.raises(HomeBusyError, match="already indexing"), lock.hold("importing films", wait=0.2):
        pass
    release.set()
    worker.join(10)
    with lock.hold("importing films"):  # free again, and the file lock with it
        assert lock.holder()[1] == "importing films"
