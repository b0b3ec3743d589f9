"""Vietnamese product search: accent-insensitive (đ→d), ranked, one-typo tolerant on PostgreSQL.

Product.search_text holds "name | producer | locality | description" folded to ASCII. A query is folded
the same way and split into words; a product matches when it contains every word. Ranking puts name
matches first, then orders by where the words first occur (the name comes before the producer, the
producer before the description). On PostgreSQL the containment test uses a trigram GIN index; when no
product contains every word, a trigram word-similarity search (pg_trgm) forgives a typo.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Case, F, Func, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import StrIndex

from core.text import fold

MAX_QUERY_CHARS = 100
MAX_WORDS = 8
# pg_trgm word similarity needed to accept a near miss ("muoi hst" for "muoi hat").
TYPO_SIMILARITY = 0.5


@dataclass(frozen=True)
class SearchQuery:
    raw: str
    folded: str
    words: tuple[str, ...]
    truncated: bool

    def __bool__(self) -> bool:
        return bool(self.words)


def parse_query(raw: str | None) -> SearchQuery:
    """Fold and bound what a shopper typed; very long input is cut, never an error."""
    raw = (raw or "").strip()
    truncated = len(raw) > MAX_QUERY_CHARS
    folded = fold(raw[:MAX_QUERY_CHARS])
    words = tuple(dict.fromkeys(folded.split()))[:MAX_WORDS]
    return SearchQuery(raw=raw[:MAX_QUERY_CHARS], folded=" ".join(words), words=words, truncated=truncated)


def using_postgres() -> bool:
    return connection.vendor == "postgresql"


def _contains_all(qs: QuerySet, words: tuple[str, ...]) -> QuerySet:
    # search_text is already lower-case ASCII: a case-sensitive LIKE can use the trigram index.
    for word in words:
        qs = qs.filter(search_text__contains=word)
    return qs


def _rank_by_position(qs: QuerySet, words: tuple[str, ...]) -> QuerySet:
    """The typed phrase in the name first, then the phrase anywhere, then the most words in the name,
    then by where the words occur (name < producer < locality < description), then OCOP stars."""
    texts = [*words, " ".join(words)]
    positions = {f"search_pos_{i}": StrIndex(F("search_text"), Value(text)) for i, text in enumerate(texts)}

    def in_name(i: int):
        found = Q(**{f"search_pos_{i}__gt": 0}) & Q(search_name_end__gt=F(f"search_pos_{i}"))
        return Case(When(found, then=Value(1)), default=Value(0), output_field=IntegerField())

    phrase = len(words)
    return (
        qs.alias(search_name_end=StrIndex(F("search_text"), Value(" | ")), **positions)
        .annotate(
            search_phrase_in_name=in_name(phrase),
            search_phrase=Case(When(**{f"search_pos_{phrase}__gt": 0}, then=Value(1)), default=Value(0), output_field=IntegerField()),
            search_name_hits=sum((in_name(i) for i in range(len(words))), Value(0)),
            search_position=sum((F(f"search_pos_{i}") for i in range(len(words))), Value(0)),
        )
        .order_by(
            "-search_phrase_in_name", "-search_phrase", "-search_name_hits", "search_position",
            F("ocop_stars").desc(nulls_last=True), "-id",
        )
    )


def search_products(qs: QuerySet, query: SearchQuery) -> QuerySet:
    """Products of `qs` matching `query`, ranked. The result is ordered; callers may re-order."""
    if not query:
        return qs
    exact = _contains_all(qs, query.words)
    if not using_postgres() or exact.exists():
        return _rank_by_position(exact, query.words)
    return _similar(qs, query)


def _similar(qs: QuerySet, query: SearchQuery) -> QuerySet:
    """PostgreSQL only: products whose text holds words similar to the query (one typo forgiven)."""
    from django.contrib.postgres.search import TrigramWordSimilarity

    with transaction.atomic():
        # The operator form (`<%`) uses the GIN index; its threshold is a session setting, set for
        # this transaction only. The ids are fetched inside it.
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('pg_trgm.word_similarity_threshold', %s, true)", [str(TYPO_SIMILARITY)])
        ids = list(
            qs.extra(where=["%s <%% search_text"], params=[query.folded])
            .annotate(
                name_similarity=TrigramWordSimilarity(Value(query.folded), Func(F("search_text"), Value(" | "), Value(1), function="split_part")),
                similarity=TrigramWordSimilarity(Value(query.folded), "search_text"),
            )
            .order_by("-name_similarity", "-similarity", F("ocop_stars").desc(nulls_last=True), "-id")
            .values_list("id", flat=True)[:500]
        )
    order = Case(*(When(id=pk, then=Value(i)) for i, pk in enumerate(ids)), output_field=IntegerField())
    return qs.filter(id__in=ids).annotate(search_position=order, search_name_hits=Value(0)).order_by("search_position")
