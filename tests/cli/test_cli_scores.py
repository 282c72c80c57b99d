"""`flagbot scores import FILE --period P` (SPEC §7): a score sheet from the shell, all or nothing."""

from __future__ import annotations

import io
import json

import openpyxl

from tests.cli.test_cli import AFTER_DEADLINE, Shell, hand_made, shell, templates  # noqa: F401


def xlsx(rows: list[list[object]]) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["2026年9—10月闯创干考核得分"])  # a title row above the header, as offices write them
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


HEADER = ["单位", "考核类别", "得分", "加减分", "说明"]


def test_a_bad_sheet_is_refused_whole_naming_every_bad_row(hand_made: Shell) -> None:  # noqa: F811
    path = hand_made.write(
        "评分.xlsx",
        xlsx(
            [
                HEADER,
                ["甲局", "闯创干", 95, 1, ""],  # row 3: fine
                ["戊局", "闯创干", 90, None, ""],  # row 4: no such unit
                ["乙局", "民生实事", 90, None, ""],  # row 5: scored from projects
                ["丙局", "闯创干", "优秀", None, ""],  # row 6: not a number
            ]
        ),
    )
    result = hand_made("scores", "import", str(path), "--period", "2026-10")
    assert result.code == 1 and result.out == ""
    assert "3 处问题" in result.err and "全部未导入" in result.err
    for row, what in ((4, "戊局"), (5, "民生实事"), (6, "优秀")):
        line = next(line for line in result.err.splitlines() if f"第 {row} 行" in line)
        assert what in line
    assert "第 3 行" not in result.err
    assert hand_made.count("indicatorscore") == 0
    assert hand_made.count("category") == 1  # 闯创干 was not created


def test_a_sheet_is_imported_ranked_and_marked_indicator_in_the_json(hand_made: Shell) -> None:  # noqa: F811
    rows = [
        HEADER,
        ["甲局", "闯创干", 95, 1.5, "省级表彰"],
        ["乙局", "闯创干", 88, None, ""],
        ["丙局", "闯创干", 72, "-1", ""],
    ]
    path = hand_made.write("评分.xlsx", xlsx(rows))
    dry = hand_made("scores", "import", str(path), "--period", "2026-10", "--dry-run")
    assert dry.code == 0 and "新建考核类别（按指标得分）：闯创干" in dry.out
    assert hand_made.count("indicatorscore") == 0
    done = hand_made("scores", "import", str(path), "--period", "2026-10")
    assert done.code == 0 and "已导入 2026-10 评分表：3 个单位得分" in done.out
    assert hand_made.count("indicatorscore") == 3
    review = json.loads(hand_made.at(AFTER_DEADLINE, "review", "--period", "2026-10", "--json").out)
    kinds = {c["category"]: (c["kind"], c["rules"]) for c in review["categories"]}
    assert kinds == {"民生实事": ("projects", {}), "闯创干": ("indicator", {})}
    (indicator,) = [c for c in review["categories"] if c["category"] == "闯创干"]
    units = [(u["unit"], u["score"], u["rank"], u["flag"]) for g in indicator["groups"] for u in g["units"]]
    assert units == [
        ("甲局", 96.5, 1, None),
        ("乙局", 88.0, 2, None),
        ("丙局", 71.0, 3, "yellow"),
    ]  # 丁局: no score

    exported = hand_made.at(AFTER_DEADLINE, "export", "--period", "2026-10", "-o", "review.xlsx")
    assert exported.code == 0
    workbook = openpyxl.load_workbook(hand_made.folder / "review.xlsx")
    ranking = [row for row in workbook["排名与旗帜"].iter_rows(values_only=True) if row[0] == "闯创干"]
    assert [(r[2], r[3], r[4]) for r in ranking] == [(1, "甲局", 96.5), (2, "乙局", 88.0), (3, "丙局", 71.0)]
    policy = {row[0]: row[1] for row in workbook.worksheets[-1].iter_rows(values_only=True)}
    assert policy["闯创干 · 考核方式"] == "按指标得分"

    again = hand_made.write(
        "评分2.csv", "单位,考核类别,得分\n甲局,闯创干,96.5\n乙局,闯创干,91\n丙局,闯创干,71\n"
    )
    changed = hand_made("scores", "import", str(again), "--period", "2026-10")
    assert changed.code == 0
    assert "得分变化 1 处" in changed.out and "闯创干 · 乙局: 88.0 → 91.0" in changed.out


def test_a_ledger_cannot_give_projects_to_an_indicator_category(hand_made: Shell) -> None:  # noqa: F811
    hand_made(
        "scores",
        "import",
        str(hand_made.write("s.csv", "单位,考核类别,得分\n甲局,闯创干,90\n")),
        "--period",
        "2026-10",
    )
    ledger = hand_made.write(
        "台账.csv", "项目编号,项目名称,牵头单位,考核类别,年度目标\nCX-01,创新项目,甲局,闯创干,10\n"
    )
    result = hand_made("import", str(ledger))
    assert result.code == 1 and "第 2 行" in result.err and "闯创干" in result.err
    assert hand_made.count("project") == 4
