"""The counting rules and their decisions in the reader's language.

The budgeting engine decides, and says why each project was or was not funded as data: a `Why` and
the numbers it names (ostrom/budgeting/outcome.py). The words residents read are the app's, here, so
they are translated with the rest of the pages. Amounts are shown in pounds.
"""

from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext, gettext_lazy, ngettext

from ostrom.budgeting.outcome import Why

TITLES = {
    "mes": gettext_lazy("Method of Equal Shares"),
    "greedy": gettext_lazy("Most votes first"),
    "phragmen": gettext_lazy("Phragmén's sequential rule"),
    "points": gettext_lazy("Most points first"),
}
# Points and ranked rounds counted before the most-points-first rule existed keep "greedy", which works
# differently on points.
POINTS_TITLES = {"greedy": gettext_lazy("Most points per pound first")}

EXPLANATIONS = {
    "mes": gettext_lazy(
        "The budget is shared out equally between all voters. A project is funded when the people who voted "
        "for it can pay for it together from their shares, cheapest per supporter first. This way every group "
        "of voters gets projects in proportion to its size, and a big group cannot take all the money."
    ),
    "greedy": gettext_lazy(
        "Projects are funded in order of their votes, most first, skipping any project that no longer fits "
        "the money left, until the budget runs out."
    ),
    "phragmen": gettext_lazy(
        "Projects are funded one by one. Each time, the project chosen is the one whose supporters would carry "
        "the lightest load if they shared its cost, so the cost is spread as evenly as possible among voters."
    ),
    "points": gettext_lazy(
        "Projects are funded in order of the total points voters gave them, most first, whatever they cost. "
        "A project that no longer fits the money left is skipped and the next one is tried, until the budget "
        "runs out."
    ),
}
POINTS_EXPLANATIONS = {
    "greedy": gettext_lazy(
        "Projects are funded in order of their points per pound: the points they got divided by what they "
        "cost, highest first, so a cheap project can come before one with more points. A project that no "
        "longer fits the money left is skipped, until the budget runs out."
    )
}


def rule_title(rule: str, *, on_points: bool) -> str:
    """The rule's title ("Method of Equal Shares"); `on_points` for points and ranked ballots."""
    return str((on_points and POINTS_TITLES.get(rule)) or TITLES[rule])


def rule_explanation(rule: str, *, on_points: bool) -> str:
    return str((on_points and POINTS_EXPLANATIONS.get(rule)) or EXPLANATIONS[rule])


def rank_points(top: int) -> str:
    """How a ranked ballot gives points under most points first, for `top` points to a first choice."""
    if top <= 1:
        return gettext("A first choice gets 1 point.")
    if top == 2:
        return gettext("A first choice gets 2 points, a second 1.")
    return gettext(
        "A first choice gets %(top)s points, a second %(next)s, and so on: each choice one point fewer."
    ) % {
        "top": top,
        "next": top - 1,
    }


def pounds(amount) -> str:
    return "£" + number_format(Decimal(amount), decimal_pos=2, use_l10n=True, force_grouping=True)


def _points(amount) -> str:
    amount = Decimal(amount)
    whole = amount == amount.to_integral_value()
    count = int(amount) if whole else 2
    shown = amount.quantize(1) if whole else amount.normalize()
    text = number_format(shown, use_l10n=True, force_grouping=True)
    return ngettext("%(points)s point", "%(points)s points", count) % {"points": text}


