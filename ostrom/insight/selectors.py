"""Finding insight: the one search every page, the API and exports use, always starting from what the
person may see (`Insight.objects.visible_to`), so unpublished insight never reaches anyone else's
results."""

from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Q

from ostrom.accounts import permissions
from ostrom.places.models import Place

from .models import Insight


@dataclass(frozen=True)
class Filters:
    query: str = ""
    place: Place | None = None
    subgroup: object = None
    source: str = ""
    kind: str = ""
    speaker_group: str = ""


def search(insights, text: str):
    """Insights matching the words. PostgreSQL's full-text search (English stemming, ranked, title
    weighted above the text) where the database is PostgreSQL; on SQLite every word must appear in the
    title or text."""
    text = (text or "").strip()
    if not text:
        return insights
    if connection.vendor == "postgresql":
        vector = SearchVector("title", weight="A", config="english") + SearchVector(
            "text", weight="B", config="english"
        )
        query = SearchQuery(text, search_type="websearch", config="english")
        return (
            insights.annotate(search=vector)
            .filter(search=query)
            .annotate(rank=SearchRank(vector, query))
            .order_by("-rank", "-said_on", "-pk")
        )
    for word in text.split():
        insights = insights.filter(Q(title__icontains=word) | Q(text__icontains=word))
    return insights


def find_insight(user, filters: Filters):
    """What the person may see, narrowed by the filters and the search words."""
    insights = Insight.objects.visible_to(user).select_related("place", "subgroup")
    if filters.place is not None:
        insights = insights.in_places([filters.place])
    if filters.subgroup is not None:
        insights = insights.filter(subgroup=filters.subgroup)
    if filters.source:
        insights = insights.filter(source=filters.source)
    if filters.kind:
        insights = insights.filter(kind=filters.kind)
    if filters.speaker_group:
        # The speaker's group is for the coordinators who record it (as on an insight's own page), and
        # only over the insight they may change: never a way for others to learn who is in which group.
        places = permissions.places_with_unpublished_insight(user)
        if places != []:
            insights = insights.by_speaker_group(filters.speaker_group)
            if places is not None:
                insights = insights.in_places(places)
    return search(insights, filters.query)
