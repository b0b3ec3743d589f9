"""The partner sandbox: a small real HTTP server standing in for partner platforms (one path each).

It verifies signatures and timestamps, stores what it receives in its own SQLite file, applies
revisions idempotently (an older revision never overwrites a newer one; the same revision twice is a
no-op), replays answers for a repeated Idempotency-Key, can be told to fail, and shows a page of what
it holds. Used by `manage.py partner_sandbox`, the tests and the benchmark.

Endpoints
  POST /p/<partner>/listings          a signed delivery (see docs/exchange-format-v1.md)
  GET  /  and  /p/<partner>/          HTML: what the sandbox holds
  GET  /_control/state?partner=…      {"listings": {id: {"revision", "status"}}}
  GET  /_control/stats                request and apply counters, duplicate / out-of-order applies
  POST /_control/partners             {"slug", "secrets": [...]}: register a partner's secrets
  POST /_control/faults               {"partner": slug|"*", "mode": "error"|"timeout"|"reject"|"slow"|"reject_items",
                                       "status": 503, "count": n|null, "delay": s, "listing_ids": [...], "message": "…"}
  DELETE /_control/faults             clear every fault
  POST /_control/reset                forget everything received
"""

from __future__ import annotations

import html
import json
import sqlite3
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from linkage import adapters, signing

SCHEMA = """
CREATE TABLE IF NOT EXISTS listings (
    partner TEXT NOT NULL, listing_id TEXT NOT NULL, revision INTEGER NOT NULL, status TEXT NOT NULL,
    name TEXT, item TEXT NOT NULL, delivery_id TEXT, updated_at REAL NOT NULL,
    PRIMARY KEY (partner, listing_id));
CREATE TABLE IF NOT EXISTS applied (
    id INTEGER PRIMARY KEY AUTOINCREMENT, partner TEXT NOT NULL, listing_id TEXT NOT NULL,
    revision INTEGER NOT NULL, status TEXT NOT NULL, delivery_id TEXT, at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS requests (
    id INTEGER PRIMARY KEY AUTOINCREMENT, partner TEXT NOT NULL, delivery_id TEXT, idempotency_key TEXT,
    status_code INTEGER NOT NULL, items INTEGER NOT NULL, error TEXT, at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS idempotency (
    partner TEXT NOT NULL, key TEXT NOT NULL, status_code INTEGER NOT NULL, body TEXT NOT NULL,
    PRIMARY KEY (partner, key));
CREATE TABLE IF NOT EXISTS partners (slug TEXT PRIMARY KEY, secrets TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS applied_listing ON applied (partner, listing_id, id);
"""
MAX_BODY = 20 * 1024 * 1024


