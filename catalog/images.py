"""Thumbnails for product images: WebP at a few widths, for srcset."""

from __future__ import annotations

import io
from pathlib import PurePosixPath

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageOps

from catalog.models import ProductImage

THUMBNAIL_WIDTHS = (320, 640, 1024)


def generate_thumbnails(image: ProductImage) -> dict[str, str]:
    """Write a WebP per width (never upscaled) and record their storage names on the image."""
    stem = PurePosixPath(image.image.name).with_suffix("")
    thumbnails: dict[str, str] = {}
    with image.image.open("rb") as fh, Image.open(fh) as original:
        picture = ImageOps.exif_transpose(original).convert("RGB")
        for width in THUMBNAIL_WIDTHS:
            if width > picture.width and thumbnails:
                break
            target = min(width, picture.width)
            height = round(picture.height * target / picture.width)
            buffer = io.BytesIO()
            picture.resize((target, height), Image.Resampling.LANCZOS).save(buffer, "WEBP", quality=80, method=0)
            name = f"{stem}-{target}.webp"
            if default_storage.exists(name):
                default_storage.delete(name)
            thumbnails[str(target)] = default_storage.save(name, ContentFile(buffer.getvalue()))
    image.thumbnails = thumbnails
    image.save(update_fields=["thumbnails"])
    return thumbnails
