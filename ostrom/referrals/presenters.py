"""Display shaping for the referral pages: table rows, status tags, the wellbeing change in words, and
the services a link worker can choose from."""

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext

from ostrom.assets.models import Service
from ostrom.core.jinja_env import format_date
from ostrom.impact.wellbeing import Pair, change_of
from ostrom.insight.models import Insight
from ostrom.insight.services import REFERRAL_ORIGIN
from ostrom.surveys import swemwbs

from .models import Referral, ReferralTo, ReferralWellbeing

STATUS_COLOURS = {
    ReferralTo.Status.SENT: "nhsuk-tag--blue",
    ReferralTo.Status.ACCEPTED: "nhsuk-tag--aqua-green",
    ReferralTo.Status.DECLINED: "nhsuk-tag--red",
    ReferralTo.Status.ATTENDED: "nhsuk-tag--green",
    ReferralTo.Status.DID_NOT_ATTEND: "nhsuk-tag--orange",
}
MOST_SERVICES_LISTED = 60


def status_tag(sent: ReferralTo) -> dict:
    return {"text": sent.get_status_display(), "classes": STATUS_COLOURS[sent.status]}


def needs_text(referral: Referral) -> str:
    return ", ".join(need.get_need_display() for need in referral.needs.all())


def referral_state(referral: Referral, today) -> str:
    if referral.erased_on:
        return gettext("Closed: the person's details were erased at their request")
    if referral.closed_on:
        return gettext("Closed on %(date)s") % {"date": format_date(referral.closed_on)}
    if referral.followed_up_on:
        return gettext("Followed up on %(date)s") % {"date": format_date(referral.followed_up_on)}
    if referral.follow_up_on and referral.follow_up_on <= today:
        return gettext("Follow-up due since %(date)s") % {"date": format_date(referral.follow_up_on)}
    return gettext("Follow up on %(date)s") % {"date": format_date(referral.follow_up_on)}


def team_rows(referrals, today) -> list[list[dict]]:
    """The team's list: no names in a list, so that every read of who a person is is one audited page."""
    rows = []
    for referral in referrals:
        link = format_html(
            '<a class="nhsuk-link" href="{}">{}</a>', referral.get_absolute_url(), referral.reference
        )
        services = "; ".join(
            f"{sent.service.name}: {sent.get_status_display().lower()}" for sent in referral.sent_to.all()
        )
        rows.append(
            [
                {"html": link, "header": gettext("Reference")},
                {"text": format_date(referral.referred_on), "header": gettext("Referred")},
                {"text": needs_text(referral), "header": gettext("Why")},
                {"text": services, "header": gettext("Services")},
                {"text": referral_state(referral, today), "header": gettext("Follow-up")},
            ]
        )
    return rows


def inbox_rows(sent_to) -> list[list[dict]]:
    rows = []
    for sent in sent_to:
        link = format_html(
            '<a class="nhsuk-link" href="{}">{}</a>',
            reverse("referrals:inbox-item", args=[sent.pk]),
            sent.referral.reference,
        )
        rows.append(
            [
                {"html": link, "header": gettext("Reference")},
                {"text": sent.service.name, "header": gettext("Service")},
                {"text": format_date(sent.referral.referred_on), "header": gettext("Referred")},
                {"text": needs_text(sent.referral), "header": gettext("Why")},
                {"text": sent.get_status_display(), "header": gettext("Status")},
            ]
        )
    return rows


def attendance_so_far(sent: ReferralTo) -> dict:
    """What the attendance form shows before it is changed: what was recorded last time, if anything."""
    if sent.status == ReferralTo.Status.ATTENDED:
        return {
            "attended": "yes",
            "first_attended_on": sent.first_attended_on,
            "sessions": sent.sessions_attended,
        }
    if sent.status == ReferralTo.Status.DID_NOT_ATTEND:
        return {"attended": "no"}
    return {}


