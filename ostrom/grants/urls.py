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
    path("panel-seats/<int:seat_id>/", views.panel_seat, name="panel-seat"),
    path("applications/<int:application_id>/assess/", views.assess, name="assess"),
    path("applications/", views.my_applications, name="my-applications"),
    path("applications/<int:application_id>/", views.application_detail, name="application-detail"),
    path("applications/<int:application_id>/edit/", views.application_form, name="application-edit"),
    path(
        "applications/<int:application_id>/withdraw/", views.withdraw_application, name="application-withdraw"
    ),
]
