from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from django.urls import reverse


class AccountAdapter(DefaultAccountAdapter):
    """After signing in, send people where their work is: staff to /admin/, members to /portal/, others to apply."""

    def get_login_redirect_url(self, request):
        from members.models import Membership

        user = request.user
        if user.is_staff:
            return reverse("admin:index")
        if Membership.objects.filter(user=user).exists():
            return reverse("portal:index")
        return reverse("members:application")
