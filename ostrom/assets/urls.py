"""Community assets: the directory, its map, organisations' entries and coordinators' review, and
exchange with other directories as Open Referral UK."""

from django.urls import path

from . import exchange_views

app_name = "assets"
urlpatterns: list = [
    # Directory (helper A): /assets/…
    # Exchange (helper B): /assets/exchange/…
    path("assets/exchange/", exchange_views.exchange, name="exchange"),
    path("assets/exchange/export.json", exchange_views.export, name="exchange-export"),
    path("assets/exchange/imports/<int:import_id>/", exchange_views.import_detail, name="exchange-import"),
]