def service_rows(referral: Referral) -> list[list[dict]]:
    """What happened at each service, for the team."""
    rows = []
    for sent in referral.sent_to.all():
        if sent.status == ReferralTo.Status.ATTENDED:
            came = ngettext(
                "First came on %(date)s, %(count)d session",
                "First came on %(date)s, %(count)d sessions",
                sent.sessions_attended,
            ) % {"date": format_date(sent.first_attended_on), "count": sent.sessions_attended}
        elif sent.status == ReferralTo.Status.DID_NOT_ATTEND:
            came = gettext("Did not come")
        elif sent.status == ReferralTo.Status.DECLINED:
            came = gettext("Declined: %(reason)s") % {"reason": sent.decline_reason}
        else:
            came = gettext("Not yet known")
        rows.append(
            [
                {
                    "text": f"{sent.service.name} ({sent.service.organisation.name})",
                    "header": gettext("Service"),
                },
                {"text": sent.get_status_display(), "header": gettext("Status")},
                {"text": came, "header": gettext("Attended")},
            ]
        )
    return rows


def own_words_text(referral: Referral) -> str:
    """Whether the person's words from the follow-up were kept as insight, and how they may be published."""
    kept = Insight.objects.filter(origin_kind=REFERRAL_ORIGIN, origin_id=referral.pk).first()
    if kept is None:
        return gettext("None kept")
    return gettext("“%(text)s” – kept as insight for %(place)s: %(publication)s") % {
        "text": kept.text,
        "place": kept.place.name,
        "publication": kept.get_publication_display().lower(),
    }


def _score_text(row: ReferralWellbeing | None) -> str:
    if row is None:
        return gettext("Not taken")
    score = swemwbs.metric_score(row.items)
    if score is None:
        answered = sum(1 for value in row.items if value is not None)
        return ngettext(
            "Not scored: %(count)d of 7 statements answered",
            "Not scored: %(count)d of 7 statements answered",
            answered,
        ) % {"count": answered}
    return gettext("%(score)s on %(date)s") % {"score": f"{score:.2f}", "date": format_date(row.taken_on)}


def wellbeing(referral: Referral) -> dict:
    """The SWEMWBS score at referral and follow-up, and the change in words (scored only by the one
    scoring function; the change is the impact app's, with the meaningful change from settings)."""
    by_stage = {row.stage: row for row in referral.wellbeing.all()}
    before = by_stage.get(ReferralWellbeing.Stage.AT_REFERRAL)
    after = by_stage.get(ReferralWellbeing.Stage.FOLLOW_UP)
    change_text = gettext("Not known: it needs a full score at referral and at follow-up")
    if before and after:
        change = change_of(Pair(baseline=before.items, follow_up=after.items))
        if change is not None:
            meaningful = settings.SWEMWBS_MEANINGFUL_CHANGE
            if change >= meaningful:
                words = gettext("a meaningful improvement")
            elif change <= -meaningful:
                words = gettext("a meaningful decline")
            else:
                words = gettext("less than the %(points)s points counted as meaningful") % {
                    "points": f"{meaningful:g}"
                }
            change_text = f"{change:+.2f}: {words}"
    return {
        "rows": [
            {"key": {"text": gettext("At referral")}, "value": {"text": _score_text(before)}},
            {"key": {"text": gettext("At follow-up")}, "value": {"text": _score_text(after)}},
            {"key": {"text": gettext("Change")}, "value": {"text": change_text}},
            {"key": {"text": gettext("In their own words")}, "value": {"text": own_words_text(referral)}},
        ]
    }


def service_choices(*, words: str, category: str, chosen: list[str], places) -> list[dict]:
    """The services to tick: those matching the category and words typed, else those in the link
    worker's places; any already ticked always stay in the list. Running, public services only."""
    chosen_ids = [int(value) for value in chosen if value.isdecimal() and len(value) < 10]
    services = Service.objects.public().active().select_related("organisation")
    matching = services
    if category:
        matching = matching.filter(categories__code=category)
    if words:
        matching = matching.filter(
            Q(name__icontains=words)
            | Q(description__icontains=words)
            | Q(organisation__name__icontains=words)
        )
    if not category and not words and places:
        nearby: set[int] = set()
        for place in places:
            nearby.update(Service.objects.in_place(place).values_list("pk", flat=True))
        matching = matching.filter(pk__in=nearby)
    listed = list(matching.distinct()[:MOST_SERVICES_LISTED])
    listed_ids = {service.pk for service in listed}
    listed += list(services.filter(pk__in=chosen_ids).exclude(pk__in=listed_ids))
    return [
        {
            "value": str(service.pk),
            "text": service.name,
            "hint": {"text": service.organisation.name},
            "checked": service.pk in chosen_ids,
        }
        for service in sorted(listed, key=lambda service: service.name)
    ]
