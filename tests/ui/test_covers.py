"""Covers: generated ones are deterministic and designed, poster files win, rendering is off the GUI thread."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QPoint, QSize, Qt
from PySide6.QtGui import QColor, QImage

from movierec_gui.core.models import EntryKind
from movierec_gui.ui.cover_grid import CoverGrid
from movierec_gui.ui.covers import CoverCache, CoverSpec, generated_cover, palette_of, render_cover
from movierec_gui.ui.models import MovieProxyModel, MovieRows, MovieTableModel
from movierec_gui.ui.results_pane import ResultsPane
from movierec_gui.ui.tasks import TaskManager

HEAT = CoverSpec(1, "Heat", 1995, ("Crime", "Drama"), "Michael Mann")
ALIEN = CoverSpec(2, "Alien", 1979, ("Horror", "Science Fiction"), "Ridley Scott")
LISTING = [(1, "Heat", 1995, ("Crime", "Drama"), 170, 0.9), (2, "Alien", 1979, ("Horror",), 117, 0.95),
           (3, "Amélie", 2001, ("Comedy",), 122, 0.8)]


def distinct_colours(image: QImage, step: int = 7) -> int:
    return len({image.pixel(x, y) for x in range(0, image.width(), step) for y in range(0, image.height(), step)})


@pytest.mark.parametrize("width", [32, 96, 132, 264])
def test_generated_cover_is_deterministic_and_not_blank_at_every_size(qapp, width):
    size = QSize(width, width * 3 // 2)
    a, b = generated_cover(HEAT, size), generated_cover(HEAT, size)
    assert a.size() == size and a == b  # the same film always gets the same cover
    assert a != generated_cover(ALIEN, size)
    assert distinct_colours(a) > 12  # a gradient, a motif and type, not a flat box


def test_palette_follows_the_genre(qapp):
    horror = palette_of(CoverSpec(3, "X", None, ("Horror",)))[0]
    comedy = palette_of(CoverSpec(3, "X", None, ("Comedy",)))[0]
    assert abs(horror.hue() - comedy.hue()) > 30


def test_a_poster_file_is_used_when_there_is_one(qapp, tmp_path):
    poster = QImage(200, 300, QImage.Format.Format_RGB32)
    poster.fill(QColor(200, 10, 10))
    path = tmp_path / "poster.png"
    assert poster.save(str(path))
    image = render_cover(CoverSpec(1, "Heat", poster=str(path)), QSize(100, 150))
    assert QColor(image.pixel(50, 75)).red() == 200
    broken = render_cover(CoverSpec(1, "Heat", poster=str(tmp_path / "missing.png")), QSize(100, 150))
    assert broken == generated_cover(CoverSpec(1, "Heat"), QSize(100, 150))  # a missing file falls back


def test_cover_cache_renders_on_a_worker_thread_and_caches(qtbot):
    tasks = TaskManager()
    threads: list[str] = []

    def specs(ids: list[int]) -> list[CoverSpec]:
        threads.append(threading.current_thread().name)
        return [HEAT if i == 1 else ALIEN for i in ids]

    cache = CoverCache(tasks, specs)
    size = QSize(66, 99)
    with qtbot.waitSignal(cache.covers_ready, timeout=10_000) as blocker:
        assert cache.cover(1, size) is None  # not yet: queued
    assert blocker.args[0] == [1]
    assert threads and threads[0] != threading.main_thread().name
    pixmap = cache.cover(1, size)
    assert pixmap is not None and pixmap.width() == 66
    assert cache.rendered == 1
    tasks.shutdown()
    assert tasks.wait(5000)


def test_grid_shows_the_same_model_and_emits_film_actions(qtbot, qtmodeltester):
    model = MovieTableModel()
    model.set_rows(MovieRows.build(LISTING, scores=[0.9, 0.8, 0.5]))
    proxy = MovieProxyModel()
    proxy.setSourceModel(model)
    qtmodeltester.check(proxy)
    grid = CoverGrid(proxy)
    qtbot.addWidget(grid)
    grid.resize(600, 400)
    grid.show()
    qtbot.waitExposed(grid)
    grid.activateWindow()
    grid.setFocus()
    qtbot.waitUntil(grid.hasFocus)
    grid.setCurrentIndex(proxy.index(1, 0))
    assert grid.current_id() == 2
    with qtbot.waitSignal(grid.rate_requested) as blocker:
        qtbot.keyClick(grid, Qt.Key.Key_4)
    assert blocker.args == [2, 4.0]
    with qtbot.waitSignal(grid.rate_requested) as blocker:
        qtbot.keyClick(grid, Qt.Key.Key_0)
    assert blocker.args == [2, None]
    with qtbot.waitSignal(grid.mark_requested) as blocker:
        qtbot.keyClick(grid, Qt.Key.Key_L)
    assert blocker.args == [[2], EntryKind.LIKED]
    with qtbot.waitSignal(grid.not_interested_requested) as blocker:
        qtbot.keyClick(grid, Qt.Key.Key_N)
    assert blocker.args == [[2]]
    # Items are laid out as covers: wider than tall is a table row, this is a poster.
    rect = grid.visualRect(proxy.index(0, 0))
    assert rect.height() > rect.width() > 100


def test_switching_views_keeps_the_current_film(qtbot):
    pane = ResultsPane()
    qtbot.addWidget(pane)
    pane.resize(700, 500)
    pane.show()
    pane.set_rows(MovieRows.build(LISTING, scores=[0.9, 0.8, 0.5]))
    pane.select_row(2)
    assert pane.table.current_id() == 3
    pane.set_grid_mode(True)
    assert pane.grid_mode and pane.view is pane.grid and pane.grid.current_id() == 3
    pane.set_grid_mode(False)
    assert pane.table.current_id() == 3


def test_star_rating_by_click_and_keys(qtbot):
    from movierec_gui.ui.widgets.star_rating import StarRating

    stars = StarRating()
    qtbot.addWidget(stars)
    stars.show()
    qtbot.waitExposed(stars)
    s = stars._star()
    with qtbot.waitSignal(stars.rating_changed) as blocker:  # the left half of the 4th star: 3.5
        qtbot.mouseClick(stars, Qt.MouseButton.LeftButton, pos=QPoint(int(4 + 3 * s + s * 0.25), stars.height() // 2))
    assert blocker.args == [3.5]
    with qtbot.waitSignal(stars.rating_changed) as blocker:
        qtbot.mouseClick(stars, Qt.MouseButton.LeftButton, pos=QPoint(int(4 + 4 * s + s * 0.75), stars.height() // 2))
    assert blocker.args == [5.0]
    stars.setFocus()
    with qtbot.waitSignal(stars.rating_changed) as blocker:
        qtbot.keyClick(stars, Qt.Key.Key_Left)
    assert blocker.args == [4.5]
    with qtbot.waitSignal(stars.rating_changed) as blocker:
        qtbot.keyClick(stars, Qt.Key.Key_2)
    assert blocker.args == [2.0]
    with qtbot.waitSignal(stars.rating_changed) as blocker:
        qtbot.keyClick(stars, Qt.Key.Key_0)
    assert blocker.args == [None]
    assert stars.accessibleDescription() == "not rated"


def test_chip_bar_removes_and_restores(qtbot):
    from movierec_gui.ui.widgets.chip_bar import ChipBar

    bar = ChipBar()
    qtbot.addWidget(bar)
    bar.show()
    assert not bar.isVisible() or not bar.buttons
    bar.set_chips([("era", "1990s"), ("runtime", "≤ 100 min")])
    assert bar.isVisible() and set(bar.buttons) == {"era", "runtime"}
    assert bar.buttons["era"].accessibleName() == "Remove “1990s” from this search"
    with qtbot.waitSignal(bar.removed) as blocker:
        qtbot.mouseClick(bar.buttons["era"], Qt.MouseButton.LeftButton)
    assert blocker.args == ["era"]
    bar.set_chips([("runtime", "≤ 100 min")], dropped=[("era", "1990s")])
    assert bar.buttons["era"].font().strikeOut()
    with qtbot.waitSignal(bar.restored) as blocker:
        qtbot.mouseClick(bar.buttons["era"], Qt.MouseButton.LeftButton)
    assert blocker.args == ["era"]
    bar.set_chips([])
    assert not bar.isVisible()
