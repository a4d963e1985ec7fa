"""What a solved plan does with the sites already live and with budget (issue 15), summed up for its page and
API: each live site's tier per year, people served at each tier per year beside today's rule (every site cut to
one tier), what the budget cannot afford, and what Rp 1 billion more per payer and year would buy."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from selaras.rollout.models import Scenario

BILLION = 1_000_000_000


@dataclass
class TierYear:
    """One tier (or "off") in one year: sites and people, under the plan and under today's rule."""

    tier: str
    name: str
    sites: list[int] = field(default_factory=list)  # per year
    people: list[float] = field(default_factory=list)
    rule_sites: list[int] = field(default_factory=list)
    rule_people: list[float] = field(default_factory=list)

    @property
    def cells(self) -> list[tuple[int, float, int, float]]:
        """(sites, people, sites under the rule, people under the rule) per year."""
        return list(zip(self.sites, self.people, self.rule_sites, self.rule_people, strict=True))


@dataclass
class SiteRow:
    code: str
    name: str
    today: str
    tiers: list[str]  # tier name per year, "" when off
    changes: bool
    is_sample: bool


@dataclass
class LiveSummary:
    years: list[int]
    tiers: list[dict[str, Any]]
    by_tier: list[TierYear]
    sites: list[SiteRow]
    site_cost: list[float]  # plan's yearly cost of live sites
    rule_site_cost: list[float]

    @property
    def site_cost_total(self) -> float:
        return sum(self.site_cost)

    @property
    def rule_site_cost_total(self) -> float:
        return sum(self.rule_site_cost)

    rule_tier: str
    rule_tier_name: str
    rule_villages: int
    rule_people: float
    rule_cost: float
    rule_status: str
    off_site_years: int
    rule_off_site_years: int
    keep_cost: float
    unaffordable: list[dict[str, Any]]
    marginal: list[tuple[str, list[float | None]]]
    power_counts: dict[str, int]
    any_sample: bool


def _tier_table(
    entries: list[dict[str, Any]], sites: dict[str, Any], years: list[int]
) -> tuple[dict[tuple[str, int], int], dict[tuple[str, int], float], dict[str, dict[int, str | None]]]:
    count: Counter[tuple[str, int]] = Counter()
    people: dict[tuple[str, int], float] = {}
    per_site: dict[str, dict[int, str | None]] = {}
    for entry in entries:
        code, year, tier = entry["code"], int(entry["year"]), entry["tier"]
        key = (str(tier) if tier is not None else "", year)
        count[key] += 1
        people[key] = people.get(key, 0.0) + float(sites.get(code, {}).get("population", 0))
        per_site.setdefault(code, {})[year] = tier
    return count, people, per_site


def live_summary(*, scenario: Scenario, names: dict[str, str] | None = None) -> LiveSummary | None:
    """The live-site and budget side of a solved plan; None when the plan had no live sites (older plans)."""
    result = scenario.result or {}
    sites: dict[str, Any] = result.get("live_sites") or {}
    if not sites:
        return None
    years = scenario.years
    tiers = list(result.get("inputs", {}).get("tiers", []))
    tier_name = {str(t["id"]): str(t.get("name") or t["id"]) for t in tiers}
    opex = {str(t["id"]): float(t["opex_idr_per_year"]) for t in tiers}
    cut = result.get("cut_rule") or {}
    rule_plan = cut.get("plan") or {}
    count, people, per_site = _tier_table(result.get("live_site_tiers", []), sites, years)
    r_count, r_people, r_per_site = _tier_table(rule_plan.get("live_site_tiers", []), sites, years)
    by_tier = []
    for tier_id in [*tier_name, ""]:
        row = TierYear(tier=tier_id, name=tier_name.get(tier_id, ""))
        for year in years:
            row.sites.append(count[(tier_id, year)])
            row.people.append(people.get((tier_id, year), 0.0))
            row.rule_sites.append(r_count[(tier_id, year)])
            row.rule_people.append(r_people.get((tier_id, year), 0.0))
        if tier_id or any(row.sites) or any(row.rule_sites):
            by_tier.append(row)

    def cost(plan_sites: dict[str, dict[int, str | None]], year: int) -> float:
        return sum(opex.get(str(by.get(year)), 0.0) for by in plan_sites.values() if by.get(year))

    rows = []
    for code, site in sorted(sites.items()):
        planned = [per_site.get(code, {}).get(y) for y in years]
        rows.append(
            SiteRow(
                code=code,
                name=site.get("name", ""),
                today=tier_name.get(site["tier"], site["tier"]),
                tiers=[tier_name.get(str(t), str(t)) if t is not None else "" for t in planned],
                changes=any(t != site["tier"] for t in planned),
                is_sample=bool(site.get("is_sample")),
            )
        )
    rows.sort(key=lambda r: (not r.changes, r.code))
    assigned = {a["code"] for a in result.get("assignments", [])}
    unaffordable = sorted(
        (
            {
                "code": code,
                "name": v.get("name", ""),
                "population": v.get("population", 0),
                "estimated": v.get("estimated", False),
                "grid_power": v.get("grid_power", True),
            }
            for code, v in scenario.villages.items()
            if code not in assigned
        ),
        key=lambda v: (-v["population"], v["code"]),
    )
    marginal = [
        (
            f"{payer} {(names or {}).get(payer, '')}".strip(),
            [(float(by[str(y)]) if by.get(str(y)) is not None else None) for y in years],
        )
        for payer, by in sorted((result.get("marginal_value_idr") or {}).items())
        if any(by.values()) or any(scenario.budgets.get(payer, {}).values())
    ]
    power_counts: Counter[str] = Counter(a.get("power") or "" for a in result.get("assignments", []))
    rule_villages = {a["code"] for a in rule_plan.get("assignments", [])}
    return LiveSummary(
        years=years,
        tiers=tiers,
        by_tier=by_tier,
        sites=rows,
        site_cost=[cost(per_site, y) for y in years],
        rule_site_cost=[cost(r_per_site, y) for y in years],
        rule_tier=str(cut.get("tier") or ""),
        rule_tier_name=tier_name.get(str(cut.get("tier") or ""), ""),
        rule_villages=len(rule_villages),
        rule_people=float(sum(scenario.villages.get(c, {}).get("population", 0) for c in rule_villages)),
        rule_cost=float(sum(sum(by.values()) for by in rule_plan.get("spend", {}).values())),
        rule_status=str(rule_plan.get("status", "")),
        off_site_years=sum(count[("", y)] for y in years),
        rule_off_site_years=sum(r_count[("", y)] for y in years),
        keep_cost=float(result.get("keep_live_sites_cost_idr") or 0.0),
        unaffordable=unaffordable,
        marginal=marginal,
        power_counts=dict(power_counts),
        any_sample=any(r.is_sample for r in rows),
    )


def label_power(*, scenario: Scenario, assignments: list[dict[str, Any]]) -> None:
    """Give each assignment the name of its power option (`power_label`), from the catalogue it was solved with."""
    options = (scenario.result or {}).get("inputs", {}).get("power_options", [])
    names = {str(p["id"]): str(p.get("name") or p["id"]) for p in options}
    for a in assignments:
        a["power_label"] = names.get(str(a.get("power") or ""), a.get("power") or "")
