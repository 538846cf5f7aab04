from django.apps import AppConfig


class InsightConfig(AppConfig):
    name = "ostrom.insight"
    label = "insight"
    verbose_name = "Insight: stories, evidence and themes"

    def ready(self):
        from ostrom.decisions.inputs import register_input_kind
        from ostrom.places.services import register_place_section

        from . import theme_inputs, theme_presenters

        register_input_kind(theme_inputs.THEME)
        register_place_section(
            template="insight/themes/_place_section.html", context=theme_presenters.place_themes_section
        )
