"""Covers: the film's poster file when there is one, else a generated cover; rendered off the GUI thread.

``render_cover`` draws into a ``QImage`` (safe on any thread). A generated cover is a pure
function of the film: the palette comes from its first genre (hue nudged by a hash of the
title so two dramas differ), the motif from the same hash, the title is set in DejaVu Serif
and shrunk until it fits, with the year and director as a quiet caption. No image ships
with the app.

``CoverCache`` (GUI thread) keeps finished images as pixmaps in an LRU and fetches missing
ones in small batches on the ``covers`` pool, newest requests first, one batch in flight, so
scrolling a 44k grid never queues work the user has already scrolled past.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QLinearGradient,
    QPainter,
    QPainterPath,
    QPen,
    QPixmap,
    QRadialGradient,
    QTextLayout,
    QTextOption,
)

from ..core.models import Movie
from .tasks import TaskContext, TaskManager

#: Cover proportions (2:3, like a one-sheet poster).
ASPECT = 1.5
BATCH = 16
CACHE_LIMIT = 1200

#: Genre → (hue 0–359, saturation 0–255, value 0–255) of the cover's base colour.
GENRE_PALETTE: dict[str, tuple[int, int, int]] = {
    "Action": (12, 200, 170), "Adventure": (140, 150, 120), "Animation": (190, 170, 190),
    "Comedy": (38, 200, 210), "Crime": (30, 120, 90), "Documentary": (80, 90, 120),
    "Drama": (185, 150, 110), "Family": (200, 140, 190), "Fantasy": (275, 140, 140),
    "History": (32, 110, 120), "Horror": (355, 210, 95), "Music": (315, 160, 160),
    "Mystery": (225, 130, 95), "Romance": (340, 150, 170), "Science Fiction": (205, 190, 120),
    "Thriller": (215, 60, 80), "War": (60, 70, 95), "Western": (22, 160, 140),
    "TV Movie": (170, 60, 120), "Foreign": (250, 90, 120),
}
DEFAULT_HSV = (230, 50, 110)


@dataclass(frozen=True)
class CoverSpec:
    """What a cover is drawn from (plain data, so it crosses threads)."""

    movie_id: int
    title: str
    year: int | None = None
    genres: tuple[str, ...] = ()
    director: str = ""
    poster: str | None = None

    @classmethod
    def of(cls, movie: Movie, poster: Path | None = None) -> CoverSpec:
        return cls(movie.id, movie.title, movie.year, tuple(movie.genres),
                   movie.directors[0] if movie.directors else "", str(poster) if poster else None)


def _digest(text: str) -> int:
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "big")


def palette_of(spec: CoverSpec) -> tuple[QColor, QColor, QColor]:
    """Base, deep and accent colours of a generated cover (deterministic)."""
    h, s, v = next((GENRE_PALETTE[g] for g in spec.genres if g in GENRE_PALETTE), DEFAULT_HSV)
    d = _digest(f"{spec.title}|{spec.year}")
    h = (h + (d % 25) - 12) % 360
    base = QColor.fromHsv(h, s, v)
    deep = QColor.fromHsv(h, min(255, s + 30), max(25, v - 70))
    second = next((GENRE_PALETTE[g] for g in spec.genres[1:] if g in GENRE_PALETTE), None)
    ah = second[0] if second else (h + 150 + (d >> 8) % 60) % 360
    accent = QColor.fromHsv(ah, 120, 235)
    return base, deep, accent


def render_cover(spec: CoverSpec, size: QSize) -> QImage:
    """The poster file scaled to fill ``size``, or the generated cover. Any thread."""
    if spec.poster:
        poster = QImage(spec.poster)
        if not poster.isNull():
            return _fill(poster, size)
    return generated_cover(spec, size)


def _fill(image: QImage, size: QSize) -> QImage:
    scaled = image.scaled(size, Qt.AspectRatioMode.KeepAspectRatioByExpanding,
                          Qt.TransformationMode.SmoothTransformation)
    x = max(0, (scaled.width() - size.width()) // 2)
    y = max(0, (scaled.height() - size.height()) // 2)
    return scaled.copy(x, y, size.width(), size.height()).convertToFormat(QImage.Format.Format_ARGB32_Premultiplied)


def generated_cover(spec: CoverSpec, size: QSize) -> QImage:
    """A designed cover from the film's genre, title, year and director."""
    w, h = max(8, size.width()), max(8, size.height())
    image = QImage(w, h, QImage.Format.Format_ARGB32_Premultiplied)
    base, deep, accent = palette_of(spec)
    d = _digest(spec.title)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    grad = QLinearGradient(0, 0, w * 0.3, h)
    grad.setColorAt(0.0, base)
    grad.setColorAt(1.0, deep)
    p.fillRect(0, 0, w, h, grad)
    _motif(p, d, w, h, accent)
    # A dark veil at the bottom keeps the type legible whatever the motif did.
    veil = QLinearGradient(0, h * 0.35, 0, h)
    veil.setColorAt(0.0, QColor(0, 0, 0, 0))
    veil.setColorAt(1.0, QColor(0, 0, 0, 150))
    p.fillRect(0, 0, w, h, veil)
    margin = w * 0.09
    if w >= 48:
        _caption(p, spec, QRectF(margin, margin, w - 2 * margin, h - 2 * margin))
        _title(p, spec.title, QRectF(margin, h * 0.40, w - 2 * margin, h * 0.60 - margin * 2.6))
    else:  # a thumbnail: the initial is all that reads
        f = QFont("DejaVu Serif")
        f.setPixelSize(int(h * 0.45))
        f.setBold(True)
        p.setFont(f)
        p.setPen(QColor(255, 255, 255, 230))
        p.drawText(QRectF(0, 0, w, h), Qt.AlignmentFlag.AlignCenter, (spec.title[:1] or "?").upper())
    p.setPen(QPen(QColor(255, 255, 255, 40), 1))
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawRect(QRectF(0.5, 0.5, w - 1, h - 1))
    p.end()
    return image


