"""Integer kernels for the bundled MiniLM: its graph rewritten once, on the user's machine.

The shipped graph is weight-only int8: every MatMul weight is an int8 matrix with one fp32 scale per
column, cast back to fp32 before the MatMul, so it saves disk, not compute. ``prepare`` rewrites it so
that its MatMuls run on integer kernels (VNNI where the CPU has them), ~1.8× the texts per CPU-second
(benchmarks/README.md, issue 17). Two steps, on the graph only (``onnx``), nothing downloaded:

1. ``integer_matmuls``: each ``MatMul(a, Mul(Cast(w_int8), scale))`` becomes ``DynamicQuantizeLinear(a)``
   → ``MatMulInteger`` with the shipped int8 weights as they are → ``Cast`` → ``Mul`` by the activation
   scale × the weight scales (the pattern ONNX Runtime's dynamic quantizer emits, which ONNX Runtime
   fuses into ``DynamicQuantizeMatMul``). The weights are not quantized again: the only new rounding is
   the activations' (uint8, one scale per call), so a text's vector moves by cosine ~0.994.
2. ``drop_nan_guards``: the exported graph's guard after each attention softmax
   (``Where(IsNaN(p), 0, p)``) only acts on a row whose every key is masked; every text has at least
   [CLS] and [SEP], so it never changes a value, and it costs ~8 % of the time.

The result is deterministic (the same bytes from the same source graph and ``PREP_VERSION``; no
quantizer whose output could change with its version), is written atomically into a per-user folder
beside a stamp that records its sha256 and what it was made from, and is prepared again when the
stamp is missing or stale or the file does not hash to it. The embedder's fingerprint is that
sha256, so vectors made by another graph are never mixed with these.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import verified_files
from ..fsutil import atomic_writer, fsync_dir, private_dir, sha256_file

if TYPE_CHECKING:
    import onnx

#: Bump when the preparation changes (its output then gets a new file name, sha256 and fingerprint).
PREP_VERSION = 2
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
    """Rewrite ``source`` (the shipped graph, already checksummed) into ``folder``; write its stamp."""
    import onnx

    private_dir(folder)
    dest = graph_path(folder, source_sha256)
    _drop_stale_temporaries(folder)
    tmp = dest.with_name(f"{dest.name}.{os.getpid()}.tmp")
    try:
        model = onnx.load(str(source))
        if not integer_matmuls(model):
            raise ValueError("the model graph has no int8 MatMul weights to run on integer kernels")
        drop_nan_guards(model)
        onnx.checker.check_model(model)
        with open(tmp, "wb") as fh:
            fh.write(model.SerializeToString())
            fh.flush()
            os.fsync(fh.fileno())
        del model
        sha = sha256_file(tmp)
        os.replace(tmp, dest)
        fsync_dir(folder)
    finally:
        tmp.unlink(missing_ok=True)
    stamp = {"source_sha256": source_sha256, "prep_version": PREP_VERSION, "sha256": sha, "onnx": onnx.__version__}
    with atomic_writer(stamp_path(folder, source_sha256), "w") as fh:
        json.dump(stamp, fh, indent=1)
    return Prepared(dest, sha)


def _drop_stale_temporaries(folder: Path, age_s: float = 3600.0) -> None:
    """Remove half-written graphs a killed process left (an hour old: never one being written now)."""
    import time

    for tmp in folder.glob(f"{PREFIX}-*.tmp"):
        try:
            if time.time() - tmp.stat().st_mtime > age_s:
                tmp.unlink()
        except OSError:
            pass


def integer_matmuls(model: onnx.ModelProto) -> int:
    """Run each MatMul whose weight is ``Mul(Cast(int8 [K, N]), scale [1, N])`` on integer kernels.

    The activation is quantized at run time (``DynamicQuantizeLinear``, shared by the MatMuls that read
    the same input); the int8 weights are used as they are, with a zero point of 0 and their own
    per-column scales. Returns how many MatMuls were rewritten.
    """
    import numpy as np
    from onnx import TensorProto, helper, numpy_helper

    graph = model.graph
    inits = {i.name: i for i in graph.initializer}
    made_by = {out: node for node in graph.node for out in node.output}
    readers = _readers(graph)
    replaced: dict[int, list[Any]] = {}
    dead: set[int] = set()
    added = []
    quantized: dict[str, tuple[str, str, str]] = {}
    for node in graph.node:
        weights = _int8_weights(node, made_by, readers, inits)
        if weights is None:
            continue
        cast, mul, scale = weights
        a, base = node.input[0], node.name or node.output[0]
        new = []
        if a not in quantized:
            quantized[a] = (f"{a}_q8", f"{a}_q8_scale", f"{a}_q8_zero")
            new.append(helper.make_node("DynamicQuantizeLinear", [a], list(quantized[a]), name=f"{a}_q8_quant"))
        aq, ascale, azero = quantized[a]
        wscale, wzero = f"{base}_w_scale", f"{base}_w_zero"
        added += [
            numpy_helper.from_array(scale.reshape(-1).astype(np.float32), wscale),
            numpy_helper.from_array(np.zeros(scale.size, np.int8), wzero),
        ]
        new += [
            helper.make_node("Mul", [ascale, wscale], [f"{base}_scales"], name=f"{base}_scales"),
            helper.make_node("MatMulInteger", [aq, cast.input[0], azero, wzero], [f"{base}_i32"], name=f"{base}_int"),
            helper.make_node("Cast", [f"{base}_i32"], [f"{base}_f32"], to=TensorProto.FLOAT, name=f"{base}_cast"),
            helper.make_node("Mul", [f"{base}_f32", f"{base}_scales"], [node.output[0]], name=f"{base}_rescale"),
        ]
        replaced[id(node)] = new
        dead |= {id(cast), id(mul)}
    nodes = [new for node in graph.node if id(node) not in dead for new in replaced.get(id(node), [node])]
    del graph.node[:]
    graph.node.extend(nodes)
    _keep_read_initializers(graph, added)
    return len(replaced)


def _int8_weights(node: Any, made_by: dict[str, Any], readers: dict[str, list[Any]], inits: dict[str, Any]) -> Any:
    """``(cast, mul, scale)`` if ``node`` is a MatMul on a weight-only int8 matrix (read by it alone), else None."""
    from onnx import TensorProto, numpy_helper

    if node.op_type != "MatMul" or len(node.input) != 2:
        return None
    mul = made_by.get(node.input[1])
    if mul is None or mul.op_type != "Mul" or len(readers.get(mul.output[0], [])) != 1:
        return None
    cast = made_by.get(mul.input[0])
    if cast is None or cast.op_type != "Cast" or mul.input[1] not in inits or cast.input[0] not in inits:
        return None
    weight = inits[cast.input[0]]
    if weight.data_type != TensorProto.INT8 or len(weight.dims) != 2 or len(readers.get(cast.output[0], [])) != 1:
        return None
    scale = numpy_helper.to_array(inits[mul.input[1]])
    columns = weight.dims[1]
    return (cast, mul, scale) if scale.shape in ((1, columns), (columns,)) else None


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
