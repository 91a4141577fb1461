"""One writer per home: an OS file lock held while a process changes the catalog or index.

Two processes indexing or importing into one home at once would trip over each other's
temporary files; SQLite alone serializes single statements, not whole jobs. The lock is
released by the OS when its process dies (no stale lock after a crash), and the file
names the holder's pid so the message can say who is busy. Readers never take it.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from .errors import KnownError
from .fsutil import make_private


class HomeBusyError(KnownError):
    """Another MovieRec process is writing to this home."""


def _try_lock(fh: IO[Any]) -> bool:
    if sys.platform == "win32":
        import msvcrt

        try:
            msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _unlock(fh: IO[Any]) -> None:
    if sys.platform == "win32":
        import msvcrt

        fh.seek(0)
        msvcrt.locking(fh.fileno(), msvcrt.LK_UNLCK, 1)
    else:
        import fcntl

        fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


class HomeLock:
    """The writer lock of one home folder: across processes (a file lock) and across this process's
    threads (re-entrant for the thread that holds it)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._threads = threading.RLock()
        self._fh: IO[Any] | None = None
        self._depth = 0
        self._doing = ""

    def holder(self) -> tuple[str, str]:
        """``(pid, what it is doing)`` of the process holding the lock, as it wrote them."""
        try:
            pid, _, what = self.path.read_text(encoding="utf-8").strip().partition(" ")
        except OSError:
            pid, what = "", ""
        return pid or "?", what or "writing"

    @contextmanager
    def hold(
        self, what: str, wait: float = 0.0, notify: Callable[[str], None] | None = None
    ) -> Iterator[None]:
        """Hold the lock while ``what`` ("indexing") runs; wait up to ``wait`` seconds for another writer, else fail."""
        if not (self._threads.acquire(True, wait) if wait > 0 else self._threads.acquire(False)):
            raise HomeBusyError(f"MovieRec is already {self._doing or 'writing'}; try again when it has finished.")
        try:
            if self._depth == 0:
                self._fh = self._lock_file(what, wait, notify)
                self._doing = what
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
                if self._depth == 0:
                    fh, self._fh, self._doing = self._fh, None, ""
                    if fh is not None:
                        self._unlock_file(fh)
        finally:
            self._threads.release()

    def _lock_file(self, what: str, wait: float, notify: Callable[[str], None] | None) -> IO[Any]:
        try:
            fh = open(self.path, "a+", encoding="utf-8")  # noqa: SIM115 - held open while locked
        except OSError as exc:
            raise HomeBusyError(f"Cannot take the writer lock {self.path}: {exc.strerror or exc}") from None
        make_private(self.path)
        deadline = time.monotonic() + wait
        told = False
        while not _try_lock(fh):
            pid, doing = self.holder()
            message = f"another MovieRec is already {doing} in this home (pid {pid})"
            if time.monotonic() >= deadline:
                fh.close()
                raise HomeBusyError(f"{message}; try again when it has finished.")
            if notify is not None and not told:
                notify(f"{message}; waiting…")
                told = True
            time.sleep(0.2)
        fh.seek(0)
        fh.truncate()
        fh.write(f"{os.getpid()} {what}\n")
        fh.flush()
        return fh

    @staticmethod
    def _unlock_file(fh: IO[Any]) -> None:
        try:
            fh.seek(0)
            fh.truncate()
            _unlock(fh)
        finally:
            fh.close()
