"""Demo themes: whatever insights the demo holds, themed with the default engine, once for the demo's
area and once for each place that holds insights itself (Ladywood), so its place page shows them.

seed_demo calls `load(geography)` after its transaction has committed: the engine never runs inside a
transaction. Safe to run again: a place already themed is left as it is."""

from django.db.models import Count
from django.utils.translation import gettext, ngettext

from ostrom.core.models import Progress
from ostrom.insight import theme_finding
from ostrom.insight.models import Insight, ThemeRun
from ostrom.places.models import Place


def load(geography) -> list[ThemeRun]:
    held = (
        Insight.objects.filter(consent_to_use=True, consent_withdrawn_at__isnull=True)
        .values("place")
        .annotate(count=Count("pk"))
        .filter(count__gte=theme_finding.FEWEST_TO_THEME)
        .values_list("place", flat=True)
    )
    places = [geography["place"], *Place.objects.filter(pk__in=held).exclude(pk=geography["place"].pk)]
    return [run for place in places if (run := _theme(place)) is not None]


def _theme(place) -> ThemeRun | None:
    if ThemeRun.objects.for_place(place).filter(status=ThemeRun.Status.FINISHED).exists():
        return None
    if len(theme_finding.insights_for_theming(place)) < theme_finding.FEWEST_TO_THEME:
        return None
    progress = Progress.objects.create(title=gettext("Finding themes in %(place)s") % {"place": place.name})
    run = ThemeRun.objects.create(place=place, engine=ThemeRun.Engine.DEFAULT, progress=progress)
    theme_finding.run_themes(run=run, progress=progress)
    run.refresh_from_db()
    progress.finish(
        ngettext("%(num)d theme found", "%(num)d themes found", run.theme_count) % {"num": run.theme_count},
        result_url=run.get_absolute_url(),
    )
    return run
