"""Reading pools and quotas from the CSV shapes of sortition-algorithms and of the Nature 2021 data.

Quotas: columns `feature,value,min,max` (sortition-algorithms, optional `min_flex,max_flex`
ignored), `category,name,min,max` (its older shape) or `category,feature,min,max` (the paper's
replication data). Pools: one row per person, one column per quota feature; the id is the named
column, else `id` or `nationbuilder_id`, else the 0-based row number (the paper's files have no id).
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

from ostrom.sortition.pool import Quota, Volunteer

QUOTA_SHAPES = (("feature", "value"), ("category", "name"), ("category", "feature"))
ID_COLUMNS = ("id", "nationbuilder_id")


def read_quotas(path: Path) -> tuple[Quota, ...]:
    """Quotas from a CSV file in any of the three shapes above; blank rows are skipped."""
    with path.open(newline="", encoding="utf-8-sig") as quota_file:
        reader = csv.DictReader(quota_file)
        headers = [header.strip().lower() for header in reader.fieldnames or ()]
        for feature_column, value_column in QUOTA_SHAPES:
            if {feature_column, value_column, "min", "max"} <= set(headers):
                break
        else:
            raise ValueError(
                f"{path.name} needs the columns feature, value, min and max (or category, feature, min, max)."
            )
        quotas = []
        for row in reader:
            cleaned = {key.strip().lower(): (value or "").strip() for key, value in row.items() if key}
            if not cleaned.get(feature_column):
                continue
            quotas.append(
                Quota(
                    feature=cleaned[feature_column],
                    value=cleaned[value_column],
                    minimum=int(cleaned["min"]),
                    maximum=int(cleaned["max"]),
                )
            )
    return tuple(quotas)


def read_pool(
    path: Path,
    features: Sequence[str],
    *,
    id_column: str | None = None,
    household_columns: Sequence[str] = (),
) -> tuple[Volunteer, ...]:
    """Volunteers from a CSV file: their values for `features`, and a household key joined from
    `household_columns` (e.g. first address line and postcode) when given."""
    with path.open(newline="", encoding="utf-8-sig") as pool_file:
        reader = csv.DictReader(pool_file)
        headers = [header.strip() for header in reader.fieldnames or ()]
        if id_column is None:
            id_column = next((column for column in ID_COLUMNS if column in headers), None)
        elif id_column not in headers:
            raise ValueError(f"{path.name} has no column called {id_column}.")
        missing = [column for column in (*features, *household_columns) if column not in headers]
        if missing:
            raise ValueError(f"{path.name} has no column for {', '.join(missing)}.")
        volunteers = []
        for row_number, row in enumerate(reader):
            cleaned = {(key or "").strip(): (value or "").strip() for key, value in row.items()}
            household = (
                " | ".join(cleaned[column] for column in household_columns) if household_columns else None
            )
            volunteers.append(
                Volunteer(
                    id=cleaned[id_column] if id_column else str(row_number),
                    features={feature: cleaned[feature] for feature in features},
                    household=household,
                )
            )
    return tuple(volunteers)
