"""Pages of the social prescribing reports for a place: HTTP only; the figures come from `reports.py`."""

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy

from ostrom.accounts import permissions
from ostrom.core.spreadsheets import csv_text
from ostrom.places.models import Place

from . import report_presenters, reports
from .report_forms import ReportForm

NOT_ALLOWED = gettext_lazy(
    "Only the link workers of a place, and the coordinators and partners who see who takes part there, "
    "see its social prescribing report"
)
NO_PLACES = gettext_lazy("You do not see social prescribing reports for any place")


def _place(request, place_code) -> Place:
    place = reports.place_with_code(place_code)
    if place is None:
        raise Http404("No such place")
    permissions.ensure(permissions.can_see_referral_reports(request.user, place), NOT_ALLOWED)
    return place


def _form(request, place):
    """The chooser, bound when the person chose something; the period it gives (or the last 12 months)."""
    places = reports.places_for_reports(request.user)
    if not any(option.pk == place.pk for option in places):
        places = [place, *places]
    chosen = {key: request.GET[key] for key in ("place", "start", "end") if key in request.GET}
    if not chosen:
        period = reports.last_12_months()
        form = ReportForm(
            places=places, initial={"place": place.code, "start": period.start, "end": period.end}
        )
        return form, period
    form = ReportForm({"place": place.code} | chosen, places=places)
    if form.is_valid():
        return form, form.cleaned_data["period"]
    return form, reports.last_12_months()


def _report_url(name, place_code, form) -> str:
    query = {key: form.data[key] for key in ("start", "end") if form.data.get(key)}
    url = reverse(name, args=[place_code])
    return f"{url}?{urlencode(query)}" if query else url


@login_required
def report_index(request):
    """Where the report link goes: the report of the place asked for, else the first the person sees."""
    places = reports.places_for_reports(request.user)
    permissions.ensure(bool(places), NO_PLACES)
    asked = request.GET.get("place", "")
    place = next((option for option in places if option.code == asked), places[0])
    form = ReportForm(request.GET, places=places)
    form.is_valid()
    return redirect(_report_url("referrals:report", place.code, form))


@login_required
def report(request, place_code):
    place = _place(request, place_code)
    form, period = _form(request, place)
    if form.is_bound and form.is_valid() and form.cleaned_data["place"] != place.code:
        return redirect(_report_url("referrals:report", form.cleaned_data["place"], form))
    the_report = reports.report_for(place, period)
    csv_query = urlencode({"start": period.start.isoformat(), "end": period.end.isoformat()})
    context = {
        "place": place,
        "form": form,
        "report": the_report,
        "period_text": report_presenters.period_text(period),
        "headline": report_presenters.headline(the_report),
        "conversion_table": report_presenters.conversion_table(the_report),
        "median_text": report_presenters.days_text(the_report.median_days_to_attend),
        "count_tables": [
            (table, report_presenters.count_table(table, the_report)) for table in the_report.tables
        ],
        "wellbeing_sentences": report_presenters.wellbeing_sentences(the_report),
        "wellbeing_table": report_presenters.wellbeing_table(the_report),
        "csv_url": f"{reverse('referrals:report-csv', args=[place.code])}?{csv_query}",
        "api_url": f"/api/referrals/reports/{place.code}?{csv_query}",
    }
    return render(request, "referrals/reports/report.html", context)


@login_required
def report_csv(request, place_code):
    place = _place(request, place_code)
    form, period = _form(request, place)
    if form.is_bound and not form.is_valid():
        return HttpResponse(
            " ".join(str(error) for errors in form.errors.values() for error in errors),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    the_report = reports.report_for(place, period)
    response = HttpResponse(
        csv_text(report_presenters.CSV_HEADER, report_presenters.csv_rows(the_report)),
        content_type="text/csv; charset=utf-8",
    )
    filename = f"social-prescribing-{place.code}-{period.start.isoformat()}-to-{period.end.isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
