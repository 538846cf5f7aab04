from django.urls import path

from . import views

app_name = "places"
urlpatterns = [
    path("places/", views.place_list, name="place-list"),
    path("places/<str:code>/", views.place_detail, name="place-detail"),
]
