"""Checks a shown window for clipped or off-screen controls and for controls without an accessible name."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QAbstractButton, QAbstractScrollArea, QComboBox, QLabel, QTabBar, QWidget


def _inside_scrolled_content(w: QWidget, root: QWidget) -> bool:
    """Widgets inside a scroll area's viewport may extend past the window: the area scrolls them."""
    p = w.parentWidget()
    while p is not None and p is not root:
        if isinstance(p.parentWidget(), QAbstractScrollArea) and p is p.parentWidget().viewport():
            return True
        p = p.parentWidget()
    return False


def fit_problems(win: QWidget) -> list[str]:
    """Visible controls outside the window, or narrower than their minimum size (clipped text)."""
    problems = []
    bounds = win.rect()
    for w in win.findChildren(QWidget):
        if not w.isVisible() or w.window() is not win or _inside_scrolled_content(w, win):
            continue
        rect = QRect(w.mapTo(win, QPoint(0, 0)), w.size())
        name = w.accessibleName() or w.objectName() or type(w).__name__
        if not bounds.contains(rect):
            problems.append(f"{name} {rect.getRect()} outside {bounds.getRect()}")
        if isinstance(w, QAbstractButton | QComboBox | QLabel) and not isinstance(w, QTabBar):
            need = w.minimumSizeHint()
            if isinstance(w, QLabel) and w.wordWrap():
                continue
            if w.width() + 1 < need.width() or w.height() + 1 < need.height():
                problems.append(f"{name} clipped: {w.width()}×{w.height()} < {need.width()}×{need.height()}")
    return problems


def unnamed_controls(win: QWidget) -> list[str]:
    """Keyboard-focusable controls a screen reader could not name (no accessible name, no own text)."""
    out = []
    for w in win.findChildren(QWidget):
        if w.window() is not win or not (w.focusPolicy() & Qt.FocusPolicy.TabFocus):
            continue
        if isinstance(w, QAbstractScrollArea) and w.parentWidget() is not None and isinstance(
                w.parentWidget(), QComboBox):
            continue
        if w.objectName() == "qt_spinbox_lineedit":  # the spin box itself carries the name
            continue
        if type(w).__name__ in ("QTabBar", "QScrollBar", "QSplitterHandle", "QHeaderView"):
            continue
        if w.accessibleName() or (isinstance(w, QAbstractButton) and w.text().replace("&", "").strip()):
            continue
        out.append(f"{type(w).__name__} {w.objectName()!r} parent={type(w.parentWidget()).__name__}")
    return out
