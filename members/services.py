"""Every write about members goes through these functions (keyword-only, atomic, audited)."""

from __future__ import annotations

import secrets
from dataclasses import asdict, dataclass
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.text import slugify_vi
from members.audit import audit_record, diff
from members.models import (
    AdministrativeUnit,
    ApplicationDocument,
    ApplicationStatus,
    Member,
    MemberKind,
    Membership,
    MembershipApplication,
    MembershipRole,
    MemberStatus,
    User,
)
from members.signals import member_visibility_changed
from members.uploads import check_document
from members.validators import normalize_legal_id, normalize_mobile, validate_legal_id, validate_mobile


class MembershipError(Exception):
    """A domain rule refused the action; the message is safe to show to the user."""


@dataclass
class ApplicationDetails:
    kind: str
    name: str
    legal_id: str
    business_registration_number: str
    business_registration_date: date
    representative: str
    mobile: str
    email: str
    address: str
    commune: AdministrativeUnit
    description: str = ""


def _clean_details(
    details: ApplicationDetails, *, documents: list[UploadedFile], existing_documents: int = 0,
    exclude_application_id: int | None = None,
) -> tuple[ApplicationDetails, list]:
    """Check every field and every document together, so the applicant sees all problems at once."""
    errors: dict[str, list] = {}
    checked_documents, document_errors = [], []
    limit = settings.MEMBERS_DOCUMENTS_PER_APPLICATION
    if existing_documents + len(documents) > limit:
        document_errors.append(_("At most %(limit)s documents per application.") % {"limit": limit})
    else:
        for upload in documents:
            try:
                checked_documents.append((upload, check_document(upload)))
            except ValidationError as exc:
                document_errors.extend(exc.messages)
    if not documents and not existing_documents:
        document_errors.append(_("Attach at least one supporting document (business registration, ID)."))
    if document_errors:
        errors["documents"] = document_errors
    if details.kind not in MemberKind.values:
        errors["kind"] = [_("Choose the kind of organisation.")]
    try:
        legal_id = validate_legal_id(details.legal_id, kind=details.kind)
    except ValidationError as exc:
        errors["legal_id"] = exc.messages
        legal_id = normalize_legal_id(details.legal_id)
    mobile = normalize_mobile(details.mobile)
    try:
        validate_mobile(mobile)
    except ValidationError as exc:
        errors["mobile"] = exc.messages
    if "legal_id" not in errors:
        if Member.objects.filter(legal_id=legal_id).exists():
            errors["legal_id"] = [_("A member with this legal identifier is already registered on the floor.")]
        elif MembershipApplication.objects.open().filter(legal_id=legal_id).exclude(pk=exclude_application_id).exists():
            errors["legal_id"] = [_("An application with this legal identifier is already being reviewed.")]
    if details.commune is None or details.commune.level == "province":
        errors["commune"] = [_("Choose a commune or ward.")]
    if details.business_registration_date and details.business_registration_date > timezone.localdate():
        errors["business_registration_date"] = [_("The registration date cannot be in the future.")]
    if errors:
        raise ValidationError(errors)
    cleaned = ApplicationDetails(**{**asdict(details), "legal_id": legal_id, "mobile": mobile, "commune": details.commune,
                                    "name": details.name.strip(), "representative": details.representative.strip()})
    return cleaned, checked_documents


def _store_documents(application: MembershipApplication, checked_documents: list) -> None:
    for upload, kind in checked_documents:
        document = ApplicationDocument(
            application=application, original_name=(upload.name or "")[:200], content_type=kind.content_type, size=upload.size
        )
        document.file.save(f"{secrets.token_hex(12)}.{kind.extension}", upload, save=False)
        document.save()


def _queue_email(task_name: str, *ids: int) -> None:
    from members import tasks

    task = getattr(tasks, task_name)
    transaction.on_commit(lambda: task.delay(*ids))


@transaction.atomic
def application_submit(
    *, applicant: User, details: ApplicationDetails, documents: list[UploadedFile], ip_address: str | None = None
) -> MembershipApplication:
    if MembershipApplication.objects.open().filter(applicant=applicant).exists():
        raise MembershipError(_("You already have an application under review."))
    details, checked_documents = _clean_details(details, documents=documents)
    application = MembershipApplication(applicant=applicant, submitted_at=timezone.now(), **asdict(details))
    application.full_clean()
    application.save()
    _store_documents(application, checked_documents)
    audit_record(actor=applicant, action="application.submit", obj=application, ip_address=ip_address)
    return application


