"""Fine-tuned upper e5 layers: trained jointly with the tagger head from cached lower-layer states.

Training runs only the tuned layers (their input, the subword states after the last frozen
layer, is cached), so an epoch costs a fraction of a full fine-tune; at inference the encoder
runs its usual layers with the tuned weights swapped in, at unchanged speed. The weights are
saved in the head's checkpoint under ``"encoder"``: ``{"layers": [7, 8], "state": {...}}``.
"""

from __future__ import annotations

import torch
from torch import nn

from ...models.e5 import E5Encoder, encoder_layer


def _key(layer: int, name: str, j: int) -> str:
    return f"l{layer}_{name}_{j}"


def layer_weights(state: dict[str, torch.Tensor], layer: int) -> dict[str, tuple[torch.Tensor, ...]]:
    """The weights of ``layer`` from a saved state, in the layout of ``E5Encoder.layers``."""
    out: dict[str, list[torch.Tensor]] = {}
    prefix = f"l{layer}_"
    for key in sorted(k for k in state if k.startswith(prefix)):
        name, j = key[len(prefix) :].rsplit("_", 1)
        out.setdefault(name, []).insert(int(j), state[key].float())
    return {name: tuple(ts) for name, ts in out.items()}


def apply_tuned(encoder: E5Encoder, saved: dict) -> None:
    """Swap the fine-tuned layers of a checkpoint's ``"encoder"`` entry into ``encoder``."""
    for layer in saved["layers"]:
        encoder.replace_layer(layer, layer_weights(saved["state"], layer))


class TunedLayers(nn.Module):
    """Trainable copies of e5 layers ``layers`` (consecutive, 1-based), started from ``encoder``'s weights."""

    def __init__(self, encoder: E5Encoder, layers: list[int]):
        super().__init__()
        if layers != list(range(layers[0], layers[0] + len(layers))):
            raise ValueError(f"tuned layers must be consecutive: {layers}")
        self.layers, self.heads, self.eps = list(layers), encoder.cfg.heads, encoder.cfg.eps
        self.weights = nn.ParameterDict()
        for i in layers:
            for name, ts in encoder.layers[i - 1].items():
                for j, t in enumerate(ts):
                    self.weights[_key(i, name, j)] = nn.Parameter(t.float().clone())

    def _layer(self, i: int) -> dict[str, tuple[torch.Tensor, ...]]:
        return layer_weights(dict(self.weights.items()), i)

    def forward(self, x: torch.Tensor, lengths: torch.Tensor) -> list[torch.Tensor]:
        """States after each tuned layer for input states ``x [B, T, H]`` of the layer below."""
        mask = (torch.arange(x.shape[1])[None, :] < lengths[:, None])[:, None, None, :]
        out = []
        for i in self.layers:
            x = encoder_layer(x, self._layer(i), mask, self.heads, self.eps)
            out.append(x)
        return out

    def saved(self) -> dict:
        return {"layers": self.layers, "state": {k: v.detach().half() for k, v in self.weights.items()}}
