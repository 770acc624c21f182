"""The e5 tokenizer's Viterbi tries at each position only the lengths a piece starting there can have; it must
still find the best segmentation, which a brute force over every segmentation checks on a toy vocabulary."""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from lagebild.models.unigram import META, UnigramTokenizer

PIECES = ["<s>", "</s>", "<pad>", "<unk>", META, "a", "b", "c", "ab", "abc", "abca", "bca", "ca", META + "ab",
          META + "abcab", "cab", "abcabc", "bb", "bbbbb"]
SCORES = np.array([0, 0, 0, 0, -3.0, -4.0, -4.5, -5.0, -3.5, -3.0, -6.0, -2.5, -3.2, -2.0, -4.0, -3.1, -1.0,
                   -4.2, -2.2])


def _tokenizer() -> UnigramTokenizer:
    return UnigramTokenizer(PIECES, SCORES, {}, dict(bos=0, eos=1, pad=2, unk=3))


def _brute(tok: UnigramTokenizer, s: str) -> float:
    """The best total score over every segmentation (unknown characters one by one at the unknown score)."""

    @lru_cache(maxsize=None)
    def best(i: int) -> float:
        if i == len(s):
            return 0.0
        out = tok.unk_score + best(i + 1)
        for e in range(i + 1, len(s) + 1):
            idx = tok.index.get(s[i:e])
            if idx is not None:
                out = max(out, tok.scores[idx] + best(e))
        return out

    return best(0)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="abcx" + META, max_size=14))
def test_the_viterbi_finds_the_best_segmentation(s):
    tok = _tokenizer()
    ids = tok._viterbi(s)
    total = sum(tok.unk_score if i == tok.unk else tok.scores[i] for i in ids)
    assert abs(total - _brute(tok, s)) < 1e-9
    # the pieces, an unknown standing for one character, spell the text
    at = 0
    for i in ids:
        if i != tok.unk:
            assert s.startswith(PIECES[i], at)
        at += 1 if i == tok.unk else len(PIECES[i])
    assert at == len(s)


def test_long_pieces_are_found_beyond_three_characters():
    tok = _tokenizer()
    assert [PIECES[i] for i in tok._viterbi("abcabc")] == ["abcabc"]
    assert sorted(PIECES[i] for i in tok._viterbi("bbbbbb")) == ["b", "bbbbb"]  # either order scores the same
