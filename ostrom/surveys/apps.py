from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "ostrom.surveys"
    label = "surveys"
    verbose_name = "Surveys"
