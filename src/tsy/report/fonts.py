"""A CJK font for matplotlib, so Chinese chart labels render as characters, not tofu boxes.

Matplotlib's default DejaVu Sans has no Han glyphs, and the report's charts are baked PNGs, so a
reader's own fonts cannot help. tsy depends on the PyPI package ``noto-cjk-sans-otc``, which
carries Google's Noto Sans CJK collection (``NotoSansCJK-Regular.ttc``, SIL Open Font License
1.1): ``pip install tsy`` alone is enough, no system font is needed. :func:`setup_cjk_fonts`
registers that file with matplotlib's font manager at chart time (never at import) and puts
its Simplified Chinese face after DejaVu Sans in ``font.family``: Latin text keeps its usual
look and Han characters fall back to Noto Sans CJK SC glyph by glyph (matplotlib >= 3.6).

Should the package be missing (an install that skipped dependencies), a system CJK font is used
if one of :data:`CJK_FONT_FILES` exists.

Examples
--------
>>> name = setup_cjk_fonts()   # doctest: +SKIP
>>> name                       # doctest: +SKIP
'Noto Sans CJK SC'
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import matplotlib
from matplotlib import font_manager

__all__ = ["CJK_FONT_FILES", "cjk_font_name", "package_font_file", "setup_cjk_fonts"]

#: Where Linux distributions put common CJK fonts (used only without the font package).
CJK_FONT_FILES: tuple[str, ...] = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
)
#: The face of a Noto/Source Han collection drawn for Chinese (simplified glyph forms).
PREFERRED_FACE = "Noto Sans CJK SC"


def package_font_file() -> Path | None:
    """The Noto Sans CJK collection shipped by the ``noto-cjk-sans-otc`` package, if installed."""
    try:
        import noto_cjk_sans_otc
    except ImportError:
        return None
    path = Path(str(noto_cjk_sans_otc.FONT_PATH))
    return path if path.is_file() else None


def _register(path: Path) -> str | None:
    """Add every face of ``path`` to matplotlib; return the Chinese face's family name."""
    try:
        font_manager.fontManager.addfont(str(path))
    except (OSError, RuntimeError, ValueError):
        return None
    faces = {e.name for e in font_manager.fontManager.ttflist if Path(e.fname) == path}
    if PREFERRED_FACE in faces:
        return PREFERRED_FACE
    return str(font_manager.FontProperties(fname=str(path)).get_name())


@cache
def cjk_font_name() -> str | None:
    """Family name of the CJK font matplotlib will use (registering its file), or None."""
    packaged = package_font_file()
    candidates = [packaged] if packaged is not None else []
    candidates += [Path(p) for p in CJK_FONT_FILES if Path(p).is_file()]
    for path in candidates:
        name = _register(path)
        if name is not None:
            return name
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
