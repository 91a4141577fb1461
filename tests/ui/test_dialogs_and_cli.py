"""Import dialog with its per-row report, the ``movierec gui`` command, and the self-test."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys

from PySide6.QtCore import Qt

from movierec_gui.ui.models import ImportReportModel

LETTERBOXD_RATINGS = """Date,Name,Year,Letterboxd URI,Rating
2024-01-05,Avatar,2009,https://boxd.it/a,4.5
2024-01-06,Spectre,2015,https://boxd.it/b,3
2024-01-07,A Film Nobody Made,1999,https://boxd.it/c,2
"""


def test_history_import_shows_a_per_row_report(make_window, qtbot, tmp_path):
    path = tmp_path / "ratings.csv"
    path.write_text(LETTERBOXD_RATINGS, encoding="utf-8")
    win = make_window()
    dialog = win.open_history_import()
    dialog.path_edit.setText(str(path))
    with qtbot.waitSignal(win.history_loaded, timeout=30_000):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert "<b>2</b> matched" in dialog.summary.text()
    model = dialog.report_model
    assert model.rowCount() == 1
    row = model.row(0)
    assert (row.title, row.year, row.problem) == ("A Film Nobody Made", 1999, "not in catalog")
    assert model.index(0, ImportReportModel.COL_PROBLEM).data() == "not in catalog"
    assert win.history_pane.model.rowCount() == 2
    dialog.close()


def test_history_import_preview_writes_nothing_then_commits(make_window, qtbot, tmp_path, qtmodeltester):
    path = tmp_path / "ratings.csv"
    path.write_text(LETTERBOXD_RATINGS, encoding="utf-8")
    win = make_window()
    dialog = win.open_history_import()
    dialog.path_edit.setText(str(path))
    qtbot.mouseClick(dialog.preview_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.previewed, timeout=30_000)
    assert "nothing is written yet" in dialog.summary.text()
    assert "<b>2</b> films would be added" in dialog.summary.text()
    qtmodeltester.check(dialog.report_model)
    rows = [dialog.report_model.row(i) for i in range(dialog.report_model.rowCount())]
    assert {(r.title, r.problem) for r in rows if r.problem.startswith("will be added")} == {
        ("Avatar", "will be added: watched, 4.5 ★"), ("Spectre", "will be added: watched, 3 ★")}
    assert win.services.history_count() == 0  # the preview wrote nothing
    assert dialog.import_button.text() == "Add to history"
    with qtbot.waitSignal(win.history_loaded, timeout=30_000):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert win.history_pane.model.rowCount() == 2
    # Undo import, from the same dialog: the history is back to empty.
    assert dialog.undo_button.isVisible()
    with qtbot.waitSignal(win.history_loaded, timeout=30_000):
        qtbot.mouseClick(dialog.undo_button, Qt.MouseButton.LeftButton)
    assert win.history_pane.model.rowCount() == 0 and win.services.history_count() == 0
    assert "Import undone" in dialog.summary.text() and not dialog.undo_button.isVisible()
    dialog.close()


def test_catalog_import_failure_is_reported_in_the_dialog(make_window, qtbot, tmp_path):
    win = make_window()
    dialog = win.open_catalog_import()
    dialog.path_edit.setText(str(tmp_path / "missing.csv"))
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Import failed" in dialog.summary.text(), timeout=10_000)
    assert dialog.import_button.isEnabled()
    dialog.close()


def test_gui_without_a_display_points_to_the_cli(monkeypatch, capsys):
    from movierec_gui.commands.gui import launch

    monkeypatch.setattr(sys, "platform", "linux")
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    assert launch(None, argparse.Namespace()) == 0
    err = capsys.readouterr().err
    assert "no display" in err and "movierec search" in err


def test_cli_parses_gui_and_global_selftest():
    from movierec_gui.cli import build_parser

    parser = build_parser()
    assert parser.parse_args(["gui", "--selftest"]).selftest is True
    assert parser.parse_args(["--selftest", "gui"]).selftest is True  # the sub-parser keeps the global flag
    assert parser.parse_args(["gui"]).selftest is False


def test_selftest_runs_offscreen_and_exits_0(home):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env.update(MOVIEREC_HOME=str(home), MOVIEREC_STARTER="0")
    proc = subprocess.run([sys.executable, "-m", "movierec_gui", "gui", "--selftest"], env=env,
                          capture_output=True, text=True, timeout=180)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "selftest: ok" in proc.stderr
    assert not (home / "window.ini").exists()  # the self-test leaves the user's window state alone
