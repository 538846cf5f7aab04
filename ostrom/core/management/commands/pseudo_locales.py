from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from ostrom.core.pseudo_locale import build_pseudo_locales


class Command(BaseCommand):
    help = (
        "Build the pseudo-locales en-xa (every translated string accented and bracketed) and ar-xb (the same, "
        "right to left) from every string marked for translation. Run the site with PSEUDO_LOCALES=true to "
        "offer them; they are never offered with DEBUG off."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            type=Path,
            default=settings.PSEUDO_LOCALE_DIR,
            help="the folder to write them to (default: PSEUDO_LOCALE_DIR, build/pseudo-locales)",
        )

    def handle(self, *args, output: Path, **options):
        for path in build_pseudo_locales(output):
            self.stdout.write(f"Wrote {path}")
