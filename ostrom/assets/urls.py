"""Community assets: the directory, its map, organisations' entries and coordinators' review, and
exchange with other directories as Open Referral UK."""

from django.urls import path

from . import exchange_views, views

app_name = "assets"
urlpatterns: list = [
    # Directory (helper A): /assets/…
    path("assets/", views.directory, name="directory"),
    path("assets/<int:service_id>/", views.detail, name="detail"),
    path("assets/<int:service_id>/edit/", views.edit_entry, name="entry-edit"),
    path("assets/<int:service_id>/checked/", views.mark_checked, name="mark-checked"),
    path(
        "assets/organisations/<int:organisation_id>/", views.organisation_entries, name="organisation-entries"
    ),
    path("assets/new/<int:organisation_id>/", views.create_entry, name="entry-create"),
    path("assets/review/", views.review, name="review"),
    path("assets/review/<int:change_id>/", views.change_review, name="change-review"),
    # Exchange (helper B): /assets/exchange/…
    path("assets/exchange/", exchange_views.exchange, name="exchange"),
    path("assets/exchange/export.json", exchange_views.export, name="exchange-export"),
    path("assets/exchange/imports/<int:import_id>/", exchange_views.import_detail, name="exchange-import"),
]
