"""Uploads (SPEC §4, §5): a file of the wrong type or over the size limit, or from someone who may not import,
is refused before a byte is downloaded (no getFile reaches the Bot API), and evidence attached to a report
is kept by reference, never downloaded. tests/e2e/test_admin.py covers an oversize .xlsx and the replies."""

from __future__ import annotations

from bot.ledger.parse import MAX_FILE_BYTES
from bot.simulator import SimUser
from tests.e2e.admin_county import add_person, ask, build_county
from tests.e2e.conftest import Harness

CSV = "项目编号,项目名称,牵头单位,考核类别,年度目标\nMS-09,新项目,民政局,民生实事,100\n".encode()


async def upload(
    user: SimUser, data: bytes, filename: str, caption: str | None = None, chat: object = None
) -> str:
    user.send_document(data, filename, caption=caption, chat=chat)  # type: ignore[arg-type]
    (answer,) = await user.wait_replies(1, chat=chat)  # type: ignore[arg-type]
    return str(answer.get("text"))


async def test_refused_before_download(bot: Harness) -> None:
    admin = bot.admin
    refusals = {
        "台账.xls": "另存为",
        "台账.pdf": "不支持",
        "台账.xlsx.exe": "不支持",
        "台账.docx": "不支持",
        "台账": "不支持",
    }
    for name, reason in refusals.items():
        assert reason in await upload(admin, CSV, name), name
    just_over = CSV + b"x" * (MAX_FILE_BYTES + 1 - len(CSV))
    assert "文件太大" in await upload(admin, just_over, "台账.csv")

    contact = bot.user(7501, "联络员")
    assert "考核办导入" in await upload(contact, CSV, "台账.csv")
    assert "考核办导入" in await upload(contact, b"\0" * (30 << 20), "台账.xlsx")
    assert bot.sim.sent(method="getFile") == []

    # in a group, a file is nobody's ledger: nothing is downloaded and nothing said
    group = bot.sim.group(-100600, "县工作群")
    admin.send_document(CSV, "台账.csv", chat=group)
    await bot.sim.wait_idle()
    assert bot.sim.sent(method="getFile") == [] and admin.replies(group) == []
    (units,) = await ask(admin, "/units")
    assert "民政局" not in units

    # the right file from the right person is downloaded once and previewed; 确认导入 reads it once more
    admin.send_document(CSV, "台账.csv")
    (preview,) = await admin.wait_replies(1)
    assert "台账导入预览" in preview["text"] and len(bot.sim.sent(method="getFile")) == 1
    admin.press_button(preview, "确认导入")
    (answer,) = await admin.wait_replies(1)
    assert "台账导入成功" in answer["text"]
    assert len(bot.sim.sent(method="getFile")) == 2


async def test_report_evidence_is_never_downloaded(bot: Harness) -> None:
    await build_county(bot.db, reports=False)
    await add_person(bot.db, 7502, unit="人社局")
    contact = bot.user(7502, "联络员")
    answer = await upload(contact, b"\0" * (30 << 20), "现场照片.zip", caption="/report MS-01 30 见附件")
    assert "已报送 MS-01" in answer
    contact.send_photo(b"\x89PNG\r\n\x1a\n" + b"\0" * 1000, caption="/report MS-01 40")
    (answer_photo,) = await contact.wait_replies(1)
    assert "已报送 MS-01" in answer_photo["text"]
    assert bot.sim.sent(method="getFile") == []
