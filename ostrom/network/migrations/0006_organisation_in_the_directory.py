import uuid

from django.db import migrations, models


def give_each_organisation_an_id(apps, schema_editor):
    Organisation = apps.get_model("network", "Organisation")
    for organisation in Organisation.objects.only("pk"):
        Organisation.objects.filter(pk=organisation.pk).update(oruk_id=uuid.uuid4())


class Migration(migrations.Migration):
    dependencies = [("network", "0005_organisation_size")]

    operations = [
        migrations.AlterField(
            model_name="organisation",
            name="status",
            field=models.CharField(
                choices=[
                    ("applied", "Asked to join"),
                    ("member", "Member"),
                    ("declined", "Not accepted"),
                    ("left", "Left"),
                    ("listed", "In the directory only"),
                ],
                default="applied",
                max_length=10,
            ),
        ),
        migrations.AddField(
            model_name="organisation", name="oruk_id", field=models.UUIDField(null=True, editable=False)
        ),
        migrations.RunPython(give_each_organisation_an_id, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="organisation",
            name="oruk_id",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
    ]
