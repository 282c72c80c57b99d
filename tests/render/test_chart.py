"""The ranking chart: a PNG with one panel per (category, group), flag-coloured bars, Chinese names drawn
with a real CJK font (a missing glyph fails here, not in the county's chat), safe to draw in threads."""

from __future__ import annotations

import asyncio
import io
import time
import warnings
from decimal import Decimal

import pytest
from matplotlib import font_manager
from PIL import Image

from bot.domain.policy import Policy
from bot.domain.review import Entry, ReviewResult
from bot.render import fonts
from bot.render.chart import (
    DPI,
    PLAIN_BAR,
    RED_BAR,
    TOP_IN,
    YELLOW_BAR,
    figure_size,
    panels,
    ranking_chart,
    ranking_charts,
)
from tests.render.test_announcement import RED, YELLOW, entry, sample_result

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def image(png: bytes) -> Image.Image:
    assert png.startswith(PNG_SIGNATURE)
    picture = Image.open(io.BytesIO(png))
    picture.load()
    return picture.convert("RGB")


def pixels_of(picture: Image.Image, color: str) -> int:
    """Pixels of exactly this colour below the title and key (bar interiors are not anti-aliased)."""
    rgb = tuple(int(color[i : i + 2], 16) for i in (1, 3, 5))
    panels_only = picture.crop((0, int(TOP_IN * DPI), *picture.size))
    counts = {c: n for n, c in panels_only.getcolors(maxcolors=1 << 24) or []}
    return counts.get(rgb, 0)


def township_result(count: int, *, category: str = "民生实事") -> ReviewResult:
    names = ["城关镇", "红星乡", "石门镇", "青山乡", "白沙镇", "龙潭乡"]
    rows: list[Entry] = []
    for i in range(count):
        score = 140 - i * 1.3
        flag = RED if i < 3 else (YELLOW if score < 80 else None)
        rows.append(entry(f"{names[i % 6]}{i:02d}", category, f"{score:.1f}", i + 1, flag, group="乡镇"))
    return sample_result(rows, badges={})


