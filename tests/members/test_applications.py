"""Stories of a producer applying and the Department deciding, as a browser-less client would live them."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from members.audit import verify_chain
from members.models import ApplicationDocument, ApplicationStatus, AuditEntry, Member, MembershipApplication, MemberStatus

from .conftest import jpeg_bytes, pdf_bytes, png_bytes, upload

pytestmark = pytest.mark.django_db


def test_an_applicant_applies_and_sees_the_state_of_the_application(client, make_user, application_post):
    # Given a verified user
    user = make_user("nguoi-nop@example.com")
    client.force_login(user)
    # When they send a complete application with a PDF and a PNG
    data = application_post(documents=[upload("dkkd.pdf", pdf_bytes()), upload("cccd.png", png_bytes())])
    response = client.post(reverse("members:application"), data)
    # Then it is stored, awaiting review, with both documents typed from their content
    assert response.status_code == 302
    application = MembershipApplication.objects.get(applicant=user)
    assert application.status == ApplicationStatus.SUBMITTED
    assert sorted(application.documents.values_list("content_type", flat=True)) == ["application/pdf", "image/png"]
    page = client.get(reverse("members:application"))
    assert 'data-application-status="submitted"' in page.content.decode()
    # and the submission is in the audit trail, from the client's address
    entry = AuditEntry.objects.get(action="application.submit")
    assert entry.actor == user and entry.ip_address == "127.0.0.1"


def test_a_branch_code_with_hyphen_and_a_phone_in_international_form_are_normalised(client, make_user, application_post):
    client.force_login(make_user("chi-nhanh@example.com"))
    client.post(reverse("members:application"), application_post(kind="enterprise", legal_id="0314409058-002", mobile="+84 912 345 678"))
    application = MembershipApplication.objects.get()
    assert (application.legal_id, application.mobile) == ("0314409058002", "0912345678")


@pytest.mark.parametrize(
    ("overrides", "field", "fragment"),
    [
        ({"legal_id": "0100233480"}, "legal_id", "check digit"),
        ({"legal_id": "12345"}, "legal_id", "10 digits"),
        ({"legal_id": "095203001234"}, "legal_id", "household"),  # personal ID for a cooperative
        ({"legal_id": "0314409058000", "kind": "enterprise"}, "legal_id", "check digit"),
        ({"legal_id": "abc0100233488"}, "legal_id", "digits only"),
        ({"mobile": "0212345678"}, "mobile", "10-digit mobile"),
        ({"mobile": "091234567"}, "mobile", "10-digit mobile"),
        ({"documents": []}, "documents", "at least one"),
    ],
)
def test_invalid_identifiers_phones_and_missing_documents_are_refused(client, make_user, application_post, overrides, field, fragment):
    client.force_login(make_user("sai@example.com"))
    response = client.post("/en/members/application/", application_post(**overrides))
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors.get(field, []))
    assert fragment.lower() in errors.lower(), response.context["form"].errors
    assert not MembershipApplication.objects.exists()


def test_a_household_business_may_use_a_personal_id(client, make_user, application_post):
    client.force_login(make_user("ho-kd@example.com"))
    client.post(reverse("members:application"), application_post(kind="household_business", legal_id="095203001234"))
    assert MembershipApplication.objects.get().legal_id == "095203001234"


def test_html_in_text_fields_is_stored_as_text_and_shown_escaped(client, make_user, application_post):
    client.force_login(make_user("xss@example.com"))
    script = '<script>alert("x")</script>'
    client.post(reverse("members:application"), application_post(name=f"HTX {script}", representative=script))
    page = client.get(reverse("members:application")).content.decode()
    assert script not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page


def test_the_moderator_approves_and_the_member_exists_with_its_owner(client, moderator, make_user, application_post, django_capture_on_commit_callbacks):
    applicant = make_user("chu@example.com")
    client.force_login(applicant)
    client.post(reverse("members:application"), application_post())
    application = MembershipApplication.objects.get()
    client.force_login(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admin:members_membershipapplication_changelist"),
                               {"action": "approve", "_selected_action": [application.pk]})
    assert response.status_code == 302
    member = Member.objects.get(legal_id="0100233488")
    assert member.status == MemberStatus.APPROVED
    assert member.memberships.get().user == applicant
    assert [m.to for m in mail.outbox] == [sorted({"chu@example.com", "htx@muoi.example"})]
    assert "approved" in mail.outbox[0].subject.lower() or "duyệt" in mail.outbox[0].subject.lower()
    assert verify_chain().ok


@pytest.mark.parametrize("action", ["reject", "request_changes"])
def test_reject_and_ask_for_changes_need_a_reason_which_the_applicant_sees(client, moderator, make_user, application_post, action,
                                                                          django_capture_on_commit_callbacks):
    applicant = make_user("b@example.com")
    client.force_login(applicant)
    client.post(reverse("members:application"), application_post())
    application = MembershipApplication.objects.get()
    client.force_login(moderator)
    url = reverse("admin:members_membershipapplication_changelist")
    # Without a reason: the intermediate page again, nothing changed
    response = client.post(url, {"action": action, "_selected_action": [application.pk], "apply": "1", "reason": "  "})
    assert response.status_code == 200
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"action": action, "_selected_action": [application.pk], "apply": "1", "reason": "Giấy phép đã hết hạn <b>"})
    application.refresh_from_db()
    assert application.status == (ApplicationStatus.REJECTED if action == "reject" else ApplicationStatus.CHANGES_REQUESTED)
    assert "Giấy phép đã hết hạn <b>" in mail.outbox[0].body
    client.force_login(applicant)
    page = client.get(reverse("members:application")).content.decode()
    assert "Giấy phép đã hết hạn &lt;b&gt;" in page
    entry = AuditEntry.objects.get(action=f"application.{action}")
    assert entry.reason == "Giấy phép đã hết hạn <b>" and entry.actor == moderator


def test_after_a_request_for_changes_the_applicant_corrects_and_sends_again(client, moderator, make_user, application_post):
    from members import services

    applicant = make_user("c@example.com")
    client.force_login(applicant)
    client.post(reverse("members:application"), application_post())
    application = MembershipApplication.objects.get()
    services.application_request_changes(application=application, actor=moderator, reason="Sai địa chỉ")
    data = application_post(address="Ấp Gò Cát, số 12")
    data["documents"] = []
    client.post(reverse("members:application"), data)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED and application.address == "Ấp Gò Cát, số 12"
    assert AuditEntry.objects.get(action="application.resubmit").changes == {"address": ["Ấp Gò Cát", "Ấp Gò Cát, số 12"]}


def test_a_legal_id_already_registered_is_refused(client, make_user, application_post, approved_member):
    approved_member()
    client.force_login(make_user("trung@example.com"))
    response = client.post(reverse("members:application"), application_post())
    errors = str(response.context["form"].errors).lower()
    assert "already registered" in errors or "đã có thành viên" in errors


def test_documents_are_private(client, make_user, application_post):
    owner = make_user("tai-lieu@example.com")
    client.force_login(owner)
    client.post(reverse("members:application"), application_post())
    document = ApplicationDocument.objects.get()
    assert client.get(reverse("members:document", args=[document.pk])).status_code == 200
    client.force_login(make_user("nguoi-khac@example.com"))
    assert client.get(reverse("members:document", args=[document.pk])).status_code == 404
    assert "/media/" not in document.file.path.replace("\\", "/").split("private")[0][-7:]


def test_a_jpeg_document_is_accepted(client, make_user, application_post):
    client.force_login(make_user("jpeg@example.com"))
    client.post(reverse("members:application"), application_post(documents=[upload("anh.jpeg", jpeg_bytes())]))
    assert ApplicationDocument.objects.get().content_type == "image/jpeg"


def test_every_problem_is_shown_at_once(client, make_user, application_post):
    client.force_login(make_user("nhieu-loi@example.com"))
    response = client.post(reverse("members:application"),
                           application_post(legal_id="0100233480", mobile="123", documents=[upload("x.pdf", b"nope")]))
    assert set(response.context["form"].errors) >= {"legal_id", "mobile", "documents"}
    assert not MembershipApplication.objects.exists() and not ApplicationDocument.objects.exists()


def test_after_a_rejection_the_applicant_may_apply_again(client, moderator, make_user, application_post):
    from members import services

    applicant = make_user("lan-hai@example.com")
    client.force_login(applicant)
    client.post(reverse("members:application"), application_post())
    services.application_reject(application=MembershipApplication.objects.get(), actor=moderator, reason="Thiếu giấy phép")
    page = client.get(reverse("members:application"))
    assert page.context["form"] is not None and "Thiếu giấy phép" in page.content.decode()
    client.post(reverse("members:application"), application_post(name="Hợp tác xã Muối Đông Hải (bổ sung)"))
    assert MembershipApplication.objects.filter(applicant=applicant).count() == 2
    assert MembershipApplication.objects.open().get().name == "Hợp tác xã Muối Đông Hải (bổ sung)"


def test_a_pending_application_cannot_be_changed_by_post(client, make_user, application_post):
    applicant = make_user("doi-y@example.com")
    client.force_login(applicant)
    client.post(reverse("members:application"), application_post())
    client.post(reverse("members:application"), application_post(name="Tên khác"))
    assert MembershipApplication.objects.get().name == "Hợp tác xã Muối Đông Hải"
