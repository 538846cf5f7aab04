"""Wellbeing pairs from surveys: linking a programme to its baseline and follow-up panel surveys, and
copying the SWEMWBS answers of their submitted responses into the programme's wellbeing scores."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from ostrom.accounts import permissions
from ostrom.core import audit
from ostrom.core.background import start_task
from ostrom.core.models import Progress
from ostrom.surveys.models import Survey

from . import tasks, wellbeing_selectors
from .models import Programme, WellbeingSurveys

NOT_ALLOWED_TO_SEE = gettext_lazy(
    "Only the coordinators and partners of the programme's place can see its wellbeing summary"
)
NOT_ALLOWED = gettext_lazy("Only the coordinators of the programme's place can choose its wellbeing surveys")


@transaction.atomic
def link_wellbeing_surveys(
    *, programme: Programme, baseline_survey: Survey, follow_up_survey: Survey, linked_by
) -> WellbeingSurveys:
    """Take the programme's survey pairs from these two surveys (then `start_copying` copies their scores)."""
    permissions.ensure(permissions.can_run_programme(linked_by, programme), NOT_ALLOWED)
    allowed = set(wellbeing_selectors.wellbeing_surveys_for(programme).values_list("pk", flat=True))
    problems = {}
    for field, survey in (("baseline_survey", baseline_survey), ("follow_up_survey", follow_up_survey)):
        if survey.pk not in allowed:
            problems[field] = gettext(
                "Select a community panel survey about the programme's place with the wellbeing (SWEMWBS) "
                "statements"
            )
    if not problems and baseline_survey.pk == follow_up_survey.pk:
        problems["follow_up_survey"] = gettext("Select a follow-up survey that is not the baseline survey")
    if problems:
        raise ValidationError(problems)
    before = WellbeingSurveys.objects.filter(programme=programme).first()
    link, _ = WellbeingSurveys.objects.update_or_create(
        programme=programme,
        defaults={
            "baseline_survey": baseline_survey,
            "follow_up_survey": follow_up_survey,
            "linked_at": timezone.now(),
        },
    )
    audit.record(
        actor=linked_by,
        action="wellbeing_surveys.linked",
        target=link,
        changes={
            "baseline_survey": (before.baseline_survey.title if before else None, baseline_survey.title),
            "follow_up_survey": (before.follow_up_survey.title if before else None, follow_up_survey.title),
        },
    )
    return link


def start_copying(*, programme: Programme, started_by) -> Progress:
    """Queue copying the linked surveys' SWEMWBS answers into the programme's scores: a panel can be
    thousands of people, so it is never done inside a request."""
    permissions.ensure(permissions.can_run_programme(started_by, programme), NOT_ALLOWED)
    if not WellbeingSurveys.objects.filter(programme=programme).exists():
        raise ValidationError({"baseline_survey": gettext("Choose the baseline and follow-up surveys first")})
    with transaction.atomic():
        progress = start_task(
            tasks.copy_wellbeing_scores,
            title=(
                gettext("Copying the wellbeing answers for %(programme)s") % {"programme": programme.name}
            )[:200],
            started_by=started_by,
            programme_id=programme.pk,
        )
        audit.record(actor=started_by, action="wellbeing_scores.copy_started", target=programme)
    return progress
