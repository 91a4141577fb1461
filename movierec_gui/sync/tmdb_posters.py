"""Posters: the image server and size from TMDB's configuration, and a bounded background download."""

from __future__ import annotations

import logging
import queue
import re
import threading
import time
from collections.abc import Callable

from ..core.errors import NotFoundError
from ..core.posters import PosterStore
from .tmdb_client import TmdbClient

log = logging.getLogger(__name__)
Progress = Callable[[int, int, str], None]
#: The poster width asked for (the configuration endpoint lists what exists).
POSTER_SIZE = "w342"
#: Posters waiting for the download thread, at most (this bounds the memory they take).
POSTER_QUEUE = 64
#: After this many failures in a row the image server is taken for unreachable and the rest skipped.
GIVE_UP_AFTER = 8


def poster_base(client: TmdbClient) -> str:
    """``<secure base url><size>`` from the configuration endpoint (w342, or the nearest size)."""
    images = client.get("configuration").get("images") or {}
    base = str(images.get("secure_base_url") or images.get("base_url") or "")
    if not base:
        raise NotFoundError("TMDB's configuration names no image server.")
    sizes = [str(s) for s in images.get("poster_sizes") or []]
    size = POSTER_SIZE if POSTER_SIZE in sizes or not sizes else _nearest_size(sizes)
    return base.rstrip("/") + "/" + size


def _nearest_size(sizes: list[str]) -> str:
    widths = sorted((int(s[1:]), s) for s in sizes if re.fullmatch(r"w\d+", s))
    wanted = int(POSTER_SIZE[1:])
    larger = [s for w, s in widths if w >= wanted]
    return larger[0] if larger else (widths[-1][1] if widths else "original")


class PosterDownloader:
    """Downloads posters on one background thread; ``put`` blocks while the queue is full."""

    def __init__(self, client: TmdbClient, store: PosterStore, base: str, trim_every: int = 100) -> None:
        self._client, self._store, self._base = client, store, base
        self._queue: queue.Queue[tuple[int, str] | None] = queue.Queue(POSTER_QUEUE)
        self._stop = threading.Event()
        self.queued = self.done = self.failed = 0
        self.gave_up = ""  # why the remaining posters were skipped, if they were
        self._in_a_row = 0
        self._trim_every = trim_every
        self._thread = threading.Thread(target=self._run, name="tmdb-posters", daemon=True)
        self._thread.start()

    def put(self, tmdb_id: int, poster_path: str) -> None:
        if self._stop.is_set() or not poster_path or self._store.has_tmdb(tmdb_id):
            return
        self.queued += 1
        self._queue.put((tmdb_id, poster_path))

    def _run(self) -> None:
        while True:
            item = self._queue.get()
            if item is None:
                break
            if self._stop.is_set():
                continue
            tmdb_id, path = item
            try:
                data = self._client.image(self._base + "/" + path.lstrip("/"))
                if not data:
                    raise ValueError("empty image")
                self._store.put_tmdb(tmdb_id, data, trim=False)
                self.done += 1
                self._in_a_row = 0
                if self.done % self._trim_every == 0:
                    self._store.trim()
            except Exception as exc:  # a missing poster never stops the fetch
                self.failed += 1
                self._in_a_row += 1
                log.info("poster for TMDB film %s not downloaded: %s", tmdb_id, exc)
                if self._in_a_row >= GIVE_UP_AFTER:
                    self.gave_up = f"{GIVE_UP_AFTER} posters failed in a row, the rest were skipped ({exc})"
                    self._stop.set()

    def finish(self, progress: Progress | None = None, abandon: bool = False) -> None:
        """Wait for the queued posters (or with ``abandon``, drop them), then trim the cache.

        Abandoning waits at most a couple of seconds for the poster in flight; a cancel
        during the wait (``progress`` raising) abandons the rest the same way.
        """
        if abandon:
            self._stop.set()
        deadline = time.monotonic() + 2.0
        try:
            self._queue.put(None)
            while self._thread.is_alive() and not (abandon and time.monotonic() > deadline):
                self._thread.join(0.2)
                if progress and not abandon:
                    progress(self.done + self.failed, self.queued, "posters")
        except BaseException:
            self._stop.set()
            raise
        finally:
            self._store.trim()
