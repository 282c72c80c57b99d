"""`flagbot …` from the shell (SPEC §10): exit codes, what the county office reads, never a traceback.

Most tests drive bot.cli.commands.main in-process with a pinned clock; a few run the installed console script
to prove that nothing but a short sentence ever reaches stderr.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import docx
import openpyxl
import pptx
import pytest
import time_machine

from bot.cli.commands import main
from bot.cli.sample_county import ledger_csv, sample_projects
from bot.render.numbers import amount
from bot.settings import Settings

TZ = ZoneInfo("Asia/Shanghai")
BEFORE_DEADLINE = datetime(2026, 11, 3, 10, 0, tzinfo=TZ)  # 2026-10 (Sep–Oct) is open until Nov 5
AFTER_DEADLINE = datetime(2026, 11, 10, 9, 0, tzinfo=TZ)

# A hand-made county where the scores can be worked out by hand: one category, one group, four units,
# one project each with target 120 over the calendar year, so expected on Oct 31 is 120 × 10/12 = 100.
HAND_MADE_LEDGER = (
    "项目编号,项目名称,牵头单位,分组,考核类别,年度目标,计量单位,开始日期,完成时限\n"
    "HM-01,甲局公益岗位,甲局,县直部门,民生实事,120,个,2026-01-01,2026-12-31\n"
    "HM-02,乙局公益岗位,乙局,县直部门,民生实事,120,个,2026-01-01,2026-12-31\n"
    "HM-03,丙局公益岗位,丙局,县直部门,民生实事,120,个,2026-01-01,2026-12-31\n"
    "HM-04,丁局公益岗位,丁局,县直部门,民生实事,120,个,2026-01-01,2026-12-31\n"
)
OCTOBER_VALUES = {"HM-01": "110", "HM-02": "100", "HM-03": "95", "HM-04": "70"}


@dataclass
class Result:
    code: int
    out: str
    err: str


@dataclass
class Shell:
    """One county's shell: a SQLite file in a temporary folder, the settings in the environment."""

    folder: Path
    database: Path
    capsys: pytest.CaptureFixture[str]

    def __call__(self, *args: str) -> Result:
        self.capsys.readouterr()  # forget anything printed before
        code = main(list(args))
        captured = self.capsys.readouterr()
        return Result(code, captured.out, captured.err)

    def at(self, moment: datetime, *args: str) -> Result:
        with time_machine.travel(moment, tick=False):
            return self(*args)

    def write(self, name: str, data: bytes | str) -> Path:
        path = self.folder / name
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        return path

    def count(self, table: str) -> int:
        with sqlite3.connect(self.database) as connection:
            return int(connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """No setting leaks in from the developer's environment."""
    for name in Settings.model_fields:
        monkeypatch.delenv(name.upper(), raising=False)
    monkeypatch.delenv("FLAGBOT_DEBUG", raising=False)


@pytest.fixture
def shell(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Shell:
    clean_environment(monkeypatch)
    monkeypatch.chdir(tmp_path)  # and no .env from the working directory
    database = tmp_path / "flagbot.sqlite3"
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{database}")
    return Shell(folder=tmp_path, database=database, capsys=capsys)


def _build(folder: Path, name: str, steps: list[list[str]]) -> Path:
    """A county database made once by running these commands; tests get a copy of the file."""
    database = folder / f"{name}.sqlite3"
    with pytest.MonkeyPatch.context() as mp, redirect_stdout(io.StringIO()), redirect_stderr(io.StringIO()):
        clean_environment(mp)
        mp.chdir(folder)
        mp.setenv("DATABASE_URL", f"sqlite:///{database}")
        with time_machine.travel(BEFORE_DEADLINE, tick=False):
            for step in steps:
                assert main(step) == 0, step
    return database


@pytest.fixture(scope="module")
def templates(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("counties")
    (folder / "sample.csv").write_bytes(ledger_csv(sample_projects(2026)))
    (folder / "hand-made.csv").write_text(HAND_MADE_LEDGER, encoding="utf-8")
    reports = [["report", code, value, "--at", "2026-10-20T10:00"] for code, value in OCTOBER_VALUES.items()]
    return {
        "sample": _build(folder, "sample", [["import", str(folder / "sample.csv")]]),
        "hand_made": _build(folder, "hand-made", [["import", str(folder / "hand-made.csv")], *reports]),
    }


def _copy_database(template: Path, shell: Shell) -> Shell:
    for suffix in ("", "-wal"):
        if Path(f"{template}{suffix}").exists():
            shutil.copyfile(f"{template}{suffix}", f"{shell.database}{suffix}")
    return shell


@pytest.fixture
def sample(shell: Shell, templates: dict[str, Path]) -> Shell:
    """The sample county's ledger, imported."""
    return _copy_database(templates["sample"], shell)


@pytest.fixture
def hand_made(shell: Shell, templates: dict[str, Path]) -> Shell:
    """The hand-made county with its October reports in (made at BEFORE_DEADLINE)."""
    return _copy_database(templates["hand_made"], shell)


def units_of(review: dict) -> dict[str, dict]:  # type: ignore[type-arg]
    return {u["unit"]: u for c in review["categories"] for g in c["groups"] for u in g["units"]}


# ---------------------------------------------------------------------------------------------------------
# import


def test_import_of_the_sample_ledger_prints_the_summary(shell: Shell) -> None:
    projects = sample_projects(2026)
    path = shell.write("sample-ledger.csv", ledger_csv(projects))

    result = shell.at(BEFORE_DEADLINE, "import", str(path))

    assert result.code == 0, result.err
    assert f"新增 {len(projects)} 个项目" in result.out
    assert "新增单位" in result.out and "人社局" in result.out and "城关镇" in result.out
    assert "新增考核类别" in result.out and "民生实事" in result.out
    assert result.err == ""
    assert shell.count("project") == len(projects)

    again = shell.at(BEFORE_DEADLINE, "import", str(path))
    assert again.code == 0
    assert f"未变 {len(projects)} 个" in again.out
    assert shell.count("project") == len(projects)


def test_a_ledger_without_the_target_column_is_refused_and_nothing_imported(shell: Shell) -> None:
    path = shell.write(
        "台账.csv",
        "项目编号,项目名称,牵头单位,考核类别,计量单位\nMS-01,农村公路提质改造,交通运输局,民生实事,公里\n",
    )
    result = shell.at(BEFORE_DEADLINE, "import", str(path))
    assert result.code == 1
    assert "年度目标" in result.err  # the missing column is named
    assert "Traceback" not in result.err
    assert shell.count("project") == 0 and shell.count("unit") == 0


def test_a_ledger_with_a_bad_row_is_refused_with_the_row_number_and_nothing_imported(shell: Shell) -> None:
    path = shell.write(
        "台账.csv",
        "项目编号,项目名称,牵头单位,考核类别,年度目标\n"
        "MS-01,农村公路提质改造,交通运输局,民生实事,120\n"
        "MS-02,老旧小区改造,住建局,民生实事,abc\n"
        "MS-03,农村饮水安全巩固提升,水利局,民生实事,800\n",
    )
    result = shell.at(BEFORE_DEADLINE, "import", str(path))
    assert result.code == 1
    assert "未导入" in result.err
    assert "第 3 行" in result.err and "年度目标" in result.err and "abc" in result.err
    assert result.out == ""
    assert shell.count("project") == 0 and shell.count("unit") == 0 and shell.count("category") == 0


def test_importing_a_missing_file_says_so(shell: Shell) -> None:
    result = shell.at(BEFORE_DEADLINE, "import", "没有这个文件.csv")
    assert result.code == 1
    assert "没有这个文件.csv" in result.err


# ---------------------------------------------------------------------------------------------------------
# report


def test_report_a_percentage_prints_the_value(sample: Shell) -> None:
    target = next(p for p in sample_projects(2026) if p.code == "MS-01").target
    result = sample.at(BEFORE_DEADLINE, "report", "MS-01", "60%")
    assert result.code == 0, result.err
    assert result.out.startswith("MS-01 ")
    assert f"累计完成{amount(target * 0.6)}" in result.out
    assert "占年度目标的60.0%" in result.out and "序时进度" in result.out
    assert "首次报送" in result.out  # the first report of MS-01: no "change" from zero
    assert sample.count("report") == 1


def test_a_value_above_the_target_is_shown_against_the_target(sample: Shell) -> None:
    """Not '超过年度目标（上次 78）': the target is what the value is compared with."""
    project = next(p for p in sample_projects(2026) if p.code == "MS-01")
    assert sample.at(BEFORE_DEADLINE, "report", "MS-01", "10%").code == 0
    refused = sample.at(BEFORE_DEADLINE + timedelta(minutes=5), "report", "MS-01", str(project.target * 2))
    assert refused.code == 1
    assert f"超过年度目标 {amount(project.target, measure=project.measure)}" in refused.err
    assert "上次" not in refused.err


def test_a_backdated_report_prints_the_standing_at_its_time(sample: Shell) -> None:
    """`--at` in September: the schedule of September 1, not of today (November 3)."""
    then = sample.at(BEFORE_DEADLINE, "report", "MS-02", "30%", "--at", "2026-09-01T10:00")
    assert then.code == 0, then.err
    assert "截至2026年9月1日10:00" in then.out
    now = sample.at(BEFORE_DEADLINE, "report", "MS-02", "30%")
    assert now.code == 0, now.err
    assert "截至2026年11月3日10:00" in now.out

    def schedule(out: str) -> str:
        return out.split("序时进度", 1)[1].split("，", 1)[0]

    assert schedule(then.out) != schedule(now.out)  # the plan had further to go by November


def test_report_accepts_a_lower_case_code_and_full_width_digits(sample: Shell) -> None:
    result = sample.at(BEFORE_DEADLINE, "report", "ms-01", "６０％")
    assert result.code == 0, result.err
    assert result.out.startswith("MS-01 ")


def test_report_of_an_unknown_project(sample: Shell) -> None:
    result = sample.at(BEFORE_DEADLINE, "report", "NOPE", "5")
    assert result.code == 1
    assert "没有找到项目" in result.err and "NOPE" in result.err
    assert sample.count("report") == 0


@pytest.mark.parametrize("value", ["abc%", "-5", "", "1,2,3"])
def test_report_of_a_value_that_is_not_a_cumulative_amount(sample: Shell, value: str) -> None:
    result = sample.at(BEFORE_DEADLINE, "report", "MS-01", value)
    assert result.code == 1
    assert result.err.strip() and "Traceback" not in result.err
    assert "例如" in result.err  # the reply shows how to write it
    assert sample.count("report") == 0


def test_a_decrease_needs_yes_and_a_note(sample: Shell) -> None:
    assert sample.at(BEFORE_DEADLINE, "report", "MS-01", "60%").code == 0
    later = BEFORE_DEADLINE + timedelta(minutes=10)

    refused = sample.at(later, "report", "MS-01", "50%")
    assert refused.code == 1
    assert "--yes" in refused.err and "--note" in refused.err
    assert sample.count("report") == 1

    without_note = sample.at(later, "report", "MS-01", "50%", "--yes")
    assert without_note.code == 1
    assert "原因" in without_note.err
    assert sample.count("report") == 1

    confirmed = sample.at(later, "report", "MS-01", "50%", "--yes", "--note", "数据核减，原多报")
    assert confirmed.code == 0, confirmed.err
    assert sample.count("report") == 2


def test_report_with_a_bad_time(sample: Shell) -> None:
    result = sample.at(BEFORE_DEADLINE, "report", "MS-01", "5", "--at", "昨天下午")
    assert result.code == 1
    assert "2026-10-31T16:00" in result.err
    assert sample.count("report") == 0


# ---------------------------------------------------------------------------------------------------------
# review


def test_review_before_the_deadline_is_provisional(hand_made: Shell) -> None:
    result = hand_made.at(BEFORE_DEADLINE, "review", "--period", "2026-10", "--json")
    assert result.code == 0, result.err
    review = json.loads(result.out)
    assert review["provisional"] is True
    assert review["status"] == "draft"
    assert review["period"] == "2026-10"


def test_review_json_scores_ranks_and_flags_of_the_hand_made_county(hand_made: Shell) -> None:
    result = hand_made.at(BEFORE_DEADLINE, "review", "--period", "2026-10", "--json")
    assert result.code == 0, result.err
    review = json.loads(result.out)

    assert review["version"] == 1
    assert review["period"] == "2026-10"
    assert review["status"] == "draft"
    assert [c["category"] for c in review["categories"]] == ["民生实事"]
    (groups,) = [c["groups"] for c in review["categories"]]
    assert [g["group"] for g in groups] == ["县直部门"]
    units = groups[0]["units"]
    assert [u["unit"] for u in units] == ["甲局", "乙局", "丙局", "丁局"]  # best first
    for unit in units:
        assert {"unit", "score", "rank", "flag", "transition", "streak"} <= set(unit)
    got = [(u["unit"], u["score"], u["rank"], u["flag"], u["transition"], u["streak"]) for u in units]
    assert got == [
        ("甲局", 110.0, 1, "red", "new_red", 1),
        ("乙局", 100.0, 2, "red", "new_red", 1),
        ("丙局", 95.0, 3, None, "none", 0),  # in the top 3 but below 100: no red flag
        ("丁局", 70.0, 4, "yellow", "new_yellow", 1),  # below 80
    ]


def test_review_text_shows_the_ranking(hand_made: Shell) -> None:
    result = hand_made.at(BEFORE_DEADLINE, "review", "--period", "2026-10")
    assert result.code == 0, result.err
    assert "2026年9—10月" in result.out
    assert "临时结果" in result.out  # before the deadline the preview says so
    assert "甲局" in result.out and "110.0" in result.out and "红旗" in result.out and "黄旗" in result.out


def test_publish_before_the_deadline_is_refused_with_the_deadline(hand_made: Shell) -> None:
    result = hand_made.at(BEFORE_DEADLINE, "review", "--period", "2026-10", "--publish")
    assert result.code == 1
    assert "2026年11月5日24时" in result.err
    assert "Traceback" not in result.err


def test_publish_after_the_deadline_once_only(hand_made: Shell) -> None:
    first = hand_made.at(AFTER_DEADLINE, "review", "--period", "2026-10", "--publish", "--json")
    assert first.code == 0, first.err
    review = json.loads(first.out)
    assert review["status"] == "published"
    assert review["provisional"] is False
    assert review["published_at"].startswith("2026-11-10T09:00")
    assert {u: (v["score"], v["flag"]) for u, v in units_of(review).items()} == {
        "甲局": (110.0, "red"),
        "乙局": (100.0, "red"),
        "丙局": (95.0, None),
        "丁局": (70.0, "yellow"),
    }

    second = hand_made.at(AFTER_DEADLINE, "review", "--period", "2026-10", "--publish")
    assert second.code == 1
    assert "已经发布，不会重复发布" in second.err

    # A published review is shown as it was published, even after later reports.
    assert hand_made.at(AFTER_DEADLINE, "report", "HM-04", "100", "--at", "2026-11-09T10:00").code == 0
    shown = json.loads(hand_made.at(AFTER_DEADLINE, "review", "--period", "2026-10", "--json").out)
    assert units_of(shown)["丁局"]["score"] == 70.0 and shown["status"] == "published"


def test_the_next_review_shows_kept_and_won_flags_and_shared_ranks(hand_made: Shell) -> None:
    assert hand_made.at(AFTER_DEADLINE, "review", "--period", "2026-10", "--publish").code == 0
    december = {"HM-01": "120", "HM-02": "120", "HM-03": "100", "HM-04": "120"}  # expected on Dec 31: 120
    for code, value in december.items():
        result = hand_made.at(AFTER_DEADLINE, "report", code, value, "--at", "2026-12-20T10:00")
        assert result.code == 0, result.err

    result = hand_made.at(
        datetime(2027, 1, 10, 9, 0, tzinfo=TZ), "review", "--period", "2026-12", "--publish", "--json"
    )
    assert result.code == 0, result.err
    units = units_of(json.loads(result.out))
    got = {u: (v["score"], v["rank"], v["flag"], v["transition"], v["streak"]) for u, v in units.items()}
    assert got == {
        "甲局": (100.0, 1, "red", "kept_red", 2),
        "乙局": (100.0, 1, "red", "kept_red", 2),
        "丁局": (100.0, 1, "red", "yellow_to_red", 1),  # 夺旗
        "丙局": (83.3, 4, None, "none", 0),  # 100 ÷ 120; equal scores share a rank, the next skips
    }


def test_a_period_that_does_not_end_a_review_period_gets_a_hint(hand_made: Shell) -> None:
    result = hand_made.at(BEFORE_DEADLINE, "review", "--period", "2026-09")
    assert result.code == 1
    assert "2026-09" in result.err and "YYYY-MM" in result.err and "2026-10" in result.err


# ---------------------------------------------------------------------------------------------------------
# export, backup, db upgrade


def test_export_writes_a_workbook_with_the_ranking(hand_made: Shell) -> None:
    output = hand_made.folder / "out.xlsx"
    result = hand_made.at(AFTER_DEADLINE, "export", "--period", "2026-10", "-o", str(output))
    assert result.code == 0, result.err
    assert "out.xlsx" in result.out

    wb = openpyxl.load_workbook(output)
    assert wb.sheetnames[:2] == ["汇总", "排名与旗帜"]
    assert "项目台账" in wb.sheetnames and "报送记录" in wb.sheetnames
    rows = [row for row in wb["排名与旗帜"].iter_rows(values_only=True)]
    header_index = next(i for i, row in enumerate(rows) if row and "单位" in row)
    header = list(rows[header_index])
    by_unit = {
        row[header.index("单位")]: row for row in rows[header_index + 1 :] if row[header.index("单位")]
    }
    assert set(by_unit) == {"甲局", "乙局", "丙局", "丁局"}
    assert by_unit["甲局"][header.index("得分")] == pytest.approx(110.0)
    assert by_unit["甲局"][header.index("旗帜")] == "贡献红旗"
    assert by_unit["丁局"][header.index("旗帜")] == "落后黄旗"
    assert by_unit["丙局"][header.index("排名")] == 3
    ledger = list(wb["项目台账"].iter_rows(values_only=True))
    assert any(row and row[0] == "HM-01" for row in ledger)


def test_export_writes_each_document_by_its_extension(hand_made: Shell) -> None:
    for name in ("tongbao.docx", "slides.pptx"):
        output = hand_made.folder / name
        result = hand_made.at(AFTER_DEADLINE, "export", "--period", "2026-10", "-o", str(output))
        assert result.code == 0, result.err
        assert name in result.out
    texts = [p.text for p in docx.Document(str(hand_made.folder / "tongbao.docx")).paragraphs]
    assert "关于2026年9—10月双月讲评流动红黄旗评定情况的通报" in texts
    assert "（讨论稿，未编号）" in texts  # not published: a draft has no 文号
    yellow = "".join(texts[texts.index("三、落后黄旗单位") : texts.index("四、旗帜变化情况")])
    assert "丁局" in yellow and "甲局" not in yellow
    deck = pptx.Presentation(str(hand_made.folder / "slides.pptx"))
    assert deck.slide_width * 9 == deck.slide_height * 16


def test_export_to_a_folder_writes_all_three_with_chinese_names(hand_made: Shell) -> None:
    folder = hand_made.folder / "讲评会"
    result = hand_made.at(AFTER_DEADLINE, "export", "--period", "2026-10", "-o", f"{folder}/")
    assert result.code == 0, result.err
    assert sorted(p.name for p in folder.iterdir()) == [
        "2026年9—10月双月讲评.xlsx",
        "2026年9—10月双月讲评会.pptx",
        "2026年9—10月双月讲评通报.docx",
    ]
    summary = openpyxl.load_workbook(folder / "2026年9—10月双月讲评.xlsx")["汇总"]
    assert summary.page_setup.orientation == "landscape"


def test_export_refuses_an_unknown_extension_politely(hand_made: Shell) -> None:
    result = hand_made.at(AFTER_DEADLINE, "export", "--period", "2026-10", "-o", "out.pdf")
    assert result.code != 0
    assert "无法识别的文件类型：out.pdf" in result.err and ".docx（通报）" in result.err


def test_backup_is_a_sqlite_file_with_the_same_projects(sample: Shell) -> None:
    copy = sample.folder / "copy.sqlite3"
    result = sample.at(BEFORE_DEADLINE, "backup", "-o", str(copy))
    assert result.code == 0, result.err
    assert "copy.sqlite3" in result.out
    with sqlite3.connect(copy) as connection:
        copied = connection.execute("SELECT count(*) FROM project").fetchone()[0]
    assert copied == sample.count("project") == len(sample_projects(2026))


def test_db_upgrade(shell: Shell) -> None:
    result = shell("db", "upgrade")
    assert result.code == 0, result.err
    assert "最新" in result.out
    assert shell.database.exists()
    assert shell("db", "upgrade").code == 0  # a second time finds nothing to do


def test_english_output_with_language_en(hand_made: Shell, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANGUAGE", "en")
    result = hand_made.at(BEFORE_DEADLINE, "report", "NOPE", "5")
    assert result.code == 1 and "No project matches" in result.err


# ---------------------------------------------------------------------------------------------------------
# errors a county IT person can act on


def test_an_unreachable_database_is_one_line_and_exit_3(
    shell: Shell, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql+asyncpg://nobody@127.0.0.1:1/x")
    result = shell("db", "upgrade")
    assert result.code == 3
    assert "Traceback" not in result.err
    assert len(result.err.strip().splitlines()) == 1
    assert "DATABASE_URL" in result.err


def test_an_invalid_setting_is_one_line_and_exit_2(shell: Shell, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TIMEZONE", "Mars/Base")
    result = shell("db", "upgrade")
    assert result.code == 2
    assert "Traceback" not in result.err
    assert len(result.err.strip().splitlines()) == 1
    assert "TIMEZONE" in result.err and "Mars/Base" in result.err


def test_a_usage_mistake_exits_2_with_the_usage(shell: Shell) -> None:
    with pytest.raises(SystemExit) as exited:
        shell("report", "MS-01")
    assert exited.value.code == 2


# ---------------------------------------------------------------------------------------------------------
# The installed console script: exit codes and stderr as the operator sees them


def flagbot_executable() -> str:
    beside = Path(sys.executable).parent / "flagbot"
    if beside.exists():
        return str(beside)
    found = shutil.which("flagbot")
    if found is None:
        pytest.skip("the flagbot console script is not installed")
    return found


@pytest.fixture
def console(tmp_path: Path) -> Iterator[tuple[str, dict[str, str]]]:
    env = {k: v for k, v in os.environ.items() if k.lower() not in Settings.model_fields}
    env.pop("FLAGBOT_DEBUG", None)
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'flagbot.sqlite3'}"
    yield flagbot_executable(), env


def test_console_script_never_shows_a_traceback(tmp_path: Path, console: tuple[str, dict[str, str]]) -> None:
    executable, env = console
    ledger = tmp_path / "sample-ledger.csv"
    ledger.write_bytes(ledger_csv(sample_projects(2026)))
    unreachable = {**env, "DATABASE_URL": "postgresql+asyncpg://nobody@127.0.0.1:1/x"}
    mars = {**env, "TIMEZONE": "Mars/Base"}

    def start(args: list[str], case_env: dict[str, str]) -> subprocess.Popen[str]:
        return subprocess.Popen(
            [executable, *args],
            env=case_env,
            cwd=tmp_path,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    empty = {**env, "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}"}
    # Independent of each other, so they run side by side: (arguments, expected exit code, process).
    cases = [
        (["import", str(ledger)], env, 0),
        (["report", "NOPE", "5"], empty, 1),
        (["db", "upgrade"], unreachable, 3),
        (["db", "upgrade"], mars, 2),
    ]
    running = [(args, expected, start(args, case_env)) for args, case_env, expected in cases]
    for args, expected, process in running:
        out, err = process.communicate(timeout=60)
        assert process.returncode == expected, (args, out, err)
        assert "Traceback" not in err and "Traceback" not in out, (args, err)
        if expected == 0:
            assert err == "", (args, err)
            assert "新增 33 个项目" in out  # 16 units × 2 projects, 水利局 one more
        else:
            assert out == "", (args, out)
            assert len(err.strip().splitlines()) == 1, (args, err)  # one sentence, never silence
        if expected == 1:
            assert "没有找到项目" in err


def test_publish_announces_like_the_bot_with_the_files_built(hand_made: Shell) -> None:
    """`review --publish` takes the bot's path: the announcement, the chart and the workbook are queued for
    the leaders' chat (the running bot's sender delivers them), the files built after the commit."""
    with sqlite3.connect(hand_made.database) as connection:
        connection.execute(
            "INSERT INTO chatbinding (kind, chat_id, title, bound_by, bound_at) "
            "VALUES ('leaders', -4001, '领导群', 1, '2026-10-01 00:00:00.000000')"
        )
    assert hand_made.at(AFTER_DEADLINE, "review", "--period", "2026-10", "--publish").code == 0
    with sqlite3.connect(hand_made.database) as connection:
        rows = connection.execute(
            "SELECT kind, file_data IS NOT NULL, file_pending FROM outbox WHERE chat_id = -4001 ORDER BY id"
        ).fetchall()
    # text, chart, the 16:9 chart as a document, the workbook, the 通报, the slides
    assert rows == [("text", 0, None), ("photo", 1, None)] + [("document", 1, None)] * 4
