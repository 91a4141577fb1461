"""Long jobs and the library: startup, index builds, Pinecone sync, imports and settings."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import QMessageBox

from ...core.errors import Action as Remedy
from ...core.errors import Cancelled, KnownError
from ...services import CacheStatus, IndexPlan, Services
from ..actions import Action
from ..import_dialog import ImportDialog
from ..settings_dialog import SettingsDialog
from ..tasks import TaskContext, TaskHandle
from .base import Controller

if TYPE_CHECKING:
    from ..main_window import MainWindow


class JobsController(Controller):
    """Startup checks, the index build (with a cost check on paid APIs), sync, imports, settings."""

    def __init__(self, win: MainWindow) -> None:
        super().__init__(win)
        self._index_handle: TaskHandle | None = None
        self.paid_run_dialog: QMessageBox | None = None
        self.settings_dialog: SettingsDialog | None = None
        self.errors.set_remedy(Remedy.INDEX, "Build index", self.build_index)
        self.errors.set_remedy(Remedy.SYNC, "Sync now", self.sync_pinecone)

    # ------------------------------------------------------------------ startup
    @Slot()
    def start(self) -> None:
        self.win.results_pane.set_caption("Opening the catalog…")
        self.tasks.submit(lambda ctx, s=self.services: s.startup(), name="startup", pool="jobs",
                          on_done=self._on_startup, on_error=self._on_startup_failed)
        self.state.starting.emit()  # the browse list and the history load meanwhile, on their own pool

    def _on_startup(self, st: CacheStatus) -> None:
        self.state.cache_ok = None  # a fresh start: announce the index state again
        self.state.started.emit(st.ok)
        if st.ok:
            self._warm_up()
        if not st.ok or st.stale:
            self.offer_index(st)
        else:
            self.win.banner.hide()
        self.state.set_cache_ok(st.ok)
        self.win.startup_finished.emit(st)

    def _on_startup_failed(self, exc: BaseException) -> None:
        self.errors.present(exc)
        self.state.started.emit(False)

    def _warm_up(self) -> None:
        self.tasks.submit(lambda ctx, s=self.services: s.warm_up(), name="warm-up", pool="query",
                          on_error=self.errors.present)

    def offer_index(self, st: CacheStatus) -> None:
        if st.ok and st.films > st.vectors:
            text = (f"{st.films - st.vectors:,} of your {st.films:,} films are not in the search index yet. "
                    "Update it now? It runs in the background.")
        elif st.ok:
            text = "Your catalog changed since the search index was built. Update it now? It runs in the background."
        else:
            text = (f"Searching by meaning needs a search index for your {st.films:,} films. Build it now? "
                    "It runs in the background and you can cancel it; browsing works meanwhile.")
        self.win.banner.show_message(text, "info", [("Build now", self.build_index), ("Later", self.win.banner.hide)])

    # ------------------------------------------------------------------ index
    def build_index(self) -> None:
        """Build or update the vector cache in the background (progress, ETA, Cancel).

        A run on a paid API first shows what it will cost (the same plan the CLI prints).
        """
        if self.tasks.running("index"):
            return
        if self.services.embedder_kind == "openai" and self.services.openai_is_paid:
            self.tasks.submit(lambda ctx, s=self.services: s.plan_index(), name="plan-index", pool="io",
                              key="plan-index", on_done=self._confirm_paid_index, on_error=self.errors.present)
            return
        self._start_index()

    def _confirm_paid_index(self, plan: IndexPlan) -> QMessageBox:
        box = QMessageBox(QMessageBox.Icon.Question, "Build the search index",
                          f"This uses the paid OpenAI API.\n\n{plan.describe()}\n\nProceed?",
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, self.win)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(lambda result: result == QMessageBox.StandardButton.Yes and self._start_index())
        self.paid_run_dialog = box
        box.open()
        return box

    def _start_index(self) -> None:
        if self.tasks.running("index"):
            return
        self.win.banner.hide()
        handle = self.tasks.submit(lambda ctx, s=self.services: s.index(progress=ctx.progress),
                                   name="index", pool="jobs",
                                   on_progress=self.win.job_bar.update_progress, on_done=self._on_index_done,
                                   on_error=self._on_index_failed)
        self._index_handle = handle
        self.win.job_bar.start("Building the search index", handle.cancel)
        self.win.actions[Action.BUILD_INDEX].setEnabled(False)

    def _index_over(self) -> None:
        self._index_handle = None
        self.win.job_bar.finish()
        self.win.actions[Action.BUILD_INDEX].setEnabled(True)

    def _on_index_done(self, report: Any) -> None:
        self._index_over()
        self.status(f"Search index ready: {report.total:,} films ({report.embedded:,} embedded).", 8000)
        self._warm_up()
        self.state.cache_ok = None
        self.state.set_cache_ok(True)
        self.win.index_finished.emit(True)

    def _on_index_failed(self, exc: BaseException) -> None:
        self._index_over()
        if isinstance(exc, Cancelled):
            self.status("Index build cancelled. The previous index is unchanged; building again "
                        "resumes where it stopped.", 10000)
        else:
            self.errors.present(exc)
        self.win.index_finished.emit(False)

    # ------------------------------------------------------------------ sync
    def sync_pinecone(self) -> None:
        if self.tasks.running("sync"):
            return

        def run(ctx: TaskContext, s: Services = self.services) -> Any:
            return s.sync_pinecone(progress=ctx.progress, cancel=ctx.check)

        handle = self.tasks.submit(run, name="sync", pool="sync", on_progress=self.win.job_bar.update_progress,
                                   on_done=self._on_sync_done, on_error=self._on_sync_failed)
        self.win.job_bar.start("Syncing to Pinecone", handle.cancel)

    def _on_sync_done(self, report: Any) -> None:
        self.win.job_bar.finish()
        self.status(report.summary().splitlines()[0], 10000)

    def _on_sync_failed(self, exc: BaseException) -> None:
        self.win.job_bar.finish()
        if isinstance(exc, Cancelled):
            self.status("Sync cancelled; the next sync resumes where it stopped.", 8000)
        else:
            self.errors.present(exc)

    # ------------------------------------------------------------------ imports
    def open_import(self, kind: str) -> ImportDialog:
        dialog = ImportDialog(kind, self.win)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.import_requested.connect(partial(self._run_import, dialog))
        dialog.preview_requested.connect(partial(self._run_preview, dialog))
        dialog.undo_requested.connect(partial(self._undo_import, dialog))
        dialog.open()
        return dialog

    def _run_preview(self, dialog: ImportDialog, path: str, fmt: str) -> None:
        self.tasks.submit(lambda ctx, s=self.services: s.preview_history_import(Path(path), fmt), name="preview",
                          pool="jobs", on_done=lambda p: shiboken6.isValid(dialog) and dialog.show_preview(p),
                          on_error=partial(self._on_import_failed, dialog))

    def _run_import(self, dialog: ImportDialog, path: str, fmt: str) -> None:
        def run(ctx: TaskContext, s: Services = self.services) -> Any:
            ctx.check()
            if dialog.kind == "history":
                return s.import_history(Path(path), fmt)
            return s.import_catalog(Path(path), fmt, progress=lambda read: ctx.progress(read, 0, "reading"))

        dialog.set_running(True)
        handle = self.tasks.submit(run, name="import", pool="jobs", on_progress=dialog.set_progress,
                                   on_done=partial(self._on_import_done, dialog),
                                   on_error=partial(self._on_import_failed, dialog))
        dialog.cancel_requested.connect(handle.cancel)

    def _undo_import(self, dialog: ImportDialog) -> None:
        def done(result: Any) -> None:
            self.state.history_dirty.emit()
            text = f"{result.restored:,} entries put back as they were"
            text += f"; {result.kept:,} changed since were kept." if result.kept else "."
            if shiboken6.isValid(dialog):
                dialog.show_undone(text)
            self.status(f"Import undone: {text}")

        self.tasks.submit(lambda ctx, s=self.services: s.history_undo_import(), name="undo-import", pool="jobs",
                          on_done=done, on_error=partial(self._on_import_failed, dialog))

    def _on_import_done(self, dialog: ImportDialog, report: Any) -> None:
        if shiboken6.isValid(dialog):
            dialog.show_report(report)
        if dialog.kind == "history":
            self.state.history_dirty.emit()
        else:
            self.catalog_changed()

    def catalog_changed(self) -> None:
        """Films were added (an import, a TMDB fetch): reload the lists and offer to index the new ones."""
        self.state.catalog_changed.emit()
        self.tasks.submit(lambda ctx, s=self.services: s.startup(), name="cache-check", pool="jobs",
                          on_done=self._after_catalog_change, on_error=self.errors.present)

    def _after_catalog_change(self, st: CacheStatus) -> None:
        self.state.set_cache_ok(st.ok)
        if not st.ok or st.stale:
            self.offer_index(st)

    def _on_import_failed(self, dialog: ImportDialog, exc: BaseException) -> None:
        message = "cancelled" if isinstance(exc, Cancelled) else str(exc) or type(exc).__name__
        if shiboken6.isValid(dialog):
            dialog.show_error(message)
        if not isinstance(exc, KnownError | Cancelled):
            self.errors.present(exc)

    # ------------------------------------------------------------------ settings
    def open_settings(self) -> None:
        self.tasks.submit(lambda ctx, s=self.services: s.masked_secrets(), name="secrets", pool="io",
                          on_done=self.show_settings_dialog, on_error=self.errors.present)

    def show_settings_dialog(self, masked: dict[str, str]) -> SettingsDialog:
        dialog = SettingsDialog(self.services.settings_form(), self.services.folders, masked, self.win,
                                validate=lambda c: self.services.settings_problem(c.settings, c.secrets))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.apply_settings(dialog.change()))
        dialog.open()
        self.settings_dialog = dialog
        return dialog

    def apply_settings(self, change: Any) -> None:
        if self.win.theme is not None:
            self.win.theme.set_mode(change.settings.theme)
        self.tasks.submit(lambda ctx, s=self.services: s.save_settings(change.settings, change.secrets),
                          name="save-settings", pool="io", on_done=self._on_settings_saved,
                          on_error=self.errors.present)

    def _on_settings_saved(self, search_changed: bool) -> None:
        self.status("Settings saved.")
        if not search_changed:
            return
        self.state.cache_ok = None
        self.start()
