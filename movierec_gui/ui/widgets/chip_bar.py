"""Query chips: what the search understood from the typed text ("1990s", "≤ 100 min", "not horror").

Each chip has a ✕ that removes that constraint (the search runs again without it); a removed
chip stays visible, struck through, and a click brings it back. Keyboard: Tab to a chip, Space.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QWidget


class ChipBar(QWidget):
    """Shows chips; emits ``removed(key)`` and ``restored(key)``."""

    removed = Signal(str)
    restored = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._lay = QHBoxLayout(self)
        self._lay.setContentsMargins(0, 0, 0, 0)
        self._lay.setSpacing(4)
        self._lead = QLabel("Understood:")
        self._lay.addWidget(self._lead)
        self._lay.addStretch(1)
        self.buttons: dict[str, QToolButton] = {}
        self.setAccessibleName("What the search understood")
        self.hide()

    def set_chips(self, chips: Sequence[tuple[str, str]], dropped: Sequence[tuple[str, str]] = (),
                  relaxed: bool = False, ignored: Sequence[str] = ()) -> None:
        """``chips`` in force and ``dropped`` ones as ``(key, label)``; ``relaxed``: nothing matched them all,
        and the results ignore ``ignored`` (labels)."""
        for b in self.buttons.values():
            b.deleteLater()
        self.buttons = {}
        for key, label in chips:
            self._add(key, f"{label}  ✕", f"Remove “{label}” from this search", True)
        for key, label in dropped:
            self._add(key, f"{label}  ↺", f"Put “{label}” back into this search", False)
        lead = "Understood:"
        if relaxed:
            lead = f"Nothing matched all of these (showing films without {', '.join(ignored)}):" if ignored \
                else "Nothing matched all of:"
        self._lead.setText(lead)
        self.setVisible(bool(self.buttons))

    def _add(self, key: str, text: str, tip: str, active: bool) -> None:
        b = QToolButton(self)
        b.setText(text)
        b.setToolTip(tip)
        b.setAccessibleName(tip)
        b.setAutoRaise(False)
        b.setProperty("chipActive", active)
        if not active:
            font = b.font()
            font.setStrikeOut(True)
            b.setFont(font)
        b.clicked.connect(lambda _=False, k=key, a=active: (self.removed if a else self.restored).emit(k))
        self._lay.insertWidget(self._lay.count() - 1, b)
        self.buttons[key] = b