@transaction.atomic
def application_resubmit(
    *,
    application: MembershipApplication,
    applicant: User,
    details: ApplicationDetails,
    documents: list[UploadedFile],
    ip_address: str | None = None,
) -> MembershipApplication:
    application = MembershipApplication.objects.select_for_update().get(pk=application.pk)
    if application.applicant_id != applicant.pk:
        raise MembershipError(_("This application is not yours."))
    if application.status != ApplicationStatus.CHANGES_REQUESTED:
        raise MembershipError(_("This application cannot be changed now."))
    details, checked_documents = _clean_details(
        details, documents=documents, existing_documents=application.documents.count(), exclude_application_id=application.pk
    )
    before = {f: getattr(application, f) for f in asdict(details)}
    for field, value in asdict(details).items():
        setattr(application, field, value)
    application.commune = details.commune
    application.status = ApplicationStatus.SUBMITTED
    application.submitted_at = timezone.now()
    application.full_clean()
    application.save()
    _store_documents(application, checked_documents)
    after = {f: getattr(application, f) for f in asdict(details)}
    audit_record(actor=applicant, action="application.resubmit", obj=application, changes=diff(before, after), ip_address=ip_address)
    return application


def _decide(application: MembershipApplication, *, actor: User, status: str, reason: str) -> MembershipApplication:
    locked = MembershipApplication.objects.select_for_update().get(pk=application.pk)
    if locked.status != ApplicationStatus.SUBMITTED:
        raise MembershipError(
            _("“%(name)s” is not awaiting review (it is %(status)s).") % {"name": locked.name, "status": locked.get_status_display()}
        )
    locked.status = status
    locked.decision_reason = reason
    locked.decided_at = timezone.now()
    locked.decided_by = actor
    return locked


def _unique_member_slug(name: str) -> str:
    base = slugify_vi(name, max_length=200) or "thanh-vien"
    slug, n = base, 2
    while Member.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def application_approve(
    *, application: MembershipApplication, actor: User, ip_address: str | None = None
) -> Member:
    application = _decide(application, actor=actor, status=ApplicationStatus.APPROVED, reason="")
    if Member.objects.filter(legal_id=application.legal_id).exists():
        raise MembershipError(_("A member with this legal identifier is already registered on the floor."))
    member = Member(
        kind=application.kind,
        name=application.name,
        slug=_unique_member_slug(application.name),
        legal_id=application.legal_id,
        business_registration_number=application.business_registration_number,
        business_registration_date=application.business_registration_date,
        representative=application.representative,
        mobile=application.mobile,
        email=application.email,
        address=application.address,
        commune=application.commune,
        description=application.description,
        status=MemberStatus.APPROVED,
        approved_at=timezone.now(),
    )
    member.full_clean()
    member.save()
    Membership.objects.create(user=application.applicant, member=member, role=MembershipRole.OWNER)
    application.member = member
    application.save()
    audit_record(
        actor=actor, action="application.approve", obj=application,
        changes={"status": [ApplicationStatus.SUBMITTED, ApplicationStatus.APPROVED], "member": [None, member.pk]},
        ip_address=ip_address,
    )
    _queue_email("send_application_decision", application.pk)
    return member


def _require_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise MembershipError(_("A reason is required: the member is told why."))
    return reason


@transaction.atomic
def application_reject(
    *, application: MembershipApplication, actor: User, reason: str, ip_address: str | None = None
) -> MembershipApplication:
    reason = _require_reason(reason)
    application = _decide(application, actor=actor, status=ApplicationStatus.REJECTED, reason=reason)
    application.save()
    audit_record(
        actor=actor, action="application.reject", obj=application, reason=reason,
        changes={"status": [ApplicationStatus.SUBMITTED, ApplicationStatus.REJECTED]}, ip_address=ip_address,
    )
    _queue_email("send_application_decision", application.pk)
    return application


@transaction.atomic
def application_request_changes(
    *, application: MembershipApplication, actor: User, reason: str, ip_address: str | None = None
) -> MembershipApplication:
    reason = _require_reason(reason)
    application = _decide(application, actor=actor, status=ApplicationStatus.CHANGES_REQUESTED, reason=reason)
    application.decided_at = None
    application.save()
    audit_record(
        actor=actor, action="application.request_changes", obj=application, reason=reason,
        changes={"status": [ApplicationStatus.SUBMITTED, ApplicationStatus.CHANGES_REQUESTED]}, ip_address=ip_address,
    )
    _queue_email("send_application_decision", application.pk)
    return application


