"""The catalogue: every sentence flagbot says, in Simplified Chinese and English, one file per area.

Each area module exports `MESSAGES: dict[str, tuple[str, str]]`, key → (zh, en), with str.format
placeholders that are the same on both sides. Sentences may use <b>, <i>, <code> and HTML entities; they
become formatting marks (bot.render.marks) when bot.render.texts merges the areas listed in its AREAS.
Call sites name a key as a plain string literal, so tests/render/test_catalogue.py can find unused keys;
where code used to build a key at run time it maps values to literal keys instead.
"""
