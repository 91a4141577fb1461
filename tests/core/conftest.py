"""Helpers shared by the core tests."""

from __future__ import annotations

from types import ModuleType


def count_hashing(monkeypatch, module: ModuleType) -> list[str]:
    """Patch ``module.sha256_file`` to record the names of the files it reads in full; returns that list."""
    names: list[str] = []
    real = module.sha256_file

    def counting(path, *args):
        names.append(path.name)
        return real(path, *args)

    monkeypatch.setattr(module, "sha256_file", counting)
    return names
