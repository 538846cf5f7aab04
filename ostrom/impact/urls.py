from django.urls import path

from . import opendata_views, wellbeing_views

app_name = "impact"
urlpatterns: list = [
    # Wellbeing and open data (helper D)
    path("impact/<slug:slug>/wellbeing/", wellbeing_views.wellbeing, name="wellbeing"),
    path("<slug:slug>/wellbeing/surveys/", wellbeing_views.link_wellbeing_surveys, name="wellbeing-surveys"),
    path("impact/<slug:slug>/wellbeing/copy/", wellbeing_views.copy_wellbeing, name="wellbeing-copy"),
    path("impact/<slug:slug>/open-data/", opendata_views.open_data, name="open-data"),
    path(
        "impact/<slug:slug>/open-data/download/", opendata_views.open_data_download, name="open-data-download"
    ),
]
