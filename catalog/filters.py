"""The catalogue's filters (django-filter): every state is a plain GET query, hence a shareable URL."""

from __future__ import annotations

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from catalog.caching import cached_data
from catalog.models import Category, Zone
from members.models import AdministrativeUnit, FormerDistrict, Member, MemberKind

STAR_CHOICES = [("5", _("5 stars")), ("4", _("4 stars")), ("3", _("3 stars")), ("ocop", _("any OCOP rating"))]

SORT_CHOICES = [
    ("relevance", _("Relevance")),
    ("newest", _("Newest")),
    ("price", _("Price: low to high")),
    ("-price", _("Price: high to low")),
    ("stars", _("OCOP stars")),
    ("name", _("Name")),
]
SORT_ORDER = {
    "newest": ("-published_at", "-id"),
    "price": ("price", "id"),
    "-price": ("-price", "-id"),
    "stars": ("-ocop_stars", "-published_at", "-id"),
    "name": ("name", "id"),
}
PRICE_LIMIT = 10**12

# Price bands shown as facets (whole đồng): (key, low, high or None).
PRICE_BANDS = [
    ("0-50000", 0, 50000),
    ("50000-100000", 50000, 100000),
    ("100000-200000", 100000, 200000),
    ("200000-500000", 200000, 500000),
    ("500000-", 500000, None),
]


def _references() -> dict[str, dict[str, object]]:
    """What each slug in a filter URL stands for, as the query needs it (no join, no lookup query)."""
    categories = list(Category.objects.values_list("pk", "slug", "parent_id"))
    children: dict[int, list[int]] = {}
    for pk, _slug, parent_id in categories:
        if parent_id is not None:
            children.setdefault(parent_id, []).append(pk)
    communes: dict[str, list[str]] = {}
    for slug, code in FormerDistrict.objects.values_list("slug", "units__code"):
        if code is not None:
            communes.setdefault(slug, []).append(code)
    return {
        # A category and its sub-categories (the tree has two levels).
        "category": {slug: (pk, *sorted(children.get(pk, ()))) for pk, slug, _parent in categories},
        # A former district: the current communes and wards it became.
        "district": {slug: tuple(sorted(communes.get(slug, ()))) for slug in FormerDistrict.objects.values_list("slug", flat=True)},
        "commune": dict(AdministrativeUnit.objects.communes().values_list("slug", "code")),
        "producer": dict(Member.objects.approved().values_list("slug", "pk")),
    }


def references(kind: str) -> dict[str, object]:
    return cached_data("filter-references", (), _references, timeout=3600)[kind]


class ReferenceField(forms.Field):
    """A category, district, commune or producer slug, cleaned to what its filter needs.

    Checked against the reference data cached with the listings (a change to any of them makes a new
    listing version), instead of one query per value as a model choice field would run.
    """

    default_error_messages = {
        "invalid_choice": _("Select a valid choice. That choice is not one of the available choices."),
    }

    def __init__(self, *, kind: str, **kwargs):
        self.kind = kind
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        found = references(self.kind).get(str(value))
        if found is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return found


class ReferenceFilter(django_filters.Filter):
    field_class = ReferenceField


class _CopiedFilters(dict):
    """The filters, copied one level deep for each request instead of deep-copied.

    django-filter deep-copies every filter for each request (~30 000 objects here) because it then
    sets each copy's `parent` and `model`. Nothing else of a filter changes per request, so a copy
    of each filter's attributes is enough.
    """

    def __deepcopy__(self, memo):
        return {name: self._copy(value) for name, value in self.items()}

    @staticmethod
    def _copy(value):
        clone = object.__new__(type(value))  # copy.copy's reduce protocol costs ten times more
        clone.__dict__ = value.__dict__.copy()
        if getattr(clone, "method", None) is not None:
            clone.method = clone.method  # a filter's method wrapper must point at the copy (and its parent)
        return clone


