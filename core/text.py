"""Vietnamese text folding for slugs and accent-insensitive search.

Unicode NFKD strips tone marks but leaves Đ/đ alone (it is a separate letter, not d + a mark),
so plain slugify("Đông Hải") loses the letter. Everything here folds đ→d first.
"""

from __future__ import annotations

import re
import unicodedata

_D_TABLE = str.maketrans({"đ": "d", "Đ": "D"})
_NON_WORD = re.compile(r"[^a-z0-9]+")
_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """Lower-case ASCII form of Vietnamese text: 'Muối hạt Đông Hải' → 'muoi hat dong hai'."""
    text = unicodedata.normalize("NFKD", (text or "").translate(_D_TABLE))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.lower()
    return _SPACES.sub(" ", _NON_WORD.sub(" ", text)).strip()


def slugify_vi(text: str, *, max_length: int = 200) -> str:
    """URL slug with đ→d: 'Đông Hải' → 'dong-hai'."""
    slug = fold(text).replace(" ", "-")
    return slug[:max_length].strip("-")
