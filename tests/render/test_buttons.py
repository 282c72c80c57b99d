"""The one callback-data codec: every verb round-trips, nothing over 64 bytes is made, nothing foreign is read."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.render.buttons import (
    MAX_CALLBACK_BYTES,
    CallbackData,
    Verb,
    confirm_cancel,
    keyboard_json,
    publish_cancel,
    verb_for_log,
)
from handlers.keyboards import markup

ROOM = MAX_CALLBACK_BYTES - 3  # a two-letter verb and its colon
CHINESE = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
ANY_TEXT = st.characters(exclude_categories=("Cs",))  # what a JSON string can carry (no lone surrogates)


def fits(arg: str) -> bool:
    return len(arg.encode()) <= ROOM


@given(
    verb=st.sampled_from(Verb),
    arg=st.text(alphabet=CHINESE | ANY_TEXT, max_size=40).filter(fits),
)
def test_every_verb_round_trips_with_any_arg_that_fits(verb: Verb, arg: str) -> None:
    data = CallbackData(verb, arg)
    encoded = data.encode()
    assert len(encoded.encode()) <= MAX_CALLBACK_BYTES
    assert CallbackData.decode(encoded) == data


@given(
    verb=st.sampled_from(Verb),
    arg=st.text(alphabet=CHINESE, min_size=21, max_size=40),
)
def test_over_64_bytes_is_refused(verb: Verb, arg: str) -> None:
    with pytest.raises(ValueError, match="64 bytes"):
        CallbackData(verb, arg).encode()  # 21 Chinese characters are 63 bytes, plus 'xx:'


@pytest.mark.parametrize(
    "data",
    [None, "", "rc", "zz:1", "RC:1", ":1", "publish", "rc" + ":" + "1" * 70, "长:1"],
)
def test_unknown_or_forged_data_decodes_to_none(data: str | None) -> None:
    assert CallbackData.decode(data) is None


@pytest.mark.parametrize(("arg", "id_"), [("42", 42), ("", None), ("abc", None), ("²", None), ("-1", None)])
def test_only_plain_digits_are_an_id(arg: str, id_: int | None) -> None:
    assert CallbackData(Verb.REPORT_CONFIRM, arg).id == id_


def test_every_verb_is_two_short_letters_and_patterns_match_only_their_own() -> None:
    assert len({v.value for v in Verb}) == len(Verb)
    assert all(re.fullmatch(r"[a-z]{2}", v.value) for v in Verb)
    pattern = re.compile(Verb.pattern(Verb.REVIEW_PUBLISH, Verb.REVIEW_CANCEL))
    assert pattern.match(CallbackData(Verb.REVIEW_PUBLISH, "1").encode())
    assert not pattern.match(CallbackData(Verb.REPORT_CONFIRM, "1").encode())


def test_the_publish_cancel_pair_is_one_builder_for_the_outbox_and_the_chat() -> None:
    rows = publish_cancel(7, lang="zh")
    stored = keyboard_json(rows)
    assert stored == {
        "inline_keyboard": [
            [{"text": "发布", "callback_data": "pv:7"}, {"text": "取消", "callback_data": "px:7"}]
        ]
    }
    assert markup(rows).to_dict() == stored  # the Telegram adapter shows exactly what the outbox stores
    assert keyboard_json(publish_cancel(7, lang="en"))["inline_keyboard"][0][0]["text"] == "Publish"
    assert [b.data.verb for b in confirm_cancel(3, lang="zh")[0]] == [Verb.REPORT_CONFIRM, Verb.REPORT_CANCEL]


@pytest.mark.parametrize(
    ("data", "logged"), [("rc:1", "rc"), ("pick:3", "pick"), ("<b>:1", "?"), (None, "?"), ("长:1", "?")]
)
def test_the_log_line_names_a_pressed_verb_only_when_it_is_a_plain_word(
    data: str | None, logged: str
) -> None:
    assert verb_for_log(data) == logged
