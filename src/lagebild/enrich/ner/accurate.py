"""The accurate recognizer: e5 hidden states (our torch forward pass) → BiLSTM-CRF head."""

from __future__ import annotations

import os
from pathlib import Path

import torch

from ...errors import ModelError
from ...heap import trim_heap
from ...models.e5 import E5Encoder, runtime, shared_encoder
from .features import word_features
from .gazetteer import Gazetteer
from .crf import marginals, viterbi
from .tagger import TAGS, Tagger, word_categories
from .tuning import apply_tuned

MAX_WORDS = 4096  # padded words per forward pass of the head


def load_checkpoint(path: Path) -> dict:
    if not path.exists():
        raise ModelError(f"{path}: NER weights missing (train them with scripts/train_ner.py)")
    try:
        return torch.load(path, map_location="cpu", weights_only=True)
    except Exception as exc:  # noqa: BLE001 - any unpickling failure means unusable weights
        raise ModelError(f"{path}: cannot load NER weights ({exc})") from exc


def by_length(sentences: list[list[str]], max_words: int) -> list[list[int]]:
    """Indices of ``sentences`` in batches of similar length (little padding), ≤ ``max_words`` padded words each."""
    order = sorted(range(len(sentences)), key=lambda i: len(sentences[i]))
    batches, current = [], []
    for i in order:
        if current and (len(current) + 1) * len(sentences[i]) > max_words:
            batches.append(current)
            current = []
        current.append(i)
    if current:
        batches.append(current)
    return batches


def tag_in_batches(tag_batch, sentences: list[list[str]], max_words: int, languages: list | None = None) -> list:
    """Run ``tag_batch`` over length-sorted batches and return its rows in the original order (with
    ``languages``, one per sentence, ``tag_batch`` gets the batch's languages as its second argument)."""
    out: list = [[] for _ in sentences]
    for idx in by_length(sentences, max_words):
        part = [sentences[i] for i in idx]
        rows = tag_batch(part) if languages is None else tag_batch(part, [languages[i] for i in idx])
        for i, tags in zip(idx, rows):
            out[i] = tags
    return out


def fill_empty(tag, sentences: list[list[str]], languages: list | None = None) -> list:
    """``tag(sentences)`` where some are empty: tag the others, give the empty ones ``[]`` (with
    ``languages``, one per sentence, ``tag`` gets the others' languages as its second argument)."""
    keep = [i for i, s in enumerate(sentences) if s]
    part = [sentences[i] for i in keep]
    full = iter(tag(part) if languages is None else tag(part, [languages[i] for i in keep]))
    return [next(full) if s else [] for s in sentences]


def scored_tags(emissions: torch.Tensor, trans: torch.Tensor, start: torch.Tensor, mask: torch.Tensor,
                scored: bool = True) -> list[list[tuple[str, float | None]]]:
    """The Viterbi path of each sentence, each tag with its CRF marginal probability (how sure the
    model is of that word's tag given the whole sentence: the mentions' confidence); ``None`` in a
    sentence without a mention, which needs none (saves the forward-backward pass there), and
    everywhere unless ``scored`` (tags alone need no forward-backward pass)."""
    paths = viterbi(emissions, trans, start, mask)
    named = [r for r, path in enumerate(paths) if any(path)] if scored else []  # only these need marginals
    probs = marginals(emissions[named], trans, start, mask[named]) if named else None
    rows = dict(zip(named, range(len(named))))
    out = []
    for r, path in enumerate(paths):
        if r in rows:
            row = probs[rows[r], torch.arange(len(path)), torch.tensor(path)].tolist()
            out.append([(TAGS[i], p) for i, p in zip(path, row)])
        else:
            out.append([(TAGS[i], None) for i in path])
    return out


def load_state(ckpt: dict) -> dict:
    """The float32 state dict of a checkpoint (older ones named the shape embedding ``shape.``)."""
    return {
        ("cats." + k if k.startswith("shape.") else k): v.float() if v.is_floating_point() else v
        for k, v in ckpt["state"].items()
    }


