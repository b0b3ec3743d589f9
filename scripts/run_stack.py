"""Start the demo stack for `make run`: web (gunicorn), Celery worker with beat, partner sandbox.

Prints the URL and the demo accounts; Ctrl-C (or SIGTERM) stops every process it started.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def main() -> int:
    port = os.environ.get("PORT", "8000")
    sandbox_port = os.environ.get("SANDBOX_PORT", "8765")
    env = {**os.environ, "SITE_URL": os.environ.get("SITE_URL", f"http://127.0.0.1:{port}")}
    env.setdefault("PARTNER_SANDBOX_URL", f"http://127.0.0.1:{sandbox_port}")
    commands = {
        "web": [str(BIN / "gunicorn"), "baclieu_market.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2",
                "--access-logfile", "-", "--log-level", "warning"],
        "worker": [str(BIN / "celery"), "-A", "baclieu_market", "worker", "--beat", "--loglevel", "INFO",
                   "--concurrency", "2", "--without-mingle", "--without-gossip",
                   "--schedule", str(ROOT / "var" / "celerybeat-schedule")],
    }
    if (ROOT / "linkage" / "management" / "commands" / "partner_sandbox.py").exists():
        commands["sandbox"] = [sys.executable, "manage.py", "partner_sandbox", "--port", sandbox_port,
                              "--adopt-local-partners"]
    processes: dict[str, subprocess.Popen] = {}
    for name, command in commands.items():
        processes[name] = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)

    from demo.seed import DEMO_PASSWORD, MODERATOR_EMAIL, OWNER_EMAIL

    print(
        f"\n  Bạc Liêu Market is at http://127.0.0.1:{port}/\n"
        f"  Department (staff admin /admin/): {MODERATOR_EMAIL} / {DEMO_PASSWORD}\n"
        f"  Member owner (producers' panel /portal/): {OWNER_EMAIL} / {DEMO_PASSWORD}\n"
        + (f"  Partner sandbox: http://127.0.0.1:{sandbox_port}/\n" if "sandbox" in processes else "")
        + "  Ctrl-C stops everything.\n",
        flush=True,
    )

    stopping = False

    def stop(*_):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    exit_code = 0
    while not stopping:
        for name, process in processes.items():
            if process.poll() is not None:
                print(f"{name} exited with code {process.returncode}; stopping the rest", file=sys.stderr)
                stopping, exit_code = True, 1
        time.sleep(0.5)
    for process in processes.values():
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
    deadline = time.monotonic() + 10
    for process in processes.values():
        try:
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
    return exit_code


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "baclieu_market.settings")
    import django

    django.setup()
    sys.exit(main())
