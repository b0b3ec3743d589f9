from django.core.management.base import BaseCommand, CommandError

from members.audit import verify_chain


class Command(BaseCommand):
    help = "Verify the audit trail's hash chain: every entry links to the previous one and matches its hash."

    def handle(self, *args, **options):
        report = verify_chain()
        if not report.ok:
            raise CommandError(f"audit chain broken at entry {report.broken_at}: {report.problem} ({report.checked} entries verified before it)")
        self.stdout.write(self.style.SUCCESS(f"audit chain verifies: {report.checked} entries"))
