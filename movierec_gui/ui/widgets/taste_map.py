"""The taste map: every film as a dot, in named regions (see ``ui.map_layout`` for the projection).

The layout is computed off the GUI thread (``ui.workers.taste_map``). The catalog is drawn
as a density image made with NumPy (one ``QImage``, not 44k items); the regions' names on
top; the user's history and the current recommendations as coloured dots with a legend.
Hover shows a film's title, click on a dot selects it, click elsewhere in a region asks for
"more from here". Wheel or +/− zoom (around the pointer), drag or arrow keys pan, Home or a
double-click resets.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFontMetrics, QImage, QKeyEvent, QMouseEvent, QPainter, QPaintEvent, QPen, QWheelEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from ...core.models import EntryKind
from ..theme import is_dark
from ..workers import TasteMapData

MARGIN = 12
HOVER_PX = 8

#: Colours of the highlighted dots (legible on both light and dark backgrounds).
COLORS = {
    "recommended": "#e8a33d",
    EntryKind.LIKED.value: "#2fa05a",
    EntryKind.WATCHED.value: "#4f8fdc",
    EntryKind.DISLIKED.value: "#d9534f",
    EntryKind.WATCHLIST.value: "#a07ad6",
    "selected": "#ffffff",
}


def density(xy: np.ndarray, size: tuple[int, int], splat: int = 0) -> np.ndarray:
    """A (h, w) float image in 0–1: log-scaled film counts per pixel, each film ``splat`` px wide."""
    w, h = size
    grid = np.zeros((h, w), dtype=np.float32)
    if len(xy) and w > 0 and h > 0:
        px = np.clip((xy[:, 0] * (w - 1)).astype(np.int64), 0, w - 1)
        py = np.clip(((1.0 - xy[:, 1]) * (h - 1)).astype(np.int64), 0, h - 1)
        np.add.at(grid, (py, px), 1.0)
        if splat:  # small catalogs: make each film a visible dot
            padded = np.pad(grid, splat)
            grid = np.max([padded[dy : dy + h, dx : dx + w] for dy in range(2 * splat + 1)
                           for dx in range(2 * splat + 1)], axis=0)
        grid = np.log1p(grid)
        grid /= float(grid.max()) or 1.0
    return np.sqrt(grid)


class TasteMap(QWidget):
    """Dots for the whole catalog; history and recommendations highlighted."""

    movie_clicked = Signal(int)
    #: A click in a region away from any dot: ``(region index, region name)``.
    region_clicked = Signal(int, str)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setMouseTracking(True)
        self.setMinimumSize(240, 180)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self._data: TasteMapData | None = None
        self._row_of: dict[int, int] = {}
        self._image: QImage | None = None
        self._image_key: tuple | None = None
        self._marks: dict[int, str] = {}
        self._selected: int | None = None
        self._hover: int | None = None
        self.message = "The map appears once the search index is ready."
        self._zoom = 1.0
        self._centre = (0.5, 0.5)
        self._drag_from: QPointF | None = None
        self._dragged = False
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName("Taste map")
        self.setToolTip("Wheel or +/− to zoom, drag or arrows to pan, Home to reset; click a region for more "
                        "films from it")

    # ------------------------------------------------------------------ data
    def set_data(self, data: TasteMapData) -> None:
        self._data = data
        self._row_of = {int(m): i for i, m in enumerate(data.ids)}
        self._image = None
        self._image_key = None
        self.reset_view()

    @property
    def data(self) -> TasteMapData | None:
        return self._data

    @property
    def has_data(self) -> bool:
        return self._data is not None

    def set_highlights(self, history: dict[int, str], recommended: list[int]) -> None:
        marks = {int(m): "recommended" for m in recommended}
        marks.update({int(m): k for m, k in history.items()})
        self._marks = marks
        self.update()

    def set_selected(self, movie_id: int | None) -> None:
        self._selected = movie_id
        self.update()

    def title_of(self, movie_id: int) -> str:
        i = self._row_of.get(movie_id)
        return self._data.titles[i] if self._data is not None and i is not None else ""

    # ------------------------------------------------------------------ geometry
    def _plot_rect(self) -> QRectF:
        return QRectF(self.rect()).adjusted(MARGIN, MARGIN, -MARGIN, -MARGIN - 20)

    def _to_view(self, xy: np.ndarray) -> np.ndarray:
        """Data coordinates (0–1) → view coordinates (0–1 is on screen) under the zoom and pan."""
        cx, cy = self._centre
        return np.column_stack(((xy[:, 0] - cx) * self._zoom + 0.5, (xy[:, 1] - cy) * self._zoom + 0.5))

    def _to_screen(self, xy: np.ndarray) -> np.ndarray:
        r = self._plot_rect()
        v = self._to_view(xy)
        return np.column_stack((r.left() + v[:, 0] * r.width(), r.top() + (1.0 - v[:, 1]) * r.height()))

    def _to_data(self, pos: QPointF) -> tuple[float, float]:
        r = self._plot_rect()
        vx, vy = (pos.x() - r.left()) / max(1.0, r.width()), 1.0 - (pos.y() - r.top()) / max(1.0, r.height())
        cx, cy = self._centre
        return (vx - 0.5) / self._zoom + cx, (vy - 0.5) / self._zoom + cy

    # ------------------------------------------------------------------ zoom and pan
    @property
    def zoom(self) -> float:
        return self._zoom

    def reset_view(self) -> None:
        self._zoom, self._centre = 1.0, (0.5, 0.5)
        self.update()

    def zoom_by(self, factor: float, around: QPointF | None = None) -> None:
        """Zoom keeping the point under ``around`` (default: the middle) where it is."""
        around = around if around is not None else self._plot_rect().center()
        before = self._to_data(around)
        self._zoom = float(min(40.0, max(1.0, self._zoom * factor)))
        after = self._to_data(around)
        cx, cy = self._centre
        self._centre = (cx + before[0] - after[0], cy + before[1] - after[1])
        if self._zoom == 1.0:
            self._centre = (0.5, 0.5)
        self.update()

    def pan_by(self, dx_px: float, dy_px: float) -> None:
        r = self._plot_rect()
        cx, cy = self._centre
        self._centre = (cx - dx_px / max(1.0, r.width()) / self._zoom, cy + dy_px / max(1.0, r.height()) / self._zoom)
        self.update()

    # ------------------------------------------------------------------ regions
    def region_at(self, pos: QPointF) -> int | None:
        """The region whose films are nearest ``pos`` (the nearest dot's region, if it is close enough)."""
        d = self._data
        if d is None or not len(d.region) or not self._plot_rect().contains(pos):
            return None
        pts = self._to_screen(d.xy)
        d2 = (pts[:, 0] - pos.x()) ** 2 + (pts[:, 1] - pos.y()) ** 2
        i = int(np.argmin(d2))
        return int(d.region[i]) if d2[i] <= (6 * HOVER_PX) ** 2 else None

    def region_name(self, region: int) -> str:
        d = self._data
        return d.names[region] if d is not None and 0 <= region < len(d.names) else ""

    def label_rects(self) -> dict[int, QRectF]:
        """Where each region's name is drawn (biggest regions first; a name that would overlap is left out)."""
        d = self._data
        if d is None or not len(d.names):
            return {}
        bold = self.font()
        bold.setBold(True)
        fm = QFontMetrics(bold)
        placed: dict[int, QRectF] = {}
        sizes = np.bincount(d.region, minlength=len(d.names))
        centres = self._to_screen(d.centres_xy)
        plot = self._plot_rect()
        for r in np.argsort(-sizes):
            text = d.names[int(r)]
            box = QRectF(0, 0, fm.horizontalAdvance(text) + 12, fm.height() + 4)
            for dy in (0.0, -1.2, 1.2, -2.4, 2.4):  # nudge up or down before giving up
                box.moveCenter(QPointF(float(centres[r, 0]), float(centres[r, 1]) + dy * box.height()))
                if plot.contains(box) and not any(box.intersects(o) for o in placed.values()):
                    placed[int(r)] = QRectF(box)
                    break
        return placed

    def point_at(self, pos: QPointF) -> int | None:
        """The film nearest ``pos`` within a few pixels (highlighted films win ties)."""
        if self._data is None or not len(self._data.ids):
            return None
        pts = self._to_screen(self._data.xy)
        d2 = (pts[:, 0] - pos.x()) ** 2 + (pts[:, 1] - pos.y()) ** 2
        for m in self._marks:
            i = self._row_of.get(m)
            if i is not None and d2[i] <= HOVER_PX**2:
                return m
        i = int(np.argmin(d2))
        return int(self._data.ids[i]) if d2[i] <= HOVER_PX**2 else None

    def screen_pos(self, movie_id: int) -> QPointF | None:
        i = self._row_of.get(movie_id)
        if self._data is None or i is None:
            return None
        x, y = self._to_screen(self._data.xy[i : i + 1])[0]
        return QPointF(float(x), float(y))

    # ------------------------------------------------------------------ painting
    def _catalog_image(self) -> QImage:
        """The catalog's dots at the plot's size in device pixels (rebuilt on resize or theme change)."""
        rect = self._plot_rect()
        dpr = self.devicePixelRatioF()
        w, h = max(1, int(rect.width() * dpr)), max(1, int(rect.height() * dpr))
        dark = is_dark(self.palette())
        key = (w, h, dark, self._zoom, self._centre)
        if self._image is None or self._image_key != key:
            splat = max(1, round(dpr)) if len(self._data.ids) < 20_000 else 0  # type: ignore[union-attr]
            v = self._to_view(self._data.xy)  # type: ignore[union-attr]
            v = v[(v[:, 0] >= 0) & (v[:, 0] <= 1) & (v[:, 1] >= 0) & (v[:, 1] <= 1)]
            a = density(v, (w, h), splat)[..., None]
            base = self.palette().color(self.backgroundRole())
            ink = QColor("#9ab4d8") if dark else QColor("#2c4f7c")
            bg = np.array([base.red(), base.green(), base.blue()], dtype=np.float32)
            fg = np.array([ink.red(), ink.green(), ink.blue()], dtype=np.float32)
            rgb = (bg * (1 - a) + fg * a).astype(np.uint8)
            rgba = np.ascontiguousarray(np.dstack([rgb, np.full((h, w), 255, dtype=np.uint8)]))
            image = QImage(rgba.data, w, h, 4 * w, QImage.Format.Format_RGBA8888).copy()
            image.setDevicePixelRatio(dpr)
            self._image, self._image_key = image, key
        return self._image

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), self.palette().color(self.backgroundRole()))
        if self._data is None:
            p.setPen(self.palette().color(self.foregroundRole()))
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self.message)
            p.end()
            return
        p.drawImage(self._plot_rect().topLeft(), self._catalog_image())
        p.setClipRect(self._plot_rect().adjusted(-6, -6, 6, 6))
        order = sorted(self._marks.items(), key=lambda kv: kv[1] != "recommended")  # history on top
        for movie_id, kind in order:
            pos = self.screen_pos(movie_id)
            if pos is None:
                continue
            p.setPen(QPen(QColor("#000000" if not is_dark(self.palette()) else "#ffffff"), 0.8))
            p.setBrush(QColor(COLORS.get(kind, "#888888")))
            p.drawEllipse(pos, 4.5, 4.5)
        for movie_id, radius in ((self._selected, 8.0), (self._hover, 6.0)):
            pos = self.screen_pos(movie_id) if movie_id is not None else None
            if pos is not None:
                p.setBrush(Qt.BrushStyle.NoBrush)
                p.setPen(QPen(self.palette().color(self.foregroundRole()), 2))
                p.drawEllipse(pos, radius, radius)
        self._paint_regions(p)
        p.setClipping(False)
        self._paint_legend(p)
        if self._hover is not None:
            self._paint_label(p, self._hover)
        p.end()

    def _paint_regions(self, p: QPainter) -> None:
        font = p.font()
        bold = self.font()
        bold.setBold(True)
        p.setFont(bold)
        fg = self.palette().color(self.foregroundRole())
        halo = self.palette().color(self.backgroundRole())
        halo.setAlpha(200)
        for r, box in self.label_rects().items():
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(halo)
            p.drawRoundedRect(box, 4, 4)
            p.setPen(fg)
            p.drawText(box, Qt.AlignmentFlag.AlignCenter, self.region_name(r))
        p.setFont(font)

    def _paint_legend(self, p: QPainter) -> None:
        items = (("recommended", "Recommended"),
                 *((k.value, k.label) for k in (EntryKind.LIKED, EntryKind.WATCHED, EntryKind.DISLIKED,
                                                EntryKind.WATCHLIST)))
        fm = p.fontMetrics()
        x, y = float(MARGIN), float(self.height() - MARGIN - fm.height() / 2)
        for key, label in items:
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QColor(COLORS[key]))
            p.drawEllipse(QPointF(x + 5, y), 5, 5)
            p.setPen(self.palette().color(self.foregroundRole()))
            p.drawText(QPointF(x + 14, y + fm.ascent() / 2 - 1), label)
            x += 14 + fm.horizontalAdvance(label) + 16

    def _paint_label(self, p: QPainter, movie_id: int) -> None:
        pos = self.screen_pos(movie_id)
        text = self.title_of(movie_id)
        if pos is None or not text:
            return
        fm = p.fontMetrics()
        box = QRectF(0, 0, fm.horizontalAdvance(text) + 12, fm.height() + 6)
        box.moveTopLeft(QPointF(pos.x() + 10, pos.y() - box.height() - 4))
        if box.right() > self.width() - 2:
            box.moveRight(pos.x() - 10)
        if box.top() < 2:
            box.moveTop(pos.y() + 10)
        p.setPen(QPen(self.palette().color(self.foregroundRole()), 1))
        p.setBrush(self.palette().color(self.palette().ColorRole.ToolTipBase))
        p.drawRoundedRect(box, 4, 4)
        p.setPen(self.palette().color(self.palette().ColorRole.ToolTipText))
        p.drawText(box, Qt.AlignmentFlag.AlignCenter, text)

    # ------------------------------------------------------------------ mouse and keys
    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._drag_from is not None and event.buttons() & Qt.MouseButton.LeftButton:
            delta = event.position() - self._drag_from
            if self._dragged or abs(delta.x()) + abs(delta.y()) > 4:
                self._dragged = True
                self.pan_by(delta.x(), delta.y())
                self._drag_from = event.position()
            return
        hover = self.point_at(event.position())
        if hover != self._hover:
            self._hover = hover
            self.setCursor(Qt.CursorShape.PointingHandCursor if hover is not None else Qt.CursorShape.ArrowCursor)
            self.update()

    def leaveEvent(self, event) -> None:
        if self._hover is not None:
            self._hover = None
            self.update()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._drag_from = event.position()
            self._dragged = False

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        dragged, self._drag_from = self._dragged, None
        if dragged:
            return
        hit = self.point_at(event.position())
        if hit is not None:
            self.set_selected(hit)
            self.movie_clicked.emit(hit)
            return
        region = self.region_at(event.position())
        if region is not None:
            self.region_clicked.emit(region, self.region_name(region))

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        self.reset_view()

    def wheelEvent(self, event: QWheelEvent) -> None:
        steps = event.angleDelta().y() / 120
        if steps:
            self.zoom_by(1.25 ** steps, event.position())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        step = 40.0
        if key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom_by(1.25)
        elif key == Qt.Key.Key_Minus:
            self.zoom_by(0.8)
        elif key == Qt.Key.Key_Home:
            self.reset_view()
        elif key == Qt.Key.Key_Left:
            self.pan_by(step, 0)
        elif key == Qt.Key.Key_Right:
            self.pan_by(-step, 0)
        elif key == Qt.Key.Key_Up:
            self.pan_by(0, step)
        elif key == Qt.Key.Key_Down:
            self.pan_by(0, -step)
        else:
            super().keyPressEvent(event)
