"""`manage.py import_oruk FILE_OR_URL`: import an Open Referral UK feed or file (v3 or v1) into the
community assets directory now, print the report, and exit non-zero when nothing was imported."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ostrom.assets import oruk_import
from ostrom.assets.models import OrukImport


class Command(BaseCommand):
    help = (
        "Import an Open Referral UK feed (a URL) or file (JSON, v3 or v1) into the directory: all or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "source", help="A JSON file, or an http(s) URL of a feed (its pages are followed)"
        )

    def handle(self, *args, source: str, **options):
        is_url = source.startswith(("http://", "https://"))
        if not is_url and not Path(source).is_file():
            raise CommandError(f"No file at {source}")
        the_import = OrukImport.objects.create(source_name=source[:300])
        if is_url:
            report = oruk_import.import_url(source, oruk_import=the_import)
        else:
            report = oruk_import.import_content(Path(source).read_bytes(), oruk_import=the_import)
        for item in report["added"]:
            self.stdout.write(f"added    entry {item['entry']}: {item['name']} ({item['id']})")
        for item in report["updated"]:
            self.stdout.write(f"updated  entry {item['entry']}: {item['name']} ({item['id']})")
        for note in report["notes"] if report["imported"] else []:
            self.stdout.write(f"note     entry {note['entry']} {note['path']}: {note['note']}")
        for problem in report["rejected"]:
            where = f"{problem['path']}: " if problem["path"] else ""
            self.stderr.write(
                f"rejected entry {problem['entry']} ({problem['id'] or 'no id'}) {where}{problem['problem']}"
            )
        if not report["imported"]:
            raise CommandError(oruk_import.summary(report))
        self.stdout.write(oruk_import.summary(report))
