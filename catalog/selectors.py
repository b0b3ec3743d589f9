"""Reads shaped for pages."""

from __future__ import annotations

import functools
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.exceptions import EmptyResultSet
from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db import connection
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext, ngettext

from catalog.caching import LocalEntries, cached_data, memoized
from catalog.filters import PRICE_BANDS, SORT_CHOICES, SORT_ORDER, ProductFilter
from catalog.models import Category, Product, ProductImage, Zone
from catalog.search import MAX_QUERY_CHARS, SearchMatch, SearchQuery, parse_query, ranked_search, search_match, search_products
from core.db import keyed_lookups, prepared_cursor
from core.money import format_vnd
from members.models import AdministrativeUnit, FormerDistrict, Member, MemberKind


@dataclass(frozen=True)
class FloorFigures:
    members: int
    products: int
    ocop_products: int
    ocop_by_stars: dict[int, int]  # {5: n, 4: n, 3: n}


def floor_figures() -> FloorFigures:
    """The live figures on the home page: approved members, public products, OCOP products by stars."""
    by_stars = dict(
        Product.objects.published().ocop().values_list("ocop_stars").annotate(n=Count("id")).order_by()
    )
    return FloorFigures(
        members=Member.objects.approved().count(),
        products=Product.objects.published().count(),
        ocop_products=sum(by_stars.values()),
        ocop_by_stars={stars: by_stars.get(stars, 0) for stars in (5, 4, 3)},
    )


def root_categories() -> list[Category]:
    return list(Category.objects.filter(parent__isnull=True))


# --- Public catalogue pages -------------------------------------------------------------------
CARD_PAGE_SIZE = 24
HOME_SHELF_SIZE = 8
RELATED_SIZE = 4


def card_queryset(qs: QuerySet | None = None) -> QuerySet:
    """What a product card needs, in a constant number of queries: product, member, commune, images.

    The images go to a plain list (`card_images`, read by the `card_image` filter): a prefetch into
    `product.images` builds one filtered queryset per product, the costliest step of a list page.
    """
    qs = Product.objects.published() if qs is None else qs
    return qs.select_related("member", "commune", "category").prefetch_related(
        Prefetch("images", queryset=ProductImage.objects.order_by("position", "id"), to_attr="card_images")
    )


@functools.cache
def _published() -> QuerySet:
    return Product.objects.published()  # never evaluated: only cloned


def public_products() -> QuerySet:
    """Published products of approved members (a clone of one prepared queryset: building the join
    again on every call costs more than the query it starts)."""
    return _published().all()


def featured_ocop_products(limit: int = HOME_SHELF_SIZE) -> list[Product]:
    return list(card_queryset(public_products().ocop()).order_by("-ocop_stars", "-published_at", "-id")[:limit])


def newest_products(limit: int = HOME_SHELF_SIZE) -> list[Product]:
    return list(card_queryset().order_by("-published_at", "-id")[:limit])


@dataclass(frozen=True)
class ZoneCount:
    value: str
    label: str
    count: int


def zone_counts() -> list[ZoneCount]:
    counts = dict(public_products().values_list("zone").annotate(n=Count("id")).order_by())
    return [ZoneCount(value, label, counts.get(value, 0)) for value, label in Zone.choices]


def root_categories_with_counts() -> list[tuple[Category, int]]:
    categories = list(Category.objects.all())
    per_category = dict(public_products().values_list("category_id").annotate(n=Count("id")).order_by())
    roots = [c for c in categories if c.parent_id is None]
    totals = {c.pk: per_category.get(c.pk, 0) for c in roots}
    for c in categories:
        if c.parent_id in totals:
            totals[c.parent_id] += per_category.get(c.pk, 0)
    return [(c, totals[c.pk]) for c in roots]


def home_page() -> dict:
    """Everything the home page shows, computed once per listing version (counts over every product)."""
    return cached_data("home", (), lambda: {
        "figures": floor_figures(),
        "categories": root_categories_with_counts(),
        "zones": zone_counts(),
        "featured": featured_ocop_products(),
        "newest": newest_products(),
    })


# --- The catalogue list: filters, facets, search, sort, pages ---------------------------------
@dataclass
class FacetOption:
    value: str
    label: str
    count: int
    url: str
    selected: bool
    depth: int = 0
    count_text: str = field(init=False, default="")

    def __post_init__(self):
        # Formatted once when the facets are built (and cached with them), not on every render.
        self.count_text = intcomma(self.count)


