"""Where a page sits: its breadcrumb trail and the header section it belongs to.

Each page declares its parents in its template, `{% set breadcrumbs = [("Grants", url(…)), …] %}`;
the base template draws the NHS.UK breadcrumb from them (Home first, the current page left out) and
marks the header link of the section the trail passes through, so a page and its header never
disagree about where it is."""

from django.urls import reverse

# The header's sections, in order: (link text, URL name). The referrals link depends on the person
# (the team's list for link workers, the inbox for a service's contacts), so it is passed in.
SECTIONS = [
    ("Organisations", "network:organisation-list"),
    ("Subgroups", "network:subgroup-list"),
    ("Meetings", "network:meeting-list"),
    ("Grants", "grants:fund-list"),
    ("Conversations", "conversations:conversation-list"),
    ("Citizens' panels", "panels:assembly-list"),
    ("Open Space", "events:event-list"),
    ("Surveys", "surveys:survey-list"),
    ("Insight", "insight:insight-list"),
    ("Impact", "impact:programme-list"),
    ("Community assets", "assets:directory"),
    ("Money", "money:index"),
    ("Referrals", None),
    ("Decisions", "decisions:decision-list"),
    ("Places", "places:place-list"),
]


def breadcrumb_items(trail) -> list[dict]:
    """The NHS.UK breadcrumb's items for a trail of (text, href) parents: Home, then the trail. The
    component shows the last one as the back link on small screens."""
    return [{"href": reverse("core:home"), "text": "Home"}] + [
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
        items.append({"href": href, "text": text, "current": href == request.path, "active": href in parents})
    return items
