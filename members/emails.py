"""Plain-text e-mails rendered from templates/members/email/<name>_subject.txt and <name>_body.txt."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation


def send_templated_email(*, name: str, to: list[str], context: dict, language: str = "vi") -> None:
    """E-mails go out in Vietnamese first (the site's language), with the operator's details."""
    context = {**context, "site_url": settings.SITE_URL, "operator": settings.OPERATOR}
    with translation.override(language):
        subject = " ".join(render_to_string(f"members/email/{name}_subject.txt", context).split())
        body = render_to_string(f"members/email/{name}_body.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, to)