class SandboxStore:
    """The sandbox's own database (SQLite, one connection behind a lock: writes are serialised anyway)."""

    def __init__(self, path: str, secrets_loader: Callable[[str], list[str]] | None = None):
        self.db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.executescript(SCHEMA)
        self.lock = threading.Lock()
        self.secrets_loader = secrets_loader
        self._loaded_at: dict[str, float] = {}
        self.faults: dict[str, dict] = {}

    # --- partners and secrets
    def register(self, slug: str, secrets: list[str]) -> None:
        with self.lock:
            self.db.execute("INSERT OR REPLACE INTO partners (slug, secrets) VALUES (?, ?)", (slug, json.dumps(secrets)))

    def secrets(self, slug: str, *, reload: bool = False) -> list[str]:
        due = reload or slug not in self._loaded_at
        if self.secrets_loader and due and time.monotonic() - self._loaded_at.get(slug, -10) > 1:
            self._loaded_at[slug] = time.monotonic()
            loaded = self.secrets_loader(slug)
            if loaded:
                self.register(slug, loaded)
        with self.lock:
            row = self.db.execute("SELECT secrets FROM partners WHERE slug = ?", (slug,)).fetchone()
        return json.loads(row[0]) if row else []

    # --- faults
    def take_fault(self, slug: str) -> dict | None:
        with self.lock:
            for key in (slug, "*"):
                fault = self.faults.get(key)
                if fault is None:
                    continue
                if fault.get("count") is not None:
                    if fault["count"] <= 0:
                        del self.faults[key]
                        continue
                    fault["count"] -= 1
                return dict(fault)
        return None

    # --- deliveries
    def replay(self, slug: str, key: str) -> tuple[int, str] | None:
        with self.lock:
            row = self.db.execute("SELECT status_code, body FROM idempotency WHERE partner = ? AND key = ?", (slug, key)).fetchone()
        return (row[0], row[1]) if row else None

    def apply(self, slug: str, format_name: str, delivery_id: str, key: str, items: list, rejected_ids: set[str],
              message: str) -> list[dict]:
        now = time.time()
        results = []
        with self.lock:
            self.db.execute("BEGIN IMMEDIATE")
            try:
                for item in items:
                    try:
                        listing_id, revision, status = adapters.identity(format_name, item)
                    except ValueError as exc:
                        results.append({"id": item.get("id") if isinstance(item, dict) else None, "status": "rejected",
                                        "message": str(exc)})
                        continue
                    if listing_id in rejected_ids:
                        results.append({"id": listing_id, "revision": revision, "status": "rejected", "message": message})
                        continue
                    row = self.db.execute(
                        "SELECT revision FROM listings WHERE partner = ? AND listing_id = ?", (slug, listing_id)
                    ).fetchone()
                    held = row[0] if row else 0
                    if revision > held:
                        name = item.get("name") or item.get("blm:name") or ""
                        if not name and "@graph" in item:
                            name = next((n.get("dfc-b:name", "") for n in item["@graph"] if n.get("@type") == "dfc-b:SuppliedProduct"), "")
                        self.db.execute(
                            "INSERT OR REPLACE INTO listings VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                            (slug, listing_id, revision, status, name, json.dumps(item, ensure_ascii=False), delivery_id, now),
                        )
                        self.db.execute(
                            "INSERT INTO applied (partner, listing_id, revision, status, delivery_id, at) VALUES (?, ?, ?, ?, ?, ?)",
                            (slug, listing_id, revision, status, delivery_id, now),
                        )
                        results.append({"id": listing_id, "revision": revision, "status": "applied"})
                    elif revision == held:
                        results.append({"id": listing_id, "revision": revision, "status": "duplicate"})
                    else:
                        results.append({"id": listing_id, "revision": revision, "status": "stale", "held_revision": held})
                body = json.dumps({"delivery_id": delivery_id, "results": results})
                if key:
                    self.db.execute("INSERT OR REPLACE INTO idempotency VALUES (?, ?, ?, ?)", (slug, key, 200, body))
                self.db.execute("COMMIT")
            except BaseException:
                self.db.execute("ROLLBACK")
                raise
        return results

    def log_request(self, slug: str, delivery_id: str, key: str, status_code: int, items: int, error: str = "") -> None:
        with self.lock:
            self.db.execute(
                "INSERT INTO requests (partner, delivery_id, idempotency_key, status_code, items, error, at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (slug, delivery_id, key, status_code, items, error, time.time()),
            )

    # --- reads
    def state(self, slug: str) -> dict[str, dict]:
        with self.lock:
            rows = self.db.execute("SELECT listing_id, revision, status FROM listings WHERE partner = ?", (slug,)).fetchall()
        return {r[0]: {"revision": r[1], "status": r[2]} for r in rows}

    def stats(self) -> dict:
        with self.lock:
            requests = dict(self.db.execute("SELECT partner, COUNT(*) FROM requests GROUP BY partner").fetchall())
            by_code = {f"{p}:{c}": n for p, c, n in self.db.execute(
                "SELECT partner, status_code, COUNT(*) FROM requests GROUP BY partner, status_code").fetchall()}
            applied = dict(self.db.execute("SELECT partner, COUNT(*) FROM applied GROUP BY partner").fetchall())
            twice = self.db.execute(
                "SELECT COUNT(*) FROM (SELECT 1 FROM applied GROUP BY partner, listing_id, revision HAVING COUNT(*) > 1)"
            ).fetchone()[0]
            # An apply whose revision is not above the one applied before it for the same listing.
            out_of_order = self.db.execute(
                "SELECT COUNT(*) FROM applied a JOIN applied b ON a.partner = b.partner AND a.listing_id = b.listing_id"
                " AND b.id = (SELECT MAX(id) FROM applied c WHERE c.partner = a.partner AND c.listing_id = a.listing_id AND c.id < a.id)"
                " WHERE a.revision <= b.revision"
            ).fetchone()[0]
        return {"requests": requests, "requests_by_status": by_code, "applied": applied,
                "applied_twice": twice, "applied_out_of_order": out_of_order}

    def requests_for(self, slug: str) -> list[dict]:
        with self.lock:
            rows = self.db.execute(
                "SELECT delivery_id, idempotency_key, status_code, items, error, at FROM requests WHERE partner = ? ORDER BY id",
                (slug,),
            ).fetchall()
        return [dict(zip(("delivery_id", "idempotency_key", "status_code", "items", "error", "at"), r, strict=True)) for r in rows]

    def reset(self) -> None:
        with self.lock:
            for table in ("listings", "applied", "requests", "idempotency"):
                self.db.execute(f"DELETE FROM {table}")  # noqa: S608 (fixed table names)
            self.faults.clear()

    def page_rows(self, slug: str | None, limit: int = 200) -> tuple[list, list]:
        with self.lock:
            counts = self.db.execute(
                "SELECT partner, SUM(status = 'active'), SUM(status = 'withdrawn'), MAX(updated_at) FROM listings GROUP BY partner"
            ).fetchall()
            query = "SELECT partner, listing_id, revision, status, name, updated_at FROM listings"
            params: tuple = ()
            if slug:
                query += " WHERE partner = ?"
                params = (slug,)
            rows = self.db.execute(query + " ORDER BY updated_at DESC LIMIT ?", (*params, limit)).fetchall()
        return counts, rows


class SandboxHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: SandboxServer

    def log_message(self, format, *args):
        if self.server.verbose:
            super().log_message(format, *args)

    # --- helpers
    def _send(self, code: int, body: bytes, content_type: str = "application/json", headers: dict | None = None) -> None:
        self.send_response(code)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def _json(self, code: int, payload, headers: dict | None = None) -> None:
        self._send(code, json.dumps(payload, ensure_ascii=False).encode(), headers=headers)

    def _body(self) -> bytes | None:
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            return None
        return self.rfile.read(length) if length else b""

    # --- routes
    def do_GET(self):
        url = urlsplit(self.path)
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        store = self.server.store
        if url.path == "/_control/state":
            return self._json(200, {"listings": store.state(query.get("partner", ""))})
        if url.path == "/_control/stats":
            return self._json(200, store.stats())
        if url.path == "/_control/requests":
            return self._json(200, {"requests": store.requests_for(query.get("partner", ""))})
        if url.path == "/" or (url.path.startswith("/p/") and url.path.rstrip("/").count("/") == 2):
            slug = url.path.strip("/").split("/")[1] if url.path.startswith("/p/") else None
            return self._send(200, self._page(slug).encode(), "text/html; charset=utf-8")
        return self._json(404, {"error": "not found"})

    def do_DELETE(self):
        if urlsplit(self.path).path == "/_control/faults":
            with self.server.store.lock:
                self.server.store.faults.clear()
            return self._json(200, {"faults": {}})
        return self._json(404, {"error": "not found"})

    def do_POST(self):
        path = urlsplit(self.path).path
        body = self._body()
        if body is None:
            return self._json(413, {"error": "body too large"})
        store = self.server.store
        if path.startswith("/_control/"):
            try:
                data = json.loads(body or b"{}")
            except ValueError:
                return self._json(400, {"error": "malformed JSON"})
            if path == "/_control/partners":
                store.register(data["slug"], list(data["secrets"]))
                return self._json(200, {"ok": True})
            if path == "/_control/faults":
                with store.lock:
                    store.faults[data.get("partner", "*")] = data
                return self._json(200, {"faults": store.faults})
            if path == "/_control/reset":
                store.reset()
                return self._json(200, {"ok": True})
            return self._json(404, {"error": "not found"})
        parts = path.strip("/").split("/")
        if len(parts) == 3 and parts[0] == "p" and parts[2] == "listings":
            return self._deliver(parts[1], body)
        return self._json(404, {"error": "not found"})

    def _deliver(self, slug: str, body: bytes) -> None:
        store = self.server.store
        delivery_id = self.headers.get(signing.DELIVERY_HEADER, "")
        key = self.headers.get(signing.IDEMPOTENCY_HEADER, "")
        fault = store.take_fault(slug)
        if fault:
            mode = fault.get("mode")
            if mode == "slow":
                time.sleep(float(fault.get("delay", 2)))
            elif mode == "timeout":
                time.sleep(float(fault.get("delay", 30)))
                store.log_request(slug, delivery_id, key, 504, 0, "timeout fault")
                return self._json(504, {"error": "gateway timeout (fault injected)"})
            elif mode in ("error", "reject"):
                code = int(fault.get("status", 503 if mode == "error" else 422))
                message = fault.get("message") or f"fault injected ({code})"
                store.log_request(slug, delivery_id, key, code, 0, message)
                return self._json(code, {"error": message})
        secrets = store.secrets(slug)
        try:
            try:
                signing.verify(secrets=secrets, timestamp_header=self.headers.get(signing.TIMESTAMP_HEADER),
                               signature=self.headers.get(signing.SIGNATURE_HEADER), body=body,
                               tolerance=self.server.tolerance)
            except signing.SignatureError as first:
                if "timestamp" in str(first) or not store.secrets_loader:
                    raise
                signing.verify(secrets=store.secrets(slug, reload=True), timestamp_header=self.headers.get(signing.TIMESTAMP_HEADER),
                               signature=self.headers.get(signing.SIGNATURE_HEADER), body=body,
                               tolerance=self.server.tolerance)
        except signing.SignatureError as exc:
            store.log_request(slug, delivery_id, key, 401, 0, str(exc))
            return self._json(401, {"error": f"signature refused: {exc}"})
        if key:
            replay = store.replay(slug, key)
            if replay:
                store.log_request(slug, delivery_id, key, replay[0], 0, "idempotent replay")
                return self._send(replay[0], replay[1].encode(), headers={"Idempotent-Replayed": "true"})
        try:
            envelope = json.loads(body)
            items = envelope["items"]
            format_name = envelope.get("format", "native-v1")
            if not isinstance(items, list) or format_name not in adapters.FORMATS:
                raise ValueError
        except (ValueError, KeyError, TypeError):
            store.log_request(slug, delivery_id, key, 400, 0, "malformed envelope")
            return self._json(400, {"error": "malformed envelope: expected {format, delivery_id, items: [...]}"})
        rejected = set(fault.get("listing_ids", [])) if fault and fault.get("mode") == "reject_items" else set()
        message = (fault or {}).get("message", "rejected by the partner (fault injected)")
        results = store.apply(slug, format_name, delivery_id, key, items, rejected, message)
        store.log_request(slug, delivery_id, key, 200, len(items))
        self._json(200, {"delivery_id": delivery_id, "results": results})

    def _page(self, slug: str | None) -> str:
        counts, rows = self.server.store.page_rows(slug)
        esc = html.escape
        summary = "".join(
            f"<tr><td><a href='/p/{esc(p)}/'>{esc(p)}</a></td><td>{a or 0}</td><td>{w or 0}</td>"
            f"<td>{time.strftime('%H:%M:%S', time.localtime(t))}</td></tr>"
            for p, a, w, t in counts
        )
        listing_rows = "".join(
            f"<tr><td>{esc(p)}</td><td>{esc(i)}</td><td>{esc(n or '')}</td><td>r{r}</td>"
            f"<td class='{esc(s)}'>{esc(s)}</td><td>{time.strftime('%H:%M:%S', time.localtime(t))}</td></tr>"
            for p, i, r, s, n, t in rows
        )
        title = f"Partner sandbox · {esc(slug)}" if slug else "Partner sandbox"
        return f"""<!doctype html><html lang="vi"><head><meta charset="utf-8"><meta http-equiv="refresh" content="3">
<title>{title}</title><style>body{{font-family:system-ui,sans-serif;margin:2rem}}table{{border-collapse:collapse}}
td,th{{border:1px solid #ccc;padding:.25rem .5rem;text-align:left}}.withdrawn{{color:#a00}}.active{{color:#060}}</style></head>
<body><h1>{title}</h1><p>Sàn đối tác thử nghiệm — what the partner platforms hold (refreshes every 3 s).
<a href="/">all partners</a></p>
<h2>Partners</h2><table><tr><th>partner</th><th>active</th><th>withdrawn</th><th>last change</th></tr>{summary}</table>
<h2>Latest listings</h2><table><tr><th>partner</th><th>id</th><th>name</th><th>revision</th><th>status</th><th>received</th></tr>
{listing_rows}</table></body></html>"""


class SandboxServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], store: SandboxStore, *, tolerance: int = 300, verbose: bool = False):
        super().__init__(address, SandboxHandler)
        self.store, self.tolerance, self.verbose = store, tolerance, verbose

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}"


def start_in_thread(path: str, *, host: str = "127.0.0.1", port: int = 0, **kwargs) -> tuple[SandboxServer, threading.Thread]:
    server = SandboxServer((host, port), SandboxStore(path, kwargs.pop("secrets_loader", None)), **kwargs)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True, name="partner-sandbox")
    thread.start()
    return server, thread
