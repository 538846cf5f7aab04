"""Shared by the import commands: read a file, call the import service, report problems by row."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ostrom.core.tables import ImportRejected, UnreadableFile


class ImportCommand(BaseCommand):
    what = "rows"
    service = None  # the import service, such as places.services.import_places

    def add_arguments(self, parser):
        parser.add_argument("file", help="A CSV or Excel (.xlsx) file")
        parser.add_argument("--demo", action="store_true", help="Mark what is imported as demo data")

    def handle(self, *args, file, demo=False, **options):
        path = Path(file)
        if not path.exists():
            raise CommandError(f"There is no file at {path}")
        try:
            count = self.service(content=path.read_bytes(), filename=path.name, is_demo=demo)
        except ImportRejected as rejected:
            lines = "\n".join(f"Row {p.row}: {p.problem}" for p in rejected.problems)
            raise CommandError(f"{rejected}\n{lines}") from None
        except UnreadableFile as problem:
            raise CommandError(str(problem)) from None
        self.stdout.write(self.style.SUCCESS(f"Imported {count} {self.what} from {path.name}"))
