"""Full-text index terms computed elsewhere — by a batch worker, written beside each article in its
shard (``lagebild batch``) — for the writer to take instead of computing them (``lagebild merge``).

The terms are :func:`lagebild.archive.store.term_columns` of an article's title, lead and text in
its language, and they are kept under exactly those texts (:func:`terms_key`): an article whose
texts changed on its way is computed afresh, as is one nobody gave terms for. The caller has made
sure they come from the same term code (``merge`` compares the shard's fingerprint). A batch spends
what it was given whether it stores the article or not (a duplicate's terms are dropped with it).

A tantivy index holds the same terms split as FTS5's tokenizer splits them (:mod:`.terms`,
``token_text``); :func:`tokens` derives those from the given ones: no word spans whitespace and no
token spans a space, so splitting the joined terms gives the very tokens ``token_text`` gives the
text (tests/batch/test_batch_merge_terms.py compares them).
"""

from __future__ import annotations

from ...model import Article
from ...query import fts_tokens


def terms_key(item) -> tuple | None:
    """What an article's index terms are made of (:func:`..store.term_columns`' arguments), as the
    key under which terms computed elsewhere are given: the same texts, the same terms."""
    if not isinstance(item, Article):
        return None
    return (item.title or "", item.lead or "", item.text or "", item.language)


def tokens(terms: tuple[str, str, str]) -> tuple[str, str, str]:
    """``token_text`` of title, lead and text from their ``term_columns`` (see the module's doc)."""
    return tuple(" ".join(fts_tokens([field])) for field in terms)  # type: ignore[return-value]


class GivenTerms(dict):
    """``terms_key`` -> the ``term_columns`` given for those texts."""

    def give(self, article: Article, terms: tuple[str, str, str]) -> None:
        self[terms_key(article)] = terms

    def take(self, key: tuple | None) -> tuple[str, str, str] | None:
        """The terms given for ``key``'s texts (once), or None."""
        return self.pop(key, None) if self and key is not None else None

    def spend(self, items) -> None:
        """Forget what was given for ``items`` (a batch, stored or not)."""
        if self:
            for item in items:
                self.pop(terms_key(item), None)


class TakesGivenTerms:
    """What an index offers ``lagebild merge`` (:func:`lagebild.batch.merge`): it is handed each
    article's given terms (``given_terms``) and takes them from ``self.given``."""

    @property
    def given(self) -> GivenTerms:
        found = self.__dict__.get("_given")
        if found is None:
            found = self.__dict__["_given"] = GivenTerms()
        return found

    def given_terms(self, article: Article, terms: tuple[str, str, str]) -> None:
        self.given.give(article, terms)

    def drop_given_terms(self) -> None:
        self.given.clear()


__all__ = ["GivenTerms", "TakesGivenTerms", "terms_key", "tokens"]
