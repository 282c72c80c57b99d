"""`flagbot demo -o DIR` (SPEC §10): the whole story offline, written to a folder a county office can open."""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import openpyxl
import pytest
import time_machine

from bot.cli.commands import main
from bot.cli.sample_county import sample_projects
from bot.ledger.parse import parse_ledger
from bot.settings import Settings

TZ = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def quiet_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in Settings.model_fields:
        monkeypatch.delenv(name.upper(), raising=False)
    monkeypatch.delenv("FLAGBOT_DEBUG", raising=False)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'not-the-demo.sqlite3'}")
    return tmp_path


def run_demo(folder: Path, moment: datetime, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    capsys.readouterr()
    with time_machine.travel(moment, tick=False):
        code = main(["demo", "-o", str(folder)])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_demo_writes_the_transcript_the_ledger_and_the_workbook_and_can_run_again(
    quiet_environment: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = quiet_environment / "演示"
    code, out, err = run_demo(folder, datetime(2026, 11, 10, 9, 0, tzinfo=TZ), capsys)
    assert code == 0, err
    assert "Traceback" not in err
    assert str(folder.resolve()) in out  # it says where everything is

    transcript = (folder / "transcript.txt").read_text(encoding="utf-8")
    assert "红旗" in transcript and "黄旗" in transcript
    assert "2026年7—8月" in transcript and "2026年9—10月" in transcript  # both periods, published
    assert transcript.count("已发布") >= 2
    assert "台账导入成功" in transcript
    # an indicator-scored category: its score sheet confirmed, its own red line, its flags announced
    assert "✅ 已导入 2026-10 评分表：16 个单位得分，类别：真抓实干" in transcript
    assert "已更新“真抓实干”的考核规则。" in transcript and "真抓实干 · 县直部门" in transcript
    # one rectification item from submitted through approved to 销号 (docs/rectification.md)
    assert "已提交" in transcript and "的整改措施，待县领导审核" in transcript
    assert "已通过" in transcript and "现场核查，进度已赶上" in transcript and "销号。" in transcript
    # the follow-up loop: the unit that has not reported is reminded before the deadline, and the
    # yellow-flag units get 每天一调度 from the working day after the review
    assert "⏰ 报送提醒：2026年9—10月讲评的进度报送截止到2026年11月5日24时" in transcript
    assert "龙泉乡还有1个项目本期未报送" in transcript
    assert "📋 每天一调度｜商科工信局（2026年9—10月讲评落后黄旗" in transcript
    assert "农业农村农村" not in transcript  # projects named for the unit's remit, no doubled words

    ledger = parse_ledger(
        (folder / "sample-ledger.csv").read_bytes(), "sample-ledger.csv", today=date(2026, 11, 10)
    )
    assert ledger.ok and len(ledger.rows) == len(sample_projects(2026))

    workbook = openpyxl.load_workbook(folder / "2026年9—10月双月讲评.xlsx")
    assert workbook.sheetnames[:2] == ["汇总", "排名与旗帜"]
    for name in (
        "2026年9—10月双月讲评通报.docx",
        "2026年9—10月双月讲评会.pptx",
        "2026年7—8月双月讲评通报.docx",
    ):
        assert (folder / name).stat().st_size > 0  # the meeting's documents of both reviews
    cells = [v for row in workbook["排名与旗帜"].iter_rows(values_only=True) for v in row if v is not None]
    assert "贡献红旗" in cells and "落后黄旗" in cells
    assert (folder / "myflag-trend.png").read_bytes().startswith(b"\x89PNG")  # /myflag's picture

    # The leaders get each review whole (announcement, chart, workbook) when it is published, not
    # at some later step of the story.
    leaders_chat = transcript.split("━━━ 超级群 · 县领导调度群", 1)[1].split("\n━━━", 1)[0]
    for period in ("2026年7—8月", "2026年9—10月"):
        stamps = {
            what: re.findall(rf"^\[([\d\- :]+)\] 🤖 \S+: {what}", leaders_chat, re.MULTILINE)
            for what in (f"📣 {period}双月讲评结果", f"📊 {period}双月讲评排名", f"{period}讲评表")
        }
        assert all(len(found) == 1 for found in stamps.values()), stamps
        assert len({found[0] for found in stamps.values()}) == 1, stamps

    # Again into the same folder: it starts over and tells the same story.
    code, _, err = run_demo(folder, datetime(2026, 11, 10, 9, 0, tzinfo=TZ), capsys)
    assert code == 0, err

    # Invite codes are random by design (unguessable); everything else is the same story.
    def without_codes(text: str) -> str:
        return re.sub(r"(start=|/start )[\w-]{16,}", r"\1<code>", text)

    assert without_codes((folder / "transcript.txt").read_text(encoding="utf-8")) == without_codes(transcript)


def test_demo_works_inside_the_submission_window_too(
    quiet_environment: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """On Nov 3 the Sep–Oct reports are still open (until Nov 5): the demo must still tell its story."""
    code, _, err = run_demo(quiet_environment / "demo", datetime(2026, 11, 3, 10, 0, tzinfo=TZ), capsys)
    assert code == 0, err
    transcript = (quiet_environment / "demo" / "transcript.txt").read_text(encoding="utf-8")
    assert "红旗" in transcript and "黄旗" in transcript
