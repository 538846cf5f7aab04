"""The social prescribing report of a place in the API: the same selector and the same figures as the
page (`referrals/reports.py`, laid out by `report_presenters.as_api`)."""

from datetime import date

from django.http import Http404
from ninja import Field, Router, Schema

from ostrom.accounts import permissions
from ostrom.accounts.api_auth import signed_in

from . import report_presenters, reports
from .report_views import NOT_ALLOWED

router = Router(tags=["referrals: reports"])


class CountOut(Schema):
    code: str
    label: str
    people: int | None = Field(description="Rounded to 5 (cell-key method); null when fewer than 5")
    share: float | None = Field(description="Share of the people referred (0 to 1); null when fewer than 5")


class BreakdownRowOut(CountOut):
    population_share: float | None = Field(description="The group's share of the place's population")


class StageOut(Schema):
    people: int | None = Field(description="Rounded to 5; null when fewer than 5")
    share: float | None = Field(description="Share of the people referred")


class ConversionOut(Schema):
    referred: int | None = Field(description="People referred, as people_referred")
    accepted: StageOut
    attended: StageOut = Field(description="Went at least once")


class ReportShareOut(Schema):
    count: int | None
    share: float | None


class ReportWellbeingOut(Schema):
    pairs: int | None = Field(
        description="Complete pairs of SWEMWBS scores (at referral and follow-up); null when withheld (1 to 4)"
    )
    minimum: int = Field(description="Fewer pairs than this: no figure is given")
    meaningful_change: float
    improved: ReportShareOut
    meaningful_improvement: ReportShareOut
    meaningful_decline: ReportShareOut
    mean_change: float | None
    confidence_low: float | None
    confidence_high: float | None


class ReportOut(Schema):
    place: str
    place_name: str
    start: date
    end: date
    headline: str
    people_referred: int | None = Field(
        description="Referrals made in the period (each is one person), rounded to 5 (cell-key method); "
        "null when fewer than 5"
    )
    people_referred_text: str = Field(description='As the page shows it: "25", or "fewer than 5"')
    social_prescriptions: int | None = Field(
        description="Referrals to a service (a person may be referred to several), rounded to 5 the same "
        "way; null when fewer than 5"
    )
    social_prescriptions_text: str = Field(description='As the page shows it: "30", or "fewer than 5"')
    minimum: int = Field(description="Fewer people referred than this: nothing is broken down")
    too_few: bool
    conversion: ConversionOut | None
    median_days_to_first_attendance: float | None
    tables: dict[str, list[CountOut]] = Field(description="People referred by need, asset and category")
    breakdowns: dict[str, list[BreakdownRowOut]] = Field(
        description="People referred by ethnic group (high-level), IMD decile and age band, with the population"
    )
    wellbeing: ReportWellbeingOut


@router.get(
    "/referrals/reports/{place_code}",
    response=ReportOut,
    auth=signed_in,
    summary="A place's social prescribing report (counts only, rounded to 5, small numbers suppressed)",
)
def get_report(request, place_code: str, start: date | None = None, end: date | None = None):
    place = reports.place_with_code(place_code)
    if place is None:
        raise Http404("No such place")
    permissions.ensure(permissions.can_see_referral_reports(request.auth, place), NOT_ALLOWED)
    period = reports.period_of(start, end)
    return report_presenters.as_api(reports.report_for(place, period))
