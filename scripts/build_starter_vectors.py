"""Regenerate ``resources/starter_vectors/`` with our own ``movierec`` commands.

Run after editing ``resources/catalog/*.jsonl`` or changing the text recipe or the
default model (a test fails until you do):

    python scripts/build_starter_vectors.py

It installs the starter catalog into a scratch home, runs ``movierec index`` there
with the default local model, and copies the resulting stamped cache into
``resources/starter_vectors/<embedder>/``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EMBEDDER = "local-minilm-l6-dynint8"  # the default local model (core/embedders/local_onnx.py)


def movierec(home: Path, *args: str) -> None:
    env = {**os.environ, "MOVIEREC_STARTER": "1", "MOVIEREC_EMBEDDER": "local"}
    subprocess.run([sys.executable, "-m", "movierec_gui", "--home", str(home), *args], check=True, env=env)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp) / "home"
        movierec(home, "catalog", "info")  # first run: installs the starter catalog
        movierec(home, "index")
        dest = ROOT / "resources" / "starter_vectors" / EMBEDDER
        shutil.rmtree(dest, ignore_errors=True)
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(home / "vectors" / EMBEDDER, dest)
    print(f"wrote {dest.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
