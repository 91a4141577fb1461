"""A real kill (SIGKILL) in the middle of ``movierec catalog fetch tmdb``, then a resume."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from movierec_gui.services import Services

pytestmark = pytest.mark.contract


def job_done(state_file: Path) -> int:
    """How far the fetch in progress got, as its state database says (0 before it exists)."""
    if not state_file.exists():
        return 0
    try:
        con = sqlite3.connect(f"file:{state_file}?mode=ro", uri=True, timeout=5)
        try:
            row = con.execute("SELECT done FROM job").fetchone()
        finally:
            con.close()
    except sqlite3.Error:
        return 0
    return int(row[0]) if row else 0


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_kill_mid_fetch_then_resume_has_no_duplicates(tmdb_env, tmp_path):
    home = Path(os.environ["MOVIEREC_HOME"])
    (home / "settings.json").write_text(json.dumps({"tmdb_rate": 80}), encoding="utf-8")
    state_file = home / "tmdb" / "fetch-state.sqlite3"
    proc = subprocess.Popen(
        [sys.executable, "-m", "movierec_gui", "catalog", "fetch", "tmdb", "--limit", "200", "--yes"],
        env=os.environ.copy(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        while job_done(state_file) < 50 and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        assert proc.poll() is None, f"the fetch ended before it could be killed: {proc.stderr.read().decode()}"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(10)
    finally:
        if proc.poll() is None:
            proc.kill()
    killed_at = job_done(state_file)
    assert 50 <= killed_at < 200
    calls_before = sum(tmdb_env.detail_calls().values())

    (home / "settings.json").write_text(json.dumps({"tmdb_rate": 1000}), encoding="utf-8")
    s = Services()
    report = s.fetch_tmdb(s.tmdb_request("list", limit=200))
    assert report.resumed
    assert s.film_count() == 200
    con = sqlite3.connect(home / "catalog.sqlite3")
    dupes = con.execute("SELECT count(*) FROM (SELECT tmdb_id FROM movies GROUP BY tmdb_id HAVING count(*) > 1)")
    assert dupes.fetchone()[0] == 0
    con.close()
    # The resumed run fetched what was left (plus at most the one batch the kill interrupted).
    resumed_calls = sum(tmdb_env.detail_calls().values()) - calls_before
    assert 200 - killed_at <= resumed_calls <= 200 - killed_at + 25 + (calls_before - killed_at)
    assert max(tmdb_env.detail_calls().values()) <= 2
    # Posters lost with the kill are fetched by the resumed run; a further re-fetch changes nothing.
    assert len(list((home / "posters" / "tmdb").glob("*.jpg"))) == 180
    revision = s._catalog.revision
    again = s.fetch_tmdb(s.tmdb_request("list", limit=200))
    assert (again.added, again.updated, again.posters) == (0, 0, 0) and s._catalog.revision == revision
