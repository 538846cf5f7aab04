from django.db import migrations


def install(apps, schema_editor):
    from ostrom.assets.taxonomy import WELLBEING_TERMS

    from ostrom.assets.models import WELLBEING_TAXONOMY

    Taxonomy = apps.get_model("assets", "Taxonomy")
    TaxonomyTerm = apps.get_model("assets", "TaxonomyTerm")
    taxonomy, _ = Taxonomy.objects.get_or_create(
        name=WELLBEING_TAXONOMY,
        defaults={
            "description": "The categories Ostrom's community assets directory is searched by.",
            "version": "1",
        },
    )
    for code, name, description in WELLBEING_TERMS:
        TaxonomyTerm.objects.get_or_create(
            taxonomy=taxonomy, code=code, defaults={"name": name, "description": description}
        )


class Migration(migrations.Migration):
    dependencies = [("assets", "0001_initial")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
