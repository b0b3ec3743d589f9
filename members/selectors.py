from __future__ import annotations

from members.models import Membership, MembershipApplication, User


def application_of(user: User) -> MembershipApplication | None:
    """The user's latest application, with its documents."""
    return (
        MembershipApplication.objects.filter(applicant=user)
        .select_related("commune", "member")
        .prefetch_related("documents")
        .order_by("-submitted_at", "-id")
        .first()
    )


def memberships_of(user: User) -> list[Membership]:
    return list(Membership.objects.filter(user=user).select_related("member").order_by("member__name"))
