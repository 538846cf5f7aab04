"""Work out every programme's computed indicators again from Ostrom's records. Run it daily from cron:

15 3 * * *  cd /srv/ostrom && .venv/bin/python manage.py refresh_indicators
"""

from django.core.management.base import BaseCommand

from ostrom.impact import measuring
from ostrom.impact.models import Programme


class Command(BaseCommand):
    help = "Work out every programme's computed indicators again (run daily from cron)"

    def add_arguments(self, parser):
        parser.add_argument("--programme", help="Only this programme (its slug)")

    def handle(self, *args, **options):
        programmes = Programme.objects.select_related("place")
        if options["programme"]:
            programmes = programmes.filter(slug=options["programme"])
        for programme in programmes:
            count = measuring.refresh_programme(programme)
            self.stdout.write(f"{programme.name}: {count} computed measurements up to date")
