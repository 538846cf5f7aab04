from django.contrib import admin
from django.urls import include, path

from ostrom.api.api import api

urlpatterns = [
    path("", include("ostrom.core.urls")),
    path("", include("ostrom.accounts.urls")),
    path("", include("ostrom.places.urls")),
    path("", include("ostrom.network.urls")),
    path("", include("ostrom.grants.urls")),
    path("", include("ostrom.conversations.urls")),
    path("", include("ostrom.panels.urls")),
    path("", include("ostrom.events.urls")),
    path("", include("ostrom.surveys.urls")),
    path("", include("ostrom.insight.urls")),
    path("", include("ostrom.impact.urls")),
    path("", include("ostrom.money.urls")),
    path("", include("ostrom.assets.urls")),
    path("", include("ostrom.referrals.urls")),
    path("", include("ostrom.decisions.urls")),
    path("", include("ostrom.translations.urls")),
    path("", include("ostrom.overview.urls")),
    path("", include("ostrom.demo.urls")),
    path("api/", api.urls),
    path("admin/", admin.site.urls),
]

# Refusals say why (NotAllowed's message) in the layout of the service; missing pages use core/jinja2/404.html.
handler404 = "ostrom.core.views.page_not_found"
handler403 = "ostrom.accounts.views.permission_denied"
handler500 = "ostrom.core.views.server_error"
