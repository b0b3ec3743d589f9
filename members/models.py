from __future__ import annotations

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from members.storage import private_storage
from members.validators import format_legal_id


# --- Users ------------------------------------------------------------------------------------
class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra):
        if not email:
            raise ValueError("An e-mail address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    """A person who signs in with an e-mail address (no username)."""

    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150, blank=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.email

    def get_full_name(self) -> str:
        return self.full_name or self.email

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[-1] if self.full_name else self.email


# --- Administrative units (data, never code constants: loaded from members/data/admin_units.csv)
class UnitLevel(models.TextChoices):
    PROVINCE = "province", _("province")
    WARD = "ward", _("ward")
    COMMUNE = "commune", _("commune")


class FormerDistrict(models.Model):
    """A district abolished on 1 July 2025; people still say 'Hồng Dân', 'Giá Rai'."""

    code = models.CharField(_("code"), max_length=5, primary_key=True)
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("former district")
        verbose_name_plural = _("former districts")

    def __str__(self) -> str:
        return self.name


class AdministrativeUnitQuerySet(models.QuerySet):
    def communes(self):
        return self.exclude(level=UnitLevel.PROVINCE)

    def provinces(self):
        return self.filter(level=UnitLevel.PROVINCE)


class AdministrativeUnit(models.Model):
    """A province or a commune-level unit (phường/xã) of the two-tier map in force from 1 July 2025."""

    code = models.CharField(_("GSO code"), max_length=5, primary_key=True)
    name = models.CharField(_("name"), max_length=100)
    full_name = models.CharField(_("official name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    level = models.CharField(_("level"), max_length=10, choices=UnitLevel.choices)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children", verbose_name=_("province")
    )
    former_districts = models.ManyToManyField(
        FormerDistrict, blank=True, related_name="units", verbose_name=_("former districts")
    )
    former_commune_names = models.TextField(_("former communes"), blank=True)

    objects = AdministrativeUnitQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("administrative unit")
        verbose_name_plural = _("administrative units")
        constraints = [
            models.CheckConstraint(
                condition=Q(level=UnitLevel.PROVINCE, parent__isnull=True) | ~Q(level=UnitLevel.PROVINCE) & Q(parent__isnull=False),
                name="adminunit_commune_has_province",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name


# --- Members ----------------------------------------------------------------------------------
class MemberKind(models.TextChoices):
    ENTERPRISE = "enterprise", _("enterprise")
    COOPERATIVE = "cooperative", _("cooperative")
    COOPERATIVE_GROUP = "cooperative_group", _("cooperative group")
    HOUSEHOLD_BUSINESS = "household_business", _("household business")
    RURAL_INDUSTRIAL = "rural_industrial", _("rural industrial establishment")


class MemberStatus(models.TextChoices):
    PENDING = "pending", _("pending")
    APPROVED = "approved", _("approved")
    REJECTED = "rejected", _("rejected")
    SUSPENDED = "suspended", _("suspended")


class MemberQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=MemberStatus.APPROVED)


class Member(models.Model):
    """A business that sells on the floor: its legal identity as the Department verified it."""

    kind = models.CharField(_("kind"), max_length=20, choices=MemberKind.choices)
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    legal_id = models.CharField(
        _("legal identifier"),
        max_length=13,
        unique=True,
        help_text=_("Tax code (10 digits), branch code (13 digits) or, for a household business, personal ID (12 digits)."),
    )
    business_registration_number = models.CharField(_("business registration number"), max_length=30, blank=True)
    business_registration_date = models.DateField(_("business registration date"), null=True, blank=True)
    representative = models.CharField(_("representative"), max_length=150)
    mobile = models.CharField(_("mobile phone"), max_length=10)
    email = models.EmailField(_("e-mail"))
    address = models.CharField(_("address"), max_length=255)
    commune = models.ForeignKey(
        AdministrativeUnit, on_delete=models.PROTECT, related_name="members", verbose_name=_("commune / ward")
    )
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=MemberStatus.choices, default=MemberStatus.PENDING)
    status_reason = models.TextField(_("reason for the status"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)

    objects = MemberQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("member")
        verbose_name_plural = _("members")
        indexes = [models.Index(fields=["status", "kind"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(legal_id__regex=r"^([0-9]{10}|[0-9]{13})$")
                | Q(kind=MemberKind.HOUSEHOLD_BUSINESS, legal_id__regex=r"^[0-9]{12}$"),
                name="member_legal_id_shape",
            ),
            models.CheckConstraint(condition=Q(mobile__regex=r"^0[35789][0-9]{8}$"), name="member_mobile_shape"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def legal_id_display(self) -> str:
        return format_legal_id(self.legal_id)

    @property
    def is_public(self) -> bool:
        return self.status == MemberStatus.APPROVED


class MembershipRole(models.TextChoices):
    OWNER = "owner", _("owner")
    STAFF = "staff", _("staff")


class Membership(models.Model):
    """A user's place in a member business: the owner, or staff the owner invited."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user"))
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("member"))
    role = models.CharField(_("role"), max_length=10, choices=MembershipRole.choices, default=MembershipRole.STAFF)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [models.UniqueConstraint(fields=["user", "member"], name="membership_unique_user_member")]

    def __str__(self) -> str:
        return f"{self.user} – {self.member} ({self.get_role_display()})"


