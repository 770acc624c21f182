"""The e5 encoder layers on ONNX Runtime: one small graph per layer, smoothed int8 matrices.

The graphs are built here from the encoder's own weights (nothing is exported or downloaded):
each layer is a post-norm BERT layer whose matrices are ORT's ``DynamicQuantizeMatMul`` (int8
weights with one scale per output column, uint8 activations quantised per call), their inputs
divided by the same SmoothQuant factors as the torch int8 runtime (:mod:`.int8`), whose channel
maxima come from the same calibration text. ``fo`` stays float32 there, and so it does here.

One session per layer, so that a reader that stops at layer 8 (NER) does not pay for layers
9–12 (ORT runs a whole graph, whatever outputs are fetched). Sessions run one intra-op thread
(the ingest workers are processes, one per core) and without ORT's memory arena, which keeps its
largest batch's memory for good: plain malloc lets the worker give it back.
"""

from __future__ import annotations

import numpy as np
import torch

from ..errors import ModelError

OPSET = 17


def _int8_columns(weight: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``weight [in, out]`` as int8 with one symmetric scale per output column."""
    scale = np.abs(weight).max(axis=0) / 127.0
    scale[scale == 0] = 1.0
    q = np.clip(np.rint(weight / scale), -127, 127).astype(np.int8)
    return q, scale.astype(np.float32)


class _Graph:
    """Nodes and initializers of one layer graph under construction."""

    def __init__(self, helper, numpy_helper):
        self.h, self.nh = helper, numpy_helper
        self.nodes, self.inits = [], []

    def const(self, name: str, value) -> str:
        self.inits.append(self.nh.from_array(np.asarray(value), name))
        return name

    def op(self, kind: str, inputs: list[str], out: str, domain: str = "", **attrs) -> str:
        self.nodes.append(self.h.make_node(kind, inputs, [out], name=out, domain=domain, **attrs))
        return out

    def linear(self, name: str, x: str, weight: torch.Tensor, bias: torch.Tensor, amax: torch.Tensor | None,
               alpha: float) -> str:
        """``x @ W.T + b``: int8 with smoothing when ``amax`` (the input's channel maxima) is given, else float."""
        w, b = weight.float().numpy(), bias.float().numpy()
        if amax is None:
            out = self.op("MatMul", [x, self.const(f"{name}.w", np.ascontiguousarray(w.T))], f"{name}.mm")
            return self.op("Add", [out, self.const(f"{name}.b", b)], name)
        scale = (amax.float().clamp(min=1e-5) ** alpha / weight.float().abs().amax(0).clamp(min=1e-5) ** (1 - alpha))
        x = self.op("Mul", [x, self.const(f"{name}.inv", (1.0 / scale).numpy())], f"{name}.in")
        q, s = _int8_columns(np.ascontiguousarray((w * scale.numpy()).T))
        return self.op("DynamicQuantizeMatMul", [x, self.const(f"{name}.q", q), self.const(f"{name}.s", s),
                                                 "", self.const(f"{name}.b", b)], name, domain="com.microsoft")


def layer_model(ly: dict, amax: dict | None, heads: int, eps: float, alpha: float, int8: tuple[str, ...],
                fused: bool = True):
    """The ONNX model of one encoder layer: ``x [B, T, H]``, ``bias [B, 1, 1, T]`` (0 or a large
    negative number per key) → ``y [B, T, H]``."""
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    g = _Graph(helper, numpy_helper)
    hidden = ly["aln"][0].shape[0]
    d = hidden // heads
    lin = lambda name, x: g.linear(name, x, *ly[name], amax[name] if amax and name in int8 else None, alpha)  # noqa: E731
    qkv = lin("qkv", "x")
    if fused:  # ORT's fused attention kernel (com.microsoft), keys masked by a [B, T] int32 mask
        q, k, v = (g.op("Slice", [qkv, g.const(f"{n}.a", np.array([i * hidden], np.int64)),
                                  g.const(f"{n}.e", np.array([(i + 1) * hidden], np.int64)),
                                  g.const(f"{n}.ax", np.array([2], np.int64))], n)
                   for i, n in enumerate(("q", "k", "v")))
        ctx = g.op("MultiHeadAttention", [q, k, v, "", "mask"], "ctx.r", domain="com.microsoft", num_heads=heads)
    else:
        shape = g.const("split.shape", np.array([0, 0, 3, heads, d], np.int64))
        parts = g.op("Transpose", [g.op("Reshape", [qkv, shape], "qkv.r")], "qkv.t", perm=[2, 0, 3, 1, 4])
        q, k, v = (g.op("Gather", [parts, g.const(f"i{i}", np.array(i, np.int64))], n, axis=0)
                   for i, n in enumerate(("q", "k", "v")))
        scores = g.op("MatMul", [q, g.op("Transpose", [k], "kt", perm=[0, 1, 3, 2])], "s")
        scores = g.op("Add", [g.op("Mul", [scores, g.const("scale", np.float32(1.0 / np.sqrt(d)))], "s.m"),
                              "bias"], "s.b")
        ctx = g.op("MatMul", [g.op("Softmax", [scores], "p", axis=-1), v], "ctx")
        ctx = g.op("Reshape", [g.op("Transpose", [ctx], "ctx.t", perm=[0, 2, 1, 3]),
                               g.const("merge.shape", np.array([0, 0, hidden], np.int64))], "ctx.r")
    ln = lambda name, a, b: g.op("LayerNormalization", [g.op("Add", [a, b], f"{name}.sum"),  # noqa: E731
                                                        g.const(f"{name}.w", ly[name][0].float().numpy()),
                                                        g.const(f"{name}.b", ly[name][1].float().numpy())],
                                 name, axis=-1, epsilon=eps)
    x = ln("aln", "x", lin("ao", ctx))
    mid = g.op("Gelu", [lin("fi", x)], "gelu", domain="com.microsoft")
    g.op("Identity", [ln("oln", x, lin("fo", mid))], "y")
    f32 = TensorProto.FLOAT
    graph = helper.make_graph(
        g.nodes, "e5_layer",
        [helper.make_tensor_value_info("x", f32, ["B", "T", hidden]),
         helper.make_tensor_value_info("mask", TensorProto.INT32, ["B", "T"]) if fused else
         helper.make_tensor_value_info("bias", f32, ["B", 1, 1, "T"])],
        [helper.make_tensor_value_info("y", f32, ["B", "T", hidden])], g.inits)
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET),
                                                   helper.make_opsetid("com.microsoft", 1)])


