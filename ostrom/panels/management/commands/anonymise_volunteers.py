from django.core.management.base import BaseCommand

from ostrom.panels import services


class Command(BaseCommand):
    help = (
        "Anonymise the volunteers of every citizens' panel whose deletion date has come: names, contact details, "
        "postcodes and households are removed. Run it daily (for example from cron)."
    )

    def handle(self, *args, **options):
        count = services.anonymise_expired_volunteers()
        self.stdout.write(self.style.SUCCESS(f"Anonymised {count} volunteers"))
