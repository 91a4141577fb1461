"""The status-bar strip for a long job: what it does, a progress bar, the time left, Cancel."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget


def format_eta(seconds: float) -> str:
    if seconds < 1:
        return "almost done"
    if seconds < 90:
        return f"about {max(1, round(seconds))} s left"
    if seconds < 90 * 60:
        return f"about {round(seconds / 60)} min left"
    return f"about {seconds / 3600:.1f} h left"


class Eta:
    """Time left from the rate since a phase started (ignores the first second's noise)."""

    def __init__(self) -> None:
        self._phase: str | None = None
        self._t0 = 0.0
        self._done0 = 0

    def update(self, done: int, total: int, phase: str = "", now: float | None = None) -> str:
        now = time.monotonic() if now is None else now
        if phase != self._phase:
            self._phase, self._t0, self._done0 = phase, now, done
            return ""
        elapsed, progressed = now - self._t0, done - self._done0
        if total <= 0 or elapsed < 1.0 or progressed <= 0:
            return ""
        return format_eta((total - done) * elapsed / progressed)


class JobBar(QWidget):
    """Shown while a long job runs; Cancel calls the job's cancel callback."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.label = QLabel()
        self.bar = QProgressBar()
        self.bar.setFixedWidth(180)
        self.bar.setTextVisible(True)
        self.eta_label = QLabel()
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.clicked.connect(self._on_cancel_clicked)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        for w in (self.label, self.bar, self.eta_label, self.cancel_button):
            lay.addWidget(w)
        self._cancel: Callable[[], None] | None = None
        self._eta = Eta()
        self.hide()

    def start(self, text: str, cancel: Callable[[], None] | None) -> None:
        self._cancel = cancel
        self._eta = Eta()
        self.label.setText(text)
        self.bar.setRange(0, 0)
        self.eta_label.clear()
        self.cancel_button.setEnabled(cancel is not None)
        self.cancel_button.setText("Cancel")
        self.show()

    def update_progress(self, done: int, total: int, phase: str = "") -> None:
        if total > 0:
            self.bar.setRange(0, total)
            self.bar.setValue(min(done, total))
            self.bar.setFormat(f"{phase + ' ' if phase else ''}%v / %m")
        else:
            self.bar.setRange(0, 0)
        self.eta_label.setText(self._eta.update(done, total, phase))

    def finish(self) -> None:
        self._cancel = None
        self.hide()

    def _on_cancel_clicked(self) -> None:
        if self._cancel is not None:
            self.cancel_button.setEnabled(False)
            self.cancel_button.setText("Cancelling…")
            self._cancel()
