from datetime import timedelta
from tests.e2e.test_report import *  # noqa
from tests.e2e.test_report import county  # noqa

async def test_show(county):
    c = county.user(CONTACT, "王联络")
    e = county.user(EN_CONTACT, "Li", lang="en")
    await ask(c, "/report MS-01 60 路基完成")
    q = await ask(c, "/report MS-01 40", date=SENT + timedelta(minutes=1))
    await press(county, c, q, "确认"); await c.wait_replies(1)
    q = await ask(c, "/report MS-01 150 追加", date=SENT + timedelta(minutes=2))
    await ask(c, "/report")
    await ask(c, "/report 60% MS-01")
    await ask(c, "/report 公 5")
    await ask(c, "/undo")
    await ask(c, "hello")
    await ask(e, "/report MS-02 50% ok")
    q = await ask(e, "/report MS-01 10", date=SENT + timedelta(minutes=3))
    await press(county, e, q, "Confirm"); await e.wait_replies(1)
    await ask(e, "/report 60% MS-01")
    await ask(e, "/undo")
    m = await ask(e, "/report")
    await press(county, e, m, "MS-01"); await e.wait_replies(1)
    await ask(e, "hello")
    print(county.sim.transcript_text())
