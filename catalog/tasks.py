"""Catalog side effects after commit: thumbnails, moderation e-mails, Tasks take ids."""

from __future__ import annotations

from celery import shared_task

from catalog.models import Product, ProductImage


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=3)
def make_thumbnails(image_id: int) -> None:
    from catalog.images import generate_thumbnails

    image = ProductImage.objects.filter(pk=image_id).first()
    if image is not None:
        generate_thumbnails(image)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_listing_decision(product_id: int, action: str) -> None:
    from members.emails import send_templated_email
    from members.tasks import _member_recipients

    product = Product.objects.select_related("member").filter(pk=product_id).first()
    if product is None:
        return
    send_templated_email(
        name="listing_decision", to=_member_recipients(product.member), context={"product": product, "action": action}
    )
