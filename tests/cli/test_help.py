"""`flagbot --help` reads in the county's language (Chinese unless LANGUAGE=en), and a mistyped command gets
a sentence saying what to do, not argparse's English alone."""

from __future__ import annotations

import pytest

from bot.cli.commands import main
from bot.settings import Settings


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in Settings.model_fields:
        monkeypatch.delenv(name.upper(), raising=False)


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exited:
        main(argv)
    captured = capsys.readouterr()
    return int(exited.value.code or 0), captured.out, captured.err


def test_help_is_chinese_by_default(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["--help"], capsys)
    assert code == 0
    assert out.startswith("用法：flagbot")
    assert "导入项目台账（.xlsx 或 .csv）" in out and "写出讲评表、通报或讲评会幻灯片" in out
    assert "显示本帮助并退出" in out and "usage:" not in out and "show this help" not in out


def test_a_command_s_help_is_chinese_too(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["import", "--help"], capsys)
    assert code == 0
    assert out.startswith("用法：flagbot import")  # once: not "用法：用法："
    assert "只显示将会作出的变更，不导入" in out


def test_help_follows_language_en(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LANGUAGE", "en")
    code, out, _ = run(["review", "--help"], capsys)
    assert code == 0
    assert out.startswith("usage: flagbot review") and "publish it (once per period)" in out


def test_a_mistyped_command_says_where_to_look(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["imprt", "台账.xlsx"], capsys)
    assert code == 2
    assert "flagbot：命令有误" in err and "发送 flagbot --help 查看可用的命令和参数" in err
