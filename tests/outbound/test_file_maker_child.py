"""The file builder's child process (bot/outbound/file_maker.py ask_child): cancelled while it is sending
its answer, it is killed and the cancelled build returns, instead of waiting forever with the loop idle."""

from __future__ import annotations

import asyncio
import sys

import pytest

from bot.outbound.file_maker import ask_child

# Reads its order, then answers without end, as a builder sending megabytes of files does for a while; its
# pipe holds 1 MiB, so more than asyncio's 2 × 64 KiB is always in flight when the build is cancelled.
TALKER = """
import fcntl, sys
fcntl.fcntl(1, fcntl.F_SETPIPE_SZ, 1 << 20)
sys.stdin.buffer.read()
while True:
    sys.stdout.buffer.write(b"x" * 65536)
"""


async def test_a_build_cancelled_while_the_child_answers_kills_it_and_returns() -> None:
    build = asyncio.create_task(ask_child([sys.executable, "-c", TALKER], b"order"))
    await asyncio.sleep(1.0)  # the child is writing; its output flows in
    build.cancel()
    # Before the fix, asyncio paused the unread pipe and Process.wait() never returned.
    done, _ = await asyncio.wait([build], timeout=15)
    assert done, "the cancelled build is still waiting for its child"
    with pytest.raises(asyncio.CancelledError):
        build.result()


async def test_the_answer_and_the_exit_code_of_the_child() -> None:
    code, out = await ask_child(
        [sys.executable, "-c", "import sys; sys.stdout.write(sys.stdin.read().upper()); sys.exit(3)"],
        b"order",
    )
    assert (code, out) == (3, b"ORDER")
