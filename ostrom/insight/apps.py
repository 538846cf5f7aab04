from django.apps import AppConfig


class InsightConfig(AppConfig):
    name = "ostrom.insight"
    label = "insight"
    verbose_name = "Insight: stories, evidence and themes"

    def ready(self):
        from ostrom.accounts.services import register_personal_data
        from ostrom.core.background import work_stopped
        from ostrom.core.models import Progress
        from ostrom.decisions.inputs import register_input_kind
        from ostrom.places.services import register_place_section

        from . import decision_inputs, services, theme_inputs, theme_presenters, theming
        from .models import Insight

        work_stopped.connect(theming.fail_run_whose_work_stopped, sender=Progress)
        register_input_kind(decision_inputs.INSIGHT)
        register_input_kind(theme_inputs.THEME)
        register_personal_data(
            models=[Insight], export=services.personal_data_of, erase=services.erase_personal_data_of
        )
        register_place_section(
            template="insight/themes/_place_section.html", context=theme_presenters.place_themes_section
        )
