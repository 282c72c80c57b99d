"""Names of review periods (bot.render.periods): key → (zh, en); merged into bot.render.texts.MESSAGES.

`{month}` is a month's number, `{month:abbr}` its English abbreviation (bot.render.periods.Month); `first` is
the period's first month. A period never spans two years (its months divide the year), so one year is enough.
"""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "periods_label": ("{year}年{first}—{month}月", "{first:abbr}–{month:abbr} {year}"),
    "periods_label_one": ("{year}年{month}月", "{month:abbr} {year}"),
    # the trend picture's tick under a review: two short lines, so six reviews fit side by side
    "periods_tick": ("{year}年\n{first}—{month}月", "{first:abbr}–{month:abbr}\n{year}"),
    "periods_tick_one": ("{year}年\n{month}月", "{month:abbr}\n{year}"),
}
