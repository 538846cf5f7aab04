from django.conf import settings
from django.core.management.base import BaseCommand

from ostrom.impact import reminding


class Command(BaseCommand):
    help = (
        "Email the contacts of each organisation whose return is due within 7 days or overdue, once per "
        "return per 7 days. Run it daily (for example from cron)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--site-url",
            default=None,
            help="The address the links in the emails start with (default: the SITE_URL setting)",
        )

    def handle(self, *args, site_url, **options):
        sent = reminding.send_reminders(site_url=site_url or settings.SITE_URL)
        self.stdout.write(f"{sent} return{'s' if sent != 1 else ''} reminded")