def _set_member_status(member: Member, *, actor: User, allowed_from: set[str], status: str, reason: str, action: str,
                       ip_address: str | None) -> Member:
    locked = Member.objects.select_for_update().get(pk=member.pk)
    if locked.status not in allowed_from:
        raise MembershipError(
            _("“%(name)s” is %(status)s; this action does not apply.") % {"name": locked.name, "status": locked.get_status_display()}
        )
    before = {"status": locked.status, "status_reason": locked.status_reason}
    locked.status = status
    locked.status_reason = reason
    locked.save(update_fields=["status", "status_reason", "updated_at"])
    audit_record(actor=actor, action=action, obj=locked, reason=reason,
                 changes=diff(before, {"status": status, "status_reason": reason}), ip_address=ip_address)
    # catalog bumps the revision of every listing of the member, so partners withdraw or restore them.
    member_visibility_changed.send(sender=Member, member_id=locked.pk)
    _queue_email("send_member_status", locked.pk)
    return locked


@transaction.atomic
def member_suspend(*, member: Member, actor: User, reason: str, ip_address: str | None = None) -> Member:
    """Hide the member and all its listings from the public site at once."""
    return _set_member_status(member, actor=actor, allowed_from={MemberStatus.APPROVED}, status=MemberStatus.SUSPENDED,
                              reason=_require_reason(reason), action="member.suspend", ip_address=ip_address)


@transaction.atomic
def member_reinstate(*, member: Member, actor: User, reason: str = "", ip_address: str | None = None) -> Member:
    return _set_member_status(member, actor=actor, allowed_from={MemberStatus.SUSPENDED}, status=MemberStatus.APPROVED,
                              reason=(reason or "").strip(), action="member.reinstate", ip_address=ip_address)


# --- The member's own users ---------------------------------------------------------------------
def user_member_ids(user: User) -> list[int]:
    if not user.is_authenticated:
        return []
    return list(Membership.objects.filter(user=user).values_list("member_id", flat=True))


@transaction.atomic
def membership_invite(*, member: Member, inviter: User, email: str, ip_address: str | None = None) -> Membership:
    """The member's owner adds a staff user; a new user gets an e-mail with a link to choose a password."""
    from allauth.account.models import EmailAddress

    if not Membership.objects.filter(member=member, user=inviter, role=MembershipRole.OWNER).exists():
        raise MembershipError(_("Only the member's owner can invite staff."))
    email = User.objects.normalize_email((email or "").strip()).lower()
    try:
        from django.core.validators import validate_email

        validate_email(email)
    except ValidationError as exc:
        raise MembershipError(_("Enter a valid e-mail address.")) from exc
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User.objects.create_user(email=email, password=None)
        # No one can sign in before choosing a password through the link sent to this address,
        # so the address is as proven as a verification link would make it.
        EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
    if Membership.objects.filter(member=member, user=user).exists():
        raise MembershipError(_("%(email)s is already a user of this member.") % {"email": email})
    membership = Membership.objects.create(member=member, user=user, role=MembershipRole.STAFF)
    audit_record(actor=inviter, action="membership.invite", obj=membership, ip_address=ip_address)
    _queue_email("send_invitation", membership.pk)
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership, actor: User, ip_address: str | None = None) -> None:
    if membership.role == MembershipRole.OWNER:
        raise MembershipError(_("The owner cannot be removed."))
    if not Membership.objects.filter(member=membership.member_id, user=actor, role=MembershipRole.OWNER).exists():
        raise MembershipError(_("Only the member's owner can remove staff."))
    audit_record(actor=actor, action="membership.remove", obj=membership, ip_address=ip_address)
    membership.delete()


MEMBER_EDITABLE_FIELDS = (
    "name", "business_registration_number", "business_registration_date", "representative", "mobile", "email",
    "address", "commune", "description", "website",
)


@transaction.atomic
def member_update(*, member: Member, actor: User, changes: dict, ip_address: str | None = None) -> Member:
    """The Department keeps a member's identifying details up to date; every change is traced."""
    unknown = set(changes) - set(MEMBER_EDITABLE_FIELDS)
    if unknown:
        raise MembershipError(_("These fields cannot be changed here: %(fields)s") % {"fields": ", ".join(sorted(unknown))})
    locked = Member.objects.select_for_update().get(pk=member.pk)
    before = {f: getattr(locked, f) for f in changes}
    if "mobile" in changes:
        changes = {**changes, "mobile": normalize_mobile(changes["mobile"])}
    for field, value in changes.items():
        setattr(locked, field, value)
    locked.full_clean()
    locked.save()
    changed = diff(before, {f: getattr(locked, f) for f in changes})
    if changed:
        audit_record(actor=actor, action="member.edit", obj=locked, changes=changed, ip_address=ip_address)
        member_visibility_changed.send(sender=Member, member_id=locked.pk)
    return locked
