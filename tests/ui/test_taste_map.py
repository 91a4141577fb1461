"""The taste map: named regions from the full space, zoom and pan, and "more from here"."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPoint, QPointF, Qt

from movierec_gui.ui.map_layout import layout, region_names
from movierec_gui.ui.widgets.taste_map import TasteMap
from movierec_gui.ui.workers import TasteMapData


def three_kinds(n: int = 300, d: int = 32, seed: int = 0):
    rng = np.random.default_rng(seed)
    axes = np.eye(d, dtype=np.float32)[:3] * 4
    kind = np.arange(n) % 3
    x = axes[kind] + rng.normal(0, 0.5, (n, d)).astype(np.float32)
    genres = [(("Horror", "Thriller"), ("Comedy", "Romance"), ("Western",))[k] for k in kind]
    keywords = {i: (("zombie",), ("wedding",), ("outlaw",))[kind[i]] for i in range(n)}
    return x, kind, genres, keywords


def test_regions_follow_the_full_space_and_are_named_by_what_they_hold():
    x, kind, genres, keywords = three_kinds()
    lay = layout(x)
    assert lay.xy.shape == (300, 2) and lay.xy.min() >= 0 and lay.xy.max() <= 1
    # Each region holds one kind of film only (k-means ran in the full space).
    for r in np.unique(lay.region):
        assert len(set(kind[lay.region == r])) == 1
    names = region_names(lay.region, genres, keywords, len(lay.sizes))
    for r in np.unique(lay.region):
        k = kind[lay.region == r][0]
        assert names[r] == ("Horror · Thriller — zombie", "Comedy · Romance — wedding", "Western — outlaw")[k]
    # Kinds land apart on the plane: the gap between kinds exceeds the spread within one.
    means = np.array([lay.xy[kind == k].mean(0) for k in range(3)])
    spread = max(lay.xy[kind == k].std(0).max() for k in range(3))
    assert min(np.linalg.norm(means[a] - means[b]) for a in range(3) for b in range(a + 1, 3)) > 2 * spread


def map_widget(qtbot) -> TasteMap:
    x, _kind, genres, keywords = three_kinds()
    lay = layout(x)
    names = region_names(lay.region, genres, keywords, len(lay.sizes))
    data = TasteMapData(np.arange(300, dtype=np.int64), lay.xy, [f"Film {i}" for i in range(300)], lay.region,
                        lay.centres_xy, names, x, lay.centres, np.zeros(300, dtype=np.float32))
    tm = TasteMap()
    qtbot.addWidget(tm)
    tm.resize(700, 500)
    tm.show()
    qtbot.waitExposed(tm)
    tm.set_data(data)
    return tm


def test_labels_are_drawn_on_screen_without_overlap(qtbot):
    tm = map_widget(qtbot)
    rects = tm.label_rects()
    assert len(rects) >= 3  # every region of this small map is named on screen
    boxes = list(rects.values())
    assert all(not a.intersects(b) for i, a in enumerate(boxes) for b in boxes[i + 1:])
    assert all(tm.rect().contains(b.toRect()) for b in boxes)
    tm.grab()  # paints without error


def test_zoom_around_the_pointer_and_pan(qtbot):
    tm = map_widget(qtbot)
    anchor = tm.screen_pos(0)
    tm.zoom_by(2.0, anchor)
    assert tm.zoom == 2.0
    after = tm.screen_pos(0)
    assert abs(after.x() - anchor.x()) < 1 and abs(after.y() - anchor.y()) < 1  # the point under the pointer stays
    other_before = tm.screen_pos(1)
    tm.setFocus()
    qtbot.keyClick(tm, Qt.Key.Key_Right)
    assert tm.screen_pos(1).x() < other_before.x()  # panned
    qtbot.keyClick(tm, Qt.Key.Key_Home)
    assert tm.zoom == 1.0
    qtbot.keyClick(tm, Qt.Key.Key_Plus)
    assert tm.zoom > 1.0


def test_a_click_in_a_region_asks_for_more_from_it(qtbot):
    tm = map_widget(qtbot)
    # A point on a region's name, moved off any dot.
    _r, box = next(iter(tm.label_rects().items()))
    with qtbot.waitSignal(tm.region_clicked, timeout=2000) as blocker:
        pos = box.center()
        while tm.point_at(pos) is not None:
            pos = QPointF(pos.x() + 3, pos.y())
        qtbot.mouseClick(tm, Qt.MouseButton.LeftButton, pos=QPoint(int(pos.x()), int(pos.y())))
    assert blocker.args[1] == tm.region_name(blocker.args[0])


def test_more_from_here_in_the_window(make_window, qtbot):
    win = make_window()
    win.tabs.setCurrentWidget(win.taste_map)
    qtbot.waitUntil(lambda: win.taste_map.has_data, timeout=30_000)
    tm = win.taste_map
    assert tm.data.names and all(tm.data.names)
    region = int(np.bincount(tm.data.region).argmax())
    with qtbot.waitSignal(win.results_shown, timeout=30_000, check_params_cb=lambda m, n: m == "region") as b:
        tm.region_clicked.emit(region, tm.region_name(region))
    assert b.args[1] > 0
    assert win.tabs.currentIndex() == 0 and "More from" in win.results_pane.caption.text()
    ids = win.results_pane.table.source_model.ids()
    members = set(tm.data.ids[tm.data.region == region].tolist())
    assert set(ids) <= members
