"""The cover grid: the same film model as the table, shown as posters (a wrapping ``QListView``).

The delegate paints from the ``CoverCache`` only: a missing cover is a quiet placeholder
with the title's initial until the ``covers`` pool delivers it, so painting never waits.
List mode flowing left to right with wrapping and uniform item sizes, not icon mode: icon
mode keeps a spatial index of every item and measured 3× slower to scroll and lay out at 44k
films (56 ms vs 18 ms per scroll-and-paint, ``benchmarks/bench_gui.py``). While the grid is
hidden it holds no model, so a 44k-row reset costs it nothing.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette, QPen
from PySide6.QtWidgets import QAbstractItemView, QListView, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from .covers import ASPECT, CoverCache
from .film_actions import KEYS_HELP, FilmViewMixin
from .models import MovieIdRole, SubtitleRole

COVER_WIDTH = 132  # logical pixels; Qt scales for hi-DPI
KIND_BADGES = {"liked": ("♥", "#e0245e"), "disliked": ("✕", "#6b7280"), "watchlist": ("+", "#2563eb"),
               "watched": ("✓", "#16a34a")}


class CoverDelegate(QStyledItemDelegate):
    """A cover, the title (elided, full title in the tooltip) and a caption; a badge for the history state."""

    def __init__(self, view: CoverGrid) -> None:
        super().__init__(view)
        self._view = view

    def cover_size(self) -> QSize:
        w = self._view.cover_width
        return QSize(w, round(w * ASPECT))

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        c = self.cover_size()
        fm = option.fontMetrics
        return QSize(c.width() + 12, c.height() + 2 * fm.height() + 16)

    def paint(self, p: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:
        movie_id = index.data(MovieIdRole)
        if movie_id is None:
            return
        pal: QPalette = option.palette
        rect: QRect = option.rect
        c = self.cover_size()
        x = rect.x() + (rect.width() - c.width()) // 2
        cover_rect = QRect(x, rect.y() + 6, c.width(), c.height())
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        p.save()
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        if selected:
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(pal.color(QPalette.ColorRole.Highlight))
            p.drawRoundedRect(QRectF(rect.adjusted(2, 2, -2, -2)), 6, 6)
        cache = self._view.covers
        dpr = self._view.devicePixelRatioF()
        pixmap = cache.cover(int(movie_id), QSize(round(c.width() * dpr), round(c.height() * dpr))) if cache else None
        if pixmap is not None:
            p.drawPixmap(cover_rect, pixmap)
        else:
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(pal.color(QPalette.ColorRole.Mid))
            p.drawRoundedRect(QRectF(cover_rect), 3, 3)
            f = QFont(option.font)
            f.setPixelSize(max(10, c.height() // 4))
            p.setFont(f)
            p.setPen(pal.color(QPalette.ColorRole.Midlight))
            p.drawText(cover_rect, Qt.AlignmentFlag.AlignCenter, (str(index.data() or "?")[:1]).upper())
        kind = self._view.kinds.get(int(movie_id))
        if kind in KIND_BADGES:
            self._badge(p, cover_rect, *KIND_BADGES[kind])
        rating = self._view.ratings.get(int(movie_id))
        if rating:
            self._stars(p, cover_rect, rating)
        text_color = pal.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text)
        fm = QFontMetrics(option.font)
        title_rect = QRect(rect.x() + 6, cover_rect.bottom() + 4, rect.width() - 12, fm.height())
        bold = QFont(option.font)
        bold.setBold(True)
        p.setFont(bold)
        p.setPen(text_color)
        p.drawText(title_rect, Qt.AlignmentFlag.AlignHCenter,
                   QFontMetrics(bold).elidedText(str(index.data() or ""), Qt.TextElideMode.ElideRight,
                                                 title_rect.width()))
        p.setFont(option.font)
        sub = QColor(text_color)
        sub.setAlpha(160)
        p.setPen(sub)
        sub_rect = title_rect.translated(0, fm.height())
        p.drawText(sub_rect, Qt.AlignmentFlag.AlignHCenter,
                   fm.elidedText(str(index.data(SubtitleRole) or ""), Qt.TextElideMode.ElideRight, sub_rect.width()))
        if option.state & QStyle.StateFlag.State_HasFocus:
            p.setPen(QPen(pal.color(QPalette.ColorRole.Highlight), 2))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRoundedRect(QRectF(rect.adjusted(1, 1, -1, -1)), 6, 6)
        p.restore()

    @staticmethod
    def _badge(p: QPainter, cover: QRect, glyph: str, color: str) -> None:
        d = max(18, cover.width() // 6)
        r = QRectF(cover.right() - d - 4, cover.top() + 4, d, d)
        p.setPen(QPen(QColor(255, 255, 255, 220), 1.5))
        p.setBrush(QColor(color))
        p.drawEllipse(r)
        f = p.font()
        f.setPixelSize(int(d * 0.6))
        f.setBold(True)
        p.setFont(f)
        p.setPen(QColor("white"))
        p.drawText(r, Qt.AlignmentFlag.AlignCenter, glyph)

    @staticmethod
    def _stars(p: QPainter, cover: QRect, rating: float) -> None:
        text = f"★ {rating:g}"
        f = p.font()
        f.setPixelSize(max(10, cover.width() // 11))
        f.setBold(True)
        p.setFont(f)
        fm = QFontMetrics(f)
        r = QRectF(cover.left() + 4, cover.bottom() - fm.height() - 6, fm.horizontalAdvance(text) + 10, fm.height() + 2)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor(0, 0, 0, 170))
        p.drawRoundedRect(r, 4, 4)
        p.setPen(QColor("#fbbf24"))
        p.drawText(r, Qt.AlignmentFlag.AlignCenter, text)


class CoverGrid(FilmViewMixin, QListView):
    """Films as covers over the table's proxy model; the same keys and menu as the table."""

    movie_selected = Signal(int)
    movie_activated = Signal(int)
    mark_requested = Signal(list, object)
    similar_requested = Signal(int)
    rate_requested = Signal(int, object)
    not_interested_requested = Signal(list)

    def __init__(self, model, parent=None) -> None:
        super().__init__(parent)
        self.covers: CoverCache | None = None
        self.kinds: dict[int, str] = {}
        self.ratings: dict[int, float] = {}
        self.cover_width = COVER_WIDTH
        self.film_model = model
        self.setModel(model)
        self.setModelColumn(0)
        self.setAccessibleName("Films as covers")
        self.setToolTip(KEYS_HELP)
        self.setViewMode(QListView.ViewMode.ListMode)
        self.setFlow(QListView.Flow.LeftToRight)
        self.setWrapping(True)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setMovement(QListView.Movement.Static)
        self.setUniformItemSizes(True)
        self.setSpacing(4)
        self.setWordWrap(False)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.verticalScrollBar().setSingleStep(24)
        self.setItemDelegate(CoverDelegate(self))
        self.install_film_actions()

    def attach(self, on: bool) -> None:
        """Hold the film model only while shown (``False``: detach, so model resets cost the grid nothing)."""
        if on == (self.model() is not None):
            return
        self.setModel(self.film_model if on else None)
        if on:
            self.setModelColumn(0)
            self.selectionModel().currentChanged.connect(self._on_current_changed)

    def set_covers(self, cache: CoverCache) -> None:
        self.covers = cache
        cache.covers_ready.connect(self._on_covers_ready)

    def set_marks(self, kinds: dict[int, str], ratings: dict[int, float]) -> None:
        self.kinds, self.ratings = kinds, ratings
        self.viewport().update()

    def _on_covers_ready(self, _ids: list) -> None:
        if self.isVisible():
            self.viewport().update()
