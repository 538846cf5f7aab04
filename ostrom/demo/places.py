"""Demo geography: Birmingham and Solihull ICS > Birmingham > Ladywood and Perry Barr > wards > real LSOAs."""

import csv
import random
from decimal import Decimal
from pathlib import Path

from ostrom.accounts import equality
from ostrom.places.models import AreaStatistic, Place, Postcode

IMD_FILE = Path(__file__).parent / "data" / "birmingham_E08000025_imd2019_lsoa11.csv"
IMD_SOURCE = "English Indices of Deprivation 2019 (MHCLG), File 1"
DEMO_SOURCE = "Demo figures, realistic but made up"

# Ward -> (outward postcode, share of each ethnic group in %). Shaped on inner West and North
# Birmingham, where most people are of South Asian, Black Caribbean or Black African heritage.
WARDS = {
    "Ladywood": {
        "Ladywood": (
            "B16",
            {
                "white_british": 28,
                "black_african": 14,
                "black_caribbean": 8,
                "asian_pakistani": 9,
                "asian_indian": 7,
                "asian_bangladeshi": 4,
                "asian_chinese": 6,
                "mixed_white_black_caribbean": 5,
                "white_other": 8,
                "other_arab": 5,
                "other_any": 6,
            },
        ),
        "Soho and Jewellery Quarter": (
            "B18",
            {
                "asian_indian": 22,
                "asian_pakistani": 14,
                "black_caribbean": 15,
                "white_british": 18,
                "asian_bangladeshi": 6,
                "mixed_white_black_caribbean": 7,
                "black_african": 8,
                "white_other": 5,
                "other_any": 5,
            },
        ),
        "Nechells": (
            "B7",
            {
                "asian_pakistani": 22,
                "asian_bangladeshi": 10,
                "black_african": 16,
                "black_caribbean": 9,
                "white_british": 20,
                "other_arab": 6,
                "white_other": 7,
                "mixed_white_black_caribbean": 5,
                "other_any": 5,
            },
        ),
        "North Edgbaston": (
            "B17",
            {
                "white_british": 30,
                "asian_pakistani": 16,
                "asian_indian": 12,
                "black_caribbean": 10,
                "black_african": 9,
                "mixed_white_black_caribbean": 6,
                "white_other": 9,
                "other_any": 8,
            },
        ),
    },
    "Perry Barr": {
        "Handsworth": (
            "B21",
            {
                "asian_pakistani": 24,
                "asian_indian": 20,
                "asian_bangladeshi": 12,
                "black_caribbean": 14,
                "black_african": 7,
                "white_british": 9,
                "mixed_white_black_caribbean": 5,
                "other_any": 5,
                "white_other": 4,
            },
        ),
        "Lozells": (
            "B19",
            {
                "asian_pakistani": 30,
                "asian_bangladeshi": 26,
                "black_caribbean": 11,
                "black_african": 8,
                "asian_indian": 9,
                "white_british": 6,
                "other_any": 6,
                "mixed_white_black_caribbean": 4,
            },
        ),
        "Handsworth Wood": (
            "B20",
            {
                "asian_indian": 38,
                "asian_pakistani": 14,
                "black_caribbean": 14,
                "white_british": 16,
                "mixed_white_black_caribbean": 5,
                "black_african": 5,
                "other_any": 4,
                "white_other": 4,
            },
        ),
        "Perry Barr": (
            "B42",
            {
                "white_british": 32,
                "asian_indian": 18,
                "asian_pakistani": 12,
                "black_caribbean": 12,
                "black_african": 8,
                "mixed_white_black_caribbean": 7,
                "white_other": 6,
                "other_any": 5,
            },
        ),
    },
}
# Each ward's outward codes (the part of a postcode before the space). The demo knows every postcode
# of these, spread over the ward's small areas, so a visitor typing a real Ladywood or Perry Barr
# postcode is found in the right ward. The lookup itself is made up: the real one is the ONS
# Postcode Directory (`manage.py import_postcodes`).
OUTWARD_CODES = {
    "Ladywood": ("B1", "B3", "B16"),
    "Soho and Jewellery Quarter": ("B18",),
    "Nechells": ("B4", "B7"),
    "North Edgbaston": ("B17",),
    "Handsworth": ("B21",),
    "Lozells": ("B19",),
    "Handsworth Wood": ("B20",),
    "Perry Barr": ("B42",),
}
# The second half of a postcode: a sector digit and two letters, never C, I, K, M, O or V.
UNIT_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
AGE_SHARES = {"16-24": 19, "25-34": 20, "35-44": 17, "45-54": 14, "55-64": 12, "65-74": 10, "75+": 8}
LSOAS_PER_WARD = 6


