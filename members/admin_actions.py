"""Staff-admin actions that need a reason: an intermediate page asks for it, then the service runs per object."""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from members.audit import client_ip


class ReasonForm(forms.Form):
    reason = forms.CharField(label="", widget=forms.Textarea(attrs={"rows": 4, "cols": 80}), max_length=4000)


def run_per_object(modeladmin: admin.ModelAdmin, request, queryset, call: Callable, errors: tuple, done_text: str) -> None:
    done = 0
    for obj in queryset:
        try:
            call(obj)
            done += 1
        except errors as exc:
            modeladmin.message_user(request, f"{obj}: {exc}", messages.ERROR)
    if done:
        modeladmin.message_user(request, done_text % {"n": done}, messages.SUCCESS)


def reason_action(
    modeladmin: admin.ModelAdmin,
    request,
    queryset,
    *,
    action: str,
    title: str,
    prompt: str,
    call: Callable,  # call(obj, reason, ip_address)
    errors: tuple,
    done_text: str,
    required: bool = True,
):
    form = ReasonForm(request.POST if "apply" in request.POST else None)
    form.fields["reason"].required = required
    if "apply" in request.POST and form.is_valid():
        ip = client_ip(request)
        run_per_object(modeladmin, request, queryset, lambda obj: call(obj, form.cleaned_data["reason"], ip), errors, done_text)
        return None
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": title,
        "prompt": prompt,
        "objects": list(queryset[:200]),
        "count": queryset.count(),
        "form": form,
        "action": action,
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        "opts": modeladmin.model._meta,
        "required": required,
        "submit_label": _("Confirm"),
    }
    return TemplateResponse(request, "admin/members/reason_action.html", context)


class ObjectActionsMixin:
    """Show the moderation actions as buttons on the change page (for users allowed to run them)."""

    object_action_names: tuple[str, ...] = ()

    def change_view(self, request, object_id, form_url="", extra_context=None):
        available = self.get_actions(request)
        buttons = [(name, available[name][2]) for name in self.object_action_names if name in available]
        extra_context = {**(extra_context or {}), "object_actions": buttons}
        return super().change_view(request, object_id, form_url, extra_context)
