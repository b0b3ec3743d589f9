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


def with_gallery(slug: str) -> None:
    """Two drawn photos (WebP thumbnails, srcset) for one product, as seed_demo draws them for all."""
    from django.core.files.base import ContentFile

    from catalog.images import generate_thumbnails
    from catalog.models import Product, ProductImage
    from demo.images import draw_product_image

    product = Product.objects.get(slug=slug)
    for variant in range(2):
        image = ProductImage(product=product, alt_text=f"{product.name} – ảnh {variant + 1}", position=variant,
                             image=ContentFile(draw_product_image(product.name, product.zone, variant), name=f"{slug}-{variant}.jpg"))
        image.save()
        generate_thumbnails(image)
