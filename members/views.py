from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from members import selectors, services
from members.audit import client_ip
from members.forms import ApplicationForm
from members.models import ApplicationDocument, ApplicationStatus


def _merge_errors(form: ApplicationForm, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@login_required
@require_http_methods(["GET", "POST"])
def application(request):
    """The applicant's page: the state of the application and the Department's reasons, or the form."""
    current = selectors.application_of(request.user)
    can_apply = current is None or current.status == ApplicationStatus.REJECTED
    can_edit = current is not None and current.status == ApplicationStatus.CHANGES_REQUESTED
    form = None
    if can_apply or can_edit:
        initial = ApplicationForm.initial_from(current) if can_edit else {"email": request.user.email}
        form = ApplicationForm(request.POST or None, request.FILES or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            documents = form.cleaned_data["documents"]
            try:
                if can_edit:
                    services.application_resubmit(application=current, applicant=request.user, details=form.details(),
                                                  documents=documents, ip_address=client_ip(request))
                else:
                    services.application_submit(applicant=request.user, details=form.details(), documents=documents,
                                                ip_address=client_ip(request))
            except ValidationError as exc:
                _merge_errors(form, exc)
            except services.MembershipError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Your application is sent. The Department will review it and tell you by e-mail."))
                return redirect("members:application")
    elif request.method == "POST":
        messages.error(request, _("Your application is being reviewed and cannot be changed now."))
        return redirect("members:application")
    return render(request, "members/application.html", {
        "current": current, "form": form, "can_edit": can_edit, "memberships": selectors.memberships_of(request.user),
    })


@login_required
def document(request, pk: int):
    """A supporting document, to its applicant and to Department staff who may view applications."""
    doc = get_object_or_404(ApplicationDocument.objects.select_related("application"), pk=pk)
    if doc.application.applicant_id != request.user.pk and not request.user.has_perm("members.view_membershipapplication"):
        raise Http404
    try:
        handle = doc.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(handle, content_type=doc.content_type, as_attachment=True,
                            filename=f"document-{doc.pk}.{doc.file.name.rsplit('.', 1)[-1]}")
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


