"""Guards against Qt-binding releases that break the app in ways our other tests would miss."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    happened = Signal(int, object)


def test_signal_emit_keeps_reference_counts(qapp):
    """PySide6 6.12.0 drops a reference to ``True`` on every ``emit()``: on Python 3.11 the app
    aborts after a few thousand signals ("bool_dealloc"). Pin such a release out in pyproject."""
    emitter = _Emitter()
    received = []
    emitter.happened.connect(lambda i, o: received.append(i))
    before = sys.getrefcount(True), sys.getrefcount(None)
    for i in range(200):
        emitter.happened.emit(i, None)
    assert (sys.getrefcount(True), sys.getrefcount(None)) == before
    assert len(received) == 200
