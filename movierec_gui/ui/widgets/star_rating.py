"""Half-star rating: click a star's left or right half, or use keys (0–5, ←/→ by half a star)."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent, QMouseEvent, QPainter, QPainterPath, QPaintEvent, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

STAR_COLOUR = QColor("#f59e0b")


def star_path(rect: QRectF) -> QPainterPath:
    import math

    c = rect.center()
    r_out, r_in = rect.width() / 2, rect.width() / 2 * 0.45
    path = QPainterPath()
    for k in range(10):
        r = r_out if k % 2 == 0 else r_in
        a = -math.pi / 2 + k * math.pi / 5
        point = QPointF(c.x() + r * math.cos(a), c.y() + r * math.sin(a))
        if k == 0:
            path.moveTo(point)
        else:
            path.lineTo(point)
    path.closeSubpath()
    return path


def paint_stars(p: QPainter, left: float, top: float, size: float, value: float, empty: QColor) -> None:
    """Five stars from (``left``, ``top``), ``size`` apart, filled up to ``value`` (halves included)."""
    for i in range(5):
        rect = QRectF(left + i * size, top, size - 1, size - 1)
        path = star_path(rect)
        p.fillPath(path, empty)
        fill = max(0.0, min(1.0, value - i))
        if fill > 0:
            p.save()
            p.setClipRect(QRectF(rect.left(), rect.top(), rect.width() * fill, rect.height()))
            p.fillPath(path, STAR_COLOUR)
            p.restore()


class StarRating(QWidget):
    """Five stars, in half steps; ``rating_changed`` carries the new value (``None`` clears)."""

    rating_changed = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._value: float | None = None
        self._hover: float | None = None
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.setAccessibleName("Your rating")
        self.setToolTip("Click a star (left half: half a star) or press 0–5; ← → change by half a star")
        self._update_accessible()

    @property
    def value(self) -> float | None:
        return self._value

    def set_value(self, value: float | None, emit: bool = False) -> None:
        value = None if value is None or value < 0.5 else min(5.0, round(value * 2) / 2)
        changed = value != self._value
        self._value = value
        self._update_accessible()
        self.update()
        if emit and changed:
            self.rating_changed.emit(value)

    def _update_accessible(self) -> None:
        self.setAccessibleDescription("not rated" if self._value is None else f"{self._value:g} of 5 stars")

    def _star(self) -> float:
        return self.fontMetrics().height() * 1.5

    def sizeHint(self) -> QSize:
        s = self._star()
        return QSize(int(s * 5 + 8), int(s + 6))

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def value_at(self, x: float) -> float:
        s = self._star()
        v = (x - 4) / s
        return max(0.5, min(5.0, int(v * 2 + 1) / 2))

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        s = self._star()
        shown = self._hover if self._hover is not None else (self._value or 0.0)
        empty = QColor(self.palette().color(QPalette.ColorRole.Text))
        empty.setAlpha(60)
        paint_stars(p, 5, 3, s, shown, empty)  # stars s - 1 wide, one pixel apart
        if self.hasFocus():
            p.setPen(self.palette().color(QPalette.ColorRole.Highlight))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRoundedRect(QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5), 3, 3)
        p.end()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        self._hover = self.value_at(event.position().x())
        self.update()

    def leaveEvent(self, event) -> None:
        self._hover = None
        self.update()
        super().leaveEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            v = self.value_at(event.position().x())
            self.set_value(None if v == self._value else v, emit=True)  # clicking the rating again clears it

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if Qt.Key.Key_0 <= key <= Qt.Key.Key_5:
            self.set_value(float(key - Qt.Key.Key_0) or None, emit=True)
        elif key in (Qt.Key.Key_Right, Qt.Key.Key_Up, Qt.Key.Key_Plus):
            self.set_value(min(5.0, (self._value or 0.0) + 0.5), emit=True)
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Down, Qt.Key.Key_Minus):
            v = (self._value or 0.0) - 0.5
            self.set_value(v if v >= 0.5 else None, emit=True)
        else:
            super().keyPressEvent(event)
