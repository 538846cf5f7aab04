"""Where a page sits: its breadcrumb trail and the header section it belongs to.

Each page declares its parents in its template, `{% set breadcrumbs = [("Grants", url(…)), …] %}`;
the base template draws the NHS.UK breadcrumb from them (Home first, the current page left out) and
marks the header link of the section the trail passes through, so a page and its header never
disagree about where it is."""

from django.urls import reverse
from django.utils.translation import gettext, gettext_lazy

# The header's sections, in order: (link text, URL name). The referrals link depends on the person
# (the team's list for link workers, the inbox for a service's contacts), so it is passed in.
SECTIONS = [
    (gettext_lazy("Organisations"), "network:organisation-list"),
    (gettext_lazy("Subgroups"), "network:subgroup-list"),
    (gettext_lazy("Meetings"), "network:meeting-list"),
    (gettext_lazy("Grants"), "grants:fund-list"),
    (gettext_lazy("Conversations"), "conversations:conversation-list"),
    (gettext_lazy("Citizens' panels"), "panels:assembly-list"),
    (gettext_lazy("Open Space"), "events:event-list"),
    (gettext_lazy("Surveys"), "surveys:survey-list"),
    (gettext_lazy("Insight"), "insight:insight-list"),
    (gettext_lazy("Impact"), "impact:programme-list"),
    (gettext_lazy("Community assets"), "assets:directory"),
    (gettext_lazy("Money"), "money:index"),
    (gettext_lazy("Referrals"), None),
    (gettext_lazy("Decisions"), "decisions:decision-list"),
    (gettext_lazy("Places"), "places:place-list"),
]


def breadcrumb_items(trail) -> list[dict]:
    """The NHS.UK breadcrumb's items for a trail of (text, href) parents: Home, then the trail. The
    component shows the last one as the back link on small screens."""
    return [{"href": reverse("core:home"), "text": gettext("Home")}] + [
        {"href": href, "text": text} for text, href in trail
    ]


def header_items(request, trail, referrals_url=None) -> list[dict]:
    """The header's navigation: the link to this very page is current (aria-current="page"), a link
    to one of its parents active (aria-current="true"), as the NHS.UK header component marks them."""
    parents = {str(href) for _, href in trail or ()}
    items = []
    for text, name in SECTIONS:
        name = name or referrals_url
        if not name:
            continue
        href = reverse(name)
        items.append(
            {"href": href, "text": str(text), "current": href == request.path, "active": href in parents}
        )
    return items
