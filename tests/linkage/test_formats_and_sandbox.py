"""Exchange formats, request signing, and the sandbox refusing what it must refuse."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from datetime import date

import pytest

from linkage import adapters, signing
from linkage.adapters.native import listing_v1
from linkage.selectors import EligibilityRules, current_certificate, products_for_listing
from members.models import MemberKind
from tests.linkage.helpers import make_member, make_products

pytestmark = pytest.mark.django_db


def v1_of(product, partner=None):
    loaded = products_for_listing([product.pk])[product.pk]
    certificate = current_certificate(loaded, date.today())
    return listing_v1(loaded, active=True, certificate=certificate)


def test_native_listing_carries_every_field_of_format_v1():
    from ocop.services import certificate_recognise

    product = make_products(make_member(), 1)[0]
    certificate_recognise(product=product, stars=4, decision_number="1234/QĐ-UBND", decision_date=date(2025, 10, 15),
                          issuing_level="province", issuing_body="UBND tỉnh Cà Mau")
    product.refresh_from_db()
    listing = v1_of(product)
    assert listing["id"] == f"urn:baclieu-market:product:{product.pk}" and listing["revision"] == product.revision
    assert listing["status"] == "active" and listing["price_vnd"] == product.price and listing["unit"] == "hộp 500 g"
    assert listing["category"]["ocop_group"] == "food" and listing["category"]["ocop_group_name"]
    assert listing["locality"]["code"] == product.commune_id and listing["zone"] == "saline"
    assert listing["producer"]["legal_id"]["kind"] == "tax_code" and listing["producer"]["legal_id"]["value"]
    assert listing["ocop"] == {
        "stars": 4, "decision_number": "1234/QĐ-UBND", "decision_date": "2025-10-15", "issuer": "UBND tỉnh Cà Mau",
        "issuing_level": "province", "valid_until": "2028-10-15", "verification_url": listing["ocop"]["verification_url"],
    }
    assert listing["url"].startswith("http") and product.slug in listing["url"]


def test_a_household_personal_id_is_never_sent():
    member = make_member(kind=MemberKind.HOUSEHOLD_BUSINESS)
    listing = v1_of(make_products(member, 1)[0])
    legal = listing["producer"]["legal_id"]
    assert legal["kind"] == "personal_id" and legal["value"] is None
    assert member.legal_id not in json.dumps(listing) and legal["masked"].endswith(member.legal_id[-4:])


def test_schema_org_and_dfc_shapes():
    listing = v1_of(make_products(make_member(), 1)[0])
    schema = adapters.render("schema-org", listing)
    assert schema["@type"] == "Product" and schema["offers"]["@type"] == "Offer"
    assert schema["offers"]["price"] == listing["price_vnd"] and schema["offers"]["priceCurrency"] == "VND"
    dfc = adapters.render("dfc", listing)
    offer = next(node for node in dfc["@graph"] if node["@type"] == "dfc-b:Offer")
    assert offer["dfc-b:hasPrice"]["dfc-b:value"] == listing["price_vnd"]
    for name, document in (("native-v1", listing), ("schema-org", schema), ("dfc", dfc)):
        assert adapters.identity(name, document) == (listing["id"], listing["revision"], "active")


def test_a_withdrawal_says_nothing_but_who_and_which_revision():
    product = make_products(make_member(), 1)[0]
    withdrawn = listing_v1(products_for_listing([product.pk])[product.pk], active=False)
    assert set(withdrawn) == {"id", "revision", "status", "updated_at", "url"}
    assert adapters.identity("dfc", adapters.render("dfc", withdrawn))[2] == "withdrawn"


def test_eligibility_rules_match_the_sql_filter():
    from catalog.models import Product
    from linkage.models import Eligibility, PartnerPlatform
    from linkage.selectors import eligible_q

    member = make_member()
    make_products(member, 3)
    make_products(member, 2, status="draft")
    partner = PartnerPlatform(name="x", slug="x", province_id="79", base_url="http://x", signing_secret="s",
                              eligibility=Eligibility.ALL)
    partner.save()
    rules = EligibilityRules.for_partner(partner)
    loaded = products_for_listing(Product.objects.values_list("pk", flat=True))
    in_python = {pk for pk, p in loaded.items() if rules.allows(p, current_certificate(p, rules.today))}
    assert in_python == set(Product.objects.filter(eligible_q(partner)).values_list("pk", flat=True))
    assert len(in_python) == 3


def test_signatures_verify_with_either_secret_and_refuse_tampering_and_stale_timestamps():
    body, now = b'{"items":[]}', int(time.time())
    header = signing.signature_header(["new", "old"], now, body)
    signing.verify(secrets=["old"], timestamp_header=str(now), signature=header, body=body)
    signing.verify(secrets=["new"], timestamp_header=str(now), signature=header, body=body)
    with pytest.raises(signing.SignatureError, match="does not match"):
        signing.verify(secrets=["new"], timestamp_header=str(now), signature=header, body=body + b" ")
    with pytest.raises(signing.SignatureError, match="tolerance"):
        signing.verify(secrets=["new"], timestamp_header=str(now - 301), signature=signing.signature_header(["new"], now - 301, body),
                       body=body)
    with pytest.raises(signing.SignatureError):
        signing.verify(secrets=["other"], timestamp_header=str(now), signature=header, body=body)


def post(url, body: bytes, headers: dict) -> tuple[int, dict]:
    request = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json", **headers}, method="POST")  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def signed(body: bytes, secret: str, timestamp: int | None = None) -> dict:
    timestamp = int(time.time()) if timestamp is None else timestamp
    return {signing.TIMESTAMP_HEADER: str(timestamp), signing.SIGNATURE_HEADER: signing.signature_header([secret], timestamp, body)}


def envelope(*items) -> bytes:
    return json.dumps({"format": "native-v1", "delivery_id": "d1", "items": list(items)}).encode()


def test_the_sandbox_refuses_a_tampered_body_or_a_stale_timestamp(sandbox):
    sandbox.register("hcm", ["k1"])
    url = f"{sandbox.url}/p/hcm/listings"
    body = envelope({"id": "urn:baclieu-market:product:1", "revision": 1, "status": "active", "name": "Muối"})

    tampered = body.replace(b"Mu", b"Xu")
    assert post(url, tampered, signed(body, "k1"))[0] == 401
    code, answer = post(url, body, signed(body, "k1", timestamp=int(time.time()) - 3600))
    assert code == 401 and "timestamp" in answer["error"]
    assert post(url, body, signed(body, "wrong"))[0] == 401
    assert post(url, body, {})[0] == 401
    assert sandbox.state("hcm") == {}

    code, answer = post(url, body, signed(body, "k1"))
    assert code == 200 and answer["results"][0]["status"] == "applied"


def test_the_sandbox_applies_revisions_idempotently_and_never_goes_back(sandbox):
    sandbox.register("hcm", ["k1"])
    url = f"{sandbox.url}/p/hcm/listings"

    def send(revision, status="active", key=None):
        body = envelope({"id": "urn:baclieu-market:product:7", "revision": revision, "status": status})
        headers = signed(body, "k1") | ({signing.IDEMPOTENCY_HEADER: key} if key else {})
        return post(url, body, headers)[1]["results"][0]["status"]

    assert send(3) == "applied"
    assert send(3) == "duplicate"
    assert send(2, "withdrawn") == "stale"
    assert sandbox.state("hcm") == {"urn:baclieu-market:product:7": {"revision": 3, "status": "active"}}
    assert send(4, "withdrawn", key="k-4") == "applied"
    assert send(4, "withdrawn", key="k-4") == "applied"  # a replayed key gets the stored answer
    assert sandbox.stats()["applied_twice"] == 0 and sandbox.stats()["applied_out_of_order"] == 0


def test_the_sandbox_rejects_malformed_items_one_by_one(sandbox):
    sandbox.register("hcm", ["k1"])
    body = envelope({"id": "urn:baclieu-market:product:1", "revision": 0, "status": "active"},
                    {"id": "urn:baclieu-market:product:2", "revision": 1, "status": "active"})
    code, answer = post(f"{sandbox.url}/p/hcm/listings", body, signed(body, "k1"))
    assert code == 200 and [r["status"] for r in answer["results"]] == ["rejected", "applied"]
    body = b"not json"
    assert post(f"{sandbox.url}/p/hcm/listings", body, signed(body, "k1"))[0] == 400


def test_the_sandbox_page_shows_what_it_holds(sandbox):
    sandbox.register("hcm", ["k1"])
    body = envelope({"id": "urn:baclieu-market:product:9", "revision": 2, "status": "active", "name": "Tôm khô Gành Hào"})
    post(f"{sandbox.url}/p/hcm/listings", body, signed(body, "k1"))
    with urllib.request.urlopen(f"{sandbox.url}/p/hcm/", timeout=5) as response:  # noqa: S310
        page = response.read().decode()
    assert "Tôm khô Gành Hào" in page and "r2" in page and "active" in page


def test_the_embedded_broker_never_hands_out_a_half_written_message(tmp_path):
    """Producers and a consumer race on the filesystem broker: every message arrives whole."""
    import threading

    from kombu import Connection

    from linkage.broker import Transport  # resolved once, before the threads start

    folder = tmp_path / "queue"
    folder.mkdir()
    options = {"data_folder_in": str(folder), "data_folder_out": str(folder), "store_processed": False,
               "control_folder": str(tmp_path / "control")}
    sent, received, errors = 300, [], []
    # Bind the queue before the race starts, as the worker does at start-up: kombu creates the exchange
    # table unlocked on first bind, and a message routed through a half-created table is dropped. That
    # start-up race is kombu's; this test is about message files, which linkage.broker writes atomically.
    with Connection(transport=Transport, transport_options=options) as conn:
        conn.SimpleQueue("q").close()

    def produce(offset):
        with Connection(transport=Transport, transport_options=options) as conn:
            queue = conn.SimpleQueue("q")
            for i in range(sent // 2):
                queue.put({"n": offset + i})

    def consume():
        with Connection(transport=Transport, transport_options=options) as conn:
            queue = conn.SimpleQueue("q")
            deadline = time.monotonic() + 20
            while len(received) < sent and time.monotonic() < deadline:
                try:
                    message = queue.get(timeout=0.05)
                except queue.Empty:
                    continue
                except Exception as exc:  # a half-written file surfaces here as a decode error
                    errors.append(exc)
                    continue
                received.append(message.payload["n"])
                message.ack()

    threads = [threading.Thread(target=consume), threading.Thread(target=produce, args=(0,)),
               threading.Thread(target=produce, args=(sent // 2,))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == [] and sorted(received) == list(range(sent))
