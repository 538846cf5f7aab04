from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from ostrom.core import backups


class Command(BaseCommand):
    help = (
        "Back up the database (SQLite or PostgreSQL, from DATABASE_URL) and the uploaded files into one archive, "
        "backups/ostrom-<UTC time>.tar. Safe while the site runs. Restore it with `manage.py restore`."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--directory",
            default=None,
            help="The folder to write the backup into (default: the BACKUP_DIR setting, backups/)",
        )

    def handle(self, *args, directory, **options):
        try:
            made = backups.make_backup(directory=Path(directory or settings.BACKUP_DIR))
        except backups.BackupError as problem:
            raise CommandError(str(problem)) from None
        self.stdout.write(
            f"Backed up {made.rows} rows in {made.tables} tables and {made.media_files} uploaded "
            f"file{'s' if made.media_files != 1 else ''} to {made.path}"
        )