@dataclass
class Facet:
    name: str
    label: str
    options: list[FacetOption]
    options_html: str = field(init=False, default="")

    def __post_init__(self):
        # The list items of product_list.html, rendered once when the facets are built (and cached
        # with them): a list page shows ~150 options, which cost more in the template than the rest.
        self.options_html = mark_safe("".join(  # noqa: S308 - every value is escaped by format_html
            format_html(
                '\n            <li class="depth-{}"><a href="{}" rel="nofollow"{}>{} <span class="count">({})</span></a></li>\n          ',
                o.depth, o.url, mark_safe(' aria-current="true" class="selected"') if o.selected else "", o.label, o.count_text,
            )
            for o in self.options
        ))


@dataclass
class CataloguePage:
    page: Page
    total: int
    filterset: ProductFilter
    facets: list[Facet]
    query: SearchQuery
    sort: str
    messages: list[str]
    active: list[FacetOption] = field(default_factory=list)
    base_url: str = ""
    state: dict[str, str] = field(default_factory=dict)
    panel_html: str = ""  # the refine form and the facets, rendered (templates/catalog/_refine.html)

    def products(self) -> list[Product]:
        """The page's products, in page order (the page itself holds only their ids)."""
        found = card_queryset().in_bulk(list(self.page.object_list))
        return [found[pk] for pk in self.page.object_list if pk in found]


class KnownCountPaginator(Paginator):
    """A paginator told its count (cached per filter state) instead of counting again."""

    def __init__(self, object_list, per_page, *, count: int):
        super().__init__(object_list, per_page)
        self._known_count = count

    @cached_property
    def count(self) -> int:
        return self._known_count


@dataclass(frozen=True)
class TieredResults:
    """Ranked querysets read as one sequence: a page only queries the tier(s) it overlaps."""

    tiers: tuple[QuerySet, ...]
    counts: tuple[int, ...]


_PAGE_SQL: OrderedDict[tuple, list[tuple[str, tuple]]] = OrderedDict()
_PAGE_SQL_LOCK = threading.Lock()
_PAGE_SQL_MAX = 1024


class PageIds:
    """The ordered product ids of one catalogue state, read a page at a time.

    The SQL of a page depends only on the state's shape (cleaned filters, sort, search words and
    match, page bounds), so it is compiled once per shape and process (the ORM spends longer
    building and compiling the query than PostgreSQL spends running it); it runs on every request.
    """

    def __init__(self, shape: tuple, build: Callable[[], QuerySet | TieredResults], total: int):
        self.shape, self.build, self.total = shape, build, total

    def count(self) -> int:
        return self.total

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, bounds: slice) -> list[int]:
        start, stop = bounds.start or 0, bounds.stop if bounds.stop is not None else self.total
        key = (connection.vendor, self.shape, start, stop)
        with _PAGE_SQL_LOCK:
            statements = _PAGE_SQL.get(key)
            if statements is not None:
                _PAGE_SQL.move_to_end(key)
        if statements is None:
            statements = _page_statements(self.build(), start, stop)
            with _PAGE_SQL_LOCK:
                _PAGE_SQL[key] = statements
                while len(_PAGE_SQL) > _PAGE_SQL_MAX:
                    _PAGE_SQL.popitem(last=False)
        ids: list[int] = []
        with prepared_cursor() as cursor:
            for sql, params in statements:
                cursor.execute(sql, params)
                ids += [row[0] for row in cursor.fetchall()]
        return ids


def _page_statements(ordered: QuerySet | TieredResults, start: int, stop: int) -> list[tuple[str, tuple]]:
    if isinstance(ordered, TieredResults):
        parts, offset = [], 0
        for qs, count in zip(ordered.tiers, ordered.counts, strict=True):
            low, high = max(start - offset, 0), min(stop - offset, count)
            if low < high:
                parts.append(qs[low:high])
            offset += count
    else:
        parts = [ordered[start:stop]]
    statements = []
    for qs in parts:
        try:
            statements.append(qs.query.sql_with_params())
        except EmptyResultSet:  # e.g. a near-miss search that found nothing: no query to run
            continue
    return statements


def _ids(qs: QuerySet) -> QuerySet:
    return qs.values_list("pk", flat=True)


def _apply_filters(filterset: ProductFilter, qs: QuerySet, *, exclude: tuple[str, ...] = ()) -> QuerySet:
    for name, value in filterset.form.cleaned_data.items():
        if name in exclude or value in (None, ""):
            continue
        qs = filterset.filters[name].filter(qs, value)
    return qs


