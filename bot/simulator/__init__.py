"""A local Telegram Bot API server for tests, the offline demo and benchmarks.

It speaks the Bot API over HTTP the way python-telegram-bot uses it, lets a script play users and
groups, and records everything the bot sends. Standalone: no imports from the rest of the project
and no `telegram` import (it only speaks JSON).

    sim = BotApiSimulator()
    await sim.start()
    app = (Application.builder().token("1:T").base_url(f"{sim.url}/bot")
           .base_file_url(f"{sim.url}/file/bot").build())
    alice = sim.user(101, "王", username="wang")
    alice.send("/start")
    [reply] = await alice.wait_replies(1)

Another process: ``python -m bot.simulator --port 0 --print-url`` and the ``/_sim/*`` endpoints.
"""

from .actors import SimChat, SimUser
from .limits import Throttle
from .markup import ParseError, parse_html, parse_markdown_v2, utf16_len
from .methods import Request, Upload
from .server import BotApiSimulator, SimulatorThread, run_in_thread
from .state import BOT_ID, ApiError, SentCall, SimState, StoredFile

__all__ = [
    "BOT_ID",
    "ApiError",
    "BotApiSimulator",
    "ParseError",
    "Request",
    "SentCall",
    "SimChat",
    "SimState",
    "SimUser",
    "SimulatorThread",
    "StoredFile",
    "Throttle",
    "Upload",
    "parse_html",
    "parse_markdown_v2",
    "run_in_thread",
    "utf16_len",
]
