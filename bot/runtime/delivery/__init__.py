"""The outbox sender (SPEC §9): delivers queued messages within Telegram's limits and survives restarts.

How it works, and why:
- **An asyncio task beside the application** (start_sender / stop_sender, called by start_polling /
  stop_app), not a JobQueue job. Pacing is the sender's whole job: a task sleeps exactly until the next
  message may go and wakes the moment a send finishes, while a repeating job adds up to one interval of
  latency per message to a chat, runs under APScheduler's misfire rules (a run more than 1 s late is
  skipped silently) and max_instances=1, and cannot wait for "a slot frees up".
- **Its own Bot, without a rate limiter** (same token, endpoints and defaults as app.bot, its own
  connection pool). The AIORateLimiter on app.bot retries a 429 itself while holding *every* request
  of the bot, so one broadcast hitting a limit would freeze the replies to users; `rate_limit_args=0`
  cannot switch those retries off per call (PTB computes `rate_limit_args or max_retries`, so 0 means
  "default"); its leaky buckets let 30 through at once and then 30/s, which a sliding one-second window
  counts as up to 60; and it knows no per-private-chat limit. So the sender paces itself (RateLimits)
  and handles a 429 itself: only that message and that chat wait. Replies to users keep going through
  app.bot and its limiter; the sender leaves them a little headroom (29 of Telegram's ~30 messages/s).
- **The database is the only state.** A message is due when neither sent nor failed and not_before ≤
  now; each is marked sent in its own transaction right after Telegram accepted it. A new process
  continues where the old one stopped. A crash between a send and its mark, or a timeout after Telegram
  did deliver, re-sends that one message: Telegram offers no idempotency key, so exactly-once cannot be
  had; at most the messages in flight at a crash (max_in_flight) can repeat, none at a clean stop.
- **Order per chat:** one message in flight per chat, each chat's lowest pending id goes first, and a
  message waiting for a retry holds back the later ones to its chat (queries.outbox.due_heads).
- One sender per database: with several processes only the leader (bot/runtime/leader.py, a PostgreSQL advisory lock) runs it.

limits.py holds the pure pacing rules, sender.py the loop and what each answer from Telegram leads to,
notes.py the notes to the admins; this module wires a sender to an Application.
"""

from __future__ import annotations

from telegram.ext import Application, ExtBot

from bot.context import AppState
from bot.runtime.delivery.limits import RateLimits, SenderOptions, backoff_s
from bot.runtime.delivery.sender import OutboxSender, SenderStats
from bot.runtime.transport import AiohttpRequest

__all__ = [
    "OutboxSender",
    "RateLimits",
    "SenderOptions",
    "SenderStats",
    "backoff_s",
    "sender_of",
    "start_sender",
    "stop_sender",
    "wake",
]


def make_sender_bot(app: Application, *, pool_size: int) -> ExtBot:  # type: ignore[type-arg]
    """A Bot like app.bot (token, Bot API server, defaults, the aiohttp transport) but without its rate
    limiter, on its own connection pool."""
    state: AppState = app.bot_data
    return ExtBot(
        token=app.bot.token,
        base_url=state.settings.telegram_api_base_url,
        base_file_url=state.settings.telegram_file_base_url,
        request=AiohttpRequest(connection_pool_size=pool_size),
        defaults=app.bot.defaults,
    )


async def start_sender(app: Application, options: SenderOptions | None = None) -> OutboxSender:  # type: ignore[type-arg]
    """Start the application's outbox sender (one per application and, for now, per database)."""
    state: AppState = app.bot_data
    existing = state.sender
    if existing is not None and existing.running:
        return existing
    options = options or SenderOptions()
    sender = OutboxSender(
        bot=make_sender_bot(app, pool_size=options.max_in_flight + 2),
        sessions=state.sessions,
        clock=state.clock,
        settings=state.settings,
        options=options,
        build_file=lambda source, queued_at: state.file_builds.ensure(source, queued_at=queued_at),
    )
    state.file_builds.after_attach = sender.wake
    state.sender = sender
    await sender.start()
    return sender


async def stop_sender(app: Application) -> None:  # type: ignore[type-arg]
    """Stop the application's sender, if it has one, letting the sends in flight finish."""
    state: AppState = app.bot_data
    sender, state.sender = state.sender, None
    if sender is not None:
        state.file_builds.after_attach = None
        await sender.stop()


def sender_of(app: Application) -> OutboxSender | None:  # type: ignore[type-arg]
    state: AppState = app.bot_data
    return state.sender


def wake(app: Application) -> None:  # type: ignore[type-arg]
    """After committing outbox rows: deliver them now instead of at the next poll (optional)."""
    sender = sender_of(app)
    if sender is not None:
        sender.wake()
