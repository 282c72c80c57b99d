"""FLAG_NAMES (SPEC §11): a county that calls its flags 先进红旗 and 后进黄旗 reads those words everywhere the
official 贡献红旗 and 落后黄旗 would stand — the announcement, the 通报 — and never the official ones."""

from __future__ import annotations

import io
from collections.abc import Iterator

import docx
import pytest

from bot.domain.flags import OFFICIAL_FLAG_NAMES
from bot.render.texts import use_flag_names
from bot.settings import SettingsError, load_settings
from bot.simulator import BotApiSimulator
from tests.conftest import Db
from tests.e2e.admin_county import ask
from tests.e2e.conftest import ADMIN_ID, start_bot, stop_bot
from tests.e2e.test_publication_files import LEADERS, PUBLISHED_AT, build_county, calls, chats


@pytest.fixture
def official_names_after() -> Iterator[None]:
    """The names are the process's (set when the bot starts): the next test reads the official ones."""
    yield
    use_flag_names(OFFICIAL_FLAG_NAMES)


async def test_the_county_names_its_flags_in_the_announcement_and_the_notice(
    sim: BotApiSimulator, db: Db, official_names_after: None
) -> None:
    await build_county(db)  # 人社局 on schedule (a red flag), 应急管理局 far behind (a yellow flag)
    chats(sim)
    h = await start_bot(sim, db, clock_at=PUBLISHED_AT, flag_names="先进红旗，后进黄旗")
    try:
        admin = sim.user(ADMIN_ID, "考核办", username="kaohe")
        (done,) = await ask(admin, "/review publish 2026-10", timeout=15)
        assert "1个后进黄旗单位的联络员将收到整改通知" in done
        await sim.wait_for(lambda: len(calls(sim, LEADERS)) == 6, timeout=60, what="the leaders' six")
    finally:
        await stop_bot(h)
    [announcement] = [m.params["text"] for m in sim.sent(LEADERS, "sendMessage", ok=True)]
    assert "🚩 先进红旗单位" in announcement and "🟨 后进黄旗单位" in announcement
    assert "1个单位领到先进红旗，1个单位领到后进黄旗" in announcement
    [notice] = [d for d in sim.sent(LEADERS, "sendDocument", ok=True) if "〔" in d.params["caption"]]
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(notice.file_data())).paragraphs)
    assert "先进红旗单位" in text and "后进黄旗单位" in text
    for official in OFFICIAL_FLAG_NAMES:
        assert official not in announcement and official not in text and official not in done


def test_flag_names_setting_is_two_names() -> None:
    assert load_settings(flag_names="先进红旗,后进黄旗").flag_names == ("先进红旗", "后进黄旗")
    assert load_settings(flag_names="").flag_names == OFFICIAL_FLAG_NAMES
    with pytest.raises(SettingsError, match="FLAG_NAMES"):
        load_settings(flag_names="红旗")
