"""A grant's monitoring returns become impact returns of its fund's "Grant return" template (what
happened, people reached, people reached by group), then the old model goes: one mechanism, not two.
The fund's programme and template are made here as ostrom.impact.returns.grant_template makes them."""

from datetime import timedelta

from django.db import migrations

GRANT_QUESTIONS = (
    ("story", "What happened?", "A few sentences is plenty: what you did, and what changed for people"),
    ("count", "Roughly how many people took part?", ""),
    (
        "people_by_group",
        "How many of them were in each group?",
        "Put what you know; leave the rest under “not known”",
    ),
)


def _template(apps, fund, organisation):
    Programme = apps.get_model("impact", "Programme")
    ReturnTemplate = apps.get_model("impact", "ReturnTemplate")
    ReturnQuestion = apps.get_model("impact", "ReturnQuestion")
    Place = apps.get_model("places", "Place")
    programme = Programme.objects.filter(fund=fund).first()
    if programme is None:
        place = (
            fund.places_served.order_by("pk").first()
            or organisation.places_served.order_by("pk").first()
            or Place.objects.filter(parent=None).order_by("pk").first()
        )
        programme = Programme.objects.create(
            name=fund.name, slug=f"fund-{fund.slug}"[:50], kind="fund", fund=fund, place=place
        )
    template = ReturnTemplate.objects.filter(programme=programme, name="Grant return").first()
    if template is None:
        template = ReturnTemplate.objects.create(
            programme=programme, name="Grant return", due_after_months=[6, 12]
        )
        for position, (kind, wording, help_text) in enumerate(GRANT_QUESTIONS):
            ReturnQuestion.objects.create(
                template=template, kind=kind, wording=wording, help_text=help_text, position=position
            )
    return template


def move_returns(apps, schema_editor):
    MonitoringReturn = apps.get_model("grants", "MonitoringReturn")
    Return = apps.get_model("impact", "Return")
    ReturnAnswer = apps.get_model("impact", "ReturnAnswer")
    templates = {}
    old_returns = MonitoringReturn.objects.select_related("grant__application__funding_round__fund").order_by(
        "pk"
    )
    for old in old_returns:
        application = old.grant.application
        fund = application.funding_round.fund
        if fund.pk not in templates:
            templates[fund.pk] = _template(apps, fund, application.organisation)
        template = templates[fund.pk]
        awarded_on = old.grant.award_date
        start = awarded_on
        if old.is_final:
            start = min(awarded_on + timedelta(days=183), old.due_on)
        new = Return.objects.create(
            template=template,
            organisation_id=application.organisation_id,
            grant=old.grant,
            period_start=min(start, old.due_on),
            period_end=old.due_on,
            due_on=old.due_on,
            is_final=old.is_final,
            submitted_at=old.submitted_at,
            submitted_by_id=old.submitted_by_id,
        )
        questions = {q.kind: q for q in template.questions.all()}
        if old.what_happened:
            ReturnAnswer.objects.create(
                answered_return=new, question=questions["story"], value=old.what_happened
            )
        if old.people_reached is not None:
            ReturnAnswer.objects.create(
                answered_return=new, question=questions["count"], value=old.people_reached
            )


class Migration(migrations.Migration):
    dependencies = [
        ("grants", "0006_erasure_unlinks_people"),
        ("impact", "0005_grant_returns_are_impact_returns"),
    ]

    operations = [
        migrations.RunPython(move_returns, migrations.RunPython.noop),
        migrations.DeleteModel(name="MonitoringReturn"),
    ]
