"""Solve the rollout problem: LP relaxation (HiGHS) for a proven bound, then rounding, repair, local search.

The model (issues 7 and 15): every village gets at most one (option with its power option when off-grid,
start year), exactly one under `require_all`. A village started in year s costs payer p, in every year
y >= s, share_p x (opex + capex if y = s). Every live site runs each year at one of its tiers (or is off,
unless `keep_live_sites`), costing its payers the tier's opex that year. Every payer stays within its budget
every year; the objective is the sum of weight x quality x years served plus weight x tier value per live
site-year.

How: one column per choice of a "group" (a village; a live site in one year). Dominated options (another is
no worse in quality, capex and opex) and columns that alone break a budget are dropped: neither can be in
any plan, so the LP over the rest is still a relaxation. The LP has one row per group and one per (payer,
year); a basic optimum has at most as many fractional groups as budget rows, so rounding loses little. The
proven bound is the Lagrangian value of the LP's duals, valid for any dual vector, so solver tolerances (or
an LP stopped at its time limit) never make it optimistic.

Steps: greedy plans first (seconds even at national scale; the answer is never worse than the better of
them): largest first, and by value per rupiah (`_efficient_greedy`, far stronger when every village is
required); per independent component (villages sharing no payer: a province), the LP, by column generation
on large components started from the greedy plan's columns and basis, the time shared by size; rounding
(whole groups kept, fractional ones settled by a small MIP per component, required groups at their
cheapest column that fits and then moved up, the rest greedily); per component the better of the rounded
plan and the improved greedy plan (`_merge_by_component`, so a component whose LP ran out of time keeps the
greedy's); single-group moves; then a MIP on the "core" (the groups with the smallest margin at the LP's
prices), started from the plan and kept only when better; with time left on a model of at most
`POLISH_MAX_COLUMNS` columns, HiGHS branch and bound on the whole model, which also tightens the bound.
Every HiGHS call has a time limit, every MIP runs in a forked child killed at its deadline (`_run_mip`),
and the Python loops over villages look at the clock every `DEADLINE_EVERY` steps; the stages end early by
`OUTPUT_RESERVE` x the time the columns took to build, for writing the result. So a time limit is kept
within a few percent (the column build itself, seconds at national scale, is not interruptible).
"""

from __future__ import annotations

import os
import pickle
import select
import signal
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, BinaryIO

import highspy
import numpy as np
import numpy.typing as npt

from selaras.core.i18n import Msg, Text
from selaras.core.rollout.model import (
    Assignment,
    LiveTier,
    PowerOption,
    RolloutProblem,
    RolloutResult,
    Status,
    keep_live_sites_cost_idr,
    validate_problem,
)

FloatArray = npt.NDArray[np.float64]
IDR_BILLION = 1e9
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

# Budgets are in rupiah (1e9-1e13); a plan may exceed one by this relative amount of float noise, never more.
BUDGET_RTOL = 1e-9
LP_FRACTION_ONE = 1 - 1e-6
# Issue 7 asks that the complete-plan factor be within 1% of its proven lower bound.
FACTOR_RTOL = 0.005
DEFAULT_EXACT_TIME_LIMIT_S = 60.0
# The time limit of a HiGHS call when the solve itself has none.
UNLIMITED_CALL_S = 900.0
# Under a time limit, when the greedy finds no plan covering the required groups, the plan at the budgets
# given gets this share of the time; the rest goes to the search for the smallest budget factor.
FACTOR_SEARCH_SHARE = 0.5
LP_SHARE = 0.6
# With time to spare, instances up to this size get HiGHS branch and bound from the heuristic plan: it
# tightens the proven bound and sometimes the plan. Larger ones would spend the time building the MIP.
POLISH_MAX_COLUMNS = 200_000
# Time for HiGHS to settle the LP's fractional villages (at most one per budget row) exactly.
RESIDUAL_MIP_S = 10.0
# A residual MIP given less time than this is skipped (the greedy placement settles its villages).
RESIDUAL_MIP_MIN_S = 0.05
# Beyond this many columns (national scale: thousands of fractional villages) the MIP did worse than greedy.
RESIDUAL_MIP_MAX_COLUMNS = 5_000
# Components with more columns than this solve their LP by column generation (see `_component_lp`).
COLUMN_GENERATION_MIN_COLUMNS = 20_000
REDUCED_COST_TOLERANCE = 1e-9
# Cost of a required group's slack in column generation: values are scaled to at most 1 per column.
SLACK_COST = 1e4
# Columns of the villages the LP is least sure about that the residual MIP settles, per component.
CORE_MAX_COLUMNS = 3_000
# A MIP child asks HiGHS to stop 8% (+0.05 s) before its time is up, and is killed 0.05 s after (`_run_mip`).
MIP_GRACE_RATIO = 0.08
MIP_GRACE_S = 0.05
MIP_BOUND_EVERY_S = 0.5
# A core MIP given less time than this would not get past HiGHS's root node.
CORE_MIN_S = 0.3
# The stages stop this multiple of the time it took to build the columns before the deadline, so that
# writing the result (a walk over every group, as building them was) ends within the limit.
OUTPUT_RESERVE = 0.6
# A component's LP given less time than this is skipped (its bound: each group's best column).
LP_MIN_S = 0.05
# Python loops over villages or columns look at the clock every this many steps.
DEADLINE_EVERY = 2_000
# Rounds of the value-per-cost greedy, each with its budget rows reweighted (see `_efficient_greedy`).
EFFICIENT_ROUNDS = 2
# The share of the time left the value-per-cost greedy may take before the LP.
EFFICIENT_SHARE = 0.12

STAGE_BUILD = Msg(id="Menyusun model: {columns} kolom", en="Building the model: {columns} columns")
STAGE_GREEDY = Msg(id="Rencana serakah sebagai titik awal", en="Greedy plan as the starting point")
STAGE_LP = Msg(id="Menyelesaikan relaksasi LP (HiGHS)", en="Solving the LP relaxation (HiGHS)")
STAGE_ROUND = Msg(id="Membulatkan dan memperbaiki rencana", en="Rounding and repairing the plan")
STAGE_CORE = Msg(
    id="MIP kecil untuk desa yang paling tidak pasti",
    en="Small MIPs for the villages the LP is least sure of",
)
STAGE_IMPROVE = Msg(id="Perbaikan lokal, putaran {round}", en="Local improvement, round {round}")
STAGE_MIP = Msg(
    id="MIP eksak (HiGHS), batas waktu {seconds} detik", en="Exact MIP (HiGHS), time limit {seconds} s"
)
STAGE_FACTOR = Msg(
    id="Mencari faktor anggaran minimum: antara {low:.4f} dan {high:.4f}",
    en="Searching the minimum budget factor: between {low:.4f} and {high:.4f}",
)
STAGE_DONE = Msg(id="Selesai: {status}", en="Done: {status}")


@dataclass(frozen=True)
class RolloutProgress:
    """What the solver is doing; `objective` and `upper_bound` are the best known so far, when known."""

    stage: Text
    elapsed_s: float
    objective: float | None = None
    upper_bound: float | None = None


ProgressFn = Callable[[RolloutProgress], None]
# What the stages call: a stage's text, and the best objective and bound known, when known.
_Report = Callable[..., None]


