"""Most points first, the rule cities count points and ranked ballots with, becomes a round's choice.

Points and ranked rounds set to "most votes first" and not yet counted move to it: their ballot page
promised projects "in order of their votes, most first", which for points means most points first,
while the engine counted points per pound. A round already counted keeps its rule and its result.
Each move is in the audit log."""

from django.db import migrations, models
from django.utils import timezone

MOVED_NOTE = (
    "Most votes first on points and ranked ballots is now counted as most points first, as the ballot "
    "page promised; rounds already counted keep their rule."
)


def move_uncounted_points_rounds(apps, schema_editor):
    Round = apps.get_model("grants", "Round")
    LogEntry = apps.get_model("auditlog", "LogEntry")
    ContentType = apps.get_model("contenttypes", "ContentType")
    rounds = Round.objects.filter(
        ballot_type__in=["cumulative", "ranked"], rule="greedy", result__isnull=True
    )
    if not rounds.exists():
        return
    content_type, _ = ContentType.objects.get_or_create(app_label="grants", model="round")
    for funding_round in rounds:
        funding_round.rule = "points"
        funding_round.save(update_fields=["rule"])
        LogEntry.objects.create(
            content_type=content_type,
            object_pk=str(funding_round.pk),
            object_id=funding_round.pk,
            object_repr=funding_round.name,
            action=1,  # update
            changes={"rule": ["greedy", "points"]},
            additional_data={"action": "round.changed", "note": MOVED_NOTE},
            timestamp=timezone.now(),
        )


class Migration(migrations.Migration):
    dependencies = [
        ("grants", "0007_grant_returns_are_impact_returns"),
        ("auditlog", "0017_add_actor_email"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AlterField(
            model_name="round",
            name="rule",
            field=models.CharField(
                choices=[
                    ("mes", "Method of Equal Shares"),
                    ("greedy", "Most votes first"),
                    ("phragmen", "Phragmén's sequential rule"),
                    ("points", "Most points first"),
                ],
                default="mes",
                max_length=10,
            ),
        ),
        migrations.RunPython(move_uncounted_points_rounds, migrations.RunPython.noop),
    ]