def _matched(filterset: ProductFilter, query: SearchQuery, match: SearchMatch | None, *, exclude: tuple[str, ...] = ()) -> QuerySet:
    qs = _apply_filters(filterset, public_products(), exclude=exclude)
    if query:
        qs = search_products(qs, query, match).order_by()
    return qs


def _facet_counts(filterset: ProductFilter, query: SearchQuery, match: SearchMatch | None) -> dict:
    def grouped(exclude: tuple[str, ...], field_name: str) -> dict:
        qs = _matched(filterset, query, match, exclude=exclude)
        # One row per (product, district) at most: a plain count is exact even across the M2M join.
        count = Count("id")
        return {k: n for k, n in qs.values_list(field_name).annotate(n=count).order_by() if k is not None}

    price_qs = _matched(filterset, query, match, exclude=("price_min", "price_max"))
    bands = price_qs.aggregate(
        **{
            f"band_{i}": Count("id", filter=Q(price__gte=low) & (Q(price__lte=high) if high else Q()))
            for i, (_key, low, high) in enumerate(PRICE_BANDS)
        }
    )
    stock_qs = _matched(filterset, query, match, exclude=("in_stock",))
    return {
        "category": grouped(("category",), "category_id"),
        "stars": grouped(("stars",), "ocop_stars"),
        "district": grouped(("district",), "commune__former_districts"),
        "commune": grouped(("commune",), "commune_id"),
        "zone": grouped(("zone",), "zone"),
        "kind": grouped(("kind",), "member__kind"),
        "price": [bands[f"band_{i}"] for i in range(len(PRICE_BANDS))],
        "in_stock": stock_qs.filter(stock__gt=0).count(),
    }


def _reference_data() -> dict:
    commune_districts: dict[str, list[str]] = {}
    for code, name in AdministrativeUnit.objects.communes().filter(former_districts__isnull=False).values_list(
        "code", "former_districts__name"
    ).order_by("code", "former_districts__code"):
        commune_districts.setdefault(code, []).append(name)
    return {
        "commune_districts": commune_districts,
        "categories": list(Category.objects.values_list("pk", "slug", "name", "name_en", "parent_id").order_by("position", "name")),
        "districts": list(FormerDistrict.objects.values_list("code", "slug", "name")),
        "communes": list(AdministrativeUnit.objects.communes().values_list("code", "slug", "full_name").order_by("name")),
    }


def _url_with(params: dict[str, str], base_url: str, **changes: str | None) -> str:
    merged = {k: v for k, v in params.items() if k != "page"}
    for key, value in changes.items():
        if value is None:
            merged.pop(key, None)
        else:
            merged[key] = value
    return f"{base_url}?{urlencode(sorted(merged.items()))}" if merged else base_url


