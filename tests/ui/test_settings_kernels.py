"""The local model's speed choice (integer or exact kernels) in the settings dialog."""

from __future__ import annotations

from movierec_gui.config import Settings
from movierec_gui.services import Services
from movierec_gui.ui.settings_dialog import SettingsDialog


def _dialog(svc: Services, qtbot) -> SettingsDialog:
    dialog = SettingsDialog(svc.settings_form(), svc.folders, {}, validate=lambda c: svc.settings_problem(
        c.settings, c.secrets))
    qtbot.addWidget(dialog)
    return dialog


def test_kernel_choice_is_shown_for_the_local_model_only_and_saved(qtbot, tmp_path):
    svc = Services(tmp_path / "home")
    try:
        dialog = _dialog(svc, qtbot)
        assert dialog.kernels.currentData() == "integer" and dialog.kernels.isEnabled()
        dialog.embedder.setCurrentIndex(dialog.embedder.findData("openai"))
        assert not dialog.kernels.isEnabled()
        dialog.embedder.setCurrentIndex(dialog.embedder.findData("local"))
        dialog.kernels.setCurrentIndex(dialog.kernels.findData("exact"))
        change = dialog.change()
        assert change.settings.local_kernels == "exact"
        assert svc.save_settings(change.settings, change.secrets) is True  # search is rebuilt on the other graph
        assert Settings.load(svc._paths.settings_file).local_kernels == "exact"
        assert svc.settings_form().local_kernels == "exact"
        assert _dialog(svc, qtbot).kernels.currentData() == "exact"  # the dialog opens on what was saved
    finally:
        svc._catalog.close()
