from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from members.models import AdministrativeUnit, MemberKind
from members.services import ApplicationDetails


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class ApplicationForm(forms.Form):
    """Parses the application; the rules (identifier, phone, duplicates, documents) live in the service."""

    kind = forms.ChoiceField(label=_("Kind of organisation"), choices=MemberKind.choices)
    name = forms.CharField(label=_("Registered name"), max_length=200)
    legal_id = forms.CharField(
        label=_("Legal identifier"),
        max_length=20,
        help_text=_("Tax code (10 digits), branch code (13 digits, e.g. 0314409058-002) or, for a household business, the owner's personal ID (12 digits)."),
    )
    business_registration_number = forms.CharField(label=_("Business registration number"), max_length=30)
    business_registration_date = forms.DateField(
        label=_("Business registration date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    representative = forms.CharField(label=_("Legal representative"), max_length=150)
    mobile = forms.CharField(label=_("Mobile phone"), max_length=20, help_text=_("10 digits, e.g. 0912345678"))
    email = forms.EmailField(label=_("Contact e-mail"))
    address = forms.CharField(label=_("Address (house number, hamlet)"), max_length=255)
    commune = forms.ModelChoiceField(label=_("Commune / ward"), queryset=AdministrativeUnit.objects.communes().order_by("name"))
    description = forms.CharField(label=_("What you produce"), widget=forms.Textarea(attrs={"rows": 4}), required=False, max_length=4000)
    documents = MultipleFileField(
        label=_("Supporting documents"),
        required=False,
        help_text=_("Business registration certificate, ID card: PDF, JPEG or PNG, at most 5 MB each, up to 5 files."),
        widget=MultipleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"}),
    )

    def details(self) -> ApplicationDetails:
        data = self.cleaned_data
        return ApplicationDetails(
            kind=data["kind"], name=data["name"], legal_id=data["legal_id"],
            business_registration_number=data["business_registration_number"].strip(),
            business_registration_date=data["business_registration_date"], representative=data["representative"],
            mobile=data["mobile"], email=data["email"], address=data["address"].strip(), commune=data["commune"],
            description=data["description"].strip(),
        )

    @classmethod
    def initial_from(cls, application) -> dict:
        return {f: getattr(application, f) for f in cls.base_fields if f != "documents"}
