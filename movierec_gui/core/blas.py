"""One BLAS thread for the products a person waits for.

A query's pass over the catalog matrix and a recommendation's catalog × seeds product are
each a single BLAS call. With OpenBLAS's default of one thread per core, the call waits for a
time slice on every core, and the threads then spin after it: on a 2-core machine shared with
the GUI thread and ONNX Runtime (and other programs) one thread is faster. Measured at 44k films
under load (benchmarks/README.md, "Speed goals (issue 17)"): the exact top-k took 3.2 ms p50
instead of 15.7 ms wall (2.6 instead of 8.0 ms of CPU), the catalog × 25 product 35 instead of
64 ms. Large one-off jobs (the accelerator's k-means) keep every thread.

``one_thread()`` is a context manager that nests and may be entered from several threads at
once: the limit is set when the first caller enters and lifted when the last one leaves.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

_lock = threading.Lock()
_users = 0
_limiter: Any = None
_controller: Any = None


def _blas_controller() -> Any:
    global _controller
    if _controller is None:
        from threadpoolctl import ThreadpoolController

        _controller = ThreadpoolController()  # finds the loaded BLAS libraries once (~1 ms)
    return _controller


@contextmanager
def one_thread() -> Iterator[None]:
    """Run the block with BLAS limited to one thread (no effect when no BLAS library is found)."""
    global _users, _limiter
    with _lock:
        if _users == 0:
            _limiter = _blas_controller().limit(limits=1, user_api="blas")
        _users += 1
    try:
        yield
    finally:
        with _lock:
            _users -= 1
            if _users == 0 and _limiter is not None:
                _limiter.restore_original_limits()
                _limiter = None


def blas_threads() -> int:
    """The number of threads BLAS uses now (the largest over the loaded libraries; 1 if none).

    Read it from the thread that set it: OpenBLAS 0.3.31 reports its default to other threads,
    although the limit applies to every thread's calls (measured with per-thread CPU counters).
    """
    info = _blas_controller().select(user_api="blas").info()
    return max((int(lib["num_threads"]) for lib in info), default=1)
