"""The GUI's one error boundary: an uncaught exception becomes a dialog, never a silent crash.

``install(folder)`` replaces ``sys.excepthook`` and ``threading.excepthook``. A known error
(``KnownError``) is shown as its one-line message. Anything else is a bug: its traceback goes
to a new log file in ``folder`` (keys hidden) and the dialog gives a short reason and that
file's path (Picard / qutebrowser style). Dialogs never nest: errors while one is open are
only logged. Ctrl+C in the terminal still quits.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from ..core.errors import KnownError
from ..crashlog import safe_message, short_reason, write_crash_log

log = logging.getLogger(__name__)

TITLE = "MovieRec"


class ErrorBoundary:
    """Turns uncaught exceptions into one dialog each (``handle``); ``dialog`` is the one shown."""

    def __init__(self, folder: Path | None, dialogs: bool = True) -> None:
        self.folder = folder
        self.dialogs = dialogs
        self.dialog: QMessageBox | None = None
        self.last_text = ""
        self.last_log: Path | None = None

    def text_for(self, exc: BaseException) -> tuple[str, Path | None]:
        """The dialog's text and the log file written (``None`` for a known error)."""
        if isinstance(exc, KnownError):
            return safe_message(str(exc), limit=600), None
        path = write_crash_log(type(exc), exc, exc.__traceback__, self.folder)
        where = f"The details were written to {path}." if path else "No log file could be written."
        return (f"Something went wrong ({short_reason(exc)}).\n\n{where}\n"
                "Please include that file when you report the problem. Your data was not changed by this error."), path

    def handle(self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            QApplication.quit()
            return
        if exc.__traceback__ is None and tb is not None:
            exc = exc.with_traceback(tb)
        text, path = self.text_for(exc)
        self.last_text, self.last_log = text, path
        log.error("uncaught %s%s", short_reason(exc), f" (traceback in {path})" if path else "")
        if QApplication.instance() is None or not self.dialogs:
            print(f"movierec: {' '.join(text.split())}", file=sys.stderr)
            return
        if self.dialog is not None and self.dialog.isVisible():
            return  # one dialog at a time; the rest is in the log
        box = QMessageBox(QMessageBox.Icon.Critical if path else QMessageBox.Icon.Warning, TITLE, text,
                          QMessageBox.StandardButton.Close)
        box.setObjectName("error-boundary")
        self.dialog = box
        box.show()

    def handle_thread(self, args: threading.ExceptHookArgs) -> None:
        """Exceptions of Python threads: shown from the GUI thread."""
        if args.exc_value is None:
            return
        exc_type, exc, tb = args.exc_type, args.exc_value, args.exc_traceback
        if QApplication.instance() is None:
            self.handle(exc_type, exc, tb)
        else:
            QTimer.singleShot(0, QApplication.instance(), lambda: self.handle(exc_type, exc, tb))


def install(folder: Path | None) -> ErrorBoundary:
    """Route uncaught exceptions (GUI thread and Python threads) through one ``ErrorBoundary``
    (offscreen, e.g. ``gui --selftest``, it prints the one line instead of opening a dialog)."""
    boundary = ErrorBoundary(folder, dialogs=os.environ.get("QT_QPA_PLATFORM") != "offscreen")
    if os.environ.get("MOVIEREC_NO_EXCEPTHOOK") != "1":
        sys.excepthook = boundary.handle
        threading.excepthook = boundary.handle_thread
    return boundary
