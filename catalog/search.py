"""Vietnamese product search: accent-insensitive (đ→d), ranked, one-typo tolerant on PostgreSQL.

Product.search_text holds "name | producer | locality | description" folded to ASCII. A query is folded
the same way and split into words; a product matches when it contains every word. Ranking is by tiers
(RankedSearch): the phrase in the name, every word in the name, the phrase anywhere, every word in the
producer's name, then the rest (locality, description); within a tier, OCOP stars then newest, an
order PostgreSQL reads from an index, so a page of a common word costs a few hundred rows, not every
match. On PostgreSQL the containment test uses a trigram GIN index; when no product contains every
word, a trigram word-similarity search (pg_trgm) forgives a typo.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import Count, F, Func, IntegerField, Q, QuerySet, TextField, Value
from django.db.models.functions import StrIndex, Substr

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


def _segment(number: int):
    """One " | "-separated part of search_text: 1 the name, 2 the producer (the name's is indexed on
    PostgreSQL, see migration 0005)."""
    if using_postgres():
        return Func(F("search_text"), Value(" | "), Value(number), function="split_part", output_field=TextField())
    if number == 1:
        return Substr(F("search_text"), 1, StrIndex(F("search_text"), Value(" | ")), output_field=TextField())
    # SQLite: the text after the first " | ", up to the next one (the producer).
    rest = Substr(F("search_text"), StrIndex(F("search_text"), Value(" | ")) + 3, output_field=TextField())
    return Substr(rest, 1, StrIndex(rest, Value(" | ")), output_field=TextField())


def name_segment():
    return _segment(1)


def _begins_word(field: str, text: str) -> Q:
    return Q(**{f"{field}__startswith": text}) | Q(**{f"{field}__contains": f" {text}"})


def _has_all(field: str, words: tuple[str, ...]) -> Q:
    condition = Q()
    for word in words:
        condition &= _begins_word(field, word)
    return condition


# Within a tier: OCOP stars, then newest. PostgreSQL walks the partial index on this order
# (product_published_stars_id) and stops after a page, instead of ranking every match.
TIER_ORDER = (F("ocop_stars").desc(nulls_last=True), F("id").desc())


@dataclass
class RankedSearch:
    """Matches in disjoint tiers, best first, each ordered by OCOP stars then newest.

    Exact matches: the typed phrase in the name; every word in the name; (several words) the phrase
    anywhere; every word in the producer's name; the rest (every word somewhere). A typo match has
    one tier, by similarity. `conditions` tell the tiers apart, for counting them in one pass.
    """

    tiers: list[QuerySet]
    conditions: list[Q] = field(default_factory=list)
    matched: QuerySet | None = None

    def counts(self) -> tuple[int, ...]:
        if self.matched is None:
            return (self.tiers[0].count(),)
        found = self.matched.aggregate(**{f"tier_{i}": Count("id", filter=c) for i, c in enumerate(self.conditions)})
        return tuple(found[f"tier_{i}"] for i in range(len(self.conditions)))


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
        return RankedSearch(tiers=[qs.filter(id__in=match.similar_ids).order_by(position)])
    words, phrase = query.words, " ".join(query.words)
    qs = qs.alias(search_name=_segment(1), search_producer=_segment(2))
    wanted = [_begins_word("search_name", phrase)]
    if len(words) > 1:
        wanted += [_has_all("search_name", words), _begins_word("search_text", phrase)]
    wanted += [_has_all("search_producer", words), _has_all("search_text", words)]
    tiers, conditions, before = [], [], None
    for condition in wanted:
        # Each tier leaves out the tiers above it: every match is in exactly one tier. Each condition
        # implies every word somewhere; repeating that test would only mislead the planner's estimates.
        exclusive = condition if before is None else condition & ~before
        tiers.append(qs.filter(exclusive).order_by(*TIER_ORDER))
        conditions.append(exclusive)
        before = condition if before is None else before | condition
    return RankedSearch(tiers=tiers, conditions=conditions, matched=_contains_all(qs, words))


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
