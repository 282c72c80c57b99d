"""Finding a font that can draw Chinese for the charts (a box instead of a unit's name is a bug), and
drawing every chart text as written. Pure."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from matplotlib import font_manager
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.ft2font import FT2Font
from matplotlib.text import Text

# Preferred families, best first: Simplified Chinese faces, then the Japanese/Traditional cuts of the same
# families (they still draw every simplified character a unit name uses), then common desktop fonts.
CJK_FAMILIES: tuple[str, ...] = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Noto Sans CJK JP",
    "Source Han Sans",
    "Source Han Sans JP",
    "Noto Sans CJK TC",
    "Microsoft YaHei",
    "SimHei",
    "PingFang SC",
    "Hiragino Sans GB",
    "Heiti SC",
    "Droid Sans Fallback",
    "AR PL UMing CN",
    "Noto Serif CJK SC",
)

# File names that betray a CJK font when matplotlib's cached font list predates its installation.
_FILE_HINTS = ("wqy", "cjk", "sourcehan", "source-han", "droidsansfallback", "simhei", "msyh", "uming")

# Characters every chart draws: common unit-name characters and the dash in "2026年9—10月".
_PROBE = "中县局镇乡人社发改应急交通运输旗讲评年月—"

INSTALL_HINT = (
    "No font that can draw Chinese was found for the ranking chart. Install one, e.g. on Debian "
    "`apt-get install fonts-wqy-microhei` (or fonts-noto-cjk), or run `bash scripts/install-system-deps.sh`."
)


class CjkFontMissingError(RuntimeError):
    """No installed font can draw Chinese: the chart would show boxes instead of unit names."""


@dataclass(frozen=True)
class CjkFont:
    """A usable CJK font: its family name (for FontProperties) and the file it lives in."""

    name: str
    path: str


def _draws_chinese(path: str, index: int = 0) -> bool:
    try:
        # face_index (for .ttc collections) arrived in matplotlib 3.10; face 0 is all older ones read.
        font = FT2Font(path, face_index=index) if index else FT2Font(path)
        charmap = font.get_charmap()
    except (OSError, RuntimeError, TypeError, ValueError):
        return False
    return all(ord(ch) in charmap for ch in _PROBE)


def _from_font_list() -> CjkFont | None:
    entries = {entry.name: entry for entry in reversed(font_manager.fontManager.ttflist)}
    for family in CJK_FAMILIES:
        entry = entries.get(family)
        if entry is not None and _draws_chinese(entry.fname, getattr(entry, "index", 0)):
            return CjkFont(family, entry.fname)
    return None


def _register_system_cjk_fonts() -> None:
    """Add CJK fonts installed after matplotlib built its font cache (the cache is not refreshed)."""
    known = {Path(entry.fname).resolve() for entry in font_manager.fontManager.ttflist}
    for fname in font_manager.findSystemFonts():
        path = Path(fname)
        if path.resolve() in known or not any(hint in path.name.lower() for hint in _FILE_HINTS):
            continue
        try:
            font_manager.fontManager.addfont(str(path))
        except (OSError, RuntimeError, ValueError):
            continue


@functools.cache
def cjk_font() -> CjkFont:
    """The best installed CJK font; CjkFontMissingError (with what to install) when there is none.

    Cached once found; a failed search is not cached, so installing a font fixes a running bot.
    """
    found = _from_font_list()
    if found is None:
        _register_system_cjk_fonts()
        found = _from_font_list()
    if found is None:
        raise CjkFontMissingError(INSTALL_HINT)
    return found


def chart_font(font: str | None = None) -> FontProperties:
    """The font for every chart text that may hold Chinese: `font` (a family or a file) or the CJK font
    found. DejaVu Sans after the CJK face draws what a CJK font may lack (≥, –), never a Chinese character."""
    if font is None:
        return FontProperties(family=[cjk_font().name, "DejaVu Sans"])
    if Path(font).is_file():
        return FontProperties(fname=font)
    return FontProperties(family=[font])


def as_written(fig: Figure) -> None:
    """Every text of the figure drawn as the characters given — never as mathematics (`$x$`, `A$\\foo$局`)
    nor through TeX. Called on the finished figure, before it is saved: each artist is set, not rcParams."""
    for artist in fig.findobj(Text):
        assert isinstance(artist, Text)
        artist.set_parse_math(False)
        artist.set_usetex(False)
