"""Fixtures for the linkage tests: the partner sandbox as a real HTTP server (in a thread, its own
SQLite file), and for the fault tests a private Redis and a real Celery worker subprocess."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from linkage.sandbox import start_in_thread
from tests.linkage.helpers import Sandbox

ROOT = Path(__file__).resolve().parents[2]
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def _shared_database() -> bool:
    from django.conf import settings

    return settings.DATABASES["default"]["ENGINE"] == "core.db.postgresql"


# Tests that need a database another process (the worker) or thread can see. They are transactional:
# on SQLite they are skipped before the database is touched; under CI they must run.
needs_shared_database = pytest.mark.skipif(
    not IN_CI and not _shared_database(),
    reason="needs a database both processes share: run with DATABASE_URL=postgres://… (runs under CI)",
)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """Run our transactional tests after every other test: their teardown flushes the database
    (migration data included), which module-seeded tests collected later must not see."""
    here = str(Path(__file__).parent)
    last = [item for item in items if str(item.path).startswith(here) and item.get_closest_marker("slow")]
    if last:
        items[:] = [item for item in items if item not in last] + last


@pytest.fixture
def sandbox(tmp_path):
    server, thread = start_in_thread(str(tmp_path / "sandbox.sqlite3"))
    yield Sandbox(server.url)
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class RedisServer:
    """A private redis-server (never the machine's own): the fault tests stop and restart it."""

    def __init__(self, port: int):
        self.port = port
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None


class Worker:
    """`celery worker --beat` in a subprocess on the shared test database and the private Redis."""

    def __init__(self, env: dict, log_path: Path):
        self.env, self.log_path = env, log_path
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "baclieu_market", "worker", "--beat", "--concurrency", "2",
             "--without-mingle", "--without-gossip", "--loglevel", "INFO",
             "--schedule", str(self.log_path.parent / "celerybeat-schedule")],
            cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )

    def kill(self) -> None:
        """SIGKILL the whole process group: the worker dies mid-task, without cleanup."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)
        self.process = None

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        self.process = None

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")[-4000:]


def _require(condition: bool, reason: str) -> None:
    if condition:
        return
    if IN_CI:
        pytest.fail(f"CI must run the real-worker tests: {reason}")
    pytest.skip(reason)


@pytest.fixture
def redis_server():
    _require(shutil.which("redis-server") is not None, "redis-server is not installed")
    server = RedisServer(free_port())
    server.start()
    yield server
    server.stop()


@pytest.fixture
def real_worker(request, redis_server, tmp_path):
    """A started worker factory: worker(**settings) → Worker. The test process also enqueues on the
    private Redis (Celery not eager), so wake-ups after commit travel through the real broker."""
    from django.db import connection

    from baclieu_market.celery import app

    _require(connection.vendor == "postgresql",
             "real-worker tests need a database both processes share: run with DATABASE_URL=postgres://…")
    request.getfixturevalue("transactional_db")
    db = connection.settings_dict
    database_url = f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    workers: list[Worker] = []
    base_env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "CELERY_BROKER_URL": redis_server.url,
        "REDIS_URL": redis_server.url,
        "CONN_MAX_AGE": "0",
        "VAR_DIR": str(tmp_path / "var"),
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "LINKAGE_SWEEP_SECONDS": "2",
        "LINKAGE_HEARTBEAT_SECONDS": "2",
        "LINKAGE_LEASE_SECONDS": "4",
        "LINKAGE_BACKOFF_BASE": "0.3",
        "LINKAGE_BACKOFF_CAP": "1.5",
        "LINKAGE_TASK_BUDGET_SECONDS": "10",
        "PYTHONUNBUFFERED": "1",
    }
    base_env.pop("CI", None)

    previous = (app.conf.task_always_eager, app.conf.broker_url, app.conf.broker_transport_options)
    _drop_broker_pools(app)
    app.conf.task_always_eager = False
    app.conf.broker_url = redis_server.url
    app.conf.broker_transport_options = {"visibility_timeout": 300}

    def start(**overrides) -> Worker:
        worker = Worker({**base_env, **{k: str(v) for k, v in overrides.items()}}, tmp_path / f"worker-{len(workers)}.log")
        worker.start()
        workers.append(worker)
        return worker

    yield start
    for worker in workers:
        worker.stop()
    _drop_broker_pools(app)
    app.conf.task_always_eager, app.conf.broker_url, app.conf.broker_transport_options = previous


def _drop_broker_pools(app) -> None:
    """Close and forget every pooled broker connection of this process.

    app.pool is kombu's process-wide pool for the broker URL, and the app caches a producer pool on
    top of it: closing one without forgetting both leaves "Acquire on closed pool" for the next
    test that publishes to the same URL.
    """
    from kombu import pools

    app.pool.force_close_all()
    app._pool = None
    app.amqp._producer_pool = None
    pools.reset()