class _Columns:
    """Every choice as a column of flat arrays, and its costs on the (payer, year) budget rows.

    A "group" takes at most one column (exactly one when `required`): groups 0 .. `n_new` - 1 are the new
    villages, whose columns are (option with its power option, start year), paying capex in the start year
    and opex every year to the end; then one group per (live site, year), whose columns are its tiers for
    that year alone (issue 15). `n_villages` counts every group.
    """

    def __init__(self, problem: RolloutProblem) -> None:
        self.years = problem.years
        n_years = len(problem.years)
        self.payers = sorted(problem.budgets_idr)
        payer_index = {p: k for k, p in enumerate(self.payers)}
        self.budget = np.array(
            [problem.budget_idr(p, y) for p in self.payers for y in problem.years], dtype=np.float64
        )
        quality = {t.id: t.quality for t in problem.technologies}
        pair_village: list[int] = []
        pair_quality: list[float] = []
        pair_capex: list[float] = []
        pair_opex: list[float] = []
        pair_first: list[int] = []
        pair_end: list[int] = []
        self.pair_tech: list[str] = []
        self.pair_power: list[str | None] = []
        self.village_payers: list[list[tuple[int, float]]] = []
        weights: list[float] = []
        required: list[bool] = []
        for i, village in enumerate(problem.villages):
            self.village_payers.append(
                [(payer_index[p], s) for p, s in sorted(village.payer_shares.items()) if s > 0]
            )
            weights.append(village.weight)
            required.append(problem.require_all)
            powers: tuple[PowerOption | None, ...] = (None,) if village.grid_power else problem.power_options
            choices = [
                (
                    o.tech,
                    power.id if power else None,
                    quality[o.tech],
                    o.capex_idr + (power.capex_idr if power else 0.0),
                    o.opex_idr_per_year + (power.opex_idr_per_year if power else 0.0),
                )
                for o in village.options
                for power in powers
            ]
            for tech, power_id, q, capex, opex in _undominated(choices):
                pair_village.append(i)
                self.pair_tech.append(tech)
                self.pair_power.append(power_id)
                pair_quality.append(q)
                pair_capex.append(capex)
                pair_opex.append(opex)
                pair_first.append(0)
                pair_end.append(n_years)
        self.n_new = len(problem.villages)
        for site in problem.live_sites:
            payers = [(payer_index[p], s) for p, s in sorted(site.payer_shares.items()) if s > 0]
            tiers = _undominated(
                [(t.id, None, t.value, 0.0, t.opex_idr_per_year) for t in problem.site_tiers(site)]
            )
            for t in range(n_years):
                group = len(self.village_payers)
                self.village_payers.append(payers)
                weights.append(site.weight)
                required.append(problem.keep_live_sites)
                for tier_id, _, value, _, opex in tiers:
                    pair_village.append(group)
                    self.pair_tech.append(tier_id)
                    self.pair_power.append(None)
                    pair_quality.append(value)
                    pair_capex.append(0.0)
                    pair_opex.append(opex)
                    pair_first.append(t)
                    pair_end.append(t + 1)
        self.pair_village = np.array(pair_village, dtype=np.int64)
        self.pair_capex = np.array(pair_capex, dtype=np.float64)
        self.pair_opex = np.array(pair_opex, dtype=np.float64)
        first = np.array(pair_first, dtype=np.int64)
        pair_stop = np.array(pair_end, dtype=np.int64)
        self.required = np.array(required, dtype=np.bool_)
        self.weight: list[float] = weights
        # Columns: a new village's pair starts in any year; a live site's tier only in its own year.
        counts = np.where(pair_stop == n_years, n_years - first, 1)
        self.pair = np.repeat(np.arange(len(pair_village), dtype=np.int64), counts)
        self.start = (
            first[self.pair] + np.arange(len(self.pair)) - np.repeat(np.cumsum(counts) - counts, counts)
        )
        self.end = pair_stop[self.pair]
        self.village = self.pair_village[self.pair]
        # Value: weight x quality (or tier value) x years served.
        self.value = (
            np.array(weights, dtype=np.float64)[self.village]
            * np.array(pair_quality, dtype=np.float64)[self.pair]
            * (self.end - self.start)
        )
        self.nz_col, self.nz_row, self.nz_val = self._budget_entries(n_years)
        # Python lists: the repair and local search test one column at a time, where lists beat numpy.
        self.capex_list: list[float] = self.pair_capex.tolist()
        self.opex_list: list[float] = self.pair_opex.tolist()
        self.pair_list: list[int] = self.pair.tolist()
        self.pair_village_list: list[int] = self.pair_village.tolist()
        self.village_list: list[int] = self.village.tolist()
        self.start_list: list[int] = self.start.tolist()
        self.end_list: list[int] = self.end.tolist()
        self.value_list: list[float] = self.value.tolist()
        self.n_villages = len(self.village_payers)
        self.n_years = n_years
        self.any_required = bool(self.required.any())
        # Column generation's first restricted LP: a new village's first-year columns, every live tier.
        self.initial = (self.start == 0) | (self.village >= self.n_new)
        self._relative_cost: list[float] | None = None
        self._group_component: IntArray | None = None

    def _budget_entries(self, n_years: int) -> tuple[IntArray, IntArray, FloatArray]:
        counts = np.array([len(ps) for ps in self.village_payers], dtype=np.int64)[self.village]
        flat_payer = np.array([p for ps in self.village_payers for p, _ in ps], dtype=np.int64)
        flat_share = np.array([s for ps in self.village_payers for _, s in ps], dtype=np.float64)
        first = np.cumsum([0] + [len(ps) for ps in self.village_payers])[:-1]
        # One entry per (column, payer of its group).
        entry_col = np.repeat(np.arange(len(counts)), counts)
        offset = np.arange(len(entry_col)) - np.repeat(np.cumsum(counts) - counts, counts)
        entry_payer = flat_payer[first[self.village[entry_col]] + offset]
        entry_share = flat_share[first[self.village[entry_col]] + offset]
        entry_pair = self.pair[entry_col]
        entry_start = self.start[entry_col]
        entry_end = self.end[entry_col]
        cols, rows, vals = [], [], []
        for d in range(n_years):
            year = entry_start + d
            keep = year < entry_end
            amount = self.pair_opex[entry_pair[keep]] + (self.pair_capex[entry_pair[keep]] if d == 0 else 0.0)
            cols.append(entry_col[keep])
            rows.append(entry_payer[keep] * n_years + year[keep])
            vals.append(entry_share[keep] * amount)
        col, row, val = np.concatenate(cols), np.concatenate(rows), np.concatenate(vals)
        keep = val > 0
        return col[keep], row[keep], val[keep]

    def group_component(self) -> IntArray:
        """Each group's independent component (groups sharing no payer, directly or not, are independent)."""
        if self._group_component is None:
            parent = list(range(len(self.payers)))

            def find(a: int) -> int:
                while parent[a] != a:
                    parent[a] = parent[parent[a]]
                    a = parent[a]
                return a

            for payers in self.village_payers:
                for p, _ in payers[1:]:
                    parent[find(p)] = find(payers[0][0])
            self._group_component = np.array(
                [find(ps[0][0]) if ps else -1 for ps in self.village_payers], dtype=np.int64
            )
        return self._group_component

    def relative_cost(self) -> list[float]:
        """Each column's cost as the sum of its shares of the budget rows it touches (a scalar size)."""
        if self._relative_cost is None:
            safe = np.where(self.budget > 0, self.budget, 1.0)
            self._relative_cost = np.bincount(
                self.nz_col, weights=self.nz_val / safe[self.nz_row], minlength=len(self.value)
            ).tolist()
        return self._relative_cost

    def fitting(self, factor: float) -> npt.NDArray[np.bool_]:
        """Columns that fit the budgets times `factor` on their own; the others can be in no plan."""
        budget = self.budget[self.nz_row] * factor
        too_big = self.nz_val > budget * (1 + BUDGET_RTOL)
        ok = np.ones(len(self.value), dtype=np.bool_)
        ok[self.nz_col[too_big]] = False
        return ok

    def possible(self) -> npt.NDArray[np.bool_]:
        """Columns that fit some multiple of the budgets: none of their payers has a zero budget that year."""
        ok = np.ones(len(self.value), dtype=np.bool_)
        ok[self.nz_col[self.budget[self.nz_row] <= 0]] = False
        return ok


_Choice = tuple[str, str | None, float, float, float]


def _undominated(choices: list[_Choice]) -> list[_Choice]:
    """Choices (tech, power, quality, capex, opex) no other beats or equals in quality, capex and opex."""
    keep = []
    for k, (_, _, quality, capex, opex) in enumerate(choices):
        for m, (_, _, q, c, o) in enumerate(choices):
            # Ties keep the first of identical options only.
            if (
                m != k
                and q >= quality
                and c <= capex
                and o <= opex
                and (m < k or (q, c, o) != (quality, capex, opex))
            ):
                break
        else:
            keep.append(choices[k])
    return keep


@dataclass
class _Lp:
    """An LP solution: values for all columns, a price per budget row, and the proven bound."""

    x: FloatArray
    row_price: FloatArray
    bound: float
    # The independent parts (column masks) and each one's bound.
    components: list[npt.NDArray[np.bool_]]
    component_bounds: list[float]


def _highs(time_limit_s: float | None, lp: bool = False) -> highspy.Highs:
    h = highspy.Highs()  # type: ignore[no-untyped-call]  # highspy's constructor carries no annotations
    h.setOptionValue("output_flag", False)
    # Both cores are shared with other work; HiGHS's parallel simplex does not pay off here.
    h.setOptionValue("threads", 1)
    # Without a limit from the caller, a generous one: no HiGHS call may run unbounded.
    h.setOptionValue("time_limit", max(time_limit_s, 0.1) if time_limit_s is not None else UNLIMITED_CALL_S)
    if lp:
        # Primal simplex: on these LPs (a row per village, few budget rows) it ran 3x faster than dual.
        h.setOptionValue("simplex_strategy", 4)
    return h


@dataclass
class _MipOutcome:
    """What a HiGHS MIP run left: its solution (None without one), dual bound, and whether it is optimal."""

    values: FloatArray | None
    dual_bound: float
    optimal: bool


def _mip_outcome(h: highspy.Highs) -> _MipOutcome:
    solution = h.getSolution()
    values = np.asarray(solution.col_value, dtype=np.float64) if solution.value_valid else None
    optimal = h.getModelStatus() == highspy.HighsModelStatus.kOptimal
    return _MipOutcome(values, float(h.getInfo().mip_dual_bound), optimal)


def _send(out: BinaryIO, outcome: _MipOutcome) -> None:
    data = pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL)
    out.write(len(data).to_bytes(8, "little") + data)
    out.flush()


def _mip_child(h: highspy.Highs, write_fd: int, deadline: float) -> None:  # pragma: no cover - in the child
    """Run the MIP, sending every improving plan (with the dual bound then) and finally the outcome."""
    with os.fdopen(write_fd, "wb") as out:

        def improving(event: Any) -> None:
            values = np.asarray(event.data_out.mip_solution, dtype=np.float64)
            _send(out, _MipOutcome(values.copy(), float(event.data_out.mip_dual_bound), False))

        last_sent = [time.monotonic()]

        def interrupt(event: Any) -> None:
            now = time.monotonic()
            if now > deadline:
                event.interrupt()
            elif now - last_sent[0] > MIP_BOUND_EVERY_S:
                # The dual bound so far, so that a killed run still proves something.
                last_sent[0] = now
                _send(out, _MipOutcome(None, float(event.data_out.mip_dual_bound), False))

        h.cbMipImprovingSolution.subscribe(improving)
        h.cbMipInterrupt.subscribe(interrupt)
        h.run()
        _send(out, _mip_outcome(h))


def _run_mip(h: highspy.Highs, seconds: float) -> _MipOutcome:
    """Run a HiGHS MIP that cannot overrun `seconds` by more than a few percent.

    HiGHS 1.16 checks its time limit only at some points: on a 75,000-column every-village model it spent
    90 s between presolve and the root LP under a 15 s limit, and presolve or a sub-MIP has hung for minutes.
    So the MIP runs in a forked child that sends each improving plan as it is found and is killed at the
    deadline: the caller gets the last plan and bound it sent. Where fork is missing, it runs here and
    trusts the time limit.
    """
    if seconds <= MIP_GRACE_S:
        # No time left for a MIP: it would prove nothing.
        return _MipOutcome(None, -np.inf, False)
    if not hasattr(os, "fork"):
        h.run()
        return _mip_outcome(h)
    # HiGHS gets a little less than `seconds`, so it usually stops itself and its answer is kept.
    own_limit = max(seconds * (1 - MIP_GRACE_RATIO) - MIP_GRACE_S, MIP_GRACE_S)
    h.setOptionValue("time_limit", own_limit)
    started = time.monotonic()
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child's coverage is not collected
        os.close(read_fd)
        try:
            _mip_child(h, write_fd, started + own_limit)
        finally:
            os._exit(0)
    os.close(write_fd)
    until = started + seconds + MIP_GRACE_S
    buffer = b""
    # Every MIP here minimises: no answer proves nothing, a dual bound of -inf.
    best = _MipOutcome(None, -np.inf, False)
    with os.fdopen(read_fd, "rb", buffering=0) as pipe:
        while True:
            left = until - time.monotonic()
            if left <= 0 or not select.select([pipe], [], [], left)[0]:
                os.kill(pid, signal.SIGKILL)
                break
            chunk = pipe.read(1 << 20)
            if not chunk:
                break
            buffer += chunk
            while len(buffer) >= 8 and len(buffer) >= 8 + int.from_bytes(buffer[:8], "little"):
                size = int.from_bytes(buffer[:8], "little")
                outcome: _MipOutcome = pickle.loads(buffer[8 : 8 + size])  # noqa: S301  # our own child wrote it
                buffer = buffer[8 + size :]
                values = outcome.values if outcome.values is not None else best.values
                best = _MipOutcome(values, max(best.dual_bound, outcome.dual_bound), outcome.optimal)
    os.waitpid(pid, 0)
    return best


