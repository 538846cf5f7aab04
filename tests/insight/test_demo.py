from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db.models import Count

from ostrom.decisions.models import InputLink
from ostrom.insight.models import Insight, Theme
from ostrom.insight.money import totals_of


@pytest.mark.django_db
def test_the_demo_has_25_stories_two_costed_cases_and_every_comment_brought_in_once(settings):
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    count = Insight.objects.count()
    call_command("seed_demo", verbosity=0)
    assert Insight.objects.count() == count

    stories = Insight.objects.filter(kind__in=["story", "quote", "case_study"], is_demo=True, origin_kind="")
    assert stories.count() == 25
    assert all(story.consent_to_use and story.consent_wording for story in stories)
    by_publication = dict(stories.values_list("publication").annotate(n=Count("pk")))
    assert by_publication["anonymised"] > by_publication["named"] + by_publication["not_published"]
    assert by_publication["named"] >= 3 and by_publication["not_published"] >= 3

    cases = Insight.objects.filter(kind="case_for_action", is_demo=True).order_by("pk")
    assert [case.title.split(" ")[1] for case in cases] == ["community", "for"]
    for case in cases:
        lines = list(case.case.lines.all())
        assert all(line.unit_cost_source for line in lines)
        assert totals_of(lines).net_saving > Decimal(0)

    comments = dict(Insight.objects.filter(kind="comment").values_list("origin_kind").annotate(n=Count("pk")))
    assert set(comments) == {
        "conversations.statement",
        "surveys.answer",
        "events.highlight",
        "events.action",
        "network.meeting",
    }
    assert not Insight.objects.filter(kind="comment").published().exists()
    # About 3,000 comments, as the issue asks (most from the open-link survey round), themed; the decision
    # cites the whole area's theme whose label words are about GP appointments.
    assert sum(comments.values()) >= 2900
    cited = Theme.objects.get(pk=InputLink.objects.get(kind="insight.theme").object_id)
    assert cited.label == "Getting a GP appointment"
    assert {"gp", "gps", "appointment", "appointments"} & set(cited.keywords[:3])
