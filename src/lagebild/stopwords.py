"""spaCy's stop-word lists, read without importing spaCy's language packages.

``import spacy.lang.fr.stop_words`` runs ``spacy/lang/fr/__init__.py`` first, which compiles the
French tokenizer exceptions: 1.8 s of CPU on the first French page a running ``watch`` or web server
sees (and in every batch worker). The lists themselves are plain Python files of words, so they are
run on their own.
"""

from __future__ import annotations

import importlib.util
import re
import runpy
from functools import lru_cache
from pathlib import Path

_CODE = re.compile(r"[a-z]{2,3}")  # a language code names a folder; nothing else may reach the path


@lru_cache(maxsize=64)
def stop_words(lang: str) -> frozenset[str]:
    """The words of ``spacy/lang/<lang>/stop_words.py`` as spaCy lists them; empty when spaCy has none."""
    if not _CODE.fullmatch(lang or ""):
        return frozenset()
    spec = importlib.util.find_spec("spacy")  # the package's location, without importing it (~2 s)
    if spec is None or spec.origin is None:
        return frozenset()
    path = Path(spec.origin).parent / "lang" / lang / "stop_words.py"
    try:
        return frozenset(runpy.run_path(str(path)).get("STOP_WORDS", ()))
    except (OSError, SyntaxError, ImportError):  # no list for that language (or one that imports more)
        return frozenset()
