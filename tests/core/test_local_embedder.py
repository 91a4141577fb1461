"""The real default model: unit rows, batch invariance, meaning, and missing/damaged files."""

from __future__ import annotations

import shutil
from dataclasses import replace

import numpy as np
import pytest

from movierec_gui import resources
from movierec_gui.core.embedders.local_onnx import LocalOnnxEmbedder, token_budget_batches
from movierec_gui.core.errors import ModelUnavailableError
from movierec_gui.wiring import model_files


def test_rows_are_unit_and_batching_does_not_change_vectors(embedder):
    texts = ["a heist goes wrong", "x " * 400, "", "two lovers in paris", "a haunted house"]
    batch = embedder.embed(texts)
    assert batch.shape == (5, 384) and batch.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(batch, axis=1), 1, atol=1e-5)
    alone = embedder.embed([texts[3]])[0]
    assert float(alone @ batch[3]) > 0.9999


def test_long_text_is_truncated_not_rejected(embedder):
    long, short = embedder.count_tokens(["word " * 2000, "two words"])
    assert long == 256 and short == 4  # [CLS] two words [SEP], not padded to the batch


def test_meaning_beats_wording(embedder):
    q, near, far = embedder.embed(
        ["a bank robbery crew plans one last job", "thieves prepare an elaborate heist of a vault", "a cooking contest"]
    )
    assert q @ near > q @ far + 0.15


def test_progress_is_reported(embedder):
    seen = []
    embedder.embed(["t"] * 20 + ["word " * 100] * 50, progress=lambda d, t: seen.append((d, t)))
    assert seen[-1] == (70, 70) and len(seen) >= 2  # 102-token texts: at most 40 per batch
    assert [d for d, _ in seen] == sorted({d for d, _ in seen})


def test_batches_follow_the_token_budget():
    lengths = np.array([3, 3, 4, 10, 10, 10, 60, 200, 300])
    batches = token_budget_batches(lengths, budget=64, max_batch=4)
    assert [(b.start, b.stop) for b in batches] == [(0, 4), (4, 6), (6, 7), (7, 8), (8, 9)]
    for b in batches:  # padded size within budget unless a single text is longer than it
        assert b.stop - b.start == 1 or lengths[b.stop - 1] * (b.stop - b.start) <= 64


def test_token_budget_batching_gives_the_same_vectors_as_one_by_one(embedder):
    texts = ["a heist goes wrong", "word " * 300, "two lovers in paris " * 20, "a haunted house", "x"]
    together = embedder.embed(texts)
    for text, row in zip(texts, together):
        assert float(embedder.embed([text])[0] @ row) > 0.9999


def test_missing_model_file_is_a_clear_error(tmp_path):
    with pytest.raises(ModelUnavailableError, match="missing"):
        LocalOnnxEmbedder(replace(model_files(), model=tmp_path / "nope.onnx"))


def test_damaged_model_file_is_refused(tmp_path):
    bad = tmp_path / "model.onnx"
    shutil.copy(resources.model_path(), bad)
    with open(bad, "r+b") as fh:
        fh.seek(1000)
        fh.write(b"\0\0\0\0")
    with pytest.raises(ModelUnavailableError, match="checksum"):
        LocalOnnxEmbedder(replace(model_files(), model=bad))
    tok = tmp_path / "tokenizer.json"
    tok.write_text("{}")
    with pytest.raises(ModelUnavailableError, match="tokenizer"):
        LocalOnnxEmbedder(replace(model_files(), tokenizer=tok))


def test_close_waits_for_a_call_in_flight_then_refuses_new_ones():
    """At exit the session is released only after worker threads have left the model."""
    import threading

    model = LocalOnnxEmbedder(model_files())
    outcome: list[object] = []

    def work() -> None:
        try:
            for _ in range(50):
                model.embed(["a long synopsis about a heist that goes wrong " * 20] * 8)
            outcome.append("finished")
        except ModelUnavailableError as exc:
            outcome.append(exc)

    worker = threading.Thread(target=work)
    worker.start()
    from movierec_gui.core.embedders import local_onnx

    while not local_onnx._RUNNING.get(id(model)) and worker.is_alive():
        pass
    model.close()
    assert local_onnx._RUNNING.get(id(model)) == 0 and not hasattr(model, "_session")
    worker.join(30)
    assert len(outcome) == 1 and isinstance(outcome[0], ModelUnavailableError)
    with pytest.raises(ModelUnavailableError, match="closed"):
        model.embed(["one more"])
