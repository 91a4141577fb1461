"""The SQLite plumbing the catalog and the history share: one connection per thread, WAL.

WAL lets readers run while a writer writes (readers never block); a busy timeout makes a
second writer wait its turn instead of failing with "database is locked". Database
files are private to their owner (SQLite gives its -wal/-shm files the same mode).
"""

from __future__ import annotations

import os
import sqlite3
import threading
from pathlib import Path

from .fsutil import PRIVATE_FILE, make_private

#: How long a writer waits for another one before SQLite gives up (milliseconds).
BUSY_TIMEOUT_MS = 30_000


class SQLiteStore:
    """A database file opened lazily per thread; writers are serialized by SQLite itself."""

    def __init__(self, path: Path, schema: str) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if not self.path.exists():
            os.close(os.open(self.path, os.O_CREAT | os.O_WRONLY, PRIVATE_FILE))  # SQLite copies its mode
        for side in (self.path, *(self.path.with_name(self.path.name + s) for s in ("-wal", "-shm"))):
            if side.exists():
                make_private(side)
        self._local = threading.local()
        with self._conn() as con:
            con.executescript(schema)

    def _conn(self) -> sqlite3.Connection:
        con = getattr(self._local, "con", None)
        if con is None:
            con = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000)
            con.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            con.execute("PRAGMA journal_mode=WAL")
            con.execute("PRAGMA synchronous=NORMAL")
            con.execute("PRAGMA foreign_keys=ON")
            self._local.con = con
        return con

    def close(self) -> None:
        con = getattr(self._local, "con", None)
        if con is not None:
            con.close()
            self._local.con = None
