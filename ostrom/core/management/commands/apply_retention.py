from django.core.management.base import BaseCommand
from django.utils import timezone

from ostrom.core.retention import apply_retention


class Command(BaseCommand):
    help = (
        "Remove personal data kept longer than the retention schedule allows (settings.RETENTION, days per "
        "kind; docs/data-protection.md). Run it once a day, from cron or a systemd timer. Each run is one "
        "entry in the audit log, with how many records of each kind it removed."
    )

    def handle(self, *args, **options):
        run = apply_retention(now=timezone.now())
        for kind, count in run.removed.items():
            self.stdout.write(f"{kind}: {count} removed")
