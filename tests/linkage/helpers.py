"""Building blocks for the linkage tests: a small catalogue, partners pointed at a sandbox, the diff."""

from __future__ import annotations

import itertools
import json
import secrets
import time
import urllib.request

from catalog.models import Category, Product, ProductStatus
from catalog.services import product_create, products_bump_revision
from linkage.models import ExchangeFormat, ListingSync, PartnerPlatform
from linkage.selectors import partner_differences
from members.models import AdministrativeUnit, Member, MemberKind, MemberStatus
from members.validators import tax_code_check_digit

_serial = itertools.count(1)


def tax_code() -> str:
    while True:
        first = f"19{next(_serial) + 5000000:07d}"
        digit = tax_code_check_digit(first)
        if digit is not None:
            return f"{first}{digit}"


def make_member(*, status: str = MemberStatus.APPROVED, kind: str = MemberKind.COOPERATIVE, name: str | None = None) -> Member:
    n = next(_serial)
    commune = AdministrativeUnit.objects.communes().filter(parent__code="96").order_by("code").first() \
        or AdministrativeUnit.objects.communes().order_by("code").first()
    legal = tax_code() if kind != MemberKind.HOUSEHOLD_BUSINESS else f"0960{n + 10000000:08d}"
    return Member.objects.create(
        kind=kind, name=name or f"HTX thử nghiệm {n}", slug=f"htx-thu-nghiem-{n}-{secrets.token_hex(3)}", legal_id=legal,
        representative="Nguyễn Văn A", mobile="0912345678", email=f"m{n}@example.com", address="Ấp 1",
        commune=commune, status=status,
    )


def make_products(member: Member, count: int, *, status: str = ProductStatus.PUBLISHED, category: Category | None = None,
                  name: str = "Muối hạt Bạc Liêu") -> list[Product]:
    category = category or Category.objects.filter(parent__isnull=False, ocop_group="food").order_by("pk").first()
    commune = member.commune
    return [
        product_create(member=member, category=category, name=f"{name} {i + 1}", price=25000 + i * 1000, unit="hộp 500 g",
                       commune=commune, zone="saline", description="Muối sạch phơi cát.", stock=10 + i, status=status)
        for i in range(count)
    ]


def edit_product(product: Product, **fields) -> Product:
    """What an edit service does: change fields, bump the revision (partners converge on it)."""
    Product.objects.filter(pk=product.pk).update(**fields)
    products_bump_revision(product_ids=[product.pk])
    product.refresh_from_db()
    return product


def withdraw_product(product: Product) -> Product:
    return edit_product(product, status=ProductStatus.WITHDRAWN)


class Sandbox:
    """Talks to a running sandbox over HTTP, like any client would."""

    def __init__(self, url: str):
        self.url = url.rstrip("/")

    def _call(self, method: str, path: str, payload=None):
        data = json.dumps(payload).encode() if payload is not None else None
        request = urllib.request.Request(self.url + path, data=data, method=method,  # noqa: S310 (local server)
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 (our own local server)
            return json.loads(response.read())

    def register(self, slug: str, secrets_: list[str]) -> None:
        self._call("POST", "/_control/partners", {"slug": slug, "secrets": secrets_})

    def fault(self, **fault) -> None:
        self._call("POST", "/_control/faults", fault)

    def clear_faults(self) -> None:
        self._call("DELETE", "/_control/faults")

    def state(self, slug: str) -> dict[str, dict]:
        return self._call("GET", f"/_control/state?partner={slug}")["listings"]

    def stats(self) -> dict:
        return self._call("GET", "/_control/stats")

    def requests(self, slug: str) -> list[dict]:
        return self._call("GET", f"/_control/requests?partner={slug}")["requests"]


def make_partner(sandbox: Sandbox, *, slug: str = "hcm", exchange_format: str = ExchangeFormat.NATIVE_V1, **fields) -> PartnerPlatform:
    secret = secrets.token_urlsafe(32)
    partner = PartnerPlatform.objects.create(
        name=f"Sàn {slug}", slug=slug, province_id="79", base_url=f"{sandbox.url}/p/{slug}", exchange_format=exchange_format,
        signing_secret=secret, timeout_seconds=fields.pop("timeout_seconds", 3.0), **fields,
    )
    sandbox.register(slug, [secret])
    return partner


def state_differences(partner: PartnerPlatform, held: dict[str, dict]) -> list[str]:
    return partner_differences(partner, held)


def wait_until(predicate, *, timeout: float, interval: float = 0.2, message: str = "condition"):
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        last = predicate()
        if last:
            return last
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {message} (last: {last!r})")


def synced_ids(partner: PartnerPlatform) -> set[int]:
    return set(ListingSync.objects.filter(partner=partner).values_list("product_id", flat=True))
