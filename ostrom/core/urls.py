from django.urls import path

from . import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("about/", views.about, name="about"),
    path("privacy/", views.privacy, name="privacy"),
    path("progress/<int:progress_id>/", views.progress_page, name="progress-page"),
    path("progress/<int:progress_id>/fragment/", views.progress_fragment, name="progress"),
    path("audit/", views.audit_log, name="audit-log"),
    path("health/", views.alive, name="alive"),
    path("health/ready/", views.ready, name="ready"),
]
