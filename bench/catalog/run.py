"""Catalogue benchmark: 100 000 products on PostgreSQL, served by gunicorn, measured with wrk.

    make bench-catalog            # or: .venv/bin/python bench/catalog/run.py [--products N] [--duration S]

Creates (once) the database blm_bench, seeds the demo data plus N products (`seed_demo --products`),
then, in one run, serves the site under gunicorn (4 sync workers, as docker-compose.yml) in three cache modes and measures
requests/s of a bare Django view returning "ok", the list page, a search and a product page, plus
search latency p50/p95 at concurrency 1. wrk and the server share the machine, so each page is
reported as a ratio of the bare view measured in the same mode, right before and right after it.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
HERE = Path(__file__).resolve().parent
PORT = int(os.environ.get("BENCH_PORT", "8181"))
BASE = f"http://127.0.0.1:{PORT}"
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
DB_NAME = os.environ.get("BENCH_DB", "blm_bench")
REDIS = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/1")

MODES = {
    # name: (page cache, data cache, description)
    "cold": ("false", "false", "no cache at all: every request counts and facets 100 000 products"),
    "uncached": ("false", "true", "no page cache: every page queried and rendered; counts, facets and cards cached per listing version"),
    "cached": ("true", "true", "anonymous page cache (invalidated when a listing changes)"),
}
# The targets. It names no mode for the product page: it is held to it as shoppers get it
# (anonymous, page cache); its uncached ratio is printed beside it.
TARGETS = {"list": {"uncached": 0.25, "cached": 0.5}, "product": {"cached": 0.4}}


def env(**extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": f"{PG}/{DB_NAME}",
        "REDIS_URL": REDIS,
        "CACHE_KEY_PREFIX": "blm-bench",
        "DJANGO_SETTINGS_MODULE": "bench.catalog.settings",
        "DJANGO_ENV": "development",
        "PYTHONPATH": str(ROOT),
        **extra,
    }


def manage(*args: str, **extra: str) -> str:
    result = subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env(**extra), check=True, capture_output=True, text=True)
    return result.stdout


def shell(code: str) -> str:
    """The last line a snippet prints in `manage.py shell` (5.2 announces its automatic imports first)."""
    return manage("shell", "-v0", "-c", code).strip().splitlines()[-1].strip()


def prepare(products: int) -> None:
    exists = subprocess.run(
        ["psql", PG + "/postgres", "-tAc", f"SELECT 1 FROM pg_database WHERE datname = '{DB_NAME}'"],  # noqa: S608 - our own constant
        capture_output=True, text=True, check=True,
    ).stdout.strip()
    if not exists:
        subprocess.run(["psql", PG + "/postgres", "-qc", f"CREATE DATABASE {DB_NAME}"], check=True)
    manage("migrate", "--noinput", "-v0")
    count = int(shell("from catalog.models import Product; print(Product.objects.count())"))
    wanted = products + 212
    if count < wanted:
        print(f"seeding: {count} products present, adding {wanted - max(count, 212)} (seed_demo --products) ...", flush=True)
        started = time.perf_counter()
        print(manage("seed_demo", "--no-images", "--products", str(wanted - max(count, 212))).strip())
        print(f"seeded in {time.perf_counter() - started:.0f} s", flush=True)
    subprocess.run(["psql", f"{PG}/{DB_NAME}", "-qc", "VACUUM ANALYZE"], check=True)
    total = shell("from catalog.models import Product; print(Product.objects.published().count())")
    print(f"published products: {total}")


def sample_urls() -> dict[str, str]:
    code = (
        "from catalog.models import Product; "
        "p = Product.objects.published().filter(ocop_stars__isnull=False).order_by('id')[10000]; print(p.slug)"
    )
    slug = shell(code)
    return {
        "bare": "/bench/ok",
        "list": "/san-pham/",
        "list_filtered": "/san-pham/?category=thuc-pham&stars=4&district=hong-dan",
        "search": "/tim-kiem/?q=muoi+hat",
        "product": f"/san-pham/{slug}/",
    }


def start_server(page_cache: str, data_cache: str, workers: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [str(Path(PYTHON).parent / "gunicorn"), "baclieu_market.wsgi", "-w", str(workers), "-k", "sync", "-b", f"127.0.0.1:{PORT}",
         "--log-level", "warning", "--access-logfile", "-" if os.environ.get("BENCH_ACCESS_LOG") else "/dev/null"],
        cwd=ROOT, env=env(CATALOG_PAGE_CACHE=page_cache, CATALOG_DATA_CACHE=data_cache),
    )
    for _ in range(100):
        try:
            with urllib.request.urlopen(BASE + "/bench/ok", timeout=1) as response:  # noqa: S310 - local server
                if response.status == 200:
                    return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not start")


def check(url: str) -> None:
    with urllib.request.urlopen(BASE + url, timeout=30) as response:  # noqa: S310 - local server
        if response.status != 200:
            raise SystemExit(f"{url} answered {response.status}")


def drain() -> None:
    """Wait until the workers have finished requests wrk left queued (slow pages outlive a run)."""
    for _ in range(600):
        started = time.perf_counter()
        try:
            with urllib.request.urlopen(BASE + "/bench/ok", timeout=60):  # noqa: S310 - local server
                pass
        except OSError:
            pass
        if time.perf_counter() - started < 0.05:
            return
        time.sleep(0.5)


def warm(url: str) -> None:
    """Fill the caches a page uses (and the search queries of latency.lua) before measuring."""
    check(url)
    check(url)


def wrk(url: str, duration: int, connections: int = 16, threads: int = 2, script: Path | None = None) -> dict:
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--latency"]
    if script:
        command += ["-s", str(script)]
    output = subprocess.run([*command, BASE + url], capture_output=True, text=True, check=True).stdout
    drain()
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    result = {"rps": rate}
    if errors := re.search(r"Non-2xx or 3xx responses: (\d+)", output):
        result["non2xx"] = int(errors.group(1))
    if lat := re.search(r"LATENCY p50=([\d.]+) p95=([\d.]+) p99=([\d.]+)", output):
        result.update(p50=float(lat.group(1)), p95=float(lat.group(2)), p99=float(lat.group(3)))
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--products", type=int, default=100_000)
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk measurement")
    parser.add_argument("--modes", default="cold,uncached,cached")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers (4, as in docker-compose.yml)")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed (apt-get install wrk)")
    prepare(args.products)
    urls = sample_urls()
    results: dict[str, dict[str, dict]] = {}
    for mode in args.modes.split(","):
        page_cache, data_cache, description = MODES[mode]
        print(f"\n== {mode}: {description}", flush=True)
        server = start_server(page_cache, data_cache, args.workers)
        try:
            subprocess.run(["redis-cli", "-u", REDIS, "--no-raw", "EVAL",
                            "for _,k in ipairs(redis.call('keys', ARGV[1])) do redis.call('del', k) end", "0",
                            "blm-bench:*"], capture_output=True, check=False)
            for url in urls.values():
                warm(url)
            if mode != "cold":
                for query in ("muoi+hat", "tom+kho", "dong+hai", "nuoc+mam", "gao+st25", "kho+ca+keo", "mat+ong", "cua+bien"):
                    warm(f"/tim-kiem/?q={query}")
            results[mode] = {}
            # The bare view is measured before each page and after the last; a page is compared with
            # the mean of the bare runs on either side of it (the machine's speed drifts within a run).
            bare_runs = [wrk(urls["bare"], args.duration)["rps"]]
            for name, url in urls.items():
                if name == "bare":
                    continue
                results[mode][name] = wrk(url, args.duration)
                bare_runs.append(wrk(urls["bare"], args.duration)["rps"])
                results[mode][name]["bare_rps"] = (bare_runs[-2] + bare_runs[-1]) / 2
                print(f"  {name:14s} {results[mode][name]['rps']:8.1f} req/s  (bare view around it: {results[mode][name]['bare_rps']:.0f} req/s)",
                      flush=True)
            results[mode]["bare"] = {"rps": sum(bare_runs) / len(bare_runs), "bare_rps": sum(bare_runs) / len(bare_runs),
                                     "runs": bare_runs}
            print(f"  {'bare':14s} {results[mode]['bare']['rps']:8.1f} req/s  (mean of {len(bare_runs)} runs: "
                  + ", ".join(f"{r:.0f}" for r in bare_runs) + ")", flush=True)
            latency = wrk("/tim-kiem/", args.duration, connections=1, threads=1, script=HERE / "latency.lua")
            results[mode]["search_latency"] = latency
            print(f"  search latency (c=1, 8 rotating queries): p50 {latency['p50']:.1f} ms, p95 {latency['p95']:.1f} ms, "
                  f"p99 {latency['p99']:.1f} ms ({latency['rps']:.0f} req/s)", flush=True)
        finally:
            server.terminate()
            server.wait(timeout=30)

    print(f"\n== ratios to the bare view (same mode), {args.products:,} extra products, gunicorn -w {args.workers}, wrk -t2 -c16 -d{args.duration}s")
    print(f"{'page':14s} " + " ".join(f"{m:>10s}" for m in results))
    for name in ("bare", "list", "list_filtered", "search", "product"):
        row = []
        for measured in results.values():
            row.append(f"{measured[name]['rps'] / measured[name]['bare_rps']:10.2f}")
        print(f"{name:14s} " + " ".join(row))
    print(f"{'bare req/s':14s} " + " ".join(f"{m['bare']['rps']:10.0f}" for m in results.values()))
    print(f"{'search p95 ms':14s} " + " ".join(f"{m['search_latency']['p95']:10.1f}" for m in results.values()))
    failures = []
    for page, per_mode in TARGETS.items():
        for mode, target in per_mode.items():
            if mode in results:
                ratio = results[mode][page]["rps"] / results[mode][page]["bare_rps"]
                if ratio < target:
                    failures.append(f"{page} ({mode}) {ratio:.2f} < {target}")
    for mode in ("uncached", "cached"):
        if mode in results and results[mode]["search_latency"]["p95"] > 50:
            failures.append(f"search p95 ({mode}) {results[mode]['search_latency']['p95']:.1f} ms > 50 ms")
    print("\ntargets: " + ("all met" if not failures else "MISSED: " + "; ".join(failures)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
