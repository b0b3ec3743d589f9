"""Bulk import of listings in the producers' panel: upload → row errors or confirm → progress."""

from __future__ import annotations

import csv
import io

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from catalog.importers import TEMPLATE_EXAMPLE, TEMPLATE_HEADERS, ImportFileError
from members.models import Member
from portal import services
from portal.models import ImportStatus, ListingImport
from portal.scoping import active_member_ids, member_ids
from portal.sites import portal_site


class ImportForm(forms.Form):
    member = forms.ModelChoiceField(label=_("Member"), queryset=Member.objects.none(), empty_label=None)
    file = forms.FileField(label=_("File (XLSX or CSV)"))

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = Member.objects.filter(pk__in=active_member_ids(request))


def _context(request, **extra):
    return {**portal_site.each_context(request), **extra}


def import_upload(request):
    if not active_member_ids(request):
        raise Http404
    form = ImportForm(request.POST or None, request.FILES or None, request=request)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        record = services.listing_import_upload(
            member=form.cleaned_data["member"], user=request.user, name=upload.name, data=upload.read()
        )
        return redirect("portal:import_detail", pk=record.pk)
    return TemplateResponse(request, "portal/import_upload.html", _context(request, form=form, title=_("Import listings")))


def import_detail(request, pk: int):
    record = get_object_or_404(ListingImport.objects.select_related("member"), pk=pk, member__in=member_ids(request))
    if request.method == "POST" and record.status == ImportStatus.READY and record.member_id in active_member_ids(request):
        try:
            record = services.listing_import_confirm(record=record)
        except ImportFileError as exc:
            messages.error(request, str(exc))
        return redirect("portal:import_detail", pk=record.pk)
    return TemplateResponse(request, "portal/import_detail.html", _context(
        request, record=record, title=_("Import: %(name)s") % {"name": record.original_name},
        refresh=record.status == ImportStatus.RUNNING,
    ))


def import_template(request, fmt: str):
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(TEMPLATE_HEADERS)
        writer.writerow(TEMPLATE_EXAMPLE)
        response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="mau-nhap-san-pham.csv"'
        return response
    if fmt == "xlsx":
        from openpyxl import Workbook

        from catalog.models import Category

        workbook = Workbook()
        sheet = workbook.active
        sheet.title = "San pham"
        sheet.append(TEMPLATE_HEADERS)
        sheet.append(TEMPLATE_EXAMPLE)
        lists = workbook.create_sheet("Danh muc")
        lists.append(["slug", "Tên", "Name"])
        for category in Category.objects.filter(parent__isnull=False).order_by("slug"):
            lists.append([category.slug, category.name, category.name_en])
        out = io.BytesIO()
        workbook.save(out)
        response = HttpResponse(out.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        response["Content-Disposition"] = 'attachment; filename="mau-nhap-san-pham.xlsx"'
        return response
    raise Http404
