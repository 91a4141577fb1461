"""What every controller holds: the façade, the task manager, the shared state, the error presenter."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

if TYPE_CHECKING:
    from ..main_window import MainWindow


class Controller(QObject):
    """A GUI-thread object over the window's widgets; reaches the engine only through ``services``."""

    def __init__(self, win: MainWindow) -> None:
        super().__init__(win)
        self.win = win
        self.services = win.services
        self.tasks = win.tasks
        self.state = win.app_state
        self.errors = win.errors

    def status(self, text: str, msecs: int = 4000) -> None:
        self.win.statusBar().showMessage(text, msecs)
