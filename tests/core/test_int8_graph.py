"""The default graph with integer kernels: prepared once from the shipped graph, stamped, checked, never mixed.

Preparing costs ~3 s, so the tests that need a fresh folder share one (``fresh``, per module); the rest
use the session's folder (``MOVIEREC_MODEL_CACHE``, set in ``tests/conftest.py``).
"""

from __future__ import annotations

import json
import shutil
from dataclasses import replace

import numpy as np
import pytest

from movierec_gui import resources
from movierec_gui.core.embedders import int8_graph
from movierec_gui.core.embedders.local_onnx import INTEGER_NAME, SHIPPED_NAME, LocalOnnxEmbedder
from movierec_gui.core.fsutil import sha256_file
from movierec_gui.wiring import model_files

TEXTS = ["a heist that goes wrong", "two lovers in paris", "a samurai protects a farming village from bandits"]


@pytest.fixture(scope="module")
def fresh(tmp_path_factory):
    """A folder where the graph was prepared once for this module, and the vectors it gave."""
    folder = tmp_path_factory.mktemp("prepared")
    model = LocalOnnxEmbedder(replace(model_files(), prepared=folder))
    return folder, model.fingerprint, model.embed(TEXTS)


def _graph(folder):
    return int8_graph.graph_path(folder, resources.MODEL_SHA256)


def test_the_prepared_graph_is_stamped_and_names_the_fingerprint(fresh):
    folder, fingerprint, _ = fresh
    stamp = json.loads(int8_graph.stamp_path(folder, resources.MODEL_SHA256).read_text())
    sha = sha256_file(_graph(folder))
    assert stamp["sha256"] == sha and stamp["source_sha256"] == resources.MODEL_SHA256
    assert fingerprint == f"all-MiniLM-L6-v2-dynint8:{sha[:16]}"
    assert not [p.name for p in folder.iterdir() if p.name.endswith(".tmp")]  # no leftovers


def test_preparing_again_gives_the_same_bytes(fresh, tmp_path):
    """The quantizer is deterministic: the fingerprint names the graph, not the run that made it."""
    folder, _, _ = fresh
    again = int8_graph.prepare(tmp_path, resources.model_path(), resources.MODEL_SHA256)
    assert again.sha256 == sha256_file(_graph(folder))


def test_a_damaged_prepared_graph_is_prepared_again(fresh, tmp_path):
    folder, fingerprint, vectors = fresh
    copy = tmp_path / "prepared"
    shutil.copytree(folder, copy)
    with open(_graph(copy), "r+b") as fh:
        fh.seek(200_000)
        fh.write(b"\x7f" * 64)
    assert sha256_file(_graph(copy)) != sha256_file(_graph(folder))
    model = LocalOnnxEmbedder(replace(model_files(), prepared=copy))
    assert model.fingerprint == fingerprint and sha256_file(_graph(copy)) == sha256_file(_graph(folder))
    np.testing.assert_array_equal(model.embed(TEXTS), vectors)


def test_a_stamp_that_does_not_fit_means_preparing_again(fresh, tmp_path):
    folder, fingerprint, _ = fresh
    copy = tmp_path / "prepared"
    shutil.copytree(folder, copy)
    stamp = int8_graph.stamp_path(copy, resources.MODEL_SHA256)
    stamp.write_text(json.dumps({**json.loads(stamp.read_text()), "prep_version": 0}))
    assert int8_graph.known(copy, resources.MODEL_SHA256) is None
    stamp.write_text("{not json")
    assert int8_graph.known(copy, resources.MODEL_SHA256) is None
    assert LocalOnnxEmbedder(replace(model_files(), prepared=copy)).fingerprint == fingerprint
    assert int8_graph.known(copy, resources.MODEL_SHA256) is not None


def test_first_preparation_in_the_background_gives_the_fingerprint_at_first_use(fresh, tmp_path):
    _, fingerprint, vectors = fresh
    model = LocalOnnxEmbedder(replace(model_files(), prepared=tmp_path / "new"), background=True)
    assert model.fingerprint == fingerprint  # waits for the preparation
    np.testing.assert_array_equal(model.embed(TEXTS), vectors)


