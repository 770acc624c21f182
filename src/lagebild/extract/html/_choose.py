"""Which body a page gets, the rules' or the block classifier's (``"body_pick"`` in ``ExtractSettings.learned``).

Leave-site-out neither body wins everywhere: the rules' body is ahead on the sets they were tuned on, the
classifier's on sites no rule was written for (docs/benchmarks.md, issue 15, seventh round). Which one is
better differs page by page, and the page shows it: where the two agree it hardly matters; where the classifier
keeps prose the rules dropped, or drops what the rules kept with low scores, the shapes of the blocks in
question and how sure the classifier is say who is right. :func:`page_row` describes that disagreement with 33
numbers; boosted trees (``c_*`` arrays in ``htmlblocks.npz``, trained by ``scripts/train_extract.py`` on the
classifier's leave-site-out scores of every page, labelled by which body scored better) give P(the classifier's
body is the better one).
"""

from __future__ import annotations

import numpy as np

from ._features import feature_names, trigrams_list

KEEP = 0.5  # a block the classifier keeps (as choose_body does)
SURE_OUT = 0.1  # a block the classifier is sure is not body
UNSURE = (0.2, 0.8)  # scores of blocks it is unsure of

NAMES = [
    "log_rules_grams", "log_kept_grams", "log_grams_ratio", "kept_in_rules", "rules_in_kept", "rules_in_sure_out",
    "unsure_words", "kept_unsure_words", "kept_words_share", "mean_score", "kept_blocks", "blocks",
    "kept_in_traf", "kept_traf_cover", "kept_jsonld_cover", "kept_link_share", "kept_prose", "kept_recall_rules",
    "left_in_traf", "left_traf_cover", "has_jsonld", "traf_empty", "log_page_chars", "log_page_blocks",
    "page_link_share", "log_rules_only_words", "log_kept_only_words", "rules_only_score", "kept_only_score",
    "rules_score", "kept_rules_cover", "log_rules_words", "disagreement",
]
_COLUMN = {name: i for i, name in enumerate(feature_names())}


def _mean(values: np.ndarray, weight: np.ndarray, where: np.ndarray, empty: float = 0.0) -> float:
    return float((values[where] * weight[where]).sum() / (weight[where].sum() + 1e-9)) if where.any() else empty


def page_row(rules: list[str], texts: list[str], features: np.ndarray, probs: np.ndarray) -> np.ndarray:
    """The page's :data:`NAMES`: the rules' body (``rules``, paragraphs) against the blocks (``texts``, their
    ``features`` and the classifier's ``probs``) the classifier keeps, by word trigrams and block shapes."""
    col = lambda name: features[:, _COLUMN[name]].astype(np.float64)  # noqa: E731
    words = np.expm1(col("logwords"))
    total = words.sum() + 1.0
    keep = probs >= KEEP
    block_grams = [trigrams_list(t) for t in texts]
    rule_list = [g for p in rules for g in trigrams_list(p)]
    rule_set = set(rule_list)
    kept_list = [g for gs, k in zip(block_grams, keep) if k for g in gs]
    kept_set = set(kept_list)
    sure_out: set = set()
    rest: set = set()
    for gs, p in zip(block_grams, probs):
        (sure_out if p < SURE_OUT else rest).update(gs)
    share = lambda grams, within: sum(g in within for g in grams) / len(grams) if grams else 0.0  # noqa: E731
    cover = np.array([share(gs, rule_set) for gs in block_grams])
    in_rules = cover >= 0.5
    rules_only, kept_only = in_rules & ~keep, keep & ~in_rules
    unsure = (probs > UNSURE[0]) & (probs < UNSURE[1])
    kept_words = words[keep].sum()
    first = features[0] if len(features) else np.zeros(features.shape[1])
    row = [
        np.log1p(len(rule_list)), np.log1p(len(kept_list)), np.log1p(len(kept_list)) - np.log1p(len(rule_list)),
        share(kept_list, rule_set), share(rule_list, kept_set),
        sum(g in sure_out and g not in rest for g in rule_list) / len(rule_list) if rule_list else 0.0,
        words[unsure].sum() / total, words[keep & (probs < UNSURE[1])].sum() / (kept_words + 1.0),
        kept_words / total, float((probs * words).sum() / total), float(keep.sum()), float(len(texts)),
        _mean(col("in_traf"), words, keep), _mean(col("traf_cover"), words, keep),
        _mean(col("jsonld_cover"), words, keep), _mean(col("link_share"), words, keep),
        _mean(col("prose"), words, keep), _mean(col("rules_cover"), words, keep),
        _mean(col("in_traf"), words, ~keep), _mean(col("traf_cover"), words, ~keep),
        *(float(first[_COLUMN[n]]) for n in ("has_jsonld", "traf_empty", "log_page_chars", "log_page_blocks",
                                              "page_link_share")),
        np.log1p(words[rules_only].sum()), np.log1p(words[kept_only].sum()),
        _mean(probs, words, rules_only, -1.0), _mean(probs, words, kept_only, -1.0), _mean(probs, words, in_rules, -1.0),
        _mean(cover, words, keep, -1.0), np.log1p(words[in_rules].sum()),
        float((keep != in_rules).mean()) if len(texts) else 0.0,
    ]
    return np.array(row, np.float64)
