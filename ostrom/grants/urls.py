from django.urls import path

from .views import applications, assessment, awards, funds, priorities, results, voting

app_name = "grants"
urlpatterns = [
    path("funds/", funds.fund_list, name="fund-list"),
    path("funds/new/", funds.fund_create, name="fund-create"),
    path("funds/<slug:slug>/", funds.fund_detail, name="fund-detail"),
    path("funds/<slug:slug>/rounds/new/", funds.round_form, name="round-create"),
    path("funds/<slug:slug>/rounds/<slug:round_slug>/edit/", funds.round_form, name="round-edit"),
    path("rounds/<slug:slug>/", funds.round_detail, name="round-detail"),
    path("rounds/<slug:slug>/priorities/", priorities.set_priorities, name="priorities"),
    path("rounds/<slug:slug>/apply/", applications.application_form, name="application-create"),
    path("rounds/<slug:slug>/panel/", assessment.panel, name="panel"),
    path("rounds/<slug:slug>/assess/", assessment.assessments, name="assessments"),
    path("rounds/<slug:slug>/shortlist/", assessment.shortlist, name="shortlist"),
    path("rounds/<slug:slug>/vote/", voting.ballot, name="ballot"),
    path("rounds/<slug:slug>/paper-ballots/", voting.paper_ballots, name="paper-ballots"),
    path("rounds/<slug:slug>/access-codes/", voting.access_codes, name="access-codes"),
    path("rounds/<slug:slug>/suspicious-voting/", voting.suspicious_voting, name="suspicious-voting"),
    path("rounds/<slug:slug>/result/", results.result, name="result"),
    path("rounds/<slug:slug>/reach/", results.reach, name="reach"),
    path("rounds/<slug:slug>/result/count/", results.count_votes, name="count-votes"),
    path("rounds/<slug:slug>/result/publish/", results.publish_result, name="publish-result"),
    path("rounds/<slug:slug>/ballots.pb", results.ballots_pb, name="ballots-pb"),
    path("grants/", awards.grant_list, name="grant-list"),
    path("grants/360giving.json", awards.grants_360giving_json, name="grants-360giving-json"),
    path("grants/360giving.xlsx", awards.grants_360giving_xlsx, name="grants-360giving-xlsx"),
    path("grants/<int:grant_id>/", awards.grant_detail, name="grant-detail"),
    path("panel-seats/<int:seat_id>/", assessment.panel_seat, name="panel-seat"),
    path("applications/<int:application_id>/assess/", assessment.assess, name="assess"),
    path("applications/", applications.my_applications, name="my-applications"),
    path("applications/<int:application_id>/", applications.application_detail, name="application-detail"),
    path("applications/<int:application_id>/edit/", applications.application_form, name="application-edit"),
    path(
        "applications/<int:application_id>/withdraw/",
        applications.withdraw_application,
        name="application-withdraw",
    ),
]
