"""The details panel: what the selected film is, what the history says of it, and actions."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QPushButton, QScrollArea, QSizePolicy, QVBoxLayout, QWidget

from ..core.models import EntryKind, HistoryEntry, Movie
from .models import KIND_LABELS


class DetailsPane(QScrollArea):
    """Shows one film; its buttons emit requests with the film's id."""

    mark_requested = Signal(list, object)  # [movie id], EntryKind
    similar_requested = Signal(int)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        body = QWidget()
        self.title = QLabel()
        self.title.setObjectName("detailsTitle")
        self.title.setWordWrap(True)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self.title.setFont(font)
        self.meta = self._label()
        self.status = self._label()
        self.overview = self._label()
        self.overview.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.overview.setTextFormat(Qt.TextFormat.PlainText)
        self.extra = self._label()
        self.extra.setTextFormat(Qt.TextFormat.RichText)
        self.status.setTextFormat(Qt.TextFormat.RichText)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.meta.setTextFormat(Qt.TextFormat.PlainText)

        self.buttons: dict[EntryKind, QPushButton] = {}
        grid = QGridLayout()
        for i, (kind, label) in enumerate(
            ((EntryKind.WATCHED, "Watched"), (EntryKind.LIKED, "Like"), (EntryKind.DISLIKED, "Dislike"),
             (EntryKind.WATCHLIST, "Watchlist"))
        ):
            b = QPushButton(label)
            b.setToolTip(f"{label} ({'WLDT'[i]} in a results table)")
            b.clicked.connect(lambda _=False, k=kind: self._mark(k))
            grid.addWidget(b, i // 2, i % 2)
            self.buttons[kind] = b
        self.similar_button = QPushButton("More like this")
        self.similar_button.clicked.connect(self._on_similar)
        grid.addWidget(self.similar_button, 2, 0, 1, 2)

        lay = QVBoxLayout(body)
        lay.addWidget(self.title)
        lay.addWidget(self.meta)
        lay.addWidget(self.status)
        lay.addLayout(grid)
        lay.addWidget(self.overview)
        lay.addWidget(self.extra)
        lay.addStretch(1)
        self.setWidget(body)
        self.movie: Movie | None = None
        self.clear()

    @staticmethod
    def _label() -> QLabel:
        label = QLabel()
        label.setWordWrap(True)
        label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        return label

    def clear(self) -> None:
        self.movie = None
        self.title.setText("No film selected")
        self.meta.setText("Pick a film in the results to see what it is about.")
        for w in (self.status, self.overview, self.extra):
            w.clear()
        self._enable(False)

    def show_movie(self, movie: Movie, entry: HistoryEntry | None = None) -> None:
        self.movie = movie
        self.title.setText(movie.title)
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
        self.overview.setText(text)
        extra = []
        if movie.original_title and movie.original_title != movie.title:
            extra.append(f"Original title: {html.escape(movie.original_title, quote=False)}")
        if movie.directors:
            extra.append(f"Directed by {html.escape(', '.join(movie.directors), quote=False)}")
        if movie.source:
            extra.append(f"<small>Source: {html.escape(movie.source, quote=False)}</small>")
        self.extra.setText("<br>".join(extra))
        self._enable(True)

    def set_entry(self, entry: HistoryEntry | None) -> None:
        if entry is None:
            self.status.setText("<i>Not in your history</i>")
        else:
            rating = f", rated {entry.rating:g} ★" if entry.rating is not None else ""
            self.status.setText(f"<b>In your history:</b> {KIND_LABELS[entry.kind].lower()}{rating}")

    def _enable(self, on: bool) -> None:
        for b in (*self.buttons.values(), self.similar_button):
            b.setEnabled(on)

    def _mark(self, kind: EntryKind) -> None:
        if self.movie is not None:
            self.mark_requested.emit([self.movie.id], kind)

    def _on_similar(self) -> None:
        if self.movie is not None:
            self.similar_requested.emit(self.movie.id)
