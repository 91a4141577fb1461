"""``core.blas.one_thread``: BLAS runs on one thread inside, the setting is restored after the last user leaves."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from movierec_gui.core import blas
from movierec_gui.core.search import top_k


@pytest.fixture()
def two_threads():
    """BLAS set to two threads for the test (a 1-CPU runner would start at one), restored after."""
    controller = blas._blas_controller()
    if not controller.select(user_api="blas").lib_controllers:
        pytest.skip("no BLAS library found by threadpoolctl")
    with controller.limit(limits=2, user_api="blas"):
        yield


def test_one_thread_inside_and_restored_after(two_threads):
    assert blas.blas_threads() == 2
    with blas.one_thread():
        assert blas.blas_threads() == 1
        with blas.one_thread():  # nested
            assert blas.blas_threads() == 1
        assert blas.blas_threads() == 1  # the outer block still runs on one thread
    assert blas.blas_threads() == 2


class _FakeController:
    """Records what ``one_thread`` asks of threadpoolctl (which BLAS calls see is process-wide)."""

    def __init__(self) -> None:
        self.threads = 2
        self.calls: list[str] = []

    def limit(self, limits: int, user_api: str) -> _FakeController:
        self.calls.append(f"limit {limits}")
        self.threads = limits
        return self

    def restore_original_limits(self) -> None:
        self.calls.append("restore")
        self.threads = 2


def test_overlapping_threads_keep_the_limit_until_the_last_leaves(monkeypatch):
    fake = _FakeController()
    monkeypatch.setattr(blas, "_blas_controller", lambda: fake)
    entered, release = threading.Event(), threading.Event()
    seen: list[int] = []

    def worker() -> None:
        with blas.one_thread():
            entered.set()
            release.wait(5)
            seen.append(fake.threads)

    t = threading.Thread(target=worker)
    t.start()
    assert entered.wait(5)
    with blas.one_thread():
        assert fake.threads == 1
    assert fake.threads == 1  # this caller left first: the worker still runs on one thread
    release.set()
    t.join(5)
    assert seen == [1]
    assert fake.calls == ["limit 1", "restore"]  # set once by the first, lifted once by the last
    assert fake.threads == 2


def test_results_do_not_change_with_one_thread(two_threads):
    rng = np.random.default_rng(0)
    m = rng.standard_normal((5000, 64)).astype(np.float32)
    m /= np.linalg.norm(m, axis=1, keepdims=True)
    q = m[17]
    rows, scores = top_k(m, q, 10)
    with blas.one_thread():
        rows1, scores1 = top_k(m, q, 10)
    assert rows.tolist() == rows1.tolist()
    np.testing.assert_allclose(scores, scores1, rtol=0, atol=1e-6)


def test_an_exception_inside_restores_the_setting(two_threads):
    with pytest.raises(RuntimeError), blas.one_thread():
        raise RuntimeError("boom")
    assert blas.blas_threads() == 2
