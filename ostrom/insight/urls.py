from django.urls import path

from . import theme_views, views

app_name = "insight"
urlpatterns = [
    path("insight/", views.insight_list, name="insight-list"),
    path("insight/new/", views.record_insight, name="insight-create"),
    path("insight/<int:insight_id>/", views.insight_detail, name="insight-detail"),
    path("insight/<int:insight_id>/edit/", views.edit_insight, name="insight-edit"),
    path("insight/<int:insight_id>/withdraw/", views.withdraw_consent, name="insight-withdraw"),
    path("insight/<int:insight_id>/erase/", views.erase_insight, name="insight-erase"),
    path("insight/cases/new/", views.record_case, name="case-create"),
    path("insight/<int:insight_id>/case/edit/", views.edit_case, name="case-edit"),
    path("insight/<int:insight_id>/paper/", views.case_paper, name="case-paper"),
    path("insight/<int:insight_id>/paper.pdf", views.case_paper_pdf, name="case-paper-pdf"),
    path("insight/export.csv", views.export_insight, name="insight-export"),
    path("insight/import/", views.import_insight, name="import"),
    path("insight/import/template.csv", views.import_template, name="import-template"),
    path("insight/bring-in/", views.bring_in, name="bring-in"),
    # Themes
    path("insight/themes/places/<str:code>/", theme_views.theme_list, name="theme-list"),
    path("insight/themes/places/<str:code>/run/", theme_views.theme_run_start, name="theme-run-start"),
    path("insight/themes/runs/<int:run_id>/", theme_views.theme_run, name="theme-run"),
    path(
        "insight/themes/runs/<int:run_id>/progress/",
        theme_views.theme_run_progress,
        name="theme-run-progress",
    ),
    path("insight/themes/<int:theme_id>/", theme_views.theme_detail, name="theme-detail"),
    path("insight/themes/<int:theme_id>/rename/", theme_views.theme_rename, name="theme-rename"),
    path("insight/themes/<int:theme_id>/merge/", theme_views.theme_merge, name="theme-merge"),
    path("insight/themes/<int:theme_id>/split/", theme_views.theme_split, name="theme-split"),
    path("insight/themes/<int:theme_id>/pin/", theme_views.theme_pin, name="theme-pin"),
]
