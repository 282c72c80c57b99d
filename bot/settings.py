"""All settings, read from the environment or .env, validated once at the edge (SPEC §7–§10)."""

from __future__ import annotations

import re
from datetime import time
from decimal import Decimal
from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from bot.domain.flags import OFFICIAL_FLAG_NAMES
from bot.domain.policy import Policy

_PLACEHOLDER_TOKENS = {"", "changeme", "your-token-here", "123456:abc", "<token>", "token"}
_TOKEN_RE = re.compile(r"^\d{5,}:[A-Za-z0-9_-]{20,}$")


MIN_WEBHOOK_SECRET = 16  # WEBHOOK_SECRET: anyone who knows it can post updates as anyone


class SettingsError(ValueError):
    """A setting is missing or wrong; the message is one sentence a county IT person can act on."""


class Settings(BaseSettings):
    """flagbot's settings. Build with Settings() at the edge and pass it down; never at import time."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    # Telegram
    telegram_token: str = Field(default="", repr=False)
    telegram_api_base_url: str = "https://api.telegram.org/bot"
    telegram_file_base_url: str = "https://api.telegram.org/file/bot"
    admin_ids: Annotated[list[int], NoDecode] = Field(default_factory=list)
    language: str = ""  # "" = each user's Telegram language (zh by default); "zh" or "en" fixes one
    webhook_url: str = ""
    webhook_secret: str = Field(default="", repr=False)
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = 8443
    health_port: int = Field(default=0, ge=0, le=65535)  # 0 = none; else GET /healthz there, any mode

    # Storage and time
    database_url: str = ""
    timezone: str = "Asia/Shanghai"

    # Periods, compliance, scores and flags
    period_months: int = 2
    report_grace_days: int = 5
    review_schedule: str = "0 9 10 1,3,5,7,9,11 *"
    review_requires_approval: bool = False
    score_cap: float = 1.5
    on_schedule_tolerance: float = 0.05
    serious_lag_below: float = 0.8
    stall_after_days: int = 30
    red_top_n: int = 3
    red_min_score: Decimal = Decimal("100")
    yellow_below: Decimal = Decimal("80")
    yellow_bottom_n: int = 0
    plan_due_days: int = 7
    default_group: str = "县直部门"

    # Documents for the meeting (SPEC §11, docs/documents.md)
    county_name: str = ""  # e.g. "青川县": on the charts, the workbook's title and the slides
    org_name: str = "县考核办"  # the issuing office: 发文机关标志 and 落款 of the 通报
    doc_number_prefix: str = "考核办"  # 文号: {prefix}〔{year}〕{n}号
    doc_template: str = ""  # a county .docx with {{placeholders}} instead of the built-in layout
    # The flags' official names in Chinese text (SPEC §11): "贡献红旗,落后黄旗" unless the county calls them otherwise
    flag_names: Annotated[tuple[str, str], NoDecode] = OFFICIAL_FLAG_NAMES

    # Reminders
    remind_before_days: int = 3
    remind_at: time = time(9, 0)

    log_level: str = "INFO"

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: object) -> object:
        if isinstance(value, str):
            parts = [p for p in re.split(r"[,\s;，]+", value.strip()) if p]
            try:
                return [int(p) for p in parts]
            except ValueError as exc:
                raise ValueError("ADMIN_IDS must be Telegram user ids separated by commas") from exc
        if isinstance(value, int):
            return [value]
        return value

    @field_validator("flag_names", mode="before")
    @classmethod
    def _two_flag_names(cls, value: object) -> object:
        if not isinstance(value, str):
            return value
        names = [n.strip() for n in re.split(r"[,，、;；]", value) if n.strip()]
        if not value.strip():
            return OFFICIAL_FLAG_NAMES
        if len(names) != 2 or any(len(n) > 12 or set(n) & set("{}<>&") for n in names):
            raise ValueError(
                "FLAG_NAMES must be the red flag's name, a comma, the yellow flag's name "
                "(e.g. 贡献红旗,落后黄旗), each at most 12 characters"
            )
        return tuple(names)

    @field_validator("health_port", mode="before")
    @classmethod
    def _empty_port_is_none(cls, value: object) -> object:
        return 0 if isinstance(value, str) and not value.strip() else value

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r} (e.g. Asia/Shanghai)") from exc
        return value

    @field_validator("webhook_secret")
    @classmethod
    def _long_secret(cls, value: str) -> str:
        # Anyone who guesses it can post updates as any user: a short one is refused (its value is never quoted).
        if value and len(value) < MIN_WEBHOOK_SECRET:
            raise ValueError(
                f"WEBHOOK_SECRET must be at least {MIN_WEBHOOK_SECRET} characters "
                f"(it has {len(value)}); make one with `openssl rand -hex 32`"
            )
        return value

    @field_validator("period_months")
    @classmethod
    def _divides_year(cls, value: int) -> int:
        if value < 1 or 12 % value:
            raise ValueError("PERIOD_MONTHS must divide 12 (1, 2, 3, 4, 6 or 12)")
        return value

    @field_validator("language")
    @classmethod
    def _language(cls, value: str) -> str:
        value = value.strip().lower()
        # Many Linux systems export the GNU locale list LANGUAGE=en_US:en; that is the machine's locale,
        # not our setting, so a value in that shape is ignored rather than refused or obeyed.
        if any(mark in value for mark in ("_", ":", ".")):
            return ""
        if value not in ("", "zh", "en"):
            raise ValueError("LANGUAGE must be zh, en or empty")
        return value

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def policy(self) -> Policy:
        """The rules in force, stored with every review."""
        return Policy(
            period_months=self.period_months,
            grace_days=self.report_grace_days,
            score_cap=self.score_cap,
            on_schedule_tolerance=self.on_schedule_tolerance,
            serious_lag_below=self.serious_lag_below,
            stall_after_days=self.stall_after_days,
            red_top_n=self.red_top_n,
            red_min_score=self.red_min_score,
            yellow_below=self.yellow_below,
            yellow_bottom_n=self.yellow_bottom_n,
        )

    @property
    def has_token(self) -> bool:
        return self.telegram_token.strip().lower() not in _PLACEHOLDER_TOKENS

    def require_token(self) -> str:
        """The bot token, or a SettingsError saying exactly what to do."""
        token = self.telegram_token.strip()
        if not self.has_token:
            raise SettingsError(
                "TELEGRAM_TOKEN is not set: put the token from @BotFather in .env "
                "(or run `flagbot demo` to try the bot offline)."
            )
        if not _TOKEN_RE.match(token):
            raise SettingsError(
                "TELEGRAM_TOKEN does not look like a bot token (digits:letters from @BotFather)."
            )
        return token


def load_settings(**overrides: object) -> Settings:
    """Settings from the environment/.env, with pydantic's errors turned into one readable sentence."""
    from pydantic import ValidationError

    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']).upper()}: {e['msg']}" for e in exc.errors()
        )
        raise SettingsError(f"invalid settings — {problems}") from exc
