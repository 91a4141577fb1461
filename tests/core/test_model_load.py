"""Loading the local model: on a thread for one-shot commands, and its checksum remembered per file.

A remembered model file is not read in full again; a changed one (even with its mtime put back)
is checksummed again and refused when damaged. A damaged file loaded in the background is refused
at the first use, with the same clear error.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from movierec_gui import resources
from movierec_gui.core import verified_files
from movierec_gui.core.embedders import int8_graph
from movierec_gui.core.embedders.local_onnx import LocalOnnxEmbedder
from movierec_gui.core.errors import ModelUnavailableError
from movierec_gui.wiring import model_files
from tests.core.conftest import count_hashing

TEXTS = ["a heist that goes wrong", "two lovers in paris"]
#: Every file a first load checksums: the shipped graph, the tokenizer and the graph prepared from it.
CHECKED = sorted(["model.onnx", "tokenizer.json", int8_graph.graph_path(Path("."), resources.MODEL_SHA256).name])


@pytest.fixture
def hashed(monkeypatch):
    """The names of the files read in full for a checksum."""
    return count_hashing(monkeypatch, verified_files)


@pytest.fixture
def model_copy(tmp_path):
    path = tmp_path / "model.onnx"
    shutil.copy(resources.model_path(), path)
    return replace(model_files(), model=path)


def test_background_load_gives_the_same_vectors(embedder):
    later = LocalOnnxEmbedder(model_files(), background=True)
    np.testing.assert_array_equal(later.embed(TEXTS), embedder.embed(TEXTS))
    assert later.count_tokens(["two words"]) == [4]


def test_a_damaged_model_loaded_in_background_is_refused_at_first_use(model_copy):
    with open(model_copy.model, "r+b") as fh:
        fh.seek(1000)
        fh.write(b"\0\0\0\0")
    model = LocalOnnxEmbedder(model_copy, background=True)  # returns at once
    for _ in range(2):
        with pytest.raises(ModelUnavailableError, match="checksum"):
            model.embed(TEXTS)


def test_a_verified_model_is_not_hashed_again(model_copy, tmp_path, hashed):
    record = tmp_path / "cache" / "model-verified.json"
    LocalOnnxEmbedder(model_copy, verified=record)
    assert sorted(hashed) == CHECKED and record.is_file()
    hashed.clear()
    LocalOnnxEmbedder(model_copy, verified=record).embed(TEXTS)  # a new process, same files
    assert hashed == []


def test_a_changed_model_is_checked_again_even_with_its_mtime_put_back(model_copy, tmp_path, hashed):
    record = tmp_path / "cache" / "model-verified.json"
    LocalOnnxEmbedder(model_copy, verified=record)
    st = os.stat(model_copy.model)
    with open(model_copy.model, "r+b") as fh:
        fh.seek(1000)
        fh.write(b"\0\0\0\0")
    os.utime(model_copy.model, ns=(st.st_atime_ns, st.st_mtime_ns))
    hashed.clear()
    with pytest.raises(ModelUnavailableError, match="checksum"):
        LocalOnnxEmbedder(model_copy, verified=record)
    assert hashed == ["model.onnx"]


def test_an_unreadable_record_means_a_full_check(model_copy, tmp_path, hashed):
    record = tmp_path / "cache" / "model-verified.json"
    record.parent.mkdir()
    record.write_text("[not a record")
    LocalOnnxEmbedder(model_copy, verified=record).embed(TEXTS)
    assert sorted(hashed) == CHECKED


def test_exiting_while_the_model_loads_in_background_is_clean():
    """A command that fails before its first query exits normally, not aborted in native code."""
    import subprocess
    import sys

    code = (
        "from movierec_gui.core.embedders.local_onnx import LocalOnnxEmbedder\n"
        "from movierec_gui.wiring import model_files\n"
        "LocalOnnxEmbedder(model_files(), background=True)\n"
        "raise SystemExit(3)\n"
    )
    for _ in range(3):
        proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
        assert proc.returncode == 3 and "terminate" not in proc.stderr, proc.stderr
