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
from django.db.models import Case, F, Func, IntegerField, Q, QuerySet, TextField, Value, When
from django.db.models.functions import StrIndex, Substr
from django.db.models.lookups import GreaterThan

from core.text import fold

MAX_QUERY_CHARS = 100
MAX_WORDS = 8
# pg_trgm word similarity needed to accept a near miss ("muoi hst" for "muoi hat").
TYPO_SIMILARITY = 0.5
TYPO_MAX_RESULTS = 240  # ten pages of near misses is plenty


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
    """Every word begins a word of the text ("hat" finds "hat" and "hatch", not "chat").

    search_text is already lower-case ASCII with single spaces, so a case-sensitive LIKE serves,
    and on PostgreSQL both patterns use the trigram index.
    """
    for word in words:
        qs = qs.filter(Q(search_text__startswith=word) | Q(search_text__contains=f" {word}"))
    return qs


def name_segment():
    """The product name: search_text up to the first " | " (indexed on PostgreSQL, see migration 0005)."""
    if using_postgres():
        return Func(F("search_text"), Value(" | "), Value(1), function="split_part", output_field=TextField())
    return Substr(F("search_text"), 1, StrIndex(F("search_text"), Value(" | ")), output_field=TextField())


def _found(haystack, needle: str):
    return Case(When(GreaterThan(StrIndex(haystack, Value(needle)), 0), then=Value(1)), default=Value(0),
                output_field=IntegerField())


def _name_has_all(words: tuple[str, ...]) -> Q:
    condition = Q()
    for word in words:
        condition &= Q(search_name__startswith=word) | Q(search_name__contains=f" {word}")
    return condition


def _rank_by_position(qs: QuerySet, words: tuple[str, ...]) -> QuerySet:
    """The phrase anywhere first, then the most words in the name, then by where the words occur
    (name < producer < locality < description), then OCOP stars."""
    phrase = " ".join(words)
    return qs.annotate(
        search_phrase=_found(F("search_text"), phrase) if len(words) > 1 else Value(1, output_field=IntegerField()),
        search_name_hits=sum((_found(F("search_name"), w) for w in words), Value(0)),
        search_position=sum((StrIndex(F("search_text"), Value(w)) for w in words), Value(0)),
    ).order_by("-search_phrase", "-search_name_hits", "search_position", F("ocop_stars").desc(nulls_last=True), "-id")


@dataclass
class RankedSearch:
    """Matches in two ranked tiers, so that the first pages never rank every match.

    `in_name`: every word in the product's name (the typed phrase first, then OCOP stars, newest);
    `elsewhere`: the other matches, by where the words occur. `elsewhere` is None for typo matches.
    """

    in_name: QuerySet
    elsewhere: QuerySet | None


@dataclass(frozen=True)
class SearchMatch:
    """How a query matches, decided once per request: every word (exact) or, failing that on
    PostgreSQL, the ids of the most similar products, best first (typo tolerance)."""

    exact: bool
    similar_ids: tuple[int, ...] = ()


def search_match(query: SearchQuery) -> SearchMatch:
    from catalog.caching import cached_data
    from catalog.models import Product

    if not using_postgres():
        return SearchMatch(exact=True)

    def decide() -> SearchMatch:
        if _contains_all(Product.objects.published(), query.words).exists():
            return SearchMatch(exact=True)
        return SearchMatch(exact=False, similar_ids=tuple(_similar_ids(Product.objects.published(), query)))

    return cached_data("search-match", (query.folded,), decide)


def ranked_search(qs: QuerySet, query: SearchQuery, match: SearchMatch | None = None) -> RankedSearch:
    match = match or search_match(query)
    if not match.exact:
        position = Func(Value(list(match.similar_ids)), F("id"), function="array_position", output_field=IntegerField())
        return RankedSearch(in_name=qs.filter(id__in=match.similar_ids).order_by(position), elsewhere=None)
    exact = _contains_all(qs, query.words).alias(search_name=name_segment())
    in_name = (
        # The name is part of the text: testing the name alone lets PostgreSQL use only the name index.
        qs.alias(search_name=name_segment()).filter(_name_has_all(query.words))
        .annotate(search_phrase_in_name=_found(F("search_name"), " ".join(query.words)))
        .order_by("-search_phrase_in_name", F("ocop_stars").desc(nulls_last=True), "-id")
    )
    elsewhere = _rank_by_position(exact.exclude(_name_has_all(query.words)), query.words)
    return RankedSearch(in_name=in_name, elsewhere=elsewhere)


def search_products(qs: QuerySet, query: SearchQuery, match: SearchMatch | None = None) -> QuerySet:
    """Products of `qs` matching `query`, unranked (for counting, faceting or another sort order)."""
    if not query:
        return qs
    match = match or search_match(query)
    if match.exact:
        return _contains_all(qs, query.words)
    return qs.filter(id__in=match.similar_ids)


def _similar_ids(qs: QuerySet, query: SearchQuery) -> list[int]:
    """PostgreSQL only: ids of products whose text holds words similar to the query (one typo forgiven)."""
    from django.contrib.postgres.search import TrigramWordSimilarity

    with transaction.atomic():
        # The operator form (`<%`) uses the GIN index; its threshold is a session setting, set for
        # this transaction only. The ids are fetched inside it.
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('pg_trgm.word_similarity_threshold', %s, true)", [str(TYPO_SIMILARITY)])
        return list(
            qs.extra(where=["%s <%% search_text"], params=[query.folded])
            .annotate(
                name_similarity=TrigramWordSimilarity(Value(query.folded), Func(F("search_text"), Value(" | "), Value(1), function="split_part")),
                similarity=TrigramWordSimilarity(Value(query.folded), "search_text"),
            )
            .order_by("-name_similarity", "-similarity", F("ocop_stars").desc(nulls_last=True), "-id")
            .values_list("id", flat=True)[:TYPO_MAX_RESULTS]
        )
