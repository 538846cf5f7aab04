from django.urls import path

from . import views

app_name = "overview"
urlpatterns = [
    path("what-needs-doing/", views.what_needs_doing, name="what-needs-doing"),
]
