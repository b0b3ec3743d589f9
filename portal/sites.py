"""The producers' panel: a second AdminSite where a member's users manage their own listings.

Access is by membership, not by Django's is_staff flag or model permissions: every ModelAdmin here
derives from portal.admin.MemberScopedAdmin, which scopes querysets, choices and objects to the
member(s) the user belongs to. Another member's object is a 404, whatever the URL says.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.admin import AdminSite
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _


class PortalSite(AdminSite):
    site_header = _("Producers' panel · Bạc Liêu Market")
    site_title = _("Producers' panel")
    index_title = _("Your listings and your team")
    enable_nav_sidebar = False
    index_template = "portal/index.html"

    def has_permission(self, request) -> bool:
        from members.models import Membership

        user = request.user
        if not (user.is_active and user.is_authenticated):
            return False
        cached = getattr(request, "_portal_member_ids", None)
        if cached is None:
            cached = list(Membership.objects.filter(user=user).values_list("member_id", flat=True))
            request._portal_member_ids = cached
        return bool(cached)

    def login(self, request, extra_context=None):
        """Members sign in through the site's account pages (e-mail verification, rate limits)."""
        if request.user.is_authenticated and not self.has_permission(request):
            return redirect("members:application")
        target = request.GET.get("next") or reverse("portal:index")
        return redirect(f"{reverse('account_login')}?{urlencode({'next': target})}")

    def logout(self, request, extra_context=None):
        return redirect("account_logout")

    def password_change(self, request, extra_context=None):
        return redirect("account_change_password")

    def get_urls(self):
        from portal import views

        custom = [
            path("import/", self.admin_view(views.import_upload), name="import_upload"),
            path("import/template.<str:fmt>", self.admin_view(views.import_template), name="import_template"),
            path("import/<int:pk>/", self.admin_view(views.import_detail), name="import_detail"),
        ]
        return custom + super().get_urls()


portal_site = PortalSite(name="portal")