# --- Membership applications ------------------------------------------------------------------
class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("submitted, awaiting review")
    CHANGES_REQUESTED = "changes_requested", _("changes requested")
    APPROVED = "approved", _("approved")
    REJECTED = "rejected", _("rejected")


class ApplicationQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=[ApplicationStatus.SUBMITTED, ApplicationStatus.CHANGES_REQUESTED])


class MembershipApplication(models.Model):
    """A business asking to sell on the floor. Approval creates the Member and makes the applicant its owner."""

    applicant = models.ForeignKey(User, on_delete=models.PROTECT, related_name="applications", verbose_name=_("applicant"))
    kind = models.CharField(_("kind"), max_length=20, choices=MemberKind.choices)
    name = models.CharField(_("name"), max_length=200)
    legal_id = models.CharField(_("legal identifier"), max_length=13)
    business_registration_number = models.CharField(_("business registration number"), max_length=30)
    business_registration_date = models.DateField(_("business registration date"))
    representative = models.CharField(_("representative"), max_length=150)
    mobile = models.CharField(_("mobile phone"), max_length=10)
    email = models.EmailField(_("e-mail"))
    address = models.CharField(_("address"), max_length=255)
    commune = models.ForeignKey(AdministrativeUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("commune / ward"))
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=ApplicationStatus.choices, default=ApplicationStatus.SUBMITTED)
    decision_reason = models.TextField(_("the Department's reason"), blank=True)
    member = models.OneToOneField(
        Member, on_delete=models.PROTECT, null=True, blank=True, related_name="application", verbose_name=_("member")
    )
    submitted_at = models.DateTimeField(_("submitted at"))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("decided by")
    )

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["submitted_at", "id"]
        verbose_name = _("membership application")
        verbose_name_plural = _("membership applications")
        indexes = [models.Index(fields=["status", "submitted_at"], name="application_queue")]
        constraints = [
            models.CheckConstraint(
                condition=Q(legal_id__regex=r"^([0-9]{10}|[0-9]{13})$")
                | Q(kind=MemberKind.HOUSEHOLD_BUSINESS, legal_id__regex=r"^[0-9]{12}$"),
                name="application_legal_id_shape",
            ),
            models.CheckConstraint(condition=Q(mobile__regex=r"^0[35789][0-9]{8}$"), name="application_mobile_shape"),
            # One open application per applicant, and per legal identifier.
            models.UniqueConstraint(
                fields=["applicant"], condition=Q(status__in=["submitted", "changes_requested"]), name="application_one_open_per_user"
            ),
            models.UniqueConstraint(
                fields=["legal_id"], condition=Q(status__in=["submitted", "changes_requested"]), name="application_one_open_per_legal_id"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_status_display()})"

    @property
    def legal_id_display(self) -> str:
        return format_legal_id(self.legal_id)

    @property
    def is_editable(self) -> bool:
        return self.status == ApplicationStatus.CHANGES_REQUESTED


def application_document_path(instance: ApplicationDocument, filename: str) -> str:
    # Never trust the uploaded name: the stored name is random, the extension comes from the checked type.
    return f"applications/{instance.application_id}/{filename}"


class ApplicationDocument(models.Model):
    """A supporting document (registration certificate, ID...) checked by content: PDF, JPEG or PNG."""

    application = models.ForeignKey(
        MembershipApplication, on_delete=models.CASCADE, related_name="documents", verbose_name=_("application")
    )
    file = models.FileField(_("file"), upload_to=application_document_path, storage=private_storage, max_length=200)
    original_name = models.CharField(_("original file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=40)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("supporting document")
        verbose_name_plural = _("supporting documents")

    def __str__(self) -> str:
        return self.original_name


# --- Audit trail ------------------------------------------------------------------------------
GENESIS_HASH = "0" * 64


class AuditEntry(models.Model):
    """One traced action. Append-only; each entry hashes the previous one, so tampering shows.

    `prev_hash` is unique: two entries can never claim the same predecessor, so the chain cannot fork
    even under concurrent writers (the loser of a race gets an IntegrityError and retries).
    """

    created_at = models.DateTimeField(_("when"), db_index=True)
    actor = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("who"))
    actor_label = models.CharField(_("who (as recorded)"), max_length=254, blank=True)
    action = models.CharField(_("action"), max_length=60, db_index=True)
    object_type = models.CharField(_("object type"), max_length=60, db_index=True)
    object_id = models.CharField(_("object id"), max_length=40)
    object_repr = models.CharField(_("object"), max_length=255)
    reason = models.TextField(_("reason"), blank=True)
    changes = models.JSONField(_("changes (before, after)"), default=dict, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    prev_hash = models.CharField(_("previous hash"), max_length=64, unique=True)
    entry_hash = models.CharField(_("hash"), max_length=64, unique=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit trail")
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object")]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_repr}"
