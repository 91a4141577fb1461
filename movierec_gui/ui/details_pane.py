"""The details panel: the film's cover, what it is, your rating and feedback, and what to do next."""

from __future__ import annotations

import html

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ..core.models import EntryKind, HistoryEntry, Movie
from .covers import ASPECT, CoverCache
from .models import KIND_LABELS
from .widgets.star_rating import StarRating

COVER_WIDTH = 150
FEEDBACK = (
    (EntryKind.LIKED, "♥ Like", "L"),
    (EntryKind.DISLIKED, "✕ Dislike", "D"),
    (EntryKind.WATCHLIST, "+ Watchlist", "T"),
    (EntryKind.WATCHED, "✓ Watched", "W"),
)


class DetailsPane(QScrollArea):
    """Shows one film; its controls emit requests with the film's id."""

    mark_requested = Signal(list, object)  # [movie id], EntryKind
    forget_requested = Signal(list)  # [movie id]: an active feedback button clicked again
    rate_requested = Signal(int, object)  # movie id, rating or None
    not_interested_requested = Signal(list)
    similar_requested = Signal(int)
    poster_requested = Signal(int)  # movie id: the person wants to pick an image file as its cover

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setAccessibleName("Film details")
        self._covers: CoverCache | None = None
        body = QWidget()
        self.cover = QLabel()
        self.cover.setFixedSize(COVER_WIDTH, round(COVER_WIDTH * ASPECT))
        self.cover.setAccessibleName("Cover")
        self.cover.setToolTip("Right-click to use an image file of your own as this film's cover")
        self.cover.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.poster_action = QAction("Use an image file as cover…", self.cover)
        self.poster_action.triggered.connect(lambda: self.movie is not None and self.poster_requested.emit(
            self.movie.id))
        self.cover.addAction(self.poster_action)
        self.title = QLabel()
        self.title.setObjectName("detailsTitle")
        self.title.setWordWrap(True)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self.title.setFont(font)
        self.title.setAccessibleName("Title")
        self.meta = self._label("Facts")
        self.status = self._label("In your history")
        self.overview = self._label("Overview")
        self.overview.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.overview.setTextFormat(Qt.TextFormat.PlainText)
        self.extra = self._label("Credits")
        self.extra.setTextFormat(Qt.TextFormat.RichText)
        self.status.setTextFormat(Qt.TextFormat.RichText)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.meta.setTextFormat(Qt.TextFormat.PlainText)

        self.stars = StarRating()
        self.stars.rating_changed.connect(self._on_rating)
        rating_row = QHBoxLayout()
        rating_label = QLabel("Your rating")
        rating_label.setBuddy(self.stars)
        rating_row.addWidget(rating_label)
        rating_row.addWidget(self.stars)
        rating_row.addStretch(1)

        self.buttons: dict[EntryKind, QPushButton] = {}
        grid = QGridLayout()
        grid.setHorizontalSpacing(4)
        for i, (kind, label, key) in enumerate(FEEDBACK):
            b = QPushButton(label)
            b.setCheckable(True)
            b.setAccessibleName(kind.label)
            b.setToolTip(f"{kind.label} ({key} in a film list); click again to undo")
            b.setObjectName(f"feedback_{kind.value}")
            b.clicked.connect(lambda checked=False, k=kind: self._on_feedback(k, checked))
            grid.addWidget(b, i // 2, i % 2)
            self.buttons[kind] = b
        self.not_interested_button = QPushButton("Not interested")
        self.not_interested_button.setToolTip("Hide this film from search and recommendations (N); undoable")
        self.not_interested_button.clicked.connect(self._on_not_interested)
        self.similar_button = QPushButton("More like this")
        self.similar_button.setToolTip("Films like this one (M)")
        self.similar_button.clicked.connect(self._on_similar)
        grid.addWidget(self.not_interested_button, 2, 0)
        grid.addWidget(self.similar_button, 2, 1)

        lay = QVBoxLayout(body)
        lay.addWidget(self.cover, 0, Qt.AlignmentFlag.AlignHCenter)
        lay.addWidget(self.title)
        lay.addWidget(self.meta)
        lay.addWidget(self.status)
        lay.addLayout(rating_row)
        lay.addLayout(grid)
        lay.addWidget(self.overview)
        lay.addWidget(self.extra)
        lay.addStretch(1)
        self.setWidget(body)
        self._body = body
        self.movie: Movie | None = None
        self.entry: HistoryEntry | None = None
        self.clear()

    def minimumSizeHint(self) -> QSize:
        """Never narrower than the controls (the cover and two buttons side by side), so nothing is clipped."""
        hint = super().minimumSizeHint()
        width = self._body.minimumSizeHint().width() + self.verticalScrollBar().sizeHint().width() + 2
        return QSize(max(hint.width(), width), hint.height())

    @staticmethod
    def _label(name: str) -> QLabel:
        label = QLabel()
        label.setWordWrap(True)
        label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        label.setAccessibleName(name)
        return label

    def set_covers(self, cache: CoverCache) -> None:
        self._covers = cache
        cache.covers_ready.connect(self._on_covers_ready)

    def set_not_interested_available(self, on: bool) -> None:
        self.not_interested_button.setVisible(on)

    def clear(self) -> None:
        self.movie = None
        self.entry = None
        self.title.setText("No film selected")
        self.meta.setText("Pick a film in the results to see what it is about.")
        for w in (self.status, self.overview, self.extra):
            w.clear()
        self.cover.clear()
        self.cover.hide()
        self.stars.set_value(None)
        self._enable(False)

    def show_movie(self, movie: Movie, entry: HistoryEntry | None = None) -> None:
        self.movie = movie
        self.title.setText(html.unescape(movie.title))
        bits = [str(movie.year) if movie.year else "year unknown"]
        if movie.runtime:
            bits.append(f"{movie.runtime} min")
        if movie.vote_average and movie.vote_count:
            bits.append(f"★ {movie.vote_average:.1f}/10 ({movie.vote_count:,} votes)")
        if movie.genres:
            bits.append(", ".join(movie.genres))
        self.meta.setText(" · ".join(bits))
        self.set_entry(entry)
        text = movie.overview or movie.tagline or "No description."
        self.overview.setText(html.unescape(text))
        extra = []
        if movie.original_title and movie.original_title != movie.title:
            extra.append(f"Original title: {html.escape(html.unescape(movie.original_title), quote=False)}")
        if movie.directors:
            extra.append(f"Directed by {html.escape(', '.join(movie.directors), quote=False)}")
        if movie.source:
            extra.append(f"<small>Source: {html.escape(movie.source, quote=False)}</small>")
        self.extra.setText("<br>".join(extra))
        self._enable(True)
        self._show_cover()

    def set_entry(self, entry: HistoryEntry | None) -> None:
        self.entry = entry
        if entry is None:
            self.status.setText("<i>Not in your history</i>")
        else:
            rating = f", rated {entry.rating:g} ★" if entry.rating is not None else ""
            self.status.setText(f"<b>In your history:</b> {KIND_LABELS[entry.kind].lower()}{rating}")
        for kind, button in self.buttons.items():
            button.setChecked(entry is not None and entry.kind is kind)
        self.stars.set_value(entry.rating if entry is not None else None)

    def _cover_size(self) -> QSize:
        dpr = self.devicePixelRatioF()
        return QSize(round(COVER_WIDTH * dpr), round(COVER_WIDTH * ASPECT * dpr))

    def _show_cover(self) -> None:
        if self._covers is None or self.movie is None:
            return
        pixmap = self._covers.cover(self.movie.id, self._cover_size())
        self.cover.show()
        if pixmap is not None:
            pixmap.setDevicePixelRatio(self.devicePixelRatioF())
            self.cover.setPixmap(pixmap)

    def refresh_cover(self) -> None:
        self._show_cover()

    def _on_covers_ready(self, ids: list) -> None:
        if self.movie is not None and self.movie.id in ids:
            self._show_cover()

    def _enable(self, on: bool) -> None:
        for b in (*self.buttons.values(), self.similar_button, self.not_interested_button, self.stars):
            b.setEnabled(on)

    def _on_feedback(self, kind: EntryKind, checked: bool) -> None:
        if self.movie is None:
            return
        if checked:
            self.mark_requested.emit([self.movie.id], kind)
        else:
            self.forget_requested.emit([self.movie.id])

    def _mark(self, kind: EntryKind) -> None:
        if self.movie is not None:
            self.mark_requested.emit([self.movie.id], kind)

    def _on_rating(self, value: float | None) -> None:
        if self.movie is not None:
            self.rate_requested.emit(self.movie.id, value)

    def _on_not_interested(self) -> None:
        if self.movie is not None:
            self.not_interested_requested.emit([self.movie.id])

    def _on_similar(self) -> None:
        if self.movie is not None:
            self.similar_requested.emit(self.movie.id)
