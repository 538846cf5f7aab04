"""Social prescribing: link workers' referrals, the receiving services' inbox, follow-ups and the
reports for a place."""

from django.urls import path, re_path

from . import report_views, views

app_name = "referrals"
REFERENCE = r"(?P<reference>SP-[A-Z0-9]{6})"
urlpatterns: list = [
    # Referrals (helper C): /referrals/…
    path("referrals/", views.referral_list, name="list"),
    path("referrals/new/", views.new_referral, name="new"),
    path("referrals/inbox/", views.inbox, name="inbox"),
    path("referrals/inbox/<int:referral_to_id>/", views.inbox_item, name="inbox-item"),
    path("referrals/inbox/<int:referral_to_id>/decision/", views.decide, name="decide"),
    path("referrals/inbox/<int:referral_to_id>/attendance/", views.attendance, name="attendance"),
    re_path(rf"^referrals/{REFERENCE}/$", views.referral_detail, name="detail"),
    re_path(rf"^referrals/{REFERENCE}/follow-up/$", views.follow_up, name="follow-up"),
    re_path(rf"^referrals/{REFERENCE}/services/$", views.add_service, name="add-service"),
    re_path(rf"^referrals/{REFERENCE}/close/$", views.close_referral, name="close"),
    re_path(rf"^referrals/{REFERENCE}/download/$", views.download, name="download"),
    re_path(rf"^referrals/{REFERENCE}/erase/$", views.erase, name="erase"),
    # Reports (helper D): /referrals/reports/…
    path("referrals/reports/", report_views.report_index, name="reports"),
    path("referrals/reports/<str:place_code>/", report_views.report, name="report"),
    path("referrals/reports/<str:place_code>/report.csv", report_views.report_csv, name="report-csv"),
]
