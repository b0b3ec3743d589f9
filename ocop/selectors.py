"""Reads for the public OCOP registry, certificate verification and statistics."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

from django import forms
from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db.models import Count, QuerySet
from django.db.models.functions import ExtractYear
from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from catalog.caching import cached_data
from catalog.models import OcopGroup, Product
from members.models import FormerDistrict
from ocop.models import Certificate, CertificateStatus

REGISTRY_PAGE_SIZE = 50


def registry_queryset() -> QuerySet:
    """Recognised certificates of products the public can see: the same set the home page counts."""
    return Certificate.objects.recognised().filter(product__in=Product.objects.published())


class RegistryFilterForm(forms.Form):
    stars = forms.TypedChoiceField(label=_("Stars"), required=False, coerce=int, empty_value=None,
                                   choices=[("", _("all")), (5, "5★"), (4, "4★"), (3, "3★")])
    group = forms.ChoiceField(label=_("Product group"), required=False, choices=[("", _("all")), *OcopGroup.choices])
    district = forms.ModelChoiceField(label=_("Former district"), required=False, queryset=FormerDistrict.objects.all(),
                                      to_field_name="slug", empty_label=_("all"))
    year = forms.IntegerField(label=_("Year of decision"), required=False, min_value=2019, max_value=2100)


@dataclass
class RegistryPage:
    form: RegistryFilterForm
    page: Page
    total: int
    messages: list[str]
    years: list[int]
    query_string: str


def registry_page(data: QueryDict) -> RegistryPage:
    form = RegistryFilterForm({k: v for k, v in data.items() if k != "page"})
    form.is_valid()
    messages = [
        gettext("%(field)s: the value was not understood and is ignored (%(error)s)") % {
            "field": form.fields[name].label, "error": " ".join(errors)}
        for name, errors in form.errors.items()
    ]
    cleaned = form.cleaned_data
    qs = registry_queryset()
    if cleaned.get("stars"):
        qs = qs.filter(stars=cleaned["stars"])
    if cleaned.get("group"):
        qs = qs.filter(product_group=cleaned["group"])
    if cleaned.get("district"):
        qs = qs.filter(product__commune__former_districts=cleaned["district"])
    if cleaned.get("year"):
        qs = qs.filter(decision_date__year=cleaned["year"])
    qs = qs.select_related("product__member", "product__commune").order_by("-stars", "product__name", "id")
    paginator = Paginator(qs, REGISTRY_PAGE_SIZE)
    try:
        page = paginator.page(data.get("page", "1"))
    except (EmptyPage, PageNotAnInteger) as exc:
        if paginator.count == 0 and data.get("page", "1") == "1":
            page = paginator.page(1)
        else:
            raise Http404(gettext("There is no such page of results.")) from exc
    years = cached_data("ocop-years", (), lambda: sorted(
        {y for y in registry_queryset().annotate(y=ExtractYear("decision_date")).values_list("y", flat=True).distinct() if y},
        reverse=True,
    ))
    state = {k: data.get(k) for k in ("stars", "group", "district", "year") if k in cleaned and cleaned[k] not in (None, "")}
    return RegistryPage(form=form, page=page, total=paginator.count, messages=messages, years=years,
                        query_string=urlencode(sorted(state.items())))


@dataclass
class Verification:
    certificate: Certificate
    state: str  # recognised | expired | revoked | superseded
    product_public: bool


def certificate_verification(code: str) -> Verification:
    """A certificate by its code, with the status a shopper should read (a lapsed one shows as expired)."""
    certificate = get_object_or_404(
        Certificate.objects.select_related("product__member", "product__commune").exclude(status=CertificateStatus.PENDING),
        code=code.upper(),
    )
    state = certificate.status
    if state == CertificateStatus.RECOGNISED and certificate.valid_until and certificate.valid_until < timezone.localdate():
        state = CertificateStatus.EXPIRED
    product_public = Product.objects.published().filter(pk=certificate.product_id).exists()
    return Verification(certificate=certificate, state=state, product_public=product_public)


@dataclass
class OcopStatistics:
    total: int
    by_stars: dict[int, int]
    by_district: list[tuple[FormerDistrict, dict[int, int], int]]
    by_group: list[tuple[str, int]]
    as_of: date


def ocop_statistics() -> OcopStatistics:
    """OCOP products by stars and by locality. Counted exactly as on the home page: public products
    with a current recognised star level (Product.ocop_stars)."""
    products = Product.objects.published().ocop()
    by_stars = dict(products.values_list("ocop_stars").annotate(n=Count("id")).order_by())
    per_district: dict[str, dict[int, int]] = {}
    for code, stars, n in products.values_list("commune__former_districts", "ocop_stars").annotate(n=Count("id")).order_by():
        if code:
            per_district.setdefault(code, {})[stars] = n
    districts = list(FormerDistrict.objects.filter(code__in=per_district.keys()).order_by("name"))
    by_district = [(d, {s: per_district[d.code].get(s, 0) for s in (5, 4, 3)}, sum(per_district[d.code].values())) for d in districts]
    by_district.sort(key=lambda row: (-row[2], row[0].name))
    groups = dict(products.values_list("category__ocop_group").annotate(n=Count("id")).order_by())
    return OcopStatistics(
        total=sum(by_stars.values()),
        by_stars={s: by_stars.get(s, 0) for s in (5, 4, 3)},
        by_district=by_district,
        by_group=[(label, groups.get(value, 0)) for value, label in OcopGroup.choices],  # lazy: cached for both languages
        as_of=timezone.localdate(),
    )


def sitemap_certificates() -> QuerySet:
    return registry_queryset().only("code", "updated_at").order_by("id")