def _pass_model(
    h: highspy.Highs,
    n_rows: int,
    col_cost: FloatArray,
    col_upper: FloatArray,
    row_lower: FloatArray,
    row_upper: FloatArray,
    entries: tuple[IntArray, IntArray, FloatArray],
    integer: bool = False,
) -> None:
    col, row, val = entries
    order = np.argsort(col, kind="stable")
    lp = highspy.HighsLp()
    lp.num_col_ = len(col_cost)
    lp.num_row_ = n_rows
    lp.col_cost_ = col_cost
    lp.col_lower_ = np.zeros(len(col_cost))
    lp.col_upper_ = col_upper
    lp.row_lower_ = row_lower
    lp.row_upper_ = row_upper
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = np.concatenate([[0], np.cumsum(np.bincount(col, minlength=len(col_cost)))]).astype(
        np.int32
    )
    lp.a_matrix_.index_ = row[order].astype(np.int32)
    lp.a_matrix_.value_ = val[order]
    if integer:
        lp.integrality_ = [highspy.HighsVarType.kInteger] * len(col_cost)
    h.passModel(lp)


@dataclass
class _Model:
    """The LP/MIP over the active columns at one budget factor, in HiGHS's scaled form.

    Only rows with entries are kept: `rows[k]` is model row k's id (budget rows first, then one per village).
    """

    active: IntArray
    entries: tuple[IntArray, IntArray, FloatArray]
    rows: IntArray
    value_scale: float

    def row_bounds(self, n_budget: int, required: BoolArray) -> tuple[FloatArray, FloatArray]:
        """Budget rows <= 1 (scaled); a group's row = 1 when it is `required`, else <= 1."""
        is_budget = self.rows < n_budget
        group = np.maximum(self.rows - n_budget, 0)
        lower = np.where(is_budget | ~required[group], -np.inf, 1.0)
        return lower, np.ones(len(self.rows))


def _model(cols: _Columns, active_mask: npt.NDArray[np.bool_], factor: float) -> _Model:
    active = np.flatnonzero(active_mask)
    new_id = np.full(len(cols.value), -1, dtype=np.int64)
    new_id[active] = np.arange(len(active))
    keep = active_mask[cols.nz_col]
    rows = cols.nz_row[keep]
    # Each budget row is scaled to 1 so HiGHS sees numbers near 1, not rupiah in the trillions.
    vals = cols.nz_val[keep] / (cols.budget[rows] * factor)
    col = np.concatenate([new_id[cols.nz_col[keep]], np.arange(len(active))])
    row = np.concatenate([rows, len(cols.budget) + cols.village[active]])
    val = np.concatenate([vals, np.ones(len(active))])
    used, row = np.unique(row, return_inverse=True)
    scale = float(cols.value[active].max()) if len(active) else 1.0
    return _Model(
        active, (col, row.astype(np.int64), val), used.astype(np.int64), scale if scale > 0 else 1.0
    )


def _lagrangian_bound(cols: _Columns, model: _Model, price: FloatArray) -> float:
    """Sum of prices x budgets plus each village's best priced profit: an upper bound for any prices >= 0.

    `price` is per model row (scaled budget rows have right-hand side 1); village rows must carry price 0.
    """
    col, row, val = model.entries
    priced = np.bincount(col, weights=val * price[row], minlength=len(model.active))
    profit = cols.value[model.active] / model.value_scale - priced
    best = np.full(cols.n_villages, -np.inf)
    np.maximum.at(best, cols.village[model.active], profit)
    villages = np.unique(cols.village[model.active])
    # A group that may be left out is worth at least 0.
    best = np.where(cols.required[villages], best[villages], np.maximum(best[villages], 0.0))
    return float((price.sum() + best.sum()) * model.value_scale)


def _components(cols: _Columns) -> list[npt.NDArray[np.bool_]]:
    """Columns grouped by villages that share no payer: their LPs are independent (often one per province)."""
    column_group = cols.group_component()[cols.village]
    return [column_group == g for g in np.unique(column_group)]


def _component_lp(
    cols: _Columns,
    model: _Model,
    n_budget: int,
    time_limit_s: float | None,
    seed: BoolArray | None = None,
) -> tuple[FloatArray, FloatArray] | None:
    """Column values and row duals of one component's LP; None when it is infeasible.

    Large ones by column generation: HiGHS starts with each village's columns that start in the first year,
    every live site's tiers, the `seed` plan's columns and a costly slack per required row, and each round
    adds, per village, the column with the most negative reduced cost at the current duals, until none is left (the LP optimum over every column) or time runs out. The bound does
    not depend on it: `_lagrangian_bound` prices every column, so any duals give a valid bound.
    """
    n = len(model.active)
    cost = -cols.value[model.active] / model.value_scale
    col, row, val = model.entries
    lower, upper = model.row_bounds(n_budget, cols.required)
    n_rows = len(model.rows)
    started = time.monotonic()
    h = _highs(time_limit_s, lp=True)
    if n <= COLUMN_GENERATION_MIN_COLUMNS:
        _pass_model(h, n_rows, cost, np.ones(n), lower, upper, model.entries)
        h.run()
        if h.getModelStatus() == highspy.HighsModelStatus.kInfeasible:
            return None
        solution = h.getSolution()
        x = np.asarray(solution.col_value) if solution.value_valid else np.zeros(n)
        dual = np.asarray(solution.row_dual) if solution.dual_valid else np.zeros(n_rows)
        return x, dual
    order = np.argsort(col, kind="stable")
    starts = np.concatenate([[0], np.cumsum(np.bincount(col, minlength=n))])
    sorted_row, sorted_val = row[order], val[order]
    village = cols.village[model.active]
    in_model = cols.initial[model.active].copy()
    if seed is not None:
        # A plan's columns (the greedy's): with them the first restricted LP is feasible and already good.
        in_model |= seed[model.active]
    # Every row is in the model from the start (columns added later only touch existing rows).
    ids = np.flatnonzero(in_model)
    keep = in_model[col]
    position = np.full(n, -1, dtype=np.int64)
    position[ids] = np.arange(len(ids))
    h_lp = highspy.HighsLp()
    h_lp.num_col_ = len(ids)
    h_lp.num_row_ = n_rows
    h_lp.col_cost_ = cost[ids]
    h_lp.col_lower_ = np.zeros(len(ids))
    h_lp.col_upper_ = np.ones(len(ids))
    h_lp.row_lower_ = lower
    h_lp.row_upper_ = upper
    h_lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    h_lp.a_matrix_.start_ = np.concatenate(
        [[0], np.cumsum(np.bincount(position[col[keep]], minlength=len(ids)))]
    ).astype(np.int32)
    inner = np.argsort(position[col[keep]], kind="stable")
    h_lp.a_matrix_.index_ = row[keep][inner].astype(np.int32)
    h_lp.a_matrix_.value_ = val[keep][inner]
    h.passModel(h_lp)
    order_ids = ids.tolist()
    # A required group's row (= 1) may have no column yet that fits with the others: an expensive slack per
    # such row keeps the restricted LP feasible, and its dual draws in the columns that replace it.
    slack_rows = np.flatnonzero(lower > 0)
    if len(slack_rows):
        h.addCols(
            len(slack_rows),
            np.full(len(slack_rows), SLACK_COST),
            np.zeros(len(slack_rows)),
            np.ones(len(slack_rows)),
            len(slack_rows),
            np.arange(len(slack_rows), dtype=np.int32),
            slack_rows.astype(np.int32),
            np.ones(len(slack_rows)),
        )
        order_ids += [-1] * len(slack_rows)
    if seed is not None:
        _start_basis(h, cols, model, n_budget, ids, position, seed, slack_rows, lower)
    converged = False
    while True:
        if time_limit_s is not None:
            h.setOptionValue("time_limit", max(time_limit_s - (time.monotonic() - started), 0.1))
        h.run()
        solution = h.getSolution()
        if not solution.dual_valid:
            break
        dual = np.asarray(solution.row_dual)
        reduced = cost - np.bincount(col, weights=val * dual[row], minlength=n)
        reduced[in_model] = 0.0
        if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            break
        if time_limit_s is not None and time.monotonic() - started > time_limit_s:
            break
        entering = np.flatnonzero(reduced < -REDUCED_COST_TOLERANCE)
        if not len(entering):
            converged = True
            break
        # The most negative per village: several columns of one village would compete for its row.
        entering = entering[np.lexsort((reduced[entering], village[entering]))]
        first = np.r_[True, village[entering][1:] != village[entering][:-1]]
        entering = entering[first]
        in_model[entering] = True
        counts = starts[entering + 1] - starts[entering]
        index = np.concatenate([sorted_row[starts[j] : starts[j + 1]] for j in entering.tolist()])
        value = np.concatenate([sorted_val[starts[j] : starts[j + 1]] for j in entering.tolist()])
        h.addCols(
            len(entering),
            cost[entering],
            np.zeros(len(entering)),
            np.ones(len(entering)),
            len(index),
            np.concatenate([[0], np.cumsum(counts)[:-1]]).astype(np.int32),
            index.astype(np.int32),
            value,
        )
        order_ids += entering.tolist()
    solution = h.getSolution()
    x = np.zeros(n)
    if solution.value_valid:
        positions = np.array(order_ids, dtype=np.int64)
        values = np.asarray(solution.col_value)
        # Slack left at the LP optimum over every column: no plan covers the required groups.
        if converged and len(slack_rows) and float(values[positions < 0].max()) > 1e-6:
            return None
        x[positions[positions >= 0]] = values[positions >= 0]
    dual = np.asarray(solution.row_dual) if solution.dual_valid else np.zeros(n_rows)
    return x, dual