class _SharedFields(dict):
    """The form's fields, shared by every request instead of deep-copied for each.

    Cleaning a value changes nothing in a field, and the template writes its own inputs (no widget
    is rendered), so the same field objects can serve every form. Don't add a field that is
    changed per request (a queryset narrowed to the user, say).
    """

    def __deepcopy__(self, memo):
        return dict(self)


class ProductFilter(django_filters.FilterSet):
    """Facets of the public catalogue. Invalid values are reported by the form and ignored."""

    q = django_filters.CharFilter(method="filter_nothing", label=_("Search"))
    category = ReferenceFilter(kind="category", field_name="category", lookup_expr="in", label=_("Category"))
    stars = django_filters.ChoiceFilter(choices=STAR_CHOICES, method="filter_stars", label=_("OCOP stars"))
    district = ReferenceFilter(kind="district", field_name="commune", lookup_expr="in", label=_("Former district"))
    commune = ReferenceFilter(kind="commune", field_name="commune", label=_("Commune / ward"))
    zone = django_filters.ChoiceFilter(choices=Zone.choices, label=_("Production zone"))
    kind = django_filters.ChoiceFilter(choices=MemberKind.choices, field_name="member__kind", label=_("Member kind"))
    producer = ReferenceFilter(kind="producer", field_name="member", label=_("Producer"))
    price_min = django_filters.NumberFilter(
        field_name="price", lookup_expr="gte", label=_("Price from (₫)"),
        min_value=0, max_value=PRICE_LIMIT, widget=forms.NumberInput(attrs={"min": 0, "step": 1000}),
    )
    price_max = django_filters.NumberFilter(
        field_name="price", lookup_expr="lte", label=_("Price to (₫)"),
        min_value=0, max_value=PRICE_LIMIT, widget=forms.NumberInput(attrs={"min": 0, "step": 1000}),
    )
    in_stock = django_filters.BooleanFilter(
        method="filter_in_stock", label=_("In stock only"), widget=forms.CheckboxInput(attrs={"value": "1"})
    )
    sort = django_filters.ChoiceFilter(choices=SORT_CHOICES, method="filter_nothing", label=_("Sort by"), empty_label=None)

    class Meta:
        fields: list[str] = []

    _form_class: type[forms.Form] | None = None

    def get_form_class(self):
        """The form class, built once per process (django-filter builds a new class for every request).

        Every filter's field is static (no request-dependent querysets, lazy labels), and each form
        instance deep-copies the class's fields, so one class can serve every request.
        """
        cls = type(self)
        if cls.__dict__.get("_form_class") is None:
            form_class = super().get_form_class()
            form_class.base_fields = _SharedFields(form_class.base_fields)
            cls._form_class = form_class
        return cls._form_class

    # Facets are computed by leaving one filter out at a time; these names map a facet to its filters.
    FACETS = ("category", "stars", "district", "commune", "zone", "kind", "price", "in_stock")
    FACET_FIELDS = {"price": ("price_min", "price_max")}

    def filter_nothing(self, queryset, name, value):
        return queryset  # q and sort are applied by the selector (ranking needs the whole state)

    def filter_stars(self, queryset, name, value):
        if value == "ocop":
            return queryset.filter(ocop_stars__isnull=False)
        return queryset.filter(ocop_stars=int(value))

    def filter_in_stock(self, queryset, name, value):
        return queryset.filter(stock__gt=0) if value else queryset

    def clean_state(self) -> dict[str, str]:
        """The valid, non-empty filter values as raw strings (for URLs and cache keys)."""
        cleaned = getattr(self.form, "cleaned_data", {})
        state = {}
        for name in self.filters:
            if name in cleaned and cleaned[name] not in (None, "", False):
                state[name] = self.data.get(name, "")
        return state


# Set after the class is built (django-filter's metaclass assigns base_filters last).
ProductFilter.base_filters = _CopiedFilters(ProductFilter.base_filters)
