"""Display shaping for money's pages: the NHS.UK table macro's rows, worked out here so templates only
lay them out. Each chart is bars drawn inside its own table, beside the figures they show."""

from decimal import Decimal

from django.utils.html import format_html
from django.utils.translation import gettext, gettext_lazy

from ostrom.core.presenters import bar_cell, chart_heading

from .figures import CASES, money, ratio_text

SHARE_CHART_MAX = Decimal(100)


def _percent(value: Decimal | None) -> str:
    return gettext("No spend recorded") if value is None else f"{value.normalize():f}%"


def short_money(amount: Decimal) -> str:
    """£2,310m for a million pounds or more (to one decimal place where it matters), else £12,500."""
    if abs(amount) >= 1_000_000:
        millions = (amount / 1_000_000).quantize(Decimal("0.1"))
        text = f"{millions:,.0f}" if millions == millions.to_integral_value() else f"{millions:,.1f}"
        return f"£{text}m"
    return money(amount)


def commitment_sentence(year) -> str:
    """How the latest year compares with the body's commitment, in words."""
    if year is None or year.commitment is None or year.prevention_share is None:
        return ""
    if year.meets_commitment:
        sentence = gettext(
            "In %(year)s the share was %(share)s against a commitment of %(commitment)s: the commitment was met."
        )
    else:
        sentence = gettext(
            "In %(year)s the share was %(share)s against a commitment of %(commitment)s: short of the commitment."
        )
    return sentence % {
        "year": year.label,
        "share": _percent(year.prevention_share),
        "commitment": _percent(year.commitment),
    }


def budget_table(body, years) -> dict:
    """A body's spend by year with its prevention share, drawn against its commitment."""
    largest = max(
        [y.prevention_share or 0 for y in years] + [y.commitment or 0 for y in years] + [Decimal(1)]
    )
    rows = []
    for year in years:
        scale = lambda value: float(value * 100 / largest) if value is not None else None  # noqa: E731
        rows.append(
            [
                {"text": year.label},
                {"text": short_money(year.acute), "format": "numeric"},
                {"text": short_money(year.prevention), "format": "numeric"},
                {"text": short_money(year.total), "format": "numeric"},
                {"text": _percent(year.prevention_share), "format": "numeric"},
                {
                    "text": _percent(year.commitment) if year.commitment is not None else gettext("None"),
                    "format": "numeric",
                },
                bar_cell(scale(year.prevention_share), scale(year.commitment)),
            ]
        )
    caption = format_html(
        "{}"
        '<span class="nhsuk-body-s ostrom-legend" aria-hidden="true"><span class="ostrom-key"></span>'
        " {} "
        '<span class="ostrom-key ostrom-key--population"></span> {}</span>',
        gettext("%(body)s: spend by financial year and the share on community-led prevention")
        % {"body": body.name},
        gettext("prevention share"),
        gettext("commitment"),
    )
    return {
        "caption": {"html": caption, "size": "m"},
        "firstCellIsHeader": True,
        "responsive": True,
        "head": [
            {"text": gettext("Year")},
            {"text": gettext("Acute"), "format": "numeric"},
            {"text": gettext("Prevention"), "format": "numeric"},
            {"text": gettext("Total, with other spend"), "format": "numeric"},
            {"text": gettext("Share on prevention"), "format": "numeric"},
            {"text": gettext("Commitment"), "format": "numeric"},
            chart_heading(
                gettext(
                    "Chart of the prevention share against the commitment (the same figures as the columns)"
                ),
                gettext("Chart"),
            ),
        ],
        "rows": rows,
    }


def prevention_kinds_table(body, years) -> dict | None:
    kinds = sorted({kind for year in years for kind in year.prevention_by_kind})
    if not kinds:
        return None
    return {
        "caption": gettext("%(body)s: community-led prevention by kind") % {"body": body.name},
        "captionSize": "s",
        "firstCellIsHeader": True,
        "responsive": True,
        "head": [{"text": gettext("Year")}, *({"text": kind, "format": "numeric"} for kind in kinds)],
        "rows": [
            [
                {"text": year.label},
                *(
                    {"text": short_money(year.prevention_by_kind.get(kind, Decimal(0))), "format": "numeric"}
                    for kind in kinds
                ),
            ]
            for year in years
            if year.prevention_by_kind
        ],
    }


