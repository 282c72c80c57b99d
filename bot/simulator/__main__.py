"""``python -m bot.simulator --port 0 --print-url``: serve until SIGINT/SIGTERM.

With --print-url the first stdout line is the base URL (then stdout stays quiet), so a test can
start this as a subprocess, read one line, and point the bot at ``<url>/bot``.
"""

from __future__ import annotations

import argparse
import asyncio
import signal
import sys

from .server import BotApiSimulator


async def serve(args: argparse.Namespace) -> None:
    sim = BotApiSimulator(args.bot_username, args.latency_ms, host=args.host)
    await sim.start(args.port)
    if args.print_url:
        print(sim.url, flush=True)
    print(f"Bot API simulator on {sim.url} (bot @{args.bot_username})", file=sys.stderr, flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    await stop.wait()
    if args.transcript:
        print(sim.transcript_text(), file=sys.stderr, flush=True)
    await sim.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bot.simulator", description="Local Telegram Bot API simulator"
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument(
        "--print-url", action="store_true", help="print the base URL as the first stdout line"
    )
    parser.add_argument("--bot-username", default="flagbot_demo_bot")
    parser.add_argument("--latency-ms", type=float, default=0)
    parser.add_argument("--transcript", action="store_true", help="print all chats to stderr on exit")
    asyncio.run(serve(parser.parse_args(argv)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