def _build_facets(counts: dict, state: dict[str, str], base_url: str, fixed: dict[str, str]) -> list[Facet]:
    english = (get_language() or "vi").startswith("en")
    ref = cached_data("reference-data", (), _reference_data, timeout=3600)

    def option(name: str, value: str, label: str, count: int, depth: int = 0) -> FacetOption | None:
        selected = state.get(name) == value
        if not count and not selected:
            return None
        url = _url_with(state, base_url, **{name: None if selected else value})
        return FacetOption(value, label, count, url, selected, depth)

    facets: list[Facet] = []
    if "category" not in fixed:
        options = []
        per_category = counts["category"]
        children: dict[int | None, list] = {}
        for row in ref["categories"]:
            children.setdefault(row[4], []).append(row)
        for pk, slug, name, name_en, _parent in children.get(None, []):
            total = per_category.get(pk, 0) + sum(per_category.get(c[0], 0) for c in children.get(pk, []))
            options.append(option("category", slug, name_en if english else name, total))
            for cpk, cslug, cname, cname_en, _p in children.get(pk, []):
                options.append(option("category", cslug, cname_en if english else cname, per_category.get(cpk, 0), 1))
        facets.append(Facet("category", gettext("Category"), [o for o in options if o]))
    star_counts = counts["stars"]
    star_options = [option("stars", str(s), ngettext("%(stars)s star", "%(stars)s stars", s) % {"stars": s}, star_counts.get(s, 0)) for s in (5, 4, 3)]
    star_options.append(option("stars", "ocop", gettext("any OCOP rating"), sum(star_counts.values())))
    facets.append(Facet("stars", gettext("OCOP stars"), [o for o in star_options if o]))
    facets.append(Facet("district", gettext("Former district"), [
        o for o in (option("district", slug, name, counts["district"].get(code, 0)) for code, slug, name in ref["districts"]) if o
    ]))
    facets.append(Facet("commune", gettext("Commune / ward"), [
        o for o in (option("commune", slug, name, counts["commune"].get(code, 0)) for code, slug, name in ref["communes"]) if o
    ]))
    facets.append(Facet("zone", gettext("Production zone"), [
        o for o in (option("zone", value, str(label), counts["zone"].get(value, 0)) for value, label in Zone.choices) if o
    ]))
    if "producer" not in fixed:
        facets.append(Facet("kind", gettext("Member kind"), [
            o for o in (option("kind", value, str(label), counts["kind"].get(value, 0)) for value, label in MemberKind.choices) if o
        ]))
    price_options = []
    for (key, low, high), count in zip(PRICE_BANDS, counts["price"], strict=True):
        label = f"{format_price(low)} – {format_price(high)}" if high else gettext("from %(price)s") % {"price": format_price(low)}
        selected = state.get("price_min") == str(low) and state.get("price_max", "") == (str(high) if high else "")
        if not count and not selected:
            continue
        url = _url_with(state, base_url, price_min=None, price_max=None) if selected else _url_with(
            state, base_url, price_min=str(low), price_max=str(high) if high else None
        )
        price_options.append(FacetOption(key, label, count, url, selected))
    facets.append(Facet("price", gettext("Price"), price_options))
    stock = option("in_stock", "1", gettext("In stock"), counts["in_stock"])
    facets.append(Facet("in_stock", gettext("Availability"), [stock] if stock else []))
    return facets


@dataclass(frozen=True)
class CatalogueState:
    """What one catalogue state (filters, search, sort; not the page number) resolves to, for one
    listing version and language: everything its pages show except which products are on them.
    Shared by the requests of a process (memoized per listing version): read-only."""

    filterset: ProductFilter
    query: SearchQuery
    sort: str
    messages: tuple[str, ...]
    state: dict[str, str]
    total: int
    shape: tuple
    build: Callable[[], QuerySet | TieredResults]
    facets: list[Facet]
    panel_html: str
    active: tuple[FacetOption, ...]


_STATES = LocalEntries(max_entries=256)  # ~40 kB each (facets and their rendered panel)


def catalogue_page(data: QueryDict, *, base_url: str, fixed: dict[str, str] | None = None) -> CataloguePage:
    """One page of the public catalogue for the GET parameters `data` (plus filters fixed by the URL).

    Bad values never raise: each is reported in `messages` and ignored. A page number beyond the
    last page raises Http404. The number of queries does not depend on the number of products; the
    page's product ids are queried on every request (one narrow query), the cards come from the card
    cache (product_cards), the rest from the state's analysis, made once per listing version.
    """
    fixed = fixed or {}
    params = {k: v for k, v in data.items() if v != "" and k != "page"}
    params.update(fixed)
    # repr() of the sorted pairs: no two different parameter sets give the same key.
    parts = (get_language() or "", base_url, repr(sorted(fixed.items())), repr(sorted(params.items())))
    analysis: CatalogueState = memoized(_STATES, "state", parts, lambda: _analyse(params, base_url, fixed))
    paginator = KnownCountPaginator(PageIds(analysis.shape, analysis.build, analysis.total), CARD_PAGE_SIZE, count=analysis.total)
    page_number = data.get("page", "1")
    try:
        page = paginator.page(page_number)
    except (EmptyPage, PageNotAnInteger) as exc:
        if analysis.total == 0 and str(page_number) == "1":
            page = paginator.page(1)
        else:
            raise Http404(gettext("There is no such page of results.")) from exc
    return CataloguePage(page=page, total=analysis.total, filterset=analysis.filterset, facets=analysis.facets,
                         query=analysis.query, sort=analysis.sort, messages=list(analysis.messages), base_url=base_url,
                         state=analysis.state, panel_html=analysis.panel_html, active=list(analysis.active))