FLOW_HEAD = [
    {"text": gettext_lazy("Passed on to it"), "format": "numeric"},
    {"text": gettext_lazy("Committed"), "format": "numeric"},
    {"text": gettext_lazy("Paid"), "format": "numeric"},
    {"text": gettext_lazy("Returned on"), "format": "numeric"},
]


def _figures(step) -> list[dict]:
    return [
        {"text": money(value), "format": "numeric"}
        for value in (step.passed_on, step.committed, step.paid, step.returned_on)
    ]


def _link(text, url) -> dict:
    return {"html": format_html('<a class="nhsuk-link" href="{}">{}</a>', url, text)}


def flow_table(flow) -> dict:
    """The anchor's step, then each round and agreement, then their total (equal to the anchor's
    committed, paid and returned on)."""
    top = flow.top
    rows = [
        [
            {
                "text": gettext("%(anchor)s (from %(body)s)")
                % {"anchor": flow.budget.anchor, "body": flow.budget.from_body}
            },
            *_figures(top),
        ]
    ]
    for step in top.children:
        kind = (
            gettext("Grant round")
            if step.kind == "round"
            else gettext("Agreement with %(organisation)s") % {"organisation": step.organisation}
        )
        rows.append([_link(f"{kind}: {step.name}", step.url), *_figures(step)])
    rows.append(
        [
            {"text": gettext("Total of the rounds and agreements")},
            {"text": money(sum((s.passed_on for s in top.children), Decimal(0))), "format": "numeric"},
            {"text": money(sum((s.committed for s in top.children), Decimal(0))), "format": "numeric"},
            {"text": money(top.paid), "format": "numeric"},
            {"text": money(top.returned_on), "format": "numeric"},
        ]
    )
    return {
        "caption": gettext("Devolved, committed, paid and returned on at each step"),
        "captionSize": "m",
        "firstCellIsHeader": True,
        "responsive": True,
        "head": [{"text": gettext("Step")}, *FLOW_HEAD],
        "rows": rows,
    }


def round_table(step) -> dict:
    rows = [
        [_link(f"{child.organisation}: {child.name}", child.url), *_figures(child)] for child in step.children
    ]
    rows.append([{"text": gettext("Total of its grants")}, *_figures_total(step.children)])
    return {
        "caption": gettext("%(round)s: each grant") % {"round": step.name},
        "captionSize": "s",
        "firstCellIsHeader": True,
        "responsive": True,
        "head": [{"text": gettext("Organisation and project")}, *FLOW_HEAD],
        "rows": rows,
    }


def _figures_total(steps) -> list[dict]:
    return [
        {"text": money(sum((getattr(s, name) for s in steps), Decimal(0))), "format": "numeric"}
        for name in ("passed_on", "committed", "paid", "returned_on")
    ]


SHARE_TITLES = {
    "organisation": gettext_lazy("By organisation"),
    "place": gettext_lazy("By place (an organisation's money shared equally between the places it serves)"),
    "size": gettext_lazy("By size of organisation (yearly income)"),
    "kind": gettext_lazy("By kind of organisation"),
}
SHARE_HEADS = {
    "organisation": gettext_lazy("Organisation"),
    "place": gettext_lazy("Place"),
    "size": gettext_lazy("Size"),
    "kind": gettext_lazy("Kind"),
}
CASE_LABELS = {"low": gettext_lazy("Low"), "central": gettext_lazy("Central"), "high": gettext_lazy("High")}


