from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "ostrom.surveys"
    label = "surveys"
    verbose_name = "Surveys"

    def ready(self):
        from ostrom.accounts.services import register_account_section, register_personal_data
        from ostrom.core.retention import register_retention
        from ostrom.decisions.inputs import register_input_kind
        from ostrom.translations.registry import register_document_kind

        from . import decision_inputs, personal_data, presenters, services, translations
        from .models import Answer, Invitation, PanelMembership, Response, Survey

        register_input_kind(decision_inputs.RESULT)
        register_document_kind(translations.SURVEY)
        register_personal_data(
            models=[PanelMembership, Survey, Invitation, Response, Answer],
            export=personal_data.export,
            erase=personal_data.erase,
        )
        register_retention(
            kind="survey_respondents",
            remove=lambda before: services.forget_respondents_of_closed_surveys(closed_before=before),
        )
        register_account_section(
            template="surveys/_account_surveys.html", context=presenters.surveys_on_account
        )
