"""Run the partner sandbox: `python manage.py partner_sandbox --port 8765`."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection

from linkage.sandbox import SandboxServer, SandboxStore


def secrets_from_database(slug: str) -> list[str]:
    """Demo convenience: the sandbox learns a partner's secrets from our database (a real partner
    receives them out of band). Reloaded when a signature fails, so a rotation is picked up."""
    from linkage.models import PartnerPlatform

    try:
        row = PartnerPlatform.objects.filter(slug=slug).values_list("signing_secret", "previous_signing_secret").first()
        return [s for s in (row or ()) if s]
    finally:
        connection.close()


class Command(BaseCommand):
    help = "Run a small HTTP server that stands in for the partner platforms (verifies, stores, shows)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8765)
        parser.add_argument("--db", default=str(settings.VAR_DIR / "partner_sandbox.sqlite3"), help="the sandbox's own SQLite file")
        parser.add_argument("--no-db-secrets", action="store_true",
                            help="do not read partner secrets from our database; register them via POST /_control/partners")
        parser.add_argument("--tolerance", type=int, default=settings.LINKAGE_SIGNATURE_TOLERANCE)
        parser.add_argument("--verbose", action="store_true")
        parser.add_argument("--adopt-local-partners", action="store_true",
                            help="point the partners configured on 127.0.0.1/localhost at this sandbox (the demo)")

    def handle(self, *args, **options):
        loader = None if options["no_db_secrets"] else secrets_from_database
        server = SandboxServer((options["host"], options["port"]), SandboxStore(options["db"], loader),
                               tolerance=options["tolerance"], verbose=options["verbose"])
        if options["adopt_local_partners"]:
            from linkage.services import partners_point_local_at

            partners_point_local_at(sandbox_url=server.url)
            connection.close()
        self.stdout.write(f"Partner sandbox on {server.url}/ (data in {options['db']})")
        try:
            server.serve_forever(poll_interval=0.2)
        except KeyboardInterrupt:
            pass
        finally:
            server.server_close()
