"""The abuse tests drive the real bot through the simulator, like tests/e2e (its fixtures, reused)."""

from tests.e2e.conftest import bot, sim

__all__ = ["bot", "sim"]
