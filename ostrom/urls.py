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
    path("", include("ostrom.decisions.urls")),
    path("api/", api.urls),
    path("admin/", admin.site.urls),
]