def share_tables(shares) -> list[dict]:
    tables = []
    for dimension, rows in shares.items():
        if not rows:
            continue
        label = SHARE_HEADS.get(dimension) or dimension.capitalize()
        largest = max(row.share for row in rows) or Decimal(1)
        body_rows = [
            [
                {"text": row.label},
                {"text": money(row.amount.quantize(Decimal("0.01"))), "format": "numeric"},
                {"text": f"{row.share:.0%}", "format": "numeric"},
                bar_cell(float(row.share * 100 / largest)),  # the largest share fills the cell
            ]
            for row in rows
        ]
        tables.append(
            {
                "caption": SHARE_TITLES[dimension],
                "captionSize": "s",
                "firstCellIsHeader": True,
                "responsive": True,
                "head": [
                    {"text": label},
                    {"text": gettext("Committed"), "format": "numeric"},
                    {"text": gettext("Share"), "format": "numeric"},
                    chart_heading(
                        gettext(
                            "Chart of the shares, the largest filling the column (the same figures as the columns)"
                        ),
                        gettext("Chart"),
                    ),
                ],
                "rows": body_rows,
            }
        )
    return tables


def cost_tables(cost_benefit, summary) -> list[dict]:
    costs = {
        "caption": gettext("Costs"),
        "captionSize": "m",
        "firstCellIsHeader": True,
        "responsive": True,
        "head": [
            {"text": gettext("Item")},
            {"text": gettext("Source")},
            {"text": gettext("Cost"), "format": "numeric"},
        ],
        "rows": [
            [{"text": line.item}, {"text": line.source}, {"text": money(line.amount), "format": "numeric"}]
            for line in cost_benefit.costs.all()
        ]
        + [
            [
                {"text": gettext("Total costs")},
                {"text": ""},
                {"text": money(summary.total_costs), "format": "numeric"},
            ]
        ],
    }
    outcome_rows = []
    for line in cost_benefit.outcomes.all():
        outcome_rows.append(
            [
                {"text": line.outcome},
                {"text": f"{line.quantity.normalize():,f}", "format": "numeric"},
                {
                    "text": " / ".join(money(getattr(line, f"unit_value_{case}")) for case in CASES),
                    "format": "numeric",
                },
                {"text": line.source},
                {
                    "text": money((line.quantity * line.unit_value_central).quantize(Decimal("0.01"))),
                    "format": "numeric",
                },
            ]
        )
    outcome_rows.append(
        [
            {"text": gettext("Total value (central)")},
            {"text": ""},
            {"text": ""},
            {"text": ""},
            {"text": money(summary.value["central"]), "format": "numeric"},
        ]
    )
    outcomes = {
        "caption": gettext("Outcomes and what each is worth"),
        "captionSize": "m",
        "firstCellIsHeader": True,
        "responsive": True,
        "head": [
            {"text": gettext("Outcome")},
            {"text": gettext("How many"), "format": "numeric"},
            {"text": gettext("Unit value: low / central / high"), "format": "numeric"},
            {"text": gettext("Source of the unit value")},
            {"text": gettext("Value (central)"), "format": "numeric"},
        ],
        "rows": outcome_rows,
    }
    largest = max([summary.ratio[c] or 0 for c in CASES] + [Decimal(1)])
    ratios = {
        "caption": gettext("Benefit–cost ratio: low, central and high"),
        "captionSize": "m",
        "firstCellIsHeader": True,
        "responsive": True,
        "head": [
            {"text": gettext("Case")},
            {"text": gettext("Total value"), "format": "numeric"},
            {"text": gettext("Total costs"), "format": "numeric"},
            {"text": gettext("Value for every £1 spent"), "format": "numeric"},
            chart_heading(gettext("Chart of the ratios (the same figures as the column)"), gettext("Chart")),
        ],
        "rows": [
            [
                {"text": CASE_LABELS.get(case) or case.capitalize()},
                {"text": money(summary.value[case]), "format": "numeric"},
                {"text": money(summary.total_costs), "format": "numeric"},
                {"text": ratio_text(summary.ratio[case]), "format": "numeric"},
                bar_cell(float((summary.ratio[case] or 0) * 100 / largest)),
            ]
            for case in CASES
        ],
    }
    return [costs, outcomes, ratios]


def ratio_sentence(summary) -> str:
    return gettext("Central estimate: %(central)s. Low: %(low)s. High: %(high)s.") % {
        "central": ratio_text(summary.ratio["central"]),
        "low": ratio_text(summary.ratio["low"]),
        "high": ratio_text(summary.ratio["high"]),
    }
