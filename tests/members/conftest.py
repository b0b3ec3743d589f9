"""Fixtures for the members and portal stories: people, files (honest and hostile), the moderator."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

VALID_TAX_CODES = ["0100233488", "0314409058", "0100112437", "0312687878"]


def png_bytes(size=(40, 30), color=(200, 30, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "PNG")
    return buffer.getvalue()


def jpeg_bytes(size=(40, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (10, 120, 60)).save(buffer, "JPEG")
    return buffer.getvalue()


def pdf_bytes() -> bytes:
    return b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def upload(name: str, data: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


@pytest.fixture
def commune(db):
    from members.models import AdministrativeUnit

    return AdministrativeUnit.objects.get(slug="xa-long-dien")


@pytest.fixture
def make_user(db):
    from allauth.account.models import EmailAddress

    from members.models import User

    def make(email: str, *, staff: bool = False, password: str = "a-Long-passw0rd!") -> User:  # noqa: S107
        user = User.objects.create_user(email=email, password=password, is_staff=staff)
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        return user

    return make


@pytest.fixture
def moderator(make_user):
    from members.permissions import ensure_moderator_group

    user = make_user("kiemduyet@so-cong-thuong.example", staff=True)
    user.groups.add(ensure_moderator_group())
    return user


@pytest.fixture
def application_post(commune):
    def post(**overrides) -> dict:
        data = {
            "kind": "cooperative",
            "name": "Hợp tác xã Muối Đông Hải",
            "legal_id": "0100233488",
            "business_registration_number": "6107000123",
            "business_registration_date": date(2019, 5, 4).isoformat(),
            "representative": "Trần Văn Muối",
            "mobile": "0912345678",
            "email": "htx@muoi.example",
            "address": "Ấp Gò Cát",
            "commune": commune.pk,
            "description": "Muối hạt, muối tinh.",
            "documents": [upload("giay-phep.pdf", pdf_bytes())],
        }
        data.update(overrides)
        return data

    return post


@pytest.fixture
def approved_member(make_user, moderator, application_post, client):
    """An applicant whose application the moderator approved: (owner user, member)."""
    from members import services
    from members.forms import ApplicationForm

    def make(email: str = "owner@muoi.example", legal_id: str = "0100233488", name: str = "Hợp tác xã Muối Đông Hải"):
        owner = make_user(email)
        data = application_post(legal_id=legal_id, name=name)
        files = {"documents": data.pop("documents")}
        form = ApplicationForm(data, {"documents": files["documents"][0]})
        assert form.is_valid(), form.errors
        application = services.application_submit(applicant=owner, details=form.details(), documents=form.cleaned_data["documents"])
        member = services.application_approve(application=application, actor=moderator)
        return owner, member

    return make


@pytest.fixture(autouse=True)
def _default_language_after_each_test():
    """A request to /en/ leaves English active in this thread; later tests' reverse() must not inherit it."""
    yield
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _audit_chain_verifies(request, db):
    """After every story here the audit chain still verifies (a test that tampers on purpose says so)."""
    yield
    if getattr(request.node.function, "tampers_with_audit", False):
        return
    from members.audit import verify_chain

    report = verify_chain()
    assert report.ok, f"audit chain broken at {report.broken_at}: {report.problem}"
