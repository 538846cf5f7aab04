from django.urls import path

from . import views

app_name = "demo"
urlpatterns = [
    path("tour/", views.tour_page, name="tour"),
]
