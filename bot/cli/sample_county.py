"""A sample county modelled on SPEC §1, for the demo and the tests: units, projects and how they report.

Deterministic (seeded), so the demo tells the same story every time.
"""

from __future__ import annotations

import csv
import io
import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo

from bot.domain.compliance import Plan, expected
from bot.domain.periods import Period

SAMPLE_COUNTY = "示范县"  # the sample county's name on its documents (the demo's letterhead)

DEPARTMENTS = [
    "人社局",
    "应急管理局",
    "发改局",
    "商科工信局",
    "交通运输局",
    "住建局",
    "农业农村局",
    "水利局",
    "教育局",
    "卫健局",
]
TOWNSHIPS = ["城关镇", "河口镇", "青山乡", "白沙镇", "龙泉乡", "石桥镇"]
DEPARTMENT_GROUP, TOWNSHIP_GROUP = "县直部门", "乡镇"

# (category, project name pattern, measure, target range)
_PROJECT_KINDS = [
    ("民生实事", "城乡公益性岗位开发", "个", (200, 600)),
    ("民生实事", "农村公路提质改造", "公里", (20, 80)),
    ("民生实事", "老旧小区改造", "户", (300, 1200)),
    ("民生实事", "农村饮水安全巩固提升", "户", (500, 3000)),
    ("重点项目", "产业园标准厂房建设", "万元", (2000, 9000)),
    ("重点项目", "防汛应急能力提升", "%", (100, 100)),
    ("重点项目", "高标准农田建设", "万元", (1000, 5000)),
    ("闯创干", "营商环境改革事项", "个", (10, 40)),
    ("闯创干", "招商引资签约项目", "个", (5, 20)),
]

# How diligent each unit is: pace relative to the plan in each period, and whether it reports at all.
_PACE = {
    "人社局": (1.10, 1.15),
    "应急管理局": (0.70, 1.10),  # lags, then catches up: yellow → red (夺旗)
    "发改局": (1.05, 1.05),
    "商科工信局": (0.75, 0.72),  # stays behind: a second yellow flag
    "交通运输局": (0.98, 1.08),
    "住建局": (1.02, 0.90),
    "农业农村局": (0.85, 0.95),
    "水利局": (1.20, 1.20),
    "教育局": (0.90, 0.97),
    "卫健局": (1.00, 0.78),
    "城关镇": (1.12, 1.10),
    "河口镇": (0.72, 1.05),
    "青山乡": (0.95, 0.95),
    "白沙镇": (1.05, 0.70),
    "龙泉乡": (0.88, 1.02),
    "石桥镇": (1.00, 1.00),
}
_SILENT_IN_SECOND = {"农业农村局", "龙泉乡"}  # forget to report one project in the second period


@dataclass(frozen=True)
class SampleProject:
    code: str
    name: str
    unit: str
    group: str
    category: str
    target: float
    measure: str
    start: date
    due: date
    weight: float


@dataclass(frozen=True)
class SampleReport:
    code: str
    unit: str
    value: float
    at: datetime
    note: str


def sample_projects(year: int, *, seed: int = 2026) -> list[SampleProject]:
    """About 40 projects spread over departments and townships and three categories."""
    rng = random.Random(seed)
    projects = []
    counters: dict[str, int] = {}
    units = [(u, DEPARTMENT_GROUP) for u in DEPARTMENTS] + [(u, TOWNSHIP_GROUP) for u in TOWNSHIPS]
    prefixes = {"民生实事": "MS", "重点项目": "ZD", "闯创干": "CC"}
    for index, (unit, group) in enumerate(units):
        kinds = [_PROJECT_KINDS[(index + k * 4) % len(_PROJECT_KINDS)] for k in range(2 + index % 2)]
        for category, name, measure, (low, high) in kinds:
            prefix = prefixes[category]
            counters[prefix] = counters.get(prefix, 0) + 1
            target = float(rng.randrange(low, high + 1, max(1, (high - low) // 20 or 1)))
            projects.append(
                SampleProject(
                    code=f"{prefix}-{counters[prefix]:02d}",
                    name=f"{unit.removesuffix('局').removesuffix('镇').removesuffix('乡')}{name}",
                    unit=unit,
                    group=group,
                    category=category,
                    target=target,
                    measure=measure,
                    start=date(year, 1, 1),
                    due=date(year, 12, 31),
                    weight=1.0 if category != "重点项目" else 2.0,
                )
            )
    return projects


def ledger_csv(projects: list[SampleProject]) -> bytes:
    """The projects as a ledger CSV with Chinese headers (SPEC §5)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
            "项目编号",
            "项目名称",
            "牵头单位",
            "分组",
            "考核类别",
            "年度目标",
            "计量单位",
            "开始日期",
            "完成时限",
            "权重",
        ]
    )
    for p in projects:
        writer.writerow(
            [
                p.code,
                p.name,
                p.unit,
                p.group,
                p.category,
                f"{p.target:g}",
                p.measure,
                p.start.isoformat(),
                p.due.isoformat(),
                f"{p.weight:g}",
            ]
        )
    return out.getvalue().encode("utf-8-sig")


_NOTES = [
    "按计划推进",
    "已完成招标",
    "施工队伍已进场",
    "资金已拨付到位",
    "受天气影响略有延误",
    "正在协调用地",
    "",
]


def sample_reports(
    projects: list[SampleProject], periods: tuple[Period, Period], *, tz: tzinfo, seed: int = 7
) -> list[SampleReport]:
    """Two rounds of reports: one per project near the end of each period, at each unit's pace."""
    rng = random.Random(seed)
    reports = []
    last: dict[str, float] = {}
    for round_index, period in enumerate(periods):
        for p in projects:
            if round_index == 1 and p.unit in _SILENT_IN_SECOND and p.code.startswith("MS"):
                continue
            day = period.last_day - timedelta(days=rng.randrange(0, 12))
            plan = Plan(target=p.target, start=p.start, due=p.due)
            pace = _PACE.get(p.unit, (1.0, 1.0))[round_index]
            value = min(p.target, expected(plan, period.last_day) * pace * rng.uniform(0.98, 1.02))
            value = max(round(value, 1), last.get(p.code, 0.0))
            last[p.code] = value
            at = datetime.combine(day, time(rng.randrange(8, 18), rng.randrange(0, 60)), tz)
            reports.append(
                SampleReport(code=p.code, unit=p.unit, value=value, at=at, note=rng.choice(_NOTES))
            )
    reports.sort(key=lambda r: r.at)
    return reports
