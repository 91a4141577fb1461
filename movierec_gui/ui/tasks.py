"""Background work for the GUI: the only module that touches ``QThreadPool``.

A ``Task`` (``QRunnable``) runs a plain function ``fn(ctx)`` on a worker thread and
reports through ``TaskSignals`` (``started``, ``progress``, ``finished``, ``failed``):
every exception, ``Cancelled`` included, ends in ``failed``. The ``TaskManager`` (a
GUI-thread ``QObject``) owns one single-thread pool per kind of work, receives those
signals in ``@Slot`` methods and calls the submitter's callbacks on the GUI thread.

* **Generations.** Tasks submitted under the same ``key`` (e.g. ``"search"``) supersede
  each other: a newer submission cancels the older one and the older result is dropped.
* **Cancel.** ``ctx.progress(...)`` and ``ctx.check()`` raise ``Cancelled`` once the task
  was cancelled, so long jobs stop at their next checkpoint and leave state consistent.
* **No waiting.** The GUI thread never blocks on a task, except in ``shutdown()`` when
  the window closes (and in tests, through ``wait()``).
"""

from __future__ import annotations

import itertools
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from ..core.errors import Cancelled

log = logging.getLogger(__name__)

#: Pools: ``query`` (search, recommend, details), ``io`` (light reads/writes: history, browse
#: list, taste map), ``jobs`` (index build, imports), ``sync`` (Pinecone), ``covers`` (cover art).
#: One thread each, so
#: work of one kind is serialized and kinds never starve each other.
POOLS = ("query", "io", "jobs", "sync", "covers")

#: Minimum seconds between two progress signals of one task (the last one always goes).
PROGRESS_INTERVAL = 0.05


class TaskSignals(QObject):
    """What a task reports; each signal carries the task id first."""

    started = Signal(int)
    progress = Signal(int, int, int, str)  # id, done, total, phase
    finished = Signal(int, object)  # id, result
    failed = Signal(int, object)  # id, exception


class TaskContext:
    """Handed to the task function: progress reporting and the cancel flag."""

    def __init__(self, task_id: int, signals: TaskSignals, cancel: threading.Event) -> None:
        self._id = task_id
        self._signals = signals
        self._cancel = cancel
        self._last_emit = 0.0
        self._last_phase = ""

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def check(self) -> None:
        """Raise ``Cancelled`` if the user cancelled this task."""
        if self._cancel.is_set():
            raise Cancelled("cancelled")

    def progress(self, done: int, total: int, phase: str | None = "") -> None:
        """A progress callback for core code (``(done, total[, phase])``); raises ``Cancelled``."""
        self.check()
        now = time.monotonic()
        phase = phase or ""
        if now - self._last_emit >= PROGRESS_INTERVAL or phase != self._last_phase or done >= total:
            self._last_emit, self._last_phase = now, phase
            self._signals.progress.emit(self._id, int(done), int(total), phase)


class Task(QRunnable):
    """Runs ``fn(ctx)`` once on a pool thread; the outcome goes to ``signals``."""

    def __init__(self, task_id: int, fn: Callable[[TaskContext], Any], signals: TaskSignals,
                 cancel: threading.Event | None = None) -> None:
        super().__init__()
        self.task_id = task_id
        self.signals = signals
        self._fn = fn
        self._cancel = cancel or threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    def run(self) -> None:
        ctx = TaskContext(self.task_id, self.signals, self._cancel)
        try:
            ctx.check()
            self.signals.started.emit(self.task_id)
            result = self._fn(ctx)
        except BaseException as exc:  # every failure reaches the GUI, never the void
            self.signals.failed.emit(self.task_id, exc)
        else:
            self.signals.finished.emit(self.task_id, result)


@dataclass
class TaskHandle:
    """The submitter's view of a task: its id, generation key, and a cancel switch."""

    id: int
    name: str
    pool: str
    key: str | None = None
    cancel_event: threading.Event = field(default_factory=threading.Event, repr=False)
    on_done: Callable[[Any], None] | None = field(default=None, repr=False)
    on_error: Callable[[BaseException], None] | None = field(default=None, repr=False)
    on_progress: Callable[[int, int, str], None] | None = field(default=None, repr=False)
    on_start: Callable[[], None] | None = field(default=None, repr=False)
    #: A newer task of the same key replaced this one: its outcome is dropped.
    superseded: bool = False

    def cancel(self) -> None:
        self.cancel_event.set()

    @property
    def cancelled(self) -> bool:
        return self.cancel_event.is_set()


def _alive(callback: Callable | None) -> bool:
    """False when ``callback`` is a method of a Qt object that has been deleted."""
    owner = getattr(callback, "__self__", None)
    return callback is not None and (not isinstance(owner, QObject) or shiboken6.isValid(owner))


