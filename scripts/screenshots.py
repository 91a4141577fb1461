"""Render the real window offscreen into docs/screenshots/ (light, dark, and at 200% scale).

    python scripts/screenshots.py [--out docs/screenshots]

Uses a temporary app home with the bundled starter catalog (our own texts and shipped
vectors, so nothing is embedded and no third-party text appears), marks a few films in
the history, runs a search and waits for results, details and recommendations, then
saves ``window.grab()``. Each variant runs in its own process because the scale factor
must be set before Qt starts.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VARIANTS = {
    # name: (theme, scale, tab)
    "main-light": ("light", "1", 0),
    "main-dark": ("dark", "1", 0),
    "main-light-200": ("light", "2", 0),
    "recommendations-dark": ("dark", "1", 1),
    "taste-map-light": ("light", "1", 2),
}
QUERY = "a heist that goes wrong"
SEEDS = ("space exploration", "a quiet family drama", "animated adventure")


def wait_until(app, predicate, timeout: float = 120.0) -> None:
    end = time.perf_counter() + timeout
    while not predicate():
        if time.perf_counter() > end:
            raise SystemExit("timed out waiting for the window")
        app.processEvents()
        time.sleep(0.005)


def render(name: str, out: Path, home: Path) -> None:
    theme, _scale, tab = VARIANTS[name]
    sys.path.insert(0, str(ROOT))
    from movierec_gui.core.models import EntryKind, SearchFilters
    from movierec_gui.services import Services
    from movierec_gui.ui import workers
    from movierec_gui.ui.app import create_app
    from movierec_gui.ui.main_window import MainWindow
    from movierec_gui.ui.theme import ThemeFollower

    services = Services(home)
    services.ensure_starter()
    if not services._history().count():
        for i, q in enumerate(SEEDS):  # a small, believable history
            rows = workers.search(services, q, SearchFilters())
            services.mark(rows.ids[:2].tolist(), EntryKind.LIKED if i < 2 else EntryKind.WATCHED)
            services.rate(int(rows.ids[0]), 4.5 - i)
    app = create_app()
    follower = ThemeFollower(app, theme)
    win = MainWindow(services, theme=follower)
    win.persist_state = False
    win.search_pane.set_query(QUERY, emit=False)
    win.resize(1280, 800)
    win.show()
    shown, recs = [], []
    win.results_shown.connect(lambda mode, n: shown.append(mode))
    win.recommendations_shown.connect(recs.append)
    wait_until(app, lambda: "search" in shown and bool(recs))
    win.results_pane.table.selectRow(1)
    wait_until(app, lambda: win.details_pane.movie is not None and win.tasks.busy == 0)
    win.tabs.setCurrentIndex(tab)
    if tab == 2:
        wait_until(app, lambda: win.taste_map.has_data)
        marks = list(win._history_kinds)
        if marks:
            win.taste_map._hover = marks[0]  # show the hover label in the picture
    wait_until(app, lambda: win.tasks.busy == 0)
    for _ in range(20):
        app.processEvents()
        time.sleep(0.01)
    path = out / f"{name}.png"
    win.grab().save(str(path))
    print(f"wrote {path} ({win.width()}×{win.height()} at scale {os.environ.get('QT_SCALE_FACTOR', '1')})")
    win.tasks.shutdown()
    win.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    ap.add_argument("--only", choices=sorted(VARIANTS))
    ap.add_argument("--child", choices=sorted(VARIANTS), help=argparse.SUPPRESS)
    ap.add_argument("--home", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        render(args.child, args.out, args.home)
        return
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="movierec-shots-") as tmp:
        home = Path(tmp) / "home"
        for name in [args.only] if args.only else VARIANTS:
            env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
            env.update(QT_QPA_PLATFORM="offscreen", QT_SCALE_FACTOR=VARIANTS[name][1], MOVIEREC_HOME=str(home),
                       MOVIEREC_STARTER="1", PYTHON_KEYRING_BACKEND="keyring.backends.null.Keyring")
            subprocess.run([sys.executable, __file__, "--child", name, "--out", str(args.out), "--home", str(home)],
                           env=env, check=True)


if __name__ == "__main__":
    main()