def _start_basis(
    h: highspy.Highs,
    cols: _Columns,
    model: _Model,
    n_budget: int,
    ids: IntArray,
    position: IntArray,
    seed: BoolArray,
    slack_rows: IntArray,
    lower: FloatArray,
) -> None:
    """Start the restricted LP's simplex from the `seed` plan: each of its columns basic in its group's row,
    every budget row's slack basic, a required group without a seed column on its costly slack, any other
    group's row basic. The basis is triangular, so valid, and primal feasible when the plan fits (it does),
    which spares the simplex its first phase (half its iterations at national scale)."""
    seeded = np.flatnonzero(seed[model.active])
    seeded = seeded[position[seeded] >= 0]
    group_row = np.searchsorted(model.rows, n_budget + cols.village[model.active[seeded]])
    n_rows = len(model.rows)
    n_lp_cols = len(ids) + len(slack_rows)
    col_status = np.full(n_lp_cols, 0, dtype=np.int8)  # 0 lower, 1 basic
    row_status = np.where(model.rows < n_budget, 1, 2).astype(np.int8)  # 1 basic, 2 upper
    covered = np.zeros(n_rows, dtype=np.bool_)
    col_status[position[seeded]] = 1
    covered[group_row] = True
    for k, r in enumerate(slack_rows.tolist()):
        if not covered[r]:
            col_status[len(ids) + k] = 1
            covered[r] = True
    is_group = model.rows >= n_budget
    # Optional groups without a seed column: their row is basic; required ones are covered by now.
    row_status[is_group & ~covered & ~(lower > 0)] = 1
    status = {
        0: highspy.HighsBasisStatus.kLower,
        1: highspy.HighsBasisStatus.kBasic,
        2: highspy.HighsBasisStatus.kUpper,
    }
    basis = highspy.HighsBasis()
    basis.col_status = [status[v] for v in col_status.tolist()]
    basis.row_status = [status[v] for v in row_status.tolist()]
    basis.valid = True
    h.setBasis(basis)


def _uncovered(cols: _Columns, active_mask: BoolArray) -> bool:
    """Whether some required group has no column in `active_mask` (then no plan covers it)."""
    covered = np.zeros(cols.n_villages, dtype=np.bool_)
    covered[cols.village[active_mask]] = True
    return bool((cols.required & ~covered).any())


def _solve_lp(
    cols: _Columns,
    active_mask: npt.NDArray[np.bool_],
    factor: float,
    time_limit_s: float | None,
    seed: list[int] | None = None,
) -> _Lp | None:
    """The LP relaxation at budgets x `factor`; None when it is infeasible (so is every plan).

    Solved one independent component at a time: HiGHS's simplex grows faster than linearly with size.
    """
    if _uncovered(cols, active_mask):
        return None
    n_budget = len(cols.budget)
    x = np.zeros(len(cols.value))
    price = np.zeros(n_budget)
    bound = 0.0
    started = time.monotonic()
    components, component_bounds = [], []
    seed_mask = None
    if seed is not None:
        seed_mask = np.zeros(len(cols.value), dtype=np.bool_)
        seed_mask[[j for j in seed if j >= 0]] = True
    masks = _components(cols)
    parts = [active_mask & component for component in masks]
    sizes = [int(part.sum()) for part in parts]
    for k, (component, part) in enumerate(zip(masks, parts, strict=True)):
        if not sizes[k]:
            continue
        left = None
        if time_limit_s is not None:
            # The time left, shared among the components still to solve in proportion to their size.
            left = (time_limit_s - (time.monotonic() - started)) * sizes[k] / sum(sizes[k:])
            if left < LP_MIN_S:
                # No time for this one: each group's best column is its (weak, valid) bound, x stays 0.
                part_bound = _trivial_bound(cols, part)
                bound += part_bound
                components.append(component)
                component_bounds.append(part_bound)
                continue
        model = _model(cols, part, factor)
        solved = _component_lp(cols, model, n_budget, left, seed_mask)
        if solved is None:
            return None
        model_x, row_dual = solved
        model_price = np.zeros(len(model.rows))
        is_budget = model.rows < n_budget
        x[model.active] = model_x
        # HiGHS minimises -value, so a binding <= row has a negative dual; its price is the opposite.
        model_price[is_budget] = np.maximum(0.0, -row_dual[is_budget])
        part = _lagrangian_bound(cols, model, model_price)
        bound += part
        components.append(component)
        component_bounds.append(part)
        price[model.rows[is_budget]] = model_price[is_budget] * model.value_scale
    # Villages without any column add nothing to the bound (they cannot be connected).
    return _Lp(
        x=x,
        row_price=price / np.where(cols.budget > 0, cols.budget * factor, 1.0),
        bound=bound,
        components=components,
        component_bounds=component_bounds,
    )


class _Budget:
    """Residual budgets per (payer, year) as Python lists: one column is tested and applied at a time."""

    def __init__(self, cols: _Columns, factor: float) -> None:
        self.cols = cols
        n_years = cols.n_years
        budget = cols.budget * factor
        slack = budget * (1 + BUDGET_RTOL) + 1e-6
        self.left: list[list[float]] = [
            slack[p * n_years : (p + 1) * n_years].tolist() for p in range(len(cols.payers))
        ]

    def fits(self, j: int) -> bool:
        cols = self.cols
        pair, s, end = cols.pair_list[j], cols.start_list[j], cols.end_list[j]
        opex, first = cols.opex_list[pair], cols.opex_list[pair] + cols.capex_list[pair]
        for p, share in cols.village_payers[cols.pair_village_list[pair]]:
            left = self.left[p]
            if left[s] < share * first:
                return False
            need = share * opex
            for y in range(s + 1, end):
                if left[y] < need:
                    return False
        return True

    def take(self, j: int, sign: float = 1.0) -> None:
        cols = self.cols
        pair, s, end = cols.pair_list[j], cols.start_list[j], cols.end_list[j]
        opex, capex = cols.opex_list[pair], cols.capex_list[pair]
        for p, share in cols.village_payers[cols.pair_village_list[pair]]:
            left = self.left[p]
            left[s] -= sign * share * (opex + capex)
            for y in range(s + 1, end):
                left[y] -= sign * share * opex


def _candidates(cols: _Columns, active_mask: npt.NDArray[np.bool_]) -> list[list[int]]:
    """Each village's active columns, best value first."""
    active = np.flatnonzero(active_mask)
    order = active[np.lexsort((-cols.value[active], cols.village[active]))]
    bounds = np.searchsorted(cols.village[order], np.arange(cols.n_villages + 1))
    flat: list[int] = order.tolist()
    return [flat[bounds[i] : bounds[i + 1]] for i in range(cols.n_villages)]


def _reduced_profit(cols: _Columns, lp: _Lp) -> FloatArray:
    """Each column's value minus its cost at the LP's row prices (what taking it gains at those prices)."""
    priced = np.bincount(
        cols.nz_col, weights=cols.nz_val * lp.row_price[cols.nz_row], minlength=len(cols.value)
    )
    reduced: FloatArray = cols.value - priced
    return reduced


def _core_villages(
    cols: _Columns,
    reduced: FloatArray,
    active_mask: npt.NDArray[np.bool_],
    component: npt.NDArray[np.bool_],
    max_columns: int,
) -> list[int]:
    """The villages of `component` the LP is least sure about, up to about `max_columns` active columns.

    A village's margin is how much its best column beats its second best (or leaving it out) at the LP's
    prices: by LP duality, a plan that changes the village costs at least that much, so small margins are
    where the integer optimum differs from the LP (the "core" of a knapsack problem).
    """
    mask = active_mask & component
    active = np.flatnonzero(mask)
    if not len(active):
        return []
    village = cols.village[active]
    profit = reduced[active]
    order = np.lexsort((-profit, village))
    village, profit = village[order], profit[order]
    first = np.flatnonzero(np.r_[True, village[1:] != village[:-1]])
    counts = np.diff(np.r_[first, len(village)])
    best = profit[first]
    second = np.where(counts > 1, profit[np.minimum(first + 1, len(profit) - 1)], -np.inf)
    # Leaving a village out is an option worth 0, unless it is required.
    optional = ~cols.required[village[first]]
    top = np.where(optional, np.maximum(best, 0.0), best)
    runner = np.where(optional, np.where(best > 0, np.maximum(second, 0.0), best), second)
    margin = top - runner
    pick = np.argsort(margin, kind="stable")
    within = np.cumsum(counts[pick]) <= max_columns
    core: list[int] = village[first[pick[within]]].tolist()
    return core


