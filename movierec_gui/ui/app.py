"""Application setup: ``QApplication``, theme, logging to a file, the crash dialog, the self-test."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

from ..services import Services
from . import error_boundary
from .theme import ThemeFollower

log = logging.getLogger(__name__)

APP_NAME = "MovieRec"
SELFTEST_QUERY = "a heist that goes wrong"
SELFTEST_TIMEOUT_MS = 180_000


def needs_display_message() -> str | None:
    """On Linux without a display, the message to print instead of starting Qt (which would abort)."""
    if not sys.platform.startswith("linux"):
        return None
    if os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY") or os.environ.get("QT_QPA_PLATFORM"):
        return None
    return ("movierec: no display found, so the window cannot open.\n"
            "Use the command line instead, e.g.:\n"
            "  movierec search \"a quiet drama about a father and son\"\n"
            "  movierec history add \"Heat\" --like\n"
            "  movierec recommend\n"
            "Run `movierec --help` for every command, or `movierec gui --selftest` for an offscreen check.")


def create_app(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance()
    if app is None:
        app = QApplication(argv if argv is not None else [sys.argv[0]])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName("movierec")
    app.setApplicationDisplayName(APP_NAME)
    return app  # type: ignore[return-value]


def log_file(services: Services) -> Path:
    folder = services.folders.logs
    folder.mkdir(parents=True, exist_ok=True)
    return folder / "movierec-gui.log"


def setup_file_logging(path: Path) -> logging.Handler:
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.setLevel(logging.INFO)
    logging.getLogger("movierec_gui").addHandler(handler)
    return handler


class SelfTest(QObject):
    """Drives a window: wait for start-up (building the index if missing), search, recommend, exit."""

    done = Signal(int)

    def __init__(self, window, query: str = SELFTEST_QUERY, timeout_ms: int = SELFTEST_TIMEOUT_MS) -> None:
        super().__init__(window)
        self.window = window
        self.query = query
        self.code: int | None = None
        self.steps: list[str] = []
        window.startup_finished.connect(self._on_startup)
        window.index_finished.connect(self._on_index)
        window.results_shown.connect(self._on_results)
        window.recommendations_shown.connect(self._on_recommendations)
        window.error_shown.connect(self._on_error)
        QTimer.singleShot(timeout_ms, self._on_timeout)

    def _finish(self, code: int, message: str) -> None:
        if self.code is not None:
            return
        self.code = code
        print(f"movierec selftest: {message}", file=sys.stderr)
        self.done.emit(code)

    def _on_startup(self, st) -> None:
        self.steps.append("startup")
        if not st.ok:
            self.steps.append("index")
            self.window.build_index()
        else:
            self._search()

    def _on_index(self, ok: bool) -> None:
        if ok:
            self._search()
        else:
            self._finish(1, "building the search index failed")

    def _search(self) -> None:
        self.steps.append("search")
        self.window.search_pane.set_query(self.query)

    def _on_results(self, mode: str, n: int) -> None:
        if mode == "search" and "search" in self.steps and "results" not in self.steps:
            if n == 0:
                self._finish(1, f"no results for {self.query!r}")
                return
            self.steps.append("results")
            self.window.refresh_recommendations()

    def _on_recommendations(self, n: int) -> None:
        if "results" in self.steps:
            if n == 0:
                self._finish(1, "no recommendations")
            else:
                self._finish(0, f"ok — search and recommendations work ({n} recommendations)")

    def _on_error(self, text: str) -> None:
        self._finish(1, f"error: {text}")

    def _on_timeout(self) -> None:
        self._finish(1, f"timed out (steps done: {', '.join(self.steps) or 'none'})")


def run(services: Services, selftest: bool = False) -> int:
    """Open the main window and run the event loop; with ``selftest``, run offscreen and exit."""
    if selftest:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = create_app()
    path = log_file(services)
    setup_file_logging(path)
    error_boundary.install(services.folders.logs)  # uncaught errors: a dialog naming the log file
    theme = ThemeFollower(app, services.theme)

    from .main_window import MainWindow

    window = MainWindow(services, theme=theme, welcome=not selftest)
    window.persist_state = not selftest
    window.show()
    if not selftest:
        return app.exec()
    test = SelfTest(window)
    test.done.connect(lambda code: QTimer.singleShot(0, window.close))
    app.exec()
    window.tasks.shutdown()
    return test.code if test.code is not None else 1
