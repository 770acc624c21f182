"""The fast tagger's convolutions run in bfloat16 where the CPU has native bfloat16 (AVX512-BF16 or AMX),
unlike e5's matrix products, which stay float32 without AMX."""

from __future__ import annotations

import torch

from lagebild.enrich.ner import fast
from lagebild.models import e5


def test_convolutions_take_bfloat16_on_avx512_bf16_without_amx(monkeypatch):
    monkeypatch.delenv("LAGEBILD_NER_FAST_DTYPE", raising=False)
    monkeypatch.setattr(fast, "cpu_flags", lambda: "fpu avx2 avx512f avx512_bf16")
    monkeypatch.setattr(e5, "cpu_flags", lambda: "fpu avx2 avx512f avx512_bf16")
    assert fast.conv_dtype() == torch.bfloat16
    assert e5.fast_dtype() == torch.float32  # e5 keeps float32 there


def test_convolutions_stay_float32_without_native_bfloat16(monkeypatch):
    monkeypatch.delenv("LAGEBILD_NER_FAST_DTYPE", raising=False)
    monkeypatch.setattr(fast, "cpu_flags", lambda: "fpu avx2")
    monkeypatch.setattr(e5, "cpu_flags", lambda: "fpu avx2")
    assert fast.conv_dtype() == torch.float32


def test_the_environment_overrides(monkeypatch):
    monkeypatch.setattr(fast, "cpu_flags", lambda: "avx512_bf16")
    monkeypatch.setenv("LAGEBILD_NER_FAST_DTYPE", "float32")
    assert fast.conv_dtype() == torch.float32
    monkeypatch.setattr(fast, "cpu_flags", lambda: "avx2")
    monkeypatch.setenv("LAGEBILD_NER_FAST_DTYPE", "bfloat16")
    assert fast.conv_dtype() == torch.bfloat16
