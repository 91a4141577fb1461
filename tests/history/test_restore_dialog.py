"""The GUI's *Restore history / undo import* dialog (pytest-qt, real widgets offscreen)."""

from __future__ import annotations

import csv

import pytest

pytest.importorskip("PySide6")


@pytest.fixture
def services(home):
    from movierec_gui.services import Services

    s = Services(home)
    for title in ("Ex Machina", "The Witch"):
        s.history_add(title, kind="liked")
    return s


def write_history_csv(path):
    with open(path, "w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(["title", "year", "rating"])
        out.writerow(["Whale Rider", 2002, 4])
        out.writerow(["Under the Skin", 2013, 3])
    return path


def yes(*_args) -> bool:
    return True


def no(*_args) -> bool:
    return False


def test_restore_a_snapshot_from_the_dialog(qtbot, services):
    from movierec_gui.ui.restore_dialog import RestoreDialog

    services.history_clear()
    dialog = RestoreDialog(services, confirm=no)
    qtbot.addWidget(dialog)
    rows = [dialog.table.item(r, 1).text() for r in range(dialog.table.rowCount())]
    assert rows[0] == "Before clearing the history"
    assert dialog.table.item(0, 2).text() == "2"
    assert dialog.restore_button.isEnabled() and not dialog.undo_button.isEnabled()

    dialog.restore_selected()  # the person says no: nothing changes
    assert services.history_count() == 0

    dialog._confirm = yes
    with qtbot.waitSignal(dialog.history_changed, timeout=5000) as signal:
        qtbot.mouseClick(dialog.restore_button, qtbot_left())
    assert "History restored" in signal.args[0]
    assert services.history_count() == 2
    assert dialog.table.item(0, 1).text() == "Before a restore"  # the emptied history was saved too


def test_undo_last_import_from_the_dialog(qtbot, services, tmp_path):
    from movierec_gui.ui.restore_dialog import RestoreDialog

    services.import_history(write_history_csv(tmp_path / "h.csv"))
    assert services.history_count() == 4
    dialog = RestoreDialog(services, confirm=yes)
    qtbot.addWidget(dialog)
    assert dialog.undo_button.isEnabled() and "import h.csv" in dialog.undo_button.toolTip()
    with qtbot.waitSignal(dialog.history_changed, timeout=5000) as signal:
        qtbot.mouseClick(dialog.undo_button, qtbot_left())
    assert "2 entries put back" in signal.args[0]
    assert services.history_count() == 2
    assert not dialog.undo_button.isEnabled()


def qtbot_left():
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton


def test_main_window_file_menu_opens_the_dialog(qtbot, services, tmp_path, monkeypatch):
    from movierec_gui.ui.main_window import MainWindow
    from movierec_gui.ui.restore_dialog import RestoreDialog

    services.history_clear()
    win = MainWindow(services)
    qtbot.addWidget(win)
    try:
        file_menu = win.menuBar().actions()[0].menu()
        next(a for a in file_menu.actions() if "Restore history" in a.text()).trigger()
        (dialog,) = win.findChildren(RestoreDialog)  # "Restore history…"
        assert dialog.isVisible() and dialog.table.item(0, 1).text() == "Before clearing the history"
        dialog._confirm = yes
        dialog.restore_selected()
        assert services.history_count() == 2
        assert "History restored" in win.statusBar().currentMessage()
        dialog.close()

        services.import_history(write_history_csv(tmp_path / "h.csv"))
        assert services.history_count() == 4
        monkeypatch.setattr("movierec_gui.ui.restore_dialog.ask", yes)
        next(a for a in file_menu.actions() if "Undo last import" in a.text()).trigger()
        assert services.history_count() == 2
        assert "2 entries put back" in win.statusBar().currentMessage()
        for d in win.findChildren(RestoreDialog):
            d.close()
    finally:
        win.tasks.shutdown()
        win.tasks.wait(10_000)
        win.close()