def _round(
    cols: _Columns,
    x: FloatArray,
    budget: _Budget,
    candidates: list[list[int]],
    mip_seconds: float,
    deadline: float = float("inf"),
) -> list[int] | None:
    """Keep the LP's whole villages, settle its fractional ones by a small MIP, then place the rest: required
    groups at their cheapest column that fits (the local search upgrades them later), the others best value
    first; None if a required group cannot be placed. After `deadline` nothing is moved up or added beyond
    what the required groups need."""
    choice = [-1] * cols.n_villages
    whole = np.flatnonzero(x >= LP_FRACTION_ONE)
    # Whole villages fit the LP's budgets up to its tolerance; the most valuable are kept first.
    for j in whole[np.argsort(-cols.value[whole], kind="stable")].tolist():
        if budget.fits(j):
            budget.take(j)
            choice[cols.village_list[j]] = j
    lp_value = np.bincount(cols.village, weights=x * cols.value, minlength=cols.n_villages)
    # A basic LP optimum has at most one fractional village per budget row: few enough for HiGHS's MIP, one
    # component (province) at a time, smallest first, sharing the time.
    fractional = [i for i in np.flatnonzero(lp_value > 0).tolist() if choice[i] < 0]
    component = cols.group_component()
    by_component: dict[int, list[int]] = {}
    for i in fractional:
        by_component.setdefault(int(component[i]), []).append(i)
    until = time.monotonic() + mip_seconds
    parts = sorted(by_component.values(), key=len)
    for k, villages in enumerate(parts):
        seconds = (until - time.monotonic()) / (len(parts) - k)
        if seconds < RESIDUAL_MIP_MIN_S:
            continue
        columns = [j for i in villages for j in candidates[i] if budget.fits(j)]
        if 0 < len(columns) <= RESIDUAL_MIP_MAX_COLUMNS:
            for j in _residual_mip(cols, columns, budget, seconds):
                if budget.fits(j):
                    budget.take(j)
                    choice[cols.village_list[j]] = j
    order = np.argsort(-lp_value, kind="stable").tolist()
    unplaced = [i for i in order if choice[i] < 0 and cols.required[i]]
    if not _place_required(cols, choice, budget, candidates, order):
        return None
    # Required groups placed at their cheapest move up, in the LP's order, to the LP's column or the best
    # that fits.
    for k, i in enumerate(unplaced):
        if k % DEADLINE_EVERY == 0 and time.monotonic() > deadline:
            return choice
        budget.take(choice[i], -1.0)
        preferred = sorted(candidates[i], key=lambda j: -x[j])[:1] + candidates[i]
        choice[i] = next(j for j in preferred if budget.fits(j) or j == choice[i])
        budget.take(choice[i])
    for k, i in enumerate(order):
        if k % DEADLINE_EVERY == 0 and time.monotonic() > deadline:
            break
        if choice[i] < 0 and lp_value[i] > 0:
            choice[i] = _take_first(budget, candidates[i])
    return choice


def _take_first(budget: _Budget, columns: Sequence[int]) -> int:
    """The first of `columns` that fits the budget left, taken; -1 when none fits."""
    for j in columns:
        if budget.fits(j):
            budget.take(j)
            return j
    return -1


def _place_required(
    cols: _Columns, choice: list[int], budget: _Budget, candidates: list[list[int]], order: list[int]
) -> bool:
    """Give every required group in `order` still without a column its cheapest column that fits (cost
    measured as the sum of its shares of each budget row); False when one cannot be placed."""
    cost = cols.relative_cost()
    for i in order:
        if choice[i] >= 0 or not cols.required[i]:
            continue
        choice[i] = _take_first(budget, sorted(candidates[i], key=cost.__getitem__))
        if choice[i] < 0:
            return False
    return True


def _core_search(
    cols: _Columns,
    lp: _Lp,
    active_mask: npt.NDArray[np.bool_],
    choice: list[int],
    budget: _Budget,
    candidates: list[list[int]],
    until: float,
    reserve_s: float,
) -> None:
    """Re-plan, per component, the villages the LP is least sure about by a MIP started from the plan.

    The rest of the plan stays; a component's new core plan is kept only when it is worth more, so the plan
    never gets worse. The time to `until` (less `reserve_s`) is shared in proportion to component size.
    """
    reduced = _reduced_profit(cols, lp)
    cores = [_core_villages(cols, reduced, active_mask, c, CORE_MAX_COLUMNS) for c in lp.components]
    sizes = [sum(len(candidates[i]) for i in villages) for villages in cores]
    value = cols.value_list
    for k, villages in enumerate(cores):
        seconds = min(
            RESIDUAL_MIP_S, (until - reserve_s - time.monotonic()) * sizes[k] / max(sum(sizes[k:]), 1)
        )
        if seconds < CORE_MIN_S or not villages:
            continue
        current = [choice[i] for i in villages if choice[i] >= 0]
        for j in current:
            budget.take(j, -1.0)
        columns = [j for i in villages for j in candidates[i] if budget.fits(j)]
        picked = _residual_mip(cols, columns, budget, seconds, start=current)
        before = sum(value[j] for j in current)
        taken: list[int] = []
        if sum(value[j] for j in picked) > before + 1e-9 * max(before, 1.0):
            for j in picked:
                if not budget.fits(j):
                    break
                budget.take(j)
                taken.append(j)
            else:
                for i in villages:
                    choice[i] = -1
                for j in picked:
                    choice[cols.village_list[j]] = j
                continue
        # Not better (or HiGHS's tolerance overspent): the old core plan goes back.
        for j in taken:
            budget.take(j, -1.0)
        for j in current:
            budget.take(j)


def _residual_mip(
    cols: _Columns,
    columns: list[int],
    budget: _Budget,
    seconds: float,
    start: list[int] | None = None,
) -> list[int]:
    """The most valuable choice among `columns` (one per village at most) within the budgets left; `start`
    (a choice among `columns` that fits) is HiGHS's first incumbent."""
    entered = time.monotonic()
    if not columns:
        return []
    chosen = np.array(sorted(set(columns)), dtype=np.int64)
    mask = np.zeros(len(cols.value), dtype=np.bool_)
    mask[chosen] = True
    keep = mask[cols.nz_col]
    local = np.full(len(cols.value), -1, dtype=np.int64)
    local[chosen] = np.arange(len(chosen))
    left = np.array([v for payer in budget.left for v in payer])
    rows = cols.nz_row[keep]
    groups, village_row = np.unique(cols.village[chosen], return_inverse=True)
    n_budget = len(cols.budget)
    col = np.concatenate([local[cols.nz_col[keep]], np.arange(len(chosen))])
    row = np.concatenate([rows, n_budget + village_row])
    val = np.concatenate([cols.nz_val[keep] / np.maximum(left[rows], 1e-300), np.ones(len(chosen))])
    used, row = np.unique(row, return_inverse=True)
    is_budget = used < n_budget
    h = _highs(seconds)
    h.setOptionValue("mip_feasibility_tolerance", 1e-9)
    h.setOptionValue("primal_feasibility_tolerance", 1e-9)
    # HiGHS 1.16's RINS / RENS sub-MIPs ran past the time limit (for minutes) on a 2,000-column core.
    h.setOptionValue("mip_heuristic_run_rins", False)
    h.setOptionValue("mip_heuristic_run_rens", False)
    scale = float(cols.value[chosen].max()) or 1.0
    required = cols.required[groups[np.maximum(used - n_budget, 0)]]
    lower = np.where(is_budget | ~required, -np.inf, 1.0)
    # Budget rows keep a hair of room below 1 so HiGHS's tolerance cannot overspend.
    upper = np.where(is_budget, 1 - 1e-9, 1.0)
    _pass_model(
        h,
        len(used),
        -cols.value[chosen] / scale,
        np.ones(len(chosen)),
        lower,
        upper,
        (col, row.astype(np.int64), val),
        integer=True,
    )
    if start:
        values = np.zeros(len(chosen))
        values[local[np.array(start, dtype=np.int64)]] = 1.0
        incumbent = highspy.HighsSolution()
        incumbent.col_value = values.tolist()
        incumbent.value_valid = True
        h.setSolution(incumbent)
    # The model's building counts against the time given.
    outcome = _run_mip(h, seconds - (time.monotonic() - entered))
    if outcome.values is None:
        return []
    return [int(chosen[k]) for k in np.flatnonzero(outcome.values > 0.5).tolist()]


def _improve(
    cols: _Columns,
    choice: list[int],
    budget: _Budget,
    candidates: list[list[int]],
    deadline: float,
    report: _Report,
) -> None:
    """Move villages to better columns (earlier, better technology, or connected at all) while money lasts."""
    value = cols.value_list
    for round_no in range(1, 50):
        report(STAGE_IMPROVE(round=round_no))
        improved = False
        for i, options in enumerate(candidates):
            current = choice[i]
            if options and current == options[0]:
                continue
            current_value = value[current] if current >= 0 else 0.0
            if current >= 0:
                budget.take(current, -1.0)
            better = next((j for j in options if value[j] > current_value and budget.fits(j)), -1)
            if better >= 0:
                budget.take(better)
                choice[i] = better
                improved = True
            elif current >= 0:
                budget.take(current)
            if time.monotonic() > deadline:
                return
        if not improved:
            return


