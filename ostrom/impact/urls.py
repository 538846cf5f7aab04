from django.urls import path

from . import opendata_views, returns_views, views, wellbeing_views

app_name = "impact"
urlpatterns: list = [
    # Slim returns
    path("impact/returns/", returns_views.my_returns, name="my-returns"),
    path("impact/returns/<int:return_id>/", returns_views.fill_in, name="return-fill-in"),
    path(
        "impact/returns/organisations/<int:organisation_id>/",
        returns_views.organisation_returns,
        name="organisation-returns",
    ),
    path("impact/returns/programmes/<slug:slug>/", returns_views.programme_returns, name="programme-returns"),
    path("impact/returns/programmes/<slug:slug>/issue/", returns_views.issue_returns, name="returns-issue"),
    path(
        "impact/returns/programmes/<slug:slug>/templates/new/",
        returns_views.create_template,
        name="return-template-create",
    ),
    # Theory of change, indicators and measurements (views.py)
    path("impact/", views.programme_list, name="programme-list"),
    path("impact/new/", views.programme_create, name="programme-create"),
    path("impact/<slug:slug>/", views.programme_detail, name="programme-detail"),
    path("impact/<slug:slug>/edit/", views.programme_edit, name="programme-edit"),
    path("impact/<slug:slug>/theory-of-change/", views.builder, name="builder"),
    path("impact/<slug:slug>/steps/<int:step_id>/", views.step_edit, name="step-edit"),
    path("impact/<slug:slug>/steps/<int:step_id>/remove/", views.step_remove, name="step-remove"),
    path("impact/<slug:slug>/steps/<int:step_id>/move/", views.step_move, name="step-move"),
    path(
        "impact/<slug:slug>/steps/<int:step_id>/indicators/new/",
        views.indicator_create,
        name="indicator-create",
    ),
    path("impact/<slug:slug>/indicators/<int:indicator_id>/", views.indicator_edit, name="indicator-edit"),
    path("impact/<slug:slug>/measurements/new/", views.measurement_create, name="measurement-create"),
    path("impact/<slug:slug>/measurements/import/", views.measurement_import, name="measurement-import"),
    path("impact/<slug:slug>/measurements/import/template/", views.import_template, name="import-template"),
    path("impact/<slug:slug>/refresh/", views.refresh, name="refresh"),
    # Wellbeing and open data (helper D)
    path("impact/<slug:slug>/wellbeing/", wellbeing_views.wellbeing, name="wellbeing"),
    path(
        "impact/<slug:slug>/wellbeing/surveys/",
        wellbeing_views.link_wellbeing_surveys,
        name="wellbeing-surveys",
    ),
    path("impact/<slug:slug>/wellbeing/copy/", wellbeing_views.copy_wellbeing, name="wellbeing-copy"),
    path("impact/<slug:slug>/open-data/", opendata_views.open_data, name="open-data"),
    path(
        "impact/<slug:slug>/open-data/download/", opendata_views.open_data_download, name="open-data-download"
    ),
]
