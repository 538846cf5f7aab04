from django.urls import path

from . import views

app_name = "grants"
urlpatterns = [
    path("funds/", views.fund_list, name="fund-list"),
    path("funds/new/", views.fund_create, name="fund-create"),
    path("funds/<slug:slug>/", views.fund_detail, name="fund-detail"),
    path("funds/<slug:slug>/rounds/new/", views.round_form, name="round-create"),
    path("funds/<slug:slug>/rounds/<slug:round_slug>/edit/", views.round_form, name="round-edit"),
    path("rounds/<slug:slug>/", views.round_detail, name="round-detail"),
    path("rounds/<slug:slug>/priorities/", views.priorities, name="priorities"),
    path("rounds/<slug:slug>/apply/", views.application_form, name="application-create"),
    path("rounds/<slug:slug>/panel/", views.panel, name="panel"),
    path("rounds/<slug:slug>/assess/", views.assessments, name="assessments"),
    path("rounds/<slug:slug>/shortlist/", views.shortlist, name="shortlist"),
    path("rounds/<slug:slug>/vote/", views.ballot, name="ballot"),
    path("rounds/<slug:slug>/paper-ballots/", views.paper_ballots, name="paper-ballots"),
    path("rounds/<slug:slug>/access-codes/", views.access_codes, name="access-codes"),
    path("rounds/<slug:slug>/suspicious-voting/", views.suspicious_voting, name="suspicious-voting"),
    path("rounds/<slug:slug>/result/", views.result, name="result"),
    path("rounds/<slug:slug>/reach/", views.reach, name="reach"),
    path("rounds/<slug:slug>/result/count/", views.count_votes, name="count-votes"),
    path("rounds/<slug:slug>/result/publish/", views.publish_result, name="publish-result"),
    path("rounds/<slug:slug>/ballots.pb", views.ballots_pb, name="ballots-pb"),
    path("grants/", views.grant_list, name="grant-list"),
    path("grants/360giving.json", views.grants_360giving_json, name="grants-360giving-json"),
    path("grants/360giving.xlsx", views.grants_360giving_xlsx, name="grants-360giving-xlsx"),
    path("grants/<int:grant_id>/", views.grant_detail, name="grant-detail"),
    path("panel-seats/<int:seat_id>/", views.panel_seat, name="panel-seat"),
    path("applications/<int:application_id>/assess/", views.assess, name="assess"),
    path("applications/", views.my_applications, name="my-applications"),
    path("applications/<int:application_id>/", views.application_detail, name="application-detail"),
    path("applications/<int:application_id>/edit/", views.application_form, name="application-edit"),
    path(
        "applications/<int:application_id>/withdraw/", views.withdraw_application, name="application-withdraw"
    ),
]