class Head:
    """One trained tagger with the gazetteer it was trained with."""

    def __init__(self, ckpt: dict, path: Path):
        self.model = Tagger(**ckpt["config"])
        try:
            self.model.load_state_dict(load_state(ckpt))
        except RuntimeError as exc:
            raise ModelError(f"{path}: weights do not fit the tagger ({exc})") from exc
        self.model.eval()
        self.gazetteer = Gazetteer.from_list(ckpt["gazetteer"]) if ckpt.get("gazetteer") else None

    def quantize(self) -> None:
        """The BiLSTM in dynamic int8 (weights per row, activations per step; fbgemm's kernels): ~3x
        faster than float32 on one thread, the head's largest cost (see docs/benchmarks.md, issue 17, t17)."""
        import warnings

        with warnings.catch_warnings():  # torch.ao's deprecation notices; the kernels are current
            warnings.simplefilter("ignore")
            self.model.lstm = torch.ao.quantization.quantize_dynamic(
                torch.nn.Sequential(self.model.lstm), {torch.nn.LSTM}, dtype=torch.qint8)[0]

    def categories(self, sentences: list[list[str]], t: int) -> torch.Tensor:
        cats = torch.zeros(len(sentences), t, 2, dtype=torch.long)
        for r, c in enumerate(word_categories(sentences, self.gazetteer)):
            if c:
                cats[r, : len(c)] = torch.tensor(c, dtype=torch.long)
        return cats


def load_heads(ckpt: dict, path: Path) -> tuple[list[Head], dict[str, list[Head]]]:
    """The default heads of a checkpoint and the heads of the languages that have their own
    (``ckpt["languages"]``: language → a checkpoint of one head or ``{"heads": [...]}``; written by
    ``scripts/ner_ensemble.py --language en=B.pt``). Every head reads the same e5 layers."""
    default = [Head(part, path) for part in ckpt.get("heads", [ckpt])]
    by_language = {lang: [Head(part, path) for part in sub.get("heads", [sub])]
                   for lang, sub in (ckpt.get("languages") or {}).items()}
    layers = {tuple(p["layers"]) for sub in [ckpt, *(ckpt.get("languages") or {}).values()] for p in sub.get("heads", [sub])}
    if len(layers) > 1:
        raise ModelError(f"{path}: heads read different e5 layers")
    return default, by_language


def trim_batches() -> bool:
    """Whether the heap's free pages go back to the system between two batches of one call
    (``LAGEBILD_NER_TRIM=0``: not; a call of one batch — one article — never trims). Freed batches
    otherwise stay in glibc's heap, fragmented, and the next batch's states land beside them: a worker's
    peak inside a chunk piles up. Trimming cut a two-worker accurate ingest's summed PSS by about a
    third and costs ~10-15 % of NER's CPU (freed pages are zero-filled again when the next batch touches
    them); docs/benchmarks.md, issue 17, wave 11."""
    return os.environ.get("LAGEBILD_NER_TRIM", "1") != "0"


def head_runtime() -> str:
    """How the head's BiLSTM runs: ``LAGEBILD_NER_HEAD`` (float32 | int8), else int8 where fbgemm has
    kernels (as e5's default runtime), else float32."""
    name = os.environ.get("LAGEBILD_NER_HEAD", "").strip().lower()
    if name:
        if name not in ("float32", "int8"):
            raise ModelError(f"LAGEBILD_NER_HEAD={name!r}: choose float32 or int8")
        return name
    return "int8" if "fbgemm" in torch.backends.quantized.supported_engines else "float32"


