from django.urls import path  # noqa: F401

from . import theme_views

app_name = "insight"
urlpatterns: list = [
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
