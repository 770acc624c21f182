"""Training-time pieces of the NER heads: a partial-label CRF loss, per-corpus output layers, tuned e5 layers.

* ``constrained_nll`` — a CRF's negative log-likelihood of *the set of tag paths a sentence allows*: a fully
  labelled sentence allows one path (the usual loss); a corpus that does not annotate MISC lets its ``O``
  tokens also be MISC, SmartData's unknown spans (``X``) allow every tag, and a teacher's silver labels
  (``O|B-ORG``) allow the tags it finds plausible.
* ``MultiTagger`` — the shipped BiLSTM-CRF with extra output layers and CRFs for groups of corpora whose
  labels should not pull the shipped one; group 0 is what ``save`` writes, as a plain ``Tagger`` checkpoint
  that ``enrich/ner/accurate.py`` reads unchanged.
* ``TunedTagger`` — fine-tuned upper e5 layers under a head, fed from cached lower-layer subword states.
"""

from __future__ import annotations

import torch
from torch import nn

from lagebild.enrich.ner.crf import CRF
from lagebild.enrich.ner.tagger import TAGS, Tagger
from lagebild.enrich.ner.tuning import TunedLayers

MISC_TAGS = [i for i, t in enumerate(TAGS) if t.endswith("-MISC")]


def allowed_tags(tags: list[str], types: tuple[str, ...], partial: bool) -> torch.Tensor:
    """``[T, K]`` bool: the tags each token may take given its gold tag and the types its corpus annotates."""
    index = {t: i for i, t in enumerate(TAGS)}
    out = torch.zeros(len(tags), len(TAGS), dtype=torch.bool)
    unannotated = [i for i, t in enumerate(TAGS) if t != "O" and t[2:] not in types]
    for j, tag in enumerate(tags):
        if tag == "X":
            out[j] = True
            continue
        if "|" in tag:  # a set of tags (a teacher's plausible tags, ner_distill.py)
            out[j, [index[t] for t in tag.split("|")]] = True
            continue
        out[j, index[tag]] = True
        if tag == "O" and partial:
            out[j, unannotated] = True
    return out


def _log_partition(emissions, trans, start, mask) -> torch.Tensor:
    alpha = start[None] + emissions[:, 0]
    for i in range(1, emissions.shape[1]):
        nxt = torch.logsumexp(alpha[:, :, None] + trans[None] + emissions[:, i, None, :], dim=1)
        alpha = torch.where(mask[:, i, None], nxt, alpha)
    return torch.logsumexp(alpha, dim=1)


def marginals(emissions, trans, start, mask) -> torch.Tensor:
    """``[B, T, K]`` posterior probability of each tag at each word (the gradient of log Z)."""
    with torch.inference_mode(False), torch.enable_grad():
        em = emissions.detach().clone().requires_grad_(True)
        _log_partition(em, trans.detach().clone(), start.detach().clone(), mask.clone()).sum().backward()
    return em.grad


def constrained_nll(crf: CRF, emissions, allowed, mask) -> torch.Tensor:
    """Per-sentence ``log Z(all paths) − log Z(allowed paths)``; ``allowed [B, T, K]`` bool."""
    trans, start = crf.scores()
    both = torch.cat([emissions, emissions.masked_fill(~allowed, -1e4)])
    z = _log_partition(both, trans, start, torch.cat([mask, mask]))
    b = emissions.shape[0]
    return z[:b] - z[b:]


class MultiTagger(Tagger):
    """A ``Tagger`` plus ``groups - 1`` extra output layers and CRFs over the same BiLSTM states."""

    def __init__(self, groups: int = 1, **config):
        super().__init__(**config)
        self.extra_out = nn.ModuleList(nn.Linear(2 * self.config["hidden"], len(TAGS)) for _ in range(groups - 1))
        self.extra_crf = nn.ModuleList(CRF(TAGS) for _ in range(groups - 1))

    def group_emissions(self, feats, cats, lengths, group: int):
        y = self.drop(self.states(feats, cats, lengths))
        if group == 0:
            return self.out(y), self.crf
        return self.extra_out[group - 1](y), self.extra_crf[group - 1]

    def nll(self, feats, cats, lengths, allowed, group: int = 0) -> torch.Tensor:
        mask = torch.arange(feats.shape[1])[None] < lengths[:, None]
        emissions, crf = self.group_emissions(feats, cats, lengths, group)
        return constrained_nll(crf, emissions, allowed, mask)

    @torch.no_grad()
    def predict(self, feats, cats, lengths, group: int = 0) -> list[list[str]]:
        mask = torch.arange(feats.shape[1])[None] < lengths[:, None]
        emissions, crf = self.group_emissions(feats, cats, lengths, group)
        return [[TAGS[i] for i in p] for p in crf.decode(emissions, mask)]

    def shipped_state(self, group: int = 0) -> dict:
        """Group ``group`` (0: the shipped one) as a plain ``Tagger`` state dict."""
        state = {k: v for k, v in self.state_dict().items() if not k.startswith("extra_")}
        if group:
            for name, module in (("out", self.extra_out[group - 1]), ("crf", self.extra_crf[group - 1])):
                state.update({f"{name}.{k}": v for k, v in module.state_dict().items()})
        return state


class SingleHead(nn.Module):
    """Any ``CRFTagger`` (the fast CNN) behind the ``nll`` / ``predict`` / ``shipped_state`` interface."""

    def __init__(self, tagger):
        super().__init__()
        self.tagger, self.config, self.crf = tagger, tagger.config, tagger.crf

    def nll(self, feats, cats, lengths, allowed, group: int = 0) -> torch.Tensor:
        mask = torch.arange(feats.shape[1])[None] < lengths[:, None]
        return constrained_nll(self.tagger.crf, self.tagger.emissions(feats, cats, lengths), allowed, mask)

    def predict(self, feats, cats, lengths, group: int = 0):
        return self.tagger.predict(feats, cats, lengths)

    def shipped_state(self) -> dict:
        return self.tagger.state_dict()


class TunedTagger(nn.Module):
    """Fine-tuned e5 layers under a head: frozen word vectors + pooled states of the tuned layers."""

    def __init__(self, tuned: TunedLayers, head: MultiTagger, autocast: bool):
        super().__init__()
        self.tuned, self.head, self.autocast = tuned, head, autocast
        self.config, self.crf = head.config, head.crf

    def _features(self, feats):
        words, (states, sub_lengths, pool) = feats
        with torch.autocast("cpu", dtype=torch.bfloat16, enabled=self.autocast):
            upper = self.tuned(states, sub_lengths)
        pooled = [torch.einsum("bts,bsh->bth", pool, x.float()) for x in upper]
        return torch.cat([words, torch.stack(pooled, dim=2)], dim=2)

    def nll(self, feats, cats, lengths, allowed, group: int = 0):
        return self.head.nll(self._features(feats), cats, lengths, allowed, group)

    def predict(self, feats, cats, lengths, group: int = 0):
        with torch.no_grad():
            return self.head.predict(self._features(feats), cats, lengths, group)

    def shipped_state(self) -> dict:
        return self.head.shipped_state()
