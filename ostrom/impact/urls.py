from django.urls import path

from . import returns_views

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
]