def test_integer_and_shipped_graphs_never_share_a_cache(embedder):
    shipped = LocalOnnxEmbedder(replace(model_files(), prepared=None))
    assert (embedder.name, shipped.name) == (INTEGER_NAME, SHIPPED_NAME)
    assert embedder.fingerprint != shipped.fingerprint
    a, b = embedder.embed(TEXTS), shipped.embed(TEXTS)
    assert np.all(np.sum(a * b, axis=1) > 0.98)  # close, but not the same vectors
    assert not np.array_equal(a, b)


def test_a_vector_does_not_depend_on_the_texts_embedded_with_it(embedder):
    """Activations are quantized per call: each text is embedded alone, so a film's vector is the same
    in any batch and the same as a query's."""
    together = embedder.embed([*TEXTS, "word " * 200, "x"])
    for text, row in zip(TEXTS, together):
        np.testing.assert_array_equal(embedder.embed([text])[0], row)


def test_dropping_the_nan_guards_changes_no_output(tmp_path):
    """Step 2 of the preparation is exact: the shipped graph without its guards computes what it did."""
    import onnx

    model = onnx.load(str(resources.model_path()))
    assert int8_graph.drop_nan_guards(model) == 6
    assert "IsNaN" not in [n.op_type for n in model.graph.node]
    path = tmp_path / "unguarded.onnx"
    onnx.save(model, str(path))
    exact = LocalOnnxEmbedder(replace(model_files(), model=path, model_sha256=sha256_file(path), prepared=None))
    shipped = LocalOnnxEmbedder(replace(model_files(), prepared=None))
    texts = [*TEXTS, "word " * 120]
    np.testing.assert_allclose(exact.embed(texts), shipped.embed(texts), atol=2e-6)


def test_every_matmul_on_weights_runs_on_integer_kernels():
    """Step 1 rewrites the 36 weight MatMuls (6 layers × Q, K, V, output, 2 feed-forward) and keeps the
    shipped int8 weights as they are; the two attention MatMuls (activations × activations) stay fp32."""
    import onnx
    from onnx import numpy_helper

    model = onnx.load(str(resources.model_path()))
    int8 = onnx.TensorProto.INT8
    shipped = {i.name: numpy_helper.to_array(i) for i in model.graph.initializer if i.data_type == int8}
    assert int8_graph.integer_matmuls(model) == 36
    ops = [n.op_type for n in model.graph.node]
    assert ops.count("MatMulInteger") == 36 and ops.count("MatMul") == 12
    assert ops.count("DynamicQuantizeLinear") == 24  # Q, K and V share their input's quantization
    kept = {i.name: numpy_helper.to_array(i) for i in model.graph.initializer if i.name in shipped}
    assert len(kept) == len(shipped) and all(np.array_equal(kept[k], shipped[k]) for k in kept)


def test_the_exact_kernels_are_a_setting_with_their_own_cache(tmp_path):
    from movierec_gui.config import Settings
    from movierec_gui.wiring import make_embedder

    assert make_embedder(Settings()).name == INTEGER_NAME
    assert make_embedder(Settings(local_kernels="exact")).name == SHIPPED_NAME
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"local_kernels": "fastest"}))
    assert Settings.load(path).local_kernels == "integer"  # an unknown value falls back to the default


def test_exiting_while_the_graph_is_prepared_in_the_background_is_clean(tmp_path):
    """A command that fails at once on a first run waits for the preparation, then exits normally."""
    import os
    import subprocess
    import sys

    code = (
        "from movierec_gui.core.embedders.local_onnx import LocalOnnxEmbedder\n"
        "from movierec_gui.wiring import model_files\n"
        "LocalOnnxEmbedder(model_files(), background=True)\n"
        "raise SystemExit(3)\n"
    )
    env = {**os.environ, "MOVIEREC_MODEL_CACHE": str(tmp_path / "models")}
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, env=env)
    assert proc.returncode == 3 and "terminate" not in proc.stderr, proc.stderr
    assert not list((tmp_path / "models").glob("*.tmp"))


def test_a_half_written_graph_from_a_killed_run_is_removed(tmp_path):
    import os

    folder = tmp_path / "prepared"
    folder.mkdir()
    stale = folder / f"{_graph(folder).name}.12345.tmp"
    stale.write_bytes(b"half a graph")
    os.utime(stale, (0, 0))
    int8_graph.prepare(folder, resources.model_path(), resources.MODEL_SHA256)
    assert not stale.exists() and _graph(folder).is_file()