def project_reason(explanation: dict) -> str:
    """Why one project was funded or not, from the engine's explanation as stored with a result (JSON:
    amounts are strings). A result counted before the engine gave a `why` keeps its English reason."""
    why = explanation.get("why")
    if not why:
        return explanation["reason"]
    numbers = {
        "count": explanation.get("supporter_count", 0),
        "step": explanation.get("step"),
        "cost": _money(explanation, "cost"),
        "left": _money(explanation, "budget_left"),
        "load": _money(explanation, "load"),
    }
    by_points = explanation.get("by_points")
    if why == Why.FREE:
        return (
            ngettext(
                "Funded: it costs nothing and %(count)s person voted for it.",
                "Funded: it costs nothing and %(count)s people voted for it.",
                numbers["count"],
            )
            % numbers
        )
    if why in (Why.SHARES_PAID, Why.POINTS_PAID):
        return _shares_paid(explanation, numbers)
    if why == Why.SHARES_RAN_OUT:
        return gettext(
            "Not funded: by round %(step)s its %(count)s supporters had only %(money_left)s left between them, "
            "and it needed %(cost)s."
        ) % {**numbers, "money_left": _money(explanation, "supporters_money_left")}
    if why == Why.NO_VOTES:
        return gettext("Not funded: nobody voted for it.")
    if why == Why.WORTH_NOTHING:
        return gettext("Not funded: it costs nothing, so under cost utilities it is worth nothing to anyone.")
    if why == Why.BELOW_MINIMUM:
        return gettext("Not funded: it got %(points)s, fewer than the %(minimum)s a project needs.") % {
            "points": _points(explanation["points"]),
            "minimum": _points(explanation["minimum_points"]),
        }
    if why == Why.FITTED and by_points:
        return gettext(
            "Funded: it was reached in position %(step)s by total points, with %(points)s, and its cost of "
            "%(cost)s fitted in the %(left)s left."
        ) % {**numbers, "points": _points(explanation["points"])}
    if why == Why.FITTED:
        return (
            gettext(
                "Funded: it was reached in position %(step)s by support per pound, and its cost of %(cost)s "
                "fitted in the %(left)s left."
            )
            % numbers
        )
    if why == Why.DID_NOT_FIT and by_points:
        return gettext(
            "Not funded: it was reached in position %(step)s by total points, with %(points)s, but it costs "
            "%(cost)s and only %(left)s was left."
        ) % {**numbers, "points": _points(explanation["points"])}
    if why == Why.DID_NOT_FIT:
        return (
            gettext(
                "Not funded: it was reached in position %(step)s by support per pound, but it costs %(cost)s and "
                "only %(left)s was left."
            )
            % numbers
        )
    if why == Why.LOWEST_LOAD:
        return (
            gettext(
                "Funded as purchase %(step)s: its %(count)s supporters could pay for it once each of them had paid "
                "%(load)s in all, the lowest of any project left."
            )
            % numbers
        )
    if why == Why.OVER_BUDGET:
        return gettext("Not funded: it costs %(cost)s, more than the whole budget.") % numbers
    if why == Why.STOPPED:
        return (
            gettext(
                "Not funded: the rule stopped when the next project to buy did not fit in the %(left)s left; this "
                "one would have needed each of its %(count)s supporters to have paid %(load)s in all."
            )
            % numbers
        )
    return explanation["reason"]


def _shares_paid(explanation: dict, numbers: dict) -> str:
    values = {
        **numbers,
        "price": _money(explanation, "price_per_supporter"),
        "per_point": _money(explanation, "price_per_point"),
        "share": _money(explanation, "share_per_voter"),
        "some": explanation.get("supporters_paying_all_count") or 0,
    }
    if explanation["why"] == Why.SHARES_PAID and values["some"]:
        text = gettext(
            "Funded in round %(step)s: each of its %(count)s supporters paid %(price)s or, for %(some)s of them, "
            "all the money they had left, out of an equal share of %(share)s per voter."
        )
    elif explanation["why"] == Why.SHARES_PAID:
        text = gettext(
            "Funded in round %(step)s: each of its %(count)s supporters paid %(price)s, out of an equal share "
            "of %(share)s per voter."
        )
    elif values["some"]:
        text = gettext(
            "Funded in round %(step)s: its %(count)s supporters paid %(per_point)s for each point they gave it "
            "or, for %(some)s of them, all the money they had left, out of an equal share of %(share)s per voter."
        )
    else:
        text = gettext(
            "Funded in round %(step)s: its %(count)s supporters paid %(per_point)s for each point they gave it, "
            "out of an equal share of %(share)s per voter."
        )
    return text % values


def _money(explanation: dict, key: str) -> str:
    value = explanation.get(key)
    return pounds(value) if value not in (None, "") else ""
