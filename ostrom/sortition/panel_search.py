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

# A relaxed solution counts as a panel when every group's count is this close to a whole number.
WHOLE = 1e-9


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
        self._upper = self.sizes.copy()
        # The same model without integrality, for the quick searches: its optimum is usually a panel
        # already, and otherwise only a few groups are fractional.
        self.relaxation = quiet_highs()
        self.relaxation.setOptionValue("presolve", "off")
        self.relaxation.setOptionValue("primal_feasibility_tolerance", 1e-10)
        self.relaxation.setOptionValue("dual_feasibility_tolerance", 1e-10)
        model.integrality_ = []
        self.relaxation.passModel(model)

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

    def relaxed_panel(self, weights: NDArray[np.float64]) -> tuple[NDArray[np.int64] | None, float]:
        """The linear relaxation at `weights`: the heaviest panel if the relaxation finds it (it is
        then optimal; else None), and the relaxation's value, which no panel exceeds.

        About a tenth of the cost of `best_panel`; call it only once the quotas are known feasible.
        """
        self.relaxation.changeColsCost(
            self.group_count, self._all_columns, np.asarray(weights, dtype=np.float64)
        )
        self.relaxation.run()
        status = self.relaxation.getModelStatus()
        if status != highspy.HighsModelStatus.kOptimal:
            raise RuntimeError(f"HiGHS stopped with status {self.relaxation.modelStatusToString(status)}.")
        counts = np.asarray(self.relaxation.getSolution().col_value)
        value = float(self.relaxation.getInfo().objective_function_value)
        rounded = np.rint(counts)
        if np.abs(counts - rounded).max(initial=0.0) > WHOLE:
            return None, value
        return rounded.astype(np.int64), value

    def good_panel(self, weights: NDArray[np.float64]) -> NDArray[np.int64]:
        """A heavy panel, found quickly: the linear relaxation, and if that is fractional the heaviest
        panel that rounds it (the integer program over the same groups, each rounded down or up),
        which is usually the heaviest panel or very close to it. Call it only once the quotas are
        known feasible."""
        panel, _ = self.relaxed_panel(weights)
        if panel is not None:
            return panel
        counts = np.asarray(self.relaxation.getSolution().col_value)
        rounded = np.rint(counts)
        fractional = np.abs(counts - rounded) > WHOLE
        lower = np.where(fractional, np.floor(counts), rounded)
        upper = np.where(fractional, np.ceil(counts), rounded)
        self.highs.changeColsBounds(self.group_count, self._all_columns, lower, upper)
        try:
            panel = self.best_panel(weights)
        except RuntimeError:
            # HiGHS 1.15's presolve sometimes reduces this small rounding problem to nothing and
            # reports a solve error; the full integer program below is fine.
            panel = None
        finally:
            self.highs.changeColsBounds(
                self.group_count, self._all_columns, np.zeros(self.group_count), self._upper
            )
        if panel is None:
            panel = self.best_panel(weights)
        assert panel is not None, "the quotas were checked before"
        return panel
