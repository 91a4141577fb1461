"""The first-run path: three ways in, side by side — bring a history, pick films you love, or just search.

Shown on first launch (while the history is empty) and from Help ▸ Getting started. The picks
grid holds ~40 well-known films chosen for variety (``pick_films``: the best-known film of
each genre and decade in turn), each with one-click Like / Dislike / Not seen; every click
goes straight to the history, so the recommendations behind the dialog update live.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ..core.models import EntryKind
from ..services import ListingRow
from .covers import ASPECT, CoverCache

PICKS = 40
CARD_COVER = 96


def pick_films(rows: Sequence[ListingRow], n: int = PICKS) -> list[ListingRow]:
    """~``n`` well-known films, varied: round-robin over (genre, decade) groups, best known first in each."""
    ranked = sorted((r for r in rows if r.year and r.genres), key=lambda r: -r.renown)[: max(n * 12, 200)]
    groups: dict[tuple[str, int], list[ListingRow]] = {}
    for r in ranked:
        groups.setdefault((r.genres[0], (r.year or 0) // 10), []).append(r)
    order = sorted(groups.values(), key=lambda g: -g[0].renown)
    picked: list[ListingRow] = []
    seen: set[int] = set()
    depth = 0
    while len(picked) < n and any(len(g) > depth for g in order):
        for g in order:
            if depth < len(g) and g[depth].id not in seen and len(picked) < n:
                picked.append(g[depth])
                seen.add(g[depth].id)
        depth += 1
    return picked


class FilmCard(QFrame):
    """One film: its cover, title and year, and Like / Dislike / Not seen."""

    chosen = Signal(int, object)  # movie id, EntryKind or None (not seen)

    def __init__(self, row: ListingRow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.movie_id = row.id
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.cover = QLabel()
        self.cover.setFixedSize(CARD_COVER, round(CARD_COVER * ASPECT))
        self.cover.setAccessibleName(f"Cover of {row.title}")
        title = QLabel(f"<b>{row.title}</b><br><small>{row.year or ''}</small>")
        title.setWordWrap(True)
        title.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        title.setFixedWidth(CARD_COVER + 24)
        self.buttons: dict[object, QToolButton] = {}
        row_lay = QHBoxLayout()
        row_lay.setSpacing(2)
        for kind, glyph, name in ((EntryKind.LIKED, "♥", "Like"), (EntryKind.DISLIKED, "✕", "Dislike"),
                                  (None, "–", "Not seen")):
            b = QToolButton()
            b.setText(glyph)
            b.setCheckable(True)
            b.setAutoExclusive(False)
            b.setToolTip(f"{name}: {row.title}")
            b.setAccessibleName(f"{name} {row.title}")
            b.clicked.connect(lambda _=False, k=kind: self._choose(k))
            row_lay.addWidget(b)
            self.buttons[kind] = b
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addWidget(self.cover, 0, Qt.AlignmentFlag.AlignHCenter)
        lay.addWidget(title)
        lay.addLayout(row_lay)
        self.state: object = "unset"

    def _choose(self, kind: EntryKind | None) -> None:
        self.state = kind
        for k, b in self.buttons.items():
            b.setChecked(k == kind)
        self.chosen.emit(self.movie_id, kind)


class WelcomeDialog(QDialog):
    """Three ways in. Emits requests; the window does the work (and its recommendations follow)."""

    import_requested = Signal()
    pick_requested = Signal(int, object)  # movie id, EntryKind or None (not seen: forget any earlier pick)
    search_requested = Signal(str)

    def __init__(self, covers: CoverCache | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Welcome to MovieRec")
        self.setAccessibleName("Getting started")
        self._covers = covers
        self.cards: list[FilmCard] = []
        self.picked: dict[int, EntryKind] = {}

        # 1. bring your history
        imp = self._column("Bring your history",
                           "Import a Letterboxd export (ZIP or CSV) or your IMDb ratings. You see what will be "
                           "added before anything is saved.")
        self.import_button = QPushButton("Import a history…")
        self.import_button.clicked.connect(self.import_requested)
        imp.layout().addWidget(self.import_button)
        imp.layout().addStretch(1)

        # 2. pick films you love
        picks = self._column("Pick films you love",
                             "One click each: ♥ like, ✕ dislike, – not seen. Recommendations update as you go.")
        self.grid_host = QWidget()
        self.grid = QGridLayout(self.grid_host)
        self.grid.setSpacing(6)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.grid_host)
        scroll.setAccessibleName("Films to pick from")
        picks.layout().addWidget(scroll, 1)
        self.progress = QLabel("Loading films…")
        self.progress.setWordWrap(True)
        picks.layout().addWidget(self.progress)

        # 3. just search
        search = self._column("Just search",
                              "Type a title, or describe what you feel like: “a heist that goes wrong”, "
                              "“quiet family drama in Japan”.")
        self.query = QLineEdit()
        self.query.setPlaceholderText("Search a title, or describe a film…")
        self.query.setAccessibleName("Search")
        self.query.returnPressed.connect(self._on_search)
        go = QPushButton("Search")
        go.clicked.connect(self._on_search)
        search.layout().addWidget(self.query)
        search.layout().addWidget(go)
        search.layout().addStretch(1)

        columns = QHBoxLayout()
        columns.addWidget(imp, 2)
        columns.addWidget(picks, 5)
        columns.addWidget(search, 2)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("Start exploring")
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        heading = QLabel("<h2>Find your next film</h2>Three ways in — pick any, or all three.")
        lay.addWidget(heading)
        lay.addLayout(columns, 1)
        lay.addWidget(buttons)
        if covers is not None:
            covers.covers_ready.connect(self._on_covers_ready)

    @staticmethod
    def _column(title: str, text: str) -> QFrame:
        box = QFrame()
        box.setFrameShape(QFrame.Shape.StyledPanel)
        box.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        lay = QVBoxLayout(box)
        lay.addWidget(QLabel(f"<h3>{title}</h3>"))
        info = QLabel(text)
        info.setWordWrap(True)
        lay.addWidget(info)
        return box

    def sizeHint(self) -> QSize:
        return QSize(1000, 620)

    # ------------------------------------------------------------------ window → dialog
    def set_films(self, rows: Sequence[ListingRow]) -> None:
        for card in self.cards:
            card.deleteLater()
        self.cards = []
        columns = 4
        for i, row in enumerate(rows):
            card = FilmCard(row)
            card.chosen.connect(self._on_chosen)
            self.grid.addWidget(card, i // columns, i % columns)
            self.cards.append(card)
        self._on_covers_ready([c.movie_id for c in self.cards])
        self.progress.setText(f"{len(rows)} well-known films, chosen for variety.")

    def show_recommendations(self, titles: Sequence[str]) -> None:
        if self.picked and titles:
            liked = sum(1 for k in self.picked.values() if k is EntryKind.LIKED)
            self.progress.setText(f"{liked} liked. Now recommended for you: " + ", ".join(titles[:4]) + "…")

    # ------------------------------------------------------------------ slots
    def _on_chosen(self, movie_id: int, kind: EntryKind | None) -> None:
        if kind is None:
            self.picked.pop(movie_id, None)
        else:
            self.picked[movie_id] = kind
        self.pick_requested.emit(movie_id, kind)

    def _on_search(self) -> None:
        text = self.query.text().strip()
        if text:
            self.search_requested.emit(text)
            self.accept()

    def _on_covers_ready(self, ids: list) -> None:
        if self._covers is None:
            return
        wanted = set(ids)
        dpr = self.devicePixelRatioF()
        size = QSize(round(CARD_COVER * dpr), round(CARD_COVER * ASPECT * dpr))
        for card in self.cards:
            if card.movie_id in wanted:
                pixmap = self._covers.cover(card.movie_id, size)
                if pixmap is not None:
                    pixmap.setDevicePixelRatio(dpr)
                    card.cover.setPixmap(pixmap)
