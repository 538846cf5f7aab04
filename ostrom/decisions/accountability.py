"""The public "You said, we did" record: published decisions with the community input behind them, by
place and by body, as pages, an Atom feed and (in api.py) JSON. Only published decisions, for everyone,
signed in or not: the one rule is `Decision.objects.published()`."""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext, gettext_lazy

from ostrom.places.models import Place

from .forms import AccountabilityFilterForm
from .models import Body, Decision
from .presenters import you_said_we_did


def public_entries():
    """Published decisions that cite what communities said, newest first."""
    return (
        Decision.objects.published()
        .filter(inputs__isnull=False)
        .distinct()
        .select_related("body")
        .prefetch_related("inputs", "commitments__updates", "body__places", "themes")
        .order_by("-decided_on", "-published_at")
    )


class YouSaidWeDidFeed(Feed):
    """An Atom feed of "You said, we did", with the same filters as the page (?place=, ?body=)."""

    feed_type = Atom1Feed
    title = gettext_lazy("You said, we did")
    subtitle = gettext_lazy("What communities said, what was decided and what was done.")

    def get_object(self, request):
        self.form = AccountabilityFilterForm(request.GET or None)
        return None

    def link(self):
        return reverse("decisions:you-said-we-did")

    def items(self):
        return self.form.apply(public_entries())[:50]

    def item_title(self, decision):
        return f"{decision.body.name}: {decision.question}"

    def item_description(self, decision):
        entry = you_said_we_did(decision)
        said = " ".join(f"“{item.quote}”" for item in entry.said)
        return gettext("You said: %(said)s We decided: %(decided)s") % {
            "said": said,
            "decided": entry.decided,
        }

    def item_link(self, decision):
        return reverse("decisions:entry", args=[decision.slug])

    def item_pubdate(self, decision):
        return decision.published_at

    def item_updateddate(self, decision):
        return decision.published_at


def place_by_code(code: str) -> Place:
    return get_object_or_404(Place.objects.for_choice(), code=code)


def body_by_slug(slug: str) -> Body:
    return get_object_or_404(Body, slug=slug)