class TaskManager(QObject):
    """Owns the pools; runs callbacks on the GUI thread; drops stale generations."""

    #: A task failed and nobody handles it: ``(task name, exception)``.
    task_failed = Signal(str, object)
    #: A result arrived after a newer task of the same key was submitted, and was dropped.
    task_dropped = Signal(int)
    #: The number of running or queued tasks changed.
    busy_changed = Signal(int)

    def __init__(self, parent: QObject | None = None, synchronous: bool = False) -> None:
        super().__init__(parent)
        self._synchronous = synchronous
        self._signals = TaskSignals(self)
        self._signals.started.connect(self._on_started)
        self._signals.progress.connect(self._on_progress)
        self._signals.finished.connect(self._on_finished)
        self._signals.failed.connect(self._on_failed)
        self._pools: dict[str, QThreadPool] = {}
        for name in POOLS:
            pool = QThreadPool(self)
            pool.setMaxThreadCount(1)
            pool.setExpiryTimeout(-1)  # keep the thread: its SQLite connection stays warm
            self._pools[name] = pool
        self._ids = itertools.count(1)
        self._live: dict[int, TaskHandle] = {}
        self._latest: dict[str, int] = {}
        self.dropped = 0

    # ------------------------------------------------------------------ submitting
    def submit(
        self,
        fn: Callable[[TaskContext], Any],
        *,
        name: str = "task",
        pool: str = "query",
        key: str | None = None,
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        on_progress: Callable[[int, int, str], None] | None = None,
        on_start: Callable[[], None] | None = None,
    ) -> TaskHandle:
        """Run ``fn(ctx)`` on ``pool``; callbacks run on the GUI thread.

        With a ``key``, this task becomes the current generation for that key: the
        previous one is cancelled and its result, if it still arrives, is dropped.
        """
        if pool not in self._pools:
            raise ValueError(f"unknown pool {pool!r}")
        handle = TaskHandle(next(self._ids), name, pool, key, on_done=on_done, on_error=on_error,
                            on_progress=on_progress, on_start=on_start)
        if key is not None:
            self._supersede(key)
            self._latest[key] = handle.id
        self._live[handle.id] = handle
        self.busy_changed.emit(len(self._live))
        task = Task(handle.id, fn, self._signals, handle.cancel_event)
        if self._synchronous:
            task.run()
        else:
            self._pools[pool].start(task)
        return handle

    def is_current(self, handle: TaskHandle) -> bool:
        return handle.key is None or self._latest.get(handle.key) == handle.id

    def cancel(self, key: str) -> None:
        """Cancel the current task of ``key`` (if any); its result will be dropped."""
        self._supersede(key)

    def _supersede(self, key: str) -> None:
        current = self._latest.pop(key, None)
        handle = self._live.get(current) if current is not None else None
        if handle is not None:
            handle.superseded = True
            handle.cancel()

    def cancel_all(self) -> None:
        for handle in list(self._live.values()):
            handle.cancel()
        self._latest.clear()

    @property
    def busy(self) -> int:
        """How many tasks are queued or running."""
        return len(self._live)

    def running(self, name: str) -> bool:
        return any(h.name == name for h in self._live.values())

    def wait(self, msecs: int = 30_000) -> bool:
        """Block until every pool is idle (tests and shutdown only; never in normal use)."""
        deadline = time.monotonic() + msecs / 1000
        ok = True
        for pool in self._pools.values():
            left = max(0, int((deadline - time.monotonic()) * 1000))
            ok = pool.waitForDone(left) and ok
        return ok

    def shutdown(self, msecs: int = 15_000) -> bool:
        """Cancel everything, forget queued work, wait for running tasks, drop callbacks."""
        self.cancel_all()
        for pool in self._pools.values():
            pool.clear()
        ok = self.wait(msecs)
        self._live.clear()
        return ok

    # ------------------------------------------------------------------ slots (GUI thread)
    def _listening(self, task_id: int) -> TaskHandle | None:
        """The handle of a task whose progress still matters (not cancelled, not superseded)."""
        handle = self._live.get(task_id)
        return None if handle is None or handle.cancelled else handle

    def _finish(self, task_id: int) -> TaskHandle | None:
        """Forget a task that ended; ``None`` if it was superseded (its outcome is dropped)."""
        handle = self._live.pop(task_id, None)
        if handle is None:
            return None
        if handle.key is not None and self._latest.get(handle.key) == task_id:
            del self._latest[handle.key]
        self.busy_changed.emit(len(self._live))
        if handle.superseded:
            self.dropped += 1
            self.task_dropped.emit(task_id)
            return None
        return handle

    @Slot(int)
    def _on_started(self, task_id: int) -> None:
        handle = self._listening(task_id)
        if handle is not None and _alive(handle.on_start):
            handle.on_start()

    @Slot(int, int, int, str)
    def _on_progress(self, task_id: int, done: int, total: int, phase: str) -> None:
        handle = self._listening(task_id)
        if handle is not None and _alive(handle.on_progress):
            handle.on_progress(done, total, phase)

    @Slot(int, object)
    def _on_finished(self, task_id: int, result: object) -> None:
        handle = self._finish(task_id)
        if handle is not None and _alive(handle.on_done):
            handle.on_done(result)

    @Slot(int, object)
    def _on_failed(self, task_id: int, exc: object) -> None:
        handle = self._finish(task_id)
        if handle is None:
            return
        if not isinstance(exc, Exception):
            log.error("task %s stopped: %r", handle.name, exc)
        if handle.on_error is not None:
            if _alive(handle.on_error):
                handle.on_error(exc)  # type: ignore[arg-type]
        elif not isinstance(exc, Cancelled):
            self.task_failed.emit(handle.name, exc)
