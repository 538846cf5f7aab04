import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import ngettext

from ostrom.grants import opendata
from ostrom.grants.models import Grant


class Command(BaseCommand):
    help = (
        "Write every awarded grant as 360Giving open data: a JSON package (checked against the 360Giving schema "
        "first; nothing is written if it does not pass) and, with --xlsx, the spreadsheet form too."
    )

    def add_arguments(self, parser):
        parser.add_argument("output", help="Where to write the JSON, e.g. grants.json")
        parser.add_argument("--xlsx", help="Also write the spreadsheet form here, e.g. grants.xlsx")

    def handle(self, *args, output, xlsx=None, **options):
        data = opendata.package(
            Grant.objects.public()
            .select_related("application__organisation", "application__funding_round__fund")
            .prefetch_related("application__places")
        )
        if not data["grants"]:
            raise CommandError("No grants have been awarded yet, so there is nothing to publish")
        problems = opendata.problems(data)
        if problems:
            raise CommandError("The data does not meet the 360Giving standard:\n" + "\n".join(problems))
        Path(output).write_text(json.dumps(data, indent=2), encoding="utf-8")
        if xlsx:
            Path(xlsx).write_bytes(opendata.spreadsheet(data))
        self.stdout.write(
            self.style.SUCCESS(
                ngettext("Wrote %(n)d grant to ", "Wrote %(n)d grants to ", len(data["grants"]))
                % {"n": len(data["grants"])}
                + f"{output}"
                + (f" and {xlsx}" if xlsx else "")
            )
        )