def _greedy_choice(
    cols: _Columns,
    problem: RolloutProblem,
    tech_priority: Sequence[str] | None = None,
    live_tier: str | None = None,
    deadline: float = float("inf"),
) -> list[int]:
    """The greedy plan as one column (or -1) per group; see `greedy_rollout`. After `deadline` the required
    groups still get their cheapest column, but nothing is upgraded or added."""
    active = cols.fitting(1.0)
    candidates = _candidates(cols, active)
    budget = _Budget(cols, 1.0)
    choice = [-1] * cols.n_villages
    by_weight = sorted(range(cols.n_villages), key=lambda i: -cols.weight[i])
    if tech_priority is not None:
        for i in range(cols.n_new):
            village = problem.villages[i]
            # The rule looks at what reaches the village, not at what the budget allows.
            techs = {option.tech for option in village.options}
            chosen = next((t for t in tech_priority if t in techs), None)
            cost = cols.relative_cost()
            candidates[i] = sorted(
                (j for j in candidates[i] if cols.pair_tech[cols.pair_list[j]] == chosen),
                key=lambda j: (cols.start_list[j], cost[j]),
            )
        for i in range(cols.n_new, cols.n_villages):
            # Today's rule: every live site at the same tier, or at the one it runs at now.
            site = problem.live_sites[(i - cols.n_new) // cols.n_years]
            wanted = live_tier if live_tier is not None else site.tier
            candidates[i] = [j for j in candidates[i] if cols.pair_tech[cols.pair_list[j]] == wanted]
    else:
        # The plain greedy secures the groups that must be covered before anything else.
        _place_required(cols, choice, budget, candidates, by_weight)
        for k, i in enumerate(by_weight):
            if k % DEADLINE_EVERY == 0 and time.monotonic() > deadline:
                return choice
            if choice[i] >= 0:
                budget.take(choice[i], -1.0)
                better = next(j for j in candidates[i] if budget.fits(j) or j == choice[i])
                budget.take(better)
                choice[i] = better
    # Live sites are running: they come first, then new villages by weight.
    live_first = [i for i in by_weight if i >= cols.n_new] + [i for i in by_weight if i < cols.n_new]
    for k, i in enumerate(live_first):
        if k % DEADLINE_EVERY == 0 and time.monotonic() > deadline:
            break
        if choice[i] < 0:
            choice[i] = _take_first(budget, candidates[i])
    return choice


def _efficient_choice(
    cols: _Columns,
    base: list[int],
    base_budget: _Budget,
    active: BoolArray,
    deadline: float,
    row_weight: FloatArray,
) -> list[int]:
    """From `base` (required groups at their cheapest column, with `base_budget` what is left), each move of a
    group to a better column in the order of extra value per extra cost, taken when it fits the budget left.

    A column's cost is the sum over the budget rows it touches of its share of the row, times `row_weight`.
    Unlike the largest-first greedy it spends the money where a rupiah buys most: cheap technologies early
    rather than fiber for the largest villages first. Stops at `deadline` (the plan is complete by then).
    """
    choice = list(base)
    budget = _Budget(cols, 1.0)
    budget.left = [list(row) for row in base_budget.left]
    price = row_weight / np.where(cols.budget > 0, cols.budget, 1.0)
    cost = np.bincount(cols.nz_col, weights=cols.nz_val * price[cols.nz_row], minlength=len(cols.value))
    start = np.array(base, dtype=np.int64)
    placed = start >= 0
    base_value = np.where(placed, cols.value[np.maximum(start, 0)], 0.0)
    base_cost = np.where(placed, cost[np.maximum(start, 0)], 0.0)
    gain = cols.value - base_value[cols.village]
    extra = cost - base_cost[cols.village]
    moves = np.flatnonzero(active & (gain > 0))
    with np.errstate(divide="ignore"):
        slope = np.where(extra[moves] > 0, gain[moves] / extra[moves], np.inf)
    # Best value per cost first; among equals (free moves), the larger gain first.
    moves = moves[np.lexsort((-gain[moves], -slope))]
    value, village = cols.value_list, cols.village_list
    for k, j in enumerate(moves.tolist()):
        if k % DEADLINE_EVERY == 0 and time.monotonic() > deadline:
            break
        i = village[j]
        current = choice[i]
        if current < 0:
            if budget.fits(j):
                budget.take(j)
                choice[i] = j
            continue
        if value[j] <= value[current]:
            continue
        budget.take(current, -1.0)
        if budget.fits(j):
            budget.take(j)
            choice[i] = j
        else:
            budget.take(current)
    return choice


def _efficient_greedy(
    cols: _Columns, deadline: float, more_rounds_until: float | None = None
) -> list[int] | None:
    """The best of a few `_efficient_choice` rounds: every required group at its cheapest column first, then
    upgrades by value per cost; after each round the rows it filled get a higher weight (their money is what
    limits), the others a lower one. The first round runs until `deadline`; another starts only before
    `more_rounds_until` (default `deadline`). None when the required groups do not fit at their cheapest
    columns, or when no round could start before `deadline`."""
    rounds_until = deadline if more_rounds_until is None else min(more_rounds_until, deadline)
    active = cols.fitting(1.0)
    candidates = _candidates(cols, active)
    base_budget = _Budget(cols, 1.0)
    base = [-1] * cols.n_villages
    by_weight = sorted(range(cols.n_villages), key=lambda i: -cols.weight[i])
    if not _place_required(cols, base, base_budget, candidates, by_weight):
        return None
    best: list[int] | None = None
    best_value = -1.0
    weight = np.ones(len(cols.budget))
    safe = np.where(cols.budget > 0, cols.budget, 1.0)
    for round_no in range(EFFICIENT_ROUNDS):
        if time.monotonic() > (deadline if round_no == 0 else rounds_until):
            break
        choice = _efficient_choice(cols, base, base_budget, active, deadline, weight)
        objective = _objective(cols, choice)
        if objective > best_value:
            best, best_value = choice, objective
        used = _spend_rows(cols, choice) / safe
        weight = weight * np.clip(used, 0.05, 1.0) ** 2
        weight = weight / max(float(weight.mean()), 1e-300)
    return best


def _objective(cols: _Columns, choice: list[int]) -> float:
    return float(sum(cols.value_list[j] for j in choice if j >= 0))


@dataclass
class _Plan:
    choice: list[int]
    objective: float
    upper_bound: float
    optimal: bool = False
    # The LP's price of each budget row (objective per rupiah), when the plan came with an LP.
    row_price: FloatArray | None = None


def _mip(
    cols: _Columns,
    active_mask: npt.NDArray[np.bool_],
    factor: float,
    time_limit_s: float,
    start: list[int] | None,
) -> tuple[list[int] | None, float, bool]:
    """HiGHS branch and bound, warm-started from `start`; returns its plan, proven bound, and optimality."""
    entered = time.monotonic()
    model = _model(cols, active_mask, factor)
    n_budget = len(cols.budget)
    h = _highs(time_limit_s)
    h.setOptionValue("mip_rel_gap", 1e-6)
    # The plan is checked against budgets to 1e-9 relative; HiGHS's default 1e-6 would overspend.
    h.setOptionValue("mip_feasibility_tolerance", 1e-9)
    h.setOptionValue("primal_feasibility_tolerance", 1e-9)
    lower, upper = model.row_bounds(n_budget, cols.required)
    _pass_model(
        h,
        len(model.rows),
        -cols.value[model.active] / model.value_scale,
        np.ones(len(model.active)),
        lower,
        upper,
        model.entries,
        integer=True,
    )
    if start is not None:
        position = {int(j): k for k, j in enumerate(model.active.tolist())}
        values = np.zeros(len(model.active))
        for j in start:
            if j >= 0:
                values[position[j]] = 1.0
        solution = highspy.HighsSolution()
        solution.col_value = values.tolist()
        solution.value_valid = True
        h.setSolution(solution)
    outcome = _run_mip(h, time_limit_s - (time.monotonic() - entered))
    bound = -outcome.dual_bound * model.value_scale
    optimal = outcome.optimal
    if outcome.values is None:
        return None, bound, optimal
    x = outcome.values
    choice = [-1] * cols.n_villages
    for k in np.flatnonzero(x > 0.5).tolist():
        j = int(model.active[k])
        choice[cols.village_list[j]] = j
    return choice, bound, optimal


def _replay(cols: _Columns, choice: list[int], factor: float) -> _Budget | None:
    """The residual budgets after `choice`, or None if it overspends (beyond float noise)."""
    budget = _Budget(cols, factor)
    for j in choice:
        if j >= 0:
            if not budget.fits(j):
                return None
            budget.take(j)
    return budget


def _plan_at(
    cols: _Columns,
    factor: float,
    exact: bool,
    deadline: float,
    report: _Report,
    start: list[int] | None = None,
) -> _Plan | None:
    """The best plan found at budgets x `factor`; None when no plan covering the required groups was found.

    `start` (a plan that fits, covering the required groups, such as the greedy's) is kept unless a better
    one is found, so the result is never worse than it.
    """
    active_mask = cols.fitting(factor)
    if start is not None and time.monotonic() >= deadline:
        # Out of time already: the start plan, with each group's best column as the bound.
        return _start_plan(cols, start, _trivial_bound(cols, active_mask))
    candidates = _candidates(cols, active_mask)
    report(STAGE_LP())
    # The LP gets at most LP_SHARE of the time left: a plan needs the rest.
    lp = _solve_lp(cols, active_mask, factor, max((deadline - time.monotonic()) * LP_SHARE, 0.1), seed=start)
    if lp is None:
        if start is None:
            return None
        # The LP said infeasible though `start` fits: HiGHS stopped short. Each group's best is a bound.
        lp = _Lp(
            np.zeros(len(cols.value)), np.zeros(len(cols.budget)), _trivial_bound(cols, active_mask), [], []
        )
    if start is not None and time.monotonic() >= deadline:
        return _start_plan(cols, start, lp.bound, lp.row_price)
    report(STAGE_ROUND())
    budget = _Budget(cols, factor)
    # The residual MIPs get RESIDUAL_MIP_S, or half a second per component when there are many, and at most
    # a quarter of the time left.
    mip_seconds = min(max(RESIDUAL_MIP_S, 0.5 * len(lp.components)), 0.25 * (deadline - time.monotonic()))
    choice = _round(cols, lp.x, budget, candidates, mip_seconds, deadline)
    if start is not None:
        start_budget = _replay(cols, start, factor)
        if start_budget is not None:
            start = list(start)
            _improve(cols, start, start_budget, candidates, deadline, report)
            if choice is None:
                choice, budget = start, start_budget
            else:
                # Per independent component the better of the two plans goes on (an LP cut short by the
                # time limit leaves some components worse rounded than the start).
                merged = _merge_by_component(cols, choice, start)
                merged_budget = _replay(cols, merged, factor)
                if merged_budget is not None:
                    choice, budget = merged, merged_budget
                elif _objective(cols, start) > _objective(cols, choice):
                    choice, budget = start, start_budget
    if choice is None:
        return None
    _improve(cols, choice, budget, candidates, deadline, report)
    if lp.components:
        report(STAGE_CORE(), _objective(cols, choice), lp.bound)
        # Without a time limit the core MIPs get RESIDUAL_MIP_S, or a second per component when there are many;
        # with one, half the time left (the rest goes to branch and bound on the whole model when it is small).
        if deadline == float("inf"):
            until = time.monotonic() + max(RESIDUAL_MIP_S, float(len(lp.components)))
        else:
            small = int(active_mask.sum()) <= POLISH_MAX_COLUMNS
            until = time.monotonic() + (deadline - time.monotonic()) * (0.5 if small or exact else 1.0)
        _core_search(cols, lp, active_mask, choice, budget, candidates, until, reserve_s=1.0)
        _improve(cols, choice, budget, candidates, deadline, report)
    plan = _Plan(choice, _objective(cols, choice), lp.bound, row_price=lp.row_price)
    report(STAGE_ROUND(), plan.objective, plan.upper_bound)
    seconds = min(deadline - time.monotonic(), UNLIMITED_CALL_S)
    polish = seconds > 1 and deadline < float("inf") and int(active_mask.sum()) <= POLISH_MAX_COLUMNS
    if (exact and seconds > 1) or polish:
        report(STAGE_MIP(seconds=round(seconds)))
        mip_choice, mip_bound, optimal = _mip(cols, active_mask, factor, seconds, choice)
        plan.upper_bound = min(plan.upper_bound, mip_bound)
        if mip_choice is not None and _replay(cols, mip_choice, factor) is not None:
            mip_objective = _objective(cols, mip_choice)
            if mip_objective >= plan.objective:
                plan.choice, plan.objective = mip_choice, mip_objective
        plan.optimal = optimal and plan.objective >= plan.upper_bound * (1 - 1e-6)
    plan.upper_bound = max(plan.upper_bound, plan.objective)
    return plan


def _merge_by_component(cols: _Columns, first: list[int], second: list[int]) -> list[int]:
    """Per independent component (groups sharing no payer), the choice of whichever plan is worth more
    there; ties keep `first`. Both plans fit the budgets, so the merged plan does too."""
    component = cols.group_component()
    labels, group_part = np.unique(component, return_inverse=True)
    values = np.append(cols.value, 0.0)
    worth = [
        np.bincount(group_part, weights=values[np.array(plan, dtype=np.int64)], minlength=len(labels))
        for plan in (first, second)
    ]
    take_second = (worth[1] > worth[0] * (1 + 1e-12))[group_part].tolist()
    return [b if flag else a for a, b, flag in zip(first, second, take_second, strict=True)]


def _start_plan(cols: _Columns, start: list[int], bound: float, row_price: FloatArray | None = None) -> _Plan:
    objective = _objective(cols, start)
    return _Plan(list(start), objective, max(bound, objective), row_price=row_price)


def _trivial_bound(cols: _Columns, active_mask: BoolArray) -> float:
    """Every group at its best column: a valid, weak upper bound."""
    best = np.zeros(cols.n_villages)
    np.maximum.at(best, cols.village[active_mask], cols.value[active_mask])
    return float(best.sum())


def _factor_of(cols: _Columns, choice: list[int]) -> float:
    """The smallest factor by which the budgets must be multiplied for `choice` to fit."""
    spend = _spend_rows(cols, choice)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(spend > 0, spend / cols.budget, 0.0)
    return float(ratio.max()) if len(ratio) else 0.0


def _spend_rows(cols: _Columns, choice: list[int]) -> FloatArray:
    chosen = np.zeros(len(cols.value), dtype=np.bool_)
    chosen[[j for j in choice if j >= 0]] = True
    keep = chosen[cols.nz_col]
    # bincount with weights gives floats; numpy's stubs say otherwise.
    return np.bincount(cols.nz_row[keep], weights=cols.nz_val[keep], minlength=len(cols.budget)).astype(
        np.float64
    )


def _min_factor(cols: _Columns, time_limit_s: float | None) -> tuple[float, list[int]] | None:
    """A proven lower bound on the budget factor of any complete plan, and a complete plan from its LP.

    The LP minimises f subject to every village connected and costs <= f x budget. Its bound is taken from
    the duals (prices summing to 1): any complete plan's priced cost is at least the sum of each village's
    cheapest priced column, and at most f. None when some village has no column a payer with money could fund.
    """
    started = time.monotonic()
    # Only the required groups count here; the others are left out of the plan at the factor.
    possible = cols.possible() & cols.required[cols.village]
    if _uncovered(cols, possible):
        return None
    model = _model(cols, possible, 1.0)
    col, row, val = model.entries
    n_budget = len(cols.budget)
    n_active = len(model.active)
    budget_rows = np.flatnonzero(model.rows < n_budget)
    entries = (
        np.concatenate([col, np.full(len(budget_rows), n_active)]),
        np.concatenate([row, budget_rows]),
        np.concatenate([val, -np.ones(len(budget_rows))]),
    )
    # Half the time at most for the LP: the rounding and the local search need the rest.
    h = _highs(None if time_limit_s is None else 0.5 * time_limit_s, lp=True)
    cost = np.zeros(n_active + 1)
    cost[-1] = 1.0
    lower, upper = model.row_bounds(n_budget, cols.required)
    upper[budget_rows] = 0.0
    _pass_model(h, len(model.rows), cost, np.append(np.ones(n_active), np.inf), lower, upper, entries)
    h.run()
    solution = h.getSolution()
    # Each village alone must fit: its cheapest column's largest budget share.
    is_budget = model.rows[row] < n_budget
    worst: FloatArray = np.zeros(n_active)
    np.maximum.at(worst, col[is_budget], val[is_budget])
    cheapest = np.full(cols.n_villages, np.inf)
    np.minimum.at(cheapest, cols.village[model.active], worst)
    bound = float(cheapest[cols.required].max()) if cols.any_required else 0.0
    x = np.zeros(len(cols.value))
    if solution.dual_valid:
        price = np.zeros(len(model.rows))
        price[budget_rows] = np.maximum(0.0, -np.asarray(solution.row_dual)[budget_rows])
        if price.sum() > 0:
            price = price / price.sum()
            priced = np.bincount(
                col[is_budget], weights=val[is_budget] * price[row[is_budget]], minlength=n_active
            )
            least = np.full(cols.n_villages, np.inf)
            np.minimum.at(least, cols.village[model.active], priced)
            bound = max(bound, float(least[cols.required].sum()))
    if solution.value_valid:
        x[model.active] = np.asarray(solution.col_value)[:n_active]
    # Rounding: keep whole villages, give each other one the column that raises the needed factor least.
    choice = [-1] * cols.n_villages
    candidates = _candidates(cols, possible)
    # Small models go to HiGHS whole: fixing the LP's whole villages first can leave lumps that do not pack.
    if n_active > POLISH_MAX_COLUMNS:
        for j in np.flatnonzero(x >= LP_FRACTION_ONE).tolist():
            choice[cols.village_list[j]] = j
    columns = [j for i, j_now in enumerate(choice) if j_now < 0 for j in candidates[i]]
    seconds = RESIDUAL_MIP_S
    if time_limit_s is not None:
        # What the LP left of the time, less a share for the local search and the plan at the factor found.
        seconds = min(seconds, max(0.7 * (time_limit_s - (time.monotonic() - started)), 0.1))
    picked, mip_bound = _residual_min_factor(cols, columns, _spend_rows(cols, choice), seconds)
    for j in picked:
        choice[cols.village_list[j]] = j
    if n_active <= POLISH_MAX_COLUMNS:
        bound = max(bound, mip_bound)
    spend = _spend_rows(cols, choice)
    size = cols.relative_cost()
    safe_budget = np.where(cols.budget > 0, cols.budget, 1.0)
    for i in np.flatnonzero((np.array(choice) < 0) & cols.required).tolist():
        if time_limit_s is not None and time.monotonic() - started > time_limit_s:
            # Out of time: the cheapest column, without weighing the factor.
            choice[i] = min(candidates[i], key=size.__getitem__)
            continue
        best_j, best_f = -1, np.inf
        for j in candidates[i]:
            trial = spend + _column_rows(cols, j)
            f = float(np.max(np.where(trial > 0, trial / safe_budget, 0.0)))
            if f < best_f:
                best_j, best_f = j, f
        choice[i] = best_j
        spend += _column_rows(cols, best_j)
    _lower_factor(cols, choice, candidates, deadline=started + time_limit_s if time_limit_s else float("inf"))
    return bound, choice


def _residual_min_factor(
    cols: _Columns, columns: list[int], fixed: FloatArray, seconds: float
) -> tuple[list[int], float]:
    """One of `columns` per village such that spend + `fixed` fits the smallest multiple of the budgets, and
    HiGHS's proven lower bound on that multiple."""
    entered = time.monotonic()
    if not columns:
        return [], 0.0
    chosen = np.array(sorted(set(columns)), dtype=np.int64)
    mask = np.zeros(len(cols.value), dtype=np.bool_)
    mask[chosen] = True
    keep = mask[cols.nz_col]
    local = np.full(len(cols.value), -1, dtype=np.int64)
    local[chosen] = np.arange(len(chosen))
    rows = cols.nz_row[keep]
    n_budget, n = len(cols.budget), len(chosen)
    _, village_row = np.unique(cols.village[chosen], return_inverse=True)
    budget_rows = np.unique(rows)
    col = np.concatenate([local[cols.nz_col[keep]], np.full(len(budget_rows), n), np.arange(n)])
    row = np.concatenate([rows, budget_rows, n_budget + village_row])
    val = np.concatenate([cols.nz_val[keep] / cols.budget[rows], -np.ones(len(budget_rows)), np.ones(n)])
    used, row = np.unique(row, return_inverse=True)
    is_budget = used < n_budget
    safe_budget = np.where(cols.budget > 0, cols.budget, 1.0)
    upper = np.where(
        is_budget, -fixed[np.minimum(used, n_budget - 1)] / safe_budget[np.minimum(used, n_budget - 1)], 1.0
    )
    lower = np.where(is_budget, -np.inf, 1.0)
    h = _highs(seconds)
    cost = np.zeros(n + 1)
    cost[-1] = 1.0
    _pass_model(
        h, len(used), cost, np.append(np.ones(n), np.inf), lower, upper, (col, row.astype(np.int64), val)
    )
    h.changeColsIntegrality(n, np.arange(n, dtype=np.int32), np.full(n, highspy.HighsVarType.kInteger))
    # The model's building counts against the time given.
    outcome = _run_mip(h, seconds - (time.monotonic() - entered))
    bound = outcome.dual_bound
    if outcome.values is None:
        return [], bound
    values = outcome.values[:n]
    picked: dict[int, int] = {}
    for k in np.argsort(-values).tolist():
        village = cols.village_list[int(chosen[k])]
        if values[k] > 0.5 and village not in picked:
            picked[village] = int(chosen[k])
    return list(picked.values()), bound


def _column_entries(cols: _Columns, j: int) -> dict[int, float]:
    """Column j's cost on each budget row it touches."""
    entries: dict[int, float] = {}
    pair, s, n_years = cols.pair_list[j], cols.start_list[j], cols.n_years
    opex, capex = cols.opex_list[pair], cols.capex_list[pair]
    for p, share in cols.village_payers[cols.pair_village_list[pair]]:
        for y in range(s, cols.end_list[j]):
            entries[p * n_years + y] = entries.get(p * n_years + y, 0.0) + share * (
                opex + (capex if y == s else 0.0)
            )
    return entries


def _lower_factor(
    cols: _Columns,
    choice: list[int],
    candidates: list[list[int]],
    max_moves: int = 100_000,
    deadline: float = float("inf"),
) -> None:
    """Local search on a complete plan: switch villages off the tightest budget row while no row gets tighter.

    A move must lower the ratio spend / budget of the tightest row and keep every row it touches at or below
    the current largest ratio, so the plan's factor never rises.
    """
    budget: list[float] = cols.budget.tolist()
    spend: list[float] = _spend_rows(cols, choice).tolist()
    ratio = [sp / b if b > 0 else 0.0 for sp, b in zip(spend, budget, strict=True)]
    on_row: dict[int, list[int]] = {}
    for i, j in enumerate(choice):
        if j < 0:
            continue
        for r in _column_entries(cols, j):
            on_row.setdefault(r, []).append(i)
    blocked: set[int] = set()
    for _ in range(max_moves):
        if time.monotonic() > deadline:
            return
        open_rows = [r for r in range(len(ratio)) if r not in blocked]
        if not open_rows:
            return
        top = max(open_rows, key=ratio.__getitem__)
        factor = max(ratio)
        moved = False
        for i in on_row.get(top, []):
            if choice[i] < 0:
                continue
            old = _column_entries(cols, choice[i])
            if top not in old:
                continue
            for j in candidates[i]:
                new = _column_entries(cols, j)
                delta = {r: new.get(r, 0.0) - old.get(r, 0.0) for r in old.keys() | new.keys()}
                if delta.get(top, 0.0) >= 0:
                    continue
                if all(
                    budget[r] > 0 and (spend[r] + d) / budget[r] <= factor for r, d in delta.items() if d > 0
                ):
                    for r, d in delta.items():
                        spend[r] += d
                        ratio[r] = spend[r] / budget[r] if budget[r] > 0 else 0.0
                    for r in new.keys() - old.keys():
                        on_row.setdefault(r, []).append(i)
                    choice[i] = j
                    moved = True
                    break
            if moved:
                break
        if moved:
            blocked.clear()
        else:
            # This row cannot be lowered; the factor is stuck unless it ties with others still movable.
            if ratio[top] >= factor:
                return
            blocked.add(top)


def _column_rows(cols: _Columns, j: int) -> FloatArray:
    rows = np.zeros(len(cols.budget))
    pair, s, n_years = cols.pair_list[j], cols.start_list[j], cols.n_years
    for p, share in cols.village_payers[cols.pair_village_list[pair]]:
        rows[p * n_years + s] += share * cols.capex_list[pair]
        rows[p * n_years + s : p * n_years + cols.end_list[j]] += share * cols.opex_list[pair]
    return rows


def _spend_by_payer(cols: _Columns, choice: list[int]) -> dict[str, dict[int, float]]:
    rows = _spend_rows(cols, choice)
    n_years = cols.n_years
    return {
        payer: {year: float(rows[p * n_years + t]) for t, year in enumerate(cols.years)}
        for p, payer in enumerate(cols.payers)
    }


def _result(
    cols: _Columns,
    problem: RolloutProblem,
    plan: _Plan | None,
    status: Status,
    method: str,
    started: float,
    factors: tuple[float | None, float | None] = (None, None),
) -> RolloutResult:
    choice = plan.choice if plan else [-1] * cols.n_villages
    assignments = tuple(
        Assignment(
            code=problem.villages[i].code,
            tech=cols.pair_tech[cols.pair_list[j]],
            year=cols.years[cols.start_list[j]],
            power=cols.pair_power[cols.pair_list[j]],
        )
        for i, j in enumerate(choice[: cols.n_new])
        if j >= 0
    )
    live_tiers = []
    for k, site in enumerate(problem.live_sites):
        for t, year in enumerate(cols.years):
            j = choice[cols.n_new + k * cols.n_years + t]
            live_tiers.append(
                LiveTier(site.code, year, cols.pair_tech[cols.pair_list[j]] if j >= 0 else None)
            )
    objective = plan.objective if plan else 0.0
    upper_bound = plan.upper_bound if plan else 0.0
    gap = (upper_bound - objective) / upper_bound if upper_bound > 0 else 0.0
    marginal: dict[str, dict[int, float]] = {}
    # Duals of the LP at the budgets given only; at a budget factor they would answer another question.
    if plan is not None and plan.row_price is not None and factors == (None, None):
        marginal = {
            payer: {
                year: float(plan.row_price[p * cols.n_years + t]) * IDR_BILLION
                for t, year in enumerate(cols.years)
            }
            for p, payer in enumerate(cols.payers)
        }
    return RolloutResult(
        status=status,
        objective=objective,
        upper_bound=upper_bound,
        gap=max(gap, 0.0),
        assignments=assignments,
        spend_idr=_spend_by_payer(cols, choice),
        min_budget_factor=factors[0],
        min_budget_factor_bound=factors[1],
        method=method,
        solve_seconds=time.monotonic() - started,
        live_site_tiers=tuple(live_tiers),
        marginal_value_idr=marginal,
        keep_live_sites_cost_idr=keep_live_sites_cost_idr(problem),
    )


def solve_rollout(
    problem: RolloutProblem,
    *,
    exact: bool = False,
    time_limit_s: float | None = None,
    progress: ProgressFn | None = None,
) -> RolloutResult:
    """Plan which village gets which technology in which year, with a proven bound on how far from optimal.

    Parameters: `exact` runs HiGHS branch and bound after the heuristic (for small instances) until
    `time_limit_s` (default 60 s in exact mode); without `exact`, a `time_limit_s` caps the heuristic and any
    time it leaves goes to the same branch and bound when the model has at most `POLISH_MAX_COLUMNS`
    columns (no limit: no branch and bound). `progress` receives a `RolloutProgress` at every stage.

    Returns a `RolloutResult`; under `require_all` with too little money, status is infeasible and the plan
    is the one for the budgets x `min_budget_factor` (see `RolloutResult`). Raises `RolloutError` for an
    instance that breaks the contract.
    """
    started = time.monotonic()
    validate_problem(problem)
    if exact and time_limit_s is None:
        time_limit_s = DEFAULT_EXACT_TIME_LIMIT_S
    deadline = started + time_limit_s if time_limit_s is not None else float("inf")
    method = "lp+rounding+local" + ("+mip" if exact or time_limit_s is not None else "")

    def report(stage: Text, objective: float | None = None, bound: float | None = None) -> None:
        if progress is not None:
            progress(RolloutProgress(stage, time.monotonic() - started, objective, bound))

    cols = _Columns(problem)
    report(STAGE_BUILD(columns=len(cols.value)))
    # Writing the result walks every group as building the columns did: the stages end that much earlier.
    deadline -= OUTPUT_RESERVE * (time.monotonic() - started)
    # The greedy takes seconds even at national scale; the plan found is never worse than it.
    greedy_started = time.monotonic()
    greedy = _greedy_choice(cols, problem, deadline=deadline)
    complete = all(j >= 0 for i, j in enumerate(greedy) if cols.required[i])
    # Its first round costs about twice the largest-first greedy; without that much time it is skipped.
    if complete and deadline - time.monotonic() > 2 * (time.monotonic() - greedy_started):
        # Value per rupiah: far better than largest first when every village must be connected.
        efficient = _efficient_greedy(
            cols, deadline, time.monotonic() + (deadline - time.monotonic()) * EFFICIENT_SHARE
        )
        if efficient is not None and _objective(cols, efficient) > _objective(cols, greedy):
            greedy = efficient
    report(STAGE_GREEDY(), _objective(cols, greedy))
    stage_deadline = deadline
    if not complete and deadline < float("inf"):
        # No complete plan in hand: keep time for the budget factor search in case none exists.
        stage_deadline = time.monotonic() + (deadline - time.monotonic()) * (1 - FACTOR_SEARCH_SHARE)
    plan = _plan_at(cols, 1.0, exact, stage_deadline, report, start=greedy if complete else None)
    if plan is not None:
        status = (
            Status.OPTIMAL
            if plan.optimal or plan.objective >= plan.upper_bound * (1 - 1e-9)
            else Status.FEASIBLE
        )
        report(STAGE_DONE(status=str(status)), plan.objective, plan.upper_bound)
        return _result(cols, problem, plan, status, method, started)
    found = _min_factor(cols, max(deadline - time.monotonic(), 0.1) if time_limit_s else None)
    if found is not None and time_limit_s is not None:
        method += "+factor"
    if found is None:
        report(STAGE_DONE(status=str(Status.INFEASIBLE)))
        return _result(cols, problem, None, Status.INFEASIBLE, method, started)
    bound, start = found
    high = max(_factor_of(cols, start), bound)
    if high <= 1:
        # A complete plan fits after all (the LP rounding missed it): improve it at the budgets given.
        budget = _Budget(cols, 1.0)
        for j in start:
            budget.take(j)
        _improve(cols, start, budget, _candidates(cols, cols.fitting(1.0)), deadline, report)
        lp = _solve_lp(cols, cols.fitting(1.0), 1.0, max(deadline - time.monotonic(), 1.0))
        upper = lp.bound if lp is not None else _objective(cols, start)
        plan = _Plan(start, _objective(cols, start), max(upper, _objective(cols, start)))
        return _result(cols, problem, plan, Status.FEASIBLE, method, started)
    best = None
    if time.monotonic() < deadline:
        best = _plan_at(cols, high, False, deadline, report, start=start)
    if best is None:
        # Out of time, or HiGHS misjudged the LP at `high`; every village's best value is a valid (weak) bound.
        best = _Plan(start, _objective(cols, start), _trivial_bound(cols, cols.possible()))
    low = max(bound, 1.0)
    while high > bound * (1 + FACTOR_RTOL) and high - low > bound * 1e-4 and time.monotonic() < deadline:
        report(STAGE_FACTOR(low=bound, high=high))
        middle = (low + high) / 2
        trial = _plan_at(cols, middle, False, deadline, report)
        if trial is None:
            low = middle
        else:
            high, best = middle, trial
    report(STAGE_DONE(status=str(Status.INFEASIBLE)), best.objective if best else None)
    return _result(cols, problem, best, Status.INFEASIBLE, method, started, (high, bound))
