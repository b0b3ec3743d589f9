"""Bad configuration stops start-up with one clear line on stderr, not a traceback."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _manage(env_overrides: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DJANGO_ENV", "DATABASE_URL", "DEBUG"}}
    env.update(env_overrides)
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"DJANGO_ENV": "production", "ALLOWED_HOSTS": "example.vn"}, "SECRET_KEY is not set"),
        ({"DATABASE_URL": "mysql://root@localhost/x"}, "DATABASE_URL has scheme 'mysql'"),
        ({"DATABASE_URL": "not a url"}, "DATABASE_URL has scheme ''"),
        ({"DATABASE_URL": "postgres://u@h:notaport/db"}, "DATABASE_URL is malformed"),
        ({"DEBUG": "maybe"}, "DEBUG='maybe' is not a boolean"),
        ({"DJANGO_ENV": "staging"}, "DJANGO_ENV='staging'"),
        ({"REDIS_URL": "http://localhost"}, "REDIS_URL='http://localhost' has scheme 'http'"),
    ],
)
def test_bad_configuration_stops_with_one_clear_line(overrides, expected):
    result = _manage(overrides, "check")
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("configuration error: ") and expected in lines[0]
    assert "Traceback" not in result.stderr


def test_production_starts_with_a_secret_key_and_hosts():
    result = _manage({"DJANGO_ENV": "production", "SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "example.vn"}, "check")
    assert result.returncode == 0, result.stderr


def test_the_wsgi_entry_point_reports_configuration_errors_in_one_line():
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    env.update({"DJANGO_ENV": "production", "ALLOWED_HOSTS": "example.vn"})
    result = subprocess.run([sys.executable, "-c", "import baclieu_market.wsgi"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert result.stderr.strip() == "configuration error: SECRET_KEY is not set; production refuses to start without one"