def _analyse(params: dict[str, str], base_url: str, fixed: dict[str, str]) -> CatalogueState:
    filterset = ProductFilter(params, queryset=public_products())
    filterset.is_valid()
    messages = []
    for name, errors in filterset.form.errors.items():
        label = filterset.form.fields[name].label if name in filterset.form.fields else name
        messages.append(gettext("%(field)s: the value was not understood and is ignored (%(error)s)") % {
            "field": label, "error": " ".join(str(e) for e in errors),
        })
    query = parse_query(params.get("q"))
    if query.truncated:
        messages.append(gettext("Your search was shortened to its first %(n)s characters.") % {"n": MAX_QUERY_CHARS})
    state = {k: v for k, v in filterset.clean_state().items() if k not in fixed}
    if query:
        state["q"] = query.raw
    else:
        state.pop("q", None)
    sort = filterset.form.cleaned_data.get("sort") or ("relevance" if query else "newest")
    if sort == "relevance" and not query:
        sort = "newest"
    if sort != ("relevance" if query else "newest"):
        state["sort"] = sort
    else:
        state.pop("sort", None)

    cache_parts = tuple(f"{k}={v}" for k, v in sorted({**state, **fixed}.items()) if k != "sort")
    match = search_match(query) if query else None
    total = cached_data("count", cache_parts, lambda: _matched(filterset, query, match).count())

    tier_counts = None
    if query and sort == "relevance" and (match is None or match.exact):
        tier_counts = cached_data("search-tiers", cache_parts, lambda: ranked_search(
            _apply_filters(filterset, public_products()), query, match).counts())

    def build() -> QuerySet | TieredResults:
        if query and sort == "relevance":
            ranked = ranked_search(_apply_filters(filterset, public_products()), query, match)
            if tier_counts is None:
                return _ids(ranked.tiers[0])
            return TieredResults(tuple(_ids(t) for t in ranked.tiers), tier_counts)
        base = _apply_filters(filterset, public_products())
        if query:
            base = search_products(base, query, match)
        return _ids(base.order_by(*SORT_ORDER[sort]))

    shape = (sort, query.words, match, tier_counts, tuple(sorted(
        (name, value) for name, value in filterset.form.cleaned_data.items() if value not in (None, "") and name not in ("q", "sort")
    )))

    # The facets (labels, counts, links) and the refine form depend on the whole state (sort
    # included: it is in every link), the page's address and the language, not on the page number:
    # built and rendered once per listing version, they skip ~150 option links per page.
    def panel() -> tuple[list[Facet], str]:
        counts = cached_data("facets", cache_parts, lambda: _facet_counts(filterset, query, match))
        facets = _build_facets(counts, state, base_url, fixed)
        refine = {"base_url": base_url, "facets": facets, "query": query, "sort": sort, "state": state}
        return facets, render_to_string("catalog/_refine.html", {"refine": refine, "sort_choices": SORT_CHOICES})

    facet_parts = (get_language() or "", base_url, *(f"{k}={v}" for k, v in sorted(state.items())),
                   *(f"fixed:{k}={v}" for k, v in sorted(fixed.items())))
    facets, panel_html = cached_data("facet-panel", facet_parts, panel)
    active = [o for f in facets for o in f.options if o.selected]
    if query:
        active.insert(0, FacetOption("q", f"“{query.raw}”", total, _url_with(state, base_url, q=None), True))
    return CatalogueState(filterset=filterset, query=query, sort=sort, messages=tuple(messages), state=state, total=total,
                          shape=shape, build=build, facets=facets, panel_html=panel_html, active=tuple(active))


def page_url(catalogue: CataloguePage, number: int) -> str:
    return _url_with(catalogue.state, catalogue.base_url, page=str(number) if number > 1 else None)


# --- Product and producer pages ---------------------------------------------------------------
@dataclass
class ProductPage:
    product: Product
    images: list[ProductImage]
    certificate: object | None  # the current recognised OCOP certificate (an ocop model; catalog does not import it)
    related: list[int]  # product ids
    former_districts: list[str] = field(default_factory=list)  # of the product's commune, by name


def product_page(slug: str) -> ProductPage:
    # Three lookups by slug or product id, the same statements on every product page: planned once
    # per connection (PostgreSQL planned the product's six-table join for longer than it ran it).
    with keyed_lookups():
        product = get_object_or_404(
            Product.objects.published()
            .select_related("member__commune", "category__parent", "commune")
            .prefetch_related(Prefetch("images", queryset=ProductImage.objects.order_by("position", "id"))),
            slug=slug,
        )
        certificate = None
        if product.ocop_stars:
            # Reverse relation from the ocop app: read through the related manager, no import upwards.
            certificate = product.certificates.filter(status="recognised").order_by("-decision_date", "-id").first()
    related = list(
        # Newest first: PostgreSQL walks the (status, published_at) index and stops after four. Ids
        # only: the cards come from the card cache (product_cards). Planned for its category (not a
        # keyed lookup: a small category is better read through its own index).
        public_products().filter(category_id=product.category_id).exclude(pk=product.pk)
        .order_by("-published_at", "-id").values_list("pk", flat=True)[:RELATED_SIZE]
    )
    return ProductPage(product=product, images=list(product.images.all()), certificate=certificate, related=related,
                       former_districts=former_districts(product.commune_id))


