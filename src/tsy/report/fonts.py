"""A CJK font for matplotlib, so Chinese chart labels render as characters, not tofu boxes.

Matplotlib's default DejaVu Sans has no Han glyphs. :func:`setup_cjk_fonts` finds an installed
CJK font (Noto Sans CJK from Debian's ``fonts-noto-cjk``, Source Han Sans, WenQuanYi, or any
font matplotlib already knows whose name says CJK/SC), registers it with matplotlib's font
manager (the font cache may predate the font's installation) and puts it after DejaVu Sans in
``font.family``: Latin text keeps its usual look and Han characters fall back to the CJK
font (matplotlib >= 3.6 falls back glyph by glyph).

Examples
--------
>>> name = setup_cjk_fonts()   # doctest: +SKIP
>>> name                       # doctest: +SKIP
'Noto Sans CJK JP'
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import matplotlib
from matplotlib import font_manager

__all__ = ["CJK_FONT_FILES", "cjk_font_name", "setup_cjk_fonts"]

#: Where Linux distributions put common CJK fonts (first found wins).
CJK_FONT_FILES: tuple[str, ...] = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/source-han-sans/SourceHanSans-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/System/Library/Fonts/PingFang.ttc",
    "C:/Windows/Fonts/msyh.ttc",
)
_NAME_HINTS = ("CJK", "Han Sans", "WenQuanYi", "PingFang", "Microsoft YaHei", "SimHei")


@cache
def cjk_font_name() -> str | None:
    """Name of a CJK font matplotlib can use (registering a known file if needed), or None."""
    for path in CJK_FONT_FILES:
        if Path(path).is_file():
            try:
                font_manager.fontManager.addfont(path)
            except (OSError, RuntimeError, ValueError):
                continue
            return str(font_manager.FontProperties(fname=path).get_name())
    for entry in font_manager.fontManager.ttflist:
        if any(h in entry.name for h in _NAME_HINTS):
            return str(entry.name)
    return None


@cache
def setup_cjk_fonts() -> str | None:
    """Add the CJK font to matplotlib's sans-serif fallback list; return its name (None if none).

    Runs once per process (later calls return the cached name); the chart builders call it
    before their first figure, so importing tsy changes no matplotlib setting.
    """
    name = cjk_font_name()
    if name is None:
        return None
    current = list(matplotlib.rcParams["font.sans-serif"])
    if name not in current:
        base = [f for f in current if f == "DejaVu Sans"] or ["DejaVu Sans"]
        rest = [f for f in current if f not in base]
        matplotlib.rcParams["font.sans-serif"] = [*base, name, *rest]
    # Glyph-by-glyph fallback needs the concrete families in font.family (a generic
    # "sans-serif" entry resolves to a single font).
    matplotlib.rcParams["font.family"] = ["DejaVu Sans", name]
    matplotlib.rcParams["axes.unicode_minus"] = False
    return name
