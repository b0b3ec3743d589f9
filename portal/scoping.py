"""The one place that says what a portal user may see and touch: the member(s) they belong to."""

from __future__ import annotations

from members.models import Membership, MembershipRole, MemberStatus


def _memberships(request) -> list[Membership]:
    cached = getattr(request, "_portal_memberships", None)
    if cached is None:
        cached = list(Membership.objects.filter(user=request.user).select_related("member")) if request.user.is_authenticated else []
        request._portal_memberships = cached
    return cached


def member_ids(request) -> list[int]:
    return [m.member_id for m in _memberships(request)]


def active_member_ids(request) -> list[int]:
    """Members whose users may create and edit listings (a suspended member's listings are read-only)."""
    return [m.member_id for m in _memberships(request) if m.member.status == MemberStatus.APPROVED]


def owned_member_ids(request) -> list[int]:
    return [m.member_id for m in _memberships(request) if m.role == MembershipRole.OWNER]
