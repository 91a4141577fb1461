"""Light and dark looks: follow the OS colour scheme, or force one with an explicit palette.

Qt reports the OS scheme through ``QStyleHints.colorScheme()`` (``Unknown`` when headless);
we always use the Fusion style so both palettes look the same on every platform.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

THEMES = ("system", "light", "dark")

_DARK = {
    QPalette.ColorRole.Window: "#2b2d31",
    QPalette.ColorRole.WindowText: "#e8e8ea",
    QPalette.ColorRole.Base: "#1e1f22",
    QPalette.ColorRole.AlternateBase: "#26282c",
    QPalette.ColorRole.ToolTipBase: "#3a3d42",
    QPalette.ColorRole.ToolTipText: "#f0f0f0",
    QPalette.ColorRole.PlaceholderText: "#8c8f96",
    QPalette.ColorRole.Text: "#e8e8ea",
    QPalette.ColorRole.Button: "#35373c",
    QPalette.ColorRole.ButtonText: "#e8e8ea",
    QPalette.ColorRole.BrightText: "#ff6b6b",
    QPalette.ColorRole.Light: "#4a4d53",
    QPalette.ColorRole.Midlight: "#3f4247",
    QPalette.ColorRole.Mid: "#2f3135",
    QPalette.ColorRole.Dark: "#1a1b1e",
    QPalette.ColorRole.Shadow: "#101113",
    QPalette.ColorRole.Highlight: "#3d7bd9",
    QPalette.ColorRole.HighlightedText: "#ffffff",
    QPalette.ColorRole.Link: "#6ea8fe",
    QPalette.ColorRole.LinkVisited: "#b197fc",
}
_DARK_DISABLED = {
    QPalette.ColorRole.WindowText: "#7d8087",
    QPalette.ColorRole.Text: "#7d8087",
    QPalette.ColorRole.ButtonText: "#7d8087",
    QPalette.ColorRole.Highlight: "#4a4d53",
}


def dark_palette() -> QPalette:
    pal = QPalette()
    for role, color in _DARK.items():
        pal.setColor(role, QColor(color))
    for role, color in _DARK_DISABLED.items():
        pal.setColor(QPalette.ColorGroup.Disabled, role, QColor(color))
    return pal


def system_prefers_dark() -> bool:
    hints = QGuiApplication.styleHints()
    return hints is not None and hints.colorScheme() == Qt.ColorScheme.Dark


def resolve(mode: str) -> str:
    """``"light"`` or ``"dark"`` for a setting of ``system``/``light``/``dark``."""
    if mode == "system":
        return "dark" if system_prefers_dark() else "light"
    return "dark" if mode == "dark" else "light"


def apply_theme(app: QApplication, mode: str = "system") -> str:
    """Set the style and palette for ``mode``; returns the look applied."""
    if app.style().name().lower() != "fusion":
        app.setStyle("Fusion")
    look = resolve(mode)
    app.setPalette(dark_palette() if look == "dark" else app.style().standardPalette())
    return look


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


class ThemeFollower:
    """Re-applies the theme when the OS scheme changes, while the setting is ``system``."""

    def __init__(self, app: QApplication, mode: str = "system") -> None:
        self._app = app
        self.mode = mode
        hints = QGuiApplication.styleHints()
        if hints is not None:
            hints.colorSchemeChanged.connect(self._on_color_scheme_changed)
        apply_theme(app, mode)

    def set_mode(self, mode: str) -> None:
        self.mode = mode
        apply_theme(self._app, mode)

    def _on_color_scheme_changed(self, _scheme) -> None:
        if self.mode == "system":
            apply_theme(self._app, "system")
