"""bench/sync: 10 000 listing changes delivered to the partner sandbox through a real Celery worker.

Fresh SQLite database and filesystem broker in a temporary folder (or DATABASE_URL / REDIS_URL if
set), one partner in the native format pointed at `manage.py partner_sandbox` (a separate process),
one `celery worker` process. The clock starts when the transaction that changes the 10 000 listings
commits (the after-commit wake-up queues the push) and stops when the sandbox holds every listing at
its current revision. Prints elapsed time, listings/s, requests, and the final difference count.

Run: make bench-sync   (or .venv/bin/python bench/sync/run.py --listings 10000)
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http(method: str, url: str, payload=None):
    data = json.dumps(payload).encode() if payload is not None else None
    request = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": "application/json"})  # noqa: S310
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        return json.loads(response.read())


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--listings", type=int, default=10_000)
    parser.add_argument("--batch-size", type=int, default=250)
    parser.add_argument("--timeout", type=float, default=120)
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="bench-sync-"))
    os.environ.setdefault("VAR_DIR", str(workdir))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "baclieu_market.settings")
    os.environ["LOG_LEVEL"] = "WARNING"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    from catalog.models import Category, Product, ProductStatus
    from catalog.services import products_bump_revision
    from linkage.models import Delivery, PartnerPlatform
    from linkage.selectors import partner_differences
    from members.models import AdministrativeUnit, Member, MemberKind, MemberStatus

    print(f"database: {connection.vendor}  broker: {os.environ.get('CELERY_BROKER_URL') or os.environ.get('REDIS_URL') or 'filesystem'}")
    call_command("migrate", verbosity=0)

    # --- data: one member, N published listings (bulk: the setup is not what is measured)
    commune = AdministrativeUnit.objects.communes().order_by("code").first()
    category = Category.objects.filter(parent__isnull=False).order_by("pk").first()
    member, _ = Member.objects.get_or_create(
        legal_id="0100233488",
        defaults={"kind": MemberKind.ENTERPRISE, "name": "Doanh nghiệp đo tải", "slug": "bench-sync-member",
                  "representative": "Bench", "mobile": "0912345678", "email": "bench@example.com", "address": "Bạc Liêu",
                  "commune": commune, "status": MemberStatus.APPROVED},
    )
    Product.objects.filter(member=member).delete()
    from django.utils import timezone

    now = timezone.now()
    Product.objects.bulk_create(
        [Product(member=member, category=category, name=f"Muối hạt đo tải {i}", slug=f"bench-sync-{i}", description="Muối.",
                 price=20000 + i, unit="kg", stock=i % 50, commune=commune, zone="saline", status=ProductStatus.PUBLISHED,
                 published_at=now) for i in range(args.listings)],
        batch_size=2000,
    )
    ids = list(Product.objects.filter(member=member).values_list("pk", flat=True))

    # --- the partner sandbox (its own process and SQLite file) and one partner pointed at it
    sandbox_port = free_port()
    sandbox_url = f"http://127.0.0.1:{sandbox_port}"
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    processes = [subprocess.Popen(
        [sys.executable, "manage.py", "partner_sandbox", "--port", str(sandbox_port), "--db", str(workdir / "sandbox.sqlite3"),
         "--no-db-secrets"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)]
    secret = secrets.token_urlsafe(32)
    PartnerPlatform.objects.all().delete()
    partner = PartnerPlatform.objects.create(name="Sàn đo tải", slug="bench", province_id="79", base_url=f"{sandbox_url}/p/bench",
                                             signing_secret=secret, batch_size=args.batch_size, timeout_seconds=30)
    log = (workdir / "worker.log").open("wb")
    processes.append(subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "baclieu_market", "worker", "--concurrency", "2", "--without-mingle",
         "--without-gossip", "--loglevel", "INFO"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT))
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                http("POST", f"{sandbox_url}/_control/partners", {"slug": "bench", "secrets": [secret]})
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        while b"ready." not in (workdir / "worker.log").read_bytes():
            if time.monotonic() > deadline:
                raise RuntimeError("the worker did not start")
            time.sleep(0.1)

        # --- measured: N listing changes committed → all of them held by the partner
        started = time.perf_counter()
        with transaction.atomic():
            products_bump_revision(product_ids=ids)
        committed = time.perf_counter()
        while True:
            applied = http("GET", f"{sandbox_url}/_control/stats")["applied"].get("bench", 0)
            if applied >= len(ids) or time.perf_counter() - started > args.timeout:
                break
            time.sleep(0.05)
        elapsed = time.perf_counter() - started
        held = http("GET", f"{sandbox_url}/_control/state?partner=bench")["listings"]
        differences = partner_differences(partner, held)
        stats = http("GET", f"{sandbox_url}/_control/stats")
        deliveries = Delivery.objects.filter(partner=partner).count()
        print(f"listings changed:      {len(ids)} (commit + feed + wake-up {committed - started:.2f} s)")
        print(f"elapsed to converge:   {elapsed:.2f} s")
        print(f"throughput:            {len(ids) / elapsed:.0f} listings/s")
        print(f"requests to partner:   {sum(stats['requests'].values())} (deliveries logged: {deliveries}, batch size {args.batch_size})")
        print(f"applied twice / out of order: {stats['applied_twice']} / {stats['applied_out_of_order']}")
        print(f"final differences:     {len(differences)}")
        return 0 if not differences else 1
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()


if __name__ == "__main__":
    sys.exit(main())
