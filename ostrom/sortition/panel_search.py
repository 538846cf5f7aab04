"""The integer program that finds one panel meeting every quota, on HiGHS.

A panel is described by how many people it takes from each group of interchangeable volunteers
(see `pool.group_volunteers`). The program has one integer variable per group, bounded by the
group's size; one row for the panel size, one per quota and one per shared household. The same
model is re-solved with new weights many times, so it is built once.
"""

from __future__ import annotations

import highspy
import numpy as np
from numpy.typing import NDArray

from ostrom.sortition.pool import Quota, VolunteerGroups


def quiet_highs() -> highspy.Highs:
    """A HiGHS instance that prints nothing and always takes the same path (one thread, fixed seed)."""
    highs = highspy.Highs()
    highs.setOptionValue("output_flag", False)
    highs.setOptionValue("threads", 1)
    highs.setOptionValue("random_seed", 0)
    return highs


def quota_rows(groups: VolunteerGroups, quotas: tuple[Quota, ...]) -> list[NDArray[np.int64]]:
    """For each quota, the groups whose people count towards it."""
    feature_position = {feature: position for position, feature in enumerate(groups.features)}
    rows = []
    for quota in quotas:
        position = feature_position[quota.feature]
        rows.append(
            np.array(
                [g for g, values in enumerate(groups.values) if values[position] == quota.value],
                dtype=np.int64,
            )
        )
    return rows


class PanelSearch:
    """Finds the panel with the largest total weight among all panels that meet the quotas.

    Ties between equally heavy panels are broken by HiGHS, which is deterministic with one thread
    and a fixed seed, so the same weights always give the same panel.
    """

    def __init__(
        self,
        groups: VolunteerGroups,
        quotas: tuple[Quota, ...],
        panel_size: int,
    ) -> None:
        self.group_count = len(groups)
        self.sizes = np.array(groups.sizes, dtype=np.float64)
        self.quota_members = quota_rows(groups, quotas)
        row_lower = [float(panel_size)]
        row_upper = [float(panel_size)]
        row_groups: list[NDArray[np.int64]] = [np.arange(self.group_count, dtype=np.int64)]
        for quota, members in zip(quotas, self.quota_members, strict=True):
            row_lower.append(float(quota.minimum))
            row_upper.append(float(quota.maximum))
            row_groups.append(members)
        for household in groups.households:
            row_lower.append(0.0)
            row_upper.append(1.0)
            row_groups.append(np.array(household, dtype=np.int64))
        self.highs = quiet_highs()
        self.highs.setOptionValue("mip_rel_gap", 1e-9)
        self.highs.setOptionValue("mip_abs_gap", 1e-12)
        self.highs.setOptionValue("mip_feasibility_tolerance", 1e-9)
        model = highspy.HighsLp()
        model.num_col_ = self.group_count
        model.num_row_ = len(row_groups)
        model.col_cost_ = np.zeros(self.group_count)
        model.col_lower_ = np.zeros(self.group_count)
        model.col_upper_ = self.sizes.copy()
        model.row_lower_ = np.array(row_lower)
        model.row_upper_ = np.array(row_upper)
        model.sense_ = highspy.ObjSense.kMaximize
        model.integrality_ = [highspy.HighsVarType.kInteger] * self.group_count
        starts = np.zeros(len(row_groups) + 1, dtype=np.int32)
        starts[1:] = np.cumsum([len(members) for members in row_groups])
        model.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
        model.a_matrix_.start_ = starts
        model.a_matrix_.index_ = np.concatenate(row_groups).astype(np.int32)
        model.a_matrix_.value_ = np.ones(int(starts[-1]))
        model.a_matrix_.num_col_ = self.group_count
        model.a_matrix_.num_row_ = len(row_groups)
        self.highs.passModel(model)
        self._all_columns = np.arange(self.group_count, dtype=np.int64).astype(np.int32)
        # For swap moves: each group's quota rows (one per feature, -1 when a feature has no quota
        # for that value) and the quota bounds.
        self.quota_minimum = np.array([quota.minimum for quota in quotas], dtype=np.int64)
        self.quota_maximum = np.array([quota.maximum for quota in quotas], dtype=np.int64)
        self.quota_of_group = np.full((self.group_count, max(1, len(groups.features))), -1, dtype=np.int64)
        feature_position = {feature: position for position, feature in enumerate(groups.features)}
        for row, (quota, members) in enumerate(zip(quotas, self.quota_members, strict=True)):
            self.quota_of_group[members, feature_position[quota.feature]] = row
        self.household_of_group = np.full(self.group_count, -1, dtype=np.int64)
        for household, members_in_household in enumerate(groups.households):
            self.household_of_group[list(members_in_household)] = household

    def best_panel(self, weights: NDArray[np.float64]) -> NDArray[np.int64] | None:
        """The panel (people taken from each group) of largest weight, or None if no panel meets the quotas."""
        self.highs.changeColsCost(self.group_count, self._all_columns, np.asarray(weights, dtype=np.float64))
        self.highs.run()
        status = self.highs.getModelStatus()
        if status == highspy.HighsModelStatus.kInfeasible:
            return None
        if status != highspy.HighsModelStatus.kOptimal:
            raise RuntimeError(f"HiGHS stopped with status {self.highs.modelStatusToString(status)}.")
        counts = np.rint(np.asarray(self.highs.getSolution().col_value)).astype(np.int64)
        return counts

    def improve_by_swaps(
        self, counts: NDArray[np.int64], weights: NDArray[np.float64], max_swaps: int = 50
    ) -> NDArray[np.int64]:
        """A cheap heuristic before the integer program: from a panel that meets the quotas, swap one
        person for another (from a heavier group) while the quotas still hold, best swap first.
        Returns a panel that meets the quotas and weighs at least as much as `counts`."""
        counts = counts.copy()
        quota_of_group = self.quota_of_group
        has_quota = quota_of_group >= 0
        safe_rows = np.where(has_quota, quota_of_group, 0)
        for _ in range(max_swaps):
            filled = np.zeros(len(self.quota_minimum), dtype=np.int64)
            np.add.at(
                filled, safe_rows[has_quota], np.broadcast_to(counts[:, None], safe_rows.shape)[has_quota]
            )
            leaving = np.flatnonzero(counts > 0)
            joining = np.flatnonzero((counts < self.sizes) & (weights > weights[leaving].min()))
            if len(joining) == 0:
                break
            can_lose = ~has_quota[leaving] | (
                filled[safe_rows[leaving]] > self.quota_minimum[safe_rows[leaving]]
            )
            can_gain = ~has_quota[joining] | (
                filled[safe_rows[joining]] < self.quota_maximum[safe_rows[joining]]
            )
            same = quota_of_group[leaving][:, None, :] == quota_of_group[joining][None, :, :]
            allowed = (same | (can_lose[:, None, :] & can_gain[None, :, :])).all(axis=2)
            households = self.household_of_group
            if (households >= 0).any():
                taken_households = set(households[leaving][households[leaving] >= 0].tolist())
                blocked = np.array([h >= 0 and h in taken_households for h in households[joining]])
                same_household = households[leaving][:, None] == households[joining][None, :]
                allowed &= ~blocked[None, :] | same_household
            gain = np.where(allowed, weights[joining][None, :] - weights[leaving][:, None], -np.inf)
            best = int(np.argmax(gain))
            out, into = divmod(best, len(joining))
            if gain.flat[best] <= 1e-15:
                break
            counts[leaving[out]] -= 1
            counts[joining[into]] += 1
        return counts
