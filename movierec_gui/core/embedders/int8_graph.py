"""Integer kernels for the bundled MiniLM: its graph quantized dynamically, once, on the user's machine.

The shipped graph is weight-only int8: every weight is cast back to fp32 before its MatMul, so it saves
disk, not compute. ``prepare`` turns it into a graph whose MatMuls run on integer kernels (VNNI where
the CPU has them), about 1.8× the texts per CPU-second (benchmarks/README.md, issue 17):

1. fold each ``Cast(int8) → Mul(scale)`` weight pair into one fp32 initializer (what ONNX Runtime's
   constant folding does at every load);
2. drop the exported graph's NaN guard after each attention softmax (``Where(IsNaN(p), 0, p)``): it
   only acts on a row whose every key is masked, and every text has at least [CLS] and [SEP], so it
   never changes a value (cosine 1.000000) and costs ~8 % of the time;
3. ONNX Runtime's ``quantize_dynamic``: per-channel signed int8 weights, activations quantized per
   batch at run time.

Nothing is downloaded: the source is the shipped graph. The result is deterministic (the same bytes
from the same source, preparation version and quantizer), is written atomically into a per-user
folder beside a stamp that records its sha256 and what it was made from, and is prepared again when
the stamp is missing or stale or the file does not hash to it. The embedder's fingerprint is that
sha256, so vectors made by another graph are never mixed with these.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import verified_files
from ..fsutil import atomic_writer, fsync_dir, private_dir, sha256_file

if TYPE_CHECKING:
    import onnx

#: Bump when the preparation changes (its output then gets a new file name, sha256 and fingerprint).
PREP_VERSION = 1
PREFIX = "minilm-l6-dynint8"


@dataclass(frozen=True)
class Prepared:
    """A prepared graph on disk and the sha256 its stamp says it has."""

    path: Path
    sha256: str


def graph_path(folder: Path, source_sha256: str) -> Path:
    return folder / f"{PREFIX}-{source_sha256[:16]}-p{PREP_VERSION}.onnx"


def stamp_path(folder: Path, source_sha256: str) -> Path:
    return graph_path(folder, source_sha256).with_suffix(".json")


def known(folder: Path, source_sha256: str) -> Prepared | None:
    """The prepared graph its stamp describes (not yet checksummed), or ``None`` if there is none usable."""
    try:
        stamp = json.loads(stamp_path(folder, source_sha256).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(stamp, dict) or stamp.get("source_sha256") != source_sha256:
        return None
    if stamp.get("prep_version") != PREP_VERSION or not isinstance(stamp.get("sha256"), str):
        return None
    path = graph_path(folder, source_sha256)
    return Prepared(path, stamp["sha256"]) if path.is_file() else None


def ensure(
    folder: Path, source: Path, source_sha256: str, verified: Path | None = None, check: bool = True
) -> Prepared:
    """The prepared graph for ``source``: the one on disk if it hashes to its stamp, else made anew.

    ``verified``: the record of files already checksummed (``core.verified_files``); ``check=False``:
    trust a graph on disk without its checksum.
    """
    found = known(folder, source_sha256)
    if found is not None and (not check or verified_files.hashes_to(found.path, found.sha256, verified)):
        return found
    return prepare(folder, source, source_sha256)


def prepare(folder: Path, source: Path, source_sha256: str) -> Prepared:
    """Quantize ``source`` (the shipped graph, already checksummed) into ``folder``; write its stamp."""
    import onnx
    import onnxruntime
    from onnxruntime.quantization import QuantType, quantize_dynamic

    private_dir(folder)
    dest = graph_path(folder, source_sha256)
    tmp = dest.with_name(f"{dest.name}.{os.getpid()}.tmp")
    folded = dest.with_name(f"{dest.name}.{os.getpid()}.folded.tmp")
    quiet = _Quiet()
    logging.getLogger().addFilter(quiet)  # the quantizer's advice on pre-processing, logged to root
    try:
        model = onnx.load(str(source))
        fold_weight_casts(model)
        drop_nan_guards(model)
        # Quantize from a file, not from the model in memory: the peak stays ~480 MB instead of ~680 MB.
        onnx.save(model, str(folded))
        del model
        quantize_dynamic(folded, tmp, per_channel=True, weight_type=QuantType.QInt8)
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        sha = sha256_file(tmp)
        os.replace(tmp, dest)
        fsync_dir(folder)
    finally:
        logging.getLogger().removeFilter(quiet)
        tmp.unlink(missing_ok=True)
        folded.unlink(missing_ok=True)
    stamp = {
        "source_sha256": source_sha256,
        "prep_version": PREP_VERSION,
        "sha256": sha,
        "onnxruntime": onnxruntime.__version__,
        "onnx": onnx.__version__,
    }
    with atomic_writer(stamp_path(folder, source_sha256), "w") as fh:
        json.dump(stamp, fh, indent=1)
    return Prepared(dest, sha)


def fold_weight_casts(model: onnx.ModelProto) -> int:
    """Replace each ``Cast(int8 initializer) → Mul(·, scale initializer)`` pair by its fp32 product.

    Returns how many pairs were folded; initializers no node reads any more are dropped.
    """
    import numpy as np
    from onnx import numpy_helper

    graph = model.graph
    inits = {i.name: i for i in graph.initializer}
    readers = _readers(graph)
    drop: list[Any] = []
    folded = []
    for cast in graph.node:
        if cast.op_type != "Cast" or cast.input[0] not in inits:
            continue
        users = readers.get(cast.output[0], [])
        if len(users) != 1 or users[0].op_type != "Mul":
            continue
        mul = users[0]
        scale = [x for x in mul.input if x != cast.output[0]]
        if len(scale) != 1 or scale[0] not in inits:
            continue
        weight = numpy_helper.to_array(inits[cast.input[0]]).astype(np.float32)
        product = (weight * numpy_helper.to_array(inits[scale[0]])).astype(np.float32)
        folded.append(numpy_helper.from_array(product, mul.output[0]))
        drop += [cast, mul]
    for node in drop:
        graph.node.remove(node)
    _keep_read_initializers(graph, folded)
    return len(folded)


def drop_nan_guards(model: onnx.ModelProto) -> int:
    """Remove ``Where(IsNaN(p), c, p)`` after a Softmax (its readers read ``p``); returns how many."""
    graph = model.graph
    made_by = {out: node for node in graph.node for out in node.output}
    readers = _readers(graph)
    drop: list[Any] = []
    rename: dict[str, str] = {}
    for where in graph.node:
        if where.op_type != "Where":
            continue
        isnan = made_by.get(where.input[0])
        if isnan is None or isnan.op_type != "IsNaN" or isnan.input[0] != where.input[2]:
            continue
        source = made_by.get(where.input[2])
        if source is None or source.op_type != "Softmax" or len(readers.get(isnan.output[0], [])) != 1:
            continue
        rename[where.output[0]] = where.input[2]
        drop += [where, isnan]
    outputs = {o.name for o in graph.output}
    if outputs & rename.keys():
        return 0  # a guard that feeds the graph's output directly: leave the graph as it is
    for node in drop:
        graph.node.remove(node)
    for node in graph.node:
        for i, name in enumerate(node.input):
            if name in rename:
                node.input[i] = rename[name]
    _keep_read_initializers(graph, [])
    return len(rename)


def _readers(graph: onnx.GraphProto) -> dict[str, list[Any]]:
    readers: dict[str, list[Any]] = {}
    for node in graph.node:
        for name in node.input:
            readers.setdefault(name, []).append(node)
    return readers


def _keep_read_initializers(graph: onnx.GraphProto, added: list[Any]) -> None:
    read = {name for node in graph.node for name in node.input} | {o.name for o in graph.output}
    keep = [i for i in graph.initializer if i.name in read]
    del graph.initializer[:]
    graph.initializer.extend(keep + added)


class _Quiet(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return "pre-processing" not in record.getMessage()
