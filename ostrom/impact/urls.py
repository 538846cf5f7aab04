from django.urls import path

from . import wellbeing_views

app_name = "impact"
urlpatterns: list = [
    # Wellbeing and open data (helper D)
    path("impact/<slug:slug>/wellbeing/", wellbeing_views.wellbeing, name="wellbeing"),
    path("<slug:slug>/wellbeing/surveys/", wellbeing_views.link_wellbeing_surveys, name="wellbeing-surveys"),
    path("impact/<slug:slug>/wellbeing/copy/", wellbeing_views.copy_wellbeing, name="wellbeing-copy"),
]