@dataclass
class ProducerPage:
    member: Member
    ocop_products: list[Product]
    other_products: list[Product]
    ocop_total: int
    other_total: int
    districts: list[FormerDistrict]


PRODUCER_SHELF = 24


def producer_page(slug: str) -> ProducerPage:
    member = get_object_or_404(Member.objects.approved().select_related("commune"), slug=slug)
    products = public_products().filter(member=member)
    counts = products.aggregate(ocop=Count("id", filter=Q(ocop_stars__isnull=False)), other=Count("id", filter=Q(ocop_stars__isnull=True)))
    return ProducerPage(
        member=member,
        ocop_products=list(card_queryset(products.ocop()).order_by("-ocop_stars", "name", "id")[:PRODUCER_SHELF]),
        other_products=list(card_queryset(products.filter(ocop_stars__isnull=True)).order_by("name", "id")[:PRODUCER_SHELF]),
        ocop_total=counts["ocop"],
        other_total=counts["other"],
        districts=list(member.commune.former_districts.all()),
    )


def former_districts(commune_code: str) -> list[str]:
    """The names of the districts (abolished in 2025) a commune was part of, from the reference data."""
    return cached_data("reference-data", (), _reference_data, timeout=3600)["commune_districts"].get(commune_code, [])


def category_by_slug(slug: str) -> Category:
    return get_object_or_404(Category.objects.select_related("parent"), slug=slug)


def format_price(amount: int | None) -> str:
    """Whole đồng in the active language: '125.000 ₫' in Vietnamese, '125,000 ₫' in English."""
    if amount is None:
        return ""
    text = format_vnd(amount)
    return text.replace(".", ",") if (get_language() or "vi").startswith("en") else text


# --- Sitemaps ---------------------------------------------------------------------------------
def sitemap_products() -> QuerySet:
    return public_products().only("slug", "updated_at").order_by("id")


def sitemap_producers() -> QuerySet:
    return Member.objects.approved().filter(products__in=public_products()).distinct().only("slug", "updated_at").order_by("id")


def product_structured_data(page: ProductPage) -> dict:
    """schema.org Product with an Offer in VND and, when recognised, its OCOP certification."""
    product = page.product
    site = settings.SITE_URL
    data: dict = {
        "@context": "https://schema.org",
        "@type": "Product",
        "name": product.name,
        "description": product.description,
        "url": f"{site}{product.get_absolute_url()}",
        "sku": product.slug,
        "category": product.category.name,
        "brand": {"@type": "Brand", "name": product.member.name},
        "manufacturer": {"@type": "Organization", "name": product.member.name,
                         "url": f"{site}{reverse('catalog:producer', kwargs={'slug': product.member.slug})}"},
        "offers": {
            "@type": "Offer",
            "price": str(product.price),
            "priceCurrency": "VND",
            "availability": "https://schema.org/InStock" if product.in_stock else "https://schema.org/OutOfStock",
            "url": f"{site}{product.get_absolute_url()}",
            "seller": {"@type": "Organization", "name": product.member.name},
        },
    }
    if product.gtin:
        data["gtin"] = product.gtin
    if page.images:
        data["image"] = [f"{site}{img.image.url}" for img in page.images]
    cert = page.certificate
    if cert is not None:
        data["hasCertification"] = {
            "@type": "Certification",
            "name": f"OCOP {cert.stars}★",
            "certificationIdentification": cert.decision_number,
            "certificationRating": {"@type": "Rating", "ratingValue": cert.stars, "bestRating": 5, "worstRating": 3},
            "issuedBy": {"@type": "Organization", "name": cert.issuing_body},
            "validFrom": cert.decision_date.isoformat() if cert.decision_date else None,
            "expires": cert.valid_until.isoformat() if cert.valid_until else None,
            "url": f"{site}{cert.get_absolute_url()}",
        }
    return data
