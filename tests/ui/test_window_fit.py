"""A window that fits: nothing clipped or off-screen at common sizes and at 200 % scale; every control named."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from movierec_gui.ui.models import MovieTableModel
from tests.ui.fit import fit_problems, unnamed_controls

ROOT = Path(__file__).resolve().parents[2]
SIZES = [(1024, 640), (1280, 800), (1920, 1080)]


def settle(qtbot, win) -> None:
    qtbot.waitUntil(lambda: win.tasks.busy == 0, timeout=30_000)
    qtbot.wait(50)


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_nothing_is_clipped_or_off_screen(make_window, qtbot, width, height):
    win = make_window()
    win.resize(width, height)
    settle(qtbot, win)
    for tab in range(3):
        win.tabs.setCurrentIndex(tab)
        settle(qtbot, win)
        assert fit_problems(win) == [], f"tab {tab} at {width}×{height}"
    # The recommendations' "Because you liked" column is on screen (it was off-screen at 1024×640).
    win.tabs.setCurrentIndex(1)
    table = win.recs_pane.table
    header = table.horizontalHeader()
    col = MovieTableModel.COL_BECAUSE
    assert not table.isColumnHidden(col)
    assert header.sectionViewportPosition(col) >= 0
    assert header.sectionViewportPosition(col) + header.sectionSize(col) <= table.viewport().width() + 1
    # The details panel keeps room for its controls.
    assert win.details_pane.width() >= win.details_pane.minimumSizeHint().width() - 1
    win.set_grid_mode(True, remember=False)
    win.tabs.setCurrentIndex(0)
    settle(qtbot, win)
    assert fit_problems(win) == []


def test_every_control_has_an_accessible_name_and_tab_reaches_the_main_areas(make_window, qtbot):
    win = make_window()
    settle(qtbot, win)
    assert unnamed_controls(win) == []
    # Keyboard: Tab from the search box walks into the film list and the details panel.
    win.search_pane.focus_query()
    seen = set()
    widget = win.search_pane.query_edit
    for _ in range(40):
        widget = widget.nextInFocusChain()
        while not (widget.isVisible() and widget.isEnabled() and widget.focusPolicy() & widget.focusPolicy().TabFocus):
            widget = widget.nextInFocusChain()
        seen.add(widget)
    assert win.results_pane.table in seen
    assert win.history_pane.view in seen
    assert any(w is win.details_pane.stars or win.details_pane.isAncestorOf(w) for w in seen)


SCALED = r"""
import sys, time
sys.path.insert(0, {root!r})
from movierec_gui.services import Services
from movierec_gui.ui.app import create_app
from movierec_gui.ui.main_window import MainWindow
from tests.ui.fit import fit_problems
app = create_app()
win = MainWindow(Services({home!r}))
win.persist_state = False
win.resize(1024, 640)
win.show()
end = time.time() + 60
while not (win.results_pane.table.proxy.rowCount() and win.tasks.busy == 0) and time.time() < end:
    app.processEvents(); time.sleep(0.01)
problems = []
for tab in range(3):
    win.tabs.setCurrentIndex(tab)
    for _ in range(20):
        app.processEvents(); time.sleep(0.01)
    problems += fit_problems(win)
print("ratio", win.devicePixelRatioF())
print("problems", problems)
win.tasks.shutdown(); win.tasks.wait(10000)
"""


def test_nothing_is_clipped_at_200_percent(home):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.update(QT_QPA_PLATFORM="offscreen", QT_SCALE_FACTOR="2", MOVIEREC_HOME=str(home), MOVIEREC_STARTER="0")
    proc = subprocess.run([sys.executable, "-c", SCALED.format(root=str(ROOT), home=str(home))], env=env,
                          capture_output=True, text=True, timeout=180, cwd=str(ROOT))
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "ratio 2.0" in proc.stdout
    assert "problems []" in proc.stdout, proc.stdout
