"""Rotated snapshots of the history database (Anki's collection backups, for one file).

A snapshot is a consistent copy made with SQLite's online backup API, taken before
every destructive operation (clear, catalog reset, restore, a big import) and once a
day; the newest ``keep`` of each kind are kept. ``restore`` copies a snapshot back into
the live file (after snapshotting the current state, so a restore can be undone too).
"""

from __future__ import annotations

import re
import sqlite3
import time
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from .errors import KnownError, NotFoundError, UserInputError
from .fsutil import make_private, private_dir

_NAME = re.compile(r"^history-(\d{8}T\d{6})-(\d{6})-([a-z0-9-]+)\.sqlite3$")
DAILY = "daily"
#: Snapshots kept per kind (daily ones, and those taken before an operation).
KEEP_DAILY, KEEP_OPERATIONS = 10, 20


class SnapshotError(KnownError):
    """A snapshot could not be saved (disk full, folder not writable); the operation it guards is not run."""


@dataclass(frozen=True)
class Snapshot:
    path: Path
    taken_at: float
    reason: str

    @property
    def name(self) -> str:
        return self.path.name

    def entries(self) -> int | None:
        """How many history entries the snapshot holds (``None`` if it cannot be read)."""
        try:
            with _open_ro(self.path) as con:
                return int(con.execute("SELECT count(*) FROM history").fetchone()[0])
        except sqlite3.Error:
            return None

    def is_good(self) -> bool:
        return quick_check(self.path) and self.entries() is not None


def quick_check(path: Path) -> bool:
    """SQLite's ``PRAGMA quick_check`` on ``path`` (False for a file that is not a sound database)."""
    try:
        with _open_ro(path) as con:
            rows = con.execute("PRAGMA quick_check").fetchall()
    except sqlite3.Error:
        return False
    return rows == [("ok",)]


def _open_ro(path: Path) -> closing[sqlite3.Connection]:
    return closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=10))


class Snapshots:
    """The snapshot folder of one history database."""

    def __init__(self, folder: Path, db: Path) -> None:
        self.folder = Path(folder)
        self.db = Path(db)

    def list(self) -> list[Snapshot]:
        """Every snapshot, newest first."""
        if not self.folder.is_dir():
            return []
        found = []
        for p in self.folder.iterdir():
            m = _NAME.match(p.name)
            if m:
                stamp = time.mktime(time.strptime(m.group(1), "%Y%m%dT%H%M%S")) + int(m.group(2)) / 1e6
                found.append(Snapshot(p, stamp, m.group(3)))
        return sorted(found, key=lambda s: s.taken_at, reverse=True)

    def find(self, name: str) -> Snapshot:
        """The snapshot named ``name`` (its file name, or a unique prefix of it)."""
        snaps = self.list()
        exact = [s for s in snaps if s.name == name or s.path == Path(name)]
        matches = exact or [s for s in snaps if s.name.startswith(name)]
        if len(matches) == 1:
            return matches[0]
        if not matches:
            raise NotFoundError(f"No history snapshot named {name!r}; `movierec history restore` lists them.")
        raise UserInputError(f"{len(matches)} snapshots start with {name!r}; give more of the name.")

    def take(self, reason: str) -> Snapshot | None:
        """Copy the history now (``None`` when there is no history file yet)."""
        if not self.db.exists():
            return None
        now = time.time()
        slug = re.sub(r"[^a-z0-9]+", "-", reason.lower()).strip("-") or "manual"
        name = f"history-{time.strftime('%Y%m%dT%H%M%S', time.localtime(now))}-{int(now % 1 * 1e6):06d}-{slug}.sqlite3"
        path = self.folder / name
        tmp = path.with_suffix(".tmp")
        try:
            private_dir(self.folder)
            with closing(sqlite3.connect(self.db, timeout=30)) as src, closing(sqlite3.connect(tmp)) as dst:
                src.backup(dst)
            make_private(tmp)
            tmp.replace(path)
        except (OSError, sqlite3.Error) as exc:
            if self.folder.is_dir():
                tmp.unlink(missing_ok=True)
            reason_text = getattr(exc, "strerror", None) or str(exc)
            raise SnapshotError(
                f"Could not save a snapshot of your history in {self.folder} ({reason_text}); nothing was changed."
            ) from None
        self._rotate()
        return Snapshot(path, now, slug)

    def take_daily(self) -> Snapshot | None:
        """A snapshot if none of the daily kind was taken in the last 24 hours."""
        daily = [s for s in self.list() if s.reason == DAILY]
        if daily and time.time() - daily[0].taken_at < 86400:
            return None
        return self.take(DAILY)

    def newest_good(self) -> Snapshot | None:
        return next((s for s in self.list() if s.is_good()), None)

    def restore(self, snapshot: Snapshot) -> Snapshot | None:
        """Copy ``snapshot`` over the live history; returns the snapshot taken of what it replaced."""
        if not snapshot.is_good():
            raise UserInputError(f"The snapshot {snapshot.name} is damaged; pick another one.")
        before = self.take("before-restore") if self.db.exists() and quick_check(self.db) else None
        self.copy_into_live(snapshot.path)
        return before

    def copy_into_live(self, source: Path) -> None:
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            dst = sqlite3.connect(self.db, timeout=30)
            try:
                src.backup(dst)
            finally:
                dst.close()
        finally:
            src.close()
        make_private(self.db)

    def _rotate(self) -> None:
        snaps = self.list()
        daily = [s for s in snaps if s.reason == DAILY]
        other = [s for s in snaps if s.reason != DAILY]
        for s in daily[KEEP_DAILY:] + other[KEEP_OPERATIONS:]:
            try:
                s.path.unlink()
            except OSError:
                pass
