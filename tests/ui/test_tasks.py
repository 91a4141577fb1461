"""ui/tasks.py: failures reach ``failed``, cancel works, stale generations are dropped."""

from __future__ import annotations

import threading
import time

import pytest

from movierec_gui.core.errors import Cancelled, NotFoundError
from movierec_gui.ui.tasks import TaskManager


@pytest.fixture
def tasks(qtbot):
    manager = TaskManager()
    yield manager
    manager.shutdown()
    assert manager.wait(5000)


def test_result_reaches_on_done_on_the_gui_thread(qtbot, tasks):
    got = []
    tasks.submit(lambda ctx: threading.get_ident(), on_done=got.append)
    qtbot.waitUntil(lambda: bool(got), timeout=5000)
    assert got[0] != threading.get_ident()  # ran on a worker …
    assert tasks.busy == 0  # … and the callback ran here, after the bookkeeping


@pytest.mark.parametrize("exc", [ValueError("bug"), NotFoundError("no such film"), KeyboardInterrupt()])
def test_every_exception_reaches_failed(qtbot, tasks, exc):
    errors = []

    def boom(ctx):
        raise exc

    tasks.submit(boom, on_error=errors.append)
    qtbot.waitUntil(lambda: bool(errors), timeout=5000)
    assert errors == [exc]


def test_unhandled_failure_goes_to_task_failed(qtbot, tasks):
    with qtbot.waitSignal(tasks.task_failed, timeout=5000) as blocker:
        tasks.submit(lambda ctx: 1 / 0, name="divide")
    assert blocker.args[0] == "divide"
    assert isinstance(blocker.args[1], ZeroDivisionError)


def test_cancel_stops_a_long_job_at_its_next_checkpoint(qtbot, tasks):
    started = threading.Event()
    errors, progress = [], []

    def long_job(ctx):
        for i in range(1000):
            ctx.progress(i, 1000, "working")
            started.set()
            time.sleep(0.005)
        return "finished"

    handle = tasks.submit(long_job, pool="jobs", on_error=errors.append, on_progress=lambda *a: progress.append(a))
    assert started.wait(5)
    qtbot.waitUntil(lambda: bool(progress), timeout=5000)
    handle.cancel()
    qtbot.waitUntil(lambda: bool(errors), timeout=5000)
    assert isinstance(errors[0], Cancelled)
    assert progress and progress[0][1] == 1000


def test_stale_results_are_dropped(qtbot, tasks):
    release, running = threading.Event(), threading.Event()
    done = []

    def slow(ctx):
        running.set()
        release.wait(5)
        return "old"

    tasks.submit(slow, key="search", pool="query", on_done=done.append)
    assert running.wait(5)
    # A second pool so the newer task can overtake the slow one.
    tasks.submit(lambda ctx: "new", key="search", pool="io", on_done=done.append)
    qtbot.waitUntil(lambda: done == ["new"], timeout=5000)
    with qtbot.waitSignal(tasks.task_dropped, timeout=5000):
        release.set()
    assert done == ["new"]
    assert tasks.dropped == 1


def test_synchronous_manager_runs_inline(qtbot):
    manager = TaskManager(synchronous=True)
    got = []
    manager.submit(lambda ctx: 42, on_done=got.append)
    qtbot.waitUntil(lambda: got == [42], timeout=2000)