class AccurateRecognizer:
    """Tags sentences of words with BIO labels; one instance per process (it holds ~100 MB).

    A checkpoint holds one head or several (``{"heads": [...]}``); several are combined by
    adding their emission and transition scores before Viterbi decoding. A single head may carry
    fine-tuned e5 layers (``"encoder"``, see ``tuning.py``), swapped into the encoder at load.
    A language may have heads of its own (``"languages"``, see :func:`load_heads`): a sentence in
    that language is tagged by them instead (same e5 vectors; one head's cost per word either way).
    """

    def __init__(self, path: Path):
        ckpt = load_checkpoint(path)
        parts = ckpt.get("heads", [ckpt])
        self.heads, self.language_heads = load_heads(ckpt, path)
        self.by_language = bool(self.language_heads)  # recognize_many passes languages only then
        if head_runtime() == "int8":
            for head in [*self.heads, *(h for heads in self.language_heads.values() for h in heads)]:
                head.quantize()
        self.layers = tuple(parts[0]["layers"])
        tuned = [part["encoder"] for part in parts if part.get("encoder")]
        if self.language_heads and (tuned or any(p.get("encoder") for hs in ckpt["languages"].values()
                                                 for p in hs.get("heads", [hs]))):
            raise ModelError(f"{path}: heads with fine-tuned e5 layers cannot be split by language")
        if len(tuned) > 1 or (tuned and len(parts) > 1):
            raise ModelError(f"{path}: only a single head can carry fine-tuned e5 layers")
        if tuned:  # its own encoder: the fine-tuned layers must not reach the other readers of e5
            self.encoder = E5Encoder(n_layers=max(self.layers), runtime=runtime())
            apply_tuned(self.encoder, tuned[0])
        else:  # the stock layers: share the process's encoder with the story embedder
            self.encoder = shared_encoder()

    def tag(self, sentences: list[list[str]], languages: list[str | None] | None = None) -> list[list[str]]:
        return [[t for t, _ in row] for row in self.tag_scored(sentences, scored=False, languages=languages)]

    def tag_scored(self, sentences: list[list[str]], scored: bool = True,
                   languages: list[str | None] | None = None) -> list[list[tuple[str, float]]]:
        """``(tag, marginal probability)`` of every word: :meth:`tag` with the model's confidence.
        ``languages``: each sentence's language (None: unknown), which picks its heads."""
        if languages is not None and not self.language_heads.keys() & set(languages):
            languages = None  # every sentence takes the default heads: no need to carry them along
        if not all(sentences):
            return fill_empty(lambda part, langs=None: self.tag_scored(part, scored, langs), sentences, languages)
        started = False

        def batch(part: list[list[str]], langs: list | None = None) -> list:
            nonlocal started
            if started and trim_batches():  # the previous batch's states are freed: give their pages back first
                trim_heap()
            started = True
            return self._tag(part, scored, langs)

        return tag_in_batches(batch, sentences, MAX_WORDS, languages)

    @torch.inference_mode()
    def _tag(self, sentences: list[list[str]], scored: bool = True,
             languages: list[str | None] | None = None) -> list[list[tuple[str, float]]]:
        feats = word_features(self.encoder, sentences, self.layers)
        lengths = torch.tensor([len(s) for s in sentences])
        if languages is None:
            return predict_scored(self.heads, feats, sentences, lengths, scored)
        return by_language(self.heads, self.language_heads, feats, sentences, lengths, languages, scored)


def by_language(default: list[Head], language_heads: dict[str, list[Head]], feats: torch.Tensor,
                sentences: list[list[str]], lengths: torch.Tensor, languages: list[str | None],
                scored: bool = True) -> list[list[tuple[str, float]]]:
    """:func:`predict_scored` with each sentence's rows going to the heads of its language (the
    default heads where it has none): the e5 vectors are computed once for the whole batch."""
    keys = [lang if lang in language_heads else None for lang in languages]
    out: list = [None] * len(sentences)
    for key in dict.fromkeys(keys):
        rows = [r for r, k in enumerate(keys) if k == key]
        heads = language_heads[key] if key is not None else default
        if len(rows) == len(sentences):
            return predict_scored(heads, feats, sentences, lengths, scored)
        part = predict_scored(heads, feats[rows], [sentences[r] for r in rows], lengths[rows], scored)
        for r, row in zip(rows, part):
            out[r] = row
    return out


def predict_scored(heads: list[Head], feats: torch.Tensor, sentences: list[list[str]],
                   lengths: torch.Tensor, scored: bool = True) -> list[list[tuple[str, float]]]:
    """``(tag, marginal probability)`` of every word from the summed scores of ``heads``."""
    t = feats.shape[1]
    mask = torch.arange(t)[None] < lengths[:, None]
    emissions = sum(h.model.emissions(feats, h.categories(sentences, t), lengths) for h in heads)
    trans, start = (sum(x) for x in zip(*(h.model.crf.scores() for h in heads)))
    return scored_tags(emissions, trans, start, mask, scored)
