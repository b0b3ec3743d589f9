"""E-mails queued after commit. Tasks take ids, load fresh state, and are safe to repeat."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from members.emails import send_templated_email
from members.models import Member, Membership, MembershipApplication, MembershipRole


def absolute_url(name: str, **kwargs) -> str:
    """A link in an e-mail points at the Vietnamese site, whatever language the request that queued it used."""
    with translation.override("vi"):
        return settings.SITE_URL + reverse(name, kwargs=kwargs or None)


def _member_recipients(member: Member) -> list[str]:
    owners = list(
        Membership.objects.filter(member=member, role=MembershipRole.OWNER).values_list("user__email", flat=True)
    )
    return sorted({member.email, *owners})


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_application_decision(application_id: int) -> None:
    application = MembershipApplication.objects.select_related("applicant").filter(pk=application_id).first()
    if application is None:
        return
    send_templated_email(
        name="application_decision",
        to=sorted({application.applicant.email, application.email}),
        context={"application": application, "status_url": absolute_url("members:application")},
    )


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_member_status(member_id: int) -> None:
    member = Member.objects.filter(pk=member_id).first()
    if member is None:
        return
    send_templated_email(name="member_status", to=_member_recipients(member), context={"member": member})


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_invitation(membership_id: int) -> None:
    from allauth.account.forms import default_token_generator
    from allauth.account.utils import user_pk_to_url_str

    membership = Membership.objects.select_related("user", "member").filter(pk=membership_id).first()
    if membership is None:
        return
    user = membership.user
    if user.has_usable_password():
        link = absolute_url("portal:index")
    else:
        key = default_token_generator.make_token(user)
        link = absolute_url("account_reset_password_from_key", uidb36=user_pk_to_url_str(user), key=key)
    send_templated_email(name="invitation", to=[user.email], context={"membership": membership, "link": link})
