from django.apps import AppConfig


class PlacesConfig(AppConfig):
    name = "ostrom.places"
    label = "places"
    verbose_name = "Places"
