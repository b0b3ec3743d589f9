"""Checks for uploaded files: the type comes from the content, never from the name or the browser.

Used for membership documents (PDF, JPEG, PNG) and, by catalog, for product images (JPEG, PNG, WebP).
SVG is refused outright (it is a script-capable document, not an image). Pillow's decompression-bomb
guard is tightened to our own pixel limit and its warning is treated as an error.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

PDF_MAGIC = b"%PDF-"
IMAGE_EXTENSIONS = {"JPEG": ("image/jpeg", "jpg"), "PNG": ("image/png", "png"), "WEBP": ("image/webp", "webp")}


@dataclass(frozen=True)
class CheckedFile:
    content_type: str
    extension: str
    width: int = 0
    height: int = 0


def _check_size(upload: UploadedFile, limit: int) -> None:
    if upload.size is None or upload.size > limit:
        raise ValidationError(
            _("The file %(name)s is too large (%(size)s); the limit is %(limit)s.")
            % {"name": upload.name, "size": filesizeformat(upload.size or 0), "limit": filesizeformat(limit)},
            code="too_large",
        )
    if upload.size == 0:
        raise ValidationError(_("The file %(name)s is empty.") % {"name": upload.name}, code="empty")


def _check_image(upload: UploadedFile, allowed_formats: set[str]) -> CheckedFile:
    """Open twice: verify() checks the structure, load() decodes every pixel (catches truncation)."""
    max_pixels = settings.UPLOAD_MAX_IMAGE_PIXELS
    refused = ValidationError(
        _("The file %(name)s is not a valid image of an accepted type.") % {"name": upload.name}, code="invalid_image"
    )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            upload.seek(0)
            with Image.open(upload) as picture:
                if picture.format not in allowed_formats:
                    raise refused
                width, height = picture.size
                if width * height > max_pixels:
                    raise ValidationError(
                        _("The image %(name)s is too large (%(width)s × %(height)s pixels); the limit is %(limit)s megapixels.")
                        % {"name": upload.name, "width": width, "height": height, "limit": max_pixels // 1_000_000},
                        code="too_many_pixels",
                    )
                picture.verify()
            upload.seek(0)
            with Image.open(upload) as picture:
                picture.load()
                image_format = picture.format
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ValidationError(
            _("The image %(name)s has too many pixels to be processed safely.") % {"name": upload.name}, code="bomb"
        ) from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as exc:
        # OSError covers "image file is truncated"; SyntaxError is what some Pillow decoders raise.
        raise refused from exc
    finally:
        upload.seek(0)
    content_type, extension = IMAGE_EXTENSIONS[image_format]
    return CheckedFile(content_type, extension, width, height)


def check_document(upload: UploadedFile) -> CheckedFile:
    """A supporting document: PDF (by its %PDF- signature), JPEG or PNG (decoded by Pillow)."""
    _check_size(upload, settings.MEMBERS_DOCUMENT_MAX_BYTES)
    upload.seek(0)
    head = upload.read(1024)
    upload.seek(0)
    if head.startswith(PDF_MAGIC):
        return CheckedFile("application/pdf", "pdf")
    if head.lstrip().startswith((b"<", b"\xef\xbb\xbf<")):
        raise ValidationError(
            _("The file %(name)s is not a PDF, JPEG or PNG document (SVG, HTML and XML files are not accepted).") % {"name": upload.name},
            code="markup",
        )
    try:
        return _check_image(upload, {"JPEG", "PNG"})
    except ValidationError as exc:
        if exc.code == "invalid_image":
            raise ValidationError(
                _("The file %(name)s is not a PDF, JPEG or PNG document.") % {"name": upload.name}, code="invalid_document"
            ) from exc
        raise


def check_image(upload: UploadedFile) -> CheckedFile:
    """A product image: JPEG, PNG or WebP."""
    _check_size(upload, settings.CATALOG_IMAGE_MAX_BYTES)
    upload.seek(0)
    head = upload.read(512)
    upload.seek(0)
    if head.lstrip().startswith((b"<", b"\xef\xbb\xbf<")):
        raise ValidationError(
            _("The file %(name)s is not an image: SVG and other markup files are not accepted.") % {"name": upload.name}, code="markup"
        )
    return _check_image(upload, {"JPEG", "PNG", "WEBP"})
