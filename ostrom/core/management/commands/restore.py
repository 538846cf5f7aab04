from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ostrom.core import backups


class Command(BaseCommand):
    help = (
        "Replace the database and the uploaded files with a backup made by `manage.py backup`. Stop the web "
        "processes and task workers first. Refuses, changing nothing, a file that is not an Ostrom backup, is "
        "damaged, or was made by a version of Ostrom with other migrations."
    )

    def add_arguments(self, parser):
        parser.add_argument("backup", help="The backup file, such as backups/ostrom-20261203T140000Z.tar")
        parser.add_argument(
            "--noinput", "--no-input", action="store_false", dest="interactive", help="Do not ask to confirm"
        )

    def handle(self, *args, backup, interactive, **options):
        path = Path(backup)
        try:
            manifest = backups.read_manifest(path)
            if interactive:
                answer = input(
                    f"This replaces ALL data in the database and ALL uploaded files with the backup made at "
                    f"{manifest['created_at']}.\nType 'yes' to restore it: "
                )
                if answer.strip() != "yes":
                    raise CommandError("Nothing was restored.")
            manifest = backups.restore_backup(path=path)
        except backups.BackupError as problem:
            raise CommandError(str(problem)) from None
        counts = backups.restored_counts()
        expected = manifest["row_counts"]
        different = sorted(
            table for table in expected.keys() | counts.keys() if expected.get(table) != counts.get(table)
        )
        if different:
            raise CommandError(
                "The database was restored, but these tables' row counts differ from the backup's manifest "
                f"(was the site still running?): {', '.join(different[:20])}"
            )
        self.stdout.write(
            f"Restored {sum(counts.values())} rows in {len(counts)} tables and {manifest['media_files']} uploaded "
            f"file{'s' if manifest['media_files'] != 1 else ''} from {path}"
        )
