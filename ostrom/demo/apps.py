from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "ostrom.demo"
    label = "demo"
    verbose_name = "Demo data"
