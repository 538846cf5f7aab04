"""The sortition engine's input, built from an assembly's pool or from what a lottery stored."""

from ostrom.sortition import PanelRequest
from ostrom.sortition import Quota as EngineQuota
from ostrom.sortition import Volunteer as EngineVolunteer

from . import features
from .models import Assembly, Lottery


def panel_request(assembly: Assembly, quotas: list[dict] | None = None) -> PanelRequest:
    """The engine's input: volunteers in the pool (a missing answer counts as prefer not to say) and
    the quotas (the saved ones, or those given). A value someone gave that has no quota of its own is
    left open (0 to the panel size)."""
    rows = quotas if quotas is not None else assembly.quotas.values("feature", "value", "minimum", "maximum")
    engine_quotas = [EngineQuota(q["feature"], q["value"], q["minimum"], q["maximum"]) for q in rows]
    feature_names = list(dict.fromkeys(quota.feature for quota in engine_quotas))
    volunteers = [
        EngineVolunteer(
            id=str(volunteer.pk),
            features={name: volunteer.features.get(name) or features.PREFER_NOT for name in feature_names},
            household=(volunteer.household or None) if assembly.one_per_household else None,
        )
        for volunteer in assembly.volunteers.in_pool()
    ]
    covered = {(quota.feature, quota.value) for quota in engine_quotas}
    for volunteer in volunteers:
        for name, value in volunteer.features.items():
            if (name, value) not in covered:
                engine_quotas.append(EngineQuota(name, value, 0, assembly.panel_size))
                covered.add((name, value))
    return PanelRequest(
        volunteers=tuple(volunteers),
        quotas=tuple(engine_quotas),
        panel_size=assembly.panel_size,
        one_per_household=assembly.one_per_household,
    )


def request_from_lottery(lottery: Lottery) -> PanelRequest:
    """The request exactly as it was when the lottery was drawn, from what the lottery stored."""
    return PanelRequest(
        volunteers=tuple(
            EngineVolunteer(id=vid, features=feats, household=household)
            for vid, feats, household in lottery.pool
        ),
        quotas=tuple(EngineQuota(*quota) for quota in lottery.quotas),
        panel_size=lottery.assembly.panel_size,
        one_per_household=lottery.assembly.one_per_household,
    )
