"""Noticing damage and putting it aside: unclean-shutdown markers, damaged files, catalog sources.

* ``RunMarkers``: each process that opens a home leaves ``running/<pid>``, removed on a
  clean exit. A marker whose process is gone means an unclean shutdown (crash, kill,
  power loss): the next start runs ``quick_check`` on the databases.
* ``move_aside``: a damaged database (with its ``-wal``/``-shm``) is renamed, never
  deleted, and the new name is told to the user.
* ``CatalogSources``: the catalog files the person imported, so a damaged catalog can be
  rebuilt from them (the starter catalog is always rebuilt from the bundle).
* ``open_catalog`` / ``open_history``: open a database, checking it after an unclean
  shutdown; a damaged catalog is rebuilt, a damaged history restored from the newest good
  snapshot. Each returns a one-line notice for the person when it had to repair.
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from .catalog import Catalog
from .errors import KnownError
from .fsutil import atomic_write_text, private_dir
from .history import HistoryStore, Identify
from .snapshots import Snapshots, quick_check

log = logging.getLogger(__name__)


def pid_alive(pid: int) -> bool:
    """Whether process ``pid`` still runs (never signals it)."""
    if pid <= 0:
        return False
    if sys.platform == "win32":
        import ctypes

        handle = ctypes.windll.kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        ctypes.windll.kernel32.CloseHandle(handle)
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class RunMarkers:
    """``<folder>/<pid>`` files: which processes have the home open."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self._mine: Path | None = None

    def enter(self) -> bool:
        """Leave our marker; True if a previous process ended without removing its own.

        A home where no marker can be written (read-only, disk full) still opens: it is
        just not checked after a crash.
        """
        try:
            return self._enter()
        except OSError as exc:
            log.warning("cannot leave a run marker in %s: %s", self.folder, exc)
            return False

    def _enter(self) -> bool:
        private_dir(self.folder)
        unclean = False
        for marker in self.folder.iterdir():
            try:
                pid = int(marker.name)
            except ValueError:
                continue
            if pid != os.getpid() and not pid_alive(pid):
                unclean = True
                marker.unlink(missing_ok=True)
        self._mine = self.folder / str(os.getpid())
        self._mine.touch(mode=0o600)
        return unclean

    def leave(self) -> None:
        if self._mine is not None:
            self._mine.unlink(missing_ok=True)
            self._mine = None


def move_aside(path: Path) -> Path:
    """Rename a damaged database (and its WAL/SHM files) to ``<name>.damaged-<time>``; returns the new path."""
    path = Path(path)
    target = path.with_name(f"{path.name}.damaged-{time.strftime('%Y%m%d-%H%M%S')}")
    n = 1
    while target.exists():
        n += 1
        target = target.with_name(f"{path.name}.damaged-{time.strftime('%Y%m%d-%H%M%S')}-{n}")
    for suffix in ("-wal", "-shm", "-journal"):
        side = path.with_name(path.name + suffix)
        if side.exists():
            side.replace(target.with_name(target.name + suffix))
    if path.exists():
        path.replace(target)
    return target


@dataclass(frozen=True)
class SourceFile:
    path: str
    format: str


class CatalogSources:
    """The list of catalog files imported into a home (a JSON file beside the catalog)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    def load(self) -> list[SourceFile]:
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return []
        if not isinstance(raw, list):
            return []
        return [
            SourceFile(str(r["path"]), str(r.get("format", "auto")))
            for r in raw
            if isinstance(r, dict) and "path" in r
        ]

    def record(self, path: Path, fmt: str) -> None:
        entry = SourceFile(str(Path(path).resolve()), fmt)
        known = [s for s in self.load() if s.path != entry.path]
        self._save([*known, entry])

    def clear(self) -> None:
        self._save([])

    def _save(self, sources: list[SourceFile]) -> None:
        atomic_write_text(self.path, json.dumps([s.__dict__ for s in sources], indent=1))


def open_catalog(
    path: Path, check: bool, starter_files: list[Path], sources: CatalogSources
) -> tuple[Catalog, str | None]:
    """The catalog (``quick_check``-ed if ``check``); a damaged file is moved aside and rebuilt from
    ``starter_files`` and the recorded ``sources``. Returns it and the notice to give, if any."""
    if not (path.exists() and check and not quick_check(path)):
        try:
            catalog = Catalog(path)
            catalog.count()
            return catalog, None
        except sqlite3.DatabaseError:
            pass
    from . import starter
    from .importers import reader_for

    damaged = move_aside(path)
    catalog = Catalog(path)
    if starter_files:
        starter.install(catalog, starter_files, force=True)
    again = 0
    for src in sources.load():
        try:
            source, rows = reader_for(src.format, Path(src.path))
            again += bool(catalog.import_rows(rows, source, src.path).imported)
        except (KnownError, OSError) as exc:
            log.warning("could not re-import %s: %s", src.path, exc)
    files = f" and {again} imported file{'s' * (again != 1)}" if again else ""
    return catalog, (
        f"The catalog database was damaged; it was moved to {damaged} and rebuilt from the starter catalog{files}."
    )


def open_history(
    path: Path, check: bool, snapshots: Snapshots, identify: Identify | None = None
) -> tuple[HistoryStore, str | None]:
    """The history (``quick_check``-ed if ``check``); a damaged file is moved aside and the newest
    good snapshot put in its place. Returns it and the notice to give, if any."""
    if not (path.exists() and check and not quick_check(path)):
        try:
            store = HistoryStore(path, identify=identify)
            store.count()
            return store, None
        except sqlite3.DatabaseError:
            pass
    damaged = move_aside(path)
    good = snapshots.newest_good()
    if good is not None:
        snapshots.copy_into_live(good.path)
        when = time.strftime("%Y-%m-%d %H:%M", time.localtime(good.taken_at))
        told = f"restored from the snapshot of {when} ({good.entries()} entries)"
    else:
        told = "no snapshot was found, so the history starts empty"
    notice = f"The history database was damaged; it was moved to {damaged} and {told}."
    return HistoryStore(path, identify=identify), notice
