"""The window's actions as a registry (Picard's ``mainwindow/actions.py``): an ``Action`` enum and factories.

Controllers enable or disable ``window.actions[Action.BUILD_INDEX]`` without knowing the menus;
the menus are laid out once from ``MENUS``.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum, auto
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenuBar

if TYPE_CHECKING:
    from .main_window import MainWindow


class Action(Enum):
    IMPORT_HISTORY = auto()
    EXPORT_HISTORY = auto()
    RESTORE_HISTORY = auto()
    UNDO_IMPORT = auto()
    IMPORT_FILMS = auto()
    QUIT = auto()
    BUILD_INDEX = auto()
    SYNC = auto()
    FETCH_TMDB = auto()
    SETTINGS = auto()
    FIND = auto()
    SHOW_RESULTS = auto()
    SHOW_RECOMMENDATIONS = auto()
    SHOW_MAP = auto()
    TOGGLE_GRID = auto()
    SHOW_HISTORY = auto()
    WELCOME = auto()
    ABOUT = auto()


_Factory = Callable[["MainWindow"], QAction]
_FACTORIES: dict[Action, _Factory] = {}


def add_action(key: Action) -> Callable[[_Factory], _Factory]:
    def register(factory: _Factory) -> _Factory:
        _FACTORIES[key] = factory
        return factory

    return register


def _make(win: MainWindow, text: str, slot: Callable[[], object], shortcut: QKeySequence | str | None = None,
          tip: str = "") -> QAction:
    action = QAction(text, win)
    action.triggered.connect(lambda _checked=False: slot())
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    if tip:
        action.setStatusTip(tip)
        action.setToolTip(tip)
    return action


@add_action(Action.IMPORT_HISTORY)
def _import_history(win: MainWindow) -> QAction:
    return _make(win, "Import &watch history…", win.open_history_import, "Ctrl+Shift+H", "Letterboxd, IMDb or CSV")


@add_action(Action.EXPORT_HISTORY)
def _export_history(win: MainWindow) -> QAction:
    return _make(win, "&Export watch history…", win.history.export)


@add_action(Action.RESTORE_HISTORY)
def _restore_history(win: MainWindow) -> QAction:
    return _make(win, "&Restore history…", win.open_restore_dialog, tip="Go back to an automatic snapshot")


@add_action(Action.UNDO_IMPORT)
def _undo_import(win: MainWindow) -> QAction:
    return _make(win, "&Undo last import…", win.undo_last_import, tip="Take back the last history import")


@add_action(Action.IMPORT_FILMS)
def _import_films(win: MainWindow) -> QAction:
    return _make(win, "Import &films…", win.open_catalog_import, "Ctrl+Shift+I")


@add_action(Action.QUIT)
def _quit(win: MainWindow) -> QAction:
    return _make(win, "&Quit", win.close, QKeySequence.StandardKey.Quit)


@add_action(Action.BUILD_INDEX)
def _build_index(win: MainWindow) -> QAction:
    return _make(win, "&Build search index", win.build_index, "Ctrl+B", "Embed new and changed films (resumable)")


@add_action(Action.SYNC)
def _sync(win: MainWindow) -> QAction:
    return _make(win, "&Sync to Pinecone", win.sync_pinecone)


@add_action(Action.FETCH_TMDB)
def _fetch_tmdb(win: MainWindow) -> QAction:
    return _make(win, "Get more films from &TMDB…", win.open_tmdb, tip="Films and posters from TMDB, with your key")


@add_action(Action.SETTINGS)
def _settings(win: MainWindow) -> QAction:
    return _make(win, "&Settings…", win.jobs.open_settings, QKeySequence.StandardKey.Preferences)


@add_action(Action.FIND)
def _find(win: MainWindow) -> QAction:
    action = _make(win, "&Find", win.search_pane.focus_query, QKeySequence.StandardKey.Find)
    action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    return action


@add_action(Action.SHOW_RESULTS)
def _show_results(win: MainWindow) -> QAction:
    return _make(win, "&Results", lambda: win.tabs.setCurrentIndex(0), "Ctrl+1")


@add_action(Action.SHOW_RECOMMENDATIONS)
def _show_recs(win: MainWindow) -> QAction:
    return _make(win, "R&ecommendations", lambda: win.tabs.setCurrentIndex(1), "Ctrl+2")


@add_action(Action.SHOW_MAP)
def _show_map(win: MainWindow) -> QAction:
    return _make(win, "&Taste map", lambda: win.tabs.setCurrentIndex(2), "Ctrl+3")


@add_action(Action.TOGGLE_GRID)
def _toggle_grid(win: MainWindow) -> QAction:
    action = _make(win, "&Covers", lambda: win.set_grid_mode(action.isChecked()), "Ctrl+G",
                   "Show films as covers (on) or as a table (off)")
    action.setCheckable(True)
    return action


@add_action(Action.SHOW_HISTORY)
def _show_history(win: MainWindow) -> QAction:
    return _make(win, "My &history as a film list", win.search.show_history, "Ctrl+Y",
                 "Your history with covers (or as a table) in the results area")


@add_action(Action.WELCOME)
def _welcome(win: MainWindow) -> QAction:
    return _make(win, "&Getting started…", win.show_welcome, None, "Import a history, pick films you love, or search")


@add_action(Action.ABOUT)
def _about(win: MainWindow) -> QAction:
    return _make(win, "&About MovieRec", win.show_about)


#: Menu layout: ``None`` is a separator.
MENUS: tuple[tuple[str, tuple[Action | None, ...]], ...] = (
    ("&File", (Action.IMPORT_HISTORY, Action.EXPORT_HISTORY, Action.RESTORE_HISTORY, Action.UNDO_IMPORT,
               Action.IMPORT_FILMS, None, Action.QUIT)),
    ("&Library", (Action.BUILD_INDEX, Action.SYNC, Action.FETCH_TMDB, None, Action.SETTINGS)),
    ("&View", (Action.FIND, Action.TOGGLE_GRID, Action.SHOW_HISTORY, None, Action.SHOW_RESULTS,
               Action.SHOW_RECOMMENDATIONS, Action.SHOW_MAP)),
    ("&Help", (Action.WELCOME, Action.ABOUT)),
)


def create_actions(win: MainWindow) -> dict[Action, QAction]:
    """One ``QAction`` per ``Action``, parented to the window (so shortcuts work without a menu)."""
    actions = {key: factory(win) for key, factory in _FACTORIES.items()}
    for action in actions.values():
        win.addAction(action)
    return actions


def build_menus(bar: QMenuBar, actions: dict[Action, QAction]) -> None:
    for title, keys in MENUS:
        menu = bar.addMenu(title)
        for key in keys:
            if key is None:
                menu.addSeparator()
            else:
                menu.addAction(actions[key])
