"""Render the real window offscreen: every scene in light, dark, 1024×640 and at 200 % scale.

    python scripts/screenshots.py [--out DIR] [--home HOME] [--only VARIANT] [--scenes first-run,taste-map]

Scenes: first run (the welcome dialog), search as covers, search as a table, recommendations,
details with a cover, the taste map, an import preview. Variants: ``light`` and ``dark``
(1280×800), ``small`` (1024×640, light) and ``hidpi`` (1280×800 at QT_SCALE_FACTOR=2).
Files are ``<scene>-<variant>.png``.

Uses a temporary app home with the bundled starter catalog (our own texts; ``--home`` copies
an existing home instead, e.g. one whose index is already built), so nothing third-party
appears. Each variant runs in its own process because the scale factor must be set before
Qt starts. Pick the best shots for docs/screenshots/ by hand, after looking at them.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VARIANTS = {
    # name: (theme, scale, width, height)
    "light": ("light", "1", 1280, 800),
    "dark": ("dark", "1", 1280, 800),
    "small": ("light", "1", 1024, 640),
    "hidpi": ("light", "2", 1280, 800),
}
SCENES = ("first-run", "search-grid", "search-table", "details", "recommendations", "taste-map", "import-preview")
QUERY = "a heist that goes wrong"
SEEDS = ("space exploration", "a quiet family drama", "animated adventure")


def wait_until(app, predicate, timeout: float = 120.0) -> None:
    end = time.perf_counter() + timeout
    while not predicate():
        if time.perf_counter() > end:
            raise SystemExit("timed out waiting for the window")
        app.processEvents()
        time.sleep(0.005)


def settle(app, win, rounds: int = 30) -> None:
    """Wait for every task (covers included) and let the window repaint."""
    for _ in range(3):
        wait_until(app, lambda: win.tasks.busy == 0)
        for _ in range(rounds):
            app.processEvents()
            time.sleep(0.01)


def render(variant: str, out: Path, home: Path, scenes: list[str]) -> None:
    theme, _scale, width, height = VARIANTS[variant]
    sys.path.insert(0, str(ROOT))
    from movierec_gui.core.models import EntryKind, SearchFilters
    from movierec_gui.services import Services
    from movierec_gui.ui import workers
    from movierec_gui.ui.app import create_app
    from movierec_gui.ui.main_window import MainWindow
    from movierec_gui.ui.theme import ThemeFollower

    services = Services(home)
    services.ensure_starter()
    services.history_clear()
    app = create_app()
    follower = ThemeFollower(app, theme)
    win = MainWindow(services, theme=follower)
    win.persist_state = False
    win.resize(width, height)
    win.show()
    wait_until(app, lambda: win.results_pane.table.proxy.rowCount() > 0)
    settle(app, win)

    def save(widget, scene: str) -> None:
        path = out / f"{scene}-{variant}.png"
        widget.grab().save(str(path))
        print(f"wrote {path} ({widget.width()}×{widget.height()} at scale {os.environ.get('QT_SCALE_FACTOR', '1')})")

    if "first-run" in scenes:
        dialog = win.show_welcome()
        wait_until(app, lambda: len(dialog.cards) > 0)
        dialog.resize(min(width - 40, 1100), min(height - 40, 700))
        settle(app, win)
        save(dialog, "first-run")
        dialog.close()

    # A small, believable history for the rest.
    for i, q in enumerate(SEEDS):
        rows = workers.search(services, q, SearchFilters())
        services.mark(rows.ids[:2].tolist(), EntryKind.LIKED if i < 2 else EntryKind.WATCHED)
        services.rate(int(rows.ids[0]), 4.5 - i)
    win.app_state.history_dirty.emit()
    shown: list[str] = []
    win.results_shown.connect(lambda mode, n: shown.append(mode))
    win.search_pane.set_query(QUERY)
    wait_until(app, lambda: "search" in shown)
    win.results_pane.select_row(1)
    wait_until(app, lambda: win.details_pane.movie is not None)
    settle(app, win)

    if "search-grid" in scenes:
        win.set_grid_mode(True, remember=False)
        settle(app, win)
        save(win, "search-grid")
    if "details" in scenes:
        settle(app, win)
        save(win.details_pane, "details")
    if "search-table" in scenes:
        win.set_grid_mode(False, remember=False)
        settle(app, win)
        save(win, "search-table")
    if "recommendations" in scenes:
        win.tabs.setCurrentIndex(1)
        settle(app, win)
        save(win, "recommendations")
    if "taste-map" in scenes:
        win.tabs.setCurrentIndex(2)
        wait_until(app, lambda: win.taste_map.has_data)
        marks = list(win.app_state.history_kinds)
        if marks:
            win.taste_map._hover = marks[0]  # show the hover label in the picture
        settle(app, win)
        save(win, "taste-map")
    if "import-preview" in scenes:
        rows = workers.search(services, "a detective story", SearchFilters())
        lines = ["Date,Name,Year,Letterboxd URI,Rating"]
        for k, i in enumerate(rows.ids[:6].tolist()):
            film = services.film(int(i))
            if film is not None:
                lines.append(f'2024-02-0{k + 1},"{film.title}",{film.year or ""},https://boxd.it/x{k},{3 + k % 3}')
        lines.append("2024-02-09,A Film Nobody Made,1999,https://boxd.it/none,2")
        csv = home / "letterboxd-ratings.csv"
        csv.write_text("\n".join(lines) + "\n", encoding="utf-8")
        dialog = win.open_history_import()
        dialog.path_edit.setText(str(csv))
        dialog.preview_button.click()
        wait_until(app, lambda: dialog.previewed)
        settle(app, win)
        save(dialog, "import-preview")
        dialog.close()
    win.tasks.shutdown()
    win.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    ap.add_argument("--home", type=Path, help="copy this app home (with its index) instead of building one")
    ap.add_argument("--only", choices=sorted(VARIANTS))
    ap.add_argument("--scenes", default=",".join(SCENES), help="comma-separated subset of: " + ", ".join(SCENES))
    ap.add_argument("--child", choices=sorted(VARIANTS), help=argparse.SUPPRESS)
    ap.add_argument("--child-home", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    scenes = [s for s in args.scenes.split(",") if s]
    if args.child:
        render(args.child, args.out, args.child_home, scenes)
        return
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="movierec-shots-") as tmp:
        for name in [args.only] if args.only else VARIANTS:
            home = Path(tmp) / name
            if args.home:
                shutil.copytree(args.home, home)
            env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
            env.update(QT_QPA_PLATFORM="offscreen", QT_SCALE_FACTOR=VARIANTS[name][1], MOVIEREC_HOME=str(home),
                       MOVIEREC_STARTER="0" if args.home else "1",
                       PYTHON_KEYRING_BACKEND="keyring.backends.null.Keyring")
            subprocess.run([sys.executable, __file__, "--child", name, "--out", str(args.out), "--child-home",
                            str(home), "--scenes", ",".join(scenes)], env=env, check=True)


if __name__ == "__main__":
    main()
