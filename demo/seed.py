"""Deterministic, idempotent demo data reproducing the province's published 2024 figures.

85 members; 212 products; 148 products with a recognised OCOP certificate (32 four-star, 116
three-star) held by exactly 69 members; "Muối tinh Bạc Liêu" and "Muối hạt Bạc Liêu" with 5-star
applications pending central recognition; the five partner platforms; two demo accounts.
Every object is found by a natural key before it is created, so a second run changes nothing.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction

from catalog.images import generate_thumbnails
from catalog.models import Category, Product, ProductImage, ProductStatus
from catalog.services import product_create
from core.text import slugify_vi
from demo import data
from demo.images import draw_product_image
from members.models import AdministrativeUnit, Member, MemberKind, Membership, MembershipRole, MemberStatus, User
from members.permissions import ensure_moderator_group
from members.validators import tax_code_check_digit
from ocop.models import Certificate, CertificateStatus, IssuingLevel
from ocop.services import certificate_apply, certificate_recognise

SEED = 20241129
MEMBER_COUNT = 85
OCOP_HOLDERS = 69
PRODUCT_COUNT = 212
OCOP_FOUR_STAR = 32
OCOP_THREE_STAR = 116
DEMO_PASSWORD = "baclieu-demo-2026"
MODERATOR_EMAIL = "moderator@baclieu-market.example"
OWNER_EMAIL = "owner@baclieu-market.example"
SALT_COOPERATIVE = "Hợp tác xã Diêm nghiệp Long Điền"
FIVE_STAR_CANDIDATES = ("Muối tinh Bạc Liêu", "Muối hạt Bạc Liêu")

KIND_MIX = (
    [MemberKind.RURAL_INDUSTRIAL] * 30
    + [MemberKind.COOPERATIVE] * 22
    + [MemberKind.ENTERPRISE] * 18
    + [MemberKind.HOUSEHOLD_BUSINESS] * 10
    + [MemberKind.COOPERATIVE_GROUP] * 5
)
ZONE_MIX = ["saline"] * 30 + ["brackish"] * 25 + ["fresh"] * 30
NICKNAMES = ["Út", "Tư", "Năm", "Sáu", "Bảy", "Ba", "Chín", "Cô", "Chú", "Dì"]

PARTNERS = [
    ("hcm", "Sàn TMĐT Thành phố Hồ Chí Minh", "79"),
    ("an-giang", "Sàn TMĐT tỉnh An Giang", "91"),
    ("dong-thap", "Sàn TMĐT tỉnh Đồng Tháp", "82"),
    ("vinh-long", "Sàn TMĐT Bến Tre (nay tỉnh Vĩnh Long)", "86"),
    ("tay-ninh", "Sàn TMĐT Long An (nay tỉnh Tây Ninh)", "80"),
]

# Recognition rounds: (decision date, level). Districts recognised 3★ until June 2025, the province 4★;
# from July 2025 the (merged) province recognises both.
THREE_STAR_ROUNDS = [date(2024, 3, 15), date(2024, 9, 20), date(2025, 5, 12), date(2025, 10, 15)]
FOUR_STAR_ROUNDS = [date(2024, 6, 28), date(2024, 12, 20), date(2025, 10, 15)]
MERGER = date(2025, 7, 1)


@dataclass
class PlannedMember:
    kind: str
    zone: str
    name: str
    brand: str
    legal_id: str
    representative: str
    mobile: str
    commune: AdministrativeUnit


@dataclass
class PlannedProduct:
    member_index: int
    name: str
    template: tuple
    zone: str
    stars: int | None
    price: int
    stock: int


class DemoPlanner:
    """Draws every demo value from one seeded RNG, in a fixed order: the same plan on every run."""

    def __init__(self) -> None:
        self.rng = random.Random(SEED)
        self.communes_by_district: dict[str, list[AdministrativeUnit]] = {}
        for unit in AdministrativeUnit.objects.communes().prefetch_related("former_districts").order_by("code"):
            for district in unit.former_districts.all():
                self.communes_by_district.setdefault(district.code, []).append(unit)
        self.used_names: set[str] = set()
        self.used_ids: set[str] = set()

    def person(self) -> str:
        return f"{self.rng.choice(data.FAMILY)} {self.rng.choice(data.MIDDLE)} {self.rng.choice(data.GIVEN)}"

    def commune(self, zone: str) -> AdministrativeUnit:
        district = self.rng.choice(data.ZONE_DISTRICTS[zone])
        return self.rng.choice(self.communes_by_district[district])

    def tax_code(self, prefix: str = "19") -> str:
        while True:
            first_nine = prefix + f"{self.rng.randrange(10**7):07d}"
            check = tax_code_check_digit(first_nine)
            code = f"{first_nine}{check}"
            if check is not None and code not in self.used_ids:
                self.used_ids.add(code)
                return code

    def personal_id(self) -> str:
        while True:
            # 095 = Bạc Liêu birth registration; then century/sex digit, birth year, serial.
            code = f"095{self.rng.choice('0123')}{self.rng.randrange(50, 100):02d}{self.rng.randrange(10**6):06d}"
            if code not in self.used_ids:
                self.used_ids.add(code)
                return code

    def mobile(self) -> str:
        return f"0{self.rng.choice('3789')}{self.rng.randrange(10**8):08d}"

    def member_name(self, kind: str, zone: str, commune: AdministrativeUnit, representative: str) -> tuple[str, str]:
        for attempt in range(50):
            trade = self.rng.choice(data.TRADES[zone])
            brand = self.rng.choice(data.BRANDS)
            given = representative.split()[-1]
            if kind == MemberKind.COOPERATIVE:
                name, short = f"Hợp tác xã {trade} {commune.name}", commune.name
            elif kind == MemberKind.COOPERATIVE_GROUP:
                name, short = f"Tổ hợp tác {trade} {commune.name}", f"THT {commune.name}"
            elif kind == MemberKind.ENTERPRISE:
                form = self.rng.choice(["Công ty TNHH", "Công ty Cổ phần", "Doanh nghiệp tư nhân"])
                name, short = f"{form} {trade} {brand}", brand
            elif kind == MemberKind.HOUSEHOLD_BUSINESS:
                name, short = f"Hộ kinh doanh {representative}", f"{self.rng.choice(NICKNAMES)} {given}"
            else:
                nickname = f"{self.rng.choice(NICKNAMES)} {given}"
                name, short = f"Cơ sở {trade} {nickname}", nickname
            if attempt:
                name = f"{name} {attempt + 1}"
            if name not in self.used_names:
                self.used_names.add(name)
                return name, short
        raise RuntimeError("could not draw a unique member name")

    def members(self) -> list[PlannedMember]:
        kinds, zones = list(KIND_MIX), list(ZONE_MIX)
        self.rng.shuffle(kinds)
        self.rng.shuffle(zones)
        planned = []
        # The salt cooperative behind the two 5-star candidates comes first; the demo owner runs it.
        long_dien = AdministrativeUnit.objects.get(slug="xa-long-dien")
        kinds.remove(MemberKind.COOPERATIVE)
        zones.remove("saline")
        self.used_names.add(SALT_COOPERATIVE)
        planned.append(
            PlannedMember(
                MemberKind.COOPERATIVE, "saline", SALT_COOPERATIVE, "Bạc Liêu", self.tax_code(),
                "Lâm Văn Diêm", self.mobile(), long_dien,
            )
        )
        branches = 2  # two enterprises are Bạc Liêu branches of companies registered elsewhere (13 digits)
        for kind, zone in zip(kinds, zones, strict=True):
            representative = self.person()
            commune = self.commune(zone)
            name, brand = self.member_name(kind, zone, commune, representative)
            if kind == MemberKind.HOUSEHOLD_BUSINESS:
                legal_id = self.personal_id()
            elif kind == MemberKind.ENTERPRISE and branches:
                branches -= 1
                legal_id = self.tax_code(prefix="03") + f"{self.rng.randrange(1, 20):03d}"
            else:
                legal_id = self.tax_code()
            planned.append(PlannedMember(kind, zone, name, brand, legal_id, representative, self.mobile(), commune))
        return planned

    def products(self, members: list[PlannedMember]) -> list[PlannedProduct]:
        # OCOP products: each of the first 69 members holds at least one; 148 in all.
        ocop_counts = [1] * OCOP_HOLDERS + [0] * (MEMBER_COUNT - OCOP_HOLDERS)
        ocop_counts[0] = 3  # the salt cooperative: refined salt, grain salt, and one more
        for _ in range(OCOP_FOUR_STAR + OCOP_THREE_STAR - sum(ocop_counts)):
            ocop_counts[self.rng.randrange(1, OCOP_HOLDERS)] += 1
        other_counts = [0] * OCOP_HOLDERS + [1] * (MEMBER_COUNT - OCOP_HOLDERS)
        for _ in range(PRODUCT_COUNT - sum(ocop_counts) - sum(other_counts)):
            other_counts[self.rng.randrange(MEMBER_COUNT)] += 1

        # Star levels: the two salts are 4-star; 30 more 4-star drawn among the other OCOP products.
        other_ocop_slots = sum(ocop_counts) - 2
        four_star = set(self.rng.sample(range(other_ocop_slots), OCOP_FOUR_STAR - 2))

        planned, slot = [], 0
        for index, member in enumerate(members):
            templates = list(data.PRODUCTS[member.zone])
            self.rng.shuffle(templates)
            names = []
            if index == 0:
                salts = {t[0]: t for t in templates}
                names = [(FIVE_STAR_CANDIDATES[0], salts["Muối tinh"]), (FIVE_STAR_CANDIDATES[1], salts["Muối hạt"])]
                templates = [t for t in templates if t[0] not in ("Muối tinh", "Muối hạt")]
            total = ocop_counts[index] + other_counts[index]
            for i in range(total - len(names)):
                template = templates[i % len(templates)]
                name = f"{template[0]} {member.brand}"
                if i >= len(templates):
                    name = f"{name} loại {i // len(templates) + 1}"
                if name in self.used_names:
                    name = f"{template[0]} – {member.name}"
                names.append((name, template))
            for position, (name, template) in enumerate(names):
                self.used_names.add(name)
                if position < ocop_counts[index]:
                    if index == 0 and position < 2:
                        stars = 4
                    else:
                        stars = 4 if slot in four_star else 3
                        slot += 1
                else:
                    stars = None
                price = self.rng.randrange(template[3], template[4] + 1, 1000)
                stock = 0 if self.rng.random() < 0.08 else self.rng.randrange(5, 500)
                planned.append(PlannedProduct(index, name, template, member.zone, stars, price, stock))
        return planned


def _district_body(commune: AdministrativeUnit) -> str:
    district = commune.former_districts.all()[0].name
    return f"UBND {district[0].lower()}{district[1:]}"


def _scores(rng: random.Random, stars: int) -> tuple[int, int, int, int]:
    low, high = {3: (50, 69), 4: (70, 89), 5: (90, 100)}[stars]
    total = rng.randint(low, high)
    a = min(40, round(total * 0.40) + rng.randint(-2, 2))
    b = min(25, round(total * 0.25) + rng.randint(-2, 2))
    c = total - a - b
    if c > 35:
        a, c = a + c - 35, 35
    return total, a, b, c


@transaction.atomic
def seed_demo(*, with_images: bool = True, stdout=None) -> dict[str, int]:
    planner = DemoPlanner()
    planned_members = planner.members()
    planned_products = planner.products(planned_members)
    categories = {c.slug: c for c in Category.objects.all()}
    created = {"members": 0, "products": 0, "certificates": 0, "images": 0}

    members: list[Member] = []
    for i, plan in enumerate(planned_members):
        # Draw before looking up, so that every run consumes the RNG identically.
        registered = date(2012, 1, 1) + timedelta(days=planner.rng.randrange(4000))
        hamlet = planner.rng.choice(["Nhà Mát", "Biển Đông", "Kinh Tư", "Cây Gừa", "Vĩnh Lạc", "Thạnh Hưng"])
        member = Member.objects.filter(legal_id=plan.legal_id).first()
        if member is None:
            member = Member.objects.create(
                kind=plan.kind,
                name=plan.name,
                slug=slugify_vi(plan.name),
                legal_id=plan.legal_id,
                business_registration_number=plan.legal_id[:10] if len(plan.legal_id) != 12 else f"61A8{i:05d}",
                business_registration_date=registered,
                representative=plan.representative,
                mobile=plan.mobile,
                email=f"lienhe{i + 1:02d}@{slugify_vi(plan.brand)}.example",
                address=f"Ấp {hamlet}, {plan.commune.full_name}, tỉnh Cà Mau",
                commune=plan.commune,
                description=f"{plan.name} sản xuất các sản phẩm đặc trưng vùng {'mặn' if plan.zone == 'saline' else 'lợ' if plan.zone == 'brackish' else 'ngọt'} của Bạc Liêu.",
                status=MemberStatus.APPROVED,
                approved_at=datetime(2024, 1, 2, tzinfo=UTC),
            )
            created["members"] += 1
        members.append(member)

    base_time = datetime(2024, 2, 1, 8, 0, tzinfo=UTC)
    ocop_counter = iter(range(10**6))
    decision_numbers: dict[tuple, str] = {}
    for n, plan in enumerate(planned_products):
        member = members[plan.member_index]
        slug = slugify_vi(plan.name)
        product = Product.objects.filter(slug=slug).first()
        if product is None:
            product = product_create(
                member=member,
                category=categories[plan.template[1]],
                name=plan.name,
                price=plan.price,
                unit=plan.template[2],
                commune=member.commune,
                zone=plan.zone,
                description=plan.template[5],
                stock=plan.stock,
                status=ProductStatus.PUBLISHED,
            )
            Product.objects.filter(pk=product.pk).update(published_at=base_time + timedelta(hours=37 * n))
            created["products"] += 1
        if with_images and not product.images.exists():
            for variant in range(2 if plan.stars else 1):
                picture = ContentFile(draw_product_image(plan.name, plan.zone, variant), name=f"{slug}-{variant + 1}.jpg")
                image = ProductImage(product=product, image=picture, alt_text=f"{plan.name} – ảnh {variant + 1}", position=variant)
                image.save()
                generate_thumbnails(image)
                created["images"] += 1
        if plan.stars:
            rounds = FOUR_STAR_ROUNDS if plan.stars == 4 else THREE_STAR_ROUNDS
            decided = rounds[next(ocop_counter) % len(rounds)]
            total, a, b, c = _scores(planner.rng, plan.stars)
            if decided >= MERGER:
                level, body, key = IssuingLevel.PROVINCE, "UBND tỉnh Cà Mau", ("province", decided)
            elif plan.stars == 4:
                level, body, key = IssuingLevel.PROVINCE, "UBND tỉnh Bạc Liêu", ("province", decided)
            else:
                body = _district_body(member.commune)
                level, key = IssuingLevel.DISTRICT, (body, decided)
            if key not in decision_numbers:
                decision_numbers[key] = f"{planner.rng.randrange(300, 4000)}/QĐ-UBND"
            if not Certificate.objects.filter(product=product, decision_number=decision_numbers[key]).exists():
                certificate_recognise(
                    product=product, stars=plan.stars, decision_number=decision_numbers[key], decision_date=decided,
                    issuing_level=level, issuing_body=body, total_score=total, score_a=a, score_b=b, score_c=c,
                )
                created["certificates"] += 1
        if plan.name in FIVE_STAR_CANDIDATES and not product.certificates.filter(status=CertificateStatus.PENDING).exists():
            certificate_apply(
                product=product, stars=5, issuing_level=IssuingLevel.CENTRAL,
                issuing_body="Bộ Nông nghiệp và Môi trường", total_score=92,
            )
            created["certificates"] += 1

    _seed_accounts(members[0])
    _seed_partners()
    return created


def _seed_accounts(owner_member: Member) -> None:
    from allauth.account.models import EmailAddress
    from django.contrib.auth.hashers import make_password

    password = None  # hashed once, only when an account is created (hashing is deliberately slow)
    accounts = {}
    for email, defaults in ((MODERATOR_EMAIL, {"full_name": "Cán bộ Sở Công Thương", "is_staff": True}),
                            (OWNER_EMAIL, {"full_name": "Lâm Văn Diêm"})):
        user = User.objects.filter(email=email).first()
        if user is None:
            password = password or make_password(DEMO_PASSWORD)
            user = User.objects.create(email=email, password=password, **defaults)
        accounts[email] = user
    moderator, owner = accounts[MODERATOR_EMAIL], accounts[OWNER_EMAIL]
    moderator.groups.add(ensure_moderator_group())
    Membership.objects.get_or_create(user=owner, member=owner_member, defaults={"role": MembershipRole.OWNER})
    for user in (moderator, owner):
        EmailAddress.objects.get_or_create(user=user, email=user.email, defaults={"verified": True, "primary": True})


def _seed_partners() -> None:
    import hashlib
    import secrets

    from linkage.models import Eligibility, ExchangeFormat, PartnerApiKey, PartnerPlatform

    # The demo partners speak different formats and take different listings: configuration, not code.
    shapes = {
        "hcm": (ExchangeFormat.NATIVE_V1, Eligibility.ALL),
        "an-giang": (ExchangeFormat.SCHEMA_ORG, Eligibility.ALL),
        "dong-thap": (ExchangeFormat.DFC, Eligibility.OCOP),
    }
    for slug, name, province_code in PARTNERS:
        exchange_format, eligibility = shapes.get(slug, (ExchangeFormat.NATIVE_V1, Eligibility.ALL))
        partner, _created = PartnerPlatform.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "province_id": province_code,
                "base_url": f"{settings.PARTNER_SANDBOX_URL}/p/{slug}",
                "signing_secret": secrets.token_urlsafe(32),
                "exchange_format": exchange_format,
                "eligibility": eligibility,
            },
        )
        # A known pull key per demo partner (README shows it with curl); only its hash is stored.
        raw = f"blm_demo{slug.replace('-', '')}_baclieu-demo-pull-key"
        prefix = raw.split("_")[1]
        PartnerApiKey.objects.get_or_create(
            prefix=prefix, defaults={"partner": partner, "name": "demo", "key_hash": hashlib.sha256(raw.encode()).hexdigest()}
        )
