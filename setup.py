"""Ships the project's ``resources/`` (starter catalog, its vectors, icons) inside the package.

Everything else is declared in ``pyproject.toml``. A wheel (``pip install .``, pipx, ``python -m
build``) gets a copy of ``resources/`` at ``movierec_gui/_resources/``, where
``movierec_gui/resources.py`` looks for it. An editable install reads ``resources/`` in place.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
SOURCE = ROOT / "resources"
TARGET = ("movierec_gui", "_resources")  # movierec_gui/resources.py: PACKAGED_RESOURCES


class BuildWithResources(build_py):
    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        if not (SOURCE / "catalog").is_dir():
            raise SystemExit(f"setup.py: {SOURCE} has no catalog/; build from a full source tree")
        dest = Path(self.build_lib).joinpath(*TARGET)
        if dest.exists():
            shutil.rmtree(dest)
        shutil.copytree(SOURCE, dest, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))


setup(cmdclass={"build_py": BuildWithResources})
