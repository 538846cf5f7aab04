import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """A grant's returns are impact returns: `grant.returns` now means them (grants.MonitoringReturn,
    which held that name, is moved over and removed by grants 0007)."""

    dependencies = [
        ("grants", "0006_erasure_unlinks_people"),
        ("impact", "0004_wellbeing_surveys"),
    ]

    operations = [
        migrations.AlterField(
            model_name="return",
            name="grant",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="returns",
                to="grants.grant",
            ),
        ),
    ]