def no_glyph_warnings(render: object, *args: object, **kwargs: object) -> bytes:
    """Render with every warning an error: a Chinese character the font cannot draw raises."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return render(*args, **kwargs)  # type: ignore[operator,no-any-return]


def test_the_chart_is_a_png_with_flag_coloured_bars() -> None:
    picture = image(ranking_chart(sample_result()))
    width, height = picture.size
    assert width == 1125 and 600 < height < 2000  # 7.5 in at 150 dpi; grows with the 11 bars
    assert pixels_of(picture, RED_BAR) > 1000
    assert pixels_of(picture, YELLOW_BAR) > 1000
    assert pixels_of(picture, PLAIN_BAR) > 1000


def test_no_flags_means_no_red_or_yellow_bars() -> None:
    rows = [entry("人社局", "民生实事", "95.0", 1), entry("发改局", "民生实事", "90.0", 2)]
    picture = image(ranking_chart(sample_result(rows, badges={})))
    assert pixels_of(picture, RED_BAR) == 0 and pixels_of(picture, YELLOW_BAR) == 0
    assert pixels_of(picture, PLAIN_BAR) > 1000


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_chinese_names_are_drawn_with_a_cjk_font(lang: str) -> None:
    """The whole chart — title, legend, panel titles, unit names — without one missing glyph."""
    png = no_glyph_warnings(ranking_chart, sample_result(), lang=lang)
    assert png.startswith(PNG_SIGNATURE)


def test_a_latin_only_font_fails_the_glyph_check() -> None:
    """Proof that the test above can fail: DejaVu Sans has no Chinese, and matplotlib says so."""
    with pytest.raises(UserWarning, match=r"Glyph \d+ .* missing from font"):
        no_glyph_warnings(ranking_chart, sample_result(), font="DejaVu Sans")


def test_the_font_found_draws_chinese_and_a_missing_font_is_explained(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    found = fonts.cjk_font()
    assert found.name in fonts.CJK_FAMILIES
    # a font file given by path works as well as a family name
    no_glyph_warnings(ranking_chart, sample_result(), font=found.path)

    latin = [f for f in font_manager.fontManager.ttflist if f.name == "DejaVu Sans"]
    monkeypatch.setattr(font_manager.fontManager, "ttflist", latin)
    monkeypatch.setattr(font_manager, "findSystemFonts", lambda *a, **k: [])
    fonts.cjk_font.cache_clear()
    try:
        with pytest.raises(fonts.CjkFontMissingError, match="fonts-wqy-microhei"):
            fonts.cjk_font()
    finally:
        fonts.cjk_font.cache_clear()


def test_a_cjk_font_installed_after_matplotlib_built_its_cache_is_found(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    installed = fonts.cjk_font().path
    latin = [f for f in font_manager.fontManager.ttflist if f.name == "DejaVu Sans"]
    monkeypatch.setattr(font_manager.fontManager, "ttflist", latin)  # the stale cache
    monkeypatch.setattr(font_manager, "findSystemFonts", lambda *a, **k: [installed])
    fonts.cjk_font.cache_clear()
    try:
        assert fonts.cjk_font().path == installed
    finally:
        fonts.cjk_font.cache_clear()


def test_the_image_grows_with_the_units() -> None:
    small = image(ranking_chart(township_result(4))).size
    bigger = image(ranking_chart(township_result(16))).size
    assert small == tuple(int(x * DPI) for x in figure_size([4])[:2])
    assert bigger == tuple(int(x * DPI) for x in figure_size([16])[:2])
    assert bigger[1] > small[1] * 1.5


@pytest.mark.parametrize(
    ("bars_per_panel", "width_px", "height_px"),
    [
        ([2, 6, 1, 2], 1125, 1053),  # the sample review
        ([40], 1125, 1890),  # 40 townships
        ([60], 1125, 2700),  # a full page of ranking_charts
        ([150, 150, 150, 150], 480, 9120),  # 600 bars in one image: still a valid Telegram photo
        ([], 1125, 457),
    ],
)
def test_figure_size_stays_within_telegram_photo_limits(
    bars_per_panel: list[int], width_px: int, height_px: int
) -> None:
    width, height, dpi = figure_size(bars_per_panel)
    assert (int(width * dpi), int(height * dpi)) == (width_px, height_px)  # matplotlib truncates
    assert width_px + height_px <= 10_000 and height_px / width_px <= 20


def test_many_units_spread_over_several_images_of_at_most_max_bars() -> None:
    result = sample_result(township_result(13).entries + township_result(3, category="重点项目").entries)
    parts = panels(result, max_bars=10)
    assert [len(p.entries) for p in parts] == [7, 6, 3]  # near-equal parts of a big group: not 10 + 3
    assert [p.part for p in parts] == [(1, 7), (8, 13), None]
    images = no_glyph_warnings(ranking_charts, result, max_bars=10)
    assert len(images) == 2  # 7 | 6 + 3: whole panels fill a page up to max_bars
    for png in images:
        assert image(png).size[0] == 1125
    assert len(ranking_charts(sample_result())) == 1  # a small county gets one image


def test_an_empty_review_still_draws() -> None:
    picture = image(no_glyph_warnings(ranking_chart, sample_result([], badges={})))
    assert pixels_of(picture, RED_BAR) == 0


def test_a_red_line_other_than_100_gets_its_own_line_and_the_schedule_line() -> None:
    policy = Policy(red_min_score=Decimal("95"))
    png = no_glyph_warnings(ranking_chart, sample_result(policy=policy), lang="en")
    assert image(png).size[0] == 1125


async def test_charts_can_be_drawn_in_threads_at_the_same_time() -> None:
    result = sample_result(sample_result().entries[:3])
    alone = ranking_chart(result)
    together = await asyncio.gather(*(asyncio.to_thread(ranking_chart, result) for _ in range(3)))
    assert all(png == alone for png in together)  # Agg output is deterministic: identical bytes


def test_render_time_of_a_60_unit_chart(capsys: pytest.CaptureFixture[str]) -> None:
    """Measured, not asserted (shared CI machines vary): see the report / docs."""
    result = township_result(60)
    started = time.perf_counter()
    png = ranking_chart(result)
    elapsed = time.perf_counter() - started
    with capsys.disabled():
        print(f"\n60-unit ranking chart: {elapsed:.2f} s, {len(png) // 1024} KiB, {image(png).size}")