def load(rng: random.Random) -> dict:
    """Create the demo place tree with figures. Returns {"place": Birmingham, "lsoas": [...], "postcodes": {...}}."""
    ics, _ = Place.objects.update_or_create(
        code="E54000055",
        defaults={"name": "Birmingham and Solihull Integrated Care System", "kind": Place.Kind.ICS},
    )
    birmingham, _ = Place.objects.update_or_create(
        code="E08000025", defaults={"name": "Birmingham", "kind": Place.Kind.PLACE, "parent": ics}
    )
    rows = list(csv.DictReader(IMD_FILE.open(encoding="utf-8")))
    # Inner West and North Birmingham are among the most deprived areas in England: draw mostly from
    # deciles 1 and 2, with a few less deprived areas so the breakdowns have something to compare.
    deprived = [row for row in rows if int(row["Index of Multiple Deprivation (IMD) Decile"]) <= 2]
    others = [row for row in rows if int(row["Index of Multiple Deprivation (IMD) Decile"]) > 2]
    wards_count = sum(len(wards) for wards in WARDS.values())
    chosen = rng.sample(deprived, wards_count * 4) + rng.sample(others, wards_count * 2)
    rng.shuffle(chosen)
    lsoas, postcodes = [], {}
    index = 0
    for locality_number, (locality_name, wards) in enumerate(WARDS.items(), start=1):
        locality, _ = Place.objects.update_or_create(
            code=f"DEMO-L{locality_number:02d}",
            defaults={
                "name": locality_name,
                "kind": Place.Kind.LOCALITY,
                "parent": birmingham,
                "is_demo": True,
            },
        )
        for ward_number, (ward_name, (outcode, ethnic_shares)) in enumerate(wards.items(), start=1):
            ward, _ = Place.objects.update_or_create(
                code=f"DEMO-W{locality_number}{ward_number}",
                defaults={"name": ward_name, "kind": Place.Kind.WARD, "parent": locality, "is_demo": True},
            )
            ward_lsoas = []
            for row in chosen[index : index + LSOAS_PER_WARD]:
                index += 1
                lsoa = _lsoa(row, ward, ethnic_shares, rng)
                lsoas.append(lsoa)
                ward_lsoas.append(lsoa)
                for _ in range(3):
                    postcode = f"{outcode} {rng.randint(1, 9)}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}"
                    if postcode not in postcodes:
                        Postcode.objects.update_or_create(
                            postcode=postcode, defaults={"lsoa": lsoa, "is_demo": True}
                        )
                        postcodes[postcode] = lsoa
            _every_postcode_of(OUTWARD_CODES[ward_name], ward_lsoas)
    return {"place": birmingham, "lsoas": lsoas, "postcodes": postcodes}


def _every_postcode_of(outward_codes: tuple[str, ...], lsoas: list[Place]) -> None:
    """Every postcode of the outward codes, each sector's postcodes spread over the ward's small areas.
    Postcodes already known (the residents' own, above) keep their small area."""
    Postcode.objects.bulk_create(
        [
            Postcode(
                postcode=f"{outward} {sector}{first}{second}",
                lsoa=lsoas[(sector * len(UNIT_LETTERS) + position) % len(lsoas)],
                is_demo=True,
            )
            for outward in outward_codes
            for sector in range(10)
            for position, first in enumerate(UNIT_LETTERS)
            for second in UNIT_LETTERS
        ],
        batch_size=2000,
        ignore_conflicts=True,
    )


def _lsoa(row, ward, ethnic_shares, rng) -> Place:
    lsoa, _ = Place.objects.update_or_create(
        code=row["LSOA code (2011)"],
        defaults={"name": row["LSOA name (2011)"], "kind": Place.Kind.LSOA, "parent": ward, "is_demo": False},
    )
    for measure, value, source in [
        (AreaStatistic.Measure.IMD_DECILE, row["Index of Multiple Deprivation (IMD) Decile"], IMD_SOURCE),
        (AreaStatistic.Measure.IMD_RANK, row["Index of Multiple Deprivation (IMD) Rank"], IMD_SOURCE),
    ]:
        AreaStatistic.objects.update_or_create(
            place=lsoa,
            measure=measure,
            category="",
            year=2019,
            defaults={"value": Decimal(value), "source": source},
        )
    population = rng.randint(1300, 2100)
    AreaStatistic.objects.update_or_create(
        place=lsoa,
        measure=AreaStatistic.Measure.POPULATION_TOTAL,
        category="",
        year=2021,
        defaults={"value": population, "source": DEMO_SOURCE, "is_demo": True},
    )
    for measure, shares in [
        (AreaStatistic.Measure.POPULATION_ETHNIC_GROUP, ethnic_shares),
        (AreaStatistic.Measure.POPULATION_AGE_BAND, AGE_SHARES),
        (AreaStatistic.Measure.POPULATION_SEX, {"female": 50, "male": 50}),
    ]:
        for category, count in _split(population, shares, rng).items():
            AreaStatistic.objects.update_or_create(
                place=lsoa,
                measure=measure,
                category=category,
                year=2021,
                defaults={"value": count, "source": DEMO_SOURCE, "is_demo": True},
            )
    return lsoa


def _split(total: int, shares: dict[str, int], rng: random.Random) -> dict[str, int]:
    weights = {category: share * rng.uniform(0.8, 1.2) for category, share in shares.items()}
    scale = total / sum(weights.values())
    counts = {category: int(weight * scale) for category, weight in weights.items()}
    largest = max(counts, key=counts.get)
    counts[largest] += total - sum(counts.values())
    return counts


def ethnic_weights_for(lsoa: Place) -> dict[str, float]:
    figures = lsoa.statistics.filter(measure=AreaStatistic.Measure.POPULATION_ETHNIC_GROUP).order_by("pk")
    weights = {figure.category: float(figure.value) for figure in figures}
    valid = {code for code, _ in equality.ETHNIC_GROUP_CHOICES}
    return {code: weight for code, weight in weights.items() if code in valid}
