from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "ostrom.events"
    label = "events"
    verbose_name = "Open Space events"

    def ready(self):
        from ostrom.accounts.services import register_account_section, register_personal_data
        from ostrom.decisions.inputs import register_input_kind
        from ostrom.translations.registry import register_document_kind

        from . import decision_inputs, presenters, services, translations
        from .models import ActionUpdate, Event, Impression, Participant, Topic

        register_input_kind(decision_inputs.OPEN_SPACE_ACTION)
        register_document_kind(translations.EVENT)
        register_personal_data(
            models=[Event, Participant, Topic, Impression, ActionUpdate],
            export=services.personal_data_of,
            erase=services.erase_personal_data_of,
        )
        register_account_section(
            template="events/_account_events.html", context=presenters.own_events_on_account
        )
