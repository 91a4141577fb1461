"""An inline message strip with optional action buttons (no modal dialogs for known problems)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QToolButton


class Banner(QFrame):
    """A dismissible message; ``kind`` is ``info`` or ``error``."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self._label = QLabel()
        self._label.setWordWrap(True)
        self._label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self._buttons: list[QPushButton] = []
        close = QToolButton()
        close.setText("✕")
        close.setAutoRaise(True)
        close.setToolTip("Dismiss")
        close.clicked.connect(self.hide)
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(8, 4, 4, 4)
        self._layout.addWidget(self._label, 1)
        self._layout.addWidget(close)
        self._close = close
        self.kind = "info"
        self.hide()

    @property
    def text(self) -> str:
        return "" if self.isHidden() else self._label.text()

    def show_message(self, text: str, kind: str = "info",
                     actions: list[tuple[str, Callable[[], None]]] | None = None) -> None:
        for b in self._buttons:
            self._layout.removeWidget(b)
            b.deleteLater()
        self._buttons = []
        for label, callback in actions or []:
            b = QPushButton(label)
            b.clicked.connect(callback)
            self._layout.insertWidget(self._layout.count() - 1, b)
            self._buttons.append(b)
        self.kind = kind
        self._label.setText(text)
        color = "#c0392b" if kind == "error" else "palette(highlight)"
        self.setStyleSheet(f"#banner {{ border: 1px solid {color}; border-radius: 4px; }}")
        self.show()

    def buttons(self) -> list[QPushButton]:
        return list(self._buttons)
