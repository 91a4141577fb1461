"""What a home has fetched from TMDB, and the fetch in progress: ``<data>/tmdb/fetch-state.sqlite3``.

* ``fetched``: one row per film and language (when, and its poster file name), so a later
  fetch knows which films need no detail call;
* ``job``: the interrupted fetch, if any (its request key, the ids it lists, how far it got).

Each batch is recorded in one transaction after it was merged into the catalog, so a kill
leaves a true record: the catalog may hold a batch more than the state says, never less,
and the catalog merge makes repeating that batch an update, not a duplicate. Writes cost
the same however many films were fetched before (no file is rewritten whole).
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core.sqlite_store import SQLiteStore

_SCHEMA = """
CREATE TABLE IF NOT EXISTS fetched (
    api TEXT NOT NULL,
    tmdb_id INTEGER NOT NULL,
    language TEXT NOT NULL,
    fetched_at REAL NOT NULL,
    poster TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (api, tmdb_id, language)
);
CREATE TABLE IF NOT EXISTS job (
    api TEXT PRIMARY KEY,
    key TEXT NOT NULL,
    ids TEXT NOT NULL,
    done INTEGER NOT NULL,
    not_found TEXT NOT NULL,
    found TEXT NOT NULL
);
"""


@dataclass
class Job:
    """An interrupted (or running) fetch: the ids it lists and how many are done."""

    key: str
    ids: list[int]
    done: int = 0
    not_found: list[str] = field(default_factory=list)
    found: list[list[Any]] = field(default_factory=list)  # a history's films: [title, year, tmdb id]


@dataclass(frozen=True)
class Known:
    fetched_at: float
    poster: str


class FetchStateStore(SQLiteStore):
    """The fetch state of one home, for one API base (a stand-in's films are not TMDB's)."""

    def __init__(self, path: Path, api: str) -> None:
        super().__init__(path, _SCHEMA)
        self.api = api

    # ------------------------------------------------------------------ the job
    def job(self) -> Job | None:
        row = self._conn().execute(
            "SELECT key, ids, done, not_found, found FROM job WHERE api=?", (self.api,)
        ).fetchone()
        if row is None:
            return None
        try:
            return Job(row[0], [int(i) for i in json.loads(row[1])], int(row[2]), json.loads(row[3]),
                       json.loads(row[4]))
        except (ValueError, TypeError):
            return None

    def start_job(self, job: Job) -> None:
        con = self._conn()
        with con:
            con.execute(
                "INSERT OR REPLACE INTO job(api, key, ids, done, not_found, found) VALUES (?,?,?,?,?,?)",
                (self.api, job.key, json.dumps(job.ids), job.done, json.dumps(job.not_found), json.dumps(job.found)),
            )

    def advance(self, done: int, fetched: Iterable[tuple[int, str, str]] = ()) -> None:
        """Record films merged into the catalog (``(tmdb id, language, poster)``) and the job's progress."""
        now = time.time()
        con = self._conn()
        with con:
            con.executemany(
                "INSERT OR REPLACE INTO fetched(api, tmdb_id, language, fetched_at, poster) VALUES (?,?,?,?,?)",
                [(self.api, int(i), lang, now, poster) for i, lang, poster in fetched],
            )
            con.execute("UPDATE job SET done=? WHERE api=?", (int(done), self.api))

    def end_job(self) -> None:
        con = self._conn()
        with con:
            con.execute("DELETE FROM job WHERE api=?", (self.api,))

    # ------------------------------------------------------------------ what was fetched
    def known(self, ids: Iterable[int], language: str) -> dict[int, Known]:
        """The films among ``ids`` fetched before in ``language``."""
        ids = [int(i) for i in ids]
        out: dict[int, Known] = {}
        con = self._conn()
        for start in range(0, len(ids), 900):
            chunk = ids[start : start + 900]
            marks = ",".join("?" * len(chunk))
            rows = con.execute(
                f"SELECT tmdb_id, fetched_at, poster FROM fetched WHERE api=? AND language=? AND tmdb_id IN ({marks})",
                (self.api, language, *chunk),
            )
            for tmdb_id, fetched_at, poster in rows:
                out[int(tmdb_id)] = Known(float(fetched_at), str(poster or ""))
        return out
