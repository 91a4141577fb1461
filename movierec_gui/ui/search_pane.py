"""The search pane: the query (search-as-you-type, debounced) and the filters."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ..core.models import SearchFilters

DEBOUNCE_MS = 250
YEAR_MIN, YEAR_MAX = 1870, 2035
DECADES = tuple(range(2020, 1890, -10))


class SearchPane(QWidget):
    """Emits ``query_changed`` (debounced) and ``filters_changed``."""

    query_changed = Signal(str)
    filters_changed = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.query_edit = QLineEdit()
        self.query_edit.setObjectName("query")
        self.query_edit.setPlaceholderText("Search a title, or describe a film…")
        self.query_edit.setClearButtonEnabled(True)
        self.query_edit.setToolTip("Type a title or what you feel like watching (Ctrl+F).\n"
                                   "Leave it empty to browse the whole catalog.")

        self.genre_combo = QComboBox()
        self.genre_combo.addItem("All genres", None)
        self.decade_combo = QComboBox()
        self.decade_combo.addItem("Any decade", None)
        for d in DECADES:
            self.decade_combo.addItem(f"{d}s", d)
        self.year_from = self._year_spin("From")
        self.year_to = self._year_spin("To")
        self.runtime_max = QSpinBox()
        self.runtime_max.setRange(0, 600)
        self.runtime_max.setSingleStep(10)
        self.runtime_max.setSpecialValueText("Any length")
        self.runtime_max.setSuffix(" min")
        self.exclude_watched = QCheckBox("Hide films in my history")
        self.exclude_watched.setChecked(True)
        self.exclude_watched.setToolTip("Hide films you watched, rated or put on your watchlist")
        for widget, name in ((self.query_edit, "Search"), (self.genre_combo, "Genre"),
                             (self.decade_combo, "Decade"), (self.runtime_max, "Longest runtime")):
            widget.setAccessibleName(name)

        years = QHBoxLayout()
        years.setContentsMargins(0, 0, 0, 0)
        years.addWidget(self.year_from, 1)
        years.addWidget(QLabel("–"))
        years.addWidget(self.year_to, 1)

        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow("Genre", self.genre_combo)
        form.addRow("Decade", self.decade_combo)
        form.addRow("Years", years)
        form.addRow("Runtime ≤", self.runtime_max)

        title = QLabel("<b>Search</b>")
        lay = QVBoxLayout(self)
        lay.addWidget(title)
        lay.addWidget(self.query_edit)
        lay.addLayout(form)
        lay.addWidget(self.exclude_watched)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self._emit_query)
        self.query_edit.textChanged.connect(self._on_text_changed)
        self.query_edit.returnPressed.connect(self._emit_query)
        self.genre_combo.currentIndexChanged.connect(self._on_filter_widget_changed)
        self.decade_combo.activated.connect(self._on_decade_activated)
        for spin in (self.year_from, self.year_to, self.runtime_max):
            spin.valueChanged.connect(self._on_filter_widget_changed)
        self.exclude_watched.toggled.connect(self._on_filter_widget_changed)
        self._last_emitted: str | None = None

    @staticmethod
    def _year_spin(label: str) -> QSpinBox:
        spin = QSpinBox()
        spin.setRange(YEAR_MIN - 1, YEAR_MAX)
        spin.setSpecialValueText("Any")
        spin.setValue(YEAR_MIN - 1)
        spin.setAccessibleName(f"{label} year")
        return spin

    # ------------------------------------------------------------------ API
    @property
    def query(self) -> str:
        return " ".join(self.query_edit.text().split())

    def set_query(self, text: str, emit: bool = True) -> None:
        self.query_edit.blockSignals(True)
        self.query_edit.setText(text)
        self.query_edit.blockSignals(False)
        if emit:
            self._emit_query()

    def set_genres(self, names: Iterable[str]) -> None:
        current = self.genre_combo.currentData()
        self.genre_combo.blockSignals(True)
        self.genre_combo.clear()
        self.genre_combo.addItem("All genres", None)
        for g in sorted(names, key=str.casefold):
            self.genre_combo.addItem(g, g)
        i = self.genre_combo.findData(current) if current else 0
        self.genre_combo.setCurrentIndex(max(i, 0))
        self.genre_combo.blockSignals(False)

    def set_genre(self, genre: str | None) -> None:
        i = self.genre_combo.findData(genre) if genre else 0
        if i >= 0:
            self.genre_combo.setCurrentIndex(i)

    def filters(self, history_ids: Iterable[int] = ()) -> SearchFilters:
        genre = self.genre_combo.currentData()
        y0, y1, rt = self.year_from.value(), self.year_to.value(), self.runtime_max.value()
        return SearchFilters(
            genres=(genre,) if genre else (),
            year_from=y0 if y0 >= YEAR_MIN else None,
            year_to=y1 if y1 >= YEAR_MIN else None,
            runtime_max=rt or None,
            exclude_ids=frozenset(history_ids) if self.exclude_watched.isChecked() else frozenset(),
        )

    def refresh(self) -> None:
        """Emit the current query again, even if unchanged."""
        self._last_emitted = None
        self._emit_query()

    def focus_query(self) -> None:
        self.query_edit.setFocus()
        self.query_edit.selectAll()

    # ------------------------------------------------------------------ slots
    def _on_text_changed(self, _text: str) -> None:
        self._debounce.start()

    def _emit_query(self) -> None:
        self._debounce.stop()
        q = self.query
        if q != self._last_emitted:
            self._last_emitted = q
            self.query_changed.emit(q)

    def _on_decade_activated(self, index: int) -> None:
        decade = self.decade_combo.itemData(index)
        for spin, value in ((self.year_from, decade), (self.year_to, decade + 9 if decade else None)):
            spin.blockSignals(True)
            spin.setValue(value if value else YEAR_MIN - 1)
            spin.blockSignals(False)
        self.filters_changed.emit()

    def _on_filter_widget_changed(self, *_args) -> None:
        y0, y1 = self.year_from.value(), self.year_to.value()
        decade = y0 if y0 >= YEAR_MIN and y0 % 10 == 0 and y1 == y0 + 9 else None
        self.decade_combo.setCurrentIndex(max(0, self.decade_combo.findData(decade)) if decade else 0)
        self.filters_changed.emit()