class OrtLayers:
    """The encoder's layers as ONNX Runtime sessions; called like :func:`encoder_layer` per layer."""

    def __init__(self, layers: list[dict], maxima: list[dict], heads: int, eps: float, alpha: float,
                 int8: tuple[str, ...], threads: int = 1, fused: bool = True):
        try:
            import onnxruntime as ort
        except ImportError as exc:  # an optional dependency: the extra ``onnx``
            raise ModelError("LAGEBILD_E5_RUNTIME=onnx needs onnxruntime (pip install 'lagebild[onnx]')") from exc
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = threads
        opts.inter_op_num_threads = 1
        opts.enable_cpu_mem_arena = False
        opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        self.sessions = [
            ort.InferenceSession(layer_model(ly, amax, heads, eps, alpha, int8, fused).SerializeToString(), opts,
                                 providers=["CPUExecutionProvider"])
            for ly, amax in zip(layers, maxima)
        ]
        self.fused = fused

    def __call__(self, i: int, x: np.ndarray, mask: np.ndarray) -> np.ndarray:
        return self.sessions[i].run(["y"], {"x": x, "mask" if self.fused else "bias": mask})[0]


def runtime(encoder) -> None:
    """The ``onnx`` runtime (registry.runtimes): the encoder's layers as ORT sessions, int8 where the
    torch int8 runtime is (:data:`.int8.MATRICES`, same smoothing); the torch weights are dropped."""
    from . import int8
    from .e5 import encoder_layer

    maxima = int8.input_maxima(encoder, encoder_layer)
    layers = OrtLayers(encoder.layers, maxima, encoder.cfg.heads, encoder.cfg.eps, int8.ALPHA, int8.MATRICES)
    encoder.layers = [{} for _ in encoder.layers]  # ORT holds its own copy: replace_layer refuses from now on

    def stack(x: torch.Tensor, mask: torch.Tensor, last: int, tagging: bool = False):
        x, m = x.float().numpy(), mask.to(torch.int32).numpy()
        for i in range(last):
            x = layers(i, x, m)
            yield i + 1, torch.from_numpy(x)

    encoder.stack = stack
