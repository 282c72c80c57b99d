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

# Each unit's projects, within its remit: (category, project, measure, target range). A township's
# projects carry its name ("城关镇人居环境整治"), a department's do not (the unit column says whose).
_REMITS: dict[str, list[tuple[str, str, str, tuple[int, int]]]] = {
    "人社局": [
        ("民生实事", "城乡公益性岗位开发", "个", (200, 600)),
        ("闯创干", "城镇新增就业", "人", (1500, 3000)),
    ],
    "应急管理局": [
        ("民生实事", "城乡应急避难场所建设", "个", (6, 15)),
        ("重点项目", "防汛抗旱应急物资储备库建设", "万元", (800, 2000)),
    ],
    "发改局": [
        ("重点项目", "重点项目固定资产投资", "万元", (20000, 60000)),
        ("闯创干", "招商引资签约项目", "个", (8, 20)),
    ],
    "商科工信局": [
        ("重点项目", "产业园标准厂房建设", "万元", (2000, 9000)),
        ("闯创干", "规上工业企业培育", "家", (6, 18)),
    ],
    "交通运输局": [
        ("民生实事", "农村公路提质改造", "公里", (20, 80)),
        ("重点项目", "国省道安全隐患整治", "处", (20, 60)),
    ],
    "住建局": [
        ("民生实事", "老旧小区改造", "户", (300, 1200)),
        ("重点项目", "城区排水管网改造", "公里", (6, 30)),
    ],
    "农业农村局": [
        ("民生实事", "农村户厕改造", "户", (500, 2000)),
        ("重点项目", "高标准农田建设", "亩", (5000, 20000)),
    ],
    "水利局": [
        ("民生实事", "农村饮水安全巩固提升", "户", (500, 3000)),
        ("重点项目", "中小河流治理", "公里", (8, 30)),
        ("闯创干", "水利项目争资争项", "万元", (3000, 8000)),
    ],
    "教育局": [
        ("民生实事", "城区学校新增学位", "个", (600, 2000)),
        ("重点项目", "义务教育学校改扩建", "万元", (3000, 9000)),
    ],
    "卫健局": [
        ("民生实事", "适龄妇女两癌免费筛查", "人", (2000, 6000)),
        ("重点项目", "县人民医院综合楼建设", "万元", (5000, 15000)),
    ],
    "城关镇": [("民生实事", "人居环境整治", "个", (10, 30)), ("闯创干", "村级集体经济提升", "个", (5, 15))],
    "河口镇": [
        ("民生实事", "人居环境整治", "个", (8, 25)),
        ("重点项目", "特色农产品加工园建设", "万元", (1000, 4000)),
    ],
    "青山乡": [("民生实事", "农村危房改造", "户", (30, 120)), ("闯创干", "村级集体经济提升", "个", (4, 12))],
    "白沙镇": [
        ("民生实事", "人居环境整治", "个", (8, 25)),
        ("重点项目", "集镇污水处理设施建设", "万元", (800, 3000)),
    ],
    "龙泉乡": [
        ("民生实事", "农村危房改造", "户", (30, 120)),
        ("闯创干", "乡村旅游接待人次", "万人次", (5, 20)),
    ],
    "石桥镇": [
        ("民生实事", "人居环境整治", "个", (8, 25)),
        ("重点项目", "物流园区建设", "万元", (1500, 5000)),
    ],
}
DEPARTMENTS = list(_REMITS)[:10]
TOWNSHIPS = list(_REMITS)[10:]
DEPARTMENT_GROUP, TOWNSHIP_GROUP = "县直部门", "乡镇"
# Measures counted in whole things: their targets and reports are whole numbers.
WHOLE_MEASURES = frozenset({"个", "户", "人", "家", "处", "亩"})

# How diligent each unit is: pace relative to the plan in each period. The story of the seed article:
# a first review with many yellow flags, a second where most units catch up (夺旗), one that stays behind.
_PACE = {
    "人社局": (1.05, 1.12),
    "应急管理局": (0.72, 1.25),  # yellow → red in two categories: the 夺旗模范
    "发改局": (1.02, 1.05),
    "商科工信局": (0.74, 0.76),  # stays behind: a second yellow flag in a row
    "交通运输局": (0.78, 1.08),
    "住建局": (1.02, 1.03),
    "农业农村局": (0.76, 1.04),
    "水利局": (1.15, 1.15),
    "教育局": (0.90, 1.02),
    "卫健局": (0.75, 1.06),
    "城关镇": (1.12, 1.10),
    "河口镇": (0.72, 0.99),
    "青山乡": (0.95, 1.00),
    "白沙镇": (0.76, 0.98),
    "龙泉乡": (0.88, 1.02),
    "石桥镇": (1.00, 1.00),
}
_SILENT_IN_SECOND = {"龙泉乡"}  # forgets to report its 民生实事 project in the second period


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
    """About 35 projects of departments and townships in three categories, each within its unit's remit."""
    rng = random.Random(seed)
    projects = []
    counters: dict[str, int] = {}
    prefixes = {"民生实事": "MS", "重点项目": "ZD", "闯创干": "CC"}
    for unit, remit in _REMITS.items():
        group = TOWNSHIP_GROUP if unit in TOWNSHIPS else DEPARTMENT_GROUP
        for category, name, measure, (low, high) in remit:
            prefix = prefixes[category]
            counters[prefix] = counters.get(prefix, 0) + 1
            target = float(rng.randrange(low, high + 1, max(1, (high - low) // 20)))
            projects.append(
                SampleProject(
                    code=f"{prefix}-{counters[prefix]:02d}",
                    name=f"{unit}{name}" if group == TOWNSHIP_GROUP else name,
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
            value = float(round(value)) if p.measure in WHOLE_MEASURES else round(value, 1)
            value = max(value, last.get(p.code, 0.0))
            last[p.code] = value
            at = datetime.combine(day, time(rng.randrange(8, 18), rng.randrange(0, 60)), tz)
            reports.append(
                SampleReport(code=p.code, unit=p.unit, value=value, at=at, note=rng.choice(_NOTES))
            )
    reports.sort(key=lambda r: r.at)
    return reports


INDICATOR_CATEGORY = "真抓实干"  # scored by the county's 督查 evaluation (a score sheet), not by projects


def score_sheet_csv(units: list[str], period: Period, *, seed: int = 2026) -> bytes:
    """A score sheet of the indicator category for one period: 单位, 考核类别, 得分, 加减分, 说明 (SPEC §7)."""
    rng = random.Random(f"{seed}-{period.name}")
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["单位", "考核类别", "得分", "加减分", "说明"])
    for unit in units:
        score = rng.choice([72, 78, 84, 88, 91, 93, 95, 97])
        bonus, note = rng.choice([(0, ""), (0, ""), (2, "获省级表彰"), (-1.5, "督查通报扣分")])
        writer.writerow([unit, INDICATOR_CATEGORY, score, bonus or "", note])
    return out.getvalue().encode("utf-8")
