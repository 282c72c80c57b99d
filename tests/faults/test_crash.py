"""SIGKILL in the middle of 1,000 reports: after a restart every report is stored exactly once and every
message is answered — acknowledged before the kill or not."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.simulator import BotApiSimulator
from tests.faults.harness import (
    CONTACT_BASE,
    BotProcess,
    acked,
    bot_env,
    missing_acks,
    prepare_county,
    send_reports,
    stored_reports,
    wait_until,
)

CONTACTS, PER_CONTACT = 100, 10

pytestmark = pytest.mark.slow


async def test_sigkill_during_a_thousand_reports_loses_none_and_stores_none_twice(
    sim: BotApiSimulator, any_url: str, tmp_path: Path
) -> None:
    await prepare_county(any_url, CONTACTS)
    contacts = [sim.user(CONTACT_BASE + u, f"联络员{u}") for u in range(1, CONTACTS + 1)]
    first = await BotProcess(bot_env(sim, any_url), tmp_path, "first").start()
    try:
        contacts[0].send("/help")
        await contacts[0].wait_replies(1, timeout=60)
        send_reports(contacts, PER_CONTACT)
        total = CONTACTS * PER_CONTACT

        def acks() -> int:
            return sum(len(acked(c)) for c in contacts)

        await wait_until(lambda: acks() >= 150, 60, lambda: f"150 acknowledgements (got {acks()})")
        first.kill()
        await first.wait()
    finally:
        if first.running:
            first.kill()
    before = {(c.id, v) for c in contacts for v in acked(c)}
    print(f"acknowledged before the kill: {len(before)} of {total}")
    assert 150 <= len(before) < total, "the kill should land in the middle of the run"

    second = await BotProcess(bot_env(sim, any_url), tmp_path, "second").start()
    try:
        await wait_until(
            lambda: not missing_acks(contacts, range(1, PER_CONTACT + 1)),
            90,
            lambda: f"every report acknowledged; missing {missing_acks(contacts, range(1, PER_CONTACT + 1))}",
        )
    finally:
        code = await second.stop()
    assert code == 0, second.logs()[-3000:]

    rows, keys, values = await stored_reports(any_url)
    assert (rows, keys) == (total, total)  # each message stored once, none lost
    assert values == {(u, float(k)) for u in range(1, CONTACTS + 1) for k in range(1, PER_CONTACT + 1)}
    recovered = "processed first" in second.logs()
    assert recovered or len(before) == total, second.logs()[-3000:]
    assert "Traceback" not in second.logs()
