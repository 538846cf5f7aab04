"""A panel's lottery and pool import under simultaneous use: two draws of the same panel at once leave
one current panel and no failed draw; the same pool file imported twice at once is stored once.
PostgreSQL only (tests/concurrency.py)."""

import pytest

from ostrom.core.tables import ImportRejected
from ostrom.panels import drawing, importing, services
from ostrom.panels.models import Lottery, Volunteer
from tests.concurrency import at_once, fast_passwords, needs_postgresql, raised
from tests.factories import CoordinatorFactory
from tests.panels.factories import SEXES_HALF_AND_HALF, AssemblyFactory, register_pool

POOL_CSV = "full_name,email,postcode,Age band,Sex\n" + "".join(
    f"Volunteer {n},{f'v{n}@example.org' if n % 2 else ''},B16 8AA,25 to 34,{'Female' if n % 2 else 'Male'}\n"
    for n in range(20)
)


@fast_passwords
@pytest.mark.django_db(transaction=True)
def test_two_starts_of_the_same_lottery_at_once_leave_one_current_panel():
    needs_postgresql()
    assembly = AssemblyFactory(panel_size=6)
    register_pool(assembly, 24)
    coordinator = CoordinatorFactory()
    services.save_quotas(coordinator=coordinator, assembly=assembly, quotas=SEXES_HALF_AND_HALF)

    def start():
        return services.start_lottery(coordinator=coordinator, assembly=assembly, seed="public seed").pk

    assert raised(at_once([start, start])) == []
    # Two workers pick up the two draws at the same moment.
    draws = [
        lambda lottery=lottery: drawing.draw_lottery(lottery=lottery) for lottery in Lottery.objects.all()
    ]
    assert raised(at_once(draws)) == []
    [current] = Lottery.objects.filter(assembly=assembly, is_current=True)
    assert len(current.selected) == 6
    assert not Lottery.objects.filter(assembly=assembly, drawn_at__isnull=True).exists()


@fast_passwords
@pytest.mark.django_db(transaction=True)
def test_the_same_pool_file_imported_twice_at_once_is_stored_once():
    needs_postgresql()
    assembly = AssemblyFactory()

    def import_pool():
        return importing.import_pool(assembly=assembly, content=POOL_CSV.encode(), filename="pool.csv")

    outcomes = at_once([import_pool, import_pool])
    assert 20 in outcomes
    [refused] = raised(outcomes)
    assert isinstance(refused, ImportRejected)
    assert all("is in the pool already" in problem.problem for problem in refused.problems)
    assert Volunteer.objects.filter(assembly=assembly).count() == 20
