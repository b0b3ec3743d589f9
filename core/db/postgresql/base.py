"""PostgreSQL with a cheaper connection health check: skipped while the connection is fresh.

With CONN_HEALTH_CHECKS, Django sends `SELECT 1` before the first query of every request: a whole
extra round trip, as costly as a page's own query under load. Like PgBouncer's `server_check_delay`,
this backend skips the check when the connection finished a request without errors less than
HEALTH_CHECK_DELAY seconds ago (the check then proves little); an idle connection is still checked.
A connection that fails anyway raises, is marked unusable and is replaced at the end of that request,
exactly as when the database goes away in the middle of a request.
"""

from __future__ import annotations

import time

from django.db.backends.postgresql.base import DatabaseWrapper as PostgresDatabaseWrapper

HEALTH_CHECK_DELAY = 1.0  # seconds


class DatabaseWrapper(PostgresDatabaseWrapper):
    _sound_at: float | None = None  # when a request that used the connection last ended without errors
    _used = False  # since the last request boundary

    def close_if_unusable_or_obsolete(self):
        # Called at the start and at the end of every request.
        failed = self.errors_occurred
        sound = self._used and self.connection is not None and not failed
        super().close_if_unusable_or_obsolete()
        if self.connection is None or failed:
            self._sound_at = None
        elif sound:
            self._sound_at = time.monotonic()
        self._used = False

    def close_if_health_check_failed(self):
        # Called whenever a cursor is created.
        self._used = True
        if (self.connection is not None and self.health_check_enabled and not self.health_check_done
                and self._sound_at is not None and time.monotonic() - self._sound_at < HEALTH_CHECK_DELAY):
            self.health_check_done = True
            return
        super().close_if_health_check_failed()

    def close(self):
        self._sound_at, self._used = None, False
        super().close()