def _motif(p: QPainter, d: int, w: int, h: int, accent: QColor) -> None:
    """One of four quiet geometric motifs, chosen and placed by the title's hash."""
    kind = d % 4
    a = QColor(accent)
    a.setAlpha(70)
    p.setPen(Qt.PenStyle.NoPen)
    if kind == 0:  # a low sun
        r = w * (0.35 + (d >> 4) % 20 / 100)
        cx, cy = w * (0.3 + (d >> 10) % 40 / 100), h * (0.22 + (d >> 16) % 15 / 100)
        g = QRadialGradient(QPointF(cx, cy), r)
        g.setColorAt(0.0, QColor(accent.red(), accent.green(), accent.blue(), 150))
        g.setColorAt(1.0, QColor(accent.red(), accent.green(), accent.blue(), 0))
        p.setBrush(g)
        p.drawEllipse(QPointF(cx, cy), r, r)
    elif kind == 1:  # diagonal bands
        p.setBrush(a)
        step = w * 0.22
        shift = (d >> 6) % 100 / 100 * step
        for i in range(-2, 8):
            x = i * step + shift
            path = QPainterPath()
            path.moveTo(x, 0)
            path.lineTo(x + step * 0.45, 0)
            path.lineTo(x + step * 0.45 - h * 0.5, h)
            path.lineTo(x - h * 0.5, h)
            path.closeSubpath()
            if i % 2 == 0:
                p.drawPath(path)
    elif kind == 2:  # concentric rings
        pen = QPen(a, max(1.0, w * 0.012))
        p.setPen(pen)
        p.setBrush(Qt.BrushStyle.NoBrush)
        cx, cy = w * (0.55 + (d >> 8) % 30 / 100), h * 0.28
        for i in range(1, 9):
            r = i * w * 0.09
            p.drawEllipse(QPointF(cx, cy), r, r)
    else:  # a horizon and a block
        p.setBrush(a)
        y = h * (0.30 + (d >> 5) % 20 / 100)
        p.drawRect(QRectF(0, y, w, h * 0.012 + 1))
        bw = w * (0.18 + (d >> 12) % 20 / 100)
        p.drawRect(QRectF(w * 0.62 - bw / 2, y - bw * 1.3, bw, bw * 1.3))


def _caption(p: QPainter, spec: CoverSpec, box: QRectF) -> None:
    small = QFont("DejaVu Sans")
    small.setPixelSize(max(7, int(box.width() * 0.075)))
    small.setLetterSpacing(QFont.SpacingType.PercentageSpacing, 112)
    p.setFont(small)
    fm = QFontMetricsF(small)
    if spec.year:
        p.setPen(QColor(255, 255, 255, 210))
        p.drawText(QRectF(box.left(), box.top(), box.width(), fm.height()),
                   Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, str(spec.year))
    genre = spec.genres[0].upper() if spec.genres else ""
    if genre:
        p.setPen(QColor(255, 255, 255, 165))
        p.drawText(QRectF(box.left(), box.top(), box.width(), fm.height()),
                   Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop,
                   fm.elidedText(genre, Qt.TextElideMode.ElideRight, box.width() * 0.6))
    if spec.director:
        p.setPen(QColor(255, 255, 255, 200))
        text = fm.elidedText(spec.director.upper(), Qt.TextElideMode.ElideRight, box.width())
        p.drawText(QRectF(box.left(), box.bottom() - fm.height(), box.width(), fm.height()),
                   Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom, text)
        p.setPen(QPen(QColor(255, 255, 255, 120), 1))
        y = box.bottom() - fm.height() - fm.height() * 0.45
        p.drawLine(QPointF(box.left(), y), QPointF(box.left() + box.width() * 0.25, y))


