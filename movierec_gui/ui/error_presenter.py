"""The one place that shows errors: known problems in a banner, bugs logged with details on demand."""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QMessageBox, QStatusBar, QWidget

from ..core.errors import Action, Cancelled, KnownError
from ..crashlog import safe_message, short_reason
from .widgets.banner import Banner

log = logging.getLogger(__name__)


class ErrorPresenter(QObject):
    """``present(exc)``: every task failure without its own handler ends here (as in Anki's ``QueryOp``)."""

    error_shown = Signal(str)

    def __init__(self, banner: Banner, status: QStatusBar, parent_widget: QWidget) -> None:
        super().__init__(parent_widget)
        self._banner = banner
        self._status = status
        self._parent = parent_widget
        self._remedies: dict[Action, tuple[str, Callable[[], None]]] = {}
        self.last_error = ""

    def set_remedy(self, action: Action, label: str, slot: Callable[[], None]) -> None:
        """The button a ``KnownError`` with this ``action`` offers ("Build index")."""
        self._remedies[action] = (label, slot)

    def present(self, exc: BaseException) -> None:
        if isinstance(exc, Cancelled):
            return
        if isinstance(exc, KnownError):
            text = safe_message(str(exc), limit=600)  # keys hidden, control characters escaped
            actions = [self._remedies[exc.action]] if exc.action in self._remedies else []
            self._banner.show_message(text, "error", actions)
        else:
            details = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
            log.error("unexpected error in a background task:\n%s", details)
            text = f"Something went wrong: {short_reason(exc)}"
            self._banner.show_message(text, "error", [("Details…", partial(self._show_details_box, details))])
        self.last_error = text
        self._status.showMessage(text.splitlines()[0], 10000)
        self.error_shown.emit(text)

    def on_unhandled(self, _name: str, exc: BaseException) -> None:
        self.present(exc)

    def _show_details_box(self, details: str) -> QMessageBox:
        box = QMessageBox(QMessageBox.Icon.Warning, "MovieRec — error details",
                          "An unexpected error happened. Details were written to the log file.",
                          QMessageBox.StandardButton.Close, self._parent)
        box.setDetailedText(details)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        return box
