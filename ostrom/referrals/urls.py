"""Social prescribing: link workers' referrals, the receiving services' inbox, follow-ups and the
reports for a place."""

from django.urls import path

from . import report_views

app_name = "referrals"
urlpatterns: list = [
    # Referrals (helper C): /referrals/…
    # Reports (helper D): /referrals/reports/…
    path("referrals/reports/", report_views.report_index, name="reports"),
    path("referrals/reports/<str:place_code>/", report_views.report, name="report"),
    path("referrals/reports/<str:place_code>/report.csv", report_views.report_csv, name="report-csv"),
]