def _title(p: QPainter, title: str, box: QRectF) -> None:
    """The title in bold serif, the largest size (within bounds) whose lines fit ``box``, set from the bottom."""
    font = QFont("DejaVu Serif")
    font.setBold(True)
    size = box.width() * 0.20
    lines: list[str] = []
    while size > 6:
        font.setPixelSize(int(size))
        lines = _wrap(title, font, box.width())
        fm = QFontMetricsF(font)
        if len(lines) <= 4 and len(lines) * fm.lineSpacing() <= box.height() and all(
                fm.horizontalAdvance(line) <= box.width() for line in lines):
            break
        size *= 0.9
    fm = QFontMetricsF(font)
    if len(lines) > 4 or len(lines) * fm.lineSpacing() > box.height():
        keep = max(1, int(box.height() // fm.lineSpacing()))
        lines = lines[:keep]
        lines[-1] = fm.elidedText(lines[-1] + "…", Qt.TextElideMode.ElideRight, box.width())
    p.setFont(font)
    y = box.bottom() - len(lines) * fm.lineSpacing()
    for line in lines:
        p.setPen(QColor(0, 0, 0, 90))
        p.drawText(QPointF(box.left() + 1, y + fm.ascent() + 1), line)
        p.setPen(QColor(255, 255, 255))
        p.drawText(QPointF(box.left(), y + fm.ascent()), line)
        y += fm.lineSpacing()


def _wrap(text: str, font: QFont, width: float) -> list[str]:
    layout = QTextLayout(text, font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WordWrap)  # never break inside a word: shrink instead
    layout.setTextOption(option)
    layout.beginLayout()
    lines = []
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        lines.append(text[line.textStart():line.textStart() + line.textLength()].strip())
    layout.endLayout()
    return [ln for ln in lines if ln] or [text]


# ---------------------------------------------------------------------------- cache (GUI thread)
SpecSource = Callable[[list[int]], list[CoverSpec]]


class CoverCache(QObject):
    """Pixmaps by ``(movie id, width)``; misses are rendered in batches on the ``covers`` pool."""

    #: Covers for these movie ids are ready (repaint them).
    covers_ready = Signal(list)

    def __init__(self, tasks: TaskManager, specs: SpecSource, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._specs = specs
        self._pixmaps: OrderedDict[tuple[int, int], QPixmap] = OrderedDict()
        self._pending: OrderedDict[tuple[int, int], None] = OrderedDict()
        self._in_flight = False
        self.rendered = 0

    def cover(self, movie_id: int, size: QSize) -> QPixmap | None:
        """The cached cover, or ``None`` (and a render is queued; ``covers_ready`` follows)."""
        key = (movie_id, size.width())
        pixmap = self._pixmaps.get(key)
        if pixmap is not None:
            self._pixmaps.move_to_end(key)
            return pixmap
        self._pending[key] = None
        self._pending.move_to_end(key)
        self._flush()
        return None

    def clear(self) -> None:
        self._pixmaps.clear()
        self._pending.clear()

    def forget(self, movie_id: int) -> None:
        """Drop a film's covers (its poster changed): the next request renders it again."""
        for key in [k for k in self._pixmaps if k[0] == movie_id]:
            del self._pixmaps[key]

    def _flush(self) -> None:
        if self._in_flight or not self._pending:
            return
        batch = []
        while self._pending and len(batch) < BATCH:
            key, _ = self._pending.popitem(last=True)  # newest first: what is on screen now
            batch.append(key)
        self._in_flight = True
        specs = self._specs

        def run(ctx: TaskContext) -> list[tuple[tuple[int, int], QImage]]:
            by_id = {s.movie_id: s for s in specs(sorted({k[0] for k in batch}))}
            out = []
            for movie_id, width in batch:
                ctx.check()
                spec = by_id.get(movie_id) or CoverSpec(movie_id, "?")
                out.append(((movie_id, width), render_cover(spec, QSize(width, round(width * ASPECT)))))
            return out

        self._tasks.submit(run, name="covers", pool="covers", on_done=self._on_done, on_error=self._on_failed)

    def _on_done(self, images: list[tuple[tuple[int, int], QImage]]) -> None:
        self._in_flight = False
        for key, image in images:
            self._pixmaps[key] = QPixmap.fromImage(image)
        self.rendered += len(images)
        while len(self._pixmaps) > CACHE_LIMIT:
            self._pixmaps.popitem(last=False)
        self.covers_ready.emit([k[0] for k, _ in images])
        self._flush()

    def _on_failed(self, _exc: BaseException) -> None:
        self._in_flight = False
        self._flush()
