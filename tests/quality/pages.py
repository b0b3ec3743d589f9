"""The shopper pages every quality gate checks, found in the demo data."""

from __future__ import annotations

from django.urls import reverse


def shopper_pages() -> dict[str, str]:
    from catalog.models import Product
    from members.models import Member
    from ocop.models import Certificate

    product = Product.objects.published().get(slug="muoi-hat-bac-lieu")
    certificate = Certificate.objects.recognised().get(product=product)
    member = Member.objects.get(pk=product.member_id)
    return {
        "home": "/",
        "list": reverse("catalog:list") + "?stars=4&category=thuc-pham",
        "search": reverse("catalog:search") + "?q=muoi+hat",
        "product": product.get_absolute_url(),
        "producer": reverse("catalog:producer", kwargs={"slug": member.slug}),
        "registry": reverse("ocop:registry"),
        "certificate": certificate.get_absolute_url(),
        "statistics": reverse("ocop:statistics"),
        "regulations": reverse("catalog:regulations"),
        "english product": "/en" + product.get_absolute_url(),
    }
